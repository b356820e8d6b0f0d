/* io32_socket.c — i386 sockets: every socketcall (nr 102) sub-call made
 * directly with its argument array, an AF_UNIX client/server in one process
 * passing fds with SCM_RIGHTS through sendmsg/recvmsg (both the direct calls
 * and socketcall), the 12-byte compat cmsg header and its truncation rules,
 * sendmmsg/recvmmsg, and the socket options whose compat layout differs.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/net.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case ENOTSOCK: return "ENOTSOCK";
  case EAGAIN: return "EAGAIN";
  case EMSGSIZE: return "EMSGSIZE";
  case ENOBUFS: return "ENOBUFS";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case ENOTCONN: return "ENOTCONN";
  default: return "other";
  }
}

static long sc(int call, const uint32_t *args) {
  long r = syscall(SYS_socketcall, call, args);
  return r < 0 ? -errno : r;
}

static long raw(long r) { return r < 0 ? -errno : r; }

#define U(p) ((uint32_t)(uintptr_t)(p))

/* The i386 msghdr and cmsghdr as the kernel reads them. */
struct m32 {
  uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};
struct c32 {
  uint32_t len;
  int32_t level, type;
};

int main(void) {
  _Static_assert(sizeof(struct msghdr) == 28, "i386 msghdr");
  _Static_assert(sizeof(struct cmsghdr) == 12, "i386 cmsghdr");
  printf("CMSG_SPACE(4)=%u CMSG_LEN(8)=%u\n", (unsigned)CMSG_SPACE(4), (unsigned)CMSG_LEN(8));

  /* SYS_SOCKETPAIR, SYS_SEND, SYS_RECV */
  int sv[2];
  uint32_t a[6] = {AF_UNIX, SOCK_STREAM, 0, U(sv)};
  printf("socketpair: %s\n", ename(sc(SYS_SOCKETPAIR, a)));
  uint32_t s1[] = {sv[0], U("hello"), 5, 0};
  printf("send: %ld\n", sc(SYS_SEND, s1));
  char buf[64] = {0};
  uint32_t r1[] = {sv[1], U(buf), sizeof buf, 0};
  printf("recv: %ld %.5s\n", sc(SYS_RECV, r1), buf);
  uint32_t r2[] = {sv[1], U(buf), sizeof buf, MSG_DONTWAIT};
  printf("recv empty: %s\n", ename(sc(SYS_RECV, r2)));

  /* bad call numbers and a bad argument block */
  printf("socketcall 0: %s\n", ename(sc(0, a)));
  printf("socketcall 21: %s\n", ename(sc(21, a)));
  printf("socketcall -1: %s\n", ename(sc(-1, a)));
  printf("socketcall bad args: %s\n", ename(sc(SYS_SOCKET, (uint32_t *)8)));

  /* SYS_SOCKET, SYS_BIND, SYS_LISTEN, SYS_CONNECT, SYS_ACCEPT, SYS_ACCEPT4,
   * SYS_GETSOCKNAME, SYS_GETPEERNAME, SYS_SHUTDOWN */
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  strcpy(sa.sun_path, "sock32");
  unlink(sa.sun_path);
  uint32_t so[] = {AF_UNIX, SOCK_STREAM, 0};
  long srv = sc(SYS_SOCKET, so);
  printf("socket: %s\n", ename(srv));
  uint32_t bi[] = {srv, U(&sa), sizeof sa};
  printf("bind: %s\n", ename(sc(SYS_BIND, bi)));
  uint32_t li[] = {srv, 4};
  printf("listen: %s\n", ename(sc(SYS_LISTEN, li)));
  long cli = sc(SYS_SOCKET, so);
  uint32_t co[] = {cli, U(&sa), sizeof sa};
  printf("connect: %s\n", ename(sc(SYS_CONNECT, co)));
  long cli2 = sc(SYS_SOCKET, so);
  printf("connect 2: %s\n", ename(sc(SYS_CONNECT, (uint32_t[]){cli2, U(&sa), sizeof sa})));
  struct sockaddr_un peer;
  socklen_t plen = sizeof peer;
  uint32_t ac[] = {srv, U(&peer), U(&plen)};
  long n, acc = sc(SYS_ACCEPT, ac);
  printf("accept: %s plen=%u\n", ename(acc), plen);
  uint32_t ac4[] = {srv, 0, 0, SOCK_CLOEXEC};
  long acc2 = sc(SYS_ACCEPT4, ac4);
  printf("accept4: %s cloexec=%d\n", ename(acc2), fcntl(acc2, F_GETFD) & FD_CLOEXEC);
  struct sockaddr_un me;
  socklen_t mlen = sizeof me;
  n = sc(SYS_GETSOCKNAME, (uint32_t[]){srv, U(&me), U(&mlen)});
  printf("getsockname: %s len=%u path=%s\n", ename(n), mlen, me.sun_path);
  mlen = sizeof me;
  n = sc(SYS_GETPEERNAME, (uint32_t[]){cli, U(&me), U(&mlen)});
  printf("getpeername: %s len=%u path=%s\n", ename(n), mlen, me.sun_path);
  mlen = 4;
  n = sc(SYS_GETPEERNAME, (uint32_t[]){cli, U(&me), U(&mlen)});
  printf("getpeername short: %s len=%u\n", ename(n), mlen);

  /* SYS_SENDTO, SYS_RECVFROM on a datagram pair */
  int dv[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
  printf("sendto: %ld\n", sc(SYS_SENDTO, (uint32_t[]){dv[0], U("dgram"), 5, 0, 0, 0}));
  struct sockaddr_un from;
  socklen_t flen = sizeof from;
  memset(buf, 0, sizeof buf);
  n = sc(SYS_RECVFROM, (uint32_t[]){dv[1], U(buf), 3, MSG_TRUNC, U(&from), U(&flen)});
  printf("recvfrom: %ld %s flen=%u\n", n, buf, flen);

  /* SYS_SETSOCKOPT, SYS_GETSOCKOPT: an int, then the 8-byte i386 timeval */
  int one = 1, v = 0;
  socklen_t vl = sizeof v;
  printf("setsockopt PASSCRED: %s\n",
         ename(sc(SYS_SETSOCKOPT, (uint32_t[]){cli, SOL_SOCKET, SO_PASSCRED, U(&one), 4})));
  n = sc(SYS_GETSOCKOPT, (uint32_t[]){cli, SOL_SOCKET, SO_PASSCRED, U(&v), U(&vl)});
  printf("getsockopt PASSCRED: %s v=%d len=%u\n", ename(n), v, vl);
  struct {
    int32_t sec, usec;
  } tv = {3, 250000}, tv2 = {0, 0};
  printf("setsockopt RCVTIMEO 8 bytes: %s\n",
         ename(raw(setsockopt(cli, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv))));
  printf("setsockopt RCVTIMEO 6 bytes: %s\n",
         ename(raw(setsockopt(cli, SOL_SOCKET, SO_RCVTIMEO, &tv, 6))));
  printf("setsockopt RCVTIMEO 2 bytes: %s\n",
         ename(raw(setsockopt(cli, SOL_SOCKET, SO_RCVTIMEO, &tv, 2))));
  printf("setsockopt RCVTIMEO 6 bytes bad: %s\n",
         ename(raw(setsockopt(cli, SOL_SOCKET, SO_RCVTIMEO, (void *)8, 6))));
  char big[16];
  memset(big, 0x55, sizeof big);
  vl = sizeof big;
  n = sc(SYS_GETSOCKOPT, (uint32_t[]){cli, SOL_SOCKET, SO_RCVTIMEO, U(big), U(&vl)});
  printf("getsockopt RCVTIMEO: %s len=%u", ename(n), vl);
  memcpy(&tv2, big, sizeof tv2);
  printf(" sec=%d usec=%d byte8=%#x\n", tv2.sec, tv2.usec, (unsigned char)big[8]);
  vl = 4;
  n = raw(syscall(SYS_getsockopt, cli, SOL_SOCKET, SO_RCVTIMEO, big, &vl));
  printf("getsockopt RCVTIMEO short: %s len=%u\n", ename(n), vl);
  /* a classic BPF filter with the 8-byte i386 sock_fprog */
  struct sock_filter ins[] = {{BPF_RET | BPF_K, 0, 0, 0xffff}};
  struct sock_fprog prog = {1, ins};
  printf("sizeof sock_fprog=%u\n", (unsigned)sizeof prog);
  printf("SO_ATTACH_FILTER: %s\n",
         ename(raw(setsockopt(dv[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog))));
  printf("SO_ATTACH_FILTER len 16: %s\n",
         ename(raw(setsockopt(dv[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, 16))));
  printf("SO_DETACH_FILTER: %s\n",
         ename(raw(setsockopt(dv[1], SOL_SOCKET, SO_DETACH_FILTER, &one, 4))));

  /* SYS_SENDMSG / SYS_RECVMSG: two fds over the accepted connection */
  int p[2];
  pipe(p);
  write(p[1], "via fd", 6);
  char cbuf[CMSG_SPACE(2 * sizeof(int))];
  memset(cbuf, 0, sizeof cbuf);
  struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
  struct msghdr mh = {
      .msg_iov = iov, .msg_iovlen = 2, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  memcpy(CMSG_DATA(c), (int[]){p[0], p[1]}, 2 * sizeof(int));
  printf("sendmsg (socketcall): %ld\n", sc(SYS_SENDMSG, (uint32_t[]){cli, U(&mh), 0}));

  char rb[16] = {0};
  struct iovec riov = {rb, sizeof rb};
  char rc[64];
  memset(rc, 0x77, sizeof rc);
  struct msghdr rh = {
      .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rc, .msg_controllen = sizeof rc};
  n = sc(SYS_RECVMSG, (uint32_t[]){acc, U(&rh), MSG_CMSG_CLOEXEC});
  printf("recvmsg (socketcall): %ld %.5s controllen=%u flags=%#x\n", n, rb,
         (unsigned)rh.msg_controllen, rh.msg_flags);
  struct c32 h32;
  memcpy(&h32, rc, sizeof h32);
  printf("cmsg: len=%u level=%d type=%d\n", h32.len, h32.level, h32.type);
  int got[2];
  memcpy(got, rc + 12, sizeof got);
  char fb[8] = {0};
  printf("fd 0 reads: %ld %.6s cloexec=%d\n", (long)read(got[0], fb, 6), fb,
         fcntl(got[0], F_GETFD) & FD_CLOEXEC);
  printf("byte after: %#x\n", (unsigned char)rc[20]);
  close(got[0]);
  close(got[1]);

  /* 16 bytes of control hold one fd in i386 (12-byte header): the second is
   * dropped with MSG_CTRUNC, and no fd is leaked. */
  printf("sendmsg (direct): %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  memset(rc, 0x77, sizeof rc);
  rh.msg_controllen = 16;
  n = raw(syscall(SYS_recvmsg, acc, &rh, 0));
  memcpy(&h32, rc, sizeof h32);
  int fd1;
  memcpy(&fd1, rc + 12, 4);
  printf("recvmsg 16: %ld controllen=%u ctrunc=%d cmsg len=%u type=%d\n", n,
         (unsigned)rh.msg_controllen, !!(rh.msg_flags & MSG_CTRUNC), h32.len, h32.type);
  int probe = dup(0);
  printf("next fd is right after the one received: %d\n", probe == fd1 + 1);
  close(probe);
  close(fd1);
  /* 12 bytes: no fd fits */
  syscall(SYS_sendmsg, cli, &mh, 0);
  rh.msg_controllen = 12;
  n = raw(syscall(SYS_recvmsg, acc, &rh, 0));
  printf("recvmsg 12: %ld controllen=%u ctrunc=%d\n", n, (unsigned)rh.msg_controllen,
         !!(rh.msg_flags & MSG_CTRUNC));
  probe = dup(0);
  printf("no fd leaked: %d\n", probe == p[1] + 1 || probe < p[1]);
  close(probe);

  /* compat control validation when sending */
  mh.msg_controllen = 8; /* shorter than a header */
  printf("sendmsg controllen 8: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  mh.msg_controllen = sizeof cbuf;
  c->cmsg_len = 11;
  printf("sendmsg cmsg_len 11: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  c->cmsg_len = sizeof cbuf + 1;
  printf("sendmsg cmsg_len too long: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  mh.msg_controllen = 0x80000000u;
  printf("sendmsg controllen 2^31: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  mh.msg_controllen = sizeof cbuf;
  mh.msg_control = (void *)8;
  printf("sendmsg bad control: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &mh, 0))));
  mh.msg_control = cbuf;
  struct iovec neg = {"x", 0x80000000u};
  struct msghdr nh = {.msg_iov = &neg, .msg_iovlen = 1};
  printf("sendmsg iov_len 2^31: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &nh, 0))));
  nh.msg_iovlen = 1025;
  printf("sendmsg 1025 iovecs: %s\n", ename(raw(syscall(SYS_sendmsg, cli, &nh, 0))));
  printf("sendmsg bad msghdr: %s\n", ename(raw(syscall(SYS_sendmsg, cli, (void *)8, 0))));
  printf("sendmsg bad fd: %s\n", ename(raw(syscall(SYS_sendmsg, 99, (void *)8, 0))));
  printf("recvmsg on pipe: %s\n", ename(raw(syscall(SYS_recvmsg, p[0], &rh, 0))));

  /* credentials arrive as SCM_CREDENTIALS (12 bytes of data) */
  struct iovec ci = {"c", 1};
  struct msghdr ch = {.msg_iov = &ci, .msg_iovlen = 1};
  setsockopt(acc, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
  syscall(SYS_sendmsg, cli, &ch, 0);
  memset(rc, 0, sizeof rc);
  rh.msg_controllen = sizeof rc;
  n = raw(syscall(SYS_recvmsg, acc, &rh, MSG_DONTWAIT));
  memcpy(&h32, rc, sizeof h32);
  printf("creds: %ld controllen=%u len=%u type=%d\n", n, (unsigned)rh.msg_controllen, h32.len,
         h32.type);

  /* a peer address comes back through msg_name */
  char nb[128];
  struct msghdr dh = {.msg_name = nb, .msg_namelen = sizeof nb, .msg_iov = &riov, .msg_iovlen = 1};
  sendto(dv[0], "a", 1, 0, NULL, 0);
  n = raw(syscall(SYS_recvmsg, dv[1], &dh, 0));
  printf("recvmsg unnamed peer: %ld namelen=%u\n", n, (unsigned)dh.msg_namelen);

  /* SYS_SENDMMSG, SYS_RECVMMSG (socketcall) and the direct calls */
  struct iovec mi[3] = {{"one", 3}, {"two2", 4}, {"three", 5}};
  struct mmsghdr mm[3];
  memset(mm, 0, sizeof mm);
  for (int i = 0; i < 3; i++) {
    mm[i].msg_hdr.msg_iov = &mi[i];
    mm[i].msg_hdr.msg_iovlen = 1;
  }
  printf("sizeof mmsghdr=%u\n", (unsigned)sizeof mm[0]);
  n = sc(SYS_SENDMMSG, (uint32_t[]){dv[0], U(mm), 3, 0});
  printf("sendmmsg (socketcall): %ld lens=%u,%u,%u\n", n, mm[0].msg_len, mm[1].msg_len,
         mm[2].msg_len);
  char rbs[3][8];
  struct iovec ri[3];
  struct mmsghdr rm[3];
  memset(rm, 0, sizeof rm);
  memset(rbs, 0, sizeof rbs);
  for (int i = 0; i < 3; i++) {
    ri[i] = (struct iovec){rbs[i], sizeof rbs[i]};
    rm[i].msg_hdr.msg_iov = &ri[i];
    rm[i].msg_hdr.msg_iovlen = 1;
  }
  struct {
    int32_t sec, nsec;
  } to32 = {5, 0};
  n = sc(SYS_RECVMMSG, (uint32_t[]){dv[1], U(rm), 2, 0, U(&to32)});
  printf("recvmmsg (socketcall): %ld", n);
  printf(" %s/%u %s/%u timeout kept < 5s: %d\n", rbs[0], rm[0].msg_len, rbs[1], rm[1].msg_len,
         to32.sec < 5 || (to32.sec == 5 && to32.nsec == 0));
  memset(rbs, 0, sizeof rbs);
  n = raw(syscall(SYS_recvmmsg, dv[1], rm, 3, MSG_WAITFORONE, NULL));
  printf("recvmmsg direct WAITFORONE: %s", ename(n));
  printf(" %s/%u\n", rbs[0], rm[0].msg_len);
  printf("recvmmsg empty nonblocking: %s\n",
         ename(raw(syscall(SYS_recvmmsg, dv[1], rm, 3, MSG_DONTWAIT, NULL))));
  to32.nsec = -1;
  printf("recvmmsg bad timeout: %s\n", ename(raw(syscall(SYS_recvmmsg, dv[1], rm, 3, 0, &to32))));
  printf("recvmmsg timeout EFAULT: %s\n",
         ename(raw(syscall(SYS_recvmmsg, dv[1], rm, 3, 0, (void *)8))));
#ifdef SYS_recvmmsg_time64
  struct {
    int64_t sec, nsec;
  } to64 = {100, 0};
  sendto(dv[0], "t64", 3, 0, NULL, 0);
  n = raw(syscall(SYS_recvmmsg_time64, dv[1], rm, 1, 0, &to64));
  printf("recvmmsg_time64: %s", ename(n));
  printf(" %.3s left<=100s: %d\n", rbs[0], to64.sec <= 100 && to64.sec >= 90);
#endif
  printf(
      "sendmmsg direct bad entry 2: %ld\n",
      raw(syscall(SYS_sendmmsg, dv[0],
                  (struct mmsghdr[]){mm[0], {.msg_hdr = {.msg_iov = (void *)8, .msg_iovlen = 1}}},
                  2, 0)));
  printf("sendmmsg bad first: %s\n", ename(raw(syscall(SYS_sendmmsg, dv[0], (void *)8, 2, 0))));

  /* SYS_SHUTDOWN */
  printf("shutdown: %s\n", ename(sc(SYS_SHUTDOWN, (uint32_t[]){cli, SHUT_WR})));
  printf("read after peer shutdown: %ld\n", (long)read(acc, buf, 1));
  printf("shutdown not connected: %s\n", ename(sc(SYS_SHUTDOWN, (uint32_t[]){srv, SHUT_RD})));
  unlink(sa.sun_path);
  return 0;
}
