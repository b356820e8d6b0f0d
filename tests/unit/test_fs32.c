/* test_fs32.c — the i386 structure layouts and conversions of the file-system calls
 * (src/syscall/fs.h, sys_stat32.c, sys_dir32.c).  Oracle: the kernel's own i386
 * headers, compiled with gcc -m32 -S into the sizeof and offsetof of every structure
 * (probes/fs32_layout.c); never emu's output.  (The old stat's device encoding is
 * checked against the kernel by the differential test fs32_large.) */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "probe32_read.h"
#include "syscall/fs.h"

/* The probe: kernel uapi structures as an i386 program sees them (probes/fs32_layout.c,
 * compiled by gcc -m32 -S at build time: see probe32_read.h). */
static char *probe_text;

/* The probe's value for key ("stat64.st_ino", "flock64", ...). */
static long probe(const char *key) {
  char err[600];
  if (!probe_text && !(probe_text = probe32_load("fs32_layout", err, sizeof err)))
    cr_assert_fail("%s", err);
  long v = probe32_value(probe_text, key);
  if (v < 0) cr_assert_fail("the probe has no %s", key);
  return v;
}

#define OFF(kstruct, kfield, ours, field) \
  cr_expect_eq(offsetof(struct ours, field), (size_t)probe(#kstruct "." #kfield), #kfield)
#define SIZE(kstruct, ours) cr_expect_eq(sizeof(struct ours), (size_t)probe(#kstruct), #kstruct)

TestSuite(fs32_layout);

Test(fs32_layout, old_stat) {
  SIZE(stat, lx32_stat);
  OFF(stat, st_ino, lx32_stat, st_ino);
  OFF(stat, st_mode, lx32_stat, st_mode);
  OFF(stat, st_nlink, lx32_stat, st_nlink);
  OFF(stat, st_uid, lx32_stat, st_uid);
  OFF(stat, st_gid, lx32_stat, st_gid);
  OFF(stat, st_rdev, lx32_stat, st_rdev);
  OFF(stat, st_size, lx32_stat, st_size);
  OFF(stat, st_blksize, lx32_stat, st_blksize);
  OFF(stat, st_blocks, lx32_stat, st_blocks);
  OFF(stat, st_atime, lx32_stat, st_atime_sec);
  OFF(stat, st_mtime_nsec, lx32_stat, st_mtime_nsec);
  OFF(stat, st_ctime_nsec, lx32_stat, st_ctime_nsec);
}

Test(fs32_layout, stat64) {
  SIZE(stat64, lx32_stat64);
  OFF(stat64, __st_ino, lx32_stat64, st_ino32);
  OFF(stat64, st_mode, lx32_stat64, st_mode);
  OFF(stat64, st_nlink, lx32_stat64, st_nlink);
  OFF(stat64, st_uid, lx32_stat64, st_uid);
  OFF(stat64, st_gid, lx32_stat64, st_gid);
  OFF(stat64, st_rdev, lx32_stat64, st_rdev);
  OFF(stat64, st_size, lx32_stat64, st_size);
  OFF(stat64, st_blksize, lx32_stat64, st_blksize);
  OFF(stat64, st_blocks, lx32_stat64, st_blocks);
  OFF(stat64, st_atime, lx32_stat64, st_atime_sec);
  OFF(stat64, st_mtime_nsec, lx32_stat64, st_mtime_nsec);
  OFF(stat64, st_ctime, lx32_stat64, st_ctime_sec);
  OFF(stat64, st_ctime_nsec, lx32_stat64, st_ctime_nsec);
  OFF(stat64, st_ino, lx32_stat64, st_ino);
}

Test(fs32_layout, statfs) {
  SIZE(statfs, lx32_statfs);
  OFF(statfs, f_bsize, lx32_statfs, f_bsize);
  OFF(statfs, f_blocks, lx32_statfs, f_blocks);
  OFF(statfs, f_ffree, lx32_statfs, f_ffree);
  OFF(statfs, f_fsid, lx32_statfs, f_fsid);
  OFF(statfs, f_namelen, lx32_statfs, f_namelen);
  OFF(statfs, f_frsize, lx32_statfs, f_frsize);
  OFF(statfs, f_flags, lx32_statfs, f_flags);
  OFF(statfs, f_spare, lx32_statfs, f_spare);
}

Test(fs32_layout, statfs64) {
  SIZE(statfs64, lx32_statfs64);
  OFF(statfs64, f_bsize, lx32_statfs64, f_bsize);
  OFF(statfs64, f_blocks, lx32_statfs64, f_blocks);
  OFF(statfs64, f_bfree, lx32_statfs64, f_bfree);
  OFF(statfs64, f_bavail, lx32_statfs64, f_bavail);
  OFF(statfs64, f_files, lx32_statfs64, f_files);
  OFF(statfs64, f_ffree, lx32_statfs64, f_ffree);
  OFF(statfs64, f_fsid, lx32_statfs64, f_fsid);
  OFF(statfs64, f_namelen, lx32_statfs64, f_namelen);
  OFF(statfs64, f_frsize, lx32_statfs64, f_frsize);
  OFF(statfs64, f_flags, lx32_statfs64, f_flags);
  OFF(statfs64, f_spare, lx32_statfs64, f_spare);
}

Test(fs32_layout, flock) {
  SIZE(flock, lx32_flock);
  OFF(flock, l_whence, lx32_flock, l_whence);
  OFF(flock, l_start, lx32_flock, l_start);
  OFF(flock, l_len, lx32_flock, l_len);
  OFF(flock, l_pid, lx32_flock, l_pid);
  SIZE(flock64, lx32_flock64);
  OFF(flock64, l_start, lx32_flock64, l_start);
  OFF(flock64, l_len, lx32_flock64, l_len);
  OFF(flock64, l_pid, lx32_flock64, l_pid);
  cr_expect_eq(LX_F_GETLK64, probe("F_GETLK64"));
  cr_expect_eq(LX_F_SETLK64, probe("F_SETLK64"));
  cr_expect_eq(LX_F_SETLKW64, probe("F_SETLKW64"));
  cr_expect_eq(LX_O_LARGEFILE, probe("O_LARGEFILE"));
}

Test(fs32_layout, times) {
  SIZE(old_timespec32, lx32_timespec);
  SIZE(old_timeval32, lx32_timeval);
  SIZE(utimbuf, lx32_utimbuf);
}

/* --- conversions ----------------------------------------------------------- */

TestSuite(fs32_convert);

Test(fs32_convert, stat_overflows) {
  struct stat s;
  memset(&s, 0, sizeof s);
  s.st_size = 0x7fffffff;
  s.st_nlink = 65535;
  s.st_ino = 0xffffffffu;
  struct lx32_stat g;
  cr_expect_eq(fs32_stat_from_host(&g, &s), 0);
  cr_expect_eq(g.st_size, 0x7fffffffu);
  s.st_size = 0x80000000ll;
  cr_expect_eq(fs32_stat_from_host(&g, &s), -EOVERFLOW);
  s.st_size = 0;
  s.st_nlink = 65536;
  cr_expect_eq(fs32_stat_from_host(&g, &s), -EOVERFLOW);
  s.st_nlink = 1;
  s.st_ino = 0x100000000ull;
  cr_expect_eq(fs32_stat_from_host(&g, &s), -EOVERFLOW);
}

Test(fs32_convert, high2low) {
  cr_expect_eq(fs32_high2low(1000, 65534), 1000);
  cr_expect_eq(fs32_high2low(65535, 65534), 65535);
  cr_expect_eq(fs32_high2low(65536, 65534), 65534);
}

Test(fs32_convert, statfs_overflow_rules) {
  struct statfs s;
  memset(&s, 0, sizeof s);
  s.f_bsize = 4096;
  s.f_blocks = 1ull << 32;
  s.f_files = (fsfilcnt_t)-1;
  struct lx32_statfs g;
  struct lx32_statfs64 g64;
  cr_expect_eq(fs32_statfs_from_host(&g, &s), -EOVERFLOW); /* 32-bit block count */
  cr_expect_eq(fs32_statfs64_from_host(&g64, &s), 0);
  cr_expect_eq(g64.f_blocks, 1ull << 32);
  s.f_blocks = 10;
  cr_expect_eq(fs32_statfs_from_host(&g, &s), 0); /* f_files -1 fits */
  cr_expect_eq(g.f_files, 0xffffffffu);
  s.f_files = 1ull << 32;
  cr_expect_eq(fs32_statfs_from_host(&g, &s), -EOVERFLOW);
}

Test(fs32_convert, ext4_hash_positions) {
  /* fs/ext4/dir.c hash2pos: 64-bit (major>>1)<<32 | minor, 32-bit major>>1 */
  u32 major = 0x9abcdef2, minor = 0x1234;
  i64 pos64 = (i64)((u64)(major >> 1) << 32 | minor);
  cr_expect_eq(fs32_dir_pos_to_guest(pos64), major >> 1);
  cr_expect_eq(fs32_dir_pos_to_host(major >> 1), (i64)((u64)(major >> 1) << 32));
  cr_expect_eq(fs32_dir_pos_to_guest(0x7fffffffffffffffll), 0x7fffffff); /* the end */
  cr_expect_eq(fs32_dir_pos_to_host(0x7fffffff), 0x7fffffffffffffffll);
}

Test(fs32_convert, dirent_reclen) {
  /* compat_filldir: ALIGN(offsetof(d_name) + namlen + 2, 4) */
  cr_expect_eq(lx32_dirent_reclen(1), 16);
  cr_expect_eq(lx32_dirent_reclen(2), 16);
  cr_expect_eq(lx32_dirent_reclen(4), 16);
  cr_expect_eq(lx32_dirent_reclen(5), 20);
}
