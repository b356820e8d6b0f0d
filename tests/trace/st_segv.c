/* st_segv.c — a process killed by a signal, for the strace golden test:
 * "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---" then
 * "+++ killed by SIGSEGV +++" (no core: the test runs with ulimit -c 0). */
#include <unistd.h>

int main(void) {
  write(1, "before\n", 7);
  *(volatile int *)16 = 1;
  return 0;
}
