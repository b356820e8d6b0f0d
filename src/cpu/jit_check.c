/* jit_check.c — --jit-check: the two tiers in lockstep.  Every instruction
 * the translation tier runs as host code (jit.c's native forms; those that
 * call their handler are the interpreter's already) is run again by the
 * interpreter from the state before it, and the two results are compared:
 * the general registers, rip, the six arithmetic flags where a later
 * instruction can see them, and the bytes the instruction stored.  The
 * first difference is reported with the instruction and both values, and
 * emu exits with status 1.
 *
 * The translation calls jit_chk_pre before such an instruction and
 * jit_chk_post after it (on each way out of a block for a branch).  Before:
 * the CPU state and the bytes the instruction may store (its memory operand,
 * or the stack slot of PUSH and CALL) are saved.  After: the translated
 * result is saved, those bytes put back, the saved state restored and the
 * instruction's handler run on it, as the interpreter's loop runs it.  The
 * interpreter's result is what the program goes on with.
 *
 * Memory another thread writes meanwhile would read differently the second
 * time: an instruction whose operand changed between the two runs is not
 * compared (counted in chk.raced), and the translation's result stands.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jit.h"
#include "../mem/mem.h"

bool cpu_jit_check;

struct chk {
  struct cpu pre, jit;
  u64 addr;      /* where the instruction may store */
  unsigned n;    /* how many bytes (0: none, or not accessible: it faults) */
  bool load;     /* the bytes are a source only */
  u8 old[16], stored[16];
  u64 count;     /* instructions compared */
  u64 raced;     /* not compared: another thread wrote the operand */
};
static __thread struct chk chk;

void jit_chk_pre(struct cpu *c, const struct insn *d, u64 ip, u64 info) {
  c->ip = ip; /* as the interpreter's loop leaves them (rip-relative operands) */
  c->rip = ip + d->len;
  chk.pre = *c;
  chk.n = 0;
  unsigned n = (info >> JCHK_SIZE_SHIFT) & 0xff;
  chk.load = info & JCHK_LOAD_EA;
  if (info & (JCHK_STORE_EA | JCHK_STORE_PUSH | JCHK_LOAD_EA)) {
    u64 a = info & JCHK_STORE_PUSH ? c->r[R_SP] - 8 : insn_ea(c, d);
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
  chk.jit = *c;
  if (chk.n && !chk.load) {
    memcpy(chk.stored, c->mem + chk.addr, chk.n);
    memcpy(c->mem + chk.addr, chk.old, chk.n);
  }
  int kick = c->kick; /* a host signal may have come meanwhile */
  *c = chk.pre;
  c->kick |= kick;
  c->ip = ip;
  c->rip = ip + d->len;
  d->fn(c, d); /* a fault here that the translation did not take leaves as a fault */
  if (chk.load && chk.n && memcmp(chk.old, c->mem + chk.addr, chk.n)) {
    chk.raced++; /* written meanwhile: the interpreter's run stands */
    return;
  }
  chk.count++;
  for (int r = 0; r < 16; r++)
    if (c->r[r] != chk.jit.r[r]) report(c, d, ip, names[r], chk.jit.r[r], c->r[r]);
  if (c->rip != chk.jit.rip) report(c, d, ip, "rip", chk.jit.rip, c->rip);
  if (info & JCHK_FLAGS_LIVE) {
    /* On copies: reading the flags makes them eager, and the translation
     * knows which record it left. */
    struct cpu t = chk.jit, u = *c;
    u64 fj = cpu_get_flags(&t) & F_ARITH, fi = cpu_get_flags(&u) & F_ARITH;
    if (fj != fi) report(c, d, ip, "rflags", fj, fi);
  }
  for (unsigned i = 0; i < (chk.load ? 0 : chk.n); i++)
    if (c->mem[chk.addr + i] != chk.stored[i]) {
      u64 vj = 0, vi = 0;
      memcpy(&vj, chk.stored, chk.n < 8 ? chk.n : 8);
      memcpy(&vi, c->mem + chk.addr, chk.n < 8 ? chk.n : 8);
      report(c, d, ip, "memory stored", vj, vi);
    }
}
