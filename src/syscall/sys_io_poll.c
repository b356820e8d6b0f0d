/* sys_io_poll.c — poll, ppoll, select, pselect6.  Mirrors linux fs/select.c:
 * do_sys_poll (revents written back even when interrupted), core_sys_select
 * (fd sets copied for n bits, written back only on success) and
 * poll_select_finish (the time left written back to the caller's timeout,
 * a failed write ignored, nothing written for a zero timeout).
 *
 * The cores take the timeout as a host timespec, updated in place by the host
 * call with the time left; the x86-64 handlers convert the guest layouts.
 */
#include "sys_io.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- cores ---- */

long sys_io_ppoll_core(struct task *t, u64 ufds, u32 nfds, struct timespec *ts, const u64 *mask) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && nfds > rl.rlim_cur) return -EINVAL;
  size_t n = nfds;
  struct lx_pollfd *g = malloc(n * sizeof *g + 1);
  struct pollfd *h = malloc(n * sizeof *h + 1);
  long r = -ENOMEM;
  if (!g || !h) goto out;
  r = -EFAULT;
  if (copy_from_user(MM(t), g, ufds, n * sizeof *g)) goto out;
  for (size_t i = 0; i < n; i++) h[i] = (struct pollfd){g[i].fd, g[i].events, 0};
  u64 km = 0;
  static const struct timespec poll_only = {0, 0};
  bool pending = sig_wait_begin(t, mask, &km);
  r = host_ret(syscall(SYS_ppoll, h, n, pending ? &poll_only : ts, mask ? &km : NULL, sizeof km));
  if (pending && r == 0) r = -EINTR;
  sig_wait_end(t, mask, r);
  for (size_t i = 0; i < n; i++) g[i].revents = h[i].revents;
  if (copy_to_user(MM(t), ufds, g, n * sizeof *g)) r = -EFAULT;
out:
  free(g);
  free(h);
  return r;
}

/* Linux clamps n at the size of the fd table; the host does the same for
 * emu's own table, and this bounds emu's buffers. */
#define IO_SELECT_MAX (1 << 20)

long sys_io_select_core(struct task *t, int n, u64 in, u64 out, u64 ex, struct timespec *ts,
                        const u64 *mask, unsigned word_bytes) {
  if (n < 0) return -EINVAL;
  if (n > IO_SELECT_MAX) n = IO_SELECT_MAX;
  unsigned wbits = word_bytes * 8;
  size_t gbytes = (size_t)(n + wbits - 1) / wbits * word_bytes; /* FDS_BYTES for the guest */
  size_t hbytes = (size_t)(n + 63) / 64 * 8;                    /* ... for the host */
  u64 uset[3] = {in, out, ex};
  u8 *set[3] = {NULL, NULL, NULL};
  long r = -ENOMEM;
  for (int i = 0; i < 3; i++) {
    if (!uset[i]) continue;
    set[i] = calloc(1, hbytes + 8);
    if (!set[i]) goto out;
    if (copy_from_user(MM(t), set[i], uset[i], gbytes)) {
      r = -EFAULT;
      goto out;
    }
  }
  u64 km = 0;
  struct {
    const u64 *ss;
    size_t len;
  } pack = {&km, sizeof km};
  struct timespec poll_only = {0, 0};
  bool pending = sig_wait_begin(t, mask, &km);
  r = host_ret(syscall(SYS_pselect6, n, set[0], set[1], set[2], pending ? &poll_only : ts,
                       mask ? &pack : NULL));
  if (pending && r == 0) r = -EINTR;
  sig_wait_end(t, mask, r);
  if (r < 0) goto out;
  for (int i = 0; i < 3; i++)
    if (set[i] && copy_to_user(MM(t), uset[i], set[i], gbytes)) {
      r = -EFAULT;
      break;
    }
out:
  for (int i = 0; i < 3; i++) free(set[i]);
  return r;
}

/* ---- x86-64 timeout layouts ---- */

/* poll_select_finish for PT_TIMESPEC / PT_TIMEVAL: a failed write is ignored. */
static void io_put_left_ts64(struct task *t, u64 uts, const struct timespec *orig,
                             const struct timespec *left) {
  if (!orig->tv_sec && !orig->tv_nsec) return;
  struct lx64_timespec g = {left->tv_sec, left->tv_nsec};
  (void)!copy_to_user(MM(t), uts, &g, sizeof g);
}

static void io_put_left_tv64(struct task *t, u64 utv, const struct timespec *orig,
                             const struct timespec *left) {
  if (!orig->tv_sec && !orig->tv_nsec) return;
  struct lx64_timeval g = {left->tv_sec, left->tv_nsec / 1000};
  (void)!copy_to_user(MM(t), utv, &g, sizeof g);
}

/* The sigmask argument of ppoll / pselect6: sigsetsize must be 8. */
static long io_get_sigmask(struct task *t, u64 umask, u64 size, u64 *mask) {
  if (size != sizeof(u64)) return -EINVAL;
  if (copy_from_user(MM(t), mask, umask, sizeof *mask)) return -EFAULT;
  return 0;
}

/* ---- handlers ---- */

SYS_DEFINE3(poll, u64, ufds, u32, nfds, int, timeout_ms) {
  struct timespec ts, *tp = NULL;
  if (timeout_ms >= 0) {
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (timeout_ms % 1000) * 1000000L;
    tp = &ts;
  }
  return sys_io_ppoll_core(t, ufds, nfds, tp, NULL);
}

SYS_DEFINE5(ppoll, u64, ufds, u32, nfds, u64, uts, u64, umask, u64, sigsetsize) {
  struct timespec ts, orig, *tp = NULL;
  u64 mask, *mp = NULL;
  long r;
  if (uts) {
    if ((r = sys_time_get_ts64(t, uts, &ts))) return r;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  if (umask) {
    if ((r = io_get_sigmask(t, umask, sigsetsize, &mask))) return r;
    mp = &mask;
  }
  r = sys_io_ppoll_core(t, ufds, nfds, tp, mp);
  if (tp) io_put_left_ts64(t, uts, &orig, &ts);
  return r;
}

SYS_DEFINE5(select, int, n, u64, in, u64, out, u64, ex, u64, utv) {
  struct timespec ts, orig, *tp = NULL;
  if (utv) {
    struct lx64_timeval g;
    if (copy_from_user(MM(t), &g, utv, sizeof g)) return -EFAULT;
    /* kern_select: tv_usec may exceed a second; it is folded into tv_sec. */
    ts.tv_sec = g.tv_sec + g.tv_usec / 1000000;
    ts.tv_nsec = (g.tv_usec % 1000000) * 1000;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  long r = sys_io_select_core(t, n, in, out, ex, tp, NULL, 8);
  if (tp) io_put_left_tv64(t, utv, &orig, &ts);
  return r;
}

SYS_DEFINE6(pselect6, int, n, u64, in, u64, out, u64, ex, u64, uts, u64, usig) {
  struct timespec ts, orig, *tp = NULL;
  u64 mask, *mp = NULL;
  long r;
  /* get_sigset_argpack comes first: { sigset pointer, its size }; a NULL set
   * means none.  Then the timeout, then the set itself. */
  struct lx64_sigset_argpack pk = {0, 0};
  if (usig && copy_from_user(MM(t), &pk, usig, sizeof pk)) return -EFAULT;
  if (uts) {
    if ((r = sys_time_get_ts64(t, uts, &ts))) return r;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  if (pk.ss) {
    if ((r = io_get_sigmask(t, pk.ss, pk.ss_len, &mask))) return r;
    mp = &mask;
  }
  r = sys_io_select_core(t, n, in, out, ex, tp, mp, 8);
  if (tp) io_put_left_ts64(t, uts, &orig, &ts);
  return r;
}
