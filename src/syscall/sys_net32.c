/* sys_net32.c — the i386 socket calls whose structures differ: sendmsg and
 * recvmsg with the 28-byte compat msghdr, 8-byte iovecs and 12-byte control
 * message headers aligned to 4, sendmmsg / recvmmsg / recvmmsg_time64 on
 * 32-byte compat mmsghdrs, and socketcall (nr 102), the multiplexer that
 * reads its arguments as 32-bit words from user memory.  (socket, bind,
 * connect, listen, accept4, get{sock,peer}name, socketpair, sendto,
 * recvfrom, shutdown and {set,get}sockopt use the sys_io_net.c handlers,
 * which convert the two options whose compat layout differs.)
 *
 * Mirrors linux net/socket.c (__sys_sendmsg, ___sys_sendmsg, ____sys_recvmsg,
 * do_recvmmsg, __sys_sendmmsg, compat_sys_socketcall) and net/compat.c
 * (__get_compat_msghdr, cmsghdr_from_user_compat_to_kern, put_cmsg_compat,
 * scm_detach_fds_compat).
 *
 * Sending, the compat control messages are rebuilt in the native layout in
 * an emu buffer, exactly as the kernel does before it sends.  Receiving, the
 * host fills a native control buffer large enough for every message, and emu
 * writes each message in the compat layout into the guest's buffer with the
 * kernel's truncation rules; passed fds that do not fit there are closed
 * again (the kernel never installs them), and MSG_CTRUNC is set as the
 * compat code sets it.
 */
#include "sys_io.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NET32_SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define NET32_UIO_MAXIOV   1024
#define NET32_CTL_HOST_MAX (4u << 20) /* emu's receive control buffer cap */
#define LX_MSG_CMSG_COMPAT 0x80000000u
#define LX_MSG_WAITFORONE  0x10000u

#define ALIGN4(x) (((x) + 3) & ~(u64)3)

/* SOL_SOCKET timestamp messages with the old (time_t) layout */
#define LX_SO_TIMESTAMP_OLD    29
#define LX_SO_TIMESTAMPNS_OLD  35
#define LX_SO_TIMESTAMPING_OLD 37

/* One message header imported from the guest. */
struct net32_msg {
  struct lx32_msghdr g;
  struct msghdr h;
  u8 name[NET32_SOCKADDR_MAX];
  struct iovec *iov;
  void *ctl;
  size_t total; /* bytes in the (capped) iovecs */
};

static void net32_msg_free(struct net32_msg *m) {
  free(m->iov);
  free(m->ctl);
  m->iov = NULL;
  m->ctl = NULL;
}

/* cmsghdr_from_user_compat_to_kern: two walks over the guest's control
 * area (lengths, then copies) into a native buffer. */
static long net32_cmsg_in(struct task *t, struct net32_msg *m) {
  u64 base = m->g.msg_control, clen = m->g.msg_controllen;
  u64 klen = 0;
  for (u64 off = 0; clen >= sizeof(struct lx32_cmsghdr);) {
    u32 len;
    if (copy_from_user(MM(t), &len, base + off, sizeof len)) return -EFAULT;
    if (len < sizeof(struct lx32_cmsghdr) || len > clen - off) return -EINVAL;
    klen += CMSG_ALIGN(len - sizeof(struct lx32_cmsghdr) + sizeof(struct cmsghdr));
    off += ALIGN4(len);
    if (off + 1 > clen) break; /* cmsg_compat_nxthdr */
  }
  if (klen == 0) return -EINVAL;
  u8 *k = calloc(1, klen);
  if (!k) return -ENOMEM;
  u64 koff = 0;
  for (u64 off = 0;;) {
    struct lx32_cmsghdr c;
    if (copy_from_user(MM(t), &c, base + off, sizeof c)) goto efault;
    if (c.cmsg_len < sizeof c || c.cmsg_len > clen - off) goto einval;
    u64 dlen = c.cmsg_len - sizeof c;
    u64 tmp = dlen + sizeof(struct cmsghdr);
    if (klen - koff < CMSG_ALIGN(tmp)) goto einval;
    struct cmsghdr *kc = (struct cmsghdr *)(k + koff);
    kc->cmsg_len = tmp;
    kc->cmsg_level = c.cmsg_level;
    kc->cmsg_type = c.cmsg_type;
    if (copy_from_user(MM(t), CMSG_DATA(kc), base + off + sizeof c, dlen)) goto efault;
    koff += CMSG_ALIGN(tmp);
    off += ALIGN4(c.cmsg_len);
    if (off + 1 > clen) break;
  }
  if (koff != klen) goto einval;
  m->ctl = k;
  m->h.msg_control = k;
  m->h.msg_controllen = klen;
  return 0;
efault:
  free(k);
  return -EFAULT;
einval:
  free(k);
  return -EINVAL;
}

/* get_compat_msghdr + import_iovec (and, sending, move_addr_to_kernel).
 * The header has already been read into m->g. */
static long net32_msg_import(struct task *t, struct net32_msg *m, bool send) {
  memset(&m->h, 0, sizeof m->h);
  m->iov = NULL;
  m->ctl = NULL;
  m->total = 0;
  int namelen = m->g.msg_name ? m->g.msg_namelen : 0;
  if (namelen < 0) return -EINVAL;
  if (namelen > NET32_SOCKADDR_MAX) namelen = NET32_SOCKADDR_MAX;
  if (send && m->g.msg_name && namelen) {
    if (copy_from_user(MM(t), m->name, m->g.msg_name, namelen)) return -EFAULT;
    m->h.msg_name = m->name;
    m->h.msg_namelen = namelen;
  } else if (!send) {
    m->h.msg_name = m->name;
    m->h.msg_namelen = sizeof m->name;
  }
  if (m->g.msg_iovlen > NET32_UIO_MAXIOV) return -EMSGSIZE;
  size_t n = m->g.msg_iovlen;
  m->iov = calloc(n + 1, sizeof *m->iov);
  if (!m->iov) return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct lx32_iovec gi;
    if (copy_from_user(MM(t), &gi, m->g.msg_iov + i * sizeof gi, sizeof gi)) return -EFAULT;
    /* copy_compat_iovec_from_user: the length is a compat_ssize_t. */
    if ((i32)gi.iov_len < 0) return -EINVAL;
    m->iov[i] = (struct iovec){(void *)(uintptr_t)gi.iov_base, gi.iov_len};
  }
  long r = sys_io_iov_translate(t, m->iov, n);
  if (r) return r;
  for (size_t i = 0; i < n; i++) m->total += m->iov[i].iov_len;
  m->h.msg_iov = m->iov;
  m->h.msg_iovlen = n;
  return 0;
}

/* ---- sending ---- */

/* ___sys_sendmsg on a socket already looked up: header, address, iovecs,
 * control (ENOBUFS above INT_MAX, then the compat conversion), send.
 * *left is set when not all bytes went (sendmmsg stops there). */
static long net32_sendmsg_one(struct task *t, int fd, u64 umsg, u32 flags, u32 allowed,
                              bool *left) {
  struct net32_msg m;
  if (copy_from_user(MM(t), &m.g, umsg, sizeof m.g)) return -EFAULT;
  long r = net32_msg_import(t, &m, true);
  if (r) goto out;
  r = -ENOBUFS;
  if (m.g.msg_controllen > INT32_MAX) goto out;
  if (m.g.msg_controllen && (r = net32_cmsg_in(t, &m))) goto out;
  flags |= m.g.msg_flags & allowed;
  r = host_ret(syscall(SYS_sendmsg, fd, &m.h, flags & ~LX_MSG_CMSG_COMPAT));
  if (left) *left = r >= 0 && (size_t)r < m.total;
out:
  net32_msg_free(&m);
  return r;
}

SYS_DEFINE3(sendmsg32, int, fd, u64, umsg, u32, flags) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  return net32_sendmsg_one(t, fd, umsg, flags, 0, NULL);
}

/* __sys_sendmmsg: up to UIO_MAXIOV messages, each's count stored in
 * msg_len; an error is returned only when nothing was sent. */
SYS_DEFINE4(sendmmsg32, int, fd, u64, umm, u32, vlen, u32, flags) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  if (vlen > NET32_UIO_MAXIOV) vlen = NET32_UIO_MAXIOV;
  u32 n = 0;
  long err = 0;
  while (n < vlen) {
    u64 e = umm + (u64)n * sizeof(struct lx32_mmsghdr);
    bool left = false;
    err = net32_sendmsg_one(t, fd, e, flags, MSG_EOR, &left);
    if (err < 0) break;
    u32 len = (u32)err;
    err = copy_to_user(MM(t), e + offsetof(struct lx32_mmsghdr, msg_len), &len, sizeof len)
              ? -EFAULT
              : 0;
    if (err) break;
    n++;
    if (left) break;
  }
  return n ? (long)n : err;
}

/* ---- receiving ---- */

/* put_cmsg_compat: one message into the guest's area at *pos with *room
 * bytes left; data already in the compat layout. */
static void net32_put_cmsg(struct task *t, u64 *pos, u64 *room, int level, int type,
                           const void *data, u64 len, u32 *mflags) {
  if (!*pos || *room < sizeof(struct lx32_cmsghdr)) {
    *mflags |= MSG_CTRUNC;
    return;
  }
  u64 cmlen = sizeof(struct lx32_cmsghdr) + len;
  if (*room < cmlen) {
    *mflags |= MSG_CTRUNC;
    cmlen = *room;
  }
  struct lx32_cmsghdr c = {(u32)cmlen, level, type};
  if (copy_to_user(MM(t), *pos, &c, sizeof c)) return;
  if (copy_to_user(MM(t), *pos + sizeof c, data, cmlen - sizeof c)) return;
  cmlen = sizeof(struct lx32_cmsghdr) + ALIGN4(len);
  if (*room < cmlen) cmlen = *room;
  *pos += cmlen;
  *room -= cmlen;
}

/* scm_detach_fds_compat: as many fds as fit, each written in turn; the
 * ones that do not fit (or fail to be written) are closed. */
static void net32_put_fds(struct task *t, u64 *pos, u64 *room, const int *fds, u64 count,
                          u32 *mflags) {
  u64 fdmax = *room <= sizeof(struct lx32_cmsghdr)
                  ? 0
                  : (*room - sizeof(struct lx32_cmsghdr)) / sizeof(i32);
  if (fdmax > count) fdmax = count;
  if (!*pos) fdmax = 0;
  u64 i;
  for (i = 0; i < fdmax; i++) {
    i32 fd = fds[i];
    if (copy_to_user(MM(t), *pos + sizeof(struct lx32_cmsghdr) + i * sizeof fd, &fd, sizeof fd))
      break;
  }
  for (u64 j = i; j < count; j++) close(fds[j]);
  if (i > 0) {
    struct lx32_cmsghdr c = {(u32)(sizeof c + i * sizeof(i32)), SOL_SOCKET, SCM_RIGHTS};
    if (!copy_to_user(MM(t), *pos, &c, sizeof c)) {
      u64 cmlen = sizeof c + i * sizeof(i32);
      if (*room < cmlen) cmlen = *room;
      *pos += cmlen;
      *room -= cmlen;
    }
  }
  if (i < count || (count && fdmax == 0)) *mflags |= MSG_CTRUNC;
}

/* The host's native control messages, rewritten into the guest's compat
 * area; returns the bytes used there. */
static u64 net32_cmsg_out(struct task *t, const struct net32_msg *m, const struct msghdr *h,
                          u32 *mflags) {
  u64 pos = m->g.msg_control, room = m->g.msg_controllen;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR((struct msghdr *)h, c)) {
    const u8 *data = CMSG_DATA(c);
    u64 len = c->cmsg_len - CMSG_LEN(0);
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      net32_put_fds(t, &pos, &room, (const int *)data, len / sizeof(int), mflags);
      continue;
    }
    i32 conv[6];
    if (c->cmsg_level == SOL_SOCKET &&
        (c->cmsg_type == LX_SO_TIMESTAMP_OLD || c->cmsg_type == LX_SO_TIMESTAMPNS_OLD ||
         c->cmsg_type == LX_SO_TIMESTAMPING_OLD)) {
      /* { time_t, long } pairs, one or three of them, cut to 32 bits */
      u64 n = c->cmsg_type == LX_SO_TIMESTAMPING_OLD ? 3 : 1;
      i64 v[6] = {0};
      memcpy(v, data, len < sizeof v ? len : sizeof v);
      for (u64 i = 0; i < 2 * n; i++) conv[i] = (i32)v[i];
      data = (const u8 *)conv;
      len = 2 * n * sizeof(i32);
    }
    net32_put_cmsg(t, &pos, &room, c->cmsg_level, c->cmsg_type, data, len, mflags);
  }
  return m->g.msg_controllen - room;
}

/* ____sys_recvmsg on a socket already looked up, for the compat header at
 * umsg: receive, then the address (move_addr_to_user, reading the guest's
 * namelen), the flags, the control length.  *oob reports MSG_OOB. */
static long net32_recvmsg_one(struct task *t, int fd, u64 umsg, u32 flags, bool *oob) {
  struct net32_msg m;
  if (copy_from_user(MM(t), &m.g, umsg, sizeof m.g)) return -EFAULT;
  long r = net32_msg_import(t, &m, false);
  if (r) goto out;
  if (m.g.msg_controllen) {
    /* Room for every message the compat area could hold, in the native
     * layout (headers grow by 4, alignment by 4, old timestamps double). */
    u64 hl = 2 * (u64)m.g.msg_controllen + 64;
    if (hl > NET32_CTL_HOST_MAX) hl = NET32_CTL_HOST_MAX;
    m.ctl = calloc(1, hl);
    r = -ENOMEM;
    if (!m.ctl) goto out;
    m.h.msg_control = m.ctl;
    m.h.msg_controllen = hl;
  }
  flags &= ~(LX_MSG_CMSG_COMPAT | LX_MSG_WAITFORONE);
  r = host_ret(syscall(SYS_recvmsg, fd, &m.h, flags));
  if (r < 0) goto out;
  u32 mflags = m.h.msg_flags;
  u64 used = 0;
  if (m.g.msg_controllen) {
    mflags &= ~MSG_CTRUNC;
    if (m.h.msg_flags & MSG_CTRUNC) mflags |= MSG_CTRUNC; /* the host's own reasons */
    used = net32_cmsg_out(t, &m, &m.h, &mflags);
  } else if (m.h.msg_controllen == 0 && (m.h.msg_flags & MSG_CTRUNC)) {
    mflags |= MSG_CTRUNC;
  }
  if (oob) *oob = mflags & MSG_OOB;
  if (m.g.msg_name) {
    i32 len, klen = (i32)m.h.msg_namelen;
    u64 ulen = umsg + offsetof(struct lx32_msghdr, msg_namelen);
    if (copy_from_user(MM(t), &len, ulen, sizeof len)) goto efault;
    if (len > klen) len = klen;
    if (len < 0) {
      r = -EINVAL;
      goto out;
    }
    if (len && copy_to_user(MM(t), m.g.msg_name, m.name, len)) goto efault;
    if (copy_to_user(MM(t), ulen, &klen, sizeof klen)) goto efault;
  }
  mflags &= ~LX_MSG_CMSG_COMPAT;
  if (copy_to_user(MM(t), umsg + offsetof(struct lx32_msghdr, msg_flags), &mflags, 4)) goto efault;
  u32 cl = (u32)used;
  if (copy_to_user(MM(t), umsg + offsetof(struct lx32_msghdr, msg_controllen), &cl, 4)) goto efault;
  goto out;
efault:
  r = -EFAULT;
out:
  net32_msg_free(&m);
  return r;
}

SYS_DEFINE3(recvmsg32, int, fd, u64, umsg, u32, flags) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  return net32_recvmsg_one(t, fd, umsg, flags, NULL);
}

/* do_recvmmsg: the timeout is only looked at between datagrams (the
 * kernel's documented behaviour), MSG_WAITFORONE turns on MSG_DONTWAIT after
 * the first, MSG_OOB ends the batch; an error after some datagrams is
 * dropped (the kernel keeps it in sk_err for the next call: not modelled). */
static long net32_recvmmsg(struct task *t, int fd, u64 umm, u32 vlen, u32 flags,
                           struct timespec *timeout) {
  struct timespec end;
  if (timeout) {
    if (!sys_io_ts_valid(timeout)) return -EINVAL;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    end.tv_sec = now.tv_sec + timeout->tv_sec;
    end.tv_nsec = now.tv_nsec + timeout->tv_nsec;
    if (end.tv_nsec >= 1000000000L) {
      end.tv_sec++;
      end.tv_nsec -= 1000000000L;
    }
  }
  long r = sys_io_sock_check(fd);
  if (r) return r;
  u32 n = 0;
  long err = 0;
  while (n < vlen) {
    u64 e = umm + (u64)n * sizeof(struct lx32_mmsghdr);
    bool oob = false;
    err = net32_recvmsg_one(t, fd, e, flags, &oob);
    if (err < 0) break;
    u32 len = (u32)err;
    err = copy_to_user(MM(t), e + offsetof(struct lx32_mmsghdr, msg_len), &len, sizeof len)
              ? -EFAULT
              : 0;
    if (err) break;
    n++;
    if (flags & LX_MSG_WAITFORONE) flags |= MSG_DONTWAIT;
    if (timeout) {
      struct timespec now;
      clock_gettime(CLOCK_MONOTONIC, &now);
      i64 ns = (i64)(end.tv_sec - now.tv_sec) * 1000000000L + (end.tv_nsec - now.tv_nsec);
      if (ns <= 0) {
        timeout->tv_sec = timeout->tv_nsec = 0;
        break;
      }
      timeout->tv_sec = ns / 1000000000L;
      timeout->tv_nsec = ns % 1000000000L;
    }
    if (oob) break;
  }
  if (err == 0 || n == 0) return n ? (long)n : err;
  return n;
}

/* __sys_recvmmsg: the timeout read (EFAULT) before anything else, and the
 * time left written back when some datagrams came. */
static long net32_recvmmsg_timed(struct task *t, int fd, u64 umm, u32 vlen, u32 flags, u64 uts,
                                 bool ts64) {
  struct timespec ts;
  if (uts && (ts64 ? sys_time_get_ts64(t, uts, &ts) : sys_time_get_ts32(t, uts, &ts)))
    return -EFAULT;
  long r = net32_recvmmsg(t, fd, umm, vlen, flags, uts ? &ts : NULL);
  if (r <= 0 || !uts) return r;
  if (ts64 ? sys_time_put_ts64(t, uts, &ts) : sys_time_put_ts32(t, uts, &ts)) return -EFAULT;
  return r;
}

SYS_DEFINE5(recvmmsg32, int, fd, u64, umm, u32, vlen, u32, flags, u64, uts) {
  return net32_recvmmsg_timed(t, fd, umm, vlen, flags, uts, false);
}

SYS_DEFINE5(recvmmsg_time64_32, int, fd, u64, umm, u32, vlen, u32, flags, u64, uts) {
  return net32_recvmmsg_timed(t, fd, umm, vlen, flags, uts, true);
}

/* ---- socketcall (nr 102) ---- */

/* Argument words per call, SYS_SOCKET (1) .. SYS_SENDMMSG (20). */
static const u8 net32_nargs[21] = {0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4};

SYS_DEFINE2(socketcall32, int, call, u64, uargs) {
  if (call < 1 || call > 20) return -EINVAL;
  u32 w[6] = {0};
  if (copy_from_user(MM(t), w, uargs, net32_nargs[call] * sizeof(u32))) return -EFAULT;
  const u64 a[6] = {w[0], w[1], w[2], w[3], w[4], w[5]};
  switch (call) {
  case 1: return sys_socket(t, a);
  case 2: return sys_bind(t, a);
  case 3: return sys_connect(t, a);
  case 4: return sys_listen(t, a);
  case 5: return sys_accept4(t, (const u64[6]){a[0], a[1], a[2], 0});
  case 6: return sys_getsockname(t, a);
  case 7: return sys_getpeername(t, a);
  case 8: return sys_socketpair(t, a);
  case 9: return sys_sendto(t, (const u64[6]){a[0], a[1], a[2], a[3], 0, 0});
  case 10: return sys_recvfrom(t, (const u64[6]){a[0], a[1], a[2], a[3], 0, 0});
  case 11: return sys_sendto(t, a);
  case 12: return sys_recvfrom(t, a);
  case 13: return sys_shutdown(t, a);
  case 14: return sys_setsockopt(t, a);
  case 15: return sys_getsockopt(t, a);
  case 16: return sys_sendmsg32(t, a);
  case 17: return sys_recvmsg32(t, a);
  case 18: return sys_accept4(t, a);
  case 19: return sys_recvmmsg32(t, a);
  case 20: return sys_sendmmsg32(t, a);
  }
  return -EINVAL;
}
