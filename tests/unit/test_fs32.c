/* test_fs32.c — the i386 structure layouts and conversions of the file-system calls
 * (src/syscall/fs.h, sys_stat32.c, sys_dir32.c).  Oracle: the kernel's own i386
 * headers, compiled with gcc -m32 at test time into a program that prints sizeof and
 * offsetof of every structure (and runs the old stat on /dev/null natively); never
 * emu's output. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "syscall/fs.h"

/* The probe: kernel uapi structures as an i386 program sees them. */
static const char probe_src[] =
    "#include <stddef.h>\n#include <stdio.h>\n#include <asm/stat.h>\n#include <asm/statfs.h>\n"
    "#include <linux/fcntl.h>\n#include <linux/time_types.h>\n#include <linux/utime.h>\n"
    "#define P(s, f) printf(#s \".\" #f \" %zu\\n\", offsetof(struct s, f))\n"
    "#define S(s) printf(#s \" %zu\\n\", sizeof(struct s))\n"
    "int main(void) {\n"
    "  S(stat); P(stat, st_ino); P(stat, st_mode); P(stat, st_nlink); P(stat, st_uid);\n"
    "  P(stat, st_gid); P(stat, st_rdev); P(stat, st_size); P(stat, st_blksize);\n"
    "  P(stat, st_blocks); P(stat, st_atime); P(stat, st_mtime_nsec); P(stat, st_ctime_nsec);\n"
    "  S(stat64); P(stat64, __st_ino); P(stat64, st_mode); P(stat64, st_nlink);\n"
    "  P(stat64, st_uid); P(stat64, st_gid); P(stat64, st_rdev); P(stat64, st_size);\n"
    "  P(stat64, st_blksize); P(stat64, st_blocks); P(stat64, st_atime);\n"
    "  P(stat64, st_mtime_nsec); P(stat64, st_ctime); P(stat64, st_ctime_nsec);\n"
    "  P(stat64, st_ino);\n"
    "  S(statfs); P(statfs, f_bsize); P(statfs, f_blocks); P(statfs, f_ffree);\n"
    "  P(statfs, f_fsid); P(statfs, f_namelen); P(statfs, f_frsize); P(statfs, f_flags);\n"
    "  P(statfs, f_spare);\n"
    "  S(statfs64); P(statfs64, f_bsize); P(statfs64, f_blocks); P(statfs64, f_bfree);\n"
    "  P(statfs64, f_bavail); P(statfs64, f_files); P(statfs64, f_ffree);\n"
    "  P(statfs64, f_fsid); P(statfs64, f_namelen); P(statfs64, f_frsize);\n"
    "  P(statfs64, f_flags); P(statfs64, f_spare);\n"
    "  S(flock); P(flock, l_whence); P(flock, l_start); P(flock, l_len); P(flock, l_pid);\n"
    "  S(flock64); P(flock64, l_start); P(flock64, l_len); P(flock64, l_pid);\n"
    "  printf(\"old_timespec32 %zu\\n\", sizeof(struct __kernel_old_timespec));\n"
    "  printf(\"old_timeval32 %zu\\n\", sizeof(struct __kernel_old_timeval));\n"
    "  S(utimbuf);\n"
    "  printf(\"F_GETLK64 %d\\nF_SETLK64 %d\\nF_SETLKW64 %d\\n\", F_GETLK64, F_SETLK64,\n"
    "         F_SETLKW64);\n"
    "  printf(\"O_LARGEFILE %d\\n\", O_LARGEFILE);\n"
    "  struct stat s; long r;\n"
    "  __asm__ volatile(\"int $0x80\" : \"=a\"(r) : \"a\"(106), \"b\"(\"/dev/null\"), \"c\"(&s)\n"
    "                   : \"memory\");\n"
    "  if (!r) printf(\"devnull.rdev %lu\\n\", (unsigned long)s.st_rdev);\n"
    "  return 0;\n}\n";

static char probe_out[8192];
static bool probe_ok;

static void run_probe(void) {
  if (probe_ok) return;
  char dir[] = "/tmp/emu_fs32_XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  char src[128], exe[128], cmd[512];
  snprintf(src, sizeof src, "%s/p.c", dir);
  snprintf(exe, sizeof exe, "%s/p", dir);
  FILE *f = fopen(src, "w");
  cr_assert_not_null(f);
  fputs(probe_src, f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "gcc -m32 -w -o %s %s 2>&1 && %s", exe, src, exe);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  size_t n = fread(probe_out, 1, sizeof probe_out - 1, p);
  probe_out[n] = 0;
  int st = pclose(p);
  unlink(src);
  unlink(exe);
  rmdir(dir);
  if (st != 0) cr_skip_test("gcc -m32 cannot build the probe: %s", probe_out);
  probe_ok = true;
}

/* The probe's value for key ("stat64.st_ino", "flock64", ...). */
static long probe(const char *key) {
  run_probe();
  size_t k = strlen(key);
  for (const char *l = probe_out; *l; l = strchr(l, '\n') + 1) {
    if (!strncmp(l, key, k) && l[k] == ' ') return strtol(l + k + 1, NULL, 10);
    if (!strchr(l, '\n')) break;
  }
  cr_assert_fail("probe has no %s:\n%s", key, probe_out);
  return -1;
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

Test(fs32_layout, encode_dev_as_the_native_old_stat) {
  struct stat s;
  cr_assert_eq(stat("/dev/null", &s), 0);
  cr_expect_eq(fs32_encode_dev(s.st_rdev), (u32)probe("devnull.rdev"));
}

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
