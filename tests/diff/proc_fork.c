/* proc_fork.c — fork, pipes, wait4/waitpid/waitid: exit codes, deaths by
 * signal (WIFSIGNALED, no core), WNOHANG, ECHILD, vfork + _exit, the child's
 * copy of memory, getppid. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int global = 1;

static void show(const char *what, int st) {
  if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) printf("%s: signal %d core %d\n", what, WTERMSIG(st), WCOREDUMP(st) ? 1 : 0);
  else printf("%s: other %#x\n", what, st);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  /* exit codes */
  for (int code = 0; code < 300; code += 37) {
    pid_t p = fork();
    if (p == 0) _exit(code);
    int st;
    pid_t w = waitpid(p, &st, 0);
    printf("code %d: same pid %d ", code, w == p);
    show("status", st);
  }
  /* the child's memory is a copy */
  pid_t p = fork();
  if (p == 0) {
    global = 42;
    _exit(global);
  }
  int st;
  waitpid(p, &st, 0);
  printf("child wrote %d, parent sees %d\n", WEXITSTATUS(st), global);
  /* shared anonymous memory stays shared */
  int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  *sh = 5;
  if ((p = fork()) == 0) {
    *sh = 77;
    _exit(0);
  }
  waitpid(p, &st, 0);
  printf("shared after child: %d\n", *sh);
  /* a pipe between parent and child */
  int fds[2];
  pipe(fds);
  if ((p = fork()) == 0) {
    close(fds[0]);
    char msg[64];
    int n = snprintf(msg, sizeof msg, "hello from child, ppid ok %d", getppid() == (pid_t)syscall(SYS_getppid));
    write(fds[1], msg, n);
    _exit(3);
  }
  close(fds[1]);
  char buf[128] = {0};
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  printf("read %zd: %s\n", n, buf);
  printf("eof: %zd\n", read(fds[0], buf, 1));
  close(fds[0]);
  waitpid(p, &st, 0);
  show("pipe child", st);
  /* deaths by signal */
  int sigs[] = {SIGSEGV, SIGABRT, SIGKILL, SIGTERM, SIGFPE, SIGILL, SIGUSR1};
  for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    if ((p = fork()) == 0) {
      if (sigs[i] == SIGSEGV) {
        volatile int *volatile bad = (int *)16;
        *bad = 1;
      }
      if (sigs[i] == SIGABRT) abort();
      raise(sigs[i]);
      _exit(99);
    }
    waitpid(p, &st, 0);
    char what[32];
    snprintf(what, sizeof what, "sig %d", sigs[i]);
    /* WCOREDUMP depends on the core limit and core_pattern: not compared */
    printf("%s: signaled %d sig %d\n", what, WIFSIGNALED(st), WTERMSIG(st));
  }
  /* killed by the parent */
  if ((p = fork()) == 0) {
    for (;;) pause();
  }
  kill(p, SIGTERM);
  waitpid(p, &st, 0);
  show("killed", st);
  /* WNOHANG with a running child, then wait4 with rusage */
  pipe(fds);
  if ((p = fork()) == 0) {
    close(fds[1]);
    read(fds[0], buf, 1);
    _exit(7);
  }
  close(fds[0]);
  printf("wnohang: %d\n", waitpid(p, &st, WNOHANG));
  write(fds[1], "x", 1);
  close(fds[1]);
  struct rusage ru;
  printf("wait4 same: %d\n", wait4(p, &st, 0, &ru) == p);
  show("wait4", st);
  /* waitid */
  if ((p = fork()) == 0) _exit(9);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int r = waitid(P_PID, p, &si, WEXITED);
  printf("waitid %d signo %d code %d status %d pid ok %d\n", r, si.si_signo, si.si_code, si.si_status, si.si_pid == p);
  if ((p = fork()) == 0) {
    raise(SIGTERM);
    _exit(0);
  }
  memset(&si, 0, sizeof si);
  r = waitid(P_ALL, 0, &si, WEXITED);
  printf("waitid %d signo %d code %d status %d\n", r, si.si_signo, si.si_code, si.si_status);
  /* no children */
  r = wait(&st);
  printf("wait none: %d errno %d\n", r, errno);
  r = waitpid(-1, &st, 0x12345678);
  printf("waitpid bad options: %d errno %d\n", r, errno);
  r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
  printf("waitid none: %d errno %d\n", r, errno);
  /* vfork: the parent waits until the child exits; memory is shared */
  volatile int vv = 1;
  if ((p = vfork()) == 0) {
    vv = 2;
    _exit(11);
  }
  waitpid(p, &st, 0);
  printf("vfork: shared write %d ", vv);
  show("status", st);
  /* several children, reaped in any order */
  int sum = 0;
  for (int i = 1; i <= 5; i++)
    if (fork() == 0) _exit(i * 10);
  for (int i = 0; i < 5; i++) {
    wait(&st);
    sum += WEXITSTATUS(st);
  }
  printf("sum of statuses %d\n", sum);
  /* nested: a child that forks a grandchild that dies of a signal */
  if ((p = fork()) == 0) {
    pid_t g = fork();
    if (g == 0) raise(SIGUSR2);
    int s2;
    waitpid(g, &s2, 0);
    _exit(WIFSIGNALED(s2) ? WTERMSIG(s2) : 0);
  }
  waitpid(p, &st, 0);
  show("grandchild's signal via child", st);
  return 0;
}
