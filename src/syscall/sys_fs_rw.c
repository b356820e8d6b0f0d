/* sys_fs_rw.c — reading and writing descriptors: read, write, pread64,
 * pwrite64, readv, writev, preadv, pwritev, preadv2, pwritev2, vmsplice,
 * sendfile.
 *
 * Mirrors fs/read_write.c and lib/iov_iter.c (import_iovec).  Buffers are
 * handed to the host as host pointers into the guest window (fs_ubuf), so the
 * host kernel faults on the pages the guest has not mapped and reports EFAULT
 * after the same descriptor and argument checks as the native kernel.  The
 * iovec array itself is copied in (struct lx64_iovec) and each element is
 * translated; fs_rw_iov is the ABI-neutral core the i386 ABI shares.
 */
#define _GNU_SOURCE
#include <stdlib.h>

#include "fs.h"

SYS_DEFINE3(read, int, fd, u64, buf, u64, count) {
  if (fs_proc_mem(fd)) return fs_proc_mem_rw(t, fd, &(struct fs_iov){buf, count}, 1, 0, 0);
  void *p = fs_ubuf(t, buf, &count);
  return FS_HOST(SYS_read, fd, p, count);
}

SYS_DEFINE3(write, int, fd, u64, buf, u64, count) {
  if (fs_proc_mem(fd))
    return fs_proc_mem_rw(t, fd, &(struct fs_iov){buf, count}, 1, 0, FS_MEM_WRITE);
  long e = fs_small_write_limit(fd, -1, &count);
  if (e) return e;
  void *p = fs_ubuf(t, buf, &count);
  return FS_HOST(SYS_write, fd, p, count);
}

SYS_DEFINE4(pread64, int, fd, u64, buf, u64, count, i64, pos) {
  if (fs_proc_mem(fd))
    return fs_proc_mem_rw(t, fd, &(struct fs_iov){buf, count}, 1, pos, FS_MEM_POS);
  void *p = fs_ubuf(t, buf, &count);
  return FS_HOST(SYS_pread64, fd, p, count, pos);
}

SYS_DEFINE4(pwrite64, int, fd, u64, buf, u64, count, i64, pos) {
  if (fs_proc_mem(fd))
    return fs_proc_mem_rw(t, fd, &(struct fs_iov){buf, count}, 1, pos, FS_MEM_WRITE | FS_MEM_POS);
  long e = pos >= 0 ? fs_small_write_limit(fd, pos, &count) : 0;
  if (e) return e;
  void *p = fs_ubuf(t, buf, &count);
  return FS_HOST(SYS_pwrite64, fd, p, count, pos);
}

long fs_rw_iov(struct task *t, long nr, int fd, const struct fs_iov *v, u64 cnt, i64 pos,
               int flags) {
  /* preadv(fd, iov, cnt, pos_l, pos_h[, flags]): on a 64-bit host pos_l
   * holds the whole offset and pos_h is ignored. */
  /* vmsplice takes pipes only: the host refuses /proc/pid/mem with EBADF. */
  if (nr != SYS_vmsplice && fs_proc_mem(fd)) { /* preadv2/pwritev2 at -1: the file position */
    bool wr = nr == SYS_writev || nr == SYS_pwritev || nr == SYS_pwritev2;
    bool at = nr == SYS_preadv || nr == SYS_pwritev ||
              ((nr == SYS_preadv2 || nr == SYS_pwritev2) && pos != -1);
    return fs_proc_mem_rw(t, fd, v, cnt, pos, (wr ? FS_MEM_WRITE : 0) | (at ? FS_MEM_POS : 0));
  }
  if (!v || cnt > LX_UIO_MAXIOV) return FS_HOST(nr, fd, FS_FAULT_PTR, cnt, pos, 0, flags);
  if ((nr == SYS_writev || nr == SYS_pwritev || nr == SYS_pwritev2) && fs_small(fd)) {
    u64 total = 0; /* a write starting past MAX_NON_LFS (sys_fs_small.c) */
    for (u64 i = 0; i < cnt; i++) total += v[i].len;
    long e = fs_small_write_limit(fd, nr == SYS_writev ? -1 : pos, &total);
    if (e) return e;
  }
  struct iovec stack[8], *h = stack;
  if (cnt > ARRAY_SIZE(stack) && !(h = malloc(cnt * sizeof *h))) return -ENOMEM;
  for (u64 i = 0; i < cnt; i++) {
    u64 len = v[i].len;
    h[i].iov_base = fs_ubuf(t, v[i].base, &len);
    h[i].iov_len = len;
  }
  long r = FS_HOST(nr, fd, h, cnt, pos, 0, flags);
  if (h != stack) free(h);
  return r;
}

/* The guest's iovec array is struct lx64_iovec (../abi/lx_types.h). */
static long rw_iov64(struct task *t, long nr, int fd, u64 uiov, u64 cnt, i64 pos, int flags) {
  if (cnt > LX_UIO_MAXIOV) return fs_rw_iov(t, nr, fd, NULL, cnt, pos, flags);
  struct lx64_iovec gs[8], *g = gs;
  struct fs_iov vs[8], *v = vs;
  long r = -ENOMEM;
  if (cnt > ARRAY_SIZE(gs) && (!(g = malloc(cnt * sizeof *g)) || !(v = malloc(cnt * sizeof *v))))
    goto out;
  if (copy_from_user(MM(t), g, uiov, cnt * sizeof *g)) {
    r = fs_rw_iov(t, nr, fd, NULL, cnt, pos, flags);
    goto out;
  }
  for (u64 i = 0; i < cnt; i++) v[i] = (struct fs_iov){g[i].iov_base, g[i].iov_len};
  r = fs_rw_iov(t, nr, fd, v, cnt, pos, flags);
out:
  if (g != gs) free(g);
  if (v != vs) free(v);
  return r;
}

SYS_DEFINE3(readv, int, fd, u64, iov, u64, cnt) {
  return rw_iov64(t, SYS_readv, fd, iov, cnt, 0, 0);
}

SYS_DEFINE3(writev, int, fd, u64, iov, u64, cnt) {
  return rw_iov64(t, SYS_writev, fd, iov, cnt, 0, 0);
}

SYS_DEFINE5(preadv, int, fd, u64, iov, u64, cnt, i64, pos_l, u64, pos_h) {
  return rw_iov64(t, SYS_preadv, fd, iov, cnt, pos_l, 0);
}

SYS_DEFINE5(pwritev, int, fd, u64, iov, u64, cnt, i64, pos_l, u64, pos_h) {
  return rw_iov64(t, SYS_pwritev, fd, iov, cnt, pos_l, 0);
}

SYS_DEFINE6(preadv2, int, fd, u64, iov, u64, cnt, i64, pos_l, u64, pos_h, int, flags) {
  return rw_iov64(t, SYS_preadv2, fd, iov, cnt, pos_l, flags);
}

SYS_DEFINE6(pwritev2, int, fd, u64, iov, u64, cnt, i64, pos_l, u64, pos_h, int, flags) {
  return rw_iov64(t, SYS_pwritev2, fd, iov, cnt, pos_l, flags);
}

/* vmsplice(fd, iov, nr_segs, flags) (fs/splice.c): the host splices the
 * translated iovecs, checking the flags, the descriptor (a pipe) and the
 * array in the kernel's order.  The flags are the host's fourth argument,
 * where fs_rw_iov passes pos. */
SYS_DEFINE4(vmsplice, int, fd, u64, iov, u64, cnt, u32, flags) {
  return rw_iov64(t, SYS_vmsplice, fd, iov, cnt, flags, 0);
}

/* sendfile(2) (sendfile64 in fs/read_write.c): the offset is read before
 * and written back after the transfer, even when it failed. */
SYS_DEFINE4(sendfile, int, out_fd, int, in_fd, u64, uoff, u64, count) {
  if (!uoff) return FS_HOST(SYS_sendfile, out_fd, in_fd, NULL, count);
  i64 off;
  if (copy_from_user(MM(t), &off, uoff, sizeof off)) return -EFAULT;
  long r = FS_HOST(SYS_sendfile, out_fd, in_fd, &off, count);
  if (copy_to_user(MM(t), uoff, &off, sizeof off)) return -EFAULT;
  return r;
}
