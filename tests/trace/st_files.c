/* st_files.c — file system calls for the strace golden test: open flags,
 * modes, read/write buffers, stat structures, lseek, access, fcntl, iovecs,
 * directories, errors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  char buf[200];
  const char *dir = "emu_strace_files.d"; /* in the scratch cwd: variants may run in parallel */
  char path[256];
  snprintf(path, sizeof path, "%s/f", dir);
  rmdir(dir);
  mkdir(dir, 0755);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  static const char text[] = "hello, world\n\t\"quoted\" \\ back\001\002\377 and a long tail";
  write(fd, text, sizeof text - 1);
  struct iovec iov[2] = {{"abc", 3}, {"defgh", 5}};
  writev(fd, iov, 2);
  close(fd);
  fd = openat(AT_FDCWD, path, O_RDWR | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  lseek(fd, -3, SEEK_END);
  lseek(fd, 5, SEEK_CUR);
  close(fd);
  fd = open(path, O_RDONLY);
  int n = read(fd, buf, 10);
  n += read(fd, buf, sizeof buf);
  n += read(fd, buf, sizeof buf);
  char a[4], b[8];
  struct iovec riov[2] = {{a, 4}, {b, 8}};
  lseek(fd, 0, SEEK_SET);
  readv(fd, riov, 2);
  /* into read-only memory: EFAULT, the iovecs shown with their addresses */
  struct iovec roiov[1] = {{(void *)text, 4}};
  lseek(fd, 0, SEEK_SET);
  readv(fd, roiov, 1);
  pread(fd, buf, 5, 3);
  struct stat st;
  fstat(fd, &st);
  stat(path, &st);
  lstat("/nonexistent/x", &st);
  fcntl(fd, F_GETFD);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fd, F_GETFL);
  int fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  dup2(fd2, 20);
  close(20);
  close(fd2);
  close(fd);
  close(1000);
  access(path, R_OK | W_OK);
  access("/nonexistent", F_OK);
  faccessat(AT_FDCWD, path, X_OK, 0);
  faccessat(AT_FDCWD, path, R_OK, AT_EACCESS); /* faccessat2: 0x200 is AT_EACCESS here */
  chmod(path, 0600);
  read(-1, buf, 1);
  write(1, (void *)16, 5);
  open((char *)16, O_RDONLY);
  rename(path, "emu_strace_files.d/g");
  unlink("emu_strace_files.d/g");
  rmdir(dir);
  getcwd(buf, sizeof buf);
  umask(022);
  printf("n=%d mode=%o\n", n, st.st_mode & 0777);
  return 0;
}
