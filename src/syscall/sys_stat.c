/* sys_stat.c — file status and attributes: stat, fstat, lstat, newfstatat,
 * statx, statfs, fstatfs, access, faccessat(2), chmod family, chown family,
 * utimensat, utimes, futimesat, utime.
 *
 * Mirrors fs/stat.c (cp_new_stat, cp_statx), fs/statfs.c, fs/open.c
 * (do_faccessat, chmod_common, chown_common) and fs/utimes.c.  The lookups are
 * ABI-neutral cores that fill host structures (fs_fstatat, fs_statfs); the
 * x86-64 copy-outs (struct lx64_stat, struct lx64_statfs) are defined byte by
 * byte here.  Lookups that follow a final symlink go through fs_host_path, so
 * /proc/self/exe is the guest's program.
 */
#define _GNU_SOURCE
#include <string.h>
#include <utime.h>

#include "fs.h"

/* --- stat ---------------------------------------------------------------- */

long fs_fstatat(struct task *t, int dirfd, const char *path, int flags, struct stat *st) {
  path = fs_host_path(t, &dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
  return FS_HOST(SYS_newfstatat, dirfd, path, st, flags);
}

/* cp_new_stat() for x86-64. */
static long put_stat64(struct task *t, u64 ubuf, const struct stat *s) {
  struct lx64_stat g = {
      .st_dev = s->st_dev,
      .st_ino = s->st_ino,
      .st_nlink = s->st_nlink,
      .st_mode = s->st_mode,
      .st_uid = s->st_uid,
      .st_gid = s->st_gid,
      .st_rdev = s->st_rdev,
      .st_size = s->st_size,
      .st_blksize = s->st_blksize,
      .st_blocks = s->st_blocks,
      .st_atime_sec = s->st_atim.tv_sec,
      .st_atime_nsec = s->st_atim.tv_nsec,
      .st_mtime_sec = s->st_mtim.tv_sec,
      .st_mtime_nsec = s->st_mtim.tv_nsec,
      .st_ctime_sec = s->st_ctim.tv_sec,
      .st_ctime_nsec = s->st_ctim.tv_nsec,
  };
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* A path argument that may be NULL with AT_EMPTY_PATH (Linux 6.11). */
static long get_path_or_empty(struct task *t, u64 upath, int flags, char *buf, const char **p) {
  if (!upath && (flags & AT_EMPTY_PATH)) {
    *p = NULL;
    return 0;
  }
  *p = buf;
  return sys_get_path(t, upath, buf);
}

long fs_stat_upath(struct task *t, int dirfd, u64 upath, int flags, struct stat *st) {
  char buf[PATH_MAX];
  const char *p;
  long r = get_path_or_empty(t, upath, flags, buf, &p);
  return r < 0 ? r : fs_fstatat(t, dirfd, p, flags, st);
}

static long stat64_at(struct task *t, int dirfd, u64 upath, u64 ubuf, int flags) {
  struct stat st;
  long r = fs_stat_upath(t, dirfd, upath, flags, &st);
  return r < 0 ? r : put_stat64(t, ubuf, &st);
}

SYS_DEFINE2(stat, u64, upath, u64, ubuf) { return stat64_at(t, AT_FDCWD, upath, ubuf, 0); }

SYS_DEFINE2(lstat, u64, upath, u64, ubuf) {
  return stat64_at(t, AT_FDCWD, upath, ubuf, AT_SYMLINK_NOFOLLOW);
}

SYS_DEFINE4(newfstatat, int, dirfd, u64, upath, u64, ubuf, int, flags) {
  return stat64_at(t, dirfd, upath, ubuf, flags);
}

SYS_DEFINE2(fstat, int, fd, u64, ubuf) {
  struct stat st;
  long r = FS_HOST(SYS_fstat, fd, &st);
  return r < 0 ? r : put_stat64(t, ubuf, &st);
}

/* struct statx has one layout on every ABI: the host fills lx_statx. */
SYS_DEFINE5(statx, int, dirfd, u64, upath, int, flags, u32, mask, u64, ubuf) {
  char buf[PATH_MAX];
  const char *p;
  long r = get_path_or_empty(t, upath, flags, buf, &p);
  if (r < 0) return r;
  p = fs_host_path(t, &dirfd, p, !(flags & AT_SYMLINK_NOFOLLOW));
  struct lx_statx sx;
  memset(&sx, 0, sizeof sx);
  r = FS_HOST(SYS_statx, dirfd, p, flags, mask, &sx);
  if (r < 0) return r;
  return copy_to_user(MM(t), ubuf, &sx, sizeof sx) ? -EFAULT : r;
}

/* --- statfs -------------------------------------------------------------- */

long fs_statfs(struct task *t, const char *path, struct statfs *st) {
  int dirfd = AT_FDCWD;
  path = fs_host_path(t, &dirfd, path, true);
  return FS_HOST(SYS_statfs, path, st);
}

long fs_fstatfs(int fd, struct statfs *st) { return FS_HOST(SYS_fstatfs, fd, st); }

static long put_statfs64(struct task *t, u64 ubuf, const struct statfs *s) {
  struct lx64_statfs g;
  memset(&g, 0, sizeof g);
  g.f_type = s->f_type;
  g.f_bsize = s->f_bsize;
  g.f_blocks = s->f_blocks;
  g.f_bfree = s->f_bfree;
  g.f_bavail = s->f_bavail;
  g.f_files = s->f_files;
  g.f_ffree = s->f_ffree;
  memcpy(g.f_fsid, &s->f_fsid, sizeof g.f_fsid);
  g.f_namelen = s->f_namelen;
  g.f_frsize = s->f_frsize;
  g.f_flags = s->f_flags;
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

SYS_DEFINE2(statfs, u64, upath, u64, ubuf) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  if (r < 0) return r;
  struct statfs st;
  r = fs_statfs(t, p, &st);
  return r < 0 ? r : put_statfs64(t, ubuf, &st);
}

SYS_DEFINE2(fstatfs, int, fd, u64, ubuf) {
  struct statfs st;
  long r = fs_fstatfs(fd, &st);
  return r < 0 ? r : put_statfs64(t, ubuf, &st);
}

/* --- access, chmod, chown: one path, scalars ----------------------------- */

/* Run host call nr as (dirfd', path', args...) after translating the path
 * for a lookup that follows (or not) the final symlink. */
#define PATH_CALL(follow, nr, dirfd, upath, ...)                        \
  ({                                                                    \
    char p_[PATH_MAX];                                                  \
    long r_ = sys_get_path(t, upath, p_);                               \
    int d_ = (dirfd);                                                   \
    const char *hp_ = r_ < 0 ? NULL : fs_host_path(t, &d_, p_, follow); \
    r_ < 0 ? r_ : FS_HOST(nr, d_, hp_, __VA_ARGS__);                    \
  })

SYS_DEFINE2(access, u64, upath, u64, mode) {
  return PATH_CALL(true, SYS_faccessat, AT_FDCWD, upath, mode);
}

SYS_DEFINE3(faccessat, int, dirfd, u64, upath, u64, mode) {
  return PATH_CALL(true, SYS_faccessat, dirfd, upath, mode);
}

SYS_DEFINE4(faccessat2, int, dirfd, u64, upath, u64, mode, int, flags) {
  return PATH_CALL(!(flags & AT_SYMLINK_NOFOLLOW), SYS_faccessat2, dirfd, upath, mode, flags);
}

SYS_DEFINE2(chmod, u64, upath, u64, mode) {
  return PATH_CALL(true, SYS_fchmodat, AT_FDCWD, upath, mode);
}

SYS_DEFINE2(fchmod, int, fd, u64, mode) { return FS_HOST(SYS_fchmod, fd, mode); }

SYS_DEFINE3(fchmodat, int, dirfd, u64, upath, u64, mode) {
  return PATH_CALL(true, SYS_fchmodat, dirfd, upath, mode);
}

SYS_DEFINE3(chown, u64, upath, u64, uid, u64, gid) {
  return PATH_CALL(true, SYS_fchownat, AT_FDCWD, upath, uid, gid, 0);
}

SYS_DEFINE3(lchown, u64, upath, u64, uid, u64, gid) {
  return PATH_CALL(false, SYS_fchownat, AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYS_DEFINE3(fchown, int, fd, u64, uid, u64, gid) { return FS_HOST(SYS_fchown, fd, uid, gid); }

SYS_DEFINE5(fchownat, int, dirfd, u64, upath, u64, uid, u64, gid, int, flags) {
  return PATH_CALL(!(flags & AT_SYMLINK_NOFOLLOW), SYS_fchownat, dirfd, upath, uid, gid, flags);
}

/* --- times --------------------------------------------------------------- */

/* A path that may be NULL (utimensat and futimesat then act on dirfd). */
static long get_path_or_null(struct task *t, u64 upath, char *buf, const char **p) {
  *p = upath ? buf : NULL;
  return upath ? sys_get_path(t, upath, buf) : 0;
}

long fs_utimensat(struct task *t, int dirfd, u64 upath, const struct timespec *ts, int flags) {
  /* Both UTIME_OMIT: nothing to do, and the path is not even read. */
  if (ts && ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT) return 0;
  char buf[PATH_MAX];
  const char *p;
  long r = get_path_or_null(t, upath, buf, &p);
  if (r < 0) return r;
  p = fs_host_path(t, &dirfd, p, !(flags & AT_SYMLINK_NOFOLLOW));
  return FS_HOST(SYS_utimensat, dirfd, p, ts, flags);
}

SYS_DEFINE4(utimensat, int, dirfd, u64, upath, u64, utimes, int, flags) {
  struct timespec ts[2];
  if (utimes) {
    struct lx64_timespec g[2];
    if (copy_from_user(MM(t), g, utimes, sizeof g)) return -EFAULT;
    for (int i = 0; i < 2; i++) ts[i] = (struct timespec){g[i].tv_sec, g[i].tv_nsec};
  }
  return fs_utimensat(t, dirfd, upath, utimes ? ts : NULL, flags);
}

static long times_from_timeval64(struct task *t, u64 utimes, struct timeval tv[2]) {
  struct lx64_timeval g[2];
  if (copy_from_user(MM(t), g, utimes, sizeof g)) return -EFAULT;
  for (int i = 0; i < 2; i++) tv[i] = (struct timeval){g[i].tv_sec, g[i].tv_usec};
  return 0;
}

long fs_futimesat(struct task *t, int dirfd, u64 upath, const struct timeval *tv) {
  char buf[PATH_MAX];
  const char *p;
  long r = get_path_or_null(t, upath, buf, &p);
  if (r < 0) return r;
  p = fs_host_path(t, &dirfd, p, true);
  return FS_HOST(SYS_futimesat, dirfd, p, tv);
}

SYS_DEFINE3(futimesat, int, dirfd, u64, upath, u64, utimes) {
  struct timeval tv[2];
  if (utimes && times_from_timeval64(t, utimes, tv)) return -EFAULT;
  return fs_futimesat(t, dirfd, upath, utimes ? tv : NULL);
}

SYS_DEFINE2(utimes, u64, upath, u64, utimes) {
  struct timeval tv[2];
  if (utimes && times_from_timeval64(t, utimes, tv)) return -EFAULT;
  return PATH_CALL(true, SYS_futimesat, AT_FDCWD, upath, utimes ? tv : NULL);
}

SYS_DEFINE2(utime, u64, upath, u64, utimes) {
  struct utimbuf ub;
  if (utimes) {
    struct lx64_utimbuf g;
    if (copy_from_user(MM(t), &g, utimes, sizeof g)) return -EFAULT;
    ub = (struct utimbuf){g.actime, g.modtime};
  }
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  if (r < 0) return r;
  int dirfd = AT_FDCWD;
  const char *hp = fs_host_path(t, &dirfd, p, true);
  return FS_HOST(SYS_utime, hp, utimes ? &ub : NULL);
}
