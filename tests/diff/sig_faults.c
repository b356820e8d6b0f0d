/* sig_faults.c — synchronous faults caught with sigaction(SA_SIGINFO):
 * si_signo, si_code and si_addr (relative to a known mapping or the faulting
 * code), recovered with siglongjmp.  sig_force_*.c check that a blocked or
 * ignored fault signal still kills (force_sig_fault).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int g_sig, g_code;
static void *volatile g_addr;

static void on_sig(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  g_sig = si->si_signo;
  g_code = si->si_code;
  g_addr = si->si_addr;
  (void)sig;
  siglongjmp(jb, 1);
}

#define TRY(name, stmt, base)                                         \
  do {                                                                \
    g_sig = g_code = 0;                                               \
    if (sigsetjmp(jb, 1) == 0) {                                      \
      stmt;                                                           \
      printf("%-10s no signal\n", name);                              \
    } else {                                                          \
      printf("%-10s sig=%d code=%d addr=%+ld\n", name, g_sig, g_code, \
             (long)((char *)g_addr - (char *)(base)));                \
    }                                                                 \
  } while (0)

static volatile int zero = 0;

static void div0(void) {
  unsigned a = 1, d = 0, z = (unsigned)zero;
  __asm__ volatile("divl %2" : "+a"(a), "+d"(d) : "r"(z));
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO;
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);

  char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p + 4096, 4096);
  TRY("write ro", p[16] = 1, p);
  TRY("read unm", (void)*(volatile char *)(p + 4096 + 40), p);
  TRY("null", (void)*(volatile int *)0, (char *)0);
  TRY("div0", div0(), (char *)g_addr);
  TRY("ud2", __asm__ volatile("ud2"), (char *)g_addr);
  TRY("int3", __asm__ volatile("int3"), (char *)0);
  TRY("hlt", __asm__ volatile("hlt"), (char *)0);
  TRY("int $5", __asm__ volatile("int $5"), (char *)0);

  /* SIGBUS: a file mapping beyond the end of the file. */
  FILE *f = tmpfile();
  fputc('x', f);
  fflush(f);
  char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fileno(f), 0);
  TRY("sigbus", (void)*(volatile char *)(m + 4096 + 8), m);

  return 0;
}
