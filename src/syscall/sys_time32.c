/* sys_time32.c — the i386 layouts of the clock and sleep calls: clock_gettime,
 * clock_getres, clock_nanosleep and nanosleep with the 32-bit timespec,
 * gettimeofday and settimeofday with the 32-bit timeval, time, stime, times
 * with 32-bit clock_t, and sched_rr_get_interval.  (The *_time64 calls take
 * struct __kernel_timespec and are served by the x86-64 handlers of
 * sys_time.c, which drop the padding half of tv_nsec in an i386 call.)
 *
 * Mirrors linux kernel/time/posix-stubs.c and posix-timers.c (the *_time32
 * entry points), kernel/time/time.c (time32, stime32, compat gettimeofday and
 * settimeofday, get/put_old_timespec32), kernel/time/hrtimer.c
 * (nanosleep_time32) and kernel/sys.c (compat_sys_times).  Like the kernel,
 * the 32-bit calls truncate a time that does not fit (no EOVERFLOW on these
 * paths); the clocks are read with the same raw host calls as sys_time.c.
 */
#include "sys_io.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

/* ---- struct old_timespec32 ---- */

long sys_time_get_ts32(struct task *t, u64 uts, struct timespec *ts) {
  struct lx32_timespec g;
  if (copy_from_user(MM(t), &g, uts, sizeof g)) return -EFAULT;
  ts->tv_sec = g.tv_sec;
  ts->tv_nsec = g.tv_nsec;
  return 0;
}

long sys_time_put_ts32(struct task *t, u64 uts, const struct timespec *ts) {
  struct lx32_timespec g = {(i32)ts->tv_sec, (i32)ts->tv_nsec};
  return copy_to_user(MM(t), uts, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- clocks ---- */

SYS_DEFINE2(clock_gettime32, int, clk, u64, uts) {
  struct timespec ts;
  long r = sys_time_clock_gettime_core(clk, &ts);
  if (r < 0) return r;
  return sys_time_put_ts32(t, uts, &ts);
}

SYS_DEFINE2(clock_getres32, int, clk, u64, uts) {
  struct timespec ts;
  long r = sys_time_clock_getres_core(clk, uts ? &ts : NULL);
  if (r < 0 || !uts) return r;
  return sys_time_put_ts32(t, uts, &ts);
}

/* nanosleep_time32: the request is read, checked, then slept; an interrupted
 * sleep writes the time left (TT_COMPAT), a failed write is EFAULT. */
SYS_DEFINE2(nanosleep32, u64, ureq, u64, urem) {
  struct timespec req, rem;
  if (sys_time_get_ts32(t, ureq, &req)) return -EFAULT;
  if (!sys_io_ts_valid(&req)) return -EINVAL;
  long r = sys_time_nanosleep_core(CLOCK_MONOTONIC, 0, &req, &rem);
  if (r == -EINTR && urem && sys_time_put_ts32(t, urem, &rem)) return -EFAULT;
  return r;
}

/* clock_nanosleep_time32: the clock is checked (EINVAL, EOPNOTSUPP) before
 * the request is read; the host answers a NULL request in that order. */
SYS_DEFINE4(clock_nanosleep32, int, clk, int, flags, u64, ureq, u64, urem) {
  struct timespec req, rem;
  if (sys_time_get_ts32(t, ureq, &req))
    return host_ret(syscall(SYS_clock_nanosleep, clk, flags, NULL, NULL));
  if (!sys_io_ts_valid(&req)) return -EINVAL;
  long r = sys_time_nanosleep_core(clk, flags, &req, &rem);
  if (r == -EINTR && urem && !(flags & TIMER_ABSTIME) && sys_time_put_ts32(t, urem, &rem))
    return -EFAULT;
  return r;
}

SYS_DEFINE2(sched_rr_get_interval32, int, pid, u64, uts) {
  struct timespec ts;
  long r = host_ret(syscall(SYS_sched_rr_get_interval, pid, &ts));
  if (r < 0) return r;
  return sys_time_put_ts32(t, uts, &ts);
}

/* ---- time of day ---- */

/* compat gettimeofday: put_user of tv_sec, then tv_usec, then the zone. */
SYS_DEFINE2(gettimeofday32, u64, utv, u64, utz) {
  struct timeval tv;
  struct timezone tz;
  long r = host_ret(syscall(SYS_gettimeofday, &tv, &tz));
  if (r < 0) return r;
  if (utv) {
    struct lx32_timeval g = {(i32)tv.tv_sec, (i32)tv.tv_usec};
    if (copy_to_user(MM(t), utv, &g, sizeof g)) return -EFAULT;
  }
  if (utz) {
    struct lx_timezone g = {tz.tz_minuteswest, tz.tz_dsttime};
    if (copy_to_user(MM(t), utz, &g, sizeof g)) return -EFAULT;
  }
  return 0;
}

/* compat settimeofday: both structures are read (EFAULT), tv_usec checked
 * (EINVAL), then the host's settimeofday decides (EPERM without
 * CAP_SYS_TIME, the zone's range). */
SYS_DEFINE2(settimeofday32, u64, utv, u64, utz) {
  struct timeval tv;
  struct timezone tz;
  if (utv) {
    struct lx32_timeval g;
    if (copy_from_user(MM(t), &g, utv, sizeof g)) return -EFAULT;
    if (g.tv_usec > 1000000 || g.tv_usec < 0) return -EINVAL;
    tv.tv_sec = g.tv_sec;
    tv.tv_usec = g.tv_usec;
  }
  if (utz) {
    struct lx_timezone g;
    if (copy_from_user(MM(t), &g, utz, sizeof g)) return -EFAULT;
    tz.tz_minuteswest = g.tz_minuteswest;
    tz.tz_dsttime = g.tz_dsttime;
  }
  return host_ret(syscall(SYS_settimeofday, utv ? &tv : NULL, utz ? &tz : NULL));
}

/* time32: the seconds truncated to 32 bits, stored and returned (a value
 * that looks like an errno is still a success: force_successful_syscall_return). */
SYS_DEFINE1(time32, u64, utloc) {
  lx32_time_t now = (lx32_time_t)syscall(SYS_time, NULL);
  if (utloc && copy_to_user(MM(t), utloc, &now, sizeof now)) return -EFAULT;
  return (u32)now;
}

/* capable(CAP_SYS_TIME) for the calling thread. */
static bool time_capable_sys_time(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  if (syscall(SYS_capget, &h, d) < 0) return false;
  return d[CAP_SYS_TIME / 32].effective >> (CAP_SYS_TIME % 32) & 1;
}

/* stime32: get_user, then the capability check, then the clock is set (its
 * own result ignored). */
SYS_DEFINE1(stime32, u64, utptr) {
  i32 sec;
  if (copy_from_user(MM(t), &sec, utptr, sizeof sec)) return -EFAULT;
  if (!time_capable_sys_time()) return -EPERM;
  struct timespec ts = {sec, 0};
  (void)syscall(SYS_clock_settime, CLOCK_REALTIME, &ts);
  return 0;
}

/* compat_sys_times: COMPAT_USER_HZ is USER_HZ on x86, so each value is the
 * 64-bit one cut to 32 bits; the result is the clock, never an error. */
SYS_DEFINE1(times32, u64, ubuf) {
  struct tms h;
  long r = syscall(SYS_times, &h);
  if (ubuf) {
    struct lx32_tms g = {(i32)h.tms_utime, (i32)h.tms_stime, (i32)h.tms_cutime, (i32)h.tms_cstime};
    if (copy_to_user(MM(t), ubuf, &g, sizeof g)) return -EFAULT;
  }
  return (u32)r;
}
