/* proc_setxid_sigwait.c — setgid in a threaded program, again and again,
 * while another thread waits in sigwaitinfo (the helper thread glibc and
 * musl start for SIGEV_THREAD timers).  The C library's setxid sends
 * SIGSETXID to every thread and waits until each has run its handler; the
 * helper takes it on the way back into its wait, so a signal that comes
 * between emu's look into its queue and the host's rt_sigtimedwait must
 * still end that wait (safe_syscall), or setgid never returns. */
// diff-cflags: -pthread
// diff-timeout: 120
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void fire(union sigval v) { (void)v; }

int main(void) {
  struct sigevent ev = {0};
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_notify_function = fire;
  timer_t id;
  if (timer_create(CLOCK_MONOTONIC, &ev, &id)) {
    printf("timer_create failed\n");
    return 1;
  }
  /* Run the helper once, then leave it waiting. */
  struct itimerspec its = {{0, 0}, {0, 1000000}};
  timer_settime(id, 0, &its, NULL);
  usleep(20000);
  timer_delete(id);
  int ok = 0;
  for (int i = 0; i < 30000; i++) ok += setgid(getgid()) == 0;
  printf("%d of 30000 setgid calls returned 0\n", ok);
  return 0;
}
