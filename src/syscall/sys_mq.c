/* sys_mq.c — POSIX message queues: mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_notify, mq_getsetattr, and their i386 forms (compat
 * struct mq_attr of 32-bit longs, old_timespec32 timeouts, compat sigevent;
 * the *_time64 calls take __kernel_timespec).  Mirrors linux ipc/mqueue.c.
 *
 * A queue descriptor is a host descriptor.  Guest buffers and names go to the
 * host translated (fs_ubuf; a buffer that would run off the guest window is
 * cut at the guard area, where the host faults); the structures are read first, in the kernel's
 * order (the timeout before the queue, the attributes before the name).
 * mq_notify's SIGEV_THREAD carries a pointer to a 32-byte cookie in
 * sigev_value, which the kernel reads: it is translated too.  Guest thread
 * ids are host thread ids, so SIGEV_THREAD_ID passes as it is.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <string.h>

#include "fs.h"
#include "sys_io.h"
#include "sys_misc.h"
#include "../abi/lx_ipc.h"

#define MQ_ATTR64_SIZE    sizeof(struct lx64_mq_attr)
#define NOTIFY_COOKIE_LEN 32 /* what SIGEV_THREAD's sigev_value points at */

/* the host's struct mq_attr (x86-64: eight longs) */
struct host_mq_attr {
  long mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
  long reserved[4];
};

static void *opt_ptr(struct task *t, u64 addr, u64 len) {
  return addr ? fs_ubuf(t, addr, &len) : NULL;
}
static void *name_ptr(struct task *t, u64 addr) {
  u64 n = PATH_MAX;
  return fs_ubuf(t, addr, &n);
}

SYS_DEFINE4(mq_open, u64, uname, int, oflag, u32, mode, u64, uattr) {
  return host_ret(syscall(SYS_mq_open, name_ptr(t, uname), oflag, (mode_t)mode,
                          opt_ptr(t, uattr, MQ_ATTR64_SIZE)));
}

SYS_DEFINE1(mq_unlink, u64, uname) { return host_ret(syscall(SYS_mq_unlink, name_ptr(t, uname))); }

/* x86-64, and i386's *_time64: the timeout is read first (prepare_timeout;
 * the padding half of tv_nsec is dropped in an i386 call). */
SYS_DEFINE5(mq_timedsend, int, mqd, u64, umsg, u64, len, u32, prio, u64, uts) {
  struct timespec ts;
  if (uts && sys_time_get_ts64(t, uts, &ts)) return -EFAULT;
  void *p = fs_ubuf(t, umsg, &len);
  return host_ret(syscall(SYS_mq_timedsend, mqd, p, (size_t)len, prio, uts ? &ts : NULL));
}

SYS_DEFINE5(mq_timedreceive, int, mqd, u64, umsg, u64, len, u64, uprio, u64, uts) {
  struct timespec ts;
  if (uts && sys_time_get_ts64(t, uts, &ts)) return -EFAULT;
  void *p = fs_ubuf(t, umsg, &len);
  return host_ret(
      syscall(SYS_mq_timedreceive, mqd, p, (size_t)len, opt_ptr(t, uprio, 4), uts ? &ts : NULL));
}

static long ts32_in(struct task *t, u64 uts, struct timespec *ts) {
  return uts && sys_time_get_ts32(t, uts, ts) ? -EFAULT : 0;
}

SYS_DEFINE5(mq_timedsend32, int, mqd, u64, umsg, u32, len, u32, prio, u64, uts) {
  struct timespec ts;
  if (ts32_in(t, uts, &ts)) return -EFAULT;
  u64 n = len;
  void *p = fs_ubuf(t, umsg, &n);
  return host_ret(syscall(SYS_mq_timedsend, mqd, p, (size_t)n, prio, uts ? &ts : NULL));
}

SYS_DEFINE5(mq_timedreceive32, int, mqd, u64, umsg, u32, len, u64, uprio, u64, uts) {
  struct timespec ts;
  if (ts32_in(t, uts, &ts)) return -EFAULT;
  u64 n = len;
  void *p = fs_ubuf(t, umsg, &n);
  return host_ret(
      syscall(SYS_mq_timedreceive, mqd, p, (size_t)n, opt_ptr(t, uprio, 4), uts ? &ts : NULL));
}

/* do_mq_notify on a host sigevent: SIGEV_THREAD's cookie pointer translated. */
static long mq_notify_host(struct task *t, int mqd, struct sigevent *sev) {
  if (sev && sev->sigev_notify == SIGEV_THREAD) {
    u64 n = NOTIFY_COOKIE_LEN;
    sev->sigev_value.sival_ptr = fs_ubuf(t, (u64)(uintptr_t)sev->sigev_value.sival_ptr, &n);
  }
  return host_ret(syscall(SYS_mq_notify, mqd, sev));
}

SYS_DEFINE2(mq_notify, int, mqd, u64, usev) {
  struct sigevent sev;
  _Static_assert(sizeof sev == 64, "sigevent");
  if (usev && copy_from_user(MM(t), &sev, usev, sizeof sev)) return -EFAULT;
  return mq_notify_host(t, mqd, usev ? &sev : NULL);
}

/* get_compat_sigevent: the 64-byte compat sigevent read whole; value (a
 * 32-bit sigval), signo, notify, and the thread id of SIGEV_THREAD_ID. */
SYS_DEFINE2(mq_notify32, int, mqd, u64, usev) {
  struct sigevent sev;
  if (usev) {
    struct lx32_sigevent g;
    if (copy_from_user(MM(t), &g, usev, sizeof g)) return -EFAULT;
    memset(&sev, 0, sizeof sev);
    sev.sigev_value.sival_ptr = (void *)(uintptr_t)g.sigev_value.sival_ptr;
    sev.sigev_signo = g.sigev_signo;
    sev.sigev_notify = g.sigev_notify;
    sev._sigev_un._tid = g.un.tid;
  }
  return mq_notify_host(t, mqd, usev ? &sev : NULL);
}

SYS_DEFINE3(mq_getsetattr, int, mqd, u64, unew, u64, uold) {
  return host_ret(syscall(SYS_mq_getsetattr, mqd, opt_ptr(t, unew, MQ_ATTR64_SIZE),
                          opt_ptr(t, uold, MQ_ATTR64_SIZE)));
}

static long mq_attr32_in(struct task *t, u64 uattr, struct host_mq_attr *h) {
  struct lx32_mq_attr g;
  if (copy_from_user(MM(t), &g, uattr, sizeof g)) return -EFAULT;
  memset(h, 0, sizeof *h);
  h->mq_flags = g.mq_flags;
  h->mq_maxmsg = g.mq_maxmsg;
  h->mq_msgsize = g.mq_msgsize;
  h->mq_curmsgs = g.mq_curmsgs;
  return 0;
}

/* COMPAT mq_open: the attributes are read only with O_CREAT. */
SYS_DEFINE4(mq_open32, u64, uname, int, oflag, u32, mode, u64, uattr) {
  struct host_mq_attr a;
  bool use = uattr && (oflag & O_CREAT);
  if (use && mq_attr32_in(t, uattr, &a)) return -EFAULT;
  return host_ret(syscall(SYS_mq_open, name_ptr(t, uname), oflag, (mode_t)mode, use ? &a : NULL));
}

SYS_DEFINE3(mq_getsetattr32, int, mqd, u64, unew, u64, uold) {
  struct host_mq_attr n, o;
  if (unew && mq_attr32_in(t, unew, &n)) return -EFAULT;
  long r = host_ret(syscall(SYS_mq_getsetattr, mqd, unew ? &n : NULL, &o));
  if (r || !uold) return r;
  struct lx32_mq_attr g;
  memset(&g, 0, sizeof g);
  g.mq_flags = (i32)o.mq_flags;
  g.mq_maxmsg = (i32)o.mq_maxmsg;
  g.mq_msgsize = (i32)o.mq_msgsize;
  g.mq_curmsgs = (i32)o.mq_curmsgs;
  return copy_to_user(MM(t), uold, &g, sizeof g) ? -EFAULT : 0;
}
