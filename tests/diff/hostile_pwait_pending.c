/* hostile_pwait_pending: the race-free wait idiom.  A signal is blocked, then
 * made pending (raise) or sent during the wait (a one-shot timer); pselect6,
 * ppoll, epoll_pwait and epoll_pwait2 with a mask that unblocks it must return
 * -1 EINTR at once (not after their 5 s or infinite timeout), run the handler
 * exactly once with the call's mask installed (set_user_sigmask), and leave
 * the old mask in place afterwards (restore_saved_sigmask).  A mask that keeps
 * the signal blocked leaves it pending, for sigtimedwait to take; once taken,
 * nothing interrupts the next wait.  A ready descriptor wins over a pending
 * signal; with a zero timeout epoll says 0 where poll says EINTR.  On i386 the 32-bit and time64 layouts are
 * called through syscall(). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef unsigned long long u64;
static volatile int hits;
static sigset_t in_handler;
static int epfd, pfd[2];

static void handler(int s) {
  (void)s;
  hits++;
  sigprocmask(SIG_BLOCK, NULL, &in_handler);
}

struct ts64 {
  int64_t sec, nsec;
};
#ifdef __i386__
struct ts32 {
  int32_t sec, nsec;
};
struct argpack {
  uint32_t ss, len;
};
#else
struct argpack {
  unsigned long ss, len;
};
#endif

/* Each takes the mask to wait with and a timeout in seconds (-1: none). */
static long w_ppoll(const u64 *m, int secs) {
  struct pollfd_ {
    int fd;
    short ev, rev;
  } p = {pfd[0], 1, 0};
#ifdef __i386__
  struct ts32 ts = {secs, 0};
  return syscall(SYS_ppoll, &p, 1, secs < 0 ? NULL : &ts, m, 8);
#else
  struct ts64 ts = {secs, 0};
  return syscall(SYS_ppoll, &p, 1, secs < 0 ? NULL : &ts, m, 8);
#endif
}
static long w_pselect6(const u64 *m, int secs) {
  fd_set r;
  FD_ZERO(&r);
  FD_SET(pfd[0], &r);
  struct argpack a = {(uintptr_t)m, 8};
#ifdef __i386__
  struct ts32 ts = {secs, 0};
#else
  struct ts64 ts = {secs, 0};
#endif
  return syscall(SYS_pselect6, pfd[0] + 1, &r, NULL, NULL, secs < 0 ? NULL : &ts, &a);
}
static long w_epoll_pwait(const u64 *m, int secs) {
  struct epoll_event ev;
  return syscall(SYS_epoll_pwait, epfd, &ev, 1, secs < 0 ? -1 : secs * 1000, m, 8);
}
static long w_epoll_pwait2(const u64 *m, int secs) {
  struct epoll_event ev;
  struct ts64 ts = {secs, 0};
  return syscall(SYS_epoll_pwait2, epfd, &ev, 1, secs < 0 ? NULL : &ts, m, 8);
}
#ifdef __i386__
static long w_ppoll_time64(const u64 *m, int secs) {
  struct pollfd_ {
    int fd;
    short ev, rev;
  } p = {pfd[0], 1, 0};
  struct ts64 ts = {secs, 0};
  return syscall(SYS_ppoll_time64, &p, 1, secs < 0 ? NULL : &ts, m, 8);
}
static long w_pselect6_time64(const u64 *m, int secs) {
  fd_set r;
  FD_ZERO(&r);
  FD_SET(pfd[0], &r);
  struct argpack a = {(uintptr_t)m, 8};
  struct ts64 ts = {secs, 0};
  return syscall(SYS_pselect6_time64, pfd[0] + 1, &r, NULL, NULL, secs < 0 ? NULL : &ts, &a);
}
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void block_usr(void) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, SIGUSR2);
  sigaddset(&s, SIGALRM);
  sigprocmask(SIG_SETMASK, &s, NULL);
}

static void report(const char *name, const char *how, long r, int e, double dt) {
  sigset_t after;
  sigprocmask(SIG_BLOCK, NULL, &after);
  printf("%-18s %-8s ret %ld %s, at once %s, handler ran %d", name, how, r,
         r < 0 ? strerror(e) : "-", dt < 2 ? "yes" : "no", hits);
  if (hits)
    printf(", in handler usr1 %d usr2 %d", sigismember(&in_handler, SIGUSR1),
           sigismember(&in_handler, SIGUSR2));
  printf(", after usr1 %d usr2 %d alrm %d\n", sigismember(&after, SIGUSR1),
         sigismember(&after, SIGUSR2), sigismember(&after, SIGALRM));
  fflush(stdout);
}

static void run(const char *name, long (*w)(const u64 *, int)) {
  const u64 empty = 0;
  const u64 keep_usr1 = 1ull << (SIGUSR1 - 1);
  /* 1. Pending before the call, the call's mask lets it through. */
  block_usr();
  hits = 0;
  raise(SIGUSR1);
  double t0 = now();
  errno = 0;
  long r = w(&empty, 5);
  report(name, "pending", r, errno, now() - t0);
  /* 2. Same, no timeout at all. */
  hits = 0;
  raise(SIGUSR1);
  t0 = now();
  errno = 0;
  r = w(&empty, -1);
  report(name, "forever", r, errno, now() - t0);
  /* 3. Sent during the wait: a 20 ms one-shot SIGALRM. */
  hits = 0;
  struct itimerval it = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &it, NULL);
  t0 = now();
  errno = 0;
  r = w(&empty, 5);
  report(name, "arrives", r, errno, now() - t0);
  /* 4. The call's mask keeps it blocked: a plain timeout (0 s), still
   * pending afterwards for sigtimedwait. */
  hits = 0;
  raise(SIGUSR1);
  errno = 0;
  r = w(&keep_usr1, 0);
  report(name, "kept", r, errno, 0);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  struct timespec zero = {0, 0};
  int sig = sigtimedwait(&s, NULL, &zero);
  printf("%-18s sigtimedwait took %s\n", name, sig == SIGUSR1 ? "SIGUSR1" : "nothing");
  /* 5. Taken by sigtimedwait: nothing is left to interrupt the wait. */
  hits = 0;
  raise(SIGUSR1);
  sig = sigtimedwait(&s, NULL, &zero);
  errno = 0;
  r = w(&empty, 0);
  report(name, "taken", r, errno, 0);
  /* 6. A ready descriptor wins over the pending signal (do_poll, do_select
   * and ep_poll look at the fds first): no EINTR, the old mask is back and
   * the signal still pending. */
  hits = 0;
  raise(SIGUSR1);
  if (write(pfd[1], "x", 1) != 1) return;
  errno = 0;
  r = w(&empty, 5);
  report(name, "ready", r, errno, 0);
  char c;
  if (read(pfd[0], &c, 1) != 1) return;
  sig = sigtimedwait(&s, NULL, &zero);
  printf("%-18s sigtimedwait took %s\n", name, sig == SIGUSR1 ? "SIGUSR1" : "nothing");
  /* 7. A zero timeout with the signal pending: poll and select say EINTR,
   * ep_poll returns 0 (it times out before it looks at signals). */
  hits = 0;
  raise(SIGUSR1);
  errno = 0;
  r = w(&empty, 0);
  report(name, "zero", r, errno, 0);
  sig = sigtimedwait(&s, NULL, &zero);
  printf("%-18s sigtimedwait took %s\n", name, sig == SIGUSR1 ? "SIGUSR1" : "nothing");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  if (pipe(pfd)) return 1;
  epfd = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = pfd[0]};
  epoll_ctl(epfd, EPOLL_CTL_ADD, pfd[0], &ev);
  run("ppoll", w_ppoll);
  run("pselect6", w_pselect6);
  run("epoll_pwait", w_epoll_pwait);
  run("epoll_pwait2", w_epoll_pwait2);
#ifdef __i386__
  run("ppoll_time64", w_ppoll_time64);
  run("pselect6_time64", w_pselect6_time64);
#endif
  return 0;
}
