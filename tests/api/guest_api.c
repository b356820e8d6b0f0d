/* guest_api.c — the guest side of tests/api: calls the system calls
 * api_test.c registers through emu_register_syscall (and a few nobody
 * registers) and prints each result as "what ret errno [data]", one line per
 * call, for the test to compare with the values it computes itself.  Built
 * static for x86-64 (guest_api) and i386 (guest_api_32).  Natively every
 * custom number fails with ENOSYS. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(const char *what, long r, const char *data) {
  printf("%s %ld %d%s%s\n", what, r, r < 0 ? errno : 0, data ? " " : "", data ? data : "");
}

int main(void) {
  char buf[64] = "";
  long r = syscall(1000, buf, sizeof buf); /* whoami(buf, len) */
  show("whoami", r, r >= 0 ? buf : NULL);
  show("whoami_bad", syscall(1000, (char *)16, sizeof buf), NULL);
  show("whoami_short", syscall(1000, buf, 1), NULL);
  show("echo", syscall(1001, "hello, emu"), NULL); /* strlen through emu_read_guest_string */
  show("echo_bad", syscall(1001, (char *)16), NULL);
  char longstr[200];
  memset(longstr, 'a', sizeof longstr - 1);
  longstr[sizeof longstr - 1] = 0;
  show("echo_long", syscall(1001, longstr), NULL);
  show("read_bad", syscall(1002, (char *)16, 8), NULL); /* emu_read_guest on a bad pointer */
  show("read_edge", syscall(1002, buf + sizeof buf - 4, 4), NULL);
  show("replaced", syscall(1003), NULL);
  show("getpid", syscall(SYS_getpid), NULL);
  show("removed", syscall(1004), NULL);
  show("unknown", syscall(1005), NULL);
  show("top", syscall(4095), NULL);
  show("args", syscall(1006, 1, 2, 3, 4, 5, 6), NULL);
  return 0;
}
