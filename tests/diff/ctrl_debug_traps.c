/* ctrl_debug_traps.c — the trap flag, INT1 and the LOCK prefix, natively and
 * under emu (random code executed both ways found all three):
 *  - TF set by POPF: a SIGTRAP (TRAP_TRACE, trapno 1) after every
 *    instruction that starts with TF set — not after the POPF that sets it,
 *    but after the one that clears it — and none after the instruction that
 *    enters the kernel (syscall / int $0x80), whose call still works;
 *  - INT1 (ICEBP, F1): a trap, SIGTRAP with TRAP_BRKPT and trapno 1, rip
 *    and si_addr past the F1 (SDM: trap-class #DB), so a handler that
 *    returns goes on after it;
 *  - LOCK: accepted on the memory destination of read-modify-write
 *    instructions, SIGILL (ILL_ILLOPN) everywhere else.
 * diff-cflags: -mno-red-zone
 */
// diff-host-only: i386 (QEMU's software CPU raises #UD for ICEBP in 32-bit code)
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef __x86_64__
#define IP     REG_RIP
#define SP_MEM "(%%rsp)"
#else
#define IP     REG_EIP
#define SP_MEM "(%%esp)"
#endif

extern char seq_start[], sc_start[];
static char *base;
static volatile int nsteps;
static long offs[32], codes[32], trapnos[32];

static void on_trap(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)sig;
  if (nsteps < 32) {
    offs[nsteps] = (long)uc->uc_mcontext.gregs[IP] - (long)base;
    codes[nsteps] = si->si_code;
    trapnos[nsteps] = (long)uc->uc_mcontext.gregs[REG_TRAPNO];
  }
  nsteps++;
}

static void show(const char *what) {
  printf("%s: %d traps:", what, nsteps);
  for (int i = 0; i < nsteps && i < 32; i++) printf(" +%ld/%ld/%ld", offs[i], codes[i], trapnos[i]);
  printf("\n");
  nsteps = 0;
}

static void single_step(void) {
  base = seq_start;
  __asm__ volatile("pushf\n orl $0x100, " SP_MEM
                   "\n popf\n"
                   ".globl seq_start\nseq_start:\n"
                   "nop\n mov $5, %%eax\n add $3, %%eax\n jmp 1f\n nop\n1:\n lea 1(%%eax), %%ecx\n"
                   "pushf\n andl $~0x100, " SP_MEM "\n popf\n nop\n nop\n" ::
                       : "eax", "ecx", "memory", "cc");
  show("single step");
  long pid;
  base = sc_start;
  __asm__ volatile("pushf\n orl $0x100, " SP_MEM
                   "\n popf\n"
                   ".globl sc_start\nsc_start:\n"
#ifdef __x86_64__
                   "mov $39, %%eax\n syscall\n mov %%rax, %0\n"
#else
                   "mov $20, %%eax\n int $0x80\n mov %%eax, %0\n"
#endif
                   "pushf\n andl $~0x100, " SP_MEM "\n popf\n nop\n"
                   : "=r"(pid)::"eax", "ecx", "memory", "cc"
#ifdef __x86_64__
                     ,
                     "r11"
#endif
  );
  show("through a system call");
  printf("the call's result is the pid: %d\n", pid == getpid());
}

static volatile int int1_code, int1_trapno, int1_sig, int1_after, int1_addr_is_ip;

static void on_int1(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  int1_sig = sig;
  int1_code = si->si_code;
  int1_trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
  unsigned char *ip = (unsigned char *)uc->uc_mcontext.gregs[IP];
  int1_after = ip[-1] == 0xf1 && ip[0] != 0xf1;
  int1_addr_is_ip = si->si_addr == (void *)ip;
  if (*ip == 0xf1) uc->uc_mcontext.gregs[IP]++; /* left at the F1 (a fault): step over it */
}

static void int1(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_int1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGTRAP, &sa, NULL);
  __asm__ volatile(".byte 0xf1" ::: "memory");
  printf("int1: signal %d si_code %d trapno %d\n", int1_sig, int1_code, int1_trapno);
  printf("int1: rip past the F1 %d, si_addr is that rip %d\n", int1_after, int1_addr_is_ip);
}

/* ---- LOCK ---- */

static sigjmp_buf jb;
static volatile int ill_code;

static void on_ill(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  ill_code = si->si_code;
  siglongjmp(jb, 1);
}

struct lock_case {
  const char *name;
  unsigned char code[8];
  int len;
};

/* Each runs with %ebx/%rbx pointing at a zeroed scratch word, eax 1, ecx 2,
 * edx 0; then ret. */
static const struct lock_case cases[] = {
    {"lock add %eax,(%ebx)", {0xf0, 0x01, 0x03}, 3},
    {"lock add (%ebx),%eax", {0xf0, 0x03, 0x03}, 3},
    {"lock add %eax,%ebx", {0xf0, 0x01, 0xc3}, 3},
    {"lock addl $1,(%ebx)", {0xf0, 0x83, 0x03, 0x01}, 4},
    {"lock cmpl $1,(%ebx)", {0xf0, 0x83, 0x3b, 0x01}, 4},
    {"lock cmp %eax,(%ebx)", {0xf0, 0x39, 0x03}, 3},
    {"lock xchg %eax,(%ebx)", {0xf0, 0x87, 0x03}, 3},
    {"lock notl (%ebx)", {0xf0, 0xf7, 0x13}, 3},
    {"lock negl (%ebx)", {0xf0, 0xf7, 0x1b}, 3},
    {"lock testl $0,(%ebx)", {0xf0, 0xf7, 0x03, 0, 0, 0, 0}, 7},
    {"lock incb (%ebx)", {0xf0, 0xfe, 0x03}, 3},
    {"lock decl (%ebx)", {0xf0, 0xff, 0x0b}, 3},
    {"lock pushl (%ebx)", {0xf0, 0xff, 0x33}, 3},
    {"lock btl $1,(%ebx)", {0xf0, 0x0f, 0xba, 0x23, 0x01}, 5},
    {"lock btsl $1,(%ebx)", {0xf0, 0x0f, 0xba, 0x2b, 0x01}, 5},
    {"lock btrl %eax,(%ebx)", {0xf0, 0x0f, 0xb3, 0x03}, 4},
    {"lock cmpxchg %ecx,(%ebx)", {0xf0, 0x0f, 0xb1, 0x0b}, 4},
    {"lock xadd %ecx,(%ebx)", {0xf0, 0x0f, 0xc1, 0x0b}, 4},
    {"lock cmpxchg8b (%ebx)", {0xf0, 0x0f, 0xc7, 0x0b}, 4},
    {"lock mov (%ebx),%eax", {0xf0, 0x8b, 0x03}, 3},
    {"lock nop", {0xf0, 0x90}, 2},
    {"lock push %ebp", {0xf0, 0x55}, 2},
    {"lock or $0,(%ebx) (fence)", {0xf0, 0x83, 0x0b, 0x00}, 4},
};

static void lock_prefix(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_ill;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  unsigned char *page =
      mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static unsigned long long word[2];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memcpy(page, cases[i].code, (size_t)cases[i].len);
    page[cases[i].len] = 0xc3; /* ret */
    word[0] = word[1] = 0;
    ill_code = 0;
    if (!sigsetjmp(jb, 1)) {
      void *fn = page, *w = word;
      __asm__ volatile("mov $1, %%eax\n mov $2, %%ecx\n xor %%edx, %%edx\n call *%0"
                       : "+r"(fn), "+b"(w)::"eax", "ecx", "edx", "memory", "cc");
      printf("%-28s runs, word %llx\n", cases[i].name, word[0]);
    } else {
      printf("%-28s SIGILL si_code %d\n", cases[i].name, ill_code);
    }
  }
  munmap(page, 4096);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_trap;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGTRAP, &sa, NULL);
  setvbuf(stdout, NULL, _IONBF, 0);
  single_step();
  int1();
  lock_prefix();
  return 0;
}
