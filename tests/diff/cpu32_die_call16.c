/* cpu32_die_call16.c — CALL rel16 with the 66 prefix truncates EIP to 16 bits: the target is in
 * the unmapped first 64 KiB, so the fetch faults (SIGSEGV). The program
 * must die of the same signal under emu.
 * diff-only: gcc32
 */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  __asm__ volatile(".byte 0x66, 0xe8, 0, 0" ::: "memory");
  printf("not reached\n");
  return 0;
}
