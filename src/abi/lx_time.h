/* lx_time.h — guest time structures, byte for byte as Linux lays them out
 * for each ABI: lx64_* is x86-64 (and the i386 *_time64 calls), lx32_* is
 * i386 (the kernel's old_*32 / compat_* types).  tests/abi_layout.c checks
 * every field against the kernel's uapi headers compiled -m64 and -m32. */
#ifndef EMU_LX_TIME_H
#define EMU_LX_TIME_H

#include "../common.h"

/* time_t of each ABI (__kernel_old_time_t, a long), as time(2) stores it. */
typedef i64 lx64_time_t;
typedef i32 lx32_time_t;

/* struct __kernel_timespec / timeval of x86-64 (and the i386 *_time64 calls). */
struct lx64_timespec {
  i64 tv_sec;
  i64 tv_nsec;
};
_Static_assert(sizeof(struct lx64_timespec) == 16, "lx64_timespec");

struct lx64_timeval {
  i64 tv_sec;
  i64 tv_usec;
};
_Static_assert(sizeof(struct lx64_timeval) == 16, "lx64_timeval");

/* struct old_timespec32 / old_timeval32 of i386: two signed words. */
struct lx32_timespec {
  i32 tv_sec;
  i32 tv_nsec;
};
_Static_assert(sizeof(struct lx32_timespec) == 8, "lx32_timespec");

struct lx32_timeval {
  i32 tv_sec;
  i32 tv_usec;
};
_Static_assert(sizeof(struct lx32_timeval) == 8, "lx32_timeval");

/* struct itimerspec / itimerval: the interval, then the value. */
struct lx64_itimerspec {
  struct lx64_timespec it_interval;
  struct lx64_timespec it_value;
};
_Static_assert(sizeof(struct lx64_itimerspec) == 32, "lx64_itimerspec");

struct lx32_itimerspec {
  struct lx32_timespec it_interval;
  struct lx32_timespec it_value;
};
_Static_assert(sizeof(struct lx32_itimerspec) == 16, "lx32_itimerspec");

struct lx64_itimerval {
  struct lx64_timeval it_interval;
  struct lx64_timeval it_value;
};
_Static_assert(sizeof(struct lx64_itimerval) == 32, "lx64_itimerval");

struct lx32_itimerval {
  struct lx32_timeval it_interval;
  struct lx32_timeval it_value;
};
_Static_assert(sizeof(struct lx32_itimerval) == 16, "lx32_itimerval");

/* struct timezone: two ints in every ABI. */
struct lx_timezone {
  i32 tz_minuteswest;
  i32 tz_dsttime;
};
_Static_assert(sizeof(struct lx_timezone) == 8, "lx_timezone");

/* struct utimbuf (linux/utime.h): two time_t; old_utimbuf32 on i386. */
struct lx64_utimbuf {
  i64 actime;
  i64 modtime;
};
_Static_assert(sizeof(struct lx64_utimbuf) == 16, "lx64_utimbuf");

struct lx32_utimbuf {
  i32 actime;
  i32 modtime;
};
_Static_assert(sizeof(struct lx32_utimbuf) == 8, "lx32_utimbuf");

/* struct tms: four clock_t (compat_clock_t, s32, on i386). */
struct lx64_tms {
  i64 tms_utime, tms_stime, tms_cutime, tms_cstime;
};
_Static_assert(sizeof(struct lx64_tms) == 32, "lx64_tms");

struct lx32_tms {
  i32 tms_utime, tms_stime, tms_cutime, tms_cstime;
};
_Static_assert(sizeof(struct lx32_tms) == 16, "lx32_tms");

/* union sigval and struct sigevent (asm-generic/siginfo.h): the value, the
 * signal, how to notify, then SIGEV_THREAD_ID's thread or SIGEV_THREAD's
 * function and attributes; 64 bytes on both ABIs (compat_sigevent on i386). */
union lx64_sigval {
  i32 sival_int;
  u64 sival_ptr;
};

union lx32_sigval {
  i32 sival_int;
  u32 sival_ptr;
};

struct lx64_sigevent {
  union lx64_sigval sigev_value;
  i32 sigev_signo;
  i32 sigev_notify;
  union {
    i32 tid;
    struct {
      u64 function, attribute;
    } thread;
    u8 pad[48];
  } un;
};
_Static_assert(sizeof(struct lx64_sigevent) == 64, "lx64_sigevent");

struct lx32_sigevent {
  union lx32_sigval sigev_value;
  i32 sigev_signo;
  i32 sigev_notify;
  union {
    i32 tid;
    struct {
      u32 function, attribute;
    } thread;
    u8 pad[52];
  } un;
};
_Static_assert(sizeof(struct lx32_sigevent) == 64, "lx32_sigevent");

/* struct __kernel_timex (x86-64's timex, and i386's clock_adjtime64):
 *    0 modes  8 offset 16 freq 24 maxerror 32 esterror 40 status 48 constant
 *   56 precision 64 tolerance 72 time 88 tick 96 ppsfreq 104 jitter 112 shift
 *  120 stabil 128 jitcnt 136 calcnt 144 errcnt 152 stbcnt 160 tai, padding = 208 */
struct lx64_timex {
  u32 modes;
  i32 pad0;
  i64 offset, freq, maxerror, esterror;
  i32 status;
  i32 pad1;
  i64 constant, precision, tolerance;
  struct lx64_timeval time;
  i64 tick, ppsfreq, jitter;
  i32 shift;
  i32 pad2;
  i64 stabil, jitcnt, calcnt, errcnt, stbcnt;
  i32 tai;
  i32 pad[11];
};
_Static_assert(sizeof(struct lx64_timex) == 208, "lx64_timex");
_Static_assert(offsetof(struct lx64_timex, time) == 72, "lx64_timex.time");
_Static_assert(offsetof(struct lx64_timex, tai) == 160, "lx64_timex.tai");

/* struct old_timex32 of i386:
 *   0 modes  4 offset  8 freq  12 maxerror  16 esterror  20 status
 *  24 constant  28 precision  32 tolerance  36 time{sec,usec}  44 tick
 *  48 ppsfreq  52 jitter  56 shift  60 stabil  64 jitcnt  68 calcnt
 *  72 errcnt  76 stbcnt  80 tai  84 eleven padding ints         = 128 */
struct lx32_timex {
  u32 modes;
  i32 offset, freq, maxerror, esterror, status, constant, precision, tolerance;
  struct lx32_timeval time;
  i32 tick, ppsfreq, jitter, shift, stabil, jitcnt, calcnt, errcnt, stbcnt, tai;
  i32 pad[11];
};
_Static_assert(sizeof(struct lx32_timex) == 128, "lx32_timex");
_Static_assert(offsetof(struct lx32_timex, tai) == 80, "lx32_timex.tai");

#endif
