/* cpu32_die_bound.c — BOUND with the index out of range: #BR, which Linux delivers as SIGSEGV. The
 * program must die of the same signal under emu. diff-only: gcc32
 */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  static int32_t b[2] = {-5, 100};
  int32_t i = 101;
  __asm__ volatile("bound %0, %1" ::"r"(i), "m"(b));
  printf("not reached\n");
  return 0;
}
