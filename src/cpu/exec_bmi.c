/* exec_bmi.c — the VEX-encoded general-purpose bit instructions and ADX:
 * BMI1 ANDN, BEXTR, BLSI, BLSMSK, BLSR (VEX.0F38 F2 F7 F3 /3 /2 /1); BMI2
 * BZHI, PDEP, PEXT, MULX, RORX, SARX, SHLX, SHRX (VEX.0F38 F5 F6 F7,
 * VEX.0F3A F0); ADX ADCX, ADOX (66/F3 0F38 F6).  TZCNT and LZCNT live in
 * exec_bits.c.  Mirrors the SDM vol. 2 pseudocode and "Flags Affected" of
 * each, and section 2.5.1 (VEX.L = 1 is #UD: DEC_VEX_L0 in the tables).
 *
 * Operands are 32 or 64 bits (d->opsz from VEX.W or REX.W; the decoder
 * makes it 32 in 32-bit mode).  The memory operand is read before any
 * register changes, so a fault leaves the registers intact.
 *
 * Flags the SDM leaves undefined (AF and PF of the BMI1 instructions and
 * BZHI, SF of BEXTR) keep their old values; hardware differs there (AMD sets
 * AF and PF after BEXTR) and the tests mask them.  The BMI2 instructions
 * other than BZHI touch no flags; ADCX writes only CF, ADOX only OF.
 */
#include "cpu_internal.h"
#include "ops_alu.h"
#include "ops_bmi.h"

static inline u64 vex_get_B(const struct cpu *c, const struct insn *d, int size) {
  return reg_get(c, d, d->vvvv, size);
}
static inline void vex_set_B(struct cpu *c, const struct insn *d, int size, u64 v) {
  reg_set(c, d, d->vvvv, size, v);
}

/* SF and ZF of a size-byte result. */
static inline u64 bmi_szf(u64 res, int size) {
  return (res == 0 ? F_ZF : 0) | ((res >> (size * 8 - 1)) & 1 ? F_SF : 0);
}

/* ---- BMI1 ---- */

void op_andn_Gy_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src2 = get_E(c, d, size), res = ~vex_get_B(c, d, size) & src2 & size_mask(size);
  set_G(c, d, size, res);
  cpu_set_flags(c, bmi_szf(res, size), F_SF | F_ZF | F_OF | F_CF);
}

void op_bextr_Gy_Ey_By(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), ctl = vex_get_B(c, d, size);
  unsigned start = ctl & 0xff, len = (ctl >> 8) & 0xff;
  /* DEST := ZERO_EXTEND(TEMP[START+LEN-1 : START]), TEMP the zero-extended source */
  u64 res = start >= 64 ? 0 : src >> start;
  if (len < 64) res &= (1ull << len) - 1;
  set_G(c, d, size, res);
  cpu_set_flags(c, res ? 0 : F_ZF, F_ZF | F_OF | F_CF);
}

void op_blsr_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), res = (src - 1) & src;
  vex_set_B(c, d, size, res);
  cpu_set_flags(c, bmi_szf(res, size) | (src ? 0 : F_CF), F_SF | F_ZF | F_OF | F_CF);
}

void op_blsmsk_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), res = ((src - 1) ^ src) & size_mask(size);
  vex_set_B(c, d, size, res);
  cpu_set_flags(c, (bmi_szf(res, size) & F_SF) | (src ? 0 : F_CF), F_SF | F_ZF | F_OF | F_CF);
}

void op_blsi_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), res = -src & src;
  vex_set_B(c, d, size, res);
  cpu_set_flags(c, bmi_szf(res, size) | (src ? F_CF : 0), F_SF | F_ZF | F_OF | F_CF);
}

/* ---- BMI2 ---- */

void op_bzhi_Gy_Ey_By(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  unsigned bits = size * 8;
  u64 src = get_E(c, d, size), n = vex_get_B(c, d, size) & 0xff, res = src;
  if (n < bits) res &= (1ull << n) - 1; /* n < 64 here */
  set_G(c, d, size, res);
  cpu_set_flags(c, bmi_szf(res, size) | (n > bits - 1 ? F_CF : 0), F_SF | F_ZF | F_OF | F_CF);
}

/* PDEP: the low bits of src, in order, go to the set bits of mask. */
void op_pdep_Gy_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 mask = get_E(c, d, size), src = vex_get_B(c, d, size), res = 0;
  for (u64 k = 1; mask; mask &= mask - 1, k <<= 1)
    if (src & k) res |= mask & -mask;
  set_G(c, d, size, res);
}

/* PEXT: the bits of src at the set bits of mask, packed into the low bits. */
void op_pext_Gy_By_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 mask = get_E(c, d, size), src = vex_get_B(c, d, size), res = 0;
  for (u64 k = 1; mask; mask &= mask - 1, k <<= 1)
    if (src & mask & -mask) res |= k;
  set_G(c, d, size, res);
}

/* MULX: rDX * Ey unsigned; the low half to vvvv, then the high half to
 * ModRM.reg, so the high half wins when both name one register. */
void op_mulx_By_Gy_rDX_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), dx = reg_get(c, d, R_DX, size), lo, hi;
  if (size == 8) {
    unsigned __int128 p = (unsigned __int128)dx * src;
    lo = (u64)p;
    hi = (u64)(p >> 64);
  } else {
    u64 p = dx * src;
    lo = (u32)p;
    hi = p >> 32;
  }
  vex_set_B(c, d, size, lo);
  set_G(c, d, size, hi);
}

void op_rorx_Gy_Ey_Ib(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  unsigned bits = size * 8, n = d->imm & (bits - 1);
  u64 src = get_E(c, d, size);
  set_G(c, d, size, n ? ((src >> n) | (src << (bits - n))) & size_mask(size) : src);
}

/* SARX/SHLX/SHRX: count = vvvv masked to 5 or 6 bits. */
static inline unsigned shx_count(const struct cpu *c, const struct insn *d) {
  return vex_get_B(c, d, d->opsz) & (d->opsz * 8 - 1);
}

void op_sarx_Gy_Ey_By(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size);
  set_G(c, d, size, (u64)(sext(src, size) >> shx_count(c, d)));
}

void op_shlx_Gy_Ey_By(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size);
  set_G(c, d, size, src << shx_count(c, d));
}

void op_shrx_Gy_Ey_By(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size);
  set_G(c, d, size, src >> shx_count(c, d));
}

/* ---- ADX ---- */

/* dest + src + carry in size bytes; *carry receives the carry out. */
static inline u64 adx_add(u64 a, u64 b, u64 *carry, int size) {
  u64 m = size_mask(size), res = (a + b + *carry) & m;
  *carry = size == 8 ? (res < a || (res == a && *carry)) : (a + b + *carry) >> 32;
  return res;
}

void op_adcx_Gy_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), cf = flags_cf(c);
  set_G(c, d, size, adx_add(get_G(c, d, size), src, &cf, size));
  cpu_set_flags(c, cf ? F_CF : 0, F_CF);
}

void op_adox_Gy_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  u64 src = get_E(c, d, size), of = (cpu_get_flags(c) & F_OF) != 0;
  set_G(c, d, size, adx_add(get_G(c, d, size), src, &of, size));
  cpu_set_flags(c, of ? F_OF : 0, F_OF);
}
