/* fs_dirs.c — directories: mkdir, getdents64 (listing sorted by name, with d_type),
 * lseek on a directory to rewind, chdir/fchdir/getcwd, rmdir (ENOTEMPTY, ENOTDIR),
 * getcwd with short buffers (ERANGE), getdents64 with a buffer too small for one
 * entry (EINVAL) and on a non-directory (ENOTDIR).  Works in a fresh mkdtemp directory
 * under /tmp and removes it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
  case ERANGE: return "ERANGE";
  case EFAULT: return "EFAULT";
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
      printf("%-30s = %ld %s\n", name, r_, ename(errno)); \
    else                                                  \
      printf("%-30s = %ld\n", name, r_);                  \
  } while (0)

struct ent {
  char name[256];
  unsigned char type;
};

static int cmp(const void *a, const void *b) {
  return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

/* List fd with raw getdents64 in chunks of bufsize bytes, sorted. */
static void list(int fd, size_t bufsize) {
  struct ent ents[64];
  int n = 0, calls = 0;
  char buf[4096] __attribute__((aligned(8)));
  for (;;) {
    long k = syscall(SYS_getdents64, fd, buf, bufsize);
    if (k < 0) {
      printf("  getdents64 error %s\n", ename(errno));
      return;
    }
    calls++;
    if (k == 0) break;
    for (long off = 0; off < k;) {
      unsigned short reclen;
      memcpy(&reclen, buf + off + 16, 2);
      if (n < 64) {
        ents[n].type = (unsigned char)buf[off + 18];
        snprintf(ents[n].name, sizeof ents[n].name, "%s", buf + off + 19);
        n++;
      }
      off += reclen;
    }
  }
  qsort(ents, n, sizeof *ents, cmp);
  printf("  %d entries%s:", n, bufsize < 100 && calls > 2 ? " (several calls)" : "");
  for (int i = 0; i < n; i++)
    printf(" %s/%s", ents[i].name,
           ents[i].type == DT_DIR   ? "d"
           : ents[i].type == DT_REG ? "f"
           : ents[i].type == DT_LNK ? "l"
                                    : "?");
  printf("\n");
}

int main(void) {
  char dir[] = "/tmp/emu_fs_dirs_XXXXXX";
  char cwd[4096];
  if (!mkdtemp(dir)) return 1;
  size_t dlen = strlen(dir);
  T("chdir tmp", chdir(dir));
  T("getcwd is tmp", getcwd(cwd, sizeof cwd) && !strcmp(cwd, dir));
  T("raw getcwd length", syscall(SYS_getcwd, cwd, sizeof cwd) == (long)dlen + 1);
  T("raw getcwd size exact", syscall(SYS_getcwd, cwd, dlen + 1) == (long)dlen + 1);
  T("raw getcwd size short", syscall(SYS_getcwd, cwd, dlen));
  T("raw getcwd size 0", syscall(SYS_getcwd, cwd, 0));

  T("mkdir d", mkdir("d", 0755));
  T("mkdir d again", mkdir("d", 0755));
  const char *files[] = {"d/zeta", "d/alpha", "d/Mid", "d/0num", "d/.hidden"};
  for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
    int fd = open(files[i], O_CREAT | O_WRONLY, 0644);
    if (fd < 0) return 2;
    close(fd);
  }
  T("mkdir d/sub", mkdir("d/sub", 0700));
  T("symlink d/link", symlink("zeta", "d/link"));
  T("mkdir d/sub/deeper", mkdir("d/sub/deeper", 0755));

  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  T("open d O_DIRECTORY", dfd >= 0);
  printf("getdents64 whole listing\n");
  list(dfd, 4096);
  T("lseek dir to 0", lseek(dfd, 0, SEEK_SET));
  printf("getdents64 small buffer\n");
  list(dfd, 48);
  T("lseek dir to 0", lseek(dfd, 0, SEEK_SET));
  T("getdents64 count 1", syscall(SYS_getdents64, dfd, cwd, 1));
  int ffd = open("d/zeta", O_RDONLY);
  T("getdents64 on file", syscall(SYS_getdents64, ffd, cwd, sizeof cwd));
  T("getdents64 bad fd", syscall(SYS_getdents64, 999, cwd, sizeof cwd));
  T("open file O_DIRECTORY", open("d/zeta", O_RDONLY | O_DIRECTORY));
  T("open dir O_WRONLY", open("d", O_WRONLY));
  T("fchdir file", fchdir(ffd));
  close(ffd);

  T("chdir d/sub/deeper", chdir("d/sub/deeper"));
  T("getcwd", getcwd(cwd, sizeof cwd) != NULL);
  printf("  cwd below tmp: %s\n", strncmp(cwd, dir, dlen) ? "?" : cwd + dlen);
  T("chdir ../..", chdir("../.."));
  T("getcwd", getcwd(cwd, sizeof cwd) != NULL);
  printf("  cwd below tmp: %s\n", strncmp(cwd, dir, dlen) ? "?" : cwd + dlen);
  T("fchdir d", fchdir(dfd));
  T("getcwd", getcwd(cwd, sizeof cwd) != NULL);
  printf("  cwd below tmp: %s\n", strncmp(cwd, dir, dlen) ? "?" : cwd + dlen);
  T("chdir missing", chdir("nonexistent"));
  T("chdir file", chdir("zeta"));
  T("chdir ..", chdir(".."));

  T("rmdir d (not empty)", rmdir("d"));
  T("rmdir d/zeta (file)", rmdir("d/zeta"));
  T("rmdir d/sub (not empty)", rmdir("d/sub"));
  T("rmdir d/sub/deeper", rmdir("d/sub/deeper"));
  T("rmdir d/sub", rmdir("d/sub"));
  T("rmdir d/sub again", rmdir("d/sub"));
  T("rmdir d/.", rmdir("d/."));
  T("unlink d (dir)", unlink("d"));
  T("unlink d/link", unlink("d/link"));
  for (unsigned i = 0; i < sizeof files / sizeof *files; i++) T(files[i], unlink(files[i]));
  printf("getdents64 after removal\n");
  T("lseek dir to 0", lseek(dfd, 0, SEEK_SET));
  list(dfd, 4096);
  T("rmdir d", rmdir("d"));
  printf("getdents64 of removed dir\n");
  T("lseek dir to 0", lseek(dfd, 0, SEEK_SET));
  list(dfd, 4096);
  close(dfd);
  T("chdir /", chdir("/"));
  T("rmdir tmp", rmdir(dir));
  return 0;
}
