/* strace_struct4.c — more formatters of the system-call log: clone3's
 * structure, CPU affinity masks, utimensat/utimes times, memfd_create,
 * fallocate, readahead, copy_file_range, inotify, mlockall, personality.
 * Reads the guest's structures in the layout of the ABI the call came
 * through.  Mirrors strace's clone.c (clone3), affinity.c, utimes.c and
 * print_timespec.c, memfd_create.c, fallocate.c, readahead.c,
 * copy_file_range.c, inotify.c, mem.c (mlockall), personality.c
 * (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <string.h>
#include <time.h>

#include "strace_fmt.h"

#define F(v, n) \
  { v, n }

/* An i386 64-bit value split in two arguments, low half first. */

static void addr64(struct trc_buf *b, u64 v) {
  if (v)
    trc_printf(b, "%#llx", (unsigned long long)v);
  else
    trc_puts(b, "NULL");
}

/* ---- clone3 ---- */

/* struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal,
 * stack, stack_size, tls, set_tid, set_tid_size, cgroup (u64 each). */
static void fmt_clone3(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u64 size = ularg(c, 1), a[11] = {0};
  size_t n = size < sizeof a ? (size_t)size : sizeof a;
  if (n < 64 || !trc_read(c, a, addr, n)) return trc_ptr(b, c, addr);
  u64 fl = a[0];
  trc_puts(b, "{flags=");
  trc_clone_flags(b, fl);
  if (fl & 0x1000) trc_puts(b, ", pidfd="), addr64(b, a[1]);
  if (fl & 0x01200000) trc_puts(b, ", child_tid="), addr64(b, a[2]);
  if (fl & 0x00100000) trc_puts(b, ", parent_tid="), addr64(b, a[3]);
  if (a[4] < 0x7fffffff)
    trc_printf(b, ", exit_signal=%s", a[4] ? trc_signame((int)a[4]) : "0");
  else
    trc_printf(b, ", exit_signal=%llu", (unsigned long long)a[4]);
  trc_puts(b, ", stack=");
  addr64(b, a[5]);
  trc_printf(b, a[6] ? ", stack_size=%#llx" : ", stack_size=0", (unsigned long long)a[6]);
  if (fl & 0x00080000) {
    trc_puts(b, ", tls=");
    if (c->m32)
      trc_user_desc(b, c, a[7]);
    else
      addr64(b, a[7]);
  }
  if (a[8] || a[9]) {
    trc_puts(b, ", set_tid=");
    if (!a[8] || !a[9] || a[9] > 32 || !trc_read(c, &(u32){0}, a[8], 4)) {
      addr64(b, a[8]);
    } else {
      trc_puts(b, "[");
      for (u64 k = 0; k < a[9]; k++) {
        u32 t = 0;
        if (!trc_read(c, &t, a[8] + 4 * k, 4)) break;
        trc_printf(b, "%s%d", k ? ", " : "", (int)t);
      }
      trc_puts(b, "]");
    }
    trc_printf(b, ", set_tid_size=%llu", (unsigned long long)a[9]);
  }
  if (n > 80 && (a[10] || fl & 0x200000000ull))
    trc_printf(b, ", cgroup=%llu", (unsigned long long)a[10]);
  trc_puts(b, "}");
}

/* At exit: " => {pidfd=[n], parent_tid=[n]}", then the size. */
static void fmt_clone3_size(struct trc_buf *b, const struct trc_call *c) {
  u64 addr = ularg(c, 0), size = ularg(c, 1), a[4];
  if (!failed(c) && size >= 64 && trc_read(c, a, addr, sizeof a) && a[0] & 0x101000) {
    u32 v;
    trc_puts(b, " => {");
    if (a[0] & 0x1000) {
      trc_puts(b, "pidfd=");
      if (trc_read(c, &v, a[1], 4))
        trc_printf(b, "[%d]", (int)v);
      else
        addr64(b, a[1]);
    }
    if (a[0] & 0x100000) {
      trc_puts(b, a[0] & 0x1000 ? ", parent_tid=" : "parent_tid=");
      if (trc_read(c, &v, a[3], 4))
        trc_printf(b, "[%d]", (int)v);
      else
        addr64(b, a[3]);
    }
    trc_puts(b, "}");
  }
  trc_printf(b, ", %llu", (unsigned long long)size);
}

/* ---- affinity ---- */

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

/* ---- times ---- */

/* {tv_sec=1, tv_nsec=5} followed by the date as a comment, or
 * UTIME_NOW / UTIME_OMIT (strace's print_timespec_t_utime). */
static void fmt_utime(struct trc_buf *b, i64 sec, i64 frac, bool nsec) {
  if (nsec && frac == (1l << 30) - 1) return trc_puts(b, "UTIME_NOW");
  if (nsec && frac == (1l << 30) - 2) return trc_puts(b, "UTIME_OMIT");
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, nsec ? "tv_nsec" : "tv_usec",
             (long long)frac);
  trc_time_comment(b, sec, frac, nsec ? 9 : 6);
}

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

static void fmt_utimes(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                       bool nsec) {
  u8 s[32];
  bool w8 = wide || !c->m32;
  size_t half = w8 ? 16 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 2 * half)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (int k = 0; k < 2; k++) {
    const u8 *p = s + k * half;
    i64 sec = w8 ? (i64)rd64(p) : (i32)rd32(p), f = w8 ? (i64)rd64(p + 8) : (i32)rd32(p + 4);
    if (k) trc_puts(b, ", ");
    fmt_utime(b, sec, f, nsec);
  }
  trc_puts(b, "]");
}

/* ---- the kinds ---- */

static const struct trc_flag persona_flags[] = {F(0x0020000, "UNAME26"),
                                                F(0x0040000, "ADDR_NO_RANDOMIZE"),
                                                F(0x0080000, "FDPIC_FUNCPTRS"),
                                                F(0x0100000, "MMAP_PAGE_ZERO"),
                                                F(0x0200000, "ADDR_COMPAT_LAYOUT"),
                                                F(0x0400000, "READ_IMPLIES_EXEC"),
                                                F(0x0800000, "ADDR_LIMIT_32BIT"),
                                                F(0x1000000, "SHORT_INODE"),
                                                F(0x2000000, "WHOLE_SECONDS"),
                                                F(0x4000000, "STICKY_TIMEOUTS"),
                                                F(0x8000000, "ADDR_LIMIT_3GB"),
                                                {0, NULL}};

/* PER_LINUX|ADDR_NO_RANDOMIZE (strace's print personality: the type in the
 * low byte, then the flags). */
static void fmt_persona(struct trc_buf *b, u32 v) {
  static const struct trc_flag types[] = {
      F(0x00, "PER_LINUX"),    F(0x08, "PER_LINUX32"), F(0x01, "PER_SVR4"),
      F(0x02, "PER_SVR3"),     F(0x03, "PER_SCOSVR3"), F(0x04, "PER_OSR5"),
      F(0x05, "PER_WYSEV386"), F(0x06, "PER_ISCR4"),   F(0x07, "PER_BSD"),
      F(0x09, "PER_RISCOS"),   F(0x0a, "PER_IRIX32"),  F(0x0d, "PER_SOLARIS"),
      F(0x0f, "PER_OSF4"),     F(0x10, "PER_HPUX"),    {0, NULL}};
  const char *t = trc_xlat(v & 0xff, types);
  if (t)
    trc_puts(b, t);
  else
    trc_printf(b, "%#x /* PER_??? */", v & 0xff);
  if (v & ~0xffu) {
    trc_puts(b, "|");
    trc_flags(b, v & ~0xffu, persona_flags, NULL);
  }
}

static const struct trc_flag mfd[] = {F(1, "MFD_CLOEXEC"), F(2, "MFD_ALLOW_SEALING"),
                                      F(4, "MFD_HUGETLB"), F(8, "MFD_NOEXEC_SEAL"),
                                      F(16, "MFD_EXEC"),   {0, NULL}};
static const struct trc_flag in_init[] = {
    F(04000, "IN_NONBLOCK"), F(02000000, "IN_CLOEXEC"), {0, NULL}};
static const struct trc_flag in_mask[] = {F(0x1, "IN_ACCESS"),
                                          F(0x2, "IN_MODIFY"),
                                          F(0x4, "IN_ATTRIB"),
                                          F(0x8, "IN_CLOSE_WRITE"),
                                          F(0x10, "IN_CLOSE_NOWRITE"),
                                          F(0x20, "IN_OPEN"),
                                          F(0x40, "IN_MOVED_FROM"),
                                          F(0x80, "IN_MOVED_TO"),
                                          F(0x100, "IN_CREATE"),
                                          F(0x200, "IN_DELETE"),
                                          F(0x400, "IN_DELETE_SELF"),
                                          F(0x800, "IN_MOVE_SELF"),
                                          F(0x2000, "IN_UNMOUNT"),
                                          F(0x4000, "IN_Q_OVERFLOW"),
                                          F(0x8000, "IN_IGNORED"),
                                          F(0x1000000, "IN_ONLYDIR"),
                                          F(0x2000000, "IN_DONT_FOLLOW"),
                                          F(0x4000000, "IN_EXCL_UNLINK"),
                                          F(0x10000000, "IN_MASK_CREATE"),
                                          F(0x20000000, "IN_MASK_ADD"),
                                          F(0x40000000, "IN_ISDIR"),
                                          F(0x80000000, "IN_ONESHOT"),
                                          {0, NULL}};
static const struct trc_flag mcl[] = {
    F(1, "MCL_CURRENT"), F(2, "MCL_FUTURE"), F(4, "MCL_ONFAULT"), {0, NULL}};

TRC_FMT(k_clone3_args) { fmt_clone3(b, c, ularg(c, i)); }
TRC_FMT(k_cpuset) { fmt_cpuset(b, c, ularg(c, i), (long)ularg(c, p)); }
TRC_FMT(k_cpuset_out) { fmt_cpuset(b, c, ularg(c, i), c->ret); }
TRC_FMT(k_mfd_flags) { trc_flags(b, (u32)c->a[i], mfd, "0"); }
TRC_FMT(k_loffp) {
  u64 addr = ularg(c, i);
  u64 o;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &o, addr, 8)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%lld]", (long long)o);
}

TRC_FMT(k_utimens) { fmt_utimes(b, c, ularg(c, i), p == 64, true); }
TRC_FMT(k_utimes) { fmt_utimes(b, c, ularg(c, i), false, false); }
TRC_FMT(k_in_init_flags) { trc_flags(b, (u32)c->a[i], in_init, "0"); }
TRC_FMT(k_in_mask) { trc_flags(b, (u32)c->a[i], in_mask, "0"); }
TRC_FMT(k_mcl_flags) { trc_flags(b, (u32)c->a[i], mcl, "0"); }
TRC_FMT(k_persona) {
  u64 v = c->a[i];
  if ((u32)v == 0xffffffffu) return trc_puts(b, "0xffffffff");
  return fmt_persona(b, (u32)v);
}

static const struct trc_flag falloc[] = {
    F(1, "FALLOC_FL_KEEP_SIZE"),        F(2, "FALLOC_FL_PUNCH_HOLE"),
    F(4, "FALLOC_FL_NO_HIDE_STALE"),    F(8, "FALLOC_FL_COLLAPSE_RANGE"),
    F(0x10, "FALLOC_FL_ZERO_RANGE"),    F(0x20, "FALLOC_FL_INSERT_RANGE"),
    F(0x40, "FALLOC_FL_UNSHARE_RANGE"), {0, NULL}};

TRC_FMT(k_clone3_size) { fmt_clone3_size(b, c); }
TRC_FMT(k_falloc_rest) {
  /* x86-64 (mode, offset, len); i386 (mode, offset lo/hi, len lo/hi) */
  trc_puts(b, ", ");
  trc_flags(b, (u32)c->a[i], falloc, "0");
  if (c->m32)
    trc_printf(b, ", %lld, %lld", (long long)trc_lohi(c, i + 1), (long long)trc_lohi(c, i + 3));
  else
    trc_printf(b, ", %lld, %lld", (long long)c->a[i + 1], (long long)c->a[i + 2]);
}

TRC_FMT(k_readahead_rest) {
  /* x86-64 (offset, count); i386 (offset lo/hi, count) */
  if (c->m32)
    trc_printf(b, ", %lld, %u", (long long)trc_lohi(c, i), (u32)c->a[i + 2]);
  else
    trc_printf(b, ", %lld, %llu", (long long)c->a[i], (unsigned long long)c->a[i + 1]);
}

TRC_RV(rv_persona) {
  if (r == 0)
    trc_puts(b, "0 (PER_LINUX)");
  else {
    trc_printf(b, "%#lx (", (unsigned long)(u32)r);
    fmt_persona(b, (u32)r);
    trc_puts(b, ")");
  }
}

const struct trc_kind_def trc_struct4_kinds[] = {
    {K_CLONE3_ARGS, .fmt = k_clone3_args},
    {K_CPUSET, .fmt = k_cpuset},
    {K_CPUSET_OUT, .fmt = k_cpuset_out},
    {K_MFD_FLAGS, .fmt = k_mfd_flags},
    {K_LOFFP, .fmt = k_loffp},
    {K_UTIMENS, .fmt = k_utimens},
    {K_UTIMES, .fmt = k_utimes},
    {K_IN_INIT_FLAGS, .fmt = k_in_init_flags},
    {K_IN_MASK, .fmt = k_in_mask},
    {K_MCL_FLAGS, .fmt = k_mcl_flags},
    {K_PERSONA, .fmt = k_persona},
    {K_CLONE3_SIZE, .fmt = k_clone3_size, .flags = TRC_SELF_SEP},
    {K_FALLOC_REST, .fmt = k_falloc_rest, .flags = TRC_SELF_SEP},
    {K_READAHEAD_REST, .fmt = k_readahead_rest, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_struct4_rvs[] = {
    {RV_PERSONA, rv_persona},
    {0, NULL},
};
