/* fs_proc.c — the program's view of itself through /proc: readlink and stat of
 * /proc/self/exe and /proc/<pid>/exe name and describe this program (compared with
 * argv[0]), opening /proc/self/exe reads this ELF file, /proc/self/cmdline holds argv,
 * /proc/self/auxv agrees with getauxval(), /proc/self/maps shows this program and a
 * stack.  Prints only comparisons and argv, never paths, addresses or pids.
 * diff-args: one "two words" ""
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ename(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EINVAL: return "EINVAL";
  case ENOTDIR: return "ENOTDIR";
  case ELOOP: return "ELOOP";
  case ETXTBSY: return "ETXTBSY";
  case EEXIST: return "EEXIST";
  case EBADF: return "EBADF";
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
      printf("%-40s = %ld %s\n", name, r_, ename(errno)); \
    else                                                  \
      printf("%-40s = %ld\n", name, r_);                  \
  } while (0)

static size_t slurp(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  size_t n = 0;
  for (ssize_t k; n < size && (k = read(fd, buf + n, size - n)) > 0;) n += k;
  close(fd);
  return n;
}

static char big[1 << 16];

int main(int argc, char **argv) {
  char real[PATH_MAX], link[PATH_MAX + 1], path[64];
  struct stat a, b;
  if (!realpath(argv[0], real)) return 1;
  ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  printf("readlink /proc/self/exe == realpath(argv[0]): %d\n", !strcmp(link, real));
  snprintf(path, sizeof path, "/proc/%d/exe", (int)getpid());
  n = readlink(path, link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  printf("readlink /proc/<pid>/exe == realpath(argv[0]): %d\n", !strcmp(link, real));
  n = readlink("/proc/self/../self/./exe", link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  printf("readlink /proc/self/../self/./exe matches: %d\n", !strcmp(link, real));
  T("readlink exe, 3-byte buffer", readlink("/proc/self/exe", link, 3));
  printf("  first bytes match: %d\n", !strncmp(link, real, 3));
  T("readlink exe, bufsiz 0", syscall(SYS_readlink, "/proc/self/exe", link, 0));
  int pfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
  n = readlinkat(pfd, "exe", link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  printf("readlinkat(/proc/self fd, exe) matches: %d\n", !strcmp(link, real));
  close(pfd);

  T("stat /proc/self/exe", stat("/proc/self/exe", &a));
  T("stat argv[0]", stat(argv[0], &b));
  printf("  same file: %d\n", a.st_dev == b.st_dev && a.st_ino == b.st_ino);
  T("lstat /proc/self/exe is a link", lstat("/proc/self/exe", &a) == 0 && S_ISLNK(a.st_mode));
  T("access /proc/self/exe X_OK", access("/proc/self/exe", X_OK));

  int fd = open("/proc/self/exe", O_RDONLY);
  T("open /proc/self/exe", fd >= 0);
  char hdr[4] = {0};
  T("read 4", read(fd, hdr, 4));
  printf("  ELF magic: %d\n", !memcmp(hdr, "\177ELF", 4));
  T("fstat", fstat(fd, &a));
  printf("  same file as argv[0]: %d\n", a.st_dev == b.st_dev && a.st_ino == b.st_ino);
  close(fd);
  T("open /proc/self/exe O_WRONLY", open("/proc/self/exe", O_WRONLY));
  T("open /proc/self/exe O_NOFOLLOW", open("/proc/self/exe", O_RDONLY | O_NOFOLLOW));
  T("open argv[0] O_RDWR", open(argv[0], O_RDWR));

  size_t len = slurp("/proc/self/cmdline", big, sizeof big);
  printf("cmdline: %zu bytes, argv[0] first: %d\n", len, !strcmp(big, argv[0]));
  printf("  args after argv[0]:");
  for (size_t i = strlen(big) + 1; i < len; i += strlen(big + i) + 1) printf(" [%s]", big + i);
  printf("\n  argc %d\n", argc);
  snprintf(path, sizeof path, "/proc/%d/cmdline", (int)getpid());
  char big2[4096];
  size_t len2 = slurp(path, big2, sizeof big2);
  printf("/proc/<pid>/cmdline same: %d\n", len2 == len && !memcmp(big, big2, len));

  len = slurp("/proc/self/auxv", big, sizeof big);
  unsigned long *av = (unsigned long *)big;
  size_t words = len / sizeof *av;
  int ok = words >= 2 && len % (2 * sizeof *av) == 0 && av[words - 2] == 0;
  int seen = 0, agree = 1;
  for (size_t i = 0; i + 1 < words && av[i]; i += 2) {
    if (av[i] == AT_PAGESZ || av[i] == AT_PHNUM || av[i] == AT_ENTRY || av[i] == AT_PHDR ||
        av[i] == AT_RANDOM || av[i] == AT_EXECFN) {
      seen++;
      agree &= getauxval(av[i]) == av[i + 1];
    }
  }
  printf("auxv: well formed %d, 6 keys seen %d, agree with getauxval %d\n", ok, seen == 6, agree);

  len = slurp("/proc/self/maps", big, sizeof big - 1);
  big[len] = 0;
  int exe_lines = 0, stack = 0;
  for (char *line = strtok(big, "\n"); line; line = strtok(NULL, "\n")) {
    size_t l = strlen(line), r = strlen(real);
    if (l >= r && !strcmp(line + l - r, real)) exe_lines++;
    if (strstr(line, "[stack]")) stack++;
  }
  printf("maps: lines naming the program: %s, one [stack]: %d\n", exe_lines ? "some" : "none",
         stack == 1);
  T("open maps O_DIRECTORY", open("/proc/self/maps", O_RDONLY | O_DIRECTORY));
  fd = open("/proc/self/maps", O_RDONLY);
  T("maps: write to read-only fd", write(fd, "x", 1) < 0);
  close(fd);
  return 0;
}
