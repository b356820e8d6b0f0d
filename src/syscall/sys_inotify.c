/* sys_inotify.c — inotify_init, inotify_init1, inotify_add_watch,
 * inotify_rm_watch.  Mirrors linux fs/notify/inotify/inotify_user.c.
 *
 * The instance is a host inotify descriptor: the guest reads its events
 * with read(2), and struct inotify_event (wd, mask, cookie, len, name) is
 * the same in both ABIs.  The path goes to the host translated (fs_ubuf), so
 * EFAULT comes where the kernel gives it (after the flags check).
 */
#define _GNU_SOURCE
#include <limits.h>

#include "fs.h"

#include "sys_misc.h"

SYS_DEFINE0(inotify_init) { return FS_HOST(SYS_inotify_init1, 0); }

SYS_DEFINE1(inotify_init1, int, flags) { return FS_HOST(SYS_inotify_init1, flags); }

SYS_DEFINE3(inotify_add_watch, int, fd, u64, path, u32, mask) {
  u64 n = PATH_MAX;
  return FS_HOST(SYS_inotify_add_watch, fd, fs_ubuf(t, path, &n), mask);
}

SYS_DEFINE2(inotify_rm_watch, int, fd, int, wd) { return FS_HOST(SYS_inotify_rm_watch, fd, wd); }
