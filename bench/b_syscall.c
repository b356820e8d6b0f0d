/* b_syscall.c — syscall-bound: many getpid and small write(2) calls to /dev/null. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  int fd = open("/dev/null", O_WRONLY);
  long s = 0;
  for (int i = 0; i < 100000 * reps; i++) {
    s += syscall(SYS_getpid) > 0;
    s += write(fd, "x", 1);
  }
  printf("%ld\n", s);
  return 0;
}
