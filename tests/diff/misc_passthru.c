/* misc_passthru.c — fanotify (a mark with the 64-bit mask, an event read with
 * read(2)), name_to_handle_at/open_by_handle_at, sysfs, memfd_secret,
 * perf_event_open, landlock's version query, the new mount API on a
 * detached tmpfs (never attached to the tree), pivot_root and
 * process_mrelease; bad pointers for each.  Privileged calls print the
 * host's errno when refused (the same natively).
 */
// diff-vm-mask: ^(memfd_secret|memfd_secret bad flags|landlock version|move_mount bad) .* -- kernel version: emu hands this call to the host's kernel, whose answer differs from the VM's Linux 6.1 (calls and versions added since)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD ((void *)1)

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-34s = -1 errno %d\n", what, errno);
  else
    printf("%-34s = %ld\n", what, r);
}
static void ok(const char *what, long r) {
  if (r < 0)
    printf("%-34s = -1 errno %d\n", what, errno);
  else
    printf("%-34s ok\n", what);
}

struct fan_meta {
  uint32_t event_len;
  uint8_t vers, reserved;
  uint16_t metadata_len;
  uint64_t mask __attribute__((aligned(8)));
  int32_t fd, pid;
};

static void test_fanotify(void) {
#ifdef SYS_fanotify_init
  int f = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  close(f);
  long fd = syscall(SYS_fanotify_init, 0 /* FAN_CLASS_NOTIF */, O_RDONLY);
  ok("fanotify_init", fd);
  if (fd < 0) return;
  show("fanotify_init bad flags", syscall(SYS_fanotify_init, 0x80000000u, O_RDONLY));
#ifdef __i386__
  /* FAN_CLOSE_WRITE (8) in the low word, nothing in the high word */
  show("fanotify_mark", syscall(SYS_fanotify_mark, fd, 1 /* ADD */, 8, 0, AT_FDCWD, "f"));
  show("fanotify_mark high bits", syscall(SYS_fanotify_mark, fd, 1, 8, 0x100, AT_FDCWD, "f"));
  show("fanotify_mark bad path", syscall(SYS_fanotify_mark, fd, 1, 8, 0, AT_FDCWD, BAD));
#else
  show("fanotify_mark", syscall(SYS_fanotify_mark, fd, 1, 8ull, AT_FDCWD, "f"));
  show("fanotify_mark high bits",
       syscall(SYS_fanotify_mark, fd, 1, 8ull | 1ull << 40, AT_FDCWD, "f"));
  show("fanotify_mark bad path", syscall(SYS_fanotify_mark, fd, 1, 8ull, AT_FDCWD, BAD));
#endif
  f = open("f", O_WRONLY);
  write(f, "x", 1);
  close(f);
  struct fan_meta m[4];
  long n = read(fd, m, sizeof m);
  printf("fanotify read %ld: len %u vers ok %d mask %#llx fd ok %d\n", n, m[0].event_len,
         m[0].vers > 0, (unsigned long long)m[0].mask, m[0].fd >= 0);
  if (n > 0 && m[0].fd >= 0) close(m[0].fd);
  close(fd);
#endif
}

static void test_handles(void) {
#ifdef SYS_name_to_handle_at
  struct {
    uint32_t bytes;
    int32_t type;
    unsigned char h[128];
  } fh;
  int mnt;
  int f = open("g", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(f, "handled", 7);
  close(f);
  fh.bytes = 0;
  show("name_to_handle_at size query", syscall(SYS_name_to_handle_at, AT_FDCWD, "g", &fh, &mnt, 0));
  printf("needed > 0: %d\n", fh.bytes > 0);
  fh.bytes = 128;
  long r = syscall(SYS_name_to_handle_at, AT_FDCWD, "g", &fh, &mnt, 0);
  ok("name_to_handle_at", r);
  show("name_to_handle_at bad path", syscall(SYS_name_to_handle_at, AT_FDCWD, BAD, &fh, &mnt, 0));
  show("name_to_handle_at bad handle", syscall(SYS_name_to_handle_at, AT_FDCWD, "g", BAD, &mnt, 0));
  if (r == 0) {
    long fd = syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY);
    if (fd >= 0) {
      char b[16] = {0};
      read(fd, b, sizeof b - 1);
      printf("open_by_handle_at read '%s'\n", b);
      close(fd);
    } else {
      printf("open_by_handle_at errno %d\n", errno);
    }
  }
  show("open_by_handle_at bad", syscall(SYS_open_by_handle_at, AT_FDCWD, BAD, O_RDONLY));
#endif
}

static void test_sysfs_etc(void) {
#ifdef SYS_sysfs
  long cnt = syscall(SYS_sysfs, 3);
  printf("sysfs count > 0: %d\n", cnt > 0);
  long idx = syscall(SYS_sysfs, 1, "proc");
  char name[64] = {0};
  show("sysfs name of proc's index", syscall(SYS_sysfs, 2, idx, name));
  printf("name '%s'\n", name);
  show("sysfs bad name", syscall(SYS_sysfs, 1, BAD));
  show("sysfs bad buf", syscall(SYS_sysfs, 2, idx, BAD));
  show("sysfs bad index", syscall(SYS_sysfs, 2, 100000, name));
  show("sysfs bad option", syscall(SYS_sysfs, 9));
#endif
#ifdef SYS_memfd_secret
  long s = syscall(SYS_memfd_secret, 0);
  ok("memfd_secret", s);
  if (s >= 0) close(s);
  show("memfd_secret bad flags", syscall(SYS_memfd_secret, 0x1234));
#endif
#ifdef SYS_perf_event_open
  uint64_t attr[16];
  memset(attr, 0, sizeof attr);
  attr[0] = 1 | (uint64_t)64 << 32; /* PERF_TYPE_SOFTWARE, size 64 */
  attr[1] = 1;                      /* PERF_COUNT_SW_TASK_CLOCK */
  long p = syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);
  ok("perf_event_open", p);
  if (p >= 0) close(p);
  show("perf_event_open bad attr", syscall(SYS_perf_event_open, BAD, 0, -1, -1, 0));
#endif
#ifdef SYS_landlock_create_ruleset
  show("landlock version", syscall(SYS_landlock_create_ruleset, NULL, 0, 1));
  show("landlock bad attr", syscall(SYS_landlock_create_ruleset, BAD, 16, 0));
  show("landlock_add_rule bad fd", syscall(SYS_landlock_add_rule, 99, 1, BAD, 0));
  show("landlock_restrict_self bad fd", syscall(SYS_landlock_restrict_self, 99, 0));
#endif
#ifdef SYS_process_mrelease
  show("process_mrelease bad fd", syscall(SYS_process_mrelease, 99, 0));
#endif
  show("pivot_root bad", syscall(SYS_pivot_root, BAD, BAD));
  show("pivot_root missing", syscall(SYS_pivot_root, "no/a", "no/b"));
}

static void test_mount_api(void) {
#ifdef SYS_fsopen
  long ot = syscall(SYS_open_tree, AT_FDCWD, ".", O_CLOEXEC);
  ok("open_tree .", ot);
  if (ot >= 0) close(ot);
  show("open_tree bad", syscall(SYS_open_tree, AT_FDCWD, BAD, 0));
  show("move_mount bad", syscall(SYS_move_mount, AT_FDCWD, BAD, AT_FDCWD, "x", 0));
  show("fspick missing", syscall(SYS_fspick, AT_FDCWD, "no/such", 0));
  show("fspick bad", syscall(SYS_fspick, AT_FDCWD, BAD, 0));
  uint64_t mattr[4] = {0, 0, 0, 0};
  show("mount_setattr bad path", syscall(SYS_mount_setattr, AT_FDCWD, BAD, 0, mattr, 32));
  show("mount_setattr bad attr", syscall(SYS_mount_setattr, AT_FDCWD, ".", 0, BAD, 32));
  show("fsopen bad", syscall(SYS_fsopen, BAD, 0));
  show("fsopen unknown fs", syscall(SYS_fsopen, "nosuchfs", 0));
  long fs = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
  ok("fsopen tmpfs", fs);
  if (fs < 0) return;
  show("fsconfig size", syscall(SYS_fsconfig, fs, 1 /* SET_STRING */, "size", "1m", 0));
  show("fsconfig bad key", syscall(SYS_fsconfig, fs, 1, BAD, "1m", 0));
  show("fsconfig bad value", syscall(SYS_fsconfig, fs, 1, "size", BAD, 0));
  show("fsconfig unknown key", syscall(SYS_fsconfig, fs, 1, "nokey", "1", 0));
  show("fsconfig create", syscall(SYS_fsconfig, fs, 6 /* CMD_CREATE */, NULL, NULL, 0));
  long mfd = syscall(SYS_fsmount, fs, 1 /* FSMOUNT_CLOEXEC */, 0);
  ok("fsmount (detached)", mfd);
  if (mfd >= 0) {
    int f = openat(mfd, "inside", O_CREAT | O_WRONLY, 0600);
    printf("file in detached mount ok %d\n", f >= 0);
    if (f >= 0) close(f);
    close(mfd);
  }
  close(fs);
#endif
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_fanotify();
  test_handles();
  test_sysfs_etc();
  test_mount_api();
  return 0;
}
