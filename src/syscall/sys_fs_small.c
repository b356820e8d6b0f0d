/* sys_fs_small.c — files an i386 program opened without O_LARGEFILE, on a host
 * whose kernel has no i386 gate (IA-32 emulation off).  There emu can only open
 * through the x86-64 openat, which always sets O_LARGEFILE on the open file
 * (sys_fs32.c), so emu keeps the flag's absence itself, per descriptor, and applies
 * what the kernel would apply to such a file:
 *   - fcntl(F_GETFL) does not show O_LARGEFILE (fs/fcntl.c shows f_flags);
 *   - a write at or beyond MAX_NON_LFS is EFBIG and one crossing it is cut there
 *     (generic_write_check_limits() in mm/filemap.c, regular files only);
 *   - ftruncate64 beyond MAX_NON_LFS is EINVAL (do_sys_ftruncate() with small = 1).
 * The state follows the descriptor through dup, dup2, dup3 and F_DUPFD and ends with
 * close and close_range; a fork copies it with emu's memory.  The kernel keeps the
 * flag per open file, so two limits of this model: a descriptor passed over a Unix
 * socket arrives with O_LARGEFILE, and an execve (emu starts afresh) forgets it.
 * With the gate (a host with IA-32 emulation) none of this runs: the host's own i386
 * openat makes the file as the kernel would. */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "fs.h"

#define SMALL_FDS 65536 /* descriptors beyond are not tracked (the limit is 1024 usually) */
static unsigned long small_bits[SMALL_FDS / (8 * sizeof(unsigned long))];
#define SMALL_WORD(fd) (&small_bits[(unsigned)(fd) / (8 * sizeof(unsigned long))])
#define SMALL_BIT(fd)  (1ul << ((unsigned)(fd) % (8 * sizeof(unsigned long))))

bool fs_small(int fd) {
  if (fd < 0 || fd >= SMALL_FDS) return false;
  return __atomic_load_n(SMALL_WORD(fd), __ATOMIC_RELAXED) & SMALL_BIT(fd);
}

void fs_small_set(int fd, bool small) {
  if (fd < 0 || fd >= SMALL_FDS) return;
  if (small)
    __atomic_fetch_or(SMALL_WORD(fd), SMALL_BIT(fd), __ATOMIC_RELAXED);
  else if (fs_small(fd))
    __atomic_fetch_and(SMALL_WORD(fd), ~SMALL_BIT(fd), __ATOMIC_RELAXED);
}

void fs_small_clear_range(unsigned first, unsigned last) {
  for (unsigned fd = first; fd <= last && fd < SMALL_FDS; fd++) fs_small_set((int)fd, false);
}

long fs_small_write_limit(int fd, i64 pos, u64 *count) {
  if (!fs_small(fd)) return 0;
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) return 0;
  if (pos < 0) { /* write(), writev(): the file's offset, or its end with O_APPEND */
    int fl = fcntl(fd, F_GETFL);
    pos = fl >= 0 && (fl & O_APPEND) ? st.st_size : lseek(fd, 0, SEEK_CUR);
    if (pos < 0) return 0;
  }
  if (pos >= LX_MAX_NON_LFS) return *count ? -EFBIG : 0;
  if (*count > (u64)(LX_MAX_NON_LFS - pos)) *count = (u64)(LX_MAX_NON_LFS - pos);
  return 0;
}
