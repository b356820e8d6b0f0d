/* sse_fpe_die.c — an unmasked SIMD exception (#XM) with no handler: the program
 * must die of SIGFPE (status 136) at the divide, after printing the masked results
 * and the MXCSR flags that earlier operations set.
 */
#pragma GCC target("sse2") /* for the coming -m32 build */
#include <stdio.h>

static unsigned get_mxcsr(void) {
  unsigned m;
  __asm__ volatile("stmxcsr %0" : "=m"(m)::"memory");
  return m;
}
static void set_mxcsr(unsigned m) { __asm__ volatile("ldmxcsr %0" ::"m"(m) : "memory"); }

int main(void) {
  volatile double zero = 0.0, one = 1.0, big = 1e308;
  volatile double a = one / zero; /* masked: inf, ZE */
  volatile double b = big * big;  /* masked: inf, OE PE */
  printf("masked: %a %a mxcsr=%#x\n", a, b, get_mxcsr());
  set_mxcsr(0x1f80 & ~0x200); /* unmask divide-by-zero */
  printf("unmasked ZE, mxcsr=%#x\n", get_mxcsr());
  fflush(stdout);
  double c = one / zero; /* #XM -> SIGFPE */
  printf("not reached %a\n", c);
  return 0;
}
