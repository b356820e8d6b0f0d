/* hostile_map_count: running out of map entries (vm.max_map_count).
 * mprotect of alternate pages of a big mapping splits it two vmas at a
 * time until the kernel refuses with ENOMEM (mm/vma.c split_vma: map_count
 * >= max); that must come near the limit (emu keeps a few hundred entries
 * for itself, so "within 1200"), and afterwards every page must be as the
 * calls that succeeded left it.  Then single-page mappings until ENOMEM
 * (do_mmap: map_count > max), after which a munmap that splits a vma and a
 * MAP_FIXED mmap into the middle of one fail with ENOMEM and leave the old
 * page in place; a munmap of whole vmas still works and its pages fault. */
// diff-timeout: 180
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096ul

static sigjmp_buf jb;
static void on_segv(int s) {
  (void)s;
  siglongjmp(jb, 1);
}

/* 1 when the byte at p reads, -1 when the read faults. */
static int readable(volatile char *p, char *val) {
  if (sigsetjmp(jb, 1)) return -1;
  *val = *p;
  return 1;
}

static const char *err(int e) { return e == ENOMEM ? "ENOMEM" : e ? strerror(e) : "ok"; }

int main(void) {
  printf("start\n");
  fflush(stdout);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_segv;
  sigaction(SIGSEGV, &sa, NULL);
  long max = 65530;
  FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
  if (f) {
    if (fscanf(f, "%ld", &max) != 1) max = 65530;
    fclose(f);
  }
  if (max > 262144) {
    printf("max_map_count too large for this test\n");
    return 0;
  }
  unsigned long npages = (unsigned long)max + 64;
  char *big = mmap(NULL, npages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (big == MAP_FAILED) return 1;
  char *mark = big + (npages - 8) * PG; /* in the tail, which stays one vma */
  mark[0] = 'M';

  long ops = 0;
  int e = 0;
  for (unsigned long k = 1; k < npages - 32; k += 2, ops++) {
    if (mprotect(big + k * PG, PG, PROT_READ)) {
      e = errno;
      break;
    }
  }
  printf("mprotect split: %s\n", err(e));
  printf("vmas made at least max/2: %s\n", 2 * ops >= max / 2 ? "yes" : "no");
  printf("within 1200 of max_map_count: %s\n", 2 * ops >= max - 1200 ? "yes" : "no");
  /* The pages: even ones writable, odd ones before the failure read-only,
   * the failed one and the rest untouched (writable). */
  char v;
  int bad = 0;
  unsigned long failed = 2 * (unsigned long)ops + 1;
  for (unsigned long k = 0; k < failed + 4 && k < npages; k++) {
    if (k == 64 && failed > 128) k = failed - 64; /* the first and last few */
    if (sigsetjmp(jb, 1) == 0) {
      big[k * PG] = 1; /* faults on a read-only page */
      if (k % 2 && k < failed) bad++;
    } else if (!(k % 2 && k < failed)) {
      bad++;
    }
  }
  printf("pages as the calls left them: %s\n", bad ? "no" : "yes");

  /* Fill the map count with single pages (alternating protections so they
   * cannot merge) until mmap refuses. */
  long singles = 0;
  e = 0;
  char *last = NULL;
  while (singles < 300000) {
    int prot = singles % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
    char *p = mmap(NULL, PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      e = errno;
      break;
    }
    last = p;
    singles++;
  }
  printf("single-page mmap: %s\n", err(e));
  (void)last;

  /* At the limit: a munmap that splits a vma in three, and a MAP_FIXED
   * mapping into the middle of one, fail and leave the page alone. */
  char *mid = mark - 2 * PG;
  e = munmap(mid, PG) ? errno : 0;
  printf("munmap split: %s, page %s\n", err(e),
         readable(mid, &v) == 1 ? "still mapped" : "gone");
  e = mmap(mark, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? errno : 0;
  printf("MAP_FIXED split: %s, old page %s\n", err(e),
         readable(mark, &v) == 1 && v == 'M' ? "kept" : "lost");

  /* munmap of whole vmas needs no entry: it works, and the pages fault. */
  e = munmap(big, npages * PG) ? errno : 0;
  printf("munmap all: %s, pages %s\n", err(e),
         readable(big, &v) == -1 && readable(mark, &v) == -1 ? "fault" : "still mapped");
  char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap after freeing: %s\n", p == MAP_FAILED ? err(errno) : "ok");
  return 0;
}
