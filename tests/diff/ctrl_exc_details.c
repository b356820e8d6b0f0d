/* ctrl_exc_details.c — what the signal frame says about an exception, in
 * both ABIs (issue 14, item 8): `int $n` for a vector user mode may not use
 * is #GP with error code n*8+2 (the IDT entry); `bound` out of range is #BR
 * (SIGSEGV, trapno 5); single-stepping `rep movs`/`rep stos`/`repe cmps`
 * traps after every iteration with rip still on the instruction until the
 * last; the trap after `mov %ss` / `pop %ss` waits for the next instruction.
 * diff-skip-dyn32 (absolute label addresses in the 32-bit asm: no text relocations)
 * diff-vm-mask: trapno 13 err 0x[0-9a-f]+ -- QEMU 7.2's software CPU gives int $n's #GP the error code n*16+2 (a 64-bit IDT entry's size), hardware n*8+2; the 64-bit build's host run checks it
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#ifdef __x86_64__
#define IP REG_RIP
#define FL REG_EFL
#define SP "%%rsp"
#else
#define IP REG_EIP
#define FL REG_EFL
#define SP "%%esp"
#endif

static volatile uintptr_t insn_at, resume_at;
static uintptr_t steps[64];
static volatile int nsteps;

static void on_fault(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  long off = (long)((uintptr_t)uc->uc_mcontext.gregs[IP] - insn_at);
  printf("  signal %d code %d trapno %ld err %#lx rip %+ld\n", sig, si->si_code,
         (long)uc->uc_mcontext.gregs[REG_TRAPNO], (long)uc->uc_mcontext.gregs[REG_ERR], off);
  uc->uc_mcontext.gregs[IP] = resume_at;
}

static void on_trap(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)sig;
  (void)si;
  if (nsteps < 64) steps[nsteps++] = (uintptr_t)uc->uc_mcontext.gregs[IP];
  if (nsteps >= 40) uc->uc_mcontext.gregs[FL] &= ~0x100L;
}

#ifdef __x86_64__
#define LEA(lbl, var) "lea " lbl "(%%rip), %%rax\n mov %%rax, %" var "\n"
#else
#define LEA(lbl, var) "lea " lbl ", %%eax\n mov %%eax, %" var "\n"
#endif

#define TRY(name, bytes)                                                            \
  do {                                                                              \
    printf("%s\n", name);                                                           \
    __asm__ volatile(LEA("1f", "0") LEA("2f", "1") "1: " bytes "\n2:\n"             \
                     : "=m"(insn_at), "=m"(resume_at)::"eax", "memory");            \
  } while (0)

static void show_steps(const char *name, uintptr_t insn, uintptr_t after) {
  printf("%s: %d traps:", name, nsteps);
  for (int i = 0; i < nsteps; i++) {
    uintptr_t r = steps[i];
    if (r == insn)
      printf(" at");
    else if (r == after)
      printf(" after");
    else
      printf(" %+ld", (long)(r - insn));
  }
  printf("\n");
}

static char src[16] = "abcdefgh", dst[16];

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  sa.sa_sigaction = on_trap;
  sigaction(SIGTRAP, &sa, NULL);
  setvbuf(stdout, NULL, _IONBF, 0);

  TRY("int $0x21", ".byte 0xcd, 0x21");
  TRY("int $0x01", ".byte 0xcd, 0x01");
  TRY("int $0x0e", ".byte 0xcd, 0x0e");
  TRY("int $0xff", ".byte 0xcd, 0xff");
#ifndef __x86_64__
  {
    static int bounds[2] = {10, 20};
    printf("bound 5 in [10,20]\n");
    __asm__ volatile(LEA("1f", "0") LEA("2f", "1") "mov $5, %%ecx\n"
                     "1: bound %%ecx, %2\n2:\n"
                     : "=m"(insn_at), "=m"(resume_at)
                     : "m"(bounds)
                     : "eax", "ecx", "memory");
  }
#endif

  /* Single steps: TF set by popf traps after each following instruction. */
  uintptr_t at, after;
#ifdef __x86_64__
#define STEP_ON "pushf\n orl $0x100, (%%rsp)\n popf\n"
#define STEP_OFF "pushf\n andl $~0x100, (%%rsp)\n popf\n"
#define RSI "%%rsi"
#define RDI "%%rdi"
#define RCX "%%rcx"
#define STR(lbl) "lea " lbl "(%%rip), %%rax\n"
#define MOVA(v) "mov %%rax, %" v "\n"
#else
#define STEP_ON "pushf\n orl $0x100, (%%esp)\n popf\n"
#define STEP_OFF "pushf\n andl $~0x100, (%%esp)\n popf\n"
#define STR(lbl) "lea " lbl ", %%eax\n"
#define MOVA(v) "mov %%eax, %" v "\n"
#endif
  nsteps = 0;
  {
    char *ps = src, *pd = dst;
    __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "cld\n"
                     "mov $4, %%ecx\n" STEP_ON "1: rep movsb\n2: nop\n" STEP_OFF
                     : "=m"(at), "=m"(after), "+S"(ps), "+D"(pd)
                     :
                     : "eax", "ecx", "memory", "cc");
  }
  show_steps("rep movsb x4", at, after);
  printf("  copied: %.4s\n", dst);

  static int words[8];
  nsteps = 0;
  {
    void *p = words;
    __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "cld\n mov $7, %%eax\n"
                     "mov $3, %%ecx\n" STEP_ON "1: rep stosl\n2: nop\n" STEP_OFF
                     : "=m"(at), "=m"(after), "+D"(p)
                     :
                     : "eax", "ecx", "memory", "cc");
  }
  show_steps("rep stosl x3", at, after);

  static char a[8] = "xxxyz", b[8] = "xxxzz";
  nsteps = 0;
  {
    void *pa = a, *pb = b;
    __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "cld\n"
                     "mov $5, %%ecx\n" STEP_ON "1: repe cmpsb\n2: nop\n" STEP_OFF
                     : "=m"(at), "=m"(after), "+S"(pa), "+D"(pb)
                     :
                     : "eax", "ecx", "memory", "cc");
  }
  show_steps("repe cmpsb (differs at 4)", at, after);

  nsteps = 0;
  __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "xor %%ecx, %%ecx\n" STEP_ON
                   "1: rep movsb\n2: nop\n" STEP_OFF
                   : "=m"(at), "=m"(after)
                   :
                   : "eax", "ecx", "memory", "cc");
  show_steps("rep movsb x0", at, after);

  /* mov %ss: the trap after it waits for the next instruction. */
  nsteps = 0;
  __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "mov %%ss, %%ecx\n" STEP_ON
                   "1: mov %%ecx, %%ss\n nop\n2: nop\n" STEP_OFF
                   : "=m"(at), "=m"(after)
                   :
                   : "eax", "ecx", "memory", "cc");
  show_steps("mov %ss, nop", at, after);
#ifndef __x86_64__
  nsteps = 0;
  __asm__ volatile(STR("1f") MOVA("0") STR("2f") MOVA("1") "push %%ss\n" STEP_ON
                   "1: pop %%ss\n nop\n2: nop\n" STEP_OFF
                   : "=m"(at), "=m"(after)
                   :
                   : "eax", "memory", "cc");
  show_steps("pop %ss, nop", at, after);
#endif
  return 0;
}
