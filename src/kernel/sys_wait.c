/* sys_wait.c — wait4, waitid and i386's waitpid.  Mirrors kernel/exit.c
 * (kernel_wait4, kernel_waitid and what they write back) and the compat
 * versions in the same file.
 *
 * Guest pids are host pids and guest children are host children (forked or
 * exec'd emus), so the waits are the host's, but for the ptrace stops of a
 * tracer's tracees, which wait4 learns from ptrace.c; a child that died of a signal
 * made its host process die of the same signal (proc_terminate), so the
 * status is the guest's.  Only the layouts of struct rusage and siginfo
 * differ for i386.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../abi/lx_proc.h"
#include "proc.h"
#include "ptrace.h"

static int rusage_out(struct task *t, u64 uru, const struct rusage *ru) {
  if (t->abi != ABI_I386) return copy_to_user(MM(t), uru, ru, sizeof *ru);
  struct lx32_rusage r;
  r.ru_utime = (struct lx32_timeval){(i32)ru->ru_utime.tv_sec, (i32)ru->ru_utime.tv_usec};
  r.ru_stime = (struct lx32_timeval){(i32)ru->ru_stime.tv_sec, (i32)ru->ru_stime.tv_usec};
  /* the fourteen longs, ru_maxrss to ru_nivcsw, in order on both sides */
  _Static_assert(
      offsetof(struct lx32_rusage, ru_nivcsw) == offsetof(struct lx32_rusage, ru_maxrss) + 13 * 4,
      "compat rusage longs");
  const long *l = &ru->ru_maxrss;
  i32 rest[14];
  for (int i = 0; i < 14; i++) rest[i] = (i32)l[i];
  memcpy(&r.ru_maxrss, rest, sizeof rest);
  return copy_to_user(MM(t), uru, &r, sizeof r);
}

static long do_wait4(struct task *t, int pid, u64 ustatus, int options, u64 uru) {
  int status = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  /* A tracer's wait4 reports its tracees' ptrace stops too (ptrace.c). */
  long r = ptrace_tracing() ? ptrace_wait4(t, pid, &status, options, uru ? &ru : NULL)
                            : host_ret(syscall(SYS_wait4, pid, &status, options, uru ? &ru : NULL));
  if (r > 0) {
    if (ustatus && copy_to_user(MM(t), ustatus, &status, 4)) return -EFAULT;
    if (uru && rusage_out(t, uru, &ru)) return -EFAULT;
  }
  return r;
}

SYS_DEFINE4(wait4, int, pid, u64, ustatus, int, options, u64, uru) {
  return do_wait4(t, pid, ustatus, options, uru);
}

/* i386: waitpid(pid, status, options) = wait4(pid, status, options, NULL) */
SYS_DEFINE3(waitpid, int, pid, u64, ustatus, int, options) {
  return do_wait4(t, pid, ustatus, options, 0);
}

/* kernel_waitid() writes exactly si_signo, si_errno, si_code, si_pid,
 * si_uid and si_status, at the ABI's offsets, and leaves the rest alone. */
SYS_DEFINE5(waitid, int, idtype, int, id, u64, uinfo, int, options, u64, uru) {
  siginfo_t si;
  struct rusage ru;
  memset(&si, 0, sizeof si);
  memset(&ru, 0, sizeof ru);
  long r = ptrace_tracing() && idtype != P_PIDFD
               ? ptrace_waitid(t, idtype, id, &si, options, uru ? &ru : NULL)
               : host_ret(syscall(SYS_waitid, idtype, id, &si, options, uru ? &ru : NULL));
  if (r < 0) return r;
  if (uru && rusage_out(t, uru, &ru)) return -EFAULT;
  if (!uinfo) return r;
  i32 head[3] = {si.si_signo, si.si_errno, si.si_code};
  i32 chld[3] = {si.si_pid, (i32)si.si_uid, si.si_status};
  u64 off = t->abi == ABI_I386 ? 12 : 16; /* the union after the header (64-bit: aligned to 8) */
  if (copy_to_user(MM(t), uinfo, head, sizeof head)) return -EFAULT;
  if (copy_to_user(MM(t), uinfo + off, chld, sizeof chld)) return -EFAULT;
  return r;
}
