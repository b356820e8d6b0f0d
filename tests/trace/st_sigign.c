/* st_sigign.c — signals that no handler takes, for the strace golden test:
 * one the program ignores (SIG_IGN) and ones whose default action is to
 * ignore them (SIGWINCH, SIGURG, SIGCHLD).  Natively strace still shows each
 * ("--- SIGUSR1 {...} ---"), because the tracer sees a signal before its
 * action is looked at; under emu --strace the log shows them the same way
 * and the program sees no difference (the call that sent them returns, no
 * handler runs). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  signal(SIGUSR1, SIG_IGN);
  kill(getpid(), SIGUSR1);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
  kill(getpid(), SIGWINCH);
  kill(getpid(), SIGURG);
  kill(getpid(), SIGCHLD);
  /* Ignored while blocked: pending, then dropped when unblocked. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  signal(SIGUSR1, SIG_DFL);
  return 0;
}
