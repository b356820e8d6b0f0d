/* strace.h — the system-call log (`emu --strace`, `-o FILE`): one line per
 * call in real `strace -f`'s format, for both ABIs, driven by the signature
 * table strace_sig.inc.  Everything prints to proc->opts->log and only when
 * proc->opts->strace is set (the hooks check it themselves too).
 *
 * When each hook must be called:
 *
 *  trc_syscall_enter()  entry.c, before the handler runs, with the arguments
 *                       the table will see.  Input arguments (paths, write
 *                       buffers, execve's argv) are read here, before the
 *                       call can change or replace them.
 *  trc_syscall()        entry.c, after the handler returned, with its result;
 *                       prints the whole line.  For exit_group (and exit of
 *                       the only task) it prints "= ?" and then the
 *                       "+++ exited with N +++" line itself.
 *  trc_signal()         the signal code, when a signal is delivered to the
 *                       guest (to a handler, or for its default action:
 *                       before the process dies of it), with the siginfo in
 *                       the kernel's x86-64 layout (struct lx_siginfo: signo,
 *                       errno, code at 0/4/8; fields from 16).  Prints
 *                       "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR,
 *                       si_addr=0x10} ---".
 *  trc_exit()           when a task has finished for good, with its wait
 *                       status: "+++ exited with N +++" or "+++ killed by
 *                       SIGSEGV (core dumped) +++".  Call it once per task
 *                       (the last task of a process with the process's
 *                       status); a repeat after exit_group's own line is
 *                       ignored.
 *  trc_set_multi()      the process code, as soon as a process has more than
 *                       one task or a child process exists (after clone/fork,
 *                       in both parent and child): from then on every line
 *                       starts with "[pid N] ".
 *
 * proc->trc_flags holds the log's state of a process; a forked child keeps
 * its copy, and execve must keep it (TRC_STARTED: the first line of a
 * process is the execve that started it, which the log prints itself before
 * the first other line, read from the initial stack).
 *
 * The vDSO's time functions make no system call (src/syscall/vdso_time.c):
 * as under native strace, they are not in the log (unless --vdso=syscall).
 *
 *  trc_filter_*()       strace_filter.c: the -e expressions (trace=, status=,
 *                       signal=); parse returns 0, or -1 with a message.
 */
#ifndef EMU_TRACE_STRACE_H
#define EMU_TRACE_STRACE_H

#include "../syscall/sys.h"

#define TRC_STARTED 1u /* the process's initial execve line is out */
#define TRC_MULTI   2u /* more than one task: "[pid N] " prefixes */
#define TRC_EXITED  4u /* exit_group's "+++ exited" line is out */

void trc_syscall_enter(struct task *t, enum abi abi, long nr, const char *name, const u64 *args);
void trc_syscall(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                 long ret);
void trc_signal(struct task *t, const void *lx_siginfo);
void trc_exit(struct task *t, int wait_status);
void trc_set_multi(struct proc *p);

int trc_filter_parse(const char *expr);
bool trc_filter_call(const char *name);
bool trc_filter_status(long ret);
bool trc_filter_signal(int sig);

#endif
