/* task.c — the CPU loop: run the CPU and act on why it stopped (QEMU's
 * cpu_loop), and the default actions of fatal signals.  Signal delivery to
 * guest handlers is not modelled yet: a synchronous fault ends the process
 * with the signal, as the default action does. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>

#include "sys_internal.h"

#define BUDGET (1u << 20)

void task_die_signal(struct task *t, int sig, int si_code, u64 addr) {
  (void)si_code;
  (void)addr;
  t->exiting = true;
  t->exit_status = sig & 0x7f;
}

int task_run(struct task *t) {
  struct cpu *c = &t->cpu;
  c->owner = t;
  while (!t->exiting) {
    int stop = cpu_run(c, BUDGET);
    switch (stop) {
    case STOP_BUDGET: break;
    case STOP_SYSCALL:
    case STOP_INT:
    case STOP_SYSENTER: sys_entry(t, stop); break;
    case STOP_PAGEFAULT:
      task_die_signal(t, c->fault_sig ? c->fault_sig : SIGSEGV, c->fault_code, c->fault_addr);
      break;
    case STOP_GP:
    case STOP_HLT:
    case STOP_OF: task_die_signal(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0); break;
    case STOP_UD: task_die_signal(t, SIGILL, ILL_ILLOPN, c->ip); break;
    case STOP_DE: task_die_signal(t, SIGFPE, FPE_INTDIV, c->ip); break;
    case STOP_MF:
    case STOP_XM: task_die_signal(t, SIGFPE, c->fault_code, c->ip); break;
    case STOP_BP: task_die_signal(t, SIGTRAP, 0x80 /* SI_KERNEL */, 0); break;
    case STOP_DB: task_die_signal(t, SIGTRAP, TRAP_TRACE, c->ip); break;
    default: task_die_signal(t, SIGSEGV, 0, 0); break;
    }
  }
  return t->exit_status;
}
