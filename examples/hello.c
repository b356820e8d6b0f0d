/* hello.c — the bundled example: `emu build/examples/hello emu`.
 *
 * Prints its arguments and a few facts it got from the kernel (through emu's system
 * calls and the initial stack emu built), in a form that is the same natively and under
 * emu, so it doubles as a differential test (diff.example.hello).
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv) {
  printf("hello from emu: argc=%d", argc);
  for (int i = 1; i < argc; i++) printf(" argv[%d]=%s", i, argv[i]);
  printf(" pid>0 %s\n", getpid() > 0 ? "yes" : "no");

  struct utsname u;
  int un = uname(&u);
  printf("uname: %s %s\n", un == 0 ? u.sysname : "?", un == 0 ? u.machine : "?");
  printf("page size: %ld\n", sysconf(_SC_PAGESIZE));
  printf("AT_RANDOM present: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN is argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
  char cwd[4096];
  printf("getcwd works: %s\n", getcwd(cwd, sizeof cwd) ? "yes" : "no");
  return 0;
}
