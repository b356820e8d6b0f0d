/* mt_threads.c — a second thread for the multi-task strace test
 * (run_strace.sh --tasks): clone3 from pthread_create, the thread's own calls
 * while the main thread waits in pthread_join's futex, the thread's exit.
 * Every line then carries "[pid N] " until the thread is gone. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg) {
  (void)arg;
  /* Long enough for the main thread to be waiting in pthread_join. */
  struct timespec ts = {0, 200000000};
  nanosleep(&ts, NULL);
  int fd = open("/dev/null", O_WRONLY);
  write(fd, "thread\n", 7);
  close(fd);
  return NULL;
}

int main(void) {
  pthread_t th;
  if (pthread_create(&th, NULL, worker, NULL)) return 1;
  pthread_join(th, NULL);
  close(-1);
  return 0;
}
