# A storm of real-time signals across threads: 4 sender threads queue
# (rt_tgsigqueueinfo, pthread_sigqueue) 4 real-time signal numbers to each of 4
# receiver threads, 250*SCALE per pair and number, plus process-directed
# sigqueue() from main; an EAGAIN is retried, and at most 256 wait per receiver.  Exact invariants: every queued
# signal runs its handler once (count and sum of si_value), on the thread it was
# sent to, and those of one number from one sender arrive in the order sent.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define NR 4 /* receivers */
#define NS 4 /* senders */
#define NSIG_USED 4
/* At most so many queued to a receiver and not yet handled: the kernel finds
 * the next signal to deliver by walking the queue, so an unbounded one makes
 * the storm quadratic. */
#define INFLIGHT 256
static long queued[NR];
static long per; /* signals per sender, receiver and number */
static pthread_t recv_th[NR];
static __thread int my_idx = -1;
static long handled[NR + 1], sum[NR + 1], wrong_thread, disorder;
static long last[NR][NS][NSIG_USED];
static long proc_handled, proc_sum, proc_total;
static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  long v = si->si_value.sival_int;
  if (v < 0) { /* process-directed, from main */
    __atomic_add_fetch(&proc_handled, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&proc_sum, -v, __ATOMIC_RELAXED);
    return;
  }
  int r = v / 100000000, s = v / 1000000 % 100, i = v % 1000000, k = sig - SIGRTMIN;
  if (r != my_idx) { __atomic_add_fetch(&wrong_thread, 1, __ATOMIC_RELAXED); return; }
  if (i != last[r][s][k] + 1) __atomic_add_fetch(&disorder, 1, __ATOMIC_RELAXED);
  last[r][s][k] = i;
  __atomic_add_fetch(&handled[r], 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&sum[r], i, __ATOMIC_RELAXED);
}
static int done;
static void *receiver(void *arg) {
  my_idx = (int)(long)arg; /* before any signal: they are blocked until here */
  sigset_t rt;
  sigemptyset(&rt);
  for (int k = 0; k < NSIG_USED; k++) sigaddset(&rt, SIGRTMIN + k);
  pthread_sigmask(SIG_UNBLOCK, &rt, NULL);
  long want = per * NS * NSIG_USED;
  while (__atomic_load_n(&handled[my_idx], __ATOMIC_RELAXED) < want ||
         !__atomic_load_n(&done, __ATOMIC_RELAXED))
    usleep(200);
  return NULL;
}
static void *sender(void *arg) {
  int s = (int)(long)arg;
  for (long i = 1; i <= per; i++)
    for (int r = 0; r < NR; r++)
      for (int k = 0; k < NSIG_USED; k++) {
        union sigval v = {.sival_int = (int)(r * 100000000L + s * 1000000L + i)};
        int e;
        while (__atomic_load_n(&queued[r], __ATOMIC_RELAXED) -
                   __atomic_load_n(&handled[r], __ATOMIC_RELAXED) >= INFLIGHT)
          sched_yield();
        while ((e = pthread_sigqueue(recv_th[r], SIGRTMIN + k, v)) == EAGAIN) sched_yield();
        if (e) { fprintf(stderr, "pthread_sigqueue: %s\n", strerror(e)); exit(2); }
        __atomic_add_fetch(&queued[r], 1, __ATOMIC_RELAXED);
      }
  return NULL;
}
int main(int argc, char **argv) {
  per = 250L * (argc > 1 ? atol(argv[1]) : 1);
  struct sigaction sa = {.sa_sigaction = handler, .sa_flags = SA_SIGINFO | SA_RESTART};
  sigfillset(&sa.sa_mask);
  for (int k = 0; k < NSIG_USED; k++) sigaction(SIGRTMIN + k, &sa, NULL);
  /* Only receivers take signals, once they know who they are: senders and
   * main block them. */
  sigset_t rt;
  sigemptyset(&rt);
  for (int k = 0; k < NSIG_USED; k++) sigaddset(&rt, SIGRTMIN + k);
  pthread_sigmask(SIG_BLOCK, &rt, NULL);
  for (int r = 0; r < NR; r++) pthread_create(&recv_th[r], NULL, receiver, (void *)(long)r);
  pthread_t snd[NS];
  for (int s = 0; s < NS; s++) pthread_create(&snd[s], NULL, sender, (void *)(long)s);
  for (long i = 1; i <= per * 4; i++) {
    union sigval v = {.sival_int = (int)-i};
    while (i - 1 - __atomic_load_n(&proc_handled, __ATOMIC_RELAXED) >= INFLIGHT) sched_yield();
    while (sigqueue(getpid(), SIGRTMIN + (int)(i % NSIG_USED), v) < 0 && errno == EAGAIN) sched_yield();
    proc_total += i;
  }
  for (int s = 0; s < NS; s++) pthread_join(snd[s], NULL);
  while (__atomic_load_n(&proc_handled, __ATOMIC_RELAXED) < per * 4) usleep(200);
  __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
  long tot = 0, tsum = 0;
  for (int r = 0; r < NR; r++) {
    pthread_join(recv_th[r], NULL);
    tot += handled[r];
    tsum += sum[r];
  }
  printf("thread-directed handled %ld sum %ld\n", tot, tsum);
  printf("process-directed handled %ld sum %ld (sent sum %ld)\n", proc_handled, proc_sum, proc_total);
  printf("wrong thread %ld out of order %ld\n", wrong_thread, disorder);
  return 0;
}
C
build_abis g.c
per=$((250 * SCALE))
n=$((per * 4 * 4 * 4))
s=$((4 * 4 * 4 * per * (per + 1) / 2))
p=$((per * 4))
ps=$((p * (p + 1) / 2))
check_abis 50 "thread-directed handled $n sum $s
process-directed handled $p sum $ps (sent sum $ps)
wrong thread 0 out of order 0" "$SCALE"
finish
