/* misc_calls.c — assorted calls served by passing them to the host:
 * membarrier's query, pidfd_open + poll on an exiting child,
 * pidfd_send_signal with a queued siginfo (the child checks si_code and
 * the value and exits 3), pidfd_getfd, kcmp (files, vm,
 * epoll target), sendmmsg/recvmmsg over a datagram socketpair
 * (MSG_WAITFORONE, msg_len, a bad entry), sched_getattr/sched_setattr,
 * ioprio, adjtimex/clock_adjtime read-only, and the privileged calls only in
 * ways that cannot change the machine (bad pointers, bad arguments: the host
 * decides EPERM or EFAULT, the same natively).
 */
// diff-vm-mask: ^membarrier query .* -- kernel version: emu hands this call to the host's kernel, whose answer differs from the VM's Linux 6.1 (its set of commands)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void *)1)

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_membarrier
#if defined(__x86_64__)
#define SYS_membarrier 324
#else
#define SYS_membarrier 375
#endif
#endif

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-34s = -1 errno %d\n", what, errno);
  else
    printf("%-34s = %ld\n", what, r);
}

static volatile sig_atomic_t usr_code, usr_val;
static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  usr_code = si->si_code;
  usr_val = si->si_value.sival_int;
}

static void test_pidfd(void) {
  int ready[2];
  pipe(ready);
  pid_t c = fork();
  if (c == 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t m, old;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, &old);
    int fd = open("/dev/null", O_RDONLY);
    write(ready[1], &fd, sizeof fd);
    while (!usr_code) sigsuspend(&old);
    _exit(usr_code == SI_QUEUE && usr_val == 77 ? 3 : 4);
  }
  int cfd;
  read(ready[0], &cfd, sizeof cfd);
  int pfd = syscall(SYS_pidfd_open, c, 0);
  printf("pidfd_open ok %d\n", pfd >= 0);
  show("pidfd_open bad flags", syscall(SYS_pidfd_open, c, 1));
  show("pidfd_open bad pid", syscall(SYS_pidfd_open, -1, 0));
  struct pollfd p = {pfd, POLLIN, 0};
  show("poll before exit", poll(&p, 1, 0));
  int got = syscall(SYS_pidfd_getfd, pfd, cfd, 0);
  if (got >= 0) {
    printf("pidfd_getfd ok, is /dev/null: %d\n", lseek(got, 0, SEEK_END) == 0);
    close(got);
  } else {
    printf("pidfd_getfd errno %d\n", errno);
  }
  show("pidfd_getfd bad flags", syscall(SYS_pidfd_getfd, pfd, cfd, 1));
  show("pidfd_getfd bad target", syscall(SYS_pidfd_getfd, pfd, 999, 0));
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR1;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = getuid();
  si.si_value.sival_int = 77;
  show("send_signal bad info", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, BAD, 0));
  show("send_signal bad flags", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 99));
  show("send_signal bad fd bad info", syscall(SYS_pidfd_send_signal, 99, SIGUSR1, BAD, 0));
  si.si_signo = SIGUSR2;
  show("send_signal signo mismatch", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0));
  si.si_signo = SIGUSR1;
  si.si_code = 1;
  show("send_signal code >= 0", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0));
  si.si_code = SI_QUEUE;
  show("send_signal info", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0));
  show("poll exit", poll(&p, 1, 5000));
  printf("revents %#x\n", p.revents);
  int st;
  waitpid(c, &st, 0);
  printf("child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
  show("send_signal after reap", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0));
  close(pfd);
}

static void test_kcmp(void) {
#ifdef SYS_kcmp
  int a = open("/dev/null", O_RDONLY), b = dup(a), c = open("/dev/null", O_RDONLY);
  pid_t me = getpid();
  long r = syscall(SYS_kcmp, me, me, 0 /* KCMP_FILE */, a, b);
  if (r < 0 && errno == ENOSYS) {
    printf("kcmp: ENOSYS\n");
    return;
  }
  show("kcmp file dup", r);
  show("kcmp file other != 0", syscall(SYS_kcmp, me, me, 0, a, c) != 0);
  show("kcmp vm self", syscall(SYS_kcmp, me, me, 1 /* KCMP_VM */, 0, 0));
  show("kcmp bad fd", syscall(SYS_kcmp, me, me, 0, a, 999));
  show("kcmp bad type", syscall(SYS_kcmp, me, me, 99, 0, 0));
  int ep = epoll_create1(0);
  struct epoll_event ev = {EPOLLIN, {0}};
  epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
  struct {
    uint32_t efd, tfd, toff;
  } slot = {(uint32_t)ep, (uint32_t)a, 0};
  show("kcmp epoll tfd", syscall(SYS_kcmp, me, me, 7, a, &slot));
  show("kcmp epoll tfd bad slot", syscall(SYS_kcmp, me, me, 7, a, BAD));
  close(ep);
  close(a);
  close(b);
  close(c);
#else
  printf("no SYS_kcmp\n");
#endif
}

static void test_mmsg(void) {
  int sv[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  char m0[] = "zero", m1[] = "one!", m2[] = "two";
  struct iovec iov[3] = {{m0, 5}, {m1, 5}, {m2, 4}};
  struct mmsghdr mm[3];
  memset(mm, 0, sizeof mm);
  for (int i = 0; i < 3; i++) {
    mm[i].msg_hdr.msg_iov = &iov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
  }
  show("sendmmsg", sendmmsg(sv[0], mm, 3, 0));
  printf("msg_len %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
  char rb[4][16];
  struct iovec riov[4];
  struct mmsghdr rm[4];
  memset(rm, 0, sizeof rm);
  for (int i = 0; i < 4; i++) {
    riov[i].iov_base = rb[i];
    riov[i].iov_len = sizeof rb[i];
    rm[i].msg_hdr.msg_iov = &riov[i];
    rm[i].msg_hdr.msg_iovlen = 1;
  }
  show("recvmmsg dontwait", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
  printf("got '%s' '%s' '%s' lens %u %u %u\n", rb[0], rb[1], rb[2], rm[0].msg_len, rm[1].msg_len,
         rm[2].msg_len);
  sendmmsg(sv[0], mm, 2, 0);
  show("recvmmsg waitforone", recvmmsg(sv[1], rm, 4, MSG_WAITFORONE, NULL));
  show("recvmmsg empty", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
  show("sendmmsg vlen 0", sendmmsg(sv[0], mm, 0, 0));
  show("sendmmsg bad vec", syscall(SYS_sendmmsg, sv[0], BAD, 2, 0));
  struct mmsghdr bad[2];
  memcpy(bad, mm, sizeof bad);
  bad[1].msg_hdr.msg_iov = BAD;
  show("sendmmsg 2nd bad", sendmmsg(sv[0], bad, 2, 0));
  show("recvmmsg bad vec", syscall(SYS_recvmmsg, sv[1], BAD, 2, MSG_DONTWAIT, NULL));
  show("recvmmsg one", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
  show("sendmmsg not socket", sendmmsg(0, mm, 1, 0));
  show("recvmmsg bad fd", recvmmsg(99, rm, 1, 0, NULL));
  struct timespec ts = {0, 5000000};
  sendmmsg(sv[0], mm, 1, 0);
  show("recvmmsg timeout vlen 1", recvmmsg(sv[1], rm, 1, 0, &ts));
  struct timespec badts = {0, 2000000000L};
  show("recvmmsg bad timeout", recvmmsg(sv[1], rm, 1, 0, &badts));
  close(sv[0]);
  close(sv[1]);
}

static void test_sched_io(void) {
#ifdef SYS_sched_getattr
  uint32_t attr[14];
  memset(attr, 0xff, sizeof attr);
  show("sched_getattr", syscall(SYS_sched_getattr, 0, attr, 56, 0));
  printf("size %u policy %u nice %d\n", attr[0], attr[1], (int)attr[4]);
  show("sched_getattr small size", syscall(SYS_sched_getattr, 0, attr, 8, 0));
  show("sched_getattr NULL", syscall(SYS_sched_getattr, 0, NULL, 56, 0));
  show("sched_getattr bad", syscall(SYS_sched_getattr, 0, BAD, 56, 0));
  syscall(SYS_sched_getattr, 0, attr, 56, 0);
  attr[0] = 48;
  show("sched_setattr same", syscall(SYS_sched_setattr, 0, attr, 0));
  show("sched_setattr bad", syscall(SYS_sched_setattr, 0, BAD, 0));
  show("sched_setattr NULL", syscall(SYS_sched_setattr, 0, NULL, 0));
#endif
  long prio = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
  show("ioprio_get", prio);
  show("ioprio_set same", syscall(SYS_ioprio_set, 1, 0, prio));
  show("ioprio_get bad which", syscall(SYS_ioprio_get, 9, 0));
  show("membarrier query", syscall(SYS_membarrier, 0, 0, 0));
  show("membarrier bad cmd", syscall(SYS_membarrier, 12345, 0, 0));
}

static void test_time(void) {
  struct timex tx;
  memset(&tx, 0, sizeof tx);
  long r = adjtimex(&tx);
  printf("adjtimex state ok %d tick %ld\n", r >= 0, (long)tx.tick);
  show("adjtimex bad", syscall(SYS_adjtimex, BAD));
  char *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(ro, 4096, PROT_READ);
  show("adjtimex ro", syscall(SYS_adjtimex, ro) >= 0 ? 1 : -1);
#ifdef SYS_clock_adjtime
  memset(&tx, 0, sizeof tx);
  r = syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
  printf("clock_adjtime ok %d tick %ld\n", r >= 0, (long)tx.tick);
  show("clock_adjtime bad", syscall(SYS_clock_adjtime, CLOCK_REALTIME, BAD));
  show("clock_adjtime bad clock", syscall(SYS_clock_adjtime, 99, &tx));
#endif
  show("settimeofday NULL NULL", syscall(SYS_settimeofday, NULL, NULL));
  show("settimeofday bad tv", syscall(SYS_settimeofday, BAD, NULL));
  struct timeval badtv = {0, 2000000};
  show("settimeofday bad usec", syscall(SYS_settimeofday, &badtv, NULL));
  struct timespec ts = {1, 0};
  show("clock_settime monotonic", syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts));
  show("clock_settime bad clock bad ts", syscall(SYS_clock_settime, 99, BAD));
  show("clock_settime bad ts", syscall(SYS_clock_settime, CLOCK_REALTIME, BAD));
}

static void test_priv(void) {
  show("sethostname bad len", syscall(SYS_sethostname, "x", -1));
  show("sethostname bad ptr", syscall(SYS_sethostname, BAD, 5));
  show("setdomainname too long", syscall(SYS_setdomainname, "x", 1000));
  show("setdomainname bad ptr", syscall(SYS_setdomainname, BAD, 5));
  show("chroot bad", syscall(SYS_chroot, BAD));
  show("chroot missing", syscall(SYS_chroot, "no/such/dir"));
  show("syslog bad type", syscall(SYS_syslog, 99, NULL, 0));
  show("acct bad", syscall(SYS_acct, BAD));
  show("umount2 bad", syscall(SYS_umount2, BAD, 0));
  show("umount2 bad flags", syscall(SYS_umount2, "no/such", 0x80000000));
  show("umount2 missing", syscall(SYS_umount2, "no/such", 0));
#ifdef SYS_umount
  show("umount missing", syscall(SYS_umount, "no/such"));
#endif
  show("mount bad dir", syscall(SYS_mount, "none", BAD, "tmpfs", 0, NULL));
  show("mount missing dir", syscall(SYS_mount, "none", "no/such", "tmpfs", 0, NULL));
  show("unshare 0", syscall(SYS_unshare, 0));
  show("unshare bad flag", syscall(SYS_unshare, 1));
  show("unshare files", syscall(SYS_unshare, CLONE_FILES));
  show("setns bad fd", syscall(SYS_setns, 99, 0));
  show("setns not ns", syscall(SYS_setns, 0, 0));
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_pidfd();
  test_kcmp();
  test_mmsg();
  test_sched_io();
  test_time();
  test_priv();
  return 0;
}
