/* sys_misc32.c — the i386 layouts of sys_misc.c's calls: adjtimex and
 * clock_adjtime on struct old_timex32, clock_settime on old_timespec32, and
 * pidfd_send_signal's compat siginfo.  Mirrors kernel/time/time.c
 * (get/put_old_timex32, COMPAT adjtimex), kernel/time/posix-timers.c
 * (clock_adjtime32, clock_settime32) and kernel/signal.c
 * (copy_siginfo_from_user32).
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/timex.h>

#include "../abi/lx_signal.h"
#include "fs.h"
#include "sys_io.h"
#include "sys_misc.h"

static long get_timex32(struct task *t, u64 utx, struct timex *h) {
  struct lx32_timex g;
  memset(h, 0, sizeof *h);
  if (copy_from_user(MM(t), &g, utx, sizeof g)) return -EFAULT;
  h->modes = g.modes;
  h->offset = g.offset;
  h->freq = g.freq;
  h->maxerror = g.maxerror;
  h->esterror = g.esterror;
  h->status = g.status;
  h->constant = g.constant;
  h->precision = g.precision;
  h->tolerance = g.tolerance;
  h->time.tv_sec = g.time.tv_sec;
  h->time.tv_usec = g.time.tv_usec;
  h->tick = g.tick;
  h->ppsfreq = g.ppsfreq;
  h->jitter = g.jitter;
  h->shift = g.shift;
  h->stabil = g.stabil;
  h->jitcnt = g.jitcnt;
  h->calcnt = g.calcnt;
  h->errcnt = g.errcnt;
  h->stbcnt = g.stbcnt;
  h->tai = g.tai;
  return 0;
}

static long put_timex32(struct task *t, u64 utx, const struct timex *h) {
  struct lx32_timex g;
  memset(&g, 0, sizeof g);
  g.modes = h->modes;
  g.offset = (i32)h->offset;
  g.freq = (i32)h->freq;
  g.maxerror = (i32)h->maxerror;
  g.esterror = (i32)h->esterror;
  g.status = h->status;
  g.constant = (i32)h->constant;
  g.precision = (i32)h->precision;
  g.tolerance = (i32)h->tolerance;
  g.time.tv_sec = (i32)h->time.tv_sec;
  g.time.tv_usec = (i32)h->time.tv_usec;
  g.tick = (i32)h->tick;
  g.ppsfreq = (i32)h->ppsfreq;
  g.jitter = (i32)h->jitter;
  g.shift = h->shift;
  g.stabil = (i32)h->stabil;
  g.jitcnt = (i32)h->jitcnt;
  g.calcnt = (i32)h->calcnt;
  g.errcnt = (i32)h->errcnt;
  g.stbcnt = (i32)h->stbcnt;
  g.tai = h->tai;
  return copy_to_user(MM(t), utx, &g, sizeof g) ? -EFAULT : 0;
}

/* COMPAT adjtimex: read, adjust, write back (EFAULT even after a change). */
SYS_DEFINE1(adjtimex32, u64, utx) {
  struct timex h;
  if (get_timex32(t, utx, &h)) return -EFAULT;
  long r = host_ret(syscall(SYS_adjtimex, &h));
  if (put_timex32(t, utx, &h)) return -EFAULT;
  return r;
}

/* clock_adjtime32: written back only on success. */
SYS_DEFINE2(clock_adjtime32, int, clk, u64, utx) {
  struct timex h;
  if (get_timex32(t, utx, &h)) return -EFAULT;
  long r = host_ret(syscall(SYS_clock_adjtime, clk, &h));
  if (r >= 0 && put_timex32(t, utx, &h)) return -EFAULT;
  return r;
}

/* clock_settime32: the clock is checked before the time is read. */
SYS_DEFINE2(clock_settime32, int, clk, u64, uts) {
  struct timespec ts;
  if (sys_time_get_ts32(t, uts, &ts))
    return host_ret(syscall(SYS_clock_settime, clk, FS_FAULT_PTR));
  return host_ret(syscall(SYS_clock_settime, clk, &ts));
}

/* copy_siginfo_from_user32 for a sender's siginfo: signo, errno, code, then
 * the kill/rt layout (pid, uid, a 32-bit sigval), as rt_sigqueueinfo reads
 * it (sys_signal.c).  An unreadable siginfo goes to the host as a faulting
 * pointer, so EBADF and EINVAL keep their place before EFAULT. */
long sys_misc_pidfd_send_signal32(struct task *t, int pidfd, int sig, u64 uinfo, u32 flags) {
  if (!uinfo) return host_ret(syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, flags));
  struct lx32_siginfo si;
  if (copy_from_user(MM(t), &si, uinfo, sizeof si))
    return host_ret(syscall(SYS_pidfd_send_signal, pidfd, sig, FS_FAULT_PTR, flags));
  siginfo_t hsi;
  memset(&hsi, 0, sizeof hsi);
  hsi.si_signo = si.signo;
  hsi.si_errno = si.err;
  hsi.si_code = si.code;
  hsi.si_pid = si.u.kill.pid;
  hsi.si_uid = si.u.kill.uid;
  hsi.si_value.sival_ptr = (void *)(uintptr_t)(u32)si.u.kill.value; /* zero-extended */
  return host_ret(syscall(SYS_pidfd_send_signal, pidfd, sig, &hsi, flags));
}
