/* fs_files.c — file system calls on regular files: open, read, write, lseek, pread,
 * pwrite, readv, writev, ftruncate, truncate, fsync, rename, link, symlink, readlink,
 * unlink, chmod, access, utimensat/utimes/utime, stat/lstat/fstat/fstatat/statx,
 * dup/dup2/dup3, fcntl (flags, descriptor flags, F_DUPFD, record and OFD locks),
 * sendfile, flock, fallocate, memfd_create, close_range, statfs.  Works in a fresh
 * mkdtemp directory under /tmp and removes it.  Prints only deterministic values
 * (no inode numbers, devices or current times).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utime.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#endif

/* struct statx (linux/stat.h), the fields printed here; musl has no statx(). */
struct xstatx {
  unsigned int mask, blksize;
  unsigned long long attributes;
  unsigned int nlink, uid, gid;
  unsigned short mode, pad0;
  unsigned long long ino, size, blocks, attributes_mask;
  struct {
    long long sec;
    unsigned int nsec;
    int pad;
  } atime, btime, ctime, mtime;
  unsigned char rest[128];
};
#define X_STATX_TYPE        0x1u
#define X_STATX_BASIC_STATS 0x7ffu

static const char *ename(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case EACCES: return "EACCES";
  case EPERM: return "EPERM";
  case EFAULT: return "EFAULT";
  case ENOTEMPTY: return "ENOTEMPTY";
  case ERANGE: return "ERANGE";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case ELOOP: return "ELOOP";
  case ENOSYS: return "ENOSYS";
  case EAGAIN: return "EAGAIN";
  case ETXTBSY: return "ETXTBSY";
  case ESPIPE: return "ESPIPE";
  case EXDEV: return "EXDEV";
  default: {
    static char b[16];
    snprintf(b, sizeof b, "errno%d", e);
    return b;
  }
  }
}

/* Print "name = result" or "name = -1 ERRNO". */
#define T(name, expr)                                     \
  do {                                                    \
    errno = 0;                                            \
    long r_ = (long)(expr);                               \
    if (r_ < 0)                                           \
      printf("%-34s = %ld %s\n", name, r_, ename(errno)); \
    else                                                  \
      printf("%-34s = %ld\n", name, r_);                  \
  } while (0)

static void show_stat(const char *what, const struct stat *st) {
  printf("%-34s : type %s mode %04o nlink %lu size %lld\n", what,
         S_ISREG(st->st_mode)   ? "reg"
         : S_ISDIR(st->st_mode) ? "dir"
         : S_ISLNK(st->st_mode) ? "lnk"
                                : "other",
         (unsigned)(st->st_mode & 07777), (unsigned long)st->st_nlink, (long long)st->st_size);
}

int main(void) {
  char dir[] = "/tmp/emu_fs_files_XXXXXX";
  char buf[64];
  struct stat st;
  if (!mkdtemp(dir) || chdir(dir)) return 1;
  umask(022);
  syscall(SYS_close_range, 3, ~0u, 0); /* descriptors inherited from the runner */
  T("umask(022) returns previous", umask(022));

  /* open, write, lseek, read, pread, pwrite */
  int fd = open("a", O_RDWR | O_CREAT | O_EXCL, 0640);
  printf("first fd %d\n", fd);
  T("write", write(fd, "hello world\n", 12));
  T("lseek SEEK_CUR", lseek(fd, 0, SEEK_CUR));
  T("lseek SEEK_SET 6", lseek(fd, 6, SEEK_SET));
  memset(buf, 0, sizeof buf);
  T("read 5", read(fd, buf, 5));
  printf("  read got '%s'\n", buf);
  memset(buf, 0, sizeof buf);
  T("pread 5 @0", pread(fd, buf, 5, 0));
  printf("  pread got '%s'\n", buf);
  T("pwrite 5 @0", pwrite(fd, "HELLO", 5, 0));
  T("offset after pwrite", lseek(fd, 0, SEEK_CUR));
  T("lseek SEEK_END -1", lseek(fd, -1, SEEK_END));
  T("lseek SEEK_SET -1", lseek(fd, -1, SEEK_SET));

  /* writev, readv */
  struct iovec wv[3] = {{"one ", 4}, {"", 0}, {"two\n", 4}};
  T("lseek SEEK_END", lseek(fd, 0, SEEK_END));
  T("writev", writev(fd, wv, 3));
  char r1[7] = {0}, r2[32] = {0};
  struct iovec rv[2] = {{r1, 6}, {r2, sizeof r2 - 1}};
  T("lseek 0", lseek(fd, 0, SEEK_SET));
  T("readv", readv(fd, rv, 2));
  printf("  readv got '%s' + '%s'\n", r1, r2);
  memset(r1, 0, sizeof r1);
  struct iovec pv[1] = {{r1, 5}};
  T("preadv @6", preadv(fd, pv, 1, 6));
  printf("  preadv got '%s'\n", r1);
  struct iovec pw[1] = {{"W", 1}};
  T("pwritev @6", pwritev(fd, pw, 1, 6));
  T("pread 1 @6", pread(fd, buf, 1, 6));
  printf("  byte 6 now '%c'\n", buf[0]);

  /* fstat, ftruncate, fsync */
  T("fstat", fstat(fd, &st));
  show_stat("  a", &st);
  T("ftruncate 5", ftruncate(fd, 5));
  T("fstat", fstat(fd, &st));
  show_stat("  a", &st);
  T("ftruncate 8192", ftruncate(fd, 8192));
  T("fstat", fstat(fd, &st));
  show_stat("  a", &st);
  T("ftruncate 5", ftruncate(fd, 5));
  T("fsync", fsync(fd));
  T("fdatasync", fdatasync(fd));

  /* fcntl */
  T("F_GETFL & O_ACCMODE", fcntl(fd, F_GETFL) & O_ACCMODE);
  T("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
  T("F_GETFL has O_APPEND", !!(fcntl(fd, F_GETFL) & O_APPEND));
  T("F_GETFD", fcntl(fd, F_GETFD));
  T("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
  T("F_GETFD", fcntl(fd, F_GETFD));
  T("F_DUPFD 10", fcntl(fd, F_DUPFD, 10));
  T("F_GETFD of dup (no cloexec)", fcntl(10, F_GETFD));
  T("F_DUPFD_CLOEXEC 10", fcntl(fd, F_DUPFD_CLOEXEC, 10));
  T("F_GETFD of dup", fcntl(11, F_GETFD));
  T("dup", dup(fd) > 0);
  T("dup2 -> 20", dup2(fd, 20));
  T("dup2 same fd", dup2(20, 20));
  T("dup3 -> 21 O_CLOEXEC", dup3(fd, 21, O_CLOEXEC));
  T("F_GETFD 21", fcntl(21, F_GETFD));
  T("dup3 same fd", dup3(21, 21, 0));
  T("close 20", close(20));
  T("close 20 again", close(20));
  T("F_GETPIPE_SZ on file", fcntl(fd, F_GETPIPE_SZ));

  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 3};
  T("F_SETLK write lock", fcntl(fd, F_SETLK, &fl));
  fl = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  T("F_GETLK (own lock)", fcntl(fd, F_GETLK, &fl));
  printf("  l_type is F_UNLCK: %d\n", fl.l_type == F_UNLCK);
  fl = (struct flock){.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  T("F_SETLK unlock", fcntl(fd, F_SETLK, &fl));
  int fd2 = open("a", O_RDWR);
  struct flock ofd = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 2};
  T("F_OFD_SETLK read lock fd", fcntl(fd, F_OFD_SETLK, &ofd));
  ofd = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  T("F_OFD_GETLK via fd2", fcntl(fd2, F_OFD_GETLK, &ofd));
  printf("  type %s start %lld len %lld pid (1: own) %d\n",
         ofd.l_type == F_RDLCK   ? "F_RDLCK"
         : ofd.l_type == F_WRLCK ? "F_WRLCK"
                                 : "F_UNLCK",
         (long long)ofd.l_start, (long long)ofd.l_len, ofd.l_pid == getpid() ? 1 : (int)ofd.l_pid);
  ofd = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 3, .l_len = 1};
  T("F_OFD_SETLK conflicting", fcntl(fd2, F_OFD_SETLK, &ofd));
  fl = (struct flock){.l_type = 99, .l_whence = SEEK_SET};
  T("F_SETLK bad type", fcntl(fd, F_SETLK, &fl));
  T("flock LOCK_EX", flock(fd, LOCK_EX));
  T("flock LOCK_EX|LOCK_NB fd2", flock(fd2, LOCK_EX | LOCK_NB) < 0 ? -errno : 0);
  T("flock LOCK_UN", flock(fd, LOCK_UN));
  T("fcntl bad cmd", fcntl(fd, 12345));
  close(fd2);

  /* rename, link, symlink, readlink, access, chmod */
  T("rename a b", rename("a", "b"));
  T("access a F_OK", access("a", F_OK));
  T("access b R_OK|W_OK", access("b", R_OK | W_OK));
  T("faccessat b X_OK", faccessat(AT_FDCWD, "b", F_OK, 0));
  T("link b c", link("b", "c"));
  T("stat c", stat("c", &st));
  show_stat("  c", &st);
  T("symlink b s", symlink("b", "s"));
  memset(buf, 0, sizeof buf);
  T("readlink s", readlink("s", buf, sizeof buf));
  printf("  readlink got '%s'\n", buf);
  T("readlink s bufsiz 0", syscall(SYS_readlink, "s", buf, 0));
  T("readlink b (not a link)", readlink("b", buf, sizeof buf));
  T("lstat s", lstat("s", &st));
  show_stat("  s", &st);
  T("stat s", stat("s", &st));
  show_stat("  s ->", &st);
  T("chmod b 0600", chmod("b", 0600));
  T("stat b", stat("b", &st));
  show_stat("  b", &st);
  T("fchmod fd 0604", fchmod(fd, 0604));
  T("fchmodat b 0644", fchmodat(AT_FDCWD, "b", 0644, 0));
  T("fstatat b", fstatat(AT_FDCWD, "b", &st, 0));
  show_stat("  b", &st);
  T("fstatat fd AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
  show_stat("  fd", &st);
  T("chown b -1 -1", chown("b", -1, -1));
  T("lchown s -1 -1", lchown("s", -1, -1));
  T("fchown fd -1 -1", fchown(fd, -1, -1));
  T("fchownat b -1 -1 NOFOLLOW", fchownat(AT_FDCWD, "b", -1, -1, AT_SYMLINK_NOFOLLOW));

  /* times */
  struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456789}};
  T("utimensat b", utimensat(AT_FDCWD, "b", ts, 0));
  T("stat b", stat("b", &st));
  printf("  atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {77, 0}};
  T("futimens fd (omit atime)", futimens(fd, omit));
  T("stat b", stat("b", &st));
  printf("  atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timeval tv[2] = {{111, 222}, {333, 444}};
  T("utimes b", utimes("b", tv));
  T("stat b", stat("b", &st));
  printf("  atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timeval badtv[2] = {{1, 1000000}, {1, 0}};
  T("utimes b usec 1000000", utimes("b", badtv));
  struct utimbuf ub = {555, 666};
  T("utime b", utime("b", &ub));
  T("stat b", stat("b", &st));
  printf("  atime %lld mtime %lld\n", (long long)st.st_atime, (long long)st.st_mtime);
  struct timespec badts[2] = {{0, 1000000000}, {0, 0}};
  T("utimensat bad nsec", utimensat(AT_FDCWD, "b", badts, 0));

  /* statx */
  struct xstatx sx;
  T("statx b", syscall(SYS_statx, AT_FDCWD, "b", 0, X_STATX_BASIC_STATS, &sx));
  printf("  mask has BASIC: %d mode %04o nlink %u size %llu mtime %lld\n",
         (sx.mask & X_STATX_BASIC_STATS) == X_STATX_BASIC_STATS, sx.mode & 07777, sx.nlink, sx.size,
         sx.mtime.sec);
  T("statx s NOFOLLOW", syscall(SYS_statx, AT_FDCWD, "s", AT_SYMLINK_NOFOLLOW, X_STATX_TYPE, &sx));
  printf("  is link: %d\n", S_ISLNK(sx.mode));

  /* truncate */
  T("truncate b 3", truncate("b", 3));
  T("stat b", stat("b", &st));
  show_stat("  b", &st);

  /* sendfile, fallocate, fadvise */
  int in = open("b", O_RDONLY);
  int out = open("e", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  off_t off = 1;
  T("sendfile with offset", sendfile(out, in, &off, 100));
  printf("  offset now %lld\n", (long long)off);
  T("sendfile no offset", sendfile(out, in, NULL, 100));
  T("fstat e", fstat(out, &st));
  show_stat("  e", &st);
  T("posix_fadvise", posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL));
  T("fallocate 4096", fallocate(out, 0, 0, 4096) < 0 ? -errno : 0);
  T("fstat e", fstat(out, &st));
  printf("  size %lld\n", (long long)st.st_size);
  close(in);
  close(out);

  /* creat, *at calls */
  int d = open(".", O_RDONLY | O_DIRECTORY);
  T("creat f", creat("f", 0600) >= 0);
  T("openat d g", openat(d, "g", O_WRONLY | O_CREAT, 0644) >= 0);
  T("mkdirat d sub", mkdirat(d, "sub", 0755));
  T("renameat g -> sub/g", renameat(d, "g", d, "sub/g"));
  T("renameat2 NOREPLACE f->e", syscall(SYS_renameat2, d, "f", d, "e", RENAME_NOREPLACE));
  T("renameat2 EXCHANGE f<->e", syscall(SYS_renameat2, d, "f", d, "e", RENAME_EXCHANGE));
  T("linkat e -> sub/h", linkat(d, "e", d, "sub/h", 0));
  T("symlinkat e -> sub/l", symlinkat("../e", d, "sub/l"));
  memset(buf, 0, sizeof buf);
  T("readlinkat sub/l", readlinkat(d, "sub/l", buf, sizeof buf));
  printf("  readlinkat got '%s'\n", buf);
  T("faccessat2 sub/l NOFOLLOW", syscall(SYS_faccessat2, d, "sub/l", F_OK, AT_SYMLINK_NOFOLLOW));
  T("fstatat sub/l NOFOLLOW", fstatat(d, "sub/l", &st, AT_SYMLINK_NOFOLLOW));
  show_stat("  sub/l", &st);
  T("unlinkat sub (dir, no flag)", unlinkat(d, "sub", 0));
  T("unlinkat sub/g", unlinkat(d, "sub/g", 0));
  T("unlinkat sub/h", unlinkat(d, "sub/h", 0));
  T("unlinkat sub/l", unlinkat(d, "sub/l", 0));
  T("unlinkat sub REMOVEDIR", unlinkat(d, "sub", AT_REMOVEDIR));
  T("mknod fifo", mknod("p", S_IFIFO | 0600, 0));
  T("lstat p", lstat("p", &st));
  printf("  is fifo: %d\n", S_ISFIFO(st.st_mode));
  T("mknodat fifo", mknodat(d, "q", S_IFIFO | 0600, 0));
  close(d);

  /* memfd, close_range, statfs */
  int m = memfd_create("emu-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  T("memfd_create", m >= 0);
  T("write memfd", write(m, "12345", 5));
  T("F_ADD_SEALS", fcntl(m, F_ADD_SEALS, F_SEAL_GROW));
  T("F_GET_SEALS", fcntl(m, F_GET_SEALS));
  T("write memfd past seal", pwrite(m, "x", 1, 5));
  T("fstat memfd", fstat(m, &st));
  printf("  size %lld\n", (long long)st.st_size);
  T("close_range 10..11", syscall(SYS_close_range, 10, 11, 0));
  T("F_GETFD 10 after close_range", fcntl(10, F_GETFD));
  T("close_range 12..11", syscall(SYS_close_range, 12, 11, 0));
  T("close_range CLOEXEC on 21", syscall(SYS_close_range, 21, 21, 4 /* CLOSE_RANGE_CLOEXEC */));
  struct statfs sf1, sf2;
  T("statfs .", statfs(".", &sf1));
  T("fstatfs fd", fstatfs(fd, &sf2));
  printf("  same type: %d same bsize: %d namelen %ld\n", sf1.f_type == sf2.f_type,
         sf1.f_bsize == sf2.f_bsize, (long)sf1.f_namelen);
  sync();
  T("syncfs", syncfs(fd));
  close(m);
  close(fd);

  /* clean up */
  const char *files[] = {"b", "c", "s", "e", "f", "p", "q"};
  for (unsigned i = 0; i < sizeof files / sizeof *files; i++) T(files[i], unlink(files[i]));
  T("chdir /", chdir("/"));
  T("rmdir tmp", rmdir(dir));
  return 0;
}
