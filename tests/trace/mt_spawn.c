/* mt_spawn.c — a vfork-style child for the multi-task strace test
 * (run_strace.sh --tasks): posix_spawn's clone3(CLONE_VM|CLONE_VFORK)
 * (clone on older libcs), whose child runs on the parent's memory until its
 * execve, then the new program's calls and exit, and the parent's wait. */
#define _GNU_SOURCE
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    /* Long enough for the parent to be waiting in wait4 (its SIGCHLD then
     * comes after wait4 in both runs). */
    struct timespec ts = {0, 200000000};
    nanosleep(&ts, NULL);
    close(-1);
    return 2;
  }
  pid_t pid;
  char *av[] = {argv[0], "child", NULL};
  if (posix_spawn(&pid, argv[0], NULL, NULL, av, environ)) return 1;
  int st = 0;
  waitpid(pid, &st, 0);
  return WEXITSTATUS(st) == 2 ? 0 : 1;
}
