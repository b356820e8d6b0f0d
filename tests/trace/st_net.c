/* st_net.c — socket structures for the strace golden test: the sockaddr
 * results of accept/accept4/getsockname/getpeername/recvfrom, socket options
 * (ints, SO_ERROR, SO_LINGER, unknown ones),
 * and sendmsg/recvmsg's msghdr, over AF_UNIX sockets in the scratch
 * directory and an AF_INET socket bound to the loopback address. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sun = {AF_UNIX, "sock"};
  bind(srv, (struct sockaddr *)&sun, sizeof sun);
  listen(srv, 4);
  int cl = socket(AF_UNIX, SOCK_STREAM, 0);
  connect(cl, (struct sockaddr *)&sun, sizeof sun);
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  int a = accept(srv, (struct sockaddr *)&peer, &len);
  len = sizeof peer;
  getsockname(srv, (struct sockaddr *)&peer, &len);
  len = sizeof peer;
  getpeername(cl, (struct sockaddr *)&peer, &len);
  len = sizeof peer;
  getpeername(srv, (struct sockaddr *)&peer, &len); /* ENOTCONN */
  int one = 1, val = 0;
  setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  len = sizeof val;
  getsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &val, &len);
  len = sizeof val;
  getsockopt(srv, SOL_SOCKET, SO_TYPE, &val, &len);
  len = sizeof val;
  getsockopt(cl, SOL_SOCKET, SO_ERROR, &val, &len);
  struct linger lg = {1, 5};
  setsockopt(cl, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  len = sizeof lg;
  getsockopt(cl, SOL_SOCKET, SO_LINGER, &lg, &len);
  len = 2;
  getsockopt(cl, SOL_SOCKET, SO_LINGER, &lg, &len);  /* a short buffer: part of the first field */
  setsockopt(cl, SOL_SOCKET, 999, &one, sizeof one); /* ENOPROTOOPT */

  /* sendmsg/recvmsg with two iovecs */
  char b1[] = "hello, ", b2[] = "world";
  struct iovec iov[2] = {{b1, 7}, {b2, 5}};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = iov;
  mh.msg_iovlen = 2;
  sendmsg(cl, &mh, MSG_NOSIGNAL);
  char r1[4], r2[16];
  struct iovec riov[2] = {{r1, sizeof r1}, {r2, sizeof r2}};
  mh.msg_iov = riov;
  recvmsg(a, &mh, 0);
  recvmsg(a, &mh, MSG_DONTWAIT); /* nothing left: EAGAIN, only {msg_namelen=0} */
  send(a, "pong", 4, 0);
  char buf[16];
  struct sockaddr_un from;
  len = sizeof from;
  recvfrom(cl, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
  close(a);
  close(cl);
  close(srv);

  /* AF_INET on the loopback address (port 0: the kernel picks one, shown masked) */
  int in = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = 0};
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(in, (struct sockaddr *)&sin, sizeof sin);
  close(in);
  int u = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un abs = {AF_UNIX, "\0emu-st-net"};
  bind(u, (struct sockaddr *)&abs, offsetof(struct sockaddr_un, sun_path) + 13);
  len = sizeof peer;
  getsockname(u, (struct sockaddr *)&peer, &len);
  close(u);
  printf("%.4s\n", buf);
  return 0;
}
