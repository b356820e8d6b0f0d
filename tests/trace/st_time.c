/* st_time.c — time functions for the strace golden test.  glibc reaches
 * clock_gettime, gettimeofday, time and getcpu through the vDSO, which native
 * strace never sees; under emu the vDSO enters emu, and the log must not show
 * those calls either.  The direct system calls at the end must show. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  struct timespec ts;
  struct timeval tv;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  clock_gettime(CLOCK_REALTIME, &ts);
  clock_getres(CLOCK_MONOTONIC, &ts);
  gettimeofday(&tv, NULL);
  time(NULL);
  sched_getcpu();
  syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts);
  syscall(SYS_gettimeofday, &tv, NULL);
  ts.tv_sec = 0;
  ts.tv_nsec = 5000;
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
  printf("%d\n", ts.tv_sec >= 0);
  return 0;
}
