/* proc.h — private interface of process and thread creation (sys_fork.c,
 * sys_thread.c, sys_exec.c, sys_wait.c, sys_futex.c, sys_prctl.c).
 *
 * The process model:
 *
 *   fork, vfork, clone without CLONE_VM
 *       a host fork() of emu.  The guest address space is one host
 *       reservation, so the child gets a copy for free (MAP_SHARED mappings
 *       stay shared); the child returns from the same system call with 0.
 *   clone with CLONE_VM but without CLONE_THREAD (vfork, posix_spawn)
 *       a host clone(CLONE_VM [| CLONE_VFORK]) of emu: the child shares
 *       emu's whole memory, runs its own struct task on a fresh host stack
 *       and the parent waits for its execve or exit when CLONE_VFORK says so,
 *       exactly as the guest asked.
 *   clone with CLONE_VM | CLONE_THREAD (pthread_create)
 *       a host thread (pthread) running its own struct task, a copy of the
 *       caller's CPU at the return of the system call (ax = 0, sp = the new
 *       stack, TLS set).  Guest tids are host tids.
 *   execve
 *       validated as the kernel would (fs/exec.c, fs/binfmt_script.c), then
 *       a host execve of emu's own binary with emu's options and emu's own
 *       environment (the guest's argv and envp through a descriptor), so the
 *       descriptor table, close-on-exec, pid and signal dispositions follow
 *       host semantics.  The new program is always emulated.
 *
 * Every emu process dies of its guest's fatal signal itself, once its log is
 * written (proc_terminate), so the guest parent's wait, and a shell, see
 * WIFSIGNALED.
 */
#ifndef EMU_SYSCALL_PROC_H
#define EMU_SYSCALL_PROC_H

#include "kernel.h"

/* Clone flags (linux/sched.h), spelled out so the guest ABI does not depend
 * on the host's headers. */
#define LX_CSIGNAL              0x000000ffull
#define LX_CLONE_VM             0x00000100ull
#define LX_CLONE_FS             0x00000200ull
#define LX_CLONE_FILES          0x00000400ull
#define LX_CLONE_SIGHAND        0x00000800ull
#define LX_CLONE_PIDFD          0x00001000ull
#define LX_CLONE_PTRACE         0x00002000ull
#define LX_CLONE_VFORK          0x00004000ull
#define LX_CLONE_PARENT         0x00008000ull
#define LX_CLONE_THREAD         0x00010000ull
#define LX_CLONE_NEWNS          0x00020000ull
#define LX_CLONE_SYSVSEM        0x00040000ull
#define LX_CLONE_SETTLS         0x00080000ull
#define LX_CLONE_PARENT_SETTID  0x00100000ull
#define LX_CLONE_CHILD_CLEARTID 0x00200000ull
#define LX_CLONE_DETACHED       0x00400000ull
#define LX_CLONE_UNTRACED       0x00800000ull
#define LX_CLONE_CHILD_SETTID   0x01000000ull
#define LX_CLONE_NEWCGROUP      0x02000000ull
#define LX_CLONE_NEWUTS         0x04000000ull
#define LX_CLONE_NEWIPC         0x08000000ull
#define LX_CLONE_NEWUSER        0x10000000ull
#define LX_CLONE_NEWPID         0x20000000ull
#define LX_CLONE_NEWNET         0x40000000ull
#define LX_CLONE_IO             0x80000000ull
#define LX_CLONE_CLEAR_SIGHAND  0x100000000ull
#define LX_CLONE_INTO_CGROUP    0x200000000ull
#define LX_CLONE_NEWTIME        0x00000080ull

/* The arguments of every clone form, as kernel_clone_args. */
struct clone_req {
  u64 flags; /* without the exit signal */
  int exit_signal;
  u64 stack; /* the child's stack pointer, 0 = the caller's */
  u64 parent_tid, child_tid, tls;
};

/* clone, clone3, fork, vfork: validate and create.  Returns the child's
 * tid/pid in the parent, 0 in a forked child, or -errno. */
long proc_clone(struct task *t, const struct clone_req *r);

/* The thread and CLONE_VM-process forms (sys_thread.c). */
long thread_clone(struct task *t, const struct clone_req *r);
long vmproc_clone(struct task *t, const struct clone_req *r);

/* Make child's CPU a copy of parent's as it returns from the current system
 * call with ax = 0 (and sp = stack when nonzero).  The child gets its own
 * decoded-code cache. */
void task_clone_cpu(struct task *parent, struct task *child, u64 stack);

/* After a host fork, in the child: the calling task is the only thread. */
void thread_after_fork_child(struct task *t);
/* Around a host fork in the parent: hold the thread registry. */
void thread_fork_lock(struct task *t);
void thread_fork_unlock(struct task *t);

/* The thread's exit work the kernel does in mm_release and exit_robust_list:
 * walk the robust list, then clear *clear_child_tid and wake one waiter. */
void thread_exit_cleanup(struct task *t);

/* Host futex on the guest word at uaddr (sys_futex.c). */
long futex_wake_guest(struct task *t, u64 uaddr, int n, bool private_);

/* A store whose failure the kernel ignores too (put_user in schedule_tail,
 * CLONE_PARENT_SETTID ...). */
static inline void put_user_try(struct mm *mm, u64 dst, const void *src, size_t n) {
  if (copy_to_user(mm, dst, src, n)) return;
}


#endif
