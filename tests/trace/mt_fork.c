/* mt_fork.c — a child process for the multi-task strace test
 * (run_strace.sh --tasks): fork, the child's execve of this program, its calls
 * while the parent waits in wait4, its exit, and the SIGCHLD that the
 * parent leaves at its default action (ignore), which strace still shows. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    /* Long enough for the parent to be waiting in wait4. */
    struct timespec ts = {0, 200000000};
    nanosleep(&ts, NULL);
    int fd = open("/dev/null", O_WRONLY);
    write(fd, "child\n", 6);
    close(fd);
    return 3;
  }
  pid_t pid = fork();
  if (pid == 0) {
    char *av[] = {argv[0], "child", NULL};
    execve(argv[0], av, envp);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  close(-1);
  return WEXITSTATUS(st) == 3 ? 0 : 1;
}
