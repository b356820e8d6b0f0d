/* fs32_dirs.c — i386 directory reading: the old getdents (struct linux_dirent with 32-bit
 * d_ino/d_off) and getdents64 on a directory of many names, with buffers of several
 * sizes; the offsets (on ext4, hash positions as a 32-bit program sees them) through
 * d_off, lseek and _llseek; telldir/seekdir; a buffer too small for one record.
 */
// diff-vm-mask: ^  getdents(64)? +buf .* -- a directory's order is its filesystem's hash order, and the VM's ext4 is another filesystem
// diff-vm-mask: ^getdents 200 .* -- the same: which entries fill 200 bytes depends on the order
// diff-only: gcc32
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

static void T(const char *what, long r) {
  if (r < 0)
    printf("%-36s = -1 %s\n", what, strerrorname_np(errno));
  else
    printf("%-36s = %ld\n", what, r);
  errno = 0;
}

struct old_dirent { /* struct linux_dirent of i386 */
  unsigned int d_ino, d_off;
  unsigned short d_reclen;
  char d_name[];
};
struct dirent64k {
  unsigned long long d_ino;
  long long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Read the whole directory with a buffer of size n; print a digest of the names,
 * types, offsets and record lengths, in the order returned. */
static void walk(int fd, int nr, unsigned n) {
  char *buf = malloc(n);
  unsigned long h = 5381, ents = 0, calls = 0;
  long long lastoff = 0, maxoff = 0;
  syscall(SYS_lseek, fd, 0, SEEK_SET);
  for (;;) {
    memset(buf, 0x5a, n);
    long r = syscall(nr, fd, buf, n);
    if (r <= 0) {
      if (r < 0) T("  getdents error", r);
      break;
    }
    calls++;
    for (long off = 0; off < r;) {
      const char *name;
      unsigned reclen, type;
      long long doff;
      if (nr == SYS_getdents) {
        struct old_dirent *d = (void *)(buf + off);
        name = d->d_name, reclen = d->d_reclen, doff = d->d_off;
        type = (unsigned char)buf[off + reclen - 1];
        h = h * 33 + (unsigned char)d->d_name[strlen(name) + 1]; /* first padding byte */
      } else {
        struct dirent64k *d = (void *)(buf + off);
        name = d->d_name, reclen = d->d_reclen, doff = d->d_off, type = d->d_type;
      }
      for (const char *c = name; *c; c++) h = h * 33 + (unsigned char)*c;
      h = h * 33 + type;
      h = h * 33 + reclen;
      h = h * 33 + (unsigned)doff + (unsigned)(doff >> 32);
      if (doff > maxoff) maxoff = doff;
      lastoff = doff;
      ents++;
      off += reclen;
    }
  }
  printf("  %s buf %5u: entries %lu calls %lu digest %08lx last d_off %lld max d_off %lld\n",
         nr == SYS_getdents ? "getdents  " : "getdents64", n, ents, calls, h & 0xffffffff, lastoff,
         maxoff);
  free(buf);
}

int main(void) {
  T("mkdir d", mkdir("d", 0755));
  char name[300];
  for (int i = 0; i < 400; i++) {
    int len = snprintf(name, sizeof name, "d/%s%d", i % 3 ? "f" : "a-much-longer-file-name-", i);
    if (i % 50 == 7) { /* some names of 200+ bytes */
      memset(name + len, 'x', 200);
      name[len + 200] = 0;
    }
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) return 2;
    close(fd);
  }
  T("mkdir d/sub", mkdir("d/sub", 0755));
  int fd = open("d", O_RDONLY | O_DIRECTORY);
  T("open d", fd >= 0);
  unsigned sizes[] = {300, 1000, 4096, 32768};
  for (int i = 0; i < 4; i++) walk(fd, SYS_getdents, sizes[i]);
  for (int i = 0; i < 4; i++) walk(fd, SYS_getdents64, sizes[i]);

  char small[64];
  T("getdents buffer 8",
    (syscall(SYS_lseek, fd, 0, SEEK_SET), syscall(SYS_getdents, fd, small, 8)));
  T("getdents64 buffer 8", syscall(SYS_getdents64, fd, small, 8));
  T("getdents bad buffer", syscall(SYS_getdents, fd, (void *)16, 4096));
  T("getdents on a file", syscall(SYS_getdents, 0, small, sizeof small));
  T("getdents bad fd", syscall(SYS_getdents, 99, small, sizeof small));

  printf("-- offsets\n");
  char buf[4096];
  T("lseek 0", syscall(SYS_lseek, fd, 0, SEEK_SET));
  long n = syscall(SYS_getdents, fd, buf, 200);
  T("getdents 200", n);
  long cur = syscall(SYS_lseek, fd, 0, SEEK_CUR);
  long long lres;
  struct old_dirent *last = NULL;
  for (long off = 0; off < n; off += ((struct old_dirent *)(buf + off))->d_reclen)
    last = (void *)(buf + off);
  printf("  SEEK_CUR == last d_off: %d\n", last && (long)last->d_off == cur);
  T("_llseek SEEK_CUR", syscall(SYS__llseek, fd, 0, 0, &lres, SEEK_CUR));
  printf("  == SEEK_CUR: %d\n", lres == cur);
  char first[256];
  n = syscall(SYS_getdents, fd, buf, sizeof buf);
  strcpy(first, ((struct old_dirent *)buf)->d_name);
  T("lseek back to it", syscall(SYS_lseek, fd, cur, SEEK_SET) == cur);
  n = syscall(SYS_getdents, fd, buf, sizeof buf);
  printf("  same entry again: %d\n", !strcmp(first, ((struct old_dirent *)buf)->d_name));
  T("lseek SEEK_END", syscall(SYS_lseek, fd, 0, SEEK_END));
  T("lseek SEEK_END -5", syscall(SYS_lseek, fd, -5, SEEK_END));
  T("lseek SEEK_CUR +1", syscall(SYS_lseek, fd, 1, SEEK_CUR));
  T("lseek SEEK_SET -1", syscall(SYS_lseek, fd, -1, SEEK_SET));
  T("_llseek 2^31", syscall(SYS__llseek, fd, 0, 0x80000000u, &lres, SEEK_SET));
  T("_llseek 2^32", syscall(SYS__llseek, fd, 1, 0, &lres, SEEK_SET));
  T("lseek SEEK_DATA 0", syscall(SYS_lseek, fd, 0, SEEK_DATA));
  T("lseek SEEK_HOLE 0", syscall(SYS_lseek, fd, 0, SEEK_HOLE));
  T("lseek SEEK_SET 0x7fffffff", syscall(SYS_lseek, fd, 0x7fffffff, SEEK_SET));
  T("getdents at the end", syscall(SYS_getdents, fd, buf, sizeof buf));
  close(fd);

  printf("-- readdir, telldir, seekdir\n");
  DIR *dir = opendir("d");
  struct dirent *e;
  long pos = -1;
  int count = 0;
  char at100[256] = "";
  while ((e = readdir(dir))) {
    if (++count == 100) {
      pos = telldir(dir);
      if ((e = readdir(dir))) strcpy(at100, e->d_name), count++;
    }
  }
  printf("  readdir entries %d\n", count);
  seekdir(dir, pos);
  e = readdir(dir);
  printf("  seekdir back: same name %d\n", e && !strcmp(e->d_name, at100));
  closedir(dir);
  return 0;
}
