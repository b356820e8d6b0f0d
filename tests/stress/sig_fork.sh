# Signals during fork, exec and clone: while a sender thread storms the process
# with queued SIGRTMIN and a churn thread creates and joins threads, main forks
# 40*SCALE children that exec the program again, and queues each child a
# SIGRTMIN+1 (blocked, so it stays pending across exec) with the child's number
# before the child execs.
# Exact invariants: every child finds that signal pending after exec, takes it
# with its value and exits with that number; every storm signal queued runs the
# handler once; every churn thread ran; fork and waitpid never fail.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static volatile int child_value = -1;
static void child_handler(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  child_value = si->si_value.sival_int;
}
static int child(int n) { /* after exec: SIGRTMIN+1 is still blocked and pending */
  sigset_t p, s;
  sigpending(&p);
  if (!sigismember(&p, SIGRTMIN + 1)) return 201;
  struct sigaction sa = {.sa_sigaction = child_handler, .sa_flags = SA_SIGINFO};
  sigaction(SIGRTMIN + 1, &sa, NULL);
  sigemptyset(&s);
  sigaddset(&s, SIGRTMIN + 1);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
  return child_value == n ? n % 200 : 202;
}
static long storm_handled, churned;
static int stop;
static void storm_handler(int sig) { (void)sig; __atomic_add_fetch(&storm_handled, 1, __ATOMIC_RELAXED); }
static long storm_sent;
static void *storm(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
    union sigval v = {.sival_int = 1};
    if (sigqueue(getpid(), SIGRTMIN, v) == 0) storm_sent++;
    else if (errno != EAGAIN) { perror("sigqueue"); exit(3); }
    usleep(50);
  }
  return NULL;
}
static void *one(void *arg) { (void)arg; __atomic_add_fetch(&churned, 1, __ATOMIC_RELAXED); return NULL; }
static long churn_made;
static void *churn(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
      if (pthread_create(&t[i], NULL, one, NULL)) { perror("pthread_create"); exit(4); }
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    churn_made += 4;
  }
  return NULL;
}
int main(int argc, char **argv) {
  if (argc > 2 && !strcmp(argv[1], "child")) return child(atoi(argv[2]));
  long n = 40 * (argc > 1 ? atol(argv[1]) : 1);
  struct sigaction sa = {.sa_handler = storm_handler, .sa_flags = SA_RESTART};
  sigaction(SIGRTMIN, &sa, NULL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &s, NULL); /* children inherit it blocked */
  pthread_t st, ch;
  pthread_create(&st, NULL, storm, NULL);
  pthread_create(&ch, NULL, churn, NULL);
  long ok = 0, bad = 0;
  for (long i = 1; i <= n; i++) {
    int go[2];
    if (pipe(go)) { perror("pipe"); return 5; }
    pid_t p = fork();
    if (p < 0) { perror("fork"); return 5; }
    if (p == 0) { /* exec once the signal is queued to it */
      char num[32], c;
      close(go[1]);
      if (read(go[0], &c, 1) != 1) _exit(204);
      snprintf(num, sizeof num, "%ld", i);
      execl(argv[0], argv[0], "child", num, (char *)NULL);
      _exit(203);
    }
    union sigval v = {.sival_int = (int)i};
    if (sigqueue(p, SIGRTMIN + 1, v)) { perror("sigqueue child"); return 6; }
    close(go[0]);
    if (write(go[1], "g", 1) != 1) { perror("write"); return 6; }
    close(go[1]);
    int status;
    while (waitpid(p, &status, 0) < 0)
      if (errno != EINTR) { perror("waitpid"); return 7; }
    if (WIFEXITED(status) && WEXITSTATUS(status) == i % 200) ok++;
    else {
      fprintf(stderr, "child %ld: status %#x\n", i, status);
      bad++;
    }
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
  pthread_join(st, NULL);
  pthread_join(ch, NULL);
  sigemptyset(&s);
  sigaddset(&s, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &s, NULL); /* none left to come: count what came */
  sigset_t p;
  sigpending(&p);
  while (sigismember(&p, SIGRTMIN)) { /* still pending for the process: take them */
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    sigprocmask(SIG_BLOCK, &s, NULL);
    sigpending(&p);
  }
  printf("children %ld exited right, %ld wrong\n", ok, bad);
  printf("storm handled == queued: %s\n", storm_handled == storm_sent ? "yes" : "no");
  printf("churn threads ran == made: %s\n", churned == churn_made ? "yes" : "no");
  if (storm_handled != storm_sent || churned != churn_made)
    fprintf(stderr, "storm %ld/%ld churn %ld/%ld\n", storm_handled, storm_sent, churned, churn_made);
  return 0;
}
C
build_abis g.c
n=$((40 * SCALE))
check_abis 50 "children $n exited right, 0 wrong
storm handled == queued: yes
churn threads ran == made: yes" "$SCALE"
finish
