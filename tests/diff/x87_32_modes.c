/* x87_32_modes.c — the x87 under every rounding mode (RC: nearest, down, up, toward
 * zero) and every precision (PC: 24, 53, 64 bits), from 32-bit code: arithmetic,
 * sqrt, the transcendental instructions (fsin fcos fptan fpatan f2xm1 fyl2x fyl2xp1),
 * fscale, fprem/fprem1, frndint, fxtract, and fist/fistp to 16, 32 and 64 bits (out of
 * range too: the integer indefinite).  Each result is printed in hex (%La) with the
 * status word's condition codes and exception flags (TOP left out).
 */
// The x87 behaves the same in 64-bit code, so the gcc variant checks it against the host's
// FPU everywhere; the i386 one only where the host runs i386 itself: QEMU's software FPU
// (the oracle VM's) applies the precision control to FSIN, FRNDINT... and sets PE and C1
// differently from hardware.
// diff-only: gcc gcc32
// diff-host-only: i386
#include <stdint.h>
#include <stdio.h>

static uint16_t cw_now;

static void set_cw(uint16_t cw) {
  cw_now = cw;
  __asm__ volatile("fldcw %0" ::"m"(cw_now));
}

static void clear(void) { __asm__ volatile("fnclex"); }

/* The status word: C1 (the rounding direction), SF and the exception flags; cc adds
 * the condition codes an instruction defines (the others are undefined, so not
 * compared). */
#define SW_BASE 0x027fu
#define C0      0x0100u
#define C2      0x0400u
#define C3      0x4000u
static unsigned sw(unsigned cc) {
  uint16_t s;
  __asm__ volatile("fnstsw %0" : "=m"(s));
  return s & (SW_BASE | cc);
}

/* PIN(x): x as a fresh value from here on, so the compiler cannot compute with it before
 * the preceding clear() or after the following sw() (volatile asm stays in order). */
#define PIN(x) __asm__ volatile("" : "+t"(x))

/* OP(name, cc, expr): expr (of a and b) between fnclex and fnstsw. */
#define OP(name, cc, expr)                           \
  do {                                               \
    clear();                                         \
    long double a_ = a, b_ = b;                      \
    PIN(a_);                                         \
    PIN(b_);                                         \
    long double r_ = expr;                           \
    PIN(r_);                                         \
    unsigned s_ = sw(cc);                            \
    printf("  %-8s %-28La sw %04x\n", name, r_, s_); \
  } while (0)

#define UN(name, insn)                         \
  static long double name(long double x) {     \
    long double r;                             \
    __asm__ volatile(insn : "=t"(r) : "0"(x)); \
    return r;                                  \
  }
UN(x_fsin, "fsin")
UN(x_fcos, "fcos")
UN(x_f2xm1, "f2xm1")
UN(x_frndint, "frndint")
UN(x_fsqrt, "fsqrt")

/* fptan pushes 1.0 over tan(x): keep tan, drop the 1. */
static long double x_fptan(long double x) {
  long double t, one;
  __asm__ volatile("fptan" : "=t"(one), "=u"(t) : "0"(x));
  (void)one;
  return t;
}

/* Two operands: st(0) = x, st(1) = y; the instruction pops. */
#define BIN_POP(name, insn)                                      \
  static long double name(long double y, long double x) {        \
    long double r;                                               \
    __asm__ volatile(insn : "=t"(r) : "0"(x), "u"(y) : "st(1)"); \
    return r;                                                    \
  }
BIN_POP(x_fpatan, "fpatan")
BIN_POP(x_fyl2x, "fyl2x")
BIN_POP(x_fyl2xp1, "fyl2xp1")

/* Two operands, no pop: st(0) = x op st(1) = y. */
#define BIN(name, insn)                                   \
  static long double name(long double x, long double y) { \
    long double r;                                        \
    __asm__ volatile(insn : "=t"(r) : "0"(x), "u"(y));    \
    return r;                                             \
  }
BIN(x_fscale, "fscale")
BIN(x_fprem, "fprem")
BIN(x_fprem1, "fprem1")

static long double x_fxtract(long double x, long double *e) {
  long double s;
  __asm__ volatile("fxtract" : "=t"(s), "=u"(*e) : "0"(x));
  return s;
}

static volatile long double in[] = {
    1.0L / 3.0L, -2.0L / 3.0L,         2.5L, -2.5L, 3.5L, 0x1.fffffep0L, 0x1.0000000000001p0L,
    1e-310L,     123456789.987654321L,
};
#define NIN (int)(sizeof in / sizeof in[0])

static void ints(long double x) {
  int16_t i16;
  int32_t i32;
  int64_t i64;
  clear();
  __asm__ volatile("fists %0" : "=m"(i16) : "t"(x));
  unsigned s16 = sw(0);
  clear();
  __asm__ volatile("fistl %0" : "=m"(i32) : "t"(x));
  unsigned s32 = sw(0);
  clear();
  __asm__ volatile("fistpll %0" : "=m"(i64) : "t"(x) : "st");
  unsigned s64 = sw(0);
  printf("  fist %La: %d (%04x) %d (%04x) %lld (%04x)\n", x, i16, s16, (int)i32, s32,
         (long long)i64, s64);
}

static const char *rc_name[] = {"nearest", "down", "up", "zero"};
static const char *pc_name[] = {"24", "?", "53", "64"};

int main(void) {
  for (int rc = 0; rc < 4; rc++) {
    for (int pc = 0; pc < 4; pc++) {
      if (pc == 1) continue; /* reserved */
      /* All exceptions masked. */
      set_cw((uint16_t)(0x037f & ~0x0f00) | (uint16_t)(rc << 10) | (uint16_t)(pc << 8));
      printf("RC %s PC %s\n", rc_name[rc], pc_name[pc]);
      for (int i = 0; i < NIN; i++) {
        long double a = in[i], b = in[(i + 1) % NIN];
        printf(" a=%La b=%La\n", a, b);
        OP("a+b", 0, a_ + b_);
        OP("a-b", 0, a_ - b_);
        OP("a*b", 0, a_ * b_);
        OP("a/b", 0, a_ / b_);
        OP("sqrt|a|", 0, x_fsqrt(a_ < 0 ? -a_ : a_));
        OP("frndint", 0, x_frndint(a_));
        ints(a);
      }
      static volatile long double t[] = {0.5L, -1.0L, 3.0L, 100.0L, 1e6L};
      for (int i = 0; i < 5; i++) {
        long double x = t[i];
        printf(" x=%La\n", x);
        long double a = t[i], b = 0.7L;
        OP("fsin", C2, x_fsin(a_));
        OP("fcos", C2, x_fcos(a_));
        OP("fptan", C2, x_fptan(a_));
        OP("fpatan", 0, x_fpatan(a_, b_));
        OP("f2xm1", 0, x_f2xm1(a_ / 200.0L));
        OP("fyl2x", 0, x_fyl2x(b_, a_ < 0 ? -a_ : a_));
        OP("fyl2xp1", 0, x_fyl2xp1(-b_, a_ / 1000.0L));
        OP("fscale", 0, x_fscale(a_, b_ * 5));
        OP("fscale-", 0, x_fscale(a_, -20000.0L));
        OP("fprem", C0 | C2 | C3, x_fprem(a_, b_));
        OP("fprem1", C0 | C2 | C3, x_fprem1(a_, b_));
        long double e;
        clear();
        long double s = x_fxtract(x, &e);
        printf("  fxtract  %La %La\n", s, e);
      }
      /* Out of every integer range, and NaN: the integer indefinite, IE. */
      ints(1e10L);
      ints(-1e19L);
      ints(__builtin_nanl(""));
      ints(-32768.5L);
      ints(2147483647.5L);
    }
  }
  set_cw(0x037f);
  return 0;
}
