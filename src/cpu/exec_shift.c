/* exec_shift.c — group 2 (C0 C1 D0-D3: ROL ROR RCL RCR SHL SHR SAL SAR in
 * the Ib, 1 and CL count forms) and SHLD/SHRD (0F A4 A5 AC AD).  Mirrors the
 * SDM vol. 2 pseudocode "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD".
 *
 * The count is masked to 5 bits (6 with a 64-bit operand).  A masked count of
 * 0 changes no flags; a 32-bit register destination is still written (and so
 * zero-extended), as the hardware does.  Choices for what the SDM leaves
 * undefined (the tests mask these):
 *   - OF after a multi-bit shift or rotate: the 1-bit formula applied to the
 *     result (as Intel hardware does);
 *   - AF after shifts and SHLD/SHRD: cleared;
 *   - CF of SHL/SHR/SHLD/SHRD when the count exceeds the operand width
 *     (byte and word forms): the bit shifted out of a wide shift, 0 past it;
 *   - the result of a 16-bit SHLD/SHRD with a count above 16: bits of the
 *     32-bit concatenation DEST:SRC (SHLD) or SRC:DEST (SHRD), zeros past it.
 */
#include "cpu_internal.h"
#include "ops_alu.h"

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

/* The result of the shift or rotate (count already masked, not 0); for
 * rotates also the new CF and OF in *cf and *of.  Pure: the flags are written
 * by shift_flags once the result is stored. */
static inline u64 shift_calc(int op, int size, u64 a, unsigned count, u64 cfin, u64 *cf, u64 *of) {
  unsigned bits = size * 8, n;
  u64 m = size_mask(size), res;
  switch (op) {
  case SH_ROL:
    n = count & (bits - 1);
    res = n ? ((a << n) | (a >> (bits - n))) & m : a;
    *cf = res & 1;
    *of = ((res >> (bits - 1)) ^ *cf) & 1;
    return res;
  case SH_ROR:
    n = count & (bits - 1);
    res = n ? ((a >> n) | (a << (bits - n))) & m : a;
    *cf = (res >> (bits - 1)) & 1;
    *of = ((res >> (bits - 1)) ^ (res >> (bits - 2))) & 1;
    return res;
  case SH_RCL:
  case SH_RCR: {
    /* rotate the (bits + 1)-bit value CF:a */
    u128 v = (u128)cfin << bits | a, vm = ((u128)1 << (bits + 1)) - 1;
    n = count % (bits + 1);
    if (n && op == SH_RCL) v = (v << n | v >> (bits + 1 - n)) & vm;
    if (n && op == SH_RCR) v = (v >> n | v << (bits + 1 - n)) & vm;
    res = (u64)v & m;
    *cf = (u64)(v >> bits) & 1;
    if (op == SH_RCL)
      *of = ((res >> (bits - 1)) ^ *cf) & 1;
    else
      *of = ((res >> (bits - 1)) ^ (res >> (bits - 2))) & 1;
    return res;
  }
  case SH_SHL:
  case SH_SAL: return (a << count) & m;
  case SH_SHR: return a >> count;
  default: return (u64)(sext(a, size) >> count) & m; /* SAR */
  }
}

static inline void shift_flags(struct cpu *c, int op, int size, u64 res, u64 a, unsigned count,
                               u64 cf, u64 of) {
  switch (op) {
  case SH_SHL:
  case SH_SAL: cc_lazy(c, CC_SHL, size, res, a, count); break;
  case SH_SHR: cc_lazy(c, CC_SHR, size, res, a, count); break;
  case SH_SAR: cc_lazy(c, CC_SAR, size, res, a, count); break;
  default: cpu_set_flags(c, cf * F_CF | of * F_OF, F_CF | F_OF); break;
  }
}

static inline void shift_E(struct cpu *c, const struct insn *d, int op, int size, unsigned count) {
  u64 ea = 0, a, res, cf = 0, of = 0, cfin = 0;
  alu_nolock(c, d);
  count &= size == 8 ? 63 : 31;
  if (d->mod == 3) {
    a = reg_get(c, d, d->rm, size);
  } else {
    ea = insn_ea(c, d);
    a = mem_get(c, ea, size);
  }
  if (!count) { /* no flags; a 32-bit register is still written (zero-extended) */
    if (d->mod == 3) reg_set(c, d, d->rm, size, a);
    return;
  }
  if (op == SH_RCL || op == SH_RCR) cfin = flags_cf(c);
  res = shift_calc(op, size, a, count, cfin, &cf, &of);
  if (d->mod == 3)
    reg_set(c, d, d->rm, size, res);
  else
    mem_set(c, ea, size, res);
  shift_flags(c, op, size, res, a, count, cf, of);
}

#define SHIFT_HANDLERS(name, op)                                                                \
  void op_##name##_Eb_Ib(struct cpu *c, const struct insn *d) { shift_E(c, d, op, 1, d->imm); } \
  void op_##name##_Ev_Ib(struct cpu *c, const struct insn *d) {                                 \
    shift_E(c, d, op, d->opsz, d->imm);                                                         \
  }                                                                                             \
  void op_##name##_Eb_1(struct cpu *c, const struct insn *d) { shift_E(c, d, op, 1, 1); }       \
  void op_##name##_Ev_1(struct cpu *c, const struct insn *d) { shift_E(c, d, op, d->opsz, 1); } \
  void op_##name##_Eb_CL(struct cpu *c, const struct insn *d) {                                 \
    shift_E(c, d, op, 1, c->r[R_CX] & 0xff);                                                    \
  }                                                                                             \
  void op_##name##_Ev_CL(struct cpu *c, const struct insn *d) {                                 \
    shift_E(c, d, op, d->opsz, c->r[R_CX] & 0xff);                                              \
  }

SHIFT_HANDLERS(rol, SH_ROL)
SHIFT_HANDLERS(ror, SH_ROR)
SHIFT_HANDLERS(rcl, SH_RCL)
SHIFT_HANDLERS(rcr, SH_RCR)
SHIFT_HANDLERS(shl, SH_SHL)
SHIFT_HANDLERS(shr, SH_SHR)
SHIFT_HANDLERS(sar, SH_SAR)

/* ---- SHLD/SHRD Ev, Gv, count: shift DEST, filling from SRC ---- */

static inline void shxd(struct cpu *c, const struct insn *d, bool left, unsigned count) {
  int size = d->opsz;
  unsigned bits = size * 8;
  u64 m = size_mask(size), src = get_G(c, d, size), ea = 0, a, res, cf;
  alu_nolock(c, d);
  count &= size == 8 ? 63 : 31;
  if (d->mod == 3) {
    a = reg_get(c, d, d->rm, size);
  } else {
    ea = insn_ea(c, d);
    a = mem_get(c, ea, size);
  }
  if (!count) {
    if (d->mod == 3) reg_set(c, d, d->rm, size, a);
    return;
  }
  if (left) {
    u128 w = (u128)a << bits | src;
    res = (u64)((w << count) >> bits) & m;
    cf = (u64)(w >> (2 * bits - count)) & 1;
  } else {
    u128 w = (u128)src << bits | a;
    res = (u64)(w >> count) & m;
    cf = (u64)(w >> (count - 1)) & 1;
  }
  if (d->mod == 3)
    reg_set(c, d, d->rm, size, res);
  else
    mem_set(c, ea, size, res);
  unsigned top = size * 8 - 1;
  u64 of = ((res ^ a) >> top) & 1;
  u64 f = cf * F_CF | of * F_OF | (res == 0 ? F_ZF : 0) | ((res >> top) & 1) * F_SF |
          (__builtin_parity((u8)res) ? 0 : F_PF);
  cpu_set_flags(c, f, F_ARITH);
}

void op_shld_Ev_Gv_Ib(struct cpu *c, const struct insn *d) { shxd(c, d, true, d->imm); }
void op_shld_Ev_Gv_CL(struct cpu *c, const struct insn *d) { shxd(c, d, true, c->r[R_CX]); }
void op_shrd_Ev_Gv_Ib(struct cpu *c, const struct insn *d) { shxd(c, d, false, d->imm); }
void op_shrd_Ev_Gv_CL(struct cpu *c, const struct insn *d) { shxd(c, d, false, c->r[R_CX]); }
