/* arith_flags.c — the arithmetic flags (CF PF AF ZF SF OF) and results of add, sub, adc,
 * sbb, cmp, and, or, xor, test, inc, dec, neg, not, shl, shr, sar, rol, ror, imul, mul,
 * bt, bts, btr, btc, bsf, bsr in every width, from inline asm, with the flags each
 * instruction leaves architecturally undefined masked out (as QEMU's CC_MASK does).
 * Every instruction runs with the input flags all clear and all set, so flags an
 * instruction must leave alone are checked too.  The native CPU is the oracle.
 * diff-skip-gcc32 (64-bit registers and pushfq)
 * diff-pie
 */
#include <inttypes.h>
#include <stdio.h>

#define CF  0x001
#define PF  0x004
#define AF  0x010
#define ZF  0x040
#define SF  0x080
#define OF  0x800
#define ALL (CF | PF | AF | ZF | SF | OF)

uint64_t vals[] = {0,
                   1,
                   2,
                   0x7f,
                   0x80,
                   0xff,
                   0x7fff,
                   0x8000,
                   0xffff,
                   0x7fffffff,
                   0x80000000,
                   0xffffffff,
                   0x7fffffffffffffff,
                   0x8000000000000000,
                   0xffffffffffffffff,
                   0x0123456789abcdef};
#define NV (sizeof vals / sizeof vals[0])
static const uint64_t fins[2] = {0, ALL};

/* Load rflags from fin, run INSN, store rflags into fout.  The lea steps over the red
 * zone gcc may be using below rsp (lea leaves the flags alone). */
#define PRE  "lea -128(%%rsp), %%rsp\n\tpush %[fin]\n\tpopf\n\t"
#define POST "\n\tpushf\n\tpop %[fout]\n\tlea 128(%%rsp), %%rsp"

#define BINOPS(W, U, SFX)                                                              \
  static void binops##W(void) {                                                        \
    for (unsigned i = 0; i < NV; i++)                                                  \
      for (unsigned j = 0; j < NV; j++)                                                \
        for (unsigned k = 0; k < 2; k++) {                                             \
          uint64_t fin = fins[k], fo;                                                  \
          U b = (U)vals[j], r;                                                         \
          printf("%d %" PRIx64 " %" PRIx64 " %03" PRIx64 ":", W, (uint64_t)(U)vals[i], \
                 (uint64_t)b, fin);                                                    \
          BINOP(W, U, SFX, "add", ALL)                                                 \
          BINOP(W, U, SFX, "adc", ALL)                                                 \
          BINOP(W, U, SFX, "sub", ALL)                                                 \
          BINOP(W, U, SFX, "sbb", ALL)                                                 \
          BINOP(W, U, SFX, "cmp", ALL)                                                 \
          BINOP(W, U, SFX, "and", ALL & ~AF)                                           \
          BINOP(W, U, SFX, "or", ALL & ~AF)                                            \
          BINOP(W, U, SFX, "xor", ALL & ~AF)                                           \
          BINOP(W, U, SFX, "test", ALL & ~AF)                                          \
          printf("\n");                                                                \
        }                                                                              \
  }
#define BINOP(W, U, SFX, OP, MASK)                 \
  r = (U)vals[i];                                  \
  __asm__ volatile(PRE OP SFX " %[b], %[r]" POST   \
                   : [r] "+r"(r), [fout] "=&r"(fo) \
                   : [b] "r"(b), [fin] "r"(fin)    \
                   : "cc", "memory");              \
  printf(" %s %" PRIx64 " %03" PRIx64, OP, (uint64_t)r, fo &(MASK));

BINOPS(8, uint8_t, "b")
BINOPS(16, uint16_t, "w")
BINOPS(32, uint32_t, "l")
BINOPS(64, uint64_t, "q")

#define UNOPS(W, U, SFX)                                                       \
  static void unops##W(void) {                                                 \
    for (unsigned i = 0; i < NV; i++)                                          \
      for (unsigned k = 0; k < 2; k++) {                                       \
        uint64_t fin = fins[k], fo;                                            \
        U r;                                                                   \
        printf("%d %" PRIx64 " %03" PRIx64 ":", W, (uint64_t)(U)vals[i], fin); \
        UNOP(W, U, SFX, "inc", ALL)                                            \
        UNOP(W, U, SFX, "dec", ALL)                                            \
        UNOP(W, U, SFX, "neg", ALL)                                            \
        UNOP(W, U, SFX, "not", ALL)                                            \
        printf("\n");                                                          \
      }                                                                        \
  }
#define UNOP(W, U, SFX, OP, MASK)                  \
  r = (U)vals[i];                                  \
  __asm__ volatile(PRE OP SFX " %[r]" POST         \
                   : [r] "+r"(r), [fout] "=&r"(fo) \
                   : [fin] "r"(fin)                \
                   : "cc", "memory");              \
  printf(" %s %" PRIx64 " %03" PRIx64, OP, (uint64_t)r, fo &(MASK));

UNOPS(8, uint8_t, "b")
UNOPS(16, uint16_t, "w")
UNOPS(32, uint32_t, "l")
UNOPS(64, uint64_t, "q")

/* Shift and rotate flags (SDM vol. 2B SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR):
 * masked count 0: no flag changes.  Otherwise CF is the last bit out (undefined for
 * SHL/SHR when count >= width), OF is defined only for count 1, AF is undefined;
 * rotates change only CF and OF. */
static uint64_t shift_mask(const char *op, unsigned w, unsigned n) {
  unsigned masked = n & (w == 64 ? 63 : 31);
  uint64_t m = ALL;
  if (masked == 0) return ALL;
  if (masked != 1) m &= ~(uint64_t)OF;
  if (op[0] == 'r') return m; /* rol, ror: SF ZF AF PF untouched, so compared */
  m &= ~(uint64_t)AF;
  if (masked >= w && op[2] != 'r') m &= ~(uint64_t)CF; /* shl, shr (not sar) */
  return m;
}

static const unsigned counts[] = {0, 1, 2, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65};
#define NC (sizeof counts / sizeof counts[0])

#define SHIFTS(W, U, SFX)                                                              \
  static void shifts##W(void) {                                                        \
    for (unsigned i = 0; i < NV; i++)                                                  \
      for (unsigned c = 0; c < NC; c++)                                                \
        for (unsigned k = 0; k < 2; k++) {                                             \
          uint64_t fin = fins[k], fo;                                                  \
          uint8_t n = (uint8_t)counts[c];                                              \
          U r;                                                                         \
          printf("%d %" PRIx64 " %u %03" PRIx64 ":", W, (uint64_t)(U)vals[i], n, fin); \
          SHIFT(W, U, SFX, "shl")                                                      \
          SHIFT(W, U, SFX, "shr")                                                      \
          SHIFT(W, U, SFX, "sar")                                                      \
          SHIFT(W, U, SFX, "rol")                                                      \
          SHIFT(W, U, SFX, "ror")                                                      \
          printf("\n");                                                                \
        }                                                                              \
  }
#define SHIFT(W, U, SFX, OP)                       \
  r = (U)vals[i];                                  \
  __asm__ volatile(PRE OP SFX " %%cl, %[r]" POST   \
                   : [r] "+r"(r), [fout] "=&r"(fo) \
                   : "c"(n), [fin] "r"(fin)        \
                   : "cc", "memory");              \
  printf(" %s %" PRIx64 " %03" PRIx64, OP, (uint64_t)r, fo &shift_mask(OP, W, n));

SHIFTS(8, uint8_t, "b")
SHIFTS(16, uint16_t, "w")
SHIFTS(32, uint32_t, "l")
SHIFTS(64, uint64_t, "q")

/* imul/mul: CF and OF defined, the rest undefined.  bt*: CF is the bit, ZF unchanged,
 * the rest undefined.  bsf/bsr: ZF defined; destination undefined for a zero source. */
#define MULBT(W, U, SFX)                                                               \
  static void mulbt##W(void) {                                                         \
    for (unsigned i = 0; i < NV; i++)                                                  \
      for (unsigned j = 0; j < NV; j++)                                                \
        for (unsigned k = 0; k < 2; k++) {                                             \
          uint64_t fin = fins[k], fo;                                                  \
          U b = (U)vals[j], r;                                                         \
          printf("%d %" PRIx64 " %" PRIx64 " %03" PRIx64 ":", W, (uint64_t)(U)vals[i], \
                 (uint64_t)b, fin);                                                    \
          if (W > 8) {                                                                 \
            BINOP(W, U, SFX, "imul", CF | OF)                                          \
          }                                                                            \
          BINOP(W, U, SFX, "bt", CF | ZF)                                              \
          BINOP(W, U, SFX, "bts", CF | ZF)                                             \
          BINOP(W, U, SFX, "btr", CF | ZF)                                             \
          BINOP(W, U, SFX, "btc", CF | ZF)                                             \
          printf("\n");                                                                \
        }                                                                              \
  }
/* imul r, r/m and bt* have no 8-bit form. */
MULBT(16, uint16_t, "w")
MULBT(32, uint32_t, "l")
MULBT(64, uint64_t, "q")

#define SCANS(W, U, SFX)                                              \
  static void scans##W(void) {                                        \
    for (unsigned i = 0; i < NV; i++)                                 \
      for (unsigned k = 0; k < 2; k++) {                              \
        uint64_t fin = fins[k], fo;                                   \
        U a = (U)vals[i], r = 0;                                      \
        printf("%d %" PRIx64 " %03" PRIx64 ":", W, (uint64_t)a, fin); \
        SCAN(W, U, SFX, "bsf")                                        \
        SCAN(W, U, SFX, "bsr")                                        \
        printf("\n");                                                 \
      }                                                               \
  }
#define SCAN(W, U, SFX, OP)                                        \
  __asm__ volatile(PRE OP SFX " %[a], %[r]" POST                   \
                   : [r] "+r"(r), [fout] "=&r"(fo)                 \
                   : [a] "r"(a), [fin] "r"(fin)                    \
                   : "cc", "memory");                              \
  if (a)                                                           \
    printf(" %s %" PRIx64 " %03" PRIx64, OP, (uint64_t)r, fo &ZF); \
  else                                                             \
    printf(" %s - %03" PRIx64, OP, fo &ZF);

SCANS(16, uint16_t, "w")
SCANS(32, uint32_t, "l")
SCANS(64, uint64_t, "q")

/* One-operand mul/imul: rdx:rax = rax * src; CF and OF defined. */
static void widemul(void) {
  for (unsigned i = 0; i < NV; i++)
    for (unsigned j = 0; j < NV; j++) {
      uint64_t a = vals[i], b = vals[j], lo, hi, fo, fin = 0;
      printf("wide %" PRIx64 " %" PRIx64 ":", a, b);
      __asm__ volatile(PRE "mulq %[b]" POST
                       : "=a"(lo), "=d"(hi), [fout] "=&r"(fo)
                       : "a"(a), [b] "r"(b), [fin] "r"(fin)
                       : "cc", "memory");
      printf(" mul %" PRIx64 ":%" PRIx64 " %03" PRIx64, hi, lo, fo & (CF | OF));
      __asm__ volatile(PRE "imulq %[b]" POST
                       : "=a"(lo), "=d"(hi), [fout] "=&r"(fo)
                       : "a"(a), [b] "r"(b), [fin] "r"(fin)
                       : "cc", "memory");
      printf(" imul %" PRIx64 ":%" PRIx64 " %03" PRIx64 "\n", hi, lo, fo & (CF | OF));
    }
}

/* ROL/ROR of a register by an immediate count, after a flag-setting ADD or
 * XOR (pending flags, which rotates must keep but for CF and OF) and after
 * POPF alone. */
#define ROTI(W, U, SFX, OP, N, BEFORE)                                                     \
  do {                                                                                     \
    U r = (U)vals[i], t = (U)vals[(i + 3) % NV];                                           \
    __asm__ volatile(PRE BEFORE OP SFX " $" #N ", %[r]" POST                                \
                     : [r] "+r"(r), [t] "+r"(t), [fout] "=&r"(fo)                          \
                     : [fin] "r"(fin), [u] "r"(t)                                          \
                     : "cc", "memory");                                                    \
    printf(" %s%d %" PRIx64 " %03" PRIx64, OP, N, (uint64_t)r, fo &shift_mask(OP, W, N));   \
  } while (0)
#define ROTI_COUNTS(W, U, SFX, OP, BEFORE)                                                 \
  ROTI(W, U, SFX, OP, 0, BEFORE);                                                          \
  ROTI(W, U, SFX, OP, 1, BEFORE);                                                          \
  ROTI(W, U, SFX, OP, 5, BEFORE);                                                          \
  ROTI(W, U, SFX, OP, 31, BEFORE);                                                         \
  ROTI(W, U, SFX, OP, 33, BEFORE);                                                         \
  ROTI(W, U, SFX, OP, 63, BEFORE)
#define ROTIS(W, U, SFX)                                                                   \
  static void rotates_imm##W(void) {                                                      \
    for (unsigned i = 0; i < NV; i++)                                                      \
      for (unsigned k = 0; k < 2; k++) {                                                   \
        uint64_t fin = fins[k], fo;                                                        \
        printf("%d %" PRIx64 " %03" PRIx64 ":", W, (uint64_t)(U)vals[i], fin);             \
        ROTI_COUNTS(W, U, SFX, "rol", "");                                                 \
        ROTI_COUNTS(W, U, SFX, "ror", "");                                                 \
        ROTI_COUNTS(W, U, SFX, "rol", "add %[u], %[t]\n\t");                               \
        ROTI_COUNTS(W, U, SFX, "ror", "add %[u], %[t]\n\t");                               \
        ROTI_COUNTS(W, U, SFX, "rol", "xor %[u], %[t]\n\t");                               \
        ROTI_COUNTS(W, U, SFX, "ror", "sub %[u], %[t]\n\t");                               \
        printf("\n");                                                                      \
      }                                                                                    \
  }
ROTIS(32, uint32_t, "l")
ROTIS(64, uint64_t, "q")

int main(void) {
  binops8();
  binops16();
  binops32();
  binops64();
  unops8();
  unops16();
  unops32();
  unops64();
  shifts8();
  shifts16();
  shifts32();
  shifts64();
  rotates_imm32();
  rotates_imm64();
  mulbt16();
  mulbt32();
  mulbt64();
  scans16();
  scans32();
  scans64();
  widemul();
  return 0;
}
