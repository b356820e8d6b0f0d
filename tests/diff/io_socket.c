/* io_socket.c — sockets: socketpair send/recv, sendmsg/recvmsg with iovecs and an
 * SCM_RIGHTS fd, socket options, AF_UNIX stream bind/listen/connect/accept in the
 * scratch directory, AF_INET TCP and UDP on 127.0.0.1 (ports never printed), shutdown,
 * getsockname/getpeername, and EPIPE after the reader closed (SIGPIPE ignored).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case ENOTSOCK: return "ENOTSOCK";
  case EAGAIN: return "EAGAIN";
  case EPIPE: return "EPIPE";
  case ENOTCONN: return "ENOTCONN";
  case ENOPROTOOPT: return "ENOPROTOOPT";
  case EAFNOSUPPORT: return "EAFNOSUPPORT";
  case ENOENT: return "ENOENT";
  case EMSGSIZE: return "EMSGSIZE";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case EADDRINUSE: return "EADDRINUSE";
  case ENOSYS: return "ENOSYS";
  default: return "other";
  }
}
#define RAW(...) (syscall(__VA_ARGS__) < 0 ? -(long)errno : 0)

static void socketpair_tests(void) {
  int sv[2];
  char buf[64];
  int rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  printf("socketpair: %d\n", rc);
  ssize_t n = send(sv[0], "ping", 4, 0);
  printf("send: %zd\n", n);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("recv: %zd %.*s\n", n, (int)n, buf);
  printf("recv empty nonblocking: %s\n",
         ename(RAW(SYS_recvfrom, sv[1], buf, 1, MSG_DONTWAIT, NULL, NULL)));

  /* sendmsg with two iovecs and an SCM_RIGHTS fd (a pipe's read end) */
  int p[2];
  pipe(p);
  write(p[1], "through the fd", 14);
  struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
  union {
    struct cmsghdr h;
    char b[CMSG_SPACE(sizeof(int))];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr m = {0};
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  m.msg_control = ctl.b;
  m.msg_controllen = sizeof ctl.b;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &p[0], sizeof(int));
  n = sendmsg(sv[0], &m, 0);
  printf("sendmsg: %zd\n", n);
  close(p[0]);
  close(p[1]);

  char a[3] = {0}, b[8] = {0};
  struct iovec riov[2] = {{a, 2}, {b, sizeof b}};
  union {
    struct cmsghdr h;
    char b[CMSG_SPACE(sizeof(int)) + 16];
  } rctl;
  memset(&rctl, 0, sizeof rctl);
  struct msghdr rm = {0};
  rm.msg_iov = riov;
  rm.msg_iovlen = 2;
  rm.msg_control = rctl.b;
  rm.msg_controllen = sizeof rctl.b;
  rm.msg_flags = 0x7777;
  n = recvmsg(sv[1], &rm, 0);
  printf("recvmsg: %zd a=%s b=%s flags=%#x controllen=%zu\n", n, a, b, rm.msg_flags,
         (size_t)rm.msg_controllen);
  c = CMSG_FIRSTHDR(&rm);
  if (c && c->cmsg_type == SCM_RIGHTS) {
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    n = read(fd, buf, sizeof buf);
    printf("passed fd reads: %.*s\n", (int)n, buf);
    close(fd);
  } else {
    printf("no SCM_RIGHTS\n");
  }

  /* a control buffer too small for the fd: MSG_CTRUNC */
  pipe(p);
  memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &p[0], sizeof(int));
  sendmsg(sv[0], &m, 0);
  close(p[0]);
  close(p[1]);
  rm.msg_controllen = sizeof(struct cmsghdr) - 1;
  rm.msg_flags = 0;
  n = recvmsg(sv[1], &rm, 0);
  printf("recvmsg small control: %zd ctrunc=%d\n", n, !!(rm.msg_flags & MSG_CTRUNC));

  /* too many iovecs */
  static struct iovec many[1025];
  for (int i = 0; i < 1025; i++) many[i] = (struct iovec){buf, 1};
  struct msghdr mm = {0};
  mm.msg_iov = many;
  mm.msg_iovlen = 1025;
  printf("sendmsg 1025 iovecs: %s\n", ename(RAW(SYS_sendmsg, sv[0], &mm, 0)));

  /* socket options */
  int type = -1;
  socklen_t len = sizeof type;
  rc = getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
  printf("SO_TYPE: %d %d len=%u\n", rc, type, len);
  int v = 1;
  rc = setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &v, sizeof v);
  v = 0;
  len = sizeof v;
  getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &v, &len);
  printf("SO_PASSCRED: %d %d\n", rc, v);
  printf("setsockopt optlen<0: %s\n",
         ename(RAW(SYS_setsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, &v, -1)));
  printf("setsockopt short: %s\n",
         ename(RAW(SYS_setsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, &v, 2)));
  len = 1;
  rc = getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
  printf("getsockopt short len: %d len=%u\n", rc, len);
  printf("getsockopt on pipe: %s\n", ename(RAW(SYS_getsockopt, 0, SOL_SOCKET, SO_TYPE, &v, &len)));
  printf("setsockopt bad fd: %s\n",
         ename(RAW(SYS_setsockopt, 99, SOL_SOCKET, SO_PASSCRED, &v, sizeof v)));
  /* A level the socket does not know: its family's answer. */
  printf("setsockopt unix, level 999: %s\n",
         ename(RAW(SYS_setsockopt, sv[0], 999, 1, &v, sizeof v)));
  len = sizeof v;
  printf("getsockopt unix, level 999: %s\n", ename(RAW(SYS_getsockopt, sv[0], 999, 1, &v, &len)));
  int in = socket(AF_INET, SOCK_DGRAM, 0);
  if (in >= 0) {
    printf("setsockopt inet, level 999: %s\n",
           ename(RAW(SYS_setsockopt, in, 999, 1, &v, sizeof v)));
    len = sizeof v;
    printf("getsockopt inet, level 999: %s\n", ename(RAW(SYS_getsockopt, in, 999, 1, &v, &len)));
    close(in);
  }

  /* shutdown: the peer reads EOF; SIGPIPE ignored, the writer gets EPIPE */
  shutdown(sv[0], SHUT_WR);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("recv after shutdown: %zd\n", n);
  signal(SIGPIPE, SIG_IGN);
  close(sv[1]);
  printf("send to closed peer: %s\n", ename(RAW(SYS_sendto, sv[0], "x", 1, 0, NULL, 0)));
  close(sv[0]);

  /* datagram pair: message boundaries */
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  send(sv[0], "one", 3, 0);
  send(sv[0], "three", 5, 0);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("dgram 1: %zd\n", n);
  n = recv(sv[1], buf, 2, MSG_TRUNC);
  printf("dgram 2 truncated: %zd\n", n);
  close(sv[0]);
  close(sv[1]);
  printf("socketpair AF_INET: %s\n", ename(RAW(SYS_socketpair, AF_INET, SOCK_STREAM, 0, sv)));
}

static void unix_tests(void) {
  struct sockaddr_un sa = {0};
  sa.sun_family = AF_UNIX;
  strcpy(sa.sun_path, "io_socket.sock");
  unlink(sa.sun_path);
  int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int rc = bind(l, (struct sockaddr *)&sa, sizeof sa);
  printf("unix bind: %d\n", rc);
  printf("unix bind again: %s\n", ename(RAW(SYS_bind, l, &sa, sizeof sa)));
  printf("listen: %d\n", listen(l, 4));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  rc = connect(c, (struct sockaddr *)&sa, sizeof sa);
  printf("unix connect: %d\n", rc);
  struct sockaddr_un peer;
  socklen_t plen = sizeof peer;
  int a = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
  printf("accept4: %d peerlen=%u cloexec=%d\n", a >= 0, plen, fcntl(a, F_GETFD) & FD_CLOEXEC);
  struct sockaddr_un me;
  socklen_t mlen = sizeof me;
  rc = getsockname(l, (struct sockaddr *)&me, &mlen);
  printf("getsockname: %d len=%u path=%s\n", rc, mlen, me.sun_path);
  mlen = sizeof me;
  rc = getpeername(c, (struct sockaddr *)&me, &mlen);
  printf("getpeername: %d len=%u path=%s\n", rc, mlen, me.sun_path);
  mlen = 4; /* truncated: the full length is reported */
  rc = getsockname(l, (struct sockaddr *)&me, &mlen);
  printf("getsockname short: %d len=%u\n", rc, mlen);
  write(c, "unix!", 5);
  char buf[16];
  ssize_t n = read(a, buf, sizeof buf);
  printf("accepted reads: %zd %.*s\n", n, (int)n, buf);
  printf("accept4 bad flags: %s\n", ename(RAW(SYS_accept4, l, NULL, NULL, 0x1234)));
  printf("getpeername on listener: %s\n", ename(RAW(SYS_getpeername, l, &me, &mlen)));
  printf("connect missing path: ");
  strcpy(sa.sun_path, "no-such.sock");
  int d = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("%s\n", ename(RAW(SYS_connect, d, &sa, sizeof sa)));
  printf("connect addrlen 0: %s\n", ename(RAW(SYS_connect, d, &sa, 0)));
  printf("connect addrlen 1000: %s\n", ename(RAW(SYS_connect, d, &sa, 1000)));
  printf("bind on a pipe fd: %s\n", ename(RAW(SYS_bind, 0, &sa, sizeof sa)));
  close(d);
  close(a);
  close(c);
  close(l);
  unlink("io_socket.sock");
}

static void inet_tests(void) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  if (l < 0) {
    printf("no AF_INET\n");
    return;
  }
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  printf("inet bind: %d\n", bind(l, (struct sockaddr *)&sa, sizeof sa));
  printf("inet listen: %d\n", listen(l, 1));
  socklen_t len = sizeof sa;
  getsockname(l, (struct sockaddr *)&sa, &len);
  printf("bound port nonzero: %d len=%u\n", sa.sin_port != 0, len);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  printf("inet connect: %d\n", connect(c, (struct sockaddr *)&sa, sizeof sa));
  int a = accept(l, NULL, NULL);
  printf("inet accept: %d\n", a >= 0);
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int v = 0;
  len = sizeof v;
  getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len);
  printf("TCP_NODELAY: %d\n", v != 0);
  struct sockaddr_in pa;
  len = sizeof pa;
  getpeername(a, (struct sockaddr *)&pa, &len);
  printf("peer is loopback: %d\n", pa.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  send(c, "tcp data", 8, 0);
  char buf[16];
  ssize_t n = recv(a, buf, 8, MSG_WAITALL);
  printf("tcp recv: %zd %.*s\n", n, (int)n, buf);
  close(c);
  n = recv(a, buf, sizeof buf, 0);
  printf("tcp recv after close: %zd\n", n);
  close(a);
  close(l);

  /* UDP: sendto / recvfrom with the sender's address */
  int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in s1 = {0}, s2 = {0};
  s1.sin_family = s2.sin_family = AF_INET;
  s1.sin_addr.s_addr = s2.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(u1, (struct sockaddr *)&s1, sizeof s1);
  bind(u2, (struct sockaddr *)&s2, sizeof s2);
  len = sizeof s1;
  getsockname(u1, (struct sockaddr *)&s1, &len);
  len = sizeof s2;
  getsockname(u2, (struct sockaddr *)&s2, &len);
  n = sendto(u2, "udp!", 4, 0, (struct sockaddr *)&s1, sizeof s1);
  printf("sendto: %zd\n", n);
  struct sockaddr_in from;
  len = sizeof from;
  n = recvfrom(u1, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
  printf("recvfrom: %zd %.*s len=%u from-port-matches=%d\n", n, (int)n, buf, len,
         from.sin_port == s2.sin_port);
  printf("sendto addrlen 3: %s\n", ename(RAW(SYS_sendto, u2, "x", 1, 0, &s1, 3)));
  close(u1);
  close(u2);
  printf("socket bad family: %s\n", ename(RAW(SYS_socket, 12345, SOCK_STREAM, 0)));
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  socketpair_tests();
  unix_tests();
  inet_tests();
  return 0;
}
