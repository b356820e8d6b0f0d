/* sys_fs_reserved.c — the descriptors emu keeps for itself (its logs: -o,
 * --log-fd, --trace=FILE, --frames=FILE), which the guest must not reach.
 *
 * The guest's descriptor numbers are the host's, so a reserved descriptor is
 * a number the guest could name.  To the guest it is a number no file is
 * open at, as qemu-user keeps its log: every system call that takes it as a
 * descriptor argument fails with EBADF before its handler runs (fs_fd_guard,
 * from the entry), close and dup* over it fail with EBADF, and /proc/self/fd
 * and fdinfo neither list nor resolve it (sys_procfs.c, sys_dir.c).  Which
 * arguments are descriptors comes from the calls' one description of their
 * arguments, the signature columns of the calls' rows (src/abi/calls_*.inc, turned into
 * gen/fdargs.inc by scripts/gen_fdargs.sh): K_FD arguments always, K_DIRFD
 * ones when the path after them is relative (an absolute path ignores the
 * directory, as in path_init()).
 *
 * Not covered: descriptors inside structures (poll and select sets, epoll
 * events, SCM_RIGHTS, i386 socketcall's argument block): those reach the host
 * as they are, where the kernel would report POLLNVAL or EBADF.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fs.h"

static int fs_reserved[FS_RESERVED_MAX];
static int fs_nreserved;

bool fs_fd_reserved(int fd) {
  for (int i = 0; i < fs_nreserved; i++)
    if (fs_reserved[i] == fd) return true;
  return false;
}

bool fs_fd_reserve(int fd) {
  if (fs_nreserved == (int)ARRAY_SIZE(fs_reserved)) return false;
  fs_reserved[fs_nreserved++] = fd;
  return true;
}

void fs_fd_unreserve(int fd) {
  for (int i = 0; i < fs_nreserved; i++)
    if (fs_reserved[i] == fd) {
      fs_reserved[i] = fs_reserved[--fs_nreserved];
      return;
    }
}

int fs_fd_high(int fd) {
  struct rlimit rl;
  if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur > 64 && rl.rlim_cur != RLIM_INFINITY) {
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, (int)(rl.rlim_cur - 32));
    if (hi >= 0) {
      close(fd);
      return hi;
    }
  }
  return fd;
}

bool fs_fd_any_reserved(void) { return fs_nreserved > 0; }

int fs_fd_reserved_sorted(int out[FS_RESERVED_MAX]) {
  int n = fs_nreserved;
  memcpy(out, fs_reserved, sizeof fs_reserved);
  for (int i = 1; i < n; i++) /* insertion sort: a handful of entries */
    for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
      int x = out[j];
      out[j] = out[j - 1];
      out[j - 1] = x;
    }
  return n;
}

/* --- descriptor arguments ---------------------------------------------------------- */

static const struct {
  const char *name;
  u8 fd;  /* bit i: argument i is a descriptor */
  u8 dir; /* bit i: argument i is a directory descriptor for the path in i + 1 */
} fdargs[] = {
#define FDARGS(nm, f, d) {#nm, f, d},
#include "fdargs.inc"
#undef FDARGS
};

/* The path argument at uaddr is one a directory descriptor would serve:
 * relative, or empty (AT_EMPTY_PATH); an unreadable one is left to the
 * handler, which fails with EFAULT before it uses the descriptor. */
static bool relative_path(struct task *t, u64 uaddr) {
  char c;
  return uaddr && !copy_from_user(MM(t), &c, uaddr, 1) && c != '/';
}

/* The row of the call name: fdargs.inc is sorted by name (gen_fdargs.sh). */
static int fdargs_row(const char *name) {
  size_t lo = 0, hi = ARRAY_SIZE(fdargs);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(fdargs[mid].name, name);
    if (!c) return (int)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* fs_fd_guard while emu holds descriptors of its own. */
static SLOW_PATH long fd_guard(struct task *t, const char *name, const u64 *a) {
  int k = fdargs_row(name);
  if (k < 0) return 0;
  /* mmap ignores the descriptor of an anonymous mapping. */
  bool anon = !strncmp(name, "mmap", 4) && (a[3] & MAP_ANONYMOUS);
  for (int i = 0; i < 6; i++) {
    if ((fdargs[k].fd >> i & 1) && !anon && fs_fd_reserved((int)a[i])) return -EBADF;
    if (i < 5 && (fdargs[k].dir >> i & 1) && fs_fd_reserved((int)a[i]) && relative_path(t, a[i + 1]))
      return -EBADF;
  }
  return 0;
}

long fs_fd_guard(struct task *t, const char *name, const u64 *a) {
  return fs_nreserved && name ? fd_guard(t, name, a) : 0;
}
