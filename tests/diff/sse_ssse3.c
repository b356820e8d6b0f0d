/* sse_ssse3.c — SSE3 and SSSE3, every instruction in its register and memory
 * forms (SSSE3 also in both its MMX and XMM forms), on edge values and
 * pseudo-random inputs, printed in hex: ADDSUBPS/PD, HADDPS/PD, HSUBPS/PD under
 * several MXCSR settings with the flags they leave (NaN, infinity, denormal
 * inputs), MOVSLDUP, MOVSHDUP, MOVDDUP, LDDQU, PSHUFB, PHADD/PHSUB(S)W/D,
 * PMADDUBSW, PSIGNB/W/D, PMULHRSW, PABSB/W/D and PALIGNR with immediates on
 * both sides of the operand widths; then the faults (misaligned m128, LDDQU of a
 * register, a page fault), an unmasked exception caught by a handler, and the
 * SSE3/SSSE3 bits of CPUID leaf 1 (only those: the host reports more).
 */
// diff-vm-mask: ^  [0-9a-f][0-9a-f][0-9a-f][0-9a-f] [0-9a-f]+ [0-9a-f]+ -> .* -- QEMU's software FPU sets the denormal flag and picks NaNs in the horizontal adds unlike hardware; the host's run of the 64-bit build checks these lines
// diff-vm-mask: ^  (haddps|addsubpd|movshdup|movsldup) m128[+]4 .* -- QEMU's software CPU does not check these SSE3 operands' alignment (hardware raises #GP, as the host's 64-bit run shows)
#define _GNU_SOURCE
#pragma GCC target("ssse3")
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <tmmintrin.h>
#include <ucontext.h>

typedef struct {
  uint64_t q[2];
} __attribute__((aligned(16))) v128;

static uint64_t seed = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

static void set_mxcsr(unsigned m) { __asm__ volatile("ldmxcsr %0" ::"m"(m)); }
static unsigned get_mxcsr(void) {
  unsigned m;
  __asm__ volatile("stmxcsr %0" : "=m"(m));
  return m;
}

/* ---- integer inputs: edge values and random bits ---- */

static const uint8_t edge8[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0xfe, 0x40, 0x0f, 0x10, 0x8f};
static const uint16_t edge16[] = {0x0000, 0x0001, 0x7fff, 0x8000, 0x8001, 0xffff,
                                  0x4000, 0xc000, 0x3fff, 0x00ff, 0xff00};
static const uint32_t edge32[] = {0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x40000000};

static void rnd_int(v128 *v, int kind) {
  uint8_t b[16];
  switch (kind % 5) {
  case 0:
    v->q[0] = rnd();
    v->q[1] = rnd();
    return;
  case 1:
    for (int i = 0; i < 16; i++) b[i] = edge8[rnd() % sizeof edge8];
    break;
  case 2:
    for (int i = 0; i < 8; i++) {
      uint16_t w = edge16[rnd() % (sizeof edge16 / 2)];
      memcpy(b + 2 * i, &w, 2);
    }
    break;
  case 3:
    for (int i = 0; i < 4; i++) {
      uint32_t w = edge32[rnd() % (sizeof edge32 / 4)];
      memcpy(b + 4 * i, &w, 4);
    }
    break;
  default: /* small signed words and bytes */
    for (int i = 0; i < 16; i++) b[i] = (uint8_t)(rnd() % 7 - 3);
    break;
  }
  memcpy(v, b, 16);
}

/* ---- SSSE3: each instruction as mm/xmm, register/memory ---- */

typedef void xfn(v128 *a, const v128 *b);
typedef void mfn(uint64_t *a, const uint64_t *b);

#define DEF_X(id, text)                                   \
  static void id##_xr(v128 *a, const v128 *b) {           \
    __m128i x, y;                                         \
    memcpy(&x, a, 16);                                    \
    memcpy(&y, b, 16);                                    \
    __asm__ volatile(text " %1, %0" : "+x"(x) : "x"(y));  \
    memcpy(a, &x, 16);                                    \
  }                                                       \
  static void id##_xm(v128 *a, const v128 *b) {           \
    __m128i x;                                            \
    memcpy(&x, a, 16);                                    \
    __asm__ volatile(text " %1, %0" : "+x"(x) : "m"(*b)); \
    memcpy(a, &x, 16);                                    \
  }
#define DEF_M(id, text)                                   \
  static void id##_mr(uint64_t *a, const uint64_t *b) {   \
    __m64 x, y;                                           \
    memcpy(&x, a, 8);                                     \
    memcpy(&y, b, 8);                                     \
    __asm__ volatile(text " %1, %0" : "+y"(x) : "y"(y));  \
    memcpy(a, &x, 8);                                     \
    __asm__ volatile("emms");                             \
  }                                                       \
  static void id##_mm(uint64_t *a, const uint64_t *b) {   \
    __m64 x;                                              \
    memcpy(&x, a, 8);                                     \
    __asm__ volatile(text " %1, %0" : "+y"(x) : "m"(*b)); \
    memcpy(a, &x, 8);                                     \
    __asm__ volatile("emms");                             \
  }
#define DEF_XM(id, text) DEF_X(id, text) DEF_M(id, text)

DEF_XM(pshufb, "pshufb")
DEF_XM(phaddw, "phaddw")
DEF_XM(phaddd, "phaddd")
DEF_XM(phaddsw, "phaddsw")
DEF_XM(pmaddubsw, "pmaddubsw")
DEF_XM(phsubw, "phsubw")
DEF_XM(phsubd, "phsubd")
DEF_XM(phsubsw, "phsubsw")
DEF_XM(psignb, "psignb")
DEF_XM(psignw, "psignw")
DEF_XM(psignd, "psignd")
DEF_XM(pmulhrsw, "pmulhrsw")
DEF_XM(pabsb, "pabsb")
DEF_XM(pabsw, "pabsw")
DEF_XM(pabsd, "pabsd")
#define PAL(n) DEF_XM(palignr##n, "palignr $" #n ",")
PAL(0)
PAL(1)
PAL(7)
PAL(8)
PAL(9)
PAL(15)
PAL(16)
PAL(17)
PAL(31)
PAL(32)
PAL(255)

static const struct iop {
  const char *name;
  xfn *xr, *xm;
  mfn *mr, *mm;
} iops[] = {
#define E(id) \
  { #id, id##_xr, id##_xm, id##_mr, id##_mm }
    E(pshufb),    E(phaddw),     E(phaddd),    E(phaddsw),   E(pmaddubsw), E(phsubw),
    E(phsubd),    E(phsubsw),    E(psignb),    E(psignw),    E(psignd),    E(pmulhrsw),
    E(pabsb),     E(pabsw),      E(pabsd),     E(palignr0),  E(palignr1),  E(palignr7),
    E(palignr8),  E(palignr9),   E(palignr15), E(palignr16), E(palignr17), E(palignr31),
    E(palignr32), E(palignr255),
#undef E
};

static void run_iop(const struct iop *op, const v128 *a, const v128 *b) {
  v128 r1 = *a, r2 = *a, src = *b;
  uint64_t m1 = a->q[0], m2 = a->q[0], msrc = b->q[0];
  op->xr(&r1, &src);
  op->xm(&r2, &src);
  op->mr(&m1, &msrc);
  op->mm(&m2, &msrc);
  printf("  %016llx%016llx %016llx%016llx -> x %016llx%016llx", (unsigned long long)a->q[1],
         (unsigned long long)a->q[0], (unsigned long long)b->q[1], (unsigned long long)b->q[0],
         (unsigned long long)r1.q[1], (unsigned long long)r1.q[0]);
  if (memcmp(&r1, &r2, 16))
    printf(" xm %016llx%016llx", (unsigned long long)r2.q[1], (unsigned long long)r2.q[0]);
  printf(" mm %016llx", (unsigned long long)m1);
  if (m1 != m2) printf(" mm-m %016llx", (unsigned long long)m2);
  printf("\n");
}

static void ssse3(void) {
  /* fixed cases: pshufb masks with bit 7 and high index bits, INT16_MIN */
  static const v128 fixed[][2] = {
      {{{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}},
       {{0x80ff7f0f08070100ull, 0x0123456789abcdefull}}},
      {{{0x8000800080008000ull, 0x8000800080008000ull}},
       {{0x8000800080008000ull, 0xffff7fff00010000ull}}},
      {{{0x7fff7fff7fff7fffull, 0x8000800080008000ull}},
       {{0x7fff7fff80008000ull, 0x0001ffff7fff8001ull}}},
      {{{0x8080808080808080ull, 0x7f7f7f7f7f7f7f7full}},
       {{0x7f807f80ff00ff00ull, 0x8080808080808080ull}}},
      {{{0x8000000080000000ull, 0x7fffffff00000001ull}},
       {{0xffffffff80000000ull, 0x000000007fffffffull}}},
  };
  for (size_t i = 0; i < sizeof iops / sizeof iops[0]; i++) {
    printf("%s:\n", iops[i].name);
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
      run_iop(&iops[i], &fixed[k][0], &fixed[k][1]);
    for (int k = 0; k < 24; k++) {
      v128 a, b;
      rnd_int(&a, k);
      rnd_int(&b, k / 5 + k);
      run_iop(&iops[i], &a, &b);
    }
  }
}

/* ---- SSE3 floating point ---- */

static const uint32_t fpool[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f800001, 0x4b000001, 0xcb000000,
    0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
    0x7fc00000, 0x7fc12345, 0xffc00001, 0x7f800001, 0xff812345, 0x33800000, 0x0c000000,
};
static const uint64_t dpool[] = {
    0,
    0x8000000000000000ull,
    0x3ff0000000000000ull,
    0xbff0000000000000ull,
    0x3ff0000000000001ull,
    0x4340000000000001ull,
    0x0000000000000001ull,
    0x800fffffffffffffull,
    0x0010000000000000ull,
    0x7fefffffffffffffull,
    0xffefffffffffffffull,
    0x7ff0000000000000ull,
    0xfff0000000000000ull,
    0x7ff8000000000000ull,
    0x7ff8000000012345ull,
    0xfff8000000000001ull,
    0x7ff0000000000001ull,
    0xfff0000000054321ull,
    0x3ca0000000000000ull,
};

static void rnd_ps(v128 *v) {
  uint32_t f[4];
  for (int i = 0; i < 4; i++)
    f[i] = rnd() % 3 ? fpool[rnd() % (sizeof fpool / 4)] : (uint32_t)rnd();
  memcpy(v, f, 16);
}
static void rnd_pd(v128 *v) {
  for (int i = 0; i < 2; i++) v->q[i] = rnd() % 3 ? dpool[rnd() % (sizeof dpool / 8)] : rnd();
}

DEF_X(addsubps, "addsubps")
DEF_X(addsubpd, "addsubpd")
DEF_X(haddps, "haddps")
DEF_X(haddpd, "haddpd")
DEF_X(hsubps, "hsubps")
DEF_X(hsubpd, "hsubpd")

static const struct fop {
  const char *name;
  xfn *r, *m;
  int pd;
} fops[] = {
    {"addsubps", addsubps_xr, addsubps_xm, 0}, {"addsubpd", addsubpd_xr, addsubpd_xm, 1},
    {"haddps", haddps_xr, haddps_xm, 0},       {"haddpd", haddpd_xr, haddpd_xm, 1},
    {"hsubps", hsubps_xr, hsubps_xm, 0},       {"hsubpd", hsubpd_xr, hsubpd_xm, 1},
};

/* rounding modes, DAZ, FTZ; flags start clear */
static const unsigned mxcsrs[] = {0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x1fc0, 0x9f80, 0xffc0};

static void sse3_fp(void) {
  for (size_t i = 0; i < sizeof fops / sizeof fops[0]; i++) {
    printf("%s:\n", fops[i].name);
    for (int k = 0; k < 40; k++) {
      v128 a, b, r1, r2;
      if (fops[i].pd)
        rnd_pd(&a), rnd_pd(&b);
      else
        rnd_ps(&a), rnd_ps(&b);
      unsigned mx = mxcsrs[k % (sizeof mxcsrs / sizeof mxcsrs[0])], f1, f2;
      r1 = a, r2 = a;
      set_mxcsr(mx);
      fops[i].r(&r1, &b);
      f1 = get_mxcsr();
      set_mxcsr(mx);
      fops[i].m(&r2, &b);
      f2 = get_mxcsr();
      set_mxcsr(0x1f80);
      printf("  %04x %016llx%016llx %016llx%016llx -> %016llx%016llx %04x", mx,
             (unsigned long long)a.q[1], (unsigned long long)a.q[0], (unsigned long long)b.q[1],
             (unsigned long long)b.q[0], (unsigned long long)r1.q[1], (unsigned long long)r1.q[0],
             f1);
      if (memcmp(&r1, &r2, 16) || f1 != f2)
        printf(" mem %016llx%016llx %04x", (unsigned long long)r2.q[1], (unsigned long long)r2.q[0],
               f2);
      printf("\n");
    }
  }
}

/* ---- SSE3 moves ---- */

static void sse3_moves(void) {
  static uint8_t buf[64] __attribute__((aligned(16)));
  for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(i * 37 + 11);
  v128 s = {{0x7f800001ff812345ull, 0x0123456789abcdefull}}; /* an SNaN: no flags */
  __m128i x, y;
  memcpy(&y, &s, 16);
  unsigned f;
  printf("moves:\n");
#define MOVE(text, operand, constraint)                                                    \
  do {                                                                                     \
    x = _mm_set1_epi8(0x55);                                                               \
    set_mxcsr(0x1f80);                                                                     \
    __asm__ volatile(text " %1, %0" : "=x"(x) : constraint(operand));                      \
    f = get_mxcsr();                                                                       \
    v128 o;                                                                                \
    memcpy(&o, &x, 16);                                                                    \
    printf("  %-28s %016llx%016llx %04x\n", text " " #operand, (unsigned long long)o.q[1], \
           (unsigned long long)o.q[0], f);                                                 \
  } while (0)
  MOVE("movsldup", y, "x");
  MOVE("movsldup", *(v128 *)(buf + 16), "m");
  MOVE("movshdup", y, "x");
  MOVE("movshdup", *(v128 *)(buf + 32), "m");
  MOVE("movddup", y, "x");
  MOVE("movddup", *(uint64_t *)(buf + 8), "m");
  MOVE("movddup", *(uint64_t *)(buf + 3), "m"); /* m64: any alignment */
  MOVE("lddqu", *(v128 *)(buf + 16), "m");
  for (int k = 1; k < 16; k += 7) {
    v128 *p = (v128 *)(buf + k);
    MOVE("lddqu", *p, "m");
  }
  set_mxcsr(0x1f80);
}

/* ---- faults ---- */

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr;
#ifdef __x86_64__
static volatile unsigned frame_mxcsr;
#endif

static void on_sig(int sig, siginfo_t *si, void *ucv) {
  got_sig = sig;
  got_code = si->si_code;
  got_addr = (uintptr_t)si->si_addr;
#ifdef __x86_64__
  ucontext_t *uc = ucv;
  frame_mxcsr = sig == SIGFPE ? uc->uc_mcontext.fpregs->mxcsr : 0;
#else
  (void)ucv;
#endif
  siglongjmp(jb, 1);
}

static uint8_t *page; /* a page, then an inaccessible one */

#define TRY(what, body)                                                                            \
  do {                                                                                             \
    got_sig = 0;                                                                                   \
    if (sigsetjmp(jb, 1) == 0) {                                                                   \
      body;                                                                                        \
      printf("  %-24s ok\n", what);                                                                \
    } else {                                                                                       \
      printf("  %-24s signal %d code %d addr %s\n", what, got_sig, got_code,                       \
             got_addr == 0                                                             ? "0"       \
             : got_addr >= (uintptr_t)page + 4096 && got_addr < (uintptr_t)page + 8192 ? "guard"   \
                                                                                       : "other"); \
    }                                                                                              \
  } while (0)

static void faults(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return;
  mprotect(page + 4096, 4096, PROT_NONE);
  memset(page, 0x3c, 4096);
  uint8_t *mis = page + 64 + 4;
  printf("faults:\n");
  __m128i x = _mm_setzero_si128();
  __m64 m = _mm_setzero_si64();
  TRY("haddps m128+4", __asm__ volatile("haddps %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("addsubpd m128+4", __asm__ volatile("addsubpd %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("movshdup m128+4", __asm__ volatile("movshdup %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("movsldup m128+4", __asm__ volatile("movsldup %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("movddup m64+4", __asm__ volatile("movddup %1, %0" : "+x"(x) : "m"(*(uint64_t *)mis)));
  TRY("lddqu m128+4", __asm__ volatile("lddqu %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("pshufb xmm m128+4", __asm__ volatile("pshufb %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("palignr xmm m128+4", __asm__ volatile("palignr $3, %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("pabsd xmm m128+4", __asm__ volatile("pabsd %1, %0" : "+x"(x) : "m"(*(v128 *)mis)));
  TRY("pshufb mm m64+4", __asm__ volatile("pshufb %1, %0" : "+y"(m) : "m"(*(uint64_t *)mis)));
  TRY("palignr mm m64+4", __asm__ volatile("palignr $3, %1, %0" : "+y"(m) : "m"(*(uint64_t *)mis)));
  _mm_empty();
  /* crossing into the inaccessible page */
  uint8_t *edge = page + 4096 - 8;
  TRY("lddqu across page", __asm__ volatile("lddqu %1, %0" : "+x"(x) : "m"(*(v128 *)edge)));
  TRY("movddup at guard", __asm__ volatile("movddup %1, %0"
                                           : "+x"(x)
                                           : "m"(*(uint64_t *)(page + 4096))));
  TRY("phaddw mm at guard", __asm__ volatile("phaddw %1, %0"
                                             : "+y"(m)
                                             : "m"(*(uint64_t *)(page + 4096))));
  TRY("phaddw xmm at guard", __asm__ volatile("phaddw %1, %0"
                                              : "+x"(x)
                                              : "m"(*(v128 *)(page + 4096))));
  _mm_empty();
  /* LDDQU with a register operand: F2 0F F0 C1 */
  TRY("lddqu xmm0, xmm1", __asm__ volatile(".byte 0xf2, 0x0f, 0xf0, 0xc1" ::: "xmm0"));
  /* 0F 7C and 0F D0 without a prefix are undefined */
  TRY("0F 7C", __asm__ volatile(".byte 0x0f, 0x7c, 0xc1" ::: "xmm0"));
  TRY("0F D0", __asm__ volatile(".byte 0x0f, 0xd0, 0xc1" ::: "xmm0"));

#ifdef __x86_64__
  /* an unmasked exception: the si_code and the MXCSR in the signal frame */
  sigaction(SIGFPE, &sa, NULL);
  static const struct {
    const char *what;
    unsigned mxcsr;
    v128 a, b;
  } fpe[] = {
      {"haddps snan IM", 0x1f80 & ~0x80, {{0x3f8000007f800001ull, 0}}, {{0, 0}}},
      {"hsubpd inf-inf IM",
       0x1f80 & ~0x80,
       {{0x7ff0000000000000ull, 0x7ff0000000000000ull}},
       {{0, 0}}},
      {"addsubps inexact PM",
       0x1f80 & ~0x1000,
       {{0x3f8000013f800001ull, 0}},
       {{0x3380000033800000ull, 0}}},
      {"haddpd overflow OM",
       0x1f80 & ~0x400,
       {{0, 0}},
       {{0x7fefffffffffffffull, 0x7fefffffffffffffull}}},
      {"addsubpd denormal DM", 0x1f80 & ~0x100, {{1, 0x3ff0000000000000ull}}, {{0, 0}}},
      {"haddps underflow UM", 0x1f80 & ~0x800, {{0x0080000080800001ull, 0}}, {{0, 0}}},
  };
  for (volatile size_t i = 0; i < sizeof fpe / sizeof fpe[0]; i++) {
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
      v128 r;
      __m128i a, b;
      memcpy(&a, &fpe[i].a, 16);
      memcpy(&b, &fpe[i].b, 16);
      set_mxcsr(fpe[i].mxcsr);
      switch (i) {
      case 0: __asm__ volatile("haddps %1, %0" : "+x"(a) : "x"(b)); break;
      case 1: __asm__ volatile("hsubpd %1, %0" : "+x"(a) : "x"(b)); break;
      case 2: __asm__ volatile("addsubps %1, %0" : "+x"(a) : "x"(b)); break;
      case 3: __asm__ volatile("haddpd %1, %0" : "+x"(a) : "x"(b)); break;
      case 4: __asm__ volatile("addsubpd %1, %0" : "+x"(a) : "x"(b)); break;
      case 5: __asm__ volatile("haddps %1, %0" : "+x"(a) : "x"(b)); break;
      }
      unsigned f = get_mxcsr();
      set_mxcsr(0x1f80);
      memcpy(&r, &a, 16);
      printf("  %-24s no trap %016llx%016llx %04x\n", fpe[i].what, (unsigned long long)r.q[1],
             (unsigned long long)r.q[0], f);
    } else {
      set_mxcsr(0x1f80);
      printf("  %-24s signal %d code %d frame mxcsr %04x\n", fpe[i].what, got_sig, got_code,
             frame_mxcsr);
    }
  }
#endif
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  printf("cpuid 1: sse3 %u ssse3 %u\n", c & 1, (c >> 9) & 1);
  ssse3();
  sse3_fp();
  sse3_moves();
  faults();
  return 0;
}
