/* time_clock.c — clocks and sleeps: clock_gettime monotonic and increasing, realtime
 * consistent with time() and gettimeofday(), clock_getres, nanosleep and
 * clock_nanosleep (relative and TIMER_ABSTIME) duration bounds, invalid arguments,
 * times().  Raw system calls where libc would use the vDSO.  Prints booleans only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static int failures;
static void check(const char *what, int cond) {
  printf("%-48s %s\n", what, cond ? "yes" : "NO");
  failures += !cond;
}
static long err(long r) { return r < 0 ? errno : 0; }
static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void) {
  struct timespec a, b, r;
  /* monotonic never goes back */
  int mono = 1;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
  for (int i = 0; i < 2000; i++) {
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
    if (ns(&b) < ns(&a)) mono = 0;
    a = b;
  }
  check("CLOCK_MONOTONIC never decreases", mono);
  check("tv_nsec in range", b.tv_nsec >= 0 && b.tv_nsec < 1000000000);
  static const int clocks[] = {CLOCK_REALTIME,           CLOCK_MONOTONIC,
                               CLOCK_MONOTONIC_RAW,      CLOCK_BOOTTIME,
                               CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                               CLOCK_REALTIME_COARSE,    CLOCK_MONOTONIC_COARSE};
  for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
    char what[64];
    snprintf(what, sizeof what, "clock %d readable", clocks[i]);
    check(what, syscall(SYS_clock_gettime, clocks[i], &a) == 0);
  }
  check("clock 99 EINVAL", err(syscall(SYS_clock_gettime, 99, &a)) == EINVAL);
  check("clock_getres MONOTONIC <= 1ms", syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r) == 0 &&
                                             r.tv_sec == 0 && r.tv_nsec <= 1000000);
  check("clock_getres NULL ok", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL) == 0);
  check("clock_getres bad clock EINVAL", err(syscall(SYS_clock_getres, 99, &r)) == EINVAL);

  /* realtime, time(), gettimeofday() agree */
  struct timeval tv;
  struct timezone tz = {-1, -1};
  syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
  long t1 = syscall(SYS_time, NULL);
  long t2 = 0;
  long t3 = syscall(SYS_time, &t2);
  check("gettimeofday ok with tz", syscall(SYS_gettimeofday, &tv, &tz) == 0);
  check("tz filled", tz.tz_minuteswest != -1 && tz.tz_dsttime != -1);
  check("gettimeofday tz NULL ok", syscall(SYS_gettimeofday, &tv, NULL) == 0);
  check("time(&t) stores its result", t2 == t3);
  /* time() reads the timekeeper's seconds as of the last tick
   * (ktime_get_real_seconds), CLOCK_REALTIME the clocksource now: just
   * after a second begins, time() may still name the one before. */
  check("time() close to CLOCK_REALTIME", t1 - a.tv_sec >= -1 && t1 - a.tv_sec <= 2);
  check("gettimeofday close to time()", tv.tv_sec - t1 >= 0 && tv.tv_sec - t1 <= 2);
  check("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  check("time is after 2020", t1 > 1577836800);

  /* nanosleep duration: at least what was asked, and not absurdly more */
  struct timespec req = {0, 30000000}, rem = {7, 7};
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
  long rc = syscall(SYS_nanosleep, &req, &rem);
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
  check("nanosleep 30ms ok", rc == 0);
  check("slept >= 30ms", ns(&b) - ns(&a) >= 30000000);
  check("slept < 2s", ns(&b) - ns(&a) < 2000000000LL);
  check("rem untouched when not interrupted", rem.tv_sec == 7 && rem.tv_nsec == 7);
  req = (struct timespec){0, 1000000000};
  check("nanosleep nsec=1e9 EINVAL", err(syscall(SYS_nanosleep, &req, NULL)) == EINVAL);
  req = (struct timespec){-1, 0};
  check("nanosleep sec<0 EINVAL", err(syscall(SYS_nanosleep, &req, NULL)) == EINVAL);

  /* clock_nanosleep relative and absolute */
  req = (struct timespec){0, 20000000};
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
  rc = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL);
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
  check("clock_nanosleep relative ok", rc == 0 && ns(&b) - ns(&a) >= 20000000);
  struct timespec until = a;
  until.tv_nsec += 50000000;
  if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
  rc = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
  check("clock_nanosleep TIMER_ABSTIME reaches the time", rc == 0 && ns(&b) >= ns(&until));
  rc = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL);
  check("TIMER_ABSTIME in the past returns at once", rc == 0);
  check("clock_nanosleep REALTIME ok",
        syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &(struct timespec){0, 1000}, NULL) == 0);
  check("clock_nanosleep bad clock EINVAL",
        err(syscall(SYS_clock_nanosleep, 99, 0, &req, NULL)) == EINVAL);
  req = (struct timespec){0, -5};
  check("clock_nanosleep bad nsec EINVAL",
        err(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL)) == EINVAL);

  /* times(): ticks since boot, user+system time of this process */
  struct tms tm = {-1, -1, -1, -1};
  long ticks = syscall(SYS_times, &tm);
  check("times returns > 0", ticks > 0);
  check("times fills the struct",
        tm.tms_utime >= 0 && tm.tms_stime >= 0 && tm.tms_cutime == 0 && tm.tms_cstime == 0);
  check("times(NULL) ok", syscall(SYS_times, NULL) > 0);
  return failures != 0;
}
