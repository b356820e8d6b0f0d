/* exec_alu.c — integer add/subtract/logic: the eight-way ALU opcodes 00-3D
 * and group 1 (80-83), TEST, INC/DEC (40-4F, FE/FF /0 /1), NOT/NEG (F6/F7),
 * CMC/CLC/STC, XADD, CMPXCHG, CMPXCHG8B/16B.  Mirrors the SDM vol. 2
 * pseudocode of each instruction.
 *
 * Read-modify-write order (precise faults): load, compute, store, then flags
 * and registers.  LOCK on a memory destination goes through alu_cas on the
 * host pointer so other guest threads see one atomic update; LOCK anywhere
 * else is #UD.
 */
#include "cpu_internal.h"
#include "ops_alu.h"

/* The ALU operation in bits 5:3 of opcodes 00-3D and ModRM.reg of group 1. */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static inline u64 alu_calc(int op, u64 a, u64 b, u64 cf) {
  switch (op) {
  case ALU_ADD: return a + b;
  case ALU_OR: return a | b;
  case ALU_ADC: return a + b + cf;
  case ALU_SBB: return a - b - cf;
  case ALU_AND: return a & b;
  case ALU_XOR: return a ^ b;
  default: return a - b; /* SUB, CMP */
  }
}

static inline void alu_setcc(struct cpu *c, int op, int size, u64 res, u64 a, u64 b) {
  static const u8 ccop[8] = {CC_ADD, CC_LOGIC, CC_ADC, CC_SBB, CC_LOGIC, CC_SUB, CC_LOGIC, CC_SUB};
  cc_lazy(c, ccop[op], size, res, a, b);
}

/* dst op= b where dst is the E operand. */
static inline void alu_E(struct cpu *c, const struct insn *d, int op, int size, u64 b) {
  u64 m = size_mask(size), a, res, cf = 0;
  b &= m;
  if (op == ALU_ADC || op == ALU_SBB) cf = flags_cf(c);
  if (d->mod == 3) {
    alu_nolock(c, d);
    a = reg_get(c, d, d->rm, size);
    res = alu_calc(op, a, b, cf) & m;
    if (op != ALU_CMP) reg_set(c, d, d->rm, size, res);
  } else if (LIKELY(!d->lock)) {
    u64 ea = insn_ea(c, d);
    a = mem_get(c, ea, size);
    res = alu_calc(op, a, b, cf) & m;
    if (op != ALU_CMP) mem_set(c, ea, size, res);
  } else {
    if (op == ALU_CMP) cpu_exception(c, STOP_UD);
    u8 *p = cpu_host(c, insn_ea(c, d), size);
    a = alu_peek(p, size);
    do res = alu_calc(op, a, b, cf) & m;
    while (!alu_cas(p, size, &a, res));
  }
  alu_setcc(c, op, size, res, a, b);
}

/* G op= E (and the accumulator forms, with b an immediate). */
static inline void alu_R(struct cpu *c, const struct insn *d, int op, int size, int r, u64 b) {
  u64 m = size_mask(size), a, res, cf = 0;
  alu_nolock(c, d);
  b &= m;
  if (op == ALU_ADC || op == ALU_SBB) cf = flags_cf(c);
  a = reg_get(c, d, r, size);
  res = alu_calc(op, a, b, cf) & m;
  if (op != ALU_CMP) reg_set(c, d, r, size, res);
  alu_setcc(c, op, size, res, a, b);
}

#define ALU_HANDLERS(name, op)                                                                \
  void op_##name##_Eb_Gb(struct cpu *c, const struct insn *d) {                               \
    alu_E(c, d, op, 1, get_G(c, d, 1));                                                       \
  }                                                                                           \
  void op_##name##_Ev_Gv(struct cpu *c, const struct insn *d) {                               \
    alu_E(c, d, op, d->opsz, get_G(c, d, d->opsz));                                           \
  }                                                                                           \
  void op_##name##_Gb_Eb(struct cpu *c, const struct insn *d) {                               \
    alu_R(c, d, op, 1, d->reg, get_E(c, d, 1));                                               \
  }                                                                                           \
  void op_##name##_Gv_Ev(struct cpu *c, const struct insn *d) {                               \
    alu_R(c, d, op, d->opsz, d->reg, get_E(c, d, d->opsz));                                   \
  }                                                                                           \
  void op_##name##_AL_Ib(struct cpu *c, const struct insn *d) {                               \
    alu_R(c, d, op, 1, R_AX, d->imm);                                                         \
  }                                                                                           \
  void op_##name##_rAX_Iz(struct cpu *c, const struct insn *d) {                              \
    alu_R(c, d, op, d->opsz, R_AX, d->imm);                                                   \
  }                                                                                           \
  void op_##name##_Eb_Ib(struct cpu *c, const struct insn *d) { alu_E(c, d, op, 1, d->imm); } \
  void op_##name##_Ev_Iz(struct cpu *c, const struct insn *d) {                               \
    alu_E(c, d, op, d->opsz, d->imm);                                                         \
  }                                                                                           \
  void op_##name##_Ev_Ib(struct cpu *c, const struct insn *d) { alu_E(c, d, op, d->opsz, d->imm); }

ALU_HANDLERS(add, ALU_ADD)
ALU_HANDLERS(or, ALU_OR)
ALU_HANDLERS(adc, ALU_ADC)
ALU_HANDLERS(sbb, ALU_SBB)
ALU_HANDLERS(and, ALU_AND)
ALU_HANDLERS(sub, ALU_SUB)
ALU_HANDLERS(xor, ALU_XOR)
ALU_HANDLERS(cmp, ALU_CMP)

/* ---- TEST: AND without the store ---- */

static inline void test_op(struct cpu *c, const struct insn *d, int size, u64 a, u64 b) {
  alu_nolock(c, d);
  cc_lazy(c, CC_LOGIC, size, (a & b) & size_mask(size), 0, 0);
}
void op_test_Eb_Gb(struct cpu *c, const struct insn *d) {
  test_op(c, d, 1, get_E(c, d, 1), get_G(c, d, 1));
}
void op_test_Ev_Gv(struct cpu *c, const struct insn *d) {
  test_op(c, d, d->opsz, get_E(c, d, d->opsz), get_G(c, d, d->opsz));
}
void op_test_AL_Ib(struct cpu *c, const struct insn *d) { test_op(c, d, 1, c->r[R_AX], d->imm); }
void op_test_rAX_Iz(struct cpu *c, const struct insn *d) {
  test_op(c, d, d->opsz, c->r[R_AX], d->imm);
}
void op_test_Eb_Ib(struct cpu *c, const struct insn *d) {
  test_op(c, d, 1, get_E(c, d, 1), d->imm);
}
void op_test_Ev_Iz(struct cpu *c, const struct insn *d) {
  test_op(c, d, d->opsz, get_E(c, d, d->opsz), d->imm);
}

/* ---- Unary read-modify-write: INC, DEC, NOT, NEG ---- */

enum { UN_INC, UN_DEC, UN_NOT, UN_NEG };

static inline u64 unary_calc(int op, u64 a) {
  switch (op) {
  case UN_INC: return a + 1;
  case UN_DEC: return a - 1;
  case UN_NOT: return ~a;
  default: return -a;
  }
}

static inline void unary_E(struct cpu *c, const struct insn *d, int op, int size) {
  u64 m = size_mask(size), a, res;
  if (d->mod == 3) {
    alu_nolock(c, d);
    a = reg_get(c, d, d->rm, size);
    res = unary_calc(op, a) & m;
    reg_set(c, d, d->rm, size, res);
  } else if (LIKELY(!d->lock)) {
    u64 ea = insn_ea(c, d);
    a = mem_get(c, ea, size);
    res = unary_calc(op, a) & m;
    mem_set(c, ea, size, res);
  } else {
    u8 *p = cpu_host(c, insn_ea(c, d), size);
    a = alu_peek(p, size);
    do res = unary_calc(op, a) & m;
    while (!alu_cas(p, size, &a, res));
  }
  switch (op) {
  case UN_INC: cc_lazy(c, CC_INC, size, res, a, flags_cf(c)); break;
  case UN_DEC: cc_lazy(c, CC_DEC, size, res, a, flags_cf(c)); break;
  case UN_NEG: cc_lazy(c, CC_SUB, size, res, 0, a); break;
  default: break; /* NOT changes no flags */
  }
}

void op_inc_Eb(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_INC, 1); }
void op_dec_Eb(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_DEC, 1); }
void op_inc_Ev(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_INC, d->opsz); }
void op_dec_Ev(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_DEC, d->opsz); }
void op_not_Eb(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_NOT, 1); }
void op_not_Ev(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_NOT, d->opsz); }
void op_neg_Eb(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_NEG, 1); }
void op_neg_Ev(struct cpu *c, const struct insn *d) { unary_E(c, d, UN_NEG, d->opsz); }

/* 40+r INC / 48+r DEC (32-bit mode only; in 64-bit mode these bytes are REX). */
void op_inc_Zv(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  u64 a = reg_get(c, d, d->reg, d->opsz), res = (a + 1) & size_mask(d->opsz);
  reg_set(c, d, d->reg, d->opsz, res);
  cc_lazy(c, CC_INC, d->opsz, res, a, flags_cf(c));
}
void op_dec_Zv(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  u64 a = reg_get(c, d, d->reg, d->opsz), res = (a - 1) & size_mask(d->opsz);
  reg_set(c, d, d->reg, d->opsz, res);
  cc_lazy(c, CC_DEC, d->opsz, res, a, flags_cf(c));
}

/* ---- Carry flag ---- */

void op_cmc(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  cpu_set_flags(c, flags_cf(c) ^ F_CF, F_CF);
}
void op_clc(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  cpu_set_flags(c, 0, F_CF);
}
void op_stc(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  cpu_set_flags(c, F_CF, F_CF);
}
/* D6 SALC (32-bit mode only): AL = CF ? 0xFF : 0, flags unchanged.  Missing
 * from the SDM's instruction pages but listed in its opcode map as reserved
 * and executed by every Intel and AMD CPU outside 64-bit mode. */
void op_salc(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  reg_set(c, d, R_AX, 1, flags_cf(c) ? 0xff : 0);
}

/* ---- XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP ---- */

static inline void xadd(struct cpu *c, const struct insn *d, int size) {
  u64 m = size_mask(size), b = get_G(c, d, size), a, res;
  if (d->mod == 3) {
    alu_nolock(c, d);
    a = reg_get(c, d, d->rm, size);
    res = (a + b) & m;
    set_G(c, d, size, a);
    reg_set(c, d, d->rm, size, res); /* last: xadd %eax,%eax leaves the sum */
  } else {
    if (LIKELY(!d->lock)) {
      u64 ea = insn_ea(c, d);
      a = mem_get(c, ea, size);
      res = (a + b) & m;
      mem_set(c, ea, size, res);
    } else {
      u8 *p = cpu_host(c, insn_ea(c, d), size);
      a = alu_peek(p, size);
      do res = (a + b) & m;
      while (!alu_cas(p, size, &a, res));
    }
    set_G(c, d, size, a);
  }
  cc_lazy(c, CC_ADD, size, res, a, b);
}
void op_xadd_Eb_Gb(struct cpu *c, const struct insn *d) { xadd(c, d, 1); }
void op_xadd_Ev_Gv(struct cpu *c, const struct insn *d) { xadd(c, d, d->opsz); }

/* ---- CMPXCHG: compare the accumulator with DEST; equal: DEST = SRC, else
 * accumulator = DEST.  Flags as CMP accumulator, DEST.  A memory destination
 * is written either way (SDM: "the destination operand is written back if
 * the comparison fails"), so a read-only page faults either way.  With a
 * 32-bit register destination in 64-bit mode only the register written is
 * zero-extended (success: DEST; failure: EAX), as the host (AMD) does. ---- */

static inline void cmpxchg(struct cpu *c, const struct insn *d, int size) {
  u64 m = size_mask(size), acc = reg_get(c, d, R_AX, size), src = get_G(c, d, size), cur;
  bool eq;
  if (d->mod == 3) {
    alu_nolock(c, d);
    cur = reg_get(c, d, d->rm, size);
    eq = cur == acc;
    if (eq) reg_set(c, d, d->rm, size, src);
  } else if (LIKELY(!d->lock)) {
    u64 ea = insn_ea(c, d);
    cur = mem_get(c, ea, size);
    eq = cur == acc;
    mem_set(c, ea, size, eq ? src : cur);
  } else {
    u8 *p = cpu_host(c, insn_ea(c, d), size);
    cur = acc;
    eq = alu_cas(p, size, &cur, src);
  }
  if (!eq) reg_set(c, d, R_AX, size, cur);
  cc_lazy(c, CC_SUB, size, (acc - cur) & m, acc, cur);
}
void op_cmpxchg_Eb_Gb(struct cpu *c, const struct insn *d) { cmpxchg(c, d, 1); }
void op_cmpxchg_Ev_Gv(struct cpu *c, const struct insn *d) { cmpxchg(c, d, d->opsz); }

/* 0F C7 /1: CMPXCHG8B m64 (EDX:EAX vs m64; equal: m64 = ECX:EBX) and, with
 * REX.W, CMPXCHG16B m128 (#GP unless 16-byte aligned).  Only ZF changes.
 * Both are always executed atomically here: cheap, and LOCK is the normal
 * use.  Failure writes EDX:EAX (zero-extending in 64-bit mode). */
void op_cmpxchg8b_Mq(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  u64 ea = insn_ea(c, d);
  bool eq;
  if (d->opsz == 8) {
    if (ea & 15) cpu_exception(c, STOP_GP);
    u8 *p = cpu_host(c, ea, 16);
    u64 lo = c->r[R_AX], hi = c->r[R_DX];
    u8 z;
    __asm__ volatile("lock cmpxchg16b %1\n\tsetz %0"
                     : "=q"(z), "+m"(*(u128 *)p), "+a"(lo), "+d"(hi)
                     : "b"(c->r[R_BX]), "c"(c->r[R_CX])
                     : "memory", "cc");
    eq = z;
    if (!eq) {
      c->r[R_AX] = lo;
      c->r[R_DX] = hi;
    }
  } else {
    u8 *p = cpu_host(c, ea, 8);
    u64 cur = (c->r[R_DX] & 0xffffffff) << 32 | (c->r[R_AX] & 0xffffffff);
    u64 src = (c->r[R_CX] & 0xffffffff) << 32 | (c->r[R_BX] & 0xffffffff);
    eq = alu_cas(p, 8, &cur, src);
    if (!eq) {
      c->r[R_AX] = (u32)cur;
      c->r[R_DX] = cur >> 32;
    }
  }
  cpu_set_flags(c, eq ? F_ZF : 0, F_ZF);
}
