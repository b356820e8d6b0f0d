/* sys_fs32.c — the i386 ABI of the descriptor and I/O calls: open/openat
 * without O_LARGEFILE, _llseek, the split 64-bit offsets (pread64, pwrite64,
 * truncate64, ftruncate64, fadvise64, fadvise64_64, fallocate,
 * sync_file_range, readahead, preadv ...), 8-byte iovecs, sendfile with a
 * 32-bit off_t, fcntl/fcntl64 with struct flock and flock64, the 16-bit
 * chown calls.  (getdents and directory offsets: sys_dir32.c.)
 *
 * Mirrors the compat entry points an x86-64 kernel gives an i386 program:
 * arch/x86/kernel/sys_ia32.c, fs/open.c (compat_sys_open), fs/read_write.c
 * (compat_sys_sendfile, compat_sys_preadv*, sys_llseek), fs/fcntl.c
 * (do_compat_fcntl64), kernel/uid16.c and
 * lib/iov_iter.c (copy_compat_iovec_from_user).  Each converts the i386
 * arguments and layouts and then runs the ABI-neutral cores of sys_fs*.c.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs.h"

/* --- open without O_LARGEFILE ------------------------------------------------
 * compat_sys_open/openat do not add O_LARGEFILE, so a file opened by an i386
 * program without it keeps the 2 GiB limits of generic_file_open() (EOVERFLOW)
 * and generic_write_checks() (EFBIG), and F_GETFL does not show the flag.  An
 * x86-64 openat always adds it, and nothing can clear it afterwards.  So emu
 * asks the host's own i386 gate: `int $0x80` from 64-bit code runs the host's
 * i386 table, here __NR_openat of asm/unistd_32.h (295) with the path in a
 * page below 4 GiB.  A host without IA32 emulation gets the x86-64 openat, the
 * EOVERFLOW check, and the rest of the kernel's rules for such a file from
 * sys_fs_small.c. */

#define NR32_OPENAT 295 /* asm/unistd_32.h */

static long host_int80_4(u32 nr, u32 a, u32 b, u32 c, u32 d) {
  long r;
  __asm__ volatile("int $0x80"
                   : "=a"(r)
                   : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
                   : "memory", "r8", "r9", "r10", "r11", "cc");
  return (i32)r;
}

/* 0 unknown, 1 the gate works, -1 it does not. */
static int gate_state;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread char *gate_page; /* one per host thread, below 4 GiB */

static int gate_child(void *arg) {
  (void)arg;
  /* The expected #GP is the probe's answer, not a fault of emu's. */
  struct sigaction dfl = {.sa_handler = SIG_DFL};
  sigaction(SIGSEGV, &dfl, NULL);
  long r = host_int80_4(20 /* getpid */, 0, 0, 0, 0);
  /* The exit system call itself, not _exit(): under ASan a call of a
   * noreturn function on this stack, which it does not know, makes it warn
   * (__asan_handle_no_return) on stderr, the guest's. */
  syscall(SYS_exit, r == (long)getpid() ? 0 : 1);
  return 1;
}

/* Whether int $0x80 from 64-bit code reaches an i386 table: asked in a child,
 * since a host without it answers with a signal.  A CLONE_VM child, as a
 * vfork one: it shares emu's memory, so it attaches no copy of the guest's
 * System V segments (whose detach on its exit the guest would see in
 * shm_dtime).  With no exit signal: a SIGCHLD from emu's own child would be
 * the guest's (its handler's, or a line of --strace).  Called under
 * gate_lock, which guards the stack. */
static bool gate_probe(void) {
  static char stack[16384] __attribute__((aligned(16)));
  pid_t pid = clone(gate_child, stack + sizeof stack, CLONE_VM | CLONE_VFORK, NULL);
  if (pid < 0) return false;
  int st;
  while (waitpid(pid, &st, __WALL) < 0)
    if (errno != EINTR) return false;
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static char *gate_buf(void) {
  int s = __atomic_load_n(&gate_state, __ATOMIC_ACQUIRE);
  if (!s) {
    pthread_mutex_lock(&gate_lock);
    if (!(s = gate_state)) {
      s = gate_probe() ? 1 : -1;
      __atomic_store_n(&gate_state, s, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&gate_lock);
  }
  if (s < 0) return NULL;
  if (!gate_page) {
    void *p = mmap(NULL, PATH_MAX, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
                   -1, 0);
    if (p == MAP_FAILED || (uintptr_t)p + PATH_MAX > (1ull << 32)) return NULL;
    gate_page = p;
  }
  return gate_page;
}

long fs_host_openat(struct task *t, int dirfd, const char *path, int flags, u64 mode) {
  if (t->abi != ABI_I386 || (flags & LX_O_LARGEFILE)) {
    long fd = FS_HOST(SYS_openat, dirfd, path, flags, mode);
    fs_small_set((int)fd, false);
    return fd;
  }
  char *low = gate_buf();
  size_t n = strlen(path) + 1;
  if (low && n <= PATH_MAX) {
    memcpy(low, path, n);
    return host_int80_4(NR32_OPENAT, (u32)dirfd, (u32)(uintptr_t)low, (u32)flags, (u32)mode);
  }
  long fd = FS_HOST(SYS_openat, dirfd, path, flags, mode);
  struct stat st;
  if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > LX_MAX_NON_LFS &&
      !(flags & O_PATH)) {
    close(fd);
    return -EOVERFLOW;
  }
  /* Without the gate the file has O_LARGEFILE: emu keeps its absence (sys_fs_small.c). */
  if (fd >= 0 && !(flags & O_PATH)) fs_small_set((int)fd, true);
  return fd;
}

/* Run an x86-64 handler with the arguments joined from i386 halves. */
#define CALL64(name, ...) sys_##name(t, (const u64[6]){__VA_ARGS__})
#define JOIN(lo, hi)      ((u64)(u32)(hi) << 32 | (u32)(lo))

SYS_DEFINE5(pread64_32, int, fd, u64, buf, u32, count, u32, lo, u32, hi) {
  return CALL64(pread64, (u32)fd, buf, count, JOIN(lo, hi));
}

SYS_DEFINE5(pwrite64_32, int, fd, u64, buf, u32, count, u32, lo, u32, hi) {
  return CALL64(pwrite64, (u32)fd, buf, count, JOIN(lo, hi));
}

/* --- iovecs ----------------------------------------------------------------
 * copy_compat_iovec_from_user(): an iov_len that does not fit a compat_ssize_t
 * is EINVAL; widened to 2^63 it is refused by the host at the same point. */
static long rw_iov32(struct task *t, long nr, int fd, u64 uiov, u64 cnt, i64 pos, int flags) {
  if (cnt > LX_UIO_MAXIOV) return fs_rw_iov(t, nr, fd, NULL, cnt, pos, flags);
  struct lx32_iovec gs[8], *g = gs;
  struct fs_iov vs[8], *v = vs;
  long r = -ENOMEM;
  if (cnt > ARRAY_SIZE(gs) && (!(g = malloc(cnt * sizeof *g)) || !(v = malloc(cnt * sizeof *v))))
    goto out;
  if (copy_from_user(MM(t), g, uiov, cnt * sizeof *g)) {
    r = fs_rw_iov(t, nr, fd, NULL, cnt, pos, flags);
    goto out;
  }
  for (u64 i = 0; i < cnt; i++)
    v[i] = (struct fs_iov){g[i].iov_base, (i32)g[i].iov_len < 0 ? 1ull << 63 : g[i].iov_len};
  r = fs_rw_iov(t, nr, fd, v, cnt, pos, flags);
out:
  if (g != gs) free(g);
  if (v != vs) free(v);
  return r;
}

SYS_DEFINE3(readv32, int, fd, u64, iov, u32, cnt) {
  return rw_iov32(t, SYS_readv, fd, iov, cnt, 0, 0);
}

SYS_DEFINE3(writev32, int, fd, u64, iov, u32, cnt) {
  return rw_iov32(t, SYS_writev, fd, iov, cnt, 0, 0);
}

/* vmsplice: the compat iovec array (import_iovec in a compat syscall). */
SYS_DEFINE4(vmsplice32, int, fd, u64, iov, u32, cnt, u32, flags) {
  return rw_iov32(t, SYS_vmsplice, fd, iov, cnt, flags, 0);
}

SYS_DEFINE5(preadv32, int, fd, u64, iov, u32, cnt, u32, lo, u32, hi) {
  return rw_iov32(t, SYS_preadv, fd, iov, cnt, JOIN(lo, hi), 0);
}

SYS_DEFINE5(pwritev32, int, fd, u64, iov, u32, cnt, u32, lo, u32, hi) {
  return rw_iov32(t, SYS_pwritev, fd, iov, cnt, JOIN(lo, hi), 0);
}

SYS_DEFINE6(preadv2_32, int, fd, u64, iov, u32, cnt, u32, lo, u32, hi, int, flags) {
  return rw_iov32(t, SYS_preadv2, fd, iov, cnt, JOIN(lo, hi), flags);
}

SYS_DEFINE6(pwritev2_32, int, fd, u64, iov, u32, cnt, u32, lo, u32, hi, int, flags) {
  return rw_iov32(t, SYS_pwritev2, fd, iov, cnt, JOIN(lo, hi), flags);
}

/* compat_sys_sendfile(): the offset is a 32-bit off_t and do_sendfile() gets
 * max = MAX_NON_LFS: a transfer is cut at 2 GiB - 1, and one starting there
 * is EOVERFLOW after the descriptor checks.  The offset is stored back, even
 * after a failure. */
SYS_DEFINE4(sendfile32, int, out_fd, int, in_fd, u64, uoff, u32, count) {
  if (!uoff) return FS_HOST(SYS_sendfile, out_fd, in_fd, NULL, (u64)count);
  lx32_off_t off32;
  if (copy_from_user(MM(t), &off32, uoff, sizeof off32)) return -EFAULT;
  i64 pos = off32;
  u64 n = count;
  long r;
  if (n > LX_MAX_RW_COUNT) n = LX_MAX_RW_COUNT;
  if (pos >= 0 && pos + (i64)n > LX_MAX_NON_LFS) {
    if (pos >= LX_MAX_NON_LFS) {
      r = FS_HOST(SYS_sendfile, out_fd, in_fd, &pos, 0); /* the descriptor checks */
      if (r >= 0) r = -EOVERFLOW;
      goto store;
    }
    n = LX_MAX_NON_LFS - pos;
  }
  r = FS_HOST(SYS_sendfile, out_fd, in_fd, &pos, n);
store:
  off32 = (lx32_off_t)pos;
  if (copy_to_user(MM(t), uoff, &off32, sizeof off32)) return -EFAULT;
  return r;
}

/* --- fcntl -----------------------------------------------------------------
 * On x86-64 both i386 fcntl (55) and fcntl64 (221) are compat_sys_fcntl64:
 * F_GETLK/F_SETLK/F_SETLKW take struct compat_flock (32-bit off_t, F_GETLK
 * answers EOVERFLOW for a start beyond 2 GiB - 1 and cuts the length there:
 * fixup_compat_flock), F_GETLK64/F_SETLK64/F_SETLKW64 and the OFD commands
 * take struct compat_flock64.  The descriptor checks come first; a bad
 * pointer is EFAULT after them (the host is handed an unmapped address). */
static long fcntl_lock32(struct task *t, int fd, int cmd, u64 arg) {
  bool is64 = cmd != F_GETLK && cmd != F_SETLK && cmd != F_SETLKW;
  int hcmd = cmd == LX_F_GETLK64    ? F_GETLK
             : cmd == LX_F_SETLK64  ? F_SETLK
             : cmd == LX_F_SETLKW64 ? F_SETLKW
                                    : cmd;
  struct flock h;
  memset(&h, 0, sizeof h);
  if (is64) {
    struct lx32_flock64 g;
    if (copy_from_user(MM(t), &g, arg, sizeof g)) return FS_HOST(SYS_fcntl, fd, hcmd, FS_FAULT_PTR);
    h = (struct flock){.l_type = g.l_type,
                       .l_whence = g.l_whence,
                       .l_start = g.l_start,
                       .l_len = g.l_len,
                       .l_pid = g.l_pid};
  } else {
    struct lx32_flock g;
    if (copy_from_user(MM(t), &g, arg, sizeof g)) return FS_HOST(SYS_fcntl, fd, hcmd, FS_FAULT_PTR);
    h = (struct flock){.l_type = g.l_type,
                       .l_whence = g.l_whence,
                       .l_start = g.l_start,
                       .l_len = g.l_len,
                       .l_pid = g.l_pid};
  }
  long r = fs_fcntl_lock(fd, hcmd, &h);
  if (r < 0 || (hcmd != F_GETLK && hcmd != F_OFD_GETLK)) return r;
  if (is64) {
    struct lx32_flock64 g = {.l_type = h.l_type,
                             .l_whence = h.l_whence,
                             .l_start = h.l_start,
                             .l_len = h.l_len,
                             .l_pid = h.l_pid};
    return copy_to_user(MM(t), arg, &g, sizeof g) ? -EFAULT : r;
  }
  if (h.l_start > LX_MAX_NON_LFS) return -EOVERFLOW;
  if (h.l_len > LX_MAX_NON_LFS) h.l_len = LX_MAX_NON_LFS;
  struct lx32_flock g = {.l_type = h.l_type,
                         .l_whence = h.l_whence,
                         .l_start = (i32)h.l_start,
                         .l_len = (i32)h.l_len,
                         .l_pid = h.l_pid};
  return copy_to_user(MM(t), arg, &g, sizeof g) ? -EFAULT : r;
}

SYS_DEFINE3(fcntl32, int, fd, int, cmd, u32, arg) {
  switch (cmd) {
  case F_GETLK:
  case F_SETLK:
  case F_SETLKW:
  case LX_F_GETLK64:
  case LX_F_SETLK64:
  case LX_F_SETLKW64:
  case F_OFD_GETLK:
  case F_OFD_SETLK:
  case F_OFD_SETLKW: return fcntl_lock32(t, fd, cmd, arg);
  default: return CALL64(fcntl, (u32)fd, (u32)cmd, arg);
  }
}

/* --- split 64-bit offsets (arch/x86/kernel/sys_ia32.c) --------------------- */

SYS_DEFINE3(truncate64_32, u64, upath, u32, lo, u32, hi) {
  return CALL64(truncate, upath, JOIN(lo, hi));
}

SYS_DEFINE3(ftruncate64_32, int, fd, u32, lo, u32, hi) {
  if (fs_small(fd) && JOIN(lo, hi) > (u64)LX_MAX_NON_LFS) return -EINVAL;
  return CALL64(ftruncate, (u32)fd, JOIN(lo, hi));
}

SYS_DEFINE5(fadvise64_32, int, fd, u32, lo, u32, hi, u32, len, int, advice) {
  return CALL64(fadvise64, (u32)fd, JOIN(lo, hi), len, (u32)advice);
}

/* fadvise64_64 of i386: (fd, offset lo, hi, len lo, hi, advice). */
SYS_DEFINE6(fadvise64_64_32, int, fd, u32, olo, u32, ohi, u32, llo, u32, lhi, int, advice) {
  return CALL64(fadvise64, (u32)fd, JOIN(olo, ohi), JOIN(llo, lhi), (u32)advice);
}

SYS_DEFINE6(fallocate32, int, fd, int, mode, u32, olo, u32, ohi, u32, llo, u32, lhi) {
  return CALL64(fallocate, (u32)fd, (u32)mode, JOIN(olo, ohi), JOIN(llo, lhi));
}

SYS_DEFINE6(sync_file_range32, int, fd, u32, olo, u32, ohi, u32, nlo, u32, nhi, u32, flags) {
  return CALL64(sync_file_range, (u32)fd, JOIN(olo, ohi), JOIN(nlo, nhi), flags);
}

SYS_DEFINE4(readahead32, int, fd, u32, lo, u32, hi, u32, count) {
  return CALL64(readahead, (u32)fd, JOIN(lo, hi), count);
}

/* --- 16-bit ids (kernel/uid16.c): low2highuid(), 0xffff is -1 ------------- */

static u64 low2high(u64 id) { return (u16)id == 0xffff ? (u64)(u32)-1 : (u16)id; }

SYS_DEFINE3(chown16, u64, upath, u64, uid, u64, gid) {
  return CALL64(chown, upath, low2high(uid), low2high(gid));
}

SYS_DEFINE3(lchown16, u64, upath, u64, uid, u64, gid) {
  return CALL64(lchown, upath, low2high(uid), low2high(gid));
}

SYS_DEFINE3(fchown16, int, fd, u64, uid, u64, gid) {
  return CALL64(fchown, (u32)fd, low2high(uid), low2high(gid));
}
