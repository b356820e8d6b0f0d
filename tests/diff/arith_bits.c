/* arith_bits.c — shifts, rotates and bit operations in every width on edge values:
 * shl/shr/sar by every count, rotates (gcc emits rol/ror for the idiom), popcount,
 * bit scans, byte swaps, and bit-field extraction.  The native CPU is the oracle.
 * diff-pie
 */
#include <inttypes.h>
#include <stdio.h>

uint64_t vals[] = {0,
                   1,
                   0x80,
                   0xff,
                   0x8000,
                   0x1234,
                   0x80000001,
                   0xdeadbeef,
                   0x0123456789abcdef,
                   0x8000000000000000,
                   0xffffffffffffffff,
                   0x5555aaaa5555aaaa};
#define NV (sizeof vals / sizeof vals[0])

/* Counts come from here so the compiler must emit variable shifts. */
volatile unsigned count_base = 0;

#define SHIFTS(W, U, S, FMT)                                                                       \
  static void shifts##W(void) {                                                                    \
    for (unsigned i = 0; i < NV; i++) {                                                            \
      U a = (U)vals[i];                                                                            \
      uint64_t h_shl = 0, h_shr = 0, h_sar = 0, h_rol = 0, h_ror = 0;                              \
      for (unsigned n = count_base; n < W; n++) {                                                  \
        U shl = (U)(a << n), shr = (U)(a >> n), sar = (U)((S)a >> n);                              \
        U rol = n ? (U)((a << n) | (a >> (W - n))) : a;                                            \
        U ror = n ? (U)((a >> n) | (a << (W - n))) : a;                                            \
        h_shl = h_shl * 31 + shl;                                                                  \
        h_shr = h_shr * 31 + shr;                                                                  \
        h_sar = h_sar * 31 + sar;                                                                  \
        h_rol = h_rol * 31 + rol;                                                                  \
        h_ror = h_ror * 31 + ror;                                                                  \
        if (n == 1 || n == W / 2 || n == W - 1)                                                    \
          printf("%d %" FMT " n=%u: shl %" FMT " shr %" FMT " sar %" FMT " rol %" FMT " ror %" FMT \
                 "\n",                                                                             \
                 W, a, n, shl, shr, sar, rol, ror);                                                \
      }                                                                                            \
      printf("%d %" FMT " hashes %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n",   \
             W, a, h_shl, h_shr, h_sar, h_rol, h_ror);                                             \
    }                                                                                              \
  }
SHIFTS(8, uint8_t, int8_t, PRIx8)
SHIFTS(16, uint16_t, int16_t, PRIx16)
SHIFTS(32, uint32_t, int32_t, PRIx32)
SHIFTS(64, uint64_t, int64_t, PRIx64)

static void bitops(void) {
  for (unsigned i = 0; i < NV; i++) {
    uint64_t a = vals[i];
    uint32_t a32 = (uint32_t)a;
    printf("bits %" PRIx64 ": pop %d %d", a, __builtin_popcountll(a), __builtin_popcount(a32));
    if (a) printf(" clz %d ctz %d", __builtin_clzll(a), __builtin_ctzll(a));
    if (a32) printf(" clz32 %d ctz32 %d", __builtin_clz(a32), __builtin_ctz(a32));
    printf(" ffs %d parity %d", __builtin_ffsll((long long)a), __builtin_parityll(a));
    printf(" bswap %" PRIx64 " %" PRIx32 " %" PRIx16, __builtin_bswap64(a), __builtin_bswap32(a32),
           __builtin_bswap16((uint16_t)a));
    printf(" not %" PRIx64 " neg %" PRIx64 " andn %" PRIx64 " blsr %" PRIx64 " blsi %" PRIx64, ~a,
           -a, ~a & 0xf0f0f0f0f0f0f0f0, a & (a - 1), a & -a);
    for (unsigned b = count_base; b < 64; b += 9) printf(" bt%u=%d", b, (int)((a >> b) & 1));
    printf("\n");
  }
}

/* Bit fields make gcc emit and/or/shift sequences on memory operands. */
struct bf {
  unsigned a : 3, b : 7, c : 13;
  signed d : 5, e : 4;
  unsigned long long f : 41;
};

static void bitfields(void) {
  struct bf x = {0};
  uint64_t h = 0;
  for (unsigned i = 0; i < 300; i++) {
    x.a += i;
    x.b ^= i * 3;
    x.c -= i * 7;
    x.d += (int)i;
    x.e = (int)(x.e + x.d);
    x.f = x.f * 3 + i;
    h = h * 1000003 + x.a + x.b + x.c + (uint64_t)(int64_t)x.d + (uint64_t)(int64_t)x.e + x.f;
  }
  printf("bitfields %u %u %u %d %d %llx hash %" PRIx64 "\n", x.a, x.b, x.c, x.d, x.e,
         (unsigned long long)x.f, h);
}

int main(void) {
  shifts8();
  shifts16();
  shifts32();
  shifts64();
  bitops();
  bitfields();
  return 0;
}
