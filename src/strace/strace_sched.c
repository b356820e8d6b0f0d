/* strace_sched.c — the system-call log's scheduling kinds: policies and
 * their result, sched_attr, CPU affinity masks, getpriority/setpriority's
 * which, ioprio_get/set and their result.  Mirrors strace's sched.c,
 * affinity.c, priority.c, ioprio.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE

#include "../abi/lx_proc.h"
#include "strace_fmt.h"

TRC_RV(rv_sched) {
  static const char *const pol[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
                                    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
  if (r >= 0 && r < (long)ARRAY_SIZE(pol))
    trc_printf(b, "%ld (%s)", r, pol[r]);
  else
    trc_printf(b, "%ld", r);
}

static const struct trc_flag sched_pol[] = {
    F(0, "SCHED_OTHER"), F(1, "SCHED_FIFO"), F(2, "SCHED_RR"),       F(3, "SCHED_BATCH"),
    F(4, "SCHED_ISO"),   F(5, "SCHED_IDLE"), F(6, "SCHED_DEADLINE"), {0, NULL}};

static void fmt_sched_policy(struct trc_buf *b, u32 v) {
  const char *n = trc_xlat(v & ~0x40000000u, sched_pol);
  if (!n) return trc_printf(b, "%#x /* SCHED_??? */", v);
  trc_puts(b, n);
  if (v & 0x40000000u) trc_puts(b, "|SCHED_RESET_ON_FORK");
}

static const struct trc_flag prio[] = {
    F(0, "PRIO_PROCESS"), F(1, "PRIO_PGRP"), F(2, "PRIO_USER"), {0, NULL}};

TRC_FMT(k_sched_policy) { fmt_sched_policy(b, (u32)c->a[i]); }

TRC_FMT(k_prio_which) { trc_xlat_unk(b, (u32)c->a[i], prio, "PRIO_???"); }

/* [0 1]: the set bits of len bytes (strace's print_affinitylist). */
static void fmt_cpuset(struct trc_buf *b, const struct trc_call *c, u64 addr, long len) {
  if (!addr) return trc_puts(b, "NULL");
  if (len < 0 || len > 8192) return trc_ptr(b, c, addr);
  u8 s[8192];
  if (len && !trc_read(c, s, addr, (size_t)len)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  bool first = true;
  for (long k = 0; k < len * 8; k++) {
    if (!(s[k / 8] >> (k % 8) & 1)) continue;
    trc_printf(b, "%s%ld", first ? "" : " ", k);
    first = false;
  }
  trc_puts(b, "]");
}

TRC_FMT(k_cpuset) { fmt_cpuset(b, c, ularg(c, i), (long)ularg(c, p)); }

TRC_FMT(k_cpuset_out) { fmt_cpuset(b, c, ularg(c, i), c->ret); }

static void fmt_sched_attr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 size) {
  static const char *const pol[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
                                    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
  static const struct trc_flag fl[] = {
      F(1, "SCHED_FLAG_RESET_ON_FORK"),     F(2, "SCHED_FLAG_RECLAIM"),
      F(4, "SCHED_FLAG_DL_OVERRUN"),        F(8, "SCHED_FLAG_KEEP_POLICY"),
      F(0x10, "SCHED_FLAG_KEEP_PARAMS"),    F(0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"),
      F(0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"), {0, NULL}};
  struct lx_sched_attr a = {0};
  if (!addr) return trc_puts(b, "NULL");
  /* at least SCHED_ATTR_SIZE_VER0 (through sched_period), at most VER1 */
  if (size < LX_THROUGH(struct lx_sched_attr, sched_period))
    size = LX_THROUGH(struct lx_sched_attr, sched_period);
  if (size > sizeof a) size = sizeof a;
  if (!trc_read(c, &a, addr, size)) return trc_ptr(b, c, addr);
  u32 policy = a.sched_policy;
  trc_printf(b, "{size=%u, sched_policy=", a.size);
  if (policy < ARRAY_SIZE(pol))
    trc_puts(b, pol[policy]);
  else
    trc_printf(b, "%#x /* SCHED_??? */", policy);
  trc_puts(b, ", sched_flags=");
  trc_flags(b, a.sched_flags, fl, "0");
  trc_printf(b,
             ", sched_nice=%d, sched_priority=%u, sched_runtime=%llu, sched_deadline=%llu, "
             "sched_period=%llu",
             a.sched_nice, a.sched_priority, (unsigned long long)a.sched_runtime,
             (unsigned long long)a.sched_deadline, (unsigned long long)a.sched_period);
  if (size >= sizeof a)
    trc_printf(b, ", sched_util_min=%u, sched_util_max=%u", a.sched_util_min, a.sched_util_max);
  trc_puts(b, "}");
}

static void fmt_ioprio(struct trc_buf *b, u32 v) {
  static const char *const cls[] = {"IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                                    "IOPRIO_CLASS_IDLE"};
  u32 k = v >> 13, data = v & 0x1fff;
  if (k < 4)
    trc_printf(b, "IOPRIO_PRIO_VALUE(%s, %u)", cls[k], data);
  else
    trc_printf(b, "IOPRIO_PRIO_VALUE(%#x /* IOPRIO_CLASS_??? */, %u)", k, data);
}

static const struct trc_flag ioprio_who[] = {
    F(1, "IOPRIO_WHO_PROCESS"), F(2, "IOPRIO_WHO_PGRP"), F(3, "IOPRIO_WHO_USER"), {0, NULL}};

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

TRC_FMT(k_ioprio_which) {
  u64 v = c->a[i];
  const char *n = trc_xlat((u32)v, ioprio_who);
  if (n) return trc_puts(b, n);
  return trc_printf(b, "%#x /* IOPRIO_WHO_??? */", (u32)v);
}

TRC_FMT(k_ioprio) { fmt_ioprio(b, (u32)c->a[i]); }

TRC_RV(rv_ioprio) {
  trc_printf(b, "%ld (", r);
  fmt_ioprio(b, (u32)r);
  trc_puts(b, ")");
}

const struct trc_kind_def trc_sched_kinds[] = {
    {K_SCHED_POLICY, .fmt = k_sched_policy},
    {K_PRIO_WHICH, .fmt = k_prio_which},
    {K_CPUSET, .fmt = k_cpuset},
    {K_CPUSET_OUT, .fmt = k_cpuset_out},
    {K_SCHED_ATTR, .fmt = k_sched_attr},
    {K_SCHED_ATTR_OUT, .fmt = k_sched_attr_out},
    {K_IOPRIO_WHICH, .fmt = k_ioprio_which},
    {K_IOPRIO, .fmt = k_ioprio},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_sched_rvs[] = {
    {RV_SCHED, rv_sched},
    {RV_IOPRIO, rv_ioprio},
    {0, NULL},
};
