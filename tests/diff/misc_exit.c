/* misc_exit.c — the exit status is argv[1] (here 255) passed through exit(): the
 * low 8 bits reach the parent.
 * diff-args: 255
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 0;
  printf("exiting with %d\n", code);
  exit(code);
}
