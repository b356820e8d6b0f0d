/* ls_undefined.c — --lockstep must report a difference: an AVX2 instruction
 * runs natively (the test checks the host has AVX2) while emu, whose CPUID
 * does not offer AVX, raises #UD. */
#include <stdio.h>
int main(void) {
  puts("before");
  fflush(stdout);
  __asm__ volatile("vpxor %%ymm1, %%ymm1, %%ymm1" ::: "xmm1");
  puts("after");
  return 0;
}
