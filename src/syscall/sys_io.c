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
#include <string.h>
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
  IOK_INOUT, /* reads size bytes, then writes them back */
};

/* Which ABI a row serves: the request numbers that encode a size differ. */
enum { IOA_BOTH, IOA_64, IOA_32 };

struct io_ioctl {
  u32 req;
  u8 kind;
  u8 size;   /* bytes at the argument; for IOA_BOTH rows the same in both ABIs */
  u8 abi;
  u32 host;  /* the request the (x86-64) host is asked, 0: req itself */
};

#ifndef FICLONE
#define FICLONE _IOW(0x94, 9, int)
#endif
#ifndef FIGETBSZ
#define FIGETBSZ _IO(0x00, 2)
#endif

/* include/uapi/linux/fs.h: the flag and version calls take an int whatever
 * the long in their number says; i386 programs may use either number
 * (compat_sys_ioctl maps FS_IOC32_* onto FS_IOC_*), x86-64 ones only the
 * long one.  The version calls are the file system's own (ext4_compat_ioctl
 * knows only the 32-bit numbers): an i386 caller of the long ones gets
 * ENOTTY.  struct fsxattr is 28 bytes in both ABIs. */
#define LX_FS_IOC_GETFLAGS     0x80086601u
#define LX_FS_IOC_SETFLAGS     0x40086602u
#define LX_FS_IOC_GETVERSION   0x80087601u
#define LX_FS_IOC_SETVERSION   0x40087602u
#define LX_FS_IOC32_GETFLAGS   0x80046601u
#define LX_FS_IOC32_SETFLAGS   0x40046602u
#define LX_FS_IOC32_GETVERSION 0x80047601u
#define LX_FS_IOC32_SETVERSION 0x40047602u
#define LX_FS_IOC_FSGETXATTR   0x801c581fu
#define LX_FS_IOC_FSSETXATTR   0x401c5820u
/* asm-generic/ioctls.h: struct termios2 (44 bytes, both ABIs) */
#define LX_TCGETS2  0x802c542au
#define LX_TCSETS2  0x402c542bu
#define LX_TCSETSW2 0x402c542cu
#define LX_TCSETSF2 0x402c542du
#define LX_TIOCGDEV 0x80045432u
#define LX_TIOCSIG  0x40045436u
#define LX_TIOCGPKT 0x80045438u
/* linux/sockios.h: the interface calls of struct ifreq (40 bytes on x86-64,
 * 32 on i386: its union holds a struct ifmap of two longs).  Only the
 * name-and-scalar ones: SIOCGIFCONF carries a pointer. */
#define LX_IFREQ64 40
#define LX_IFREQ32 32
#define IFREQ_CALL(r, k) {r, k, LX_IFREQ64, IOA_64, 0}, {r, k, LX_IFREQ32, IOA_32, 0}

static const struct io_ioctl io_ioctls[] = {
    /* drivers/tty/tty_io.c, n_tty.c, tty_ioctl.c */
    {TCGETS, IOK_OUT, sizeof(struct lx_termios), IOA_BOTH, 0},
    {TCSETS, IOK_IN, sizeof(struct lx_termios), IOA_BOTH, 0},
    {TCSETSW, IOK_IN, sizeof(struct lx_termios), IOA_BOTH, 0},
    {TCSETSF, IOK_IN, sizeof(struct lx_termios), IOA_BOTH, 0},
    {TIOCGWINSZ, IOK_OUT, sizeof(struct lx_winsize), IOA_BOTH, 0},
    {TIOCSWINSZ, IOK_IN, sizeof(struct lx_winsize), IOA_BOTH, 0},
    {TIOCGPGRP, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCSPGRP, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCGSID, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCOUTQ, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCGETD, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCSETD, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCMGET, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCMSET, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCMBIS, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCMBIC, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCGPTN, IOK_OUT, sizeof(u32), IOA_BOTH, 0},
    {TIOCSPTLCK, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCGPTLCK, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCGEXCL, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCSTI, IOK_IN, 1, IOA_BOTH, 0},
    {TIOCSCTTY, IOK_VAL, 0, IOA_BOTH, 0},
    {TIOCNOTTY, IOK_NOARG, 0, IOA_BOTH, 0},
    {TIOCEXCL, IOK_NOARG, 0, IOA_BOTH, 0},
    {TIOCNXCL, IOK_NOARG, 0, IOA_BOTH, 0},
    {TIOCGPTPEER, IOK_VAL, 0, IOA_BOTH, 0},
    {TCFLSH, IOK_VAL, 0, IOA_BOTH, 0},
    {TCXONC, IOK_VAL, 0, IOA_BOTH, 0},
    {TCSBRK, IOK_VAL, 0, IOA_BOTH, 0},
    {TCSBRKP, IOK_VAL, 0, IOA_BOTH, 0},
    {LX_TCGETS2, IOK_OUT, 44, IOA_BOTH, 0},
    {LX_TCSETS2, IOK_IN, 44, IOA_BOTH, 0},
    {LX_TCSETSW2, IOK_IN, 44, IOA_BOTH, 0},
    {LX_TCSETSF2, IOK_IN, 44, IOA_BOTH, 0},
    {LX_TIOCGDEV, IOK_OUT, sizeof(u32), IOA_BOTH, 0},
    {LX_TIOCSIG, IOK_VAL, 0, IOA_BOTH, 0},
    {TIOCPKT, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {LX_TIOCGPKT, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCVHANGUP, IOK_NOARG, 0, IOA_BOTH, 0},
    {TIOCGSOFTCAR, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {TIOCSSOFTCAR, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {TIOCSERGETLSR, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    /* fs/ioctl.c ioctl_getflags/setflags, ioctl_fsgetxattr/fssetxattr; the
     * file systems' GETVERSION */
    {LX_FS_IOC_GETFLAGS, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {LX_FS_IOC_SETFLAGS, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {LX_FS_IOC_GETVERSION, IOK_OUT, sizeof(i32), IOA_64, 0},
    {LX_FS_IOC_SETVERSION, IOK_IN, sizeof(i32), IOA_64, 0},
    {LX_FS_IOC32_GETFLAGS, IOK_OUT, sizeof(i32), IOA_32, LX_FS_IOC_GETFLAGS},
    {LX_FS_IOC32_SETFLAGS, IOK_IN, sizeof(i32), IOA_32, LX_FS_IOC_SETFLAGS},
    {LX_FS_IOC32_GETVERSION, IOK_OUT, sizeof(i32), IOA_32, LX_FS_IOC_GETVERSION},
    {LX_FS_IOC32_SETVERSION, IOK_IN, sizeof(i32), IOA_32, LX_FS_IOC_SETVERSION},
    {LX_FS_IOC_FSGETXATTR, IOK_OUT, 28, IOA_BOTH, 0},
    {LX_FS_IOC_FSSETXATTR, IOK_IN, 28, IOA_BOTH, 0},
    /* net/socket.c sock_ioctl, net/core/dev_ioctl.c */
    {FIOSETOWN, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {FIOGETOWN, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {SIOCSPGRP, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {SIOCGPGRP, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {SIOCATMARK, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    IFREQ_CALL(SIOCGIFNAME, IOK_INOUT),
    IFREQ_CALL(SIOCGIFINDEX, IOK_INOUT),
    IFREQ_CALL(SIOCGIFFLAGS, IOK_INOUT),
    IFREQ_CALL(SIOCGIFADDR, IOK_INOUT),
    IFREQ_CALL(SIOCGIFDSTADDR, IOK_INOUT),
    IFREQ_CALL(SIOCGIFBRDADDR, IOK_INOUT),
    IFREQ_CALL(SIOCGIFNETMASK, IOK_INOUT),
    IFREQ_CALL(SIOCGIFMTU, IOK_INOUT),
    IFREQ_CALL(SIOCGIFHWADDR, IOK_INOUT),
    IFREQ_CALL(SIOCGIFTXQLEN, IOK_INOUT),
    /* fs/ioctl.c do_vfs_ioctl, and FIONREAD of pipes, sockets, files */
    {FIONREAD, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {FIONBIO, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {FIOASYNC, IOK_IN, sizeof(i32), IOA_BOTH, 0},
    {FIOCLEX, IOK_NOARG, 0, IOA_BOTH, 0},
    {FIONCLEX, IOK_NOARG, 0, IOA_BOTH, 0},
    {FIOQSIZE, IOK_OUT, sizeof(i64), IOA_BOTH, 0},
    {FIGETBSZ, IOK_OUT, sizeof(i32), IOA_BOTH, 0},
    {FICLONE, IOK_VAL, 0, IOA_BOTH, 0},
};

static const struct io_ioctl *io_ioctl_find(u32 req, int abi) {
  int want = abi == ABI_I386 ? IOA_32 : IOA_64;
  for (size_t i = 0; i < ARRAY_SIZE(io_ioctls); i++)
    if (io_ioctls[i].req == req && (io_ioctls[i].abi == IOA_BOTH || io_ioctls[i].abi == want))
      return &io_ioctls[i];
  return NULL;
}

SYS_DEFINE3(ioctl, int, fd, u32, req, u64, arg) {
  const struct io_ioctl *d = io_ioctl_find(req, t->abi);
  u8 buf[64];
  long r;
  if (!d) {
    /* Unknown to emu: EBADF for a bad fd, otherwise ENOTTY, which is what
     * Linux answers for a request the file does not support. */
    r = host_ret(fcntl(fd, F_GETFD));
    return r < 0 ? r : -ENOTTY;
  }
  _Static_assert(LX_IFREQ64 <= sizeof buf, "ioctl buffer");
  if (d->host) req = d->host;
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
  case IOK_INOUT:
    /* The host reads its own struct ifreq (40 bytes): an i386 one (32)
     * is the same up to there, the rest zero. */
    memset(buf, 0, sizeof buf);
    if (copy_from_user(MM(t), buf, arg, d->size)) return host_ret(syscall(SYS_ioctl, fd, req, NULL));
    r = host_ret(syscall(SYS_ioctl, fd, req, buf));
    if (r < 0) return r;
    if (copy_to_user(MM(t), arg, buf, d->size)) return -EFAULT;
    return r;
  }
  return -ENOTTY;
}
