/* b_string.c — glibc string functions: memcpy, strlen, strcmp, memchr over buffers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  enum { N = 1 << 16 };
  static char a[N + 64], b[N + 64];
  for (int i = 0; i < N; i++) a[i] = (char)('a' + i % 26);
  a[N] = 0;
  unsigned long sum = 0;
  for (int r = 0; r < 400 * reps; r++) {
    memcpy(b + (r & 15), a + (r & 7), N - 16);
    b[(r & 15) + N - 16] = 0;
    sum += strlen(b + (r & 15));
    sum += strcmp(a + 1, b + (r & 15) + 1) != 0;
    char *p = memchr(b, 'z' + 1, N);
    sum += p != NULL;
    sum += (unsigned long)(strchr(a, 'q') - a);
  }
  printf("%lu\n", sum);
  return 0;
}
