/* kernel.h — the kernel model: processes, tasks, the CPU loop, the entry
 * model and what the rest of emu asks of them.
 *
 * A proc is a guest process (address space, program, signal actions); a task
 * is one guest thread, with its own CPU state.  task_run() is the CPU loop:
 * it runs the CPU and switches on why it stopped (QEMU cpu_loop); a system
 * call goes through the entry model (entry.c) to the ABI tables (src/abi)
 * and the ABI-neutral host services (src/syscall), or the model's own calls
 * (signals, fork/exec/threads, futex: src/kernel).  The tools that watch the
 * model register with it through observe.h.
 */
#ifndef EMU_KERNEL_H
#define EMU_KERNEL_H

#include <limits.h>
#include <stdio.h>

#include "../abi/abi.h"
#include "../common.h"
#include "../cpu/cpu.h"
#include "../mem/mem.h"
#include "sig_types.h"

struct emu_opts {
  int strace;    /* log system calls */
  int log_unimp; /* -d unimp: report unimplemented system calls */
  FILE *log;     /* where traces go (stderr by default) */
  /* Process creation (sys_exec.c, sys_thread.c): execve re-runs emu itself. */
  bool nested;             /* started by a guest's execve (emu_run ends the process) */
  char self_exe[PATH_MAX]; /* emu's own binary, resolved at start-up ("" = /proc/self/exe) */
  int top_pid;             /* the emu process whose emu_run returns to main (which reports
                              to a debugger first); every other one ends in emu_run */
  int vsyscall;            /* the kernel's vsyscall= mode for x86-64 programs (vsyscall.c) */
  char *const *host_env;   /* emu's own environment as it started: execve re-runs emu with
                              it, never with the guest's (sys_exec.c) */
};

/* The kernel's vsyscall= boot parameter (arch/x86/entry/vsyscall/vsyscall_64.c):
 * NONE, Debian's configured default (CONFIG_LEGACY_VSYSCALL_NONE), and emu's;
 * XONLY, mainline's default: calls into the page are emulated, reads fault. */
enum { VSYSCALL_NONE, VSYSCALL_XONLY };

/* For main.c (emu.c): mark this emu as started by a guest's execve. */
struct emu;
void emu_set_nested(struct emu *e, int on);
/* --rlimits TEXT (mm_rlimit_parse): the guest's limits handed over by the
 * emu whose guest called execve; -1 on bad text. */
int emu_set_rlimits(struct emu *e, const char *text);
/* emu's own environment, saved before anything changed it (emu_opts.host_env). */
void emu_set_host_env(struct emu *e, char *const *env);
/* --vsyscall=MODE: "none" or "xonly"; -1 for any other word. */
int emu_set_vsyscall(struct emu *e, const char *mode);

/* vsyscall.c: a fault on the vsyscall page that the kernel emulates as a
 * call (true: handled, registers or a queued signal say how); the
 * [vsyscall] line of /proc/self/maps, if the process has the page. */
struct task;
struct pt_slot;
bool vsyscall_emulate(struct task *t);
size_t vsyscall_maps_line(const struct task *t, char *buf, size_t size);
/* AT_EXECFN and the process name when they are not the loaded path (a
 * script run through its interpreter). */
void emu_set_execfn(struct emu *e, const char *execfn);

struct proc {
  struct mm *mm;
  int bits;           /* 32 or 64: the ELF class */
  char exe[PATH_MAX]; /* absolute host path of the guest program (/proc/self/exe) */
  char *cmdline;      /* argv joined with NULs (/proc/self/cmdline) */
  size_t cmdline_len;
  size_t env_len;   /* bytes of envp strings, below AT_EXECFN's (/proc/self/environ) */
  u64 auxv[64];     /* the auxiliary vector given to the program (/proc/self/auxv) */
  int nauxv;        /* entries (pairs) including AT_NULL */
  u64 vdso;         /* base of the [vdso] mapping */
  u64 vdso_landing; /* i386: where SYSENTER returns (int80_landing_pad) */
  u64 vdso_service; /* the vDSO's instruction that asks emu the time (vdso_time.c) */
  struct lx_sigaction sigact[65];
  struct sig_proc sig; /* signal.c */
  const struct emu_opts *opts;
  unsigned trc_flags;      /* the system-call log's state (TRC_* in src/strace/strace.h) */
  struct thread_group *tg; /* the process's threads (sys_thread.c); NULL: just one */
};

/* The saved user registers on kernel entry, in the order of the kernel's
 * struct pt_regs (arch/x86/include/asm/ptrace.h).  System calls that change
 * user registers (sigreturn, execve) change the frame; the exit path
 * restores the CPU from it. */
struct pt_regs {
  u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
  u64 orig_ax; /* system-call number on entry, -1 otherwise */
  u64 ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct pt_regs) == 21 * 8, "pt_regs is 21 words");

struct task {
  struct cpu cpu;
  struct pt_regs *regs; /* the entry frame while a system call runs, else NULL */
  enum abi abi;         /* the table the current system call came through */
  struct proc *proc;
  int tid;
  u64 sigmask;
  struct lx_stack altstack; /* sigaltstack */
  struct sig_task sig;      /* pending signals, restart state (signal.c) */
  u64 set_child_tid, clear_child_tid;
  u64 robust_list, robust_len;
  u64 rseq, rseq_len;
  bool exiting;
  bool thread_exit;        /* exiting through exit(2): this thread only (sys_thread.c) */
  bool sysret;             /* the last system call returned with SYSRET (else IRET) */
  u8 ptrace;               /* PT_* (ptrace.h): traced, and how it stops */
  struct pt_slot *pt_slot; /* its channel to its tracer while traced (ptrace.c) */
  int exit_status;         /* wait status as the kernel encodes it (code << 8, or signal) */
  void *trc_call;          /* the system-call log's state of this task's thread (strace.c) */
  bool trc_gone;           /* the log has counted this task gone (strace_log.c) */
};

/* Run the task until the process exits; returns the wait status. */
int task_run(struct task *t);
/* The sanitizer build: a host stack the sanitizer does not know (a vfork
 * child's, which runs on its parent's TLS), from lo up, or NULL; task_run
 * clears its shadow below itself after each return from cpu_run, whose
 * siglongjmp leaves the frames it abandons poisoned there.  Returns the
 * previous value.  A no-op in other builds. */
void *task_foreign_stack(void *lo);

/* The entry model: serve the system call the CPU stopped for. */
void sys_entry(struct task *t, int stop);

/* --strace: signals the guest ignores (SIG_IGN, or a default action of
 * ignoring) are caught on the host all the same, so the log shows them as
 * strace shows them, then dropped as the kernel drops them (signal.c).  An
 * ignored SIGCHLD stays the host's (it reaps children).  Around a host
 * execve the ignored ones are the host's again, so the new emu finds them. */
void sig_host_show_ignored(bool on);
void sig_host_exec_prepare(const struct proc *p);
void sig_host_exec_undo(const struct proc *p);
/* The host's signals, through the raw calls (glibc's wrappers hide 32 and
 * 33, which are the guest's too; signal.c): the default action for sig,
 * unblocked (to die of it); whether the host ignores sig (exec carries
 * SIG_IGN over); the calling thread's host mask, as a kernel sigset. */
void sig_host_default(int sig);
bool sig_host_ignored(int sig);
u64 sig_host_get_mask(void);
/* AT_MINSIGSTKSZ for either ABI: the kernel's bound on the signal frames
 * it writes (get_sigframe_size), computed over the frames emu writes
 * (signal_x86_64.c). */
u64 sig_frame_max(void);

/* do_open_execat()'s checks of a file to run (a regular file, execute
 * permission, not on a noexec mount): 0 or -errno, for emu's command line. */
long exec_check_file(const char *path);

/* What execve's binary handlers make of a file's first n bytes (sys_exec.c):
 * 0 for an ELF (ldr_check() has the ELF loader's checks), 1 for a "#!" script (its interpreter and
 * optional argument filled in, as fs/binfmt_script.c splits the line), or
 * -ENOEXEC. */
int exec_classify(const char *head, size_t n, char *interp, size_t isize, char *arg, size_t asize,
                  bool *has_arg);

/* The --exec-args descriptor a guest's execve hands the new emu (sys_exec.c):
 * read it, close it, and give the guest's argv (argc >= 1) and envp,
 * allocated for the whole run.  0, or -EINVAL when fd holds no such data. */
int exec_args_read(int fd, char ***argv, int *argc, char ***envp);

/* --ptrace FD:SLOT: this emu runs the program a traced task's execve
 * started; it takes over the task's place with its tracer (ptrace.c).
 * 0, or -1 when the argument names no such place. */
int ptrace_exec_attach(const char *arg);

/* Report a fatal signal for the process and finish it (default action). */
void task_die_signal(struct task *t, int sig, int si_code, u64 addr);

/* Thread and process lifetime (sys_thread.c).  exit(2) ends the calling
 * thread only; exit_group(2) and a fatal signal end every thread.  When the
 * leader's task_run returns, task_leader_done() waits for the other threads
 * (exit) or ends them (exit_group) and gives the process's wait status. */
long task_exit_thread(struct task *t, int code);
long task_exit_group(struct task *t, int code);
int task_leader_done(struct task *t);
/* End the whole host process with a guest wait status: exit code, or the
 * guest's fatal signal, which emu dies of (a shell sees 128+sig), after the
 * logs are flushed. */
NORETURN void proc_terminate(struct proc *p, int status);
/* Die of sig as the default action does, without a core dump of emu's own. */
NORETURN void proc_die_of_signal(int sig);

/* Names for traces: the table's name for nr, or NULL. */
const char *sys_name(enum abi abi, long nr);

/* The waits of the host services that take a signal mask (ppoll, pselect,
 * epoll_pwait; sys_signal.c): install it for the wait, and what is pending
 * already; then restore per the result. */
bool sig_wait_begin(struct task *t, const u64 *mask, u64 *hmask);
void sig_wait_end(struct task *t, const u64 *mask, long ret);

/* The vDSO's question at emu_vdso_service, answered without a kernel entry
 * (vdso_time.c): true when the stopped instruction was it. */
bool vdso_serve(struct task *t);

/* For handlers: the task's address space. */
#define MM(t) ((t)->proc->mm)

#endif
