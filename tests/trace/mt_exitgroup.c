/* mt_exitgroup.c — exit_group while two other threads are blocked in a
 * call (run_strace.sh --tasks): strace ends each one's call "= ?" and
 * prints its "+++ exited with 5 +++", then the caller's.  Each thread says
 * it is about to block through a pipe; the main thread then gives it time
 * to enter pause(). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int ready[2];

static void *worker(void *arg) {
  (void)arg;
  write(ready[1], "r", 1);
  pause();
  return NULL;
}

int main(void) {
  pthread_t a, b;
  char c[2];
  if (pipe(ready)) return 1;
  pthread_create(&a, NULL, worker, NULL);
  read(ready[0], c, 1);
  pthread_create(&b, NULL, worker, NULL);
  read(ready[0], c + 1, 1);
  struct timespec ts = {1, 0}; /* also under the oracle VM's software CPU */
  nanosleep(&ts, NULL);
  exit(5);
}
