/* step.c — the debugger core (see step.h): a CPU tracer whose hooks decide
 * where the debugged guest stops — before an instruction (start, step,
 * breakpoint, watchpoint, interrupt), at a system-call gate (entry and
 * return) and at a CPU fault before its signal — and hand each stop to the
 * front end (step_cli.c for --step, gdbstub.c for -g).  Breakpoints and
 * watchpoints live here, never in guest memory.  The stops mirror what
 * ptrace shows a debugger: PTRACE_SINGLESTEP, PTRACE_SYSCALL's entry and
 * exit stops, the signal-delivery stop of a fault (with the signal dropped
 * unless the debugger passes it on), and a watchpoint trap after the access.
 *
 * It chains to the tracer that was set before it (--trace), so both work
 * together. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "step.h"
#include "symbols.h"
#include "../cpu/insn.h"
#include "../mem/mem.h"
#include "../kernel/kernel.h"

#define MAX_BPS    256
#define MAX_WPS    16
#define MAX_SYSNR  2048
#define POLL_EVERY 4096 /* instructions between two polls for an interrupt */

struct bp {
  int num;
  u64 addr;
  u64 hits;
};

struct wp {
  u64 addr;
  int len, kind;
  u8 old[8];
  bool valid; /* old holds the bytes (the range was readable) */
};

static struct {
  const struct dbg_frontend *fe;
  const struct cpu_tracer *next; /* the tracer before us (--trace), or NULL */
  bool on;
  int pid;         /* the debugging process (a forked child does not stop) */
  bool other_proc; /* this process is a fork of it */
  struct cpu *cpu; /* the debugged CPU: the first one to run */
  bool started;
  enum dbg_run run;
  u64 count;      /* DBG_RUN_STEP: instructions left */
  bool deliver;   /* set by dbg_resume for a DBG_SIGNAL stop */
  bool drop;      /* the fault just reported is not to be delivered */
  bool skip_once; /* the next check at skip_ip does not stop (restart there) */
  u64 skip_ip;
  bool mem_written; /* the front end wrote guest memory during the stop */
  u64 orig_ax;
  unsigned tick;
  bool in_syscall;     /* the CPU left through a gate: the next entry is its return */
  struct dbg_stop sys; /* that call */
  bool catch_on, catch_all;
  u8 catch_set[MAX_SYSNR / 8];
  struct bp bps[MAX_BPS];
  int nbps, next_num;
  struct wp wps[MAX_WPS];
  int nwps;
  bool read_wps;           /* some watchpoint is a read or access one */
  struct dbg_stop pending; /* a read/access hit by the instruction that runs now */
  struct sym_table *syms;
  bool syms_loaded;
} dbg = {.orig_ax = ~0ull, .next_num = 1};

bool dbg_active(void) { return dbg.on && !dbg.other_proc; }

static inline bool mine(const struct cpu *c) {
  return dbg.on && c == dbg.cpu && !dbg.other_proc && dbg.run != DBG_RUN_FREE;
}

/* ---- front-end services ---- */

void dbg_resume(enum dbg_run how, u64 n, bool deliver) {
  dbg.run = how;
  dbg.count = n ? n : 1;
  dbg.deliver = deliver;
}

int dbg_break_add(u64 addr) {
  if (dbg.nbps >= MAX_BPS) return -1;
  struct bp *b = &dbg.bps[dbg.nbps++];
  b->num = dbg.next_num++;
  b->addr = addr;
  b->hits = 0;
  return b->num;
}

static void bp_remove(int i) {
  memmove(&dbg.bps[i], &dbg.bps[i + 1], (dbg.nbps - i - 1) * sizeof dbg.bps[0]);
  dbg.nbps--;
}

bool dbg_break_del(int num) {
  for (int i = 0; i < dbg.nbps; i++) {
    if (dbg.bps[i].num == num) {
      bp_remove(i);
      return true;
    }
  }
  return false;
}

bool dbg_break_del_addr(u64 addr) {
  for (int i = 0; i < dbg.nbps; i++) {
    if (dbg.bps[i].addr == addr) {
      bp_remove(i);
      return true;
    }
  }
  return false;
}

bool dbg_break_get(int i, int *num, u64 *addr, u64 *hits) {
  if (i < 0 || i >= dbg.nbps) return false;
  *num = dbg.bps[i].num;
  *addr = dbg.bps[i].addr;
  *hits = dbg.bps[i].hits;
  return true;
}

static void wp_snap(struct wp *w) {
  struct cpu *c = dbg.cpu;
  w->valid = c && copy_from_user(c->mm, w->old, w->addr, w->len) == 0;
}

static void update_read_wps(void) {
  dbg.read_wps = false;
  for (int i = 0; i < dbg.nwps; i++)
    if (dbg.wps[i].kind != DBG_WP_WRITE) dbg.read_wps = true;
}

bool dbg_watch_add(u64 addr, int len, int kind) {
  if (dbg.nwps >= MAX_WPS || len < 1 || len > 8) return false;
  struct wp *w = &dbg.wps[dbg.nwps++];
  w->addr = addr;
  w->len = len;
  w->kind = kind;
  wp_snap(w);
  update_read_wps();
  return true;
}

bool dbg_watch_del(u64 addr, int len, int kind) {
  for (int i = 0; i < dbg.nwps; i++) {
    struct wp *w = &dbg.wps[i];
    if (w->addr == addr && w->len == len && w->kind == kind) {
      memmove(w, w + 1, (dbg.nwps - i - 1) * sizeof *w);
      dbg.nwps--;
      update_read_wps();
      return true;
    }
  }
  return false;
}

void dbg_catch_syscalls(bool on, bool all, const long *nrs, int n) {
  dbg.catch_on = on;
  dbg.catch_all = all;
  memset(dbg.catch_set, 0, sizeof dbg.catch_set);
  for (int i = 0; i < n; i++)
    if (nrs[i] >= 0 && nrs[i] < MAX_SYSNR) dbg.catch_set[nrs[i] / 8] |= (u8)(1u << (nrs[i] % 8));
}

static bool catching(long nr) {
  if (!dbg.catch_on) return false;
  if (dbg.catch_all) return true;
  return nr >= 0 && nr < MAX_SYSNR && (dbg.catch_set[nr / 8] >> (nr % 8) & 1);
}

size_t dbg_mem_read(struct task *t, u64 addr, void *buf, size_t len) {
  const struct mm *mm = t->cpu.mm;
  if (copy_from_user(mm, buf, addr, len) == 0) return len;
  /* Page by page up to the first unreadable one. */
  size_t done = 0;
  while (done < len) {
    u64 a = addr + done;
    size_t n = PAGE_UP(a + 1) - a;
    if (n > len - done) n = len - done;
    if (copy_from_user(mm, (u8 *)buf + done, a, n)) break;
    done += n;
  }
  return done;
}

int dbg_mem_write(struct task *t, u64 addr, const void *buf, size_t len) {
  int r = copy_to_user(t->cpu.mm, addr, buf, len);
  if (r == 0 && len) dbg.mem_written = true;
  return r;
}

u64 dbg_orig_ax(void) { return dbg.orig_ax; }
void dbg_set_orig_ax(u64 v) { dbg.orig_ax = v; }

const struct sym_table *dbg_symbols(struct task *t) {
  if (!dbg.syms_loaded && t && t->proc) {
    dbg.syms_loaded = true;
    u64 entry = 0;
    for (int i = 0; i < t->proc->nauxv; i++)
      if (t->proc->auxv[2 * i] == 9 /* AT_ENTRY */) entry = t->proc->auxv[2 * i + 1];
    dbg.syms = sym_load(t->proc->exe, entry);
  }
  return dbg.syms;
}

int dbg_gdb_signo(int sig) {
  /* gdb/signals.def: 1-6, 8, 9, 11, 13-15 agree with Linux. */
  switch (sig) {
  case SIGBUS: return 10;
  case SIGUSR1: return 30;
  case SIGUSR2: return 31;
  case SIGCHLD: return 20;
  case SIGCONT: return 19;
  case SIGSTOP: return 17;
  case SIGTSTP: return 18;
  case SIGTTIN: return 21;
  case SIGTTOU: return 22;
  case SIGURG: return 16;
  case SIGXCPU: return 24;
  case SIGXFSZ: return 25;
  case SIGVTALRM: return 26;
  case SIGPROF: return 27;
  case SIGWINCH: return 28;
  case SIGIO: return 23;
  case SIGPWR: return 32;
  case SIGSYS: return 12;
  default: return sig >= 1 && sig <= 15 ? sig : 0;
  }
}

/* ---- stops ---- */

static void do_stop(struct cpu *c, struct dbg_stop *s) {
  dbg.run = DBG_RUN_CONT;
  dbg.count = 1;
  dbg.deliver = true;
  dbg.mem_written = false;
  dbg.pending.why = DBG_NONE;
  dbg.fe->stop(c->owner, s);
  /* The front end may have written the watched bytes. */
  for (int i = 0; i < dbg.nwps; i++) wp_snap(&dbg.wps[i]);
}

/* A write (or access) watchpoint whose bytes changed since the last look:
 * the instruction that just ran wrote them. */
static bool watch_changed(struct cpu *c, struct dbg_stop *s) {
  for (int i = 0; i < dbg.nwps; i++) {
    struct wp *w = &dbg.wps[i];
    if (w->kind == DBG_WP_READ) continue;
    u8 now[8];
    bool ok = copy_from_user(c->mm, now, w->addr, w->len) == 0;
    if (ok == w->valid && (!ok || !memcmp(now, w->old, w->len))) continue;
    w->valid = ok;
    if (ok) memcpy(w->old, now, w->len);
    s->why = DBG_WATCH;
    s->addr = w->addr;
    s->kind = w->kind;
    return true;
  }
  return false;
}

/* Read and access watchpoints: the memory the instruction about to run
 * reads — its ModRM or moffs operand, a string instruction's sources, a
 * pop's stack slot.  The stop comes before the next instruction, after the
 * access, as the hardware's data breakpoint traps. */
static void note_reads(struct cpu *c, const struct insn *d) {
  u64 a[3];
  int sz[3], n = 0;
  int stack = c->mode == 64 ? 8 : 4;
  if (d->map == 0 && d->op >= 0xa0 && d->op <= 0xa3) {
    a[n] = d->imm + c->seg_base[d->seg == SEG_NONE ? SEG_DS : d->seg];
    sz[n++] = d->opsz;
  } else if (d->mod != 3 && d->fn && (d->base != NOREG || d->index != NOREG || d->disp)) {
    a[n] = insn_ea(c, d);
    sz[n++] = d->map ? 16 : d->opsz; /* SSE operands: up to 16 bytes */
  }
  if (d->map == 0) {
    u8 op = d->op;
    if ((op >= 0x58 && op <= 0x5f) || op == 0x8f || op == 0xc3 || op == 0xc2 || op == 0x9d) {
      a[n] = c->r[R_SP];
      sz[n++] = stack;
    }
    if (op == 0xa4 || op == 0xa5 || op == 0xa6 || op == 0xa7 || op == 0xac || op == 0xad) {
      a[n] = c->r[R_SI] + c->seg_base[d->seg == SEG_NONE ? SEG_DS : d->seg];
      sz[n++] = d->opsz;
    }
  }
  for (int i = 0; i < n; i++) {
    u64 lo = c->mode == 32 ? (u32)a[i] : a[i];
    for (int k = 0; k < dbg.nwps; k++) {
      const struct wp *w = &dbg.wps[k];
      if (w->kind == DBG_WP_WRITE) continue;
      if (lo < w->addr + w->len && w->addr < lo + (u64)sz[i]) {
        dbg.pending.why = DBG_WATCH;
        dbg.pending.addr = w->addr;
        dbg.pending.kind = w->kind;
        return;
      }
    }
  }
}

static int bp_at(u64 ip) {
  for (int i = 0; i < dbg.nbps; i++) {
    if (dbg.bps[i].addr == ip) {
      dbg.bps[i].hits++;
      return dbg.bps[i].num;
    }
  }
  return 0;
}

/* Before the instruction at c->ip (c->rip is already past it). */
static void check_before(struct cpu *c, const struct insn *d) {
  struct dbg_stop s = {.why = DBG_NONE};
  dbg.orig_ax = ~0ull;
  if (dbg.skip_once && c->ip == dbg.skip_ip) {
    dbg.skip_once = false; /* resumed here after a stop: run it */
  } else if (!dbg.started) {
    dbg.started = true;
    s.why = DBG_START;
  } else if (dbg.pending.why) {
    s = dbg.pending;
  } else if (dbg.nwps && watch_changed(c, &s)) {
    /* s filled */
  } else if (dbg.run == DBG_RUN_STEP && --dbg.count == 0) {
    s.why = DBG_STEP;
  } else if (dbg.nbps && (s.bp = bp_at(c->ip)) > 0) {
    s.why = DBG_BREAK;
  } else if (dbg.fe->poll && ++dbg.tick % POLL_EVERY == 0 && dbg.fe->poll()) {
    s.why = DBG_INTR;
  }
  dbg.pending.why = DBG_NONE;
  if (s.why) {
    u64 ip = c->ip, next = c->rip;
    c->rip = ip; /* what the user sees: the instruction has not run */
    do_stop(c, &s);
    if (c->rip != ip || dbg.mem_written) {
      /* A new pc, or code that may have changed: leave the decoded block
       * and start again at c->rip, without stopping there at once. */
      dbg.skip_once = true;
      dbg.skip_ip = c->rip;
      cpu_trap(c, STOP_BUDGET);
    }
    c->rip = next;
    if (dbg.run == DBG_RUN_FREE) return;
  }
  if (dbg.read_wps) note_reads(c, d);
}

/* The signal the kernel sends for a CPU stop (task.c cpu_fault, entry.c). */
static int fault_sig(const struct cpu *c, int stop) {
  switch (stop) {
  case STOP_PAGEFAULT: return c->fault_sig ? c->fault_sig : SIGSEGV;
  case STOP_UD:
  case STOP_SYSENTER: return SIGILL;
  case STOP_DE:
  case STOP_MF:
  case STOP_XM: return SIGFPE;
  case STOP_BP:
  case STOP_DB: return SIGTRAP;
  default: return SIGSEGV;
  }
}

/* Fill s with the system call the CPU stopped for; false when the stop is
 * no system call (a fault, another vector, SYSENTER without the vDSO). */
static bool syscall_of(struct cpu *c, int stop, struct dbg_stop *s) {
  const struct task *t = c->owner;
  if (stop == STOP_SYSCALL) {
    static const int arg[6] = {R_DI, R_SI, R_DX, R_R10, R_R8, R_R9};
    s->abi = ABI_X86_64;
    s->sysno = (int)c->r[R_AX];
    for (int i = 0; i < 6; i++) s->args[i] = c->r[arg[i]];
    return true;
  }
  bool int80 = stop == STOP_INT && c->trapno == 0x80;
  bool sysenter = stop == STOP_SYSENTER && c->mode == 32 && t && t->proc->vdso_landing;
  if (!int80 && !sysenter) return false;
  static const int arg[6] = {R_BX, R_CX, R_DX, R_SI, R_DI, R_BP};
  s->abi = ABI_I386;
  s->sysno = (u32)c->r[R_AX];
  for (int i = 0; i < 6; i++) s->args[i] = (u32)c->r[arg[i]];
  if (sysenter) {
    /* __kernel_vsyscall pushed ebp and moved esp into it. */
    u32 bp;
    if (copy_from_user(c->mm, &bp, (u32)c->r[R_BP], 4) == 0) s->args[5] = bp;
  }
  return true;
}

/* ---- the tracer ---- */

static void hook_enter(struct cpu *c) {
  if (dbg.next) dbg.next->enter(c);
  if (!dbg.on) return;
  if (!dbg.cpu) {
    dbg.cpu = c; /* the first CPU to run is the program's */
    for (int i = 0; i < dbg.nwps; i++) wp_snap(&dbg.wps[i]);
  }
  if (c != dbg.cpu) return;
  if (!dbg.other_proc && getpid() != dbg.pid) dbg.other_proc = true; /* a fork */
  if (!mine(c) || !dbg.in_syscall) return;
  dbg.in_syscall = false;
  if (catching(dbg.sys.sysno)) {
    struct dbg_stop s = dbg.sys;
    s.why = DBG_SYSCALL_RETURN;
    dbg.orig_ax = (u64)s.sysno;
    do_stop(c, &s);
  }
}

static void hook_before(struct cpu *c, const struct insn *d) {
  if (mine(c)) check_before(c, d);
  if (dbg.next) dbg.next->before(c, d);
}

static void hook_after(struct cpu *c) {
  if (dbg.next) dbg.next->after(c);
}

static void hook_leave(struct cpu *c, int stop) {
  if (dbg.next) dbg.next->leave(c, stop);
  dbg.drop = false;
  if (!mine(c) || stop == STOP_BUDGET) return;
  struct dbg_stop s = {.why = DBG_NONE};
  if (syscall_of(c, stop, &s)) {
    /* do_fast_syscall_32 sets the frame's ip to the vDSO's landing pad
     * before the entry stop: the debugger sees where the call returns,
     * not the int $0x80 after SYSENTER (entry_sysenter32 returns there). */
    if (stop == STOP_SYSENTER) c->rip = ((struct task *)c->owner)->proc->vdso_landing;
    dbg.in_syscall = true;
    dbg.sys = s;
    dbg.orig_ax = (u64)s.sysno;
    if (dbg.run == DBG_RUN_SYSCALL || catching(s.sysno)) {
      s.why = DBG_SYSCALL_ENTRY;
      do_stop(c, &s);
    }
    return;
  }
  s.why = DBG_SIGNAL;
  s.sig = fault_sig(c, stop);
  do_stop(c, &s);
  dbg.drop = !dbg.deliver;
}

static int hook_filter(struct cpu *c, int stop) {
  if (dbg.next && dbg.next->filter) stop = dbg.next->filter(c, stop);
  if (dbg.drop && c == dbg.cpu) {
    dbg.drop = false;
    return STOP_BUDGET; /* the fault's signal is dropped: run on from c->rip */
  }
  return stop;
}

static const struct cpu_tracer dbg_tracer = {
    .enter = hook_enter,
    .before = hook_before,
    .after = hook_after,
    .leave = hook_leave,
    .filter = hook_filter,
};

void dbg_enable(const struct dbg_frontend *fe) {
  if (dbg.on) return;
  dbg.fe = fe;
  dbg.on = true;
  dbg.pid = getpid();
  dbg.run = DBG_RUN_CONT;
  if (cpu_tracer != &dbg_tracer) dbg.next = cpu_tracer;
  cpu_tracer = &dbg_tracer;
}

void dbg_finish(int status) {
  if (!dbg.on || dbg.other_proc || getpid() != dbg.pid) return;
  if (dbg.fe->exited) dbg.fe->exited(status);
}
