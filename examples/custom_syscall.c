/* custom_syscall.c — a guest calling a system call no kernel has: number
 * 1000, "whoami(char *buf, size_t len)", which copies the user's name into
 * buf and returns its length.  embed_whoami.c serves it through emu's C API
 * (emu_register_syscall); run natively, or under plain emu, the call does not
 * exist and fails with ENOSYS.  Built for x86-64 (custom_syscall) and i386
 * (custom_syscall_32): the number is 1000 in both tables.
 *
 *   build/examples/embed_whoami build/examples/custom_syscall
 *   build/examples/embed_whoami --strace build/examples/custom_syscall_32
 *   build/emu --strace build/examples/custom_syscall     (no whoami: ENOSYS)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_whoami 1000

int main(void) {
  char buf[64];
  long n = syscall(NR_whoami, buf, sizeof buf);
  if (n < 0) {
    printf("whoami: %s\n", strerror(errno));
    return 1;
  }
  printf("whoami: %s (%ld bytes)\n", buf, n);
  /* The handler reaches guest memory only through checked copies: a wild
   * pointer is EFAULT, never a crash of emu. */
  n = syscall(NR_whoami, (char *)16, sizeof buf);
  printf("whoami(bad pointer): %s\n", n < 0 ? strerror(errno) : "succeeded?");
  n = syscall(NR_whoami, buf, 1);
  printf("whoami(1-byte buffer): %s\n", n < 0 ? strerror(errno) : "succeeded?");
  return 0;
}
