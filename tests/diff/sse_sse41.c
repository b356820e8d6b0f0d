/* sse_sse41.c — every SSE4.1 instruction (66 0F 38 10-41, 66 0F 3A 08-42) in
 * register and memory forms over pseudo-random and edge inputs, printed in hex:
 * blends (imm8 and XMM0), PTEST with all six flags, PMOVSX/ZX from registers
 * and unaligned memory, min/max/mul/pack/compare, PHMINPOSUW, MOVNTDQA,
 * MPSADBW with every imm8, PEXTR/PINSR/EXTRACTPS/INSERTPS with every index
 * (0F 3A 15 PEXTRW by its own encoding, REX.W forms, xmm8-15 and r8-r15 in
 * 64-bit code), ROUNDPS/PD/SS/SD with every imm8[3:0] in each MXCSR.RC mode
 * and with DAZ/FTZ, DPPS/DPPD with every imm8, MXCSR flags after each
 * floating-point operation, unmasked exceptions (SIGFPE si_code, the frame's
 * MXCSR, the precision-suppress bit) and the faults of misaligned m128 and of
 * operands that cross into an unmapped page.
 */
// diff-vm-mask: ^dpp[sd] .* -- QEMU's software CPU propagates NaNs and rounds the denormal sums of DPPS and DPPD unlike hardware (emu runs the host's instructions); the host's run of the 64-bit build checks these lines
// diff-vm-mask: ^(round|dpp)[a-z]+ [^:]*: (no trap|SIGFPE).* -- QEMU's software CPU raises no unmasked SIMD floating-point exception (#XM), so the VM's run never traps
// diff-vm-mask: ^fault [034]: .* -- QEMU's software CPU does not check these SSE4.1 operands' alignment (hardware raises #GP, as the host's 64-bit run shows)
#define _GNU_SOURCE
#pragma GCC target("sse4.1")
#include <setjmp.h>
#include <signal.h>
#include <smmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

typedef __m128i V;

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
/* random vectors, every fourth one built from edge bytes */
static V rndv(void) {
  static const uint8_t edge[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x55};
  uint8_t b[16];
  uint64_t q[2] = {rnd(), rnd()};
  memcpy(b, q, 16);
  if ((q[0] & 3) == 0)
    for (int i = 0; i < 16; i++) b[i] = edge[(q[1] >> (i * 3 % 61)) & 7];
  V v;
  memcpy(&v, b, 16);
  return v;
}
static void pv(const char *tag, V v) {
  uint64_t q[2];
  memcpy(q, &v, 16);
  printf("%s %016llx%016llx\n", tag, (unsigned long long)q[1], (unsigned long long)q[0]);
}

static unsigned get_mx(void) {
  unsigned m;
  __asm__ volatile("stmxcsr %0" : "=m"(m));
  return m;
}
static void set_mx(unsigned m) { __asm__ volatile("ldmxcsr %0" ::"m"(m)); }
/* print v and the MXCSR exception flags, then clear them */
static void pvf(const char *tag, V v) {
  unsigned m = get_mx();
  uint64_t q[2];
  memcpy(q, &v, 16);
  printf("%s %016llx%016llx fl=%02x\n", tag, (unsigned long long)q[1], (unsigned long long)q[0],
         m & 0x3f);
  set_mx(m & ~0x3fu);
}

/* r = insn(a, b): register form, aligned memory form */
#define RR(mn, a, b)                                     \
  ({                                                     \
    V r_ = (a), s_ = (b);                                \
    __asm__ volatile(mn " %1, %0" : "+x"(r_) : "x"(s_)); \
    r_;                                                  \
  })
#define RM(mn, a, b)                                     \
  ({                                                     \
    V r_ = (a), s_ = (b);                                \
    __asm__ volatile(mn " %1, %0" : "+x"(r_) : "m"(s_)); \
    r_;                                                  \
  })
#define RRI(mn, i, a, b)                                          \
  ({                                                              \
    V r_ = (a), s_ = (b);                                         \
    __asm__ volatile(mn " $" #i ", %1, %0" : "+x"(r_) : "x"(s_)); \
    r_;                                                           \
  })
#define RMI(mn, i, a, b)                                          \
  ({                                                              \
    V r_ = (a), s_ = (b);                                         \
    __asm__ volatile(mn " $" #i ", %1, %0" : "+x"(r_) : "m"(s_)); \
    r_;                                                           \
  })
#ifdef __x86_64__
/* the same with xmm13 = insn(xmm13, xmm9), and memory addressed by r13+r14 */
#define RR_HI(mn, a, b)                                               \
  ({                                                                  \
    V r_ = (a), s_ = (b);                                             \
    __asm__ volatile("movdqu %1, %%xmm13\n\tmovdqu %2, %%xmm9\n\t" mn \
                     " %%xmm9, %%xmm13\n\tmovdqu %%xmm13, %0"         \
                     : "+m"(r_)                                       \
                     : "m"(r_), "m"(s_)                               \
                     : "xmm9", "xmm13");                              \
    r_;                                                               \
  })
#define RM_HI(mn, a, b)                                                                 \
  ({                                                                                    \
    V r_ = (a), s_ = (b);                                                               \
    __asm__ volatile("movdqu %0, %%xmm13\n\tmov %1, %%r13\n\txor %%r14d, %%r14d\n\t" mn \
                     " (%%r13,%%r14,1), %%xmm13\n\tmovdqu %%xmm13, %0"                  \
                     : "+m"(r_)                                                         \
                     : "r"(&s_), "m"(s_)                                                \
                     : "xmm13", "r13", "r14");                                          \
    r_;                                                                                 \
  })
#define RRI_HI(mn, i, a, b) RR_HI(mn " $" #i ",", a, b)
#endif

#define REP8(F)  F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7)
#define REP16(F) REP8(F) F(8) F(9) F(10) F(11) F(12) F(13) F(14) F(15)
/* clang-format off */
#define HEXA(F, ...)                                                      \
  F(__VA_ARGS__, 0) F(__VA_ARGS__, 1) F(__VA_ARGS__, 2) F(__VA_ARGS__, 3) \
  F(__VA_ARGS__, 4) F(__VA_ARGS__, 5) F(__VA_ARGS__, 6) F(__VA_ARGS__, 7) \
  F(__VA_ARGS__, 8) F(__VA_ARGS__, 9) F(__VA_ARGS__, a) F(__VA_ARGS__, b) \
  F(__VA_ARGS__, c) F(__VA_ARGS__, d) F(__VA_ARGS__, e) F(__VA_ARGS__, f)
#define HEXB(F, ...)                                                      \
  F(__VA_ARGS__, 0) F(__VA_ARGS__, 1) F(__VA_ARGS__, 2) F(__VA_ARGS__, 3) \
  F(__VA_ARGS__, 4) F(__VA_ARGS__, 5) F(__VA_ARGS__, 6) F(__VA_ARGS__, 7) \
  F(__VA_ARGS__, 8) F(__VA_ARGS__, 9) F(__VA_ARGS__, a) F(__VA_ARGS__, b) \
  F(__VA_ARGS__, c) F(__VA_ARGS__, d) F(__VA_ARGS__, e) F(__VA_ARGS__, f)
#define OPS(X)                                                                    \
  X("pmuldq") X("pcmpeqq") X("packusdw") X("pminsb") X("pminsd") X("pminuw")      \
  X("pminud") X("pmaxsb") X("pmaxsd") X("pmaxuw") X("pmaxud") X("pmulld")         \
  X("phminposuw")
/* clang-format on */

/* ---- two-operand integer instructions ---- */
static void int_ops(void) {
  for (int i = 0; i < 48; i++) {
    V a = rndv(), b = rndv();
    if (i % 8 == 7) b = a; /* equal inputs for pcmpeqq, ties for phminposuw */
    if (i % 8 == 6) b = _mm_blend_epi16(b, a, 0xf0); /* equal high quadwords */
    pv("a", a);
    pv("b", b);
#define X(mn)           \
  pv(mn, RR(mn, a, b)); \
  pv(mn " m", RM(mn, a, b));
    OPS(X)
#undef X
#ifdef __x86_64__
#define X(mn)                    \
  pv(mn " hi", RR_HI(mn, a, b)); \
  pv(mn " hi m", RM_HI(mn, a, b));
    OPS(X)
#undef X
#endif
  }
}

/* ---- PMOVSX/ZX: from a register and from unaligned memory of the source size ---- */
static void pmov_ops(void) {
  static uint8_t buf[64] __attribute__((aligned(16)));
  for (int i = 0; i < 24; i++) {
    V a = rndv();
    memcpy(buf + 1 + i % 13, &a, 16);
    const uint8_t *p = buf + 1 + i % 13;
    pv("src", a);
#define PM(mn, T)                                                  \
  {                                                                \
    V r;                                                           \
    __asm__ volatile(mn " %1, %0" : "=x"(r) : "x"(a));             \
    pv(mn, r);                                                     \
    __asm__ volatile(mn " %1, %0" : "=x"(r) : "m"(*(const T *)p)); \
    pv(mn " m", r);                                                \
  }
    PM("pmovsxbw", uint64_t)
    PM("pmovsxbd", uint32_t)
    PM("pmovsxbq", uint16_t)
    PM("pmovsxwd", uint64_t) PM("pmovsxwq", uint32_t) PM("pmovsxdq", uint64_t)
        PM("pmovzxbw", uint64_t) PM("pmovzxbd", uint32_t) PM("pmovzxbq", uint16_t)
            PM("pmovzxwd", uint64_t) PM("pmovzxwq", uint32_t) PM("pmovzxdq", uint64_t)
#ifdef __x86_64__
                V r;
    __asm__ volatile("pmovsxwd %1, %%xmm11\n\tmovdqu %%xmm11, %0" : "=m"(r) : "x"(a) : "xmm11");
    pv("pmovsxwd hi", r);
    __asm__ volatile("mov %1, %%r9\n\tpmovzxbq (%%r9), %%xmm15\n\tmovdqu %%xmm15, %0"
                     : "=m"(r)
                     : "r"(p), "m"(*(const uint16_t *)p)
                     : "xmm15", "r9");
    pv("pmovzxbq hi m", r);
#endif
  }
}

/* ---- blends, PTEST, MOVNTDQA, MPSADBW ---- */
static void blend_ops(void) {
  for (int i = 0; i < 32; i++) {
    V a = rndv(), b = rndv(), m = rndv();
    pv("a", a);
    pv("b", b);
    pv("m", m);
#define BV(mn)                                                          \
  {                                                                     \
    V r = a;                                                            \
    __asm__ volatile(mn " %%xmm0, %2, %0" : "+x"(r) : "Yz"(m), "x"(b)); \
    pv(mn, r);                                                          \
    r = a;                                                              \
    __asm__ volatile(mn " %%xmm0, %2, %0" : "+x"(r) : "Yz"(m), "m"(b)); \
    pv(mn " m", r);                                                     \
    r = m;                                                              \
    __asm__ volatile(mn " %%xmm0, %1, %%xmm0" : "+Yz"(r) : "x"(b));     \
    pv(mn " x0", r);                                                    \
  }
    BV("pblendvb")
    BV("blendvps")
    BV("blendvpd")
#define BI(i)                                 \
  pv("blendps " #i, RRI("blendps", i, a, b)); \
  pv("blendps m", RMI("blendps", i, a, b));
    REP16(BI)
#undef BI
#define BI(i)                                 \
  pv("blendpd " #i, RRI("blendpd", i, a, b)); \
  pv("blendpd m", RMI("blendpd", i, a, b));
    REP8(BI)
#undef BI
    if (i < 4) {
#define BI(h, l) pv("pblendw " #h #l, RRI("pblendw", 0x##h##l, a, b));
      HEXB(HEXA, BI)
#undef BI
    }
    pv("pblendw m", RMI("pblendw", 0xa5, a, b));
#define MP(i)                                 \
  pv("mpsadbw " #i, RRI("mpsadbw", i, a, b)); \
  pv("mpsadbw m", RMI("mpsadbw", i, a, b));
    REP8(MP)
    pv("mpsadbw ff", RRI("mpsadbw", 0xff, a, b));
#undef MP
#ifdef __x86_64__
    pv("blendps hi", RRI_HI("blendps", 5, a, b));
    pv("mpsadbw hi", RRI_HI("mpsadbw", 6, a, b));
    pv("pblendw hi", RRI_HI("pblendw", 0x3c, a, b));
    {
      V r = a;
      __asm__ volatile(
          "movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm12\n\tmovdqu %0, %%xmm10\n\t"
          "pblendvb %%xmm0, %%xmm12, %%xmm10\n\tmovdqu %%xmm10, %0"
          : "+m"(r)
          : "m"(m), "m"(b)
          : "xmm0", "xmm10", "xmm12");
      pv("pblendvb hi", r);
    }
#endif
    /* PTEST: flags OF SF AF PF set beforehand, then lahf and seto after */
    V t[4] = {a, b, _mm_andnot_si128(a, b), _mm_setzero_si128()};
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 4; k++) {
        unsigned char ah, of;
        unsigned tmp;
        __asm__ volatile(
            "mov $0x7fffffff, %2\n\tadd $1, %2\n\tptest %4, %3\n\t"
            "lahf\n\tseto %1\n\tmov %%ah, %0"
            : "=Q"(ah), "=q"(of), "=&a"(tmp)
            : "x"(t[j]), "x"(t[k])
            : "cc");
        unsigned char ah2, of2;
        __asm__ volatile(
            "mov $0x7fffffff, %2\n\tadd $1, %2\n\tptest %4, %3\n\t"
            "lahf\n\tseto %1\n\tmov %%ah, %0"
            : "=Q"(ah2), "=q"(of2), "=&a"(tmp)
            : "x"(t[j]), "m"(t[k])
            : "cc");
        printf("ptest %d %d: %02x %d m %02x %d\n", j, k, ah & 0xd5, of, ah2 & 0xd5, of2);
      }
    V r;
    __asm__ volatile("movntdqa %1, %0" : "=x"(r) : "m"(b));
    pv("movntdqa", r);
  }
}

/* ---- extracts and inserts ---- */
static void xtr_ops(void) {
  static uint8_t mem[32] __attribute__((aligned(16)));
  for (int i = 0; i < 16; i++) {
    V a = rndv();
    uint64_t g = rnd();
    pv("a", a);
    unsigned long r;
#define EXB(n)                                                        \
  r = (unsigned long)g;                                               \
  __asm__ volatile("pextrb $" #n ", %1, %k0" : "+r"(r) : "x"(a));     \
  printf("pextrb %d %lx\n", n, r);                                    \
  memset(mem, 0xcc, 32);                                              \
  __asm__ volatile("pextrb $" #n ", %1, %0" : "=m"(mem[3]) : "x"(a)); \
  printf("pextrb m %02x %02x %02x\n", mem[2], mem[3], mem[4]);
    REP16(EXB)
#define EXW(n)                                                                        \
  r = (unsigned long)g;                                                               \
  __asm__ volatile("movdqu %1, %%xmm1\n\t.byte 0x66,0x0f,0x3a,0x15,0xc8," #n          \
                   : "+a"(r)                                                          \
                   : "m"(a)                                                           \
                   : "xmm1");                                                         \
  printf("pextrw 3a15 %d %lx\n", n, r);                                               \
  memset(mem, 0xcc, 32);                                                              \
  __asm__ volatile("pextrw $" #n ", %1, %0" : "=m"(*(uint16_t *)(mem + 5)) : "x"(a)); \
  printf("pextrw m %02x %02x %02x %02x\n", mem[4], mem[5], mem[6], mem[7]);
    REP8(EXW)
#define EXD(n)                                                                           \
  r = (unsigned long)g;                                                                  \
  __asm__ volatile("pextrd $" #n ", %1, %k0" : "+r"(r) : "x"(a));                        \
  printf("pextrd %d %lx\n", n, r);                                                       \
  __asm__ volatile("pextrd $" #n ", %1, %0" : "=m"(*(uint32_t *)(mem + 9)) : "x"(a));    \
  printf("pextrd m %08x\n", *(uint32_t *)(mem + 9));                                     \
  r = (unsigned long)g;                                                                  \
  __asm__ volatile("extractps $" #n ", %1, %k0" : "+r"(r) : "x"(a));                     \
  printf("extractps %d %lx\n", n, r);                                                    \
  __asm__ volatile("extractps $" #n ", %1, %0" : "=m"(*(uint32_t *)(mem + 1)) : "x"(a)); \
  printf("extractps m %08x\n", *(uint32_t *)(mem + 1));
    EXD(0)
    EXD(1)
    EXD(2)
    EXD(3)
#ifdef __x86_64__
#define EXQ(n)                                                                        \
  r = g;                                                                              \
  __asm__ volatile("pextrq $" #n ", %1, %0" : "+r"(r) : "x"(a));                      \
  printf("pextrq %d %lx\n", n, r);                                                    \
  __asm__ volatile("pextrq $" #n ", %1, %0" : "=m"(*(uint64_t *)(mem + 3)) : "x"(a)); \
  printf("pextrq m %016llx\n", (unsigned long long)*(uint64_t *)(mem + 3));
        EXQ(0) EXQ(1)
    /* high registers and REX.W on the 0F 3A 14/15/16/17 forms */
    {
      unsigned long o[5];
      __asm__ volatile(
          "mov %[g], %%r8\n\tmov %[g], %%r15\n\tmov %[g], %%r11\n\t"
          "mov %[g], %%rax\n\tmov %[g], %%rdx\n\t"
          "movdqu %[a], %%xmm9\n\tmovdqu %[a], %%xmm1\n\t"
          "pextrb $13, %%xmm9, %%r8d\n\t"
          "pextrq $1, %%xmm9, %%r15\n\t"
          ".byte 0x66,0x4d,0x0f,0x3a,0x15,0xcb,0x06\n\t" /* pextrw $6, xmm9, r11 (REX.W) */
          ".byte 0x66,0x48,0x0f,0x3a,0x17,0xc8,0x03\n\t" /* extractps $3, xmm1, rax (REX.W) */
          ".byte 0x66,0x48,0x0f,0x3a,0x14,0xca,0x0f\n\t" /* pextrb $15, xmm1, rdx (REX.W) */
          "mov %%r8, 0(%[o])\n\tmov %%r15, 8(%[o])\n\tmov %%r11, 16(%[o])\n\t"
          "mov %%rax, 24(%[o])\n\tmov %%rdx, 32(%[o])"
          :
          : [g] "m"(g), [a] "m"(a), [o] "r"(o)
          : "memory", "xmm9", "xmm1", "r8", "r15", "r11", "rax", "rdx");
      printf("hi: %lx %lx %lx %lx %lx\n", o[0], o[1], o[2], o[3], o[4]);
    }
#endif
    /* inserts */
    uint64_t src = rnd();
    memcpy(mem + 7, &src, 8);
#define INB(n)                                                                           \
  pv("pinsrb " #n, ({                                                                    \
       V r_ = a;                                                                         \
       __asm__ volatile("pinsrb $" #n ", %k1, %0" : "+x"(r_) : "r"((unsigned long)src)); \
       r_;                                                                               \
     }));                                                                                \
  pv("pinsrb m", ({                                                                      \
       V r_ = a;                                                                         \
       __asm__ volatile("pinsrb $" #n ", %1, %0" : "+x"(r_) : "m"(mem[7 + n % 3]));      \
       r_;                                                                               \
     }));
    REP16(INB)
#define IND(n)                                                                              \
  pv("pinsrd " #n, ({                                                                       \
       V r_ = a;                                                                            \
       __asm__ volatile("pinsrd $" #n ", %k1, %0" : "+x"(r_) : "r"((unsigned long)src));    \
       r_;                                                                                  \
     }));                                                                                   \
  pv("pinsrd m", ({                                                                         \
       V r_ = a;                                                                            \
       __asm__ volatile("pinsrd $" #n ", %1, %0" : "+x"(r_) : "m"(*(uint32_t *)(mem + 7))); \
       r_;                                                                                  \
     }));
    IND(0)
    IND(1)
    IND(2)
    IND(3)
#ifdef __x86_64__
#define INQ(n)                                                                              \
  pv("pinsrq " #n, ({                                                                       \
       V r_ = a;                                                                            \
       __asm__ volatile("pinsrq $" #n ", %1, %0" : "+x"(r_) : "r"(src));                    \
       r_;                                                                                  \
     }));                                                                                   \
  pv("pinsrq m", ({                                                                         \
       V r_ = a;                                                                            \
       __asm__ volatile("pinsrq $" #n ", %1, %0" : "+x"(r_) : "m"(*(uint64_t *)(mem + 7))); \
       r_;                                                                                  \
     }));
        INQ(0) INQ(1) {
      V r = a;
      __asm__ volatile(
          "movdqu %0, %%xmm14\n\tmov %1, %%r12\n\tpinsrq $1, %%r12, %%xmm14\n\t"
          "pinsrb $9, %%r12d, %%xmm14\n\tmovdqu %%xmm14, %0"
          : "+m"(r)
          : "r"(src)
          : "xmm14", "r12");
      pv("pinsr hi", r);
    }
#endif
    V b = rndv();
    if (i < 2) {
#define INS(h, l) pv("insertps " #h #l, RRI("insertps", 0x##h##l, a, b));
      HEXB(HEXA, INS)
#undef INS
    }
#define INSM(n)                                                                               \
  pv("insertps m " #n, ({                                                                     \
       V r_ = a;                                                                              \
       __asm__ volatile("insertps $" #n ", %1, %0" : "+x"(r_) : "m"(*(uint32_t *)(mem + 7))); \
       r_;                                                                                    \
     }));
    INSM(0x00)
    INSM(0x10)
    INSM(0xe5)
    INSM(0x3a) INSM(0xff)
#ifdef __x86_64__
        pv("insertps hi", RRI_HI("insertps", 0x9c, a, b));
#endif
  }
}

/* ---- ROUNDxx ---- */
static const uint32_t fedge[] = {
    0x3f000000, 0x3fc00000, 0x40200000, 0xbf000000, 0xbfc00000, 0xc0200000, 0x3effffff,
    0x3f800001, 0x4affffff, 0x4b000000, 0xcafffffe, 0x4b7fffff, 0x7149f2ca, 0x8ccccccd,
    0x00000001, 0x807fffff, 0x80000000, 0x00000000, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7f800001, 0xffc12345, 0x7fa00000, 0x3f7fffff, 0xbf7fffff, 0x40400000, 0x40b00000};
static const uint64_t dedge[] = {
    0x3fe0000000000000, 0x4004000000000000, 0xc00c000000000000, 0x432fffffffffffff,
    0x4330000000000000, 0xc32ffffffffffffd, 0x3fdfffffffffffff, 0xbfefffffffffffff,
    0x0000000000000001, 0x800fffffffffffff, 0x8000000000000000, 0x0000000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff0000000000001,
    0xfff8000000000123, 0x7ff4000000000000, 0x3ff8000000000000, 0xbff8000000000000,
    0x7fefffffffffffff, 0x4330000000000001};

static void round_ops(void) {
  static const unsigned mxs[] = {0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9fc0, 0xdfc0};
  int nf = sizeof fedge / sizeof fedge[0], nd = sizeof dedge / sizeof dedge[0];
  for (int k = 0; k < 6; k++) {
    printf("mxcsr %04x\n", mxs[k]);
    set_mx(mxs[k]);
    for (int i = 0; i < nf + 12; i += 4) {
      uint32_t f[4];
      uint64_t dd[2];
      for (int j = 0; j < 4; j++) f[j] = i + j < nf ? fedge[i + j] : (uint32_t)rnd();
      int jd = i / 2;
      for (int j = 0; j < 2; j++)
        dd[j] =
            jd + j < nd ? dedge[jd + j] : (rnd() & 0xc03fffffffffffffull) | 0x4300000000000000ull;
      V a, b, c = rndv();
      memcpy(&a, f, 16);
      memcpy(&b, dd, 16);
      pv("in", a);
      pv("in", b);
#define RD(n)                                  \
  pvf("roundps " #n, RRI("roundps", n, c, a)); \
  pvf("roundpd " #n, RRI("roundpd", n, c, b)); \
  pvf("roundss " #n, RRI("roundss", n, c, a)); \
  pvf("roundsd " #n, RRI("roundsd", n, c, b));
      REP16(RD)
#undef RD
      pvf("roundps m", RMI("roundps", 4, c, a));
      pvf("roundpd m", RMI("roundpd", 0xf1, c, b));
      pvf("roundss m", RMI("roundss", 0x0a, c, a));
      pvf("roundsd m", RMI("roundsd", 0x23, c, b));
      {
        V r = c;
        __asm__ volatile("roundss $6, %1, %0" : "+x"(r) : "m"(f[3]));
        pvf("roundss m32", r);
        r = c;
        __asm__ volatile("roundsd $0xe, %1, %0" : "+x"(r) : "m"(dd[1]));
        pvf("roundsd m64", r);
      }
#ifdef __x86_64__
      pvf("roundps hi", RRI_HI("roundps", 0x0c, c, a));
      pvf("roundsd hi", RRI_HI("roundsd", 0x01, c, b));
#endif
    }
  }
  set_mx(0x1f80);
}

/* ---- DPPS, DPPD: every imm8 on a few inputs ---- */
static void dp_ops(void) {
  static const float fa[][8] = {
      {1.5f, -2.25f, 3.0f, 0.125f, 4.0f, 8.0f, -0.5f, 1e-3f},
      {1e8f, 1.0f, -1e8f, 3.0f, 1.0f, 1.0f, 1.0f, 1.0f},
      {1e30f, 1e30f, 0.0f, 2.0f, 1e10f, 1e10f, __builtin_inff(), 3.0f},
      {__builtin_nanf(""), 1.0f, 2.0f, 3.0f, 1.0f, __builtin_nansf(""), 1.0f, 1.0f},
      {1e-20f, 1e-20f, 1e-30f, 5.9e-39f, 1e-20f, 1e-19f, 1e-10f, 1.0f},
      {__builtin_inff(), -__builtin_inff(), 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f},
      {__builtin_inff(), 0.0f, 1.0f, 1.0f, 0.0f, 1.0f, 1.0f, 1.0f},
  };
  static const double da[][4] = {
      {1.5, -2.25, 3.0, 0.1},           {1e300, 1e300, 1e10, 1e10},
      {1e-300, 1e-20, 1e-20, 1e-300},   {__builtin_nan(""), 1.0, 1.0, __builtin_nans("")},
      {__builtin_inf(), 1.0, 0.0, 1.0}, {0.1, 0.2, 0.3, 0.7},
  };
  unsigned mxs[] = {0x1f80, 0x7f80, 0x9fc0};
  for (int k = 0; k < 3; k++) {
    set_mx(mxs[k]);
    printf("mxcsr %04x\n", mxs[k]);
    for (unsigned i = 0; i < sizeof fa / sizeof fa[0]; i++) {
      V a, b;
      memcpy(&a, fa[i], 16);
      memcpy(&b, fa[i] + 4, 16);
      pv("dpps a", a);
      pv("dpps b", b);
#define DP(h, l) pvf("dpps " #h #l, RRI("dpps", 0x##h##l, a, b));
      HEXB(HEXA, DP)
#undef DP
      pvf("dpps m", RMI("dpps", 0xf1, a, b));
#ifdef __x86_64__
      pvf("dpps hi", RRI_HI("dpps", 0x7f, a, b));
#endif
    }
    for (unsigned i = 0; i < sizeof da / sizeof da[0]; i++) {
      V a, b;
      memcpy(&a, da[i], 16);
      memcpy(&b, da[i] + 2, 16);
      pv("dppd a", a);
      pv("dppd b", b);
#define DP(h, l) pvf("dppd " #h #l, RRI("dppd", 0x##h##l, a, b));
      HEXB(HEXA, DP)
#undef DP
      pvf("dppd m", RMI("dppd", 0x31, a, b));
#ifdef __x86_64__
      pvf("dppd hi", RM_HI("dppd $0x33,", a, b));
#endif
    }
  }
  set_mx(0x1f80);
}

/* ---- unmasked exceptions ---- */
static sigjmp_buf jb;
static volatile int sig_code;
static volatile unsigned frame_mx;
static volatile unsigned long sig_addr;
static void on_sig(int sig, siginfo_t *si, void *ucv) {
  sig_code = si->si_code;
  sig_addr = (unsigned long)si->si_addr;
#ifdef __x86_64__
  ucontext_t *uc = ucv;
  frame_mx = sig == SIGFPE ? uc->uc_mcontext.fpregs->mxcsr : 0;
#else
  (void)ucv;
  (void)sig;
#endif
  siglongjmp(jb, 1);
}

static void trap_ops(void) {
  struct {
    const char *what;
    unsigned mx;
    int op;
    uint32_t x; /* the single's bits (an sNaN must not pass through x87) */
  } t[] = {
      {"roundps inexact PM", 0x0f80, 0, 0x3f000000},
      {"roundps suppress PM", 0x0f80, 1, 0x3f000000},
      {"roundps exact PM", 0x0f80, 0, 0x40000000},
      {"roundps snan IM", 0x1f00, 0, 0x7fa00000},
      {"roundps snan IM sup", 0x1f00, 1, 0x7fa00000},
      {"roundss denorm DM", 0x1e80, 2, 0x00011ce4},
      {"roundss inexact PM", 0x0f80, 2, 0x40e80000},
      {"dpps overflow OM", 0x1b80, 3, 0x7149f2ca},
      {"dpps inexact PM", 0x0f80, 3, 0x3f8ccccd},
      {"dpps snan IM", 0x1f00, 3, 0x7fa00000},
      {"dpps denorm DM", 0x1e80, 3, 0x00011ce4},
      {"dppd inexact PM", 0x0f80, 4, 0},
  };
  for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
    V r = _mm_set1_epi32(0x12345678), a = _mm_set1_epi32((int)t[i].x);
    if (t[i].op == 4) a = _mm_set1_epi64x(0x3ff199999999999aLL); /* 1.1 */
    if (t[i].op >= 3) r = a;
    sig_code = 0;
    frame_mx = 0;
    if (sigsetjmp(jb, 1) == 0) {
      set_mx(t[i].mx);
      switch (t[i].op) {
      case 0: __asm__ volatile("roundps $0, %1, %0" : "+x"(r) : "x"(a)); break;
      case 1: __asm__ volatile("roundps $8, %1, %0" : "+x"(r) : "x"(a)); break;
      case 2: __asm__ volatile("roundss $1, %1, %0" : "+x"(r) : "x"(a)); break;
      case 3: __asm__ volatile("dpps $0xff, %1, %0" : "+x"(r) : "x"(a)); break;
      case 4: __asm__ volatile("dppd $0x33, %1, %0" : "+x"(r) : "x"(a)); break;
      }
      unsigned m = get_mx();
      set_mx(0x1f80);
      printf("%s: no trap mxcsr=%04x", t[i].what, m);
      pv("", r);
    } else {
      set_mx(0x1f80);
      printf("%s: SIGFPE code=%d frame mxcsr=%04x\n", t[i].what, sig_code, frame_mx);
    }
  }
}

/* ---- faults: misaligned m128 (#GP: SIGSEGV SI_KERNEL, address 0) and operands
 * that run into an unmapped page (SIGSEGV at the page) ---- */
static void fault_ops(void) {
  long pg = sysconf(_SC_PAGESIZE);
  uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(m + pg, pg, PROT_NONE);
  uint8_t *end = m + pg;
  memset(m, 0x5a, pg);
  for (int i = 0; i < 12; i++) {
    V r = _mm_set1_epi32(0x01020304);
    sig_code = 0;
    sig_addr = 0;
    if (sigsetjmp(jb, 1) == 0) {
      switch (i) {
      case 0: __asm__ volatile("ptest %0, %1" ::"m"(*(V *)(m + 8)), "x"(r) : "cc"); break;
      case 1: __asm__ volatile("movntdqa %1, %0" : "+x"(r) : "m"(*(V *)(m + 4))); break;
      case 2: __asm__ volatile("pmulld %1, %0" : "+x"(r) : "m"(*(V *)(m + 1))); break;
      case 3: __asm__ volatile("roundps $1, %1, %0" : "+x"(r) : "m"(*(V *)(m + 12))); break;
      case 4: __asm__ volatile("dppd $0x31, %1, %0" : "+x"(r) : "m"(*(V *)(m + 8))); break;
      case 5: __asm__ volatile("pmovzxbq %1, %0" : "+x"(r) : "m"(*(uint16_t *)(end - 1))); break;
      case 6: __asm__ volatile("pmovsxdq %1, %0" : "+x"(r) : "m"(*(uint64_t *)(end - 4))); break;
      case 7: __asm__ volatile("pextrd $1, %1, %0" : "=m"(*(uint32_t *)(end - 2)) : "x"(r)); break;
      case 8: __asm__ volatile("pinsrd $2, %1, %0" : "+x"(r) : "m"(*(uint32_t *)(end - 3))); break;
      case 9:
        __asm__ volatile("insertps $0x10, %1, %0" : "+x"(r) : "m"(*(uint32_t *)(end - 1)));
        break;
      case 10:
        __asm__ volatile("roundsd $1, %1, %0" : "+x"(r) : "m"(*(uint64_t *)(end - 4)));
        break;
      case 11: __asm__ volatile("pmovzxbw %1, %0" : "+x"(r) : "m"(*(uint64_t *)(end - 8))); break;
      }
      printf("fault %d: none", i);
      pv("", r);
    } else {
      long off = sig_addr ? (long)(sig_addr - (unsigned long)end) : -999999;
      printf("fault %d: SIGSEGV code=%d addr=%s%ld\n", i, sig_code, sig_addr ? "end+" : "",
             sig_addr ? off : 0L);
    }
  }
  printf("page end untouched: %02x %02x %02x\n", end[-3], end[-2], end[-1]);
  munmap(m, 2 * pg);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  int_ops();
  pmov_ops();
  blend_ops();
  xtr_ops();
  round_ops();
  dp_ops();
  trap_ops();
  fault_ops();
  return 0;
}
