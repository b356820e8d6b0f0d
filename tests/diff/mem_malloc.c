/* mem_malloc.c — malloc, calloc, realloc and free over many sizes (brk-served small
 * blocks and mmap-served large ones), with every byte written and checked; prints
 * checksums only (no addresses).
 * diff-pie
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 300

static uint32_t rng = 12345;
static uint32_t next(void) { return rng = rng * 1103515245 + 12345; }

static size_t pick_size(unsigned i) {
  switch (i % 8) {
  case 0: return i % 17;                   /* tiny, including 0 */
  case 1: return 16 + next() % 200;        /* small */
  case 2: return 1000 + next() % 3000;     /* medium */
  case 3: return 4096 * (1 + next() % 4);  /* page multiples */
  case 4: return 100000 + next() % 100000; /* around the mmap threshold */
  case 5: return i == 5 ? 8 << 20 : 64;    /* one big block */
  case 6: return 1 + next() % 64;
  default: return 140000 + next() % 100000; /* mmap-served */
  }
}

/* Bytes to look at: all of a small block, a sparse sample of a large one. */
static size_t stride(size_t size) { return size <= 8192 ? 1 : 61; }

int main(void) {
  static unsigned char *p[N];
  static size_t sz[N];
  uint64_t sum = 0, ok = 0, bad = 0;
  for (unsigned i = 0; i < N; i++) {
    sz[i] = pick_size(i);
    p[i] = (i % 5 == 0) ? calloc(1, sz[i]) : malloc(sz[i]);
    if (!p[i] && sz[i]) {
      printf("allocation %u of %zu bytes failed\n", i, sz[i]);
      return 1;
    }
    if (i % 5 == 0)
      for (size_t k = 0; k < sz[i]; k += stride(sz[i])) bad += p[i][k] != 0;
    memset(p[i], (int)(i & 0xff), sz[i]);
    if (((uintptr_t)p[i] & 15) != 0) bad++; /* malloc alignment is 16 on x86-64 */
  }
  /* Free every third, then grow/shrink the rest with realloc. */
  for (unsigned i = 0; i < N; i += 3) {
    free(p[i]);
    p[i] = NULL;
  }
  for (unsigned i = 1; i < N; i += 3) {
    size_t nsz = (i % 2) ? sz[i] * 2 + 10 : sz[i] / 2;
    unsigned char *q = realloc(p[i], nsz);
    if (!q && nsz) return 2;
    size_t keep = nsz < sz[i] ? nsz : sz[i];
    for (size_t k = 0; k < keep; k += stride(keep)) bad += q[k] != (unsigned char)(i & 0xff);
    memset(q, (int)((i * 7) & 0xff), nsz);
    p[i] = q;
    sz[i] = nsz;
  }
  for (unsigned i = 0; i < N; i++) {
    if (!p[i]) continue;
    unsigned char want = (unsigned char)((i % 3 == 1) ? (i * 7) & 0xff : i & 0xff);
    for (size_t k = 0; k < sz[i]; k += stride(sz[i])) {
      if (p[i][k] == want)
        ok++;
      else
        bad++;
      sum = sum * 31 + p[i][k];
    }
    free(p[i]);
  }
  /* Many short-lived small allocations. */
  uint64_t churn = 0;
  for (unsigned i = 0; i < 5000; i++) {
    char *s = malloc(1 + i % 100);
    s[0] = (char)i;
    churn += (unsigned char)s[0];
    free(s);
  }
  printf("bytes ok %llu bad %llu checksum %016llx churn %llu\n", (unsigned long long)ok,
         (unsigned long long)bad, (unsigned long long)sum, (unsigned long long)churn);
  return bad != 0;
}
