/* strace_struct6.c — more formatters of the system-call log: capabilities
 * (capget/capset), sched_getattr/setattr, settimeofday's timezone,
 * ioprio_get/set, syslog, sethostname/setdomainname, kcmp, modify_ldt and
 * get_thread_area's user_desc, utime, mincore, adjtimex/clock_adjtime.  Reads the guest's
 * structures in the layout of the ABI the call came through.  Mirrors strace's capability.c,
 * sched.c, time.c, ioprio.c, syslog.c, hostname.c, kcmp.c, ldt.c,
 * utimes.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <string.h>

#include "strace_fmt.h"

#define F(v, n) \
  { v, n }

/* ---- capabilities ---- */

static const char *const caps[] = {"CAP_CHOWN",
                                   "CAP_DAC_OVERRIDE",
                                   "CAP_DAC_READ_SEARCH",
                                   "CAP_FOWNER",
                                   "CAP_FSETID",
                                   "CAP_KILL",
                                   "CAP_SETGID",
                                   "CAP_SETUID",
                                   "CAP_SETPCAP",
                                   "CAP_LINUX_IMMUTABLE",
                                   "CAP_NET_BIND_SERVICE",
                                   "CAP_NET_BROADCAST",
                                   "CAP_NET_ADMIN",
                                   "CAP_NET_RAW",
                                   "CAP_IPC_LOCK",
                                   "CAP_IPC_OWNER",
                                   "CAP_SYS_MODULE",
                                   "CAP_SYS_RAWIO",
                                   "CAP_SYS_CHROOT",
                                   "CAP_SYS_PTRACE",
                                   "CAP_SYS_PACCT",
                                   "CAP_SYS_ADMIN",
                                   "CAP_SYS_BOOT",
                                   "CAP_SYS_NICE",
                                   "CAP_SYS_RESOURCE",
                                   "CAP_SYS_TIME",
                                   "CAP_SYS_TTY_CONFIG",
                                   "CAP_MKNOD",
                                   "CAP_LEASE",
                                   "CAP_AUDIT_WRITE",
                                   "CAP_AUDIT_CONTROL",
                                   "CAP_SETFCAP",
                                   "CAP_MAC_OVERRIDE",
                                   "CAP_MAC_ADMIN",
                                   "CAP_SYSLOG",
                                   "CAP_WAKE_ALARM",
                                   "CAP_BLOCK_SUSPEND",
                                   "CAP_AUDIT_READ",
                                   "CAP_PERFMON",
                                   "CAP_BPF",
                                   "CAP_CHECKPOINT_RESTORE"};

/* 1<<CAP_CHOWN|1<<CAP_KILL, 0 when empty, unknown bits in hex. */
static void fmt_capset(struct trc_buf *b, u64 v) {
  if (!v) return trc_puts(b, "0");
  bool first = true;
  for (unsigned k = 0; k < ARRAY_SIZE(caps); k++) {
    if (!(v >> k & 1)) continue;
    trc_printf(b, "%s1<<%s", first ? "" : "|", caps[k]);
    first = false;
  }
  u64 rest = v & ~((1ull << ARRAY_SIZE(caps)) - 1);
  if (rest) trc_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)rest);
}

/* The header's version decides how many data structures follow: one for
 * version 1 (and unknown ones), two for versions 2 and 3. */
static u32 cap_version(const struct trc_call *c) {
  u32 v = 0;
  if (!trc_read(c, &v, ularg(c, 0), 4)) return 0;
  return v;
}

static void fmt_cap_header(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag vers[] = {F(0x19980330, "_LINUX_CAPABILITY_VERSION_1"),
                                         F(0x20071026, "_LINUX_CAPABILITY_VERSION_2"),
                                         F(0x20080522, "_LINUX_CAPABILITY_VERSION_3"),
                                         {0, NULL}};
  u8 s[8];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 8)) return trc_ptr(b, c, addr);
  const char *n = trc_xlat(rd32(s), vers);
  if (n)
    trc_printf(b, "{version=%s", n);
  else
    trc_printf(b, "{version=%#x /* _LINUX_CAPABILITY_VERSION_??? */", rd32(s));
  trc_printf(b, ", pid=%d}", (int)rd32(s + 4));
}

static void fmt_cap_data(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u32 ver = cap_version(c);
  int n = ver == 0x20071026 || ver == 0x20080522 ? 2 : 1;
  u8 s[24] = {0};
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 12 * (size_t)n)) return trc_ptr(b, c, addr);
  u64 e = rd32(s), p = rd32(s + 4), in = rd32(s + 8);
  if (n == 2)
    e |= (u64)rd32(s + 12) << 32, p |= (u64)rd32(s + 16) << 32, in |= (u64)rd32(s + 20) << 32;
  trc_puts(b, "{effective=");
  fmt_capset(b, e);
  trc_puts(b, ", permitted=");
  fmt_capset(b, p);
  trc_puts(b, ", inheritable=");
  fmt_capset(b, in);
  trc_puts(b, "}");
}

/* ---- sched_attr ---- */

static void fmt_sched_attr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 size) {
  static const char *const pol[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
                                    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
  static const struct trc_flag fl[] = {
      F(1, "SCHED_FLAG_RESET_ON_FORK"),     F(2, "SCHED_FLAG_RECLAIM"),
      F(4, "SCHED_FLAG_DL_OVERRUN"),        F(8, "SCHED_FLAG_KEEP_POLICY"),
      F(0x10, "SCHED_FLAG_KEEP_PARAMS"),    F(0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"),
      F(0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"), {0, NULL}};
  u8 s[56] = {0};
  if (!addr) return trc_puts(b, "NULL");
  if (size < 48) size = 48;
  if (size > sizeof s) size = sizeof s;
  if (!trc_read(c, s, addr, size)) return trc_ptr(b, c, addr);
  u32 policy = rd32(s + 4);
  trc_printf(b, "{size=%u, sched_policy=", rd32(s));
  if (policy < ARRAY_SIZE(pol))
    trc_puts(b, pol[policy]);
  else
    trc_printf(b, "%#x /* SCHED_??? */", policy);
  trc_puts(b, ", sched_flags=");
  trc_flags(b, rd64(s + 8), fl, "0");
  trc_printf(b,
             ", sched_nice=%d, sched_priority=%u, sched_runtime=%llu, sched_deadline=%llu, "
             "sched_period=%llu",
             (int)rd32(s + 16), rd32(s + 20), (unsigned long long)rd64(s + 24),
             (unsigned long long)rd64(s + 32), (unsigned long long)rd64(s + 40));
  if (size >= 56)
    trc_printf(b, ", sched_util_min=%u, sched_util_max=%u", rd32(s + 48), rd32(s + 52));
  trc_puts(b, "}");
}

/* ---- ioprio ---- */

static void fmt_ioprio(struct trc_buf *b, u32 v) {
  static const char *const cls[] = {"IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                                    "IOPRIO_CLASS_IDLE"};
  u32 k = v >> 13, data = v & 0x1fff;
  if (k < 4)
    trc_printf(b, "IOPRIO_PRIO_VALUE(%s, %u)", cls[k], data);
  else
    trc_printf(b, "IOPRIO_PRIO_VALUE(%#x /* IOPRIO_CLASS_??? */, %u)", k, data);
}

/* ---- user_desc (modify_ldt, get_thread_area) ---- */

static void fmt_user_desc_full(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[16];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 16)) return trc_ptr(b, c, addr);
  u32 f = rd32(s + 12);
  trc_printf(b,
             "{entry_number=%d, base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
             "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u",
             (int)rd32(s), rd32(s + 4), rd32(s + 8), f & 1, f >> 1 & 3, f >> 3 & 1, f >> 4 & 1,
             f >> 5 & 1, f >> 6 & 1);
  if (!c->m32) trc_printf(b, ", lm=%u", f >> 7 & 1);
  trc_puts(b, "}");
}

/* ---- timex ---- */

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

/* ---- the kinds ---- */

static const struct trc_flag ioprio_who[] = {
    F(1, "IOPRIO_WHO_PROCESS"), F(2, "IOPRIO_WHO_PGRP"), F(3, "IOPRIO_WHO_USER"), {0, NULL}};

TRC_FMT(k_cap_header) { fmt_cap_header(b, c, ularg(c, i)); }
TRC_FMT(k_cap_data) { fmt_cap_data(b, c, ularg(c, i)); }
TRC_FMT(k_sched_attr) {
  u64 addr = ularg(c, i);
  u32 size = 0;
  if (addr && !trc_read(c, &size, addr, 4)) return trc_ptr(b, c, addr);
  return fmt_sched_attr(b, c, addr, size);
}

TRC_FMT(k_sched_attr_out) {
  u64 addr = ularg(c, i);
  u32 size = 0;
  if (!trc_read(c, &size, addr, 4)) return trc_ptr(b, c, addr);
  return fmt_sched_attr(b, c, addr, size);
}

TRC_FMT(k_timezone) {
  u64 addr = ularg(c, i);
  u8 s[8];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 8)) return trc_ptr(b, c, addr);
  return trc_printf(b, "{tz_minuteswest=%d, tz_dsttime=%d}", (int)rd32(s), (int)rd32(s + 4));
}

TRC_FMT(k_ioprio_which) {
  u64 v = c->a[i];
  const char *n = trc_xlat((u32)v, ioprio_who);
  if (n) return trc_puts(b, n);
  return trc_printf(b, "%#x /* IOPRIO_WHO_??? */", (u32)v);
}

TRC_FMT(k_ioprio) { fmt_ioprio(b, (u32)c->a[i]); }
TRC_FMT(k_hostname) {
  u64 addr = ularg(c, i);
  u64 len = ularg(c, p);
  if (len > 64) return trc_ptr(b, c, addr);
  return trc_str(b, c, addr, (long)len, -1);
}

TRC_FMT(k_ldt) {
  u64 addr = ularg(c, i);
  if (ularg(c, p) != 16) return trc_ptr(b, c, addr);
  return fmt_user_desc_full(b, c, addr);
}

TRC_FMT(k_user_desc_out) { fmt_user_desc_full(b, c, ularg(c, i)); }
TRC_FMT(k_utimbuf) {
  u64 addr = ularg(c, i);
  u8 s[16];
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 2 * w)) return trc_ptr(b, c, addr);
  i64 at = c->m32 ? (i32)rd32(s) : (i64)rd64(s), mt = c->m32 ? (i32)rd32(s + 4) : (i64)rd64(s + 8);
  trc_printf(b, "{actime=%lld", (long long)at);
  trc_time_comment(b, at, 0, 9);
  trc_printf(b, ", modtime=%lld", (long long)mt);
  trc_time_comment(b, mt, 0, 9);
  return trc_puts(b, "}");
}

TRC_FMT(k_longp) {
  u64 addr = ularg(c, i);
  u8 t[8];
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, t, addr, w)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%lld]", (long long)(c->m32 ? (i32)rd32(t) : (i64)rd64(t)));
}

TRC_FMT(k_mincore_out) {
  u64 addr = ularg(c, i);
  u64 pages = (ularg(c, p) + 4095) / 4096;
  trc_puts(b, "[");
  for (u64 k = 0; k < pages; k++) {
    u8 v8;
    if (k) trc_puts(b, ", ");
    if (k >= 32 || !trc_read(c, &v8, addr + k, 1)) {
      trc_puts(b, "...");
      return;
    }
    trc_printf(b, "%u", v8 & 1);
  }
  return trc_puts(b, "]");
}

TRC_FMT(k_timex_out) { fmt_timex(b, c, ularg(c, i), p == 64 || !c->m32); }

static const char *const sl[] = {
    "SYSLOG_ACTION_CLOSE",       "SYSLOG_ACTION_OPEN",       "SYSLOG_ACTION_READ",
    "SYSLOG_ACTION_READ_ALL",    "SYSLOG_ACTION_READ_CLEAR", "SYSLOG_ACTION_CLEAR",
    "SYSLOG_ACTION_CONSOLE_OFF", "SYSLOG_ACTION_CONSOLE_ON", "SYSLOG_ACTION_CONSOLE_LEVEL",
    "SYSLOG_ACTION_SIZE_UNREAD", "SYSLOG_ACTION_SIZE_BUFFER"};
static const char *const kt[] = {"KCMP_FILE",    "KCMP_VM", "KCMP_FILES",   "KCMP_FS",
                                 "KCMP_SIGHAND", "KCMP_IO", "KCMP_SYSVSEM", "KCMP_EPOLL_TFD"};

/* syslog(type, buf, len): type 0 is argument i */
TRC_FMT(k_syslog_type) {
  int type = (int)c->a[i];
  if (i) trc_puts(b, ", ");
  if (type >= 0 && type < (int)ARRAY_SIZE(sl))
    trc_printf(b, "%d /* %s */", type, sl[type]);
  else
    trc_printf(b, "%d /* SYSLOG_ACTION_??? */", type);
  u64 buf = ularg(c, i + 1);
  int len = (int)c->a[i + 2];
  switch (type) {
  case 2:
  case 3:
  case 4:
    trc_puts(b, ", ");
    if (!c->exiting || failed(c))
      trc_ptr(b, c, buf);
    else
      trc_str(b, c, buf, c->ret, -1);
    trc_printf(b, ", %d", len);
    return;
  case 8:
    trc_puts(b, ", ");
    trc_ptr(b, c, buf);
    trc_printf(b, ", %d", len);
    return;
  default:
    if (type >= 0 && type < (int)ARRAY_SIZE(sl)) return;
    trc_puts(b, ", ");
    trc_ptr(b, c, buf);
    trc_printf(b, ", %d", len);
    return;
  }
}

/* kcmp(pid1, pid2, type, idx1, idx2) */
TRC_FMT(k_kcmp_type) {
  u32 t = (u32)c->a[i];
  trc_puts(b, ", ");
  if (t < ARRAY_SIZE(kt))
    trc_puts(b, kt[t]);
  else
    trc_printf(b, "%#x /* KCMP_??? */", t);
  if (t == 0)
    trc_printf(b, ", %d, %d", (int)c->a[i + 1], (int)c->a[i + 2]);
  else if (t >= ARRAY_SIZE(kt) || t == 7)
    trc_printf(b, ", %#llx, %#llx", (unsigned long long)ularg(c, i + 1),
               (unsigned long long)ularg(c, i + 2));
}

TRC_RV(rv_timex) {
  static const char *const st[] = {"TIME_OK",  "TIME_INS",  "TIME_DEL",
                                   "TIME_OOP", "TIME_WAIT", "TIME_ERROR"};
  if (r >= 0 && r < 6)
    trc_printf(b, "%ld (%s)", r, st[r]);
  else
    trc_printf(b, "%ld", r);
}

TRC_RV(rv_ioprio) {
  trc_printf(b, "%ld (", r);
  fmt_ioprio(b, (u32)r);
  trc_puts(b, ")");
}

const struct trc_kind_def trc_struct6_kinds[] = {
    {K_CAP_HEADER, .fmt = k_cap_header},
    {K_CAP_DATA, .fmt = k_cap_data},
    {K_CAP_DATA_OUT, .fmt = k_cap_data},
    {K_SCHED_ATTR, .fmt = k_sched_attr},
    {K_SCHED_ATTR_OUT, .fmt = k_sched_attr_out},
    {K_TIMEZONE, .fmt = k_timezone},
    {K_IOPRIO_WHICH, .fmt = k_ioprio_which},
    {K_IOPRIO, .fmt = k_ioprio},
    {K_HOSTNAME, .fmt = k_hostname},
    {K_LDT, .fmt = k_ldt},
    {K_USER_DESC_OUT, .fmt = k_user_desc_out},
    {K_UTIMBUF, .fmt = k_utimbuf},
    {K_LONGP, .fmt = k_longp},
    {K_MINCORE_OUT, .fmt = k_mincore_out},
    {K_TIMEX_OUT, .fmt = k_timex_out},
    {K_SYSLOG_TYPE, .fmt = k_syslog_type, .flags = TRC_SELF_SEP},
    {K_KCMP_TYPE, .fmt = k_kcmp_type, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_struct6_rvs[] = {
    {RV_TIMEX, rv_timex},
    {RV_IOPRIO, rv_ioprio},
    {0, NULL},
};
