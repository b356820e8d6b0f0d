/* ptrace.c — ptrace(2) between emulated processes, the tracee's side:
 * PTRACE_TRACEME, the registry and its slots, the stops a traced task
 * makes (syscall-enter and -exit, signal-delivery, execve's, the events)
 * and how it serves the requests its tracer makes meanwhile; the tracer's
 * side, the requests and the waits, is ptrace_tracer.c, and what the two
 * share ptrace_internal.h.  Mirrors kernel/ptrace.c
 * (ptrace_traceme, ptrace_request, ptrace_resume, ptrace_check_attach),
 * kernel/signal.c (ptrace_stop, ptrace_signal), include/linux/ptrace.h
 * (ptrace_report_syscall_entry/_exit, PTRACE_EVENT_EXEC) and
 * arch/x86/kernel/ptrace.c (arch_ptrace, getreg/putreg, the compat
 * requests of a 32-bit tracer).
 *
 * Model.  Tracer and tracee are two emu processes, so the tracee answers
 * for itself: while stopped it waits on a channel and serves the tracer's
 * requests with its own state (registers from the stop's frame, memory
 * through access_process_vm), until a resume request lets it go on.  The
 * channel lives in the tracer's registry, a small shared memfd each emu
 * makes before its first fork, so that its children inherit it; a child's
 * PTRACE_TRACEME claims a slot there, and execve hands the slot on to the
 * new emu ("--ptrace FD:SLOT").  The descriptor is one of emu's own
 * (fs_fd_reserve), invisible to the guest.  The requests and their
 * replies travel through futexes on the slot.  The tracer's wait4 looks at
 * its tracees' slots, then waits in the host's wait4; a tracee that stops
 * rings the waiting thread out of it with a signal emu keeps for itself
 * (SIG_PTRACE_BELL), and it looks again.
 *
 * What is here: PTRACE_TRACEME; PEEKTEXT/PEEKDATA/POKETEXT/POKEDATA,
 * PEEKUSER/POKEUSER (registers, ORIG_RAX/ORIG_EAX, zero debug registers),
 * GETREGS/SETREGS and GETFPREGS/SETFPREGS in the tracer's layout (an i386
 * tracer: the 17-word user_regs_struct, the FSAVE image of GETFPREGS and
 * FPXREGS for its FXSAVE image),
 * GETSIGINFO, GETEVENTMSG, SETOPTIONS (TRACESYSGOOD, TRACEFORK, TRACEVFORK,
 * TRACECLONE, TRACEEXEC, TRACEEXIT, EXITKILL),
 * CONT, SYSCALL, SINGLESTEP, DETACH and KILL, each with the kernel's
 * checks (ESRCH for a task that is not a stopped tracee of the caller, EIO
 * for a bad offset, address or signal).
 *
 * Fork events: a traced process whose fork the options ask for stops with
 * PTRACE_EVENT_FORK (or _CLONE, another exit signal) after the fork, and
 * its child claims a slot of the same tracer ("foreign": the tracer is not
 * its parent) and stops first for a SIGSTOP.  The tracer's wait reports
 * the stops of such tracees from their slots as of any other, and their
 * ends too, which the host's wait cannot: the tracee writes its status in
 * its slot as it ends, its parent's wait does for it when SIGKILL gave it
 * no chance, and a tracer with nothing else to wait for waits on their
 * pidfds.
 *
 * A CLONE_VM child (vfork, posix_spawn) and a new thread (PTRACE_EVENT_CLONE)
 * are born traced the same way, each task with its slot of its own (not in
 * the variables a CLONE_VM child shares with its parent), and stop for the
 * SIGSTOP before their first instruction.  A thread's slot names its tid,
 * and its process (tgid) for what only processes have (the SIGCHLD's
 * sender, a pidfd); it tells its end alone as it ends, and exit_group
 * makes the other threads' PTRACE_EVENT_EXIT stops on their behalf and
 * tells their ends.  The parent's event stop comes when the host's clone
 * returns, which for CLONE_VFORK is once the child has exec'd or ended:
 * later than the kernel's, which stops the parent before it waits for the
 * child.
 *
 * PTRACE_ATTACH: the tracer claims a slot for the target, another emu (it
 * has published its guest window: mm_peer.c), and asks it with a SIGTRAP
 * whose value names the slot and the registry's descriptor; the target's
 * host handler queues the SIGSTOP the kernel sends, and as that is
 * delivered the target maps the tracer's registry (pidfd_getfd), takes the
 * slot and stops for it.  A native process cannot be attached (EPERM and a
 * line under -d unimp).
 *
 * Not yet: PTRACE_SEIZE, INTERRUPT and LISTEN (strace falls back to
 * ATTACH), attaching to a thread other than a process's first, and the real
 * parent's wait held back until the tracer has reaped a tracee; each is
 * refused with an error or, under -d unimp, said in a line.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../abi/lx_proc.h"
#include "../cpu/fxsave.h"
#include "../syscall/syscall.h"
#include "proc.h"
#include "ptrace.h"
#include "ptrace_internal.h"
#include "signal.h"

/* This process's registry, for its children, and its parent's, in which it
 * holds a slot once traced.  A process's own: one per host process (a
 * CLONE_VM child sees its parent's and cannot be traced: see traceme). */
struct pt_registry *pt_own, *pt_up;
static int own_fd = -1, up_fd = -1;
static struct pt_slot *attach_slot;
static bool exec_pending; /* a traced task's new program has yet to stop (ptrace_task_start) */

static void untrace(struct task *t);

long pt_futex(u32 *w, int op, u32 val, const struct timespec *ts) {
  return syscall(SYS_futex, w, op, val, ts, NULL, 0);
}

/* A tracee stopped: the tracer's thread in wait4, if there is one, leaves
 * its host wait4 to look (SIG_PTRACE_BELL, signal.c). */
long pt_trap(int tgid, int tid, u64 value) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGTRAP;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = getuid();
  si.si_value.sival_ptr = (void *)(uintptr_t)value;
  return host_ret(syscall(SYS_rt_tgsigqueueinfo, tgid, tid, SIGTRAP, &si));
}

void pt_ring(struct pt_registry *r) {
  int w = __atomic_load_n(&r->waiter, __ATOMIC_SEQ_CST);
  if (w) pt_trap(r->owner, w, SIG_PTRACE_BELL);
}

void pt_unimp(struct task *t, const char *what, long req) {
  const struct emu_opts *o = t->proc->opts;
  if (o && o->log_unimp)
    fprintf(o->log ? o->log : stderr, "emu: unimplemented ptrace request %s (%ld)\n", what, req);
}

/* ---- the registry ---- */

static struct pt_registry *reg_map(int fd) {
  void *p = mmap(NULL, sizeof(struct pt_registry), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return p == MAP_FAILED ? NULL : p;
}

void ptrace_fork_prepare(void) {
  if (pt_own) return;
  int fd = memfd_create("emu-ptrace", MFD_CLOEXEC);
  if (fd < 0) return;
  fd = fs_fd_high(fd);
  struct pt_registry *r = NULL;
  if (ftruncate(fd, sizeof *r) == 0) r = reg_map(fd);
  if (!r || !fs_fd_reserve(fd)) {
    if (r) munmap(r, sizeof *r);
    close(fd);
    return;
  }
  r->owner = getpid();
  pt_own = r;
  own_fd = fd;
}

static void reg_drop(struct pt_registry **r, int *fd) {
  if (!*r) return;
  munmap(*r, sizeof **r);
  fs_fd_unreserve(*fd);
  close(*fd);
  *r = NULL;
  *fd = -1;
}

struct pt_slot *pt_slot_claim(struct pt_registry *r, int tid, int tgid, u32 options, bool foreign) {
  for (int i = 0; i < PT_SLOTS; i++) {
    struct pt_slot *s = &r->slot[i];
    int zero = 0;
    if (!__atomic_compare_exchange_n(&s->pid, &zero, tid, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
      continue;
    s->options = options;
    s->foreign = foreign;
    s->tgid = tgid;
    s->mode = REQ_CONT;
    s->reported = 1;
    __atomic_store_n(&s->state, SLOT_RUNNING, __ATOMIC_RELEASE);
    return s;
  }
  return NULL;
}

int ptrace_clone_event(const struct task *t, u64 flags, int exit_signal) {
  const struct pt_slot *me = ME(t);
  if (!t->ptrace || !me || (flags & LX_CLONE_UNTRACED)) return 0;
  int ev = flags & LX_CLONE_VFORK   ? PT_EVENT_VFORK
           : exit_signal != SIGCHLD ? PT_EVENT_CLONE
                                    : PT_EVENT_FORK;
  return me->options & (1u << ev) ? ev : 0; /* PTRACE_O_TRACEFORK is 1 << PTRACE_EVENT_FORK ... */
}

/* A child traced from birth (ptrace_init_task), in its own process: a
 * slot of the parent's tracer, the parent's options, no syscall stops or
 * step of the parent's (copy_process clears them), and a SIGSTOP to stop
 * for first, pending without a queue entry (SI_USER from pid 0). */
static void born_traced(struct task *t, u32 options) {
  struct pt_slot *s = pt_slot_claim(pt_up, t->tid, getpid(), options, true);
  ME(t) = s;
  t->ptrace = 0;
  if (!s) { /* untraced (a thread's process stays as it is for the others) */
    pt_unimp(t, "PTRACE_O_TRACEFORK (every slot of the tracer is taken)", 0);
    return;
  }
  t->ptrace = PT_TRACED;
  sig_host_trace(t->proc, true);
  struct lx_siginfo si;
  memset(&si, 0, sizeof si);
  si.signo = SIGSTOP;
  si.code = SI_USER;
  sig_queue(t, &si);
}

void ptrace_clone_child(struct task *c, int event) {
  const struct pt_slot *parent = ME(c); /* the task is a copy of the parent's */
  ME(c) = NULL;
  c->ptrace = 0;
  if (!event || !parent) return;
  born_traced(c, parent->options);
  /* It starts in user mode, not through a syscall's exit: the SIGSTOP's
   * stop comes before its first instruction, as the kernel's would. */
  if (ME(c)) sig_deliver_async(c);
}

void ptrace_fork_child(struct task *t, int event) {
  struct pt_slot *me = ME(t);
  if (event && me) {
    reg_drop(&pt_own, &own_fd); /* the parent's children's channel */
    born_traced(t, me->options);
    return;
  }
  /* The parent's parent's registry is no business of the child's. */
  reg_drop(&pt_up, &up_fd);
  pt_up = pt_own;
  up_fd = own_fd;
  pt_own = NULL;
  own_fd = -1;
  /* A tracee's child is not traced without the event's option. */
  if (me) untrace(t);
  t->ptrace = 0;
}

/* ---- the tracee's side ---- */

/* The tracer's view of the registers (getreg, getreg32): the stop's frame
 * and the CPU's segments, in the tracer's layout. */
static void regs_out(const struct task *t, const struct pt_regs *r, u64 flags, int abi, void *out) {
  const struct cpu *c = &t->cpu;
  if (abi == ABI_X86_64) {
    struct lx64_user_regs *u = out;
    *u = (struct lx64_user_regs){r->r15,
                                 r->r14,
                                 r->r13,
                                 r->r12,
                                 r->bp,
                                 r->bx,
                                 r->r11,
                                 r->r10,
                                 r->r9,
                                 r->r8,
                                 r->ax,
                                 r->cx,
                                 r->dx,
                                 r->si,
                                 r->di,
                                 r->orig_ax,
                                 r->ip,
                                 r->cs,
                                 flags,
                                 r->sp,
                                 r->ss,
                                 c->seg_base[SEG_FS],
                                 c->seg_base[SEG_GS],
                                 c->seg[SEG_DS],
                                 c->seg[SEG_ES],
                                 c->seg[SEG_FS],
                                 c->seg[SEG_GS]};
  } else {
    struct lx32_user_regs *u = out;
    *u = (struct lx32_user_regs){
        (u32)r->bx, (u32)r->cx,     (u32)r->dx,     (u32)r->si,     (u32)r->di,     (u32)r->bp,
        (u32)r->ax, c->seg[SEG_DS], c->seg[SEG_ES], c->seg[SEG_FS], c->seg[SEG_GS], (u32)r->orig_ax,
        (u32)r->ip, (u32)r->cs,     (u32)flags,     (u32)r->sp,     (u32)r->ss};
  }
}

/* The flags a tracer may change (FLAG_MASK of arch/x86/kernel/ptrace.c). */
#define PT_FLAG_MASK (F_CF | F_PF | F_AF | F_ZF | F_SF | F_TF | F_DF | F_OF | F_RF | F_AC)

/* putreg()/putreg32() of one register, by its index in the tracer's
 * layout; -EIO for a segment register the model cannot change. */
static int reg_put(struct task *t, struct pt_regs *r, int abi, int idx, u64 v) {
  u64 *gpr64[] = {&r->r15, &r->r14, &r->r13, &r->r12, &r->bp, &r->bx, &r->r11,     &r->r10, &r->r9,
                  &r->r8,  &r->ax,  &r->cx,  &r->dx,  &r->si, &r->di, &r->orig_ax, &r->ip};
  u64 *gpr32[] = {&r->bx, &r->cx, &r->dx, &r->si, &r->di, &r->bp, &r->ax};
  struct cpu *c = &t->cpu;
  if (abi == ABI_I386) {
    if (idx < 7) {
      /* A 32-bit tracer writes the low halves; ax sign-extends. */
      *gpr32[idx] = idx == 6 ? (u64)(i64)(i32)v : (*gpr32[idx] & ~0xffffffffull) | (u32)v;
      return 0;
    }
    switch (idx) {
    case 11: r->orig_ax = (u64)(i64)(i32)v; return 0; /* a compat orig_ax sign-extends */
    case 12: r->ip = (u32)v; return 0;
    case 15: r->sp = (u32)v; return 0;
    case 14: idx = 18; break; /* flags below */
    case 7: idx = 23; break;  /* ds */
    case 8: idx = 24; break;  /* es */
    case 9: idx = 25; break;  /* fs */
    case 10: idx = 26; break; /* gs */
    case 13: idx = 17; break; /* cs */
    case 16: idx = 20; break; /* ss */
    default: return -EIO;
    }
  } else if (idx <= 16) {
    *gpr64[idx] = v;
    return 0;
  }
  switch (idx) {
  case 18: r->flags = (r->flags & ~(u64)PT_FLAG_MASK) | (v & PT_FLAG_MASK); return 0;
  case 19: r->sp = v; return 0;
  case 21:
  case 22:
    if (v >= (1ull << 47)) return -EIO; /* TASK_SIZE_MAX */
    c->seg_base[idx == 21 ? SEG_FS : SEG_GS] = v;
    return 0;
  case 17: return (u16)v == r->cs ? 0 : -EIO;
  case 20: return (u16)v == r->ss ? 0 : -EIO;
  default: { /* 23-26: ds es fs gs */
    static const int seg[] = {SEG_DS, SEG_ES, SEG_FS, SEG_GS};
    return (u16)v == c->seg[seg[idx - 23]] ? 0 : -EIO;
  }
  }
}

/* The tracer's register index for a PEEKUSER/POKEUSER offset, -1 for the
 * debug registers (zero: emu models none), -2 for the rest of struct user
 * (zero), -EIO for a misaligned or out-of-range one. */
static int user_index(int abi, u64 off) {
  u64 w = abi == ABI_X86_64 ? 8 : 4;
  u64 size = abi == ABI_X86_64 ? USER64_END : USER32_END;
  u64 nregs = abi == ABI_X86_64 ? 27 : 17;
  u64 dbg = abi == ABI_X86_64 ? USER64_DEBUGREG : USER32_DEBUGREG;
  if ((off & (w - 1)) || off >= size) return -EIO;
  if (off < nregs * w) return (int)(off / w);
  return off >= dbg && off < dbg + 8 * w ? -1 : -2;
}

/* The flags the tracer sees: a TF that ptrace set is not the program's. */
static u64 shown_flags(const struct task *t, const struct pt_regs *r) {
  return t->ptrace & PT_FORCED_TF ? r->flags & ~(u64)F_TF : r->flags;
}

static i64 serve(struct task *t, struct pt_slot *s, struct pt_regs *r) {
  u8 *b = s->buf;
  size_t w = s->abi == ABI_X86_64 ? 8 : 4;
  switch (s->op) {
  case OP_PEEK: return access_process_vm(MM(t), s->addr, b, w, false);
  case OP_POKE: return access_process_vm(MM(t), s->addr, b, w, true);
  case OP_PEEKUSER: {
    int i = user_index(s->abi, s->addr);
    if (i < -2) return i;
    u8 all[sizeof(struct lx64_user_regs)];
    regs_out(t, r, shown_flags(t, r), s->abi, all);
    memset(b, 0, 8);
    if (i >= 0) memcpy(b, all + (size_t)i * w, w);
    return 0;
  }
  case OP_POKEUSER: {
    int i = user_index(s->abi, s->addr);
    if (i < -2) return i;
    if (i < 0) return i == -1 && s->data == 0 ? 0 : -EIO; /* no debug registers to set */
    return reg_put(t, r, s->abi, i, s->data);
  }
  case OP_GETREGS: regs_out(t, r, shown_flags(t, r), s->abi, b); return 0;
  case OP_SETREGS: {
    /* putreg() of each in turn, as the regset's set does: the first
     * refused one ends it. */
    int n = s->abi == ABI_X86_64 ? 27 : 17;
    for (int i = 0; i < n; i++) {
      u64 v = 0;
      memcpy(&v, b + (size_t)i * w, w);
      int e = reg_put(t, r, s->abi, i, v);
      if (e) return e;
    }
    return 0;
  }
  /* The FXSAVE image of xfpregs_get/_set, in the 64-bit form a 64-bit
   * kernel saves for every task (fxsaveq); an MXCSR with reserved bits set
   * is refused (EINVAL). */
  case OP_GETFP: cpu_fx_save(&t->cpu, b, true); return 0;
  case OP_SETFP: return cpu_fx_restore(&t->cpu, b, true) ? -EINVAL : 0;
  /* An i386 tracer's GETFPREGS/SETFPREGS: the FSAVE image (fpregs_get/set). */
  case OP_GETFSAVE: sig_fsave32_get(&t->cpu, b); return 0;
  case OP_SETFSAVE: return sig_fsave32_set(&t->cpu, b) ? -EINVAL : 0;
  case OP_GETSIGINFO:
    if (s->abi == ABI_X86_64) {
      memcpy(b, &s->si, sizeof s->si);
    } else {
      struct lx32_siginfo si32;
      sig_siginfo_to32(&s->si, &si32);
      memcpy(b, &si32, sizeof si32);
    }
    return 0;
  default: return -EIO;
  }
}

/* A tracee that is the tracer's child is reparented when the tracer dies;
 * one from a fork event asks whether the tracer's process is there. */
static bool tracer_alive(const struct pt_slot *me) {
  if (!pt_up || !me) return false;
  if (!me->foreign) return getppid() == pt_up->owner;
  return kill(pt_up->owner, 0) == 0 || errno == EPERM;
}

/* The task is no longer traced (detached, or its tracer gone). */
static void untrace(struct task *t) {
  ME(t) = NULL;
  t->ptrace = 0;
  /* The host's handing of every signal to emu is the process's: it stays
   * while another of its threads is traced. */
  for (int i = 0; pt_up && i < PT_SLOTS; i++) {
    const struct pt_slot *s = &pt_up->slot[i];
    int tp = __atomic_load_n(&s->pid, __ATOMIC_ACQUIRE);
    if (tp && tp != t->tid && s->tgid == getpid()) return;
  }
  sig_host_trace(t->proc, false);
}

/* ptrace_stop(): publish the stop, serve the tracer until it resumes the
 * task, and return the signal it resumed with (its exit_code); regs is the
 * stop's frame, which SETREGS and POKEUSER change.  A tracer that goes away
 * detaches the task, which goes on with sig, the stop's own signal. */
static int stop(struct task *t, int status, int sig, const struct lx_siginfo *si,
                struct pt_regs *r) {
  struct pt_slot *s = ME(t);
  if (!s || !tracer_alive(s)) {
    untrace(t);
    return sig;
  }
  /* Another thread may be making a stop for this task (exit_group's
   * PTRACE_EVENT_EXIT, ptrace_group_exit): that one first. */
  while (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == SLOT_STOPPED) {
    struct timespec ts = {0, 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  /* A TF that ptrace set for one step is gone at the next stop. */
  if (t->ptrace & PT_FORCED_TF) r->flags &= ~(u64)F_TF;
  t->ptrace &= ~(PT_FORCED_TF | PT_STEP);
  s->status = status;
  if (si)
    s->si = *si;
  else
    memset(&s->si, 0, sizeof s->si);
  s->reported = 0;
  u32 seen = __atomic_load_n(&s->req, __ATOMIC_ACQUIRE);
  __atomic_store_n(&s->state, SLOT_STOPPED, __ATOMIC_SEQ_CST);
  kill(pt_up->owner, SIGCHLD); /* do_notify_parent_cldstop(CLD_TRAPPED), before the wake-up */
  pt_ring(pt_up);
  for (;;) {
    u32 req = __atomic_load_n(&s->req, __ATOMIC_ACQUIRE);
    if (req == seen) {
      struct timespec ts = {0, 100 * 1000 * 1000};
      pt_futex(&s->req, FUTEX_WAIT, seen, &ts);
      if (!tracer_alive(s)) {
        __atomic_store_n(&s->state, SLOT_FREE, __ATOMIC_RELEASE);
        untrace(t);
        return sig;
      }
      continue;
    }
    seen = req;
    if (s->op == OP_RESUME) {
      int how = s->mode, with = s->sig;
      t->ptrace = PT_TRACED;
      if (how == REQ_SYSCALL) t->ptrace |= PT_SYSCALL;
      if (how == REQ_SINGLESTEP) {
        t->ptrace |= PT_STEP;
        if (!(r->flags & F_TF)) {
          r->flags |= F_TF;
          t->ptrace |= PT_FORCED_TF;
        }
      }
      s->result = 0;
      if (how == REQ_DETACH) {
        s->pid = 0;
        __atomic_store_n(&s->state, SLOT_FREE, __ATOMIC_RELEASE);
        untrace(t);
      } else {
        __atomic_store_n(&s->state, SLOT_RUNNING, __ATOMIC_RELEASE);
      }
      __atomic_store_n(&s->ack, req, __ATOMIC_RELEASE);
      pt_futex(&s->ack, FUTEX_WAKE, INT32_MAX, NULL);
      return with;
    }
    s->result = serve(t, s, r);
    __atomic_store_n(&s->ack, req, __ATOMIC_RELEASE);
    pt_futex(&s->ack, FUTEX_WAKE, INT32_MAX, NULL);
  }
}

/* A stop that is no signal's (a syscall or exec stop): a signal the tracer
 * resumes it with is sent to the task (ptrace_report_syscall's send_sig,
 * with SEND_SIG_PRIV: SI_KERNEL). */
static void stop_other(struct task *t, int status, struct pt_regs *r) {
  int sig = stop(t, status, 0, NULL, r);
  if (!sig) return;
  struct lx_siginfo si;
  memset(&si, 0, sizeof si);
  si.signo = sig;
  si.code = SI_KERNEL;
  sig_queue(t, &si);
}

/* A syscall stop's status: SIGTRAP, with 0x80 under PTRACE_O_TRACESYSGOOD. */
static int trap_status(const struct task *t) {
  const struct pt_slot *me = ME(t);
  int sig = SIGTRAP | (me && (me->options & PT_O_TRACESYSGOOD) ? 0x80 : 0);
  return sig << 8 | 0x7f;
}

void ptrace_syscall_entry(struct task *t, struct pt_regs *regs) {
  stop_other(t, trap_status(t), regs);
}

void ptrace_syscall_exit(struct task *t, struct pt_regs *regs) {
  if (t->exiting) return; /* exit and exit_group never return to make the stop */
  stop_other(t, trap_status(t), regs);
}

int ptrace_signal(struct task *t, int sig, struct lx_siginfo *si, struct pt_regs *regs) {
  int nsig = stop(t, sig << 8 | 0x7f, sig, si, regs);
  if (nsig == 0) return 0;
  if (nsig != sig) {
    /* The tracer changed the signal: it comes from the tracer. */
    memset(si, 0, sizeof *si);
    si->signo = nsig;
    si->code = SI_USER;
    si->u.kill.pid = getppid();
    si->u.kill.uid = getuid();
  }
  if (t->sigmask & SIGBIT(nsig)) {
    sig_queue(t, si);
    return 0;
  }
  return nsig;
}

/* PTRACE_TRACEME: the parent traces.  Its registry must be there: a parent
 * that is not an emu, or a CLONE_VM child (which shares its parent's
 * registry rather than inheriting it), cannot be traced this way. */
long pt_traceme(struct task *t) {
  if (ME(t)) return -EPERM;
  if (!pt_up || pt_up->owner != getppid()) {
    pt_unimp(t, "PTRACE_TRACEME (the parent is not an emu that forked this process)", 0);
    return -EPERM;
  }
  struct pt_slot *s = pt_slot_claim(pt_up, t->tid, getpid(), 0, false);
  if (!s) {
    pt_unimp(t, "PTRACE_TRACEME (every slot of the tracer is taken)", 0);
    return -EPERM;
  }
  ME(t) = s;
  t->ptrace = PT_TRACED;
  sig_host_trace(t->proc, true);
  return 0;
}

int pt_own_fd(void) { return own_fd; }

/* ---- PTRACE_ATTACH, the target's half ---- */

volatile int ptrace_attach_pending;
static volatile int attach_tracer;
static volatile u64 attach_value;

bool ptrace_attach_request(struct task *t, int tracer, u64 value) {
  if (value >> 48 != PT_ATTACH_MAGIC || t->ptrace) return false;
  attach_tracer = tracer;
  attach_value = value;
  __atomic_store_n(&ptrace_attach_pending, t->tid, __ATOMIC_SEQ_CST);
  /* ptrace_attach(): send_sig_info(SIGSTOP, SEND_SIG_PRIV), SI_KERNEL. */
  struct lx_siginfo si;
  memset(&si, 0, sizeof si);
  si.signo = SIGSTOP;
  si.code = SI_KERNEL;
  sig_queue(t, &si);
  return true;
}

void ptrace_attach_finish(struct task *t) {
  if (__atomic_load_n(&ptrace_attach_pending, __ATOMIC_ACQUIRE) != t->tid) return;
  u64 v = attach_value;
  int slot = (int)(v >> 32 & 0xffff), rfd = (int)(u32)v;
  __atomic_store_n(&ptrace_attach_pending, 0, __ATOMIC_SEQ_CST);
  if (slot >= PT_SLOTS || t->ptrace) return;
  /* The tracer's registry, through a pidfd (no /proc: its pids need not
   * be ours). */
  int pfd = (int)syscall(SYS_pidfd_open, attach_tracer, 0);
  int fd = pfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pfd, rfd, 0);
  if (pfd >= 0) close(pfd);
  struct pt_registry *r = fd < 0 ? NULL : reg_map(fd);
  if (!r || r->owner != attach_tracer || r->slot[slot].pid != t->tid) {
    if (r) munmap(r, sizeof *r);
    if (fd >= 0) close(fd);
    return; /* the SIGSTOP then stops the process, as without a tracer */
  }
  fd = fs_fd_high(fd);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  fs_fd_reserve(fd);
  reg_drop(&pt_up, &up_fd); /* a parent's registry: a traced task's TRACEME fails anyway */
  pt_up = r;
  up_fd = fd;
  ME(t) = &r->slot[slot];
  t->ptrace = PT_TRACED;
  sig_host_trace(t->proc, true);
}

/* ---- execve ---- */

void ptrace_exec_keep(struct task *t, bool on) {
  if (ME(t) && up_fd >= 0) fcntl(up_fd, F_SETFD, on ? 0 : FD_CLOEXEC);
}

const char *ptrace_exec_arg(struct task *t) {
  static char arg[32];
  struct pt_slot *me = ME(t);
  if (!me) return NULL;
  me->exec_nr = t->regs ? (int)t->regs->orig_ax : -1;
  snprintf(arg, sizeof arg, "%d:%d", up_fd, (int)(me - pt_up->slot));
  return arg;
}

int ptrace_exec_attach(const char *arg) {
  int fd, slot;
  char end;
  if (sscanf(arg, "%d:%d%c", &fd, &slot, &end) != 2 || slot < 0 || slot >= PT_SLOTS) return -1;
  struct pt_registry *r = reg_map(fd);
  if (!r || r->slot[slot].pid != getpid()) {
    if (r) munmap(r, sizeof *r);
    return -1;
  }
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  fs_fd_reserve(fd);
  pt_up = r;
  up_fd = fd;
  attach_slot = &r->slot[slot];
  exec_pending = true;
  return 0;
}

void ptrace_task_start(struct task *t) {
  if (!exec_pending) return;
  exec_pending = false;
  struct pt_slot *me = ME(t) = attach_slot;
  t->ptrace = PT_TRACED;
  sig_host_trace(t->proc, true);
  struct pt_regs r;
  sig_regs_from_cpu(&t->cpu, &r);
  if (me->options & PT_O_TRACEEXEC) {
    /* ptrace_event(PTRACE_EVENT_EXEC, old_vpid) inside exec. */
    me->eventmsg = (u64)getpid();
    stop_other(t, (SIGTRAP | PT_EVENT_EXEC << 8) << 8 | 0x7f, &r);
  }
  if ((me = ME(t)) && me->mode == REQ_SYSCALL) {
    /* The execve's syscall-exit stop, in the new program. */
    r.ax = 0;
    r.orig_ax = (u64)(i64)me->exec_nr;
    t->ptrace |= PT_SYSCALL;
    stop_other(t, trap_status(t), &r);
  }
  sig_regs_to_cpu(&t->cpu, &r); /* what the tracer changed */
  if ((me = ME(t)) && !(me->options & PT_O_TRACEEXEC)) {
    /* The old-style SIGTRAP after a successful execve (send_sig: SI_USER
     * from the task itself), queued in emu as a traced task's own. */
    sig_send_self(t, SIGTRAP, false, NULL);
    sig_deliver_async(t);
  }
}

void ptrace_fork_event(struct task *t, int event, long pid) {
  struct pt_slot *me = ME(t);
  if (!me) return;
  /* ptrace_event_pid(trace, pid) in kernel_clone, after the child is on its
   * way: the new pid in the event message; a signal to resume with is
   * dropped. */
  struct pt_regs r, *rp = t->regs;
  if (!rp) {
    sig_regs_from_cpu(&t->cpu, &r);
    rp = &r;
  }
  me->eventmsg = (u64)pid;
  stop(t, (SIGTRAP | event << 8) << 8 | 0x7f, 0, NULL, rp);
}

void ptrace_group_exit(struct task *const *others, int n, int status) {
  for (int i = 0; i < n; i++) {
    struct pt_slot *s = ME(others[i]);
    if (others[i]->ptrace && s && __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == SLOT_RUNNING)
      ptrace_exit_event(others[i], status);
  }
}

void ptrace_exit_event(struct task *t, int status) {
  struct pt_slot *me = ME(t);
  if (!t->ptrace || !me || !(me->options & PT_O_TRACEEXIT)) return;
  /* ptrace_event(PTRACE_EVENT_EXIT, code) in do_exit: the registers of the
   * exit call's frame, or of the CPU for a fatal signal. */
  struct pt_regs r, *rp = t->regs;
  if (!rp) {
    sig_regs_from_cpu(&t->cpu, &r);
    rp = &r;
  }
  me->eventmsg = (u64)(u32)status;
  stop(t, (SIGTRAP | PT_EVENT_EXIT << 8) << 8 | 0x7f, 0, NULL, rp);
}

/* A tracee the tracer did not fork ends: it tells the tracer's wait
 * through its slot (exit_notify's do_notify_parent to the tracer). */
static void tell_end(struct pt_slot *s, int status) {
  if (!s->foreign || !tracer_alive(s)) return;
  int state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
  if (state != SLOT_RUNNING && state != SLOT_STOPPED) return;
  s->status = status;
  __atomic_store_n(&s->state, SLOT_EXITED, __ATOMIC_SEQ_CST);
  kill(pt_up->owner, SIGCHLD);
  pt_ring(pt_up);
}

void ptrace_task_end(struct task *t, int status) {
  struct pt_slot *s = ME(t);
  if (!s) return;
  ME(t) = NULL;
  tell_end(s, status);
}

void ptrace_proc_exit(int status) {
  /* Every traced task of the process: its threads end with it. */
  for (int i = 0; pt_up && i < PT_SLOTS; i++) {
    struct pt_slot *s = &pt_up->slot[i];
    if (__atomic_load_n(&s->pid, __ATOMIC_ACQUIRE) && s->tgid == getpid()) tell_end(s, status);
  }
  /* A CLONE_VM child shares the registry with its parent: not its own. */
  if (!pt_own || pt_own->owner != getpid()) return;
  for (int i = 0; i < PT_SLOTS; i++) {
    struct pt_slot *s = &pt_own->slot[i];
    int pid = __atomic_load_n(&s->pid, __ATOMIC_ACQUIRE);
    if (pid && (s->options & PT_O_EXITKILL)) kill(pid, SIGKILL);
  }
}
