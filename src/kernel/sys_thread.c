/* sys_thread.c — guest threads on host threads, CLONE_VM processes on host
 * CLONE_VM processes, and the lifetime of threads and processes: exit versus
 * exit_group, the robust-list walk and clear_child_tid wake on thread death,
 * and how a process ends (proc_terminate).  Mirrors kernel/fork.c
 * (copy_process, copy_thread in arch/x86/kernel/process.c), kernel/exit.c
 * (do_exit, do_group_exit), kernel/futex/core.c (exit_robust_list,
 * handle_futex_death) and mm_release() in kernel/fork.c.
 *
 * Threads: every guest thread is a host pthread running task_run() on its
 * own struct task (own struct cpu, own decoded-code cache).  The process's
 * threads are counted in a struct thread_group hung off the proc (created
 * with the second thread).  The leader is the task emu_run() started (or,
 * after a fork, the forking thread): when it calls exit(2) while others live
 * it waits for them, and the process's status is the leader's, as the
 * kernel's zombie leader gives it.  exit_group(2) or a fatal signal in any
 * thread ends the host process at once (proc_terminate: host exit_group).
 *
 * Shared emu state: the guest memory is shared by construction; guest
 * mappings (struct mm) are changed by the mm calls, which need their own
 * lock (see the report in sys_fork.c's header); the decoded-code cache is per
 * cpu and flushed when mm->code_gen moves; the host fault handler finds the
 * faulting cpu through a thread-local pointer.
 *
 * Host signals at a thread's birth and death: the host delivers a guest
 * signal to any host thread that does not block it, and the host handler
 * queues it on that thread's task (signal.c's thread-local sig_cur).  A host
 * thread that is not running its task yet (before sig_task_start) or any
 * more (after exit) must therefore block every host signal, or the host may
 * pick it for a process-directed signal that is then lost (or written into
 * a freed task): new threads and CLONE_VM children start with all host
 * signals blocked (task_run unblocks the guest's mask), a dying thread
 * blocks them all at its exit(2) and hands process-directed signals still
 * queued on it back to the process (exit_signals()/retarget_shared_pending()
 * in kernel/signal.c).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "observe.h"

#include "proc.h"
#include "ptrace.h"
#include "signal.h"

struct thread_group {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int live;              /* tasks of the process still running, the leader included */
  struct task *leader;   /* its exit(2) waits for the others */
  struct task **members; /* the tasks still running (the log's lines at exit_group) */
  int nmembers, cap;
};

/* Under g->lock. */
static void tg_add(struct thread_group *g, struct task *t) {
  if (g->nmembers == g->cap) {
    int cap = g->cap ? 2 * g->cap : 8;
    struct task **m = realloc(g->members, (size_t)cap * sizeof *m);
    if (!m) return; /* the log then misses this task's last line, nothing else */
    g->members = m;
    g->cap = cap;
  }
  g->members[g->nmembers++] = t;
}

static void tg_remove(struct thread_group *g, const struct task *t) {
  for (int i = 0; i < g->nmembers; i++) {
    if (g->members[i] == t) {
      g->members[i] = g->members[--g->nmembers];
      return;
    }
  }
}

/* Host stack of a thread or CLONE_VM child: emu's frames are small, but a
 * handler may hold a few PATH_MAX buffers. */
#define HOST_STACK (2u << 20)

/* The process's thread group lives until the process ends (threads may still
 * run while the main thread leaves emu_run); this keeps it reachable for
 * LeakSanitizer after struct emu is gone. */
static struct thread_group *tg_process;

static struct thread_group *tg_of(struct task *t) {
  struct proc *p = t->proc;
  if (!p->tg) {
    /* Only the first thread exists here, so no race creating it. */
    struct thread_group *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    g->live = 1;
    g->leader = t;
    tg_add(g, t);
    p->tg = g;
    tg_process = g;
  }
  return p->tg;
}

/* ---- the child's CPU ---- */

void task_clone_cpu(struct task *parent, struct task *child, u64 stack) {
  struct cpu *pc = &parent->cpu, *cc = &child->cpu;
  cpu_init(cc, pc->mode, pc->mm);
  void *cache = cc->cache;
  u64 gen = cc->cache_gen;
  *cc = *pc;
  cc->cache = cache;
  cc->cache_gen = gen;
  cc->jmp = NULL;
  cc->backend = NULL; /* another CPU (cpu_backend) starts its own state per thread */
  cc->owner = child;
  cc->icount = 0;
  /* The return of the current system call, with ax = 0.  For SYSCALL and
   * int $0x80 the CPU already holds the return state (rip past the
   * instruction, rcx/r11 as SYSCALL set them); SYSENTER returns through the
   * vDSO's landing pad with the user stack the kernel took from ebp. */
  cc->r[R_AX] = 0;
  if (parent->abi == ABI_I386 && pc->mode == 32) {
    u8 insn[2];
    if (!copy_from_user(pc->mm, insn, pc->ip, 2) && insn[0] == 0x0f && insn[1] == 0x34) {
      u32 bp = 0;
      u64 usp = (u32)pc->r[R_BP];
      if (!copy_from_user(pc->mm, &bp, usp, 4)) cc->r[R_BP] = bp;
      cc->r[R_SP] = usp;
      cc->rip = parent->proc->vdso_landing;
    }
  }
  if (stack) cc->r[R_SP] = pc->mode == 32 ? (u32)stack : stack;
}

/* TLS of the new thread: the fs base (x86-64, do_arch_prctl_64 ARCH_SET_FS)
 * or a user_desc installed with set_thread_area semantics (i386). */
static long child_set_tls(struct task *parent, struct task *child, u64 tls) {
  if (parent->abi == ABI_I386) {
    u64 a[6] = {tls, 0, 0, 0, 0, 0};
    return sys_set_thread_area(child, a);
  }
  if (tls >= (1ull << 47) - 4096) return -EPERM;
  child->cpu.seg_base[SEG_FS] = tls;
  child->cpu.seg[SEG_FS] = 0;
  return 0;
}

/* A new task: a copy of the parent's per-thread state as copy_process()
 * makes it. */
static struct task *task_new(struct task *t, const struct clone_req *r) {
  fork_gate_enter();
  struct task *c = calloc(1, sizeof *c);
  fork_gate_leave();
  if (!c) return NULL;
  *c = *t;
  memset(&c->cpu, 0, sizeof c->cpu);
  task_clone_cpu(t, c, r->stack);
  c->regs = NULL;
  c->ptrace = 0; /* traced only by the clone's event: ptrace_clone_child, _vmproc_child */
  c->exiting = c->thread_exit = false;
  c->exit_status = 0;
  /* init_sigpending(): what the parent's host handler queued on the parent
   * stays the parent's (a copy would be delivered twice). */
  sig_task_fresh(c);
  c->robust_list = c->robust_len = 0;
  c->set_child_tid = r->flags & LX_CLONE_CHILD_SETTID ? r->child_tid : 0;
  c->clear_child_tid = r->flags & LX_CLONE_CHILD_CLEARTID ? r->child_tid : 0;
  /* rseq_fork(): a CLONE_VM child starts unregistered. */
  c->rseq = c->rseq_len = 0;
  /* copy_sighand/sas_ss_reset: CLONE_VM without CLONE_VFORK drops the
   * alternate signal stack. */
  if ((r->flags & (LX_CLONE_VM | LX_CLONE_VFORK)) == LX_CLONE_VM)
    memset(&c->altstack, 0, sizeof c->altstack);
  return c;
}

/* What the child does before running guest code: learn its tid, store it
 * where CLONE_PARENT_SETTID / CLONE_CHILD_SETTID ask (schedule_tail). */
static void child_start(struct task *c, const struct clone_req *r) {
  c->tid = (int)syscall(SYS_gettid);
  u32 tid = (u32)c->tid;
  if (r->flags & LX_CLONE_PARENT_SETTID) put_user_try(MM(c), r->parent_tid, &tid, 4);
  if (r->flags & LX_CLONE_CHILD_SETTID) put_user_try(MM(c), r->child_tid, &tid, 4);
}

/* ---- threads ---- */

struct thread_start {
  struct task *task;
  struct clone_req req;
  sem_t started;
  int tid;
  int event; /* the ptrace event of the clone (ptrace_clone_event), or 0 */
};

static void thread_signals_exit(struct task *t);

static void *thread_main(void *arg) {
  struct thread_start *s = arg;
  struct task *c = s->task;
  int event = s->event;
  child_start(c, &s->req);
  s->tid = c->tid;
  sem_post(&s->started);        /* s is the parent's: not touched after this */
  ptrace_clone_child(c, event); /* traced from birth, or not traced */
  int status = task_run(c);
  struct proc *p = c->proc;
  struct thread_group *g = p->tg;
  if (!c->thread_exit) proc_terminate(p, status); /* exit_group, fatal signal */
  ptrace_task_end(c, status);
  thread_signals_exit(c);
  thread_exit_cleanup(c);
  pthread_mutex_lock(&g->lock);
  tg_remove(g, c);
  bool leader = g->leader == c;
  if (leader) {
    /* A forked child whose only thread is this one, or the leader after a
     * fork from a thread: wait for the others, then end the process. */
    g->live--;
    while (g->live > 0) pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
    proc_terminate(p, status);
  }
  pthread_mutex_unlock(&g->lock);
  /* The task goes before it is counted gone: once live drops the process
   * may end, and emu_free the mm this CPU's code cache refers to. */
  fork_gate_enter();
  cpu_destroy(&c->cpu);
  free(c);
  pthread_mutex_lock(&g->lock);
  g->live--;
  pthread_cond_broadcast(&g->cond);
  pthread_mutex_unlock(&g->lock);
  fork_gate_thread_ends(); /* what follows is the host's thread exit */
  fork_gate_leave();
  return NULL;
}

long thread_clone(struct task *t, const struct clone_req *r) {
  struct thread_group *g = tg_of(t);
  if (!g) return -ENOMEM;
  struct thread_start s;
  memset(&s, 0, sizeof s);
  s.req = *r;
  s.event = ptrace_clone_event(t, r->flags, r->exit_signal);
  s.task = task_new(t, r);
  if (!s.task) return -ENOMEM;
  mm_share(t->cpu.mm); /* before the thread can run: mm_lock locks from now on */
  if (r->flags & LX_CLONE_SETTLS) {
    long e = child_set_tls(t, s.task, r->tls);
    if (e < 0) {
      cpu_destroy(&s.task->cpu);
      free(s.task);
      return e;
    }
  }
  sem_init(&s.started, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  /* Sanitizer builds join ended threads (fork_gate.c); others detach. */
  fork_gate_reap();
  if (!EMU_FORK_GATE) pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, HOST_STACK);
  pthread_mutex_lock(&g->lock);
  g->live++;
  tg_add(g, s.task);
  pthread_mutex_unlock(&g->lock);
  /* The host thread inherits this mask: all blocked until its task_run
   * (sig_task_start) installs the child's guest mask. */
  sig_host_block_all();
  pthread_t th;
  obs_task_born(t); /* the log counts the thread before it can write */
  /* Shared until the child runs emu's code: the host's (and sanitizer's)
   * thread set-up in both threads is then done. */
  fork_gate_enter();
  int e = pthread_create(&th, &attr, thread_main, &s);
  sig_host_sync_mask(t);
  pthread_attr_destroy(&attr);
  if (e) {
    fork_gate_leave();
    obs_task_unborn(t);
    pthread_mutex_lock(&g->lock);
    g->live--;
    tg_remove(g, s.task);
    pthread_mutex_unlock(&g->lock);
    cpu_destroy(&s.task->cpu);
    free(s.task);
    sem_destroy(&s.started);
    return -EAGAIN;
  }
  while (sem_wait(&s.started) < 0) {
  }
  fork_gate_leave();
  sem_destroy(&s.started);
  if (s.event) ptrace_fork_event(t, s.event, s.tid);
  return s.tid;
}

/* ---- CLONE_VM processes (vfork, posix_spawn) ---- */

struct vmproc_start {
  struct task *task;
  struct clone_req req;
  void *stk; /* the child's host stack */
  int event; /* the ptrace event of the clone (ptrace_clone_event), or 0 */
};

static int vmproc_main(void *arg) {
  struct vmproc_start *s = arg;
  struct task *c = s->task;
  int event = s->event;
  /* A vfork child has its parent's TLS to itself until it execs or exits:
   * its stack is one the sanitizer build must clean up after (task.c). */
  if (s->req.flags & LX_CLONE_VFORK) task_foreign_stack(s->stk);
  child_start(c, &s->req);
  ptrace_clone_child(c, event); /* traced from birth, or not traced */
  /* This process is nobody's top-level emu: its signal death is real. */
  int status = task_run(c);
  thread_exit_cleanup(c);
  fflush(NULL);
  if (status & 0x7f) proc_die_of_signal(status & 0x7f);
  _exit((status >> 8) & 0xff);
}

/* The child's own copy of the process state that CLONE_VM does not share:
 * signal actions (no CLONE_SIGHAND here), the thread group.  The mm is the
 * parent's. */
static struct proc *proc_copy(struct task *t, const struct clone_req *r) {
  struct proc *np = malloc(sizeof *np);
  if (!np) return NULL;
  *np = *t->proc;
  np->tg = NULL;
  if (r->flags & LX_CLONE_CLEAR_SIGHAND)
    for (size_t i = 0; i < ARRAY_SIZE(np->sigact); i++)
      if (np->sigact[i].handler != 1 /* SIG_IGN */) memset(&np->sigact[i], 0, sizeof np->sigact[i]);
  return np;
}

long vmproc_clone(struct task *t, const struct clone_req *r) {
  struct vmproc_start s = {task_new(t, r), *r, NULL,
                           ptrace_clone_event(t, r->flags, r->exit_signal)};
  if (!s.task) return -ENOMEM;
  mm_share(t->cpu.mm); /* before the child can run: mm_lock locks from now on */
  struct proc *np = proc_copy(t, r);
  if (!np) {
    cpu_destroy(&s.task->cpu);
    free(s.task);
    return -ENOMEM;
  }
  s.task->proc = np;
  long ret = 0;
  if (r->flags & LX_CLONE_SETTLS) ret = child_set_tls(t, s.task, r->tls);
  /* The child's host stack: freed once it cannot be in use any more, i.e.
   * after a CLONE_VFORK child has exec'd or exited; otherwise kept. */
  void *stk = ret ? MAP_FAILED
                  : mmap(NULL, HOST_STACK, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (!ret && stk == MAP_FAILED) ret = -ENOMEM;
  s.stk = stk;
  if (!ret) {
    int hflags = CLONE_VM | (r->flags & LX_CLONE_VFORK ? CLONE_VFORK : 0) | (r->exit_signal & 0xff);
    fflush(NULL);
    /* The child starts with host signals blocked (see the header).  It runs
     * on this host thread's TLS (no CLONE_SETTLS), so its sig_task_start
     * points this thread's sig_cur at the child's task: once a vfork child
     * has exec'd or exited, point it back (a signal that came meanwhile
     * stays pending on the host until the mask is restored).  Without
     * CLONE_VFORK both run on one TLS at once: see the report. */
    sig_host_block_all();
    obs_task_born(t);
    void *saved[OBS_MAX]; /* the child's log lines run on this thread's */
    obs_state_save(t, saved);
    void *foreign = task_foreign_stack(NULL); /* a vfork child sets its own on this TLS */
    int pid = clone(vmproc_main, (char *)stk + HOST_STACK, hflags, &s);
    ret = pid < 0 ? -errno : pid;
    task_foreign_stack(foreign);
    if (pid < 0) obs_task_unborn(t);
    obs_state_restore(saved);
    sig_task_start(t);
    if (pid < 0 || (r->flags & LX_CLONE_VFORK)) {
      munmap(stk, HOST_STACK);
      cpu_destroy(&s.task->cpu);
      free(s.task);
      free(np);
    }
    /* Without CLONE_VFORK the child may still run on stk and s.task: they
     * stay allocated (a rare form: CLONE_VM without CLONE_THREAD/VFORK). */
    if (pid > 0 && s.event) ptrace_fork_event(t, s.event, pid);
    return ret;
  }
  cpu_destroy(&s.task->cpu);
  free(s.task);
  free(np);
  return ret;
}

/* ---- fork support ---- */

/* Around a host fork(): no other guest thread may hold the thread group's
 * lock or the mm lock in the child's copy. */
void thread_fork_lock(struct task *t) {
  mm_lock(t->proc->mm);
  if (t->proc->tg) pthread_mutex_lock(&t->proc->tg->lock);
}

void thread_fork_unlock(struct task *t) {
  if (t->proc->tg) pthread_mutex_unlock(&t->proc->tg->lock);
  mm_unlock(t->proc->mm);
}

void thread_after_fork_child(struct task *t) {
  t->tid = (int)syscall(SYS_gettid);
  mm_after_fork_child(t->proc->mm); /* held by the forking thread: the child starts unlocked */
  struct thread_group *g = t->proc->tg;
  if (!g) return;
  /* The other threads do not exist in the child; their tasks leak (the
   * kernel frees them, emu cannot know they are unused). */
  pthread_mutex_init(&g->lock, NULL);
  pthread_cond_init(&g->cond, NULL);
  g->live = 1;
  g->leader = t;
  g->nmembers = 0;
  tg_add(g, t);
}

/* ---- thread death ---- */

#define FUTEX_WAITERS     0x80000000u
#define FUTEX_OWNER_DIED  0x40000000u
#define FUTEX_TID_MASK    0x3fffffffu
#define ROBUST_LIST_LIMIT 2048

/* handle_futex_death() */
static void futex_death(struct task *t, u64 uaddr, bool pi, bool pending) {
  if (uaddr & 3) return;
  u32 uval;
  if (copy_from_user(MM(t), &uval, uaddr, 4)) return; /* get_user() faulted */
  for (;;) {
    if (pending && !pi && !uval) {
      futex_wake_guest(t, uaddr, 1, false);
      return;
    }
    if ((uval & FUTEX_TID_MASK) != (u32)t->tid) return;
    u32 mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, seen = uval;
    if (user_cmpxchg_u32(MM(t), uaddr, &seen, mval)) return;
    if (seen == uval) break;
    uval = seen; /* changed under us: retry with what is there now */
  }
  if (!pi && (uval & FUTEX_WAITERS)) futex_wake_guest(t, uaddr, 1, false);
}

/* fetch_robust_entry(): a pointer whose bit 0 flags a PI futex. */
static int robust_fetch(struct task *t, u64 at, u64 *entry, bool *pi) {
  u64 v = 0;
  size_t w = t->robust_len == 12 ? 4 : 8;
  if (copy_from_user(MM(t), &v, at, w)) return -EFAULT;
  *entry = v & ~1ull;
  *pi = v & 1;
  return 0;
}

/* exit_robust_list() / compat_exit_robust_list() */
static void robust_walk(struct task *t) {
  u64 head = t->robust_list;
  if (!head) return;
  size_t w = t->robust_len == 12 ? 4 : 8;
  u64 entry, pending;
  bool pi, pip, next_pi;
  i64 off;
  if (robust_fetch(t, head, &entry, &pi)) return;
  if (w == 4) {
    i32 o;
    if (copy_from_user(MM(t), &o, head + 4, 4)) return;
    off = o;
  } else if (copy_from_user(MM(t), &off, head + 8, 8)) {
    return;
  }
  if (robust_fetch(t, head + 2 * w, &pending, &pip)) return;
  int limit = ROBUST_LIST_LIMIT;
  while (entry != head) {
    u64 next = 0;
    int rc = robust_fetch(t, entry, &next, &next_pi);
    if (entry != pending) futex_death(t, entry + off, pi, false);
    if (rc) return;
    entry = next;
    pi = next_pi;
    if (!--limit) break;
  }
  if (pending) futex_death(t, pending + off, pip, true);
}

/* exit_signals(): from its exit(2) on, a thread takes no more signals; the
 * process-directed ones the host already gave it go back to the process
 * (any thread not blocking them takes them, as retarget_shared_pending()).
 * Thread-directed ones (tgkill: SI_TKILL) die with the thread.  The host
 * lets a thread requeue with its siginfo only what it may send itself
 * (rt_sigqueueinfo: si_code < 0, or the caller is the process's leader);
 * the rest is sent with kill(2), so si_pid/si_uid name this process. */
static void thread_signals_exit(struct task *t) {
  sig_host_block_all();
  for (int i = 0; i < t->sig.nq && i < SIG_QMAX; i++) {
    const struct lx_siginfo *si = &t->sig.q[i];
    int sig = si->signo;
    if (!sig_host_backed(sig) || si->code == SI_TKILL) continue;
    siginfo_t hsi;
    memset(&hsi, 0, sizeof hsi);
    memcpy(&hsi, si, sizeof hsi < sizeof *si ? sizeof hsi : sizeof *si);
    if (syscall(SYS_rt_sigqueueinfo, getpid(), sig, &hsi) < 0) kill(getpid(), sig);
  }
  t->sig.nq = 0;
  t->sig.pending = 0;
}

void thread_exit_cleanup(struct task *t) {
  robust_walk(t);
  t->robust_list = 0;
  /* mm_release(): clear the tid word and wake a joiner (a shared wake, as
   * the kernel does; glibc waits on it with a shared futex). */
  if (t->clear_child_tid) {
    u32 zero = 0;
    if (!copy_to_user(MM(t), t->clear_child_tid, &zero, 4))
      futex_wake_guest(t, t->clear_child_tid, 1, false);
    t->clear_child_tid = 0;
  }
}

long task_exit_thread(struct task *t, int code) {
  if (UNLIKELY(t->ptrace)) ptrace_exit_event(t, (code & 0xff) << 8);
  /* No signal handler runs in this thread any more: let the host give the
   * process's signals to the others from now on (thread_signals_exit
   * requeues what came before). */
  sig_host_block_all();
  t->exiting = true;
  t->thread_exit = true;
  t->exit_status = (code & 0xff) << 8;
  return 0;
}

long task_exit_group(struct task *t, int code) {
  struct thread_group *g = t->proc->tg;
  int status = (code & 0xff) << 8;
  if (UNLIKELY(t->ptrace)) ptrace_exit_event(t, status);
  if (g) {
    pthread_mutex_lock(&g->lock);
    int live = g->live, n = 0;
    struct task **others = live > 1 ? malloc((size_t)g->nmembers * sizeof *others) : NULL;
    for (int i = 0; others && i < g->nmembers; i++)
      if (g->members[i] != t) others[n++] = g->members[i];
    pthread_mutex_unlock(&g->lock);
    if (live > 1) {
      /* the log's last lines: the process ends here, its other threads with it */
      obs_group_exit(t, code, others, n);
      ptrace_group_exit(others, n, status);
      proc_terminate(t->proc, status);
    }
    free(others);
  }
  t->exiting = true;
  t->thread_exit = false;
  t->exit_status = status;
  return 0;
}

static int leader_done(struct task *t);

int task_leader_done(struct task *t) {
  int status = leader_done(t);
  ptrace_proc_exit(status); /* the tracer hears of the end; PTRACE_O_EXITKILL */
  return status;
}

static int leader_done(struct task *t) {
  struct proc *p = t->proc;
  struct thread_group *g = p->tg;
  int status = t->exit_status;
  if (!g) return status;
  if (!t->thread_exit) {
    /* exit_group or a fatal signal: the other threads end with us. */
    pthread_mutex_lock(&g->lock);
    int live = g->live;
    pthread_mutex_unlock(&g->lock);
    if (live > 1) proc_terminate(p, status);
    return status;
  }
  thread_signals_exit(t);
  thread_exit_cleanup(t);
  pthread_mutex_lock(&g->lock);
  tg_remove(g, t);
  g->live--;
  while (g->live > 0) pthread_cond_wait(&g->cond, &g->lock);
  pthread_mutex_unlock(&g->lock);
  return status;
}

/* ---- ending the process ---- */

void proc_die_of_signal(int sig) {
  /* No core of emu, to a file or to a core_pattern pipe: the guest's core
   * would not be the host's anyway. */
  struct rlimit rl = {0, 0};
  setrlimit(RLIMIT_CORE, &rl);
  prctl(PR_SET_DUMPABLE, 0);
  sig_host_default(sig); /* raw: glibc's sigaction refuses 32 and 33 */
  /* To the whole thread group, so the host's default action ends it. */
  kill(getpid(), sig);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
  /* Signals whose default action is not to end the process cannot be the
   * guest's cause of death; still, never return. */
  _exit(128 + sig);
}

void proc_terminate(struct proc *p, int status) {
  const struct emu_opts *o = p->opts;
  ptrace_proc_exit(status);
  if (o && o->log) fflush(o->log);
  fflush(stdout);
  if (status & 0x7f) proc_die_of_signal(status & 0x7f);
  _exit((status >> 8) & 0xff);
}
