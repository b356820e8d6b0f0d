/* fs_xfer.c — openat2 (struct open_how: size checks, unknown flags, E2BIG for
 * nonzero trailing bytes, RESOLVE_BENEATH), copy_file_range, splice and tee with and
 * without offsets (offsets written back), vmsplice both ways (iovec layouts of
 * each ABI), readahead, sync_file_range, and bad offset
 * pointers (EFAULT after EBADF).  Works in a fresh mkdtemp directory under /tmp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static const char *ename(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT";
  case E2BIG: return "E2BIG";
  case EXDEV: return "EXDEV";
  case ESPIPE: return "ESPIPE";
  case EEXIST: return "EEXIST";
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

struct how {
  uint64_t flags, mode, resolve;
  uint64_t extra;
};

int main(void) {
  char dir[] = "/tmp/emu_fs_xfer_XXXXXX";
  char buf[64];
  if (!mkdtemp(dir) || chdir(dir)) return 1;
  syscall(SYS_close_range, 3, ~0u, 0); /* descriptors inherited from the runner */
  char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  printf("-- openat2\n");
  struct how h = {O_RDWR | O_CREAT, 0600, 0, 0};
  T("openat2 create", syscall(SYS_openat2, AT_FDCWD, "src", &h, 24));
  T("openat2 size 16", syscall(SYS_openat2, AT_FDCWD, "src", &h, 16));
  T("openat2 size 5000", syscall(SYS_openat2, AT_FDCWD, "src", &h, 5000));
  T("openat2 size 32, zero tail", syscall(SYS_openat2, AT_FDCWD, "src", &h, 32) >= 0);
  h.extra = 1;
  T("openat2 size 32, nonzero tail", syscall(SYS_openat2, AT_FDCWD, "src", &h, 32));
  h.extra = 0;
  T("openat2 how unmapped", syscall(SYS_openat2, AT_FDCWD, "src", bad, 24));
  T("openat2 path unmapped", syscall(SYS_openat2, AT_FDCWD, bad, &h, 24));
  struct how h2 = {O_RDONLY, 0600, 0, 0};
  T("openat2 mode without O_CREAT", syscall(SYS_openat2, AT_FDCWD, "src", &h2, 24));
  struct how h3 = {O_RDONLY, 0, 0x08 /* RESOLVE_BENEATH */, 0};
  T("openat2 RESOLVE_BENEATH /etc", syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &h3, 24));
  T("openat2 RESOLVE_BENEATH src", syscall(SYS_openat2, AT_FDCWD, "src", &h3, 24) >= 0);
  struct how h4 = {O_RDONLY, 0, 0x80000, 0};
  T("openat2 unknown resolve bit", syscall(SYS_openat2, AT_FDCWD, "src", &h4, 24));
  struct how h5 = {O_RDONLY, 0, 0, 0};
  T("openat2 /proc/self/exe", syscall(SYS_openat2, AT_FDCWD, "/proc/self/exe", &h5, 24) >= 0);

  printf("-- copy_file_range\n");
  int src = open("src", O_RDWR);
  int dst = open("dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
  T("write src", write(src, "0123456789abcdef", 16));
  long long oi = 2, oo = 0;
  T("copy_file_range with offsets", syscall(SYS_copy_file_range, src, &oi, dst, &oo, 5, 0));
  printf("  off_in %lld off_out %lld\n", oi, oo);
  T("lseek src cur (unchanged)", lseek(src, 0, SEEK_CUR));
  T("lseek src 10", lseek(src, 10, SEEK_SET));
  T("copy_file_range no offsets", syscall(SYS_copy_file_range, src, NULL, dst, NULL, 100, 0));
  T("lseek src cur", lseek(src, 0, SEEK_CUR));
  memset(buf, 0, sizeof buf); /* only 11 bytes are read: print no stack garbage */
  T("pread dst", pread(dst, buf, sizeof buf, 0));
  buf[11] = 0;
  printf("  dst '%s'\n", buf);
  T("copy_file_range bad flags", syscall(SYS_copy_file_range, src, NULL, dst, NULL, 1, 1));
  T("copy_file_range off_in unmapped", syscall(SYS_copy_file_range, src, bad, dst, NULL, 1, 0));
  T("copy_file_range bad fd, unmapped", syscall(SYS_copy_file_range, 99, bad, dst, NULL, 1, 0));
  oi = 100;
  T("copy_file_range past EOF", syscall(SYS_copy_file_range, src, &oi, dst, NULL, 5, 0));
  printf("  off_in %lld\n", oi);

  printf("-- splice, tee\n");
  int p[2], q[2];
  if (pipe(p) || pipe(q)) return 2;
  long long off = 4;
  T("splice file->pipe at 4", syscall(SYS_splice, src, &off, p[1], NULL, 6, 0));
  printf("  off %lld\n", off);
  T("tee pipe->pipe", syscall(SYS_tee, p[0], q[1], 100, 0));
  memset(buf, 0, sizeof buf);
  T("read tee copy", read(q[0], buf, sizeof buf));
  printf("  '%s'\n", buf);
  off = 0;
  T("splice pipe->file at 0", syscall(SYS_splice, p[0], NULL, dst, &off, 100, 0));
  printf("  off %lld\n", off);
  T("splice with offset on pipe", syscall(SYS_splice, p[0], &off, dst, NULL, 1, 0));
  T("splice off unmapped", syscall(SYS_splice, src, bad, p[1], NULL, 1, 0));
  T("splice file->file", syscall(SYS_splice, src, NULL, dst, NULL, 1, 0));
  T("tee file", syscall(SYS_tee, src, q[1], 1, 0));
  T("pread dst", pread(dst, buf, 16, 0));
  buf[16] = 0;
  printf("  dst '%s'\n", buf);

  printf("-- vmsplice\n");
  struct iovec w[2] = {{"hello ", 6}, {"world", 5}};
  T("vmsplice to a pipe", syscall(SYS_vmsplice, p[1], w, 2, 0));
  char r1[4] = {0}, r2[9] = {0};
  struct iovec r[2] = {{r1, 3}, {r2, 8}};
  T("vmsplice from a pipe", syscall(SYS_vmsplice, p[0], r, 2, 0));
  printf("  '%s' '%s'\n", r1, r2);
  T("vmsplice bad flags", syscall(SYS_vmsplice, p[1], w, 1, 0x100));
  T("vmsplice bad fd", syscall(SYS_vmsplice, 0x3ff, w, 1, 0));
  T("vmsplice not a pipe", syscall(SYS_vmsplice, src, w, 1, 0));
  T("vmsplice bad fd, bad iov", syscall(SYS_vmsplice, 0x3ff, bad, 1, 0));
  T("vmsplice iov PROT_NONE", syscall(SYS_vmsplice, p[1], bad, 1, 0));
  struct iovec wb = {bad, 4};
  T("vmsplice base PROT_NONE", syscall(SYS_vmsplice, p[1], &wb, 1, 0));
  T("vmsplice too many", syscall(SYS_vmsplice, p[1], w, 1025, 0));
  T("vmsplice none", syscall(SYS_vmsplice, p[1], w, 0, 0));
  T("vmsplice gift", syscall(SYS_vmsplice, p[1], w, 2, 0x8 | 0x2 /* GIFT|NONBLOCK */));
  T("drain", read(p[0], buf, sizeof buf));

  printf("-- readahead, sync_file_range\n");
  T("readahead", syscall(SYS_readahead, src, 0, 4096));
  T("readahead pipe", syscall(SYS_readahead, p[0], 0, 4096));
  T("sync_file_range", syscall(SYS_sync_file_range, dst, 0, 0, 2 /* WRITE */));
  T("sync_file_range bad flags", syscall(SYS_sync_file_range, dst, 0, 0, 0x100));
  T("sync_file_range negative", syscall(SYS_sync_file_range, dst, -1, 0, 2));

  close(src);
  close(dst);
  unlink("src");
  unlink("dst");
  T("chdir /", chdir("/"));
  T("rmdir tmp", rmdir(dir));
  return 0;
}
