/* sig_force_blocked.c — a fault while SIGSEGV is blocked and handled: the
 * kernel forces the default action (force_sig_fault), the program dies of
 * SIGSEGV (exit status 139 under the test runner).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_segv(int sig) {
  (void)sig;
  write(1, "handler ran\n", 12);
  _exit(3);
}

int main(void) {
  signal(SIGSEGV, on_segv);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGSEGV);
  sigprocmask(SIG_BLOCK, &s, NULL);
  printf("faulting\n");
  fflush(stdout);
  *(volatile int *)0 = 1;
  printf("survived\n");
  return 0;
}
