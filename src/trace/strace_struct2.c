/* strace_struct2.c — more formatters of the system-call log: signal frames
 * and masks (rt_sigreturn, sigreturn, sigaltstack, siginfo, the i386 old
 * sigaction/sigprocmask/signal), POSIX and interval timers, timerfd,
 * eventfd, signalfd, epoll, and the result annotations of these calls.
 * Reads the guest's structures in the layout of the ABI the call came
 * through, as strace_struct.c does.  Mirrors strace's signal.c,
 * printsiginfo.c, print_sigevent.c, time.c, timerfd.c, eventfd.c,
 * signalfd.c, epoll.c (non-verbose output of strace 6.1).  The process,
 * file and socket kinds are in strace_struct3.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "strace_fmt.h"

#define F(v, n) \
  { v, n }

/* ---- signal masks and actions ---- */

static const struct trc_flag sa_flags[] = {
    F(0x04000000, "SA_RESTORER"), F(0x08000000, "SA_ONSTACK"),
    F(0x10000000, "SA_RESTART"),  F(0x20000000, "SA_INTERRUPT"),
    F(0x40000000, "SA_NODEFER"),  F(0x80000000, "SA_RESETHAND"),
    F(4, "SA_SIGINFO"),           F(1, "SA_NOCLDSTOP"),
    F(2, "SA_NOCLDWAIT"),         {0, NULL}};

static void fmt_handler(struct trc_buf *b, u64 h) {
  if (h == 0)
    trc_puts(b, "SIG_DFL");
  else if (h == 1)
    trc_puts(b, "SIG_IGN");
  else
    trc_printf(b, "%#llx", (unsigned long long)h);
}

/* i386 struct old_sigaction {handler; u32 mask; flags; restorer}. */
static void fmt_old_sigaction(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[16];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  u32 flags = rd32(s + 8);
  trc_puts(b, "{sa_handler=");
  fmt_handler(b, rd32(s));
  trc_puts(b, ", sa_mask=");
  trc_sigset(b, rd32(s + 4));
  trc_puts(b, ", sa_flags=");
  trc_flags(b, flags, sa_flags, "0");
  if (flags & 0x04000000) {
    trc_puts(b, ", sa_restorer=");
    trc_ptr(b, c, rd32(s + 12));
  }
  trc_puts(b, "}");
}

static void fmt_old_sigset(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u32 m;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &m, addr, 4)) return trc_ptr(b, c, addr);
  trc_sigset(b, m);
}

/* rt_sigreturn: the handler's ret popped the frame's return address, so
 * the stack pointer is 8 (4) bytes into struct rt_sigframe; uc_sigmask is
 * at 304 (x86-64) or 252 (i386) in the frame.  i386 sigreturn: the
 * restorer also popped the signal number; the mask's low word is
 * sigcontext.oldmask (80) and its high word the extramask after the fpstate
 * (712). */
static void fmt_sigframe(struct trc_buf *b, const struct trc_call *c, bool rt) {
  u64 sp = c->t->cpu.r[R_SP];
  if (c->m32) sp = (u32)sp;
  trc_puts(b, "{mask=");
  if (rt) {
    u64 at = sp + (c->m32 ? 248 : 296);
    u64 m;
    if (trc_read(c, &m, at, 8))
      trc_sigset(b, m);
    else
      trc_ptr(b, c, at);
  } else {
    u32 lo, hi;
    if (trc_read(c, &lo, sp + 80, 4) && trc_read(c, &hi, sp + 712, 4))
      trc_sigset(b, (u64)hi << 32 | lo);
    else
      trc_ptr(b, c, sp);
  }
  trc_puts(b, "}");
}

/* stack_t: {ss_sp, int ss_flags, size_t ss_size}. */
static void fmt_stack(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag ss[] = {
      F(1, "SS_ONSTACK"), F(2, "SS_DISABLE"), F(0x80000000, "SS_AUTODISARM"), {0, NULL}};
  u8 s[24];
  size_t w = wsize(c);
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 3 * w)) return trc_ptr(b, c, addr);
  trc_puts(b, "{ss_sp=");
  trc_ptr(b, c, trc_word(c, s));
  trc_puts(b, ", ss_flags=");
  trc_flags(b, rd32(s + w), ss, "0");
  trc_printf(b, ", ss_size=%llu}", (unsigned long long)trc_word(c, s + 2 * w));
}

/* ---- siginfo ---- */

static const char *si_code_str(int sig, int code) {
  static const struct trc_flag common[] = {F(0, "SI_USER"),
                                           F(0x80, "SI_KERNEL"),
                                           F((u32)-1, "SI_QUEUE"),
                                           F((u32)-2, "SI_TIMER"),
                                           F((u32)-3, "SI_MESGQ"),
                                           F((u32)-4, "SI_ASYNCIO"),
                                           F((u32)-5, "SI_SIGIO"),
                                           F((u32)-6, "SI_TKILL"),
                                           F((u32)-7, "SI_DETHREAD"),
                                           F((u32)-60, "SI_ASYNCNL"),
                                           {0, NULL}};
  static const struct trc_flag segv[] = {F(1, "SEGV_MAPERR"),  F(2, "SEGV_ACCERR"),
                                         F(3, "SEGV_BNDERR"),  F(4, "SEGV_PKUERR"),
                                         F(5, "SEGV_ACCADI"),  F(6, "SEGV_ADIDERR"),
                                         F(7, "SEGV_ADIPERR"), F(8, "SEGV_MTEAERR"),
                                         F(9, "SEGV_MTESERR"), {0, NULL}};
  static const struct trc_flag bus[] = {F(1, "BUS_ADRALN"),    F(2, "BUS_ADRERR"),
                                        F(3, "BUS_OBJERR"),    F(4, "BUS_MCEERR_AR"),
                                        F(5, "BUS_MCEERR_AO"), {0, NULL}};
  static const struct trc_flag ill[] = {
      F(1, "ILL_ILLOPC"),   F(2, "ILL_ILLOPN"), F(3, "ILL_ILLADR"), F(4, "ILL_ILLTRP"),
      F(5, "ILL_PRVOPC"),   F(6, "ILL_PRVREG"), F(7, "ILL_COPROC"), F(8, "ILL_BADSTK"),
      F(9, "ILL_BADIADDR"), {0, NULL}};
  static const struct trc_flag fpe[] = {
      F(1, "FPE_INTDIV"),  F(2, "FPE_INTOVF"),    F(3, "FPE_FLTDIV"), F(4, "FPE_FLTOVF"),
      F(5, "FPE_FLTUND"),  F(6, "FPE_FLTRES"),    F(7, "FPE_FLTINV"), F(8, "FPE_FLTSUB"),
      F(14, "FPE_FLTUNK"), F(15, "FPE_CONDTRAP"), {0, NULL}};
  static const struct trc_flag trap[] = {F(1, "TRAP_BRKPT"),
                                         F(2, "TRAP_TRACE"),
                                         F(3, "TRAP_BRANCH"),
                                         F(4, "TRAP_HWBKPT"),
                                         F(5, "TRAP_UNK"),
                                         F(6, "TRAP_PERF"),
                                         {0, NULL}};
  static const struct trc_flag chld[] = {
      F(1, "CLD_EXITED"),  F(2, "CLD_KILLED"),    F(3, "CLD_DUMPED"), F(4, "CLD_TRAPPED"),
      F(5, "CLD_STOPPED"), F(6, "CLD_CONTINUED"), {0, NULL}};
  static const struct trc_flag poll[] = {F(1, "POLL_IN"),  F(2, "POLL_OUT"), F(3, "POLL_MSG"),
                                         F(4, "POLL_ERR"), F(5, "POLL_PRI"), F(6, "POLL_HUP"),
                                         {0, NULL}};
  static const struct trc_flag sys[] = {F(1, "SYS_SECCOMP"), F(2, "SYS_USER_DISPATCH"), {0, NULL}};
  const char *n = trc_xlat((u32)code, common);
  if (n) return n;
  const struct trc_flag *tab = NULL;
  switch (sig) {
  case 5: tab = trap; break;
  case 17: tab = chld; break;
  case 29: tab = poll; break;
  case 4: tab = ill; break;
  case 8: tab = fpe; break;
  case 11: tab = segv; break;
  case 7: tab = bus; break;
  case 31: tab = sys; break;
  default: break;
  }
  return tab ? trc_xlat((u32)code, tab) : NULL;
}

static void fmt_clock_t(struct trc_buf *b, const char *name, u64 v) {
  trc_printf(b, ", %s=%llu", name, (unsigned long long)v);
  if (v)
    trc_printf(b, " /* %llu.%02llu s */", (unsigned long long)(v / 100),
               (unsigned long long)(v % 100));
}

/* strace's printsiginfo(): the union is at 16 (x86-64) or 12 (i386). */
void trc_siginfo(struct trc_buf *b, const struct trc_call *c, const u8 *si) {
  size_t w = wsize(c), u = c->m32 ? 12 : 16;
  int signo = (int)rd32(si), err = (int)rd32(si + 4), code = (int)rd32(si + 8);
  trc_puts(b, "{");
  if (!signo) return trc_puts(b, "}");
  trc_printf(b, "si_signo=%s, si_code=", trc_signame(signo));
  const char *cn = si_code_str(signo, code);
  if (cn)
    trc_puts(b, cn);
  else
    trc_printf(b, "%#x", (u32)code);
  if (err) {
    const char *en = strerrorname_np(err);
    if (en)
      trc_printf(b, ", si_errno=%s", en);
    else
      trc_printf(b, ", si_errno=%u", (u32)err);
  }
  u32 pid = rd32(si + u), uid = rd32(si + u + 4);
  u64 ptr = trc_word(c, si + u + 8);
  int sival = (int)rd32(si + u + 8);
  bool src = false, val = false;
  if (code <= 0) {
    switch (code) {
    case 0:
    case -6: src = true; break;
    case -2:
      trc_printf(b, ", si_timerid=%#x, si_overrun=%d", pid, (int)uid);
      val = true;
      break;
    case -5:
      trc_printf(b, ", si_band=%lld, si_fd=%d", (long long)(c->m32 ? (i32)pid : (i64)rd64(si + u)),
                 (int)rd32(si + u + w));
      break;
    default:
      src = true;
      val = ptr != 0;
      break;
    }
  } else {
    switch (signo) {
    case 17: {
      int status = (int)rd32(si + u + 8);
      trc_printf(b, ", si_pid=%d, si_uid=%u, si_status=", (int)pid, uid);
      if (code == 1)
        trc_printf(b, "%d", status);
      else
        trc_puts(b, trc_signame(status));
      size_t t = c->m32 ? u + 12 : u + 16;
      fmt_clock_t(b, "si_utime", c->m32 ? rd32(si + t) : rd64(si + t));
      fmt_clock_t(b, "si_stime", c->m32 ? rd32(si + t + 4) : rd64(si + t + 8));
      break;
    }
    case 4:
    case 8:
    case 7:
    case 11:
    case 5: {
      trc_puts(b, ", si_addr=");
      trc_ptr(b, c, trc_word(c, si + u));
      break;
    }
    case 29:
      if (code >= 1 && code <= 3)
        trc_printf(b, ", si_band=%lld, si_fd=%d",
                   (long long)(c->m32 ? (i32)pid : (i64)rd64(si + u)), (int)rd32(si + u + w));
      break;
    default:
      src = pid || uid;
      val = ptr != 0;
      break;
    }
  }
  if (src) trc_printf(b, ", si_pid=%d, si_uid=%u", (int)pid, uid);
  if (val) {
    trc_printf(b, ", si_int=%d, si_ptr=", sival);
    if (ptr)
      trc_printf(b, "%#llx", (unsigned long long)ptr);
    else
      trc_puts(b, "NULL");
  }
  trc_puts(b, "}");
}

static void fmt_siginfo_at(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 si[128];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, si, addr, sizeof si)) return trc_ptr(b, c, addr);
  trc_siginfo(b, c, si);
}

/* ---- timers ---- */

static void fmt_ts_pair(struct trc_buf *b, const struct trc_call *c, const u8 *s, bool w8,
                        const char *frac) {
  i64 sec = w8 ? (i64)rd64(s) : (i32)rd32(s), f = w8 ? (i64)rd64(s + 8) : (i32)rd32(s + 4);
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, frac, (long long)f);
}

/* struct itimerspec / itimerval: {it_interval={...}, it_value={...}}. */
static void fmt_itimer(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                       const char *frac) {
  u8 s[32];
  bool w8 = wide || !c->m32;
  size_t half = w8 ? 16 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 2 * half)) return trc_ptr(b, c, addr);
  trc_puts(b, "{it_interval=");
  fmt_ts_pair(b, c, s, w8, frac);
  trc_puts(b, ", it_value=");
  fmt_ts_pair(b, c, s + half, w8, frac);
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

/* ---- epoll ---- */

static const struct trc_flag epoll_ev[] = {
    F(0x001, "EPOLLIN"),        F(0x002, "EPOLLPRI"),
    F(0x004, "EPOLLOUT"),       F(0x040, "EPOLLRDNORM"),
    F(0x080, "EPOLLRDBAND"),    F(0x100, "EPOLLWRNORM"),
    F(0x200, "EPOLLWRBAND"),    F(0x400, "EPOLLMSG"),
    F(0x008, "EPOLLERR"),       F(0x010, "EPOLLHUP"),
    F(0x2000, "EPOLLRDHUP"),    F(1u << 28, "EPOLLEXCLUSIVE"),
    F(1u << 29, "EPOLLWAKEUP"), F(1u << 30, "EPOLLONESHOT"),
    F(1u << 31, "EPOLLET"),     {0, NULL}};

/* struct epoll_event is packed on x86 (12 bytes on both ABIs). */
static void fmt_epoll_event(struct trc_buf *b, const u8 *e) {
  u64 data = rd64(e + 4);
  trc_puts(b, "{events=");
  trc_flags(b, rd32(e), epoll_ev, "0");
  trc_printf(b, ", data={u32=%u, u64=%llu}}", (u32)data, (unsigned long long)data);
}

static void fmt_epoll_events(struct trc_buf *b, const struct trc_call *c, u64 addr, long n) {
  if (!addr || n < 0) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (long k = 0; k < n; k++) {
    u8 e[12];
    if (k) trc_puts(b, ", ");
    if (k >= 32) {
      trc_puts(b, "...");
      break;
    }
    if (!trc_read(c, e, addr + 12 * (u64)k, 12)) {
      trc_puts(b, "...");
      break;
    }
    fmt_epoll_event(b, e);
  }
  trc_puts(b, "]");
}

/* ---- the kinds ---- */

static const struct trc_flag sfd[] = {
    F(02000000, "SFD_CLOEXEC"), F(04000, "SFD_NONBLOCK"), {0, NULL}};
static const struct trc_flag tfd[] = {
    F(02000000, "TFD_CLOEXEC"), F(04000, "TFD_NONBLOCK"), {0, NULL}};
static const struct trc_flag tfd_set[] = {
    F(1, "TFD_TIMER_ABSTIME"), F(2, "TFD_TIMER_CANCEL_ON_SET"), {0, NULL}};
static const struct trc_flag efd[] = {
    F(1, "EFD_SEMAPHORE"), F(02000000, "EFD_CLOEXEC"), F(04000, "EFD_NONBLOCK"), {0, NULL}};
static const struct trc_flag epc[] = {F(02000000, "EPOLL_CLOEXEC"), {0, NULL}};
static const struct trc_flag epop[] = {
    F(1, "EPOLL_CTL_ADD"), F(2, "EPOLL_CTL_DEL"), F(3, "EPOLL_CTL_MOD"), {0, NULL}};
static const struct trc_flag itw[] = {
    F(0, "ITIMER_REAL"), F(1, "ITIMER_VIRTUAL"), F(2, "ITIMER_PROF"), {0, NULL}};
static const struct trc_flag tfl[] = {F(1, "TIMER_ABSTIME"), {0, NULL}};

TRC_FMT(k_rt_sigframe) { fmt_sigframe(b, c, true); }
TRC_FMT(k_sigframe) { fmt_sigframe(b, c, false); }
TRC_FMT(k_stack) { fmt_stack(b, c, ularg(c, i)); }
TRC_FMT(k_siginfo) { fmt_siginfo_at(b, c, ularg(c, i)); }
TRC_FMT(k_sfd_flags) { trc_flags(b, (u32)c->a[i], sfd, "0"); }
TRC_FMT(k_old_sigaction) { fmt_old_sigaction(b, c, ularg(c, i)); }
TRC_FMT(k_old_sigset) { fmt_old_sigset(b, c, ularg(c, i)); }
TRC_FMT(k_sighandler) { fmt_handler(b, ularg(c, i)); }
TRC_FMT(k_sigmask_val) { trc_sigset(b, (u32)c->a[p]); /* the mask is argument param */ }
TRC_FMT(k_sigevent) { fmt_sigevent(b, c, ularg(c, i)); }
TRC_FMT(k_timer_flags) { trc_flags(b, (u32)c->a[i], tfl, "0"); }
TRC_FMT(k_itimerspec) { fmt_itimer(b, c, ularg(c, i), p == 64, "tv_nsec"); }
TRC_FMT(k_itimer_which) { trc_xlat_unk(b, (u32)c->a[i], itw, "ITIMER_???"); }
TRC_FMT(k_itimerval) { fmt_itimer(b, c, ularg(c, i), false, "tv_usec"); }
TRC_FMT(k_tfd_flags) { trc_flags(b, (u32)c->a[i], tfd, "0"); }
TRC_FMT(k_tfd_set_flags) { trc_flags(b, (u32)c->a[i], tfd_set, "0"); }
TRC_FMT(k_efd_flags) { trc_flags(b, (u32)c->a[i], efd, "0"); }
TRC_FMT(k_epoll_flags) { trc_flags(b, (u32)c->a[i], epc, "0"); }
TRC_FMT(k_epoll_op) { trc_xlat_unk(b, (u32)c->a[i], epop, "EPOLL_CTL_???"); }
TRC_FMT(k_epoll_event) {
  u64 addr = ularg(c, i);
  u8 e[12];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, e, addr, 12)) return trc_ptr(b, c, addr);
  return fmt_epoll_event(b, e);
}

TRC_FMT(k_epoll_events_out) { fmt_epoll_events(b, c, ularg(c, i), c->ret); }

TRC_RV(rv_signum) {
  if (r > 0 && r <= 64)
    trc_printf(b, "%ld (%s)", r, trc_signame((int)r));
  else
    trc_printf(b, "%ld", r);
}

TRC_RV(rv_sched) {
  static const char *const pol[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
                                    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
  if (r >= 0 && r < (long)ARRAY_SIZE(pol))
    trc_printf(b, "%ld (%s)", r, pol[r]);
  else
    trc_printf(b, "%ld", r);
}

TRC_RV(rv_sighandler) {
  if (r == 0)
    trc_puts(b, "0 (SIG_DFL)");
  else if (r == 1)
    trc_puts(b, "0x1 (SIG_IGN)");
  else
    trc_printf(b, "%#llx", (unsigned long long)(c->m32 ? (u32)r : (u64)r));
}

TRC_RV(rv_prctl) {
  if ((u32)c->a[0] == 3 /* PR_GET_DUMPABLE */ && r >= 0 && r <= 2) {
    static const char *const d[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"};
    trc_printf(b, "%ld (%s)", r, d[r]);
  } else {
    trc_printf(b, "%ld", r);
  }
}

const struct trc_kind_def trc_struct2_kinds[] = {
    {K_RT_SIGFRAME, .fmt = k_rt_sigframe},
    {K_SIGFRAME, .fmt = k_sigframe},
    {K_STACK, .fmt = k_stack},
    {K_STACK_OUT, .fmt = k_stack},
    {K_SIGINFO, .fmt = k_siginfo},
    {K_SIGINFO_OUT, .fmt = k_siginfo},
    {K_SFD_FLAGS, .fmt = k_sfd_flags},
    {K_OLD_SIGACTION, .fmt = k_old_sigaction},
    {K_OLD_SIGACTION_OUT, .fmt = k_old_sigaction},
    {K_OLD_SIGSET, .fmt = k_old_sigset},
    {K_OLD_SIGSET_OUT, .fmt = k_old_sigset},
    {K_SIGHANDLER, .fmt = k_sighandler},
    {K_SIGMASK_VAL, .fmt = k_sigmask_val},
    {K_SIGEVENT, .fmt = k_sigevent},
    {K_TIMER_FLAGS, .fmt = k_timer_flags},
    {K_ITIMERSPEC, .fmt = k_itimerspec},
    {K_ITIMERSPEC_OUT, .fmt = k_itimerspec},
    {K_ITIMER_WHICH, .fmt = k_itimer_which},
    {K_ITIMERVAL, .fmt = k_itimerval},
    {K_ITIMERVAL_OUT, .fmt = k_itimerval},
    {K_TFD_FLAGS, .fmt = k_tfd_flags},
    {K_TFD_SET_FLAGS, .fmt = k_tfd_set_flags},
    {K_EFD_FLAGS, .fmt = k_efd_flags},
    {K_EPOLL_FLAGS, .fmt = k_epoll_flags},
    {K_EPOLL_OP, .fmt = k_epoll_op},
    {K_EPOLL_EVENT, .fmt = k_epoll_event},
    {K_EPOLL_EVENTS_OUT, .fmt = k_epoll_events_out},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_struct2_rvs[] = {
    {RV_SIGNUM, rv_signum},
    {RV_SCHED, rv_sched},
    {RV_SIGHANDLER, rv_sighandler},
    {RV_PRCTL, rv_prctl},
    {0, NULL},
};
