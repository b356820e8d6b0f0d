/* fs32_int80.c — file-system calls made with a raw `int $0x80` (not the vDSO) with bad
 * pointers: small addresses, unmapped addresses above 3 GiB, ranges that run off the
 * end of the 4 GiB address space, and buffers that are partly mapped.  Every errno
 * (EFAULT, and the checks the kernel makes before touching memory) must be native's.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c, long d, long e) {
  long r;
  __asm__ volatile("push %%ebp\n\tmov %7, %%ebp\n\tint $0x80\n\tpop %%ebp"
                   : "=a"(r)
                   : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(e)
                   : "memory");
  return r;
}

static void T(const char *what, long r) {
  if (r < 0 && r > -4096)
    printf("%-40s = -1 %s\n", what, strerrorname_np(-r));
  else
    printf("%-40s = %ld\n", what, r);
}

#define HI3G  0xc0001000L /* above 3 GiB, unmapped */
#define HI4G  0xfffff000L /* the last page */
#define WRAPS 0xffffffc0L /* 64 bytes before 4 GiB */

int main(void) {
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (write(fd, "0123456789abcdef", 16) != 16) return 2;
  char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p + 4096, 4096); /* p: one page, then a hole */
  long hole = (long)(p + 4096);
  T("write from 3G", int80(SYS_write, fd, HI3G, 4, 0, 0));
  T("write from last page", int80(SYS_write, fd, HI4G, 4, 0, 0));
  T("write count wraps 4G", int80(SYS_write, fd, WRAPS, 0x100, 0, 0));
  T("write bad fd from 3G", int80(SYS_write, 99, HI3G, 4, 0, 0));
  T("write 0 bytes from 3G", int80(SYS_write, fd, HI3G, 0, 0, 0));
  T("pread64 into 3G", int80(SYS_pread64, fd, HI3G, 4, 0, 0));
  T("pread64 into page + hole", int80(SYS_pread64, fd, hole - 6, 16, 0, 0));
  printf("  got '%.6s'\n", p + 4090);
  T("read count 2^32-1 into page", int80(SYS_read, fd, (long)p, 0xffffffffL, 0, 0));
  T("open path at 3G", int80(SYS_open, HI3G, O_RDONLY, 0, 0, 0));
  T("open path at 16", int80(SYS_open, 16, O_RDONLY, 0, 0, 0));
  memcpy(p + 4094, "fg", 2); /* "fg" runs into the hole: no NUL */
  T("open path runs into hole", int80(SYS_open, (long)(p + 4094), O_RDONLY, 0, 0, 0));
  T("stat64 into 3G", int80(SYS_stat64, (long)"f", HI3G, 0, 0, 0));
  T("stat64 into last 64 bytes", int80(SYS_stat64, (long)"f", WRAPS, 0, 0, 0));
  T("fstat64 into page end", int80(SYS_fstat64, fd, hole - 50, 0, 0, 0));
  T("old fstat into 3G", int80(SYS_fstat, fd, HI3G, 0, 0, 0));
  T("fstatat64 bad fd, bad path", int80(SYS_fstatat64, 99, HI3G, (long)p, 0, 0));
  T("statfs64 into 3G", int80(SYS_statfs64, (long)".", 84, HI3G, 0, 0));
  T("statfs into 3G", int80(SYS_statfs, (long)".", HI3G, 0, 0, 0));
  T("getcwd into 3G", int80(SYS_getcwd, HI3G, 4096, 0, 0, 0));
  T("readlink into 3G", int80(SYS_readlink, (long)"/proc/self/exe", HI3G, 100, 0, 0));
  T("readv iov at 3G", int80(SYS_readv, fd, HI3G, 1, 0, 0));
  unsigned iov[4] = {(unsigned)(long)p, 4, (unsigned)HI3G, 4};
  T("preadv 2nd element at 3G", int80(SYS_preadv, fd, (long)iov, 2, 0, 0));
  T("writev iov at 3G, bad fd", int80(SYS_writev, 99, HI3G, 1, 0, 0));
  T("_llseek result at 3G", int80(SYS__llseek, fd, 0, 3, HI3G, SEEK_SET));
  T("lseek SEEK_CUR", int80(SYS_lseek, fd, 0, SEEK_CUR, 0, 0));
  T("fcntl64 F_GETLK64 at 3G", int80(SYS_fcntl64, fd, 12, HI3G, 0, 0));
  T("fcntl F_SETLK at 3G", int80(SYS_fcntl, fd, F_SETLK, HI3G, 0, 0));
  T("sendfile off at 3G", int80(SYS_sendfile, fd, fd, HI3G, 1, 0));
  T("sendfile64 off at 3G", int80(SYS_sendfile64, fd, fd, HI3G, 1, 0));
  T("utime times at 3G", int80(SYS_utime, (long)"f", HI3G, 0, 0, 0));
  T("utimensat times at 3G", int80(SYS_utimensat, AT_FDCWD, (long)"f", HI3G, 0, 0));
  int d = open(".", O_RDONLY | O_DIRECTORY);
  T("getdents into 3G", int80(SYS_getdents, d, HI3G, 4096, 0, 0));
  T("getdents64 into 3G", int80(SYS_getdents64, d, HI3G, 4096, 0, 0));
  T("getdents into page end", int80(SYS_getdents, d, hole - 24, 4096, 0, 0));
  T("getdents then", int80(SYS_getdents, d, (long)p, 4096, 0, 0) > 0);
  T("mkdir path at 3G", int80(SYS_mkdir, HI3G, 0755, 0, 0, 0));
  T("rename new at 3G", int80(SYS_rename, (long)"f", HI3G, 0, 0, 0));
  T("unknown number 5000", int80(5000, 0, 0, 0, 0, 0));
  unlink("f");
  return 0;
}
