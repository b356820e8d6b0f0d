/* sys_passthru.c — calls handed to the host as they are, their guest
 * pointers translated (they were found answering ENOSYS):
 * fanotify_init/fanotify_mark, name_to_handle_at/open_by_handle_at, sysfs,
 * memfd_secret, perf_event_open, the landlock calls, the new mount API
 * (open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr),
 * pivot_root and process_mrelease.  Mirrors fs/notify/fanotify/
 * fanotify_user.c, fs/fhandle.c, fs/filesystems.c, mm/secretmem.c,
 * kernel/events/core.c, security/landlock/syscalls.c, fs/namespace.c,
 * fs/fsopen.c and mm/oom_kill.c.
 *
 * Their structures (fanotify_event_metadata read with read(2), file_handle,
 * perf_event_attr, landlock attributes, mount_attr) are laid out the same in
 * both ABIs, so one handler serves both tables; i386's fanotify_mark passes
 * the 64-bit mask as two words.  Guest pointers go to the host translated
 * (fs_ubuf), so the host checks and faults in the kernel's order.
 *
 * Caveats: perf_event_open counts emu's own work, not the guest's
 * instructions, and a breakpoint event's bp_addr is not translated;
 * landlock_restrict_self restricts emu's own file accesses as well (a
 * later execve needs emu's binary to stay reachable).
 */
#define _GNU_SOURCE
#include <limits.h>

#include "fs.h"
#include "sys_misc.h"

static void *opt_ptr(struct task *t, u64 addr, u64 len) {
  return addr ? fs_ubuf(t, addr, &len) : NULL;
}
static void *str_ptr(struct task *t, u64 addr) { return opt_ptr(t, addr, PATH_MAX); }
static void *path_ptr(struct task *t, u64 addr) {
  u64 n = PATH_MAX;
  return fs_ubuf(t, addr, &n);
}

SYS_DEFINE2(fanotify_init, u32, flags, u32, event_f_flags) {
  return host_ret(syscall(SYS_fanotify_init, flags, event_f_flags));
}
SYS_DEFINE5(fanotify_mark, int, fd, u32, flags, u64, mask, int, dfd, u64, path) {
  return host_ret(syscall(SYS_fanotify_mark, fd, flags, mask, dfd, str_ptr(t, path)));
}
/* compat fanotify_mark: the mask in two words, low first. */
SYS_DEFINE6(fanotify_mark32, int, fd, u32, flags, u32, mask0, u32, mask1, int, dfd, u64, path) {
  u64 mask = (u64)mask0 | (u64)mask1 << 32;
  return host_ret(syscall(SYS_fanotify_mark, fd, flags, mask, dfd, str_ptr(t, path)));
}

#define FILE_HANDLE_MAX (8 + 128) /* struct file_handle with MAX_HANDLE_SZ bytes */

SYS_DEFINE5(name_to_handle_at, int, dfd, u64, path, u64, handle, u64, mnt_id, int, flags) {
  return host_ret(syscall(SYS_name_to_handle_at, dfd, path_ptr(t, path),
                          opt_ptr(t, handle, FILE_HANDLE_MAX), opt_ptr(t, mnt_id, 8), flags));
}
SYS_DEFINE3(open_by_handle_at, int, mfd, u64, handle, int, flags) {
  return host_ret(syscall(SYS_open_by_handle_at, mfd, opt_ptr(t, handle, FILE_HANDLE_MAX), flags));
}

/* fs/filesystems.c: 1 name -> index, 2 index -> name (into a buffer), 3 count. */
SYS_DEFINE3(sysfs, int, option, u64, arg1, u64, arg2) {
  switch (option) {
  case 1: return host_ret(syscall(SYS_sysfs, 1, str_ptr(t, arg1), 0ul));
  case 2: return host_ret(syscall(SYS_sysfs, 2, (unsigned long)arg1, opt_ptr(t, arg2, 256)));
  default: return host_ret(syscall(SYS_sysfs, option, (unsigned long)arg1, (unsigned long)arg2));
  }
}

SYS_DEFINE1(memfd_secret, u32, flags) { return host_ret(syscall(SYS_memfd_secret, flags)); }

SYS_DEFINE5(perf_event_open, u64, attr, int, pid, int, cpu, int, group, u64, flags) {
  return host_ret(syscall(SYS_perf_event_open, opt_ptr(t, attr, PAGE_SIZE), pid, cpu, group,
                          (unsigned long)flags));
}

SYS_DEFINE3(landlock_create_ruleset, u64, attr, u64, size, u32, flags) {
  return host_ret(
      syscall(SYS_landlock_create_ruleset, opt_ptr(t, attr, size), (size_t)size, flags));
}
SYS_DEFINE4(landlock_add_rule, int, fd, int, type, u64, attr, u32, flags) {
  return host_ret(syscall(SYS_landlock_add_rule, fd, type, opt_ptr(t, attr, 16), flags));
}
SYS_DEFINE2(landlock_restrict_self, int, fd, u32, flags) {
  return host_ret(syscall(SYS_landlock_restrict_self, fd, flags));
}

SYS_DEFINE3(open_tree, int, dfd, u64, path, u32, flags) {
  return host_ret(syscall(SYS_open_tree, dfd, path_ptr(t, path), flags));
}
SYS_DEFINE5(move_mount, int, fdfd, u64, fpath, int, tdfd, u64, tpath, u32, flags) {
  return host_ret(
      syscall(SYS_move_mount, fdfd, path_ptr(t, fpath), tdfd, path_ptr(t, tpath), flags));
}
SYS_DEFINE2(fsopen, u64, fsname, u32, flags) {
  return host_ret(syscall(SYS_fsopen, path_ptr(t, fsname), flags));
}
/* fs/fsopen.c: value is a string, a blob of aux bytes (FSCONFIG_SET_BINARY),
 * a path, or NULL, by command. */
SYS_DEFINE5(fsconfig, int, fd, u32, cmd, u64, key, u64, value, int, aux) {
  u64 vlen = cmd == 2 /* FSCONFIG_SET_BINARY */ && aux > 0 ? (u64)aux : PATH_MAX;
  return host_ret(syscall(SYS_fsconfig, fd, cmd, str_ptr(t, key), opt_ptr(t, value, vlen), aux));
}
SYS_DEFINE3(fsmount, int, fd, u32, flags, u32, attr_flags) {
  return host_ret(syscall(SYS_fsmount, fd, flags, attr_flags));
}
SYS_DEFINE3(fspick, int, dfd, u64, path, u32, flags) {
  return host_ret(syscall(SYS_fspick, dfd, path_ptr(t, path), flags));
}
SYS_DEFINE5(mount_setattr, int, dfd, u64, path, u32, flags, u64, uattr, u64, size) {
  return host_ret(syscall(SYS_mount_setattr, dfd, path_ptr(t, path), flags, opt_ptr(t, uattr, size),
                          (size_t)size));
}
SYS_DEFINE2(pivot_root, u64, new_root, u64, put_old) {
  return host_ret(syscall(SYS_pivot_root, path_ptr(t, new_root), path_ptr(t, put_old)));
}
SYS_DEFINE2(process_mrelease, int, pidfd, u32, flags) {
  return host_ret(syscall(SYS_process_mrelease, pidfd, flags));
}
