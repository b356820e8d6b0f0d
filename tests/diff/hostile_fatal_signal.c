/* A child that dies of a signal is seen dying of it by its parent's wait:
 * abort(), a fault, SIGKILL and SIGTERM sent to itself, SIGTERM from its
 * parent, a fault and SIGKILL in a thread other than the main one (the
 * whole group dies), and an exec'd program's death.  RLIMIT_CORE is 0 in
 * the children, so no core is written and the core flag is clear. */
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile uintptr_t bad = 16; /* an address nothing maps */

static void *thread_fault(void *a) {
  (void)a;
  *(volatile int *)bad = 1;
  return NULL;
}

static void *thread_kill(void *a) {
  (void)a;
  kill(getpid(), SIGKILL);
  return NULL;
}

static void run(const char *what, int mode) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
    pthread_t th;
    switch (mode) {
    case 0: abort();
    case 1: *(volatile int *)bad = 1; break;
    case 2: kill(getpid(), SIGKILL); break;
    case 3: kill(getpid(), SIGTERM); break;
    case 4: pause(); break;
    case 5: pthread_create(&th, NULL, thread_fault, NULL); pthread_join(th, NULL); break;
    case 6: pthread_create(&th, NULL, thread_kill, NULL); pthread_join(th, NULL); break;
    case 7: syscall(SYS_tgkill, getpid(), getpid(), SIGKILL); break;
    case 8: execl("/proc/self/exe", "child-abort", (char *)NULL); break;
    }
    _exit(99);
  }
  if (mode == 4) {
    usleep(100000);
    kill(pid, SIGTERM);
  }
  int st;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st))
    printf("%s: killed by %s%s\n", what, strsignal(WTERMSIG(st)), WCOREDUMP(st) ? " (core)" : "");
  else
    printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(int argc, char **argv) {
  if (argc > 0 && !strcmp(argv[0], "child-abort")) abort();
  run("abort", 0);
  run("fault", 1);
  run("SIGKILL to itself", 2);
  run("SIGTERM to itself", 3);
  run("SIGTERM from the parent", 4);
  run("fault in a thread", 5);
  run("SIGKILL from a thread", 6);
  run("tgkill SIGKILL", 7);
  run("exec'd program aborts", 8);
  return 0;
}
