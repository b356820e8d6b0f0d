/* jit_check.c — --jit-check: the two tiers in lockstep.  Every instruction
 * the translation tier runs as host code (jit.c's native forms; those that
 * call their handler are the interpreter's already) is run again by the
 * interpreter from the state before it, and the two results are compared:
 * the general and xmm registers, rip, the six arithmetic flags where a later
 * instruction can see them, and the bytes the instruction stored.  The
 * first difference is reported with the instruction and both values, and
 * emu exits with status 1.
 *
 * The translation calls jit_chk_pre before such an instruction and
 * jit_chk_post after it (on each way out of a block for a branch).  Before:
 * the CPU state and the bytes the instruction may store (its memory operand,
 * or the stack slot of PUSH and CALL) are saved.  After: the translated
 * result is saved, the saved state restored and the instruction's handler
 * run on it, as the interpreter's loop runs it.  The interpreter's result is
 * what the program goes on with.
 *
 * Memory another thread writes meanwhile would read differently the second
 * time: an instruction whose operand changed between the two runs is not
 * compared (counted in chk.raced), and the translation's result stands.
 * The other threads see what the program stores and no more: the stored
 * bytes are never put back in guest memory, where a thread polling the
 * location would see it go back (a counter decrease, a flag clear again)
 * and its own check could see a value come and go between its two runs.  A
 * plain store (MOV, SETcc, PUSH) is simply stored again by the interpreter.
 * A read-modify-write operand is given to the interpreter in a copy of its
 * old bytes: c->mem is moved for that one run so that the operand's address
 * lands in the copy (the handler touches no other memory).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jit.h"
#include "../mem/mem.h"

bool cpu_jit_check;

/* What a natively run instruction changes: struct cpu's head (the general
 * registers, rip, ip, the flags and their record: everything before
 * seg_base) and the xmm registers. */
#define HEAD offsetof(struct cpu, seg_base)
_Static_assert(offsetof(struct cpu, cc_b) < HEAD && offsetof(struct cpu, r) == 0 &&
                   offsetof(struct cpu, rip) == 16 * sizeof(u64),
               "the registers, rip and the flags' record lead struct cpu");
struct state {
  u8 head[HEAD];
  union xmm xmm[16];
};
static void save(struct state *s, const struct cpu *c, u64 info) {
  memcpy(s->head, c, HEAD);
  if (info & JCHK_XMM) memcpy(s->xmm, c->xmm, sizeof s->xmm);
}
static void restore(struct cpu *c, const struct state *s, u64 info) {
  memcpy((void *)c, s->head, HEAD);
  if (info & JCHK_XMM) memcpy(c->xmm, s->xmm, sizeof s->xmm);
}

struct chk {
  struct state pre, jit;
  struct cpu flags; /* a scratch CPU to read flags from a saved record */
  u64 addr;         /* where the instruction may store */
  unsigned n;       /* how many bytes (0: none, or not accessible: it faults) */
  bool load;        /* the bytes are a source only */
  u8 old[16], stored[16];
  u8 copy[16]; /* a read-modify-write operand, as the interpreter sees it */
  u64 count;   /* instructions compared */
  u64 raced;   /* not compared: another thread wrote the operand */
};
static __thread struct chk chk;

/* The six arithmetic flags of a saved state's registers. */
static u64 flags_of(const u8 *head) {
  memcpy((void *)&chk.flags, head, HEAD);
  return cpu_get_flags(&chk.flags) & F_ARITH;
}

void jit_chk_pre(struct cpu *c, const struct insn *d, u64 ip, u64 info) {
  c->ip = ip; /* as the interpreter's loop leaves them (rip-relative operands) */
  c->rip = ip + d->len;
  save(&chk.pre, c, info);
  chk.n = 0;
  unsigned n = (info >> JCHK_SIZE_SHIFT) & 0xff;
  chk.load = info & JCHK_LOAD_EA;
  if (info & (JCHK_STORE_EA | JCHK_STORE_PUSH | JCHK_LOAD_EA)) {
    u64 a = info & JCHK_STORE_PUSH ? c->r[R_SP] - n : insn_ea(c, d);
    if (c->mode == 32) a = (u32)a;
    if (mm_access_ok(c->mm, a, n, chk.load ? MM_READ : MM_READ | MM_WRITE)) {
      chk.addr = a;
      chk.n = n;
      memcpy(chk.old, c->mem + a, n);
    }
  }
}

static void report(const struct cpu *c, const struct insn *d, u64 ip, const char *what, u64 jit,
                   u64 interp) {
  char bytes[3 * 16 + 1] = "";
  for (unsigned i = 0; i < d->len && i < 15; i++)
    snprintf(bytes + 3 * i, sizeof bytes - 3 * i, "%02x ", c->mem[ip + i]);
  fprintf(stderr,
          "emu: --jit-check: the translation differs from the interpreter at 0x%llx (%s) "
          "after %llu instructions compared: %s translated 0x%llx, interpreted 0x%llx\n",
          (unsigned long long)ip, bytes, (unsigned long long)chk.count, what,
          (unsigned long long)jit, (unsigned long long)interp);
  fflush(stderr);
  _exit(1);
}

void jit_chk_post(struct cpu *c, const struct insn *d, u64 ip, u64 info) {
  static const char *const names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                        "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
  if (chk.load && chk.n && memcmp(chk.old, c->mem + chk.addr, chk.n)) {
    chk.raced++;
    return;
  }
  save(&chk.jit, c, info);
  if (chk.n && !chk.load) memcpy(chk.stored, c->mem + chk.addr, chk.n);
  restore(c, &chk.pre, info);
  c->ip = ip;
  c->rip = ip + d->len;
  /* The copy's host address less the operand's guest address: no wrap, as
   * the guest window (MM_WINDOW64) lies below where the host maps a thread's
   * data; were it not so, the old bytes go back in guest memory instead. */
  bool rmw = chk.n && (info & JCHK_RMW);
  u8 *mem = c->mem, *at = mem + chk.addr;
  if (rmw) {
    memcpy(chk.copy, chk.old, chk.n);
    if ((uintptr_t)chk.copy >= chk.addr)
      c->mem = (u8 *)((uintptr_t)chk.copy - chk.addr), at = chk.copy;
    else
      memcpy(at, chk.old, chk.n);
  }
  d->fn(c, d); /* a fault here that the translation did not take leaves as a fault */
  c->mem = mem;
  if (chk.load && chk.n && memcmp(chk.old, c->mem + chk.addr, chk.n)) {
    chk.raced++; /* written meanwhile: the interpreter's run stands */
    return;
  }
  chk.count++;
  u64 jr[17]; /* the translation's r[0..15] and rip, which follows them */
  memcpy(jr, chk.jit.head, sizeof jr);
  for (int r = 0; r < 16; r++)
    if (c->r[r] != jr[r]) report(c, d, ip, names[r], jr[r], c->r[r]);
  if (c->rip != jr[16]) report(c, d, ip, "rip", jr[16], c->rip);
  for (int r = 0; r < (info & JCHK_XMM ? 16 : 0); r++)
    for (int h = 0; h < 2; h++)
      if (c->xmm[r].q[h] != chk.jit.xmm[r].q[h]) {
        static const char *const xn[16] = {"xmm0",  "xmm1",  "xmm2",  "xmm3", "xmm4",  "xmm5",
                                           "xmm6",  "xmm7",  "xmm8",  "xmm9", "xmm10", "xmm11",
                                           "xmm12", "xmm13", "xmm14", "xmm15"};
        report(c, d, ip, xn[r], chk.jit.xmm[r].q[h], c->xmm[r].q[h]);
      }
  if (info & JCHK_FLAGS_LIVE) {
    /* On copies: reading the flags makes them eager, and the translation
     * knows which record it left. */
    u64 fj = flags_of(chk.jit.head), fi = flags_of((const u8 *)c);
    if (fj != fi) report(c, d, ip, "rflags", fj, fi);
  }
  for (unsigned i = 0; i < (chk.load ? 0 : chk.n); i++)
    if (at[i] != chk.stored[i]) {
      u64 vj = 0, vi = 0;
      memcpy(&vj, chk.stored, chk.n < 8 ? chk.n : 8);
      memcpy(&vi, at, chk.n < 8 ? chk.n : 8);
      report(c, d, ip, "memory stored", vj, vi);
    }
}
