/* mem_segv_unmapped.c — a write the memory protection forbids (unmapped) kills the program with
 * SIGSEGV (status 139) after its output: emu must deliver the same default action.
 * No signal handler is installed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  volatile char *target;
  target = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  target[4096] = 7;
  printf("second page written: %d\n", target[4096]);
  munmap((void *)(target + 4096), 4096);
  printf("unmapped it; reading it now\n");
  fflush(stdout);
  printf("%d\n", target[4096]); /* SIGSEGV (SEGV_MAPERR) */
  return 0;
}
