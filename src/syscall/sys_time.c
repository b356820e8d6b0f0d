/* sys_time.c — clocks and sleeps: clock_gettime, clock_getres,
 * gettimeofday, time, nanosleep, clock_nanosleep, times.  Mirrors linux
 * kernel/time/posix-timers.c, kernel/time/hrtimer.c (nanosleep's remaining
 * time, written only when interrupted), kernel/time/time.c and kernel/sys.c
 * (times).
 *
 * Each call is a raw host system call (never the vDSO or a libc wrapper that
 * changes the semantics) on host structures; the x86-64 handlers convert to
 * and from the lx64_* layouts.  The interval timers (alarm, setitimer,
 * getitimer) wait for guest signal delivery and are not served yet.
 */
#include "sys_io.h"

#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

/* ---- x86-64 layout conversions ---- */

long sys_time_get_ts64(struct task *t, u64 uts, struct timespec *ts) {
  struct lx64_timespec g;
  if (copy_from_user(MM(t), &g, uts, sizeof g)) return -EFAULT;
  ts->tv_sec = g.tv_sec;
  /* get_timespec64: in a compat (i386) call the upper half is padding. */
  ts->tv_nsec = t->abi == ABI_I386 ? (i64)(g.tv_nsec & 0xffffffff) : g.tv_nsec;
  return 0;
}

long sys_time_put_ts64(struct task *t, u64 uts, const struct timespec *ts) {
  struct lx64_timespec g = {ts->tv_sec, ts->tv_nsec};
  return copy_to_user(MM(t), uts, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- ABI-neutral cores ---- */

long sys_time_clock_gettime_core(int clk, struct timespec *ts) {
  return host_ret(syscall(SYS_clock_gettime, clk, ts));
}

long sys_time_clock_getres_core(int clk, struct timespec *ts) {
  return host_ret(syscall(SYS_clock_getres, clk, ts));
}

long sys_time_nanosleep_core(int clk, int flags, const struct timespec *req, struct timespec *rem) {
  return host_ret(syscall(SYS_clock_nanosleep, clk, flags, req, rem));
}

/* ---- handlers ---- */

SYS_DEFINE2(clock_gettime, int, clk, u64, uts) {
  struct timespec ts;
  long r = sys_time_clock_gettime_core(clk, &ts);
  if (r < 0) return r;
  return sys_time_put_ts64(t, uts, &ts);
}

SYS_DEFINE2(clock_getres, int, clk, u64, uts) {
  struct timespec ts;
  long r = sys_time_clock_getres_core(clk, uts ? &ts : NULL);
  if (r < 0 || !uts) return r;
  return sys_time_put_ts64(t, uts, &ts);
}

SYS_DEFINE2(gettimeofday, u64, utv, u64, utz) {
  struct timeval tv;
  struct timezone tz;
  long r = host_ret(syscall(SYS_gettimeofday, &tv, &tz));
  if (r < 0) return r;
  if (utv) {
    struct lx64_timeval g = {tv.tv_sec, tv.tv_usec};
    if (copy_to_user(MM(t), utv, &g, sizeof g)) return -EFAULT;
  }
  if (utz) {
    struct lx_timezone g = {tz.tz_minuteswest, tz.tz_dsttime};
    if (copy_to_user(MM(t), utz, &g, sizeof g)) return -EFAULT;
  }
  return 0;
}

SYS_DEFINE1(time, u64, utloc) {
  long now = syscall(SYS_time, NULL);
  if (utloc) {
    lx64_time_t g = now;
    if (copy_to_user(MM(t), utloc, &g, sizeof g)) return -EFAULT;
  }
  return now;
}

SYS_DEFINE2(nanosleep, u64, ureq, u64, urem) {
  struct timespec req, rem;
  if (sys_time_get_ts64(t, ureq, &req)) return -EFAULT;
  if (!sys_io_ts_valid(&req)) return -EINVAL;
  long r = sys_time_nanosleep_core(CLOCK_MONOTONIC, 0, &req, &rem);
  /* nanosleep_copyout: only an interrupted sleep reports the time left. */
  if (r == -EINTR && urem && sys_time_put_ts64(t, urem, &rem)) return -EFAULT;
  return r;
}

SYS_DEFINE4(clock_nanosleep, int, clk, int, flags, u64, ureq, u64, urem) {
  struct timespec req, rem;
  if (sys_time_get_ts64(t, ureq, &req)) {
    /* The clock is checked (EINVAL, EOPNOTSUPP) before the request is read:
     * the host answers a NULL request in that order, ending in EFAULT. */
    return host_ret(syscall(SYS_clock_nanosleep, clk, flags, NULL, NULL));
  }
  if (!sys_io_ts_valid(&req)) return -EINVAL;
  long r = sys_time_nanosleep_core(clk, flags, &req, &rem);
  if (r == -EINTR && urem && !(flags & TIMER_ABSTIME) && sys_time_put_ts64(t, urem, &rem))
    return -EFAULT;
  return r;
}

SYS_DEFINE1(times, u64, ubuf) {
  struct tms h;
  long r = syscall(SYS_times, &h);
  if (ubuf) {
    struct lx64_tms g = {h.tms_utime, h.tms_stime, h.tms_cutime, h.tms_cstime};
    if (copy_to_user(MM(t), ubuf, &g, sizeof g)) return -EFAULT;
  }
  return r;
}
