/* cpu_seg16.c — code and stacks outside the flat model: a 16-bit code
 * segment of the LDT (operand and address size 16, 16-bit ModRM forms,
 * CS's base and limit), a based 32-bit code segment, and a 16-bit stack
 * segment with a base (only SP moves; pushes wrap at 64 KiB), entered by
 * sigreturn (the kernel's IRET to the frame's CS and SS), by a far call
 * from flat code, and by a 16-bit far call from 16-bit code; left by int3,
 * by faults (#UD, #PF with the linear address, #GP past CS's limit, #DE,
 * the IRET's own #GP for an IP past the limit) and by a single-step trap;
 * the IRET's faults with an LDT SS are espfix64's #GP(0).
 * 16-bit code also makes a system call through int $0x80.  Each stop
 * prints the frame: registers (low 32 bits: upper halves are undefined
 * across a mode change), arithmetic flags, IP, CS, SS, trap number, error
 * code and si_addr; data the code wrote is printed after.
 *
 * The oracle VM's kernel refuses 16-bit segments (no CONFIG_X86_16BIT):
 * the reference is a host that runs them (tests/oracle/probe/seg16.S).
 */
// diff-only: gcc gcc32
// diff-needs: compat seg16
// diff-host-only: seg16 (the oracle VM's kernel is built without CONFIG_X86_16BIT)
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Fixed addresses below 4 GiB, so that every linear address printed is
 * the same in both runs. */
#define CODE_BASE 0x10000000u
#define DATA_BASE 0x10100000u /* one page; the next is left unmapped */
#define LOW_STACK (DATA_BASE + 0xf00)

#define SEL_CODE16  0x07 /* LDT 0: 16-bit code at CODE_BASE, limit 0xfff */
#define SEL_CODE32B 0x0f /* LDT 1: 32-bit code at CODE_BASE, limit 0xfff */
#define SEL_DATA16  0x17 /* LDT 2: 16-bit data at DATA_BASE, limit 0xffff */
#define SEL_DATA_NP 0x1f /* LDT 3: the same, not present */
#define SEL_CODE_NP 0x27 /* LDT 4: 16-bit code, not present */
#define SEL_EMPTY   0x2f /* LDT 5: never written */

#if UINTPTR_MAX == 0xffffffffu
#define CODE_DEFAULT ".code32\n"
#else
#define CODE_DEFAULT ".code64\n"
#endif

/* The guest code, copied to CODE_BASE; offsets are from s16_blob. */
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        "s16_blob:\n"
        ".code16\n"
        /* r1: arithmetic, 16-bit addressing, the stack, strings, a system
         * call; the data page is DS, ES and SS. */
        "s16_r1:\n"
        "  mov %ss, %ax\n"
        "  mov %ax, %ds\n"
        "  mov %ax, %es\n"
        "  mov $0x0234, %bx\n"
        "  mov $0x10, %si\n"
        "  movw $0xbeef, 0x20(%bx,%si)\n"
        "  mov 0x20(%bx,%si), %dx\n"
        "  add $0x7fff, %dx\n"
        "  push %dx\n"
        "  push $0x55aa\n"
        "  pushl $0x12345678\n"
        "  call s16_sub\n"
        "  popl %ecx\n"
        "  pop %di\n"
        "  pop %bp\n"
        "  movl %ecx, 0x308\n"
        "  mov %di, 0x30c\n"
        "  mov %bp, 0x30e\n"
        "  mov $5, %cx\n"
        "  xor %ax, %ax\n"
        "1: add %cx, %ax\n"
        "  loop 1b\n"
        "  mov %ax, 0x300\n"
        "  mov $0x320, %di\n"
        "  mov $8, %cx\n"
        "  mov $0x41, %al\n"
        "  cld\n"
        "  rep stosb\n"
        "  mov $0x320, %si\n"
        "  mov $0x328, %di\n"
        "  mov $2, %cx\n"
        "  rep movsw\n"
        "  enter $4, $0\n"
        "  movw $0x7777, -2(%bp)\n"
        "  mov -2(%bp), %ax\n"
        "  mov %ax, 0x330\n"
        "  leave\n"
        "  mov $0x1234, %ax\n"
        "  mov $0x100, %cx\n"
        "  mul %cx\n"
        "  mov %ax, 0x332\n"
        "  mov %dx, 0x334\n"
        "  movl $0x89abcdef, %eax\n"
        "  addr32 movl %eax, 0x336\n"
        "  lea 0x1000(%bx,%si), %ax\n"
        "  mov %ax, 0x33c\n"
        "  mov $0x8000, %ax\n"
        "  cwd\n"
        "  mov %dx, 0x33e\n"
        /* write(1, DATA_BASE + 0x340, 17) */
        "  movl 0x3fc, %ecx\n"
        "  addl $0x340, %ecx\n"
        "  movl $4, %eax\n"
        "  movl $1, %ebx\n"
        "  movl $17, %edx\n"
        "  int $0x80\n"
        "  mov %ax, 0x33a\n"
        "  mov $0x7fff, %ax\n"
        "  inc %ax\n"
        "  int3\n"
        "s16_sub:\n"
        "  push %bp\n"
        "  mov %sp, %bp\n"
        "  mov 4(%bp), %ax\n"
        "  mov 6(%bp), %si\n"
        "  mov %ax, 0x302\n"
        "  mov %si, 0x304\n"
        "  pop %bp\n"
        "  ret\n"
        /* The faults. */
        "s16_ud:\n"
        "  ud2\n"
        "s16_pf:\n"
        "  mov %ss, %ax\n"
        "  mov %ax, %ds\n"
        "  movw $1, 0x2000\n"
        "s16_limit:\n"
        "  mov $0x1800, %ax\n"
        "  jmp *%ax\n"
        "s16_div:\n"
        "  xor %cx, %cx\n"
        "  mov $1, %ax\n"
        "  xor %dx, %dx\n"
        "  div %cx\n"
        "s16_tf:\n"
        "  pushf\n"
        "  pop %ax\n"
        "  or $0x100, %ax\n"
        "  push %ax\n"
        "  popf\n"
        "  nop\n"
        "  inc %bx\n"
        "  int3\n"
        "s16_push:\n"
        "  push $0x1234\n"
        "  int3\n"
        /* r5: reached by a far call from flat code; calls r6 in the based
         * 32-bit segment with a 16-bit far call, returns with a 32-bit one. */
        "s16_r5:\n"
        "  mov %cs, %ax\n"
        "  movl $0xc0ffee, %edx\n"
        "  lcall $0x0f, $(s16_r6 - s16_blob)\n"
        "  lretl\n"
        ".code32\n"
        /* r3: 32-bit code in the based segment: CALL pushes the offset. */
        "s16_r3:\n"
        "  call 1f\n"
        "1: pop %eax\n"
        "  mov %cs, %ebx\n"
        "  int3\n"
        /* r4: flat 32-bit code (CS 0x23) on the 16-bit stack. */
        "s16_r4:\n"
        "  push $0x1234abcd\n"
        "  pushw $0x5678\n"
        "  mov %esp, %eax\n"
        "  pop %cx\n"
        "  pop %edx\n"
        "  int3\n"
        "s16_r6:\n"
        "  mov %cs, %ebx\n"
        "  shl $16, %ebx\n"
        "  mov $0x4242, %bx\n"
        "  lretw\n"
#if UINTPTR_MAX != 0xffffffffu
        ".code64\n"
        /* tramp(stack below 4 GiB, &far pointer, out[3]): the far call from
         * 64-bit code, on a stack the 32-bit return can use. */
        "s16_tramp:\n"
        "  push %rbx\n"
        "  push %rbp\n"
        "  mov %rsp, %rbp\n"
        "  mov %rdx, %r8\n"
        "  mov %rdi, %rsp\n"
        "  lcall *(%rsi)\n"
        "  mov %rbp, %rsp\n"
        "  mov %eax, (%r8)\n"
        "  mov %ebx, 4(%r8)\n"
        "  mov %edx, 8(%r8)\n"
        "  pop %rbp\n"
        "  pop %rbx\n"
        "  ret\n"
#endif
        "s16_end:\n" CODE_DEFAULT ".popsection\n");

extern const char s16_blob[], s16_end[], s16_r1[], s16_ud[], s16_pf[], s16_limit[], s16_div[],
    s16_tf[], s16_push[], s16_r3[], s16_r4[], s16_r5[];
#if UINTPTR_MAX != 0xffffffffu
extern const char s16_tramp[];
#endif

#define OFF(label) ((unsigned)((label) - s16_blob))

#define GREG(uc, r) ((uc)->uc_mcontext.gregs[r])
/* The general registers by name: REG_EAX or REG_RAX. */
#if UINTPTR_MAX == 0xffffffffu
#define GR(r) REG_E##r
#else
#define GR(r) REG_R##r
#endif
#define R_IP GR(IP)
#define R_SP GR(SP)
#define R_FL REG_EFL
static const int reg_idx[8] = {GR(AX), GR(BX), GR(CX), GR(DX), GR(SI), GR(DI), GR(BP), GR(SP)};
#if UINTPTR_MAX == 0xffffffffu
static unsigned get_cs(ucontext_t *uc) { return GREG(uc, REG_CS) & 0xffff; }
static unsigned get_ss(ucontext_t *uc) { return GREG(uc, REG_SS) & 0xffff; }
static void set_cs_ss(ucontext_t *uc, unsigned cs, unsigned ss) {
  GREG(uc, REG_CS) = cs;
  GREG(uc, REG_SS) = ss;
}
#else
static unsigned get_cs(ucontext_t *uc) { return GREG(uc, REG_CSGSFS) & 0xffff; }
static unsigned get_ss(ucontext_t *uc) { return (GREG(uc, REG_CSGSFS) >> 48) & 0xffff; }
static void set_cs_ss(ucontext_t *uc, unsigned cs, unsigned ss) {
  GREG(uc, REG_CSGSFS) = (GREG(uc, REG_CSGSFS) & 0x0000ffffffff0000ll) | cs | (long long)ss << 48;
}
#endif
static const char *const reg_name[8] = {"ax", "bx", "cx", "dx", "si", "di", "bp", "sp"};

/* What the SIGUSR1 handler makes of its frame, and the frame it had, which
 * the stop's handler returns to (so raise() returns). */
static struct {
  unsigned cs, ss, ip, sp, flags;
} want;
static gregset_t saved;
static volatile int armed; /* saved holds a frame to return to */

static void on_usr1(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  memcpy(saved, uc->uc_mcontext.gregs, sizeof saved);
  armed = 1;
  static const unsigned preset[7] = {0xa1a2a3a4, 0xb1b2b3b4, 0xc1c2c3c4, 0xd1d2d3d4,
                                     0x51525354, 0xd5d6d7d8, 0xe1e2e3e4};
  for (int i = 0; i < 7; i++) GREG(uc, reg_idx[i]) = preset[i];
  set_cs_ss(uc, want.cs, want.ss);
  GREG(uc, R_IP) = want.ip;
  GREG(uc, R_SP) = want.sp;
  GREG(uc, R_FL) = 0x202 | want.flags;
}

static void on_stop(int sig, siginfo_t *si, void *p) {
  ucontext_t *uc = p;
  printf("  %s code %d trapno %d err %#x addr %#lx\n  ip %#x cs %#x ss %#x flags %#x\n ",
         sig == SIGTRAP   ? "SIGTRAP"
         : sig == SIGSEGV ? "SIGSEGV"
         : sig == SIGILL  ? "SIGILL"
         : sig == SIGFPE  ? "SIGFPE"
         : sig == SIGBUS  ? "SIGBUS"
                          : "?",
         si->si_code, (int)GREG(uc, REG_TRAPNO), (unsigned)GREG(uc, REG_ERR),
         (unsigned long)si->si_addr, (unsigned)GREG(uc, R_IP), get_cs(uc), get_ss(uc),
         (unsigned)GREG(uc, R_FL) & 0xdd5);
  for (int i = 0; i < 8; i++) printf(" %s %08x", reg_name[i], (unsigned)GREG(uc, reg_idx[i]));
  printf("\n");
  if (!armed) _exit(3); /* a stop outside the guest code: no frame to go back to */
  armed = 0;
  memcpy(uc->uc_mcontext.gregs, saved, sizeof saved);
}

static void run(const char *what, unsigned cs, unsigned ss, unsigned ip, unsigned sp,
                unsigned flags) {
  printf("%s:\n", what);
  want.cs = cs, want.ss = ss, want.ip = ip, want.sp = sp, want.flags = flags;
  raise(SIGUSR1);
}

static void ldt(int entry, unsigned base, unsigned limit, int code, int is32, int np) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.base_addr = base;
  d.limit = limit;
  d.seg_32bit = is32;
  d.contents = code ? 2 : 0;
  d.seg_not_present = np;
  d.useable = 1;
  long r = syscall(SYS_modify_ldt, 1, &d, sizeof d);
  printf("modify_ldt %d: %ld\n", entry, r);
}

static void far_call(void) {
  struct __attribute__((packed)) {
    uint32_t off;
    uint16_t sel;
  } fp = {OFF(s16_r5), SEL_CODE16};
  unsigned out[3];
#if UINTPTR_MAX == 0xffffffffu
  __asm__ volatile("lcall *%3" : "=a"(out[0]), "=b"(out[1]), "=d"(out[2]) : "m"(fp) : "memory");
#else
  void (*tramp)(uintptr_t, void *, unsigned *) =
      (void (*)(uintptr_t, void *, unsigned *))(uintptr_t)(CODE_BASE + OFF(s16_tramp));
  tramp(LOW_STACK, &fp, out);
#endif
  printf("far call to 16-bit code: ax %04x (cs) bx %08x dx %08x\n", out[0] & 0xffff, out[1],
         out[2]);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  size_t n = (size_t)(s16_end - s16_blob);
  unsigned char *code = mmap((void *)(uintptr_t)CODE_BASE, 4096, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  unsigned char *data = mmap((void *)(uintptr_t)DATA_BASE, 4096, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (code != (void *)(uintptr_t)CODE_BASE || data != (void *)(uintptr_t)DATA_BASE || n > 4096) {
    printf("cannot map the code and data pages\n");
    return 1;
  }
  memcpy(code, s16_blob, n);
  mprotect(code, 4096, PROT_READ | PROT_EXEC);
  memcpy(data + 0x340, "from 16-bit code\n", 17);
  uint32_t base = DATA_BASE;
  memcpy(data + 0x3fc, &base, 4);
  ldt(0, CODE_BASE, 0xfff, 1, 0, 0);
  ldt(1, CODE_BASE, 0xfff, 1, 1, 0);
  ldt(2, DATA_BASE, 0xffff, 0, 0, 0);
  ldt(3, DATA_BASE, 0xffff, 0, 0, 1);
  ldt(4, CODE_BASE, 0xfff, 1, 0, 1);

  static char altstack[65536];
  stack_t st = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&st, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_stop;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  int stops[] = {SIGTRAP, SIGSEGV, SIGILL, SIGFPE, SIGBUS};
  for (unsigned i = 0; i < sizeof stops / sizeof *stops; i++) sigaction(stops[i], &sa, NULL);

  run("16-bit code, 16-bit stack (ESP's upper half kept)", SEL_CODE16, SEL_DATA16, OFF(s16_r1),
      0x12340f00, 0);
  static const unsigned at[] = {0x300, 0x302, 0x304, 0x308, 0x30c, 0x30e, 0x320, 0x324, 0x328,
                                0x32c, 0x330, 0x332, 0x334, 0x336, 0x33a, 0x33c, 0x33e, 0x264};
  printf("data:");
  for (unsigned i = 0; i < sizeof at / sizeof *at; i++) {
    uint32_t v;
    memcpy(&v, data + at[i], 4);
    printf(" %x:%08x", at[i], v);
  }
  printf("\n");
  run("ud2 in 16-bit code", SEL_CODE16, 0x2b, OFF(s16_ud), LOW_STACK, 0);
  run("a store past the data page", SEL_CODE16, SEL_DATA16, OFF(s16_pf), 0xf00, 0);
  run("a jump past CS's limit", SEL_CODE16, SEL_DATA16, OFF(s16_limit), 0xf00, 0);
  run("sigreturn to an IP past CS's limit", SEL_CODE16, SEL_DATA16, 0x2000, 0xf00, 0);
  run("divide by zero", SEL_CODE16, SEL_DATA16, OFF(s16_div), 0xf00, 0);
  run("POPF sets TF", SEL_CODE16, SEL_DATA16, OFF(s16_tf), 0xf00, 0);
  run("a push at SP 0 wraps to 0xfffe", SEL_CODE16, SEL_DATA16, OFF(s16_push), 0xabcd0000, 0);
  run("a push at SP 2", SEL_CODE16, SEL_DATA16, OFF(s16_push), 0xabcd0002, 0);
  run("based 32-bit code", SEL_CODE32B, 0x2b, OFF(s16_r3), LOW_STACK, 0);
  run("flat 32-bit code on the 16-bit stack", 0x23, SEL_DATA16, CODE_BASE + OFF(s16_r4),
      0xabcd0f00, 0);
  /* The IRET's own faults: with an LDT SS it runs on espfix64's
   * read-only stack, and any fault becomes #GP(0); with a GDT SS a
   * not-present CS is #NP(selector). */
  run("IRET with a not-present LDT SS", SEL_CODE16, SEL_DATA_NP, OFF(s16_r1), 0xf00, 0);
  run("IRET with an LDT code segment as SS", SEL_CODE16, SEL_CODE32B, OFF(s16_r1), 0xf00, 0);
  run("IRET with an empty LDT entry as SS", SEL_CODE16, SEL_EMPTY, OFF(s16_r1), 0xf00, 0);
  run("IRET to a not-present CS, LDT SS", SEL_CODE_NP, SEL_DATA16, OFF(s16_r1), 0xf00, 0);
  run("IRET to a not-present CS, GDT SS", SEL_CODE_NP, 0x2b, OFF(s16_r1), LOW_STACK, 0);
  uint32_t pushed[2];
  memcpy(pushed, data + 0xefa, 6);
  printf("pushed: %08x %04x\n", pushed[0], pushed[1] & 0xffff);
  far_call();
  far_call();
  return 0;
}
