/* Real-time signals queue without a bound of emu's own, and a fork child
 * starts with nothing pending (issue 14, items 1-2).  The kernel queues
 * them up to RLIMIT_SIGPENDING (counted per user, shown as SigQ in
 * /proc/self/status) and answers EAGAIN past it (kernel/signal.c
 * __sigqueue_alloc); copy_process() gives the child an empty pending set,
 * so a child forked inside a handler runs none of the parent's queue. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int runs, forked, in_order = 1, last = -1;
static int child_pipe[2];

static void h(int s, siginfo_t *si, void *uc) {
  (void)s;
  (void)uc;
  if (si->si_value.sival_int != last + 1) in_order = 0;
  last = si->si_value.sival_int;
  runs++;
}

static void h_fork(int s) {
  (void)s;
  runs++;
  if (forked) return;
  forked = 1;
  pid_t p = fork();
  if (p == 0) {
    runs = 0;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* anything pending would run now */
    usleep(20000);
    char c = (char)runs;
    write(child_pipe[1], &c, 1);
    _exit(0);
  }
  waitpid(p, NULL, 0);
}

static long sigq_pending(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long q = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "SigQ:", 5)) q = strtol(line + 5, NULL, 10);
  if (f) fclose(f);
  return q;
}

static int queue_n(int sig, int n) {
  int ok = 0;
  for (int i = 0; i < n; i++) {
    union sigval v = {.sival_int = i};
    if (sigqueue(getpid(), sig, v) == 0)
      ok++;
    else if (errno != EAGAIN)
      printf("sigqueue %d: errno %d\n", i, errno);
    else
      break;
  }
  return ok;
}

int main(void) {
  int sig = SIGRTMIN + 1;
  sigset_t b;
  sigemptyset(&b);
  sigaddset(&b, sig);
  struct sigaction sa = {.sa_sigaction = h, .sa_flags = SA_SIGINFO};
  sigaction(sig, &sa, NULL);

  /* 1. Many more than 64 while blocked: all queued, all delivered in order. */
  sigprocmask(SIG_BLOCK, &b, NULL);
  int ok = queue_n(sig, 300);
  long q = sigq_pending();
  printf("queued %d of 300; SigQ counts them: %s\n", ok, q >= 300 ? "yes" : "no");
  sigprocmask(SIG_UNBLOCK, &b, NULL);
  printf("handler runs %d, in order %d\n", runs, in_order);

  /* 2. Up to RLIMIT_SIGPENDING, then EAGAIN; every accepted one runs. */
  struct rlimit rl = {.rlim_cur = 400, .rlim_max = 400};
  getrlimit(RLIMIT_SIGPENDING, &rl);
  rl.rlim_cur = 400;
  if (setrlimit(RLIMIT_SIGPENDING, &rl)) printf("setrlimit: errno %d\n", errno);
  runs = 0, last = -1, in_order = 1;
  sigprocmask(SIG_BLOCK, &b, NULL);
  ok = queue_n(sig, 1000);
  /* The limit counts the user's pending signals in all its processes. */
  printf("queued until EAGAIN near the limit: %s\n", ok > 300 && ok <= 400 ? "yes" : "no");
  sigprocmask(SIG_UNBLOCK, &b, NULL);
  printf("all accepted ran: %s, in order %d\n", runs == ok ? "yes" : "no", in_order);

  /* 3. A child forked in the first of 3 queued handlers runs none of them. */
  if (pipe(child_pipe)) return 1;
  signal(sig, h_fork);
  runs = 0;
  sigprocmask(SIG_BLOCK, &b, NULL);
  queue_n(sig, 3);
  sigprocmask(SIG_UNBLOCK, &b, NULL);
  char c = -1;
  read(child_pipe[0], &c, 1);
  printf("parent runs %d, child runs %d\n", runs, c);
  return 0;
}
