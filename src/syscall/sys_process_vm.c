/* sys_process_vm.c — process_vm_readv and process_vm_writev between
 * processes, emulated or not, both ABIs.  Mirrors mm/process_vm_access.c.
 *
 * The host's own call does the work, after emu has translated both sides:
 * the local iovecs into this guest's window (fs_ubuf, as readv does), the
 * remote ones into the other process's window when that process is an emu
 * (mm_peer_find, mm_peer_addr), unchanged when it is not.  The host then
 * makes the kernel's checks in the kernel's order (flags; the local
 * iovecs: count, array, access_ok; nothing to copy: 0; the remote ones;
 * the pid: ESRCH; the permission: EPERM) and copies as the kernel does, up
 * to the first page of the remote side that is not there (the count so far,
 * or EFAULT) and byte-exact on the local side, because the host pages of
 * every window carry the guest's protection.  An array that cannot be
 * read reaches the host as an address that faults (FS_FAULT_PTR), a
 * count above UIO_MAXIOV unchanged, so those errors come in order too.
 *
 * Writes land only in pages the guest can write, where emu caches no
 * decoded code (DESIGN.md): the other emu runs what was written.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/uio.h>

#include "fs.h"

enum { VM_STACK = 8 };

/* The guest's iovec array, in the call's ABI (compat_iovec for i386, whose
 * negative iov_len widens to 2^63: EINVAL at the host, in the same place as
 * iovec_from_user refuses it).  False when it cannot be read. */
static bool iov_in(struct task *t, u64 uiov, u64 cnt, bool compat, struct fs_iov *v) {
  for (u64 i = 0; i < cnt; i++) {
    if (compat) {
      struct lx32_iovec g;
      if (copy_from_user(MM(t), &g, uiov + i * sizeof g, sizeof g)) return false;
      v[i] = (struct fs_iov){g.iov_base, (i32)g.iov_len < 0 ? 1ull << 63 : g.iov_len};
    } else {
      struct lx64_iovec g;
      if (copy_from_user(MM(t), &g, uiov + i * sizeof g, sizeof g)) return false;
      v[i] = (struct fs_iov){g.iov_base, g.iov_len};
    }
  }
  return true;
}

static long vm_rw(struct task *t, bool write, int pid, u64 lvec, u64 lcnt, u64 rvec, u64 rcnt,
                  u64 flags, bool compat) {
  struct fs_iov vs[VM_STACK], *v = vs;
  struct iovec ls[VM_STACK], rs[VM_STACK], *l = ls, *r = rs;
  void *la = FS_FAULT_PTR, *ra = FS_FAULT_PTR; /* what the host gets for each array */
  u64 most = lcnt <= LX_UIO_MAXIOV ? lcnt : 0;
  if (rcnt <= LX_UIO_MAXIOV && rcnt > most) most = rcnt;
  long ret = -ENOMEM;
  if (most > VM_STACK && (!(v = malloc(most * sizeof *v)) || !(l = malloc(most * sizeof *l)) ||
                          !(r = malloc(most * sizeof *r))))
    goto out;
  if (lcnt <= LX_UIO_MAXIOV && iov_in(t, lvec, lcnt, compat, v)) {
    for (u64 i = 0; i < lcnt; i++) {
      u64 len = v[i].len;
      l[i].iov_base = fs_ubuf(t, v[i].base, &len);
      l[i].iov_len = len;
    }
    la = l;
  }
  if (rcnt <= LX_UIO_MAXIOV && iov_in(t, rvec, rcnt, compat, v)) {
    struct mm_peer w;
    bool emu = rcnt && mm_peer_find(pid, &w) == 1;
    for (u64 i = 0; i < rcnt; i++) {
      u64 len = v[i].len, a = v[i].base;
      if (emu && (i64)len >= 0) a = mm_peer_addr(&w, a, &len);
      r[i].iov_base = (void *)(uintptr_t)a;
      r[i].iov_len = len;
    }
    ra = r;
  }
  ret =
      FS_HOST(write ? SYS_process_vm_writev : SYS_process_vm_readv, pid, la, lcnt, ra, rcnt, flags);
out:
  if (v != vs) free(v);
  if (l != ls) free(l);
  if (r != rs) free(r);
  return ret;
}

SYS_DEFINE6(process_vm_readv, int, pid, u64, lvec, u64, lcnt, u64, rvec, u64, rcnt, u64, flags) {
  return vm_rw(t, false, pid, lvec, lcnt, rvec, rcnt, flags, false);
}

SYS_DEFINE6(process_vm_writev, int, pid, u64, lvec, u64, lcnt, u64, rvec, u64, rcnt, u64, flags) {
  return vm_rw(t, true, pid, lvec, lcnt, rvec, rcnt, flags, false);
}

SYS_DEFINE6(process_vm_readv32, int, pid, u64, lvec, u64, lcnt, u64, rvec, u64, rcnt, u64, flags) {
  return vm_rw(t, false, pid, lvec, lcnt, rvec, rcnt, flags, true);
}

SYS_DEFINE6(process_vm_writev32, int, pid, u64, lvec, u64, lcnt, u64, rvec, u64, rcnt, u64, flags) {
  return vm_rw(t, true, pid, lvec, lcnt, rvec, rcnt, flags, true);
}
