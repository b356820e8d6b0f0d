/* vsyscall_xonly.c — the vsyscall page of an x86-64 program with the
 * kernel's vsyscall=xonly (mainline's default; the oracle VM boots with it,
 * emu is run with --vsyscall=xonly): the [vsyscall] line of /proc/self/maps;
 * calls of gettimeofday (0x000), time (0x400) and getcpu (0x800) emulated
 * with the result in rax, the return address popped and the callee-saved
 * registers kept; NULL arguments; a read and a write of the page (SIGSEGV,
 * SEGV_MAPERR, the protection bit as for any kernel address); a call to a
 * misaligned entry (SIGSEGV, rip left on the page); a pointer above user
 * space (SIGSEGV at that address, write error code) and one into unmapped
 * user memory (SIGSEGV).
 *
 * Linux 6.1 (the VM) reports the last case as SEGV_MAPERR at the pointer,
 * 6.8 and later (sig_on_uaccess_err removed) as SI_KERNEL: only the signal
 * and rip are printed for it.
 *
 * Run with the argument "none", the program checks emu's default,
 * vsyscall=none (Debian's kernels), against vsyscall_none.expected: no
 * [vsyscall] line, and a call into the page faults as one to any other
 * kernel address (arch/x86/mm/fault.c: SEGV_MAPERR, error code user +
 * fetch, plus the protection bit set_signal_archinfo() adds at or above
 * TASK_SIZE_MAX), which the native run shows for the next page.
 */
// diff-only: gcc
// diff-needs: vm
// diff-emu-args: --vsyscall=xonly
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define VSYS 0xffffffffff600000ul

static sigjmp_buf jb;
unsigned long after[6] __attribute__((used)); /* the markers after the call */
static volatile int got_code;
static volatile unsigned long got_addr, got_rip, got_err, got_trapno, got_rax;

static void on_segv(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)sig;
  got_code = si->si_code;
  got_addr = (unsigned long)si->si_addr;
  got_rip = (unsigned long)uc->uc_mcontext.gregs[REG_RIP];
  got_err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
  got_trapno = (unsigned long)uc->uc_mcontext.gregs[REG_TRAPNO];
  got_rax = (unsigned long)uc->uc_mcontext.gregs[REG_RAX];
  siglongjmp(jb, 1);
}

/* Call the page at off with rdi, rsi; rbx, rbp, r12-r15 hold markers that
 * must survive.  Returns rax. */
static long vcall(unsigned long off, unsigned long di, unsigned long si, int *kept) {
  long ret;
  __asm__ volatile("push %%rbx\n\tpush %%rbp\n\tpush %%r12\n\tpush %%r13\n\tpush %%r14\n\t"
                   "push %%r15\n\t"
                   "mov $0x1111, %%rbx\n\tmov $0x2222, %%rbp\n\tmov $0x3333, %%r12\n\t"
                   "mov $0x4444, %%r13\n\tmov $0x5555, %%r14\n\tmov $0x6666, %%r15\n\t"
                   "call *%[fn]\n\t"
                   "mov %%rbx, after(%%rip)\n\tmov %%rbp, after+8(%%rip)\n\t"
                   "mov %%r12, after+16(%%rip)\n\tmov %%r13, after+24(%%rip)\n\t"
                   "mov %%r14, after+32(%%rip)\n\tmov %%r15, after+40(%%rip)\n\t"
                   "pop %%r15\n\tpop %%r14\n\tpop %%r13\n\tpop %%r12\n\tpop %%rbp\n\tpop %%rbx"
                   : "=a"(ret), "+D"(di), "+S"(si)
                   : [fn] "r"(VSYS + off)
                   : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
  *kept = after[0] == 0x1111 && after[1] == 0x2222 && after[2] == 0x3333 &&
          after[3] == 0x4444 && after[4] == 0x5555 && after[5] == 0x6666;
  return ret;
}

static void fault(const char *what, int mode, unsigned long off, unsigned long di,
                  unsigned long si, int print_code) {
  int kept;
  got_code = -1;
  if (!sigsetjmp(jb, 1)) {
    if (mode == 0) {
      vcall(off, di, si, &kept);
    } else if (mode == 1) {
      (void)*(volatile unsigned char *)(VSYS + off);
    } else {
      *(volatile unsigned char *)(VSYS + off) = 0xc3;
    }
    printf("%-28s no fault\n", what);
    return;
  }
  printf("%-28s SIGSEGV rip %s", what,
         got_rip == VSYS + off ? "on the page" : got_rip - VSYS < 4096 ? "page?" : "elsewhere");
  /* A fault reports its error code and trap number; a SIGSEGV the
   * kernel forces (SI_KERNEL) leaves the last fault's there. */
  if (print_code) printf(" code %d addr %#lx", got_code, got_addr);
  if (print_code && got_code != 0x80) printf(" err %#lx trapno %lu", got_err, got_trapno);
  printf("\n");
}

int main(int argc, char **argv) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  char line[512];
  FILE *f = fopen("/proc/self/maps", "r");
  int found = 0;
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "[vsyscall]")) {
      printf("maps: %s", line);
      found = 1;
    }
  if (f) fclose(f);
  if (!found) printf("maps: no [vsyscall]\n");
  if (argc > 1 && !strcmp(argv[1], "none")) {
    /* vsyscall=none (tests/diff/vsyscall_none.expected): the page is a
     * kernel address like the next one. */
    sigaction(SIGSEGV, &sa, NULL);
    fault("call 0x000", 0, 0, 0, 0, 1);
    fault("call 0x400", 0, 0x400, 0, 0, 1);
    fault("call 0x800", 0, 0x800, 0, 0, 1);
    fault("read of the page", 1, 0, 0, 0, 1);
    fault("call the next page", 0, 0x1000, 0, 0, 1);
    return 0;
  }

  int kept;
  struct timeval tv = {0, 0};
  struct timezone tz = {-1, -1};
  long r = vcall(0, (unsigned long)&tv, (unsigned long)&tz, &kept);
  struct timeval now;
  gettimeofday(&now, NULL);
  printf("gettimeofday: ret %ld kept %d sane %d tz %d/%d\n", r, kept,
         tv.tv_sec > 1600000000 && now.tv_sec - tv.tv_sec < 5 && tv.tv_usec < 1000000,
         tz.tz_minuteswest, tz.tz_dsttime);
  r = vcall(0, 0, 0, &kept);
  printf("gettimeofday(NULL, NULL): ret %ld kept %d\n", r, kept);

  time_t tl = 0;
  r = vcall(0x400, (unsigned long)&tl, 0, &kept);
  printf("time: ret==*t %d sane %d kept %d\n", r == (long)tl, labs(r - time(NULL)) < 5, kept);
  r = vcall(0x400, 0, 0, &kept);
  printf("time(NULL): sane %d kept %d\n", labs(r - time(NULL)) < 5, kept);

  unsigned cpu = 12345, node = 12345;
  r = vcall(0x800, (unsigned long)&cpu, (unsigned long)&node, &kept);
  printf("getcpu: ret %ld kept %d cpu<1024 %d node<1024 %d\n", r, kept, cpu < 1024, node < 1024);
  r = vcall(0x800, 0, 0, &kept);
  printf("getcpu(NULL, NULL): ret %ld kept %d\n", r, kept);

  sigaction(SIGSEGV, &sa, NULL);
  fault("call the next page", 0, 0x1000, 0, 0, 1);
  fault("read of the page", 1, 0, 0, 0, 1);
  fault("read at 0x800", 1, 0x800, 0, 0, 1);
  fault("write to the page", 2, 0, 0, 0, 1);
  fault("call 0x001 (misaligned)", 0, 0x001, 0, 0, 1);
  fault("call 0xc00 (no entry)", 0, 0xc00, 0, 0, 1);
  fault("call 0x200", 0, 0x200, 0, 0, 1);
  fault("gettimeofday(kernel ptr)", 0, 0, 0xffff880000000000ul, 0, 1);
  fault("time(kernel ptr)", 0, 0x400, 0x800000000000ul, 0, 1);
  fault("getcpu(NULL, kernel ptr)", 0, 0x800, 0, 0xfffffffffffff000ul, 1);
  void *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  fault("time(PROT_NONE page)", 0, 0x400, (unsigned long)hole, 0, 0);
  fault("gettimeofday(tv, PROT_NONE)", 0, 0, (unsigned long)&tv, (unsigned long)hole, 0);
  return 0;
}
