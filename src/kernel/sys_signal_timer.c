/* sys_signal_timer.c — the calls that make signals on time or read them
 * from a file: alarm, setitimer/getitimer, the POSIX timers (timer_create,
 * timer_settime, timer_gettime, timer_getoverrun, timer_delete),
 * timerfd_create/settime/gettime and signalfd/signalfd4, for both ABIs.
 * The host's timers do the timing and send the host signal, which reaches
 * the guest as every host-backed signal does (signal.h); timer ids and
 * thread ids are the host's, which are the guest's.
 * Mirrors linux kernel/time/itimer.c, kernel/time/posix-timers.c,
 * fs/timerfd.c and fs/signalfd.c with their compat paths.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "signal.h"
#include "../abi/lx_time.h"

/* ---- timespec/timeval pairs in the two ABIs ---- */

/* n pairs of (sec, sub) from the guest: 64-bit or 32-bit words. */
static long get_pairs(struct task *t, u64 u, i64 *v, int n, bool w32) {
  if (w32) {
    i32 b[4];
    if (copy_from_user(MM(t), b, u, (size_t)n * 2 * 4)) return -EFAULT;
    for (int i = 0; i < 2 * n; i++) v[i] = b[i];
  } else {
    if (copy_from_user(MM(t), v, u, (size_t)n * 2 * 8)) return -EFAULT;
  }
  return 0;
}

static long put_pairs(struct task *t, u64 u, const i64 *v, int n, bool w32) {
  if (w32) {
    i32 b[4];
    for (int i = 0; i < 2 * n; i++) b[i] = (i32)v[i];
    return copy_to_user(MM(t), u, b, (size_t)n * 2 * 4) ? -EFAULT : 0;
  }
  return copy_to_user(MM(t), u, v, (size_t)n * 2 * 8) ? -EFAULT : 0;
}

/* ---- alarm and interval timers ---- */

SYS_DEFINE1(alarm, u32, seconds) { return (long)alarm(seconds); }

static long do_setitimer(struct task *t, int which, u64 unew, u64 uold, bool w32) {
  i64 nv[4] = {0, 0, 0, 0}, ov[4];
  struct itimerval n, o;
  if (unew && get_pairs(t, unew, nv, 2, w32)) return -EFAULT;
  n.it_interval.tv_sec = nv[0];
  n.it_interval.tv_usec = nv[1];
  n.it_value.tv_sec = nv[2];
  n.it_value.tv_usec = nv[3];
  long r = host_ret(syscall(SYS_setitimer, which, unew ? &n : NULL, &o));
  if (r) return r;
  ov[0] = o.it_interval.tv_sec;
  ov[1] = o.it_interval.tv_usec;
  ov[2] = o.it_value.tv_sec;
  ov[3] = o.it_value.tv_usec;
  return uold ? put_pairs(t, uold, ov, 2, w32) : 0;
}

static long do_getitimer(struct task *t, int which, u64 uval, bool w32) {
  struct itimerval o;
  long r = host_ret(syscall(SYS_getitimer, which, &o));
  if (r) return r;
  i64 ov[4] = {o.it_interval.tv_sec, o.it_interval.tv_usec, o.it_value.tv_sec, o.it_value.tv_usec};
  return put_pairs(t, uval, ov, 2, w32);
}

SYS_DEFINE3(setitimer, int, which, u64, unew, u64, uold) {
  return do_setitimer(t, which, unew, uold, false);
}
SYS_DEFINE2(getitimer, int, which, u64, uval) { return do_getitimer(t, which, uval, false); }
SYS_DEFINE3(setitimer32, int, which, u64, unew, u64, uold) {
  return do_setitimer(t, which, unew, uold, true);
}
SYS_DEFINE2(getitimer32, int, which, u64, uval) { return do_getitimer(t, which, uval, true); }

/* ---- POSIX timers ---- */

/* i386: get_compat_sigevent reads the value, signo, notify and tid only. */
static long do_timer_create(struct task *t, int clk, u64 usev, u64 uid, bool w32) {
  struct lx64_sigevent sev;
  memset(&sev, 0, sizeof sev);
  if (usev) {
    if (w32) {
      struct lx32_sigevent g;
      if (copy_from_user(MM(t), &g, usev, offsetof(struct lx32_sigevent, un) + sizeof g.un.tid))
        return -EFAULT;
      sev.sigev_value.sival_ptr = g.sigev_value.sival_ptr;
      sev.sigev_signo = g.sigev_signo;
      sev.sigev_notify = g.sigev_notify;
      sev.un.tid = g.un.tid;
    } else if (copy_from_user(MM(t), &sev, usev, sizeof sev)) {
      return -EFAULT;
    }
  }
  int id;
  long r = host_ret(syscall(SYS_timer_create, clk, usev ? &sev : NULL, &id));
  if (r) return r;
  if (copy_to_user(MM(t), uid, &id, sizeof id)) {
    syscall(SYS_timer_delete, id);
    return -EFAULT;
  }
  return 0;
}

SYS_DEFINE3(timer_create, int, clk, u64, usev, u64, uid) {
  return do_timer_create(t, clk, usev, uid, false);
}
SYS_DEFINE3(timer_create32, int, clk, u64, usev, u64, uid) {
  return do_timer_create(t, clk, usev, uid, true);
}

/* settime for the timer kinds: posix (timer_settime) or timerfd. */
static long do_settime(struct task *t, bool tfd, int id, int flags, u64 unew, u64 uold, bool w32) {
  i64 v[4];
  struct itimerspec n, o;
  if (get_pairs(t, unew, v, 2, w32)) return -EFAULT;
  n.it_interval.tv_sec = v[0];
  n.it_interval.tv_nsec = v[1];
  n.it_value.tv_sec = v[2];
  n.it_value.tv_nsec = v[3];
  long r = host_ret(syscall(tfd ? SYS_timerfd_settime : SYS_timer_settime, id, flags, &n, &o));
  if (r) return r;
  i64 ov[4] = {o.it_interval.tv_sec, o.it_interval.tv_nsec, o.it_value.tv_sec, o.it_value.tv_nsec};
  return uold ? put_pairs(t, uold, ov, 2, w32) : 0;
}

static long do_gettime(struct task *t, bool tfd, int id, u64 uval, bool w32) {
  struct itimerspec o;
  long r = host_ret(syscall(tfd ? SYS_timerfd_gettime : SYS_timer_gettime, id, &o));
  if (r) return r;
  i64 ov[4] = {o.it_interval.tv_sec, o.it_interval.tv_nsec, o.it_value.tv_sec, o.it_value.tv_nsec};
  return put_pairs(t, uval, ov, 2, w32);
}

SYS_DEFINE4(timer_settime, int, id, int, flags, u64, unew, u64, uold) {
  return do_settime(t, false, id, flags, unew, uold, false);
}
SYS_DEFINE2(timer_gettime, int, id, u64, uval) { return do_gettime(t, false, id, uval, false); }
SYS_DEFINE4(timer_settime32, int, id, int, flags, u64, unew, u64, uold) {
  return do_settime(t, false, id, flags, unew, uold, true);
}
SYS_DEFINE2(timer_gettime32, int, id, u64, uval) { return do_gettime(t, false, id, uval, true); }
SYS_DEFINE1(timer_getoverrun, int, id) { return host_ret(syscall(SYS_timer_getoverrun, id)); }
SYS_DEFINE1(timer_delete, int, id) { return host_ret(syscall(SYS_timer_delete, id)); }

/* ---- timerfd ---- */

SYS_DEFINE2(timerfd_create, int, clk, int, flags) {
  return host_ret(syscall(SYS_timerfd_create, clk, flags));
}
SYS_DEFINE4(timerfd_settime, int, fd, int, flags, u64, unew, u64, uold) {
  return do_settime(t, true, fd, flags, unew, uold, false);
}
SYS_DEFINE2(timerfd_gettime, int, fd, u64, uval) { return do_gettime(t, true, fd, uval, false); }
SYS_DEFINE4(timerfd_settime32, int, fd, int, flags, u64, unew, u64, uold) {
  return do_settime(t, true, fd, flags, unew, uold, true);
}
SYS_DEFINE2(timerfd_gettime32, int, fd, u64, uval) { return do_gettime(t, true, fd, uval, true); }

/* ---- signalfd: the host's, over the host-backed signals of the mask ---- */

static long do_signalfd(struct task *t, int fd, u64 umask, u64 size, int flags) {
  u64 m;
  if (size != 8) return -EINVAL;
  if (flags & ~(0x80000 | 0x800)) return -EINVAL; /* SFD_CLOEXEC | SFD_NONBLOCK */
  if (copy_from_user(MM(t), &m, umask, 8)) return -EFAULT;
  u64 hs = sig_host_set(m);
  return host_ret(syscall(SYS_signalfd4, fd, &hs, 8, flags));
}

SYS_DEFINE4(signalfd4, int, fd, u64, umask, u64, size, int, flags) {
  return do_signalfd(t, fd, umask, size, flags);
}
SYS_DEFINE3(signalfd, int, fd, u64, umask, u64, size) { return do_signalfd(t, fd, umask, size, 0); }
