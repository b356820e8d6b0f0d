/* strace.h — the system-call log (`emu --strace`, `-o FILE`): one line per
 * call in real `strace -f`'s format, for both ABIs, driven by the signature
 * columns of the calls' rows (src/abi/calls_*.inc).  Everything prints to proc->opts->log and only when
 * proc->opts->strace is set (the hooks check it themselves).
 *
 * The log watches the kernel model as an observer (src/kernel/observe.h):
 * trc_strace_attach() registers it, and the kernel model's events reach the
 * hooks below.  When each comes:
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
 *  trc_group_exit()     exit_group when other threads live and the process
 *                       ends inside the call: the call's "= ?", then for each
 *                       other thread (others[n]) its call in progress ended
 *                       "<... NAME resumed>) = ?" and its "+++ exited with N
 *                       +++", then this thread's (a thread whose own end
 *                       was logged already is not reported again).
 *  trc_state_save()     vmproc_clone, around a child that runs on the
 *  trc_state_restore()  parent's host thread: the parent's call in progress
 *                       is set aside and restored once the child is gone.
 *  trc_set_multi()      the process code, as soon as a process has more than
 *                       one task or a child process exists (after clone/fork,
 *                       in both parent and child): then the exit of one
 *                       thread is not the process's.  The "[pid N] " prefix
 *                       follows the count of live tasks of the whole tree
 *                       (trc_task_born, strace_log.c), as strace's does.
 *
 * proc->trc_flags holds the log's state of a process; a forked child keeps
 * its copy, and execve must keep it (TRC_STARTED: the first line of a
 * process is the execve that started it, which the log prints itself before
 * the first other line, read from the initial stack).
 *
 * The vDSO's time functions make no system call (src/kernel/vdso_time.c):
 * as under native strace, they are not in the log (unless --vdso=syscall).
 *
 *  trc_task_born()      the process code, in the parent, before a new task
 *                       (thread, forked or vfork'd child) can run; then
 *                       trc_task_unborn() if it could not be made.  The
 *                       count of live tasks is the whole tree's
 *                       (strace_log.c); trc_exit() counts a task gone.
 *  trc_board_fd()       the descriptor of that shared count, for the emu of
 *                       a guest's execve (--strace-board FD), which calls
 *                       trc_board_attach() before its first line.
 *  trc_exec_args()      a guest's execve: the log's options for the new emu
 *                       (strace_style.c), through push.
 *
 *  trc_filter_*()       strace_filter.c: the -e expressions (trace=, status=,
 *                       signal=); parse returns 0, or -1 with a message.
 *
 * How the lines look is strace's options (struct trc_style, set by main.c
 * before the guest starts and the same for every task of the tree; an
 * execve's emu gets them again through trc_style_argv): timestamps at the
 * start of each line (-t, -tt, -ttt, -r), the time spent in each call (-T),
 * descriptors with their paths (-y), the length of strings (-s N), and the
 * summary table instead of, or after, the lines (-c, -C: strace_count.c).
 */
#ifndef EMU_TRACE_STRACE_H
#define EMU_TRACE_STRACE_H

#include "../kernel/kernel.h"

#define TRC_STARTED 1u /* the process's initial execve line is out */
#define TRC_MULTI   2u /* more than one task or a child: exit is a thread's */
#define TRC_EXITED  4u /* exit_group's "+++ exited" line is out */

/* Register the log with the kernel model (emu_set_strace). */
void trc_strace_attach(void);

void trc_syscall_enter(struct task *t, enum abi abi, long nr, const char *name, const u64 *args);
void trc_syscall(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                 long ret);
void trc_signal(struct task *t, const struct lx_siginfo *si);
void trc_exit(struct task *t, int wait_status);
void trc_set_multi(struct proc *p);
void trc_group_exit(struct task *t, int code, struct task *const *others, int n);
void *trc_state_save(struct task *t);
void trc_state_restore(void *saved);
void trc_task_born(struct task *parent);
void trc_task_unborn(struct task *parent);
int trc_board_fd(void);
int trc_board_attach(int fd);
long trc_exec_args(struct task *t, long (*push)(void *ctx, const char *arg), void *ctx);

/* strace_log.c: writing the lines (used by strace.c).  An entry is written
 * when the call enters (trc_log_entry), the rest when it returns
 * (trc_log_exit: line is the whole text up to ")", entry_len how much of it
 * was written at entry, res what follows " = "); other lines whole. */
void trc_log_entry(struct task *t, const char *text);
void trc_log_exit(struct task *t, const char *name, const char *line, size_t entry_len,
                  bool entry_written, const char *res);
void trc_log_line(struct task *t, const char *text);
/* Each process writes a log of its own (--compare): an open line is kept
 * per process, not on the shared board. */
void trc_log_private(void);
void trc_log_gone(struct task *t, const char *text);

/* strace's options that shape the log. */
struct trc_style {
  u8 stamp;    /* -t 1 (%H:%M:%S), -tt 2 (and microseconds), -ttt 3 (epoch seconds) */
  bool rel;    /* -r: the time since the previous line's, on the monotonic clock */
  bool took;   /* -T: " <seconds>" spent in the call, after its result */
  bool paths;  /* -y: a descriptor with its path, 3</etc/passwd> */
  u8 count;    /* -c 1: only the summary table; -C 2: the lines and the table */
  int strsize; /* -s N: the bytes of a string shown (0: strace's default, 32) */
  u64 exec_ns; /* when the execve that started this program entered (monotonic) */
  bool exec32; /* that execve was i386 code's (a guest's: 32-bit, as -c counts it) */
};
extern struct trc_style trc_style;
/* Parse one of the options above (argv[*i], with its value argv[*i + 1] for
 * -s N); returns 1 taken, 0 not one of them, -1 bad (with a message). */
int trc_style_opt(int argc, char **argv, int *i);
/* The options again, for the emu of a guest's execve (with when and from
 * which ABI this thread's execve entered); returns how many of out[n][32]
 * were filled. */
int trc_style_argv(char out[][32], int n);
/* The monotonic clock, in nanoseconds. */
u64 trc_now_ns(void);
/* When this thread's call in progress entered, and whether it is i386's
 * (for the execve's emu). */
u64 trc_call_start_ns(void);
bool trc_call_m32(void);

/* strace_count.c: -c and -C.  Every call that returned, of the traced
 * calls (-e trace=), counted on the board with its time; the table printed
 * when the last task of the tree is gone (trc_count_report, under the
 * board's lock). */
void trc_count_call(enum abi abi, long order, const char *name, long ret, u64 ns);
void trc_count_report(FILE *f);
size_t trc_count_bytes(void);
/* The board's room for the counts (strace_log.c). */
void *trc_board_counts(void);
void trc_board_lock(void);
void trc_board_unlock(void);

/* -e EXPR: 0, or -1 with a message; the expressions taken (the first 8,
 * kept for the emu of a guest's execve). */
int trc_filter_parse(const char *expr);
int trc_filter_exprs(const char *const **out);
bool trc_filter_call(const char *name);
bool trc_filter_status(long ret);
bool trc_filter_signal(int sig);
bool trc_filter_status_all(void);

#endif
