/* The vDSO's time functions (issue 13, item 8): clock_gettime, gettimeofday,
 * time and clock_getres through libc (which calls the vDSO) agree
 * with the same system calls made directly, for every clock Linux's vDSO
 * serves; the vDSO stores into the caller's buffer itself, so a bad pointer
 * is a SIGSEGV at that address (not EFAULT), except for a clock the vDSO
 * does not serve, which takes the system-call fallback (EFAULT, EINVAL).
 * Mirrors lib/vdso/gettimeofday.c.  Only relations are printed, never
 * times. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifdef SYS_clock_gettime64
#define SYS_CGT SYS_clock_gettime64 /* i386: the 64-bit timespec, as libc's */
#define SYS_CGR SYS_clock_getres_time64
#else
#define SYS_CGT SYS_clock_gettime
#define SYS_CGR SYS_clock_getres
#endif

static sigjmp_buf jb;
static volatile void *fault_addr;
static void on_segv(int s, siginfo_t *si, void *uc) {
  fault_addr = si->si_addr;
  siglongjmp(jb, 1);
}

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

/* raw: a struct __kernel_timespec (64-bit fields on both ABIs here) */
struct kts {
  long long sec, nsec;
};
static long long kns(const struct kts *t) { return t->sec * 1000000000LL + t->nsec; }

int main(void) {
  static const struct {
    clockid_t id;
    const char *name;
    int coarse;
  } clocks[] = {
      {CLOCK_REALTIME, "REALTIME", 0},          {CLOCK_MONOTONIC, "MONOTONIC", 0},
      {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", 0}, {CLOCK_REALTIME_COARSE, "REALTIME_COARSE", 1},
      {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", 1}, {CLOCK_BOOTTIME, "BOOTTIME", 0},
      {CLOCK_TAI, "TAI", 0},
  };
  for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
    struct timespec a, c, r;
    struct kts b, rr;
    int e1 = clock_gettime(clocks[i].id, &a);
    long e2 = syscall(SYS_CGT, clocks[i].id, &b);
    int e3 = clock_gettime(clocks[i].id, &c);
    /* A coarse clock may lag the raw call's by a tick; never run backwards. */
    int ordered = clocks[i].coarse ? ns(&a) <= ns(&c) : ns(&a) <= kns(&b) && kns(&b) <= ns(&c);
    int e4 = clock_getres(clocks[i].id, &r);
    long e5 = syscall(SYS_CGR, clocks[i].id, &rr);
    printf("%-16s gettime %d %ld %d ordered %d, getres %d %ld equal %d\n", clocks[i].name, e1, e2, e3,
           ordered, e4, e5, r.tv_sec == rr.sec && r.tv_nsec == rr.nsec);
  }
  struct timeval tv;
  struct timezone tz, rtz;
  struct timespec rt;
  clock_gettime(CLOCK_REALTIME, &rt);
  int g = gettimeofday(&tv, &tz);
  syscall(SYS_gettimeofday, NULL, &rtz);
  printf("gettimeofday %d after realtime %d tz equal %d\n", g,
         tv.tv_sec * 1000000LL + tv.tv_usec >= rt.tv_sec * 1000000LL + rt.tv_nsec / 1000,
         tz.tz_minuteswest == rtz.tz_minuteswest && tz.tz_dsttime == rtz.tz_dsttime);
  time_t t0 = time(NULL), t1;
  time_t t2 = time(&t1);
  struct timespec rc;
  clock_gettime(CLOCK_REALTIME, &rc);
  printf("time %d stored %d\n", t0 <= t2 && t2 <= rc.tv_sec, t1 == t2);
  /* getcpu: a CPU the raw call could name (glibc may answer from its rseq
   * area instead of the vDSO). */
  unsigned rcpu = 0, rnode = 0;
  int cpu = sched_getcpu();
  printf("sched_getcpu valid %d, raw getcpu %ld\n", cpu >= 0 && cpu < CPU_SETSIZE,
         syscall(SYS_getcpu, &rcpu, &rnode, NULL));
  /* Bad pointers. */
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  void *bad = (void *)16;
  if (!sigsetjmp(jb, 1))
    printf("clock_gettime(MONOTONIC, 16) returned %d\n", clock_gettime(CLOCK_MONOTONIC, bad));
  else
    printf("clock_gettime(MONOTONIC, 16): SIGSEGV at %p\n", (void *)fault_addr);
  if (!sigsetjmp(jb, 1))
    printf("gettimeofday(16, NULL) returned %d\n", gettimeofday(bad, NULL));
  else
    printf("gettimeofday(16, NULL): SIGSEGV at %p\n", (void *)fault_addr);
  if (!sigsetjmp(jb, 1)) {
    errno = 0;
    int r = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, bad);
    printf("clock_gettime(PROCESS_CPUTIME, 16) %d %s\n", r, strerror(errno));
  } else {
    printf("clock_gettime(PROCESS_CPUTIME, 16): SIGSEGV at %p\n", (void *)fault_addr);
  }
  struct timespec x;
  errno = 0;
  int r = clock_gettime(100, &x);
  printf("clock_gettime(100) %d %s\n", r, strerror(errno));
  errno = 0;
  r = clock_getres(CLOCK_MONOTONIC, NULL);
  printf("clock_getres(MONOTONIC, NULL) %d\n", r);
  return 0;
}
