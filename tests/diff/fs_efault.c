/* fs_efault.c — bad user pointers in file-system calls, through raw syscall():
 * (void *)1, a page that was mapped and then unmapped, a read-only page for a buffer
 * the kernel writes, a path running into an unmapped page, and buffers that straddle
 * into an unmapped page (partial transfers).  Also the order of checks: EBADF before
 * EFAULT, EINVAL before EFAULT, ENOENT before a bad result buffer.  Prints the errno.
 */
// diff-vm-mask: ^readv iov unmapped, O_WRONLY .* -- kernel version: emu hands this call to the host's kernel, whose answer differs from the VM's Linux 6.1
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *ename(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT";
  case ERANGE: return "ERANGE";
  default: {
    static char b[16];
    snprintf(b, sizeof b, "errno%d", e);
    return b;
  }
  }
}

#define T(name, expr)                                     \
  do {                                                    \
    errno = 0;                                            \
    long r_ = (long)(expr);                               \
    if (r_ < 0)                                           \
      printf("%-40s = %ld %s\n", name, r_, ename(errno)); \
    else                                                  \
      printf("%-40s = %ld\n", name, r_);                  \
  } while (0)

#define PG 4096
static char bss[2 * PG];

int main(void) {
  char dir[] = "/tmp/emu_fs_efault_XXXXXX";
  if (!mkdtemp(dir) || chdir(dir)) return 1;
  syscall(SYS_close_range, 3, ~0u, 0); /* descriptors inherited from the runner */
  void *one = (void *)1;
  /* p: two pages, the second unmapped; ro: a read-only page. */
  char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED || ro == MAP_FAILED || munmap(p + PG, PG)) return 2;
  char *bad = p + PG;
  char *edge = p + PG - 4; /* "abcd" with no NUL before the hole */
  memcpy(edge, "abcd", 4);

  int fd = open("file", O_RDWR | O_CREAT, 0644);
  memset(bss, 'x', sizeof bss);
  if (write(fd, bss, sizeof bss) != sizeof bss) return 3;
  int wo = open("file", O_WRONLY);
  lseek(fd, 0, SEEK_SET);

  printf("-- read/write\n");
  T("read (void*)1", syscall(SYS_read, fd, one, 4));
  T("read unmapped", syscall(SYS_read, fd, bad, 4));
  T("read into read-only page", syscall(SYS_read, fd, ro, 4));
  T("read bad fd, unmapped", syscall(SYS_read, 999, bad, 4));
  T("read O_WRONLY fd, unmapped", syscall(SYS_read, wo, bad, 4));
  T("read count 0, unmapped", syscall(SYS_read, fd, bad, 0));
  T("read straddling the hole", syscall(SYS_read, fd, p + PG - 100, 200));
  T("write (void*)1", syscall(SYS_write, fd, one, 4));
  T("write from unmapped", syscall(SYS_write, fd, bad, 4));
  T("write from read-only page", syscall(SYS_write, fd, ro, 4));
  T("lseek 0", lseek(fd, 0, SEEK_SET));
  T("write straddling the hole", syscall(SYS_write, fd, p + PG - 100, 200));
  T("pread unmapped", syscall(SYS_pread64, fd, bad, 4, 0));
  T("pwrite unmapped", syscall(SYS_pwrite64, fd, bad, 4, 0));
  /* Counts far beyond the buffer, on a 5-byte file: only access_ok can object. */
  int sm = open("small", O_RDWR | O_CREAT, 0644);
  T("write small", write(sm, "12345", 5));
  T("pread count 2^30 into .bss", syscall(SYS_pread64, sm, bss, 1ul << 30, 0));
#ifdef __x86_64__
  T("pread count 2^40 into .bss", syscall(SYS_pread64, sm, bss, 1ul << 40, 0));
  T("pread count 2^47 into .bss", syscall(SYS_pread64, sm, bss, 1ul << 47, 0));
  T("pread count 2^64-1 into .bss", syscall(SYS_pread64, sm, bss, ~0ul, 0));
  T("pread at 2^46", syscall(SYS_pread64, sm, (void *)(1ul << 46), 4, 0));
  T("pread at 2^47-4096", syscall(SYS_pread64, sm, (void *)((1ul << 47) - 4096), 4, 0));
  T("pread at kernel address", syscall(SYS_pread64, sm, (void *)0xffff800000000000ul, 4, 0));
  T("pread non-canonical", syscall(SYS_pread64, sm, (void *)0x8000000000000000ul, 4, 0));
  T("pread at 2^46, count 0", syscall(SYS_pread64, sm, (void *)(1ul << 46), 0, 0));
#endif
  close(sm);
  unlink("small");
  int pp[2];
  if (pipe(pp)) return 4;
  T("write pipe from unmapped", syscall(SYS_write, pp[1], bad, 4));
  T("write pipe from (void*)1", syscall(SYS_write, pp[1], one, 4));

  printf("-- readv/writev\n");
  struct iovec v[2] = {{p, 10}, {bad, 10}};
  T("readv iov (void*)1", syscall(SYS_readv, fd, one, 1));
  T("readv iov unmapped", syscall(SYS_readv, fd, bad, 1));
  T("readv iov unmapped, bad fd", syscall(SYS_readv, 999, bad, 1));
  T("readv iov unmapped, O_WRONLY", syscall(SYS_readv, wo, bad, 1));
  T("readv iov straddles the hole", syscall(SYS_readv, fd, p + PG - 16, 2));
  T("lseek 0", lseek(fd, 0, SEEK_SET));
  T("readv 2nd element unmapped", syscall(SYS_readv, fd, v, 2));
  T("readv 1st element unmapped", syscall(SYS_readv, fd, v + 1, 1));
  T("writev 2nd element unmapped", syscall(SYS_writev, fd, v, 2));
  T("writev 1st element unmapped", syscall(SYS_writev, fd, v + 1, 1));
  T("preadv iov unmapped", syscall(SYS_preadv, fd, bad, 1, 0, 0));
  T("pwritev 2nd element unmapped", syscall(SYS_pwritev, fd, v, 2, 0, 0));

  printf("-- paths\n");
  struct stat st;
  T("open (void*)1", syscall(SYS_open, one, O_RDONLY));
  T("open unmapped", syscall(SYS_open, bad, O_RDONLY));
  T("open NULL", syscall(SYS_open, NULL, O_RDONLY));
  T("open path runs into hole", syscall(SYS_open, edge, O_RDONLY));
  T("openat bad dirfd, bad path", syscall(SYS_openat, 999, bad, O_RDONLY));
  T("stat unmapped path", syscall(SYS_stat, bad, &st));
  T("mkdir unmapped", syscall(SYS_mkdir, bad, 0755));
  T("unlink (void*)1", syscall(SYS_unlink, one));
  T("rename unmapped -> x", syscall(SYS_rename, bad, "x"));
  T("rename file -> unmapped", syscall(SYS_rename, "file", bad));
  T("symlink unmapped target", syscall(SYS_symlink, bad, "lnk"));
  T("access unmapped", syscall(SYS_access, bad, F_OK));
  T("chdir unmapped", syscall(SYS_chdir, bad));
  T("truncate unmapped", syscall(SYS_truncate, bad, 0));
  T("memfd_create unmapped name", syscall(SYS_memfd_create, bad, 0));
  T("memfd_create unmapped, bad flags", syscall(SYS_memfd_create, bad, 0x1000));

  printf("-- result buffers\n");
  T("stat file -> (void*)1", syscall(SYS_stat, "file", one));
  T("stat file -> read-only page", syscall(SYS_stat, "file", ro));
  T("stat missing -> (void*)1", syscall(SYS_stat, "missing", one));
  T("fstat -> unmapped", syscall(SYS_fstat, fd, bad));
  T("fstat bad fd -> unmapped", syscall(SYS_fstat, 999, bad));
  T("lstat -> unmapped", syscall(SYS_lstat, "file", bad));
#ifdef SYS_newfstatat
  T("newfstatat -> unmapped", syscall(SYS_newfstatat, AT_FDCWD, "file", bad, 0));
#endif
  T("statx -> unmapped", syscall(SYS_statx, AT_FDCWD, "file", 0, 0x7ff, bad));
  T("statfs -> unmapped", syscall(SYS_statfs, ".", bad));
  T("fstatfs -> unmapped", syscall(SYS_fstatfs, fd, bad));
  T("getcwd -> (void*)1", syscall(SYS_getcwd, one, 100));
  T("getcwd -> unmapped, size 1", syscall(SYS_getcwd, bad, 1));
  T("symlink file lnk", symlink("file", "lnk"));
  T("readlink -> unmapped", syscall(SYS_readlink, "lnk", bad, 100));
  T("readlink -> read-only page", syscall(SYS_readlink, "lnk", ro, 100));
  T("readlink unmapped path", syscall(SYS_readlink, bad, p, 100));
  T("readlink unmapped path, bufsiz 0", syscall(SYS_readlink, bad, p, 0));
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  T("getdents64 -> unmapped", syscall(SYS_getdents64, dfd, bad, 4096));
  T("getdents64 -> read-only page", syscall(SYS_getdents64, dfd, ro, 4096));
  T("getdents64 bad fd -> unmapped", syscall(SYS_getdents64, 999, bad, 4096));
  T("fcntl F_GETLK unmapped", syscall(SYS_fcntl, fd, F_GETLK, bad));
  T("fcntl F_SETLK (void*)1", syscall(SYS_fcntl, fd, F_SETLK, one));
  T("fcntl F_GETLK bad fd, unmapped", syscall(SYS_fcntl, 999, F_GETLK, bad));
  T("fcntl F_GETOWN_EX unmapped", syscall(SYS_fcntl, fd, F_GETOWN_EX, bad));
  T("sendfile offset unmapped", syscall(SYS_sendfile, wo, fd, bad, 10));
  T("utimensat times unmapped", syscall(SYS_utimensat, AT_FDCWD, "file", bad, 0));
  T("utimes times (void*)1", syscall(SYS_utimes, "file", one));
  T("utime times unmapped", syscall(SYS_utime, "file", bad));

  close(dfd);
  close(pp[0]);
  close(pp[1]);
  close(wo);
  close(fd);
  unlink("lnk");
  unlink("file");
  T("chdir /", chdir("/"));
  T("rmdir tmp", rmdir(dir));
  return 0;
}
