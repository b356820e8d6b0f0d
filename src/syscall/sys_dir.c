/* sys_dir.c — the name space: getcwd, chdir, fchdir, mkdir(at), rmdir,
 * unlink(at), rename(at, at2), link(at), symlink(at), readlink(at),
 * getdents, getdents64, mknod(at).
 *
 * Mirrors fs/namei.c, fs/d_path.c (getcwd), fs/stat.c (readlinkat) and
 * fs/readdir.c.  The guest's cwd is the host process's.  Directory entries
 * (struct linux_dirent64, and on x86-64 struct linux_dirent) have no
 * pointers and the same layout for the host as for an x86-64 guest, so the
 * host writes them straight into the guest's buffer.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fs.h"

/* Copy in a path, then run host call nr(dirfd, path, args...). */
#define AT_CALL(nr, dirfd, upath, ...)                 \
  ({                                                   \
    char p_[PATH_MAX];                                 \
    long r_ = sys_get_path(t, upath, p_);              \
    r_ < 0 ? r_ : FS_HOST(nr, dirfd, p_, __VA_ARGS__); \
  })

/* Two paths: nr(d1, path1, d2, path2, args...). */
#define AT2_CALL(nr, d1, u1, d2, u2, ...)                     \
  ({                                                          \
    char p1_[PATH_MAX], p2_[PATH_MAX];                        \
    long r_ = sys_get_path(t, u1, p1_);                       \
    if (r_ >= 0) r_ = sys_get_path(t, u2, p2_);               \
    r_ < 0 ? r_ : FS_HOST(nr, d1, p1_, d2, p2_, __VA_ARGS__); \
  })

/* getcwd(2): the length including the NUL, ERANGE when size is short. */
SYS_DEFINE2(getcwd, u64, ubuf, u64, size) {
  char b[PATH_MAX];
  long n = FS_HOST(SYS_getcwd, b, sizeof b);
  if (n < 0) return n;
  if ((u64)n > size) return -ERANGE;
  return copy_to_user(MM(t), ubuf, b, n) ? -EFAULT : n;
}

SYS_DEFINE1(chdir, u64, upath) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  return r < 0 ? r : FS_HOST(SYS_chdir, p);
}

SYS_DEFINE1(fchdir, int, fd) { return FS_HOST(SYS_fchdir, fd); }

SYS_DEFINE2(mkdir, u64, upath, u64, mode) { return AT_CALL(SYS_mkdirat, AT_FDCWD, upath, mode); }

SYS_DEFINE3(mkdirat, int, dirfd, u64, upath, u64, mode) {
  return AT_CALL(SYS_mkdirat, dirfd, upath, mode);
}

SYS_DEFINE1(rmdir, u64, upath) { return AT_CALL(SYS_unlinkat, AT_FDCWD, upath, AT_REMOVEDIR); }

SYS_DEFINE1(unlink, u64, upath) { return AT_CALL(SYS_unlinkat, AT_FDCWD, upath, 0); }

SYS_DEFINE3(unlinkat, int, dirfd, u64, upath, int, flags) {
  return AT_CALL(SYS_unlinkat, dirfd, upath, flags);
}

SYS_DEFINE3(mknod, u64, upath, u64, mode, u64, dev) {
  return AT_CALL(SYS_mknodat, AT_FDCWD, upath, mode, dev);
}

SYS_DEFINE4(mknodat, int, dirfd, u64, upath, u64, mode, u64, dev) {
  return AT_CALL(SYS_mknodat, dirfd, upath, mode, dev);
}

SYS_DEFINE2(rename, u64, oldp, u64, newp) {
  return AT2_CALL(SYS_renameat2, AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

SYS_DEFINE4(renameat, int, olddfd, u64, oldp, int, newdfd, u64, newp) {
  return AT2_CALL(SYS_renameat2, olddfd, oldp, newdfd, newp, 0);
}

SYS_DEFINE5(renameat2, int, olddfd, u64, oldp, int, newdfd, u64, newp, u32, flags) {
  return AT2_CALL(SYS_renameat2, olddfd, oldp, newdfd, newp, flags);
}

SYS_DEFINE2(link, u64, oldp, u64, newp) {
  return AT2_CALL(SYS_linkat, AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

SYS_DEFINE5(linkat, int, olddfd, u64, oldp, int, newdfd, u64, newp, int, flags) {
  return AT2_CALL(SYS_linkat, olddfd, oldp, newdfd, newp, flags);
}

static long symlink_at(struct task *t, u64 utarget, int newdfd, u64 ulink) {
  char target[PATH_MAX], link[PATH_MAX];
  long r = sys_get_path(t, utarget, target);
  if (r >= 0) r = sys_get_path(t, ulink, link);
  return r < 0 ? r : FS_HOST(SYS_symlinkat, target, newdfd, link);
}

SYS_DEFINE2(symlink, u64, target, u64, linkpath) {
  return symlink_at(t, target, AT_FDCWD, linkpath);
}

SYS_DEFINE3(symlinkat, u64, target, int, newdfd, u64, linkpath) {
  return symlink_at(t, target, newdfd, linkpath);
}

/* readlinkat(2): EINVAL for bufsiz <= 0 before the path is read. */
static long readlink_at(struct task *t, int dirfd, u64 upath, u64 ubuf, int bufsiz) {
  if (bufsiz <= 0) return -EINVAL;
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  if (r < 0) return r;
  bool handled;
  r = fs_proc_readlink(t, dirfd, p, ubuf, bufsiz, &handled);
  if (handled) return r;
  u64 len = (u64)bufsiz;
  void *hb = fs_ubuf(t, ubuf, &len);
  return FS_HOST(SYS_readlinkat, dirfd, p, hb, len);
}

SYS_DEFINE3(readlink, u64, upath, u64, ubuf, int, bufsiz) {
  return readlink_at(t, AT_FDCWD, upath, ubuf, bufsiz);
}

SYS_DEFINE4(readlinkat, int, dirfd, u64, upath, u64, ubuf, int, bufsiz) {
  return readlink_at(t, dirfd, upath, ubuf, bufsiz);
}

/* The host's records, less emu's own descriptors where fd is this
 * process's /proc/<pid>/fd or fdinfo (sys_fs_reserved.c); a read whose
 * records were all emu's reads on, so an empty result still means the end. */
static long getdents_of(struct task *t, int nr, int fd, u64 ubuf, u32 count, size_t name_off) {
  bool hide = fs_proc_fd_dir(fd);
  for (;;) {
    u64 len = count;
    void *p = fs_ubuf(t, ubuf, &len);
    long n = FS_HOST(nr, fd, p, len);
    if (n <= 0 || !hide) return n;
    char *b = malloc(n);
    if (!b) return -ENOMEM;
    long m = copy_from_user(MM(t), b, ubuf, n) ? -EFAULT : fs_dirents_hide(b, n, name_off);
    if (m > 0 && copy_to_user(MM(t), ubuf, b, m)) m = -EFAULT;
    free(b);
    if (m) return m;
  }
}

/* struct linux_dirent64: the name at byte 19; struct linux_dirent: 18. */
SYS_DEFINE3(getdents64, int, fd, u64, ubuf, u32, count) {
  return getdents_of(t, SYS_getdents64, fd, ubuf, count, 19);
}

SYS_DEFINE3(getdents, int, fd, u64, ubuf, u32, count) {
  return getdents_of(t, SYS_getdents, fd, ubuf, count, 18);
}
