/* b_pipe.c — syscall-bound: a read/write loop through a pipe (one process). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  int fds[2];
  if (pipe(fds)) return 1;
  char buf[512] = {1};
  long total = 0;
  for (int i = 0; i < 50000 * reps; i++) {
    if (write(fds[1], buf, sizeof buf) != sizeof buf) return 2;
    total += read(fds[0], buf, sizeof buf);
  }
  printf("%ld\n", total);
  return 0;
}
