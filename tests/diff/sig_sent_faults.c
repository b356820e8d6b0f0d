/* sig_sent_faults.c — the fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGTRAP) sent by another process rather than raised by an instruction:
 * caught with the sender's si_code, left pending while blocked, dropped
 * while ignored, and a real fault still caught afterwards; at the end the
 * default action of a sent SIGSEGV ends the program (status 128+11). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got[32], code[32], sender[32];
static pid_t last_child;
static sigjmp_buf env;
static volatile int jump;

static void on_sig(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got[sig]++;
  code[sig] = si->si_code;
  sender[sig] = si->si_pid;
  if (jump) siglongjmp(env, 1);
}

/* A child sends sig to us (kill or sigqueue) and exits; wait for it (a
 * blocked signal does not interrupt the wait: 1 when it returned the child). */
static int send_from_child(int sig, int queued) {
  pid_t p = fork();
  if (p == 0) {
    if (queued < 0) usleep(50000); /* -1: once the parent is in waitpid */
    if (queued > 0)
      sigqueue(getppid(), sig, (union sigval){.sival_int = 5});
    else
      kill(getppid(), sig);
    _exit(0);
  }
  last_child = p;
  return waitpid(p, NULL, 0) == p;
}

static void wait_for(int sig) {
  for (int i = 0; i < 2000 && !got[sig]; i++) usleep(1000);
}

int main(void) {
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 0; i < 5; i++) sigaction(sigs[i], &sa, NULL);

  for (int i = 0; i < 5; i++) {
    int s = sigs[i];
    send_from_child(s, i & 1);
    wait_for(s);
    printf("sent %-2d: caught %d si_code %d from the child %d\n", s, got[s], code[s],
           sender[s] == last_child);
  }

  /* Blocked: pending until unblocked, then delivered once. */
  sigset_t set, pend;
  sigemptyset(&set);
  sigaddset(&set, SIGSEGV);
  sigaddset(&set, SIGFPE);
  sigprocmask(SIG_BLOCK, &set, NULL);
  got[SIGSEGV] = got[SIGFPE] = 0;
  int w1 = send_from_child(SIGSEGV, -1), w2 = send_from_child(SIGFPE, -1);
  usleep(20000);
  sigpending(&pend);
  printf("blocked: waits went on %d %d, pending %d %d, caught %d %d\n", w1, w2,
         sigismember(&pend, SIGSEGV), sigismember(&pend, SIGFPE), got[SIGSEGV], got[SIGFPE]);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  printf("unblocked: caught %d %d\n", got[SIGSEGV], got[SIGFPE]);

  /* Ignored: dropped. */
  signal(SIGBUS, SIG_IGN);
  got[SIGBUS] = 0;
  send_from_child(SIGBUS, 0);
  usleep(20000);
  sigpending(&pend);
  printf("ignored: caught %d pending %d\n", got[SIGBUS], sigismember(&pend, SIGBUS));

  /* A real fault is still a fault. */
  got[SIGSEGV] = 0;
  jump = 1;
  int *volatile bad = (int *)16;
  if (!sigsetjmp(env, 1)) *(volatile int *)bad = 1;
  jump = 0;
  printf("real fault: caught %d si_code %d\n", got[SIGSEGV], code[SIGSEGV]);

  /* The default action of a sent SIGSEGV. */
  signal(SIGSEGV, SIG_DFL);
  send_from_child(SIGSEGV, 0);
  for (;;) pause();
}
