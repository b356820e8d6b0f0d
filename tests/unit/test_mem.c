/* test_mem.c — the guest address space (src/mem): mappings, splitting and
 * merging, brk, protections, uaccess EFAULT cases, fault classification and
 * the /proc/self/maps format.  Where Linux's answer is the oracle (errno
 * values, the maps line), the test asks the host kernel the same question. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mem/mem.h"

#define PG   4096ull
#define RW   (MM_READ | MM_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static struct mm *mm;

static void setup64(void) {
  mm = mm_new(64);
  cr_assert_not_null(mm);
}
static void setup32(void) {
  mm = mm_new(32);
  cr_assert_not_null(mm);
}
static void teardown(void) {
  mm_free(mm);
  mm = NULL;
}

/* A scratch file of n pages, page i filled with byte 'a'+i. */
static int scratch_file(char *path, size_t pathsz, int pages, int oflags) {
  snprintf(path, pathsz, "/tmp/emu_test_mem_XXXXXX");
  int fd = mkstemp(path);
  cr_assert(fd >= 0);
  char buf[4096];
  for (int i = 0; i < pages; i++) {
    memset(buf, 'a' + i, sizeof buf);
    cr_assert_eq(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
  }
  close(fd);
  fd = open(path, oflags);
  cr_assert(fd >= 0);
  return fd;
}

TestSuite(mem, .init = setup64, .fini = teardown);

Test(mem, layout64) {
  cr_assert_eq(mm->bits, 64);
  cr_assert_eq(mm->limit, MM_WINDOW64);
  cr_assert_eq(mm->stack_top, MM_WINDOW64 - PG);
  cr_assert(mm->mmap_base < mm->stack_top - (8ull << 20));
  cr_assert_eq(mm->nvmas, 0);
}

Test(mem, anon_topdown_and_rw) {
  long a = mm_map(mm, 0, 3 * PG, RW, ANON, -1, 0, "");
  cr_assert(a > 0);
  cr_assert_eq(a & (PG - 1), 0);
  cr_assert_eq((u64)a + 3 * PG, mm->mmap_base);
  long b = mm_map(mm, 0, PG, MM_READ, ANON, -1, 0, "");
  cr_assert_eq((u64)b, (u64)a - PG);
  mm->base[a] = 42;
  cr_assert_eq(mm->base[a + 2 * PG + 5], 0);
  cr_assert_eq(mm->base[a], 42);
  cr_assert_eq(mm->nvmas, 2);
}

Test(mem, hint_honoured_when_free) {
  long a = mm_map(mm, 0x10000000, PG, RW, ANON, -1, 0, "");
  cr_assert_eq(a, 0x10000000);
  long b = mm_map(mm, 0x10000000, PG, RW, ANON, -1, 0, "");
  cr_assert(b > 0 && b != 0x10000000);
  long c = mm_map(mm, 0x20000123, PG, RW, ANON, -1, 0, ""); /* hint rounded up */
  cr_assert_eq(c, 0x20001000);
}

Test(mem, fixed_replaces_and_merges) {
  cr_assert_eq(mm_map(mm, 0x400000, 4 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0x400000);
  mm->base[0x401000] = 7;
  /* adjacent compatible anonymous mappings merge */
  cr_assert_eq(mm_map(mm, 0x404000, 2 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0x404000);
  cr_assert_eq(mm->nvmas, 1);
  cr_assert_eq(mm->vmas[0].end, 0x406000);
  /* MAP_FIXED over the middle replaces (fresh zero page) */
  cr_assert_eq(mm_map(mm, 0x401000, PG, MM_READ, ANON | MAP_FIXED, -1, 0, ""), 0x401000);
  cr_assert_eq(mm->base[0x401000], 0);
  cr_assert_eq(mm->nvmas, 3);
  cr_assert_eq(mm_map(mm, 0x401000, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0, ""), -EEXIST);
}

Test(mem, mprotect_splits_and_merges) {
  cr_assert_eq(mm_map(mm, 0x400000, 5 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0x400000);
  cr_assert_eq(mm_protect(mm, 0x402000, PG, MM_READ), 0);
  cr_assert_eq(mm->nvmas, 3);
  cr_assert_eq(mm->vmas[1].start, 0x402000);
  cr_assert_eq(mm->vmas[1].end, 0x403000);
  cr_assert_eq(mm->vmas[1].prot, MM_READ);
  cr_assert_not(mm_access_ok(mm, 0x402000, 1, MM_WRITE));
  cr_assert(mm_access_ok(mm, 0x401fff, 1, MM_WRITE));
  cr_assert_eq(mm_protect(mm, 0x402000, PG, RW), 0);
  cr_assert_eq(mm->nvmas, 1);
  /* a hole: the part before it changes, then ENOMEM (as Linux) */
  cr_assert_eq(mm_unmap(mm, 0x403000, PG), 0);
  cr_assert_eq(mm_protect(mm, 0x401000, 4 * PG, MM_READ), -ENOMEM);
  cr_assert_eq(mm_find(mm, 0x402000)->prot, MM_READ);
  cr_assert_eq(mm_protect(mm, 0x400001, PG, MM_READ), -EINVAL);
  cr_assert_eq(mm_protect(mm, 0x400000, PG, 0x100), -EINVAL);
  cr_assert_eq(mm_protect(mm, 0x400000, 0, 0x0), 0);
  cr_assert_eq(mm_protect(mm, 0x500000, PG, MM_READ), -ENOMEM);
}

Test(mem, munmap_middle) {
  cr_assert_eq(mm_map(mm, 0x400000, 3 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0x400000);
  cr_assert_eq(mm_unmap(mm, 0x401000, PG), 0);
  cr_assert_eq(mm->nvmas, 2);
  cr_assert_null(mm_find(mm, 0x401000));
  cr_assert_eq(mm_unmap(mm, 0x401001, PG), -EINVAL);
  cr_assert_eq(mm_unmap(mm, 0x401000, 0), -EINVAL);
  cr_assert_eq(mm_unmap(mm, 0x700000, PG), 0); /* nothing there: fine */
}

/* errno of the host's mmap for the same request (the oracle). */
static long host_mmap_err(u64 len, int prot, int flags, int fd, u64 off) {
  void *p = mmap(NULL, len, prot, flags, fd, (off_t)off);
  if (p == MAP_FAILED) return -errno;
  munmap(p, len);
  return 0;
}

Test(mem, mmap_errors_match_linux) {
  char path[64];
  int ro = scratch_file(path, sizeof path, 2, O_RDONLY);
  int wo = open(path, O_WRONLY);
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  struct {
    u64 len;
    int prot, flags, fd;
    u64 off;
  } cases[] = {
      {0, PROT_READ, ANON, -1, 0},                                 /* len 0 */
      {PG, PROT_READ, MAP_ANONYMOUS, -1, 0},                       /* no type */
      {PG, PROT_READ, MAP_PRIVATE, -1, 0},                         /* bad fd */
      {PG, PROT_READ, MAP_PRIVATE, 12345, 0},                      /* bad fd */
      {PG, PROT_READ, MAP_PRIVATE, ro, 100},                       /* unaligned offset */
      {PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0},             /* shared write, ro fd */
      {PG, PROT_READ, MAP_SHARED, ro, 0},                          /* fine */
      {PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0},            /* fine: private */
      {PG, PROT_READ, MAP_PRIVATE, wo, 0},                         /* write-only fd */
      {PG, PROT_READ, MAP_PRIVATE, dir, 0},                        /* directory */
      {-PG, PROT_READ, ANON, -1, 0},                               /* huge */
      {PG, PROT_READ, MAP_SHARED_VALIDATE | 0x40000000, ro, 0},    /* huge page size bits */
      {PG, PROT_READ, MAP_SHARED_VALIDATE | 0x80000000, ro, 0},    /* unknown flag */
      {PG, PROT_READ, MAP_SHARED_VALIDATE | 0x200, ro, 0},         /* unknown flag */
      {PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, ro, 0},      /* not DAX */
      {PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0}, /* anonymous */
      {PG, PROT_READ, MAP_SHARED | MAP_GROWSDOWN, ro, 0},
      {PG, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, ro, 0},
      {PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_32BIT, ro, 0},
      {PG, PROT_READ, 0x7 | MAP_ANONYMOUS, -1, 0},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    long want =
        host_mmap_err(cases[i].len, cases[i].prot, cases[i].flags, cases[i].fd, cases[i].off);
    long got =
        mm_map(mm, 0, cases[i].len, cases[i].prot, cases[i].flags, cases[i].fd, cases[i].off, "");
    if (got > 0) got = 0;
    cr_expect_eq(got, want, "case %zu: emu %ld, linux %ld", i, got, want);
  }
  close(ro);
  close(wo);
  close(dir);
  unlink(path);
}

Test(mem, fixed_outside_window) {
  cr_assert_eq(mm_map(mm, MM_WINDOW64, PG, RW, ANON | MAP_FIXED, -1, 0, ""), -ENOMEM);
  cr_assert_eq(mm_map(mm, MM_WINDOW64 - PG, 2 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), -ENOMEM);
  cr_assert_eq(mm_map(mm, 0x400001, PG, RW, ANON | MAP_FIXED, -1, 0, ""), -EINVAL);
  /* Below mmap_min_addr only with CAP_SYS_RAWIO (cap_mmap_addr()): whatever the
   * kernel answers this process, emu answers its guest. */
  void *p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  long want = p == MAP_FAILED ? -errno : 0;
  if (p != MAP_FAILED) munmap(p, PG);
  cr_assert_eq(mm_map(mm, 0, PG, RW, ANON | MAP_FIXED, -1, 0, ""), want);
}

Test(mem, file_mapping) {
  char path[64];
  int fd = scratch_file(path, sizeof path, 3, O_RDONLY);
  long a = mm_map(mm, 0, 2 * PG, MM_READ, MAP_PRIVATE, fd, PG, "");
  cr_assert(a > 0);
  cr_assert_eq(mm->base[a], 'b');
  cr_assert_eq(mm->base[a + PG], 'c');
  const struct vma *v = mm_find(mm, a);
  struct stat st;
  fstat(fd, &st);
  cr_assert_eq(v->ino, st.st_ino);
  cr_assert_eq(v->dev, st.st_dev);
  cr_assert_eq(v->offset, PG);
  cr_assert_str_eq(v->name, path);
  /* a shared read-only mapping of a read-only fd may not become writable */
  long s = mm_map(mm, 0, PG, MM_READ, MAP_SHARED, fd, 0, "");
  cr_assert(s > 0);
  cr_assert_eq(mm_protect(mm, s, PG, RW), -EACCES);
  cr_assert_eq(mm_protect(mm, a, PG, RW), 0); /* private: fine */
  close(fd);
  unlink(path);
}

Test(mem, shared_anon_survives_fork) {
  long a = mm_map(mm, 0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0, "");
  cr_assert(a > 0);
  long p = mm_map(mm, 0, PG, RW, ANON, -1, 0, "");
  pid_t pid = fork();
  if (pid == 0) {
    mm->base[a] = 99;
    mm->base[p] = 99;
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  cr_assert_eq(mm->base[a], 99);
  cr_assert_eq(mm->base[p], 0);
  cr_assert_str_eq(mm_find(mm, a)->name, "/dev/zero (deleted)");
}

Test(mem, brk) {
  mm->brk_start = mm->brk = 0x600000;
  cr_assert_eq(mm_brk(mm, 0), 0x600000);
  cr_assert_eq(mm_brk(mm, 0x500000), 0x600000);
  cr_assert_eq(mm_brk(mm, 0x600010), 0x600010);
  cr_assert_str_eq(mm_find(mm, 0x600000)->name, "[heap]");
  mm->base[0x600fff] = 1;
  cr_assert_eq(mm_brk(mm, 0x603000), 0x603000);
  cr_assert_eq(mm->nvmas, 1);
  cr_assert_eq(mm->vmas[0].end, 0x603000);
  cr_assert_eq(mm->base[0x600fff], 1);
  cr_assert_eq(mm_brk(mm, 0x601000), 0x601000); /* shrink */
  cr_assert_null(mm_find(mm, 0x601000));
  /* growth that would touch (or come within a page of) a mapping fails */
  cr_assert_eq(mm_map(mm, 0x610000, PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0x610000);
  cr_assert_eq(mm_brk(mm, 0x610000), 0x601000);
  cr_assert_eq(mm_brk(mm, 0x60f001), 0x601000);
  cr_assert_eq(mm_brk(mm, 0x60f000), 0x60f000); /* one free page before the mapping */
  cr_assert_eq(mm_brk(mm, 0x600000), 0x600000);
  cr_assert_null(mm_find(mm, 0x600000));
}

Test(mem, mremap) {
  long a = mm_map(mm, 0x400000, 2 * PG, RW, ANON | MAP_FIXED, -1, 0, "");
  cr_assert_eq(a, 0x400000);
  mm->base[a] = 5;
  /* grow in place */
  cr_assert_eq(mm_remap(mm, a, 2 * PG, 4 * PG, 0, 0), a);
  cr_assert_eq(mm->vmas[0].end, 0x404000);
  mm->base[a + 3 * PG] = 6;
  /* blocked: ENOMEM without MAYMOVE, moves with it */
  cr_assert_eq(mm_map(mm, 0x404000, PG, MM_READ, ANON | MAP_FIXED, -1, 0, ""), 0x404000);
  cr_assert_eq(mm_remap(mm, a, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
  long b = mm_remap(mm, a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
  cr_assert(b > 0 && b != a);
  cr_assert_eq(mm->base[b], 5);
  cr_assert_eq(mm->base[b + 3 * PG], 6);
  cr_assert_null(mm_find(mm, a));
  /* fixed move, shrink */
  cr_assert_eq(mm_remap(mm, b, 8 * PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x800000), 0x800000);
  cr_assert_eq(mm->base[0x800000], 5);
  cr_assert_null(mm_find(mm, b));
  cr_assert_eq(mm_remap(mm, 0x800000, PG, PG, MREMAP_FIXED, 0x900000), -EINVAL);
  cr_assert_eq(mm_remap(mm, 0x800001, PG, PG, 0, 0), -EINVAL);
  cr_assert_eq(mm_remap(mm, 0x700000, PG, 2 * PG, 0, 0), -EFAULT);
  cr_assert_eq(mm_remap(mm, 0x800000, 2 * PG, 3 * PG, 0, 0), -EFAULT);
  cr_assert_eq(mm_remap(mm, 0x800000, PG, 0, 0, 0), -EINVAL);
}

Test(mem, mremap_file_grow_in_place) {
  char path[64];
  int fd = scratch_file(path, sizeof path, 4, O_RDONLY);
  long a = mm_map(mm, 0x400000, PG, MM_READ, MAP_PRIVATE | MAP_FIXED, fd, 0, "");
  cr_assert_eq(a, 0x400000);
  close(fd);
  cr_assert_eq(mm_remap(mm, a, PG, 3 * PG, 0, 0), a);
  cr_assert_eq(mm->base[a + 2 * PG], 'c');
  cr_assert_eq(mm->nvmas, 1);
  unlink(path);
}

Test(mem, code_gen) {
  u64 g = mm->code_gen;
  long a = mm_map(mm, 0, PG, RW, ANON, -1, 0, "");
  cr_assert_eq(mm->code_gen, g);
  cr_assert_eq(mm_protect(mm, a, PG, MM_READ | MM_EXEC), 0);
  cr_assert_gt(mm->code_gen, g);
  g = mm->code_gen;
  cr_assert_eq(mm_unmap(mm, a, PG), 0);
  cr_assert_gt(mm->code_gen, g);
  g = mm->code_gen;
  a = mm_map(mm, 0, PG, MM_READ | MM_WRITE | MM_EXEC, ANON, -1, 0, "");
  cr_assert_gt(mm->code_gen, g);
  g = mm->code_gen;
  char c = 1;
  cr_assert_eq(copy_to_user(mm, a, &c, 1), 0);
  cr_assert_gt(mm->code_gen, g);
}

/* ---- uaccess ---- */

Test(mem, uaccess_efault) {
  long a = mm_map(mm, 0x400000, 2 * PG, RW, ANON | MAP_FIXED, -1, 0, "");
  long r = mm_map(mm, 0x402000, PG, MM_READ, ANON | MAP_FIXED, -1, 0, "");
  cr_assert_eq(a, 0x400000);
  cr_assert_eq(r, 0x402000);
  char buf[64] = "hello";
  cr_assert_eq(copy_to_user(mm, a, buf, 6), 0);
  char out[64];
  cr_assert_eq(copy_from_user(mm, out, a, 6), 0);
  cr_assert_str_eq(out, "hello");
  /* unmapped */
  cr_assert_eq(copy_from_user(mm, out, 0x300000, 1), -EFAULT);
  cr_assert_eq(copy_to_user(mm, 0x300000, buf, 1), -EFAULT);
  /* read-only for a write, readable for a read */
  cr_assert_eq(copy_to_user(mm, r, buf, 1), -EFAULT);
  cr_assert_eq(copy_from_user(mm, out, r, 8), 0);
  /* crossing from writable into read-only, and from mapped into unmapped */
  cr_assert_eq(copy_to_user(mm, r - 4, buf, 8), -EFAULT);
  cr_assert_eq(copy_from_user(mm, out, r + PG - 4, 8), -EFAULT);
  /* wraparound, outside the window */
  cr_assert_eq(copy_from_user(mm, out, ~0ull - 2, 8), -EFAULT);
  cr_assert_eq(copy_from_user(mm, out, MM_WINDOW64 + 0x1000, 1), -EFAULT);
  cr_assert_eq(copy_to_user(mm, MM_WINDOW64 - 1, buf, 2), -EFAULT);
  /* zero length is always fine */
  cr_assert_eq(copy_from_user(mm, out, 0xdead0000, 0), 0);
  /* PROT_NONE is mapped but not readable */
  cr_assert_eq(mm_protect(mm, r, PG, 0), 0);
  cr_assert_eq(copy_from_user(mm, out, r, 1), -EFAULT);
}

Test(mem, strncpy_from_user) {
  long a = mm_map(mm, 0x400000, PG, RW, ANON | MAP_FIXED, -1, 0, "");
  cr_assert_eq(a, 0x400000);
  char out[PATH_MAX];
  /* a string ending just before an unmapped page */
  memcpy(mm->base + a + PG - 4, "abc", 4);
  cr_assert_eq(strncpy_from_user(mm, out, a + PG - 4, sizeof out), 3);
  cr_assert_str_eq(out, "abc");
  /* running into the unmapped page */
  memcpy(mm->base + a + PG - 4, "abcd", 4);
  cr_assert_eq(strncpy_from_user(mm, out, a + PG - 4, sizeof out), -EFAULT);
  /* too long */
  memset(mm->base + a, 'x', 100);
  mm->base[a + 100] = 0;
  cr_assert_eq(strncpy_from_user(mm, out, a, 50), -ENAMETOOLONG);
  cr_assert_eq(strncpy_from_user(mm, out, a, 101), 100);
  cr_assert_eq(strncpy_from_user(mm, out, ~0ull, 10), -EFAULT);
}

Test(mem, user_ptr) {
  cr_assert_eq(user_ptr(mm, 0x1000, 10), mm->base + 0x1000);
  cr_assert_not_null(user_ptr(mm, MM_WINDOW64, 0));
  /* A range may run into the guard area after the window (the host faults
   * there), never past it. */
  cr_assert_not_null(user_ptr(mm, MM_WINDOW64 - 1, 2));
  cr_assert_null(user_ptr(mm, MM_WINDOW64 - 1, MM_GUARD + 2));
  cr_assert_null(user_ptr(mm, MM_WINDOW64 + 1, 0));
  cr_assert_null(user_ptr(mm, ~0ull, 2));
}

/* ---- faults ---- */

static sigjmp_buf fault_jmp;
static void *fault_addr;
static void on_segv(int sig, siginfo_t *si, void *uc) {
  fault_addr = si->si_addr;
  siglongjmp(fault_jmp, 1);
}

static bool touch(volatile u8 *p, bool write) {
  struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO}, old;
  sigaction(SIGSEGV, &sa, &old);
  bool faulted = false;
  if (sigsetjmp(fault_jmp, 1)) {
    faulted = true;
  } else if (write) {
    *p = 1;
  } else {
    (void)*p;
  }
  sigaction(SIGSEGV, &old, NULL);
  return faulted;
}

Test(mem, classify_fault) {
  long a = mm_map(mm, 0x400000, PG, MM_READ, ANON | MAP_FIXED, -1, 0, "");
  long n = mm_map(mm, 0x401000, PG, 0, ANON | MAP_FIXED, -1, 0, "");
  cr_assert(a > 0 && n > 0);
  u64 g;
  int code;
  cr_assert(touch(mm->base + 0x400010, true));
  cr_assert(mm_classify_fault(mm, fault_addr, &g, &code));
  cr_assert_eq(g, 0x400010);
  cr_assert_eq(code, SEGV_ACCERR);
  cr_assert_not(touch(mm->base + 0x400010, false));
  cr_assert(touch(mm->base + 0x401020, false));
  cr_assert(mm_classify_fault(mm, fault_addr, &g, &code));
  cr_assert_eq(code, SEGV_ACCERR);
  cr_assert(touch(mm->base + 0x900000, false));
  cr_assert(mm_classify_fault(mm, fault_addr, &g, &code));
  cr_assert_eq(g, 0x900000);
  cr_assert_eq(code, SEGV_MAPERR);
  /* the guard area after the window */
  cr_assert(touch(mm->base + MM_WINDOW64 + 8, false));
  cr_assert(mm_classify_fault(mm, fault_addr, &g, &code));
  cr_assert_eq(code, SEGV_MAPERR);
  int local;
  cr_assert_not(mm_classify_fault(mm, &local, &g, &code));
}

/* The vma holding a, by a walk over the whole array. */
static const struct vma *find_by_walk(const struct mm *m, u64 a) {
  for (int i = 0; i < m->nvmas; i++)
    if (m->vmas[i].start <= a && a < m->vmas[i].end) return &m->vmas[i];
  return NULL;
}

/* mm_find starts at the index this thread found last (mm_lower's hint):
 * its answers must stay the array's own while mappings come and go, split
 * and merge under the hint, and while another mm is searched in between. */
Test(mem, find_hint_never_stale) {
  const u64 base = 0x10000000, pages = 64;
  /* The other mm is an i386 one: a second 64-bit window does not fit beside
   * the sanitizers' shadow memory. */
  struct mm *other = mm_new(32);
  cr_assert_not_null(other);
  cr_assert_eq(mm_map(other, base, 4 * PG, RW, ANON | MAP_FIXED, -1, 0, ""), (long)base);
  unsigned seed = 1;
  for (int round = 0; round < 400; round++) {
    u64 a = base + (u64)(rand_r(&seed) % pages) * PG, len = (u64)(1 + rand_r(&seed) % 4) * PG;
    switch (rand_r(&seed) % 3) {
    case 0:
      (void)mm_map(mm, a, len, rand_r(&seed) % 2 ? RW : MM_READ, ANON | MAP_FIXED, -1, 0, "");
      break;
    case 1: (void)mm_unmap(mm, a, len); break;
    default: (void)mm_protect(mm, a, len, rand_r(&seed) % 2 ? RW : MM_READ); break;
    }
    for (int k = 0; k < 16; k++) {
      u64 q = base - PG + (u64)(rand_r(&seed) % ((pages + 2) * PG));
      cr_assert_eq(mm_find(mm, q), find_by_walk(mm, q), "round %d, address %#llx", round,
                   (unsigned long long)q);
      if (k % 4 == 0) cr_assert_not_null(mm_find(other, base + (u64)(k / 4) * PG));
    }
  }
  mm_free(other);
}

/* ---- /proc/self/maps ---- */

/* The host's maps line for host address p, with the address range cut off. */
static void host_maps_tail(const void *p, char *out, size_t n) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[1024];
  out[0] = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long s, e;
    if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s == (unsigned long)p) {
      snprintf(out, n, "%s", strchr(line, ' '));
      break;
    }
  }
  fclose(f);
}

Test(mem, maps_format_matches_linux) {
  char path[64];
  int fd = scratch_file(path, sizeof path, 3, O_RDONLY);
  /* at an address as wide as the host's, since the padding counts columns */
  long a = mm_map(mm, 0x100000000000, PG, MM_READ | MM_EXEC, MAP_PRIVATE | MAP_FIXED, fd, PG, "");
  cr_assert_eq(a, 0x100000000000);
  void *h = mmap(NULL, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, PG);
  cr_assert_neq(h, MAP_FAILED);
  char want[512], buf[4096];
  host_maps_tail(h, want, sizeof want);
  mm_format_maps(mm, buf, sizeof buf);
  cr_assert_str_eq(strchr(buf, ' '), want);
  cr_assert_eq(strncmp(buf, "100000000000-100000001000 ", 26), 0);
  munmap(h, PG);
  close(fd);
  unlink(path);

  /* anonymous and named anonymous lines */
  mm_unmap(mm, 0x100000000000, PG);
  mm_map(mm, 0x400000, PG, RW, ANON | MAP_FIXED, -1, 0, "");
  mm_map(mm, 0x7fff0000, PG, RW, ANON | MAP_FIXED, -1, 0, "[stack]");
  size_t len = mm_format_maps(mm, buf, sizeof buf);
  const char *expect =
      "00400000-00401000 rw-p 00000000 00:00 0 \n"
      "7fff0000-7fff1000 rw-p 00000000 00:00 0                                  [stack]\n";
  cr_assert_str_eq(buf, expect);
  cr_assert_eq(len, strlen(expect));
  /* truncation keeps the full length and a terminated buffer */
  char small[10];
  cr_assert_eq(mm_format_maps(mm, small, sizeof small), strlen(expect));
  cr_assert_eq(strlen(small), 9);
}

/* ---- i386 ---- */

TestSuite(mem32, .init = setup32, .fini = teardown);

Test(mem32, layout_and_limits) {
  cr_assert_eq(mm->limit, MM_WINDOW32);
  cr_assert(mm->stack_top <= 0xffffe000);
  long a = mm_map(mm, 0, PG, RW, ANON, -1, 0, "");
  cr_assert(a > 0 && (u64)a < mm->mmap_base && (u64)a > 0x80000000);
  cr_assert_eq(mm_map(mm, 0xffffe000, PG, RW, ANON | MAP_FIXED, -1, 0, ""), -ENOMEM);
  cr_assert_eq(mm_map(mm, 0xffffd000, PG, RW, ANON | MAP_FIXED, -1, 0, ""), 0xffffd000);
  cr_assert_eq(mm_map(mm, 0, 0x100000000ull, RW, ANON, -1, 0, ""), -ENOMEM);
  cr_assert_eq(copy_from_user(mm, &a, 0xfffffffe, 4), -EFAULT);
}

/* ---- the memory system calls (sys_mm.c), against the host kernel ---- */

#include "kernel/kernel.h"

long sys_mmap(struct task *t, const u64 *a);
long sys_munmap(struct task *t, const u64 *a);
long sys_brk(struct task *t, const u64 *a);
long sys_madvise(struct task *t, const u64 *a);
long sys_msync(struct task *t, const u64 *a);
long sys_mincore(struct task *t, const u64 *a);
long sys_mlock(struct task *t, const u64 *a);
long sys_mlockall(struct task *t, const u64 *a);
long sys_old_mmap(struct task *t, const u64 *a);

static struct task *task;
static struct proc proc;

static void setup_sys(void) {
  setup64();
  task = calloc(1, sizeof *task);
  proc.mm = mm;
  task->proc = &proc;
}
static void teardown_sys(void) {
  free(task);
  teardown();
}

TestSuite(sys_mm, .init = setup_sys, .fini = teardown_sys);

static long call(long (*fn)(struct task *, const u64 *), u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
                 u64 a5) {
  const u64 a[6] = {a0, a1, a2, a3, a4, a5};
  return fn(task, a);
}

Test(sys_mm, madvise_dontneed_zeroes) {
  long a = call(sys_mmap, 0, 2 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
  cr_assert(a > 0);
  mm->base[a + 5] = 1;
  cr_assert_eq(call(sys_madvise, a, 2 * PG, MADV_DONTNEED, 0, 0, 0), 0);
  cr_assert_eq(mm->base[a + 5], 0);
  cr_assert_eq(call(sys_mmap, 0, PG, PROT_READ, ANON, -1, 1), -EINVAL);
}

/* One shape in both worlds: 4 pages with the third one unmapped. */
Test(sys_mm, errors_match_linux) {
  u8 *h = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
  munmap(h + 2 * PG, PG);
  long g = call(sys_mmap, 0, 4 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
  cr_assert(g > 0);
  unsigned char vec[8];
  long vg = call(sys_mmap, 0, PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
  cr_assert_eq(call(sys_munmap, g + 2 * PG, PG, 0, 0, 0, 0), 0);
  struct {
    int op;
    u64 off, len, arg;
  } cases[] = {
      {0, 0, 4 * PG, MADV_DONTNEED},
      {0, 1, PG, MADV_DONTNEED},
      {0, 0, PG, 999},
      {0, 0, 0, MADV_NORMAL},
      {0, 0, 2 * PG, MADV_WILLNEED},
      {0, 0, -PG, MADV_NORMAL},
      {1, 0, 4 * PG, MS_SYNC},
      {1, 0, PG, MS_SYNC | MS_ASYNC},
      {1, 0, PG, 0x100},
      {1, 0, 2 * PG, MS_ASYNC},
      {1, 3, PG, MS_ASYNC},
      {2, 0, 2 * PG, 0},
      {2, 0, 4 * PG, 0},
      {2, 5, PG, 0},
      {3, 0, 4 * PG, 0},
      {3, 5, PG, 0},
      {3, 0, 2 * PG, 0},
      {4, 0, 0, 0},
      {4, 0, 0, MCL_ONFAULT},

      {4, 0, 0, 0x100},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    u64 off = cases[i].off, len = cases[i].len, arg = cases[i].arg;
    long want = 0, got = 0;
    switch (cases[i].op) {
    case 0:
      want = madvise(h + off, len, (int)arg) < 0 ? -errno : 0;
      got = call(sys_madvise, g + off, len, arg, 0, 0, 0);
      break;
    case 1:
      want = msync(h + off, len, (int)arg) < 0 ? -errno : 0;
      got = call(sys_msync, g + off, len, arg, 0, 0, 0);
      break;
    case 2:
      want = mincore(h + off, len, vec) < 0 ? -errno : 0;
      got = call(sys_mincore, g + off, len, vg, 0, 0, 0);
      break;
    case 3:
      /* raw system calls: ASan intercepts the mlock family */
      want = syscall(SYS_mlock, h + off, len) < 0 ? -errno : 0;
      if (want == 0) syscall(SYS_munlock, h + off, len);
      got = call(sys_mlock, g + off, len, 0, 0, 0, 0);
      if (want == -EPERM || want == -EAGAIN) want = got; /* host limits, not semantics */
      break;
    case 4:
      want = syscall(SYS_mlockall, (int)arg) < 0 ? -errno : 0;
      if (want == 0) syscall(SYS_munlockall);
      if (want == -EPERM || want == -ENOMEM) want = 0; /* RLIMIT_MEMLOCK on the host */
      got = call(sys_mlockall, arg, 0, 0, 0, 0, 0);
      break;
    }
    cr_expect_eq(got, want, "case %zu: emu %ld, linux %ld", i, got, want);
  }
  cr_assert_eq(call(sys_mincore, g, 2 * PG, 0x10, 0, 0, 0), -EFAULT);
  /* valid flags are accepted (locking the host for real is not the point) */
  cr_assert_eq(call(sys_mlockall, MCL_CURRENT | MCL_FUTURE, 0, 0, 0, 0, 0), 0);
  munmap(h, 4 * PG);
}

Test(sys_mm, brk_and_old_mmap) {
  mm->brk_start = mm->brk = 0x600000;
  cr_assert_eq(call(sys_brk, 0, 0, 0, 0, 0, 0), 0x600000);
  cr_assert_eq(call(sys_brk, 0x602000, 0, 0, 0, 0, 0), 0x602000);
  u32 args[6] = {0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, (u32)-1, 0};
  cr_assert_eq(copy_to_user(mm, 0x600000, args, sizeof args), 0);
  long a = call(sys_old_mmap, 0x600000, 0, 0, 0, 0, 0);
  cr_assert(a > 0 && mm_find(mm, a) && mm_find(mm, a)->prot == MM_READ);
  cr_assert_eq(call(sys_old_mmap, 0x900000, 0, 0, 0, 0, 0), -EFAULT);
}
