/* hostile_proc_mem.c — /proc/self/mem is the process's own memory, by every
 * route that names it: /proc/self, /proc/<pid>, /proc/thread-self,
 * /proc/self/task/<tid>, a dirfd of /proc or /proc/self, a symlink to
 * /proc/self or to the file, /dev/fd/N and /proc/self/fd/N of a /proc/self
 * dirfd, the cwd after chdir("/proc/self"), a reopen of an open mem fd, and
 * openat2.  pread/pwrite at a buffer's address see and change the buffer;
 * unmapped addresses give EIO, a short count at the first unmapped page;
 * lseek, read, readv, F_GETFL, fstat and the access mode as fs/proc/base.c.
 * Prints only outcomes, never addresses or pids.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

#include "scratch_dir.h"

static char buf[64] = "MARKER-0123456789";
static char *volatile null_buf; /* NULL, hidden from the compiler */

/* The outcome of a call: its result, or -1 and the errno's name. */
static const char *const errnames[] = {[EIO] = "EIO",     [EFAULT] = "EFAULT", [EINVAL] = "EINVAL",
                                       [EBADF] = "EBADF", [EACCES] = "EACCES", [ENOENT] = "ENOENT"};
static const char *ename(int e) {
  return e > 0 && e < (int)(sizeof errnames / sizeof *errnames) && errnames[e] ? errnames[e] : "?";
}
static void T(const char *what, long r) {
  if (r < 0)
    printf("%-40s = %ld %s\n", what, r, ename(errno));
  else
    printf("%-40s = %ld\n", what, r);
}

static off_t at(const void *p) { return (off_t)(uintptr_t)p; }

/* Read and write the marker through fd; restore it. */
static void probe(const char *route, int fd) {
  if (fd < 0) {
    printf("%-28s open: %s\n", route, ename(errno));
    return;
  }
  char got[18] = {0};
  ssize_t n = pread(fd, got, 17, at(buf));
  int rd = n == 17 && !memcmp(got, "MARKER-0123456789", 17);
  n = pwrite(fd, "CHANGED", 7, at(buf));
  int wr = n == 7 && !memcmp(buf, "CHANGED0123456789", 17);
  memcpy(buf, "MARKER-", 7);
  printf("%-28s read %d write %d\n", route, rd, wr);
  close(fd);
}

int main(void) {
  char path[128], lnk[64], lnk2[64];
  int pid = getpid(), tid = (int)syscall(SYS_gettid);
  probe("/proc/self/mem", open("/proc/self/mem", O_RDWR));
  snprintf(path, sizeof path, "/proc/%d/mem", pid);
  probe("/proc/<pid>/mem", open(path, O_RDWR));
  probe("/proc/thread-self/mem", open("/proc/thread-self/mem", O_RDWR));
  snprintf(path, sizeof path, "/proc/self/task/%d/mem", tid);
  probe("/proc/self/task/<tid>/mem", open(path, O_RDWR));
  snprintf(path, sizeof path, "/proc/%d/task/%d/mem", pid, tid);
  probe("/proc/<pid>/task/<tid>/mem", open(path, O_RDWR));
  int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
  probe("openat(/proc/self fd, mem)", openat(d, "mem", O_RDWR));
  snprintf(path, sizeof path, "/dev/fd/%d/mem", d);
  probe("/dev/fd/N/mem", open(path, O_RDWR));
  snprintf(path, sizeof path, "/proc/self/fd/%d/mem", d);
  probe("/proc/self/fd/N/mem", open(path, O_RDWR));
  close(d);
  d = open("/proc", O_RDONLY | O_DIRECTORY);
  probe("openat(/proc fd, self/mem)", openat(d, "self/mem", O_RDWR));
  close(d);
  snprintf(lnk, sizeof lnk, "%s/self", scratch_dir());
  snprintf(lnk2, sizeof lnk2, "%s/mem", scratch_dir());
  if (!symlink("/proc/self", lnk)) {
    snprintf(path, sizeof path, "%s/mem", lnk);
    probe("symlink to /proc/self", open(path, O_RDWR));
    unlink(lnk);
  }
  if (!symlink("/proc/self/mem", lnk2)) {
    probe("symlink to /proc/self/mem", open(lnk2, O_RDWR));
    unlink(lnk2);
  }
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) && !chdir("/proc/self")) {
    int fd = open("mem", O_RDWR);
    if (chdir(cwd)) return 1;
    probe("chdir /proc/self, mem", fd);
  }
  int m = open("/proc/self/mem", O_RDONLY);
  snprintf(path, sizeof path, "/proc/self/fd/%d", m);
  probe("reopen /proc/self/fd/N", open(path, O_RDWR));
  close(m);
  struct {
    unsigned long long flags, mode, resolve;
  } how = {O_RDWR, 0, 0};
  probe("openat2", (int)syscall(SYS_openat2, AT_FDCWD, "/proc/self/mem", &how, sizeof how));

  /* The file's behaviour, on one descriptor. */
  int fd = open("/proc/self/mem", O_RDWR);
  struct stat st;
  T("fstat", fstat(fd, &st));
  printf("  regular %d mode %o size %lld\n", S_ISREG(st.st_mode), st.st_mode & 07777,
         (long long)st.st_size);
  printf("F_GETFL accmode O_RDWR: %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  char link[256];
  ssize_t ln = readlink(path, link, sizeof link - 1);
  link[ln > 0 ? ln : 0] = 0;
  printf("readlink fd ends in /mem: %d\n", ln > 4 && !strcmp(link + ln - 4, "/mem"));
  char *pg = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(pg, 'x', 2 * 4096);
  munmap(pg + 4096, 4096);
  static char big[3 * 4096];
  T("pread at an unmapped page", pread(fd, big, 16, at(pg + 4096)));
  T("pread across into an unmapped page", pread(fd, big, 8192, at(pg + 100)));
  T("pread of 0 bytes, unmapped", pread(fd, big, 0, at(pg + 4096)));
  T("pwrite at an unmapped page", pwrite(fd, "y", 1, at(pg + 4096)));
  T("pread into a NULL buffer", pread(fd, null_buf, 16, at(buf)));
  T("pwrite from an unmapped buffer", pwrite(fd, pg + 4096, 4, at(buf)));
  T("pread at a negative offset", pread(fd, big, 4, -4096));
  T("lseek SEEK_SET to buf", lseek(fd, at(buf), SEEK_SET) == at(buf));
  char got[8] = {0};
  T("read 6 at buf", read(fd, got, 6));
  printf("  read \"%s\", position advanced: %d\n", got, lseek(fd, 0, SEEK_CUR) == at(buf) + 6);
  T("lseek SEEK_CUR -6", lseek(fd, -6, SEEK_CUR) == at(buf));
  T("write 6 at buf", write(fd, "WRITTN", 6));
  printf("  buf now \"%.17s\"\n", buf);
  memcpy(buf, "MARKER-", 7);
  T("lseek SEEK_END", lseek(fd, 0, SEEK_END));
  char a[3] = {0}, b[5] = {0};
  struct iovec v[2] = {{a, 2}, {b, 4}};
  T("preadv 2+4 at buf", preadv(fd, v, 2, at(buf)));
  printf("  \"%s\" \"%s\"\n", a, b);
  lseek(fd, at(pg + 4096 - 3), SEEK_SET);
  T("read across the end of the mapping", read(fd, big, 16));
  printf("  position after it at the hole: %d\n", lseek(fd, 0, SEEK_CUR) == at(pg + 4096));
  T("read at the hole", read(fd, big, 16));
  close(fd);
  fd = open("/proc/self/mem", O_RDONLY);
  T("pwrite on an O_RDONLY mem", pwrite(fd, "z", 1, at(buf)));
  int fd2 = dup(fd);
  T("pread on its dup", pread(fd2, got, 6, at(buf)));
  close(fd);
  close(fd2);
  fd = open("/proc/self/mem", O_WRONLY);
  T("pread on an O_WRONLY mem", pread(fd, got, 1, at(buf)));
  close(fd);
  return 0;
}
