/* b_sieve.c — CPU-bound integer work: a sieve of Eratosthenes and a table CRC-32. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  enum { N = 1 << 20 };
  static unsigned char comp[N];
  static uint32_t tab[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    tab[i] = c;
  }
  unsigned long primes = 0;
  uint32_t crc = 0xffffffffu;
  for (int r = 0; r < reps; r++) {
    memset(comp, 0, sizeof comp);
    for (unsigned i = 2; i * i < N; i++)
      if (!comp[i])
        for (unsigned j = i * i; j < N; j += i) comp[j] = 1;
    for (unsigned i = 2; i < N; i++) primes += !comp[i];
    for (unsigned i = 0; i < N; i++) crc = tab[(crc ^ comp[i] ^ i) & 0xff] ^ (crc >> 8);
  }
  printf("%lu %08x\n", primes, crc);
  return 0;
}
