/* hostile_uaccess_bus: system-call pointers into the part of a file mapping
 * past end-of-file.  The pages are mapped, so every check on the mappings
 * passes, but touching them raises SIGBUS: the kernel's exception tables turn
 * that into EFAULT (or a short count) for each call, the robust-list walk at
 * exit gives up quietly, and a signal frame that cannot be written there is
 * force_sigsegv.  Each result is printed as return value and errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define FUTEX_WAIT 0
#define FUTEX_PRIVATE_FLAG 128
static char *bad;  /* the first page past end-of-file */
static char *edge; /* 8 bytes before it: the start of an object that runs into it */

static void show(const char *what, long r) {
  printf("%-34s %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
  fflush(stdout);
}
#define T(what, ...) (errno = 0, show(what, syscall(__VA_ARGS__)))

static void h_usr1(int s) { (void)s; }

/* Deliver SIGUSR1 on an alternate stack that lies past end-of-file: the
 * frame cannot be written, so the kernel kills the child with SIGSEGV. */
static void frame_child(void) {
  stack_t ss = {.ss_sp = bad, .ss_size = 2 * PG};
  if (sigaltstack(&ss, NULL)) _exit(2);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h_usr1;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  _exit(3);
}

/* struct robust_list_head: next, futex_offset, list_op_pending. */
static void robust_child(int which) {
  static long head[3];
  if (which == 0) {
    syscall(SYS_set_robust_list, bad, sizeof head); /* the head itself */
  } else {
    head[0] = (long)head; /* empty list ... */
    head[1] = 0;
    head[2] = (long)bad; /* ... and a pending entry whose futex word faults */
    syscall(SYS_set_robust_list, head, sizeof head);
  }
  _exit(0);
}

static void child(const char *what, void (*fn)(int), int arg) {
  pid_t p = fork();
  if (p == 0) fn(arg);
  int st = 0;
  waitpid(p, &st, 0);
  if (WIFSIGNALED(st))
    printf("%-34s killed by %s\n", what, strsignal(WTERMSIG(st)));
  else
    printf("%-34s exit %d\n", what, WEXITSTATUS(st));
  fflush(stdout);
}
static void frame_child_arg(int a) { (void)a; frame_child(); }

int main(void) {
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
  char page[PG];
  memset(page, 'x', sizeof page);
  if (fd < 0 || write(fd, page, PG) != PG) return 1;
  char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return 1;
  bad = m + PG;
  edge = bad - 8;
  int pfd[2], sv[2];
  if (pipe(pfd) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return 1;
  if (symlink("f", "lnk")) return 1;
  int zero = open("/dev/zero", O_RDONLY);

  T("nanosleep(req)", SYS_nanosleep, bad, NULL);
  T("clock_nanosleep(req)", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad, NULL);
  T("uname", SYS_uname, bad);
  T("uname(edge)", SYS_uname, edge);
  T("openat(path)", SYS_openat, AT_FDCWD, bad, O_RDONLY);
  T("openat(path at edge)", SYS_openat, AT_FDCWD, edge, O_RDONLY);
  T("clock_gettime", SYS_clock_gettime, CLOCK_MONOTONIC, bad);
  T("clock_gettime(edge)", SYS_clock_gettime, CLOCK_MONOTONIC, edge);
  T("clock_getres", SYS_clock_getres, CLOCK_MONOTONIC, bad);
  T("gettimeofday", SYS_gettimeofday, bad, NULL);
  T("pipe", SYS_pipe, bad);
  T("pipe2", SYS_pipe2, bad, 0);
  T("socketpair", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, bad);
  T("rt_sigprocmask(set)", SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8);
  T("rt_sigprocmask(old)", SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad, 8);
  T("rt_sigaction(act)", SYS_rt_sigaction, SIGUSR1, bad, NULL, 8);
  T("rt_sigaction(old)", SYS_rt_sigaction, SIGUSR1, NULL, bad, 8);
  T("rt_sigpending", SYS_rt_sigpending, bad, 8);
  T("rt_sigtimedwait(set)", SYS_rt_sigtimedwait, bad, NULL, NULL, 8);
  T("sigaltstack(new)", SYS_sigaltstack, bad, NULL);
  T("sigaltstack(old)", SYS_sigaltstack, NULL, bad);
  T("read(/dev/zero)", SYS_read, zero, bad, 16);
  T("read(/dev/zero, edge)", SYS_read, zero, edge, 16);
  T("write(pipe)", SYS_write, pfd[1], bad, 16);
  T("getcwd", SYS_getcwd, bad, 256);
  T("readlink(buf)", SYS_readlink, "lnk", bad, 64);
  T("readlink(path)", SYS_readlink, bad, page, 64);
  T("futex(WAIT)", SYS_futex, bad, FUTEX_WAIT, 0, NULL, NULL, 0);
  T("futex(WAIT_PRIVATE)", SYS_futex, bad, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
  T("poll", SYS_poll, bad, 1, 0);
  T("pselect6(readfds)", SYS_pselect6, 1, bad, NULL, NULL, NULL, NULL);
  T("stat(path)", SYS_stat, bad, page);
  T("stat(buf)", SYS_stat, ".", bad);
  T("statx(buf)", SYS_statx, AT_FDCWD, ".", 0, 0x7ff, bad);
  T("getdents64", SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), bad, PG);
  T("getrlimit", SYS_getrlimit, RLIMIT_NOFILE, bad);
  T("prlimit64(old)", SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bad);
  T("getrusage", SYS_getrusage, RUSAGE_SELF, bad);
  T("sysinfo", SYS_sysinfo, bad);
  T("times", SYS_times, bad);
  T("getitimer", SYS_getitimer, ITIMER_REAL, bad);
  T("sched_getaffinity", SYS_sched_getaffinity, 0, 128, bad);
  T("getrandom", SYS_getrandom, bad, 16, 0);
  T("prctl(PR_SET_NAME)", SYS_prctl, PR_SET_NAME, bad, 0, 0, 0);
  T("ioctl(FIONREAD)", SYS_ioctl, pfd[0], FIONREAD, bad);
  T("getsockname(len)", SYS_getsockname, sv[0], page, bad);
  T("sendmsg(msghdr)", SYS_sendmsg, sv[0], bad, 0);
  T("recvmsg(msghdr)", SYS_recvmsg, sv[1], bad, MSG_DONTWAIT);
  struct iovec iov = {bad, 16};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
  T("sendmsg(iov data)", SYS_sendmsg, sv[0], &mh, 0);
  mh.msg_iov = (struct iovec *)bad;
  T("sendmsg(iov array)", SYS_sendmsg, sv[0], &mh, 0);
  T("recvmsg(iov array)", SYS_recvmsg, sv[1], &mh, MSG_DONTWAIT);
  T("writev(iov array)", SYS_writev, pfd[1], bad, 1);
  T("readv(iov array)", SYS_readv, zero, bad, 1);
  T("epoll_ctl(event)", SYS_epoll_ctl, (long)syscall(SYS_epoll_create1, 0), EPOLL_CTL_ADD, zero, bad);
  char *argv[] = {"true", bad, NULL};
  T("execve(path)", SYS_execve, bad, argv, NULL);
  T("execve(argv array)", SYS_execve, "/bin/true", bad, NULL);
  T("execve(argv string)", SYS_execve, "/bin/true", argv, NULL);
  T("execve(envp array)", SYS_execve, "/bin/true", argv + 2, bad);
#ifdef __i386__
  T("clock_gettime64", 403, CLOCK_MONOTONIC, bad);
  T("clock_nanosleep_time64(req)", 407, CLOCK_MONOTONIC, 0, bad, NULL);
  T("sigaction(old act)", SYS_sigaction, SIGUSR1, bad, NULL);
  T("sigprocmask(old set)", SYS_sigprocmask, SIG_BLOCK, bad, NULL);
  T("olduname", SYS_olduname, bad);
  T("_newselect(readfds)", SYS__newselect, 1, bad, NULL, NULL, NULL);
  T("select(old arg block)", SYS_select, bad);
  T("socketcall(sendmsg args)", SYS_socketcall, 16, bad);
  T("stat64(buf)", SYS_stat64, ".", bad);
  T("fstatat64(buf)", SYS_fstatat64, AT_FDCWD, ".", bad, 0);
  T("time", SYS_time, bad);
  T("ugetrlimit", SYS_ugetrlimit, RLIMIT_NOFILE, bad);
  T("set_thread_area", SYS_set_thread_area, bad);
#else
  T("time", SYS_time, bad);
  T("select(readfds)", SYS_select, 1, bad, NULL, NULL, NULL);
  T("newfstatat(buf)", SYS_newfstatat, AT_FDCWD, ".", bad, 0);
  T("arch_prctl(GET_FS)", SYS_arch_prctl, 0x1003, bad);
#endif
  /* No descriptor leaked by the failed pipe/socketpair calls. */
  int nfd = open("/dev/null", O_RDONLY);
  printf("next descriptor %d\n", nfd);
  child("signal frame on alt stack", frame_child_arg, 0);
  child("robust list head", robust_child, 0);
  child("robust list pending word", robust_child, 1);
  return 0;
}
