/* entry64_nt.c — NT (nested task, RFLAGS bit 14) set by POPF across a SYSCALL: the CPU
 * clears it on entry (the kernel's MSR_SYSCALL_MASK), r11 holds the caller's RFLAGS with
 * it, and SYSRET restores RFLAGS from r11, so on a stock kernel the program sees NT
 * still set (arch/x86/entry/entry_64.S; do_syscall_64() takes SYSRET since NT is not
 * among the flags that force IRET).  Some hosts' kernels clear it on the way out, so the
 * native half always comes from the oracle VM's stock kernel (tests/oracle/README.md).
 */
// diff-only: gcc
// diff-needs: vm
#include <stdio.h>
#include <sys/syscall.h>

int main(void) {
  unsigned long flags, nr = SYS_getpid, r11;
  __asm__ volatile("pushfq\n\t"
                   "orq $0x4000, (%%rsp)\n\t" /* NT */
                   "popfq\n\t"
                   "syscall\n\t"
                   "movq %%r11, %2\n\t"
                   "pushfq\n\t"
                   "popq %0\n\t"
                   "pushfq\n\t"
                   "andq $~0x4000, (%%rsp)\n\t"
                   "popfq"
                   : "=r"(flags), "+a"(nr), "=r"(r11)
                   :
                   : "rcx", "r11", "memory", "cc");
  printf("getpid through syscall returned a pid: %s\n", (long)nr > 0 ? "yes" : "no");
  printf("r11 (the RFLAGS syscall saved) has NT: %s\n", r11 & 0x4000 ? "yes" : "no");
  printf("RFLAGS after sysret has NT: %s\n", flags & 0x4000 ? "yes" : "no");
  return 0;
}
