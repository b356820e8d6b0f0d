/* cpu_mode_switch.c — far transfers between 64-bit mode (CS 0x33) and
 * compatibility mode (CS 0x23) in a 64-bit process ("heaven's gate"): ljmp,
 * lcall, lretq/lret, iretq/iret both ways; 32-bit code that computes (INC/DEC
 * 0x40-0x4f, push/pop, 16-bit forms) and writes with int $0x80; the registers
 * after coming back; a SIGSEGV in 32-bit code (the handler's CS and rip,
 * sigreturn back to compat mode or, with CS 0x33 in the frame, to 64-bit);
 * the same bytes at one address run in both modes (decoded blocks per
 * mode); a signal delivered on the way out of int $0x80 in compat mode;
 * single-stepping across the switches; far transfers the CPU refuses;
 * a thousand round trips.
 */
// diff-skip-gcc32
// diff-skip-dyn
// diff-needs: compat
// diff-host-only: compat
// (the oracle VM cannot serve it: QEMU 7.2's software CPU has no null-selector #GP
// in compatibility mode and mishandles the far transfers the CPU refuses)
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

uint64_t g_regs[16], g_flags, g_rsp64, g_stack32, g_aux[8];
struct far32 {
  uint32_t off;
  uint16_t sel;
} __attribute__((packed));
struct far32 g_far32, g_fard, g_farh, g_kfar;
uint64_t g_krecover;
static int kmode;

/* Symbols of the assembly below. */
void t_ljmp(void), t_lcall(void), t_lretq(void), t_iretq(void), t_ljmpq(void), t_fault(void);
void t_loop(int n), t_dual(void), t_kill(void), t_step(void), t_refuse(void);
extern char a32_entry[], b32_entry[], c32_entry[], d32_entry[], e32_entry[], f32_fault[];
extern char f32_recover[], f32_fault2[], f32_recover2[], f64_recover[], l32_entry[];
extern char k0[], k2[], k4[], k6[];
extern char msg32[], dual[], h32_entry[], k32_entry[], k32_after[], j64_first[], j32_entry[];

/* clang-format off */
__asm__(
    ".macro ENTER64\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  mov %rsp, g_rsp64(%rip)\n"
    "  mov g_stack32(%rip), %rsp\n"
    "  xor %eax, %eax\n" /* flags: ZF PF */
    "  movabs $0xa0a0a0a0a0a0a0a0, %rax\n"
    "  movabs $0xc1c1c1c1c1c1c1c1, %rcx\n"
    "  movabs $0xd2d2d2d2d2d2d2d2, %rdx\n"
    "  movabs $0xb3b3b3b3b3b3b3b3, %rbx\n"
    "  movabs $0x5555555555555555, %rbp\n"
    "  movabs $0x6666666666666666, %rsi\n"
    "  movabs $0x7777777777777777, %rdi\n"
    "  movabs $0x8888888888888888, %r8\n"
    "  movabs $0x9999999999999999, %r9\n"
    "  movabs $0x1010101010101010, %r10\n"
    "  movabs $0x1111111111111111, %r11\n"
    "  movabs $0x1212121212121212, %r12\n"
    "  movabs $0x1313131313131313, %r13\n"
    "  movabs $0x1414141414141414, %r14\n"
    "  movabs $0x1515151515151515, %r15\n"
    ".endm\n"
    /* Compat mode has no use for the null DS/ES of a 64-bit process. */
    ".macro FLATDS\n"
    "  push %eax\n"
    "  mov $0x2b, %eax\n"
    "  mov %eax, %ds\n"
    "  mov %eax, %es\n"
    "  pop %eax\n"
    ".endm\n"
    ".macro LEAVE64\n"
    "  mov %rax, g_regs+0(%rip)\n"
    "  mov %rcx, g_regs+8(%rip)\n"
    "  mov %rdx, g_regs+16(%rip)\n"
    "  mov %rbx, g_regs+24(%rip)\n"
    "  mov %rsp, g_regs+32(%rip)\n"
    "  mov %rbp, g_regs+40(%rip)\n"
    "  mov %rsi, g_regs+48(%rip)\n"
    "  mov %rdi, g_regs+56(%rip)\n"
    "  mov %r8, g_regs+64(%rip)\n"
    "  mov %r9, g_regs+72(%rip)\n"
    "  mov %r10, g_regs+80(%rip)\n"
    "  mov %r11, g_regs+88(%rip)\n"
    "  mov %r12, g_regs+96(%rip)\n"
    "  mov %r13, g_regs+104(%rip)\n"
    "  mov %r14, g_regs+112(%rip)\n"
    "  mov %r15, g_regs+120(%rip)\n"
    "  pushfq\n"
    "  popq g_flags(%rip)\n"
    "  mov %cs, %eax\n"
    "  mov %eax, g_aux+56(%rip)\n"
    "  mov g_rsp64(%rip), %rsp\n"
    "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
    "  ret\n"
    ".endm\n"
    ".text\n"
    "msg32: .ascii \"hello from compat mode\\n\"\n"
    /* A: ljmp *m16:32 in; compute; int $0x80 write; ljmp ptr16:32 out. */
    ".globl t_ljmp\n"
    "t_ljmp:\n"
    "  ENTER64\n"
    "  ljmpl *g_far32(%rip)\n"
    ".code32\n"
    "a32_entry:\n"
    "  FLATDS\n"
    "  .byte 0x40\n"              /* inc %eax */
    "  .byte 0x49\n"              /* dec %ecx */
    "  .byte 0x47, 0x47\n"        /* inc %edi twice */
    "  .byte 0x4e\n"              /* dec %esi */
    "  push %eax\n"
    "  push %ecx\n"
    "  pop %edx\n"
    "  pop %ebx\n"
    "  movw $0x1234, %bp\n"
    "  addw $0x10, %bp\n"
    "  mov %cs, %eax\n"
    "  mov %eax, g_aux\n"
    "  mov %ss, %eax\n"
    "  mov %eax, g_aux+8\n"
    "  push %ebx\n"
    "  push %ecx\n"
    "  push %edx\n"
    "  mov $4, %eax\n"
    "  mov $1, %ebx\n"
    "  mov $msg32, %ecx\n"
    "  mov $23, %edx\n"
    "  int $0x80\n"
    "  mov %eax, g_aux+16\n"
    "  pop %edx\n"
    "  pop %ecx\n"
    "  pop %ebx\n"
    "  mov %esp, g_aux+24\n"
    "  ljmp $0x33, $a64_back\n"
    ".code64\n"
    "a64_back:\n"
    "  LEAVE64\n"
    /* B: lcall *m16:32 in (4-byte CS, EIP pushed); lret (32-bit) out. */
    ".globl t_lcall\n"
    "t_lcall:\n"
    "  ENTER64\n"
    "  lcalll *g_far32(%rip)\n"
    "  LEAVE64\n"
    ".code32\n"
    "b32_entry:\n"
    "  FLATDS\n"
    "  mov (%esp), %eax\n"
    "  mov %eax, g_aux\n"
    "  mov 4(%esp), %eax\n"
    "  mov %eax, g_aux+8\n"
    "  mov %esp, g_aux+16\n"
    "  .byte 0x43, 0x4b, 0x4b\n"  /* inc %ebx; dec %ebx; dec %ebx */
    "  lret\n"
    ".code64\n"
    /* C: lretq in (8-byte pops); push/lret (32-bit) out. */
    ".globl t_lretq\n"
    "t_lretq:\n"
    "  ENTER64\n"
    "  pushq $0x23\n"
    "  pushq $c32_entry\n"
    "  lretq\n"
    ".code32\n"
    "c32_entry:\n"
    "  FLATDS\n"
    "  mov %esp, g_aux\n"
    "  .byte 0x66, 0x40\n"        /* inc %ax */
    "  .byte 0x66, 0x4a\n"        /* dec %dx */
    "  pushw $0x7788\n"
    "  popw %si\n"
    "  pushl $0x33\n"
    "  pushl $c64_back\n"
    "  lret\n"
    ".code64\n"
    "c64_back:\n"
    "  LEAVE64\n"
    /* D: iretq in; iret (32-bit, compat mode) out with a five-slot frame. */
    ".globl t_iretq\n"
    "t_iretq:\n"
    "  ENTER64\n"
    "  pushq $0x2b\n"
    "  pushq %rsp\n"
    "  pushfq\n"
    "  pushq $0x23\n"
    "  pushq $d32_entry\n"
    "  iretq\n"
    ".code32\n"
    "d32_entry:\n"
    "  FLATDS\n"
    "  mov %esp, g_aux\n"
    "  .byte 0x41, 0x42\n"        /* inc %ecx; inc %edx */
    "  pushl $0x2b\n"
    "  pushl $0x1234560\n"
    "  pushfl\n"
    "  pushl $0x33\n"
    "  pushl $d64_back\n"
    "  mov %esp, g_aux+8\n"
    "  iret\n"
    ".code64\n"
    "d64_back:\n"
    "  mov %rsp, g_aux+16(%rip)\n"
    "  LEAVE64\n"
    /* E: lcall ptr16:32 from compat mode to 64-bit code that returns with
     * lret (32-bit pops in 64-bit mode).  (REX.W ljmp m16:64 is left out:
     * Intel reads m16:64, AMD m16:32.) */
    ".globl t_ljmpq\n"
    "t_ljmpq:\n"
    "  ENTER64\n"
    "  ljmpl *g_far32(%rip)\n"
    ".code32\n"
    "e32_entry:\n"
    "  FLATDS\n"
    "  lcall $0x33, $e64_sub\n"
    "  mov %eax, g_aux+8\n"
    "  ljmp $0x33, $e64_back\n"
    ".code64\n"
    "e64_sub:\n"
    "  mov %rsp, %rax\n"
    "  mov (%rsp), %rcx\n"
    "  mov %rcx, g_aux(%rip)\n"
    "  movabs $0x123456789, %rax\n"
    "  lret\n"
    "e64_back:\n"
    "  LEAVE64\n"
    /* F: a fault in compat mode; the handler picks where to resume. */
    ".globl t_fault\n"
    "t_fault:\n"
    "  xor %eax, %eax\n"
    "  mov %eax, %ds\n"
    "  ENTER64\n"
    "  ljmpl *g_far32(%rip)\n"
    ".code32\n"
    "f32_entry:\n"
    "  .byte 0x40\n"
    "f32_fault:\n"
    "  movl 0x10, %ebx\n"  /* null DS: #GP (a ModRM form) */
    "f32_recover:\n"
    "  FLATDS\n"
    "f32_fault2:\n"
    "  movl 0x10, %ebx\n"  /* unmapped: #PF */
    "f32_recover2:\n"
    "  .byte 0x41\n"
    "  mov %cs, %edx\n"
    "  ljmp $0x33, $f64_recover\n"
    ".code64\n"
    "f64_recover:\n"
    "  LEAVE64\n"
    /* H: the same bytes run in both modes from one address: 48 ff c0 is
     * inc %rax in 64-bit mode, dec %eax; inc %eax in compat mode. */
    ".globl t_dual\n"
    "t_dual:\n"
    "  ENTER64\n"
    "  mov $3, %ecx\n"
    "h64_top:\n"
    "  lcalll *g_fard(%rip)\n"
    "  ljmpl *g_farh(%rip)\n"
    "h64_next:\n"
    "  dec %ecx\n"
    "  jnz h64_top\n"
    "  LEAVE64\n"
    "dual:\n"
    "  .byte 0x48, 0xff, 0xc0\n"
    "  lret\n"
    ".code32\n"
    "h32_entry:\n"
    "  lcall $0x23, $dual\n"
    "  ljmp $0x33, $h64_next\n"
    ".code64\n"
    /* I: kill(getpid(), SIGUSR1) by int $0x80 from compat mode: the
     * signal is delivered on the way out of the gate. */
    ".globl t_kill\n"
    "t_kill:\n"
    "  ENTER64\n"
    "  ljmpl *g_far32(%rip)\n"
    ".code32\n"
    "k32_entry:\n"
    "  mov $20, %eax\n"
    "  int $0x80\n"
    "  mov %eax, %ebx\n"
    "  mov $10, %ecx\n"
    "  mov $37, %eax\n"
    "  int $0x80\n"
    "k32_after:\n"
    "  mov $0, %ebx\n" /* the pid */
    "  .byte 0x42\n" /* inc %edx */
    "  ljmp $0x33, $k64_back\n"
    ".code64\n"
    "k64_back:\n"
    "  LEAVE64\n"
    /* J: single-stepping (TF) across ljmp to compat mode and back. */
    ".globl t_step\n"
    "t_step:\n"
    "  ENTER64\n"
    "  pushfq\n"
    "  orq $0x100, (%rsp)\n"
    "  popfq\n"
    "j64_first:\n"
    "  nop\n"
    "  ljmpl *g_far32(%rip)\n"
    ".code32\n"
    "j32_entry:\n"
    "  nop\n"
    "  .byte 0x40\n"
    "  ljmp $0x33, $j64_back\n"
    ".code64\n"
    "j64_back:\n"
    "  nop\n"
    "  pushfq\n"
    "  andq $~0x100, (%rsp)\n"
    "  popfq\n"
    "  nop\n"
    "  LEAVE64\n"
    /* K: far transfers the CPU refuses: a data selector, a null one, an
     * offset above 4 GiB for compat mode, a non-canonical one for 64-bit, a
     * return to RPL 0. */
    ".globl t_refuse\n"
    "t_refuse:\n"
    "  ENTER64\n"
    "  lea k1(%rip), %rax\n"
    "  mov %rax, g_krecover(%rip)\n"
    "k0:\n"
    "  ljmpl *g_kfar(%rip)\n"
    "k1:\n"
    "  lea k3(%rip), %rax\n"
    "  mov %rax, g_krecover(%rip)\n"
    "  movabs $0x100000000, %rax\n"
    "  pushq $0x23\n"
    "  push %rax\n"
    "k2:\n"
    "  lretq\n"
    "k3:\n"
    "  lea k5(%rip), %rax\n"
    "  mov %rax, g_krecover(%rip)\n"
    "  movabs $0x0000800000000000, %rax\n"
    "  pushq $0x33\n"
    "  push %rax\n"
    "k4:\n"
    "  lretq\n"
    "k5:\n"
    "  lea k7(%rip), %rax\n"
    "  mov %rax, g_krecover(%rip)\n"
    "  pushq $0x30\n" /* RPL 0 */
    "  push %rax\n"
    "k6:\n"
    "  lretq\n"
    "k7:\n"
    "  mov g_stack32(%rip), %rsp\n"
    "  LEAVE64\n"
    /* G: the round trip, %edi times; %esi counts in compat mode. */
    ".globl t_loop\n"
    "t_loop:\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  mov %rsp, g_rsp64(%rip)\n"
    "  mov g_stack32(%rip), %rsp\n"
    "  xor %esi, %esi\n"
    "  xor %ebx, %ebx\n"
    "l64_top:\n"
    "  pushq $0x23\n"
    "  pushq $l32_entry\n"
    "  lretq\n"
    "l64_next:\n"
    "  add $2, %rbx\n"
    "  dec %edi\n"
    "  jnz l64_top\n"
    "  jmp l64_done\n"
    ".code32\n"
    "l32_entry:\n"
    "  .byte 0x46\n"              /* inc %esi */
    "  .byte 0x4b\n"              /* dec %ebx */
    "  test $1, %esi\n"
    "  jz 1f\n"
    "  ljmp $0x33, $l64_next\n"
    "1:\n"
    "  lcall $0x33, $l64_sub\n"
    "  ljmp $0x33, $l64_next\n"
    ".code64\n"
    "l64_sub:\n"
    "  add $1, %rbx\n"
    "  lret\n"
    "l64_done:\n"
    "  mov %esi, %eax\n"
    "  shl $32, %rbx\n"
    "  or %rbx, %rax\n"
    "  mov %rax, g_aux(%rip)\n"
    "  mov g_rsp64(%rip), %rsp\n"
    "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
    "  ret\n");
/* clang-format on */

static const char *names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

static void dump(const char *what) {
  printf("%s:", what);
  for (int i = 0; i < 16; i++) {
    if (i == 4) continue; /* the stack pointer: printed relative */
    printf(" %s=%016llx", names[i], (unsigned long long)g_regs[i]);
  }
  printf("\n  rsp-stack32=%lld flags=%03llx cs=%llx\n", (long long)(g_regs[4] - g_stack32),
         (unsigned long long)(g_flags & 0xcd5), (unsigned long long)g_aux[7]);
}

static int resume64;
static volatile int handled;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  unsigned long long csgsfs = (unsigned long long)uc->uc_mcontext.gregs[REG_CSGSFS];
  unsigned short mycs;
  __asm__ volatile("mov %%cs, %0" : "=r"(mycs));
  long long rip = uc->uc_mcontext.gregs[REG_RIP];
  if (kmode && (rip == (long long)(uintptr_t)k2 || (rip == 0 && (csgsfs & 0xffff) == 0x23))) {
    /* LRETQ to compatibility mode with an offset above 4 GiB: AMD's
     * processors raise #GP(0) at the LRETQ, Intel's (and emu, whose CPUID
     * says Intel) take the low 32 bits and fault fetching at EIP 0. */
    printf("  handler: lretq to compat above 4 GiB: #GP there or a fetch at EIP 0\n");
    uc->uc_mcontext.gregs[REG_RIP] = (long long)g_krecover;
    uc->uc_mcontext.gregs[REG_CSGSFS] = (greg_t)((csgsfs & ~0xffffull) | 0x33);
    return;
  }
  printf("  handler: sig %d code %d addr %#llx cs %#llx ss %#llx handler-cs %#x\n", sig,
         si->si_code, (unsigned long long)(uintptr_t)si->si_addr, csgsfs & 0xffff, csgsfs >> 48,
         mycs);
  if (kmode) {
    printf("    refused at %s: trapno %lld err %#llx\n",
           rip == (long long)(uintptr_t)k0   ? "ljmp"
           : rip == (long long)(uintptr_t)k4 ? "lretq to 64-bit"
           : rip == (long long)(uintptr_t)k6 ? "lretq to RPL 0"
                                             : "somewhere else",
           (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
           (unsigned long long)uc->uc_mcontext.gregs[REG_ERR]);
    uc->uc_mcontext.gregs[REG_RIP] = (long long)g_krecover;
    return;
  }
  printf("  handler: rip at %s, trapno %lld err %lld eax %#llx\n",
         rip == (long long)(uintptr_t)f32_fault    ? "the null-DS load"
         : rip == (long long)(uintptr_t)f32_fault2 ? "the unmapped load"
                                                   : "somewhere else",
         (long long)uc->uc_mcontext.gregs[REG_TRAPNO], (long long)uc->uc_mcontext.gregs[REG_ERR],
         (unsigned long long)uc->uc_mcontext.gregs[REG_RAX]);
  if (rip == (long long)(uintptr_t)f32_fault) {
    uc->uc_mcontext.gregs[REG_RIP] = (long long)(uintptr_t)f32_recover;
  } else if (resume64) {
    uc->uc_mcontext.gregs[REG_RIP] = (long long)(uintptr_t)f64_recover;
    uc->uc_mcontext.gregs[REG_CSGSFS] = (long long)((csgsfs & ~0xffffull) | 0x33);
  } else {
    uc->uc_mcontext.gregs[REG_RIP] = (long long)(uintptr_t)f32_recover2;
  }
  handled++;
}

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  unsigned long long csgsfs = (unsigned long long)uc->uc_mcontext.gregs[REG_CSGSFS];
  unsigned short mycs;
  __asm__ volatile("mov %%cs, %0" : "=r"(mycs));
  printf("  usr1: cs %#llx handler-cs %#x rip after the int $0x80 %s, eax %lld, code %d\n",
         csgsfs & 0xffff, mycs,
         uc->uc_mcontext.gregs[REG_RIP] == (long long)(uintptr_t)k32_after ? "yes" : "no",
         (long long)uc->uc_mcontext.gregs[REG_RAX], si->si_code);
}

static int nsteps;
static long long steps[32];

static void on_trap(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  if (nsteps < 32)
    steps[nsteps] = (uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff) << 16 |
                    ((uc->uc_mcontext.gregs[REG_RIP] - (long long)(uintptr_t)j64_first) & 0xffff);
  nsteps++;
}

static void run(const char *what, void (*fn)(void)) {
  memset(g_regs, 0, sizeof g_regs);
  memset(g_aux, 0, sizeof g_aux);
  fflush(stdout);
  fn();
  dump(what);
}

int main(void) {
  char *stk =
      mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  if (stk == MAP_FAILED) return 1;
  g_stack32 = (uint64_t)(uintptr_t)stk + (1 << 16) - 64;

  g_far32 = (struct far32){(uint32_t)(uintptr_t)a32_entry, 0x23};
  run("ljmp m16:32", t_ljmp);
  printf("  compat cs=%#llx ss=%#llx write=%lld esp-stack32=%lld\n", (unsigned long long)g_aux[0],
         (unsigned long long)g_aux[1], (long long)g_aux[2], (long long)(g_aux[3] - g_stack32));

  g_far32 = (struct far32){(uint32_t)(uintptr_t)b32_entry, 0x23};
  run("lcall m16:32", t_lcall);
  printf("  pushed eip at return site %s, pushed cs %#llx, esp-stack32=%lld\n",
         g_aux[0] > (uint64_t)(uintptr_t)t_lcall && g_aux[0] < (uint64_t)(uintptr_t)b32_entry
             ? "yes"
             : "no",
         (unsigned long long)g_aux[1], (long long)(g_aux[2] - g_stack32));

  run("lretq in, lret out", t_lretq);
  printf("  esp-stack32 in compat=%lld\n", (long long)(g_aux[0] - g_stack32));

  run("iretq in, iret out", t_iretq);
  printf("  esp-stack32 in compat=%lld; after iret: rsp %s\n", (long long)(g_aux[0] - g_stack32),
         g_aux[2] == g_aux[1] + 12 ? "popped 3 slots"
         : g_aux[2] == 0x1234560   ? "from the frame (5 slots)"
                                   : "other");

  g_far32 = (struct far32){(uint32_t)(uintptr_t)e32_entry, 0x23};
  run("lcall from compat to 64", t_ljmpq);
  printf("  64-bit sub saw return eip %s; eax after lret %#llx\n",
         (g_aux[0] & 0xffffffff) > (uint64_t)(uintptr_t)e32_entry &&
                 (g_aux[0] & 0xffffffff) < (uint64_t)(uintptr_t)e32_entry + 32 &&
                 (g_aux[0] >> 32) == 0x23
             ? "and cs 0x23"
             : "wrong",
         (unsigned long long)g_aux[1]);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  g_far32 = (struct far32){(uint32_t)(uintptr_t)a32_entry, 0x23};
  g_far32.off = (uint32_t)(uintptr_t)f32_fault - 1;
  printf("fault, resume in compat mode\n");
  run("after fault (compat)", t_fault);
  resume64 = 1;
  printf("fault, resume in 64-bit mode (cs 0x33 in the frame)\n");
  run("after fault (64)", t_fault);
  printf("handled %d\n", handled);

  g_fard = (struct far32){(uint32_t)(uintptr_t)dual, 0x33};
  g_farh = (struct far32){(uint32_t)(uintptr_t)h32_entry, 0x23};
  run("same bytes in both modes", t_dual);

  kmode = 1;
  static const uint16_t bad_sels[] = {0x2b, 0x28, 0, 0x10, 0x1b};
  for (int i = 0; i < 5; i++) {
    g_kfar = (struct far32){(uint32_t)(uintptr_t)a32_entry, bad_sels[i]};
    printf("  selector %#x\n", bad_sels[i]);
    run("after refused transfers", t_refuse);
  }
  kmode = 0;

  sa.sa_sigaction = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  g_far32 = (struct far32){(uint32_t)(uintptr_t)k32_entry, 0x23};
  run("kill from compat mode", t_kill);

  sa.sa_sigaction = on_trap;
  sigaction(SIGTRAP, &sa, NULL);
  g_far32 = (struct far32){(uint32_t)(uintptr_t)j32_entry, 0x23};
  run("single-step", t_step);
  printf("  %d traps:", nsteps);
  for (int i = 0; i < nsteps && i < 32; i++)
    printf(" %llx:%llx", steps[i] >> 16, steps[i] & 0xffff);
  printf("\n");

  fflush(stdout);
  t_loop(1000);
  printf("round trips: compat incs %llu, rbx %llu\n", (unsigned long long)(uint32_t)g_aux[0],
         (unsigned long long)(g_aux[0] >> 32));
  return 0;
}
