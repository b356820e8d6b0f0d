/* An instruction fetch from a readable page without PROT_EXEC: the kernel
 * pages a readable page in before it checks the access (arch/x86/mm/fault.c
 * access_error() has no exec test for a fault on a page not present), so a
 * page past the end of its file is SIGBUS (BUS_ADRERR) where one inside the
 * file is SIGSEGV (SEGV_ACCERR) on the retried, NX fetch.  Found by the long
 * fuzzing run (a corrupt ELF whose entry lay in such a page). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile unsigned long got_err, got_trap;

static void h(int s, siginfo_t *si, void *uc) {
  ucontext_t *u = uc;
  got_sig = s;
  got_code = si->si_code;
  got_addr = si->si_addr;
#ifdef __x86_64__
  got_err = u->uc_mcontext.gregs[REG_ERR];
  got_trap = u->uc_mcontext.gregs[REG_TRAPNO];
#else
  got_err = u->uc_mcontext.gregs[REG_ERR];
  got_trap = u->uc_mcontext.gregs[REG_TRAPNO];
#endif
  siglongjmp(jb, 1);
}

static void run(const char *what, char *target) {
  got_sig = 0;
  if (!sigsetjmp(jb, 1)) ((void (*)(void))target)();
  printf("%s: signal %d code %d at target %d err %#lx trap %lu\n", what, got_sig, got_code,
         got_addr == target, got_err, got_trap);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGBUS, &sa, 0);
  sigaction(SIGSEGV, &sa, 0);
  char name[] = "/tmp/emu-fetch-XXXXXX";
  int fd = mkstemp(name);
  unlink(name);
  char page[4096] = {(char)0xc3}; /* ret */
  if (fd < 0 || write(fd, page, sizeof page) != (ssize_t)sizeof page) return 1;
  char *p = mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return 1;
  run("inside the file, not touched", p);
  run("inside the file, touched", p);
  run("past the end of the file", p + 4096);
  run("past the end of the file, again", p + 4096);
  run("last byte before the end", p + 4095);
  return 0;
}
