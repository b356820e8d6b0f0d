/* flags.c — the flags gateway: lazy arithmetic flags (cc_op, cc_size, cc_res,
 * cc_a, cc_b; contract above enum cc_op in cpu.h), RFLAGS reads and writes,
 * and the sixteen Jcc/SETcc/CMOVcc conditions.  Mirrors the SDM's flag
 * definitions (vol. 1 appendix A, "EFLAGS cross-reference") and Blink's
 * flags.c / QEMU's cc_helper.c in spirit.
 *
 * Every operand is normalised by shifting it left by 64 - 8 * size: the
 * operation's top bit becomes bit 63, so one formula serves every width, the
 * bits above the operand size fall out, and unsigned or signed compares of
 * the shifted values order the operands as the narrow compare would.
 *
 *   CF of a + b (+cin):  top bit of (a & b) | ((a ^ b) & ~res)
 *   CF of a - b (-bin):  top bit of (~a & b) | (~(a ^ b) & res)
 *   OF of a + b:         top bit of (a ^ res) & (b ^ res)
 *   OF of a - b:         top bit of (a ^ b) & (a ^ res)
 *   AF of either:        bit 4 of a ^ b ^ res
 */
#include "cpu.h"
#include "cpu_internal.h"
#include "ops_alu.h"

static inline unsigned cc_shift(const struct cpu *c) { return 64 - 8 * c->cc_size; }

static inline u64 parity_flag(u64 res) { return __builtin_parity((u8)res) ? 0 : F_PF; }

/* The six arithmetic flags of the pending lazy operation. */
static u64 flags_compute(const struct cpu *c) {
  unsigned s = cc_shift(c);
  u64 a = c->cc_a, b = c->cc_b, res = c->cc_res;
  u64 A = a << s, B = b << s, R = res << s;
  u64 cf = 0, of = 0, af = 0;
  switch (c->cc_op) {
  case CC_ADD:
  case CC_ADC:
    cf = ((A & B) | ((A ^ B) & ~R)) >> 63;
    of = ((A ^ R) & (B ^ R)) >> 63;
    af = (a ^ b ^ res) & F_AF;
    break;
  case CC_SUB:
  case CC_SBB:
  case CC_NEG:
    cf = ((~A & B) | (~(A ^ B) & R)) >> 63;
    of = ((A ^ B) & (A ^ R)) >> 63;
    af = (a ^ b ^ res) & F_AF;
    break;
  case CC_LOGIC: break;
  case CC_INC:
    cf = b & 1;
    of = R == (1ull << 63);
    af = (res & 0xf) == 0 ? F_AF : 0;
    break;
  case CC_DEC:
    cf = b & 1;
    of = R == ~(1ull << 63) - ((1ull << s) - 1);
    af = (res & 0xf) == 0xf ? F_AF : 0;
    break;
  case CC_SHL: /* b = count 1..63; a count beyond the width shifts out zeros */
    cf = (A >> (64 - b)) & 1;
    if (b > 64 - s) cf = 0;
    of = (R >> 63) ^ cf;
    break;
  case CC_SHR:
    cf = ((A >> s) >> (b - 1)) & 1;
    of = A >> 63;
    break;
  case CC_SAR: {
    unsigned n = b - 1 > 63 ? 63 : (unsigned)(b - 1);
    cf = (u64)(((i64)A >> s) >> n) & 1;
    break;
  }
  case CC_MUL:
  case CC_IMUL: cf = of = b & 1; break;
  default: NEVER(1); break;
  }
  return cf * F_CF | of * F_OF | af | (R == 0 ? F_ZF : 0) | (R >> 63) * F_SF | parity_flag(res);
}

u64 flags_cf(struct cpu *c) {
  unsigned s;
  switch (c->cc_op) {
  case CC_EAGER: return c->flags & F_CF;
  case CC_SUB: /* the common case: a compare or subtraction */
    s = cc_shift(c);
    return (c->cc_a << s) < (c->cc_b << s);
  case CC_LOGIC: return 0;
  case CC_INC:
  case CC_DEC: return c->cc_b & 1;
  default: return flags_compute(c) & F_CF;
  }
}

u64 cpu_get_flags(struct cpu *c) {
  if (c->cc_op != CC_EAGER) {
    c->flags = (c->flags & ~(u64)F_ARITH) | flags_compute(c);
    c->cc_op = CC_EAGER;
  }
  return c->flags | 2; /* bit 1 reads as 1 */
}

void cpu_set_flags(struct cpu *c, u64 value, u64 mask) {
  if (c->cc_op != CC_EAGER) {
    if ((mask & F_ARITH) != F_ARITH) c->flags = (c->flags & ~(u64)F_ARITH) | flags_compute(c);
    c->cc_op = CC_EAGER;
  }
  c->flags = (c->flags & ~mask) | (value & mask);
}

/* Condition cc (the low nibble of Jcc/SETcc/CMOVcc) from full flags. */
static bool cond_from_flags(u64 f, int cc) {
  bool r;
  switch (cc >> 1) {
  case 0: r = f & F_OF; break;                                  /* O */
  case 1: r = f & F_CF; break;                                  /* B */
  case 2: r = f & F_ZF; break;                                  /* Z */
  case 3: r = f & (F_CF | F_ZF); break;                         /* BE */
  case 4: r = f & F_SF; break;                                  /* S */
  case 5: r = f & F_PF; break;                                  /* P */
  case 6: r = !(f & F_SF) != !(f & F_OF); break;                /* L */
  default: r = (f & F_ZF) || !(f & F_SF) != !(f & F_OF); break; /* LE */
  }
  return r ^ (cc & 1);
}

bool cpu_cond(struct cpu *c, int cc) {
  unsigned s;
  u64 A, B, R;
  bool r;
  switch (c->cc_op) {
  case CC_EAGER: return cond_from_flags(c->flags, cc);
  case CC_SUB: /* cmp a, b: every condition but O, S and P is a compare */
    s = cc_shift(c);
    A = c->cc_a << s;
    B = c->cc_b << s;
    switch (cc >> 1) {
    case 1: r = A < B; break;
    case 2: r = A == B; break;
    case 3: r = A <= B; break;
    case 6: r = (i64)A < (i64)B; break;
    case 7: r = (i64)A <= (i64)B; break;
    default: goto generic;
    }
    return r ^ (cc & 1);
  case CC_LOGIC: /* CF = OF = 0 */
    R = c->cc_res << cc_shift(c);
    switch (cc >> 1) {
    case 0:
    case 1: r = false; break;
    case 2:
    case 3: r = R == 0; break;
    case 4:
    case 6: r = (i64)R < 0; break;
    case 7: r = (i64)R <= 0; break;
    default: goto generic;
    }
    return r ^ (cc & 1);
  default: /* ZF and SF come straight from the result for every lazy op */
    R = c->cc_res << cc_shift(c);
    switch (cc >> 1) {
    case 2: r = R == 0; break;
    case 4: r = (i64)R < 0; break;
    default: goto generic;
    }
    return r ^ (cc & 1);
  }
generic:
  return cond_from_flags(cpu_get_flags(c), cc);
}
