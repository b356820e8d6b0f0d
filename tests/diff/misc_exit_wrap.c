/* misc_exit_wrap.c — _exit(298) (no stdio flush), the parent sees 298 & 0xff = 42;
 * and atexit handlers run in reverse order on a normal exit path first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void first(void) {
  printf("atexit registered first, runs last\n");
  fflush(stdout);
  _exit(298);
}
static void second(void) { printf("atexit registered second, runs first\n"); }

int main(void) {
  atexit(first);
  atexit(second);
  printf("main returns 7, but the first handler calls _exit(298)\n");
  return 7;
}
