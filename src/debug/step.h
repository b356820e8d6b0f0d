/* step.h — emu's debugger core: where and why the guest stops, shared by
 * the interactive single-stepper (--step, step_cli.c) and the GDB remote
 * stub (-g PORT, gdbstub.c).
 *
 * The core is a CPU tracer (struct cpu_tracer, cpu.h): while a debugger is
 * on, cpu_run takes the traced loop, and the core's hooks see every
 * instruction before it runs, every exit of the CPU (system-call gates and
 * faults) and every re-entry.  A stop calls the front end's stop() right
 * there, synchronously, with the CPU state exactly as the user should see it
 * (pc = c->rip = the next instruction to run); the front end reads and
 * writes registers and memory, sets up how to resume (dbg_resume) and
 * returns.  Breakpoints are kept here, never written into guest memory.
 *
 *   stop point          when                          pc
 *   DBG_START           before the first instruction  the entry point
 *   DBG_STEP/BREAK      before an instruction         that instruction
 *   DBG_WATCH           after the accessing insn      the next instruction
 *   DBG_SYSCALL_ENTRY   at the gate, before the table past the syscall insn
 *                                                 (SYSENTER: the vDSO's landing
 *                                                 pad, as the kernel sets it)
 *   DBG_SYSCALL_RETURN  back from the kernel          where user code resumes
 *   DBG_SIGNAL          a CPU fault, before the       the faulting insn (or past
 *                       signal is delivered           a trap: int3)
 *
 * One task is debugged: the first one to run (the leader).  Other threads,
 * forked children and a debugger-less execve run on without stopping. */
#ifndef EMU_STEP_H
#define EMU_STEP_H

#include "../common.h"

struct cpu;
struct task;
struct sym_table;

enum dbg_why {
  DBG_NONE,
  DBG_START,
  DBG_STEP,
  DBG_BREAK,
  DBG_WATCH,
  DBG_INTR,
  DBG_SYSCALL_ENTRY,
  DBG_SYSCALL_RETURN,
  DBG_SIGNAL,
};

enum dbg_wkind { DBG_WP_WRITE = 2, DBG_WP_READ = 3, DBG_WP_ACCESS = 4 }; /* as Z2/Z3/Z4 */

struct dbg_stop {
  enum dbg_why why;
  int bp;      /* DBG_BREAK: the breakpoint's number */
  u64 addr;    /* DBG_WATCH: the watched address that was hit */
  int kind;    /* DBG_WATCH: enum dbg_wkind */
  int sig;     /* DBG_SIGNAL: the host signal number the fault becomes */
  int abi;     /* DBG_SYSCALL_*: enum abi */
  long sysno;  /* DBG_SYSCALL_*: the number (orig_ax) */
  u64 args[6]; /* DBG_SYSCALL_ENTRY: the arguments as the table sees them */
};

enum dbg_run {
  DBG_RUN_CONT,    /* until a breakpoint, watchpoint, catchpoint or signal */
  DBG_RUN_STEP,    /* n instructions (then DBG_STEP) */
  DBG_RUN_SYSCALL, /* until the next system-call entry */
  DBG_RUN_FREE,    /* no more stops (detached): the program runs to its end */
};

struct dbg_frontend {
  /* The guest stopped: talk to the user, call dbg_resume, return. */
  void (*stop)(struct task *t, const struct dbg_stop *s);
  /* Called every few thousand instructions while the guest runs: true
   * interrupts it (DBG_INTR).  May be NULL. */
  bool (*poll)(void);
  /* The program ended with this wait status (after the last stop). */
  void (*exited)(int status);
};

/* Turn the debugger on (before the program runs). */
void dbg_enable(const struct dbg_frontend *fe);
/* True while a debugger is on in this process. */
bool dbg_active(void);
/* main.c: the program ended with wait status (emu_run's result). */
void dbg_finish(int status);

/* ---- for the front ends, inside stop() ---- */

/* How to go on when stop() returns; n counts instructions for
 * DBG_RUN_STEP.  deliver: a DBG_SIGNAL stop's signal reaches the guest
 * (false drops it, as ptrace's PTRACE_CONT with signal 0 does: a fault then
 * repeats unless the state was changed). */
void dbg_resume(enum dbg_run how, u64 n, bool deliver);

/* Breakpoints (numbered from 1; the numbers are never reused). */
int dbg_break_add(u64 addr);       /* its number, or -1 when full */
bool dbg_break_del(int num);       /* by number */
bool dbg_break_del_addr(u64 addr); /* the first at addr */
/* The i-th breakpoint (0-based): false past the last. */
bool dbg_break_get(int i, int *num, u64 *addr, u64 *hits);

/* Watchpoints: len 1..8 bytes at addr. */
bool dbg_watch_add(u64 addr, int len, int kind);
bool dbg_watch_del(u64 addr, int len, int kind);

/* System calls to stop at: on, and either all or the nr listed (ABI of the
 * debugged program's table). */
void dbg_catch_syscalls(bool on, bool all, const long *nrs, int n);

/* Guest memory through uaccess: bytes read (a short count stops at the first
 * unreadable page), and 0 or -EFAULT for writes. */
size_t dbg_mem_read(struct task *t, u64 addr, void *buf, size_t len);
int dbg_mem_write(struct task *t, u64 addr, const void *buf, size_t len);

/* orig_ax as the kernel's frame would show it: the number at a system-call
 * stop, else -1. */
u64 dbg_orig_ax(void);
void dbg_set_orig_ax(u64 v);

/* The program's symbols (loaded on first use; may be empty, never NULL
 * after a stop of a program whose file is readable). */
const struct sym_table *dbg_symbols(struct task *t);

/* The signal number gdb's remote protocol uses for a host signal (and
 * back): gdb/signals.def numbering. */
int dbg_gdb_signo(int host_sig);

/* ---- the --step command line (step_cli.c) ---- */
void step_cli_enable(void);

#endif
