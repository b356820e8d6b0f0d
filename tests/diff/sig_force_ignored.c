/* sig_force_ignored.c — #UD while SIGILL is ignored: the default action is
 * forced and the program dies of SIGILL (status 132).
 */
#include <signal.h>
#include <stdio.h>

int main(void) {
  signal(SIGILL, SIG_IGN);
  printf("executing ud2\n");
  fflush(stdout);
  __asm__ volatile("ud2");
  printf("survived\n");
  return 0;
}
