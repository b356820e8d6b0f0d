/* time32_select.c — i386 waiting and time calls by number: the old select
 * (nr 82, argument block), _newselect and pselect6 with fd numbers above 32
 * (32-bit fd_set words), pselect6_time64 / ppoll_time64 / recvmmsg-free
 * time64 paths with values past 2038, the padding half of a 64-bit tv_nsec,
 * the 32-bit timespec calls (EINVAL for negatives, truncation), and
 * clock_nanosleep_time64 with TIMER_ABSTIME in the past.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EBADF: return "EBADF";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  default: return "other";
  }
}
static long raw(long r) { return r < 0 ? -errno : r; }

struct ts32 {
  int32_t sec, nsec;
};
struct ts64 {
  int64_t sec, nsec;
};
struct tv32 {
  int32_t sec, usec;
};

int main(void) {
  int p[2];
  pipe(p);
  /* fds 40 and 70: the second and third 32-bit words of a set */
  dup2(p[0], 40);
  dup2(p[1], 70);
  write(70, "x", 1);
  uint32_t rd[3] = {0}, wr[3] = {0};
  rd[40 / 32] |= 1u << (40 % 32);
  wr[70 / 32] |= 1u << (70 % 32);
  struct tv32 tv = {2, 0};
  long r = raw(syscall(SYS__newselect, 71, rd, wr, NULL, &tv));
  printf("_newselect: %ld rd=%08x,%08x,%08x wr=%08x,%08x,%08x left<=2s: %d\n", r, rd[0], rd[1],
         rd[2], wr[0], wr[1], wr[2], tv.sec <= 2 && tv.sec >= 1);
  /* the old select: one pointer to { n, in, out, ex, tvp } */
  uint32_t blk[5];
  memset(rd, 0, sizeof rd);
  rd[1] = 1u << 8;
  tv = (struct tv32){0, 1500000}; /* usec folded into seconds */
  blk[0] = 41;
  blk[1] = (uint32_t)(uintptr_t)rd;
  blk[2] = blk[3] = 0;
  blk[4] = (uint32_t)(uintptr_t)&tv;
  r = raw(syscall(SYS_select, blk));
  printf("old select: %ld rd[1]=%08x tv=%d.%06d<=1.5: %d\n", r, rd[1], tv.sec, 0,
         tv.sec * 1000000 + tv.usec <= 1500000);
  blk[0] = 0xffffffffu;
  printf("old select n=-1: %s\n", ename(raw(syscall(SYS_select, blk))));
  printf("old select bad block: %s\n", ename(raw(syscall(SYS_select, (void *)8))));
  tv = (struct tv32){0, -1};
  blk[0] = 41;
  printf("old select usec -1: %s\n", ename(raw(syscall(SYS_select, blk))));
  /* bits above n in the last word are ignored and cleared */
  memset(rd, 0xff, sizeof rd);
  rd[1] = (1u << 8) | 0xfffffe00u;
  rd[0] = 0;
  tv = (struct tv32){0, 0};
  r = raw(syscall(SYS__newselect, 41, rd, NULL, NULL, &tv));
  printf("select n=41 junk above: %ld rd[1]=%08x rd[2]=%08x\n", r, rd[1], rd[2]);
  /* a closed fd in the set */
  memset(rd, 0, sizeof rd);
  rd[1] = 1u << 18; /* fd 50 */
  tv = (struct tv32){0, 0};
  printf("select closed fd 50: %s\n", ename(raw(syscall(SYS__newselect, 51, rd, NULL, NULL, &tv))));

  /* pselect6 (32-bit timespec) and pselect6_time64 (64-bit) with a mask */
  uint64_t mask = 0;
  struct {
    uint32_t p, len;
  } pk = {(uint32_t)(uintptr_t)&mask, 8};
  memset(rd, 0, sizeof rd);
  rd[1] = 1u << 8;
  struct ts32 t32 = {3, 0};
  r = raw(syscall(SYS_pselect6, 41, rd, NULL, NULL, &t32, &pk));
  printf("pselect6: %ld rd[1]=%08x left<=3s: %d\n", r, rd[1], t32.sec <= 3 && t32.sec >= 2);
  pk.len = 4;
  printf("pselect6 sigsetsize 4: %s\n",
         ename(raw(syscall(SYS_pselect6, 41, rd, NULL, NULL, &t32, &pk))));
  pk.len = 8;
  t32.nsec = 1000000000;
  printf("pselect6 nsec 1e9: %s\n",
         ename(raw(syscall(SYS_pselect6, 41, rd, NULL, NULL, &t32, &pk))));
  printf("pselect6 bad argpack + bad timeout: %s\n",
         ename(raw(syscall(SYS_pselect6, 41, rd, NULL, NULL, &t32, (void *)8))));
#ifdef SYS_pselect6_time64
  /* a timeout past 2038 (2^33 s): returns at once (fd ready) and writes
   * back a time left that needs 64 bits */
  struct ts64 t64 = {1ll << 33, 0};
  rd[1] = 1u << 8;
  r = raw(syscall(SYS_pselect6_time64, 41, rd, NULL, NULL, &t64, &pk));
  printf("pselect6_time64 2^33 s: %ld left>2^32: %d\n", r, t64.sec > (1ll << 32));
  /* the upper half of tv_nsec is padding in an i386 call */
  t64 = (struct ts64){0, (int64_t)0x7fffffff00000000ll | 1000};
  rd[1] = 1u << 8;
  r = raw(syscall(SYS_pselect6_time64, 41, rd, NULL, NULL, &t64, NULL));
  printf("pselect6_time64 nsec padding: %s\n", ename(r));
  t64 = (struct ts64){-1, 0};
  printf("pselect6_time64 sec -1: %s\n",
         ename(raw(syscall(SYS_pselect6_time64, 41, rd, NULL, NULL, &t64, NULL))));
#endif

  /* ppoll (32-bit) and ppoll_time64 */
  struct pollfd pf = {40, POLLIN, 0};
  t32 = (struct ts32){4, 0};
  r = raw(syscall(SYS_ppoll, &pf, 1, &t32, NULL, 8));
  printf("ppoll: %ld rev=%#x left<=4s: %d\n", r, pf.revents, t32.sec <= 4 && t32.sec >= 3);
  t32.sec = -1;
  printf("ppoll sec -1: %s\n", ename(raw(syscall(SYS_ppoll, &pf, 1, &t32, NULL, 8))));
#ifdef SYS_ppoll_time64
  struct ts64 p64 = {(1ll << 40), 999999999};
  r = raw(syscall(SYS_ppoll_time64, &pf, 1, &p64, &mask, 8));
  printf("ppoll_time64 2^40 s: %ld left>2^39: %d nsec<1e9: %d\n", r, p64.sec > (1ll << 39),
         p64.nsec < 1000000000);
  p64 = (struct ts64){0, (int64_t)0x100000000ll + 5};
  r = raw(syscall(SYS_ppoll_time64, &pf, 1, &p64, NULL, 8));
  printf("ppoll_time64 nsec padding: %s\n", ename(r));
#endif

  /* 32-bit clocks */
  struct ts32 c32;
  struct ts64 c64;
  r = raw(syscall(SYS_clock_gettime, CLOCK_REALTIME, &c32));
  long r2 = raw(syscall(SYS_clock_gettime64, CLOCK_REALTIME, &c64));
  printf("clock_gettime: %s clock_gettime64: %s same second: %d\n", ename(r), ename(r2),
         c64.sec - c32.sec <= 1 && c64.sec >= c32.sec);
  printf("clock_getres 32 MONOTONIC: %s",
         ename(raw(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &c32))));
  printf(" %d.%09d\n", c32.sec, c32.nsec);
  printf("clock_getres_time64: %s",
         ename(raw(syscall(SYS_clock_getres_time64, CLOCK_MONOTONIC, &c64))));
  printf(" %lld.%09lld\n", (long long)c64.sec, (long long)c64.nsec);
  printf("clock_gettime bad clock: %s\n", ename(raw(syscall(SYS_clock_gettime, 99, &c32))));
  t32 = (struct ts32){-1, 0};
  printf("nanosleep sec -1: %s\n", ename(raw(syscall(SYS_nanosleep, &t32, NULL))));
  t32 = (struct ts32){0, 1000000000};
  printf("nanosleep nsec 1e9: %s\n", ename(raw(syscall(SYS_nanosleep, &t32, NULL))));
  t32 = (struct ts32){0, 1000};
  printf("nanosleep 1us: %s\n", ename(raw(syscall(SYS_nanosleep, &t32, NULL))));
  printf("clock_nanosleep 32 bad clock: %s\n",
         ename(raw(syscall(SYS_clock_nanosleep, 99, 0, &t32, NULL))));
  printf("clock_nanosleep 32 THREAD_CPUTIME: %s\n",
         ename(raw(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &t32, NULL))));
  t32 = (struct ts32){1, 0};
  printf("clock_nanosleep 32 ABSTIME past: %s\n",
         ename(raw(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &t32, NULL))));
  c64 = (struct ts64){1, (int64_t)0xdead000000000000ll | 5};
  printf(
      "clock_nanosleep_time64 ABSTIME past, nsec padding: %s\n",
      ename(raw(syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &c64, NULL))));
  c64 = (struct ts64){0, 0xffffffffll};
  printf(
      "clock_nanosleep_time64 nsec 2^32-1: %s\n",
      ename(raw(syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &c64, NULL))));
  c64 = (struct ts64){-5, 0};
  printf(
      "clock_nanosleep_time64 sec -5: %s\n",
      ename(raw(syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &c64, NULL))));
  c64 = (struct ts64){1, 0};
  printf(
      "clock_nanosleep_time64 REALTIME 1970: %s\n",
      ename(raw(syscall(SYS_clock_nanosleep_time64, CLOCK_REALTIME, TIMER_ABSTIME, &c64, NULL))));

  /* time, gettimeofday, times with 32-bit values */
  int32_t tt = 0;
  long now = syscall(SYS_time, &tt);
  struct tv32 g;
  r = raw(syscall(SYS_gettimeofday, &g, NULL));
  printf("time stores its result: %d gettimeofday: %s close: %d usec ok: %d\n", (int32_t)now == tt,
         ename(r), g.sec - tt <= 1 && g.sec >= tt, g.usec >= 0 && g.usec < 1000000);
  int32_t tms[4] = {-1, -1, -1, -1};
  long clk = syscall(SYS_times, tms);
  printf("times: nonneg fields: %d clock nonzero: %d\n",
         tms[0] >= 0 && tms[1] >= 0 && tms[2] >= 0 && tms[3] >= 0, clk != 0);
  return 0;
}
