/* sig_handlers.c — delivery to handlers: kill/raise/sigqueue siginfo,
 * sa_mask and SA_NODEFER, SA_RESETHAND, sigaltstack (SS_ONSTACK,
 * SS_AUTODISARM), uc_sigmask restored by sigreturn, sigprocmask and
 * sigpending, sigsuspend, sigtimedwait, SIGPIPE ignored/handled, setitimer,
 * timer_create(SIGEV_SIGNAL), timerfd, a read on a pipe interrupted with
 * and without SA_RESTART, and abort() last (status 134).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static volatile int hits, depth, maxdepth, last_code, last_val, last_pid_ok, align_ok;
static volatile int on_alt, alt_flags;
static char altbuf[65536];
static int pipefd[2];

static void on_info(int sig, siginfo_t *si, void *ucv) {
  (void)ucv;
  hits++;
  last_code = si->si_code;
  last_val = si->si_value.sival_int;
  last_pid_ok = si->si_pid == getpid();
  double __attribute__((aligned(16))) v[2] = {1, 2};
  align_ok = ((uintptr_t)v & 15) == 0;
  (void)sig;
}

static volatile int calls;
static void on_nest(int sig) {
  depth++;
  if (depth > maxdepth) maxdepth = depth;
  if (++calls < 3) raise(sig);
  depth--;
}

static void on_alt_handler(int sig) {
  char c;
  (void)sig;
  on_alt = &c >= altbuf && &c < altbuf + sizeof altbuf;
  stack_t old;
  sigaltstack(NULL, &old);
  alt_flags = old.ss_flags;
}

static void on_mask(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)sig;
  (void)si;
  sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static void on_plain(int sig) {
  (void)sig;
  hits++;
}

static void on_alarm_write(int sig) {
  (void)sig;
  hits++;
  char c = 'x';
  write(pipefd[1], &c, 1);
}

static void set(int sig, void (*h)(int), void (*ha)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  if (ha) {
    sa.sa_sigaction = ha;
    sa.sa_flags = SA_SIGINFO | flags;
  } else {
    sa.sa_handler = h;
    sa.sa_flags = flags;
  }
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static void arm_timer_ms(int ms) {
  struct itimerval it = {{0, 0}, {0, ms * 1000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  sigset_t s, old;
  /* kill, raise, sigqueue */
  set(SIGUSR1, NULL, on_info, 0);
  kill(getpid(), SIGUSR1);
  printf("kill: hits=%d code=%d pid_ok=%d align_ok=%d\n", hits, last_code, last_pid_ok, align_ok);
  raise(SIGUSR1);
  printf("raise: hits=%d code=%d\n", hits, last_code);
  union sigval sv = {.sival_int = 42};
  sigqueue(getpid(), SIGUSR1, sv);
  printf("sigqueue: hits=%d code=%d val=%d\n", hits, last_code, last_val);

  /* SA_NODEFER vs default deferral */
  depth = maxdepth = calls = 0;
  set(SIGUSR2, on_nest, NULL, SA_NODEFER);
  raise(SIGUSR2);
  printf("nodefer maxdepth=%d\n", maxdepth);
  depth = maxdepth = calls = 0;
  set(SIGUSR2, on_nest, NULL, 0);
  raise(SIGUSR2);
  printf("defer maxdepth=%d\n", maxdepth);

  /* SA_RESETHAND */
  set(SIGUSR2, on_plain, NULL, SA_RESETHAND);
  raise(SIGUSR2);
  struct sigaction cur;
  sigaction(SIGUSR2, NULL, &cur);
  printf("resethand: now default=%d\n", cur.sa_handler == SIG_DFL);

  /* sigaltstack */
  stack_t ss = {.ss_sp = altbuf, .ss_size = sizeof altbuf, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  set(SIGUSR2, on_alt_handler, NULL, SA_ONSTACK);
  raise(SIGUSR2);
  printf("altstack: on=%d flags=%d\n", on_alt, alt_flags);
  stack_t q;
  sigaltstack(NULL, &q);
  printf("altstack outside: flags=%d size_ok=%d\n", q.ss_flags, q.ss_size == sizeof altbuf);
  ss.ss_flags = SS_AUTODISARM;
  sigaltstack(&ss, NULL);
  raise(SIGUSR2);
  printf("autodisarm: on=%d flags=%d\n", on_alt, alt_flags);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);

  /* uc_sigmask restored by sigreturn */
  set(SIGUSR1, NULL, on_mask, 0);
  raise(SIGUSR1);
  sigprocmask(SIG_SETMASK, NULL, &old);
  printf("uc_sigmask: usr2 blocked=%d usr1 blocked=%d\n", sigismember(&old, SIGUSR2),
         sigismember(&old, SIGUSR1));
  sigemptyset(&s);
  sigprocmask(SIG_SETMASK, &s, NULL);

  /* sigprocmask, sigpending, sigsuspend */
  hits = 0;
  set(SIGUSR1, on_plain, NULL, 0);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigprocmask(SIG_BLOCK, &s, NULL);
  raise(SIGUSR1);
  sigset_t p;
  sigpending(&p);
  printf("blocked: hits=%d pending=%d\n", hits, sigismember(&p, SIGUSR1));
  sigset_t none;
  sigemptyset(&none);
  int r = sigsuspend(&none);
  printf("sigsuspend: r=%d errno=%d hits=%d\n", r, errno, hits);
  sigprocmask(SIG_SETMASK, NULL, &old);
  printf("after sigsuspend usr1 blocked=%d\n", sigismember(&old, SIGUSR1));

  /* sigtimedwait */
  raise(SIGUSR1);
  siginfo_t si;
  r = sigtimedwait(&s, &si, &(struct timespec){1, 0});
  printf("sigtimedwait: r=%d code=%d hits=%d\n", r, si.si_code, hits);
  r = sigtimedwait(&s, &si, &(struct timespec){0, 1000000});
  printf("sigtimedwait timeout: r=%d errno=%d\n", r, errno);
  sigprocmask(SIG_UNBLOCK, &s, NULL);

  /* SIGPIPE ignored, then handled */
  int pp[2];
  pipe(pp);
  close(pp[0]);
  signal(SIGPIPE, SIG_IGN);
  r = (int)write(pp[1], "x", 1);
  printf("sigpipe ignored: r=%d errno=%d\n", r, errno);
  hits = 0;
  set(SIGPIPE, on_plain, NULL, 0);
  r = (int)write(pp[1], "x", 1);
  printf("sigpipe handled: r=%d errno=%d hits=%d\n", r, errno, hits);
  close(pp[1]);

  /* a blocking read interrupted by SIGALRM, without and with SA_RESTART */
  pipe(pipefd);
  char buf[4];
  hits = 0;
  set(SIGALRM, on_plain, NULL, 0);
  arm_timer_ms(30);
  r = (int)read(pipefd[0], buf, sizeof buf);
  printf("read no restart: r=%d errno=%d hits=%d\n", r, errno, hits);
  hits = 0;
  set(SIGALRM, on_alarm_write, NULL, SA_RESTART);
  arm_timer_ms(30);
  r = (int)read(pipefd[0], buf, sizeof buf);
  printf("read restart: r=%d hits=%d\n", r, hits);

  /* timer_create with SIGEV_SIGNAL */
  hits = 0;
  set(SIGRTMIN + 2, NULL, on_info, 0);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGRTMIN + 2;
  sev.sigev_value.sival_int = 7;
  timer_t tid;
  r = timer_create(CLOCK_MONOTONIC, &sev, &tid);
  struct itimerspec its = {{0, 0}, {0, 20000000}};
  timer_settime(tid, 0, &its, NULL);
  while (!hits) pause();
  printf("timer: r=%d hits=%d code=%d val=%d\n", r, hits, last_code, last_val);
  timer_delete(tid);

  /* timerfd */
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec ti = {{0, 0}, {0, 10000000}};
  timerfd_settime(tfd, 0, &ti, NULL);
  unsigned long long n = 0;
  r = (int)read(tfd, &n, 8);
  printf("timerfd: r=%d n=%llu\n", r, n);

  /* alarm */
  hits = 0;
  set(SIGALRM, on_plain, NULL, 0);
  alarm(1);
  unsigned left = alarm(0);
  printf("alarm left=%u\n", left);

  fflush(stdout);
  abort();
}
