/* strace_time.c — the system-call log's time kinds: clock ids, timespec
 * and timeval (32- or 64-bit on i386), POSIX timers (sigevent, itimerspec),
 * interval timers, timerfd, settimeofday's timezone, adjtimex/
 * clock_adjtime's timex and its result, and strace's date comment after a
 * time.  Mirrors strace's time.c, print_timespec.c, print_timeval.c,
 * print_sigevent.c, timerfd.c, print_timex.c (non-verbose output of strace
 * 6.1). */
#define _GNU_SOURCE
#include <time.h>

#include "../abi/lx_time.h"
#include "strace_fmt.h"

static const struct trc_flag clocks[] = {
    FN(CLOCK_REALTIME),          FN(CLOCK_MONOTONIC),     FN(CLOCK_PROCESS_CPUTIME_ID),
    FN(CLOCK_THREAD_CPUTIME_ID), FN(CLOCK_MONOTONIC_RAW), FN(CLOCK_REALTIME_COARSE),
    FN(CLOCK_MONOTONIC_COARSE),  FN(CLOCK_BOOTTIME),      FN(CLOCK_REALTIME_ALARM),
    FN(CLOCK_BOOTTIME_ALARM),    FN(CLOCK_TAI),           {0, NULL}};

TRC_FMT(k_clockid) { trc_xlat_fmt(b, (u32)c->a[i], clocks, "%#llx"); }

/* timespec: {long tv_sec; long tv_nsec} in the ABI's long, or 64-bit
 * halves for the *_time64 calls (wide). */
void trc_timespec(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                  const char *usec) {
  /* a timeval's tv_usec sits where a timespec's tv_nsec does */
  struct lx64_timespec t64;
  struct lx32_timespec t32;
  bool w8 = wide || !c->m32;
  if (!(w8 ? trc_read(c, &t64, addr, sizeof t64) : trc_read(c, &t32, addr, sizeof t32)))
    return trc_ptr(b, c, addr);
  i64 sec = w8 ? t64.tv_sec : t32.tv_sec, frac = w8 ? t64.tv_nsec : t32.tv_nsec;
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, usec, (long long)frac);
}

TRC_FMT(k_timespec) { trc_timespec(b, c, ularg(c, i), p == 64, "tv_nsec"); }

TRC_FMT(k_timeval) { trc_timespec(b, c, ularg(c, i), false, "tv_usec"); }

TRC_FMT(k_timespec_out) { trc_timespec(b, c, ularg(c, i), p == 64, "tv_nsec"); }

TRC_FMT(k_timeval_out) { trc_timespec(b, c, ularg(c, i), false, "tv_usec"); }

/* strace's nanosleep: the remaining time only when the call was
 * interrupted (a restart code); otherwise the kernel left it alone and only
 * its address is shown.  Printed at the exit, as an output. */
TRC_FMT(k_sleep_rem) {
  long r = c->m32 ? (long)(i32)c->ret : c->ret;
  if (r <= -512 && r >= -516)
    trc_timespec(b, c, ularg(c, i), p == 64, "tv_nsec");
  else
    trc_ptr(b, c, ularg(c, i));
}

static void fmt_ts_pair(struct trc_buf *b, i64 sec, i64 f, const char *frac) {
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, frac, (long long)f);
}

/* struct itimerspec / itimerval: {it_interval={...}, it_value={...}}; an
 * itimerval has the itimerspec's layout, tv_usec for tv_nsec. */
static void fmt_itimer(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                       const char *frac) {
  struct lx64_itimerspec t64;
  struct lx32_itimerspec t32;
  bool w8 = wide || !c->m32;
  if (!addr) return trc_puts(b, "NULL");
  if (!(w8 ? trc_read(c, &t64, addr, sizeof t64) : trc_read(c, &t32, addr, sizeof t32)))
    return trc_ptr(b, c, addr);
  trc_puts(b, "{it_interval=");
  if (w8)
    fmt_ts_pair(b, t64.it_interval.tv_sec, t64.it_interval.tv_nsec, frac);
  else
    fmt_ts_pair(b, t32.it_interval.tv_sec, t32.it_interval.tv_nsec, frac);
  trc_puts(b, ", it_value=");
  if (w8)
    fmt_ts_pair(b, t64.it_value.tv_sec, t64.it_value.tv_nsec, frac);
  else
    fmt_ts_pair(b, t32.it_value.tv_sec, t32.it_value.tv_nsec, frac);
  trc_puts(b, "}");
}

/* struct sigevent: sigev_value (the ABI's pointer), signo, notify, then the
 * union (tid, or function and attributes). */
static void fmt_sigevent(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag notify[] = {F(0, "SIGEV_SIGNAL"),
                                           F(1, "SIGEV_NONE"),
                                           F(2, "SIGEV_THREAD"),
                                           F(4, "SIGEV_THREAD_ID"),
                                           {0, NULL}};
  struct lx64_sigevent e;
  struct lx32_sigevent e32;
  if (!addr) return trc_puts(b, "NULL");
  if (!(c->m32 ? trc_read(c, &e32, addr, sizeof e32) : trc_read(c, &e, addr, sizeof e)))
    return trc_ptr(b, c, addr);
  if (c->m32) { /* the i386 words, widened (tid and sival_int are the low halves) */
    e.sigev_value.sival_ptr = e32.sigev_value.sival_ptr;
    e.sigev_signo = e32.sigev_signo;
    e.sigev_notify = e32.sigev_notify;
    e.un.thread.function = e32.un.thread.function;
    e.un.thread.attribute = e32.un.thread.attribute;
  }
  u64 ptr = e.sigev_value.sival_ptr;
  int signo = e.sigev_signo, nt = e.sigev_notify;
  trc_puts(b, "{");
  if (ptr)
    trc_printf(b, "sigev_value={sival_int=%d, sival_ptr=%#llx}, ", e.sigev_value.sival_int,
               (unsigned long long)ptr);
  if (nt == 0 || nt == 2 || nt == 4)
    trc_printf(b, "sigev_signo=%s", signo ? trc_signame(signo) : "0");
  else
    trc_printf(b, "sigev_signo=%u", (u32)signo);
  trc_puts(b, ", sigev_notify=");
  const char *nn = trc_xlat((u32)nt, notify);
  if (nn)
    trc_puts(b, nn);
  else
    trc_printf(b, "%#x /* SIGEV_??? */", (u32)nt);
  if (nt == 4) {
    trc_printf(b, ", sigev_notify_thread_id=%d", e.un.tid);
  } else if (nt == 2) {
    trc_puts(b, ", sigev_notify_function=");
    trc_ptr(b, c, e.un.thread.function);
    trc_puts(b, ", sigev_notify_attributes=");
    trc_ptr(b, c, e.un.thread.attribute);
  }
  trc_puts(b, "}");
}

static const struct trc_flag tfd[] = {
    F(02000000, "TFD_CLOEXEC"), F(04000, "TFD_NONBLOCK"), {0, NULL}};

static const struct trc_flag tfd_set[] = {
    F(1, "TFD_TIMER_ABSTIME"), F(2, "TFD_TIMER_CANCEL_ON_SET"), {0, NULL}};

static const struct trc_flag itw[] = {
    F(0, "ITIMER_REAL"), F(1, "ITIMER_VIRTUAL"), F(2, "ITIMER_PROF"), {0, NULL}};

static const struct trc_flag tfl[] = {F(1, "TIMER_ABSTIME"), {0, NULL}};

TRC_FMT(k_sigevent) { fmt_sigevent(b, c, ularg(c, i)); }

TRC_FMT(k_timer_flags) { trc_flags(b, (u32)c->a[i], tfl, "0"); }

TRC_FMT(k_itimerspec) { fmt_itimer(b, c, ularg(c, i), p == 64, "tv_nsec"); }

TRC_FMT(k_itimer_which) { trc_xlat_unk(b, (u32)c->a[i], itw, "ITIMER_???"); }

TRC_FMT(k_itimerval) { fmt_itimer(b, c, ularg(c, i), false, "tv_usec"); }

TRC_FMT(k_tfd_flags) { trc_flags(b, (u32)c->a[i], tfd, "0"); }

TRC_FMT(k_tfd_set_flags) { trc_flags(b, (u32)c->a[i], tfd_set, "0"); }

/* The date of sec as strace comments it (no fraction when it is 0). */
void trc_time_comment(struct trc_buf *b, i64 sec, i64 frac, int digits) {
  if (frac < 0 || frac >= (digits == 9 ? 1000000000 : 1000000)) return;
  time_t t = (time_t)sec;
  struct tm tm;
  char date[64], zone[16];
  if (!localtime_r(&t, &tm)) return;
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  strftime(zone, sizeof zone, "%z", &tm);
  if (!frac)
    trc_printf(b, " /* %s%s */", date, zone);
  else
    trc_printf(b, " /* %s.%0*lld%s */", date, digits, (long long)frac, zone);
}

/* struct timex: the x86-64 (and i386 __kernel_timex, param 64) layout has
 * 8-byte longs, the i386 one 4-byte ones, widened here. */
static void fmt_timex(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide) {
  static const struct trc_flag modes[] = {F(0xa001, "ADJ_OFFSET_SS_READ"),
                                          F(0x8001, "ADJ_OFFSET_SINGLESHOT"),
                                          F(1, "ADJ_OFFSET"),
                                          F(2, "ADJ_FREQUENCY"),
                                          F(4, "ADJ_MAXERROR"),
                                          F(8, "ADJ_ESTERROR"),
                                          F(0x10, "ADJ_STATUS"),
                                          F(0x20, "ADJ_TIMECONST"),
                                          F(0x80, "ADJ_TAI"),
                                          F(0x100, "ADJ_SETOFFSET"),
                                          F(0x1000, "ADJ_MICRO"),
                                          F(0x2000, "ADJ_NANO"),
                                          F(0x4000, "ADJ_TICK"),
                                          {0, NULL}};
  static const struct trc_flag status[] = {F(1, "STA_PLL"),
                                           F(2, "STA_PPSFREQ"),
                                           F(4, "STA_PPSTIME"),
                                           F(8, "STA_FLL"),
                                           F(0x10, "STA_INS"),
                                           F(0x20, "STA_DEL"),
                                           F(0x40, "STA_UNSYNC"),
                                           F(0x80, "STA_FREQHOLD"),
                                           F(0x100, "STA_PPSSIGNAL"),
                                           F(0x200, "STA_PPSJITTER"),
                                           F(0x400, "STA_PPSWANDER"),
                                           F(0x800, "STA_PPSERROR"),
                                           F(0x1000, "STA_CLOCKERR"),
                                           F(0x2000, "STA_NANO"),
                                           F(0x4000, "STA_MODE"),
                                           F(0x8000, "STA_CLK"),
                                           {0, NULL}};
  static const char *const names[] = {"modes",  "offset",   "freq",      "maxerror",  "esterror",
                                      "status", "constant", "precision", "tolerance", "time",
                                      "tick",   "ppsfreq",  "jitter",    "shift",     "stabil",
                                      "jitcnt", "calcnt",   "errcnt",    "stbcnt",    "tai"};
  struct lx64_timex x;
  struct lx32_timex x32;
  if (!addr) return trc_puts(b, "NULL");
  /* read through tai, the last field shown */
  if (!(wide ? trc_read(c, &x, addr, offsetof(struct lx64_timex, tai) + sizeof x.tai)
             : trc_read(c, &x32, addr, offsetof(struct lx32_timex, tai) + sizeof x32.tai)))
    return trc_ptr(b, c, addr);
  if (!wide) {
    x.modes = x32.modes;
    x.offset = x32.offset;
    x.freq = x32.freq;
    x.maxerror = x32.maxerror;
    x.esterror = x32.esterror;
    x.status = x32.status;
    x.constant = x32.constant;
    x.precision = x32.precision;
    x.tolerance = x32.tolerance;
    x.time.tv_sec = x32.time.tv_sec;
    x.time.tv_usec = x32.time.tv_usec;
    x.tick = x32.tick;
    x.ppsfreq = x32.ppsfreq;
    x.jitter = x32.jitter;
    x.shift = x32.shift;
    x.stabil = x32.stabil;
    x.jitcnt = x32.jitcnt;
    x.calcnt = x32.calcnt;
    x.errcnt = x32.errcnt;
    x.stbcnt = x32.stbcnt;
    x.tai = x32.tai;
  }
  const i64 v[20] = {x.modes,  x.offset,   x.freq,      x.maxerror,  x.esterror,
                     x.status, x.constant, x.precision, x.tolerance, 0 /* time */,
                     x.tick,   x.ppsfreq,  x.jitter,    x.shift,     x.stabil,
                     x.jitcnt, x.calcnt,   x.errcnt,    x.stbcnt,    x.tai};
  trc_puts(b, "{");
  for (int k = 0; k < 20; k++) {
    trc_printf(b, "%s%s=", k ? ", " : "", names[k]);
    if (k == 0)
      trc_flags(b, (u32)v[k], modes, "0");
    else if (k == 5)
      trc_flags(b, (u32)v[k], status, "0");
    else if (k == 9)
      trc_printf(b, "{tv_sec=%lld, tv_usec=%lld}", (long long)x.time.tv_sec,
                 (long long)x.time.tv_usec);
    else
      trc_printf(b, "%lld", (long long)v[k]);
  }
  trc_puts(b, "}");
}

TRC_FMT(k_timezone) {
  u64 addr = ularg(c, i);
  struct lx_timezone tz;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &tz, addr, sizeof tz)) return trc_ptr(b, c, addr);
  return trc_printf(b, "{tz_minuteswest=%d, tz_dsttime=%d}", tz.tz_minuteswest, tz.tz_dsttime);
}

TRC_FMT(k_timex_out) { fmt_timex(b, c, ularg(c, i), p == 64 || !c->m32); }

TRC_RV(rv_timex) {
  static const char *const st[] = {"TIME_OK",  "TIME_INS",  "TIME_DEL",
                                   "TIME_OOP", "TIME_WAIT", "TIME_ERROR"};
  if (r >= 0 && r < 6)
    trc_printf(b, "%ld (%s)", r, st[r]);
  else
    trc_printf(b, "%ld", r);
}

const struct trc_kind_def trc_time_kinds[] = {
    {K_CLOCKID, .fmt = k_clockid},
    {K_TIMESPEC, .fmt = k_timespec},
    {K_TIMEVAL, .fmt = k_timeval},
    {K_TIMESPEC_OUT, .fmt = k_timespec_out},
    {K_SLEEP_REM, .fmt = k_sleep_rem, .flags = TRC_SHOWN_ON_FAILURE},
    {K_TIMEVAL_OUT, .fmt = k_timeval_out},
    {K_SIGEVENT, .fmt = k_sigevent},
    {K_TIMER_FLAGS, .fmt = k_timer_flags},
    {K_ITIMERSPEC, .fmt = k_itimerspec},
    {K_ITIMERSPEC_OUT, .fmt = k_itimerspec},
    {K_ITIMER_WHICH, .fmt = k_itimer_which},
    {K_ITIMERVAL, .fmt = k_itimerval},
    {K_ITIMERVAL_OUT, .fmt = k_itimerval},
    {K_TFD_FLAGS, .fmt = k_tfd_flags},
    {K_TFD_SET_FLAGS, .fmt = k_tfd_set_flags},
    {K_TIMEZONE, .fmt = k_timezone},
    {K_TIMEX_OUT, .fmt = k_timex_out},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_time_rvs[] = {
    {RV_TIMEX, rv_timex},
    {0, NULL},
};
