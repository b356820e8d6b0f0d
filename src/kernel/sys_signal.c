/* sys_signal.c — the signal system calls of both ABIs: actions
 * (rt_sigaction, i386 sigaction and signal), masks (rt_sigprocmask, i386
 * sigprocmask), sigaltstack, sending (kill, tkill, tgkill,
 * rt_sigqueueinfo, rt_tgsigqueueinfo) and waiting (rt_sigpending,
 * sigpending, rt_sigsuspend, sigsuspend, pause, rt_sigtimedwait).
 * Mirrors linux kernel/signal.c and its compat paths; timers and
 * signalfd are in sys_signal_timer.c.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "observe.h"
#include "signal.h"

/* ---- actions ---- */

long sys_sigaction_core(struct task *t, int sig, const struct lx_sigaction *act,
                        struct lx_sigaction *oact) {
  if (sig < 1 || sig > LX_NSIG) return -EINVAL;
  if (act && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
  if (oact) *oact = t->proc->sigact[sig];
  if (act) {
    struct lx_sigaction ka = *act;
    ka.mask &= ~SIG_UNBLOCKABLE;
    t->proc->sigact[sig] = ka;
    sig_host_action(sig, &ka);
    /* sig_handler_ignored(): setting SIG_IGN (or a default "ignore")
     * discards what is pending. */
    bool ign =
        ka.handler == 1 ||
        (ka.handler == 0 && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT));
    if (ign && (t->sig.pending & SIGBIT(sig))) {
      struct lx_siginfo si;
      while (sig_dequeue(t, SIGBIT(sig), &si)) {
      }
    }
  }
  return 0;
}

SYS_DEFINE4(rt_sigaction, int, sig, u64, act, u64, oact, u64, sigsetsize) {
  struct lx_sigaction ka, old;
  if (sigsetsize != 8) return -EINVAL;
  if (act && copy_from_user(MM(t), &ka, act, sizeof ka)) return -EFAULT;
  long r = sys_sigaction_core(t, sig, act ? &ka : NULL, &old);
  if (r) return r;
  if (oact && copy_to_user(MM(t), oact, &old, sizeof old)) return -EFAULT;
  return 0;
}

SYS_DEFINE3(sigaction32, int, sig, u64, act, u64, oact) {
  struct lx32_old_sigaction a, o;
  struct lx_sigaction ka, old;
  if (act) {
    if (copy_from_user(MM(t), &a, act, sizeof a)) return -EFAULT;
    ka = (struct lx_sigaction){a.handler, a.flags, a.restorer, a.mask};
  }
  long r = sys_sigaction_core(t, sig, act ? &ka : NULL, &old);
  if (r) return r;
  if (oact) {
    o = (struct lx32_old_sigaction){(u32)old.handler, (u32)old.mask, (u32)old.flags,
                                    (u32)old.restorer};
    if (copy_to_user(MM(t), oact, &o, sizeof o)) return -EFAULT;
  }
  return 0;
}

/* signal(): SA_ONESHOT | SA_NOMASK, the old handler back. */
SYS_DEFINE2(signal, int, sig, u64, handler) {
  struct lx_sigaction ka = {(u32)handler, LX_SA_RESETHAND | LX_SA_NODEFER, 0, 0}, old;
  long r = sys_sigaction_core(t, sig, &ka, &old);
  return r ? r : (long)(u32)old.handler;
}

/* ---- masks ---- */

static long set_mask(struct task *t, int how, u64 s) {
  switch (how) {
  case SIG_BLOCK: sig_set_blocked(t, t->sigmask | s); break;
  case SIG_UNBLOCK: sig_set_blocked(t, t->sigmask & ~s); break;
  case SIG_SETMASK: sig_set_blocked(t, s); break;
  default: return -EINVAL;
  }
  return 0;
}

SYS_DEFINE4(rt_sigprocmask, int, how, u64, set, u64, oset, u64, sigsetsize) {
  u64 s = 0, old = t->sigmask;
  if (sigsetsize != 8) return -EINVAL;
  if (set && copy_from_user(MM(t), &s, set, 8)) return -EFAULT;
  if (set) {
    long r = set_mask(t, how, s);
    if (r) return r;
  }
  if (oset && copy_to_user(MM(t), oset, &old, 8)) return -EFAULT;
  return 0;
}

/* i386 sigprocmask: old_sigset_t is the low 32 signals. */
SYS_DEFINE3(sigprocmask32, int, how, u64, set, u64, oset) {
  u32 s, old = (u32)t->sigmask;
  if (set) {
    if (copy_from_user(MM(t), &s, set, 4)) return -EFAULT;
    u64 m = t->sigmask;
    switch (how) {
    case SIG_BLOCK: m |= s; break;
    case SIG_UNBLOCK: m &= ~(u64)s; break;
    case SIG_SETMASK: m = (m & ~0xffffffffull) | s; break;
    default: return -EINVAL;
    }
    sig_set_blocked(t, m);
  }
  if (oset && copy_to_user(MM(t), oset, &old, 4)) return -EFAULT;
  return 0;
}

/* ---- sigaltstack ---- */

_Static_assert(sizeof(struct lx_stack) == 24, "stack_t");

static u64 user_sp(struct task *t) { return t->regs ? t->regs->sp : t->cpu.r[R_SP]; }

long sys_sigaltstack_core(struct task *t, const struct lx_stack *ns, struct lx_stack *old) {
  struct lx_stack *cur = &t->altstack;
  u64 sp = user_sp(t);
  if (cur->ss_size) {
    *old = *cur;
    old->ss_flags = sig_ss_flags(t, sp) | (cur->ss_flags & (i32)LX_SS_AUTODISARM);
  } else {
    *old = (struct lx_stack){0, LX_SS_DISABLE, 0, 0};
  }
  if (ns) {
    if (sig_on_altstack(t, sp)) return -EPERM;
    int mode = ns->ss_flags & ~(i32)LX_SS_AUTODISARM;
    if (mode != LX_SS_DISABLE && mode != LX_SS_ONSTACK && mode != 0) return -EINVAL;
    if (mode == LX_SS_DISABLE) {
      memset(cur, 0, sizeof *cur);
    } else {
      if (ns->ss_size < 2048 /* MINSIGSTKSZ */) return -ENOMEM;
      *cur = *ns;
      cur->ss_flags &= (i32)LX_SS_AUTODISARM;
    }
  }
  return 0;
}

SYS_DEFINE2(sigaltstack, u64, uss, u64, uoss) {
  struct lx_stack ns, old;
  if (uss && copy_from_user(MM(t), &ns, uss, sizeof ns)) return -EFAULT;
  long r = sys_sigaltstack_core(t, uss ? &ns : NULL, &old);
  if (r) return r;
  if (uoss && copy_to_user(MM(t), uoss, &old, sizeof old)) return -EFAULT;
  return 0;
}

/* ---- sending ---- */

/* tid names a thread of this process (kill() on a thread's id reaches its
 * whole group). */
static bool own_thread(int tid) {
  return tid == getpid() || (tid > 0 && !syscall(SYS_tgkill, getpid(), tid, 0));
}

/* SIGKILL for this process cannot be caught: through the host it would end
 * emu before the system-call log is written.  It ends every thread at once
 * (the kernel's complete_signal), which the caller's death does
 * (sig_send_self); SIGKILL for the process group ends emu with the others,
 * so its last log line goes first. */
SYS_DEFINE2(kill, int, pid, int, sig) {
  if (pid == getpid() || (sig == SIGKILL && own_thread(pid)))
    return sig_send_self(t, sig, false, NULL);
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  if (sig == SIGKILL && (pid == 0 || pid == -getpgrp())) obs_task_exit(t, SIGKILL);
  return host_ret(kill(pid, sig));
}

SYS_DEFINE3(tgkill, int, tgid, int, tid, int, sig) {
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  if (tgid == getpid() && (tid == t->tid || (sig == SIGKILL && own_thread(tid))))
    return sig_send_self(t, sig, true, NULL);
  return host_ret(syscall(SYS_tgkill, tgid, tid, sig));
}

SYS_DEFINE2(tkill, int, tid, int, sig) {
  if (tid <= 0) return -EINVAL;
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  if (tid == t->tid || (sig == SIGKILL && own_thread(tid))) return sig_send_self(t, sig, true, NULL);
  return host_ret(syscall(SYS_tkill, tid, sig));
}

/* copy_siginfo_from_user(32): the sender's siginfo in the x86-64 layout. */
static long get_siginfo(struct task *t, u64 uinfo, int sig, struct lx_siginfo *si) {
  if (t->abi == ABI_X86_64) {
    if (copy_from_user(MM(t), si, uinfo, sizeof *si)) return -EFAULT;
  } else {
    u32 w[32];
    if (copy_from_user(MM(t), w, uinfo, sizeof w)) return -EFAULT;
    memset(si, 0, sizeof *si);
    si->signo = (i32)w[0];
    si->err = (i32)w[1];
    si->code = (i32)w[2];
    /* the sigqueue layouts (rt, timer): two ints and a 32-bit sigval */
    si->u.kill.pid = (i32)w[3];
    si->u.kill.uid = w[4];
    si->u.kill.value = w[5];
  }
  si->signo = sig;
  return 0;
}

static long sigqueue_common(struct task *t, int tgid, int tid, int sig, u64 uinfo) {
  struct lx_siginfo si;
  if (get_siginfo(t, uinfo, sig, &si)) return -EFAULT;
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  /* Only the kernel may send positive codes, or SI_TKILL, to others. */
  bool self = tgid == getpid() && (tid < 0 || tid == t->tid);
  if (!self && (si.code >= 0 || si.code == SI_TKILL)) return -EPERM;
  if (self) return sig_send_self(t, sig, tid >= 0, &si);
  siginfo_t hsi;
  memcpy(&hsi, &si, sizeof hsi);
  return host_ret(tid < 0 ? syscall(SYS_rt_sigqueueinfo, tgid, sig, &hsi)
                          : syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &hsi));
}

SYS_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, u64, uinfo) {
  return sigqueue_common(t, pid, -1, sig, uinfo);
}

SYS_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, u64, uinfo) {
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  return sigqueue_common(t, tgid, tid, sig, uinfo);
}

/* ---- waiting ---- */

SYS_DEFINE2(rt_sigpending, u64, uset, u64, sigsetsize) {
  if (sigsetsize > 8) return -EINVAL;
  u64 p = sig_pending_set(t) & t->sigmask;
  return copy_to_user(MM(t), uset, &p, sigsetsize) ? -EFAULT : 0;
}

SYS_DEFINE1(sigpending32, u64, uset) {
  u32 p = (u32)(sig_pending_set(t) & t->sigmask);
  return copy_to_user(MM(t), uset, &p, 4) ? -EFAULT : 0;
}

/* ppoll, pselect6, epoll_pwait(2): the call's mask is the blocked set for
 * the wait, the old one saved for the exit work (set_user_sigmask).  Host
 * signals are left all blocked and *hmask is the host form of the call's
 * mask: the host call given it unblocks and waits in one step, so a signal
 * sent from here on interrupts the wait, as sigsuspend's does.  Returns
 * whether a signal the mask lets through is already queued in emu: the
 * caller then only polls (a zero timeout) and returns -EINTR when nothing
 * is ready (do_poll, do_select and ep_poll look at the fds first).  With no
 * mask (mask NULL) nothing changes. */
bool sig_wait_begin(struct task *t, const u64 *mask, u64 *hmask) {
  if (!mask) return false;
  t->sig.saved_mask = t->sigmask;
  t->sig.restore_mask = true;
  sig_host_block_all();
  t->sigmask = *mask & ~SIG_UNBLOCKABLE;
  bool pending = (t->sig.pending & ~t->sigmask) != 0;
  /* With one to take, the host holds the rest (sig_host_sync_mask). */
  *hmask = sig_host_set(pending ? ~0ull : t->sigmask);
  return pending;
}

/* After the wait: the host mask follows the guest's again, and the old
 * mask comes back now unless a signal interrupted the wait; then the exit
 * work restores it after the handler's frame has saved it
 * (restore_saved_sigmask_unless(ret == -EINTR)). */
void sig_wait_end(struct task *t, const u64 *mask, long ret) {
  if (!mask) return;
  if (ret != -EINTR) {
    t->sig.restore_mask = false;
    t->sigmask = t->sig.saved_mask;
  }
  sig_host_sync_mask(t);
}

/* sigsuspend(): wait with a temporary mask until a signal is delivered; the
 * exit work restores the old mask after the handler's frame saved it. */
static long suspend(struct task *t, u64 mask, bool save) {
  if (save) {
    t->sig.saved_mask = t->sigmask;
    t->sig.restore_mask = true;
  }
  sig_host_block_all();
  t->sigmask = mask & ~SIG_UNBLOCKABLE;
  u64 hs = sig_host_set(t->sigmask);
  while (!(t->sig.pending & ~t->sigmask)) syscall(SYS_rt_sigsuspend, &hs, 8);
  sig_host_sync_mask(t);
  return -ERESTARTNOHAND;
}

SYS_DEFINE2(rt_sigsuspend, u64, umask, u64, sigsetsize) {
  u64 m;
  if (sigsetsize != 8) return -EINVAL;
  if (copy_from_user(MM(t), &m, umask, 8)) return -EFAULT;
  return suspend(t, m, true);
}

SYS_DEFINE3(sigsuspend32, int, unused1, int, unused2, u32, mask) {
  return suspend(t, (t->sigmask & ~0xffffffffull) | mask, true);
}

SYS_DEFINE0(pause) { return suspend(t, t->sigmask, false); }

/* rt_sigtimedwait: a queued signal of the set, else the host's wait (the
 * set blocked in the host meanwhile, so it is taken, not handled). */
static long timedwait(struct task *t, u64 uset, u64 uinfo, const struct timespec *ts, bool info32) {
  u64 set;
  if (copy_from_user(MM(t), &set, uset, 8)) return -EFAULT;
  set &= ~SIG_UNBLOCKABLE;
  struct lx_siginfo si;
  int sig = sig_dequeue(t, set, &si);
  if (!sig) {
    u64 hs = sig_host_set(t->sigmask | set), hwait = sig_host_set(set);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &hs, NULL, 8);
    siginfo_t hsi;
    /* A signal the handler took between the look into the queue above
     * and the host's wait must end the wait, as it would natively. */
    long r = sig_safe_syscall(t, SYS_rt_sigtimedwait, (long)&hwait, (long)&hsi, (long)ts, 8, 0, 0);
    sig_host_sync_mask(t);
    if (r < 0) {
      sig = sig_dequeue(t, set, &si); /* raced in through our handler */
      if (!sig) return r;
    } else {
      sig = (int)r;
      memcpy(&si, &hsi, sizeof si);
    }
  }
  if (uinfo) {
    struct lx32_siginfo si32;
    const void *out = &si;
    _Static_assert(sizeof si32 == sizeof si, "siginfo is 128 bytes on both ABIs");
    if (info32) {
      sig_siginfo_to32(&si, &si32);
      out = &si32;
    }
    if (copy_to_user(MM(t), uinfo, out, sizeof si)) return -EFAULT;
  }
  return sig;
}

static long get_ts(struct task *t, u64 uts, struct timespec *ts, bool ts32) {
  if (ts32) {
    i32 v[2];
    if (copy_from_user(MM(t), v, uts, 8)) return -EFAULT;
    ts->tv_sec = v[0];
    ts->tv_nsec = v[1];
  } else {
    i64 v[2];
    if (copy_from_user(MM(t), v, uts, 16)) return -EFAULT;
    ts->tv_sec = v[0];
    ts->tv_nsec = v[1];
  }
  if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000 || ts->tv_sec < 0) return -EINVAL;
  return 0;
}

SYS_DEFINE4(rt_sigtimedwait, u64, uset, u64, uinfo, u64, uts, u64, sigsetsize) {
  struct timespec ts;
  if (sigsetsize != 8) return -EINVAL;
  if (uts) {
    long r = get_ts(t, uts, &ts, false);
    if (r) return r;
  }
  return timedwait(t, uset, uinfo, uts ? &ts : NULL, t->abi == ABI_I386);
}

SYS_DEFINE4(rt_sigtimedwait32, u64, uset, u64, uinfo, u64, uts, u64, sigsetsize) {
  struct timespec ts;
  if (sigsetsize != 8) return -EINVAL;
  if (uts) {
    long r = get_ts(t, uts, &ts, true);
    if (r) return r;
  }
  return timedwait(t, uset, uinfo, uts ? &ts : NULL, true);
}
