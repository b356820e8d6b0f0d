/* b_qsort.c — libc's qsort of pseudo-random integers through a comparison callback. */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  enum { N = 1 << 15 };
  static int v[N];
  unsigned long long sum = 0, seed = 12345;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      v[i] = (int)(seed >> 33);
    }
    qsort(v, N, sizeof v[0], cmp);
    for (int i = 0; i < N; i += 97) sum = sum * 31 + (unsigned)v[i];
  }
  printf("%llu\n", sum);
  return 0;
}
