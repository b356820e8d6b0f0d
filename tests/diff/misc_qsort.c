/* misc_qsort.c — qsort of integers, doubles, strings and structs (stable order checked
 * by a tie-breaking key), bsearch, and a hand-written heap sort for comparison.
 * diff-pie
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 3000
static uint32_t rng = 2463534242u;
static uint32_t xs(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}
struct rec {
  int key, seq;
};
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key - y->key;
  return x->seq - y->seq;
}

int main(void) {
  static int iv[N];
  static double dv[N];
  static char sbuf[N][12];
  static char *sv[N];
  static struct rec rv[N];
  for (int i = 0; i < N; i++) {
    iv[i] = (int)(xs() % 100000) - 50000;
    dv[i] = (double)(int32_t)xs() / 1000.0;
    snprintf(sbuf[i], sizeof sbuf[i], "%x", xs() % 0xfffff);
    sv[i] = sbuf[i];
    rv[i].key = (int)(xs() % 50);
    rv[i].seq = i;
  }
  qsort(iv, N, sizeof iv[0], cmp_int);
  qsort(dv, N, sizeof dv[0], cmp_dbl);
  qsort(sv, N, sizeof sv[0], cmp_str);
  qsort(rv, N, sizeof rv[0], cmp_rec);
  int sorted = 1;
  uint64_t h = 0;
  for (int i = 1; i < N; i++) {
    sorted &= iv[i - 1] <= iv[i] && dv[i - 1] <= dv[i] && strcmp(sv[i - 1], sv[i]) <= 0 &&
              cmp_rec(&rv[i - 1], &rv[i]) < 0;
    h = h * 1000003 + (uint64_t)iv[i] + (uint64_t)(int64_t)dv[i] + (uint64_t)rv[i].seq +
        (unsigned char)sv[i][0];
  }
  printf("sorted %d hash %016llx\n", sorted, (unsigned long long)h);
  printf("ints: %d %d %d ... %d\n", iv[0], iv[1], iv[N / 2], iv[N - 1]);
  printf("doubles: %.3f %.3f ... %.3f\n", dv[0], dv[N / 2], dv[N - 1]);
  printf("strings: %s %s ... %s\n", sv[0], sv[N / 2], sv[N - 1]);
  int found = 0;
  for (int k = -50000; k < 50000; k += 97)
    found += bsearch(&k, iv, N, sizeof iv[0], cmp_int) != NULL;
  printf("bsearch found %d\n", found);
  return !sorted;
}
