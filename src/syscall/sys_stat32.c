/* sys_stat32.c — the i386 ABI of file status and times: stat/lstat/fstat
 * (struct compat_stat), stat64/lstat64/fstat64/fstatat64 (struct stat64),
 * statfs/fstatfs (struct compat_statfs), statfs64/fstatfs64 (struct
 * compat_statfs64 and its size argument), utime (old_utimbuf32), utimes and
 * futimesat (old_timeval32), utimensat (old_timespec32) and utimensat_time64.
 *
 * Mirrors fs/stat.c (cp_compat_stat), arch/x86/kernel/sys_ia32.c (cp_stat64),
 * fs/statfs.c (put_compat_statfs, put_compat_statfs64), fs/utimes.c and
 * kernel/time/time.c (get_old_timespec32, get_timespec64).  The lookups are
 * the ABI-neutral cores of sys_stat.c; only the copy-outs differ.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "fs.h"

/* --- conversions (pure) ---------------------------------------------------- */

u32 fs32_encode_dev(u64 dev) {
  u32 ma = major(dev), mi = minor(dev);
  return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

u16 fs32_high2low(u32 id, u16 overflow) { return id & ~0xffffu ? overflow : (u16)id; }

/* /proc/sys/kernel/overflowuid and overflowgid: 65534 unless changed. */
static u16 overflow_id(const char *which) {
  static int cache[2] = {-1, -1};
  int i = which[8] == 'g'; /* "overflowgid" */
  if (cache[i] < 0) {
    char path[64];
    snprintf(path, sizeof path, "/proc/sys/kernel/%s", which);
    FILE *f = fopen(path, "r");
    int v = 65534;
    if (f) {
      if (fscanf(f, "%d", &v) != 1) v = 65534;
      fclose(f);
    }
    cache[i] = v & 0xffff;
  }
  return (u16)cache[i];
}

long fs32_stat_from_host(struct lx32_stat *g, const struct stat *s) {
  memset(g, 0, sizeof *g);
  g->st_dev = fs32_encode_dev(s->st_dev);
  g->st_ino = (u32)s->st_ino;
  if (g->st_ino != s->st_ino) return -EOVERFLOW;
  g->st_mode = (u16)s->st_mode;
  g->st_nlink = (u16)s->st_nlink;
  if (g->st_nlink != s->st_nlink) return -EOVERFLOW;
  g->st_uid = fs32_high2low(s->st_uid, overflow_id("overflowuid"));
  g->st_gid = fs32_high2low(s->st_gid, overflow_id("overflowgid"));
  g->st_rdev = fs32_encode_dev(s->st_rdev);
  if ((u64)s->st_size > LX_MAX_NON_LFS) return -EOVERFLOW;
  g->st_size = (u32)s->st_size;
  g->st_atime_sec = (u32)s->st_atim.tv_sec;
  g->st_atime_nsec = (u32)s->st_atim.tv_nsec;
  g->st_mtime_sec = (u32)s->st_mtim.tv_sec;
  g->st_mtime_nsec = (u32)s->st_mtim.tv_nsec;
  g->st_ctime_sec = (u32)s->st_ctim.tv_sec;
  g->st_ctime_nsec = (u32)s->st_ctim.tv_nsec;
  g->st_blocks = (u32)s->st_blocks;
  g->st_blksize = (u32)s->st_blksize;
  return 0;
}

#define HI32(x) ((u64)(x)&0xffffffff00000000ull)

long fs32_statfs_from_host(struct lx32_statfs *g, const struct statfs *s) {
  if (HI32(s->f_blocks | s->f_bfree | s->f_bavail | s->f_bsize | s->f_frsize)) return -EOVERFLOW;
  /* f_files and f_ffree may be -1 */
  if ((u64)s->f_files != ~0ull && HI32(s->f_files)) return -EOVERFLOW;
  if ((u64)s->f_ffree != ~0ull && HI32(s->f_ffree)) return -EOVERFLOW;
  memset(g, 0, sizeof *g);
  g->f_type = (i32)s->f_type;
  g->f_bsize = (i32)s->f_bsize;
  g->f_blocks = (u32)s->f_blocks;
  g->f_bfree = (u32)s->f_bfree;
  g->f_bavail = (u32)s->f_bavail;
  g->f_files = (u32)s->f_files;
  g->f_ffree = (u32)s->f_ffree;
  g->f_namelen = (i32)s->f_namelen;
  memcpy(g->f_fsid, &s->f_fsid, sizeof g->f_fsid);
  g->f_frsize = (i32)s->f_frsize;
  g->f_flags = (i32)s->f_flags;
  return 0;
}

long fs32_statfs64_from_host(struct lx32_statfs64 *g, const struct statfs *s) {
  if (HI32(s->f_bsize | s->f_frsize)) return -EOVERFLOW;
  memset(g, 0, sizeof *g);
  g->f_type = (u32)s->f_type;
  g->f_bsize = (u32)s->f_bsize;
  g->f_blocks = s->f_blocks;
  g->f_bfree = s->f_bfree;
  g->f_bavail = s->f_bavail;
  g->f_files = s->f_files;
  g->f_ffree = s->f_ffree;
  g->f_namelen = (u32)s->f_namelen;
  memcpy(g->f_fsid, &s->f_fsid, sizeof g->f_fsid);
  g->f_frsize = (u32)s->f_frsize;
  g->f_flags = (u32)s->f_flags;
  return 0;
}

/* --- stat, lstat, fstat: struct compat_stat --------------------------------- */

static long put_stat32(struct task *t, u64 ubuf, const struct stat *s) {
  struct lx32_stat g;
  long r = fs32_stat_from_host(&g, s);
  if (r < 0) return r;
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

SYS_DEFINE2(stat32, u64, upath, u64, ubuf) {
  struct stat st;
  long r = fs_stat_upath(t, AT_FDCWD, upath, 0, &st);
  return r < 0 ? r : put_stat32(t, ubuf, &st);
}

SYS_DEFINE2(lstat32, u64, upath, u64, ubuf) {
  struct stat st;
  long r = fs_stat_upath(t, AT_FDCWD, upath, AT_SYMLINK_NOFOLLOW, &st);
  return r < 0 ? r : put_stat32(t, ubuf, &st);
}

SYS_DEFINE2(fstat32, int, fd, u64, ubuf) {
  struct stat st;
  long r = FS_HOST(SYS_fstat, fd, &st);
  return r < 0 ? r : put_stat32(t, ubuf, &st);
}

/* --- stat64 family: cp_stat64() ----------------------------------------------
 * The kernel stores field by field and never touches the two padding words,
 * so emu does the same, in the kernel's order. */

#define PUT64(field, val)                                                                \
  do {                                                                                   \
    __typeof__(((struct lx32_stat64 *)0)->field) v_ = (val);                             \
    if (copy_to_user(MM(t), ubuf + offsetof(struct lx32_stat64, field), &v_, sizeof v_)) \
      return -EFAULT;                                                                    \
  } while (0)

static long put_stat64_32(struct task *t, u64 ubuf, const struct stat *s) {
  u32 uid = s->st_uid, gid = s->st_gid;
  PUT64(st_dev, fs32_encode_dev(s->st_dev));
  PUT64(st_ino32, (u32)s->st_ino);
  PUT64(st_ino, s->st_ino);
  PUT64(st_mode, s->st_mode);
  PUT64(st_nlink, (u32)s->st_nlink);
  PUT64(st_uid, uid);
  PUT64(st_gid, gid);
  PUT64(st_rdev, fs32_encode_dev(s->st_rdev));
  PUT64(st_size, s->st_size);
  PUT64(st_atime_sec, (u32)s->st_atim.tv_sec);
  PUT64(st_atime_nsec, (u32)s->st_atim.tv_nsec);
  PUT64(st_mtime_sec, (u32)s->st_mtim.tv_sec);
  PUT64(st_mtime_nsec, (u32)s->st_mtim.tv_nsec);
  PUT64(st_ctime_sec, (u32)s->st_ctim.tv_sec);
  PUT64(st_ctime_nsec, (u32)s->st_ctim.tv_nsec);
  PUT64(st_blksize, (u32)s->st_blksize);
  PUT64(st_blocks, s->st_blocks);
  return 0;
}

static long stat64_at32(struct task *t, int dirfd, u64 upath, u64 ubuf, int flags) {
  struct stat st;
  long r = fs_stat_upath(t, dirfd, upath, flags, &st);
  return r < 0 ? r : put_stat64_32(t, ubuf, &st);
}

SYS_DEFINE2(stat64_32, u64, upath, u64, ubuf) { return stat64_at32(t, AT_FDCWD, upath, ubuf, 0); }

SYS_DEFINE2(lstat64_32, u64, upath, u64, ubuf) {
  return stat64_at32(t, AT_FDCWD, upath, ubuf, AT_SYMLINK_NOFOLLOW);
}

SYS_DEFINE4(fstatat64_32, int, dirfd, u64, upath, u64, ubuf, int, flags) {
  return stat64_at32(t, dirfd, upath, ubuf, flags);
}

SYS_DEFINE2(fstat64_32, int, fd, u64, ubuf) {
  struct stat st;
  long r = FS_HOST(SYS_fstat, fd, &st);
  return r < 0 ? r : put_stat64_32(t, ubuf, &st);
}

/* --- statfs ---------------------------------------------------------------- */

static long statfs_upath(struct task *t, u64 upath, struct statfs *st) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  return r < 0 ? r : fs_statfs(t, p, st);
}

static long put_statfs32(struct task *t, u64 ubuf, const struct statfs *s) {
  struct lx32_statfs g;
  long r = fs32_statfs_from_host(&g, s);
  if (r < 0) return r;
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

static long put_statfs64_32(struct task *t, u64 ubuf, const struct statfs *s) {
  struct lx32_statfs64 g;
  long r = fs32_statfs64_from_host(&g, s);
  if (r < 0) return r;
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

SYS_DEFINE2(statfs32, u64, upath, u64, ubuf) {
  struct statfs st;
  long r = statfs_upath(t, upath, &st);
  return r < 0 ? r : put_statfs32(t, ubuf, &st);
}

SYS_DEFINE2(fstatfs32, int, fd, u64, ubuf) {
  struct statfs st;
  long r = fs_fstatfs(fd, &st);
  return r < 0 ? r : put_statfs32(t, ubuf, &st);
}

/* kcompat_sys_statfs64(): the size must be that of struct compat_statfs64,
 * checked before the path is read. */
SYS_DEFINE3(statfs64_32, u64, upath, u32, size, u64, ubuf) {
  if (size != sizeof(struct lx32_statfs64)) return -EINVAL;
  struct statfs st;
  long r = statfs_upath(t, upath, &st);
  return r < 0 ? r : put_statfs64_32(t, ubuf, &st);
}

SYS_DEFINE3(fstatfs64_32, int, fd, u32, size, u64, ubuf) {
  if (size != sizeof(struct lx32_statfs64)) return -EINVAL;
  struct statfs st;
  long r = fs_fstatfs(fd, &st);
  return r < 0 ? r : put_statfs64_32(t, ubuf, &st);
}

/* --- times ------------------------------------------------------------------ */

/* utime32: old_utimbuf32, seconds only. */
SYS_DEFINE2(utime32, u64, upath, u64, utimes) {
  struct timeval tv[2];
  if (utimes) {
    struct lx32_utimbuf g;
    if (copy_from_user(MM(t), &g, utimes, sizeof g)) return -EFAULT;
    tv[0] = (struct timeval){g.actime, 0};
    tv[1] = (struct timeval){g.modtime, 0};
  }
  return fs_futimesat(t, AT_FDCWD, upath, utimes ? tv : NULL);
}

static long times_from_timeval32(struct task *t, u64 utimes, struct timeval tv[2]) {
  struct lx32_timeval g[2];
  if (copy_from_user(MM(t), g, utimes, sizeof g)) return -EFAULT;
  for (int i = 0; i < 2; i++) tv[i] = (struct timeval){g[i].tv_sec, g[i].tv_usec};
  return 0;
}

SYS_DEFINE2(utimes32, u64, upath, u64, utimes) {
  struct timeval tv[2];
  if (utimes && times_from_timeval32(t, utimes, tv)) return -EFAULT;
  return fs_futimesat(t, AT_FDCWD, upath, utimes ? tv : NULL);
}

SYS_DEFINE3(futimesat32, int, dirfd, u64, upath, u64, utimes) {
  struct timeval tv[2];
  if (utimes && times_from_timeval32(t, utimes, tv)) return -EFAULT;
  return fs_futimesat(t, dirfd, upath, utimes ? tv : NULL);
}

/* utimensat_time32: old_timespec32, both words signed. */
SYS_DEFINE4(utimensat32, int, dirfd, u64, upath, u64, utimes, int, flags) {
  struct timespec ts[2];
  if (utimes) {
    struct lx32_timespec g[2];
    if (copy_from_user(MM(t), g, utimes, sizeof g)) return -EFAULT;
    for (int i = 0; i < 2; i++) ts[i] = (struct timespec){g[i].tv_sec, g[i].tv_nsec};
  }
  return fs_utimensat(t, dirfd, upath, utimes ? ts : NULL, flags);
}

/* utimensat_time64: struct __kernel_timespec, whose tv_nsec get_timespec64()
 * cuts to its low 32 bits for a compat task. */
SYS_DEFINE4(utimensat_time64_32, int, dirfd, u64, upath, u64, utimes, int, flags) {
  struct timespec ts[2];
  if (utimes) {
    struct lx64_timespec g[2];
    if (copy_from_user(MM(t), g, utimes, sizeof g)) return -EFAULT;
    for (int i = 0; i < 2; i++) ts[i] = (struct timespec){g[i].tv_sec, (u32)g[i].tv_nsec};
  }
  return fs_utimensat(t, dirfd, upath, utimes ? ts : NULL, flags);
}
