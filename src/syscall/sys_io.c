/* sys_io.c — pipes, eventfd and ioctl, and the guest-buffer helpers the I/O
 * calls share.  Mirrors linux fs/pipe.c (do_pipe2), fs/eventfd.c and
 * fs/ioctl.c + drivers/tty/tty_io.c (which ioctl requests exist, and in what
 * order EBADF / ENOTTY / EFAULT are found).
 *
 * The guest's fds are host fds, so every call here is a host call; what emu
 * does is translate guest pointers and copy the structures it understands.
 */
#include "sys_io.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- Helpers ---- */

long sys_io_ubuf(const struct task *t, u64 addr, size_t *len, void **p) {
  const struct mm *mm = MM(t);
  size_t n = *len > LX_MAX_RW_COUNT ? LX_MAX_RW_COUNT : *len;
  if (addr >= mm->limit) {
    if (n) return -EFAULT;
    *p = NULL;
    *len = 0;
    return 0;
  }
  /* Past the window the host meets the guard area and faults there. */
  if (n > mm->limit + MM_GUARD - addr) n = mm->limit + MM_GUARD - addr;
  *p = user_ptr(mm, addr, n);
  *len = n;
  return *p ? 0 : -EFAULT;
}

long sys_io_uptr(const struct task *t, u64 addr, size_t len, void **p) {
  if (!addr) {
    *p = NULL;
    return 0;
  }
  *p = user_ptr(MM(t), addr, len);
  return *p ? 0 : -EFAULT;
}

long sys_io_iov_translate(const struct task *t, struct iovec *iov, size_t n) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    u64 base = (uintptr_t)iov[i].iov_base;
    size_t len = iov[i].iov_len;
    if ((ssize_t)len < 0) return -EINVAL;
    if (len > LX_MAX_RW_COUNT - total) len = LX_MAX_RW_COUNT - total;
    total += len;
    void *p;
    long r = sys_io_ubuf(t, base, &len, &p);
    if (r) return r;
    iov[i].iov_base = p;
    iov[i].iov_len = len;
  }
  return 0;
}

/* ---- pipe, pipe2 ---- */

/* do_pipe2: the fds exist before they are copied out; a failed copy closes
 * them again and answers EFAULT. */
static long io_put_fd_pair(struct task *t, u64 ufds, const int fds[2]) {
  i32 g[2] = {fds[0], fds[1]};
  if (copy_to_user(MM(t), ufds, g, sizeof g)) {
    close(fds[0]);
    close(fds[1]);
    return -EFAULT;
  }
  return 0;
}

SYS_DEFINE2(pipe2, u64, ufds, int, flags) {
  int fds[2];
  long r = host_ret(syscall(SYS_pipe2, fds, flags));
  if (r < 0) return r;
  return io_put_fd_pair(t, ufds, fds);
}

SYS_DEFINE1(pipe, u64, ufds) { return sys_pipe2(t, (const u64[6]){ufds, 0}); }

/* socketpair lives here too: it hands back an fd pair the same way. */
SYS_DEFINE4(socketpair, int, family, int, type, int, protocol, u64, usv) {
  int fds[2];
  long r = host_ret(syscall(SYS_socketpair, family, type, protocol, fds));
  if (r < 0) return r;
  return io_put_fd_pair(t, usv, fds);
}

/* ---- eventfd ---- */

SYS_DEFINE2(eventfd2, u32, count, int, flags) {
  return host_ret(syscall(SYS_eventfd2, count, flags));
}

SYS_DEFINE1(eventfd, u32, count) { return host_ret(syscall(SYS_eventfd2, count, 0)); }

/* ---- ioctl ----
 *
 * Only requests whose argument emu understands are served: an integer
 * argument goes to the host as it is; a pointer argument is copied through
 * an emu buffer of the request's size.  Every other request answers ENOTTY
 * (after EBADF), so an untranslated guest pointer never reaches the host. */
enum io_ioctl_kind {
  IOK_NOARG, /* the argument is ignored */
  IOK_VAL,   /* the argument is an integer */
  IOK_OUT,   /* the kernel writes size bytes at the argument */
  IOK_IN,    /* the kernel reads size bytes at the argument */
};

struct io_ioctl {
  u32 req;
  u8 kind;
  u8 size;
};

#ifndef FICLONE
#define FICLONE _IOW(0x94, 9, int)
#endif
#ifndef FIGETBSZ
#define FIGETBSZ _IO(0x00, 2)
#endif

static const struct io_ioctl io_ioctls[] = {
    /* drivers/tty/tty_io.c, n_tty.c, tty_ioctl.c */
    {TCGETS, IOK_OUT, sizeof(struct lx_termios)},
    {TCSETS, IOK_IN, sizeof(struct lx_termios)},
    {TCSETSW, IOK_IN, sizeof(struct lx_termios)},
    {TCSETSF, IOK_IN, sizeof(struct lx_termios)},
    {TIOCGWINSZ, IOK_OUT, sizeof(struct lx_winsize)},
    {TIOCSWINSZ, IOK_IN, sizeof(struct lx_winsize)},
    {TIOCGPGRP, IOK_OUT, sizeof(i32)},
    {TIOCSPGRP, IOK_IN, sizeof(i32)},
    {TIOCGSID, IOK_OUT, sizeof(i32)},
    {TIOCOUTQ, IOK_OUT, sizeof(i32)},
    {TIOCGETD, IOK_OUT, sizeof(i32)},
    {TIOCSETD, IOK_IN, sizeof(i32)},
    {TIOCMGET, IOK_OUT, sizeof(i32)},
    {TIOCMSET, IOK_IN, sizeof(i32)},
    {TIOCMBIS, IOK_IN, sizeof(i32)},
    {TIOCMBIC, IOK_IN, sizeof(i32)},
    {TIOCGPTN, IOK_OUT, sizeof(u32)},
    {TIOCSPTLCK, IOK_IN, sizeof(i32)},
    {TIOCGPTLCK, IOK_OUT, sizeof(i32)},
    {TIOCGEXCL, IOK_OUT, sizeof(i32)},
    {TIOCSTI, IOK_IN, 1},
    {TIOCSCTTY, IOK_VAL, 0},
    {TIOCNOTTY, IOK_NOARG, 0},
    {TIOCEXCL, IOK_NOARG, 0},
    {TIOCNXCL, IOK_NOARG, 0},
    {TIOCGPTPEER, IOK_VAL, 0},
    {TCFLSH, IOK_VAL, 0},
    {TCXONC, IOK_VAL, 0},
    {TCSBRK, IOK_VAL, 0},
    {TCSBRKP, IOK_VAL, 0},
    /* fs/ioctl.c do_vfs_ioctl, and FIONREAD of pipes, sockets, files */
    {FIONREAD, IOK_OUT, sizeof(i32)},
    {FIONBIO, IOK_IN, sizeof(i32)},
    {FIOASYNC, IOK_IN, sizeof(i32)},
    {FIOCLEX, IOK_NOARG, 0},
    {FIONCLEX, IOK_NOARG, 0},
    {FIOQSIZE, IOK_OUT, sizeof(i64)},
    {FIGETBSZ, IOK_OUT, sizeof(i32)},
    {FICLONE, IOK_VAL, 0},
};

static const struct io_ioctl *io_ioctl_find(u32 req) {
  for (size_t i = 0; i < ARRAY_SIZE(io_ioctls); i++)
    if (io_ioctls[i].req == req) return &io_ioctls[i];
  return NULL;
}

SYS_DEFINE3(ioctl, int, fd, u32, req, u64, arg) {
  const struct io_ioctl *d = io_ioctl_find(req);
  u8 buf[64];
  long r;
  if (!d) {
    /* Unknown to emu: EBADF for a bad fd, otherwise ENOTTY, which is what
     * Linux answers for a request the file does not support. */
    r = host_ret(fcntl(fd, F_GETFD));
    return r < 0 ? r : -ENOTTY;
  }
  switch (d->kind) {
  case IOK_NOARG: return host_ret(syscall(SYS_ioctl, fd, req, 0L));
  case IOK_VAL: return host_ret(syscall(SYS_ioctl, fd, req, (unsigned long)arg));
  case IOK_OUT:
    r = host_ret(syscall(SYS_ioctl, fd, req, buf));
    if (r < 0) return r;
    if (copy_to_user(MM(t), arg, buf, d->size)) return -EFAULT;
    return r;
  case IOK_IN:
    if (copy_from_user(MM(t), buf, arg, d->size)) {
      /* Linux finds EBADF, ENOTTY and the like before it reads the
       * argument: ask the host with a NULL argument, which it answers
       * in the same order, ending in EFAULT. */
      return host_ret(syscall(SYS_ioctl, fd, req, NULL));
    }
    return host_ret(syscall(SYS_ioctl, fd, req, buf));
  }
  return -ENOTTY;
}
