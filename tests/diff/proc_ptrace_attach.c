/* proc_ptrace_attach.c — PTRACE_ATTACH (kernel/ptrace.c ptrace_attach): a
 * parent attaches to its child, which is blocked in read() on an empty
 * pipe.  The child's first stop is the SIGSTOP that the attach sends
 * (si_code SI_KERNEL); resumed with PTRACE_SYSCALL, its read is restarted
 * (a syscall-entry stop for read again), returns the byte the parent then
 * writes (the exit stop), and after PTRACE_DETACH it runs on and exits
 * with that byte.  Then the errors: oneself (EPERM), a tracee attached
 * twice (EPERM), pid 0 and a pid that does not exist (ESRCH).
 */
// diff-timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __x86_64__
#define OFF_ORIG (8 * 15) /* orig_rax */
#define OFF_AX   (8 * 10)
#else
#define OFF_ORIG (4 * 11) /* orig_eax */
#define OFF_AX   (4 * 6)
#endif

static const char *ename(int e) {
  switch (e) {
  case 0: return "0";
  case EPERM: return "EPERM";
  case ESRCH: return "ESRCH";
  case EIO: return "EIO";
  }
  return strerror(e);
}

static void try(const char *what, long r) {
  printf("%-36s %ld %s\n", what, r, r < 0 ? ename(errno) : "");
}

static void die(const char *what) {
  printf("FAILED: %s (%s)\n", what, strerror(errno));
  exit(1);
}

static const char *name(long nr) {
  return nr == SYS_read ? "read" : nr == SYS_restart_syscall ? "restart_syscall" : "other";
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int p[2];
  if (pipe(p)) die("pipe");
  pid_t c = fork();
  if (c < 0) die("fork");
  if (c == 0) {
    close(p[1]);
    char ch = 0;
    ssize_t n = read(p[0], &ch, 1);
    _exit(n == 1 ? ch : 99);
  }
  close(p[0]);
  /* Let it block in read (attaching earlier works too, and reads the same). */
  struct timespec ts = {0, 100 * 1000 * 1000};
  nanosleep(&ts, NULL);

  errno = 0;
  try("PTRACE_ATTACH child", ptrace(PTRACE_ATTACH, c, 0, 0));
  int st;
  if (waitpid(c, &st, 0) != c) die("waitpid");
  printf("child stopped: %d, signal %s\n", WIFSTOPPED(st), strsignal(WSTOPSIG(st)));
  siginfo_t si;
  if (ptrace(PTRACE_GETSIGINFO, c, 0, &si)) die("GETSIGINFO");
  printf("siginfo: %s code %#x pid %d\n", strsignal(si.si_signo), si.si_code, (int)si.si_pid);

  errno = 0;
  try("PTRACE_ATTACH it again", ptrace(PTRACE_ATTACH, c, 0, 0));
  errno = 0;
  try("PTRACE_ATTACH oneself", ptrace(PTRACE_ATTACH, getpid(), 0, 0));
  errno = 0;
  try("PTRACE_ATTACH pid 0", ptrace(PTRACE_ATTACH, 0, 0, 0));
  errno = 0;
  try("PTRACE_ATTACH no such pid", ptrace(PTRACE_ATTACH, 0x3ffffff0, 0, 0));

  /* The read is restarted: its entry stop, then its exit with our byte. */
  if (ptrace(PTRACE_SYSCALL, c, 0, 0)) die("SYSCALL");
  if (waitpid(c, &st, 0) != c) die("waitpid entry");
  long nr = ptrace(PTRACE_PEEKUSER, c, OFF_ORIG, 0);
  printf("entry stop: %d, %s\n", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, name(nr));
  if (write(p[1], "A", 1) != 1) die("write");
  if (ptrace(PTRACE_SYSCALL, c, 0, 0)) die("SYSCALL 2");
  if (waitpid(c, &st, 0) != c) die("waitpid exit");
  nr = ptrace(PTRACE_PEEKUSER, c, OFF_ORIG, 0);
  long ax = ptrace(PTRACE_PEEKUSER, c, OFF_AX, 0);
  printf("exit stop: %d, %s = %ld\n", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, name(nr), ax);

  if (ptrace(PTRACE_DETACH, c, 0, 0)) die("DETACH");
  if (waitpid(c, &st, 0) != c) die("waitpid end");
  printf("child exited: %d, status %d\n", WIFEXITED(st), WEXITSTATUS(st));
  return 0;
}
