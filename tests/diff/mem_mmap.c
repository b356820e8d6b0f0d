/* mem_mmap.c — the address-space calls: brk/sbrk growth and shrink, large anonymous
 * mmap/munmap, mprotect, MAP_FIXED over part of a mapping, MAP_FIXED_NOREPLACE,
 * mremap growth (in place or moved, contents kept), madvise(MADV_DONTNEED), and the
 * errno of bad calls.  Prints facts and booleans, never addresses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096
static int failures;
static void check(const char *what, int cond) {
  printf("%-48s %s\n", what, cond ? "yes" : "NO");
  failures += !cond;
}

int main(void) {
  /* brk, through the raw system call (musl's sbrk refuses to move the break): grow by
   * 1 MiB, use it, shrink back to exactly where it was so malloc is not disturbed. */
  char *b0 = (char *)syscall(SYS_brk, 0);
  char *b1 = (char *)syscall(SYS_brk, b0 + (1 << 20));
  check("brk grows by 1 MiB", b1 == b0 + (1 << 20));
  if (b1 == b0 + (1 << 20)) {
    memset(b0, 0x5a, 1 << 20);
    check("new brk memory is writable", b0[(1 << 20) - 1] == 0x5a);
  }
  check("brk shrinks back", (char *)syscall(SYS_brk, b0) == b0);
  check("brk below the start fails (returns the old break)", (char *)syscall(SYS_brk, 4096) == b0);

  /* a large anonymous mapping, touched sparsely */
  size_t big = 256u << 20;
  char *m = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check("mmap 256 MiB", m != MAP_FAILED);
  check("mmap result page aligned", ((uintptr_t)m & (PG - 1)) == 0);
  int zero = 1;
  for (size_t off = 0; off < big; off += 1 << 20) {
    zero &= m[off] == 0;
    m[off] = (char)(off >> 20);
  }
  check("fresh anonymous memory reads zero", zero);
  check("written bytes read back", m[5 << 20] == 5 && m[255u << 20] == (char)255);
  check("munmap 256 MiB", munmap(m, big) == 0);

  /* mprotect */
  char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(p, 'a', 4 * PG);
  check("mprotect PROT_READ", mprotect(p + PG, PG, PROT_READ) == 0);
  check("read-only page still readable", p[PG + 10] == 'a');
  check("mprotect back to read-write", mprotect(p + PG, PG, PROT_READ | PROT_WRITE) == 0);
  p[PG + 10] = 'b';
  check("writable again", p[PG + 10] == 'b');

  /* MAP_FIXED replaces the middle page with a fresh zero page */
  char *f =
      mmap(p + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  check("MAP_FIXED lands at the address asked", f == p + 2 * PG);
  check("MAP_FIXED page is zero", f[0] == 0 && f[PG - 1] == 0);
  check("neighbours intact", p[2 * PG - 1] == 'a' && p[3 * PG] == 'a');
  void *nr = mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  check("MAP_FIXED_NOREPLACE over a mapping fails EEXIST", nr == MAP_FAILED && errno == EEXIST);

  /* mremap growth */
  char *r = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(r, "kept across mremap");
  char *r2 = mremap(r, PG, 16 * PG, MREMAP_MAYMOVE);
  check("mremap grows to 16 pages", r2 != MAP_FAILED);
  check("contents kept", strcmp(r2, "kept across mremap") == 0);
  check("grown part is zero", r2[15 * PG] == 0);
  r2[16 * PG - 1] = 1;
  char *r3 = mremap(r2, 16 * PG, 2 * PG, 0);
  check("mremap shrinks in place", r3 == r2);

  /* madvise(MADV_DONTNEED) drops private anonymous pages: they read zero again */
  memset(p, 'z', PG);
  check("madvise DONTNEED", madvise(p, PG, MADV_DONTNEED) == 0);
  check("page reads zero after DONTNEED", p[0] == 0 && p[PG - 1] == 0);

  /* errors */
  errno = 0;
  check("mmap length 0 fails EINVAL",
        mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
            errno == EINVAL);
  errno = 0;
  check("munmap unaligned fails EINVAL", munmap(p + 1, PG) == -1 && errno == EINVAL);
  check("munmap", munmap(p, 4 * PG) == 0);
  errno = 0;
  check("mprotect on unmapped memory fails ENOMEM",
        mprotect(p, PG, PROT_READ) == -1 && errno == ENOMEM);
  errno = 0;
  check("mmap bad fd fails EBADF",
        mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 12345, 0) == MAP_FAILED && errno == EBADF);
  errno = 0;
  check("munmap of an unmapped range succeeds", munmap(p, 4 * PG) == 0);
  printf("failures: %d\n", failures);
  return failures != 0;
}
