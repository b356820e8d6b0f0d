/* sys.h — processes, tasks and the system-call layer.
 *
 * A proc is a guest process (address space, program, signal actions); a task
 * is one guest thread, with its own CPU state.  task_run() is the CPU loop:
 * it runs the CPU and switches on why it stopped (QEMU cpu_loop); a system
 * call goes through the entry model (entry.c) to the ABI tables and the
 * ABI-neutral host services (sys_*.c).
 */
#ifndef EMU_SYS_H
#define EMU_SYS_H

#include <limits.h>
#include <stdio.h>

#include "../common.h"
#include "../cpu/cpu.h"
#include "../mem/mem.h"

enum abi { ABI_I386, ABI_X86_64 };

/* The kernel's guest-visible sigaction, in the x86-64 layout (i386 converts). */
struct lx_sigaction {
  u64 handler;  /* SIG_DFL 0, SIG_IGN 1, or a guest address */
  u64 flags;
  u64 restorer;
  u64 mask;
};

struct emu_opts {
  int strace;          /* log system calls */
  FILE *log;           /* where traces go (stderr by default) */
};

struct proc {
  struct mm *mm;
  int bits;                  /* 32 or 64: the ELF class */
  char exe[PATH_MAX];        /* absolute host path of the guest program (/proc/self/exe) */
  char *cmdline;             /* argv joined with NULs (/proc/self/cmdline) */
  size_t cmdline_len;
  u64 auxv[64];              /* the auxiliary vector given to the program (/proc/self/auxv) */
  int nauxv;                 /* entries (pairs) including AT_NULL */
  struct lx_sigaction sigact[65];
  const struct emu_opts *opts;
};

struct task {
  struct cpu cpu;
  struct proc *proc;
  int tid;
  u64 sigmask;
  u64 set_child_tid, clear_child_tid;
  u64 robust_list, robust_len;
  u64 rseq, rseq_len;
  bool exiting;
  int exit_status;        /* wait status as the kernel encodes it (code << 8, or signal) */
};

/* Run the task until the process exits; returns the wait status. */
int task_run(struct task *t);

/* The entry model: serve the system call the CPU stopped for. */
void sys_entry(struct task *t, int stop);

/* Report a fatal signal for the process and finish it (default action). */
void task_die_signal(struct task *t, int sig, int si_code, u64 addr);

/* Names for traces: the table's name for nr, or NULL. */
const char *sys_name(enum abi abi, long nr);

#endif
