/* fs.h — private interface of the file-system system calls (sys_fs*.c,
 * sys_dir*.c, sys_stat*.c, sys_procfs*.c).
 *
 * The calls are split into ABI-neutral cores, which take host-width scalars,
 * paths already copied in, and host structures (struct stat, struct statfs,
 * struct flock, struct timespec), and per-ABI copy-in/copy-out of the guest's
 * own structure layouts (struct lx64_stat ...).  The i386 ABI reuses the cores
 * with its layouts (stat64, flock64, compat iovec ...).
 *
 * Guest file descriptors are host descriptors; the guest's cwd and umask are
 * the host process's.
 */
#ifndef EMU_SYSCALL_FS_H
#define EMU_SYSCALL_FS_H

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../abi/lx_fs.h"
#include "../abi/lx_types.h"
#include "syscall.h"

/* UIO_MAXIOV: the kernel's limit on iovec counts. */
#define LX_UIO_MAXIOV 1024

/* A host address that always faults in the host but passes access_ok (the
 * first pages are never mapped: vm.mmap_min_addr), and one that never passes
 * access_ok (non-canonical). */
#define FS_FAULT_PTR   ((void *)(uintptr_t)PAGE_SIZE)
#define FS_BADADDR_PTR ((void *)(uintptr_t)0x8000000000000000ull)


/* Run a host system call and turn its result into >= 0 or -errno. */
#define FS_HOST(...) host_ret(syscall(__VA_ARGS__))

/* The host pointer to hand a host system call for the guest buffer
 * [addr, addr + *len).  Never fails: a range the native kernel would reject
 * up front (beyond TASK_SIZE_MAX, wrapping) becomes FS_BADADDR_PTR, a range
 * the guest has not mapped outside the window becomes FS_FAULT_PTR, and a
 * range that runs off the window's end is clamped to it (nothing past the
 * window is mapped, so the host stops there as the native kernel would stop
 * at the first unmapped page).  The host then returns EFAULT at the same
 * point, and after the same checks (EBADF, EINVAL ...), as the native kernel. */
void *fs_ubuf(struct task *t, u64 addr, u64 *len);

/* Whether fd is a descriptor emu keeps for itself (fs_fd_reserve, syscall.h),
 * which the guest may not close, dup over or dup from: close, close_range,
 * dup*, F_DUPFD answer EBADF or skip it. */
bool fs_fd_reserved(int fd);
/* Whether emu keeps any descriptor for itself (the checks cost nothing otherwise). */
bool fs_fd_any_reserved(void);
/* The reserved descriptors in increasing order; returns how many. */
enum { FS_RESERVED_MAX = 8 };
int fs_fd_reserved_sorted(int out[FS_RESERVED_MAX]);

/* --- emulated /proc files (sys_procfs.c) -------------------------------- */

enum fs_proc {
  FS_PROC_NONE, /* not an emulated file: serve from the host */
  FS_PROC_EXE,  /* /proc/self/exe: the guest's program */
  FS_PROC_MAPS, /* the text views, snapshots of the guest's state */
  FS_PROC_AUXV,
  FS_PROC_CMDLINE,
  FS_PROC_ENVIRON,
  FS_PROC_STATUS,
  FS_PROC_STAT,
  FS_PROC_STATM,
  FS_PROC_MEM,      /* the guest's memory through uaccess */
  FS_PROC_DENY,     /* smaps, pagemap, map_files/ ...: EACCES */
  FS_PROC_MAP_FILE, /* map_files/<range>: EACCES, readlink ENOENT */
  FS_PROC_FDLINK,   /* fd/N: what descriptor N is */
  FS_PROC_FDINFO,   /* fdinfo/N: the host's */
};

/* Classify the host's name of an open procfs file (the /proc/self/fd/N link:
 * "<mount>/<pid>/<entry>", "<mount>/<pid>/task/<tid>/<entry>", with entry
 * also map_files/<range> or fd/<n>), setting *pid, *tid (-1 when absent) and
 * *fdnum (fd/<n>, else -1).  Pure: for unit tests. */
enum fs_proc fs_proc_canon(const char *canon, int *pid, int *tid, int *fdnum);
/* open of (dirfd, path) for the guest (how: openat2's open_how of size bytes,
 * or NULL for openat): the host looks the name up, an emulated /proc entry of
 * this process is served as its guest view (or refused, EACCES), an exe link
 * followed to emu's program becomes the guest's; no readable descriptor of a
 * procfs file of emu's ever sits in the guest's table.  Returns an fd or
 * -errno. */
long fs_proc_open(struct task *t, int dirfd, const char *path, int flags, u64 mode, const u64 *how,
                  u64 size);
/* readlink of an emulated link (exe, map_files/<range>, fd/N of an
 * emulated descriptor): sets *handled. */
long fs_proc_readlink(struct task *t, int dirfd, const char *path, u64 buf, int bufsiz,
                      bool *handled);
/* emu's own descriptors (fs_fd_reserved) are not in /proc/<pid>/fd or fdinfo
 * of any emu (this one, or one it started: they share the numbers):
 * whether (dirfd, path) names one of them there (ENOENT for the guest);
 * whether fd is such a directory of this process, whose records
 * fs_dirents_hide removes (buf holds n bytes of getdents records, reclen at
 * byte 16, the name at name_off; returns the bytes left). */
bool fs_proc_hidden(int dirfd, const char *path, bool follow);
bool fs_proc_fd_dir(int fd);
bool fs_fd_reserved_name(const char *name);
long fs_dirents_hide(char *buf, long n, size_t name_off);
/* Descriptor bookkeeping of emulated files: dup* gives newfd oldfd's file,
 * close and close_range drop it. */
void fs_proc_fd_dup(int oldfd, long newfd);
void fs_proc_fd_close_range(unsigned first, unsigned last);
/* True when fd is an emulated /proc/<pid>/mem; its read/write family
 * (how: FS_MEM_WRITE, FS_MEM_POS for the p* calls), lseek and F_GETFL/F_SETFL. */
bool fs_proc_mem(int fd);
enum { FS_MEM_WRITE = 1, FS_MEM_POS = 2 };
struct fs_iov;
long fs_proc_mem_rw(struct task *t, int fd, const struct fs_iov *v, u64 cnt, i64 pos, int how);
long fs_proc_mem_lseek(int fd, i64 off, u32 whence);
long fs_proc_getfl(int fd, long host);
long fs_proc_setfl(int fd, long arg, bool *handled);
/* Within sys_procfs*.c: put the emulated file's descriptor repl (closed) in
 * place of the host's fd, keeping its number, and record kind, the guest's
 * flags and its /proc name; the recorded name of fd; a read-only snapshot
 * descriptor of a text view, hostfd being the host's open file. */
long fs_proc_install(int fd, int repl, enum fs_proc kind, int flags, const char *name);
bool fs_proc_fd_name(int fd, char *name, size_t size);
long fs_proc_text(struct task *t, enum fs_proc kind, int hostfd, const char *name);

/* --- ABI-neutral cores ---------------------------------------------------- */

/* openat(2) with emulated /proc, write protection of the guest's running
 * program (ETXTBSY), as Linux. */
long fs_openat(struct task *t, int dirfd, const char *path, int flags, u64 mode);
/* fstatat(2) into a host struct stat; path NULL with AT_EMPTY_PATH is fstat. */
long fs_fstatat(struct task *t, int dirfd, const char *path, int flags, struct stat *st);
/* statfs/fstatfs into a host struct statfs. */
long fs_statfs(struct task *t, const char *path, struct statfs *st);
long fs_fstatfs(int fd, struct statfs *st);

/* One guest iovec element, ABI-neutral (i386 widens its 32-bit fields). */
struct fs_iov {
  u64 base, len;
};
/* readv/writev/preadv/pwritev/preadv2/pwritev2 on the host: nr is the host
 * call (SYS_readv ...), v the guest's elements, or NULL when the guest's
 * array could not be copied in (the host then fails with EFAULT after its own
 * fd checks).  pos and flags are used by the p* calls. */
long fs_rw_iov(struct task *t, long nr, int fd, const struct fs_iov *v, u64 cnt, i64 pos,
               int flags);

/* fcntl lock commands on a host struct flock. */
long fs_fcntl_lock(int fd, int cmd, struct flock *fl);

/* True when st is the guest's running program (dev and inode): writing it is
 * ETXTBSY, as the kernel's deny_write_access(). */
bool fs_is_guest_exe(struct task *t, const struct stat *st);

/* The guest structures (stat, statx, statfs, flock, ...) of both ABIs are
 * in ../abi/lx_fs.h and lx_time.h. */

/* --- the i386 ABI (sys_fs32.c, sys_stat32.c) ------------------------------- */


/* O_LARGEFILE as the kernel spells it (the x86-64 C library defines it 0). */
#define LX_O_LARGEFILE 0100000
/* Linux caps one read or write at MAX_RW_COUNT bytes (as in sys_io.h). */
/* MAX_NON_LFS: the largest offset a file without O_LARGEFILE may reach. */
#define LX_MAX_NON_LFS 0x7fffffffll
/* fcntl commands of 32-bit ABIs (asm-generic/fcntl.h, BITS_PER_LONG 32). */
#define LX_F_GETLK64  12
#define LX_F_SETLK64  13
#define LX_F_SETLKW64 14

/* The host's openat as the calling ABI's open(2): for an i386 task an open
 * without O_LARGEFILE is served as compat_sys_openat, which does not add it
 * (through the host's own i386 gate when the host has one; otherwise by the
 * x86-64 openat plus the EOVERFLOW check of generic_file_open()). */
long fs_host_openat(struct task *t, int dirfd, const char *path, int flags, u64 mode);

/* Descriptors an i386 program opened without O_LARGEFILE where the host has no i386
 * gate (sys_fs_small.c): their F_GETFL, write and ftruncate64 limits. */
bool fs_small(int fd);
void fs_small_set(int fd, bool small);
void fs_small_clear_range(unsigned first, unsigned last);
/* A write to fd at pos (-1: the file's own offset) of *count bytes: -EFBIG, or 0 with
 * *count cut at MAX_NON_LFS, as generic_write_check_limits() does. */
long fs_small_write_limit(int fd, i64 pos, u64 *count);

/* fstatat with a guest path that may be NULL under AT_EMPTY_PATH (sys_stat.c). */
long fs_stat_upath(struct task *t, int dirfd, u64 upath, int flags, struct stat *st);
/* utimensat(2) on host timespecs (ts NULL: now), after the UTIME_OMIT
 * shortcut the kernel takes before it reads the path (sys_stat.c). */
long fs_utimensat(struct task *t, int dirfd, u64 upath, const struct timespec *ts, int flags);
/* futimesat(2)/utimes(2) on host timevals (tv NULL: now) (sys_stat.c). */
long fs_futimesat(struct task *t, int dirfd, u64 upath, const struct timeval *tv);

/* struct compat_iovec: { compat_uptr_t iov_base; compat_size_t iov_len; } */

/* struct compat_linux_dirent (fs/readdir.c), getdents(2) of i386:
 *   0 d_ino  4 d_off  8 d_reclen(16)  10 d_name ... NUL ... d_type (last byte);
 *   d_reclen = ALIGN(10 + namelen + 2, 4). */
struct lx32_dirent {
  u32 d_ino;
  u32 d_off;
  u16 d_reclen;
  char d_name[2];
};
_Static_assert(offsetof(struct lx32_dirent, d_name) == 10, "lx32_dirent d_name");
/* The record length the kernel gives a name of len bytes. */
static inline u32 lx32_dirent_reclen(u32 namelen) { return (10 + namelen + 2 + 3) & ~3u; }

/* Directory offsets of i386 (sys_dir32.c): true when fd is a directory whose
 * positions are ext4 name hashes (is_dx_dir), which a 32-bit caller sees as
 * the host's shifted right by 32; the conversions both ways; lseek as an
 * i386 task's. */
bool fs32_dir_hashpos(int fd);
i64 fs32_dir_pos_to_guest(i64 host);
i64 fs32_dir_pos_to_host(i64 guest);
long fs32_lseek(int fd, i64 off, u32 whence);

/* Conversions shared with the unit tests (pure functions). */
/* cp_compat_stat(): -EOVERFLOW when ino, nlink or size do not fit. */
long fs32_stat_from_host(struct lx32_stat *g, const struct stat *s);
/* put_compat_statfs() and put_compat_statfs64(): -EOVERFLOW rules. */
long fs32_statfs_from_host(struct lx32_statfs *g, const struct statfs *s);
long fs32_statfs64_from_host(struct lx32_statfs64 *g, const struct statfs *s);
/* new_encode_dev(): the 32-bit device number of the compat structures. */
u32 fs32_encode_dev(u64 dev);
/* high2lowuid(): a 32-bit id as a 16-bit one (overflow, the kernel's
 * overflowuid/overflowgid, when it does not fit). */
u16 fs32_high2low(u32 id, u16 overflow);

#endif
