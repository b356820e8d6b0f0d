# sigqueue() to the limit: the guest lowers its RLIMIT_SIGPENDING to 64 and,
# with SIGRTMIN blocked, queues to itself until EAGAIN, in 20*SCALE rounds, in
# turn process-directed (sigqueue) and to a blocked thread (pthread_sigqueue).
# The kernel counts pending signals per user, so the guest runs as a uid of its
# own.  Exact invariants, as natively: the 65th gives EAGAIN, /proc/self/status
# shows SigQ 64/64, and unblocking runs the handler 64 times in the order queued.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#define LIMIT 64
static __thread volatile long handled, disorder, last; /* set by the handler */
static void handler(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  if (si->si_value.sival_int != last + 1) disorder++;
  last = si->si_value.sival_int;
  handled++;
}
static void sigq(char *out) { /* "SigQ:\tn/limit" of /proc/self/status */
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  strcpy(out, "?");
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "SigQ:", 5)) sscanf(line + 5, "%63s", out);
  if (f) fclose(f);
}
static pthread_t target;
/* Fill the queue of `target` (or the process's), then let it drain. */
static void round_(int thread, long *queued, int *err, char *q) {
  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN);
  long n = 0;
  for (;;) {
    union sigval v = {.sival_int = (int)(n + 1)};
    int e = thread ? pthread_sigqueue(target, SIGRTMIN, v)
                   : (sigqueue(getpid(), SIGRTMIN, v) < 0 ? errno : 0);
    if (e) { *err = e; break; }
    if (++n > 10 * LIMIT) { *err = 0; break; }
  }
  *queued = n;
  sigq(q);
}
static long per_round_handled;
static void *worker(void *arg) { /* the thread-directed target */
  sigset_t rt, none;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN);
  sigemptyset(&none);
  int *go = arg;
  while (!__atomic_load_n(go, __ATOMIC_ACQUIRE)) usleep(100);
  last = handled = 0;
  pthread_sigmask(SIG_UNBLOCK, &rt, NULL); /* drains its queue here */
  per_round_handled = handled + 1000 * disorder;
  return NULL;
}
int main(int argc, char **argv) {
  long rounds = 20 * (argc > 1 ? atol(argv[1]) : 1);
  struct rlimit rl = {LIMIT, LIMIT};
  if (setrlimit(RLIMIT_SIGPENDING, &rl)) { perror("setrlimit"); return 2; }
  struct sigaction sa = {.sa_sigaction = handler, .sa_flags = SA_SIGINFO};
  sigaction(SIGRTMIN, &sa, NULL);
  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN);
  pthread_sigmask(SIG_BLOCK, &rt, NULL);
  long bad = 0;
  for (long r = 0; r < rounds; r++) {
    long queued, got;
    int err, thread = r & 1, go = 0;
    char q[64];
    if (thread) pthread_create(&target, NULL, worker, &go);
    round_(thread, &queued, &err, q);
    if (thread) {
      __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
      pthread_join(target, NULL);
      got = per_round_handled;
    } else {
      last = handled = disorder = 0;
      pthread_sigmask(SIG_UNBLOCK, &rt, NULL);
      pthread_sigmask(SIG_BLOCK, &rt, NULL);
      got = handled + 1000 * disorder;
    }
    static char first[2][200];
    char line[200];
    snprintf(line, sizeof line, "%s: queued %ld then %s, SigQ %s, handled %ld in order\n",
             thread ? "thread" : "process", queued, err ? strerror(err) : "no error", q, got);
    if (r < 2) {
      fputs(line, stdout);
      strcpy(first[thread], line);
    } else if (strcmp(line, first[thread])) {
      fputs(line, stderr);
      bad++;
    }
  }
  printf("%ld later rounds differ from the first\n", bad);
  return 0;
}
C
build_abis g.c
uid=$(fresh_uid)
chmod -R a+rX .
GUEST_PREFIX=(setpriv --reuid=$uid --regid=$uid --clear-groups)
check_abis 50 "process: queued 64 then Resource temporarily unavailable, SigQ 64/64, handled 64 in order
thread: queued 64 then Resource temporarily unavailable, SigQ 64/64, handled 64 in order
0 later rounds differ from the first" "$SCALE"
finish
