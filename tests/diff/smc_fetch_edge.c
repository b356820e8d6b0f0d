/* smc_fetch_edge.c — instruction fetch at the end of an executable page
 * (SDM vol. 3A 6.15, #PF on an instruction fetch; Linux reports it as
 * SIGSEGV with si_addr the first byte that could not be fetched): an
 * instruction that ends at the last byte runs whatever follows (unmapped,
 * PROT_NONE, PROT_READ without EXEC); one that runs into the next page runs
 * when that page is executable (same mapping or the next one) and faults at
 * the page's first byte, SEGV_MAPERR or SEGV_ACCERR, when it is not.  The
 * first page is RWX (decoded one instruction at a time) or RX (decoded into
 * cached blocks). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef unsigned (*fn_t)(void);

static sigjmp_buf jb;
static void *fault_addr;
static int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  fault_addr = si->si_addr;
  fault_code = si->si_code;
  siglongjmp(jb, 1);
}

/* A fresh pair of pages, code placed so that split of its n bytes lie in
 * the second page (0: all in the first), then the second page given prot
 * (-1: unmapped) as part of the first mapping or as a mapping of its own
 * (mprotect splits it), and the code called. */
static void call_at_edge(const char *name, int first_rx, int prot, const uint8_t *code, size_t n,
                         size_t split) {
  uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    _exit(1);
  }
  memset(p, 0xcc, 8192);
  uint8_t *at = p + 4096 - (n - split);
  memcpy(at, code, n);
  if (prot < 0) munmap(p + 4096, 4096);
  else if (prot != (PROT_READ | PROT_WRITE | PROT_EXEC)) mprotect(p + 4096, 4096, prot);
  if (first_rx) mprotect(p, 4096, PROT_READ | PROT_EXEC); /* decoded into cached blocks */
  if (sigsetjmp(jb, 1) == 0) {
    unsigned v = ((fn_t)at)();
    printf("%s%s, split %zu: returned %#x\n", first_rx ? "rx" : "rwx", name, split, v);
  } else {
    printf("%s%s, split %zu: SIGSEGV at page end%+ld, %s\n", first_rx ? "rx" : "rwx", name, split,
           (long)((uint8_t *)fault_addr - (p + 4096)),
           fault_code == SEGV_MAPERR   ? "SEGV_MAPERR"
           : fault_code == SEGV_ACCERR ? "SEGV_ACCERR"
                                       : "?");
  }
  munmap(p, 8192);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);

  /* mov $0x12345678,%eax; ret */
  static const uint8_t mov_ret[6] = {0xb8, 0x78, 0x56, 0x34, 0x12, 0xc3};
  static const struct {
    const char *name;
    int second; /* protection of the second page; -1 unmapped */
  } cases[] = {
      {", rwx", PROT_READ | PROT_WRITE | PROT_EXEC},
      {", rx", PROT_READ | PROT_EXEC},
      {", unmapped", -1},
      {", none", PROT_NONE},
      {", read only", PROT_READ},
  };
  for (int first_rx = 0; first_rx <= 1; first_rx++)
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
      for (size_t split = 0; split <= 5; split++)
        call_at_edge(cases[i].name, first_rx, cases[i].second, mov_ret, 6, split);
  return 0;
}
