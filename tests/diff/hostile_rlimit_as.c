/* hostile_rlimit_as: the guest's RLIMIT_AS and RLIMIT_DATA are its own.
 * With RLIMIT_AS at 256 MiB a malloc loop in 1 MiB chunks reaches about
 * 250 MiB (printed in 16 MiB buckets), a mapping past the limit fails with
 * ENOMEM (mm/mmap.c may_expand_vm), as does mremap growing past it; the
 * limit reads back through getrlimit and prlimit64.  RLIMIT_DATA limits
 * private writable mappings (not read-only ones, nor mprotect to read),
 * mprotect to writable, and brk.  Each case runs in a child, whose limits
 * die with it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MiB (1ul << 20)

static void show(const char *what, void *p) {
  printf("%s: %s\n", what, p == MAP_FAILED ? strerror(errno) : "ok");
}

static void as_case(void) {
  struct rlimit rl = {256 * MiB, 256 * MiB};
  printf("setrlimit AS: %d\n", setrlimit(RLIMIT_AS, &rl));
  struct rlimit g;
  getrlimit(RLIMIT_AS, &g);
  printf("getrlimit AS: %lu %lu MiB\n", (unsigned long)(g.rlim_cur / MiB),
         (unsigned long)(g.rlim_max / MiB));
  unsigned long long old[2] = {0, 0}; /* struct rlimit64 on both ABIs */
  long r = syscall(SYS_prlimit64, 0, RLIMIT_AS, NULL, old);
  printf("prlimit64 self: %ld %llu %llu MiB\n", r, old[0] / MiB, old[1] / MiB);
  errno = 0;
  show("mmap 512 MiB", mmap(NULL, 512 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  show("mmap 512 MiB PROT_NONE",
       mmap(NULL, 512 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
  void *a = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("mmap 64 MiB", a);
  show("mremap to 512 MiB", mremap(a, 64 * MiB, 512 * MiB, MREMAP_MAYMOVE));
  show("mremap to 96 MiB", a = mremap(a, 64 * MiB, 96 * MiB, MREMAP_MAYMOVE));
  munmap(a, 96 * MiB);
  unsigned long n = 0;
  while (n < 1024 && malloc(MiB)) n++;
  printf("malloc reached: %lu MiB (16 MiB bucket)\n", n / 16 * 16);
  printf("malloc stopped below the limit: %s\n", n < 256 ? "yes" : "no");
  rl.rlim_cur = rl.rlim_max = 512 * MiB;
  errno = 0;
  r = setrlimit(RLIMIT_AS, &rl);
  /* 0 with CAP_SYS_RESOURCE, EPERM without: either is right here. */
  printf("raise hard limit: %s\n", r == 0 || errno == EPERM ? "0 or EPERM" : strerror(errno));
  rl.rlim_cur = 300 * MiB;
  rl.rlim_max = 200 * MiB;
  errno = 0;
  r = setrlimit(RLIMIT_AS, &rl);
  printf("cur > max: %ld %s\n", r, strerror(errno));
}

static void data_case(void) {
  struct rlimit rl = {32 * MiB, 32 * MiB};
  printf("setrlimit DATA: %d\n", setrlimit(RLIMIT_DATA, &rl));
  errno = 0;
  show("mmap rw 64 MiB", mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  void *r = mmap(NULL, 64 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("mmap r 64 MiB", r);
  errno = 0;
  printf("mprotect rw: %s\n", mprotect(r, 64 * MiB, PROT_READ | PROT_WRITE) ? strerror(errno) : "ok");
  show("mmap shared rw 64 MiB",
       mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  void *cur = sbrk(0);
  errno = 0;
  void *b = sbrk(64 * MiB);
  printf("sbrk 64 MiB: %s\n", b == (void *)-1 ? strerror(errno) : "ok");
  printf("brk unchanged: %s\n", sbrk(0) == cur ? "yes" : "no");
  b = sbrk(1 * MiB);
  printf("sbrk 1 MiB: %s\n", b == (void *)-1 ? "failed" : "ok");
}

static void in_child(void (*fn)(void)) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    fn();
    fflush(stdout);
    _exit(0);
  }
  int st;
  waitpid(p, &st, 0);
  printf("child status: %d\n", st);
}

int main(void) {
  in_child(as_case);
  in_child(data_case);
  return 0;
}
