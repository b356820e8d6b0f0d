/* st_mem.c — memory calls for the strace golden test. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 1;
  char *q = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
  mprotect(q, 4096, PROT_READ);
  madvise(q, 4096, MADV_DONTNEED);
  munmap(q, 16384);
  mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0);
  void *b = sbrk(0);
  brk((char *)b + 65536);
  printf("ok\n");
  return 0;
}
