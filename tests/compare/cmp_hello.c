/* cmp_hello.c — built as i386 and x86-64 for `emu --compare`: a write, a
 * file opened, stat-ed, seeked and read, a time call, an error (ENOENT). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  const char msg[] = "hello from both ABIs\n";
  write(1, msg, strlen(msg));
  int fd = open("/proc/self/exe", O_RDONLY);
  struct stat st;
  fstat(fd, &st);
  lseek(fd, 1, SEEK_SET);
  char b[3];
  read(fd, b, 3);
  close(fd);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if (open("/nonexistent/file", O_RDONLY) < 0) write(1, "ENOENT ok\n", 10);
  printf("%c%c%c\n", b[0], b[1], b[2]);
  return 4;
}
