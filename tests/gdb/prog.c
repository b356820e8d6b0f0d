/* prog.c — the guest for the gdb tests (run_gdb.sh, run_step.sh): built at
 * test time with -g, static, -m64 and -m32.  The MARK comments name lines
 * the tests look up in this file; the constants are what the tests expect
 * gdb to show. */
#include <string.h>
#include <unistd.h>

int watched;           /* the watchpoint's variable: 0, then 42 */
volatile int spin = 1; /* argv[1] == "spin": loop until gdb interrupts */

void set_regs(void);

/* argv[1] == "raw": getpid through the gate itself (int $0x80, syscall),
 * between the labels raw_call and raw_next (the --step tests). */
static void __attribute__((noinline)) raw_getpid(void) {
#ifdef __x86_64__
  __asm__ volatile(".globl raw_call\nraw_call:\n  mov $39, %%eax\n  syscall\n"
                   ".globl raw_next\nraw_next:\n  nop\n" ::: "rax", "rcx", "r11", "memory");
#else
  __asm__ volatile(".globl raw_call\nraw_call:\n  mov $20, %%eax\n  int $0x80\n"
                   ".globl raw_next\nraw_next:\n  nop\n" ::: "eax", "memory");
#endif
}

int main(int argc, char **argv) {
  watched = 0; /* MARK main_first */
  set_regs();
  watched = 42; /* MARK watch_write */
  write(1, "hello from the guest\n", 21);
  if (argc > 1 && !strcmp(argv[1], "segv")) *(volatile int *)16 = 1; /* MARK segv */
  if (argc > 1 && !strcmp(argv[1], "raw")) raw_getpid();
  if (argc > 1 && !strcmp(argv[1], "spin"))
    while (spin) {
    }
  return 7;
}

/* Known registers and stack words at the label after_set. */
#ifdef __x86_64__
__asm__(
    ".text\n.globl set_regs\nset_regs:\n"
    "  push %rbx\n"
    "  mov $0x1122334455667788, %rbx\n"
    "  push $0x55667788\n"
    "  push $0x11223344\n"
    ".globl after_set\nafter_set:\n"
    "  nop\n"
    "  add $16, %rsp\n"
    "  pop %rbx\n"
    "  ret\n");
#else
__asm__(
    ".text\n.globl set_regs\nset_regs:\n"
    "  push %ebx\n"
    "  mov $0x11223344, %ebx\n"
    "  push $0x55667788\n"
    "  push $0x11223344\n"
    ".globl after_set\nafter_set:\n"
    "  nop\n"
    "  add $8, %esp\n"
    "  pop %ebx\n"
    "  ret\n");
#endif
