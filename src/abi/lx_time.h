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

#endif
