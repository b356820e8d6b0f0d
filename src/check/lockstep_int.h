/* lockstep_int.h — state shared by lockstep.c (the two sides, one
 * instruction at a time) and lockstep_sys.c (system calls replayed from the
 * native side).  Private to src/check. */
#ifndef EMU_TRACE_LOCKSTEP_INT_H
#define EMU_TRACE_LOCKSTEP_INT_H

#include <capstone/capstone.h>
#include <sys/types.h>

#include "lockstep.h"
#include "../kernel/observe.h"

/* The flags the SDM leaves undefined after the instruction Capstone
 * decoded as ci (emu decoded it as d, about to run on c): Capstone's table
 * and the SDM's cases it lacks (lockstep.c; --lockstep=unicorn too). */
u64 lks_cs_undef(const cs_insn *ci, struct cpu *c, const struct insn *d);

struct lks {
  pid_t pid;          /* the native child (in our PID namespace) */
  int memfd;          /* its /proc/PID/mem (lks_nat_proc_path), or -1: writes go by ptrace */
  bool nat_peek_only; /* process_vm_readv is refused: reads by PTRACE_PEEKDATA */
  int selfmem;        /* /proc/self/mem: writes into emu's read-only guest pages */
  int mode;           /* 32 or 64 */
  bool setup;         /* the initial stacks are aligned */
  bool comparing;     /* still in step (false after a stop or a note) */
  bool native_gone;   /* the child exited */
  int native_status;
  unsigned long long count, limit;
  struct lks_map map;
  struct lks_state nat; /* native state after the last step */
  /* A system call in flight: the native side has run it. */
  struct {
    bool active, compare_after;
    long nr;
    const char *name;
    u64 args[6]; /* native arguments */
    long ret;    /* native result */
    bool brk_paired;
  } sys;
  char stopped_why[256]; /* why comparing ended early (not a difference) */
  /* A native single-step that ran two instructions (some hypervisors
   * deliver the trap one instruction late): emu runs the second one
   * without a native step, then both are compared again. */
  struct {
    bool pending;         /* the native side is one instruction ahead */
    u64 undef;            /* flags the first instruction left undefined */
    u64 ip;               /* the first instruction */
    unsigned long long n; /* how many times */
    u64 first_ip;
    unsigned long long skip_at; /* EMU_LOCKSTEP_SKIP_AT: simulate one at this count */
  } resync;
};
extern struct lks lks;

/* ---- the native child's memory and /proc (lockstep_nat.c) ---- */

/* Read the child's memory: bytes read (short at an unreadable page). */
size_t lks_nat_read(u64 addr, void *buf, size_t n);
/* Write it (read-only pages too): true when all of it was written. */
bool lks_nat_write(u64 addr, const void *buf, size_t n);
/* Find the child's directory in /proc, which may show another PID namespace
 * than ours; false when it cannot be found. */
bool lks_nat_find_proc(void);
/* "/proc/N/file" for the child into buf; false when its directory is unknown. */
bool lks_nat_proc_path(char *buf, size_t n, const char *file);

/* ---- lockstep.c ---- */

/* Run system call nr in the child (at its current rip, registers restored). */
long lks_nat_inject(long nr, const u64 a[6]);
/* Move the native mapping [na, na+len) to ea (mremap injected into the child;
 * through a free spot when the two overlap).  True when it is there. */
bool lks_nat_move(u64 na, u64 ea, u64 len);
/* Set the child's rax (a system call's result) and lks.nat's. */
void lks_nat_set_ax(u64 v);
/* Stop comparing (not a difference): kill the child, note why, emu goes on alone. */
void lks_stop_comparing(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A difference: print why, the recent instructions and both states; exit 1. */
NORETURN void lks_difference(struct cpu *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The system calls for --lockstep, as its observer serves them (lockstep_sys.c). */
long lks_sys(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
             const struct sys_desc *sd);
/* System calls the native side must not run under lockstep (fork, exec...). */
bool lks_sys_unsupported(enum abi abi, const char *name);

#endif
