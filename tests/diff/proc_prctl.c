/* proc_prctl.c — prctl (name, pdeathsig, dumpable, no_new_privs, keepcaps,
 * timer slack, subreaper, tid address, unknown options) and the /proc views
 * of the process: /proc/self/{stat,status,comm} and /proc/self/task name the
 * guest program and its threads. */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show_file(const char *path, const char *keys[]) {
  FILE *f = fopen(path, "r");
  if (!f) {
    printf("%s: cannot open\n", path);
    return;
  }
  char line[512];
  while (fgets(line, sizeof line, f))
    for (int i = 0; keys[i]; i++)
      if (!strncmp(line, keys[i], strlen(keys[i]))) printf("%s: %s", path, line);
  fclose(f);
}

static void show_stat(void) {
  FILE *f = fopen("/proc/self/stat", "r");
  char buf[1024] = {0};
  fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  int pid, ppid;
  char comm[64], state;
  sscanf(buf, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid);
  printf("stat: pid ok %d comm %s state %c ppid ok %d\n", pid == getpid(), comm, state, ppid == getppid());
}

static void *thr(void *arg) {
  prctl(PR_SET_NAME, "worker-thread");
  char n[16];
  prctl(PR_GET_NAME, n);
  printf("thread name %s\n", n);
  return arg;
}

int main(void) {
  char name[32] = {0};
  printf("get name %d: %s\n", prctl(PR_GET_NAME, name), name);
  printf("set name %d\n", prctl(PR_SET_NAME, "a-very-long-name-indeed"));
  memset(name, 'x', sizeof name);
  prctl(PR_GET_NAME, name);
  printf("name now %s (byte 16 untouched: %c)\n", name, name[16]);
  const char *keys[] = {"Name:", "State:", "Threads:", NULL};
  show_file("/proc/self/status", keys);
  show_stat();
  FILE *f = fopen("/proc/self/comm", "r");
  char comm[64] = {0};
  fgets(comm, sizeof comm, f);
  fclose(f);
  printf("comm %s", comm);

  int sig = -1;
  printf("pdeathsig set %d\n", prctl(PR_SET_PDEATHSIG, SIGUSR1));
  printf("pdeathsig get %d -> %d\n", prctl(PR_GET_PDEATHSIG, &sig), sig);
  errno = 0;
  int r = prctl(PR_SET_PDEATHSIG, 99);
  printf("pdeathsig bad %d errno %d\n", r, errno);
  printf("dumpable %d\n", prctl(PR_GET_DUMPABLE));
  printf("set dumpable 0: %d, now %d\n", prctl(PR_SET_DUMPABLE, 0), prctl(PR_GET_DUMPABLE));
  prctl(PR_SET_DUMPABLE, 1);
  r = prctl(PR_SET_DUMPABLE, 5);
  printf("dumpable bad %d errno %d\n", r, errno);
  printf("no_new_privs %d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  printf(" set %d now %d\n", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  r = prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0);
  printf("no_new_privs bad args %d errno %d\n", r, errno);
  printf("keepcaps %d\n", prctl(PR_GET_KEEPCAPS));
  printf("timerslack set %d get %d\n", prctl(PR_SET_TIMERSLACK, 12345), prctl(PR_GET_TIMERSLACK));
  int sub = -1;
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  prctl(PR_GET_CHILD_SUBREAPER, &sub);
  printf("subreaper %d\n", sub);
  int *tidaddr = (int *)1;
  printf("tid address %d nonnull %d\n", prctl(PR_GET_TID_ADDRESS, &tidaddr), tidaddr != NULL);
  r = prctl(0x7fff1234, 0, 0, 0, 0);
  printf("unknown option %d errno %d\n", r, errno);
  r = prctl(PR_SET_NAME, (char *)16);
  printf("set name bad pointer %d errno %d\n", r, errno);
  r = prctl(PR_GET_PDEATHSIG, (int *)16);
  printf("get pdeathsig bad pointer %d errno %d\n", r, errno);

  pthread_t t;
  pthread_create(&t, NULL, thr, NULL);
  pthread_join(t, NULL);
  /* /proc/self/task lists the threads: one, once the joined thread is gone
   * (the kernel wakes the joiner a moment before the thread leaves the list) */
  int n = 0, self_found = 0;
  for (int tries = 0; tries < 100; tries++) {
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    n = self_found = 0;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.') continue;
      n++;
      if (atoi(e->d_name) == (int)syscall(SYS_gettid)) self_found = 1;
    }
    closedir(d);
    if (n == 1) break;
    usleep(10000);
  }
  printf("tasks %d, main listed %d\n", n, self_found);
  return 0;
}
