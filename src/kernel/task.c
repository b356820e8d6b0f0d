/* task.c — the CPU loop: run the CPU and act on why it stopped (QEMU's
 * cpu_loop).  A system call goes through the entry model (entry.c), whose
 * exit work delivers signals; a CPU exception becomes the signal the kernel
 * sends for it (arch/x86/kernel/traps.c: do_trap, exc_general_protection,
 * exc_page_fault, math_error, exc_int3, exc_debug), forced as
 * force_sig_fault does; a host signal for the guest kicks the CPU out of
 * its loop and is delivered between instructions. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#include "observe.h"
#include "ptrace.h"
#include "signal.h"

#define BUDGET (1u << 20)

/* The x86 exception vectors, as the sigcontext's trapno reports them. */
enum {
  X86_TRAP_DE = 0,
  X86_TRAP_DB = 1,
  X86_TRAP_BP = 3,
  X86_TRAP_OF = 4,
  X86_TRAP_BR = 5,
  X86_TRAP_UD = 6,
  X86_TRAP_NP = 11,
  X86_TRAP_SS = 12,
  X86_TRAP_GP = 13,
  X86_TRAP_PF = 14,
  X86_TRAP_MF = 16,
  X86_TRAP_XF = 19
};

void task_die_signal(struct task *t, int sig, int si_code, u64 addr) {
  (void)si_code;
  (void)addr;
  /* A fatal signal's PTRACE_EVENT_EXIT stop; SIGKILL's makes none (ptrace_stop
   * with a fatal signal pending). */
  if (UNLIKELY(t->ptrace) && sig != SIGKILL) ptrace_exit_event(t, sig & 0x7f);
  t->exiting = true;
  t->exit_status = sig & 0x7f;
}

/* The signal for why the CPU stopped (the kernel's trap handlers). */
static void cpu_fault(struct task *t, int stop) {
  struct cpu *c = &t->cpu;
  switch (stop) {
  case STOP_PAGEFAULT: {
    if (vsyscall_emulate(t)) break;
    /* A fault below the stack grows it (do_user_addr_fault, expand_stack). */
    if (c->fault_sig == SIGSEGV && c->fault_code == SEGV_MAPERR && mm_expand_stack(c->mm, c->fault_addr))
      break;
    int sig = c->fault_sig ? c->fault_sig : SIGSEGV;
    /* set_signal_archinfo(): the hardware error code with the user bit. */
    u64 err = CPU_PF_USER | c->fault_err;
    sig_force_fault(t, sig, c->fault_code, c->fault_addr, X86_TRAP_PF, err);
    break;
  }
  case STOP_GP:
    sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, X86_TRAP_GP, c->gp_err);
    c->gp_err = 0;
    break;
  case STOP_HLT: sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, X86_TRAP_GP, 0); break;
  case STOP_OF: sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, X86_TRAP_OF, 0); break;
  case STOP_BR: sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, X86_TRAP_BR, 0); break;
  case STOP_NP: /* exc_segment_not_present, exc_stack_segment: SIGBUS */
  case STOP_SS:
    sig_force_fault(t, SIGBUS, SI_KERNEL, 0, stop == STOP_NP ? X86_TRAP_NP : X86_TRAP_SS,
                    c->gp_err);
    c->gp_err = 0;
    break;
  case STOP_UD: sig_force_fault(t, SIGILL, ILL_ILLOPN, c->ip, X86_TRAP_UD, 0); break;
  case STOP_DE: sig_force_fault(t, SIGFPE, FPE_INTDIV, c->ip, X86_TRAP_DE, 0); break;
  case STOP_MF: sig_force_fault(t, SIGFPE, c->fault_code, c->ip, X86_TRAP_MF, 0); break;
  case STOP_XM: sig_force_fault(t, SIGFPE, c->fault_code, c->ip, X86_TRAP_XF, 0); break;
  case STOP_BP: sig_force_fault(t, SIGTRAP, SI_KERNEL, 0, X86_TRAP_BP, 0); break;
  case STOP_DB: /* single step (TRAP_TRACE, rip past it) or INT1 (TRAP_BRKPT) */
    sig_force_fault(t, SIGTRAP, c->fault_code, c->rip, X86_TRAP_DB, 0);
    break;
  default: sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, X86_TRAP_GP, 0); break;
  }
}

#ifdef __SANITIZE_ADDRESS__
static __thread void *foreign_stack;
#endif
void *task_foreign_stack(void *lo) {
#ifdef __SANITIZE_ADDRESS__
  void *old = foreign_stack;
  foreign_stack = lo;
  return old;
#else
  (void)lo;
  return NULL;
#endif
}

int task_run(struct task *t) {
  struct cpu *c = &t->cpu;
  c->owner = t;
  sig_task_start(t);
  ptrace_task_start(t); /* a traced task's new program stops first */
  while (!t->exiting) {
    int stop = cpu_run(c, BUDGET);
#ifdef __SANITIZE_ADDRESS__
    if (foreign_stack) { /* what cpu_run's siglongjmp left below: dead */
      char *here = __builtin_frame_address(0);
      __asan_unpoison_memory_region(foreign_stack, (size_t)(here - (char *)foreign_stack));
    }
#endif
    switch (stop) {
    case STOP_BUDGET:
      if (c->kick) sig_deliver_async(t);
      break;
    case STOP_SYSCALL:
    case STOP_INT:
    case STOP_SYSENTER:
      /* The kernel grows the stack when a system call touches it below the
       * vma (a buffer the program placed there by moving sp): cover sp. */
      mm_expand_stack(c->mm, c->mode == 64 ? c->r[R_SP] : (u32)c->r[R_SP]);
      sys_entry(t, stop);
      break;
    default: cpu_fault(t, stop); break;
    }
  }
  obs_task_exit(t, t->exit_status); /* strace's "+++ exited with N +++" / "+++ killed by +++" */
  return t->exit_status;
}
