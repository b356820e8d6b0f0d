/* misc_auxv.c — what the initial stack hands a program: argc/argv (with the arguments
 * the runner passes), envp (the runner's fixed environment), and the auxiliary vector
 * (booleans and architectural constants only: addresses and random bytes differ run to
 * run).
 * diff-args: one "two words" --three=3 ünïcode
 * diff-pie
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; i++)
    printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
  printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");
  printf("environ is envp: %s\n", environ == envp ? "yes" : "no");
  int n = 0;
  for (char **e = envp; *e; e++) n++;
  printf("environment has %d entries\n", n);
  const char *vars[] = {"PATH", "HOME", "LANG", "TZ", "EMU_DIFF", "NOT_SET_ANYWHERE"};
  for (unsigned i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    printf("getenv(%s) %s\n", vars[i], v ? (strcmp(vars[i], "HOME") ? v : "set") : "(null)");
  }
  printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
  printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
  printf("AT_PHENT %lu\n", getauxval(AT_PHENT));
  printf("AT_PHNUM > 0: %s\n", getauxval(AT_PHNUM) > 0 ? "yes" : "no");
  printf("AT_PHDR nonzero: %s\n", getauxval(AT_PHDR) ? "yes" : "no");
  printf("AT_ENTRY nonzero: %s\n", getauxval(AT_ENTRY) ? "yes" : "no");
  printf("AT_UID = getuid: %s\n", getauxval(AT_UID) == getuid() ? "yes" : "no");
  printf("AT_EUID = geteuid: %s\n", getauxval(AT_EUID) == geteuid() ? "yes" : "no");
  printf("AT_GID = getgid: %s\n", getauxval(AT_GID) == getgid() ? "yes" : "no");
  printf("AT_EGID = getegid: %s\n", getauxval(AT_EGID) == getegid() ? "yes" : "no");
  printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
  const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
  int nonzero = 0;
  if (rnd)
    for (int i = 0; i < 16; i++) nonzero |= rnd[i];
  printf("AT_RANDOM present and nonzero: %s\n", rnd && nonzero ? "yes" : "no");
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN equals argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
  const char *plat = (const char *)getauxval(AT_PLATFORM);
  printf("AT_PLATFORM %s\n", plat ? plat : "(none)");
  printf("AT_HWCAP nonzero: %s\n", getauxval(AT_HWCAP) ? "yes" : "no");
  long sp_aligned;
  __asm__ volatile("" ::: "memory");
  sp_aligned = ((unsigned long)__builtin_frame_address(0) & 15) == 0;
  printf("frame 16-byte aligned: %s\n", sp_aligned ? "yes" : "no");
  printf("sysconf(_SC_PAGESIZE) %ld\n", sysconf(_SC_PAGESIZE));
  return 0;
}
