/* fs32_large.c — i386 file-system calls with 64-bit offsets and i386 layouts: a sparse
 * file past 4 GiB through ftruncate64/truncate64, stat64 (packed, padding left alone)
 * and the old stat's EOVERFLOW, _llseek and the 32-bit lseek, pread64/pwrite64 and
 * preadv/pwritev with split offsets, open without O_LARGEFILE (EOVERFLOW, F_GETFL of
 * the file and its dups, writes and ftruncate64 at the 2 GiB limit), fallocate, fadvise64(_64), sync_file_range, readahead, sendfile with a 32-bit off_t,
 * fcntl/fcntl64 locks (struct flock and flock64), statfs/statfs64, the 32-bit time
 * structures of utime/utimes/utimensat, the 16-bit chown calls, and the device
 * number of /dev/null through the old stat and stat64.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void T(const char *what, long r) {
  if (r < 0)
    printf("%-36s = -1 %s\n", what, strerrorname_np(errno));
  else
    printf("%-36s = %ld\n", what, r);
  errno = 0;
}

#define LO(x) ((unsigned)(unsigned long long)(x))
#define HI(x) ((unsigned)((unsigned long long)(x) >> 32))

/* struct stat64 of i386 (asm/stat.h), packed: 96 bytes */
struct k_stat64 {
  unsigned long long st_dev;
  unsigned char pad0[4];
  unsigned int st_ino32, st_mode, st_nlink, st_uid, st_gid;
  unsigned long long st_rdev;
  unsigned char pad3[4];
  long long st_size;
  unsigned int st_blksize;
  unsigned long long st_blocks;
  unsigned int atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
  unsigned long long st_ino;
} __attribute__((packed));
/* struct stat of i386 (the kernel's old one): 64 bytes */
struct k_stat {
  unsigned int st_dev, st_ino;
  unsigned short st_mode, st_nlink, st_uid, st_gid;
  unsigned int st_rdev, st_size, st_blksize, st_blocks;
  unsigned int atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns, unused4, unused5;
};
struct k_flock {
  short l_type, l_whence;
  int l_start, l_len, l_pid;
};
struct k_flock64 {
  short l_type, l_whence;
  long long l_start, l_len;
  int l_pid;
} __attribute__((packed));
struct k_statfs64 {
  unsigned int f_type, f_bsize;
  unsigned long long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
  int f_fsid[2];
  unsigned int f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed, aligned(4)));
struct k_statfs {
  int f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid[2], f_namelen,
      f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct k_stat64) == 96 && sizeof(struct k_stat) == 64, "stat");
_Static_assert(sizeof(struct k_flock64) == 24 && sizeof(struct k_statfs64) == 84, "sizes");

static const long long G = 1ll << 30;

static void show_stat64(const char *what, const char *path, int flags) {
  struct k_stat64 s;
  memset(&s, 0xaa, sizeof s);
  errno = 0;
  long r = syscall(SYS_fstatat64, AT_FDCWD, path, &s, flags);
  T(what, r);
  if (r) return;
  printf("  size %lld blocks %llu mode %o nlink %u ino32==ino %d pads %02x%02x%02x%02x/%02x\n",
         s.st_size, s.st_blocks, s.st_mode, s.st_nlink, s.st_ino32 == (unsigned)s.st_ino, s.pad0[0],
         s.pad0[1], s.pad0[2], s.pad0[3], s.pad3[3]);
}

int main(void) {
  char buf[64];
  long long res;
  int big = syscall(SYS_open, "big", O_RDWR | O_CREAT | O_TRUNC | O_LARGEFILE, 0644);
  T("open big O_LARGEFILE", big >= 0);
  long long len = 5 * G + 123;
  T("ftruncate64 5G+123", syscall(SYS_ftruncate64, big, LO(len), HI(len)));
  show_stat64("fstatat64 big", "big", 0);
  T("symlink", symlink("big", "lnk"));
  show_stat64("fstatat64 lnk nofollow", "lnk", AT_SYMLINK_NOFOLLOW);
  struct k_stat64 s64;
  memset(&s64, 0, sizeof s64);
  T("stat64", syscall(SYS_stat64, "lnk", &s64));
  printf("  size %lld\n", s64.st_size);
  T("lstat64", syscall(SYS_lstat64, "lnk", &s64));
  printf("  size %lld\n", s64.st_size);
  T("fstat64", syscall(SYS_fstat64, big, &s64));
  printf("  size %lld\n", s64.st_size);
  struct k_stat os;
  T("old stat big", syscall(SYS_stat, "big", &os));
  T("old fstat big", syscall(SYS_fstat, big, &os));
  memset(&os, 0xaa, sizeof os);
  T("old lstat lnk", syscall(SYS_lstat, "lnk", &os));
  printf("  size %u mode %o nlink %u unused %x %x\n", os.st_size, os.st_mode, os.st_nlink,
         os.unused4, os.unused5);
  T("old stat big, bad buffer", syscall(SYS_stat, "lnk", (void *)16));
  /* device numbers: the old stat's 32-bit encoding and stat64's, for a character
   * device whose numbers are fixed (1:3) */
  T("old stat /dev/null", syscall(SYS_stat, "/dev/null", &os));
  printf("  rdev %#x\n", os.st_rdev);
  T("stat64 /dev/null", syscall(SYS_stat64, "/dev/null", &s64));
  printf("  rdev %#llx\n", s64.st_rdev);

  printf("-- seeking\n");
  T("_llseek 4G+16", syscall(SYS__llseek, big, 1, 16, &res, SEEK_SET));
  printf("  result %lld\n", res);
  T("lseek SEEK_CUR (32-bit)", syscall(SYS_lseek, big, 0, SEEK_CUR));
  T("_llseek SEEK_END -3", syscall(SYS__llseek, big, 0xffffffffu, 0xfffffffdu, &res, SEEK_END));
  printf("  result %lld\n", res);
  T("_llseek bad whence", syscall(SYS__llseek, big, 0, 0, &res, 7));
  T("_llseek bad fd", syscall(SYS__llseek, 99, 0, 0, &res, SEEK_SET));
  T("_llseek negative", syscall(SYS__llseek, big, 0x80000000u, 0, &res, SEEK_SET));
  T("_llseek bad result ptr", syscall(SYS__llseek, big, 0, 77, (void *)16, SEEK_SET));
  T("_llseek SEEK_CUR after it", syscall(SYS__llseek, big, 0, 0, &res, SEEK_CUR));
  printf("  result %lld\n", res);
  T("lseek SEEK_SET -1", syscall(SYS_lseek, big, -1, SEEK_SET));
  T("lseek SEEK_END", syscall(SYS_lseek, big, 0, SEEK_END));

  printf("-- split offsets\n");
  long long at = 4 * G + 100;
  T("pwrite64 @4G+100", syscall(SYS_pwrite64, big, "hello", 5, LO(at), HI(at)));
  memset(buf, 0, sizeof buf);
  T("pread64 @4G+100", syscall(SYS_pread64, big, buf, 5, LO(at), HI(at)));
  printf("  '%s'\n", buf);
  struct iovec iv[2] = {{buf, 2}, {buf + 10, 3}};
  memset(buf, 0, sizeof buf);
  T("preadv @4G+100", syscall(SYS_preadv, big, iv, 2, LO(at), HI(at)));
  printf("  '%s' '%s'\n", buf, buf + 10);
  T("pwritev @4G+200", syscall(SYS_pwritev, big, iv, 2, LO(at + 100), HI(at + 100)));
  T("preadv2 pos -1", syscall(SYS_preadv2, big, iv, 1, 0xffffffffu, 0xffffffffu, 0));
  struct iovec neg = {buf, 0x80000000u};
  T("readv iov_len 2^31", syscall(SYS_readv, big, &neg, 1));
  T("pread64 negative", syscall(SYS_pread64, big, buf, 1, 0, 0x80000000u));
  T("fallocate @4G+8192 4096",
    syscall(SYS_fallocate, big, 0, LO(4 * G + 8192), HI(4 * G), 4096, 0));
  show_stat64("fstatat64 big", "big", 0);
  T("fadvise64 @4G", syscall(SYS_fadvise64, big, 0, 1, 4096, POSIX_FADV_WILLNEED));
  T("fadvise64 bad advice", syscall(SYS_fadvise64, big, 0, 1, 4096, 99));
  T("fadvise64_64 len -1", syscall(SYS_fadvise64_64, big, 0, 1, 0xffffffffu, 0xffffffffu, 0));
  T("fadvise64_64 @4G", syscall(SYS_fadvise64_64, big, 0, 1, 0, 1, POSIX_FADV_DONTNEED));
  T("sync_file_range @4G", syscall(SYS_sync_file_range, big, 0, 1, 4096, 0, 0));
  T("sync_file_range negative", syscall(SYS_sync_file_range, big, 0, 0x80000000u, 1, 0, 0));
  T("readahead @4G", syscall(SYS_readahead, big, 0, 1, 4096));
  T("truncate64 24G", syscall(SYS_truncate64, "big", 0, 6));
  show_stat64("fstatat64 big", "big", 0);

  printf("-- O_LARGEFILE\n");
  T("open big without O_LARGEFILE", syscall(SYS_open, "big", O_RDONLY));
  T("openat big without O_LARGEFILE", syscall(SYS_openat, AT_FDCWD, "big", O_RDONLY));
  T("open big O_PATH", syscall(SYS_open, "big", O_PATH) >= 0);
  int sm = syscall(SYS_open, "small", O_RDWR | O_CREAT, 0644);
  T("F_GETFL without O_LARGEFILE", syscall(SYS_fcntl64, sm, F_GETFL));
  T("F_GETFL with O_LARGEFILE", syscall(SYS_fcntl64, big, F_GETFL));
  int cr = syscall(SYS_creat, "created", 0644);
  T("F_GETFL of creat", syscall(SYS_fcntl, cr, F_GETFL));
  T("pwrite64 @2G, no O_LARGEFILE", syscall(SYS_pwrite64, sm, "x", 1, 0x80000000u, 0));
  T("ftruncate64 4G, no O_LARGEFILE", syscall(SYS_ftruncate64, sm, 0, 1));
  /* The flag belongs to the open file: a dup shares it, and write() at the file's own
   * offset meets the same limit, a write crossing it is cut there. */
  int sd = syscall(SYS_dup, sm), s3 = syscall(SYS_fcntl64, sm, F_DUPFD, 40);
  T("F_GETFL of its dup", syscall(SYS_fcntl64, sd, F_GETFL));
  T("F_GETFL of its F_DUPFD", syscall(SYS_fcntl64, s3, F_GETFL));
  loff_t pos = 0;
  T("_llseek to 2G - 2", syscall(SYS__llseek, sd, 0, 0x7ffffffeu, &pos, SEEK_SET));
  T("write 4 across 2G - 1, no O_LARGEFILE", syscall(SYS_write, sd, "abcd", 4));
  T("write at 2G - 1, no O_LARGEFILE", syscall(SYS_write, sd, "abcd", 4));
  T("writev at 2G - 1, no O_LARGEFILE", syscall(SYS_writev, sd, &(struct iovec){"ab", 2}, 1));
  T("ftruncate64 back to 0", syscall(SYS_ftruncate64, sd, 0, 0));
  close(sd);
  close(s3);
  int re = syscall(SYS_open, "small", O_RDWR | O_LARGEFILE);
  T("F_GETFL of a reopen with O_LARGEFILE", syscall(SYS_fcntl64, re, F_GETFL));
  T("write at 2G - 1, O_LARGEFILE", syscall(SYS_pwrite64, re, "ab", 2, 0x7fffffffu, 0));
  T("ftruncate64 back to 0 again", syscall(SYS_ftruncate64, re, 0, 0));
  close(re);
  T("ftruncate -1", syscall(SYS_ftruncate, sm, -1));
  T("ftruncate 100", syscall(SYS_ftruncate, sm, 100));
  T("truncate 50", syscall(SYS_truncate, "small", 50));
  T("lseek SEEK_END small", syscall(SYS_lseek, sm, 0, SEEK_END));

  printf("-- sendfile\n");
  int pp[2];
  T("pipe", pipe(pp));
  int off32 = 0x7ffffff0;
  T("sendfile off 2G-16 count 100", syscall(SYS_sendfile, pp[1], big, &off32, 100));
  printf("  off %#x\n", off32);
  T("sendfile off 2G-1", syscall(SYS_sendfile, pp[1], big, &off32, 100));
  printf("  off %#x\n", off32);
  T("sendfile off 2G-1, bad in fd", syscall(SYS_sendfile, pp[1], 99, &off32, 100));
  off32 = -5;
  T("sendfile off -5", syscall(SYS_sendfile, pp[1], big, &off32, 100));
  printf("  off %d\n", off32);
  long long off64 = at;
  T("sendfile64 @4G+100", syscall(SYS_sendfile64, pp[1], big, &off64, 5));
  printf("  off %lld\n", off64);

  printf("-- locks\n");
  int b2 = syscall(SYS_open, "big", O_RDWR | O_LARGEFILE);
  struct k_flock64 l64 = {F_WRLCK, SEEK_SET, 5 * G, 10, 0};
  T("F_OFD_SETLK @5G", syscall(SYS_fcntl64, big, F_OFD_SETLK, &l64));
  memset(&l64, 0, sizeof l64);
  l64.l_type = F_WRLCK;
  T("F_OFD_GETLK", syscall(SYS_fcntl64, b2, F_OFD_GETLK, &l64));
  printf("  type %d start %lld len %lld pid %d\n", l64.l_type, l64.l_start, l64.l_len, l64.l_pid);
  memset(&l64, 0, sizeof l64);
  l64.l_type = F_WRLCK;
  T("F_GETLK64", syscall(SYS_fcntl64, b2, 12 /* F_GETLK64 */, &l64));
  printf("  type %d start %lld len %lld pid %d\n", l64.l_type, l64.l_start, l64.l_len, l64.l_pid);
  struct k_flock l = {F_WRLCK, SEEK_SET, 0, 0, 0};
  T("F_GETLK (32-bit off_t) past 2G", syscall(SYS_fcntl64, b2, F_GETLK, &l));
  T("fcntl (55) F_GETLK past 2G", syscall(SYS_fcntl, b2, F_GETLK, &l));
  l64 = (struct k_flock64){F_WRLCK, SEEK_SET, G, 3 * G, 0};
  T("F_OFD_SETLK @1G len 3G", syscall(SYS_fcntl64, big, F_OFD_SETLK, &l64));
  l = (struct k_flock){F_WRLCK, SEEK_SET, 0, 0, 0};
  T("F_GETLK (32-bit off_t)", syscall(SYS_fcntl64, b2, F_GETLK, &l));
  printf("  type %d start %d len %d pid %d\n", l.l_type, l.l_start, l.l_len, l.l_pid);
  l = (struct k_flock){F_RDLCK, SEEK_SET, 0, 100, 0};
  T("F_SETLK (32-bit off_t) 0..100", syscall(SYS_fcntl, b2, F_SETLK, &l));
  struct k_flock64 w = {F_WRLCK, SEEK_SET, 50, 10, 0};
  T("F_OFD_GETLK sees it", syscall(SYS_fcntl64, big, F_OFD_GETLK, &w));
  printf("  type %d start %lld len %lld\n", w.l_type, w.l_start, w.l_len);
  l64 = (struct k_flock64){F_WRLCK, SEEK_SET, 6 * G, 1, 0};
  T("F_SETLK64 @6G", syscall(SYS_fcntl64, b2, 13 /* F_SETLK64 */, &l64));
  T("F_SETLKW64 @6G+8",
    syscall(SYS_fcntl64, b2, 14, &(struct k_flock64){F_WRLCK, 0, 6 * G + 8, 1, 0}));
  T("F_GETLK64 bad pointer", syscall(SYS_fcntl64, b2, 12, (void *)16));
  T("F_GETLK64 bad fd, bad pointer", syscall(SYS_fcntl64, 99, 12, (void *)16));
  T("F_SETLK bad pointer", syscall(SYS_fcntl, b2, F_SETLK, (void *)16));

  printf("-- statfs\n");
  struct k_statfs64 f64;
  T("statfs64 size 84", syscall(SYS_statfs64, ".", 84, &f64));
  printf("  type %#x bsize %u namelen %u blocks>0 %d\n", f64.f_type, f64.f_bsize, f64.f_namelen,
         f64.f_blocks > 0);
  T("statfs64 size 88", syscall(SYS_statfs64, ".", 88, &f64));
  T("statfs64 size 88, bad path", syscall(SYS_statfs64, (void *)16, 88, &f64));
  T("fstatfs64", syscall(SYS_fstatfs64, big, 84, &f64));
  T("fstatfs64 size 0", syscall(SYS_fstatfs64, big, 0, &f64));
  struct k_statfs f;
  memset(&f, 0xaa, sizeof f);
  T("statfs (32-bit)", syscall(SYS_statfs, ".", &f));
  printf("  type %#x bsize %d namelen %d spare %d\n", f.f_type, f.f_bsize, f.f_namelen,
         f.f_spare[3]);
  T("fstatfs (32-bit)", syscall(SYS_fstatfs, big, &f));

  printf("-- times\n");
  int tb[2] = {1000, 2000};
  T("utime (32-bit utimbuf)", syscall(SYS_utime, "small", tb));
  show_stat64("fstatat64 small", "small", 0);
  T("stat64", syscall(SYS_stat64, "small", &s64));
  printf("  atime %u.%u mtime %u.%u\n", s64.atime, s64.atime_ns, s64.mtime, s64.mtime_ns);
  int tv[4] = {3000, 5, 4000, 999999};
  T("utimes (32-bit timeval)", syscall(SYS_utimes, "small", tv));
  T("stat64", syscall(SYS_stat64, "small", &s64));
  printf("  atime %u.%u mtime %u.%u\n", s64.atime, s64.atime_ns, s64.mtime, s64.mtime_ns);
  int tvbad[4] = {3000, 1000000, 4000, 0};
  T("utimes usec 10^6", syscall(SYS_utimes, "small", tvbad));
  T("futimesat", syscall(SYS_futimesat, AT_FDCWD, "small", tv));
  int ts[4] = {5000, 7, 6000, (1 << 30) - 2 /* UTIME_OMIT */};
  T("utimensat (32-bit timespec)", syscall(SYS_utimensat, AT_FDCWD, "small", ts, 0));
  T("stat64", syscall(SYS_stat64, "small", &s64));
  printf("  atime %u.%u mtime %u.%u\n", s64.atime, s64.atime_ns, s64.mtime, s64.mtime_ns);
  int omit[4] = {0, (1 << 30) - 2, 0, (1 << 30) - 2};
  T("utimensat both OMIT, bad path", syscall(SYS_utimensat, AT_FDCWD, (void *)16, omit, 0));
  long long ts64[4] = {7000, 0x1234567800000009ll, 8000, 11};
  T("utimensat_time64 nsec high bits", syscall(412, AT_FDCWD, "small", ts64, 0));
  T("stat64", syscall(SYS_stat64, "small", &s64));
  printf("  atime %u.%u mtime %u.%u\n", s64.atime, s64.atime_ns, s64.mtime, s64.mtime_ns);
  int negts[4] = {-1, 0, -2, 0};
  T("utimensat negative seconds", syscall(SYS_utimensat, AT_FDCWD, "small", negts, 0));
  struct k_stat64 n64;
  T("stat64", syscall(SYS_stat64, "small", &n64));
  printf("  atime %d mtime %d\n", (int)n64.atime, (int)n64.mtime);

  printf("-- 16-bit ids\n");
  unsigned uid = getuid(), gid = getgid();
  T("fchown16 -1 -1", syscall(SYS_fchown, sm, 0xffff, 0xffff));
  T("chown16 uid gid", syscall(SYS_chown, "small", uid, gid));
  T("lchown16 lnk", syscall(SYS_lchown, "lnk", uid, 0xffff));
  T("fchown32 -1 -1", syscall(SYS_fchown32, sm, -1, -1));
  if (uid == 0) {
    T("chown32 70000", syscall(SYS_chown32, "small", 70000, 70001));
    T("old stat", syscall(SYS_stat, "small", &os));
    printf("  uid %u gid %u\n", os.st_uid, os.st_gid);
    T("stat64", syscall(SYS_stat64, "small", &s64));
    printf("  uid %u gid %u\n", s64.st_uid, s64.st_gid);
    T("fchown16 0x10005 (low 16 bits)", syscall(SYS_fchown, sm, 0x10005, 0x20006));
    T("stat64", syscall(SYS_stat64, "small", &s64));
    printf("  uid %u gid %u\n", s64.st_uid, s64.st_gid);
  }
  unlink("big");
  unlink("small");
  unlink("created");
  unlink("lnk");
  return 0;
}
