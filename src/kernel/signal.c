/* signal.c — signal generation, the pending queue, dequeue order, default
 * actions, forced faults, the restart rules and delivery at the points the
 * kernel delivers (see signal.h for the model).
 * Mirrors linux kernel/signal.c (send_signal, next_signal, dequeue_signal,
 * get_signal, force_sig_info_to_task, sigsuspend) and
 * arch/x86/kernel/signal.c (arch_do_signal_or_restart, handle_signal and
 * its restart switch, get_sigframe's stack choice).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../abi/abi.h"
#include "observe.h"
#include "ptrace.h"
#include "signal.h"

enum {
#define SYSNR(nr, name) S64_##name = nr,
#include "sysnr_x86_64.inc"
#undef SYSNR
  S64_END
};
enum {
#define SYSNR(nr, name) S32_##name = nr,
#include "sysnr_i386.inc"
#undef SYSNR
  S32_END
};

/* Signals the host keeps for emu's own faults: SIGILL 4, SIGTRAP 5, SIGBUS 7,
 * SIGFPE 8, SIGSEGV 11.  Signals 32 and 33 (glibc's SIGCANCEL and SIGSETXID,
 * which emu never uses) travel through the host like the rest: the guest's
 * pthread_cancel, set*id broadcast and SIGEV_THREAD timers need them. */
#define SIG_EMU_OWN (SIGBIT(4) | SIGBIT(5) | SIGBIT(7) | SIGBIT(8) | SIGBIT(11))
/* SYNCHRONOUS_MASK: SIGSEGV SIGBUS SIGILL SIGTRAP SIGFPE SIGSYS */
#define SIG_SYNC_MASK (SIGBIT(11) | SIGBIT(7) | SIGBIT(4) | SIGBIT(5) | SIGBIT(8) | SIGBIT(31))
/* Default action "ignore" (SIGCHLD SIGURG SIGWINCH SIGCONT) and "stop". */
#define SIG_DFL_IGNORE (SIGBIT(17) | SIGBIT(23) | SIGBIT(28) | SIGBIT(18))
#define SIG_DFL_STOP   (SIGBIT(19) | SIGBIT(20) | SIGBIT(21) | SIGBIT(22))

static __thread struct task *sig_cur;

bool sig_host_backed(int sig) { return sig >= 1 && sig <= LX_NSIG && !(SIG_EMU_OWN & SIGBIT(sig)); }

/* ---- the host's signal calls, raw ----
 * glibc's wrappers keep 32 and 33 out of every mask and refuse actions for
 * them, so emu makes the system calls itself, with its own restorer. */

void sig_host_restorer(void) __attribute__((visibility("hidden")));
__asm__(
    ".pushsection .text\n"
    ".p2align 4\n"
    ".globl sig_host_restorer\n"
    ".hidden sig_host_restorer\n"
    ".type sig_host_restorer, @function\n"
    "sig_host_restorer:\n"
    "\tmovl $15, %eax\n" /* rt_sigreturn */
    "\tsyscall\n"
    "\thlt\n"
    ".size sig_host_restorer, .-sig_host_restorer\n"
    ".popsection");

struct host_ksigaction {
  void *handler;
  unsigned long flags;
  void (*restorer)(void);
  u64 mask;
};

static void host_mask(int how, const u64 *set, u64 *old) {
  syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

static void host_block_all(u64 *old) {
  u64 all = ~0ull;
  host_mask(SIG_BLOCK, &all, old);
}

static void host_restore(const u64 *old) { host_mask(SIG_SETMASK, old, NULL); }

static int host_sigaction(int sig, void *handler, unsigned long flags) {
  struct host_ksigaction ka = {handler, flags | LX_SA_RESTORER, sig_host_restorer, 0};
  if (handler != SIG_DFL && handler != SIG_IGN) ka.mask = ~0ull;
  return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

void sig_host_default(int sig) {
  host_sigaction(sig, SIG_DFL, 0);
  u64 m = SIGBIT(sig);
  host_mask(SIG_UNBLOCK, &m, NULL);
}

bool sig_host_ignored(int sig) {
  struct host_ksigaction old;
  if (syscall(SYS_rt_sigaction, sig, NULL, &old, 8)) return false;
  return old.handler == SIG_IGN;
}

u64 sig_host_get_mask(void) {
  u64 m = 0;
  host_mask(SIG_BLOCK, NULL, &m);
  return m;
}

/* glibc's first pthread_create installs its own SIGSETXID handler and
 * unblocks 32 and 33 in the creating thread (late_init): make it happen
 * now, before the guest's actions and masks are given to the host. */
static void *claim_thread(void *arg) { return arg; }

bool sig_host_sent_fault_signal(int sig, const void *siginfo) {
  const siginfo_t *hsi = siginfo;
  if (hsi->si_code > 0) return false; /* the kernel's: a fault of emu's own */
  struct task *t = sig_cur;
  if (!t) return true; /* not a guest thread: dropped */
  /* What the kernel does with a signal sent to the guest (sig_ignored()). */
  if (t->proc->sigact[sig].handler == 1 && !(t->sigmask & SIGBIT(sig))) return true;
  struct lx_siginfo si;
  memcpy(&si, hsi, sizeof si);
  si.signo = sig;
  sig_queue(t, &si);
  t->cpu.kick = 1;
  return true;
}

/* SIGILL, SIGTRAP, SIGFPE: the CPU model raises the guest's itself, so the
 * host's come either from another process (the guest's, see above) or from
 * a bug in emu (the default action, when the instruction runs again).  The
 * SSE code chains its own SIGFPE handler in front of this one. */
static void rewind_safe_syscall(void *uc);

static void on_host_emu_signal(int sig, siginfo_t *si, void *uc) {
  if (sig == SIGTRAP && si->si_code == SI_QUEUE && si->si_value.sival_int == SIG_PTRACE_BELL) {
    /* ptrace's doorbell (ptrace.c): end this thread's wait, nothing more. */
    struct task *t = sig_cur;
    if (t) t->cpu.kick = 1;
    rewind_safe_syscall(uc);
    return;
  }
  if (sig == SIGTRAP && si->si_code == SI_QUEUE && sig_cur &&
      ptrace_attach_request(sig_cur, si->si_pid, (u64)(uintptr_t)si->si_value.sival_ptr)) {
    /* PTRACE_ATTACH (ptrace.c): its SIGSTOP is queued; the attach itself
     * is made as it is delivered. */
    sig_cur->cpu.kick = 1;
    rewind_safe_syscall(uc);
    return;
  }
  if (!sig_host_sent_fault_signal(sig, si)) host_sigaction(sig, SIG_DFL, 0);
}

static void claim_once(void) {
  pthread_t th;
  if (!pthread_create(&th, NULL, claim_thread, NULL)) pthread_join(th, NULL);
  static const int own[] = {SIGILL, SIGTRAP, SIGFPE};
  for (size_t i = 0; i < ARRAY_SIZE(own); i++)
    host_sigaction(own[i], (void *)on_host_emu_signal, SA_SIGINFO);
}

void sig_task_start(struct task *t) {
  static pthread_once_t claimed = PTHREAD_ONCE_INIT;
  static int reset;
  pthread_once(&claimed, claim_once);
  /* The process's first task: the guest's actions go to the host, the
   * defaults that end the process caught (sig_host_action), and late_init's
   * SIGSETXID handler replaced by the guest's action for 33. */
  if (!__atomic_exchange_n(&reset, 1, __ATOMIC_ACQ_REL))
    for (int sig = 1; sig <= LX_NSIG; sig++) sig_host_action(sig, &t->proc->sigact[sig]);
  sig_cur = t;
  sig_host_sync_mask(t);
}

/* ---- host masks ---- */

u64 sig_host_set(u64 mask) {
  return mask & ~SIG_EMU_OWN & ~SIG_UNBLOCKABLE; /* bit sig-1, as the guest's */
}

void sig_host_block_all(void) { host_block_all(NULL); }

/* While emu's queue holds a signal the guest will take, the host keeps every
 * other one pending (QEMU does the same): the host kernel then queues them,
 * counts them against RLIMIT_SIGPENDING (EAGAIN from sigqueue, SigQ in
 * /proc/self/status) and emu's queue never holds more than the signal being
 * delivered, plus the few standard signals emu raises itself. */
#define SIG_HELD (~SIG_EMU_OWN & ~SIG_UNBLOCKABLE)

static bool sig_takes_queued(const struct task *t) { return (t->sig.pending & ~t->sigmask) != 0; }

void sig_host_sync_mask(struct task *t) {
  u64 hs = sig_host_set(t->sigmask);
  if (sig_takes_queued(t)) hs |= SIG_HELD;
  host_mask(SIG_SETMASK, &hs, NULL);
}

void sig_set_blocked(struct task *t, u64 mask) {
  mask &= ~SIG_UNBLOCKABLE;
  bool host_change = ((t->sigmask ^ mask) & ~SIG_EMU_OWN) != 0;
  t->sigmask = mask;
  if (host_change) sig_host_sync_mask(t);
}

/* ---- the queue ---- */

/* Append, with host signals blocked (or from the host handler, which runs
 * with all of them blocked). */
static void queue_append(struct task *t, const struct lx_siginfo *si) {
  struct sig_task *s = &t->sig;
  int sig = si->signo;
  if (sig < 1 || sig > LX_NSIG) return;
  s->queued_in_call = 1;
  /* legacy_queue(): a standard signal is pending at most once. */
  if (sig < 32 && (s->pending & SIGBIT(sig))) return;
  if (s->nq == SIG_QMAX) return;
  s->q[s->nq++] = *si;
  s->pending |= SIGBIT(sig);
}

/* safe_syscall(kick, nr, a1..a6), QEMU's safe_syscall (sig_safe_syscall
 * below): kick (r11) is tested right before the syscall instruction;
 * host_handler sends a thread it interrupts between safe_syscall_start and
 * safe_syscall_end (the test, or the syscall instruction itself, where the
 * host kernel rewinds a call it restarts) to safe_syscall_kicked, which
 * returns SAFE_SYSCALL_KICKED without calling. */
#define SAFE_SYSCALL_KICKED (-4096L)
long safe_syscall(const volatile int *kick, long nr, long a1, long a2, long a3, long a4, long a5,
                  long a6);
extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_kicked[];
#if defined(__x86_64__)
__asm__(
    ".text\n"
    ".globl safe_syscall, safe_syscall_start, safe_syscall_end, safe_syscall_kicked\n"
    ".type safe_syscall, @function\n"
    "safe_syscall:\n"
    "  .cfi_startproc\n"
    "  mov %rdi, %r11\n"    /* kick (syscall clobbers r11 only after the test) */
    "  mov %rsi, %rax\n"    /* nr */
    "  mov %rdx, %rdi\n"    /* a1 */
    "  mov %rcx, %rsi\n"    /* a2 */
    "  mov %r8, %rdx\n"     /* a3 */
    "  mov %r9, %r10\n"     /* a4 */
    "  mov 8(%rsp), %r8\n"  /* a5 */
    "  mov 16(%rsp), %r9\n" /* a6 */
    "safe_syscall_start:\n"
    "  cmpl $0, (%r11)\n"
    "  jne safe_syscall_kicked\n"
    "  syscall\n"
    "safe_syscall_end:\n"
    "  ret\n"
    "safe_syscall_kicked:\n"
    "  mov $-4096, %rax\n"
    "  ret\n"
    "  .cfi_endproc\n"
    ".size safe_syscall, .-safe_syscall\n");
#else
#error "emu runs on x86-64 hosts (safe_syscall)"
#endif

static void host_handler(int sig, siginfo_t *hsi, void *uc) {
  struct task *t = sig_cur;
  if (!t) return;
  struct lx_siginfo si;
  memcpy(&si, hsi, sizeof si); /* the host's siginfo is the x86-64 layout */
  si.signo = sig;
  if (sig == SIGCHLD && !ptrace_sigchld(&si, t->proc->sigact[SIGCHLD].flags & LX_SA_NOCLDSTOP)) {
    /* Nothing for the guest: a call it interrupted goes on (sig_syscall_result). */
    t->sig.queued_in_call = 1;
    return;
  }
  queue_append(t, &si);
  t->cpu.kick = 1;
  /* Hold the rest in the host until the guest has taken this one
   * (sig_host_sync_mask releases them). */
  if (sig_takes_queued(t)) {
    u64 m;
    memcpy(&m, &((ucontext_t *)uc)->uc_sigmask, sizeof m);
    m |= SIG_HELD;
    memcpy(&((ucontext_t *)uc)->uc_sigmask, &m, sizeof m);
  }
  rewind_safe_syscall(uc);
}

/* Between safe_syscall's kick test and its syscall instruction: do not go
 * to sleep with the signal queued (QEMU's safe_syscall rewind). */
static void rewind_safe_syscall(void *uc) {
  greg_t *ip = &((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
  uintptr_t at = (uintptr_t)*ip;
  if (at >= (uintptr_t)safe_syscall_start && at < (uintptr_t)safe_syscall_end)
    *ip = (greg_t)(uintptr_t)safe_syscall_kicked;
}

long sig_safe_syscall(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                      long a6) {
  long r = safe_syscall(&t->cpu.kick, nr, a1, a2, a3, a4, a5, a6);
  if (r != SAFE_SYSCALL_KICKED) return r;
  if (sig_takes_queued(t)) return -EINTR;
  return host_ret(syscall(nr, a1, a2, a3, a4, a5, a6));
}

long sig_safe_syscall_once(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                           long a6) {
  long r = safe_syscall(&t->cpu.kick, nr, a1, a2, a3, a4, a5, a6);
  return r == SAFE_SYSCALL_KICKED ? -EINTR : r;
}

void sig_task_fresh(struct task *t) { memset(&t->sig, 0, sizeof t->sig); }

void sig_queue(struct task *t, const struct lx_siginfo *si) {
  u64 old;
  host_block_all(&old);
  queue_append(t, si);
  host_restore(&old);
}

int sig_dequeue(struct task *t, u64 mask, struct lx_siginfo *out) {
  struct sig_task *s = &t->sig;
  u64 p = s->pending & mask;
  if (!p) return 0;
  u64 old;
  host_block_all(&old);
  p = s->pending & mask;
  u64 sync = p & SIG_SYNC_MASK;
  int sig = __builtin_ctzll(sync ? sync : p) + 1;
  int i, more = 0;
  for (i = 0; i < s->nq && s->q[i].signo != sig; i++) {
  }
  if (i < s->nq) {
    *out = s->q[i];
    memmove(&s->q[i], &s->q[i + 1], (size_t)(s->nq - i - 1) * sizeof s->q[0]);
    s->nq--;
  } else {
    memset(out, 0, sizeof *out);
    out->signo = sig;
  }
  for (int j = 0; j < s->nq; j++) more |= s->q[j].signo == sig;
  if (!more) s->pending &= ~SIGBIT(sig);
  host_restore(&old);
  /* The last signal the guest takes releases the ones the host held. */
  if (t == sig_cur && !sig_takes_queued(t) && (old & SIG_HELD & ~sig_host_set(t->sigmask)))
    sig_host_sync_mask(t);
  return sig;
}

u64 sig_pending_set(struct task *t) {
  u64 m = 0;
  syscall(SYS_rt_sigpending, &m, 8);
  return (t->sig.pending | (m & ~SIG_EMU_OWN)) & ((1ull << 63) | ((1ull << 63) - 1));
}

/* ---- host actions ---- */

/* A default action that ends the process is caught too: the host would
 * kill emu mid-flight, its system-call log without the last lines; caught,
 * the signal takes the guest's path (get_signal, the default action) and
 * emu dies of it once the log is written (task_run, proc_terminate).  The
 * default actions "ignore" and "stop" stay the host's. */
static bool show_ignored; /* --strace (kernel.h) */
/* A traced process (ptrace.c): every signal stops for the tracer first,
 * so the host hands emu those it would ignore or stop for too. */
static bool traced;

void sig_host_show_ignored(bool on) { show_ignored = on; }

void sig_host_trace(const struct proc *p, bool on) {
  traced = on;
  for (int sig = 1; sig <= LX_NSIG; sig++) sig_host_action(sig, &p->sigact[sig]);
}

void sig_host_action(int sig, const struct lx_sigaction *ka) {
  if (!sig_host_backed(sig) || sig == SIGKILL || sig == SIGSTOP) return;
  bool shown = (show_ignored || traced) && !(ka->handler == 1 && sig == SIGCHLD);
  if (ka->handler == 0 && (SIG_DFL_IGNORE & SIGBIT(sig)) && shown)
    host_sigaction(sig, (void *)host_handler, SA_SIGINFO);
  else if (ka->handler == 0 && (SIG_DFL_STOP & SIGBIT(sig)) && traced)
    host_sigaction(sig, (void *)host_handler, SA_SIGINFO);
  else if (ka->handler == 0 && ((SIG_DFL_IGNORE | SIG_DFL_STOP) & SIGBIT(sig)))
    host_sigaction(sig, SIG_DFL, 0);
  else if (ka->handler == 1 && shown)
    host_sigaction(sig, (void *)host_handler, SA_SIGINFO);
  else if (ka->handler == 1)
    host_sigaction(sig, SIG_IGN, 0);
  else /* No SA_RESTART: a blocking host call must come back with EINTR so
        * the guest's restart rules apply. */
    host_sigaction(sig, (void *)host_handler, SA_SIGINFO);
}

void sig_host_exec_prepare(const struct proc *p) {
  if (!show_ignored && !traced) return;
  for (int sig = 1; sig <= LX_NSIG; sig++)
    if (p->sigact[sig].handler == 1 && sig_host_backed(sig) && sig != SIGKILL && sig != SIGSTOP)
      host_sigaction(sig, SIG_IGN, 0);
}

void sig_host_exec_undo(const struct proc *p) {
  if (!show_ignored && !traced) return;
  for (int sig = 1; sig <= LX_NSIG; sig++) sig_host_action(sig, &p->sigact[sig]);
}

/* ---- sending ---- */

long sig_send_self(struct task *t, int sig, bool thread, const struct lx_siginfo *si) {
  if (sig == 0) return 0;
  if (sig < 0 || sig > LX_NSIG) return -EINVAL;
  if (sig == SIGKILL) {
    /* Never through the host, which would end emu before its log is
     * written: the whole process dies of it here (the call's "= ?"). */
    task_die_signal(t, SIGKILL, 0, 0);
    return 0;
  }
  if (sig_host_backed(sig) && !t->ptrace) {
    /* The host does what the kernel would: pending while blocked, the
     * handler (ours) when handled, its default action otherwise.  A
     * traced task's own signals stay in emu, where it stops for them. */
    if (si) {
      siginfo_t hsi;
      memcpy(&hsi, si, sizeof hsi);
      return host_ret(thread ? syscall(SYS_rt_tgsigqueueinfo, getpid(), t->tid, sig, &hsi)
                             : syscall(SYS_rt_sigqueueinfo, getpid(), sig, &hsi));
    }
    return host_ret(thread ? syscall(SYS_tgkill, getpid(), t->tid, sig) : kill(getpid(), sig));
  }
  struct lx_siginfo k;
  if (si) {
    k = *si;
  } else {
    memset(&k, 0, sizeof k);
    k.code = thread ? SI_TKILL : SI_USER;
    k.u.kill.pid = getpid();
    k.u.kill.uid = getuid();
  }
  k.signo = sig;
  /* An ignored signal is dropped when sent (sig_ignored()). */
  const struct lx_sigaction *ka = &t->proc->sigact[sig];
  if (ka->handler == 1 && !(t->sigmask & SIGBIT(sig)) && !show_ignored && !t->ptrace) return 0;
  sig_queue(t, &k);
  return 0;
}

/* force_sig_info_to_task(): a blocked or ignored fault signal gets the
 * default action and is unblocked. */
static void force_info(struct task *t, const struct lx_siginfo *si) {
  int sig = si->signo;
  struct lx_sigaction *ka = &t->proc->sigact[sig];
  bool blocked = t->sigmask & SIGBIT(sig);
  if (blocked || ka->handler == 1) {
    ka->handler = 0;
    sig_host_action(sig, ka);
    if (blocked) sig_set_blocked(t, t->sigmask & ~SIGBIT(sig));
  }
  sig_queue(t, si);
}

/* force_sig(): sig with SI_KERNEL and nothing else. */
static void force_kernel(struct task *t, int sig) {
  struct lx_siginfo si;
  memset(&si, 0, sizeof si);
  si.signo = sig;
  si.code = SI_KERNEL;
  force_info(t, &si);
}

void sig_force_segv(struct task *t) { force_kernel(t, SIGSEGV); }

void sig_force_fault(struct task *t, int sig, int code, u64 addr, int trapno, u64 err) {
  struct lx_siginfo si;
  memset(&si, 0, sizeof si);
  si.signo = sig;
  si.code = code;
  si.u.fault.addr = addr;
  t->sig.trapno = (u64)trapno;
  t->sig.err = err;
  if (trapno == 14) t->sig.cr2 = addr;
  force_info(t, &si);
  sig_deliver_async(t);
}

/* ---- default actions ---- */

/* SIG_KERNEL_COREDUMP_MASK, and whether do_coredump() would write the dump:
 * to a pipe (core_pattern "|...") unless RLIMIT_CORE is 1, to a file when
 * RLIMIT_CORE reaches binfmt_elf's min_coredump (a page).  The wait
 * status's core flag (strace's "(core dumped)") follows; emu itself writes
 * no core (proc_die_of_signal). */
static bool core_would_dump(int sig) {
  const u64 core = SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) |
                   SIGBIT(SIGFPE) | SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGSYS) |
                   SIGBIT(SIGXCPU) | SIGBIT(SIGXFSZ);
  if (!(core & SIGBIT(sig)) || prctl(PR_GET_DUMPABLE) <= 0) return false;
  struct rlimit rl;
  if (getrlimit(RLIMIT_CORE, &rl)) return false;
  char c = 0;
  int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (read(fd, &c, 1) != 1) c = 0;
    close(fd);
  }
  if (c == '|') return rl.rlim_cur != 1;
  return c && c != '\n' && rl.rlim_cur >= 4096;
}

static void do_default(struct task *t, int sig) {
  if (SIG_DFL_IGNORE & SIGBIT(sig)) return;
  if (SIG_DFL_STOP & SIGBIT(sig)) {
    /* do_signal_stop(): the host process stops itself; SIGCONT resumes it. */
    raise(SIGSTOP);
    return;
  }
  /* Terminate (or dump core): the wait status carries the signal. */
  task_die_signal(t, sig, 0, 0);
  if (core_would_dump(sig)) t->exit_status |= 0x80;
}

/* ---- delivery ---- */

/* __on_sig_stack(): sp within the alternate stack (sp == its top counts). */
bool sig_within_altstack(const struct task *t, u64 sp) {
  const struct lx_stack *a = &t->altstack;
  return a->ss_size && sp > a->ss_sp && sp - a->ss_sp <= a->ss_size;
}

/* on_sig_stack(): with SS_AUTODISARM a task is never on its alternate stack
 * (by construction it is disarmed while a handler runs there). */
bool sig_on_altstack(const struct task *t, u64 sp) {
  if (t->altstack.ss_flags & (i32)LX_SS_AUTODISARM) return false;
  return sig_within_altstack(t, sp);
}

int sig_ss_flags(const struct task *t, u64 sp) {
  if (!t->altstack.ss_size) return LX_SS_DISABLE;
  return sig_on_altstack(t, sp) ? LX_SS_ONSTACK : 0;
}

u64 sig_stack_top(struct task *t, const struct lx_sigaction *ka, u64 sp, bool redzone, bool *alt) {
  *alt = sig_on_altstack(t, sp); /* nested_altstack */
  if (redzone) sp -= 128;
  if ((ka->flags & LX_SA_ONSTACK) && sig_ss_flags(t, sp) == 0) {
    sp = t->altstack.ss_sp + t->altstack.ss_size;
    *alt = true; /* entering_altstack */
  }
  /* The frame goes below sp: grow the stack there as the kernel's user
   * access would (an address that is not below the stack is left alone). */
  mm_expand_stack(MM(t), sp - sig_frame_max());
  return sp;
}

/* handle_signal(): the restart switch, then the frame, then the mask. */
static void handle_signal(struct task *t, int sig, const struct lx_siginfo *si,
                          struct pt_regs *regs, bool in_syscall) {
  struct lx_sigaction ka = t->proc->sigact[sig];
  if (in_syscall) {
    switch ((long)regs->ax) {
    case -ERESTART_RESTARTBLOCK:
    case -ERESTARTNOHAND: regs->ax = (u64)-EINTR; break;
    case -ERESTARTSYS:
      if (!(ka.flags & LX_SA_RESTART)) {
        regs->ax = (u64)-EINTR;
        break;
      }
      __attribute__((fallthrough));
    case -ERESTARTNOINTR:
      regs->ax = regs->orig_ax;
      regs->ip -= 2;
      break;
    default: break;
    }
  }
  u64 oldmask = t->sig.restore_mask ? t->sig.saved_mask : t->sigmask;
  int r = t->proc->bits == 64 ? sig_setup_frame64(t, sig, &ka, si, oldmask, regs)
                              : sig_setup_frame32(t, sig, &ka, si, oldmask, regs);
  if (r) {
    /* signal_setup_done() -> force_sigsegv(): SIGSEGV instead, and when it
     * was SIGSEGV's own frame that could not be written, SIGSEGV with the
     * default action (force_fatal_sig): the task dies, it does not retry. */
    if (sig == SIGSEGV) t->proc->sigact[SIGSEGV].handler = 0;
    sig_force_segv(t);
    return;
  }
  t->sig.restore_mask = false;
  /* signal_delivered(): SS_AUTODISARM disables the alternate stack while
   * the handler runs (sigreturn brings it back from uc_stack). */
  if (t->altstack.ss_flags & (i32)LX_SS_AUTODISARM) memset(&t->altstack, 0, sizeof t->altstack);
  u64 m = t->sigmask | ka.mask;
  if (!(ka.flags & LX_SA_NODEFER)) m |= SIGBIT(sig);
  sig_set_blocked(t, m);
  if (ka.flags & LX_SA_RESETHAND) {
    t->proc->sigact[sig].handler = 0;
    sig_host_action(sig, &t->proc->sigact[sig]);
  }
}

/* The kernel's return code for a host call that the host interrupted (EINTR)
 * because a signal came for the guest. */
static long restart_code(struct task *t, int abi, long nr, const struct pt_regs *regs) {
  const char *n = abi == ABI_X86_64 ? abi64_name(nr) : abi32_name(nr);
  if (!n) return -ERESTARTSYS;
  static const char *const nohand[] = {"poll",       "ppoll",        "ppoll_time64",    "select",
                                       "_newselect", "pselect6",     "pselect6_time64", "pause",
                                       "sigsuspend", "rt_sigsuspend"};
  static const char *const eintr[] = {
      "epoll_wait",   "epoll_pwait",   "epoll_pwait2", "rt_sigtimedwait", "rt_sigtimedwait_time64",
      "msgrcv",       "msgsnd",        "semop",        "semtimedop",      "semtimedop_time64",
      "io_getevents", "io_pgetevents", "ipc"};
  for (size_t i = 0; i < ARRAY_SIZE(nohand); i++)
    if (!strcmp(n, nohand[i])) return -ERESTARTNOHAND;
  for (size_t i = 0; i < ARRAY_SIZE(eintr); i++)
    if (!strcmp(n, eintr[i])) return -EINTR;
  if (!strcmp(n, "nanosleep") || !strcmp(n, "clock_nanosleep") ||
      !strcmp(n, "clock_nanosleep_time64")) {
    (void)regs;
    return t->sig.restart_sleep ? -ERESTART_RESTARTBLOCK : -ERESTARTNOHAND;
  }
  return -ERESTARTSYS;
}

/* The deadline of a nanosleep or clock_nanosleep, for its restart block. */
static SLOW_PATH void sleep_deadline(struct task *t, int abi, long nr, const u64 *args, bool ns,
                                     bool cns) {
  t->sig.restart_sleep = false;
  int clk = ns ? CLOCK_MONOTONIC : (int)args[0];
  if (cns && (args[1] & TIMER_ABSTIME)) return;
  u64 ureq = ns ? args[0] : args[2];
  i64 sec, nsec;
  if (abi == ABI_X86_64 || (cns && nr == S32_clock_nanosleep_time64)) {
    i64 ts[2];
    if (copy_from_user(MM(t), ts, ureq, sizeof ts)) return;
    sec = ts[0];
    nsec = ts[1];
  } else {
    i32 ts[2];
    if (copy_from_user(MM(t), ts, ureq, sizeof ts)) return;
    sec = ts[0];
    nsec = ts[1];
  }
  struct timespec now;
  if (clock_gettime(clk, &now)) return;
  sec += now.tv_sec;
  nsec += now.tv_nsec;
  if (nsec >= 1000000000) {
    nsec -= 1000000000;
    sec++;
  }
  t->sig.restart_sleep = true;
  t->sig.restart_clk = clk;
  t->sig.restart_sec = sec;
  t->sig.restart_nsec = nsec;
  t->sig.restart_urem = ns ? args[1] : args[3];
}

void sig_syscall_enter(struct task *t, int abi, long nr, const u64 *args) {
  t->sig.queued_in_call = 0;
  bool ns = abi == ABI_X86_64 ? nr == S64_nanosleep : nr == S32_nanosleep;
  bool cns = abi == ABI_X86_64 ? nr == S64_clock_nanosleep
                               : nr == S32_clock_nanosleep || nr == S32_clock_nanosleep_time64;
  if (UNLIKELY(ns || cns)) sleep_deadline(t, abi, nr, args, ns, cns);
}

/* restart_syscall: nanosleep's restart block, the rest of the sleep. */
SYS_DEFINE0(restart_syscall) {
  if (!t->sig.restart_sleep) return -EINTR;
  struct timespec dl = {t->sig.restart_sec, t->sig.restart_nsec};
  long r = host_ret(syscall(SYS_clock_nanosleep, t->sig.restart_clk, TIMER_ABSTIME, &dl, NULL));
  if (r == -EINTR) {
    struct timespec now;
    clock_gettime(t->sig.restart_clk, &now);
    i64 s = dl.tv_sec - now.tv_sec, ns = dl.tv_nsec - now.tv_nsec;
    if (ns < 0) {
      ns += 1000000000;
      s--;
    }
    if (s < 0) s = ns = 0;
    if (t->sig.restart_urem) {
      if (t->abi == ABI_X86_64 || t->proc->bits == 64) {
        i64 ts[2] = {s, ns};
        if (copy_to_user(MM(t), t->sig.restart_urem, ts, sizeof ts)) return -EFAULT;
      } else {
        i32 ts[2] = {(i32)s, (i32)ns};
        if (copy_to_user(MM(t), t->sig.restart_urem, ts, sizeof ts)) return -EFAULT;
      }
    }
    return -ERESTART_RESTARTBLOCK;
  }
  return r;
}

/* get_signal() and handle_signal() until nothing unblocked is pending. */
static bool deliver(struct task *t, struct pt_regs *regs, bool in_syscall) {
  bool ran = false;
  struct lx_siginfo si;
  int sig;
  if (UNLIKELY(ptrace_attach_pending)) ptrace_attach_finish(t);
  while (!t->exiting && (sig = sig_dequeue(t, ~t->sigmask, &si)) != 0) {
    /* A traced task stops for every signal but SIGKILL first: the tracer
     * picks what is delivered. */
    if (UNLIKELY(t->ptrace) && sig != SIGKILL && !(sig = ptrace_signal(t, sig, &si, regs)))
      continue;
    const struct lx_sigaction *ka = &t->proc->sigact[sig];
    /* strace sees a signal before its action is looked at: ignored ones too
     * (caught for the log only under --strace, sig_host_show_ignored). */
    obs_signal(t, &si); /* strace's "--- SIGxxx {...} ---" */
    if (ka->handler == 1) continue;
    if (ka->handler == 0) {
      do_default(t, sig);
      continue;
    }
    handle_signal(t, sig, &si, regs, in_syscall && !ran);
    ran = true;
  }
  return ran;
}

long sig_syscall_result(struct task *t, int abi, long nr, long ret) {
  if (ret != -EINTR) return ret;
  if (t->sig.pending & ~t->sigmask) return restart_code(t, abi, nr, NULL);
  if (t->sig.queued_in_call) {
    /* Only signals the guest blocks came, through a host signal emu cannot
     * block (SIGSEGV & co.): the kernel would not have interrupted the call,
     * so it goes on as if nothing happened. */
    long r = restart_code(t, abi, nr, NULL);
    return r == -EINTR ? -ERESTARTNOINTR : r;
  }
  return ret; /* the host's own EINTR, which the kernel gives natively too */
}

/* The exit work when there is some: signals to deliver, a mask to restore
 * or a call to restart. */
static SLOW_PATH void exit_work(struct task *t, struct pt_regs *regs, int abi, bool in_syscall) {
  t->cpu.kick = 0;
  bool ran = deliver(t, regs, in_syscall);
  if (!ran && in_syscall) {
    /* No handler ran: the call restarts (restart_syscall for the block). */
    switch ((long)regs->ax) {
    case -ERESTARTNOHAND:
    case -ERESTARTSYS:
    case -ERESTARTNOINTR:
      regs->ax = regs->orig_ax;
      regs->ip -= 2;
      break;
    case -ERESTART_RESTARTBLOCK:
      regs->ax = abi == ABI_X86_64 ? (u64)S64_restart_syscall : (u64)S32_restart_syscall;
      regs->ip -= 2;
      break;
    default: break;
    }
  }
  if (!ran && t->sig.restore_mask) {
    t->sig.restore_mask = false;
    sig_set_blocked(t, t->sig.saved_mask);
  }
}

void sig_exit_work(struct task *t, struct pt_regs *regs, int abi) {
  bool in_syscall = abi >= 0 && (i64)regs->orig_ax >= 0;
  long ax = (long)regs->ax;
  if (LIKELY(!(t->sig.pending & ~t->sigmask)) && !t->sig.restore_mask &&
      (!in_syscall || ax < -ERESTART_RESTARTBLOCK || ax > -ERESTARTSYS))
    return;
  exit_work(t, regs, abi, in_syscall);
}

void sig_regs_from_cpu(struct cpu *c, struct pt_regs *f) {
  f->r15 = c->r[R_R15];
  f->r14 = c->r[R_R14];
  f->r13 = c->r[R_R13];
  f->r12 = c->r[R_R12];
  f->bp = c->r[R_BP];
  f->bx = c->r[R_BX];
  f->r11 = c->r[R_R11];
  f->r10 = c->r[R_R10];
  f->r9 = c->r[R_R9];
  f->r8 = c->r[R_R8];
  f->ax = c->r[R_AX];
  f->cx = c->r[R_CX];
  f->dx = c->r[R_DX];
  f->si = c->r[R_SI];
  f->di = c->r[R_DI];
  f->orig_ax = ~0ull;
  f->ip = c->rip;
  f->cs = c->seg[SEG_CS];
  f->flags = cpu_get_flags(c);
  f->sp = c->r[R_SP];
  f->ss = c->seg[SEG_SS];
}

void sig_regs_to_gprs(struct cpu *c, const struct pt_regs *f) {
  c->r[R_R15] = f->r15;
  c->r[R_R14] = f->r14;
  c->r[R_R13] = f->r13;
  c->r[R_R12] = f->r12;
  c->r[R_BP] = f->bp;
  c->r[R_BX] = f->bx;
  c->r[R_R11] = f->r11;
  c->r[R_R10] = f->r10;
  c->r[R_R9] = f->r9;
  c->r[R_R8] = f->r8;
  c->r[R_AX] = f->ax;
  c->r[R_CX] = f->cx;
  c->r[R_DX] = f->dx;
  c->r[R_SI] = f->si;
  c->r[R_DI] = f->di;
}

void sig_iret_segs(struct cpu *c, u64 cs, u64 ss) {
  /* A selector that sigreturn let through (sig_iret_check): the GDT's two
   * user code segments, or an LDT (or TLS) code segment, whose selector
   * stays in CS. */
  u32 err;
  /* The GDT's two user code segments, every system call's return: what
   * cpu_iret_cs says of them, whatever the LDT and TLS hold. */
  int mode = cs == 0x33 ? 64 : cs == 0x23 ? 32 : cpu_iret_cs(c, (u16)cs, &err);
  if (mode < 0) mode = (cs & ~3ull) == (0x23 & ~3u) ? 32 : 64;
  /* The IRET reloads CS from its descriptor, which an LDT or TLS code
   * segment may have changed meanwhile: base, limit and size (16, 32). */
  if (mode != c->mode || (u16)cs != c->seg[SEG_CS] || (cs != 0x23 && cs != 0x33))
    cpu_load_cs(c, (u16)cs, mode);
  /* IRET to a 32- or 16-bit code segment loads ESP, not RSP: the upper
   * half of RSP is gone, as on Intel CPUs (the kernel's sigreturn
   * self-test notes that the high half is lost on a return to 32-bit
   * code; with a 16-bit SS, espfix restores bits 31:16 and Intel CPUs
   * zero 63:32). */
  if (mode != 64) c->r[R_SP] = (u32)c->r[R_SP];
  /* A selector sigreturn let through (sig_iret_check) loads. */
  if (ss != c->seg[SEG_SS]) cpu_try_load_seg(c, SEG_SS, (u16)ss);
}

void sig_regs_to_mode(struct cpu *c, const struct pt_regs *f) { sig_iret_segs(c, f->cs, f->ss); }

bool sig_iret_check(struct task *t, u64 cs, u64 ss) {
  u32 err;
  int sig, trapno;
  int r = cpu_iret_cs(&t->cpu, (u16)cs, &err);
  if (r < 0) {
    /* The kernel's IRET faults and fixup_bad_iret makes it a fault of the
     * user's frame, the one sigreturn built: #GP is SIGSEGV
     * (exc_general_protection), #NP SIGBUS (exc_segment_not_present),
     * both SI_KERNEL with the selector as error code.  (An IP beyond a
     * code segment's limit is the IRET's #GP(0), which is the fetch's
     * #GP(0) at that IP: run_seg gives it.) */
    sig = r == CPU_CS_NP ? SIGBUS : SIGSEGV;
    trapno = r == CPU_CS_NP ? 11 : 13;
  } else if (!cpu_ss_ok(&t->cpu, (u16)ss)) {
    /* SS last: #GP(selector), SIGSEGV; a writable data segment that is
     * not present is #SS(selector), SIGBUS (exc_stack_segment). */
    bool np = cpu_ss_not_present(&t->cpu, (u16)ss);
    sig = np ? SIGBUS : SIGSEGV;
    trapno = np ? 12 : 13;
    err = ss & 0xfffc;
  } else {
    return true;
  }
  /* An LDT SS (TI set) makes the return go through espfix64
   * (entry_64.S native_irq_return_ldt), whose stack is read-only: a
   * fault of that IRET becomes #DF, which exc_double_fault turns into
   * #GP(0) of the user's frame, whatever the fault was.  The kernel emu
   * models runs 16-bit segments (CONFIG_X86_16BIT), hence has espfix64. */
  if (ss & 4) {
    sig = SIGSEGV;
    trapno = 13;
    err = 0;
  }
  t->sig.trapno = trapno;
  t->sig.err = err;
  force_kernel(t, sig);
  return false;
}

void sig_regs_to_cpu(struct cpu *c, const struct pt_regs *f) {
  sig_regs_to_gprs(c, f);
  c->rip = f->ip;
  c->r[R_SP] = f->sp;
  cpu_set_flags(c, f->flags | 2, ~(u64)0);
  /* A handler runs in the mode of its frame's CS (64-bit for an x86-64 frame,
   * compatibility mode for an i386 one), whatever the code interrupted. */
  sig_regs_to_mode(c, f);
}

void sig_deliver_async(struct task *t) {
  t->cpu.kick = 0;
  if (!(t->sig.pending & ~t->sigmask)) return;
  struct pt_regs r;
  sig_regs_from_cpu(&t->cpu, &r);
  deliver(t, &r, false);
  if (!t->exiting) sig_regs_to_cpu(&t->cpu, &r);
}
