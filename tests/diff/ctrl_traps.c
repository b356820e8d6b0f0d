/* ctrl_traps.c — the signals the control-flow and system instructions raise
 * at CPL 3 under Linux: int3 (SIGTRAP, rip after it), int $0x81 and hlt and
 * cli and in (SIGSEGV: #GP, rip at the instruction), ud2 (SIGILL).  The
 * handler reports the signal, si_code, and where rip points relative to the
 * instruction, then resumes after it.
 * diff-skip-gcc32 (64-bit ucontext registers)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile uintptr_t insn_at, resume_at;

static void handler(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  long off = (long)(uc->uc_mcontext.gregs[REG_RIP] - insn_at);
  printf("  signal %d code %d rip %+ld\n", sig, si->si_code, off);
  uc->uc_mcontext.gregs[REG_RIP] = resume_at;
}

#define TRY(name, bytes)                         \
  do {                                           \
    printf("%s\n", name);                        \
    __asm__ volatile(                            \
        "lea 1f(%%rip), %%rax\n mov %%rax, %0\n" \
        "lea 2f(%%rip), %%rax\n mov %%rax, %1\n" \
        "1: " bytes "\n2:\n"                     \
        : "=m"(insn_at), "=m"(resume_at)         \
        :                                        \
        : "rax", "memory");                      \
  } while (0)

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGTRAP, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  TRY("int3", "int3");
  TRY("int $3", ".byte 0xcd, 0x03");
  TRY("int $0x81", "int $0x81");
  TRY("hlt", "hlt");
  TRY("cli", "cli");
  TRY("in", "in %%dx, %%al");
  TRY("ud2", "ud2");
  TRY("into (invalid in 64-bit mode)", ".byte 0xce");
  TRY("lldt", "lldt %%ax");
  printf("done\n");
  return 0;
}
