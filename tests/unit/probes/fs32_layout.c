/* fs32_layout.c — the kernel's i386 uapi structures of the file-system calls as the
 * compiler lays them out for an i386 program, for test_fs32.c.  Never run: CMake
 * compiles it with `gcc -m32 -S` and the test reads the PROBE32 markers back from the
 * assembly, so it works on a host that cannot run i386 programs. */
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/fcntl.h>
#include <linux/time_types.h>
#include <linux/utime.h>
#include <stddef.h>

#include "probe32.h"

#define P(s, f) PROBE32(#s "." #f, offsetof(struct s, f))
#define S(s)    PROBE32(#s, sizeof(struct s))

void probe(void);
void probe(void) {
  S(stat); P(stat, st_ino); P(stat, st_mode); P(stat, st_nlink); P(stat, st_uid);
  P(stat, st_gid); P(stat, st_rdev); P(stat, st_size); P(stat, st_blksize);
  P(stat, st_blocks); P(stat, st_atime); P(stat, st_mtime_nsec); P(stat, st_ctime_nsec);
  S(stat64); P(stat64, __st_ino); P(stat64, st_mode); P(stat64, st_nlink);
  P(stat64, st_uid); P(stat64, st_gid); P(stat64, st_rdev); P(stat64, st_size);
  P(stat64, st_blksize); P(stat64, st_blocks); P(stat64, st_atime);
  P(stat64, st_mtime_nsec); P(stat64, st_ctime); P(stat64, st_ctime_nsec);
  P(stat64, st_ino);
  S(statfs); P(statfs, f_bsize); P(statfs, f_blocks); P(statfs, f_ffree);
  P(statfs, f_fsid); P(statfs, f_namelen); P(statfs, f_frsize); P(statfs, f_flags);
  P(statfs, f_spare);
  S(statfs64); P(statfs64, f_bsize); P(statfs64, f_blocks); P(statfs64, f_bfree);
  P(statfs64, f_bavail); P(statfs64, f_files); P(statfs64, f_ffree);
  P(statfs64, f_fsid); P(statfs64, f_namelen); P(statfs64, f_frsize);
  P(statfs64, f_flags); P(statfs64, f_spare);
  S(flock); P(flock, l_whence); P(flock, l_start); P(flock, l_len); P(flock, l_pid);
  S(flock64); P(flock64, l_start); P(flock64, l_len); P(flock64, l_pid);
  PROBE32("old_timespec32", sizeof(struct __kernel_old_timespec));
  PROBE32("old_timeval32", sizeof(struct __kernel_old_timeval));
  S(utimbuf);
  PROBE32("F_GETLK64", F_GETLK64);
  PROBE32("F_SETLK64", F_SETLK64);
  PROBE32("F_SETLKW64", F_SETLKW64);
  PROBE32("O_LARGEFILE", O_LARGEFILE);
}
