/* st_mount_xattr.c — mounts, namespaces and extended attributes for the
 * strace golden test, and file calls that came with them: extended
 * attributes, splice/tee/vmsplice, sync_file_range, preadv2/pwritev2, pidfd_open,
 * unshare/setns/mount/umount2/chroot refused or pointed at nothing,
 * get_robust_list, mlock2, membarrier, utime, openat2. */
// strace-vm-mask: ^membarrier\(MEMBARRIER_CMD_QUERY, 0\) = .* -- the commands membarrier offers: the kernel's version
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

int main(void) {
  /* files */
  char buf[16];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  write(fd, "0123456789", 10);
  setxattr("f", "user.emu", "value", 5, XATTR_CREATE);
  getxattr("f", "user.emu", buf, sizeof buf);
  listxattr("f", buf, sizeof buf);
  fremovexattr(fd, "user.emu");
  lgetxattr("f", "user.none", buf, sizeof buf); /* ENODATA, or EOPNOTSUPP without xattrs */
  sync_file_range(fd, 0, 10, SYNC_FILE_RANGE_WRITE);
  struct iovec iov = {buf, 4};
  preadv2(fd, &iov, 1, 2, 0);
  pwritev2(fd, &iov, 1, -1, RWF_APPEND);
  int pp[2];
  pipe(pp);
  loff_t off = 3;
  splice(fd, &off, pp[1], NULL, 4, SPLICE_F_NONBLOCK);
  int pq[2];
  pipe(pq);
  tee(pp[0], pq[1], 4, 0);
  struct iovec vw[2] = {{"hello ", 6}, {"world", 5}};
  vmsplice(pq[1], vw, 2, SPLICE_F_NONBLOCK);
  vmsplice(-1, vw, 1, 0);
  struct utimbuf ut = {1000, 2000};
  utime("f", &ut);
  utime("f", NULL);
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_BENEATH};
  syscall(SYS_openat2, AT_FDCWD, "f", &how, sizeof how);
  how.resolve = 0;
  syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &how, sizeof how);

  /* refused, or pointed at nothing */
  chroot("/nonexistent");
  mount("none", "/nonexistent", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m");
  umount2("/nonexistent", MNT_DETACH);
  unshare(0x1000000); /* not a namespace flag: EINVAL */
  setns(-1, CLONE_NEWNET);
  syscall(SYS_pidfd_open, -1, 0);
  void *head;
  size_t len;
  syscall(SYS_get_robust_list, 0, &head, &len);
  static char page[4096] __attribute__((aligned(4096)));
  mlock2(page, sizeof page, MLOCK_ONFAULT);
  munlock(page, sizeof page);
  syscall(SYS_membarrier, 0, 0);
  unlink("f");
  printf("%s\n", buf);
  return 0;
}
