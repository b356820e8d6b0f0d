/* mem_segv_text.c — a write the memory protection forbids (text) kills the program with
 * SIGSEGV (status 139) after its output: emu must deliver the same default action.
 * No signal handler is installed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  volatile char *target;
  target = (volatile char *)(void *)main;
  printf("first byte of main readable: %s\n", target[0] || 1 ? "yes" : "no");
  fflush(stdout);
  target[0] = (char)0xc3; /* code is mapped r-x: SIGSEGV */
  printf("not reached\n");
  return 0;
}
