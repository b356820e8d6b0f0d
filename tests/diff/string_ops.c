/* string_ops.c — the string instructions through libc (memcpy, memmove,
 * memset, memcmp, strlen, strchr, strcmp over many lengths and alignments,
 * whichever implementation the library picks for the CPU) and directly in
 * inline asm: REP MOVS/STOS forward and backward (DF=1), overlapping copies,
 * REPE CMPS and REPNE SCAS with the registers they leave, LODS.
 * diff-skip-gcc32 (64-bit inline asm)
 * diff-pie
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned char a[4096], b[4096];

static uint32_t sum(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static void fill(void) {
  for (int i = 0; i < 4096; i++) a[i] = (unsigned char)(i * 31 + 7), b[i] = (unsigned char)(i * 17);
}

int main(void) {
  uint32_t h = 0;
  for (int len = 0; len < 300; len += 7)
    for (int sa = 0; sa < 8; sa += 3)
      for (int da = 0; da < 8; da += 5) {
        fill();
        memcpy(b + da, a + sa, len);
        h = h * 31 + sum(b, 512);
        memmove(a + da + 3, a + sa, len);
        h = h * 31 + sum(a, 512);
        memset(b + da, len & 0xff, len);
        h = h * 31 + sum(b, 512);
        h = h * 31 + (uint32_t)(memcmp(a + sa, a + da, len) > 0);
      }
  printf("libc mem hash %08x\n", h);
  char s[600];
  for (int i = 0; i < 599; i++) s[i] = 'a' + i % 26;
  s[599] = 0;
  h = 0;
  for (int off = 0; off < 40; off++) {
    h = h * 31 + (uint32_t)strlen(s + off);
    char *p = strchr(s + off, 'q');
    h = h * 31 + (uint32_t)(p ? p - s : -1);
    h = h * 31 + (uint32_t)(strcmp(s + off, s + off + 26) == 0);
  }
  printf("libc str hash %08x\n", h);

  /* rep movsb/movsq forward and backward, including overlap */
  for (int df = 0; df < 2; df++) {
    for (int n = 0; n < 70; n += 23) {
      fill();
      unsigned char *src = df ? a + 1000 + n - 1 : a + 1000,
                    *dst = df ? a + 1005 + n - 1 : a + 1005;
      uint64_t rcx = n;
      if (df)
        __asm__ volatile("std\n rep movsb\n cld" : "+S"(src), "+D"(dst), "+c"(rcx) : : "memory");
      else
        __asm__ volatile("rep movsb" : "+S"(src), "+D"(dst), "+c"(rcx) : : "memory");
      printf("movsb df %d n %d: hash %08x si %+d di %+d cx %" PRIu64 "\n", df, n, sum(a, 2048),
             (int)(src - a), (int)(dst - a), rcx);
      fill();
      uint64_t *qs = (uint64_t *)(a + 64), *qd = (uint64_t *)(a + 64 + 24);
      rcx = n;
      if (df) qs += n - 1, qd += n - 1;
      if (df)
        __asm__ volatile("std\n rep movsq\n cld" : "+S"(qs), "+D"(qd), "+c"(rcx) : : "memory");
      else
        __asm__ volatile("rep movsq" : "+S"(qs), "+D"(qd), "+c"(rcx) : : "memory");
      printf("movsq df %d n %d: hash %08x\n", df, n, sum(a, 2048));
    }
  }
  /* rep stosl / stosw */
  fill();
  unsigned char *d = b + 3;
  uint64_t rcx = 100;
  __asm__ volatile("rep stosl" : "+D"(d), "+c"(rcx) : "a"(0x01020304) : "memory");
  unsigned char *d2 = b + 999;
  uint64_t rcx2 = 50;
  __asm__ volatile("std\n rep stosw\n cld" : "+D"(d2), "+c"(rcx2) : "a"(0xbeef) : "memory");
  printf("stos hash %08x di %d %d\n", sum(b, 2048), (int)(d - b), (int)(d2 - b));

  /* repe cmpsb: first difference; repne scasb: first match */
  fill();
  memcpy(b, a, 256);
  b[77] ^= 1;
  const unsigned char *p1 = a, *p2 = b;
  rcx = 256;
  uint64_t fl;
  __asm__ volatile("repe cmpsb\n pushfq\n pop %3"
                   : "+S"(p1), "+D"(p2), "+c"(rcx), "=r"(fl)
                   :
                   : "cc");
  printf("repe cmpsb stop %d cx %" PRIu64 " flags %03" PRIx64 "\n", (int)(p1 - a), rcx, fl & 0x8d5);
  const unsigned char *p3 = a;
  rcx = 4096;
  __asm__ volatile("repne scasb\n pushfq\n pop %2"
                   : "+D"(p3), "+c"(rcx), "=r"(fl)
                   : "a"(a[300])
                   : "cc");
  printf("repne scasb stop %d cx %" PRIu64 " flags %03" PRIx64 "\n", (int)(p3 - a), rcx,
         fl & 0x8d5);
  const uint16_t *w1 = (const uint16_t *)a, *w2 = (const uint16_t *)b;
  rcx = 100;
  __asm__ volatile("repe cmpsw\n pushfq\n pop %3"
                   : "+S"(w1), "+D"(w2), "+c"(rcx), "=r"(fl)
                   :
                   : "cc");
  printf("repe cmpsw stop %d cx %" PRIu64 " flags %03" PRIx64 "\n",
         (int)((const unsigned char *)w1 - a), rcx, fl & 0x8d5);
  /* lodsq */
  const uint64_t *ls = (const uint64_t *)(a + 8);
  uint64_t v;
  __asm__ volatile("lodsq" : "=a"(v), "+S"(ls));
  printf("lodsq %016" PRIx64 " si %d\n", v, (int)((const unsigned char *)ls - a));
  return 0;
}
