/* sig_segments.c — segments across signal delivery and sigreturn
 * (arch/x86/kernel/signal.c and signal_32.c, the iret that follows):
 *
 *   - uc_flags: UC_SIGCONTEXT_SS always, UC_STRICT_RESTORE_SS only for a
 *     signal taken in 64-bit mode (frame_uc_flags); an x86-64 signal taken
 *     in compatibility mode (after a far return to CS 0x23) reports CS
 *     0x23 and no strict flag, and the handler can return to 64-bit code;
 *   - SS from the frame: __USER_DS and a writable LDT data segment are
 *     loaded; a null or kernel selector makes the iret fault (SIGSEGV,
 *     SI_KERNEL, trapno 13, the selector as error code, the frame as
 *     sigreturn built it); with an LDT selector (a bogus one, a code
 *     segment, a data segment not present) the iret runs on espfix64's
 *     read-only stack, and its fault, a #DF, becomes #GP(0) (SIGSEGV,
 *     trapno 13, error code 0: exc_double_fault); without
 *     UC_STRICT_RESTORE_SS a return to 64-bit mode replaces an unusable or
 *     not-present SS with __USER_DS (force_valid_ss);
 *   - any system call made through SYSCALL leaves SS = __USER_DS;
 *   - i386: rt_sigreturn to CS 0x33 runs 64-bit code (a RIP-relative LEA
 *     tells which mode ran), and the next signal's frame shows CS 0x33.
 *
 * The host may refuse compatibility mode, so the VM is the reference.  Its
 * kernel is built without CONFIG_X86_16BIT, hence without espfix64, and
 * reports the iret's own fault for an LDT SS (QEMU's #NP for one not
 * present); those lines are masked, and cpu_seg16.c checks them against a
 * host with espfix64.
 */
// diff-only: gcc gcc32
// diff-needs: vm
// diff-vm-mask: (SIGSEGV|SIGBUS) code 128 trapno 1[123] err 0x?[0-9a-f]* frame ss 0x(1237|f|17)$ -- the VM's kernel lacks espfix64 (no CONFIG_X86_16BIT): an iret fault with an LDT SS is its own fault there, #GP(0) on stock kernels and in emu
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

#define LDT_DS    0x07 /* LDT entry 0, RPL 3: 32-bit data */
#define LDT_DS_NP 0x0f /* entry 1: the same, not present */
#define LDT_CS    0x17 /* entry 2: 32-bit code */

static void install_ldt(int entry, int code, int not_present) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.limit = 0xfffff;
  d.seg_32bit = 1;
  d.contents = code ? 2 : 0;
  d.limit_in_pages = 1;
  d.seg_not_present = not_present;
  d.useable = 1;
  long r = syscall(SYS_modify_ldt, 1, &d, sizeof d);
  printf("modify_ldt %d: %ld\n", entry, r);
}

static unsigned read_ss(void) {
  unsigned short ss;
  __asm__ volatile("mov %%ss, %0" : "=r"(ss));
  return ss;
}

static volatile unsigned want_ss;
static volatile int clear_strict;

#if UINTPTR_MAX == 0xffffffffu
/* ---------------- i386 ---------------- */
#define GREG(uc, r) ((uc)->uc_mcontext.gregs[r])

static void on_usr1(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  GREG(uc, REG_SS) = want_ss;
}

static void on_segv(int sig, siginfo_t *si, void *p) {
  ucontext_t *uc = p;
  printf("  %s code %d trapno %d err %#x frame ss %#x\n", sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
         si->si_code, (int)GREG(uc, REG_TRAPNO), (unsigned)GREG(uc, REG_ERR),
         (unsigned)GREG(uc, REG_SS) & 0xffff);
  GREG(uc, REG_SS) = 0x2b;
}

static unsigned char *code64;
static volatile unsigned trap_cs, trap_ax, trap_ip;
static volatile uint32_t resume_ip;

static void on_trap(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  trap_cs = GREG(uc, REG_CS) & 0xffff;
  trap_ax = GREG(uc, REG_EAX);
  trap_ip = GREG(uc, REG_EIP);
  GREG(uc, REG_CS) = 0x23;
  GREG(uc, REG_EIP) = resume_ip;
}

static void on_usr2(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  /* Return into 64-bit code; on_trap brings the task back. */
  GREG(uc, REG_CS) = 0x33;
  GREG(uc, REG_EIP) = (uintptr_t)code64;
}

static void i386_to_64(void) {
  code64 = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  /* 64-bit: lea 0(%rip), %rax (rax = the int3's address); 32-bit decoding
   * would be dec %eax; lea 0, %eax (eax = 0). */
  static const unsigned char insns[] = {0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xcc};
  memcpy(code64, insns, sizeof insns);
  struct sigaction sa = {.sa_sigaction = on_usr2, .sa_flags = SA_SIGINFO};
  sigaction(SIGUSR2, &sa, NULL);
  sa.sa_sigaction = on_trap;
  sigaction(SIGTRAP, &sa, NULL);
  /* The kill through int $0x80: the handler's sigreturn goes to 64-bit
   * code, whose int3 lands in on_trap, which resumes at 2 below. */
  pid_t pid = getpid();
  __asm__ volatile("movl $2f, %0\n\t"
                   "push %%ebx\n\t"
                   "movl %1, %%ebx\n\t"
                   "movl %2, %%ecx\n\t"
                   "movl %3, %%eax\n\t"
                   "int $0x80\n\t"
                   "2:\n\t"
                   "pop %%ebx"
                   : "=m"(resume_ip)
                   : "r"(pid), "i"(SIGUSR2), "i"(SYS_kill)
                   : "eax", "ecx", "edx", "memory");
  printf("rt_sigreturn to CS 0x33: int3 frame cs %#x, 64-bit lea ran %d (ip at int3+1 %d)\n",
         trap_cs, trap_ax == (uintptr_t)code64 + 7, trap_ip == (uintptr_t)code64 + 8);
}

#else
/* ---------------- x86-64 ---------------- */
#define GREG(uc, r) ((uc)->uc_mcontext.gregs[r])
#define FRAME_SS(uc) ((unsigned)(GREG(uc, REG_CSGSFS) >> 48) & 0xffff)
#define FRAME_CS(uc) ((unsigned)GREG(uc, REG_CSGSFS) & 0xffff)

static void set_ss(ucontext_t *uc, unsigned ss) {
  GREG(uc, REG_CSGSFS) = (GREG(uc, REG_CSGSFS) & ~(0xffffll << 48)) | ((long long)ss << 48);
}

static void on_usr1(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  printf("  handler: uc_flags&7 %lu frame cs %#x ss %#x\n", uc->uc_flags & 7, FRAME_CS(uc),
         FRAME_SS(uc));
  set_ss(uc, want_ss);
  if (clear_strict) uc->uc_flags &= ~4ul;
}

static unsigned char *code32;
static uint64_t saved_rsp, resume_rip;
static volatile int in_far_return;

static void on_segv(int sig, siginfo_t *si, void *p) {
  ucontext_t *uc = p;
  printf("  %s code %d trapno %d err %#x frame ss %#x\n", sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
         si->si_code, (int)GREG(uc, REG_TRAPNO), (unsigned)GREG(uc, REG_ERR), FRAME_SS(uc));
  set_ss(uc, 0x2b);
  if (in_far_return) { /* a kernel without compatibility mode refused CS 0x23 */
    GREG(uc, REG_RIP) = (long long)resume_rip;
    GREG(uc, REG_RSP) = (long long)saved_rsp;
  }
}
static volatile unsigned ill_cs, ill_flags, ill_ss;

static void on_ill(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  ill_cs = FRAME_CS(uc);
  ill_flags = uc->uc_flags & 7;
  ill_ss = FRAME_SS(uc);
  GREG(uc, REG_RIP) = (long long)resume_rip;
  GREG(uc, REG_RSP) = (long long)saved_rsp;
  GREG(uc, REG_CSGSFS) = (GREG(uc, REG_CSGSFS) & ~0xffffll) | 0x33;
  set_ss(uc, 0x2b);
}

static void compat_fault(void) {
  code32 = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  code32[0] = 0x0f, code32[1] = 0x0b; /* ud2 */
  static char altstack[65536];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  struct sigaction sa = {.sa_sigaction = on_ill, .sa_flags = SA_SIGINFO | SA_ONSTACK};
  sigaction(SIGILL, &sa, NULL);
  in_far_return = 1;
  __asm__ volatile("mov %%rsp, %0\n\t"
                   "lea 1f(%%rip), %%rax\n\t"
                   "mov %%rax, %1\n\t"
                   "pushq $0x23\n\t"
                   "pushq %2\n\t"
                   "lretq\n"
                   "1:"
                   : "=m"(saved_rsp), "=m"(resume_rip)
                   : "r"((uint64_t)(uintptr_t)code32)
                   : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                     "r13", "r14", "r15", "memory", "cc");
  in_far_return = 0;
  printf("fault in compatibility mode: frame cs %#x ss %#x uc_flags&7 %u; back in 64-bit mode "
         "ss %#x\n",
         ill_cs, ill_ss, ill_flags, read_ss());
}
#endif

static void try_ss(const char *what, unsigned ss, int strict) {
  want_ss = ss;
  clear_strict = !strict;
  printf("sigreturn with ss %#x (%s)%s:\n", ss, what, strict ? "" : ", strict flag cleared");
  kill(getpid(), SIGUSR1);
  unsigned now = read_ss();
  printf("  ss after: %#x\n", now);
  if (now != 0x2b) {
    /* A system call through SYSCALL (or sysenter) returns with __USER_DS
     * on x86-64; int $0x80 keeps SS. */
    syscall(SYS_getppid);
    printf("  ss after another system call: %#x\n", read_ss());
  }
  /* Back to the flat SS for what follows. */
  __asm__ volatile("mov %0, %%ss" ::"r"((unsigned short)0x2b));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  install_ldt(0, 0, 0);
  install_ldt(1, 0, 1);
  install_ldt(2, 1, 0);
  struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_segv;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  printf("ss at start: %#x\n", read_ss());
  try_ss("__USER_DS", 0x2b, 1);
  try_ss("LDT data", LDT_DS, 1);
  try_ss("null", 0, 1);
  try_ss("bogus GDT", 0x1234 | 3, 1);
  try_ss("kernel data", 0x18, 1);
  try_ss("LDT data, not present", LDT_DS_NP, 1);
  try_ss("LDT code", LDT_CS, 1);
#if UINTPTR_MAX != 0xffffffffu
  try_ss("null", 0, 0);
  try_ss("LDT data, not present", LDT_DS_NP, 0);
  try_ss("LDT data", LDT_DS, 0);
  try_ss("bogus GDT", 0x1234 | 3, 0);
  compat_fault();
#else
  i386_to_64();
#endif
  return 0;
}
