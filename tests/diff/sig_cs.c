/* sig_cs.c — the CS that sigreturn hands the kernel's iret
 * (arch/x86/kernel/signal_32.c and signal_64.c restore_sigcontext, then the
 * IRET of the exit path, which the SDM's checks judge):
 *
 *   - a selector the iret refuses (null, a kernel segment, a data or system
 *     segment, beyond the GDT or the LDT, an empty LDT entry) is #GP: SIGSEGV,
 *     SI_KERNEL, trapno 13, the selector (0 for null) as error code, the
 *     frame as sigreturn built it; a not-present LDT code segment is #NP:
 *     SIGBUS, trapno 11;
 *   - a 32-bit LDT code segment (modify_ldt, base 0) runs the code, CS reads
 *     the LDT selector, and the next signal's frame shows it (without
 *     UC_STRICT_RESTORE_SS on x86-64); the next SYSENTER/SYSCALL returns to
 *     the flat selector;
 *   - x86-64: rt_sigreturn to CS 0x23 or a 32-bit LDT segment runs 32-bit
 *     code and drops the upper half of RSP (IRET loads ESP); a 64-bit LDT
 *     segment (lm) runs 64-bit code;
 *   - i386: sigreturn (no SA_SIGINFO) to CS 0x33 runs 64-bit code;
 *   - far transfers take the same code segments: a far return into the
 *     32-bit LDT segment runs there, one to a not-present segment is #NP.
 *
 * The host may refuse compatibility mode, so the VM is the reference.
 * Not checked: 16-bit code segments, which emu does not run.
 */
// diff-only: gcc gcc32
// diff-needs: vm
// diff-vm-mask: ^(modify_ldt 3|rt_sigreturn to cs 0x1f).* -- Debian's cloud kernel is built without CONFIG_X86_16BIT, so modify_ldt refuses a segment without D, which a 64-bit one (L) is; stock kernels and emu allow it
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

#define GREG(uc, r) ((uc)->uc_mcontext.gregs[r])
#define LDT_DS   0x07 /* entry 0: 32-bit data */
#define LDT_CS32 0x0f /* entry 1: 32-bit code, base 0 */
#define LDT_NP   0x17 /* entry 2: 32-bit code, not present */
#define LDT_CS64 0x1f /* entry 3: 64-bit code (x86-64 only) */
#define LDT_GAP  0x2f /* entry 5: empty (entry 4 is empty too) */

#if UINTPTR_MAX == 0xffffffffu
#define USER_CS 0x23
#define REG_IP REG_EIP
#define FRAME_CS(uc) ((unsigned)GREG(uc, REG_CS) & 0xffff)
#define SET_CS(uc, v) (GREG(uc, REG_CS) = (v))
#else
#define USER_CS 0x33
#define REG_IP REG_RIP
#define FRAME_CS(uc) ((unsigned)GREG(uc, REG_CSGSFS) & 0xffff)
#define SET_CS(uc, v) (GREG(uc, REG_CSGSFS) = (GREG(uc, REG_CSGSFS) & ~0xffffll) | (v))
#endif

static long ldt(int entry, int code, int is32, int lm, int not_present) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.limit = 0xfffff;
  d.seg_32bit = is32;
  d.contents = code ? 2 : 0;
  d.limit_in_pages = 1;
  d.seg_not_present = not_present;
  d.useable = 1;
#ifdef __x86_64__
  d.lm = lm;
#else
  (void)lm;
#endif
  long r = syscall(SYS_modify_ldt, 1, &d, sizeof d);
  printf("modify_ldt %d: %ld\n", entry, r);
  return r;
}

static unsigned read_cs(void) {
  unsigned short cs;
  __asm__ volatile("mov %%cs, %0" : "=r"(cs));
  return cs;
}

static volatile unsigned want_cs;
static volatile uintptr_t fault_resume; /* where on_fault resumes, when set */

static void on_usr1(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  SET_CS((ucontext_t *)p, want_cs);
}

/* The iret's fault: print what the handler sees, return to the flat CS. */
static void on_fault(int sig, siginfo_t *si, void *p) {
  ucontext_t *uc = p;
  printf("  %s code %d trapno %d err %#x frame cs %#x\n", sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
         si->si_code, (int)GREG(uc, REG_TRAPNO), (unsigned)GREG(uc, REG_ERR), FRAME_CS(uc));
  SET_CS(uc, USER_CS);
  if (fault_resume) GREG(uc, REG_IP) = fault_resume;
  fault_resume = 0;
}

static void try_cs(const char *what, unsigned cs) {
  want_cs = cs;
  printf("sigreturn with cs %#x (%s):\n", cs, what);
  kill(getpid(), SIGUSR1);
  printf("  cs after: %#x\n", read_cs());
}

#if UINTPTR_MAX == 0xffffffffu
/* ---------------- i386 ---------------- */

static volatile unsigned usr2_cs;

static void on_usr2(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  usr2_cs = FRAME_CS((ucontext_t *)p);
}

/* kill through int $0x80, which returns with the CS it came from (glibc's
 * getpid and kill enter through SYSENTER, which returns to __USER32_CS). */
static pid_t pid;

static void kill_int80(int sig) {
  __asm__ volatile("push %%ebx\n\t"
                   "movl %1, %%ebx\n\t"
                   "int $0x80\n\t"
                   "pop %%ebx"
                   : "+a"(*(int[]){SYS_kill})
                   : "r"(pid), "c"(sig)
                   : "edx", "memory");
}

static void ldt_code32(void) {
  struct sigaction sa = {.sa_sigaction = on_usr2, .sa_flags = SA_SIGINFO};
  sigaction(SIGUSR2, &sa, NULL);
  want_cs = LDT_CS32;
  pid = getpid();
  unsigned cs0, cs1, cs2;
  kill_int80(SIGUSR1);
  cs0 = read_cs();
  kill_int80(SIGUSR2); /* taken in the LDT segment */
  cs1 = read_cs();
  syscall(SYS_getppid);
  cs2 = read_cs();
  /* Back to the flat segment for printf (its write may use SYSENTER). */
  want_cs = USER_CS;
  kill_int80(SIGUSR1);
  printf("32-bit LDT code: cs %#x, next frame cs %#x, cs %#x, after getppid %#x, back %#x\n",
         cs0, usr2_cs, cs1, cs2, read_cs());
}

/* sigreturn (no SA_SIGINFO) to CS 0x33. */
static unsigned char *code64;
static volatile unsigned trap_cs, trap_ax, trap_ip;
static volatile uint32_t resume_ip;

static void on_trap(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  trap_cs = FRAME_CS(uc);
  trap_ax = GREG(uc, REG_EAX);
  trap_ip = GREG(uc, REG_EIP);
  SET_CS(uc, 0x23);
  GREG(uc, REG_EIP) = resume_ip;
}

static void on_plain(int sig) {
  /* A handler without SA_SIGINFO: the sigcontext follows the argument on
   * the stack (laundered through asm, or gcc drops the stores). */
  struct sigcontext *sc;
  __asm__("" : "=r"(sc) : "0"(&sig + 1));
  sc->cs = 0x33;
  sc->eip = (uintptr_t)code64;
}

static void plain_to_64(void) {
  code64 = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  /* 64-bit: lea 0(%rip), %rax (rax = the int3's address); 32-bit decoding
   * would be dec %eax; lea 0, %eax (eax = 0). */
  static const unsigned char insns[] = {0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xcc};
  memcpy(code64, insns, sizeof insns);
  struct sigaction sa = {.sa_handler = on_plain};
  sigaction(SIGUSR2, &sa, NULL);
  sa.sa_sigaction = on_trap;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGTRAP, &sa, NULL);
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
  printf("sigreturn to CS 0x33: int3 frame cs %#x, 64-bit lea ran %d (ip at int3+1 %d)\n", trap_cs,
         trap_ax == (uintptr_t)code64 + 7, trap_ip == (uintptr_t)code64 + 8);
}

/* Far transfers judge CS as the iret does. */
static void far_ldt(void) {
  unsigned cs_in, cs_out;
  __asm__ volatile("pushl %2\n\t"
                   "pushl $1f\n\t"
                   "lret\n"
                   "1:\n\t"
                   "mov %%cs, %0\n\t"
                   "ljmp $0x23, $2f\n"
                   "2:\n\t"
                   "mov %%cs, %1"
                   : "=&r"(cs_in), "=r"(cs_out)
                   : "i"(LDT_CS32)
                   : "memory");
  printf("far return to 32-bit LDT code: cs %#x; far jump back: cs %#x\n", cs_in & 0xffff,
         cs_out & 0xffff);
  __asm__ volatile("movl $3f, %0\n\t"
                   "ljmp %1, $3f\n"
                   "3:"
                   : "=m"(fault_resume)
                   : "i"(LDT_NP)
                   : "memory");
  printf("far jump to a not-present LDT code segment: resumed\n");
}

#else
/* ---------------- x86-64 ---------------- */

/* mov %cs, %ebx; lea 0(%rip), %rax; int3.  In 32-bit code the lea is
 * dec %eax; lea 0, %eax: rax = 0. */
static const unsigned char probe[] = {0x8c, 0xcb, 0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xcc};
static unsigned char *code32;
static uint64_t saved_rsp, resume_rip;
static volatile uint64_t want_rsp;
static int ldt64_ok;

static void on_go(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  SET_CS(uc, want_cs);
  GREG(uc, REG_RIP) = (long long)(uintptr_t)code32;
  GREG(uc, REG_RSP) = (long long)want_rsp;
}

static char trap_text[200];
static uint64_t trap_rsp;

static void on_trap(int sig, siginfo_t *si, void *p) {
  (void)sig, (void)si;
  ucontext_t *uc = p;
  uint64_t ax = GREG(uc, REG_RAX);
  snprintf(trap_text, sizeof trap_text, "int3: frame cs %#x uc_flags&7 %lu, cs read %#llx, %s code, ip at int3+1 %d",
         FRAME_CS(uc), uc->uc_flags & 7, (unsigned long long)GREG(uc, REG_RBX) & 0xffff,
         ax == (uintptr_t)code32 + 9 ? "64-bit" : ax == 0 ? "32-bit" : "?",
         GREG(uc, REG_RIP) == (long long)(uintptr_t)code32 + 10);
  trap_rsp = GREG(uc, REG_RSP);
  GREG(uc, REG_RIP) = (long long)resume_rip;
  GREG(uc, REG_RSP) = (long long)saved_rsp;
  SET_CS(uc, 0x33);
  GREG(uc, REG_CSGSFS) = (GREG(uc, REG_CSGSFS) & ~(0xffffll << 48)) | (0x2bll << 48);
}

static void run_at(const char *what, unsigned cs, uint64_t rsp) {
  want_cs = cs;
  want_rsp = rsp;
  strcpy(trap_text, "no trap");
  __asm__ volatile("mov %%rsp, %0\n\t"
                   "lea 1f(%%rip), %%rax\n\t"
                   "mov %%rax, %1\n\t"
                   "mov %2, %%edi\n\t"
                   "mov $10, %%esi\n\t" /* SIGUSR1 */
                   "mov %3, %%eax\n\t"
                   "syscall\n"
                   "1:"
                   : "=m"(saved_rsp), "=m"(resume_rip)
                   : "r"((int)getpid()), "i"(SYS_kill)
                   : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                     "r13", "r14", "r15", "memory", "cc");
  /* One line each, so the VM's mask (above) covers a case whole.  Only ESP
   * of the trap's RSP: what becomes of the upper half while compatibility
   * mode runs is the CPU's choice (the kernel's sigreturn self-test notes
   * that Intel drops it), so it is not compared. */
  printf("rt_sigreturn to cs %#x (%s), rsp %#llx: %s, esp %#llx; back: cs %#x\n", cs, what,
         (unsigned long long)rsp, trap_text, (unsigned long long)(trap_rsp & 0xffffffffu),
         read_cs());
}

static void other_modes(void) {
  code32 = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  memcpy(code32, probe, sizeof probe);
  static char altstack[65536];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  struct sigaction sa = {.sa_sigaction = on_trap, .sa_flags = SA_SIGINFO | SA_ONSTACK};
  sigaction(SIGTRAP, &sa, NULL);
  sa.sa_sigaction = on_go;
  sigaction(SIGUSR1, &sa, NULL);
  run_at("__USER32_CS", 0x23, 0x5a5a5a50);
  run_at("__USER32_CS", 0x23, 0x123400000000ull | 0x5a5a5a50);
  run_at("32-bit LDT code", LDT_CS32, 0x123400000000ull | 0x5a5a5a50);
  if (ldt64_ok)
    run_at("64-bit LDT code", LDT_CS64, 0x123400000000ull | 0x5a5a5a50);
  else
    printf("rt_sigreturn to cs %#x (64-bit LDT code): not installed\n", LDT_CS64);
  run_at("__USER_CS", 0x33, 0x123400000000ull | 0x5a5a5a50);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
}

/* Far transfers judge CS as the iret does (after other_modes). */
static void far_ldt(void) {
  strcpy(trap_text, "no trap");
  __asm__ volatile("mov %%rsp, %0\n\t"
                   "lea 1f(%%rip), %%rax\n\t"
                   "mov %%rax, %1\n\t"
                   "pushq %2\n\t"
                   "pushq %3\n\t"
                   "lretq\n"
                   "1:"
                   : "=m"(saved_rsp), "=m"(resume_rip)
                   : "i"(LDT_CS32), "r"((uint64_t)(uintptr_t)code32)
                   : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                     "r13", "r14", "r15", "memory", "cc");
  printf("far return to 32-bit LDT code: %s; back: cs %#x\n", trap_text, read_cs());
  __asm__ volatile("mov %%rsp, %%rbx\n\t"
                   "lea 3f(%%rip), %%rax\n\t"
                   "mov %%rax, %0\n\t"
                   "pushq %1\n\t"
                   "pushq %%rax\n\t"
                   "lretq\n"
                   "3:\n\t"
                   "mov %%rbx, %%rsp"
                   : "=m"(fault_resume)
                   : "i"(LDT_NP)
                   : "rax", "rbx", "memory");
  printf("far return to a not-present LDT code segment: resumed\n");
}
#endif

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  ldt(0, 0, 1, 0, 0);
  ldt(1, 1, 1, 0, 0);
  ldt(2, 1, 1, 0, 1);
#if UINTPTR_MAX != 0xffffffffu
  ldt64_ok = ldt(3, 1, 0, 1, 0) == 0;
#endif
  struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_fault;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  printf("cs at start: %#x\n", read_cs());
  try_cs("null", 0);
  try_cs("null, RPL 3", 3);
  try_cs("__KERNEL_CS", 0x10);
  try_cs("__KERNEL_DS", 0x18);
  try_cs("__USER_DS", 0x2b);
  try_cs("TSS", 0x40);
  try_cs("CPU/node", 0x7b);
  try_cs("beyond the GDT", 0x1230);
  try_cs("LDT data", LDT_DS);
  try_cs("LDT code, not present", LDT_NP);
  try_cs("empty LDT entry", LDT_GAP);
  try_cs("beyond the LDT", 0x1234 | 7);
#if UINTPTR_MAX == 0xffffffffu
  ldt_code32();
  plain_to_64();
#else
  other_modes();
#endif
  far_ldt();
  return 0;
}
