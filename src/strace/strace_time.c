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
  u8 s[64];
  size_t w = wsize(c);
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  u64 ptr = trc_word(c, s);
  int signo = (int)rd32(s + w), nt = (int)rd32(s + w + 4);
  const u8 *un = s + w + 8;
  trc_puts(b, "{");
  if (ptr)
    trc_printf(b, "sigev_value={sival_int=%d, sival_ptr=%#llx}, ", (int)rd32(s),
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
    trc_printf(b, ", sigev_notify_thread_id=%d", (int)rd32(un));
  } else if (nt == 2) {
    trc_puts(b, ", sigev_notify_function=");
    trc_ptr(b, c, trc_word(c, un));
    trc_puts(b, ", sigev_notify_attributes=");
    trc_ptr(b, c, trc_word(c, un + w));
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
 * 8-byte longs, the i386 one 4-byte ones. */
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
  /* field offsets: modes, offset, freq, maxerror, esterror, status, constant,
   * precision, tolerance, time, tick, ppsfreq, jitter, shift, stabil, jitcnt,
   * calcnt, errcnt, stbcnt, tai */
  static const u16 w8[] = {0,  8,  16,  24,  32,  40,  48,  56,  64,  72,
                           88, 96, 104, 112, 120, 128, 136, 144, 152, 160};
  static const u16 w4[] = {0,  4,  8,  12, 16, 20, 24, 28, 32, 36,
                           44, 48, 52, 56, 60, 64, 68, 72, 76, 80};
  static const char *const names[] = {"modes",  "offset",   "freq",      "maxerror",  "esterror",
                                      "status", "constant", "precision", "tolerance", "time",
                                      "tick",   "ppsfreq",  "jitter",    "shift",     "stabil",
                                      "jitcnt", "calcnt",   "errcnt",    "stbcnt",    "tai"};
  u8 s[208];
  const u16 *o = wide ? w8 : w4;
  size_t lw = wide ? 8 : 4;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, wide ? 168 : 84)) return trc_ptr(b, c, addr);
  trc_puts(b, "{");
  for (int k = 0; k < 20; k++) {
    const u8 *p = s + o[k];
    /* modes, status, shift and tai are ints; the rest longs */
    bool is_int = k == 0 || k == 5 || k == 13 || k == 19;
    i64 v = is_int || lw == 4 ? (i32)rd32(p) : (i64)rd64(p);
    trc_printf(b, "%s%s=", k ? ", " : "", names[k]);
    if (k == 0)
      trc_flags(b, (u32)v, modes, "0");
    else if (k == 5)
      trc_flags(b, (u32)v, status, "0");
    else if (k == 9) {
      i64 sec = lw == 8 ? (i64)rd64(p) : (i32)rd32(p);
      i64 fr = lw == 8 ? (i64)rd64(p + 8) : (i32)rd32(p + 4);
      trc_printf(b, "{tv_sec=%lld, tv_usec=%lld}", (long long)sec, (long long)fr);
    } else
      trc_printf(b, "%lld", (long long)v);
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
