/* sys_fs_xfer.c — openat2 and the in-kernel transfer calls: copy_file_range,
 * splice, tee, sync_file_range, readahead.
 *
 * Mirrors fs/open.c (openat2, copy_struct_from_user), fs/read_write.c
 * (copy_file_range) and fs/splice.c.  The loff_t offsets are copied in and out
 * here; when a guest offset pointer is bad the host is handed FS_FAULT_PTR
 * instead, so it reports EFAULT after its own descriptor checks, in the
 * native order.
 */
#define _GNU_SOURCE
#include <string.h>

#include "fs.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* how: struct lx_open_how (src/abi/lx_fs.h), of size bytes. */
SYS_DEFINE4(openat2, int, dirfd, u64, upath, u64, uhow, u64, size) {
  /* Size checks, then the struct, then the path, as the kernel orders them;
   * the host validates the struct's contents (unknown flags, E2BIG). */
  if (size < LX_OPEN_HOW_SIZE_VER0 || size > PAGE_SIZE)
    return FS_HOST(SYS_openat2, dirfd, "", FS_FAULT_PTR, size);
  u64 howbuf[PAGE_SIZE / 8];
  if (copy_from_user(MM(t), howbuf, uhow, size))
    return FS_HOST(SYS_openat2, dirfd, "", FS_FAULT_PTR, size);
  char p[PATH_MAX];
  long r = sys_get_path(t, upath, p);
  if (r < 0) return r;
  struct lx_open_how how;
  memcpy(&how, howbuf, sizeof how);
  return fs_proc_open(t, dirfd, p, (int)how.flags, how.mode, howbuf, size);
}

/* A guest loff_t * argument: *host is what to hand the host call. */
struct xfer_off {
  u64 uaddr;
  i64 val;
  void *host;
};

static void off_in(struct task *t, struct xfer_off *o, u64 uaddr) {
  o->uaddr = uaddr;
  if (!uaddr)
    o->host = NULL;
  else if (copy_from_user(MM(t), &o->val, uaddr, sizeof o->val))
    o->host = FS_FAULT_PTR;
  else
    o->host = &o->val;
}

static long off_out(struct task *t, const struct xfer_off *o, long r) {
  if (o->host != &o->val) return r;
  return copy_to_user(MM(t), o->uaddr, &o->val, sizeof o->val) ? -EFAULT : r;
}

SYS_DEFINE6(copy_file_range, int, fd_in, u64, uoff_in, int, fd_out, u64, uoff_out, u64, len, u32,
            flags) {
  struct xfer_off a, b;
  off_in(t, &a, uoff_in);
  off_in(t, &b, uoff_out);
  long r = FS_HOST(SYS_copy_file_range, fd_in, a.host, fd_out, b.host, len, flags);
  if (r > 0) { /* the kernel writes the offsets back only after a transfer */
    r = off_out(t, &a, r);
    r = off_out(t, &b, r);
  }
  return r;
}

SYS_DEFINE6(splice, int, fd_in, u64, uoff_in, int, fd_out, u64, uoff_out, u64, len, u32, flags) {
  struct xfer_off a, b;
  off_in(t, &a, uoff_in);
  off_in(t, &b, uoff_out);
  long r = FS_HOST(SYS_splice, fd_in, a.host, fd_out, b.host, len, flags);
  if (r >= 0) {
    r = off_out(t, &a, r);
    r = off_out(t, &b, r);
  }
  return r;
}

SYS_DEFINE4(tee, int, fd_in, int, fd_out, u64, len, u32, flags) {
  return FS_HOST(SYS_tee, fd_in, fd_out, len, flags);
}

SYS_DEFINE4(sync_file_range, int, fd, i64, off, i64, nbytes, u32, flags) {
  return FS_HOST(SYS_sync_file_range, fd, off, nbytes, flags);
}

SYS_DEFINE3(readahead, int, fd, i64, off, u64, count) {
  return FS_HOST(SYS_readahead, fd, off, count);
}
