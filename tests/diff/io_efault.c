/* io_efault.c — every I/O, time and info call that takes a structure, called raw with
 * a bad pointer ((void *)1, and a page that was mapped then unmapped), printing the
 * errno; and the order in which Linux finds errors (EBADF / ENOTTY / ENOTSOCK / EINVAL
 * before EFAULT).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* <linux/capability.h> is not in musl's include path */
struct cap_header {
  unsigned version;
  int pid;
};
#define CAP_VERSION_3 0x20080522

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case ENOTTY: return "ENOTTY";
  case ENOTSOCK: return "ENOTSOCK";
  case EPERM: return "EPERM";
  case ESRCH: return "ESRCH";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case ENOSYS: return "ENOSYS";
  default: return "other";
  }
}
static void show(const char *what, long r) {
  printf("%-40s %s\n", what, ename(r < 0 ? -(long)errno : r));
}
#define T(what, ...) show(what, syscall(__VA_ARGS__))

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  void *bad = (void *)1;
  char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(gone, 4096);
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int p[2];
  pipe(p);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

  /* pipes and fd pairs: no fds leak on EFAULT */
  T("pipe bad", SYS_pipe, bad);
  T("pipe2 bad", SYS_pipe2, gone, 0);
  T("pipe2 read-only", SYS_pipe2, ro, 0);
  T("pipe2 bad flags + bad ptr", SYS_pipe2, bad, 0x7fffffff);
  T("socketpair bad", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, bad);
  int probe = dup(0);
  printf("%-40s %s\n", "no fd leaked", probe == p[0] + 4 ? "yes" : "NO");
  close(probe);

  /* ioctl */
  T("ioctl FIONREAD bad", SYS_ioctl, p[0], FIONREAD, bad);
  T("ioctl FIONREAD read-only", SYS_ioctl, p[0], FIONREAD, ro);
  T("ioctl FIONBIO bad", SYS_ioctl, p[0], FIONBIO, bad);
  T("ioctl FIONBIO bad fd + bad ptr", SYS_ioctl, 99, FIONBIO, bad);
  T("ioctl TCGETS pipe bad ptr", SYS_ioctl, p[0], TCGETS, bad);
  T("ioctl TCSETS pipe bad ptr", SYS_ioctl, p[0], TCSETS, bad);
  T("ioctl TIOCGWINSZ pipe bad ptr", SYS_ioctl, p[0], TIOCGWINSZ, bad);
  T("ioctl TIOCSWINSZ bad fd bad ptr", SYS_ioctl, 99, TIOCSWINSZ, bad);

  /* poll and select */
  T("poll bad", SYS_poll, bad, 1, 0);
  T("poll nfds 0 bad", SYS_poll, bad, 0, 0);
  struct pollfd pf = {p[1], POLLOUT, 0};
  T("poll read-only fds", SYS_poll, ro, 1, 0);
  T("ppoll bad timeout", SYS_ppoll, &pf, 1, bad, NULL, 8);
  struct timespec z = {0, 0};
  T("ppoll bad sigmask", SYS_ppoll, &pf, 1, &z, bad, 8);
  T("ppoll bad sigmask+size", SYS_ppoll, &pf, 1, &z, bad, 4);
  T("select bad readfds", SYS_select, 1, bad, NULL, NULL, NULL);
  T("select bad timeout", SYS_select, 1, NULL, NULL, NULL, bad);
  T("select n<0 bad set", SYS_select, -1, bad, NULL, NULL, NULL);
  T("pselect6 bad timeout", SYS_pselect6, 1, NULL, NULL, NULL, bad, NULL);
  T("pselect6 bad argpack", SYS_pselect6, 1, NULL, NULL, NULL, &z, bad);

  /* sockets */
  T("bind bad addr", SYS_bind, sv[0], bad, sizeof(struct sockaddr_un));
  T("bind bad fd bad addr", SYS_bind, 99, bad, 16);
  T("bind not socket bad addr", SYS_bind, p[0], bad, 16);
  T("connect bad addr", SYS_connect, sv[0], bad, 16);
  T("connect bad len bad addr", SYS_connect, sv[0], bad, -1);
  T("getsockname bad len ptr", SYS_getsockname, sv[0], gone, bad);
  char sbuf[128];
  socklen_t slen = sizeof sbuf;
  T("getsockname bad addr", SYS_getsockname, sv[0], bad, &slen);
  T("getpeername bad len ptr", SYS_getpeername, sv[0], sbuf, bad);
  T("getsockopt bad optlen", SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE, sbuf, bad);
  slen = 4;
  T("getsockopt bad optval", SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE, bad, &slen);
  T("setsockopt bad optval", SYS_setsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, bad, 4);
  T("sendto bad buf", SYS_sendto, sv[0], bad, 4, 0, NULL, 0);
  T("sendmsg bad msghdr", SYS_sendmsg, sv[0], bad, 0);
  T("sendmsg bad fd bad msghdr", SYS_sendmsg, 99, bad, 0);
  T("recvmsg bad msghdr", SYS_recvmsg, sv[0], bad, 0);
  struct iovec iov = {bad, 4};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  T("sendmsg bad iov base", SYS_sendmsg, sv[0], &m, 0);
  m.msg_iov = bad;
  T("sendmsg bad iov array", SYS_sendmsg, sv[0], &m, 0);
  iov = (struct iovec){"ok", 2};
  m.msg_iov = &iov;
  m.msg_control = bad;
  m.msg_controllen = 32;
  T("sendmsg bad control", SYS_sendmsg, sv[0], &m, 0);
  m.msg_control = NULL;
  m.msg_controllen = 0;
  m.msg_name = bad;
  m.msg_namelen = 16;
  T("sendmsg bad name (stream)", SYS_sendmsg, sv[0], &m, 0);
  send(sv[1], "zz", 2, 0);
  T("recvfrom bad buf", SYS_recvfrom, sv[0], bad, 4, MSG_DONTWAIT, NULL, NULL);
  T("recvfrom bad buf, empty", SYS_recvfrom, sv[0], bad, 4, MSG_DONTWAIT, NULL, NULL);

  /* time */
  T("clock_gettime bad", SYS_clock_gettime, CLOCK_REALTIME, bad);
  T("clock_gettime bad clock bad ptr", SYS_clock_gettime, 12345, bad);
  T("clock_gettime read-only", SYS_clock_gettime, CLOCK_MONOTONIC, ro);
  T("clock_getres bad", SYS_clock_getres, CLOCK_MONOTONIC, bad);
  T("clock_getres NULL", SYS_clock_getres, CLOCK_MONOTONIC, NULL);
  T("gettimeofday bad tv", SYS_gettimeofday, bad, NULL);
  struct timespec ts;
  T("gettimeofday bad tz", SYS_gettimeofday, &ts, bad);
  T("gettimeofday NULL NULL", SYS_gettimeofday, NULL, NULL);
  T("time bad", SYS_time, bad);
  T("nanosleep bad req", SYS_nanosleep, bad, NULL);
  struct timespec inval = {0, -1};
  T("nanosleep invalid req bad rem", SYS_nanosleep, &inval, bad);
  T("nanosleep zero, bad rem", SYS_nanosleep, &z, bad);
  T("clock_nanosleep bad req", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad, NULL);
  T("clock_nanosleep bad clock bad req", SYS_clock_nanosleep, 12345, 0, bad, NULL);
  T("clock_nanosleep thread clock bad req", SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, bad,
    NULL);
  T("times bad", SYS_times, bad);

  /* info */
  T("uname bad", SYS_uname, bad);
  T("uname read-only", SYS_uname, ro);
  T("sysinfo bad", SYS_sysinfo, bad);
  T("getrlimit bad", SYS_getrlimit, RLIMIT_NOFILE, bad);
  T("getrlimit bad resource bad ptr", SYS_getrlimit, 1000, bad);
  T("setrlimit bad", SYS_setrlimit, RLIMIT_NOFILE, bad);
  T("prlimit64 bad new", SYS_prlimit64, 0, RLIMIT_NOFILE, bad, NULL);
  T("prlimit64 bad old", SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bad);
  T("getrusage bad", SYS_getrusage, RUSAGE_SELF, bad);
  T("getrusage bad who bad ptr", SYS_getrusage, 77, bad);
  T("getresuid bad", SYS_getresuid, bad, bad, bad);
  uid_t u;
  T("getresuid bad 3rd", SYS_getresuid, &u, &u, bad);
  T("getgroups bad", SYS_getgroups, 64, bad);
  T("getgroups size 0 bad", SYS_getgroups, 0, bad);
  T("getgroups negative", SYS_getgroups, -1, bad);
  T("sched_getaffinity bad", SYS_sched_getaffinity, 0, 128, bad);
  T("sched_getaffinity len 3 bad", SYS_sched_getaffinity, 0, 3, bad);
  T("sched_setaffinity bad", SYS_sched_setaffinity, 0, 128, bad);
  T("sched_getparam bad", SYS_sched_getparam, 0, bad);
  T("sched_getparam NULL", SYS_sched_getparam, 0, NULL);
  T("sched_getparam pid<0 bad", SYS_sched_getparam, -1, bad);
  T("sched_rr_get_interval bad", SYS_sched_rr_get_interval, 0, bad);
  T("getrandom bad", SYS_getrandom, bad, 16, 0);
  T("getrandom bad flags bad ptr", SYS_getrandom, bad, 16, 0x100);
  T("getrandom bad len 0", SYS_getrandom, bad, 0, 0);
  T("getcpu bad", SYS_getcpu, bad, NULL, NULL);
  T("getcpu NULLs", SYS_getcpu, NULL, NULL, NULL);
  T("capget bad header", SYS_capget, bad, NULL);
  struct cap_header h = {CAP_VERSION_3, 0};
  T("capget bad data", SYS_capget, &h, bad);
  T("capget NULL data", SYS_capget, &h, NULL);
  h.version = 0x1234;
  T("capget bad version NULL data", SYS_capget, &h, NULL);
  printf("%-40s %#x\n", "  version written back", h.version);
  h.version = 0x1234;
  T("capget bad version", SYS_capget, &h, bad);
  h.version = CAP_VERSION_3;
  T("capset bad data", SYS_capset, &h, bad);
  h.pid = 1;
  T("capset other pid bad data", SYS_capset, &h, bad);
  return 0;
}
