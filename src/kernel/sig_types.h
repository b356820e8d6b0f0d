/* sig_types.h — the signal state a task and a process carry (struct
 * sig_task, struct sig_proc); the guest's siginfo is in ../abi/lx_signal.h.
 * Included by kernel.h; the code is in signal.c, signal_x86_64.c,
 * signal_i386.c and sys_signal.c (see signal.h). */
#ifndef EMU_SIG_TYPES_H
#define EMU_SIG_TYPES_H

#include "../abi/lx_signal.h"
#include "../common.h"

/* Queued signals per task: the one being taken, plus the standard signals
 * emu raises itself (the host holds the rest, see sig_host_sync_mask). */
#define SIG_QMAX 64

struct sig_task {
  /* Pending signals, in arrival order; the host handler appends with host
   * signals blocked everywhere else that touches the queue. */
  struct lx_siginfo q[SIG_QMAX];
  int nq;
  volatile u64 pending;        /* bit sig-1: at least one queued */
  volatile int queued_in_call; /* a signal was queued since the system call began */
  u64 forced;                  /* synchronous faults: deliver with the default if blocked/ignored */
  u64 saved_mask;              /* sigsuspend & co: the mask to restore after the handler */
  bool restore_mask;
  /* What the last fault left for the sigcontext (thread.trap_nr, error_code, cr2). */
  u64 trapno, err, cr2;
  /* nanosleep's restart block: the absolute deadline on clk. */
  bool restart_sleep;
  int restart_clk;
  i64 restart_sec, restart_nsec;
  u64 restart_urem;
};

struct sig_proc {
  u64 vdso_sigreturn, vdso_rt_sigreturn; /* i386: __kernel_(rt_)sigreturn in the vDSO */
};

#endif
