/* cpu32_die_into.c — INTO with OF set: #OF, which Linux delivers as SIGSEGV. The program
 * must die of the same signal under emu.
 * diff-only: gcc32
 */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  __asm__ volatile("movl $0x7fffffff, %%eax; addl $1, %%eax; into" ::: "eax", "cc");
  printf("not reached\n");
  return 0;
}
