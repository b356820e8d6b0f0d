/* strace_proc.c — the system-call log's process kinds: execve's argv and
 * envp, clone/clone3/unshare/setns flags and structures, wait options and
 * statuses, waitid's idtype, rusage/times/sysinfo, rlimits, uname,
 * prctl/arch_prctl, futex, personality, i386's user_desc (set/get_thread_area,
 * modify_ldt).  Reads the guest's structures in the layout of the ABI the
 * call came through.  Mirrors strace's execve.c, clone.c, wait.c,
 * resource.c, times.c, sysinfo.c, uname.c, prctl.c, process.c
 * (arch_prctl), futex.c, personality.c, ldt.c (non-verbose output of strace
 * 6.1). */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/wait.h>

#include "../abi/lx_proc.h"
#include "strace_fmt.h"

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] (without the brackets). */
void trc_wstatus(struct trc_buf *b, int st) {
  if (WIFEXITED(st)) {
    trc_printf(b, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}", WEXITSTATUS(st));
  } else if (WIFSIGNALED(st)) {
    trc_printf(b, "{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}", trc_signame(WTERMSIG(st)),
               WCOREDUMP(st) ? " && WCOREDUMP(s)" : "");
  } else if (WIFSTOPPED(st)) {
    trc_printf(b, "{WIFSTOPPED(s) && WSTOPSIG(s) == %s}", trc_signame(WSTOPSIG(st)));
  } else {
    trc_printf(b, "%#x", st);
  }
}

static const struct trc_flag arch_codes[] = {{0x1001, "ARCH_SET_GS"},
                                             {0x1002, "ARCH_SET_FS"},
                                             {0x1003, "ARCH_GET_FS"},
                                             {0x1004, "ARCH_GET_GS"},
                                             {0x1011, "ARCH_GET_CPUID"},
                                             {0x1012, "ARCH_SET_CPUID"},
                                             {0, NULL}};

static const struct trc_flag rlimits[] = {{0, "RLIMIT_CPU"},
                                          {1, "RLIMIT_FSIZE"},
                                          {2, "RLIMIT_DATA"},
                                          {3, "RLIMIT_STACK"},
                                          {4, "RLIMIT_CORE"},
                                          {5, "RLIMIT_RSS"},
                                          {6, "RLIMIT_NPROC"},
                                          {7, "RLIMIT_NOFILE"},
                                          {8, "RLIMIT_MEMLOCK"},
                                          {9, "RLIMIT_AS"},
                                          {10, "RLIMIT_LOCKS"},
                                          {11, "RLIMIT_SIGPENDING"},
                                          {12, "RLIMIT_MSGQUEUE"},
                                          {13, "RLIMIT_NICE"},
                                          {14, "RLIMIT_RTPRIO"},
                                          {15, "RLIMIT_RTTIME"},
                                          {0, NULL}};

static const struct trc_flag wait_opts[] = {
    {1, "WNOHANG"},         {2, "WUNTRACED"},         {4, "WEXITED"},
    {8, "WCONTINUED"},      {0x01000000, "WNOWAIT"},  {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"}, {0, NULL}};

static void fmt_futex_op(struct trc_buf *b, u32 op) {
  static const struct trc_flag cmds[] = {{FUTEX_WAIT, "FUTEX_WAIT"},
                                         {FUTEX_WAKE, "FUTEX_WAKE"},
                                         {FUTEX_FD, "FUTEX_FD"},
                                         {FUTEX_REQUEUE, "FUTEX_REQUEUE"},
                                         {FUTEX_CMP_REQUEUE, "FUTEX_CMP_REQUEUE"},
                                         {FUTEX_WAKE_OP, "FUTEX_WAKE_OP"},
                                         {FUTEX_LOCK_PI, "FUTEX_LOCK_PI"},
                                         {FUTEX_UNLOCK_PI, "FUTEX_UNLOCK_PI"},
                                         {FUTEX_TRYLOCK_PI, "FUTEX_TRYLOCK_PI"},
                                         {FUTEX_WAIT_BITSET, "FUTEX_WAIT_BITSET"},
                                         {FUTEX_WAKE_BITSET, "FUTEX_WAKE_BITSET"},
                                         {FUTEX_WAIT_REQUEUE_PI, "FUTEX_WAIT_REQUEUE_PI"},
                                         {FUTEX_CMP_REQUEUE_PI, "FUTEX_CMP_REQUEUE_PI"},
                                         {FUTEX_LOCK_PI2, "FUTEX_LOCK_PI2"},
                                         {0, NULL}};
  const char *n = trc_xlat(op & FUTEX_CMD_MASK, cmds);
  if (!n) {
    trc_printf(b, "%#x", op);
    return;
  }
  trc_printf(b, "%s%s", n, op & FUTEX_PRIVATE_FLAG ? "_PRIVATE" : "");
  if (op & FUTEX_CLOCK_REALTIME) trc_puts(b, "|FUTEX_CLOCK_REALTIME");
}

/* futex(uaddr, op, val, ...): what follows val depends on the command
 * (strace's futex.c). */
static void fmt_futex_rest(struct trc_buf *b, const struct trc_call *c, int i) {
  u32 op = (u32)c->a[1], cmd = op & FUTEX_CMD_MASK;
  switch (cmd) {
  case FUTEX_WAIT:
  case FUTEX_LOCK_PI:
  case FUTEX_LOCK_PI2:
    trc_puts(b, ", ");
    trc_timespec(b, c, ularg(c, i), false, "tv_nsec");
    break;
  case FUTEX_WAIT_BITSET:
    trc_puts(b, ", ");
    trc_timespec(b, c, ularg(c, i), false, "tv_nsec");
    if ((u32)c->a[5] == FUTEX_BITSET_MATCH_ANY)
      trc_puts(b, ", FUTEX_BITSET_MATCH_ANY");
    else
      trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  case FUTEX_WAKE_BITSET:
    if ((u32)c->a[5] == FUTEX_BITSET_MATCH_ANY)
      trc_puts(b, ", FUTEX_BITSET_MATCH_ANY");
    else
      trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  case FUTEX_REQUEUE:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    break;
  case FUTEX_CMP_REQUEUE:
  case FUTEX_CMP_REQUEUE_PI:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    trc_printf(b, ", %u", (u32)c->a[5]);
    break;
  case FUTEX_WAKE_OP:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  default: break;
  }
}

TRC_FMT(k_arch_prctl) { trc_xlat_fmt(b, (u32)c->a[i], arch_codes, "%#llx"); }

TRC_FMT(k_futex_op) { fmt_futex_op(b, (u32)c->a[i]); }

TRC_FMT(k_rlimit_res) { trc_xlat_fmt(b, (u32)c->a[i], rlimits, "%#llx /* RLIMIT_??? */"); }

TRC_FMT(k_wait_opts) { trc_flags(b, (u32)c->a[i], wait_opts, "0"); }

TRC_FMT(k_futex_rest) { fmt_futex_rest(b, c, i); }

/* {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}: struct rlimit64 for
 * prlimit64, struct rlimit (the ABI's unsigned long) for the others. */
static void fmt_rlim_val(struct trc_buf *b, u64 v, size_t w, bool is64) {
  if (v == (w == 8 ? ~0ull : 0xffffffffull))
    trc_puts(b, is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
  else if (v && v % 1024 == 0)
    trc_printf(b, "%llu*1024", (unsigned long long)(v / 1024));
  else
    trc_printf(b, "%llu", (unsigned long long)v);
}

static void fmt_rlimit(struct trc_buf *b, const struct trc_call *c, u64 addr, bool is64) {
  struct lx_rlimit64 r64;
  struct lx32_rlimit r32;
  size_t w = is64 || !c->m32 ? 8 : 4;
  if (!(w == 8 ? trc_read(c, &r64, addr, sizeof r64) : trc_read(c, &r32, addr, sizeof r32)))
    return trc_ptr(b, c, addr);
  u64 cur = w == 8 ? r64.rlim_cur : r32.rlim_cur, max = w == 8 ? r64.rlim_max : r32.rlim_max;
  trc_puts(b, "{rlim_cur=");
  fmt_rlim_val(b, cur, w, is64);
  trc_puts(b, ", rlim_max=");
  fmt_rlim_val(b, max, w, is64);
  trc_puts(b, "}");
}

static void fmt_argv(struct trc_buf *b, const struct trc_call *c, u64 addr, bool envp) {
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  u64 n = 0;
  if (envp) {
    u8 e[8];
    while (n < 65536 && trc_read(c, e, addr + n * w, w) && trc_word(c, e)) n++;
    trc_ptr(b, c, addr);
    trc_printf(b, " /* %llu var%s */", (unsigned long long)n, n == 1 ? "" : "s");
    return;
  }
  trc_puts(b, "[");
  for (;; n++) {
    u8 e[8];
    if (!trc_read(c, e, addr + n * w, w)) {
      if (!n) {
        b->n--;
        return trc_ptr(b, c, addr);
      }
      trc_puts(b, ", ...");
      break;
    }
    u64 p = trc_word(c, e);
    if (!p) break;
    if ((long long)n >= trc_max_strlen()) {
      trc_puts(b, ", ...");
      break;
    }
    if (n) trc_puts(b, ", ");
    trc_str(b, c, p, -1, -1);
  }
  trc_puts(b, "]");
}

static void fmt_user_desc(struct trc_buf *b, const struct trc_call *c, u64 addr, bool at_exit) {
  struct lx_user_desc u;
  if (!trc_read(c, &u, addr, sizeof u)) return trc_ptr(b, c, addr);
  if (at_exit) {
    trc_printf(b, "(entry_number=%d)", (int)u.entry_number);
    return;
  }
  u32 f = u.flags;
  trc_printf(b,
             "{entry_number=%d, base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
             "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u}",
             (int)u.entry_number, u.base_addr, u.limit, f & 1, f >> 1 & 3, f >> 3 & 1, f >> 4 & 1,
             f >> 5 & 1, f >> 6 & 1);
}

static const struct trc_flag cf[] = {{CLONE_VM, "CLONE_VM"},
                                     {CLONE_FS, "CLONE_FS"},
                                     {CLONE_FILES, "CLONE_FILES"},
                                     {CLONE_SIGHAND, "CLONE_SIGHAND"},
                                     {0x1000, "CLONE_PIDFD"},
                                     {CLONE_PTRACE, "CLONE_PTRACE"},
                                     {CLONE_VFORK, "CLONE_VFORK"},
                                     {CLONE_PARENT, "CLONE_PARENT"},
                                     {CLONE_THREAD, "CLONE_THREAD"},
                                     {CLONE_NEWNS, "CLONE_NEWNS"},
                                     {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
                                     {CLONE_SETTLS, "CLONE_SETTLS"},
                                     {CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"},
                                     {CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"},
                                     {CLONE_DETACHED, "CLONE_DETACHED"},
                                     {CLONE_UNTRACED, "CLONE_UNTRACED"},
                                     {CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"},
                                     {0x02000000, "CLONE_NEWCGROUP"},
                                     {0x04000000, "CLONE_NEWUTS"},
                                     {0x08000000, "CLONE_NEWIPC"},
                                     {0x10000000, "CLONE_NEWUSER"},
                                     {0x20000000, "CLONE_NEWPID"},
                                     {0x40000000, "CLONE_NEWNET"},
                                     {0x80000000, "CLONE_IO"},
                                     {0x100000000ull, "CLONE_CLEAR_SIGHAND"},
                                     {0x200000000ull, "CLONE_INTO_CGROUP"},
                                     {0, NULL}};

void trc_clone_flags(struct trc_buf *b, u64 flags) { trc_flags(b, flags, cf, "0"); }

static void fmt_clone(struct trc_buf *b, const struct trc_call *c) {
  u64 flags = ularg(c, 0);
  trc_puts(b, "child_stack=");
  trc_ptr(b, c, ularg(c, 1));
  trc_puts(b, ", flags=");
  trc_flags(b, flags & ~0xffull, cf, NULL);
  if (flags & 0xff) trc_printf(b, "%s%s", flags & ~0xffull ? "|" : "", trc_signame(flags & 0xff));
}

/* At exit (strace's clone.c): the tid the kernel stored at parent_tid, the
 * TLS, the child's tid pointer. */
static void fmt_clone_tail(struct trc_buf *b, const struct trc_call *c) {
  u64 flags = ularg(c, 0);
  /* x86-64: flags, stack, parent_tid, child_tid, tls; i386: flags, stack,
   * parent_tid, tls, child_tid. */
  u64 ptid = ularg(c, 2), ctid = ularg(c, c->m32 ? 4 : 3), tls = ularg(c, c->m32 ? 3 : 4);
  if (flags & CLONE_PARENT_SETTID) {
    u32 v;
    trc_puts(b, ", parent_tid=");
    if (!failed(c) && trc_read(c, &v, ptid, 4))
      trc_printf(b, "[%u]", v);
    else
      trc_ptr(b, c, ptid);
  }
  if (flags & CLONE_SETTLS) {
    trc_puts(b, ", tls=");
    trc_ptr(b, c, tls);
  }
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
    trc_puts(b, ", child_tidptr=");
    trc_ptr(b, c, ctid);
  }
}

/* Only the two names shown are read. */
static void fmt_utsname(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx_utsname u;
  if (!trc_read(c, &u, addr, offsetof(struct lx_utsname, release))) return trc_ptr(b, c, addr);
  trc_puts(b, "{sysname=");
  trc_quote(b, (const u8 *)u.sysname, sizeof u.sysname, true, false);
  trc_puts(b, ", nodename=");
  trc_quote(b, (const u8 *)u.nodename, sizeof u.nodename, true, false);
  trc_puts(b, ", ...}");
}

TRC_FMT(k_rlimit64) { fmt_rlimit(b, c, ularg(c, i), true); }

TRC_FMT(k_rlimit) { fmt_rlimit(b, c, ularg(c, i), false); }

TRC_FMT(k_argv) { fmt_argv(b, c, ularg(c, i), false); }

TRC_FMT(k_envp) { fmt_argv(b, c, ularg(c, i), true); }

TRC_FMT(k_user_desc) { fmt_user_desc(b, c, ularg(c, i), false); }

TRC_FMT(k_clone_flags) { fmt_clone(b, c); }

TRC_FMT(k_clone_tail) { fmt_clone_tail(b, c); }

TRC_FMT(k_rlimit64_out) { fmt_rlimit(b, c, ularg(c, i), true); }

TRC_FMT(k_rlimit_out) { fmt_rlimit(b, c, ularg(c, i), false); }

TRC_FMT(k_utsname_out) { fmt_utsname(b, c, ularg(c, i)); }

TRC_FMT(k_wstatus_out) {
  u64 addr = ularg(c, i);
  u32 st;
  if (failed(c) || c->ret == 0 || !trc_read(c, &st, addr, 4)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  trc_wstatus(b, (int)st);
  trc_puts(b, "]");
}

void trc_user_desc(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  fmt_user_desc(b, c, addr, false);
}

static bool after_user_desc(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                            int i) {
  trc_puts(b, " ");
  fmt_user_desc(b, c, ularg(c, i), true);
  return true;
}

TRC_RV(rv_prctl) {
  if ((u32)c->a[0] == 3 /* PR_GET_DUMPABLE */ && r >= 0 && r <= 2) {
    static const char *const d[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"};
    trc_printf(b, "%ld (%s)", r, d[r]);
  } else {
    trc_printf(b, "%ld", r);
  }
}

static const struct trc_flag prctl_ops[] = {F(1, "PR_SET_PDEATHSIG"),
                                            F(2, "PR_GET_PDEATHSIG"),
                                            F(3, "PR_GET_DUMPABLE"),
                                            F(4, "PR_SET_DUMPABLE"),
                                            F(7, "PR_GET_KEEPCAPS"),
                                            F(8, "PR_SET_KEEPCAPS"),
                                            F(13, "PR_GET_TIMING"),
                                            F(14, "PR_SET_TIMING"),
                                            F(15, "PR_SET_NAME"),
                                            F(16, "PR_GET_NAME"),
                                            F(21, "PR_GET_SECCOMP"),
                                            F(29, "PR_SET_TIMERSLACK"),
                                            F(30, "PR_GET_TIMERSLACK"),
                                            F(31, "PR_TASK_PERF_EVENTS_DISABLE"),
                                            F(32, "PR_TASK_PERF_EVENTS_ENABLE"),
                                            F(36, "PR_SET_CHILD_SUBREAPER"),
                                            F(37, "PR_GET_CHILD_SUBREAPER"),
                                            F(38, "PR_SET_NO_NEW_PRIVS"),
                                            F(39, "PR_GET_NO_NEW_PRIVS"),
                                            F(40, "PR_GET_TID_ADDRESS"),
                                            F(41, "PR_SET_THP_DISABLE"),
                                            F(42, "PR_GET_THP_DISABLE"),
                                            F(57, "PR_SET_IO_FLUSHER"),
                                            F(58, "PR_GET_IO_FLUSHER"),
                                            {0, NULL}};

static void prctl_args_from(struct trc_buf *b, const struct trc_call *c, int from) {
  for (int k = from; k <= 4; k++) {
    u64 v = ularg(c, k);
    trc_printf(b, v ? ", %#llx" : ", 0", (unsigned long long)v);
  }
}

/* The option and what strace prints of it at entry. */
static void fmt_prctl_op(struct trc_buf *b, const struct trc_call *c) {
  static const char *const dump[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"};
  u32 op = (u32)c->a[0];
  u64 a2 = ularg(c, 1);
  const char *n = trc_xlat(op, prctl_ops);
  if (!n) {
    trc_printf(b, "%#x /* PR_??? */", op);
    return prctl_args_from(b, c, 1);
  }
  trc_puts(b, n);
  switch (op) {
  case 3:
  case 7:
  case 13:
  case 21:
  case 30:
  case 31:
  case 32: /* no arguments */
  case 2:
  case 16:
  case 37:
  case 40: /* printed at exit */ return;
  case 15: trc_puts(b, ", "); return trc_str(b, c, a2, -1, 15);
  case 1:
    if (a2 > 128) return trc_printf(b, ", %llu", (unsigned long long)a2);
    return trc_printf(b, ", %s", a2 ? trc_signame((int)a2) : "0");
  case 4:
    if (a2 <= 2) return trc_printf(b, ", %s", dump[a2]);
    return trc_printf(b, ", %#llx /* SUID_DUMP_??? */", (unsigned long long)a2);
  case 8:
  case 14:
  case 36: return trc_printf(b, ", %llu", (unsigned long long)a2);
  case 29: return trc_printf(b, ", %lld", (long long)(c->m32 ? (i32)a2 : (i64)a2));
  case 38:
  case 41:
  case 57: trc_printf(b, ", %llu", (unsigned long long)a2); return prctl_args_from(b, c, 2);
  default: return prctl_args_from(b, c, 1);
  }
}

static void fmt_prctl_out(struct trc_buf *b, const struct trc_call *c) {
  u32 op = (u32)c->a[0];
  u64 a2 = ularg(c, 1);
  u8 s[8];
  if (op != 2 && op != 16 && op != 37 && op != 40) return;
  trc_puts(b, ", ");
  if (failed(c)) return trc_ptr(b, c, a2);
  switch (op) {
  case 16: return trc_str(b, c, a2, -1, 16);
  case 2:
    if (!trc_read(c, s, a2, 4)) return trc_ptr(b, c, a2);
    return trc_printf(b, "[%s]", rd32(s) ? trc_signame((int)rd32(s)) : "0");
  case 37:
    if (!trc_read(c, s, a2, 4)) return trc_ptr(b, c, a2);
    return trc_printf(b, "[%u]", rd32(s));
  default:
    if (!trc_read(c, s, a2, wsize(c))) return trc_ptr(b, c, a2);
    trc_puts(b, "[");
    trc_ptr(b, c, trc_word(c, s));
    return trc_puts(b, "]");
  }
}

static void fmt_rusage(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  /* only the two timevals are shown, and read */
  struct lx64_rusage r64;
  struct lx32_rusage r32;
  if (!addr) return trc_puts(b, "NULL");
  if (!(c->m32 ? trc_read(c, &r32, addr, offsetof(struct lx32_rusage, ru_maxrss))
               : trc_read(c, &r64, addr, offsetof(struct lx64_rusage, ru_maxrss))))
    return trc_ptr(b, c, addr);
  trc_printf(b, "{ru_utime={tv_sec=%lld, tv_usec=%lld}, ru_stime={tv_sec=%lld, tv_usec=%lld}, ...}",
             (long long)(c->m32 ? r32.ru_utime.tv_sec : r64.ru_utime.tv_sec),
             (long long)(c->m32 ? r32.ru_utime.tv_usec : r64.ru_utime.tv_usec),
             (long long)(c->m32 ? r32.ru_stime.tv_sec : r64.ru_stime.tv_sec),
             (long long)(c->m32 ? r32.ru_stime.tv_usec : r64.ru_stime.tv_usec));
}

static void fmt_tms(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  /* clock_t printed as the ABI's unsigned long */
  struct lx64_tms t64;
  struct lx32_tms t32;
  u64 v[4];
  if (c->m32) {
    if (!trc_read(c, &t32, addr, sizeof t32)) return trc_ptr(b, c, addr);
    v[0] = (u32)t32.tms_utime, v[1] = (u32)t32.tms_stime;
    v[2] = (u32)t32.tms_cutime, v[3] = (u32)t32.tms_cstime;
  } else {
    if (!trc_read(c, &t64, addr, sizeof t64)) return trc_ptr(b, c, addr);
    v[0] = (u64)t64.tms_utime, v[1] = (u64)t64.tms_stime;
    v[2] = (u64)t64.tms_cutime, v[3] = (u64)t64.tms_cstime;
  }
  trc_printf(b, "{tms_utime=%llu, tms_stime=%llu, tms_cutime=%llu, tms_cstime=%llu}",
             (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
             (unsigned long long)v[3]);
}

static void fmt_sysinfo(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const char *const names[] = {"totalram",  "freeram",   "sharedram",
                                      "bufferram", "totalswap", "freeswap"};
  /* the ABI's words widened to u64; i386's _f is not read */
  struct lx64_sysinfo s;
  i64 uptime;
  u64 ram[6], loads[3], high[2];
  if (c->m32) {
    struct lx32_sysinfo s32;
    if (!trc_read(c, &s32, addr, offsetof(struct lx32_sysinfo, f))) return trc_ptr(b, c, addr);
    uptime = s32.uptime;
    for (int k = 0; k < 3; k++) loads[k] = s32.loads[k];
    ram[0] = s32.totalram, ram[1] = s32.freeram, ram[2] = s32.sharedram;
    ram[3] = s32.bufferram, ram[4] = s32.totalswap, ram[5] = s32.freeswap;
    high[0] = s32.totalhigh, high[1] = s32.freehigh;
    s.procs = s32.procs, s.mem_unit = s32.mem_unit;
  } else {
    if (!trc_read(c, &s, addr, sizeof s)) return trc_ptr(b, c, addr);
    uptime = s.uptime;
    for (int k = 0; k < 3; k++) loads[k] = s.loads[k];
    ram[0] = s.totalram, ram[1] = s.freeram, ram[2] = s.sharedram;
    ram[3] = s.bufferram, ram[4] = s.totalswap, ram[5] = s.freeswap;
    high[0] = s.totalhigh, high[1] = s.freehigh;
  }
  trc_printf(b, "{uptime=%lld, loads=[%llu, %llu, %llu]", (long long)uptime,
             (unsigned long long)loads[0], (unsigned long long)loads[1],
             (unsigned long long)loads[2]);
  for (int k = 0; k < 6; k++) trc_printf(b, ", %s=%llu", names[k], (unsigned long long)ram[k]);
  trc_printf(b, ", procs=%u, totalhigh=%llu, freehigh=%llu, mem_unit=%u}", s.procs,
             (unsigned long long)high[0], (unsigned long long)high[1], s.mem_unit);
}

static const struct trc_flag rusage_who[] = {
    F(0, "RUSAGE_SELF"), F((u32)-1, "RUSAGE_CHILDREN"), F(1, "RUSAGE_THREAD"), {0, NULL}};

static const struct trc_flag idt[] = {
    F(0, "P_ALL"), F(1, "P_PID"), F(2, "P_PGID"), F(3, "P_PIDFD"), {0, NULL}};

TRC_FMT(k_prctl_op) { fmt_prctl_op(b, c); }

TRC_FMT(k_rusage_who) { trc_xlat_unk(b, (u32)c->a[i], rusage_who, "RUSAGE_???"); }

TRC_FMT(k_idtype) { trc_xlat_unk(b, (u32)c->a[i], idt, "P_???"); }

TRC_FMT(k_rusage_in) {
  u64 addr = ularg(c, i);
  if (!c->exiting || failed(c) || !addr) return trc_ptr(b, c, addr);
  return fmt_rusage(b, c, addr);
}

TRC_FMT(k_rusage_out) { fmt_rusage(b, c, ularg(c, i)); }

TRC_FMT(k_tms_out) { fmt_tms(b, c, ularg(c, i)); }

TRC_FMT(k_sysinfo_out) { fmt_sysinfo(b, c, ularg(c, i)); }

TRC_FMT(k_clone3) { trc_ptr(b, c, ularg(c, i)); }

TRC_FMT(k_prctl_out) { fmt_prctl_out(b, c); }

/* An i386 64-bit value split in two arguments, low half first. */

static void addr64(struct trc_buf *b, u64 v) {
  if (v)
    trc_printf(b, "%#llx", (unsigned long long)v);
  else
    trc_puts(b, "NULL");
}

/* struct clone_args (src/abi/lx_proc.h), of size bytes, at most the 88 it
 * has in emu. */
static void fmt_clone3(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u64 size = ularg(c, 1);
  struct lx_clone_args a = {0};
  size_t n = size < sizeof a ? (size_t)size : sizeof a;
  if (n < LX_CLONE_ARGS_SIZE_VER0 || !trc_read(c, &a, addr, n)) return trc_ptr(b, c, addr);
  u64 fl = a.flags;
  trc_puts(b, "{flags=");
  trc_clone_flags(b, fl);
  if (fl & 0x1000) trc_puts(b, ", pidfd="), addr64(b, a.pidfd);
  if (fl & 0x01200000) trc_puts(b, ", child_tid="), addr64(b, a.child_tid);
  if (fl & 0x00100000) trc_puts(b, ", parent_tid="), addr64(b, a.parent_tid);
  if (a.exit_signal < 0x7fffffff)
    trc_printf(b, ", exit_signal=%s", a.exit_signal ? trc_signame((int)a.exit_signal) : "0");
  else
    trc_printf(b, ", exit_signal=%llu", (unsigned long long)a.exit_signal);
  trc_puts(b, ", stack=");
  addr64(b, a.stack);
  trc_printf(b, a.stack_size ? ", stack_size=%#llx" : ", stack_size=0",
             (unsigned long long)a.stack_size);
  if (fl & 0x00080000) {
    trc_puts(b, ", tls=");
    if (c->m32)
      trc_user_desc(b, c, a.tls);
    else
      addr64(b, a.tls);
  }
  if (a.set_tid || a.set_tid_size) {
    trc_puts(b, ", set_tid=");
    if (!a.set_tid || !a.set_tid_size || a.set_tid_size > 32 ||
        !trc_read(c, &(u32){0}, a.set_tid, 4)) {
      addr64(b, a.set_tid);
    } else {
      trc_puts(b, "[");
      for (u64 k = 0; k < a.set_tid_size; k++) {
        u32 t = 0;
        if (!trc_read(c, &t, a.set_tid + 4 * k, 4)) break;
        trc_printf(b, "%s%d", k ? ", " : "", (int)t);
      }
      trc_puts(b, "]");
    }
    trc_printf(b, ", set_tid_size=%llu", (unsigned long long)a.set_tid_size);
  }
  if (n > LX_CLONE_ARGS_SIZE_VER1 && (a.cgroup || fl & 0x200000000ull))
    trc_printf(b, ", cgroup=%llu", (unsigned long long)a.cgroup);
  trc_puts(b, "}");
}

/* At exit: " => {pidfd=[n], parent_tid=[n]}", then the size.  Only the
 * clone_args fields up to parent_tid are read. */
static void fmt_clone3_size(struct trc_buf *b, const struct trc_call *c) {
  u64 addr = ularg(c, 0), size = ularg(c, 1);
  struct lx_clone_args a;
  if (!failed(c) && size >= LX_CLONE_ARGS_SIZE_VER0 &&
      trc_read(c, &a, addr, offsetof(struct lx_clone_args, exit_signal)) && a.flags & 0x101000) {
    u32 v;
    trc_puts(b, " => {");
    if (a.flags & 0x1000) {
      trc_puts(b, "pidfd=");
      if (trc_read(c, &v, a.pidfd, 4))
        trc_printf(b, "[%d]", (int)v);
      else
        addr64(b, a.pidfd);
    }
    if (a.flags & 0x100000) {
      trc_puts(b, a.flags & 0x1000 ? ", parent_tid=" : "parent_tid=");
      if (trc_read(c, &v, a.parent_tid, 4))
        trc_printf(b, "[%d]", (int)v);
      else
        addr64(b, a.parent_tid);
    }
    trc_puts(b, "}");
  }
  trc_printf(b, ", %llu", (unsigned long long)size);
}

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

TRC_FMT(k_clone3_args) { fmt_clone3(b, c, ularg(c, i)); }

TRC_FMT(k_persona) {
  u64 v = c->a[i];
  if ((u32)v == 0xffffffffu) return trc_puts(b, "0xffffffff");
  return fmt_persona(b, (u32)v);
}

TRC_FMT(k_clone3_size) { fmt_clone3_size(b, c); }

TRC_RV(rv_persona) {
  if (r == 0)
    trc_puts(b, "0 (PER_LINUX)");
  else {
    trc_printf(b, "%#lx (", (unsigned long)(u32)r);
    fmt_persona(b, (u32)r);
    trc_puts(b, ")");
  }
}

static const struct trc_flag ns_flags[] = {
    F(0x00000080, "CLONE_NEWTIME"), F(0x00020000, "CLONE_NEWNS"),  F(0x02000000, "CLONE_NEWCGROUP"),
    F(0x04000000, "CLONE_NEWUTS"),  F(0x08000000, "CLONE_NEWIPC"), F(0x10000000, "CLONE_NEWUSER"),
    F(0x20000000, "CLONE_NEWPID"),  F(0x40000000, "CLONE_NEWNET"), {0, NULL}};

static const struct trc_flag unshare_flags[] = {
    F(0x400, "CLONE_FILES"),          F(0x200, "CLONE_FS"),          F(0x00020000, "CLONE_NEWNS"),
    F(0x02000000, "CLONE_NEWCGROUP"), F(0x04000000, "CLONE_NEWUTS"), F(0x08000000, "CLONE_NEWIPC"),
    F(0x10000000, "CLONE_NEWUSER"),   F(0x20000000, "CLONE_NEWPID"), F(0x40000000, "CLONE_NEWNET"),
    F(0x80, "CLONE_NEWTIME"),         F(0x40000, "CLONE_SYSVSEM"),   F(0x800, "CLONE_SIGHAND"),
    F(0x10000, "CLONE_THREAD"),       F(0x100, "CLONE_VM"),          {0, NULL}};

TRC_FMT(k_unshare_flags) { trc_flags_dflt(b, ularg(c, i), unshare_flags, "CLONE_???"); }

TRC_FMT(k_setns_type) { trc_flags_dflt(b, (u32)c->a[i], ns_flags, "CLONE_NEW???"); }

static void fmt_user_desc_full(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx_user_desc u;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &u, addr, sizeof u)) return trc_ptr(b, c, addr);
  u32 f = u.flags;
  trc_printf(b,
             "{entry_number=%d, base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
             "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u",
             (int)u.entry_number, u.base_addr, u.limit, f & 1, f >> 1 & 3, f >> 3 & 1, f >> 4 & 1,
             f >> 5 & 1, f >> 6 & 1);
  if (!c->m32) trc_printf(b, ", lm=%u", f >> 7 & 1);
  trc_puts(b, "}");
}

TRC_FMT(k_ldt) {
  u64 addr = ularg(c, i);
  if (ularg(c, p) != 16) return trc_ptr(b, c, addr);
  return fmt_user_desc_full(b, c, addr);
}

TRC_FMT(k_user_desc_out) { fmt_user_desc_full(b, c, ularg(c, i)); }

/* perf_event_open's flags (strace's perf.c; the attributes are not decoded) */
static const struct trc_flag perf_flags[] = {F(1, "PERF_FLAG_FD_NO_GROUP"),
                                             F(2, "PERF_FLAG_FD_OUTPUT"),
                                             F(4, "PERF_FLAG_PID_CGROUP"),
                                             F(8, "PERF_FLAG_FD_CLOEXEC"),
                                             {0, NULL}};
TRC_FMT(k_perf_flags) { trc_flags(b, ularg(c, i), perf_flags, "0"); }

const struct trc_kind_def trc_proc_kinds[] = {
    {K_ARCH_PRCTL, .fmt = k_arch_prctl},
    {K_FUTEX_OP, .fmt = k_futex_op},
    {K_RLIMIT_RES, .fmt = k_rlimit_res},
    {K_WAIT_OPTS, .fmt = k_wait_opts},
    {K_FUTEX_REST, .fmt = k_futex_rest, .flags = TRC_SELF_SEP},
    {K_RLIMIT64, .fmt = k_rlimit64},
    {K_RLIMIT, .fmt = k_rlimit},
    {K_ARGV, .fmt = k_argv},
    {K_ENVP, .fmt = k_envp},
    {K_USER_DESC, .fmt = k_user_desc, .after = after_user_desc},
    {K_CLONE_FLAGS, .fmt = k_clone_flags},
    {K_RLIMIT64_OUT, .fmt = k_rlimit64_out},
    {K_RLIMIT_OUT, .fmt = k_rlimit_out},
    {K_UTSNAME_OUT, .fmt = k_utsname_out},
    {K_WSTATUS_OUT, .fmt = k_wstatus_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_PRCTL_OP, .fmt = k_prctl_op},
    {K_RUSAGE_WHO, .fmt = k_rusage_who},
    {K_IDTYPE, .fmt = k_idtype},
    {K_RUSAGE_IN, .fmt = k_rusage_in},
    {K_RUSAGE_OUT, .fmt = k_rusage_out},
    {K_TMS_OUT, .fmt = k_tms_out},
    {K_SYSINFO_OUT, .fmt = k_sysinfo_out},
    {K_CLONE3, .fmt = k_clone3},
    {K_PRCTL_OUT, .fmt = k_prctl_out, .flags = TRC_SELF_SEP},
    {K_CLONE3_ARGS, .fmt = k_clone3_args},
    {K_PERSONA, .fmt = k_persona},
    {K_CLONE3_SIZE, .fmt = k_clone3_size, .flags = TRC_SELF_SEP},
    {K_CLONE_TAIL, .fmt = k_clone_tail, .flags = TRC_SELF_SEP},
    {K_UNSHARE_FLAGS, .fmt = k_unshare_flags},
    {K_SETNS_TYPE, .fmt = k_setns_type},
    {K_LDT, .fmt = k_ldt},
    {K_USER_DESC_OUT, .fmt = k_user_desc_out},
    {K_PERF_FLAGS, .fmt = k_perf_flags},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_proc_rvs[] = {
    {RV_PRCTL, rv_prctl},
    {RV_PERSONA, rv_persona},
    {0, NULL},
};
