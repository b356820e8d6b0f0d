/* b_getppid.c — the cheapest system call in a loop: the cost of one entry and exit. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  long s = 0;
  for (int i = 0; i < 100000 * reps; i++) s += syscall(SYS_getppid) > 0;
  printf("%ld\n", s);
  return 0;
}
