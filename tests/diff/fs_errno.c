/* fs_errno.c — error returns of the file-system calls: ENOENT, EEXIST, ENOTDIR, EISDIR,
 * EBADF, ENOTEMPTY, ENAMETOOLONG, ELOOP, ESPIPE, EINVAL, and which check comes first
 * when several apply.  Works in a fresh mkdtemp directory under /tmp and removes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *ename(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ENAMETOOLONG: return "ENAMETOOLONG";
  case ELOOP: return "ELOOP";
  case ESPIPE: return "ESPIPE";
  case EFAULT: return "EFAULT";
  case EPERM: return "EPERM";
  case EACCES: return "EACCES";
  default: {
    static char b[16];
    snprintf(b, sizeof b, "errno%d", e);
    return b;
  }
  }
}

#define T(name, expr)                                     \
  do {                                                    \
    errno = 0;                                            \
    long r_ = (long)(expr);                               \
    if (r_ < 0)                                           \
      printf("%-36s = %ld %s\n", name, r_, ename(errno)); \
    else                                                  \
      printf("%-36s = %ld\n", name, r_);                  \
  } while (0)

int main(void) {
  char dir[] = "/tmp/emu_fs_errno_XXXXXX";
  char buf[64];
  struct stat st;
  if (!mkdtemp(dir) || chdir(dir)) return 1;
  syscall(SYS_close_range, 3, ~0u, 0); /* descriptors inherited from the runner */
  int fd = open("file", O_RDWR | O_CREAT, 0644);
  if (fd < 0 || write(fd, "data", 4) != 4) return 2;
  mkdir("dir", 0755);
  close(open("dir/x", O_CREAT | O_WRONLY, 0644));

  printf("-- ENOENT\n");
  T("open missing", open("missing", O_RDONLY));
  T("open missing/x", open("missing/x", O_RDONLY | O_CREAT, 0644));
  T("open empty path", open("", O_RDONLY));
  T("stat missing", stat("missing", &st));
  T("unlink missing", unlink("missing"));
  T("rename missing", rename("missing", "other"));
  T("readlink missing", readlink("missing", buf, sizeof buf));
  T("symlink dangling then stat", (symlink("nowhere", "dangling"), stat("dangling", &st)));
  T("lstat dangling", lstat("dangling", &st));
  T("open dangling O_CREAT", open("dangling", O_WRONLY | O_CREAT, 0644));
  T("unlink nowhere (created)", unlink("nowhere"));
  T("unlink dangling", unlink("dangling"));

  printf("-- EEXIST\n");
  T("open O_CREAT|O_EXCL existing", open("file", O_RDWR | O_CREAT | O_EXCL, 0644));
  T("mkdir existing file", mkdir("file", 0755));
  T("link to existing", link("file", "dir/x"));
  T("symlink over existing", symlink("x", "file"));
  T("rename dir over nonempty dir", (mkdir("dir2", 0755), rename("dir2", "dir")));
  T("rmdir dir2", rmdir("dir2"));

  printf("-- ENOTDIR\n");
  T("open file/x", open("file/x", O_RDONLY));
  T("stat file/", stat("file/", &st));
  T("mkdir file/sub", mkdir("file/sub", 0755));
  T("rename dir over file", rename("dir", "file"));
  T("openat file-fd relative", openat(fd, "x", O_RDONLY));
  T("open file O_DIRECTORY", open("file", O_RDONLY | O_DIRECTORY));

  printf("-- EISDIR\n");
  T("open dir O_RDWR", open("dir", O_RDWR));
  int dfd = open("dir", O_RDONLY);
  T("read dir fd", read(dfd, buf, sizeof buf));
  T("rename file over dir", rename("file", "dir"));
  T("unlink dir", unlink("dir"));
  T("truncate dir", truncate("dir", 0));

  printf("-- EBADF\n");
  T("read fd 999", read(999, buf, 1));
  T("write fd -1", write(-1, buf, 1));
  T("close fd 999", close(999));
  T("fstat fd 999", fstat(999, &st));
  T("lseek fd 999", lseek(999, 0, SEEK_SET));
  T("dup2 999 -> 5", dup2(999, 5));
  T("dup 999", dup(999));
  T("fcntl 999 F_GETFD", fcntl(999, F_GETFD));
  T("fcntl 999 bad cmd", fcntl(999, 12345));
  T("openat bad dirfd relative", openat(999, "file", O_RDONLY));
  T("openat bad dirfd absolute", openat(999, "/", O_RDONLY) >= 0);
  T("fchdir 999", fchdir(999));
  T("ftruncate 999", ftruncate(999, 0));
  int ro = open("file", O_RDONLY);
  T("write to O_RDONLY fd", write(ro, "x", 1));
  T("ftruncate O_RDONLY fd", ftruncate(ro, 0));
  int wo = open("file", O_WRONLY);
  T("read from O_WRONLY fd", read(wo, buf, 1));
  struct iovec iov = {buf, 1};
  T("readv from O_WRONLY fd", readv(wo, &iov, 1));
  int op = open("file", O_PATH);
  T("read O_PATH fd", read(op, buf, 1));
  T("fstat O_PATH fd", fstat(op, &st));
  close(ro);
  close(wo);
  close(op);

  printf("-- ENOTEMPTY\n");
  T("rmdir dir", rmdir("dir"));
  T("unlinkat dir AT_REMOVEDIR", unlinkat(AT_FDCWD, "dir", AT_REMOVEDIR));

  printf("-- ENAMETOOLONG, ELOOP, ESPIPE, EINVAL\n");
  char longname[300];
  memset(longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  T("open 299-char component", open(longname, O_RDONLY));
  char *longpath = malloc(5000);
  memset(longpath, 'a', 4999);
  for (int i = 100; i < 4999; i += 100) longpath[i] = '/';
  longpath[4999] = 0;
  T("stat 4999-char path", stat(longpath, &st));
  longpath[4095] = 0;
  T("stat 4095-char path", stat(longpath, &st));
  longpath[4095] = 'a';
  longpath[4096] = 0;
  T("stat 4096-char path", stat(longpath, &st));
  free(longpath);
  T("symlink loop", (symlink("loop2", "loop1"), symlink("loop1", "loop2"), 0));
  T("open loop1", open("loop1", O_RDONLY));
  T("open file O_NOFOLLOW via link", (symlink("file", "lnk"), open("lnk", O_RDONLY | O_NOFOLLOW)));
  int p[2];
  if (pipe(p)) return 3;
  T("lseek pipe", lseek(p[0], 0, SEEK_SET));
  T("pread pipe", pread(p[0], buf, 1, 0));
  T("lseek bad whence", lseek(fd, 0, 7));
  T("access bad mode", access("file", 0100));
  T("readlink bufsiz -1", syscall(SYS_readlink, "lnk", buf, -1));
  T("readv iovcnt -1", syscall(SYS_readv, fd, &iov, -1));
  T("readv iovcnt 1025", syscall(SYS_readv, fd, &iov, 1025));
  T("dup3 bad flags", syscall(SYS_dup3, fd, 20, 0x1234));
  T("fcntl F_SETFD on pipe", fcntl(p[0], F_SETFD, FD_CLOEXEC));
  T("open O_CREAT|O_DIRECTORY", open("newdir", O_CREAT | O_DIRECTORY | O_RDONLY, 0755));
  T("unlinkat bad flag", unlinkat(AT_FDCWD, "file", 0x1));
  T("renameat2 bad flags", syscall(SYS_renameat2, AT_FDCWD, "file", AT_FDCWD, "f2", 0x100));
  T("rename dir into itself", rename("dir", "dir/sub"));
  T("rmdir .", rmdir("."));
  T("close_range flags", syscall(SYS_close_range, 50, 60, 0x80));
  T("memfd_create bad flags", syscall(SYS_memfd_create, "x", 0x1000));
  char mname[300];
  memset(mname, 'm', sizeof mname - 1);
  mname[sizeof mname - 1] = 0;
  T("memfd_create long name", syscall(SYS_memfd_create, mname, 0));
  close(p[0]);
  close(p[1]);
  close(dfd);
  close(fd);

  const char *rm[] = {"loop1", "loop2", "lnk", "file", "dir/x"};
  for (unsigned i = 0; i < sizeof rm / sizeof *rm; i++) unlink(rm[i]);
  rmdir("dir");
  T("chdir /", chdir("/"));
  T("rmdir tmp", rmdir(dir));
  return 0;
}
