/* cpu_mode_switch32.c — a 32-bit program that runs 64-bit code: ljmp
 * ptr16:32 to CS 0x33, 64-bit arithmetic on r8-r15 and full registers,
 * int $0x80 (the i386 table) from 64-bit mode, and back with lretq, ljmp
 * m16:32, iretq (five slots) and lret after an lcall; r8-r15 after the
 * 32-bit code between trips made system calls (the kernel's compat
 * SYSENTER/SYSCALL entries zero them); a thousand round trips.
 */
// diff-only: gcc32
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

uint64_t g_out[16];
struct far32 {
  uint32_t off;
  uint16_t sel;
} __attribute__((packed));
struct far32 g_back;

void t_go(void), t_again(void), t_iret(void), t_lcall(void);
int t_loop(int n);
extern char back32_far[];

/* clang-format off */
__asm__(
    ".text\n"
    "msg64: .ascii \"hello from 64-bit mode\\n\"\n"
    ".globl t_go\n"
    "t_go:\n"
    "  push %ebx; push %ebp; push %esi; push %edi\n"
    "  mov $0x11223344, %ebx\n"
    "  mov $g_out, %edi\n"           /* ELF32: 64-bit code takes addresses */
    "  mov $back32, %esi\n"          /* from registers */
    "  mov $msg64, %ebp\n"
    "  ljmp $0x33, $go64\n"
    ".code64\n"
    "go64:\n"
    "  movabs $0x123456789abcdef0, %r8\n"
    "  mov %r8, %rax\n"
    "  shr $4, %rax\n"
    "  add %rax, %r8\n"
    "  mov %r8, (%rdi)\n"
    "  mov $-1, %r9\n"
    "  inc %r9\n"                    /* REX.W FF /0 */
    "  lea 7(%rax,%r8,2), %r10\n"
    "  mov %r10, 8(%rdi)\n"
    "  mov %r9, 16(%rdi)\n"
    "  push %r10\n"
    "  pop %r11\n"
    "  mov %r11, 24(%rdi)\n"
    "  mov %rbx, 32(%rdi)\n"         /* ebx from 32-bit code, upper half zero */
    "  mov $20, %eax\n"              /* getpid via int $0x80 from 64-bit mode */
    "  int $0x80\n"
    "  mov %rax, 40(%rdi)\n"
    "  mov $4, %eax\n"
    "  mov $1, %ebx\n"
    "  mov %rbp, %rcx\n"
    "  mov $23, %edx\n"
    "  int $0x80\n"
    "  mov %rax, 48(%rdi)\n"
    "  movabs $0x0f0e0d0c0b0a0908, %r12\n"
    "  pushq $0x23\n"
    "  push %rsi\n"
    "  lretq\n"
    ".code32\n"
    "back32:\n"
    "  mov %cs, %eax\n"
    "  mov %eax, g_out+56\n"
    "  pop %edi; pop %esi; pop %ebp; pop %ebx\n"
    "  ret\n"
    /* Back to 64-bit mode: r8 and r12 as the first trip left them. */
    ".globl t_again\n"
    "t_again:\n"
    "  push %ebx; push %ebp; push %esi; push %edi\n"
    "  mov $g_out, %edi\n"
    "  mov $g_back, %ebp\n"
    "  ljmp $0x33, $again64\n"
    ".code64\n"
    "again64:\n"
    "  mov %r8, (%rdi)\n"
    "  mov %r12, 8(%rdi)\n"
    "  ljmpl *(%rbp)\n"
    ".code32\n"
    "back32_far:\n"
    "  pop %edi; pop %esi; pop %ebp; pop %ebx\n"
    "  ret\n"
    /* iretq from 64-bit mode to compat mode with a five-slot frame. */
    ".globl t_iret\n"
    "t_iret:\n"
    "  push %ebx; push %ebp; push %esi; push %edi\n"
    "  mov $iret32, %esi\n"
    "  ljmp $0x33, $iret64\n"
    ".code64\n"
    "iret64:\n"
    "  xor %eax, %eax\n"            /* flags: ZF PF */
    "  mov %rsp, %rax\n"
    "  pushq $0x2b\n"
    "  pushq %rax\n"
    "  pushfq\n"
    "  orq $0x801, (%rsp)\n"         /* OF and CF */
    "  pushq $0x23\n"
    "  push %rsi\n"
    "  iretq\n"
    ".code32\n"
    "iret32:\n"
    "  pushfl\n"
    "  popl g_out\n"
    "  clc\n"
    "  pop %edi; pop %esi; pop %ebp; pop %ebx\n"
    "  ret\n"
    /* lcall from 32-bit code to 64-bit code that returns with lret. */
    ".globl t_lcall\n"
    "t_lcall:\n"
    "  push %ebx; push %ebp; push %esi; push %edi\n"
    "  mov $g_out, %edi\n"
    "  lcall $0x33, $sub64\n"
    "  mov %eax, g_out\n"
    "  pop %edi; pop %esi; pop %ebp; pop %ebx\n"
    "  ret\n"
    ".code64\n"
    "sub64:\n"
    "  mov (%rsp), %rax\n"
    "  mov %rax, 8(%rdi)\n"
    "  movabs $0x7fffffff00000005, %rax\n"
    "  add %rax, %rax\n"
    "  lret\n"
    ".code32\n"
    /* n round trips; returns the count kept in %ebx by 64-bit code. */
    ".globl t_loop\n"
    "t_loop:\n"
    "  push %ebx; push %esi; push %edi\n"
    "  mov 16(%esp), %edi\n"
    "  xor %ebx, %ebx\n"
    "  mov $loop32b, %esi\n"
    "loop32:\n"
    "  ljmp $0x33, $loop64\n"
    ".code64\n"
    "loop64:\n"
    "  inc %rbx\n"
    "  pushq $0x23\n"
    "  push %rsi\n"
    "  lretq\n"
    ".code32\n"
    "loop32b:\n"
    "  dec %edi\n"
    "  jnz loop32\n"
    "  mov %ebx, %eax\n"
    "  pop %edi; pop %esi; pop %ebx\n"
    "  ret\n");
/* clang-format on */

int main(void) {
  fflush(stdout);
  t_go();
  printf("r8=%016llx r10=%016llx r9=%016llx r11=%016llx rbx=%016llx\n",
         (unsigned long long)g_out[0], (unsigned long long)g_out[2 - 1],
         (unsigned long long)g_out[2], (unsigned long long)g_out[3], (unsigned long long)g_out[4]);
  printf("int $0x80 getpid from 64-bit mode: %s; write returned %lld; cs back %#llx\n",
         g_out[5] == (uint64_t)getpid() ? "same" : "different", (long long)g_out[6],
         (unsigned long long)g_out[7]);

  memset(g_out, 0, sizeof g_out);
  g_back = (struct far32){(uint32_t)(uintptr_t)back32_far, 0x23};
  t_again();
  printf("again: r8=%016llx r12=%016llx\n", (unsigned long long)g_out[0],
         (unsigned long long)g_out[1]);

  memset(g_out, 0, sizeof g_out);
  t_iret();
  printf("iretq to compat: eflags %#llx\n", (unsigned long long)(g_out[0] & 0xcd5));

  memset(g_out, 0, sizeof g_out);
  t_lcall();
  printf("lcall: eax after lret %#llx, pushed cs %#llx\n", (unsigned long long)g_out[0],
         (unsigned long long)(g_out[1] >> 32));

  printf("round trips: %d\n", t_loop(1000));
  return 0;
}
