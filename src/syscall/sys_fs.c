/* sys_fs.c — path and buffer arguments, opening, closing and duplicating
 * descriptors, fcntl, and the per-descriptor calls that take no structures
 * (lseek, ftruncate, fsync, fallocate, flock ...).
 *
 * Mirrors fs/open.c, fs/fcntl.c, fs/file.c, fs/namei.c (getname) and
 * mm/memfd.c.  Descriptors are the host's; scalar arguments are handed to the
 * host call unchanged, so the host truncates and validates them exactly as
 * the native kernel does.  Guest structures (struct flock) are defined byte by
 * byte here; the cores (fs_openat, fs_fcntl_lock) are ABI-neutral.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>

#include "fs.h"
#include "../loader/loader.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2) /* include/uapi/linux/close_range.h */
#endif

/* Every path a call names goes through here: where -L gave a sysroot, an
 * absolute path that exists there is taken from it (src/loader/sysroot.c). */
long sys_get_path(struct task *t, u64 uaddr, char *buf) {
  long n = strncpy_from_user(MM(t), buf, uaddr, PATH_MAX);
  if (n < 0) return n;
  char in_root[PATH_MAX];
  const char *p = ldr_sysroot_path(buf, in_root, sizeof in_root);
  if (p != buf) strcpy(buf, p);
  return 0;
}

void *fs_ubuf(struct task *t, u64 addr, u64 *len) {
  const struct mm *mm = MM(t);
  u64 end = addr + *len;
  if (end < addr || end > LX_TASK_SIZE_MAX) return FS_BADADDR_PTR;
  if (addr >= mm->limit) return FS_FAULT_PTR;
  /* Past the window the host meets the guard area and faults there, as
   * Linux does at the first unmapped page (a short count or EFAULT). */
  if (end > mm->limit + MM_GUARD) *len = mm->limit + MM_GUARD - addr;
  void *p = user_ptr(mm, addr, *len);
  return p ? p : FS_FAULT_PTR;
}

bool fs_is_guest_exe(struct task *t, const struct stat *st) {
  struct stat exe;
  return S_ISREG(st->st_mode) && !stat(t->proc->exe, &exe) && exe.st_dev == st->st_dev &&
         exe.st_ino == st->st_ino;
}

long fs_openat(struct task *t, int dirfd, const char *path, int flags, u64 mode) {
  /* The host does not know the guest's program is running: refuse to open
   * it for writing as deny_write_access() would, after the checks the kernel
   * makes first (EEXIST, ENOTDIR, permission). */
  bool wr = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
  if (wr && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL) && !(flags & O_DIRECTORY)) {
    struct stat st;
    int nf = (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0;
    if (!fstatat(dirfd, path, &st, nf) && fs_is_guest_exe(t, &st) &&
        !faccessat(dirfd, path, W_OK, AT_EACCESS))
      return -ETXTBSY;
  }
  return fs_proc_open(t, dirfd, path, flags, mode, NULL, 0);
}

SYS_DEFINE3(open, u64, upath, int, flags, u64, mode) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  return r < 0 ? r : fs_openat(t, AT_FDCWD, p, flags, mode);
}

SYS_DEFINE4(openat, int, dirfd, u64, upath, int, flags, u64, mode) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  return r < 0 ? r : fs_openat(t, dirfd, p, flags, mode);
}

/* creat(2) is sys_creat on both ABIs, which adds O_LARGEFILE (an i386 open
 * or openat does not: compat_sys_open). */
SYS_DEFINE2(creat, u64, upath, u64, mode) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  return r < 0 ? r : fs_openat(t, AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC | LX_O_LARGEFILE, mode);
}

SYS_DEFINE1(close, int, fd) {
  if (fs_fd_reserved(fd)) return -EBADF;
  fs_small_set(fd, false); /* closed even when close reports an error */
  if (fd >= 0) fs_proc_fd_close_range((unsigned)fd, (unsigned)fd);
  return FS_HOST(SYS_close, fd);
}

/* close_range(2): closes around emu's reserved descriptors. */
SYS_DEFINE3(close_range, u32, first, u32, last, u32, flags) {
  if (first > last) return -EINVAL;
  if (!(flags & CLOSE_RANGE_CLOEXEC)) fs_small_clear_range(first, last);
  if (!(flags & CLOSE_RANGE_CLOEXEC)) fs_proc_fd_close_range(first, last);
  int res[FS_RESERVED_MAX], n = fs_fd_reserved_sorted(res);
  u32 lo = first;
  for (int i = 0; i < n; i++) {
    u32 r = res[i];
    if (r < lo || r > last) continue;
    if (r > lo) {
      long e = FS_HOST(SYS_close_range, lo, r - 1, flags);
      if (e < 0) return e;
    }
    if (r == last) return 0;
    lo = r + 1;
  }
  return FS_HOST(SYS_close_range, lo, last, flags);
}

SYS_DEFINE3(lseek, int, fd, i64, off, u32, whence) {
  if (fs_proc_mem(fd)) return fs_proc_mem_lseek(fd, off, whence);
  return FS_HOST(SYS_lseek, fd, off, whence);
}

/* A new descriptor for oldfd's file: it shares the file's flags (sys_fs_small.c). */
static long dup_result(int oldfd, long r) {
  if (r >= 0 && r != oldfd) fs_small_set((int)r, fs_small(oldfd));
  fs_proc_fd_dup(oldfd, r);
  return r;
}

SYS_DEFINE1(dup, int, fd) {
  if (fs_fd_reserved(fd)) return -EBADF;
  return dup_result(fd, FS_HOST(SYS_dup, fd));
}

SYS_DEFINE2(dup2, int, oldfd, int, newfd) {
  if (fs_fd_reserved(oldfd) || fs_fd_reserved(newfd)) return -EBADF;
  return dup_result(oldfd, FS_HOST(SYS_dup2, oldfd, newfd));
}

SYS_DEFINE3(dup3, int, oldfd, int, newfd, int, flags) {
  if (fs_fd_reserved(oldfd) || fs_fd_reserved(newfd)) return -EBADF;
  return dup_result(oldfd, FS_HOST(SYS_dup3, oldfd, newfd, flags));
}

/* --- fcntl --------------------------------------------------------------- */


long fs_fcntl_lock(int fd, int cmd, struct flock *fl) { return FS_HOST(SYS_fcntl, fd, cmd, fl); }

/* Commands missing from older host headers. */
#ifndef F_DUPFD_QUERY
#define F_DUPFD_QUERY 1027
#endif
#ifndef F_CREATED_QUERY
#define F_CREATED_QUERY 1028
#endif
#ifndef F_CANCELLK
#define F_CANCELLK 1029
#endif
#ifndef F_GET_RW_HINT
#define F_GET_RW_HINT 1035
#define F_SET_RW_HINT 1036
#endif
#ifndef F_GETOWNER_UIDS
#define F_GETOWNER_UIDS 17
#endif

static long fcntl_lock64(struct task *t, int fd, int cmd, u64 arg) {
  struct lx64_flock g;
  /* A bad pointer: let the host fail it after its descriptor checks. */
  if (copy_from_user(MM(t), &g, arg, sizeof g)) return FS_HOST(SYS_fcntl, fd, cmd, FS_FAULT_PTR);
  struct flock h = {.l_type = g.l_type,
                    .l_whence = g.l_whence,
                    .l_start = g.l_start,
                    .l_len = g.l_len,
                    .l_pid = g.l_pid};
  long r = fs_fcntl_lock(fd, cmd, &h);
  if (r < 0 || (cmd != F_GETLK && cmd != F_OFD_GETLK)) return r;
  g.l_type = h.l_type;
  g.l_whence = h.l_whence;
  g.l_start = h.l_start;
  g.l_len = h.l_len;
  g.l_pid = h.l_pid;
  return copy_to_user(MM(t), arg, &g, sizeof g) ? -EFAULT : r;
}

SYS_DEFINE3(fcntl, int, fd, int, cmd, u64, arg) {
  switch (cmd) {
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
    if (fs_fd_reserved(fd)) return -EBADF;
    return dup_result(fd, FS_HOST(SYS_fcntl, fd, cmd, arg));
  case F_GETFL: {
    long r = fs_proc_getfl(fd, FS_HOST(SYS_fcntl, fd, cmd, arg));
    return r >= 0 && fs_small(fd) ? r & ~(long)LX_O_LARGEFILE : r;
  }
  case F_SETFL: {
    bool handled;
    long r = fs_proc_setfl(fd, (long)arg, &handled);
    if (handled) return r;
    return FS_HOST(SYS_fcntl, fd, cmd, arg);
  }
  case F_GETFD:
  case F_SETFD:
  case F_SETOWN:
  case F_GETOWN:
  case F_SETSIG:
  case F_GETSIG:
  case F_SETLEASE:
  case F_GETLEASE:
  case F_NOTIFY:
  case F_SETPIPE_SZ:
  case F_GETPIPE_SZ:
  case F_ADD_SEALS:
  case F_GET_SEALS:
  case F_DUPFD_QUERY:
  case F_CREATED_QUERY:
  case F_CANCELLK: return FS_HOST(SYS_fcntl, fd, cmd, arg); /* integer argument */
  case F_GETLK:
  case F_SETLK:
  case F_SETLKW:
  case F_OFD_GETLK:
  case F_OFD_SETLK:
  case F_OFD_SETLKW: return fcntl_lock64(t, fd, cmd, arg);
  case F_GETOWN_EX: {
    struct lx_f_owner_ex o;
    long r = FS_HOST(SYS_fcntl, fd, cmd, &o);
    if (r < 0) return r;
    return copy_to_user(MM(t), arg, &o, sizeof o) ? -EFAULT : r;
  }
  case F_SETOWN_EX: {
    struct lx_f_owner_ex o;
    if (copy_from_user(MM(t), &o, arg, sizeof o)) return FS_HOST(SYS_fcntl, fd, cmd, FS_FAULT_PTR);
    return FS_HOST(SYS_fcntl, fd, cmd, &o);
  }
  case F_GETOWNER_UIDS: {
    u32 uids[2];
    long r = FS_HOST(SYS_fcntl, fd, cmd, uids);
    if (r < 0) return r;
    return copy_to_user(MM(t), arg, uids, sizeof uids) ? -EFAULT : r;
  }
  case F_GET_RW_HINT: {
    u64 h;
    long r = FS_HOST(SYS_fcntl, fd, cmd, &h);
    if (r < 0) return r;
    return copy_to_user(MM(t), arg, &h, sizeof h) ? -EFAULT : r;
  }
  case F_SET_RW_HINT: {
    u64 h;
    if (copy_from_user(MM(t), &h, arg, sizeof h)) return FS_HOST(SYS_fcntl, fd, cmd, FS_FAULT_PTR);
    return FS_HOST(SYS_fcntl, fd, cmd, &h);
  }
  default:
    /* Unknown commands (and the i386-only F_GETLK64 family, which the
     * x86-64 kernel does not know) are EINVAL, after the descriptor check.
     * Never passed through: the host could take arg as a host pointer. */
    if (FS_HOST(SYS_fcntl, fd, F_GETFD) < 0) return -EBADF;
    return -EINVAL;
  }
}

/* --- calls on one descriptor or path without structures ------------------ */

SYS_DEFINE2(ftruncate, int, fd, i64, len) { return FS_HOST(SYS_ftruncate, fd, len); }

SYS_DEFINE2(truncate, u64, upath, i64, len) {
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  if (r < 0) return r;
  int dirfd = AT_FDCWD;
  const char *hp = fs_host_path(t, &dirfd, p, true);
  struct stat st;
  if (!stat(hp, &st) && fs_is_guest_exe(t, &st) && !access(hp, W_OK)) return -ETXTBSY;
  return FS_HOST(SYS_truncate, hp, len);
}

SYS_DEFINE1(fsync, int, fd) { return FS_HOST(SYS_fsync, fd); }
SYS_DEFINE1(fdatasync, int, fd) { return FS_HOST(SYS_fdatasync, fd); }
SYS_DEFINE0(sync) { return FS_HOST(SYS_sync); }
SYS_DEFINE1(syncfs, int, fd) { return FS_HOST(SYS_syncfs, fd); }

SYS_DEFINE4(fadvise64, int, fd, i64, off, u64, len, int, advice) {
  return FS_HOST(SYS_fadvise64, fd, off, len, advice);
}

SYS_DEFINE4(fallocate, int, fd, int, mode, i64, off, i64, len) {
  return FS_HOST(SYS_fallocate, fd, mode, off, len);
}

SYS_DEFINE2(flock, int, fd, u32, op) { return FS_HOST(SYS_flock, fd, op); }

SYS_DEFINE1(umask, u32, mask) { return FS_HOST(SYS_umask, mask); }

/* memfd_create(2): the name is at most MFD_NAME_MAX_LEN (249) bytes. */
SYS_DEFINE2(memfd_create, u64, uname, u32, flags) {
  enum { MFD_NAME_MAX = 249 };
  char name[MFD_NAME_MAX + 1];
  long n = strncpy_from_user(MM(t), name, uname, sizeof name);
  if (n == -EFAULT) return FS_HOST(SYS_memfd_create, FS_FAULT_PTR, flags);
  if (n < 0) { /* too long: let the host judge flags first, then EINVAL */
    char longname[MFD_NAME_MAX + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    return FS_HOST(SYS_memfd_create, longname, flags);
  }
  return FS_HOST(SYS_memfd_create, name, flags);
}
