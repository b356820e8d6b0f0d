/* ptrace_tracer.c — the tracer's side of ptrace between emulated
 * processes: ptrace(2)'s requests to a stopped tracee, made through its
 * slot (ptrace_internal.h) and answered by the tracee itself (ptrace.c),
 * and the tracer's wait4 and waitid, which report its tracees' stops from
 * their slots, and the ends of those it did not fork, before the host's
 * wait.  Mirrors kernel/ptrace.c (ptrace_request, ptrace_resume,
 * ptrace_check_attach, ptrace_regset), arch/x86/kernel/ptrace.c
 * (arch_ptrace, the compat requests) and kernel/exit.c (do_wait,
 * wait_task_stopped, eligible_pid).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../abi/lx_proc.h"
#include "../mem/mem.h"
#include "../syscall/syscall.h"
#include "ptrace.h"
#include "ptrace_internal.h"
#include "signal.h"

bool ptrace_sigchld(struct lx_siginfo *si, bool nocldstop) {
  if (!pt_own || si->signo != SIGCHLD || si->code != SI_USER) return true;
  for (int i = 0; i < PT_SLOTS; i++) {
    const struct pt_slot *s = &pt_own->slot[i];
    int state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    int tp = __atomic_load_n(&s->pid, __ATOMIC_ACQUIRE);
    /* A thread's kill comes from its process: the tgid. */
    if ((tp != si->u.kill.pid && s->tgid != si->u.kill.pid) ||
        (state != SLOT_STOPPED && state != SLOT_EXITED))
      continue;
    si->u.kill.pid = tp;
    if (state == SLOT_EXITED) { /* CLD_EXITED or CLD_KILLED, as the host's would say */
      int pid = si->u.kill.pid, st = s->status;
      u32 uid = si->u.kill.uid;
      memset(&si->u, 0, sizeof si->u);
      si->code = st & 0x7f ? 2 : 1;
      si->u.chld.pid = pid;
      si->u.chld.uid = uid;
      si->u.chld.status = st & 0x7f ? st & 0x7f : st >> 8 & 0xff;
      return true;
    }
    /* The SIGCHLD of a ptrace stop (do_notify_parent_cldstop): CLD_TRAPPED
     * with the stop's signal, none when the tracer asked SA_NOCLDSTOP. */
    if (nocldstop) return false;
    int pid = si->u.kill.pid;
    u32 uid = si->u.kill.uid;
    memset(&si->u, 0, sizeof si->u);
    si->code = 4; /* CLD_TRAPPED */
    si->u.chld.pid = pid;
    si->u.chld.uid = uid;
    si->u.chld.status = s->status >> 8 & 0x7f;
    return true;
  }
  return true;
}

static struct pt_slot *tracee(int pid) {
  if (!pt_own || pid <= 0) return NULL;
  for (int i = 0; i < PT_SLOTS; i++)
    if (__atomic_load_n(&pt_own->slot[i].pid, __ATOMIC_ACQUIRE) == pid) return &pt_own->slot[i];
  return NULL;
}

/* Whether the tracee's host process has died (a zombie not yet waited for;
 * one the tracer did not fork: no longer there). */
static bool ended(int pid) { /* a pidfd is readable once its process has ended */
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return true;
  struct pollfd p = {fd, POLLIN, 0};
  bool r = poll(&p, 1, 0) > 0;
  close(fd);
  return r;
}

static bool gone(const struct pt_slot *s, int pid) {
  if (s->foreign) return ended(s->tgid);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0) return true;
  return si.si_pid == pid;
}

/* One request to the stopped tracee and its reply, in the layouts of abi. */
static long request_as(struct pt_slot *s, int pid, int op, int abi) {
  s->op = op;
  s->abi = abi;
  u32 n = __atomic_load_n(&s->req, __ATOMIC_ACQUIRE) + 1;
  __atomic_store_n(&s->req, n, __ATOMIC_RELEASE);
  pt_futex(&s->req, FUTEX_WAKE, INT32_MAX, NULL);
  for (;;) {
    u32 a = __atomic_load_n(&s->ack, __ATOMIC_ACQUIRE);
    if (a == n) return s->result;
    struct timespec ts = {0, 100 * 1000 * 1000};
    pt_futex(&s->ack, FUTEX_WAIT, a, &ts);
    if (__atomic_load_n(&s->ack, __ATOMIC_ACQUIRE) != n && gone(s, pid)) return -ESRCH;
  }
}

/* In the tracer's layouts (its ABI's user_regs_struct, word size). */
static long request(struct task *t, struct pt_slot *s, int pid, int op) {
  return request_as(s, pid, op, t->abi);
}

static long put_word(struct task *t, u64 uaddr, u64 v) {
  if (t->abi == ABI_X86_64) return copy_to_user(MM(t), uaddr, &v, 8);
  u32 v32 = (u32)v;
  return copy_to_user(MM(t), uaddr, &v32, 4);
}

/* PTRACE_GETREGSET/SETREGSET (ptrace_regset): the regset named by type in
 * the tracee's view (task_user_regset_view: the i386 layouts while its CS
 * is not the 64-bit one, whatever the tracer), through the iovec at uiov
 * (two words of the tracer's size), whose length the kernel cuts to the
 * regset's and writes back; a tracer tells an i386 tracee by that length.
 * NT_PRSTATUS is user_regs_struct; NT_PRFPREG the FXSAVE image in the
 * 64-bit view, NT_PRXFPREG in the i386 one; anything else is EINVAL. */
static long regset(struct task *t, struct pt_slot *s, int pid, bool set, u64 type, u64 uiov) {
  size_t w = t->abi == ABI_X86_64 ? 8 : 4, size;
  s->addr = 17 * 8; /* cs, in the 64-bit layout */
  long r = request_as(s, pid, OP_PEEKUSER, ABI_X86_64);
  if (r) return r;
  u64 cs;
  memcpy(&cs, s->buf, 8);
  int view = (u16)cs == 0x33 ? ABI_X86_64 : ABI_I386;
  int get_op = OP_GETFP, set_op = OP_SETFP;
  if (type == NT_PRSTATUS) {
    size = view == ABI_X86_64 ? sizeof(struct lx64_user_regs) : sizeof(struct lx32_user_regs);
    get_op = OP_GETREGS;
    set_op = OP_SETREGS;
  } else if (type == (view == ABI_X86_64 ? NT_PRFPREG : NT_PRXFPREG)) {
    size = 512;
  } else {
    pt_unimp(t, "PTRACE_GETREGSET/SETREGSET (this regset)", (long)type);
    return -EINVAL;
  }
  u64 iov[2] = {0, 0};
  if (w == 8) {
    if (copy_from_user(MM(t), iov, uiov, 16)) return -EFAULT;
  } else {
    u32 iov32[2];
    if (copy_from_user(MM(t), iov32, uiov, 8)) return -EFAULT;
    iov[0] = iov32[0];
    iov[1] = iov32[1];
  }
  size_t n = iov[1] < size ? (size_t)iov[1] : size;
  r = request_as(s, pid, get_op, view);
  if (set) {
    /* A short SETREGSET changes the head and keeps the rest. */
    if (!r && copy_from_user(MM(t), s->buf, iov[0], n)) r = -EFAULT;
    if (!r) r = request_as(s, pid, set_op, view);
  } else if (!r && copy_to_user(MM(t), iov[0], s->buf, n)) {
    r = -EFAULT;
  }
  return r ? r : put_word(t, uiov + w, n) ? -EFAULT : 0;
}

/* PTRACE_ATTACH (ptrace_attach): a slot for pid, which must be another
 * emu (its guest window is published: mm_peer.c), then a SIGTRAP that
 * asks it to take the slot (ptrace_attach_request); it stops for the
 * SIGSTOP that comes with it, which the tracer's wait reports.  A thread
 * other than a process's first is not reached (its tgid is not known). */
static long attach(struct task *t, int pid) {
  if (pid <= 0) return -ESRCH;
  if (pid == getpid() || pid == t->tid) return -EPERM; /* same_thread_group */
  struct mm_peer w;
  int e = mm_peer_find(pid, &w);
  if (e < 0) return e == -EPERM ? -EPERM : -ESRCH;
  if (e == 0) {
    pt_unimp(t, "PTRACE_ATTACH (a process that is not an emu)", REQ_ATTACH);
    return -EPERM;
  }
  ptrace_fork_prepare(); /* this process's registry */
  if (!pt_own) return -ENOMEM;
  if (tracee(pid)) return -EPERM; /* already ours */
  /* Not a child: its end comes through the slot, not the host's wait. */
  siginfo_t si;
  memset(&si, 0, sizeof si);
  bool child = !waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT);
  struct pt_slot *s = pt_slot_claim(pt_own, pid, pid, 0, !child);
  if (!s) return -EPERM;
  long r = pt_trap(pid, pid, PT_ATTACH_VALUE(s - pt_own->slot, pt_own_fd()));
  if (r < 0) {
    __atomic_store_n(&s->state, SLOT_FREE, __ATOMIC_RELEASE);
    __atomic_store_n(&s->pid, 0, __ATOMIC_RELEASE);
    return r;
  }
  return 0;
}

SYS_DEFINE4(ptrace, long, req, int, pid, u64, addr, u64, data) {
  size_t w = t->abi == ABI_X86_64 ? 8 : 4;
  if (req == REQ_TRACEME) return pt_traceme(t);
  if (req == REQ_ATTACH) return attach(t, pid);
  if (req == 0x4206 /* SEIZE */) {
    pt_unimp(t, "PTRACE_SEIZE", req);
    return -EPERM;
  }
  struct pt_slot *s = tracee(pid);
  if (!s) return -ESRCH;
  if (req == REQ_KILL) {
    /* Whether stopped or not: SIGKILL, as send_sig_info does. */
    kill(pid, SIGKILL);
    return 0;
  }
  if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != SLOT_STOPPED) return -ESRCH;
  long r;
  switch (req) {
  case REQ_PEEKTEXT:
  case REQ_PEEKDATA:
  case REQ_PEEKUSR:
    s->addr = addr;
    r = request(t, s, pid, req == REQ_PEEKUSR ? OP_PEEKUSER : OP_PEEK);
    if (r) return r;
    {
      u64 v = 0;
      memcpy(&v, s->buf, w);
      return put_word(t, data, v) ? -EFAULT : 0;
    }
  case REQ_POKETEXT:
  case REQ_POKEDATA:
  case REQ_POKEUSR:
    s->addr = addr;
    s->data = w == 8 ? data : (u32)data;
    memcpy(s->buf, &s->data, w);
    return request(t, s, pid, req == REQ_POKEUSR ? OP_POKEUSER : OP_POKE);
  case REQ_GETREGS: {
    size_t n = t->abi == ABI_X86_64 ? sizeof(struct lx64_user_regs) : sizeof(struct lx32_user_regs);
    r = request(t, s, pid, OP_GETREGS);
    return r ? r : copy_to_user(MM(t), data, s->buf, n) ? -EFAULT : 0;
  }
  case REQ_SETREGS: {
    size_t n = t->abi == ABI_X86_64 ? sizeof(struct lx64_user_regs) : sizeof(struct lx32_user_regs);
    if (copy_from_user(MM(t), s->buf, data, n)) return -EFAULT;
    return request(t, s, pid, OP_SETREGS);
  }
  case REQ_GETFPREGS:
  case REQ_GETFPXREGS: {
    /* GETFPREGS: the FXSAVE image for an x86-64 tracer, the FSAVE one for
     * an i386 tracer, whose GETFPXREGS is the FXSAVE one (x86-64: EIO). */
    bool fsave = req == REQ_GETFPREGS && t->abi == ABI_I386;
    if (req == REQ_GETFPXREGS && t->abi == ABI_X86_64) break;
    r = request(t, s, pid, fsave ? OP_GETFSAVE : OP_GETFP);
    return r ? r : copy_to_user(MM(t), data, s->buf, fsave ? 108 : 512) ? -EFAULT : 0;
  }
  case REQ_SETFPREGS:
  case REQ_SETFPXREGS: {
    bool fsave = req == REQ_SETFPREGS && t->abi == ABI_I386;
    if (req == REQ_SETFPXREGS && t->abi == ABI_X86_64) break;
    if (copy_from_user(MM(t), s->buf, data, fsave ? 108 : 512)) return -EFAULT;
    return request(t, s, pid, fsave ? OP_SETFSAVE : OP_SETFP);
  }
  case REQ_GETSIGINFO: {
    size_t n = t->abi == ABI_X86_64 ? sizeof(struct lx_siginfo) : sizeof(struct lx32_siginfo);
    if ((s->status & 0xff) != 0x7f) return -EINVAL;
    r = request(t, s, pid, OP_GETSIGINFO);
    return r ? r : copy_to_user(MM(t), data, s->buf, n) ? -EFAULT : 0;
  }
  case REQ_GETREGSET:
  case REQ_SETREGSET: return regset(t, s, pid, req == REQ_SETREGSET, addr, data);
  case REQ_GETEVENTMSG: return put_word(t, data, s->eventmsg) ? -EFAULT : 0;
  case REQ_SETOPTIONS:
    if (data & ~(u64)PT_O_MASK) return -EINVAL;
    if (data & ~(u64)PT_O_DONE) {
      pt_unimp(t, "PTRACE_SETOPTIONS (seccomp or PTRACE_O_SUSPEND_SECCOMP)", req);
      return -EINVAL;
    }
    s->options = (u32)data;
    return 0;
  case REQ_CONT:
  case REQ_SYSCALL:
  case REQ_SINGLESTEP:
  case REQ_DETACH:
    if (data > LX_NSIG) return -EIO; /* valid_signal() */
    s->mode = (int)req;
    s->sig = (int)data;
    return request(t, s, pid, OP_RESUME);
  default: break;
  }
  pt_unimp(t, "(this request)", req);
  return -EIO;
}

/* Any process that forked may have tracees: a child's PTRACE_TRACEME can
 * come while the parent already waits. */
bool ptrace_tracing(void) { return pt_own != NULL; }

/* Whether wait4's pid argument selects the tracee (eligible_pid). */
static bool selects(int pid, int tracee_pid) {
  if (pid > 0) return pid == tracee_pid;
  if (pid == -1) return true;
  pid_t g = getpgid(tracee_pid);
  return pid == 0 ? g == getpgrp() : g == -pid;
}

/* A foreign tracee has ended with status: its tracer's wait hears of it. */
static void slot_ended(struct pt_registry *r, struct pt_slot *s, int status) {
  s->status = status;
  __atomic_store_n(&s->state, SLOT_EXITED, __ATOMIC_SEQ_CST);
  if (r != pt_own) kill(r->owner, SIGCHLD);
  pt_ring(r);
}

/* A child the host's wait reaped with status: if a tracee, its slot is
 * free; if its tracer is ours (a fork event's tracee, which tells its end
 * itself unless SIGKILL ended it), the tracer hears of the end. */
static void reaped(long pid, int status) {
  struct pt_slot *s = tracee((int)pid);
  if (s) { /* the tracee is gone: its slot is free */
    __atomic_store_n(&s->state, SLOT_FREE, __ATOMIC_RELEASE);
    __atomic_store_n(&s->pid, 0, __ATOMIC_RELEASE);
  }
  for (int i = 0; pt_up && i < PT_SLOTS; i++) {
    s = &pt_up->slot[i];
    int state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    if (__atomic_load_n(&s->pid, __ATOMIC_ACQUIRE) == pid && s->foreign &&
        (state == SLOT_RUNNING || state == SLOT_STOPPED))
      slot_ended(pt_up, s, status);
  }
}

/* The host's half of a wait: wait4's or waitid's arguments. */
struct host_wait {
  bool waitid;
  int pid;        /* wait4 */
  int idtype, id; /* waitid */
  int *status;    /* wait4 */
  siginfo_t *si;  /* waitid */
  struct rusage *ru;
};

/* One call of the host's wait, blocking or not (WNOHANG): a child's pid, 0
 * for nothing yet, or -errno (-EINTR from a kick: sig_safe_syscall_once). */
static long host_wait(struct task *t, const struct host_wait *h, int options, bool block) {
  long r;
  if (h->waitid) {
    memset(h->si, 0, sizeof *h->si);
    r = block ? sig_safe_syscall_once(t, SYS_waitid, h->idtype, h->id, (long)h->si, options,
                                      (long)h->ru, 0)
              : host_ret(syscall(SYS_waitid, h->idtype, h->id, h->si, options | WNOHANG, h->ru));
    if (r == 0) r = h->si->si_pid;
    int code = h->si->si_code, st = h->si->si_status;
    if (r > 0 && (code == CLD_EXITED || code == CLD_KILLED || code == CLD_DUMPED) &&
        !(options & WNOWAIT))
      reaped(r, code == CLD_EXITED ? (st & 0xff) << 8 : (st & 0x7f) | (code == CLD_DUMPED) << 7);
    return r;
  }
  r = block
          ? sig_safe_syscall_once(t, SYS_wait4, h->pid, (long)h->status, options, (long)h->ru, 0, 0)
          : host_ret(syscall(SYS_wait4, h->pid, h->status, options | WNOHANG, h->ru));
  if (r > 0 && !WIFSTOPPED(*h->status) && !WIFCONTINUED(*h->status) && !(options & WNOWAIT))
    reaped(r, *h->status);
  return r;
}

/* Wait for the tracees selected by pid that the tracer did not fork (the
 * host's wait knows none of them): until one ends (its pidfd turns
 * readable: one SIGKILL ended without telling, SIGKILL's status is
 * recorded for it) or a stop rings (-EINTR: look again); without block,
 * only that look (0).  -ECHILD when there is none. */
static long wait_foreign(struct task *t, int pid, bool block) {
  struct pollfd fds[PT_SLOTS];
  struct pt_slot *of[PT_SLOTS];
  int n = 0;
  for (int i = 0; i < PT_SLOTS; i++) {
    struct pt_slot *s = &pt_own->slot[i];
    int tp = __atomic_load_n(&s->pid, __ATOMIC_ACQUIRE);
    if (!tp || !s->foreign || !selects(pid, tp)) continue;
    int fd = (int)syscall(SYS_pidfd_open, s->tgid, 0); /* a thread's: its process's */
    if (fd < 0) continue;
    fds[n] = (struct pollfd){fd, POLLIN, 0};
    of[n++] = s;
  }
  if (!n) return -ECHILD;
  long r = block ? sig_safe_syscall_once(t, SYS_ppoll, (long)fds, n, 0, 0, 8, 0)
                 : host_ret(poll(fds, (nfds_t)n, 0));
  for (int k = 0; k < n; k++) {
    if ((fds[k].revents & POLLIN) &&
        __atomic_load_n(&of[k]->state, __ATOMIC_ACQUIRE) != SLOT_EXITED)
      slot_ended(pt_own, of[k], SIGKILL);
    close(fds[k].fd);
  }
  return !block ? 0 : r < 0 ? r : -EINTR;
}

/* What a tracee's slot answered a wait: its stop or its end. */
struct slot_answer {
  bool any;   /* false: the host's wait is the answer */
  bool ended; /* a tracee the tracer did not fork ended */
  int status; /* the wait status */
};

/* A tracer's wait: its tracees' stops not yet reported, in wait4's pid
 * terms (pid), whatever WUNTRACED/WSTOPPED says (wait_task_stopped with
 * ptrace set), and the ends of the tracees it did not fork; then the
 * host's wait. */
static long wait_tracer(struct task *t, int pid, int options, const struct host_wait *h,
                        struct slot_answer *ans) {
  *ans = (struct slot_answer){0};
  for (;;) {
    /* Published before the look at the tracees: a tracee that stops after
     * the look rings this thread (ring). */
    __atomic_store_n(&pt_own->waiter, t->tid, __ATOMIC_SEQ_CST);
    for (int i = 0; i < PT_SLOTS; i++) {
      struct pt_slot *s = &pt_own->slot[i];
      int tp = __atomic_load_n(&s->pid, __ATOMIC_SEQ_CST);
      int state = __atomic_load_n(&s->state, __ATOMIC_SEQ_CST);
      if (!tp || (state != SLOT_STOPPED && state != SLOT_EXITED) ||
          (state == SLOT_STOPPED && s->reported) || !selects(pid, tp))
        continue;
      __atomic_store_n(&pt_own->waiter, 0, __ATOMIC_SEQ_CST);
      *ans = (struct slot_answer){true, state == SLOT_EXITED, s->status};
      if (!(options & WNOWAIT)) {
        s->reported = 1;
        if (state == SLOT_EXITED) { /* reaped: the slot is free */
          __atomic_store_n(&s->state, SLOT_FREE, __ATOMIC_RELEASE);
          __atomic_store_n(&s->pid, 0, __ATOMIC_RELEASE);
        }
      }
      return tp;
    }
    long r = host_wait(t, h, options, false);
    if (r == -ECHILD) { /* none of the host's: the tracees it did not fork, if any */
      r = wait_foreign(t, pid, !(options & WNOHANG));
    } else if (r == 0 && !(options & WNOHANG)) {
      r = host_wait(t, h, options, true);
    }
    __atomic_store_n(&pt_own->waiter, 0, __ATOMIC_SEQ_CST);
    if (r != -EINTR) return r;
    /* A signal for the guest ends the wait; the doorbell, or a host signal
     * with nothing for the guest, makes it look again. */
    if (t->sig.pending & ~t->sigmask) return -EINTR;
    t->cpu.kick = 0;
  }
}

long ptrace_wait4(struct task *t, int pid, int *status, int options, struct rusage *ru) {
  const struct host_wait h = {.pid = pid, .status = status, .ru = ru};
  struct slot_answer a;
  long r = wait_tracer(t, pid, options, &h, &a);
  if (a.any) {
    *status = a.status;
    if (ru) memset(ru, 0, sizeof *ru);
  }
  return r;
}

long ptrace_waitid(struct task *t, int idtype, int id, siginfo_t *si, int options,
                   struct rusage *ru) {
  /* P_ALL, P_PID and P_PGID, in wait4's terms (sys_wait.c leaves P_PIDFD
   * to the host). */
  int pid = idtype == P_ALL ? -1 : idtype == P_PID ? id : id ? -id : 0;
  const struct host_wait h = {.waitid = true, .idtype = idtype, .id = id, .si = si, .ru = ru};
  struct slot_answer a;
  long r = wait_tracer(t, pid, options, &h, &a);
  if (!a.any) return r < 0 ? r : 0;
  /* wait_task_stopped() for waitid: CLD_TRAPPED, the whole stop code; an
   * end: CLD_EXITED with the code, or CLD_KILLED with the signal. */
  memset(si, 0, sizeof *si);
  si->si_signo = SIGCHLD;
  si->si_code = !a.ended ? CLD_TRAPPED : a.status & 0x7f ? CLD_KILLED : CLD_EXITED;
  si->si_pid = (pid_t)r;
  si->si_uid = getuid();
  si->si_status = !a.ended          ? a.status >> 8
                  : a.status & 0x7f ? a.status & 0x7f
                                    : a.status >> 8 & 0xff;
  if (ru) memset(ru, 0, sizeof *ru);
  return 0;
}
