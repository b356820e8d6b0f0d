/* exec_string.c — string instructions MOVS, CMPS, STOS, LODS, SCAS with
 * REP/REPE/REPNE, both directions (DF), address sizes 16/32/64.  Mirrors the
 * SDM volume 2 pages of the same names and "REP/REPE/REPZ/REPNE/REPNZ".
 *
 *   source       seg:rSI  (DS by default; an override applies)
 *   destination  ES:rDI   (no override; ES's base counts in 32-bit mode)
 *   count        rCX      (REP; the address size picks rCX/ECX/CX)
 *
 * With a 32-bit address size the writes to ESI/EDI/ECX zero-extend, with 16
 * they replace only SI/DI/CX (checked on the host).  A REP instruction
 * updates rCX/rSI/rDI after every element, so a fault part-way leaves the
 * restartable state hardware leaves.  REP MOVS/STOS forward with a range the
 * guest may access whole take a host memmove/memset fast path; it cannot
 * fault (the range is checked first) and leaves the same final state.
 * REP with rCX = 0 does nothing (no register or flag changes).
 * Single-stepped (TF, c->rep_single), a REP instruction runs one iteration
 * per #DB, rip staying on it while iterations remain (SDM Vol. 3, 18.3.1.4:
 * the trap comes after each iteration).
 * F2 on MOVS/STOS/LODS acts as REP, as on hardware.
 */
#include <string.h>

#include "../mem/mem.h"
#include "ops_mov.h"

static inline u64 amask(const struct insn *d) { return size_mask(d->adsz); }

/* Write an address-size register (SI, DI, CX). */
static inline void aset(struct cpu *c, const struct insn *d, int r, u64 v) {
  if (d->adsz == 8)
    c->r[r] = v;
  else if (d->adsz == 4)
    c->r[r] = (u32)v;
  else
    c->r[r] = (c->r[r] & ~0xffffull) | (v & 0xffff);
}

static inline u64 src_addr(const struct cpu *c, const struct insn *d) {
  u64 a = c->r[R_SI] & amask(d);
  if (d->seg != SEG_NONE) {
    a += c->seg_base[d->seg];
    if (c->mode == 32) {
      cpu_seg_check(c, d->seg);
      a = (u32)a;
    }
  }
  return a;
}

/* ES:rDI.  In 32-bit mode ES may hold a TLS or LDT selector with a base
 * (64-bit mode ignores the ES base). */
static inline u64 dst_addr(const struct cpu *c, const struct insn *d) {
  u64 a = c->r[R_DI] & amask(d);
  if (c->mode == 32) {
    cpu_seg_check(c, SEG_ES);
    a = (u32)(a + c->seg_base[SEG_ES]);
  }
  return a;
}

static inline i64 str_step(const struct cpu *c, int size) {
  return (c->flags & F_DF) ? -size : size; /* DF is always exact in c->flags */
}

/* True when [a, a+n) lies in the window and the guest may access it with
 * prot, so host accesses there cannot fault. */
static bool range_ok(const struct cpu *c, u64 a, u64 n, int prot) {
  return c->mm && a <= c->mem_limit && n <= c->mem_limit - a && mm_access_ok(c->mm, a, n, prot);
}

/* Forward REP with n elements of size s starting at register value r: the
 * byte count, or 0 when the range would wrap the address size. */
static u64 fwd_bytes(const struct cpu *c, const struct insn *d, u64 r, u64 n, int s) {
  u64 m = amask(d);
  if (n > (c->mem_limit >> 3)) return 0;
  u64 bytes = n * s;
  if (bytes - 1 > m - (r & m)) return 0;
  return bytes;
}

#define FAST_MIN 32 /* below this many elements the plain loop is as good */

/* After an iteration, single-stepped with n left: run the instruction again. */
static inline bool rep_stop(struct cpu *c, u64 n) {
  if (LIKELY(!c->rep_single) || !n) return false;
  c->rip = c->ip;
  return true;
}

/* --- MOVS --- */

static bool movs_fast(struct cpu *c, const struct insn *d, u64 n) {
  int s = d->opsz;
  u64 bytes = fwd_bytes(c, d, c->r[R_SI], n, s);
  if (!bytes || bytes != fwd_bytes(c, d, c->r[R_DI], n, s)) return false;
  u64 src = src_addr(c, d), dst = dst_addr(c, d);
  /* Element-wise forward copying equals memmove unless the destination
   * starts inside the source after its start. */
  if (dst > src && dst < src + bytes) return false;
  if (!range_ok(c, src, bytes, MM_READ) || !range_ok(c, dst, bytes, MM_WRITE)) return false;
  memmove(c->mem + dst, c->mem + src, bytes);
  aset(c, d, R_SI, c->r[R_SI] + bytes);
  aset(c, d, R_DI, c->r[R_DI] + bytes);
  aset(c, d, R_CX, 0);
  return true;
}

void op_movs(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  i64 step = str_step(c, s);
  if (!d->rep) {
    u64 v = mem_get(c, src_addr(c, d), s);
    mem_set(c, dst_addr(c, d), s, v);
    aset(c, d, R_SI, c->r[R_SI] + step);
    aset(c, d, R_DI, c->r[R_DI] + step);
    return;
  }
  u64 n = c->r[R_CX] & amask(d);
  if (n == 0) return;
  if (step > 0 && n >= FAST_MIN && !c->rep_single && movs_fast(c, d, n)) return;
  do {
    u64 v = mem_get(c, src_addr(c, d), s);
    mem_set(c, dst_addr(c, d), s, v);
    aset(c, d, R_SI, c->r[R_SI] + step);
    aset(c, d, R_DI, c->r[R_DI] + step);
    aset(c, d, R_CX, --n);
    if (rep_stop(c, n)) return;
  } while (n);
}

/* --- STOS --- */

static bool stos_fast(struct cpu *c, const struct insn *d, u64 n, u64 v) {
  int s = d->opsz;
  u64 bytes = fwd_bytes(c, d, c->r[R_DI], n, s);
  if (!bytes) return false;
  u64 dst = dst_addr(c, d);
  if (!range_ok(c, dst, bytes, MM_WRITE)) return false;
  u8 *p = c->mem + dst;
  if (s == 1 || v == ((v & 0xff) * 0x0101010101010101ull & size_mask(s))) {
    memset(p, (int)(v & 0xff), bytes);
  } else {
    for (u64 i = 0; i < bytes; i += s) memcpy(p + i, &v, s);
  }
  aset(c, d, R_DI, c->r[R_DI] + bytes);
  aset(c, d, R_CX, 0);
  return true;
}

void op_stos(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 v = c->r[R_AX] & size_mask(s);
  i64 step = str_step(c, s);
  if (!d->rep) {
    mem_set(c, dst_addr(c, d), s, v);
    aset(c, d, R_DI, c->r[R_DI] + step);
    return;
  }
  u64 n = c->r[R_CX] & amask(d);
  if (n == 0) return;
  if (step > 0 && n >= FAST_MIN && !c->rep_single && stos_fast(c, d, n, v)) return;
  do {
    mem_set(c, dst_addr(c, d), s, v);
    aset(c, d, R_DI, c->r[R_DI] + step);
    aset(c, d, R_CX, --n);
    if (rep_stop(c, n)) return;
  } while (n);
}

/* --- LODS --- */

void op_lods(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  i64 step = str_step(c, s);
  u64 n = 1;
  if (d->rep) {
    n = c->r[R_CX] & amask(d);
    if (n == 0) return;
  }
  do {
    u64 v = mem_get(c, src_addr(c, d), s);
    reg_set(c, d, R_AX, s, v);
    aset(c, d, R_SI, c->r[R_SI] + step);
    if (d->rep) aset(c, d, R_CX, n - 1);
    if (d->rep && rep_stop(c, n - 1)) return;
  } while (--n);
}

/* --- CMPS / SCAS: flags as CMP (source - destination), REPE stops on
 * inequality, REPNE on equality, both when rCX reaches 0. --- */

void op_cmps(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = size_mask(s);
  i64 step = str_step(c, s);
  u64 n = 1;
  if (d->rep) {
    n = c->r[R_CX] & amask(d);
    if (n == 0) return;
  }
  for (;;) {
    u64 a = mem_get(c, src_addr(c, d), s);
    u64 b = mem_get(c, dst_addr(c, d), s);
    cc_lazy(c, CC_SUB, s, (a - b) & m, a, b);
    aset(c, d, R_SI, c->r[R_SI] + step);
    aset(c, d, R_DI, c->r[R_DI] + step);
    if (!d->rep) return;
    aset(c, d, R_CX, --n);
    if (n == 0 || (d->rep == 0xF3) != (a == b)) return;
    if (rep_stop(c, n)) return;
  }
}

void op_scas(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = size_mask(s);
  u64 a = c->r[R_AX] & m;
  i64 step = str_step(c, s);
  u64 n = 1;
  if (d->rep) {
    n = c->r[R_CX] & amask(d);
    if (n == 0) return;
  }
  for (;;) {
    u64 b = mem_get(c, dst_addr(c, d), s);
    cc_lazy(c, CC_SUB, s, (a - b) & m, a, b);
    aset(c, d, R_DI, c->r[R_DI] + step);
    if (!d->rep) return;
    aset(c, d, R_CX, --n);
    if (n == 0 || (d->rep == 0xF3) != (a == b)) return;
    if (rep_stop(c, n)) return;
  }
}
