/* sse_sse42.c — SSE4.2: PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM over all 128
 * meaningful imm8 values (bits 0-6) and structured and pseudo-random inputs
 * (short strings, embedded nulls, explicit lengths negative, zero, over 16,
 * REX.W lengths in 64-bit mode), the ECX or XMM0 result and the flags CF ZF
 * SF OF AF PF; CRC32 of every width and operand form against a running CRC;
 * PCMPGTQ on edge values; glibc string functions that have SSE4.2 variants.
 */
/* No "#pragma GCC target("sse4.2")": it lets the compiler use SSE4.1 too
 * (pinsrq, ...).  The SSE4.2 instructions are inline asm; the rest is SSE2. */
#pragma GCC target("sse2")
#include <emmintrin.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __x86_64__
#define SP_DOWN "lea -128(%%rsp), %%rsp\n\t"
#define SP_UP   "\n\tlea 128(%%rsp), %%rsp"
typedef uint64_t reg_t;
#else
#define SP_DOWN ""
#define SP_UP   ""
typedef uint32_t reg_t;
#endif
#define FLAGS_MASK 0x8d5u /* OF SF ZF AF PF CF */

struct v16 {
  unsigned char b[16];
};

static uint32_t seed = 0x5eed42u;
static uint32_t rnd(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 1;
}

/* One imm8: the four instructions on (a, la) and (b, lb), then in 64-bit mode
 * the REX.W PCMPESTRI/PCMPESTRM.  PCMPESTRI and PCMPISTRM read b from
 * unaligned memory, the others from a register. */
struct out {
  reg_t cx[4];
  reg_t fl[6];
  __m128i m[3];
};
typedef void (*strfn)(struct out *, const struct v16 *, const struct v16 *, reg_t, reg_t);

#define CX_JUNK   ((reg_t)0xdeadbeefcafebabeull)
#define DEF(H, L) DEFI(f_##H##_##L, ((H)*8 + (L)))
#define DEFI(NAME, I)                                                                   \
  static void NAME(struct out *o, const struct v16 *pa, const struct v16 *pb, reg_t la, \
                   reg_t lb) {                                                          \
    __m128i a, b, m;                                                                    \
    reg_t cx = CX_JUNK, f;                                                              \
    memcpy(&a, pa, 16);                                                                 \
    memcpy(&b, pb, 16);                                                                 \
    __asm__ volatile("pcmpestri %[i], %[b], %[a]\n\t" SP_DOWN "pushf\n\tpop %[f]" SP_UP \
                     : "+c"(cx), [f] "=r"(f)                                            \
                     : [a] "x"(a), [b] "m"(*pb), "a"((int)la), "d"((int)lb), [i] "i"(I) \
                     : "cc");                                                           \
    o->cx[0] = cx;                                                                      \
    o->fl[0] = f & FLAGS_MASK;                                                          \
    __asm__ volatile("pcmpestrm %[i], %[b], %[a]\n\t" SP_DOWN "pushf\n\tpop %[f]" SP_UP \
                     : "=Yz"(m), [f] "=r"(f)                                            \
                     : [a] "x"(a), [b] "x"(b), "a"((int)la), "d"((int)lb), [i] "i"(I)   \
                     : "cc");                                                           \
    o->m[0] = m;                                                                        \
    o->fl[1] = f & FLAGS_MASK;                                                          \
    cx = CX_JUNK;                                                                       \
    __asm__ volatile("pcmpistri %[i], %[b], %[a]\n\t" SP_DOWN "pushf\n\tpop %[f]" SP_UP \
                     : "+c"(cx), [f] "=r"(f)                                            \
                     : [a] "x"(a), [b] "x"(b), [i] "i"(I)                               \
                     : "cc");                                                           \
    o->cx[1] = cx;                                                                      \
    o->fl[2] = f & FLAGS_MASK;                                                          \
    __asm__ volatile("pcmpistrm %[i], %[b], %[a]\n\t" SP_DOWN "pushf\n\tpop %[f]" SP_UP \
                     : "=Yz"(m), [f] "=r"(f)                                            \
                     : [a] "x"(a), [b] "m"(*pb), [i] "i"(I)                             \
                     : "cc");                                                           \
    o->m[1] = m;                                                                        \
    o->fl[3] = f & FLAGS_MASK;                                                          \
    DEF64(I)                                                                            \
  }

#ifdef __x86_64__
#define DEF64(I)                                                                    \
  {                                                                                 \
    register __m128i x0 __asm__("xmm0") = a;                                        \
    register __m128i x1 __asm__("xmm1") = b;                                        \
    cx = CX_JUNK;                                                                   \
    __asm__ volatile(".byte 0x66, 0x48, 0x0f, 0x3a, 0x61, 0xc1, " #I "\n\t" SP_DOWN \
                     "pushf\n\tpop %[f]" SP_UP                                      \
                     : "+c"(cx), [f] "=r"(f)                                        \
                     : "x"(x0), "x"(x1), "a"(la), "d"(lb)                           \
                     : "cc");                                                       \
    o->cx[2] = cx;                                                                  \
    o->fl[4] = f & FLAGS_MASK;                                                      \
    __asm__ volatile(".byte 0x66, 0x48, 0x0f, 0x3a, 0x60, 0xc1, " #I "\n\t" SP_DOWN \
                     "pushf\n\tpop %[f]" SP_UP                                      \
                     : "+x"(x0), [f] "=r"(f)                                        \
                     : "x"(x1), "a"(la), "d"(lb)                                    \
                     : "cc");                                                       \
    o->m[2] = x0;                                                                   \
    o->fl[5] = f & FLAGS_MASK;                                                      \
  }
#else
#define DEF64(I)
#endif

/* 128 functions f_H_L for imm8 = H * 8 + L */
#define DEF8(H) DEF(H, 0) DEF(H, 1) DEF(H, 2) DEF(H, 3) DEF(H, 4) DEF(H, 5) DEF(H, 6) DEF(H, 7)
DEF8(0)
DEF8(1) DEF8(2) DEF8(3) DEF8(4) DEF8(5) DEF8(6) DEF8(7) DEF8(8) DEF8(9) DEF8(10) DEF8(11) DEF8(12)
    DEF8(13) DEF8(14) DEF8(15)

#define P8(H) f_##H##_0, f_##H##_1, f_##H##_2, f_##H##_3, f_##H##_4, f_##H##_5, f_##H##_6, f_##H##_7
        static const strfn fns[128] = {P8(0),  P8(1),  P8(2),  P8(3), P8(4),  P8(5),
                                       P8(6),  P8(7),  P8(8),  P8(9), P8(10), P8(11),
                                       P8(12), P8(13), P8(14), P8(15)};

static void hex16(const void *p) {
  const unsigned char *b = p;
  for (int i = 15; i >= 0; i--) printf("%02x", b[i]);
}

static uint32_t fnv(uint32_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  while (n--) h = (h ^ *b++) * 16777619u;
  return h;
}

/* full: one line per imm8 (masks hashed); else one hash line for all 128
 * (SSE42_FULL=1 in the environment prints everything, for debugging). */
static void run(const char *tag, const struct v16 *a, const struct v16 *b, reg_t la, reg_t lb,
                int full) {
  /* b unaligned in memory */
  static unsigned char buf[48];
  struct v16 *ub = (struct v16 *)(buf + 1 + (rnd() % 15));
  memcpy(ub, b, 16);
  if (getenv("SSE42_FULL")) full = 2;
  printf("%s a=", tag);
  hex16(a);
  printf(" b=");
  hex16(b);
  printf(" la=%llx lb=%llx", (unsigned long long)la, (unsigned long long)lb);
  uint32_t all = 2166136261u;
  for (int i = 0; i < 128; i++) {
    struct out o;
    memset(&o, 0, sizeof o);
    fns[i](&o, a, ub, la, lb);
    all = fnv(all, &o, sizeof o);
    if (!full) continue;
    printf("\n %02x e:%llx/%03llx/%03llx i:%llx/%03llx/%03llx", i, (unsigned long long)o.cx[0],
           (unsigned long long)o.fl[0], (unsigned long long)o.fl[1], (unsigned long long)o.cx[1],
           (unsigned long long)o.fl[2], (unsigned long long)o.fl[3]);
#ifdef __x86_64__
    printf(" q:%llx/%03llx/%03llx", (unsigned long long)o.cx[2], (unsigned long long)o.fl[4],
           (unsigned long long)o.fl[5]);
#endif
    if (full == 2) {
      for (int k = 0; k < 3; k++) {
        printf(" ");
        hex16(&o.m[k]);
      }
    } else {
      printf(" m:%08x", fnv(2166136261u, o.m, sizeof o.m));
    }
  }
  printf(" all:%08x\n", all);
}

static struct v16 str16(const char *s, size_t n) {
  struct v16 v;
  memset(&v, 0, sizeof v);
  memcpy(v.b, s, n > 16 ? 16 : n);
  return v;
}

static const long long lens[] = {0,
                                 1,
                                 2,
                                 3,
                                 5,
                                 7,
                                 8,
                                 9,
                                 15,
                                 16,
                                 17,
                                 100,
                                 -1,
                                 -3,
                                 -8,
                                 -9,
                                 -16,
                                 -17,
                                 INT_MAX,
                                 INT_MIN,
                                 0x100000003ll,
                                 0xffffffffll,
                                 0x7fffffff00000004ll,
                                 -0x100000000ll,
                                 (long long)0x8000000000000000ull};
#define NLENS (sizeof lens / sizeof lens[0])

static void test_strings(void) {
  static const struct {
    const char *a, *b;
    size_t na, nb;
  } s[] = {
      {"hello", "say hello world", 6, 16},
      {"lo", "hello world", 3, 12},
      {"azAZ", "Hello, World 09", 5, 16},
      {"09af", "deadBEEF 0123xyz", 5, 16},
      {"abc\0def", "xxabc\0defabcdefg", 8, 16},
      {"", "anything", 1, 9},
      {"abc", "", 4, 1},
      {"", "", 1, 1},
      {"aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", 16, 16},
      {"abcdefghijklmnop", "abcdefghijklmnop", 16, 16},
      {"abcdefghijklmnop", "abcdefghXjklmnop", 16, 16},
      {"mnopqrstu", "abcdefghijklmnop", 10, 16},
      {"nop", "abcdefghijklmnop", 4, 16},
      {"op", "abcdefghijklmnop", 2, 16},
      {"pq", "abcdefghijklmnop", 3, 16},
      {"\x80\xff\x01\x7f", "\x80\x81\xfe\xff\x00\x01\x7e\x7f", 4, 8},
      {"\x01\x00\x02\x00", "\x01\x00\x03\x00\x02\x00\x00\x00\x01\x00", 4, 10},
      {"a\0b\0c\0", "x\0y\0a\0b\0c\0z\0", 6, 12},
      {" \t\n", "word\tand words\n", 4, 16},
      {"\x00\x80\xff\x7f", "\x00\x00\x00\x80\x00\xff\xff\x7f\x01\x00\x00\x00", 4, 12},
  };
  for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
    struct v16 a = str16(s[i].a, s[i].na), b = str16(s[i].b, s[i].nb);
    reg_t la = (reg_t)(s[i].na ? s[i].na - 1 : 0), lb = (reg_t)(s[i].nb ? s[i].nb - 1 : 0);
    run("str", &a, &b, la, lb, 1);
    run("strl", &a, &b, (reg_t)lens[(i * 3) % NLENS], (reg_t)lens[(i * 7 + 2) % NLENS], 1);
  }
}

static void test_random(void) {
  for (int n = 0; n < 40; n++) {
    struct v16 a, b;
    int alpha = 1 + n % 5; /* small alphabets make matches likely */
    for (int i = 0; i < 16; i++) {
      a.b[i] = (unsigned char)(n & 1 ? rnd() : 'a' + rnd() % alpha);
      b.b[i] = (unsigned char)(n & 1 ? rnd() : 'a' + rnd() % alpha);
      if (n & 2 && i & 1) {
        a.b[i] = (unsigned char)(rnd() % 3 == 0 ? 0 : 0x80);
        b.b[i] = (unsigned char)(rnd() % 3 == 0 ? 0 : 0xff);
      }
    }
    if (n % 3 == 0) a.b[rnd() % 16] = 0;
    if (n % 4 == 1) b.b[rnd() % 16] = 0;
    if (n % 7 == 2) memcpy(b.b + rnd() % 8, a.b, 4); /* a substring of b */
    reg_t la = (reg_t)lens[rnd() % NLENS], lb = (reg_t)lens[rnd() % NLENS];
    run("rnd", &a, &b, la, lb, 0);
  }
  /* every pair of explicit lengths on one input */
  struct v16 a = str16("abcabcab", 8), b = str16("cabcabcabcabcabc", 16);
  for (size_t i = 0; i < NLENS; i += 2)
    for (size_t j = 0; j < NLENS; j += 3) run("len", &a, &b, (reg_t)lens[i], (reg_t)lens[j], 0);
}

/* ---- CRC32 ---- */
static uint32_t crc_u8(uint32_t c, uint8_t v) {
  __asm__("crc32b %1, %0" : "+r"(c) : "rm"(v));
  return c;
}
static uint32_t crc_u16(uint32_t c, uint16_t v) {
  __asm__("crc32w %1, %0" : "+r"(c) : "rm"(v));
  return c;
}
static uint32_t crc_u32(uint32_t c, uint32_t v) {
  __asm__("crc32l %1, %0" : "+r"(c) : "rm"(v));
  return c;
}
#ifdef __x86_64__
static uint64_t crc_u64(uint64_t c, uint64_t v) {
  __asm__("crc32q %1, %0" : "+r"(c) : "rm"(v));
  return c;
}
#endif
static uint32_t crc_ref(uint32_t crc, const unsigned char *p, size_t n) {
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
  }
  return crc;
}

static void test_crc32(void) {
  unsigned char data[1024];
  for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)rnd();
  static const uint32_t inits[] = {0, 0xffffffffu, 0x12345678u, 0x80000000u, 1};
  for (size_t k = 0; k < sizeof inits / sizeof inits[0]; k++) {
    for (size_t len = 0; len <= 64; len += 8) {
      uint32_t ref = crc_ref(inits[k], data + k, len);
      uint32_t c8 = inits[k], c16 = inits[k], c32 = inits[k], cw = inits[k];
      for (size_t i = 0; i < len; i++) c8 = crc_u8(c8, data[k + i]);
      for (size_t i = 0; i < len; i += 2) {
        uint16_t v;
        memcpy(&v, data + k + i, 2);
        c16 = crc_u16(c16, v);
      }
      for (size_t i = 0; i < len; i += 4) {
        uint32_t v;
        memcpy(&v, data + k + i, 4);
        c32 = crc_u32(c32, v);
      }
#ifdef __x86_64__
      uint64_t c64 = inits[k];
      for (size_t i = 0; i < len; i += 8) {
        uint64_t v;
        memcpy(&v, data + k + i, 8);
        c64 = crc_u64(c64, v);
      }
      cw = (uint32_t)c64;
#endif
      printf("crc init=%08x len=%zu ref=%08x b=%08x w=%08x d=%08x q=%08x %s\n", inits[k], len, ref,
             c8, c16, c32, cw,
             c8 == ref && c16 == ref && c32 == ref && cw == (sizeof(void *) == 8 ? ref : inits[k])
                 ? "ok"
                 : "MISMATCH");
    }
  }
  /* the whole buffer, mixing widths */
  uint32_t c = 0xffffffffu;
  size_t i = 0;
  while (i + 8 <= sizeof data) {
    uint32_t v32;
    uint16_t v16;
    switch (rnd() % 3) {
    case 0:
      c = crc_u8(c, data[i]);
      i += 1;
      break;
    case 1:
      memcpy(&v16, data + i, 2);
      c = crc_u16(c, v16);
      i += 2;
      break;
    default:
      memcpy(&v32, data + i, 4);
      c = crc_u32(c, v32);
      i += 4;
      break;
    }
  }
  printf("crc mixed %zu: %08x ref %08x\n", i, ~c, ~crc_ref(0xffffffffu, data, i));

  /* operand forms: high byte register, memory, 64-bit destination */
  reg_t r = (reg_t)0x1111111122222222ull;
  unsigned ax = 0xa55a;
  __asm__("crc32b %h1, %k0" : "+r"(r) : "Q"(ax));
  printf("crc32b ah: %llx\n", (unsigned long long)r);
  r = (reg_t)0x3333333344444444ull;
  __asm__("crc32b %1, %k0" : "+r"(r) : "m"(data[3]));
  printf("crc32b m8: %llx\n", (unsigned long long)r);
  r = (reg_t)0x5555555566666666ull;
  __asm__("crc32w %1, %k0" : "+r"(r) : "m"(*(uint16_t *)(data + 5)));
  printf("crc32w m16: %llx\n", (unsigned long long)r);
  r = (reg_t)0x7777777788888888ull;
  __asm__("crc32l %1, %k0" : "+r"(r) : "m"(*(uint32_t *)(data + 9)));
  printf("crc32l m32: %llx\n", (unsigned long long)r);
#ifdef __x86_64__
  r = 0x99999999aaaaaaaaull;
  __asm__("crc32q %1, %0" : "+r"(r) : "m"(*(uint64_t *)(data + 13)));
  printf("crc32q m64: %llx\n", (unsigned long long)r);
  r = 0xbbbbbbbbccccccccull;
  __asm__("crc32b %b1, %0" : "+r"(r) : "r"(0x1234567u)); /* REX.W F2 0F 38 F0 */
  printf("crc32b r64: %llx\n", (unsigned long long)r);
  r = 0xddddddddeeeeeeeeull;
  __asm__("crc32b %1, %k0" : "+r"(r) : "R"((uint8_t)0x9c)); /* sil/dil need REX */
  printf("crc32b r8: %llx\n", (unsigned long long)r);
  r = 0x0123456789abcdefull;
  __asm__(".byte 0x66, 0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc1" : "+a"(r) : "c"(0xfedcba9876543210ull));
  printf("crc32 66 REX.W: %llx\n", (unsigned long long)r);
#endif
  r = (reg_t)0x0123456789abcdefull;
  __asm__(".byte 0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc1" : "+a"(r) : "c"((reg_t)0xfedcba9876543210ull));
  printf("crc32 66 F2 w: %llx\n", (unsigned long long)r);
  r = (reg_t)0x0123456789abcdefull;
  __asm__(".byte 0xf2, 0x66, 0x0f, 0x38, 0xf1, 0xc1" : "+a"(r) : "c"((reg_t)0xfedcba9876543210ull));
  printf("crc32 F2 66 w: %llx\n", (unsigned long long)r);
  r = (reg_t)0x0123456789abcdefull;
  __asm__(".byte 0x66, 0xf2, 0x0f, 0x38, 0xf0, 0xc1" : "+a"(r) : "c"((reg_t)0xfedcba9876543210ull));
  printf("crc32 66 F2 b: %llx\n", (unsigned long long)r);
}

/* ---- PCMPGTQ ---- */
static void test_pcmpgtq(void) {
  static const int64_t v[] = {0,
                              1,
                              -1,
                              INT64_MAX,
                              INT64_MIN,
                              INT64_MIN + 1,
                              INT64_MAX - 1,
                              0x100000000ll,
                              -0x100000000ll,
                              0xffffffffll,
                              0x80000000ll,
                              -0x80000000ll};
  enum { N = sizeof v / sizeof v[0] };
  static __m128i mem;
  for (int i = 0; i < N; i++) {
    unsigned row = 0;
    for (int j = 0; j < N; j++) {
      __m128i a = _mm_set_epi64x(v[j], v[i]), b = _mm_set_epi64x(v[i], v[j]);
      mem = b;
      __m128i r = a;
      __asm__("pcmpgtq %1, %0" : "+x"(r) : "m"(mem));
      uint64_t q[2];
      memcpy(q, &r, 16);
      __m128i r2 = a;
      __asm__("pcmpgtq %1, %0" : "+x"(r2) : "x"(b));
      row = row * 3 + (unsigned)(q[0] & 1) + 2u * (unsigned)(q[1] & 1);
      if (memcmp(&r, &r2, 16) || (q[0] != 0 && q[0] != ~0ull) || (q[1] != 0 && q[1] != ~0ull))
        printf("pcmpgtq %d %d: inconsistent\n", i, j);
      printf("pcmpgtq %llx %llx: %016llx %016llx\n", (unsigned long long)v[i],
             (unsigned long long)v[j], (unsigned long long)q[0], (unsigned long long)q[1]);
    }
    (void)row;
  }
}

/* ---- glibc string functions (SSE4.2 variants where the CPU has it) ---- */
static void test_libc(void) {
  char hay[300], set[20];
  unsigned long h = 5381;
  for (int n = 0; n < 300; n++) {
    int len = (int)(rnd() % 290), slen = (int)(rnd() % 18);
    for (int i = 0; i < len; i++) hay[i] = (char)('a' + rnd() % (1 + n % 26));
    hay[len] = 0;
    for (int i = 0; i < slen; i++) set[i] = (char)('a' + rnd() % 26);
    set[slen] = 0;
    const char *base = hay + rnd() % 16;
    if (base > hay + len) base = hay + len;
    const char *p = strpbrk(base, set), *s = strstr(base, set + slen / 2);
    h = h * 33 + strspn(base, set);
    h = h * 33 + strcspn(base, set);
    h = h * 33 + (p ? (unsigned long)(p - base) : 999);
    h = h * 33 + (s ? (unsigned long)(s - base) : 999);
    h = h * 33 + (unsigned long)(strcmp(base, set) > 0) + 2 * (strcmp(base, set) < 0);
    h = h * 33 + (unsigned long)(strncmp(base, set, (size_t)slen / 2) > 0);
    h = h * 33 + (unsigned long)(strcasecmp(base, set) < 0);
    const char *c = strchr(base, 'a' + n % 26), *rc = strrchr(base, 'a' + n % 26);
    h = h * 33 + (c ? (unsigned long)(c - base) : 999) + (rc ? (unsigned long)(rc - base) : 999);
    if (n % 50 == 0)
      printf("libc %d: spn %zu cspn %zu pbrk %ld str %ld\n", n, strspn(base, set),
             strcspn(base, set), p ? (long)(p - base) : -1L, s ? (long)(s - base) : -1L);
  }
  printf("libc hash %lx\n", h);
}

int main(void) {
  test_strings();
  test_random();
  test_crc32();
  test_pcmpgtq();
  test_libc();
  return 0;
}
