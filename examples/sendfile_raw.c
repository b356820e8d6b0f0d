/* sendfile_raw.c — sendfile(2) through a raw `syscall` instruction: the file
 * is copied to stdout inside the kernel (here: by emu's host sendfile), no
 * buffer in the program.  It writes a small file first (through the C
 * library), then sends it from offset 6 with the offset argument, which the
 * kernel advances.
 *
 *   build/emu --strace build/examples/sendfile_raw
 *   build/emu --frames build/examples/sendfile_raw
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long raw_syscall4(long nr, long a1, long a2, long a3, long a4) {
  long ret;
  register long r10 __asm__("r10") = a4;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                   : "rcx", "r11", "memory");
  return ret;
}

int main(void) {
  char path[] = "/tmp/sendfile_raw.XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 1;
  unlink(path);
  static const char text[] = "skip: hello from sendfile\n";
  if (write(fd, text, sizeof text - 1) != (ssize_t)sizeof text - 1) return 1;
  off_t off = 6;
  fflush(stdout);
  long n = raw_syscall4(40 /* __NR_sendfile */, 1, fd, (long)&off, 64);
  printf("sendfile returned %ld, offset now %ld\n", n, (long)off);
  return n == (long)sizeof text - 1 - 6 ? 0 : 1;
}
