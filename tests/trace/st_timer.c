/* st_timer.c — timers and event descriptors for the strace golden test:
 * timer_create/settime/gettime/getoverrun/delete, setitimer/getitimer,
 * timerfd_create/settime/gettime, eventfd2, epoll_create1/ctl/wait/pwait.
 * Only values that do not depend on timing are printed: the timers are read
 * when disarmed, and a fired POSIX timer is taken with sigtimedwait. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  /* A POSIX timer that signals SIGRTMIN+1, fired once and waited for. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGRTMIN + 1;
  sev.sigev_value.sival_int = 77;
  int tid = -1;
  syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
  struct itimerspec its = {{0, 0}, {0, 1000}}, old;
  syscall(SYS_timer_settime, tid, 0, &its, NULL);
  siginfo_t si;
  sigwaitinfo(&set, &si);
  syscall(SYS_timer_getoverrun, tid);
  syscall(SYS_timer_gettime, tid, &old);
  its.it_value.tv_nsec = 0;
  syscall(SYS_timer_settime, tid, TIMER_ABSTIME, &its, &old);
  syscall(SYS_timer_delete, tid);
  syscall(SYS_timer_delete, tid); /* EINVAL */
  /* A timer with no notification and one on CLOCK_REALTIME by default. */
  sev.sigev_notify = SIGEV_NONE;
  syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &tid);
  syscall(SYS_timer_delete, tid);
  syscall(SYS_timer_create, CLOCK_BOOTTIME, NULL, &tid);
  syscall(SYS_timer_delete, tid);

  /* Interval timers, disarmed. */
  struct itimerval itv = {{0, 0}, {0, 0}}, oitv;
  setitimer(ITIMER_REAL, &itv, &oitv);
  getitimer(ITIMER_VIRTUAL, &oitv);
  setitimer(ITIMER_PROF, &itv, NULL);
  syscall(SYS_getitimer, 7, &oitv); /* EINVAL */

  /* timerfd */
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  its.it_interval.tv_sec = 0;
  its.it_interval.tv_nsec = 0;
  its.it_value.tv_sec = 0;
  its.it_value.tv_nsec = 0;
  timerfd_settime(tfd, 0, &its, &old);
  timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
  timerfd_gettime(tfd, &old);
  timerfd_create(CLOCK_REALTIME, 0);

  /* eventfd and epoll */
  int efd = eventfd(5, EFD_CLOEXEC | EFD_NONBLOCK);
  int efd2 = eventfd(0, 0);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x100000005ull};
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  ev.events = EPOLLOUT;
  ev.data.fd = efd2;
  epoll_ctl(ep, EPOLL_CTL_ADD, efd2, &ev);
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
  epoll_ctl(ep, EPOLL_CTL_MOD, efd2, &ev);
  epoll_ctl(ep, EPOLL_CTL_DEL, efd2, NULL);
  epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev); /* EBADF */
  struct epoll_event out[4];
  memset(out, 0, sizeof out);
  epoll_wait(ep, out, 4, 0);
  epoll_pwait(ep, out, 4, 0, &set);
  uint64_t cnt;
  read(efd, &cnt, sizeof cnt);
  epoll_wait(ep, out, 4, 0);
  epoll_create(5);
  printf("%llu\n", (unsigned long long)cnt);
  return 0;
}
