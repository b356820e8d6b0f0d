/* mem_segv_ro.c — a write the memory protection forbids (ro) kills the program with
 * SIGSEGV (status 139) after its output: emu must deliver the same default action.
 * No signal handler is installed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  volatile char *target;
  target = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mapped read-only page: %s; reads %d\n", target != MAP_FAILED ? "yes" : "no", target[0]);
  fflush(stdout);
  target[0] = 1; /* SIGSEGV (SEGV_ACCERR) */
  printf("not reached\n");
  return 0;
}
