/* arith_muldiv.c — integer multiply, divide and remainder in every width, signed and
 * unsigned, on edge values; the native CPU's results are the expected output.
 * diff-pie
 * diff-skip-gcc32 (uses __int128)
 */
#include <inttypes.h>
#include <stdio.h>

/* Not const: keeps gcc from folding the arithmetic at compile time. */
uint64_t vals[] = {0,
                   1,
                   2,
                   3,
                   7,
                   0x7f,
                   0x80,
                   0xff,
                   0x7fff,
                   0x8000,
                   0xffff,
                   0x12345,
                   0x7fffffff,
                   0x80000000,
                   0xffffffff,
                   0xdeadbeefcafef00d,
                   0x7fffffffffffffff,
                   0x8000000000000000,
                   0xfffffffffffffffe,
                   0xffffffffffffffff};
#define NV (sizeof vals / sizeof vals[0])

#define MULDIV(W, U, S, FMT)                                                         \
  static void muldiv##W(void) {                                                      \
    for (unsigned i = 0; i < NV; i++)                                                \
      for (unsigned j = 0; j < NV; j++) {                                            \
        U a = (U)vals[i], b = (U)vals[j];                                            \
        S sa = (S)a, sb = (S)b;                                                      \
        printf("%d %" FMT " %" FMT ": mul %" FMT " smul %" FMT, W, a, b, (U)(a * b), \
               (U)(S)((int64_t)sa * sb));                                            \
        if (b) printf(" div %" FMT " rem %" FMT, (U)(a / b), (U)(a % b));            \
        if (sb && !(sb == -1 && sa == (S)((U)1 << (W - 1))))                         \
          printf(" sdiv %" FMT " srem %" FMT, (U)(sa / sb), (U)(sa % sb));           \
        printf("\n");                                                                \
      }                                                                              \
  }
MULDIV(8, uint8_t, int8_t, PRIx8)
MULDIV(16, uint16_t, int16_t, PRIx16)
MULDIV(32, uint32_t, int32_t, PRIx32)
MULDIV(64, uint64_t, int64_t, PRIx64)

/* Full-width products: 64x64->128 (mul/imul with rdx:rax). */
static void wide(void) {
  for (unsigned i = 0; i < NV; i++)
    for (unsigned j = 0; j < NV; j++) {
      unsigned __int128 p = (unsigned __int128)vals[i] * vals[j];
      __int128 sp = (__int128)(int64_t)vals[i] * (int64_t)vals[j];
      printf("128 %" PRIx64 " %" PRIx64 ": %016" PRIx64 "%016" PRIx64 " %016" PRIx64 "%016" PRIx64
             "\n",
             vals[i], vals[j], (uint64_t)(p >> 64), (uint64_t)p,
             (uint64_t)((unsigned __int128)sp >> 64), (uint64_t)sp);
    }
}

int main(void) {
  muldiv8();
  muldiv16();
  muldiv32();
  muldiv64();
  wide();
  return 0;
}
