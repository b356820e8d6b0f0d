/* st_openflags.c — open flag sets in strace's own order and an empty
 * getdents64 (strace ends it with a "0 entries" comment), for the strace
 * golden test. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  mkdir("d", 0755);
  int fd = open("d", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_DIRECTORY);
  char buf[4096];
  while (syscall(SYS_getdents64, fd, buf, sizeof buf) > 0) {
  }
  close(fd);
  fd = open("f", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  close(fd);
  fd = open("f", O_RDWR | O_NOFOLLOW | O_NOCTTY | O_SYNC);
  close(fd);
  fd = open("f", O_RDONLY | O_NOATIME | O_LARGEFILE | O_DSYNC);
  close(fd);
  fd = open(".", O_RDONLY | O_PATH | O_DIRECTORY | O_CLOEXEC);
  close(fd);
  fd = openat(AT_FDCWD, "d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK);
  /* (Not fdopendir: its fcntl(F_GETFL) would show that emu's reopening
   * through /proc/self/fd drops O_NOFOLLOW from the file's flags.) */
  while (syscall(SYS_getdents64, fd, buf, 64) > 0) {
  }
  close(fd);
  rmdir("d");
  unlink("f");
  return 0;
}
