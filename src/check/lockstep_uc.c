/* lockstep_uc.c — `emu --lockstep=unicorn`: a second CPU as the oracle.
 * Every instruction the program runs is run twice from the same state:
 * first by Unicorn (QEMU's TCG) on a copy of struct cpu, sharing the guest's
 * memory, with each write it makes recorded and then undone; then by emu's
 * interpreter.  After it, the two register files (general registers, rip,
 * the flags the SDM defines for the instruction, segment bases, XMM, MXCSR,
 * x87) and the bytes Unicorn wrote are compared, and emu stops at the first
 * difference with both states, as --lockstep does against the native CPU.
 * An instruction that stops the CPU (a system call, INT, a fault) must stop
 * both alike.  Each instruction starts from emu's state, so the kernel's
 * work between instructions (system calls, signal delivery) needs no
 * replay, and the comparison works for i386 programs on hosts that cannot
 * run them natively.
 *
 * Not compared (documented in README, with Unicorn's known deviations):
 * what CPUID, XGETBV, RDTSC(P), RDRAND and RDSEED return (each CPU
 * answers its own); the x87 results of the transcendental instructions
 * (Unicorn's soft-float differs from the hardware's in the last bits);
 * memory that emu wrote and Unicorn did not (only Unicorn's writes are
 * seen).  The processes of the program's tree are compared until they
 * execve (the new program's emu runs without it).
 */
#define _GNU_SOURCE
#include <capstone/capstone.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep_int.h"
#include "../debug/insn_trace.h"
#include "lockstep_uc.h"
#include "../cpu/insn.h"
#include "../mem/mem.h"
#include "../unicorn/unicorn_cpu.h"

#ifdef EMU_HAVE_UNICORN

/* One write Unicorn made: where, the bytes before it, the bytes it wrote. */
struct uc_write {
  u64 addr;
  u32 size;
  u32 at; /* offset of old/new bytes in the byte log */
};

/* Per thread: the copy Unicorn runs, its engine, the instruction in flight
 * and its writes. */
struct luc {
  struct cpu sh; /* Unicorn's copy of the state */
  void *engine;  /* sh.backend between steps */
  bool pending;  /* before() ran, after() or leave() has not */
  int uc_stop;   /* how Unicorn's run of it ended */
  u64 ip;
  u8 bytes[16];
  int len;
  unsigned id;  /* Capstone's instruction id, 0 when not decoded */
  u64 undef;    /* flags the SDM leaves undefined for it */
  bool skip;    /* its results are each CPU's own (CPUID, RDTSC...) */
  bool x87_own; /* its x87 results are not compared (transcendental) */
  int lar_dst;  /* LAR's destination register, or -1 */
  bool tf;      /* TF was set as it started: a single-step trap follows it */
  int insn_len;
  u64 pf_ip; /* emu took a #PF here that Unicorn did not: retried, or a difference */
  bool pf_pending;
  struct uc_write *w;
  int nw, capw;
  u8 *old; /* the bytes before each write, then (at + size) the new ones */
  size_t nold, capold;
  csh cs[2]; /* 32-bit and 64-bit decoders */
  bool cs_ok[2];
};
static __thread struct luc *L;

/* The x87 status bits not compared: the exception flags, SF, ES, C1, B. */
#define X87_FSW_UC_MASK 0x82ffu

static atomic_ullong count;
static unsigned long long limit = LKS_DEFAULT_LIMIT;
/* EMU_LOCKSTEP_UC_FLIP_AT=N (tests): Unicorn's rax after the Nth compared
 * instruction gets its low bit flipped, a difference the report must show. */
static unsigned long long flip_at;

static struct luc *luc_get(void) {
  if (!L) {
    L = calloc(1, sizeof *L);
    if (!L) {
      fprintf(stderr, "emu: --lockstep=unicorn: out of memory\n");
      exit(1);
    }
  }
  return L;
}

static cs_insn *decode(struct luc *l, int mode, const u8 *bytes, int len, u64 ip) {
  int k = mode == 64;
  if (!l->cs_ok[k]) {
    if (cs_open(CS_ARCH_X86, k ? CS_MODE_64 : CS_MODE_32, &l->cs[k]) != CS_ERR_OK) return NULL;
    cs_option(l->cs[k], CS_OPT_DETAIL, CS_OPT_ON);
    cs_option(l->cs[k], CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    l->cs_ok[k] = true;
  }
  cs_insn *ci = NULL;
  if (cs_disasm(l->cs[k], bytes, (size_t)len, ip, 1, &ci) != 1) return NULL;
  return ci;
}

static NORETURN void no_memory(void) {
  fprintf(stderr, "lockstep=unicorn: out of memory for the bytes Unicorn wrote\n");
  exit(2);
}

/* Unicorn is about to write size bytes at addr: keep what is there. */
static void on_write(void *ctx, uint64_t addr, int size) {
  struct luc *l = ctx;
  if (size <= 0) return;
  /* Unicorn reports a write before it checks it: one it will refuse (an
   * unmapped or read-only page) changes nothing, and must not be read. */
  bool ok = true;
  mm_lock(l->sh.mm);
  for (u64 a = addr; ok && a < addr + (u64)size;) {
    const struct vma *v = mm_find(l->sh.mm, a);
    ok = v && a >= v->start && (v->prot & MM_WRITE);
    if (ok) a = v->end;
  }
  mm_unlock(l->sh.mm);
  if (!ok) return;
  u8 *host = (u8 *)l->sh.mm->base + addr;
  if (l->nw == l->capw) {
    int cap = l->capw ? 2 * l->capw : 64;
    struct uc_write *w = realloc(l->w, (size_t)cap * sizeof *w);
    if (!w) no_memory();
    l->w = w;
    l->capw = cap;
  }
  if (l->nold + 2u * (size_t)size > UINT32_MAX) no_memory(); /* offsets are 32-bit */
  if (l->nold + 2u * (size_t)size > l->capold) {
    size_t cap = l->capold ? 2 * l->capold : 4096;
    while (cap < l->nold + 2u * (size_t)size) cap *= 2;
    u8 *o = realloc(l->old, cap);
    if (!o) no_memory();
    l->old = o;
    l->capold = cap;
  }
  l->w[l->nw++] = (struct uc_write){addr, (u32)size, (u32)l->nold};
  memcpy(l->old + l->nold, host, (size_t)size);
  l->nold += 2u * (size_t)size;
}

static bool is_rep_string(const struct insn *d) {
  return d->map == 0 && d->rep &&
         ((d->op >= 0xa4 && d->op <= 0xa7) || (d->op >= 0xaa && d->op <= 0xaf) || d->op == 0x6c ||
          d->op == 0x6d || d->op == 0x6e || d->op == 0x6f);
}

/* How the instruction ended on one CPU: "completes", or --trace's name of
 * the stop. */
static const char *ending(const struct cpu *c, int stop, char *buf, size_t n) {
  return stop == STOP_BUDGET ? "completes" : trc_stop_name(c, stop, buf, n);
}

static void print_insn(FILE *f, struct luc *l, int mode) {
  cs_insn *ci = decode(l, mode, l->bytes, l->len, l->ip);
  int len = ci ? (int)ci->size : l->len;
  char hex[64] = "";
  for (int i = 0, k = 0; i < len && k < 48; i++)
    k += snprintf(hex + k, sizeof hex - (size_t)k, "%02x ", l->bytes[i]);
  fprintf(f, "=> 0x%llx %-30s %s %s\n", (unsigned long long)(mode == 32 ? (u32)l->ip : l->ip), hex,
          ci ? ci->mnemonic : "(unknown)", ci ? ci->op_str : "");
  if (ci) cs_free(ci, 1);
}

static NORETURN void difference(struct cpu *c, struct luc *l, u64 diff, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static NORETURN void difference(struct cpu *c, struct luc *l, u64 diff, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "lockstep=unicorn: DIFFERENCE after %llu instructions compared: ",
          (unsigned long long)atomic_load(&count));
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  print_insn(stderr, l, c->mode);
  struct lks_state e, u;
  lks_cpu_state(c, &e);
  lks_cpu_state(&l->sh, &u);
  struct lks_map none = {.n = 0};
  fprintf(stderr, "state after it (! marks a difference):\n");
  lks_print_states_vs(stderr, &e, &u, "unicorn", &none, diff, l->undef);
  fflush(stderr);
  exit(1);
}

static void hook_enter(struct cpu *c) { (void)c; }

static void hook_before(struct cpu *c, const struct insn *d) {
  struct luc *l = luc_get();
  if (atomic_load(&count) >= limit) {
    fprintf(stderr,
            "lockstep=unicorn: %llu instructions compared, no difference (--lockstep-limit "
            "reached)\n",
            (unsigned long long)atomic_load(&count));
    fflush(stderr);
    exit(0);
  }
  if (l->pf_pending) {
    /* emu's own page faults (a page it fills on first touch, a write to a
     * page of code it watches) end with the instruction run again; a fault
     * of the program's does not. */
    l->pf_pending = false;
    if (c->ip != l->pf_ip) {
      fprintf(stderr,
              "lockstep=unicorn: DIFFERENCE after %llu instructions compared: emu raised #PF at "
              "0x%llx (address 0x%llx), where Unicorn completed the instruction, and did not run "
              "it again\n",
              (unsigned long long)atomic_load(&count), (unsigned long long)l->pf_ip,
              (unsigned long long)c->fault_addr);
      exit(1);
    }
  }
  l->pending = true;
  l->ip = c->ip;
  l->tf = (c->flags & F_TF) != 0;
  l->insn_len = d->len;
  const struct vma *v = mm_find(c->mm, c->ip);
  u64 room = v && v->end > c->ip ? v->end - c->ip : 0;
  l->len = room < 15 ? (int)room : 15;
  memcpy(l->bytes, c->mem + c->ip, (size_t)l->len);
  l->id = 0;
  l->undef = 0;
  cs_insn *ci = decode(l, c->mode, l->bytes, l->len, l->ip);
  if (ci) {
    l->id = ci->id;
    l->undef = lks_cs_undef(ci, c, d);
    cs_free(ci, 1);
  }
  switch (l->id) {
  case X86_INS_CPUID:
  case X86_INS_XGETBV:
  case X86_INS_RDTSC:
  case X86_INS_RDTSCP:
  case X86_INS_RDRAND:
  case X86_INS_RDSEED: l->skip = true; break;
  default: l->skip = false; break;
  }
  /* Unicorn's known deviations (README): flags it leaves as they were. */
  switch (l->id) {
  case X86_INS_FCOMI:
  case X86_INS_FCOMIP:
  case X86_INS_FUCOMI:
  case X86_INS_FUCOMIP: l->undef |= F_AF | F_SF | F_OF; break; /* the SDM clears them */
  default: break;
  }
  switch (l->id) {
  case X86_INS_FSIN:
  case X86_INS_FCOS:
  case X86_INS_FSINCOS:
  case X86_INS_FPTAN:
  case X86_INS_FPATAN:
  case X86_INS_F2XM1:
  case X86_INS_FYL2X:
  case X86_INS_FYL2XP1: l->x87_own = true; break;
  default: l->x87_own = false; break;
  }
  l->lar_dst = l->id == X86_INS_LAR ? d->reg & 15 : -1;
  l->nw = 0;
  l->nold = 0;
  if (l->skip) { /* each CPU answers these its own way: emu's stands */
    l->uc_stop = -1;
    return;
  }
  /* Unicorn runs from emu's state: a copy of the CPU at the instruction. */
  memcpy(&l->sh, c, sizeof l->sh);
  l->sh.backend = l->engine;
  l->sh.trace = NULL;
  l->sh.kick = 0;
  l->sh.rip = c->ip;
  int stop = ucb_step(&l->sh, is_rep_string(d), on_write, l);
  l->engine = l->sh.backend;
  l->uc_stop = stop;
  /* What Unicorn wrote, then the memory as it was, newest first. */
  for (int i = 0; i < l->nw; i++)
    memcpy(l->old + l->w[i].at + l->w[i].size, (u8 *)c->mm->base + l->w[i].addr, l->w[i].size);
  for (int i = l->nw - 1; i >= 0; i--)
    memcpy((u8 *)c->mm->base + l->w[i].addr, l->old + l->w[i].at, l->w[i].size);
}

static void compare(struct cpu *c, struct luc *l, int emu_stop) {
  l->pending = false;
  atomic_fetch_add(&count, 1);
  if (l->skip) return;
  if (l->tf && l->uc_stop == STOP_DB) l->uc_stop = STOP_BUDGET; /* the trap after it */
  /* Unicorn fetches the next instruction before it stops: a fetch fault
   * outside this instruction's bytes is the next one's. */
  if (l->uc_stop == STOP_PAGEFAULT && (l->sh.fault_err & CPU_PF_INSTR) &&
      !(l->sh.fault_addr >= l->ip && l->sh.fault_addr < l->ip + (u64)l->insn_len))
    l->uc_stop = STOP_BUDGET;
  if (emu_stop == STOP_PAGEFAULT && l->uc_stop == STOP_BUDGET) {
    l->pf_pending = true; /* decided at the next instruction */
    l->pf_ip = l->ip;
    return;
  }
  if (emu_stop != l->uc_stop) {
    char eb[96], ub[96];
    difference(c, l, 0, "emu: %s, Unicorn: %s", ending(c, emu_stop, eb, sizeof eb),
               ending(&l->sh, l->uc_stop, ub, sizeof ub));
  }
  if (emu_stop == STOP_PAGEFAULT && c->fault_addr != l->sh.fault_addr)
    difference(c, l, 0, "the page fault's address: emu 0x%llx, Unicorn 0x%llx",
               (unsigned long long)c->fault_addr, (unsigned long long)l->sh.fault_addr);
  if (emu_stop != STOP_BUDGET) return; /* the kernel's part is emu's alone */
  if (flip_at && atomic_load(&count) == flip_at) l->sh.r[R_AX] ^= 1;
  struct lks_state e, u;
  lks_cpu_state(c, &e);
  lks_cpu_state(&l->sh, &u);
  if (l->x87_own) {
    memcpy(u.st, e.st, sizeof u.st);
    u.fsw = e.fsw;
  }
  /* Unicorn's soft-float x87 raises no exception flags (PE, UE, ...) and
   * leaves C1 (the rounding indicator) clear: those are the hardware's,
   * which emu's x87 runs on. */
  u.fsw = (u16)((u.fsw & ~X87_FSW_UC_MASK) | (e.fsw & X87_FSW_UC_MASK));
  /* Nor does it set MXCSR's exception flags. */
  u.mxcsr = (u.mxcsr & ~0x3fu) | (e.mxcsr & 0x3fu);
  /* LAR: bits 19:16 of the result are undefined (SDM: masked with 00FxFF00H);
   * the hardware copies the descriptor's limit bits, Unicorn clears them. */
  if (l->lar_dst >= 0)
    u.r[l->lar_dst] = (u.r[l->lar_dst] & ~0xf0000ull) | (e.r[l->lar_dst] & 0xf0000ull);
  struct lks_map none = {.n = 0};
  u64 d = lks_compare(&e, &u, &none, l->undef, 0);
  if (d) difference(c, l, d, "the state after the instruction differs");
  for (int i = 0; i < l->nw; i++) {
    const struct uc_write *w = &l->w[i];
    const u8 *want = l->old + w->at + w->size, *got = (const u8 *)c->mm->base + w->addr;
    if (!memcmp(want, got, w->size)) continue;
    /* a later write of Unicorn's to the same bytes decides */
    bool later = false;
    for (int j = i + 1; j < l->nw && !later; j++)
      later = l->w[j].addr < w->addr + w->size && w->addr < l->w[j].addr + l->w[j].size;
    if (later) continue;
    fprintf(stderr, "  memory at 0x%llx: emu", (unsigned long long)w->addr);
    for (u32 k = 0; k < w->size && k < 32; k++) fprintf(stderr, " %02x", got[k]);
    fprintf(stderr, "\n               unicorn");
    for (u32 k = 0; k < w->size && k < 32; k++) fprintf(stderr, " %02x", want[k]);
    fprintf(stderr, "\n");
    difference(c, l, LKS_D_MEM, "the memory written differs");
  }
  /* The flags the SDM leaves undefined go on as Unicorn's would not: emu's. */
}

static void hook_after(struct cpu *c) {
  struct luc *l = L;
  if (l && l->pending) compare(c, l, STOP_BUDGET);
}

static void hook_leave(struct cpu *c, int stop) {
  struct luc *l = L;
  if (l && l->pending) compare(c, l, stop);
}

static const struct cpu_tracer luc_tracer = {hook_enter, hook_before, hook_after, hook_leave, NULL};

int luc_start(unsigned long long max) {
  if (max) limit = max;
  const char *f = getenv("EMU_LOCKSTEP_UC_FLIP_AT");
  if (f) flip_at = strtoull(f, NULL, 10);
  cpu_tracer = &luc_tracer;
  return 0;
}

int luc_finish(int wait_status) {
  (void)wait_status;
  fprintf(stderr, "lockstep=unicorn: %llu instructions compared, no difference\n",
          (unsigned long long)atomic_load(&count));
  return 0;
}

#else /* no Unicorn */

int luc_start(unsigned long long max) {
  (void)max;
  fprintf(stderr, "emu: --lockstep=unicorn: this emu was built without Unicorn\n");
  return 2;
}

int luc_finish(int wait_status) {
  (void)wait_status;
  return 2;
}

#endif
