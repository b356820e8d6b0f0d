/* write_libc.c — system calls the ordinary way, through the C library:
 * printf (write), getuid, time.  Built static for x86-64 (write_libc) and
 * i386 (write_libc_32, gcc -m32), so the same source shows both ABIs' tables.
 *
 *   build/emu --strace build/examples/write_libc
 *   build/emu --strace build/examples/write_libc_32
 *   build/emu --frames build/examples/write_libc_32
 *
 * time() goes through the vDSO (no system call at all natively; strace does
 * not see it, and neither does emu's log).  docs/examples.md has the output.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  uid_t uid = getuid();
  time_t now = time(NULL);
  printf("hello through the C library: uid=%s, time=%s\n", uid == geteuid() ? "euid" : "other",
         now > 1600000000 ? "after 2020" : "before 2020");
  return 0;
}
