/* io32_efault.c — raw `int $0x80` with bad pointers (an address in the first
 * page, an unmapped page, a read-only page for results) for every i386 I/O,
 * time and information call that takes a structure, printing the errno; the
 * i386 numbers and layouts are the kernel's compat entry points.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/net.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

long int80(long nr, long a, long b, long c, long d, long e, long f);
__asm__(
    ".text\n.globl int80\nint80:\n"
    "  push %ebp\n  push %ebx\n  push %esi\n  push %edi\n"
    "  mov 20(%esp), %eax\n  mov 24(%esp), %ebx\n  mov 28(%esp), %ecx\n"
    "  mov 32(%esp), %edx\n  mov 36(%esp), %esi\n  mov 40(%esp), %edi\n"
    "  mov 44(%esp), %ebp\n  int $0x80\n"
    "  pop %edi\n  pop %esi\n  pop %ebx\n  pop %ebp\n  ret\n");

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case ENOTTY: return "ENOTTY";
  case ENOTSOCK: return "ENOTSOCK";
  case EPERM: return "EPERM";
  case ENOSYS: return "ENOSYS";
  default: return "other";
  }
}

#define T(label, ...) printf("%-40s %s\n", label, ename(int80(__VA_ARGS__)))
#define A(...)        __VA_ARGS__, 0, 0, 0, 0, 0, 0

int main(void) {
  long bad = 1;
  /* the read-only page first, so the unmapped one is not reused for it */
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(gone, 4096);
  long un = (long)gone;
  long rop = (long)ro;
  int p[2];
  pipe(p);
  int sv[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);

  /* pipes, ioctl, eventfd */
  T("pipe bad", SYS_pipe, bad, 0, 0, 0, 0, 0);
  T("pipe read-only", SYS_pipe, rop, 0, 0, 0, 0, 0);
  T("pipe2 unmapped", SYS_pipe2, un, 0, 0, 0, 0, 0);
  T("ioctl FIONREAD bad", SYS_ioctl, p[0], FIONREAD, bad, 0, 0, 0);
  T("ioctl TCGETS pipe bad", SYS_ioctl, p[0], TCGETS, bad, 0, 0, 0);
  T("ioctl TIOCGWINSZ bad fd", SYS_ioctl, 99, TIOCGWINSZ, bad, 0, 0, 0);

  /* poll family and select family */
  T("poll bad", SYS_poll, bad, 1, 0, 0, 0, 0);
  T("ppoll bad timeout", SYS_ppoll, 0, 0, bad, 0, 8, 0);
  T("ppoll bad mask", SYS_ppoll, 0, 0, (long)&(int[2]){0, 0}, un, 8, 0);
  T("ppoll_time64 bad timeout", SYS_ppoll_time64, 0, 0, un, 0, 8, 0);
  T("select (old) bad block", SYS_select, bad, 0, 0, 0, 0, 0);
  uint32_t blk[5] = {1, (uint32_t)bad, 0, 0, 0};
  T("select (old) bad set", SYS_select, (long)blk, 0, 0, 0, 0, 0);
  blk[1] = 0;
  blk[4] = (uint32_t)un;
  T("select (old) bad timeout", SYS_select, (long)blk, 0, 0, 0, 0, 0);
  T("_newselect bad set", SYS__newselect, 1, bad, 0, 0, 0, 0);
  T("_newselect bad timeout", SYS__newselect, 0, 0, 0, 0, un, 0);
  T("pselect6 bad argpack", SYS_pselect6, 0, 0, 0, 0, 0, bad);
  uint32_t pk[2] = {(uint32_t)un, 8};
  T("pselect6 bad sigset", SYS_pselect6, 0, 0, 0, 0, 0, (long)pk);
  T("pselect6 bad timeout", SYS_pselect6, 0, 0, 0, 0, bad, 0);
  T("pselect6_time64 bad timeout", SYS_pselect6_time64, 0, 0, 0, 0, un, 0);

  /* sockets: socketcall, direct calls */
  T("socketcall bad args", SYS_socketcall, SYS_SOCKET, bad, 0, 0, 0, 0);
  T("socketcall bad call", SYS_socketcall, 99, bad, 0, 0, 0, 0);
  uint32_t spa[4] = {AF_UNIX, SOCK_STREAM, 0, (uint32_t)rop};
  T("socketcall socketpair read-only", SYS_socketcall, SYS_SOCKETPAIR, (long)spa, 0, 0, 0, 0);
  T("socketpair bad", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, bad, 0, 0);
  T("bind bad addr", SYS_bind, sv[0], bad, 16, 0, 0, 0);
  T("connect unmapped addr", SYS_connect, sv[0], un, 16, 0, 0, 0);
  T("getsockname bad len", SYS_getsockname, sv[0], 0, bad, 0, 0, 0);
  T("getsockname on pipe", SYS_getsockname, p[0], 0, bad, 0, 0, 0);
  T("sendto bad buf", SYS_sendto, sv[0], bad, 4, 0, 0, 0);
  T("recvfrom bad len", SYS_recvfrom, sv[1], 0, 0, MSG_DONTWAIT, bad, bad);
  T("setsockopt bad", SYS_setsockopt, sv[0], SOL_SOCKET, SO_SNDBUF, bad, 4, 0);
  T("getsockopt bad len", SYS_getsockopt, sv[0], SOL_SOCKET, SO_SNDBUF, 0, bad, 0);
  T("getsockopt RCVTIMEO bad val", SYS_getsockopt, sv[0], SOL_SOCKET, SO_RCVTIMEO, bad,
    (long)&(int){8}, 0);
  T("sendmsg bad msghdr", SYS_sendmsg, sv[0], bad, 0, 0, 0, 0);
  uint32_t mh[7] = {0, 0, (uint32_t)un, 1, 0, 0, 0};
  T("sendmsg bad iov", SYS_sendmsg, sv[0], (long)mh, 0, 0, 0, 0);
  uint32_t iov[2] = {(uint32_t)bad, 4};
  mh[2] = (uint32_t)(uintptr_t)iov;
  T("sendmsg bad iov_base", SYS_sendmsg, sv[0], (long)mh, 0, 0, 0, 0);
  mh[0] = (uint32_t)bad;
  mh[1] = 16;
  iov[0] = (uint32_t)(uintptr_t) "abcd";
  T("sendmsg bad name", SYS_sendmsg, sv[0], (long)mh, 0, 0, 0, 0);
  mh[0] = mh[1] = 0;
  mh[4] = (uint32_t)un;
  mh[5] = 16;
  T("sendmsg bad control", SYS_sendmsg, sv[0], (long)mh, 0, 0, 0, 0);
  T("recvmsg bad msghdr", SYS_recvmsg, sv[1], un, MSG_DONTWAIT, 0, 0, 0);
  T("recvmsg read-only msghdr", SYS_recvmsg, sv[1], rop, MSG_DONTWAIT, 0, 0, 0);
  T("sendmmsg bad vector", SYS_sendmmsg, sv[0], bad, 1, 0, 0, 0);
  T("recvmmsg bad timeout", SYS_recvmmsg, sv[1], bad, 1, 0, un, 0);
  T("recvmmsg_time64 bad timeout", SYS_recvmmsg_time64, sv[1], bad, 1, 0, bad, 0);

  /* time */
  T("clock_gettime bad", SYS_clock_gettime, CLOCK_REALTIME, bad, 0, 0, 0, 0);
  T("clock_gettime read-only", SYS_clock_gettime, CLOCK_MONOTONIC, rop, 0, 0, 0, 0);
  T("clock_gettime64 bad", SYS_clock_gettime64, CLOCK_REALTIME, un, 0, 0, 0, 0);
  T("clock_getres bad", SYS_clock_getres, CLOCK_REALTIME, bad, 0, 0, 0, 0);
  T("clock_getres bad clock bad ptr", SYS_clock_getres, 99, bad, 0, 0, 0, 0);
  T("clock_getres_time64 bad", SYS_clock_getres_time64, CLOCK_REALTIME, un, 0, 0, 0, 0);
  T("nanosleep bad", SYS_nanosleep, bad, 0, 0, 0, 0, 0);
  T("clock_nanosleep bad", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad, 0, 0, 0);
  T("clock_nanosleep bad clock bad ptr", SYS_clock_nanosleep, 99, 0, bad, 0, 0, 0);
  T("clock_nanosleep_time64 bad", SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, un, 0, 0, 0);
  T("gettimeofday bad tv", SYS_gettimeofday, bad, 0, 0, 0, 0, 0);
  T("gettimeofday bad tz", SYS_gettimeofday, 0, rop, 0, 0, 0, 0);
  T("settimeofday bad tv", SYS_settimeofday, bad, 0, 0, 0, 0, 0);
  T("settimeofday bad tz", SYS_settimeofday, 0, un, 0, 0, 0, 0);
  struct {
    int32_t sec, usec;
  } tvbad = {0, 2000000};
  T("settimeofday usec 2e6", SYS_settimeofday, (long)&tvbad, 0, 0, 0, 0, 0);
  T("time bad", SYS_time, bad, 0, 0, 0, 0, 0);
  T("stime bad", SYS_stime, bad, 0, 0, 0, 0, 0);
  T("times bad", SYS_times, rop, 0, 0, 0, 0, 0);
  T("sched_rr_get_interval bad", SYS_sched_rr_get_interval, 0, bad, 0, 0, 0, 0);

  /* information */
  T("uname bad", SYS_uname, bad, 0, 0, 0, 0, 0);
  T("olduname read-only", SYS_olduname, rop, 0, 0, 0, 0, 0);
  T("oldolduname bad", SYS_oldolduname, un, 0, 0, 0, 0, 0);
  T("sysinfo bad", SYS_sysinfo, bad, 0, 0, 0, 0, 0);
  T("getrlimit bad", SYS_getrlimit, RLIMIT_NOFILE, bad, 0, 0, 0, 0);
  T("ugetrlimit bad", SYS_ugetrlimit, RLIMIT_NOFILE, rop, 0, 0, 0, 0);
  T("ugetrlimit bad resource", SYS_ugetrlimit, 99, bad, 0, 0, 0, 0);
  T("setrlimit bad", SYS_setrlimit, RLIMIT_NOFILE, un, 0, 0, 0, 0);
  T("prlimit64 bad old", SYS_prlimit64, 0, RLIMIT_NOFILE, 0, bad, 0, 0);
  T("getrusage bad", SYS_getrusage, 0, bad, 0, 0, 0, 0);
  T("getresuid (16) bad", SYS_getresuid, bad, bad, bad, 0, 0, 0);
  T("getresuid32 bad", SYS_getresuid32, rop, rop, rop, 0, 0, 0);
  T("getresgid (16) bad", SYS_getresgid, un, un, un, 0, 0, 0);
  T("getgroups (16) bad", SYS_getgroups, 8, bad, 0, 0, 0, 0);
  T("getgroups32 bad", SYS_getgroups32, 8, rop, 0, 0, 0, 0);
  T("setgroups (16) bad", SYS_setgroups, 1, bad, 0, 0, 0, 0);
  T("sched_getaffinity bad", SYS_sched_getaffinity, 0, 8, bad, 0, 0, 0);
  T("sched_setaffinity bad", SYS_sched_setaffinity, 0, 8, un, 0, 0, 0);
  T("getcpu bad", SYS_getcpu, bad, 0, 0, 0, 0, 0);
  T("getrandom bad", SYS_getrandom, bad, 8, 0, 0, 0, 0);
  T("capget bad header", SYS_capget, bad, 0, 0, 0, 0, 0);
  return 0;
}
