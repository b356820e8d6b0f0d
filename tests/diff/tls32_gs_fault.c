/* tls32_gs_fault.c — loading selectors into %gs/%fs that the CPU refuses: a GDT index
 * past the table, an LDT selector with no LDT, a kernel segment, a TLS slot cleared to
 * the empty descriptor, a TLS slot never set.  Each #GP (or #NP) reaches the program as
 * a signal: the handler prints the signal, si_code, si_addr, and the trap number and
 * error code of the sigcontext, then jumps back.  Selectors the CPU accepts (null, the
 * user code and data segments) load silently.  Last, a bad load with no handler kills
 * the program with SIGSEGV.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;

static void on_fault(int sig, siginfo_t *si, void *uc_) {
  ucontext_t *uc = uc_;
  printf("  signal %s code %d addr %#lx trapno %d err %#x\n", sigabbrev_np(sig), si->si_code,
         (unsigned long)si->si_addr, (int)uc->uc_mcontext.gregs[REG_TRAPNO],
         (unsigned)uc->uc_mcontext.gregs[REG_ERR]);
  siglongjmp(jb, 1);
}

static uint32_t saved_gs;

static void try_gs(const char *what, uint32_t sel) {
  printf("mov $%#x, %%gs (%s)\n", sel, what);
  if (sigsetjmp(jb, 1) == 0) {
    __asm__ volatile("mov %0, %%gs" ::"r"(sel));
    uint32_t now;
    __asm__ volatile("mov %%gs, %0" : "=r"(now));
    __asm__ volatile("mov %0, %%gs" ::"r"(saved_gs));
    printf("  loaded, gs now %#x\n", now & 0xffff);
  } else {
    /* glibc's stack protector and TLS need %gs back (the kernel restored the old one on
     * sigreturn already; be explicit). */
    __asm__ volatile("mov %0, %%gs" ::"r"(saved_gs));
  }
}

static void try_fs(const char *what, uint32_t sel) {
  printf("mov $%#x, %%fs (%s)\n", sel, what);
  if (sigsetjmp(jb, 1) == 0) {
    __asm__ volatile("mov %0, %%fs" ::"r"(sel));
    uint32_t now;
    __asm__ volatile("mov %%fs, %0" : "=r"(now));
    __asm__ volatile("mov %0, %%fs" ::"r"(0));
    printf("  loaded, fs now %#x\n", now & 0xffff);
  }
}

static long raw(long nr, long a) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a) : "memory");
  return r;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  __asm__ volatile("mov %%gs, %0" : "=r"(saved_gs));
  saved_gs &= 0xffff;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);

  try_gs("null", 0);
  try_gs("null, RPL 3", 3);
  try_gs("user data", 0x2b);
  try_gs("user 32-bit code", 0x23);
  try_gs("past the GDT", 0xfff3);
  try_gs("LDT, no LDT", 0x07);
  try_gs("kernel data", 0x18);
  try_gs("kernel code, RPL 3", 0x13);
  try_gs("TLS slot 14, never set", 14 * 8 + 3);
  try_gs("TLS slot 14 with RPL 0", 14 * 8);

  /* A TLS slot set, loaded, then cleared to the empty descriptor. */
  static uint32_t word = 0x600df00d;
  struct user_desc u;
  memset(&u, 0, sizeof u);
  u.entry_number = -1;
  u.base_addr = (uintptr_t)&word;
  u.limit = 3;
  u.seg_32bit = 1;
  u.useable = 1;
  long r = raw(SYS_set_thread_area, (long)&u);
  printf("set_thread_area: %ld, entry %d\n", r, (int)u.entry_number);
  uint32_t sel = u.entry_number * 8 + 3;
  try_fs("the new slot", sel);
  if (sigsetjmp(jb, 1) == 0) {
    uint32_t v;
    __asm__ volatile("mov %1, %%fs\n\tmov %%fs:0, %0\n\tmov %2, %%fs"
                     : "=&r"(v)
                     : "r"(sel), "r"(0));
    printf("fs:0 = %#x\n", v);
  }
  struct user_desc e;
  memset(&e, 0, sizeof e);
  e.entry_number = u.entry_number;
  e.read_exec_only = 1;
  e.seg_not_present = 1;
  printf("set_thread_area(empty): %ld\n", raw(SYS_set_thread_area, (long)&e));
  try_fs("the cleared slot", sel);

  /* No handler: the fault kills. */
  signal(SIGSEGV, SIG_DFL);
  printf("mov $0xfff3, %%gs without a handler\n");
  __asm__ volatile("mov %0, %%gs" ::"r"(0xfff3));
  printf("not reached\n");
  return 0;
}
