/* st_passthru.c — the calls emu hands to the host as they are
 * (src/syscall/sys_passthru.c) for the strace golden test: fanotify,
 * file handles, sysfs, memfd_secret, perf_event_open, landlock, the new
 * mount API, pivot_root and process_mrelease, each refused or pointed at
 * nothing so that nothing changes.  What the host's kernel answers is
 * passed through, so against the oracle VM's Linux 6.1 the kernel-bound
 * answers are masked: */
// strace-vm-mask: \}, \[[0-9]+\], -- the mount id of / (another filesystem in the VM)
// strace-vm-mask: ^sysfs\(ADDR, ADDR, ADDR\) = [0-9]+$ -- the filesystem types the kernel has
// strace-vm-mask: ^memfd_secret\(ADDR\) = .*$ -- 6.1's cloud kernel has no CONFIG_SECRETMEM
// strace-vm-mask: LANDLOCK_CREATE_RULESET_VERSION\) = [0-9]+$ -- the Landlock ABI of the kernel
// strace-vm-mask: MOVE_MOUNT_F_EMPTY_PATH\) = .*$ -- 6.1 judges the fd before the path
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/landlock.h>
#include <linux/mount.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <sys/fanotify.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  /* fanotify: a group, then a mark on a path that is not there */
  long fd = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY);
  syscall(SYS_fanotify_mark, (int)fd, FAN_MARK_ADD, (uint64_t)(FAN_OPEN | FAN_CLOSE_WRITE),
          AT_FDCWD, "/nonexistent-fanotify");
  if (fd >= 0) close((int)fd);
  /* file handles */
  struct {
    unsigned int bytes;
    int type;
    unsigned char h[128];
  } fh = {128, 0, {0}};
  int mnt = 0;
  syscall(SYS_name_to_handle_at, AT_FDCWD, "/nonexistent-handle", &fh, &mnt, 0);
  syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0); /* "128 => 8" */
  syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, AT_SYMLINK_FOLLOW);
  syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY | O_CLOEXEC);
  /* sysfs: a file system's index, its name, the count */
  char name[64];
  long idx = syscall(SYS_sysfs, 1, "proc");
  syscall(SYS_sysfs, 2, idx < 0 ? 0 : idx, name);
  syscall(SYS_sysfs, 3);
  syscall(SYS_memfd_secret, 0x1000000);
  syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
  syscall(SYS_perf_event_open, NULL, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  /* landlock: the version query, then a ruleset fd that is not one */
  syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, NULL, 0);
  syscall(SYS_landlock_restrict_self, -1, 0);
  /* the new mount API, on nothing */
  syscall(SYS_open_tree, AT_FDCWD, "/nonexistent-tree", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
  syscall(SYS_move_mount, -1, "", AT_FDCWD, "/nonexistent-target", MOVE_MOUNT_F_EMPTY_PATH);
  syscall(SYS_fsopen, "nonexistentfs", FSOPEN_CLOEXEC);
  syscall(SYS_fsconfig, -1, FSCONFIG_SET_STRING, "source", "none", 0);
  syscall(SYS_fsconfig, -1, FSCONFIG_SET_FLAG, "ro", NULL, 0);
  syscall(SYS_fsconfig, -1, FSCONFIG_SET_BINARY, "b", "xy", 2);
  syscall(SYS_fsconfig, -1, FSCONFIG_SET_PATH, "source", "/nonexistent-src", AT_FDCWD);
  syscall(SYS_fsconfig, -1, FSCONFIG_SET_FD, "fd", NULL, 3);
  syscall(SYS_fsconfig, -1, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
  syscall(SYS_fsmount, -1, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
  syscall(SYS_fspick, AT_FDCWD, "/nonexistent-pick", FSPICK_CLOEXEC | FSPICK_NO_AUTOMOUNT);
  struct mount_attr ma = {MOUNT_ATTR_RDONLY, 0, 0, 0};
  syscall(SYS_mount_setattr, AT_FDCWD, "/nonexistent-attr", AT_RECURSIVE, &ma, sizeof ma);
  syscall(SYS_pivot_root, "/nonexistent-a", "/nonexistent-b");
  syscall(SYS_process_mrelease, -1, 0);
  return 0;
}
