/* ptrace.h — ptrace between emulated processes (ptrace.c): the stops a
 * traced task makes and what the rest of the kernel model asks of the
 * tracer's side.  Private to src/kernel.
 */
#ifndef EMU_PTRACE_H
#define EMU_PTRACE_H

#include <signal.h>
#include <sys/resource.h>

#include "kernel.h"

/* task.ptrace: the task is traced; it stops at system calls (PTRACE_SYSCALL);
 * it single-steps with a TF the tracer set (PTRACE_SINGLESTEP), which the
 * tracer's view of the flags hides (TIF_FORCED_TF). */
enum { PT_TRACED = 1, PT_SYSCALL = 2, PT_STEP = 4, PT_FORCED_TF = 8 };

/* A system call's stops (ptrace_report_syscall_entry/_exit) on the frame
 * regs of the call, which the tracer may change: the caller reads the
 * number and arguments from it after the entry stop, the result after the
 * exit stop. */
void ptrace_syscall_entry(struct task *t, struct pt_regs *regs);
void ptrace_syscall_exit(struct task *t, struct pt_regs *regs);
/* get_signal()'s ptrace_signal(): the signal-delivery stop for sig, whose
 * siginfo is *si, on regs.  The signal to deliver now (the tracer's choice,
 * *si rewritten if it changed it), or 0 (suppressed, or queued again
 * because it is blocked). */
int ptrace_signal(struct task *t, int sig, struct lx_siginfo *si, struct pt_regs *regs);

/* Around the host fork: the parent makes the channel its children find
 * (before), the child takes it over as its tracer's (after).  event is
 * what ptrace_clone_event said of the clone (0: none): then the child is
 * its parent's tracer's tracee from birth, stopping first for a SIGSTOP,
 * and the parent stops for the event after the fork (ptrace_fork_event).
 * A CLONE_VM child (vfork, posix_spawn) and a new thread likewise,
 * through ptrace_clone_child as they start, with the parent's event stop
 * once the host's clone has returned (for CLONE_VFORK: after the child's
 * exec or end). */
void ptrace_fork_prepare(void);
int ptrace_clone_event(const struct task *t, u64 flags, int exit_signal);
void ptrace_fork_child(struct task *t, int event);
void ptrace_fork_event(struct task *t, int event, long pid);
void ptrace_clone_child(struct task *c, int event);
/* execve: a traced task's channel stays open across the host execve
 * (on: before it; off: it failed); the "--ptrace" argument for the new emu,
 * or NULL when the task is not traced. */
void ptrace_exec_keep(struct task *t, bool on);
const char *ptrace_exec_arg(struct task *t);
/* The new program's first moments (task_run): the stops execve makes of a
 * traced task (PTRACE_EVENT_EXEC, the syscall-exit stop, the SIGTRAP). */
void ptrace_task_start(struct task *t);
/* The task is about to end with the wait status status (exit, exit_group,
 * a fatal signal): PTRACE_EVENT_EXIT's stop, when the tracer asked. */
void ptrace_exit_event(struct task *t, int status);
/* exit_group with the wait status status: the other threads' exit
 * events (each as it dies of the group's SIGKILL), made by the calling
 * thread on their behalf, since they end with the host process. */
void ptrace_group_exit(struct task *const *others, int n, int status);
/* The process ends with the wait status status: its tracer hears of it
 * (through the slot when it did not fork the process); its tracees with
 * PTRACE_O_EXITKILL are killed. */
void ptrace_proc_exit(int status);
/* A thread of a traced process ends alone (exit, not exit_group) with the
 * wait status status: a traced one's tracer hears of it. */
void ptrace_task_end(struct task *t, int status);

/* PTRACE_ATTACH's other half, in the target (ptrace_tracer.c asks with a
 * SIGTRAP whose value is PT_ATTACH_MAGIC, the slot and the registry's
 * descriptor in the tracer).  From emu's host handler:
 * ptrace_attach_request takes such a request for task t (false: not one)
 * and queues the SIGSTOP the kernel sends; ptrace_attach_finish, as
 * signals are delivered, maps the tracer's registry through a pidfd, takes
 * the slot, and t is traced, the SIGSTOP its first stop. */
extern volatile int ptrace_attach_pending;
bool ptrace_attach_request(struct task *t, int tracer, u64 value);
void ptrace_attach_finish(struct task *t);

/* wait4 of a process that traces: its tracees' stops come first, then the
 * host's wait (the same results and errors as the host's wait4). */
bool ptrace_tracing(void);
/* The host handler's SIGCHLD from a tracee (a kill with SI_USER, sent as
 * the tracee stopped): made the CLD_TRAPPED one the kernel sends; false
 * when the guest is to get none (SA_NOCLDSTOP).  Async-signal-safe. */
bool ptrace_sigchld(struct lx_siginfo *si, bool nocldstop);
long ptrace_wait4(struct task *t, int pid, int *status, int options, struct rusage *ru);
/* waitid likewise: 0 and *si (CLD_TRAPPED for a stop), or -errno. */
long ptrace_waitid(struct task *t, int idtype, int id, siginfo_t *si, int options,
                   struct rusage *ru);

#endif
