/* sys_proc.c — process and thread control that the foundation needs: exit,
 * arch_prctl, the thread-start calls glibc and musl make (set_tid_address,
 * set_robust_list, rseq), signal actions and masks, and kill to self.
 * Mirrors kernel/exit.c, arch/x86/kernel/process_64.c (do_arch_prctl_64),
 * kernel/signal.c and kernel/rseq.c. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys_internal.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)
#endif

SYS_DEFINE1(exit_group, int, code) {
  t->exiting = true;
  t->exit_status = (code & 0xff) << 8;
  return 0;
}

/* With one thread per process, exit ends the process too. */
SYS_DEFINE1(exit, int, code) {
  t->exiting = true;
  t->exit_status = (code & 0xff) << 8;
  return 0;
}

#define ARCH_SET_GS          0x1001
#define ARCH_SET_FS          0x1002
#define ARCH_GET_FS          0x1003
#define ARCH_GET_GS          0x1004
#define ARCH_GET_CPUID       0x1011
#define ARCH_SET_CPUID       0x1012
#define ARCH_GET_XCOMP_SUPP  0x1021
#define ARCH_GET_XCOMP_PERM  0x1022
#define ARCH_REQ_XCOMP_PERM  0x1023

SYS_DEFINE2(arch_prctl, int, option, u64, arg2) {
  struct cpu *c = &t->cpu;
  u64 v;
  switch (option) {
  case ARCH_SET_FS:
  case ARCH_SET_GS:
    /* The kernel refuses bases beyond the user address space. */
    if (arg2 >= (1ull << 47) - 4096) return -EPERM;
    c->seg_base[option == ARCH_SET_FS ? SEG_FS : SEG_GS] = arg2;
    c->seg[option == ARCH_SET_FS ? SEG_FS : SEG_GS] = 0;
    return 0;
  case ARCH_GET_FS:
  case ARCH_GET_GS:
    v = c->seg_base[option == ARCH_GET_FS ? SEG_FS : SEG_GS];
    return copy_to_user(MM(t), arg2, &v, 8);
  case ARCH_GET_CPUID: return 1;
  case ARCH_SET_CPUID: return -ENODEV; /* no CPUID faulting */
  case ARCH_GET_XCOMP_SUPP:
  case ARCH_GET_XCOMP_PERM:
    v = 3; /* x87 | SSE: what XCR0 enables */
    return copy_to_user(MM(t), arg2, &v, 8);
  case ARCH_REQ_XCOMP_PERM: return -EINVAL;
  default: return -EINVAL;
  }
}

SYS_DEFINE1(set_tid_address, u64, tidptr) {
  t->clear_child_tid = tidptr;
  return t->tid;
}

SYS_DEFINE2(set_robust_list, u64, head, u64, len) {
  if (len != 24) return -EINVAL; /* sizeof(struct robust_list_head) */
  t->robust_list = head;
  t->robust_len = len;
  return 0;
}

SYS_DEFINE3(get_robust_list, int, pid, u64, head_ptr, u64, len_ptr) {
  if (pid != 0 && pid != t->tid) return -ESRCH;
  if (copy_to_user(MM(t), head_ptr, &t->robust_list, 8)) return -EFAULT;
  return copy_to_user(MM(t), len_ptr, &t->robust_len, 8);
}

/* rseq: registration as kernel/rseq.c checks it; emu runs each thread on
 * "cpu 0" and never preempts inside a critical section, so no abort is due. */
#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_SIG_UNUSED      0
SYS_DEFINE4(rseq, u64, rseq, u32, len, int, flags, u32, sig) {
  if (flags & RSEQ_FLAG_UNREGISTER) {
    if (flags & ~RSEQ_FLAG_UNREGISTER) return -EINVAL;
    if (t->rseq != rseq) return -EINVAL;
    if (t->rseq_len != len) return -EINVAL;
    t->rseq = 0;
    t->rseq_len = 0;
    return 0;
  }
  if (flags) return -EINVAL;
  if (t->rseq) return t->rseq == rseq && t->rseq_len == len ? -EBUSY : -EINVAL;
  if (len < 32 || (rseq & 31)) return -EINVAL;
  u32 cpu[2] = {0, 0}; /* cpu_id_start, cpu_id */
  if (copy_to_user(MM(t), rseq, cpu, sizeof cpu)) return -EFAULT;
  t->rseq = rseq;
  t->rseq_len = len;
  return 0;
}

/* ---- signals: actions and masks (delivery comes with the signals work) ---- */

#define LX_NSIG 64
#define SIGMASK_UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

/* Signals emu needs for itself are never given to the host's disposition. */
static bool host_mirrors(int sig) {
  return sig != SIGSEGV && sig != SIGBUS && sig != SIGKILL && sig != SIGSTOP && sig < SIGRTMIN;
}

/* The ABI-neutral part of rt_sigaction: validate, swap, and give the host
 * ignore/default so that, e.g., an ignored SIGPIPE makes write() return
 * EPIPE instead of ending emu. */
long sys_sigaction_core(struct task *t, int sig, const struct lx_sigaction *act,
                        struct lx_sigaction *oact) {
  if (sig < 1 || sig > LX_NSIG) return -EINVAL;
  if (act && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
  if (oact) *oact = t->proc->sigact[sig];
  if (act) {
    struct lx_sigaction ka = *act;
    ka.mask &= ~SIGMASK_UNBLOCKABLE;
    t->proc->sigact[sig] = ka;
    if (host_mirrors(sig)) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = ka.handler == 1 ? SIG_IGN : SIG_DFL;
      sigaction(sig, &sa, NULL);
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

SYS_DEFINE4(rt_sigprocmask, int, how, u64, set, u64, oset, u64, sigsetsize) {
  u64 s = 0, old = t->sigmask;
  if (sigsetsize != 8) return -EINVAL;
  if (set && copy_from_user(MM(t), &s, set, 8)) return -EFAULT;
  if (set) {
    switch (how) {
    case SIG_BLOCK: t->sigmask |= s; break;
    case SIG_UNBLOCK: t->sigmask &= ~s; break;
    case SIG_SETMASK: t->sigmask = s; break;
    default: return -EINVAL;
    }
    t->sigmask &= ~SIGMASK_UNBLOCKABLE;
  }
  if (oset && copy_to_user(MM(t), oset, &old, 8)) return -EFAULT;
  if (set) {
    /* Mirror into the host so host-generated signals (SIGPIPE, SIGINT) stay
     * pending while the guest blocks them; never block emu's own. */
    sigset_t hs;
    sigemptyset(&hs);
    for (int i = 1; i <= LX_NSIG; i++)
      if ((t->sigmask >> (i - 1) & 1) && host_mirrors(i)) sigaddset(&hs, i);
    sigprocmask(SIG_SETMASK, &hs, NULL);
  }
  return 0;
}

_Static_assert(sizeof(struct lx_stack) == 24, "stack_t");

long sys_sigaltstack_core(struct task *t, const struct lx_stack *ns, struct lx_stack *old) {
  static const struct lx_stack none = {0, SS_DISABLE, 0, 0};
  struct lx_stack *cur = &t->altstack;
  *old = cur->ss_size ? *cur : none;
  if (ns) {
    if (ns->ss_flags & ~(SS_DISABLE | SS_AUTODISARM)) return -EINVAL;
    if (ns->ss_flags & SS_DISABLE) {
      memset(cur, 0, sizeof *cur);
    } else {
      if (ns->ss_size < 2048 /* MINSIGSTKSZ */) return -ENOMEM;
      *cur = *ns;
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

/* A signal sent to the process itself: its default action, or nothing when
 * ignored.  Handlers are not delivered yet. */
static long signal_self(struct task *t, int sig) {
  if (sig == 0) return 0;
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  const struct lx_sigaction *a = &t->proc->sigact[sig];
  if (a->handler == 1 /* SIG_IGN */) return 0;
  if (a->handler == 0) {
    switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
    case SIGCONT: return 0; /* ignored by default */
    default: break;
    }
  }
  if (t->sigmask >> (sig - 1) & 1) return 0; /* stays pending */
  task_die_signal(t, sig, SI_TKILL, 0);
  return 0;
}

SYS_DEFINE2(kill, int, pid, int, sig) {
  if (pid == getpid() || pid == 0) return signal_self(t, sig);
  return host_ret(kill(pid, sig));
}

SYS_DEFINE3(tgkill, int, tgid, int, tid, int, sig) {
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  if (tgid == getpid() && tid == t->tid) return signal_self(t, sig);
  return host_ret(syscall(SYS_tgkill, tgid, tid, sig));
}

SYS_DEFINE2(tkill, int, tid, int, sig) {
  if (tid <= 0) return -EINVAL;
  if (tid == t->tid) return signal_self(t, sig);
  return host_ret(syscall(SYS_tkill, tid, sig));
}
