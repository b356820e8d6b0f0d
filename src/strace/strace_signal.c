/* strace_signal.c — the system-call log's signal kinds: signal names and
 * sets, sigaction and the i386 old sigaction/sigprocmask/signal, the
 * rt_sigreturn/sigreturn frames' masks, sigaltstack, siginfo_t, signalfd's
 * flags, and the signal-number and handler results.  Reads the guest's
 * structures in the layout of the ABI the call came through.  Mirrors
 * strace's signal.c, printsiginfo.c, sigaltstack.c, signalfd.c
 * (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <sys/wait.h>

#include "../abi/lx_signal.h"
#include "strace_fmt.h"

static const char *const signames[] = {
    [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
    [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
    [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
    [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
    [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
    [SIGSTOP] = "SIGSTOP",     [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
    [SIGTTOU] = "SIGTTOU",     [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",
    [SIGXFSZ] = "SIGXFSZ",     [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
    [SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",
    [SIGSYS] = "SIGSYS",
};

/* SIGxxx, SIGRTMIN, SIGRT_n, or the number (strace's signame()). */
const char *trc_signame(int sig) {
  static _Thread_local char buf[24];
  if (sig > 0 && sig < (int)ARRAY_SIZE(signames) && signames[sig]) return signames[sig];
  if (sig == 32) return "SIGRTMIN";
  if (sig > 32 && sig <= 64) {
    snprintf(buf, sizeof buf, "SIGRT_%d", sig - 32);
    return buf;
  }
  snprintf(buf, sizeof buf, "%d", sig);
  return buf;
}

/* [INT CHLD], or ~[KILL] when more than half the signals are set
 * (strace's sprintsigmask with a 64-signal set). */
void trc_sigset(struct trc_buf *b, u64 mask) {
  bool inv = __builtin_popcountll(mask) > 32;
  if (inv) {
    mask = ~mask;
    trc_puts(b, "~");
  }
  trc_puts(b, "[");
  bool first = true;
  for (int s = 1; s <= 64; s++) {
    if (!(mask >> (s - 1) & 1)) continue;
    trc_printf(b, "%s%s", first ? "" : " ", trc_signame(s) + 3);
    first = false;
  }
  trc_puts(b, "]");
}

static const struct trc_flag sighow[] = {
    FN(SIG_BLOCK), FN(SIG_UNBLOCK), FN(SIG_SETMASK), {0, NULL}};

TRC_FMT(k_signum) { trc_puts(b, (int)c->a[i] ? trc_signame((int)c->a[i]) : "0"); }

TRC_FMT(k_sighow) { trc_xlat_fmt(b, (u32)c->a[i], sighow, "%#llx"); }

static void fmt_sigset_at(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u64 m;
  if (!trc_read(c, &m, addr, 8)) return trc_ptr(b, c, addr);
  trc_sigset(b, m);
}

/* struct sigaction as the kernel takes it: x86-64 {handler, flags,
 * restorer, mask} of 8 bytes each; i386 {handler, flags, restorer} of 4
 * then the 8-byte mask. */
static void fmt_sigaction(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  /* strace's order (xlat/sigact_flags.in). */
  static const struct trc_flag sa_flags[] = {
      {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},
      {0x10000000, "SA_RESTART"},  {0x20000000, "SA_INTERRUPT"},
      {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"},
      {4, "SA_SIGINFO"},           {1, "SA_NOCLDSTOP"},
      {2, "SA_NOCLDWAIT"},         {0, NULL}};
  struct lx_sigaction a;
  if (c->m32) {
    struct lx32_sigaction a32;
    if (!trc_read(c, &a32, addr, sizeof a32)) return trc_ptr(b, c, addr);
    a = (struct lx_sigaction){a32.handler, a32.flags, a32.restorer, a32.mask};
  } else if (!trc_read(c, &a, addr, sizeof a)) {
    return trc_ptr(b, c, addr);
  }
  u64 handler = a.handler, flags = a.flags, restorer = a.restorer, mask = a.mask;
  trc_puts(b, "{sa_handler=");
  if (handler == 0)
    trc_puts(b, "SIG_DFL");
  else if (handler == 1)
    trc_puts(b, "SIG_IGN");
  else
    trc_printf(b, "%#llx", (unsigned long long)handler);
  trc_puts(b, ", sa_mask=");
  trc_sigset(b, mask);
  trc_puts(b, ", sa_flags=");
  trc_flags(b, (u32)flags, sa_flags, "0");
  if (flags & 0x04000000) {
    trc_puts(b, ", sa_restorer=");
    trc_ptr(b, c, restorer);
  }
  trc_puts(b, "}");
}

TRC_FMT(k_sigset) { fmt_sigset_at(b, c, ularg(c, i)); }

TRC_FMT(k_sigaction) { fmt_sigaction(b, c, ularg(c, i)); }

TRC_FMT(k_sigset_out) { fmt_sigset_at(b, c, ularg(c, i)); }

TRC_FMT(k_sigaction_out) { fmt_sigaction(b, c, ularg(c, i)); }

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
  struct lx32_old_sigaction a;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &a, addr, sizeof a)) return trc_ptr(b, c, addr);
  u32 flags = a.flags;
  trc_puts(b, "{sa_handler=");
  fmt_handler(b, a.handler);
  trc_puts(b, ", sa_mask=");
  trc_sigset(b, a.mask);
  trc_puts(b, ", sa_flags=");
  trc_flags(b, flags, sa_flags, "0");
  if (flags & 0x04000000) {
    trc_puts(b, ", sa_restorer=");
    trc_ptr(b, c, a.restorer);
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
  struct lx_stack st;
  if (!addr) return trc_puts(b, "NULL");
  if (c->m32) {
    struct lx32_stack s32;
    if (!trc_read(c, &s32, addr, sizeof s32)) return trc_ptr(b, c, addr);
    st = (struct lx_stack){s32.ss_sp, s32.ss_flags, 0, s32.ss_size};
  } else if (!trc_read(c, &st, addr, sizeof st)) {
    return trc_ptr(b, c, addr);
  }
  trc_puts(b, "{ss_sp=");
  trc_ptr(b, c, st.ss_sp);
  trc_puts(b, ", ss_flags=");
  trc_flags(b, (u32)st.ss_flags, ss, "0");
  trc_printf(b, ", ss_size=%llu}", (unsigned long long)st.ss_size);
}

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

/* The fields of a siginfo that strace shows, read from either ABI's layout;
 * i386's words widen as its unsigned long (addresses, sival_ptr, clock_t). */
struct si_fields {
  int signo, err, code;
  u32 pid, uid;     /* kill, rt, chld */
  u32 tid, overrun; /* timer */
  u64 ptr;          /* rt: sival_ptr */
  int sival;        /* rt: sival_int */
  i64 band;         /* poll */
  int fd;           /* poll */
  int status;       /* chld */
  u64 utime, stime; /* chld */
  u64 addr;         /* fault */
};

#define SI_FIELDS(f, s, word)                                                            \
  (f.signo = s.signo, f.err = s.err, f.code = s.code, f.pid = (u32)s.u.kill.pid,         \
   f.uid = s.u.kill.uid, f.tid = (u32)s.u.timer.tid, f.overrun = (u32)s.u.timer.overrun, \
   f.ptr = (word)s.u.kill.value, f.sival = (int)s.u.kill.value, f.band = s.u.poll.band,  \
   f.fd = s.u.poll.fd, f.status = s.u.chld.status, f.utime = (word)s.u.chld.utime,       \
   f.stime = (word)s.u.chld.stime, f.addr = s.u.fault.addr)

static struct si_fields si_fields(const struct trc_call *c, const u8 *si) {
  struct si_fields f;
  if (c->m32) {
    struct lx32_siginfo s;
    memcpy(&s, si, sizeof s);
    SI_FIELDS(f, s, u32);
  } else {
    struct lx_siginfo s;
    memcpy(&s, si, sizeof s);
    SI_FIELDS(f, s, u64);
  }
  return f;
}
#undef SI_FIELDS

/* strace's printsiginfo(), for a siginfo in the ABI's layout. */
void trc_siginfo(struct trc_buf *b, const struct trc_call *c, const u8 *si) {
  struct si_fields f = si_fields(c, si);
  int signo = f.signo, err = f.err, code = f.code;
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
  u32 pid = f.pid, uid = f.uid;
  u64 ptr = f.ptr;
  int sival = f.sival;
  bool src = false, val = false;
  if (code <= 0) {
    switch (code) {
    case 0:
    case -6: src = true; break;
    case -2:
      trc_printf(b, ", si_timerid=%#x, si_overrun=%d", f.tid, (int)f.overrun);
      val = true;
      break;
    case -5: trc_printf(b, ", si_band=%lld, si_fd=%d", (long long)f.band, f.fd); break;
    default:
      src = true;
      val = ptr != 0;
      break;
    }
  } else {
    switch (signo) {
    case 17: {
      int status = f.status;
      trc_printf(b, ", si_pid=%d, si_uid=%u, si_status=", (int)pid, uid);
      if (code == 1)
        trc_printf(b, "%d", status);
      else
        trc_puts(b, trc_signame(status));
      fmt_clock_t(b, "si_utime", f.utime);
      fmt_clock_t(b, "si_stime", f.stime);
      break;
    }
    case 4:
    case 8:
    case 7:
    case 11:
    case 5: {
      trc_puts(b, ", si_addr=");
      trc_ptr(b, c, f.addr);
      break;
    }
    case 29:
      if (code >= 1 && code <= 3)
        trc_printf(b, ", si_band=%lld, si_fd=%d", (long long)f.band, f.fd);
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

static const struct trc_flag sfd[] = {
    F(02000000, "SFD_CLOEXEC"), F(04000, "SFD_NONBLOCK"), {0, NULL}};

TRC_FMT(k_rt_sigframe) { fmt_sigframe(b, c, true); }

TRC_FMT(k_sigframe) { fmt_sigframe(b, c, false); }

TRC_FMT(k_stack) { fmt_stack(b, c, ularg(c, i)); }

TRC_FMT(k_siginfo) { fmt_siginfo_at(b, c, ularg(c, i)); }

TRC_FMT(k_sfd_flags) { trc_flags(b, (u32)c->a[i], sfd, "0"); }

TRC_FMT(k_old_sigaction) { fmt_old_sigaction(b, c, ularg(c, i)); }

TRC_FMT(k_old_sigset) { fmt_old_sigset(b, c, ularg(c, i)); }

TRC_FMT(k_sighandler) { fmt_handler(b, ularg(c, i)); }

TRC_FMT(k_sigmask_val) { trc_sigset(b, (u32)c->a[p]); /* the mask is argument param */ }

TRC_RV(rv_signum) {
  if (r > 0 && r <= 64)
    trc_printf(b, "%ld (%s)", r, trc_signame((int)r));
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

const struct trc_kind_def trc_signal_kinds[] = {
    {K_SIGNUM, .fmt = k_signum},
    {K_SIGHOW, .fmt = k_sighow},
    {K_SIGSET, .fmt = k_sigset},
    {K_SIGACTION, .fmt = k_sigaction},
    {K_SIGSET_OUT, .fmt = k_sigset_out},
    {K_SIGACTION_OUT, .fmt = k_sigaction_out},
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
    {.kind = K_NONE},
};

const struct trc_rv_def trc_signal_rvs[] = {
    {RV_SIGNUM, rv_signum},
    {RV_SIGHANDLER, rv_sighandler},
    {0, NULL},
};
