/* seg_not_present.c — loading a segment whose descriptor is not present
 * (an LDT entry installed by modify_ldt with seg_not_present = 1): #NP for
 * DS/ES/FS/GS and #SS for SS, which Linux delivers as SIGBUS with trapno 11
 * or 12 and the selector as the error code (exc_segment_not_present,
 * exc_stack_segment: do_error_trap).  A present entry loads; a selector past
 * the LDT is #GP (SIGSEGV, trapno 13).  Both ABIs.
 * Hosts with IA-32 emulation off may refuse LDTs: the kernel oracle runs it.
 * diff-needs: vm
 * diff-skip-dyn32 (absolute label addresses in the 32-bit asm: no text relocations)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef __x86_64__
#define IP REG_RIP
#define LEA(lbl, var) "lea " lbl "(%%rip), %%rax\n mov %%rax, %" var "\n"
#else
#define IP REG_EIP
#define LEA(lbl, var) "lea " lbl ", %%eax\n mov %%eax, %" var "\n"
#endif

/* asm/ldt.h's struct user_desc (musl has no asm/ headers). */
struct user_desc {
  unsigned entry_number, base_addr, limit;
  unsigned seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
      seg_not_present : 1, useable : 1, lm : 1;
};

static volatile uintptr_t insn_at, resume_at;

static void on_fault(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  printf("  signal %d code %d trapno %ld err %#lx rip %+ld\n", sig, si->si_code,
         (long)uc->uc_mcontext.gregs[REG_TRAPNO], (long)uc->uc_mcontext.gregs[REG_ERR],
         (long)((uintptr_t)uc->uc_mcontext.gregs[IP] - insn_at));
  uc->uc_mcontext.gregs[IP] = resume_at;
}

#define LOAD(name, insn, sel)                                                        \
  do {                                                                               \
    printf("%s %#x\n", name, (unsigned)(sel));                                       \
    unsigned s_ = (sel), old_;                                                       \
    __asm__ volatile("mov %%ds, %2\n" LEA("1f", "0") LEA("2f", "1") "1: " insn "\n"  \
                     "2: mov %2, %%ds\n mov %2, %%es\n"                              \
                     : "=m"(insn_at), "=m"(resume_at), "=&r"(old_)                   \
                     : "r"(s_)                                                       \
                     : "eax", "memory");                                             \
  } while (0)

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  for (unsigned e = 0; e < 2; e++) {
    struct user_desc u;
    memset(&u, 0, sizeof u);
    u.entry_number = e;
    u.limit = 0xfffff;
    u.seg_32bit = 1;
    u.limit_in_pages = 1;
    u.useable = 1;
    u.seg_not_present = e == 1; /* entry 0 present, entry 1 not */
    long r = syscall(SYS_modify_ldt, 1, &u, sizeof u);
    printf("modify_ldt entry %u: %ld\n", e, r);
  }
  unsigned present = 0 << 3 | 4 | 3, absent = 1 << 3 | 4 | 3, beyond = 9 << 3 | 4 | 3;
  LOAD("mov to %es, present", "mov %3, %%es", present);
  LOAD("mov to %es, not present", "mov %3, %%es", absent);
  LOAD("mov to %ds, not present", "mov %3, %%ds", absent);
  LOAD("mov to %fs, not present", "mov %3, %%fs", absent);
  LOAD("mov to %gs, not present", "mov %3, %%gs", absent);
  LOAD("mov to %es, past the LDT", "mov %3, %%es", beyond);
  LOAD("mov to %ss, not present", "mov %3, %%ss", absent);
  LOAD("mov to %ss, rpl 0", "mov %3, %%ss", absent & ~3u);
#ifndef __x86_64__
  LOAD("pop to %es, not present", "push %3\n pop %%es", absent);
  LOAD("pop to %ss, not present", "push %3\n pop %%ss", absent);
#endif
  printf("done\n");
  return 0;
}
