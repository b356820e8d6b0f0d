/* st_misc.c — process, signal, time, poll/select, socket, ioctl and futex
 * calls for the strace golden test. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, &sa);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, &old);
  sigfillset(&set);
  sigdelset(&set, SIGKILL);
  sigprocmask(SIG_SETMASK, &set, NULL);
  sigprocmask(SIG_SETMASK, &old, NULL);
  struct timespec ts = {0, 1000};
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
  syscall(SYS_clock_getres, CLOCK_REALTIME, &ts);
  ts.tv_sec = 0;
  ts.tv_nsec = 1000;
  nanosleep(&ts, NULL);
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  setrlimit(RLIMIT_NOFILE, &rl);
  struct utsname u;
  uname(&u);
  getpid();
  getuid();
  int p[2];
  pipe2(p, O_CLOEXEC);
  write(p[1], "x", 1);
  struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
  poll(pf, 2, 0);
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  struct timeval tv = {0, 0};
  select(p[0] + 1, &rs, NULL, NULL, &tv);
  close(p[0]);
  close(p[1]);
  struct termios tio;
  ioctl(0, TCGETS, &tio);
  struct winsize ws;
  ioctl(1, TIOCGWINSZ, &ws);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un sun = {AF_UNIX, "/nonexistent/sock"};
  connect(s, (struct sockaddr *)&sun, sizeof sun);
  close(s);
  static int word;
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
  kill(getpid(), 0);
  syscall(0x1234, 1, 2, 3, 4, 5, 6);
  printf("done\n");
  return 7;
}
