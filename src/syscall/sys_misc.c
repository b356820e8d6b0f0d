/* sys_misc.c — pass-through calls that had no home: membarrier, pidfd_open,
 * pidfd_send_signal, pidfd_getfd, kcmp, sendmmsg/recvmmsg (x86-64),
 * sched_getattr/sched_setattr, ioprio_get/ioprio_set, adjtimex and
 * clock_adjtime (struct __kernel_timex), sethostname, setdomainname,
 * settimeofday, clock_settime, chroot, syslog, acct, vhangup, umount2,
 * oldumount, mount, unshare, setns.  Mirrors kernel/sched/membarrier.c,
 * kernel/pid.c, kernel/signal.c, kernel/kcmp.c, net/socket.c,
 * kernel/sched/syscalls.c, block/ioprio.c, kernel/time/{time,posix-timers}.c,
 * kernel/sys.c, fs/open.c, kernel/printk/printk.c, kernel/acct.c,
 * fs/namespace.c and kernel/nsproxy.c.
 *
 * Every guest pointer goes to the host translated (fs_ubuf), so the host
 * kernel checks arguments and faults in its own order; privileged calls get
 * the host's EPERM.  The i386 conversions (old_timex32, compat siginfo,
 * old_timespec32) are in sys_misc32.c.
 *
 * chroot, mount, umount2, unshare and setns act on emu's own host process,
 * which is the guest's: a chroot'ed emu still runs (it has its own binary
 * mapped and exec re-runs it from emu_opts.self_exe, which may then be
 * outside the new root: a later execve fails as the guest's would if the
 * program were missing).  unshare of the namespaces affects the children of
 * the (single host) process, as for the native program; CLONE_FILES/FS/SYSVSEM
 * act on the calling host thread, which is the calling guest thread.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/kcmp.h>
#include <string.h>

#include "fs.h"
#include "sys_io.h"

#include "sys_misc.h"

/* A host pointer for an optional guest object: 0 stays NULL. */
static void *opt_ptr(struct task *t, u64 addr, u64 len) {
  return addr ? fs_ubuf(t, addr, &len) : NULL;
}
static void *str_ptr(struct task *t, u64 addr) {
  u64 n = PATH_MAX;
  return fs_ubuf(t, addr, &n);
}

SYS_DEFINE3(membarrier, int, cmd, u32, flags, int, cpu) {
  return host_ret(syscall(SYS_membarrier, cmd, flags, cpu));
}

SYS_DEFINE2(pidfd_open, int, pid, u32, flags) {
  return host_ret(syscall(SYS_pidfd_open, pid, flags));
}

SYS_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, u64, uinfo, u32, flags) {
  if (t->abi == ABI_I386) return sys_misc_pidfd_send_signal32(t, pidfd, sig, uinfo, flags);
  return host_ret(syscall(SYS_pidfd_send_signal, pidfd, sig, opt_ptr(t, uinfo, 128), flags));
}

SYS_DEFINE3(pidfd_getfd, int, pidfd, int, fd, u32, flags) {
  return host_ret(syscall(SYS_pidfd_getfd, pidfd, fd, flags));
}

/* kernel/kcmp.c: KCMP_EPOLL_TFD's idx2 is a pointer to struct kcmp_epoll_slot
 * (three u32, the same in both ABIs). */
SYS_DEFINE5(kcmp, int, pid1, int, pid2, int, type, u64, idx1, u64, idx2) {
  if (type == KCMP_EPOLL_TFD) {
    u64 n = 12;
    return host_ret(syscall(SYS_kcmp, pid1, pid2, type, (unsigned long)idx1, fs_ubuf(t, idx2, &n)));
  }
  return host_ret(syscall(SYS_kcmp, pid1, pid2, type, (unsigned long)idx1, (unsigned long)idx2));
}

/* ---- sendmmsg, recvmmsg (x86-64 struct mmsghdr: msghdr then a u32) ---- */

#define MMSG64_SIZE 64 /* struct mmsghdr: 56-byte msghdr, msg_len, padding */

/* The bytes an entry's iovec asks to send (for msg_data_left), or ~0 when
 * it cannot be read (sendmsg has then failed already). */
static u64 mmsg_iov_total(struct task *t, u64 e) {
  struct lx64_msghdr h;
  if (copy_from_user(MM(t), &h, e, sizeof h)) return ~0ull;
  u64 total = 0;
  for (u64 i = 0; i < h.msg_iovlen && i < LX_UIO_MAXIOV; i++) {
    struct lx64_iovec v;
    if (copy_from_user(MM(t), &v, h.msg_iov + i * sizeof v, sizeof v)) return ~0ull;
    total += v.iov_len;
  }
  return total;
}

/* __sys_sendmmsg: each entry through sendmsg; its count stored in msg_len;
 * a short send (msg_data_left) ends the batch; an error after some
 * datagrams is dropped and the count returned. */
SYS_DEFINE4(sendmmsg, int, fd, u64, umm, u32, vlen, u32, flags) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  if (vlen > LX_UIO_MAXIOV) vlen = LX_UIO_MAXIOV;
  u32 n = 0;
  long err = 0;
  while (n < vlen) {
    u64 e = umm + (u64)n * MMSG64_SIZE;
    err = sys_sendmsg(t, (const u64[6]){(u64)(u32)fd, e, flags});
    if (err < 0) break;
    u32 len = (u32)err;
    err = copy_to_user(MM(t), e + 56, &len, sizeof len) ? -EFAULT : 0;
    if (err) break;
    n++;
    if (len < mmsg_iov_total(t, e)) break;
  }
  return n ? (long)n : err;
}

static long mmsg_recv(struct task *t, int fd, u64 umm, u32 vlen, u32 flags, struct timespec *to) {
  struct timespec end = {0};
  if (to) {
    if (!sys_io_ts_valid(to)) return -EINVAL;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    end.tv_sec = now.tv_sec + to->tv_sec;
    end.tv_nsec = now.tv_nsec + to->tv_nsec;
    if (end.tv_nsec >= 1000000000L) {
      end.tv_sec++;
      end.tv_nsec -= 1000000000L;
    }
  }
  long r = sys_io_sock_check(fd);
  if (r) return r;
  if (!(flags & MSG_ERRQUEUE)) { /* sock_error(): a pending error first, and cleared */
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr) return -soerr;
  }
  u32 n = 0;
  long err = 0;
  while (n < vlen) {
    u64 e = umm + (u64)n * MMSG64_SIZE;
    err = sys_recvmsg(t, (const u64[6]){(u64)(u32)fd, e, flags & ~(u32)MSG_WAITFORONE});
    if (err < 0) break;
    u32 len = (u32)err, mflags = 0;
    err = copy_to_user(MM(t), e + 56, &len, sizeof len) ? -EFAULT : 0;
    if (err) break;
    n++;
    if (flags & MSG_WAITFORONE) flags |= MSG_DONTWAIT;
    if (to) {
      struct timespec now;
      clock_gettime(CLOCK_MONOTONIC, &now);
      i64 ns = (i64)(end.tv_sec - now.tv_sec) * 1000000000L + (end.tv_nsec - now.tv_nsec);
      if (ns <= 0) {
        to->tv_sec = to->tv_nsec = 0;
        break;
      }
      to->tv_sec = ns / 1000000000L;
      to->tv_nsec = ns % 1000000000L;
    }
    if (!copy_from_user(MM(t), &mflags, e + 48, sizeof mflags) && (mflags & MSG_OOB)) break;
  }
  if (err == 0 || n == 0) return n ? (long)n : err;
  return n;
}

SYS_DEFINE5(recvmmsg, int, fd, u64, umm, u32, vlen, u32, flags, u64, uts) {
  if (flags & 0x80000000u) return -EINVAL; /* MSG_CMSG_COMPAT */
  struct timespec ts;
  if (uts && sys_time_get_ts64(t, uts, &ts)) return -EFAULT;
  long r = mmsg_recv(t, fd, umm, vlen, flags, uts ? &ts : NULL);
  if (r <= 0 || !uts) return r;
  if (sys_time_put_ts64(t, uts, &ts)) return -EFAULT;
  return r;
}

/* i386 recvmmsg_time64 is served by sys_net32.c. */

/* ---- scheduling attributes, I/O priority ---- */

/* struct sched_attr is made of u32/u64/s32 fields: the same in both ABIs. */
SYS_DEFINE4(sched_getattr, int, pid, u64, uattr, u32, size, u32, flags) {
  return host_ret(syscall(SYS_sched_getattr, pid, opt_ptr(t, uattr, size), size, flags));
}
SYS_DEFINE3(sched_setattr, int, pid, u64, uattr, u32, flags) {
  return host_ret(syscall(SYS_sched_setattr, pid, opt_ptr(t, uattr, PAGE_SIZE), flags));
}
SYS_DEFINE2(ioprio_get, int, which, int, who) {
  return host_ret(syscall(SYS_ioprio_get, which, who));
}
SYS_DEFINE3(ioprio_set, int, which, int, who, int, prio) {
  return host_ret(syscall(SYS_ioprio_set, which, who, prio));
}

/* ---- clocks ---- */

#define TIMEX64_SIZE 208 /* struct __kernel_timex */

SYS_DEFINE1(adjtimex, u64, utx) {
  u64 n = TIMEX64_SIZE;
  return host_ret(syscall(SYS_adjtimex, fs_ubuf(t, utx, &n)));
}
/* x86-64 clock_adjtime, and i386 clock_adjtime64 (the same __kernel_timex). */
SYS_DEFINE2(clock_adjtime, int, clk, u64, utx) {
  u64 n = TIMEX64_SIZE;
  return host_ret(syscall(SYS_clock_adjtime, clk, fs_ubuf(t, utx, &n)));
}

SYS_DEFINE2(settimeofday, u64, utv, u64, utz) {
  return host_ret(syscall(SYS_settimeofday, opt_ptr(t, utv, 16), opt_ptr(t, utz, 8)));
}

/* x86-64 clock_settime, and i386 clock_settime64: get_timespec64 drops the
 * padding half of tv_nsec in an i386 call.  The clock is checked (EINVAL)
 * before the time is read (EFAULT): a failed read asks the host with a
 * faulting pointer to keep that order. */
SYS_DEFINE2(clock_settime, int, clk, u64, uts) {
  struct timespec ts;
  if (sys_time_get_ts64(t, uts, &ts))
    return host_ret(syscall(SYS_clock_settime, clk, FS_FAULT_PTR));
  return host_ret(syscall(SYS_clock_settime, clk, &ts));
}

/* ---- names, roots, logs, mounts, namespaces ---- */

SYS_DEFINE2(sethostname, u64, uname, int, len) {
  return host_ret(syscall(SYS_sethostname, opt_ptr(t, uname, len > 0 ? (u64)len : 0), len));
}
SYS_DEFINE2(setdomainname, u64, uname, int, len) {
  return host_ret(syscall(SYS_setdomainname, opt_ptr(t, uname, len > 0 ? (u64)len : 0), len));
}
SYS_DEFINE1(chroot, u64, path) { return host_ret(syscall(SYS_chroot, str_ptr(t, path))); }
SYS_DEFINE3(syslog, int, type, u64, ubuf, int, len) {
  return host_ret(syscall(SYS_syslog, type, opt_ptr(t, ubuf, len > 0 ? (u64)len : 0), len));
}
SYS_DEFINE1(acct, u64, path) { return host_ret(syscall(SYS_acct, path ? str_ptr(t, path) : NULL)); }
SYS_DEFINE0(vhangup) { return host_ret(syscall(SYS_vhangup)); }
SYS_DEFINE2(umount2, u64, path, int, flags) {
  return host_ret(syscall(SYS_umount2, str_ptr(t, path), flags));
}
/* i386 umount (oldumount): umount2 with no flags. */
SYS_DEFINE1(oldumount, u64, path) { return host_ret(syscall(SYS_umount2, str_ptr(t, path), 0)); }

/* fs/namespace.c: the strings, and a page of data (copy_mount_options copies
 * what it can of it). */
SYS_DEFINE5(mount, u64, src, u64, dir, u64, type, u64, flags, u64, data) {
  return host_ret(syscall(SYS_mount, src ? str_ptr(t, src) : NULL, str_ptr(t, dir),
                          type ? str_ptr(t, type) : NULL, (unsigned long)flags,
                          opt_ptr(t, data, PAGE_SIZE)));
}

SYS_DEFINE1(unshare, u64, flags) { return host_ret(syscall(SYS_unshare, (unsigned long)flags)); }
SYS_DEFINE2(setns, int, fd, int, nstype) { return host_ret(syscall(SYS_setns, fd, nstype)); }
