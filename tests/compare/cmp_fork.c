/* cmp_fork.c — built as i386 and x86-64 for `emu --compare`: a parent that
 * forks two children one after the other (each writes, opens a missing file,
 * signals its parent with 0, and exits with its own status) and waits for
 * each; then a thread that writes.  The pids differ between the two runs; nothing else should. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *s) { write(1, s, strlen(s)); }

static void *thread_main(void *arg) {
  (void)arg;
  say("thread writes\n");
  return NULL;
}

int main(void) {
  say("parent starts\n");
  for (int k = 0; k < 2; k++) {
    pid_t pid = fork();
    if (pid == 0) {
      say(k ? "second child\n" : "first child\n");
      if (open("/nonexistent/child", O_RDONLY) < 0) say("child ENOENT\n");
      if (kill(getppid(), 0) == 0) say("parent there\n");
      _exit(10 + k);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    say(WEXITSTATUS(st) == 10 + k ? "reaped ok\n" : "reaped WRONG\n");
  }
  pthread_t th;
  pthread_create(&th, NULL, thread_main, NULL);
  pthread_join(th, NULL);
  say("parent ends\n");
  return 3;
}
