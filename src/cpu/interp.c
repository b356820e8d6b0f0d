/* interp.c — the interpreter loop, the decoded-block cache, CPU exceptions
 * and the host fault handler that turns faults in guest memory into guest
 * page faults.
 *
 * Code is decoded once into blocks (straight-line runs ending at a branch)
 * kept in a hash table keyed by guest address.  Blocks are cached only from
 * private mappings the guest cannot write.  Code in writable mappings, and
 * in shared ones (MAP_SHARED: another view of the same pages, e.g. the RW
 * half of a JIT's memfd double mapping, or another process, may write them),
 * is decoded one instruction at a time, every time it runs, so self- and
 * cross-modifying code need no invalidation: an instruction sees every store
 * made before it starts, which is more than the SDM promises (vol. 3A
 * 8.1.3: the executing processor must serialize after the modifying one's
 * store).  dec_fetch decodes from a snapshot of the instruction's bytes read
 * with aligned 8-byte loads, so a thread's aligned store of up to 8 bytes to
 * code another thread runs is seen whole or not at all, never half old, half
 * new.  Not seen: write() to the file under a private read-only mapping
 * whose page is still the page cache's (the kernel shows it; emu keeps the
 * blocks decoded before).  The whole cache is dropped when mm->code_gen
 * changes (executable mappings created, changed or removed).  Blocks are decoded for
 * one mode (64-bit or compatibility/32-bit) and keyed by address and mode,
 * so code that switches modes with far transfers (exec_ctrl.c) keeps both
 * sets; a switch leaves the loop, which has one copy per mode.
 *
 * Speed (measured with callgrind, host instructions per guest instruction):
 * each decoded instruction gets a handler specialized for its operands
 * (fast.c, fast_sse.c); a block remembers its two last successors so most
 * block changes need no lookup; the hot loop keeps the instruction addresses
 * in a register and checks the kick flag and the code generation once per
 * block; a block ending in CMP/TEST/ALU then Jcc runs the pair as one fused
 * handler (block->lastfn).  The traced loop runs the unfused handlers.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu_internal.h"
#include "fast.h"
#include "jit.h"
#include "ops_x87.h"
#include "../mem/mem.h"

#define BLOCK_MAX   32
#define NOINLINE    __attribute__((noinline))
#define CACHE_SLOTS (1u << 14)

struct block {
  struct block *next; /* hash chain */
  u64 addr;
  int mode; /* 32 or 64: the mode it was decoded in */
  int n;
  int nlast;             /* index of the instruction the hot loop runs with lastfn */
  op_fn lastfn;          /* its handler: insn[nlast].fn, or fused with the Jcc after it */
  bool cached;           /* in the hash table (not the scratch block) */
  u8 nsucc;              /* round robin over succ[] */
  u64 succ_addr[2];      /* successors seen (fall-through, branch target) ... */
  struct block *succ[2]; /* ... and their blocks: chained without a lookup */
  u32 runs;              /* times run by the interpreter (JIT_HOT: translate it) */
  jit_fn jit;            /* its translation (jit.c), or NULL */
  struct block *older;   /* the block decoded before it (cpu_flush_code's walk) */
  struct insn insn[];
};

/* Blocks are carved from chunks of BLOCK_CHUNK bytes and dropped all
 * together: decoding a block costs no malloc, and dropping
 * the cache (on every change to executable mappings, and at exit) frees a
 * few chunks and clears only the slots that hold blocks, instead of freeing
 * each block and sweeping every slot. */
#define BLOCK_CHUNK (64u << 10)
_Static_assert(BLOCK_MAX * sizeof(struct insn) + 256 < BLOCK_CHUNK, "a block fits a chunk");
struct chunk {
  struct chunk *prev;
  size_t used;
  _Alignas(16) u8 mem[];
};

/* fast_specialize's choices by operand shape.  Its selection walks long
 * chains of handler compares, and a program's code repeats few shapes, so
 * the last choices are kept here, keyed by everything the selection reads:
 * the decoded handler, every field from opsz on (padding included, which
 * decode zeroes) and the mode.  The fields before opsz (immediates,
 * displacement, length) are the only ones left out: no selection reads
 * them. */
#define SEL_SLOTS 512
#define SEL_FROM  offsetof(struct insn, opsz)
_Static_assert(SEL_FROM == sizeof(op_fn) + 8 + 4 + 2 + 1,
               "only fn, imm, disp, imm2 and len come before opsz");
struct sel {
  op_fn key_fn;
  u8 key[sizeof(struct insn) - SEL_FROM];
  u8 mode;
  op_fn fn; /* the specialized handler (the decoded one where none) */
};

struct code_cache {
  struct block *slot[CACHE_SLOTS];
  struct sel sel[SEL_SLOTS];
  struct chunk *chunk;  /* the newest chunk; older ones by prev */
  struct block *newest; /* the newest block; older ones by older */
  struct {
    struct block b;
    struct insn one;
  } scratch;      /* for code in writable or shared mappings */
  int links_mode; /* the mode the scratch block's successor links were made in */
  struct jit *jit; /* the translations of the blocks (jit.c), NULL until one */
};

bool cpu_jit = true;

static inline unsigned slot_of(u64 a) { return (unsigned)((a ^ (a >> 13)) & (CACHE_SLOTS - 1)); }

/* d->fn specialized for d's operands (fast.c), through cc->sel. */
static void specialize(const struct cpu *c, struct code_cache *cc, struct insn *d) {
  const u8 *k = (const u8 *)d + SEL_FROM;
  u64 k0, k1;
  memcpy(&k0, k, 8);
  memcpy(&k1, k + 8, 8);
  u64 h = (((u64)(uintptr_t)d->fn ^ (k0 * 0xff51afd7ed558ccdull) ^ k1) + (u64)c->mode) *
          0x9e3779b97f4a7c15ull;
  struct sel *e = &cc->sel[(h >> 40) & (SEL_SLOTS - 1)];
  if (e->fn && e->key_fn == d->fn && e->mode == c->mode && memcmp(e->key, k, sizeof e->key) == 0) {
    d->fn = e->fn;
    return;
  }
  e->key_fn = d->fn;
  memcpy(e->key, k, sizeof e->key);
  e->mode = (u8)c->mode;
  fast_specialize(c, d);
  e->fn = d->fn;
}

/* A zeroed block of n instructions from the cache's chunks, or NULL when
 * the host is out of memory. */
static struct block *block_alloc(struct code_cache *cc, int n) {
  size_t sz = (sizeof(struct block) + (size_t)n * sizeof(struct insn) + 15) & ~(size_t)15;
  struct chunk *k = cc->chunk;
  if (!k || k->used + sz > BLOCK_CHUNK - sizeof *k) {
    fork_gate_enter();
    k = malloc(BLOCK_CHUNK);
    fork_gate_leave();
    if (!k) return NULL;
    k->used = 0;
    k->prev = cc->chunk;
    cc->chunk = k;
  }
  struct block *b = (struct block *)(k->mem + k->used);
  k->used += sz;
  memset(b, 0, sz);
  b->older = cc->newest;
  cc->newest = b;
  return b;
}

static __thread struct cpu *cur_cpu;

/* run_each is running on this thread: it checks the mode after every
 * instruction, so a mode switch need not leave it (and the tracer sees the
 * far transfer complete). */
static __thread bool each_loop;

void x87_init(struct x87 *f); /* the x87 family's FNINIT state (exec_x87_ctl.c) */

void cpu_init(struct cpu *c, int mode, struct mm *mm) {
  memset(c, 0, sizeof *c);
  c->mode = mode;
  c->mm = mm;
  c->mem = mm->base;
  c->mem_limit = mm->limit;
  c->flags = 0x202;
  c->cc_op = CC_EAGER;
  c->mxcsr = 0x1f80;
  if (mode == 64) {
    c->seg[SEG_SS] = 0x2b;
  } else {
    c->seg[SEG_SS] = c->seg[SEG_DS] = c->seg[SEG_ES] = 0x2b;
  }
  cpu_set_mode(c, mode);
  x87_init(&c->fpu);
  fork_gate_enter();
  c->cache = calloc(1, sizeof(struct code_cache));
  fork_gate_leave();
  c->cache_gen = mm->code_gen;
}

void cpu_flush_code(struct cpu *c) {
  struct code_cache *cc = c->cache;
  if (!cc) return;
  for (struct block *b = cc->newest; b; b = b->older) cc->slot[slot_of(b->addr)] = NULL;
  cc->newest = NULL;
  fork_gate_enter();
  while (cc->chunk) {
    struct chunk *k = cc->chunk;
    cc->chunk = k->prev;
    free(k);
  }
  fork_gate_leave();
  jit_flush(cc->jit); /* the translations call the blocks' instructions */
  /* The scratch block's successor links pointed at blocks just freed. */
  memset(cc->scratch.b.succ, 0, sizeof cc->scratch.b.succ);
  c->cache_gen = c->mm->code_gen;
}

void cpu_destroy(struct cpu *c) {
  if (c->backend && cpu_backend) cpu_backend->destroy(c);
  c->backend = NULL;
  cpu_flush_code(c);
  if (c->cache) jit_free(((struct code_cache *)c->cache)->jit);
  fork_gate_enter();
  free(c->cache);
  fork_gate_leave();
  c->cache = NULL;
}

/* ---- exceptions ---- */

void cpu_exception(struct cpu *c, int stop) {
  c->rip = c->ip;
  siglongjmp(*c->jmp, stop + 1);
}

void cpu_trap(struct cpu *c, int stop) { siglongjmp(*c->jmp, stop + 1); }

void cpu_page_fault(struct cpu *c, u64 addr, int si_code, u32 err) {
  c->fault_addr = addr;
  c->fault_code = si_code;
  c->fault_err = err;
  c->fault_sig = SIGSEGV;
  cpu_exception(c, STOP_PAGEFAULT);
}

/* set_signal_archinfo(): a user access at or above TASK_SIZE_MAX reports
 * the protection bit, whatever the page tables say, so as not to show the
 * kernel's layout. */
static u32 kernel_half_prot(const struct cpu *c, u64 a) {
  return c->mode == 64 && a >= 0x7ffffffff000ull ? CPU_PF_PROT : 0;
}

void cpu_bad_address(struct cpu *c, u64 a, u32 err) {
  /* A non-canonical address is a #GP (Linux: SIGSEGV, si_addr 0); any other
   * address outside the window is unmapped. */
  if (c->mode == 64 && (u64)((i64)(a << 16) >> 16) != a) {
    c->fault_addr = 0;
    cpu_exception(c, STOP_GP);
  }
  /* Beyond the window: the kernel's half or unmapped.  err has the write
   * bit for stores (cpu_host_w); a read-modify-write through cpu_host
   * reports a read. */
  cpu_page_fault(c, a, SEGV_MAPERR, err | kernel_half_prot(c, a));
}

static void op_ud(struct cpu *c, const struct insn *d) {
  (void)d;
  cpu_exception(c, STOP_UD);
}

/* ---- host faults ---- */

/* "emu: internal fault: SIGSEGV at 0x...": async-signal-safe, for tests and
 * fuzzers to tell a bug of emu's from the guest's own death by signal. */
static void emu_fault_report(int sig, const void *addr) {
  char msg[96] = "emu: internal fault: ";
  size_t n = strlen(msg);
  const char *name = sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
  memcpy(msg + n, name, strlen(name));
  n += strlen(name);
  memcpy(msg + n, " at 0x", 6);
  n += 6;
  u64 a = (u64)(uintptr_t)addr;
  for (int i = 60; i >= 0; i -= 4) msg[n++] = "0123456789abcdef"[(a >> i) & 15];
  msg[n++] = '\n';
  ssize_t w = write(2, msg, n);
  (void)w;
}

static void on_host_fault(int sig, siginfo_t *si, void *uc) {
  struct cpu *c = cur_cpu;
  u64 g;
  int code;
  if (sig_host_sent_fault_signal(sig, si)) return; /* sent by a process, not a fault */
  x87_host_resume(c, uc); /* the guest's x87 registers, before any siglongjmp */
  if (c && ((ucontext_t *)uc)->uc_mcontext.fpregs) /* translated SSE's sticky flags */
    jit_mx_fault(c, ((ucontext_t *)uc)->uc_mcontext.fpregs->mxcsr);
  mm_uaccess_fixup(si->si_addr); /* inside a uaccess copy: resumes there */
  if (c && c->jmp && mm_classify_fault(c->mm, si->si_addr, &g, &code)) {
    c->fault_addr = g;
    c->fault_code = sig == SIGBUS ? si->si_code : code;
    c->fault_sig = sig;
    /* The host's page tables are the guest's (same mappings, same
     * protections, same pages populated), so its present and write bits
     * are what the kernel would report natively. */
    c->fault_err = (u32)((ucontext_t *)uc)->uc_mcontext.gregs[REG_ERR] & (CPU_PF_PROT | CPU_PF_WRITE);
    /* In translated code c->ip is not kept: the translation's table knows
     * which instruction the host's rip is in. */
    const struct code_cache *cc = c->cache;
    u64 jip;
    bool hostfl;
    const greg_t *gr = ((ucontext_t *)uc)->uc_mcontext.gregs;
    if (cc && jit_fault_ip(cc->jit, (const void *)gr[REG_RIP], &jip, &hostfl)) {
      c->ip = jip;
      /* A record the translation elided: the flags are the host's. */
      if (hostfl) cpu_set_flags(c, (u64)gr[REG_EFL] & F_ARITH, F_ARITH);
    }
    c->rip = c->ip;
    siglongjmp(*c->jmp, STOP_PAGEFAULT + 1);
  }
  /* A fault in emu itself: say so once (a guest's death by signal is
   * silent, so a crash of emu must not look like one), then take the default
   * action when the access repeats. */
  emu_fault_report(sig, si->si_addr);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(sig, &sa, NULL);
}

void cpu_install_fault_handler(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_host_fault;
  /* SA_NODEFER: the handler leaves by siglongjmp without restoring a mask. */
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
}

/* ---- the block cache ---- */


/* Whether the guest page at a is readable (mapped with PROT_READ). */
static bool fetch_page_readable(struct cpu *c, u64 a) {
  mm_lock(c->mm);
  const struct vma *v = mm_find(c->mm, a);
  bool r = v && (v->prot & MM_READ);
  mm_unlock(c->mm);
  return r;
}

/* The exception of a fetch dec_fetch_in refused (len 0: at fault_addr,
 * with si_code code; len -1: over 15 bytes, #GP), c->ip set. */
static _Noreturn void fetch_fault(struct cpu *c, int len, u64 fault_addr, int code) {
  if (len < 0) cpu_exception(c, STOP_GP);
  /* An instruction fetch: a protection fault (NX) when the page is
   * present, not present otherwise (nothing mapped, PROT_NONE, or a
   * page never touched). */
  bool present = mm_page_present(c->mm, fault_addr);
  /* A readable page not present is paged in before the fetch is checked
   * (access_error() has no exec test for a read fault): a page past the
   * end of its file is SIGBUS before it can be NX's SIGSEGV. */
  u8 byte;
  if (code == SEGV_ACCERR && !present && fetch_page_readable(c, fault_addr) &&
      copy_from_user(c->mm, &byte, fault_addr, 1)) {
    c->fault_addr = fault_addr;
    c->fault_code = BUS_ADRERR;
    c->fault_err = CPU_PF_INSTR;
    c->fault_sig = SIGBUS;
    cpu_exception(c, STOP_PAGEFAULT);
  }
  cpu_page_fault(c, fault_addr, code,
                 CPU_PF_INSTR | kernel_half_prot(c, fault_addr) | (present ? CPU_PF_PROT : 0));
}

static struct block *translate(struct cpu *c, u64 addr) {
  struct code_cache *cc = c->cache;
  /* One lock and one lookup for the block: it ends at the mapping's end. */
  mm_lock(c->mm);
  const struct vma *v = mm_find(c->mm, addr);
  bool cacheable = v && !(v->prot & MM_WRITE) && !(v->flags & MAP_SHARED);
  u64 vend = v ? v->end : 0;
  struct insn tmp[BLOCK_MAX];
  u64 mask = c->mode == 32 ? 0xffffffffull : ~0ull;
  u64 a = addr;
  int n = 0, limit = cacheable ? BLOCK_MAX : 1;
  while (n < limit) {
    u64 fault_addr;
    int code;
    int len = dec_fetch_in(c, v, a, &tmp[n], &fault_addr, &code);
    if (len <= 0) {
      if (n > 0) break; /* fault when execution gets there */
      mm_unlock(c->mm); /* the fault below does not come back */
      c->ip = addr;
      fetch_fault(c, len, fault_addr, code);
    }
    struct insn *d = &tmp[n++];
    if (!d->fn)
      d->fn = op_ud;
    else
      specialize(c, cc, d);
    a = (a + len) & mask;
    if (d->branch || d->fn == op_ud || a >= vend || a < addr) break; /* a < addr: wrapped */
  }
  mm_unlock(c->mm);
  struct block *b;
  if (cacheable) {
    b = block_alloc(cc, n);
    /* Out of host memory (or map entries): run this instruction uncached. */
    if (!b) cacheable = false;
  }
  if (cacheable) {
    b->addr = addr;
    b->mode = c->mode;
    b->n = n;
    b->cached = true;
    memcpy(b->insn, tmp, n * sizeof(struct insn));
    unsigned s = slot_of(addr);
    b->next = cc->slot[s];
    cc->slot[s] = b;
  } else {
    b = &cc->scratch.b;
    b->addr = addr;
    b->mode = c->mode;
    b->n = 1;
    b->cached = false;
    b->insn[0] = tmp[0];
  }
  /* The hot loop runs the last instruction through lastfn; a CMP/TEST before
   * a final Jcc runs fused with it (fast.c) and the Jcc is not dispatched. */
  b->nlast = b->n - 1;
  b->lastfn = b->insn[b->nlast].fn;
  if (b->n >= 2) {
    op_fn f = fast_fuse(c, &b->insn[b->n - 2]);
    if (f) {
      b->nlast = b->n - 2;
      b->lastfn = f;
    }
  }
  return b;
}

static inline struct block *lookup(struct cpu *c, u64 addr) {
  struct code_cache *cc = c->cache;
  for (struct block *b = cc->slot[slot_of(addr)]; b; b = b->next)
    if (b->addr == addr && b->mode == c->mode) return b;
  return translate(c, addr);
}

/* Look rip up and remember the result as one of prev's successors. */
static NOINLINE struct block *link_block(struct cpu *c, struct block *prev, u64 rip) {
  struct block *b = lookup(c, rip);
  if (b->cached) {
    int i = prev->nsucc++ & 1;
    prev->succ_addr[i] = rip;
    prev->succ[i] = b;
  }
  return b;
}

/* The block that runs after prev: one of prev's remembered successors when
 * rip matches, else a lookup whose result prev remembers.  A successor link
 * is only a memo "block at address rip", so any block may carry it, the
 * scratch block included; links always point at cached blocks, which die
 * together in cpu_flush_code (which also clears the scratch block's links),
 * so they never dangle. */
static inline struct block *next_block(struct cpu *c, struct block *prev) {
  u64 rip = c->rip;
  if (prev->succ_addr[0] == rip && prev->succ[0]) return prev->succ[0];
  if (prev->succ_addr[1] == rip && prev->succ[1]) return prev->succ[1];
  return link_block(c, prev, rip);
}

/* The hot loop: run cached blocks until the budget is spent.  Exceptions,
 * faults and traps leave it by siglongjmp to cpu_run.  Only the last
 * instruction of a block can change rip (every other one falls through, or
 * leaves the loop), so the addresses of the others are kept in a register;
 * the kick flag and the code generation are checked once per block. */
static inline __attribute__((always_inline)) int run_blocks_mode(struct cpu *c, u64 budget,
                                                                 const u64 mask) {
  struct code_cache *cc = c->cache;
  const volatile u64 *gen = &c->mm->code_gen;
  struct block *b = &cc->scratch.b;
  u8 *slot = NULL; /* the way out of the last translated block, to link */
  while (budget > 0) {
    if (UNLIKELY(c->kick)) break; /* a signal for the guest: stop between instructions */
    if (UNLIKELY(c->cache_gen != *gen)) {
      cpu_flush_code(c);
      b = &cc->scratch.b;
      slot = NULL;
    }
    b = next_block(c, b);
    if (UNLIKELY(!b->jit) && UNLIKELY(++b->runs == (cpu_jit_check ? 1u : JIT_HOT)) && cpu_jit &&
        b->cached) {
      jit_fn f = jit_translate(&cc->jit, c, b->insn, b->n, b->addr);
      if (f == JIT_FULL) { /* start the cache afresh */
        cpu_flush_code(c);
        b = &cc->scratch.b;
        slot = NULL;
        continue;
      }
      b->jit = f;
    }
    if (b->jit && (mask == ~0ull || jit_flat32(c))) {
      if (slot) jit_link(slot, b->jit);
      struct jit_ret r = jit_run(cc->jit, c, b->jit, (i64)budget);
      slot = r.slot;
      if (LIKELY(r.budget != (i64)budget)) {
        u64 left = r.budget > 0 ? (u64)r.budget : 0;
        c->icount += budget - left;
        budget = left;
        /* The last block run: its successor links are the interpreter's. */
        b = &cc->scratch.b;
        continue;
      }
      /* Its guard failed: b runs interpreted. */
    }
    slot = NULL;
    {
      const struct insn *d = b->insn, *last = d + b->nlast;
      u64 ip = c->rip;
      for (;; d++) {
        c->ip = ip;
        ip = (ip + d->len) & mask;
        /* Keep the two stores apart: merged into one 16-byte store they stall
         * a handler's load of rip. */
        __asm__("" ::: "memory");
        c->rip = ip;
        if (d == last) break;
        d->fn(c, d);
      }
      b->lastfn(c, d);
    }
    u64 n = (u64)b->n;
    c->icount += n;
    if (budget <= n) break;
    budget -= n;
  }
  return STOP_BUDGET;
}

/* One copy per mode, so the 64-bit loop does not mask rip.  Every loop
 * starts from the scratch block, the one block whose successor links are
 * not tied to a mode: they are dropped when the mode changed since. */
static NOINLINE int run_blocks(struct cpu *c, u64 budget) {
  struct code_cache *cc = c->cache;
  if (UNLIKELY(cc->links_mode != c->mode)) {
    memset(cc->scratch.b.succ, 0, sizeof cc->scratch.b.succ);
    cc->links_mode = c->mode;
  }
  fast_mx_enter(); /* cpu_run calls fast_mx_leave, however the loop ends */
  c->fpu_lazy = 1;  /* x87 may stay in the host FPU; cpu_run takes it back */
  return c->mode == 32 ? run_blocks_mode(c, budget, 0xffffffffull)
                       : run_blocks_mode(c, budget, ~0ull);
}

/* The traced loop (--trace): the same blocks run one instruction at a time,
 * with the tracer called around each.  cpu_run takes it only while
 * cpu_tracer is set, so the hot loop above carries no test for tracing. */
const struct cpu_tracer *cpu_tracer;

/* One instruction at a time, with the tracer (tr) called around each, or
 * (tr NULL) while the trap flag is set.  TF set when an instruction starts
 * makes a single-step trap after it (#DB, STOP_DB with TRAP_TRACE; an
 * instruction that enters the kernel leaves by its own stop and has none, as
 * natively); without a tracer the loop goes back to the fast one at the first
 * instruction that starts with TF clear. */
static NOINLINE int run_each(struct cpu *c, u64 budget, const struct cpu_tracer *tr) {
  const int mode = c->mode;
  const u64 mask = mode == 32 ? 0xffffffffull : ~0ull;
  each_loop = true; /* cpu_run clears it */
  if (tr) tr->enter(c);
  while (budget > 0) {
    if (UNLIKELY(c->kick)) break;
    if (UNLIKELY(c->cache_gen != c->mm->code_gen)) cpu_flush_code(c);
    const struct block *b = lookup(c, c->rip);
    const struct insn *d = b->insn, *end = d + b->n;
    for (; d < end; d++) {
      bool tf = (c->flags & F_TF) != 0;
      if (!tr && !tf) return STOP_BUDGET;
      u64 ip = c->rip;
      c->ip = ip;
      c->rip = (ip + d->len) & mask;
      if (tr) tr->before(c, d);
      c->rep_single = tf;
      c->ss_shadow = 0;
      d->fn(c, d);
      c->rep_single = 0;
      if (tr) tr->after(c);
      c->icount++;
      if (UNLIKELY(tf)) {
        /* MOV SS and POP SS hold off the trap until after the next
         * instruction (SDM Vol. 3, 6.8.3). */
        if (c->ss_shadow) continue;
        c->fault_code = TRAP_TRACE;
        return STOP_DB;
      }
      /* A far transfer switched modes, or to a segmented CS (run_seg). */
      if (UNLIKELY(c->mode != mode || c->segmented)) return STOP_BUDGET;
    }
    budget = budget > (u64)b->n ? budget - b->n : 0;
  }
  return STOP_BUDGET;
}

/* Code outside the flat model (c->segmented: a 16-bit or based code
 * segment, or a 16-bit or based stack, from the LDT or a TLS slot), one
 * instruction at a time: fetched at CS's base plus EIP within CS's limit
 * (#GP(0) past it, before any page fault), decoded with CS's default sizes
 * and never cached (blocks are keyed by linear address, which the flat
 * loops share), run by the decoder's own handlers, which add SS's base
 * and keep to its size (stack_lin), where the specialized ones and the
 * translations assume the flat model.  The tracer, TF and the kick flag
 * are served as run_each serves them.  Leaves when the code is flat again
 * (a far transfer, a signal handler). */
static NOINLINE int run_seg(struct cpu *c, u64 budget, const struct cpu_tracer *tr) {
  each_loop = true; /* cpu_run clears it */
  if (tr) tr->enter(c);
  for (; budget > 0; budget--) {
    if (UNLIKELY(c->kick)) break;
    u64 ip = c->rip, fault_addr;
    c->ip = ip;
    if (ip > c->cs_limit) cpu_exception(c, STOP_GP);
    u64 a = cpu_code_addr(c, ip);
    struct insn d;
    int code;
    int len = dec_fetch(c, a, &d, &fault_addr, &code);
    /* The limit is checked before paging, for every byte of the
     * instruction: its last one, or the first that could not be fetched. */
    u64 last = len > 0 ? ip + (u64)len - 1 : len == 0 ? fault_addr - a + ip : 0;
    if (last > c->cs_limit) cpu_exception(c, STOP_GP);
    if (len <= 0) fetch_fault(c, len, fault_addr, code);
    if (!d.fn) d.fn = op_ud;
    bool tf = (c->flags & F_TF) != 0;
    c->rip = (u32)(ip + (u64)len);
    if (tr) tr->before(c, &d);
    c->rep_single = tf;
    c->ss_shadow = 0;
    /* A near branch checks its target against CS's limit: #GP(0) at the
     * branch, its registers as they were (SDM JMP, Jcc, CALL, RET, LOOP;
     * the slot a CALL wrote below the stack pointer stays written). */
    u64 regs[16];
    u16 cs = c->seg[SEG_CS];
    if (d.branch) memcpy(regs, c->r, sizeof regs);
    d.fn(c, &d);
    if (d.branch && c->seg[SEG_CS] == cs && c->segmented && c->rip > c->cs_limit) {
      memcpy(c->r, regs, sizeof regs);
      cpu_exception(c, STOP_GP);
    }
    c->rep_single = 0;
    if (tr) tr->after(c);
    c->icount++;
    if (UNLIKELY(tf) && !c->ss_shadow) {
      c->fault_code = TRAP_TRACE;
      return STOP_DB;
    }
    if (!c->segmented) break;
  }
  return STOP_BUDGET;
}

void cpu_switch_mode(struct cpu *c, int mode, u16 cs, u64 rip) {
  int old = c->mode;
  cpu_load_cs(c, cs, mode);
  c->rip = c->mode == 32 ? (u32)rip : rip;
  /* The next cpu_run takes the other copy, or run_seg. */
  if ((c->mode != old || c->segmented) && !each_loop) cpu_trap(c, STOP_BUDGET);
}

void cpu_set_mode(struct cpu *c, int mode) { cpu_load_cs(c, mode == 64 ? 0x33 : 0x23, mode); }

void cpu_tf_check(struct cpu *c, u64 old_flags) {
  /* The fast loop does not look at TF: leave it, so the next instruction
   * runs in run_each (which then traps after it). */
  if ((c->flags & F_TF) && !(old_flags & F_TF) && !cpu_tracer) cpu_trap(c, STOP_BUDGET);
}

const struct cpu_backend *cpu_backend;

int cpu_run(struct cpu *c, u64 budget) {
  if (UNLIKELY(cpu_backend != NULL)) return cpu_backend->run(c, budget);
  sigjmp_buf jb;
  sigjmp_buf *volatile saved = c->jmp;
  int r = sigsetjmp(jb, 0);
  if (r == 0) {
    c->jmp = &jb;
    cur_cpu = c;
    r = (UNLIKELY(c->segmented)       ? run_seg(c, budget, cpu_tracer)
         : UNLIKELY(cpu_tracer != NULL) ? run_each(c, budget, cpu_tracer)
         : UNLIKELY(c->flags & F_TF)    ? run_each(c, budget, NULL)
                                        : run_blocks(c, budget)) +
        1;
  }
  each_loop = false;
  c->rep_single = 0; /* an exception left run_each mid-instruction */
  c->fpu_lazy = 0;
  x87_own(c);      /* the guest's x87 registers back from the host FPU (exec_x87.c) */
  fast_mx_leave(); /* emu's MXCSR back (fast_sse.c) */
  if (UNLIKELY(cpu_tracer != NULL)) {
    cpu_tracer->leave(c, r - 1);
    if (cpu_tracer->filter) r = cpu_tracer->filter(c, r - 1) + 1; /* debugger: drop a signal */
  }
  cur_cpu = NULL;
  c->jmp = saved;
  return r - 1;
}
