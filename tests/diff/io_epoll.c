/* io_epoll.c — epoll: create/create1, ctl ADD/MOD/DEL, wait/pwait/pwait2
 * readiness on pipes, level versus edge triggering, the data word round
 * trip, and the errors (EINVAL, EBADF, EEXIST, ENOENT, EFAULT, ELOOP-free
 * nesting).  Deterministic output; the native run is the oracle. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* errno names (musl has no strerrorname_np) */
static const char *err(long r) {
  if (r >= 0) return "ok";
  switch (errno) {
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case EEXIST: return "EEXIST";
  case ENOENT: return "ENOENT";
  case EFAULT: return "EFAULT";
  case ELOOP: return "ELOOP";
  case EPERM: return "EPERM";
  case EINTR: return "EINTR";
  default: return "E?";
  }
}

static void show(const char *what, int n, struct epoll_event *ev) {
  printf("%s: %d", what, n);
  for (int i = 0; i < n; i++) printf(" [%#x %llx]", ev[i].events, (unsigned long long)ev[i].data.u64);
  printf("\n");
}

int main(void) {
  int p[2], q[2];
  if (pipe(p) || pipe(q)) return 1;
  printf("epoll_create(0): %s\n", err(epoll_create(0)));
  printf("epoll_create1(bad flags): %s\n", err(epoll_create1(12345)));
  int ep = epoll_create1(EPOLL_CLOEXEC);
  printf("epoll_create1: %s\n", ep >= 0 ? "fd" : err(ep));

  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
  printf("add p[0]: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev)));
  printf("add p[0] again: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev)));
  ev.data.u64 = 42;
  ev.events = EPOLLOUT;
  printf("add q[1] out: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev)));
  printf("mod unknown fd: %s\n", err(epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &ev)));
  printf("add itself: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev)));
  printf("add bad fd: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev)));
  printf("ctl bad event ptr: %s\n",
         err(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, q[0], (void *)1)));
  printf("del with NULL event: %s\n", err(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, q[1], NULL)));

  struct epoll_event out[8];
  show("wait idle", epoll_wait(ep, out, 8, 0), out);
  if (write(p[1], "x", 1) != 1) return 1;
  show("wait readable", epoll_wait(ep, out, 8, 10), out);
  show("level again", epoll_wait(ep, out, 8, 0), out);

  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = 7;
  printf("mod to edge: %s\n", err(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev)));
  show("edge first", epoll_wait(ep, out, 8, 0), out);
  show("edge again", epoll_wait(ep, out, 8, 0), out);

  printf("maxevents 0: %s\n", err(epoll_wait(ep, out, 0, 0)));
  printf("maxevents huge: %s\n", err(syscall(SYS_epoll_wait, ep, out, 0x7fffffff, 0)));
  if (write(p[1], "y", 1) != 1) return 1;
  printf("events to bad ptr: %s\n", err(syscall(SYS_epoll_wait, ep, (void *)1, 4, 0)));
  printf("wait on a pipe fd: %s\n", err(epoll_wait(p[0], out, 8, 0)));
  printf("wait on bad fd: %s\n", err(epoll_wait(999, out, 8, 0)));

  sigset_t ss;
  sigemptyset(&ss);
  if (write(p[1], "z", 1) != 1) return 1;
  show("pwait with mask", epoll_pwait(ep, out, 8, 0, &ss), out);
  printf("pwait bad sigsetsize: %s\n",
         err(syscall(SYS_epoll_pwait, ep, out, 8, 0, &ss, (size_t)4)));
#ifdef SYS_epoll_pwait2
  struct timespec ts = {0, 1000000};
  long r = syscall(SYS_epoll_pwait2, ep, out, 8, &ts, NULL, (size_t)8);
  printf("pwait2: %ld\n", r < 0 ? -1L : r);
  ts.tv_nsec = 2000000000;
  printf("pwait2 bad timespec: %s\n", err(syscall(SYS_epoll_pwait2, ep, out, 8, &ts, NULL, 8)));
#endif
  int ep2 = epoll_create1(0);
  ev.events = EPOLLIN;
  ev.data.u64 = 9;
  printf("nest: %s\n", err(epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev)));
  show("nested ready", epoll_wait(ep2, out, 8, 0), out);
  printf("del p[0]: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL)));
  printf("del again: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL)));
  show("nested after del", epoll_wait(ep2, out, 8, 0), out);
  return 0;
}
