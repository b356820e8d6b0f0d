/* io_pipe.c — pipes and their readiness: write/read, pipe2 flags, poll, ppoll, select,
 * pselect6 (with the time left written back), ioctl FIONREAD/FIONBIO/FIOCLEX and the
 * tty requests on a non-tty (ENOTTY), eventfd.  Prints facts and errno names only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case ENOTTY: return "ENOTTY";
  case EAGAIN: return "EAGAIN";
  case EPIPE: return "EPIPE";
  case ENOSYS: return "ENOSYS";
  default: return "other";
  }
}
/* raw system call: result or -errno */
#define RAW(...) (syscall(__VA_ARGS__) < 0 ? -(long)errno : 0)

int main(void) {
  int p[2];
  char buf[64];

  /* plain pipe */
  printf("pipe: %d\n", pipe(p));
  printf("write: %zd\n", write(p[1], "hello", 5));
  int n = -1, rc;
  rc = ioctl(p[0], FIONREAD, &n);
  printf("FIONREAD: %d %d\n", rc, n);
  ssize_t got = read(p[0], buf, sizeof buf);
  printf("read: %zd %.5s\n", got, buf);
  rc = ioctl(p[0], FIONREAD, &n);
  printf("FIONREAD empty: %d %d\n", rc, n);
  printf("FD_CLOEXEC default: %d\n", fcntl(p[0], F_GETFD) & FD_CLOEXEC);

  /* tty requests on a pipe */
  struct winsize ws;
  struct termios tio;
  printf("TIOCGWINSZ pipe: %s\n", ename(RAW(SYS_ioctl, p[0], TIOCGWINSZ, &ws)));
  printf("TCGETS pipe: %s\n", ename(RAW(SYS_ioctl, p[0], TCGETS, &tio)));
  printf("TCSETS pipe: %s\n", ename(RAW(SYS_ioctl, p[0], TCSETS, &tio)));
  printf("TIOCGWINSZ badfd: %s\n", ename(RAW(SYS_ioctl, 999, TIOCGWINSZ, &ws)));
  printf("unknown ioctl: %s\n", ename(RAW(SYS_ioctl, p[0], 0x5499, 0)));
  int fd0 = open("/dev/null", O_RDONLY);
  printf("TIOCGWINSZ /dev/null: %s\n", ename(RAW(SYS_ioctl, fd0, TIOCGWINSZ, &ws)));
  close(fd0);

  /* FIOCLEX / FIONCLEX / FIONBIO */
  rc = ioctl(p[0], FIOCLEX);
  printf("FIOCLEX: %d cloexec=%d\n", rc, fcntl(p[0], F_GETFD) & FD_CLOEXEC);
  rc = ioctl(p[0], FIONCLEX);
  printf("FIONCLEX: %d cloexec=%d\n", rc, fcntl(p[0], F_GETFD) & FD_CLOEXEC);
  int on = 1;
  rc = ioctl(p[0], FIONBIO, &on);
  printf("FIONBIO: %d nonblock=%d\n", rc, !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  printf("read empty nonblocking: %s\n", ename(RAW(SYS_read, p[0], buf, 1)));
  on = 0;
  ioctl(p[0], FIONBIO, &on);

  /* poll readiness */
  struct pollfd pf[2] = {{p[0], POLLIN, 0x7777}, {p[1], POLLOUT, 0x7777}};
  rc = poll(pf, 2, 0);
  printf("poll: %d rev=%#x %#x\n", rc, pf[0].revents, pf[1].revents);
  write(p[1], "x", 1);
  rc = poll(pf, 1, 0);
  printf("poll after write: %d rev=%#x\n", rc, pf[0].revents);
  struct pollfd bad = {999, POLLIN, 0};
  rc = poll(&bad, 1, 0);
  printf("poll bad fd: %d rev=%#x\n", rc, bad.revents);
  struct pollfd neg = {-1, POLLIN, 0x55};
  rc = poll(&neg, 1, 0);
  printf("poll negative fd: %d rev=%#x\n", rc, neg.revents);
  read(p[0], buf, 1);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  printf("poll timeout 30ms: %d\n", poll(pf, 1, 30));
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  printf("waited >= 29ms: %d\n", ms >= 29);

  /* ppoll with a timeout: the raw call writes the time left back */
  struct timespec ts = {0, 20000000};
  long r = syscall(SYS_ppoll, pf, 1, &ts, NULL, 8);
  printf("ppoll: %ld left<=20ms: %d\n", r, ts.tv_sec == 0 && ts.tv_nsec <= 20000000);
  sigset_t ss;
  sigemptyset(&ss);
  ts = (struct timespec){0, 0};
  printf("ppoll sigsetsize 4: %s\n", ename(RAW(SYS_ppoll, pf, 1, &ts, &ss, 4)));
  ts = (struct timespec){0, 1000000000};
  printf("ppoll bad timeout: %s\n", ename(RAW(SYS_ppoll, pf, 1, &ts, NULL, 8)));

  /* select */
  fd_set rd, wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(p[0], &rd);
  FD_SET(p[1], &wr);
  struct timeval tv = {0, 0};
  r = syscall(SYS_select, p[1] + 1, &rd, &wr, NULL, &tv);
  printf("select: %ld rd=%d wr=%d\n", r, FD_ISSET(p[0], &rd), FD_ISSET(p[1], &wr));
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  tv = (struct timeval){0, 20000};
  r = syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv);
  printf("select timeout: %ld rd=%d tv written=%d\n", r, FD_ISSET(p[0], &rd),
         tv.tv_sec == 0 && tv.tv_usec < 20000);
  tv = (struct timeval){0, -1};
  printf("select bad timeval: %s\n", ename(RAW(SYS_select, 1, NULL, NULL, NULL, &tv)));
  tv = (struct timeval){0, 1500000}; /* usec above a second is folded in */
  FD_ZERO(&wr);
  FD_SET(p[1], &wr);
  printf("select usec>1s: %ld\n", syscall(SYS_select, p[1] + 1, NULL, &wr, NULL, &tv));
  printf("select n<0: %s\n", ename(RAW(SYS_select, -1, NULL, NULL, NULL, NULL)));
  FD_ZERO(&rd);
  FD_SET(77, &rd);
  tv = (struct timeval){0, 0};
  printf("select closed fd: %s\n", ename(RAW(SYS_select, 78, &rd, NULL, NULL, &tv)));

  /* pselect6 */
  write(p[1], "y", 1);
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  ts = (struct timespec){1, 0};
  struct {
    const sigset_t *ss;
    size_t len;
  } pack = {&ss, 8};
  r = syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, &pack);
  printf("pselect6: %ld rd=%d\n", r, FD_ISSET(p[0], &rd));
  pack.len = 16;
  printf("pselect6 bad sigsetsize: %s\n",
         ename(RAW(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, &pack)));
  read(p[0], buf, 1);

  /* pipe writer closed: reader sees EOF and POLLHUP */
  close(p[1]);
  pf[0] = (struct pollfd){p[0], POLLIN, 0};
  rc = poll(pf, 1, 0);
  printf("poll after writer close: %d rev=%#x\n", rc, pf[0].revents);
  printf("read at EOF: %zd\n", read(p[0], buf, 1));
  close(p[0]);

  /* pipe2 flags */
  rc = pipe2(p, O_CLOEXEC | O_NONBLOCK);
  printf("pipe2 cloexec|nonblock: %d\n", rc);
  printf("  cloexec=%d nonblock=%d\n", fcntl(p[0], F_GETFD) & FD_CLOEXEC,
         !!(fcntl(p[1], F_GETFL) & O_NONBLOCK));
  printf("  read empty: %s\n", ename(RAW(SYS_read, p[0], buf, 1)));
  close(p[0]);
  close(p[1]);
  printf("pipe2 bad flags: %s\n", ename(RAW(SYS_pipe2, p, 0x12345678)));

  /* a big write fills the pipe: nonblocking write stops short */
  pipe2(p, O_NONBLOCK);
  static char big[1 << 17];
  ssize_t w = write(p[1], big, sizeof big);
  printf("pipe capacity write: %zd\n", w);
  printf("write to full pipe: %s\n", ename(RAW(SYS_write, p[1], big, 1)));
  ioctl(p[0], FIONREAD, &n);
  printf("FIONREAD full: %d\n", n);
  close(p[0]);
  close(p[1]);

  /* eventfd */
  int efd = eventfd(3, EFD_NONBLOCK);
  unsigned long long v = 0;
  got = read(efd, &v, 8);
  printf("eventfd read: %zd %llu\n", got, v);
  printf("eventfd read empty: %s\n", ename(RAW(SYS_read, efd, &v, 8)));
  v = 5;
  write(efd, &v, 8);
  write(efd, &v, 8);
  read(efd, &v, 8);
  printf("eventfd sum: %llu\n", v);
  close(efd);
  efd = syscall(SYS_eventfd, 7);
  read(efd, &v, 8);
  printf("eventfd (old call): %llu\n", v);
  close(efd);
  printf("eventfd2 bad flags: %s\n", ename(RAW(SYS_eventfd2, 0, 2)));
  return 0;
}
