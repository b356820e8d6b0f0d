/* sys_io32.c — the i386 layouts of the waiting calls: ppoll with the 32-bit
 * timespec, the old select (nr 82, one pointer to an argument block),
 * _newselect, pselect6 and pselect6_time64, all with fd sets of 32-bit words
 * and the compat sigset argpack.  (poll, ppoll_time64, pipe, pipe2, ioctl,
 * eventfd use the x86-64 handlers: their guest structures are the same.)
 *
 * Mirrors linux fs/select.c: do_compat_select, compat_sys_old_select,
 * do_compat_pselect, compat_sys_ppoll_time32, get_compat_sigset_argpack and
 * poll_select_finish (the time left written back as PT_OLD_TIMEVAL,
 * PT_OLD_TIMESPEC or PT_TIMESPEC, a failed write ignored, nothing written for
 * a zero timeout).
 */
#include "sys_io.h"

/* poll_select_finish for the 32-bit timespec and timeval. */
static void io32_put_left_ts(struct task *t, u64 uts, const struct timespec *orig,
                             const struct timespec *left) {
  if (!orig->tv_sec && !orig->tv_nsec) return;
  (void)sys_time_put_ts32(t, uts, left);
}

static void io32_put_left_tv(struct task *t, u64 utv, const struct timespec *orig,
                             const struct timespec *left) {
  if (!orig->tv_sec && !orig->tv_nsec) return;
  struct lx32_timeval g = {(i32)left->tv_sec, (i32)(left->tv_nsec / 1000)};
  (void)!copy_to_user(MM(t), utv, &g, sizeof g);
}

static void io32_put_left_ts64(struct task *t, u64 uts, const struct timespec *orig,
                               const struct timespec *left) {
  if (!orig->tv_sec && !orig->tv_nsec) return;
  (void)sys_time_put_ts64(t, uts, left);
}

/* set_compat_user_sigmask: none, or sigsetsize 8 and the set read. */
static long io32_get_sigmask(struct task *t, u64 umask, u64 size, u64 *mask, u64 **mp) {
  *mp = NULL;
  if (!umask) return 0;
  if (size != sizeof(u64)) return -EINVAL;
  if (copy_from_user(MM(t), mask, umask, sizeof *mask)) return -EFAULT;
  *mp = mask;
  return 0;
}

/* ---- ppoll (32-bit timespec) ---- */

SYS_DEFINE5(ppoll32, u64, ufds, u32, nfds, u64, uts, u64, umask, u32, sigsetsize) {
  struct timespec ts, orig = {0, 0}, *tp = NULL;
  u64 mask, *mp;
  long r;
  if (uts) {
    if (sys_time_get_ts32(t, uts, &ts)) return -EFAULT;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  if ((r = io32_get_sigmask(t, umask, sigsetsize, &mask, &mp))) return r;
  r = sys_io_ppoll_core(t, ufds, nfds, tp, mp);
  if (tp) io32_put_left_ts(t, uts, &orig, &ts);
  return r;
}

/* ---- select ---- */

/* do_compat_select: the timeval is folded (tv_usec may exceed a second) and
 * checked, the sets are 32-bit words. */
static long io32_select(struct task *t, int n, u64 in, u64 out, u64 ex, u64 utv) {
  struct timespec ts, orig = {0, 0}, *tp = NULL;
  if (utv) {
    struct lx32_timeval g;
    if (copy_from_user(MM(t), &g, utv, sizeof g)) return -EFAULT;
    ts.tv_sec = (i64)g.tv_sec + g.tv_usec / 1000000;
    ts.tv_nsec = (i64)(g.tv_usec % 1000000) * 1000;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  long r = sys_io_select_core(t, n, in, out, ex, tp, NULL, 4);
  if (tp) io32_put_left_tv(t, utv, &orig, &ts);
  return r;
}

/* _newselect (nr 142): compat_sys_select */
SYS_DEFINE5(newselect32, int, n, u64, in, u64, out, u64, ex, u64, utv) {
  return io32_select(t, n, in, out, ex, utv);
}

/* struct compat_sel_arg_struct: n, inp, outp, exp, tvp as 32-bit words */
struct lx32_sel_arg {
  u32 n, inp, outp, exp, tvp;
};
_Static_assert(sizeof(struct lx32_sel_arg) == 20, "lx32_sel_arg");

/* select (nr 82): compat_sys_old_select, the arguments in a block. */
SYS_DEFINE1(old_select32, u64, uarg) {
  struct lx32_sel_arg a;
  if (copy_from_user(MM(t), &a, uarg, sizeof a)) return -EFAULT;
  return io32_select(t, (int)a.n, a.inp, a.outp, a.exp, a.tvp);
}

/* ---- pselect6 ---- */

/* struct compat_sigset_argpack: { compat_uptr_t p; compat_size_t size; } */
struct lx32_sigset_argpack {
  u32 ss;
  u32 ss_len;
};

/* do_compat_pselect after the argpack: timeout (EFAULT, EINVAL), the mask
 * (EINVAL, EFAULT), then the sets. */
static long io32_pselect(struct task *t, int n, u64 in, u64 out, u64 ex, u64 uts, u64 usig,
                         bool ts64) {
  struct lx32_sigset_argpack pk = {0, 0};
  struct timespec ts, orig = {0, 0}, *tp = NULL;
  u64 mask, *mp;
  long r;
  if (usig && copy_from_user(MM(t), &pk, usig, sizeof pk)) return -EFAULT;
  if (uts) {
    if (ts64 ? sys_time_get_ts64(t, uts, &ts) : sys_time_get_ts32(t, uts, &ts)) return -EFAULT;
    if (!sys_io_ts_valid(&ts)) return -EINVAL;
    orig = ts;
    tp = &ts;
  }
  if ((r = io32_get_sigmask(t, pk.ss, pk.ss_len, &mask, &mp))) return r;
  r = sys_io_select_core(t, n, in, out, ex, tp, mp, 4);
  if (tp) (ts64 ? io32_put_left_ts64 : io32_put_left_ts)(t, uts, &orig, &ts);
  return r;
}

SYS_DEFINE6(pselect6_32, int, n, u64, in, u64, out, u64, ex, u64, uts, u64, usig) {
  return io32_pselect(t, n, in, out, ex, uts, usig, false);
}

SYS_DEFINE6(pselect6_time64_32, int, n, u64, in, u64, out, u64, ex, u64, uts, u64, usig) {
  return io32_pselect(t, n, in, out, ex, uts, usig, true);
}
