/* mem_pf_errcode.c — what a page fault tells the handler: si_code
 * (SEGV_MAPERR / SEGV_ACCERR), trapno 14, and the error code in
 * uc_mcontext (the hardware's present, write and instruction-fetch bits
 * plus the user bit, arch/x86/mm/fault.c set_signal_archinfo), with
 * si_addr and cr2 the faulting address, for reads, writes and fetches of
 * unmapped, PROT_NONE, read-only and non-executable memory.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef __x86_64__
#define IP REG_RIP
#else
#define IP REG_EIP
#endif

static sigjmp_buf jb;
static volatile int got_code;
static volatile long got_trapno, got_err;
static void *volatile got_addr;
static volatile unsigned long got_cr2;

static void on_segv(int sig, siginfo_t *si, void *ucv) {
  (void)sig;
  ucontext_t *uc = ucv;
  got_code = si->si_code;
  got_addr = si->si_addr;
  got_trapno = (long)uc->uc_mcontext.gregs[REG_TRAPNO];
  got_err = (long)uc->uc_mcontext.gregs[REG_ERR];
#ifdef __x86_64__
  got_cr2 = (unsigned long)uc->uc_mcontext.gregs[REG_CR2];
#else
  got_cr2 = (unsigned long)uc->uc_mcontext.cr2;
#endif
  siglongjmp(jb, 1);
}

static const char *code_name(int c) {
  return c == SEGV_MAPERR ? "MAPERR" : c == SEGV_ACCERR ? "ACCERR" : "other";
}

static void report(const char *what, void *addr) {
  printf("%-34s %s trapno %ld err %#lx addr %s cr2 %s\n", what, code_name(got_code), got_trapno,
         got_err, got_addr == addr ? "ok" : "WRONG", got_cr2 == (unsigned long)addr ? "ok" : "WRONG");
}

static void do_read(volatile char *p) { (void)*p; }
static void do_write(volatile char *p) { *p = 1; }
static void do_exec(void *p) { ((void (*)(void))p)(); }

#define CASE(what, addr, action)                   \
  do {                                             \
    got_code = -1;                                 \
    if (sigsetjmp(jb, 1) == 0) {                   \
      action;                                      \
      printf("%-34s no fault\n", what);            \
    } else {                                       \
      report(what, (void *)(addr));                \
    }                                              \
  } while (0)

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);

  long pg = sysconf(_SC_PAGESIZE);
  char *none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *data = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static const char rodata[64] = "read-only data";
  data[0] = (char)0xc3; /* ret: touched, present, not executable */
  /* Mapped and unmapped last, so that nothing is mapped there again. */
  char *hole = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(hole, pg);
  setvbuf(stdout, NULL, _IOLBF, 0);

  CASE("read unmapped", hole + 8, do_read(hole + 8));
  CASE("write unmapped", hole + 8, do_write(hole + 8));
  CASE("read PROT_NONE", none, do_read(none));
  CASE("write PROT_NONE", none, do_write(none));
  CASE("write read-only, never touched", ro + 16, do_write(ro + 16));
  (void)*(volatile const char *)rodata;
  CASE("write read-only, present", rodata, do_write((char *)rodata));
  CASE("execute unmapped", hole, do_exec(hole));
  CASE("execute non-executable data", data, do_exec(data));
  CASE("execute PROT_NONE", none, do_exec(none));
#ifdef __x86_64__
  CASE("read the kernel's half", 0xffff800000000000ul, do_read((char *)0xffff800000000000ul));
#endif
  return 0;
}
