/* write_syscall.c — write(2) and exit_group(2) by hand with the x86-64
 * `syscall` instruction: rax = number, rdi rsi rdx r10 r8 r9 = arguments;
 * the CPU puts the return address in rcx and rflags in r11 (both clobbered),
 * the kernel returns with sysret.
 *
 *   build/emu --strace build/examples/write_syscall
 *   build/emu --frames build/examples/write_syscall
 *   build/emu --trace build/examples/write_syscall
 */
static const char msg[] = "hello from syscall\n";

int main(void) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(1 /* __NR_write */), "D"(1), "S"(msg), "d"(sizeof msg - 1)
                   : "rcx", "r11", "memory");
  __asm__ volatile("syscall"
                   :
                   : "a"(231 /* __NR_exit_group */), "D"(ret == sizeof msg - 1 ? 0 : 1)
                   : "rcx", "r11", "memory");
  return 2; /* not reached */
}
