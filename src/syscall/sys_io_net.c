/* sys_io_net.c — sockets: socket, bind, connect, listen, accept(4),
 * get{sock,peer}name, {set,get}sockopt, shutdown, sendto, recvfrom,
 * sendmsg, recvmsg.  Mirrors linux net/socket.c.
 *
 * Socket addresses are byte strings of the same layout in every ABI, so they
 * are handed to the host in place (translated and window-checked): the host
 * then reads and writes them, and answers EINVAL / EFAULT in Linux's order.
 * The host never writes more than sizeof(struct sockaddr_storage) bytes of
 * an address, well inside the guard area that follows the guest window.
 * Message headers and iovecs have ABI layouts and are converted; x86-64
 * control messages have the host's layout and pass in place (SCM_RIGHTS fds
 * are host fds, which are the guest's).
 */
#include "sys_io.h"

#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define IO_SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define IO_UIO_MAXIOV   1024
#define IO_SOCKOPT_MAX  65536 /* emu's buffer for one option value */

long sys_io_sock_check(int fd) {
  int type;
  socklen_t len = sizeof type;
  return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ? -errno : 0;
}

/* An input address of len bytes (move_addr_to_kernel).  For a length Linux
 * rejects or reads nothing for (0, negative, too long) the host gets a
 * pointer to emu's zero bytes, which it does not read then (NULL stays NULL:
 * for sendto it means "no address"). */
static const u8 io_noaddr[IO_SOCKADDR_MAX];

static long io_addr_in(struct task *t, u64 uaddr, int len, void **p) {
  if (uaddr && (len <= 0 || len > IO_SOCKADDR_MAX)) {
    *p = (void *)io_noaddr;
    return 0;
  }
  return sys_io_uptr(t, uaddr, len, p);
}

/* ---- socket, bind, connect, listen, shutdown ---- */

SYS_DEFINE3(socket, int, family, int, type, int, protocol) {
  return host_ret(syscall(SYS_socket, family, type, protocol));
}

SYS_DEFINE3(bind, int, fd, u64, uaddr, int, len) {
  void *p;
  if (io_addr_in(t, uaddr, len, &p)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_bind, fd, p, len));
}

SYS_DEFINE3(connect, int, fd, u64, uaddr, int, len) {
  void *p;
  if (io_addr_in(t, uaddr, len, &p)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_connect, fd, p, len));
}

SYS_DEFINE2(listen, int, fd, int, backlog) { return host_ret(syscall(SYS_listen, fd, backlog)); }

SYS_DEFINE2(shutdown, int, fd, int, how) { return host_ret(syscall(SYS_shutdown, fd, how)); }

/* ---- calls that hand back an address: (addr, socklen_t *addrlen) ---- */

static long io_addr_out(struct task *t, u64 uaddr, u64 ulen, void **pa, void **pl) {
  if (sys_io_uptr(t, uaddr, 0, pa) || sys_io_uptr(t, ulen, sizeof(u32), pl)) return -EFAULT;
  return 0;
}

SYS_DEFINE4(accept4, int, fd, u64, uaddr, u64, ulen, int, flags) {
  void *pa, *pl;
  if (io_addr_out(t, uaddr, ulen, &pa, &pl)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_accept4, fd, pa, pl, flags));
}

SYS_DEFINE3(accept, int, fd, u64, uaddr, u64, ulen) {
  return sys_accept4(t, (const u64[6]){(u64)fd, uaddr, ulen, 0});
}

SYS_DEFINE3(getsockname, int, fd, u64, uaddr, u64, ulen) {
  void *pa, *pl;
  if (io_addr_out(t, uaddr, ulen, &pa, &pl)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_getsockname, fd, pa, pl));
}

SYS_DEFINE3(getpeername, int, fd, u64, uaddr, u64, ulen) {
  void *pa, *pl;
  if (io_addr_out(t, uaddr, ulen, &pa, &pl)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_getpeername, fd, pa, pl));
}

/* ---- sendto, recvfrom ---- */

SYS_DEFINE6(sendto, int, fd, u64, ubuf, u64, len, u32, flags, u64, uaddr, int, alen) {
  void *buf, *pa;
  size_t n = len;
  if (sys_io_ubuf(t, ubuf, &n, &buf)) return -EFAULT; /* import_ubuf precedes the fd */
  if (io_addr_in(t, uaddr, alen, &pa)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_sendto, fd, buf, n, flags, pa, alen));
}

SYS_DEFINE6(recvfrom, int, fd, u64, ubuf, u64, len, u32, flags, u64, uaddr, u64, ulen) {
  void *buf, *pa, *pl;
  size_t n = len;
  if (sys_io_ubuf(t, ubuf, &n, &buf)) return -EFAULT;
  if (io_addr_out(t, uaddr, ulen, &pa, &pl)) return sys_io_sock_check(fd) ?: -EFAULT;
  return host_ret(syscall(SYS_recvfrom, fd, buf, n, flags, pa, pl));
}

/* ---- socket options ----
 *
 * Option values are copied through an emu buffer.  Options whose value
 * holds a pointer are translated (the classic BPF filters) or refused
 * (netfilter tables, TCP zero-copy receive), so no guest address reaches
 * the host as a host pointer; levels emu does not know answer ENOPROTOOPT. */
#ifndef TCP_ZEROCOPY_RECEIVE
#define TCP_ZEROCOPY_RECEIVE 35
#endif
#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif

static bool io_sockopt_ok(int level, int name) {
  switch (level) {
  case SOL_SOCKET: return true;
  case IPPROTO_IP:
  case IPPROTO_IPV6: return name < 64; /* 64..: netfilter, values with pointers */
  case IPPROTO_TCP: return name != TCP_ZEROCOPY_RECEIVE;
  case IPPROTO_UDP:
  case IPPROTO_ICMPV6:
  case IPPROTO_RAW: return true;
  default: return false;
  }
}

/* struct sock_fprog, x86-64: { u16 len; u64 filter } */
struct lx64_sock_fprog {
  u16 len;
  u16 pad[3];
  u64 filter;
};
_Static_assert(sizeof(struct lx64_sock_fprog) == 16, "lx64_sock_fprog");

/* copy_bpf_fprog_from_user: the length must be the ABI's struct size. */
static long io_set_filter(struct task *t, int fd, int name, u64 uval, int optlen) {
  struct lx64_sock_fprog g;
  if (t->abi == ABI_I386) {
    /* sk_setsockopt reads an int first (EINVAL, EFAULT), then the length
     * must be the compat struct's. */
    struct lx32_sock_fprog g32;
    if (optlen < (int)sizeof(i32)) return -EINVAL;
    if (copy_from_user(MM(t), &g32, uval, sizeof(i32))) return -EFAULT;
    if (optlen != sizeof g32) return -EINVAL;
    if (copy_from_user(MM(t), &g32, uval, sizeof g32)) return sys_io_sock_check(fd) ?: -EFAULT;
    g = (struct lx64_sock_fprog){.len = g32.len, .filter = g32.filter};
  } else {
    if (optlen != sizeof g) return host_ret(setsockopt(fd, SOL_SOCKET, name, NULL, optlen));
    if (copy_from_user(MM(t), &g, uval, sizeof g)) return sys_io_sock_check(fd) ?: -EFAULT;
  }
  struct sock_fprog h = {g.len, NULL};
  struct sock_filter *ins = NULL;
  if (g.len > 0 && g.len <= BPF_MAXINSNS) {
    ins = malloc(g.len * sizeof *ins);
    if (!ins) return -ENOMEM;
    if (copy_from_user(MM(t), ins, g.filter, g.len * sizeof *ins)) {
      free(ins);
      return -EFAULT;
    }
    h.filter = ins;
  }
  long r = host_ret(setsockopt(fd, SOL_SOCKET, name, &h, sizeof h));
  free(ins);
  return r;
}

/* The options whose value is a struct timeval with time_t: in an i386 call
 * it is the 8-byte old_timeval32 (sock_copy_user_timeval,
 * sock_get_timeout). */
#define LX_SO_RCVTIMEO_OLD 20
#define LX_SO_SNDTIMEO_OLD 21
static bool io_timeo32(const struct task *t, int level, int name) {
  return t->abi == ABI_I386 && level == SOL_SOCKET &&
         (name == LX_SO_RCVTIMEO_OLD || name == LX_SO_SNDTIMEO_OLD);
}

/* The multicast group options take compat structures in an i386 call
 * (compat_group_req...), which emu does not convert yet. */
static bool io_mcast32(const struct task *t, int level, int name) {
  return t->abi == ABI_I386 && (level == IPPROTO_IP || level == IPPROTO_IPV6) && name >= 42 &&
         name <= 48;
}

/* sk_setsockopt: an int is read first (EINVAL, EFAULT), then the 32-bit
 * timeval (EINVAL below 8 bytes, EFAULT). */
static long io_set_timeo32(struct task *t, int fd, int name, u64 uval, int optlen) {
  struct lx32_timeval g;
  if (optlen < (int)sizeof(i32)) return -EINVAL;
  if (copy_from_user(MM(t), &g, uval, sizeof(i32))) return -EFAULT;
  if (optlen < (int)sizeof g) return -EINVAL;
  if (copy_from_user(MM(t), &g, uval, sizeof g)) return -EFAULT;
  struct lx64_timeval h = {g.tv_sec, g.tv_usec};
  return host_ret(syscall(SYS_setsockopt, fd, SOL_SOCKET, name, &h, sizeof h));
}

/* A level or option emu does not pass on: the socket's own answer for an
 * option it does not know (ENOPROTOOPT from IP sockets, EOPNOTSUPP from Unix
 * ones...), asked with no value at all; emu's refusal, ENOPROTOOPT, when the
 * host would want to look at one. */
static long io_sockopt_refused(int fd, int level, int name, bool set) {
  socklen_t zero = 0;
  long r = set ? host_ret(syscall(SYS_setsockopt, fd, level, name, NULL, 0))
               : host_ret(syscall(SYS_getsockopt, fd, level, name, NULL, &zero));
  return r == -EOPNOTSUPP ? r : -ENOPROTOOPT;
}

SYS_DEFINE5(setsockopt, int, fd, int, level, int, name, u64, uval, int, optlen) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  if (optlen < 0) return -EINVAL;
  if (!io_sockopt_ok(level, name)) return io_sockopt_refused(fd, level, name, true);
  if (io_mcast32(t, level, name)) return -ENOPROTOOPT;
  if (io_timeo32(t, level, name)) return io_set_timeo32(t, fd, name, uval, optlen);
  if (level == SOL_SOCKET && (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF))
    return io_set_filter(t, fd, name, uval, optlen);
  size_t n = optlen > IO_SOCKOPT_MAX ? IO_SOCKOPT_MAX : optlen;
  void *buf = malloc(n + 1);
  if (!buf) return -ENOMEM;
  if (copy_from_user(MM(t), buf, uval, n)) {
    free(buf);
    return -EFAULT;
  }
  r = host_ret(syscall(SYS_setsockopt, fd, level, name, uval ? buf : NULL, optlen));
  free(buf);
  return r;
}

SYS_DEFINE5(getsockopt, int, fd, int, level, int, name, u64, uval, u64, ulen) {
  long r = sys_io_sock_check(fd);
  if (r) return r;
  i32 len;
  if (copy_from_user(MM(t), &len, ulen, sizeof len)) return -EFAULT;
  if (len < 0) return -EINVAL;
  if (!io_sockopt_ok(level, name)) return io_sockopt_refused(fd, level, name, false);
  if (io_mcast32(t, level, name)) return -ENOPROTOOPT;
  if (io_timeo32(t, level, name)) {
    /* sock_get_timeout: 8 bytes in an i386 call, cut to len. */
    struct lx64_timeval h;
    socklen_t hl = sizeof h;
    r = host_ret(syscall(SYS_getsockopt, fd, SOL_SOCKET, name, &h, &hl));
    if (r < 0) return r;
    struct lx32_timeval g = {(i32)h.tv_sec, (i32)h.tv_usec};
    if (len > (i32)sizeof g) len = sizeof g;
    if (copy_to_user(MM(t), uval, &g, len)) return -EFAULT;
    return copy_to_user(MM(t), ulen, &len, sizeof len) ? -EFAULT : 0;
  }
  socklen_t hlen = len > IO_SOCKOPT_MAX ? IO_SOCKOPT_MAX : len;
  socklen_t asked = hlen;
  void *buf = calloc(1, hlen + 1);
  if (!buf) return -ENOMEM;
  r = host_ret(syscall(SYS_getsockopt, fd, level, name, uval ? buf : NULL, &hlen));
  if (r >= 0 && copy_to_user(MM(t), uval, buf, hlen < asked ? hlen : asked)) r = -EFAULT;
  free(buf);
  /* The length is written back on success, and by the options that report
   * the size they need (ERANGE). */
  if ((r >= 0 || hlen != asked) && copy_to_user(MM(t), ulen, &(i32){(i32)hlen}, sizeof(i32)))
    r = -EFAULT;
  return r;
}

/* ---- sendmsg, recvmsg ---- */

long sys_io_sendmsg_core(struct task *t, int fd, const struct msghdr *m, int flags) {
  return host_ret(syscall(SYS_sendmsg, fd, m, flags));
}

long sys_io_recvmsg_core(struct task *t, int fd, struct msghdr *m, int flags) {
  return host_ret(syscall(SYS_recvmsg, fd, m, flags));
}

/* copy_msghdr_from_user + import_iovec for the x86-64 layout.  On success
 * *iovp is an allocated host iovec array the caller frees. */
static long io_msg_in64(struct task *t, int fd, u64 umsg, struct lx64_msghdr *g, struct msghdr *h,
                        bool send) {
  if (copy_from_user(MM(t), g, umsg, sizeof *g)) return sys_io_sock_check(fd) ?: -EFAULT;
  long r = sys_io_sock_check(fd);
  if (r) return r;
  memset(h, 0, sizeof *h);
  int namelen = g->msg_name ? g->msg_namelen : 0;
  if (namelen < 0) return -EINVAL;
  if (namelen > IO_SOCKADDR_MAX) namelen = IO_SOCKADDR_MAX;
  if (g->msg_name && namelen) {
    if (sys_io_uptr(t, g->msg_name, namelen, &h->msg_name)) return -EFAULT;
    h->msg_namelen = namelen;
  }
  if (g->msg_iovlen > IO_UIO_MAXIOV) return -EMSGSIZE;
  size_t n = g->msg_iovlen;
  struct iovec *iov = calloc(n + 1, sizeof *iov);
  if (!iov) return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct lx64_iovec gi;
    if (copy_from_user(MM(t), &gi, g->msg_iov + i * sizeof gi, sizeof gi)) {
      free(iov);
      return -EFAULT;
    }
    iov[i] = (struct iovec){(void *)(uintptr_t)gi.iov_base, gi.iov_len};
  }
  if ((r = sys_io_iov_translate(t, iov, n))) {
    free(iov);
    return r;
  }
  h->msg_iov = iov;
  h->msg_iovlen = n;
  if (g->msg_controllen) {
    size_t cl = g->msg_controllen;
    if (send && cl > INT32_MAX) {
      free(iov);
      return -ENOBUFS;
    }
    /* x86-64 cmsghdr is the host's: the control area passes in place. */
    if (send ? sys_io_uptr(t, g->msg_control, cl, &h->msg_control)
             : sys_io_ubuf(t, g->msg_control, &cl, &h->msg_control)) {
      free(iov);
      return -EFAULT;
    }
    h->msg_controllen = cl;
  }
  h->msg_flags = g->msg_flags;
  return 0;
}

SYS_DEFINE3(sendmsg, int, fd, u64, umsg, u32, flags) {
  struct lx64_msghdr g;
  struct msghdr h;
  long r = io_msg_in64(t, fd, umsg, &g, &h, true);
  if (r) return r;
  r = sys_io_sendmsg_core(t, fd, &h, flags);
  free(h.msg_iov);
  return r;
}

SYS_DEFINE3(recvmsg, int, fd, u64, umsg, u32, flags) {
  struct lx64_msghdr g;
  struct msghdr h;
  long r = io_msg_in64(t, fd, umsg, &g, &h, false);
  if (r) return r;
  r = sys_io_recvmsg_core(t, fd, &h, flags);
  free(h.msg_iov);
  if (r < 0) return r;
  /* ___sys_recvmsg: the address length, then the flags, then controllen. */
  i32 nl = h.msg_namelen;
  u32 fl = h.msg_flags;
  u64 cl = h.msg_controllen;
  if (g.msg_name &&
      copy_to_user(MM(t), umsg + offsetof(struct lx64_msghdr, msg_namelen), &nl, sizeof nl))
    return -EFAULT;
  if (copy_to_user(MM(t), umsg + offsetof(struct lx64_msghdr, msg_flags), &fl, sizeof fl))
    return -EFAULT;
  if (copy_to_user(MM(t), umsg + offsetof(struct lx64_msghdr, msg_controllen), &cl, sizeof cl))
    return -EFAULT;
  return r;
}
