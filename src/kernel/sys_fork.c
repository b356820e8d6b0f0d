/* sys_fork.c — fork, vfork, clone (both argument orders) and clone3: the
 * checks of kernel/fork.c (copy_process, kernel_clone, clone3's
 * copy_clone_args_from_user and clone3_args_valid), then the form the
 * flags ask for (see proc.h):
 *
 *   CLONE_VM | CLONE_THREAD ...   thread_clone (a host thread)
 *   CLONE_VM without CLONE_THREAD vmproc_clone (a host CLONE_VM process)
 *   otherwise                     a host fork of emu; the child returns 0
 *                                 from this very call.
 *
 * Thread-safety of emu's shared state, for the record: guest memory needs
 * nothing (it is the guest's own concern, and LOCK-prefixed instructions are
 * host atomics); each thread has its own cpu and decoded-code cache; the
 * list of guest mappings (struct mm) is changed by mmap/munmap/mprotect/
 * mremap/brk and read by the code cache (translate) and uaccess: those need a
 * lock owned by src/mem (not taken on the hot path, which only reads
 * mm->code_gen); the fault classifier runs in a signal handler and must
 * stay lock-free (a seqlock or an immutable snapshot of the vma array). */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../abi/lx_proc.h"
#include "observe.h"
#include "proc.h"
#include "ptrace.h"
#include "signal.h"

/* The flags a plain host fork() gives; anything else takes the raw clone. */
#define NS_FLAGS                                                                                \
  (LX_CLONE_NEWNS | LX_CLONE_NEWCGROUP | LX_CLONE_NEWUTS | LX_CLONE_NEWIPC | LX_CLONE_NEWUSER | \
   LX_CLONE_NEWPID | LX_CLONE_NEWNET | LX_CLONE_NEWTIME)

/* Fork-form details in the parent and the child. */
static void fork_child_setup(struct task *t, const struct clone_req *r) {
  thread_after_fork_child(t);
  if (r->flags & LX_CLONE_CHILD_SETTID) {
    u32 tid = (u32)t->tid;
    put_user_try(MM(t), r->child_tid, &tid, 4);
  }
  t->clear_child_tid = r->flags & LX_CLONE_CHILD_CLEARTID ? r->child_tid : 0;
  if (r->stack) {
    /* The new stack: through the frame the exit path restores. */
    if (t->regs) t->regs->sp = r->stack;
    t->cpu.r[R_SP] = r->stack;
  }
  if (r->flags & LX_CLONE_SETTLS) {
    if (t->abi == ABI_I386) {
      u64 a[6] = {r->tls, 0, 0, 0, 0, 0};
      (void)sys_set_thread_area(t, a);
    } else {
      t->cpu.seg_base[SEG_FS] = r->tls;
      t->cpu.seg[SEG_FS] = 0;
    }
  }
}

static long fork_clone(struct task *t, const struct clone_req *r) {
  const struct emu_opts *o = t->proc->opts;
  if (o && o->log) fflush(o->log);
  fflush(stdout);
  u64 extra =
      r->flags & ~(LX_CLONE_CHILD_SETTID | LX_CLONE_CHILD_CLEARTID | LX_CLONE_PARENT_SETTID |
                   LX_CLONE_SETTLS | LX_CLONE_PIDFD | LX_CLONE_DETACHED | LX_CLONE_CLEAR_SIGHAND);
  pid_t pid;
  int event = ptrace_clone_event(t, r->flags, r->exit_signal); /* PTRACE_O_TRACEFORK ... */
  ptrace_fork_prepare(); /* the channel the child finds if it asks to be traced */
  fork_gate_close();
  thread_fork_lock(t);
  /* The child's queue starts empty (init_sigpending): nothing may be queued
   * on this task between the fork and the child's emptying it. */
  sig_host_block_all();
  obs_task_born(t); /* the log counts the child before it can write */
  if (extra == 0 && r->exit_signal == SIGCHLD) {
    pid = fork();
  } else {
    /* CLONE_FILES, CLONE_FS, CLONE_PARENT, CLONE_VFORK without CLONE_VM,
     * namespaces, another exit signal: the host's raw clone, which without
     * a stack continues the child on a copy of this one, as fork does. */
    u64 hflags = (extra & (LX_CLONE_FILES | LX_CLONE_FS | LX_CLONE_PARENT | LX_CLONE_VFORK |
                           LX_CLONE_SYSVSEM | LX_CLONE_IO | NS_FLAGS)) |
                 (u64)(r->exit_signal & 0xff);
    pid = (pid_t)syscall(SYS_clone, hflags, NULL, NULL, NULL, 0);
  }
  if (pid < 0) {
    long e = -errno;
    obs_task_unborn(t);
    sig_host_sync_mask(t);
    thread_fork_unlock(t);
    fork_gate_open(false);
    return e;
  }
  if (pid == 0) {
    if (r->flags & LX_CLONE_CLEAR_SIGHAND)
      for (size_t i = 0; i < ARRAY_SIZE(t->proc->sigact); i++)
        if (t->proc->sigact[i].handler != 1 /* SIG_IGN */)
          memset(&t->proc->sigact[i], 0, sizeof t->proc->sigact[i]);
    fork_gate_open(true);
    sig_task_fresh(t);
    sig_host_sync_mask(t);
    fork_child_setup(t, r);
    ptrace_fork_child(t, event);
    return 0;
  }
  sig_host_sync_mask(t);
  thread_fork_unlock(t);
  fork_gate_open(false);
  if (event) ptrace_fork_event(t, event, pid);
  return pid;
}

/* After a child exists: CLONE_PARENT_SETTID and CLONE_PIDFD in the
 * parent. */
static long clone_parent_tail(struct task *t, const struct clone_req *r, long pid, u64 pidfd_ptr) {
  if (pid <= 0) return pid;
  if ((r->flags & LX_CLONE_PARENT_SETTID) && !(r->flags & LX_CLONE_VM)) {
    u32 v = (u32)pid;
    put_user_try(MM(t), r->parent_tid, &v, 4);
  }
  if (r->flags & LX_CLONE_PIDFD) {
    int fd = (int)syscall(SYS_pidfd_open, (int)pid, 0);
    i32 v = fd;
    if (fd >= 0) put_user_try(MM(t), pidfd_ptr, &v, 4);
  }
  return pid;
}

/* copy_process()'s checks of the flag combinations. */
static long clone_check(const struct clone_req *r) {
  u64 f = r->flags;
  if ((f & (LX_CLONE_NEWNS | LX_CLONE_FS)) == (LX_CLONE_NEWNS | LX_CLONE_FS)) return -EINVAL;
  if ((f & (LX_CLONE_NEWUSER | LX_CLONE_FS)) == (LX_CLONE_NEWUSER | LX_CLONE_FS)) return -EINVAL;
  if ((f & LX_CLONE_THREAD) && !(f & LX_CLONE_SIGHAND)) return -EINVAL;
  if ((f & LX_CLONE_SIGHAND) && !(f & LX_CLONE_VM)) return -EINVAL;
  if ((f & LX_CLONE_PIDFD) && (f & (LX_CLONE_DETACHED | LX_CLONE_THREAD))) return -EINVAL;
  if ((f & LX_CLONE_THREAD) && (f & (LX_CLONE_NEWUSER | LX_CLONE_NEWPID))) return -EINVAL;
  return 0;
}

long proc_clone(struct task *t, const struct clone_req *r) {
  long e = clone_check(r);
  if (e) return e;
  if (r->flags & LX_CLONE_THREAD) return thread_clone(t, r);
  if (r->flags & LX_CLONE_VM) return vmproc_clone(t, r);
  return fork_clone(t, r);
}

SYS_DEFINE0(fork) {
  struct clone_req r = {.exit_signal = SIGCHLD};
  return proc_clone(t, &r);
}

SYS_DEFINE0(vfork) {
  struct clone_req r = {.flags = LX_CLONE_VM | LX_CLONE_VFORK, .exit_signal = SIGCHLD};
  return proc_clone(t, &r);
}

/* The legacy clone: the exit signal in the low byte; CLONE_PIDFD returns the
 * pidfd through the parent_tid slot, so the two cannot be combined. */
static long clone_legacy(struct task *t, u64 flags, u64 newsp, u64 ptid, u64 ctid, u64 tls) {
  flags &= 0xffffffffull; /* the kernel takes an unsigned long, the clone ABI an int's bits */
  struct clone_req r = {.flags = flags & ~LX_CSIGNAL,
                        .exit_signal = (int)(flags & LX_CSIGNAL),
                        .stack = newsp,
                        .parent_tid = ptid,
                        .child_tid = ctid,
                        .tls = tls};
  if ((r.flags & LX_CLONE_PIDFD) && (r.flags & LX_CLONE_PARENT_SETTID)) return -EINVAL;
  if (r.flags & LX_CLONE_THREAD) r.exit_signal = 0;
  return clone_parent_tail(t, &r, proc_clone(t, &r), ptid);
}

/* x86-64: clone(flags, newsp, parent_tid, child_tid, tls) */
SYS_DEFINE5(clone, u64, flags, u64, newsp, u64, ptid, u64, ctid, u64, tls) {
  return clone_legacy(t, flags, newsp, ptid, ctid, tls);
}

/* i386 (CONFIG_CLONE_BACKWARDS): clone(flags, newsp, parent_tid, tls, child_tid) */
SYS_DEFINE5(clone32, u64, flags, u64, newsp, u64, ptid, u64, tls, u64, ctid) {
  return clone_legacy(t, flags, newsp, ptid, ctid, tls);
}

SYS_DEFINE2(clone3, u64, uargs, u64, size) {
  struct lx_clone_args a = {0};
  if (size > PAGE_SIZE) return -E2BIG;
  if (size < LX_CLONE_ARGS_SIZE_VER0) return -EINVAL;
  size_t n = size < sizeof a ? size : sizeof a;
  if (copy_from_user(MM(t), &a, uargs, n)) return -EFAULT;
  /* copy_struct_from_user: bytes beyond what emu knows must be zero. */
  for (u64 off = sizeof a; off < size; off++) {
    u8 b;
    if (copy_from_user(MM(t), &b, uargs + off, 1)) return -EFAULT;
    if (b) return -E2BIG;
  }
  if (a.set_tid_size > 32 /* MAX_PID_NS_LEVEL */) return -EINVAL;
  if (!a.set_tid && a.set_tid_size) return -EINVAL;
  if (a.set_tid && !a.set_tid_size) return -EINVAL;
  if (a.exit_signal & ~LX_CSIGNAL) return -EINVAL;
  if (a.exit_signal > 64) return -EINVAL;
  if ((a.flags & LX_CLONE_INTO_CGROUP) && (a.cgroup > 0x7fffffff || size < LX_CLONE_ARGS_SIZE_VER2))
    return -EINVAL;
  /* clone3_args_valid() */
  if (a.flags & ~((0xffffffffull & ~(LX_CSIGNAL | LX_CLONE_DETACHED)) | LX_CLONE_CLEAR_SIGHAND |
                  LX_CLONE_INTO_CGROUP))
    return -EINVAL;
  if ((a.flags & (LX_CLONE_SIGHAND | LX_CLONE_CLEAR_SIGHAND)) ==
      (LX_CLONE_SIGHAND | LX_CLONE_CLEAR_SIGHAND))
    return -EINVAL;
  if ((a.flags & (LX_CLONE_THREAD | LX_CLONE_PARENT)) && a.exit_signal) return -EINVAL;
  if (!a.stack != !a.stack_size) return -EINVAL;      /* clone3_stack_valid */
  if (a.set_tid_size) return -EPERM;                  /* needs CAP_CHECKPOINT_RESTORE */
  if (a.flags & LX_CLONE_INTO_CGROUP) return -EINVAL; /* not served */
  if ((a.flags & LX_CLONE_CLEAR_SIGHAND) && (a.flags & LX_CLONE_THREAD)) return -EINVAL;
  struct clone_req r = {.flags = a.flags,
                        .exit_signal = (int)a.exit_signal,
                        .stack = a.stack ? a.stack + a.stack_size : 0,
                        .parent_tid = a.parent_tid,
                        .child_tid = a.child_tid,
                        .tls = a.tls};
  return clone_parent_tail(t, &r, proc_clone(t, &r), a.pidfd);
}
