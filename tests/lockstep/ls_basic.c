/* ls_basic.c — a small program for --lockstep: heap, stdio, string and
 * integer work, a file read back, time and random bytes (replayed from the
 * native side), floating point and a setjmp/longjmp (pointer mangling with
 * stack addresses). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static jmp_buf jb;

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
  int v[64];
  unsigned x = 12345;
  for (int i = 0; i < 64; i++) v[i] = (int)((x = x * 1103515245 + 12345) >> 8) % 1000;
  qsort(v, 64, sizeof v[0], cmp);
  char *p = malloc(1 << 20); /* big enough for mmap */
  memset(p, 'a', 1 << 20);
  snprintf(p, 64, "%s %d %d %d", argv[0] ? "prog" : "?", argc, v[0], v[63]);
  printf("%s %.3f\n", p, 3.25 * v[10]);
  free(p);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  unsigned char rnd[16];
  if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd) return 2;
  int fd = open("/proc/self/cmdline", O_RDONLY);
  char buf[256];
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
  struct stat st;
  if (fd >= 0) fstat(fd, &st);
  close(fd);
  printf("read %zd %d\n", n, ts.tv_sec > 0);
  if (setjmp(jb) == 0) longjmp(jb, 1);
  long double ld = 1.0L;
  for (int i = 1; i < 20; i++) ld *= i;
  printf("%.0Lf %d\n", ld, rnd[0] == rnd[0]);
  return 5;
}
