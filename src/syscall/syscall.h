/* syscall.h — the host services (src/syscall: the system calls served from
 * the host, by subject, the i386 conversions beside the native code) as the
 * rest of emu sees them: what the entry model asks before a handler runs,
 * what the kernel model's own calls borrow from the file calls, and emu's
 * own descriptors.  The handlers themselves are reached through the tables
 * (src/abi); each subject's private header (fs.h, sys_io.h, sys_misc.h)
 * includes this one. */
#ifndef EMU_SYSCALL_H
#define EMU_SYSCALL_H

#include "../abi/abi.h"
#include "../kernel/kernel.h"

/* -EBADF when the call `name` (the table's name) names one of emu's own
 * descriptors in a descriptor argument (sys_fs_reserved.c), else 0; the entry
 * asks before the handler runs. */
long fs_fd_guard(struct task *t, const char *name, const u64 *a);

/* For main.c: fd is emu's own (its logs: -o, --log-fd, --trace=FILE,
 * --frames=FILE), which the guest cannot close or dup over (at most 8;
 * false when the list is full).  stdio is the guest's and never reserved. */
bool fs_fd_reserve(int fd);
/* fd is no longer emu's (closed by emu, or handed to no one). */
void fs_fd_unreserve(int fd);
/* Move emu's own descriptor fd out of the low numbers the guest's open()
 * would get: a close-on-exec copy just below RLIMIT_NOFILE replaces it (as
 * real strace's log lives in the tracer).  The descriptor to use: the copy,
 * or fd itself when the limit leaves no room. */
int fs_fd_high(int fd);
/* What readlink of the guest's /proc/self/fd/N names for fd (an emulated
 * file's /proc name, "pipe:[123]", a path): false for a descriptor that is
 * not open, or is one of emu's own.  For the system-call log's -y
 * (sys_procfs_fd.c). */
bool fs_fd_path(int fd, char *buf, size_t size);

/* Read a path argument: copies into buf (PATH_MAX), returns 0 or -EFAULT /
 * -ENAMETOOLONG.  Defined in sys_fs.c. */
long sys_get_path(struct task *t, u64 uaddr, char *buf);
/* The path to look up on the host for (dirfd, path) when the lookup follows
 * a final symlink: an exe link of this process becomes the guest's program
 * (and *dirfd AT_FDCWD); anything else is returned unchanged (sys_procfs.c). */
const char *fs_host_path(struct task *t, int *dirfd, const char *path, bool follow);

#endif
