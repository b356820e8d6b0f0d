/* misc_string.c — the C library's string and memory functions (which pick SSE2/AVX2/
 * EVEX variants from CPUID) over many lengths and every alignment up to 64 bytes,
 * including matches at page ends.  Prints a checksum per function and a few samples.
 * diff-pie
 * diff-cflags: -Wno-stringop-overflow -Wno-stringop-truncation
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static unsigned char src[8192 + 128], dst[8192 + 128], other[8192 + 128];
static const size_t lens[] = {0,  1,  2,  3,   7,   8,   15,  16,   17,   31,   32,  33,
                              63, 64, 65, 127, 128, 255, 256, 1000, 4095, 4096, 8000};
#define NL (sizeof lens / sizeof lens[0])

static uint64_t h;
static void mix(uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; }

static int sgn(int v) { return (v > 0) - (v < 0); }

int main(void) {
  for (size_t i = 0; i < sizeof src; i++) src[i] = (unsigned char)(1 + (i * 7 + i / 13) % 251);

  h = 14695981039346656037ULL;
  for (unsigned a = 0; a < 64; a += 3)
    for (unsigned b = 0; b < 64; b += 5)
      for (unsigned l = 0; l < NL; l++) {
        memset(dst, 0, sizeof dst);
        memcpy(dst + b, src + a, lens[l]);
        mix(dst[b + lens[l]] == 0);
        mix(memcmp(dst + b, src + a, lens[l]) == 0);
        for (size_t k = 0; k < lens[l]; k += 1 + k / 3) mix(dst[b + k]);
      }
  printf("memcpy/memcmp %016llx\n", (unsigned long long)h);

  h = 14695981039346656037ULL;
  for (unsigned a = 0; a < 64; a += 7)
    for (unsigned l = 0; l < NL; l++) {
      memcpy(dst, src, sizeof dst);
      memmove(dst + a, dst + 3, lens[l]); /* overlapping both ways */
      memmove(dst + 5, dst + a + 1, lens[l]);
      for (size_t k = 0; k < lens[l] + 8; k += 3) mix(dst[k]);
      memset(dst + a, a, lens[l]);
      mix(dst[a + lens[l]]);
      mix(lens[l] ? dst[a + lens[l] - 1] : 0);
    }
  printf("memmove/memset %016llx\n", (unsigned long long)h);

  h = 14695981039346656037ULL;
  for (unsigned a = 0; a < 64; a += 3)
    for (unsigned l = 0; l < NL; l++) {
      char *s = (char *)dst + a;
      memcpy(s, src, lens[l]);
      s[lens[l]] = 0;
      mix(strlen(s));
      mix(strnlen(s, lens[l] / 2));
      char *c = strchr(s, src[lens[l] / 2]);
      mix(c ? (uint64_t)(c - s) : 999999);
      c = strrchr(s, src[lens[l] / 3]);
      mix(c ? (uint64_t)(c - s) : 999999);
      c = memchr(s, 0, lens[l] + 1);
      mix(c ? (uint64_t)(c - s) : 999999);
      c = memrchr(s, src[1], lens[l]);
      mix(c ? (uint64_t)(c - s) : 999999);
      mix(strchr(s, 0) - s);
      char *t = (char *)other + (a % 16);
      memcpy(t, s, lens[l] + 1);
      mix(sgn(strcmp(s, t)) + 3);
      if (lens[l]) {
        t[lens[l] - 1]++;
        mix(sgn(strcmp(s, t)) + 3);
        mix(sgn(strncmp(s, t, lens[l] - 1)) + 3);
        mix(sgn(memcmp(s, t, lens[l])) + 3);
        t[lens[l] - 1]--;
      }
      char needle[8];
      size_t nl = lens[l] < 5 ? lens[l] : 5;
      memcpy(needle, s + lens[l] - nl, nl);
      needle[nl] = 0;
      c = strstr(s, needle);
      mix(c ? (uint64_t)(c - s) : 999999);
      mix(strspn(s, "\x01\x02\x03\x08\x09") + 7 * strcspn(s, "\x30\x31"));
    }
  printf("str* %016llx\n", (unsigned long long)h);

  /* Strings ending right at the end of a mapping: a vectorized strlen must not fault. */
  unsigned char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pg + 4096, 4096);
  memset(pg, 'x', 4096);
  h = 0;
  for (unsigned l = 1; l < 100; l++) {
    char *s = (char *)pg + 4096 - l;
    s[l - 1] = 0;
    mix(strlen(s));
    mix(strchr(s, 'y') == NULL);
    mix(memchr(s, 0, l) != NULL);
    mix(strcmp(s, s));
    s[l - 1] = 'x';
  }
  printf("page-end %016llx\n", (unsigned long long)h);

  char buf[64];
  strcpy(buf, "hello");
  strcat(buf, ", ");
  const char *world = src[0] ? "world!!!" : "";
  strncat(buf, world, 5);
  printf("strcat: %s; stpcpy end %td; strdup equal %d\n", buf, stpcpy(buf, "abc") - buf,
         strcmp(strdupa("abc"), buf) == 0);
  printf("strcasecmp %d strncasecmp %d strtok ", sgn(strcasecmp("HeLLo", "hello")),
         sgn(strncasecmp("abcX", "ABCy", 4)));
  char tok[] = "a,b,,c;d";
  for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;")) printf("[%s]", t);
  printf("\n");
  return 0;
}
