/* efault32_calls.c — i386 system calls made with a raw `int $0x80`, each handed bad
 * pointers: 1, a page that was unmapped, an unmapped address above 3 GiB, the top of
 * the 4 GiB space and a range that wraps past it, and a buffer that runs from a mapped
 * page into a hole.  read, write, stat64, lstat64, fstat64, uname, gettimeofday,
 * clock_gettime (32- and 64-bit time), getdents64, time, pipe, sysinfo, times,
 * getcwd, nanosleep: every result and errno must be the native kernel's.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef __NR_clock_gettime64
#define __NR_clock_gettime64 403
#endif

static long sc(long nr, long a, long b, long c) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}

static void T(const char *call, const char *ptr, long r) {
  char what[64];
  snprintf(what, sizeof what, "%s(%s)", call, ptr);
  if (r < 0 && r > -4096)
    printf("%-36s = -1 %s\n", what, strerrorname_np(-r));
  else
    printf("%-36s = %ld\n", what, r);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  /* A mapped page with a hole after it: edge is 8 bytes before the hole. */
  char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p + 4096, 4096);
  long hole = (long)(p + 4096), edge = (long)(p + 4096 - 8);
  static const struct {
    const char *name;
    long addr;
  } bad[] = {
      {"1", 1},
      {"hole", 0},
      {"0xc0001000", 0xc0001000L},
      {"0xfffff000", 0xfffff000L},
      {"0xfffffffc", 0xfffffffcL},
  };
  enum { NBAD = sizeof bad / sizeof bad[0] };
  long addr[NBAD];
  for (int i = 0; i < NBAD; i++) addr[i] = i == 1 ? hole : bad[i].addr;

  int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (write(fd, "0123456789abcdefghijklmnopqrstuv", 32) != 32) return 2;
  mkdir("dir", 0755);
  close(open("dir/a", O_CREAT | O_WRONLY, 0644));
  int dfd = open("dir", O_RDONLY | O_DIRECTORY);

  for (int i = 0; i < NBAD; i++) {
    const char *n = bad[i].name;
    long a = addr[i];
    printf("-- %s\n", n);
    lseek(fd, 0, SEEK_SET);
    T("read", n, sc(SYS_read, fd, a, 16));
    T("read 0 bytes", n, sc(SYS_read, fd, a, 0));
    T("write", n, sc(SYS_write, fd, a, 16));
    T("write 0 bytes", n, sc(SYS_write, fd, a, 0));
    T("write to stdout", n, sc(SYS_write, 1, a, 16));
    T("stat64 path", n, sc(SYS_stat64, a, (long)p, 0));
    T("stat64 buf", n, sc(SYS_stat64, (long)"data", a, 0));
    T("lstat64 buf", n, sc(SYS_lstat64, (long)"data", a, 0));
    T("fstat64 buf", n, sc(SYS_fstat64, fd, a, 0));
    T("fstat64 bad fd", n, sc(SYS_fstat64, 999, a, 0));
    T("uname", n, sc(SYS_uname, a, 0, 0));
    T("gettimeofday tv", n, sc(SYS_gettimeofday, a, 0, 0));
    T("gettimeofday tz", n, sc(SYS_gettimeofday, 0, a, 0));
    T("clock_gettime", n, sc(SYS_clock_gettime, CLOCK_MONOTONIC, a, 0));
    T("clock_gettime bad clock", n, sc(SYS_clock_gettime, 1000, a, 0));
    T("clock_gettime64", n, sc(__NR_clock_gettime64, CLOCK_REALTIME, a, 0));
    lseek(dfd, 0, SEEK_SET);
    T("getdents64", n, sc(SYS_getdents64, dfd, a, 4096));
    T("getdents64 tiny", n, sc(SYS_getdents64, dfd, a, 1));
    T("time", n, sc(SYS_time, a, 0, 0) > 0 ? 1 : sc(SYS_time, a, 0, 0));
    T("pipe", n, sc(SYS_pipe, a, 0, 0));
    T("sysinfo", n, sc(SYS_sysinfo, a, 0, 0));
    T("times", n, sc(SYS_times, a, 0, 0) >= 0 ? 1 : sc(SYS_times, a, 0, 0));
    T("getcwd", n, sc(SYS_getcwd, a, 64, 0));
    T("nanosleep req", n, sc(SYS_nanosleep, a, 0, 0));
    T("open path", n, sc(SYS_open, a, O_RDONLY, 0));
  }

  /* A buffer that starts mapped and runs into the hole: the kernel copies what it can. */
  printf("-- edge (8 bytes mapped, then the hole)\n");
  lseek(fd, 0, SEEK_SET);
  T("read 16", "edge", sc(SYS_read, fd, edge, 16));
  printf("edge holds %.8s\n", (char *)edge);
  T("read 8", "edge", sc(SYS_read, fd, edge, 8));
  memcpy((char *)edge, "EDGEEDGE", 8);
  lseek(fd, 0, SEEK_END);
  T("write 16", "edge", sc(SYS_write, fd, edge, 16));
  T("write 8", "edge", sc(SYS_write, fd, edge, 8));
  T("stat64 buf", "edge", sc(SYS_stat64, (long)"data", edge, 0));
  T("uname", "edge", sc(SYS_uname, edge, 0, 0));
  T("gettimeofday tv", "edge", sc(SYS_gettimeofday, edge, 0, 0));
  T("gettimeofday tv at -4", "edge", sc(SYS_gettimeofday, hole - 4, 0, 0));
  T("clock_gettime at -4", "edge", sc(SYS_clock_gettime, CLOCK_MONOTONIC, hole - 4, 0));
  T("clock_gettime64 at -8", "edge", sc(__NR_clock_gettime64, CLOCK_MONOTONIC, hole - 8, 0));
  T("clock_gettime64 at -16", "edge",
    sc(__NR_clock_gettime64, CLOCK_MONOTONIC, hole - 16, 0) == 0 ? 0 : -1);
  lseek(dfd, 0, SEEK_SET);
  T("getdents64 into edge", "edge", sc(SYS_getdents64, dfd, edge, 4096));
  T("pipe at -4", "edge", sc(SYS_pipe, hole - 4, 0, 0));
  struct stat st;
  fstat(fd, &st);
  printf("data is %lld bytes\n", (long long)st.st_size);
  return 0;
}
