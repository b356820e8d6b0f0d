/* exec_bits.c — bit instructions: BT/BTS/BTR/BTC (0F A3 AB B3 BB, group 8
 * 0F BA), BSF/BSR (0F BC BD), TZCNT/LZCNT/POPCNT (F3 0F BC BD B8), BSWAP
 * (0F C8+r), MOVBE (0F 38 F0 F1), SETcc (0F 90-9F), CMOVcc (0F 40-4F).
 * Mirrors the SDM vol. 2 pseudocode of each.
 *
 * Choices where the SDM leaves things undefined (the tests mask flags):
 *   - BT*: only CF is written (OF, SF, AF, PF keep their values);
 *   - BSF/BSR: only ZF is written; a zero source leaves the destination
 *     register entirely unchanged (no zero-extension), as AMD documents and
 *     the host does;
 *   - TZCNT/LZCNT: only CF and ZF are written;
 *   - BSWAP with a 16-bit operand: the low 16 bits become 0 (Intel and AMD
 *     hardware do this).
 */
#include "cpu_internal.h"
#include "ops_alu.h"

/* ---- BT, BTS, BTR, BTC ---- */

enum { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };

static inline u64 bt_calc(int op, u64 v, u64 bit) {
  switch (op) {
  case BT_SET: return v | bit;
  case BT_RESET: return v & ~bit;
  case BT_COMPLEMENT: return v ^ bit;
  default: return v;
  }
}

/* Test bit n (already reduced to the operand width) of the operand at ea
 * (memory) or of register rm, then apply op. */
static inline void bt_apply(struct cpu *c, const struct insn *d, int op, int size, u64 ea, u64 n) {
  u64 bit = 1ull << n, v, res;
  if (d->mod == 3) {
    alu_nolock(c, d);
    v = reg_get(c, d, d->rm, size);
    if (op != BT_TEST) reg_set(c, d, d->rm, size, bt_calc(op, v, bit));
  } else if (LIKELY(!d->lock)) {
    v = mem_get(c, ea, size);
    if (op != BT_TEST) mem_set(c, ea, size, bt_calc(op, v, bit));
  } else {
    if (op == BT_TEST) cpu_exception(c, STOP_UD);
    u8 *p = cpu_host(c, ea, size);
    v = alu_peek(p, size);
    do res = bt_calc(op, v, bit);
    while (!alu_cas(p, size, &v, res));
  }
  cpu_set_flags(c, (v >> n) & 1, F_CF);
}

/* Register bit offset: a memory operand is a bit string starting at the
 * effective address; the signed offset selects the operand-sized word
 * ea + size * (offset SAR log2(bits)). */
static inline void bt_G(struct cpu *c, const struct insn *d, int op) {
  int size = d->opsz;
  unsigned bits = size * 8;
  u64 off = get_G(c, d, size), ea = 0;
  if (d->mod != 3) {
    i64 soff = sext(off, size);
    ea = insn_ea(c, d) + (u64)((soff >> __builtin_ctz(bits)) * size);
    if (c->mode == 32 || d->adsz == 4) ea = (u32)ea;
  }
  bt_apply(c, d, op, size, ea, off & (bits - 1));
}

static inline void bt_I(struct cpu *c, const struct insn *d, int op) {
  int size = d->opsz;
  u64 ea = d->mod != 3 ? insn_ea(c, d) : 0;
  bt_apply(c, d, op, size, ea, d->imm & (size * 8 - 1));
}

void op_bt_Ev_Gv(struct cpu *c, const struct insn *d) { bt_G(c, d, BT_TEST); }
void op_bts_Ev_Gv(struct cpu *c, const struct insn *d) { bt_G(c, d, BT_SET); }
void op_btr_Ev_Gv(struct cpu *c, const struct insn *d) { bt_G(c, d, BT_RESET); }
void op_btc_Ev_Gv(struct cpu *c, const struct insn *d) { bt_G(c, d, BT_COMPLEMENT); }
void op_bt_Ev_Ib(struct cpu *c, const struct insn *d) { bt_I(c, d, BT_TEST); }
void op_bts_Ev_Ib(struct cpu *c, const struct insn *d) { bt_I(c, d, BT_SET); }
void op_btr_Ev_Ib(struct cpu *c, const struct insn *d) { bt_I(c, d, BT_RESET); }
void op_btc_Ev_Ib(struct cpu *c, const struct insn *d) { bt_I(c, d, BT_COMPLEMENT); }

/* ---- Bit scans and counts ---- */

void op_bsf_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz);
  alu_nolock(c, d);
  if (v) set_G(c, d, d->opsz, __builtin_ctzll(v));
  cpu_set_flags(c, v ? 0 : F_ZF, F_ZF);
}

void op_bsr_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz);
  alu_nolock(c, d);
  if (v) set_G(c, d, d->opsz, 63 - __builtin_clzll(v));
  cpu_set_flags(c, v ? 0 : F_ZF, F_ZF);
}

void op_tzcnt_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz), n = v ? (u64)__builtin_ctzll(v) : d->opsz * 8u;
  alu_nolock(c, d);
  set_G(c, d, d->opsz, n);
  cpu_set_flags(c, (v ? 0 : F_CF) | (n ? 0 : F_ZF), F_CF | F_ZF);
}

void op_lzcnt_Gv_Ev(struct cpu *c, const struct insn *d) {
  unsigned bits = d->opsz * 8;
  u64 v = get_E(c, d, d->opsz), n = v ? (u64)(__builtin_clzll(v) - (64 - bits)) : bits;
  alu_nolock(c, d);
  set_G(c, d, d->opsz, n);
  cpu_set_flags(c, (v ? 0 : F_CF) | (n ? 0 : F_ZF), F_CF | F_ZF);
}

void op_popcnt_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz);
  alu_nolock(c, d);
  set_G(c, d, d->opsz, __builtin_popcountll(v));
  cpu_set_flags(c, v ? 0 : F_ZF, F_ARITH);
}

/* ---- Byte swaps ---- */

static inline u64 bswap(u64 v, int size) {
  switch (size) {
  case 2: return __builtin_bswap16(v);
  case 4: return __builtin_bswap32(v);
  default: return __builtin_bswap64(v);
  }
}

void op_bswap_Zv(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  if (d->opsz == 2)
    reg_set(c, d, d->reg, 2, 0); /* SDM: undefined; hardware clears */
  else
    reg_set(c, d, d->reg, d->opsz, bswap(c->r[d->reg], d->opsz));
}

void op_movbe_Gv_Mv(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  set_G(c, d, d->opsz, bswap(mem_get(c, insn_ea(c, d), d->opsz), d->opsz));
}

void op_movbe_Mv_Gv(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  mem_set(c, insn_ea(c, d), d->opsz, bswap(get_G(c, d, d->opsz), d->opsz));
}

/* ---- SETcc, CMOVcc (condition in the low opcode nibble) ---- */

void op_setcc_Eb(struct cpu *c, const struct insn *d) {
  alu_nolock(c, d);
  set_E(c, d, 1, cpu_cond(c, d->op & 0xf));
}

void op_cmovcc_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz); /* the load happens (and can fault) either way */
  alu_nolock(c, d);
  if (cpu_cond(c, d->op & 0xf))
    set_G(c, d, d->opsz, v);
  else if (d->opsz == 4)
    set_G(c, d, 4, get_G(c, d, 4)); /* zero-extends even when false */
}
