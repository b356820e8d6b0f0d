/* sys_epoll.c — epoll for both ABIs: epoll_create, epoll_create1, epoll_ctl,
 * epoll_wait, epoll_pwait, epoll_pwait2.  Mirrors linux fs/eventpoll.c.
 *
 * The guest's descriptors are the host's, so the host's epoll instance does
 * the work.  struct epoll_event is 12 bytes in both ABIs (x86-64 packs it:
 * u32 events then u64 data at offset 4; i386 lays it out the same way), so
 * events go to and from guest memory unchanged.  An interrupted wait returns
 * EINTR and is never restarted, as the kernel's epoll_wait. */
#include <limits.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys_io.h"

_Static_assert(sizeof(struct epoll_event) == 12, "the host's epoll_event matches the guest's");

/* EP_MAX_EVENTS: the most events one call may ask for. */
#define LX_EP_MAX_EVENTS (INT_MAX / sizeof(struct lx_epoll_event))

SYS_DEFINE1(epoll_create, int, size) {
  if (size <= 0) return -EINVAL;
  return host_ret(syscall(SYS_epoll_create1, 0));
}

SYS_DEFINE1(epoll_create1, int, flags) { return host_ret(syscall(SYS_epoll_create1, flags)); }

SYS_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, u64, uevent) {
  struct lx_epoll_event ev = {0, 0};
  /* EPOLL_CTL_DEL ignores the event; the others copy it in first. */
  if (op != EPOLL_CTL_DEL && copy_from_user(MM(t), &ev, uevent, sizeof ev)) return -EFAULT;
  return host_ret(syscall(SYS_epoll_ctl, epfd, op, fd, op != EPOLL_CTL_DEL ? &ev : NULL));
}

/* The common wait: maxevents checked, the host writes the guest's buffer
 * (faulting pages give EFAULT as natively). */
static long ep_wait(struct task *t, int epfd, u64 uevents, int maxevents, int timeout_ms,
                    const struct timespec *ts, bool use_ts, const u64 *mask) {
  if (maxevents <= 0 || (u64)maxevents > LX_EP_MAX_EVENTS) return -EINVAL;
  u64 len = (u64)maxevents * sizeof(struct lx_epoll_event);
  void *p = user_ptr(MM(t), uevents, len);
  if (!p) return -EFAULT;
  u64 km = 0;
  long r;
  /* ep_poll(): a zero timeout returns what is ready, 0 else, pending
   * signal or not; a longer one returns -EINTR when nothing is ready. */
  bool zero = use_ts ? ts && !ts->tv_sec && !ts->tv_nsec : timeout_ms == 0;
  bool pending = sig_wait_begin(t, mask, &km);
  if (pending) {
    r = host_ret(syscall(SYS_epoll_pwait, epfd, p, maxevents, 0, &km, 8));
    if (r == 0 && !zero) r = -EINTR;
  } else if (use_ts) {
    r = host_ret(syscall(SYS_epoll_pwait2, epfd, p, maxevents, ts, mask ? &km : NULL, 8));
  } else {
    r = host_ret(syscall(SYS_epoll_pwait, epfd, p, maxevents, timeout_ms, mask ? &km : NULL, 8));
  }
  sig_wait_end(t, mask, r);
  return r;
}

static long ep_sigmask(struct task *t, u64 umask, u64 size, u64 *mask, const u64 **mp) {
  *mp = NULL;
  if (!umask) return 0;
  if (size != 8) return -EINVAL;
  if (copy_from_user(MM(t), mask, umask, 8)) return -EFAULT;
  *mp = mask;
  return 0;
}

SYS_DEFINE4(epoll_wait, int, epfd, u64, uevents, int, maxevents, int, timeout) {
  return ep_wait(t, epfd, uevents, maxevents, timeout, NULL, false, NULL);
}

SYS_DEFINE6(epoll_pwait, int, epfd, u64, uevents, int, maxevents, int, timeout, u64, umask,
            u64, sigsetsize) {
  u64 mask;
  const u64 *mp;
  long r = ep_sigmask(t, umask, sigsetsize, &mask, &mp);
  if (r) return r;
  return ep_wait(t, epfd, uevents, maxevents, timeout, NULL, false, mp);
}

SYS_DEFINE6(epoll_pwait2, int, epfd, u64, uevents, int, maxevents, u64, uts, u64, umask,
            u64, sigsetsize) {
  struct timespec ts;
  u64 mask;
  const u64 *mp;
  if (uts) {
    long r = sys_time_get_ts64(t, uts, &ts);
    if (r) return r;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
  }
  long r = ep_sigmask(t, umask, sigsetsize, &mask, &mp);
  if (r) return r;
  return ep_wait(t, epfd, uevents, maxevents, -1, uts ? &ts : NULL, true, mp);
}
