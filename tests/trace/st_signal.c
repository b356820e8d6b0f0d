/* st_signal.c — signal calls for the strace golden test: handlers and their
 * rt_sigreturn/sigreturn, sigaltstack, rt_sigtimedwait, rt_sigqueueinfo,
 * rt_tgsigqueueinfo, signalfd4, and i386's old sigaction/sigprocmask/signal/
 * sigpending.  Every value printed is fixed (the pids are masked). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int got;
static void handler(int sig) { got += sig; }
static void handler3(int sig, siginfo_t *si, void *uc) { got += sig + si->si_code; }

static char altstack[16384];

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = handler3;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGUSR2, &sa, NULL);

  /* sigaltstack: set one, read it back, a bad flag. */
  stack_t ss = {.ss_sp = altstack, .ss_flags = 0, .ss_size = sizeof altstack}, old;
  sigaltstack(&ss, &old);
  sigaltstack(NULL, &old);
  ss.ss_flags = 12345;
  syscall(SYS_sigaltstack, &ss, NULL);

  /* A handler runs and returns through rt_sigreturn (sigreturn on i386 without SA_SIGINFO). */
  raise(SIGUSR1);
  raise(SIGUSR2);

  /* rt_sigqueueinfo / rt_tgsigqueueinfo to ourselves, taken by rt_sigtimedwait. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN + 2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR2;
  si.si_code = SI_QUEUE;
  si.si_pid = 1234;
  si.si_uid = 0;
  si.si_value.sival_int = 42;
  syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si);
  siginfo_t got_si;
  struct timespec ts = {5, 0};
  sigtimedwait(&set, &got_si, &ts);
  si.si_signo = SIGRTMIN + 2;
  si.si_code = -7;
  syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), SIGRTMIN + 2, &si);
  sigwaitinfo(&set, &got_si);
  ts.tv_sec = 0;
  ts.tv_nsec = 1000;
  sigtimedwait(&set, NULL, &ts); /* EAGAIN */

  /* signalfd */
  int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  signalfd(fd, &set, 0);
  close(fd);

#ifdef __i386__
  /* The old i386 calls, with their one-word masks. */
  struct {
    unsigned long handler, mask, flags, restorer;
  } osa = {1, 1u << (SIGINT - 1), 0x10000000, 0}, ooa;
  syscall(SYS_sigaction, SIGHUP, &osa, &ooa);
  syscall(SYS_sigaction, SIGHUP, NULL, &ooa);
  unsigned long m = 1u << (SIGTERM - 1), om;
  syscall(SYS_sigprocmask, SIG_BLOCK, &m, &om);
  syscall(SYS_sigprocmask, SIG_SETMASK, &om, NULL);
  syscall(SYS_signal, SIGQUIT, SIG_IGN);
  syscall(SYS_signal, SIGQUIT, SIG_DFL);
  syscall(SYS_sigpending, &om);
#endif
  printf("%d\n", got);
  return 0;
}
