/* fast.c — specialized handlers for the hottest instruction forms, chosen once
 * when a block is decoded (fast_specialize, called by interp.c's translate).
 *
 * The generic handlers (exec_alu.c, exec_mov.c, ...) decide at run time, on
 * every execution, between register and memory operands, operand sizes, byte
 * registers, LOCK, address sizes and segment bases.  For the forms that make
 * up most of compiled code the decoder already knows all of that, so the
 * choice is made here once and the handler that runs does only the work:
 *
 *   - ALU (ADD OR AND SUB XOR CMP), TEST, MOV, MOVZX/MOVSX/MOVSXD, LEA,
 *     INC/DEC (also i386's 40-4F), SHL/SHR/SAR, ROL/ROR by imm8: 32- and
 *     64-bit operands, register operands (either mode) and memory operands
 *     addressed as base+disp (rip-relative included) or
 *     base+index*scale+disp: in 64-bit mode with 64-bit addressing and no
 *     FS/GS override, in a 32-bit code segment with 32-bit addressing and
 *     any segment (this file compiled again with FAST_I386 set:
 *     fast_i386.c);
 *   - Jcc with the condition fixed per handler, and a fast path for the
 *     pending CMP/SUB, logic or INC/DEC flags and for eager flags;
 *   - byte MOV/CMP/TEST with an immediate or register (AL..BL, or any low
 *     byte with REX), ADC on registers, SETcc, CMOVcc;
 *   - JMP rel, and in 64-bit mode JMP/CALL indirect, PUSH/POP reg, CALL
 *     rel32, RET;
 *   - CMP/TEST/SUB/ADD/AND/OR/XOR followed by Jcc at the end of a block:
 *     one fused handler per form and condition (fast_fuse, interp.c's
 *     block->lastfn), which records the same lazy flags;
 *   - hot SSE/SSE2 forms: fast_sse.c; the x87 data instructions: fast_x87.c.
 *
 * Every fast handler computes exactly what the generic one does, including
 * the lazy-flags record (cc_lazy, see cpu.h) and the order of loads and
 * stores (precise faults).  Anything else keeps its generic handler.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#ifndef FAST_I386
#define FAST_I386 0 /* this file compiled for x86-64 code; fast_i386.c: for i386 code */
#endif

#define FI static inline __attribute__((always_inline))

#include "cpu_internal.h"
#include "fast.h"
#include "fast_ea.h"
#include "ops_alu.h"
#include "ops_mov.h"

FI u64 trunc_sz(int sz, u64 v) { return sz == 8 ? v : sz == 4 ? (u32)v : sz == 2 ? (u16)v : (u8)v; }
FI u64 ld_sz(struct cpu *c, u64 a, int sz) { return sz == 8 ? ld64(c, a) : ld32(c, a); }
FI void st_sz(struct cpu *c, u64 a, int sz, u64 v) {
  if (sz == 8)
    st64(c, a, v);
  else
    st32(c, a, (u32)v);
}

/* ---- ALU: ADD OR AND SUB XOR CMP ---- */

#define CALC_add(a, b) ((a) + (b))
#define CALC_or(a, b)  ((a) | (b))
#define CALC_and(a, b) ((a) & (b))
#define CALC_sub(a, b) ((a) - (b))
#define CALC_xor(a, b) ((a) ^ (b))
#define CALC_cmp(a, b) ((a) - (b))
#define CC_add         CC_ADD
#define CC_or          CC_LOGIC
#define CC_and         CC_LOGIC
#define CC_sub         CC_SUB
#define CC_xor         CC_LOGIC
#define CC_cmp         CC_SUB
#define ST_add         1
#define ST_or          1
#define ST_and         1
#define ST_sub         1
#define ST_xor         1
#define ST_cmp         0

/* rr_e: E = rm register, source G;  rr_g: G = reg, source E register;
 * ri: rm register op imm (also the accumulator forms, whose rm is 0 = rAX);
 * m*_e: memory E op G (read-modify-write);  m*_g: G op memory E;
 * m*_i: memory E op imm.  Suffix b = base+disp, x = base+index+disp. */
#define ALU_SZ(name, sz)                                                 \
  static void f_##name##_rr_e##sz(struct cpu *c, const struct insn *d) { \
    u64 a = trunc_sz(sz, c->r[d->rm]), b = trunc_sz(sz, c->r[d->reg]);   \
    u64 res = trunc_sz(sz, CALC_##name(a, b));                           \
    if (ST_##name) c->r[d->rm] = res;                                    \
    cc_lazy(c, CC_##name, sz, res, a, b);                                \
  }                                                                      \
  static void f_##name##_rr_g##sz(struct cpu *c, const struct insn *d) { \
    u64 a = trunc_sz(sz, c->r[d->reg]), b = trunc_sz(sz, c->r[d->rm]);   \
    u64 res = trunc_sz(sz, CALC_##name(a, b));                           \
    if (ST_##name) c->r[d->reg] = res;                                   \
    cc_lazy(c, CC_##name, sz, res, a, b);                                \
  }                                                                      \
  static void f_##name##_ri##sz(struct cpu *c, const struct insn *d) {   \
    u64 a = trunc_sz(sz, c->r[d->rm]), b = trunc_sz(sz, d->imm);         \
    u64 res = trunc_sz(sz, CALC_##name(a, b));                           \
    if (ST_##name) c->r[d->rm] = res;                                    \
    cc_lazy(c, CC_##name, sz, res, a, b);                                \
  }                                                                      \
  static void f_##name##_acc##sz(struct cpu *c, const struct insn *d) {  \
    u64 a = trunc_sz(sz, c->r[R_AX]), b = trunc_sz(sz, d->imm);          \
    u64 res = trunc_sz(sz, CALC_##name(a, b));                           \
    if (ST_##name) c->r[R_AX] = res;                                     \
    cc_lazy(c, CC_##name, sz, res, a, b);                                \
  }                                                                      \
  ALU_MEM(name, sz, b)                                                   \
  ALU_MEM(name, sz, bi)

#define ALU_MEM(name, sz, k)                                                 \
  static void f_##name##_m##k##_e##sz(struct cpu *c, const struct insn *d) { \
    u64 ea = ea_##k(c, d), b = trunc_sz(sz, c->r[d->reg]);                   \
    u64 a = ld_sz(c, ea, sz), res = trunc_sz(sz, CALC_##name(a, b));         \
    if (ST_##name) st_sz(c, ea, sz, res);                                    \
    cc_lazy(c, CC_##name, sz, res, a, b);                                    \
  }                                                                          \
  static void f_##name##_m##k##_g##sz(struct cpu *c, const struct insn *d) { \
    u64 b = ld_sz(c, ea_##k(c, d), sz), a = trunc_sz(sz, c->r[d->reg]);      \
    u64 res = trunc_sz(sz, CALC_##name(a, b));                               \
    if (ST_##name) c->r[d->reg] = res;                                       \
    cc_lazy(c, CC_##name, sz, res, a, b);                                    \
  }                                                                          \
  static void f_##name##_m##k##_i##sz(struct cpu *c, const struct insn *d) { \
    u64 ea = ea_##k(c, d), b = trunc_sz(sz, d->imm);                         \
    u64 a = ld_sz(c, ea, sz), res = trunc_sz(sz, CALC_##name(a, b));         \
    if (ST_##name) st_sz(c, ea, sz, res);                                    \
    cc_lazy(c, CC_##name, sz, res, a, b);                                    \
  }

#define ALU_OP(name) ALU_SZ(name, 4) ALU_SZ(name, 8)
ALU_OP(add)
ALU_OP(or)
ALU_OP(and)
ALU_OP(sub)
ALU_OP(xor)
ALU_OP(cmp)

/* The fast forms of one ALU operation, by [size 4/8 = 0/1]. */
struct alu_set {
  op_fn rr_e[2], rr_g[2], ri[2], acc[2];
  op_fn mb_e[2], mb_g[2], mb_i[2], mbi_e[2], mbi_g[2], mbi_i[2];
};
#define ALU_SET(name)                                                                 \
  static const struct alu_set alu_##name = {                                          \
      {f_##name##_rr_e4, f_##name##_rr_e8},   {f_##name##_rr_g4, f_##name##_rr_g8},   \
      {f_##name##_ri4, f_##name##_ri8},       {f_##name##_acc4, f_##name##_acc8},     \
      {f_##name##_mb_e4, f_##name##_mb_e8},   {f_##name##_mb_g4, f_##name##_mb_g8},   \
      {f_##name##_mb_i4, f_##name##_mb_i8},   {f_##name##_mbi_e4, f_##name##_mbi_e8}, \
      {f_##name##_mbi_g4, f_##name##_mbi_g8}, {f_##name##_mbi_i4, f_##name##_mbi_i8}, \
  };
ALU_SET(add)
ALU_SET(or)
ALU_SET(and)
ALU_SET(sub)
ALU_SET(xor)
ALU_SET(cmp)

/* ---- TEST ---- */

#define TEST_SZ(sz)                                                                         \
  static void f_test_rr##sz(struct cpu *c, const struct insn *d) {                          \
    cc_lazy(c, CC_LOGIC, sz, trunc_sz(sz, c->r[d->rm] & c->r[d->reg]), 0, 0);               \
  }                                                                                         \
  static void f_test_ri##sz(struct cpu *c, const struct insn *d) {                          \
    cc_lazy(c, CC_LOGIC, sz, trunc_sz(sz, c->r[d->rm] & d->imm), 0, 0);                     \
  }                                                                                         \
  static void f_test_acc##sz(struct cpu *c, const struct insn *d) {                         \
    cc_lazy(c, CC_LOGIC, sz, trunc_sz(sz, c->r[R_AX] & d->imm), 0, 0);                      \
  }                                                                                         \
  static void f_test_mb_g##sz(struct cpu *c, const struct insn *d) {                        \
    cc_lazy(c, CC_LOGIC, sz, ld_sz(c, ea_b(c, d), sz) & trunc_sz(sz, c->r[d->reg]), 0, 0);  \
  }                                                                                         \
  static void f_test_mbi_g##sz(struct cpu *c, const struct insn *d) {                       \
    cc_lazy(c, CC_LOGIC, sz, ld_sz(c, ea_bi(c, d), sz) & trunc_sz(sz, c->r[d->reg]), 0, 0); \
  }
TEST_SZ(4)
TEST_SZ(8)

/* ---- MOV, MOVZX/MOVSX/MOVSXD, LEA ---- */

#define MOV_SZ(sz)                                                    \
  static void f_mov_rr_e##sz(struct cpu *c, const struct insn *d) {   \
    c->r[d->rm] = trunc_sz(sz, c->r[d->reg]);                         \
  }                                                                   \
  static void f_mov_rr_g##sz(struct cpu *c, const struct insn *d) {   \
    c->r[d->reg] = trunc_sz(sz, c->r[d->rm]);                         \
  }                                                                   \
  static void f_mov_ri##sz(struct cpu *c, const struct insn *d) {     \
    c->r[d->rm] = trunc_sz(sz, d->imm);                               \
  }                                                                   \
  static void f_mov_zi##sz(struct cpu *c, const struct insn *d) {     \
    c->r[d->reg] = trunc_sz(sz, d->imm);                              \
  }                                                                   \
  static void f_mov_mb_e##sz(struct cpu *c, const struct insn *d) {   \
    st_sz(c, ea_b(c, d), sz, c->r[d->reg]);                           \
  }                                                                   \
  static void f_mov_mbi_e##sz(struct cpu *c, const struct insn *d) {  \
    st_sz(c, ea_bi(c, d), sz, c->r[d->reg]);                          \
  }                                                                   \
  static void f_mov_mb_g##sz(struct cpu *c, const struct insn *d) {   \
    c->r[d->reg] = ld_sz(c, ea_b(c, d), sz);                          \
  }                                                                   \
  static void f_mov_mbi_g##sz(struct cpu *c, const struct insn *d) {  \
    c->r[d->reg] = ld_sz(c, ea_bi(c, d), sz);                         \
  }                                                                   \
  static void f_mov_mb_i##sz(struct cpu *c, const struct insn *d) {   \
    st_sz(c, ea_b(c, d), sz, d->imm);                                 \
  }                                                                   \
  static void f_mov_mbi_i##sz(struct cpu *c, const struct insn *d) {  \
    st_sz(c, ea_bi(c, d), sz, d->imm);                                \
  }                                                                   \
  static void f_lea_b##sz(struct cpu *c, const struct insn *d) {      \
    c->r[d->reg] = trunc_sz(sz, off_b(c, d));                         \
  }                                                                   \
  static void f_lea_bi##sz(struct cpu *c, const struct insn *d) {     \
    c->r[d->reg] = trunc_sz(sz, off_bi(c, d));                        \
  }                                                                   \
  static void f_movsxb_r##sz(struct cpu *c, const struct insn *d) {   \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i8)c->r[d->rm]);           \
  }                                                                   \
  static void f_movsxb_mb##sz(struct cpu *c, const struct insn *d) {  \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i8)ld8(c, ea_b(c, d)));    \
  }                                                                   \
  static void f_movsxb_mbi##sz(struct cpu *c, const struct insn *d) { \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i8)ld8(c, ea_bi(c, d)));   \
  }                                                                   \
  static void f_movsxw_r##sz(struct cpu *c, const struct insn *d) {   \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i16)c->r[d->rm]);          \
  }                                                                   \
  static void f_movsxw_mb##sz(struct cpu *c, const struct insn *d) {  \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i16)ld16(c, ea_b(c, d)));  \
  }                                                                   \
  static void f_movsxw_mbi##sz(struct cpu *c, const struct insn *d) { \
    c->r[d->reg] = trunc_sz(sz, (u64)(i64)(i16)ld16(c, ea_bi(c, d))); \
  }
MOV_SZ(4)
MOV_SZ(8)

/* MOVZX to a 32- or 64-bit register: the same zero-extended value. */
static void f_movzxb_r(struct cpu *c, const struct insn *d) { c->r[d->reg] = (u8)c->r[d->rm]; }
static void f_movzxb_mb(struct cpu *c, const struct insn *d) { c->r[d->reg] = ld8(c, ea_b(c, d)); }
static void f_movzxb_mbi(struct cpu *c, const struct insn *d) {
  c->r[d->reg] = ld8(c, ea_bi(c, d));
}
static void f_movzxw_r(struct cpu *c, const struct insn *d) { c->r[d->reg] = (u16)c->r[d->rm]; }
static void f_movzxw_mb(struct cpu *c, const struct insn *d) { c->r[d->reg] = ld16(c, ea_b(c, d)); }
static void f_movzxw_mbi(struct cpu *c, const struct insn *d) {
  c->r[d->reg] = ld16(c, ea_bi(c, d));
}
static void f_movsxd_r(struct cpu *c, const struct insn *d) {
  c->r[d->reg] = (u64)(i64)(i32)c->r[d->rm];
}
static void f_movsxd_mb(struct cpu *c, const struct insn *d) {
  c->r[d->reg] = (u64)(i64)(i32)ld32(c, ea_b(c, d));
}
static void f_movsxd_mbi(struct cpu *c, const struct insn *d) {
  c->r[d->reg] = (u64)(i64)(i32)ld32(c, ea_bi(c, d));
}

/* CF of the pending flags, the common lazy states inline (flags.c's
 * flags_cf for the rest). */
FI u64 fast_cf(struct cpu *c) {
  unsigned s = 64 - 8 * c->cc_size;
  switch (c->cc_op) {
  case CC_EAGER: return c->flags & F_CF;
  case CC_SUB: return (c->cc_a << s) < (c->cc_b << s);
  case CC_ADD: return (c->cc_res << s) < (c->cc_a << s);
  case CC_LOGIC: return 0;
  case CC_INC:
  case CC_DEC: return c->cc_b & 1;
  default: return flags_cf(c);
  }
}

/* ---- INC/DEC, shifts and rotates by imm8 (register operands) ---- */

/* A rotate's CF and OF (exec_shift.c's formulas, OF's for any count); the
 * other flags stay, so the pending ones are computed first. */
FI void rot_flags(struct cpu *c, u64 cf, u64 of) {
  cpu_set_flags(c, cf * F_CF | of * F_OF, F_CF | F_OF);
}

/* INC (dec false) or DEC of register *r; they keep the CF they find. */
FI void inc_dec(struct cpu *c, u64 *r, int sz, bool dec) {
  u64 a = trunc_sz(sz, *r), res = trunc_sz(sz, dec ? a - 1 : a + 1);
  *r = res;
  cc_lazy(c, dec ? CC_DEC : CC_INC, sz, res, a, fast_cf(c));
}

/* _r: FF /0 /1 (ModRM.rm); _z: i386's 40-4F (the register in the opcode). */
#define UNARY_SZ(sz)                                                      \
  static void f_inc_r##sz(struct cpu *c, const struct insn *d) {          \
    inc_dec(c, &c->r[d->rm], sz, false);                                  \
  }                                                                       \
  static void f_dec_r##sz(struct cpu *c, const struct insn *d) {          \
    inc_dec(c, &c->r[d->rm], sz, true);                                   \
  }                                                                       \
  static void f_inc_z##sz(struct cpu *c, const struct insn *d) {          \
    inc_dec(c, &c->r[d->reg], sz, false);                                 \
  }                                                                       \
  static void f_dec_z##sz(struct cpu *c, const struct insn *d) {          \
    inc_dec(c, &c->r[d->reg], sz, true);                                  \
  }                                                                       \
  static void f_shl_ri##sz(struct cpu *c, const struct insn *d) {         \
    unsigned n = d->imm & (sz == 8 ? 63 : 31);                            \
    u64 a = trunc_sz(sz, c->r[d->rm]), res = trunc_sz(sz, a << n);        \
    c->r[d->rm] = res;                                                    \
    if (n) cc_lazy(c, CC_SHL, sz, res, a, n);                             \
  }                                                                       \
  static void f_shr_ri##sz(struct cpu *c, const struct insn *d) {         \
    unsigned n = d->imm & (sz == 8 ? 63 : 31);                            \
    u64 a = trunc_sz(sz, c->r[d->rm]), res = a >> n;                      \
    c->r[d->rm] = res;                                                    \
    if (n) cc_lazy(c, CC_SHR, sz, res, a, n);                             \
  }                                                                       \
  static void f_sar_ri##sz(struct cpu *c, const struct insn *d) {         \
    unsigned n = d->imm & (sz == 8 ? 63 : 31);                            \
    u64 a = trunc_sz(sz, c->r[d->rm]);                                    \
    u64 res = trunc_sz(sz, (u64)((sz == 8 ? (i64)a : (i64)(i32)a) >> n)); \
    c->r[d->rm] = res;                                                    \
    if (n) cc_lazy(c, CC_SAR, sz, res, a, n);                             \
  }                                                                       \
  static void f_rol_ri##sz(struct cpu *c, const struct insn *d) {         \
    unsigned n = d->imm & (sz == 8 ? 63 : 31);                            \
    u64 a = trunc_sz(sz, c->r[d->rm]);                                    \
    if (!n) {                                                             \
      c->r[d->rm] = a;                                                    \
      return;                                                             \
    }                                                                     \
    u64 res = trunc_sz(sz, a << n | a >> (sz * 8 - n)), cf = res & 1;     \
    c->r[d->rm] = res;                                                    \
    rot_flags(c, cf, ((res >> (sz * 8 - 1)) ^ cf) & 1);                   \
  }                                                                       \
  static void f_ror_ri##sz(struct cpu *c, const struct insn *d) {         \
    unsigned n = d->imm & (sz == 8 ? 63 : 31);                            \
    u64 a = trunc_sz(sz, c->r[d->rm]);                                    \
    if (!n) {                                                             \
      c->r[d->rm] = a;                                                    \
      return;                                                             \
    }                                                                     \
    u64 res = trunc_sz(sz, a >> n | a << (sz * 8 - n));                   \
    u64 cf = (res >> (sz * 8 - 1)) & 1;                                   \
    c->r[d->rm] = res;                                                    \
    rot_flags(c, cf, (cf ^ (res >> (sz * 8 - 2))) & 1);                   \
  }
UNARY_SZ(4)
UNARY_SZ(8)

/* ---- ADC with an immediate or register (register destination) ---- */

#define ADC_SZ(sz)                                                     \
  static void f_adc_ri##sz(struct cpu *c, const struct insn *d) {      \
    u64 a = trunc_sz(sz, c->r[d->rm]), b = trunc_sz(sz, d->imm);       \
    u64 res = trunc_sz(sz, a + b + fast_cf(c));                        \
    c->r[d->rm] = res;                                                 \
    cc_lazy(c, CC_ADC, sz, res, a, b);                                 \
  }                                                                    \
  static void f_adc_rr_e##sz(struct cpu *c, const struct insn *d) {    \
    u64 a = trunc_sz(sz, c->r[d->rm]), b = trunc_sz(sz, c->r[d->reg]); \
    u64 res = trunc_sz(sz, a + b + fast_cf(c));                        \
    c->r[d->rm] = res;                                                 \
    cc_lazy(c, CC_ADC, sz, res, a, b);                                 \
  }
ADC_SZ(4)
ADC_SZ(8)

/* ---- Byte forms: memory operands, and registers AL..BL or (with REX) any
 * low byte; AH..BH keep the generic handlers ---- */

FI void set_lo8(struct cpu *c, int r, u64 v) { c->r[r] = (c->r[r] & ~0xffull) | (u8)v; }

#define BYTE_MEM(k)                                                   \
  static void f_mov8_m##k##_i(struct cpu *c, const struct insn *d) {  \
    st8(c, ea_##k(c, d), (u8)d->imm);                                 \
  }                                                                   \
  static void f_mov8_m##k##_e(struct cpu *c, const struct insn *d) {  \
    st8(c, ea_##k(c, d), (u8)c->r[d->reg]);                           \
  }                                                                   \
  static void f_mov8_m##k##_g(struct cpu *c, const struct insn *d) {  \
    set_lo8(c, d->reg, ld8(c, ea_##k(c, d)));                         \
  }                                                                   \
  static void f_cmp8_m##k##_i(struct cpu *c, const struct insn *d) {  \
    u64 a = ld8(c, ea_##k(c, d)), b = (u8)d->imm;                     \
    cc_lazy(c, CC_SUB, 1, (u8)(a - b), a, b);                         \
  }                                                                   \
  static void f_test8_m##k##_i(struct cpu *c, const struct insn *d) { \
    cc_lazy(c, CC_LOGIC, 1, ld8(c, ea_##k(c, d)) & (u8)d->imm, 0, 0); \
  }
BYTE_MEM(b)
BYTE_MEM(bi)
static void f_mov8_ri(struct cpu *c, const struct insn *d) { set_lo8(c, d->rm, d->imm); }
static void f_mov8_rr_e(struct cpu *c, const struct insn *d) { set_lo8(c, d->rm, c->r[d->reg]); }
static void f_mov8_rr_g(struct cpu *c, const struct insn *d) { set_lo8(c, d->reg, c->r[d->rm]); }
static void f_cmp8_ri(struct cpu *c, const struct insn *d) {
  u64 a = (u8)c->r[d->rm], b = (u8)d->imm;
  cc_lazy(c, CC_SUB, 1, (u8)(a - b), a, b);
}
static void f_cmp8_acc(struct cpu *c, const struct insn *d) {
  u64 a = (u8)c->r[R_AX], b = (u8)d->imm;
  cc_lazy(c, CC_SUB, 1, (u8)(a - b), a, b);
}
static void f_test8_ri(struct cpu *c, const struct insn *d) {
  cc_lazy(c, CC_LOGIC, 1, (u8)(c->r[d->rm] & d->imm), 0, 0);
}
static void f_test8_acc(struct cpu *c, const struct insn *d) {
  cc_lazy(c, CC_LOGIC, 1, (u8)(c->r[R_AX] & d->imm), 0, 0);
}

/* The fast byte form of d (opsz 1), or NULL. */
static op_fn pick_byte(const struct insn *d, int mk) {
  op_fn fn = d->fn;
  bool r3 = d->mod == 3;
  bool rm_lo = d->rex || d->rm < 4, reg_lo = d->rex || d->reg < 4;
  if (fn == op_mov_Eb_Ib)
    return r3 ? (rm_lo ? f_mov8_ri : NULL) : mk == 1 ? f_mov8_mb_i : mk == 2 ? f_mov8_mbi_i : NULL;
  if (fn == op_cmp_Eb_Ib)
    return r3 ? (rm_lo ? f_cmp8_ri : NULL) : mk == 1 ? f_cmp8_mb_i : mk == 2 ? f_cmp8_mbi_i : NULL;
  if (fn == op_test_Eb_Ib)
    return r3        ? (rm_lo ? f_test8_ri : NULL)
           : mk == 1 ? f_test8_mb_i
           : mk == 2 ? f_test8_mbi_i
                     : NULL;
  if (fn == op_cmp_AL_Ib) return f_cmp8_acc;
  if (fn == op_test_AL_Ib) return f_test8_acc;
  if (fn == op_mov_Eb_Gb && reg_lo)
    return r3        ? (rm_lo ? f_mov8_rr_e : NULL)
           : mk == 1 ? f_mov8_mb_e
           : mk == 2 ? f_mov8_mbi_e
                     : NULL;
  if (fn == op_mov_Gb_Eb && reg_lo)
    return r3        ? (rm_lo ? f_mov8_rr_g : NULL)
           : mk == 1 ? f_mov8_mb_g
           : mk == 2 ? f_mov8_mbi_g
                     : NULL;
  return NULL;
}

/* ---- Jcc ---- */

/* Condition cc of the pending flags when the lazy state is a CMP/SUB or a
 * logic result (the same cases as flags.c's cpu_cond): 0 or 1, or -1 when
 * cpu_cond must decide. */
FI int fast_cond(const struct cpu *c, int cc) {
  unsigned s = 64 - 8 * c->cc_size;
  bool r;
  if (c->cc_op == CC_SUB) {
    u64 A = c->cc_a << s, B = c->cc_b << s;
    switch (cc >> 1) {
    case 1: r = A < B; break;
    case 2: r = A == B; break;
    case 3: r = A <= B; break;
    case 4: r = (i64)(c->cc_res << s) < 0; break;
    case 6: r = (i64)A < (i64)B; break;
    case 7: r = (i64)A <= (i64)B; break;
    default: return -1;
    }
    return r ^ (cc & 1);
  }
  if (c->cc_op == CC_EAGER) { /* flags set by a compare like UCOMISD, POPF, ... */
    u64 f = c->flags;
    switch (cc >> 1) {
    case 0: r = f & F_OF; break;
    case 1: r = f & F_CF; break;
    case 2: r = f & F_ZF; break;
    case 3: r = f & (F_CF | F_ZF); break;
    case 4: r = f & F_SF; break;
    case 5: r = f & F_PF; break;
    case 6: r = !(f & F_SF) != !(f & F_OF); break;
    default: r = (f & F_ZF) || !(f & F_SF) != !(f & F_OF); break;
    }
    return r ^ (cc & 1);
  }
  if (c->cc_op == CC_LOGIC) {
    u64 R = c->cc_res << s;
    switch (cc >> 1) {
    case 0:
    case 1: r = false; break;
    case 2:
    case 3: r = R == 0; break;
    case 4:
    case 6: r = (i64)R < 0; break;
    case 7: r = (i64)R <= 0; break;
    default: return -1;
    }
    return r ^ (cc & 1);
  }
  /* INC and DEC keep the CF they found (cc_b). */
  if ((c->cc_op == CC_INC || c->cc_op == CC_DEC) && ((cc >> 1) == 1 || (cc >> 1) == 3)) {
    r = (c->cc_b & 1) || ((cc >> 1) == 3 && (c->cc_res << s) == 0);
    return r ^ (cc & 1);
  }
  /* Any other lazy operation: ZF and SF come straight from the result. */
  if ((cc >> 1) == 2) return ((c->cc_res << s) == 0) ^ (cc & 1);
  if ((cc >> 1) == 4) return ((i64)(c->cc_res << s) < 0) ^ (cc & 1);
  return -1;
}

/* The other lazy states: out of line, so the fast path needs no frame. */
static __attribute__((noinline)) void jcc_slow(struct cpu *c, const struct insn *d) {
  if (cpu_cond(c, d->op & 15)) cpu_jump(c, c->rip + d->imm);
}

/* Jcc with operand size 4 or 8 (66 Jcc keeps the generic handler), one
 * handler per condition and mode. */
#define JCC(cc)                                                   \
  static void f_jcc64_##cc(struct cpu *c, const struct insn *d) { \
    int r = fast_cond(c, cc);                                     \
    if (r > 0)                                                    \
      c->rip += d->imm;                                           \
    else if (r < 0)                                               \
      jcc_slow(c, d);                                             \
  }                                                               \
  static void f_jcc32_##cc(struct cpu *c, const struct insn *d) { \
    int r = fast_cond(c, cc);                                     \
    if (r > 0)                                                    \
      c->rip = (u32)(c->rip + d->imm);                            \
    else if (r < 0)                                               \
      jcc_slow(c, d);                                             \
  }
JCC(0)
JCC(1)
JCC(2)
JCC(3)
JCC(4)
JCC(5)
JCC(6)
JCC(7)
JCC(8)
JCC(9)
JCC(10)
JCC(11)
JCC(12)
JCC(13) JCC(14) JCC(15)
#define JCC_TAB(m)                                                                            \
  {                                                                                           \
    f_jcc##m##_0, f_jcc##m##_1, f_jcc##m##_2, f_jcc##m##_3, f_jcc##m##_4, f_jcc##m##_5,       \
        f_jcc##m##_6, f_jcc##m##_7, f_jcc##m##_8, f_jcc##m##_9, f_jcc##m##_10, f_jcc##m##_11, \
        f_jcc##m##_12, f_jcc##m##_13, f_jcc##m##_14, f_jcc##m##_15                            \
  }
    static const op_fn jcc_fast[2][16] = {JCC_TAB(32), JCC_TAB(64)};

/* ---- JMP rel, JMP/CALL indirect, SETcc, CMOVcc ---- */

static void f_jmp64(struct cpu *c, const struct insn *d) { c->rip += d->imm; }
static void f_jmp32(struct cpu *c, const struct insn *d) { c->rip = (u32)(c->rip + d->imm); }
static void f_jmp_r64(struct cpu *c, const struct insn *d) { c->rip = c->r[d->rm]; }
static void f_jmp_mb64(struct cpu *c, const struct insn *d) { c->rip = ld64(c, ea_b(c, d)); }
static void f_jmp_mbi64(struct cpu *c, const struct insn *d) { c->rip = ld64(c, ea_bi(c, d)); }
FI void call_to(struct cpu *c, u64 t) {
  u64 sp = c->r[R_SP] - 8;
  st64(c, sp, c->rip);
  c->r[R_SP] = sp;
  c->rip = t;
}
static void f_call_r64(struct cpu *c, const struct insn *d) { call_to(c, c->r[d->rm]); }
static void f_call_mb64(struct cpu *c, const struct insn *d) { call_to(c, ld64(c, ea_b(c, d))); }
static void f_call_mbi64(struct cpu *c, const struct insn *d) { call_to(c, ld64(c, ea_bi(c, d))); }

/* The condition with the common lazy states inline, cc known only at run time. */
FI bool cond_rt(struct cpu *c, int cc) {
  int r = fast_cond(c, cc);
  return r >= 0 ? r : cpu_cond(c, cc);
}
static void f_setcc_r(struct cpu *c, const struct insn *d) {
  c->r[d->rm] = (c->r[d->rm] & ~0xffull) | cond_rt(c, d->op & 15);
}
static void f_setcc_mb(struct cpu *c, const struct insn *d) {
  st8(c, ea_b(c, d), cond_rt(c, d->op & 15));
}
#define CMOV_SZ(sz)                                                \
  static void f_cmov_r##sz(struct cpu *c, const struct insn *d) {  \
    u64 v = c->r[d->rm];                                           \
    if (cond_rt(c, d->op & 15))                                    \
      c->r[d->reg] = trunc_sz(sz, v);                              \
    else if (sz == 4)                                              \
      c->r[d->reg] = (u32)c->r[d->reg];                            \
  }                                                                \
  static void f_cmov_mb##sz(struct cpu *c, const struct insn *d) { \
    u64 v = ld_sz(c, ea_b(c, d), sz);                              \
    if (cond_rt(c, d->op & 15))                                    \
      c->r[d->reg] = v;                                            \
    else if (sz == 4)                                              \
      c->r[d->reg] = (u32)c->r[d->reg];                            \
  }
CMOV_SZ(4)
CMOV_SZ(8)

/* ---- 64-bit stack: PUSH/POP reg, CALL rel32, RET ---- */

static void f_push64(struct cpu *c, const struct insn *d) {
  u64 sp = c->r[R_SP] - 8;
  st64(c, sp, c->r[d->reg]);
  c->r[R_SP] = sp;
}
static void f_pop64(struct cpu *c, const struct insn *d) {
  u64 sp = c->r[R_SP];
  u64 v = ld64(c, sp);
  c->r[R_SP] = sp + 8;
  c->r[d->reg] = v; /* pop rsp: the popped value wins */
}
static void f_call64(struct cpu *c, const struct insn *d) {
  u64 sp = c->r[R_SP] - 8;
  st64(c, sp, c->rip);
  c->r[R_SP] = sp;
  c->rip += d->imm;
}
static void f_ret64(struct cpu *c, const struct insn *d) {
  (void)d;
  u64 sp = c->r[R_SP];
  c->rip = ld64(c, sp);
  c->r[R_SP] = sp + 8;
}

/* ---- CMP/TEST fused with the Jcc that follows ----
 * A block ending in CMP or TEST then Jcc runs both in one call (interp.c's
 * block->lastfn): the compare records its lazy flags as usual, then the
 * condition comes from the operands still in registers.  d is the compare,
 * d + 1 the Jcc (operand size 4 or 8). */

FI bool cond_sub(int cc, int sz, u64 a, u64 b, u64 res) {
  unsigned s = 64 - 8 * sz;
  u64 A = a << s, B = b << s, R = res << s;
  bool r;
  switch (cc >> 1) {
  case 0: r = ((A ^ B) & (A ^ R)) >> 63; break;
  case 1: r = A < B; break;
  case 2: r = A == B; break;
  case 3: r = A <= B; break;
  case 4: r = (i64)R < 0; break;
  case 5: r = !__builtin_parity((u8)res); break;
  case 6: r = (i64)A < (i64)B; break;
  default: r = (i64)A <= (i64)B; break;
  }
  return r ^ (cc & 1);
}

FI bool cond_logic(int cc, int sz, u64 res) {
  u64 R = res << (64 - 8 * sz);
  bool r;
  switch (cc >> 1) {
  case 0:
  case 1: r = false; break;
  case 2:
  case 3: r = R == 0; break;
  case 4:
  case 6: r = (i64)R < 0; break;
  case 5: r = !__builtin_parity((u8)res); break;
  default: r = (i64)R <= 0; break;
  }
  return r ^ (cc & 1);
}

FI void fused_branch(struct cpu *c, const struct insn *j, bool taken) {
  u64 t = c->rip + j->len + (taken ? j->imm : 0);
  c->rip = c->mode == 32 ? (u32)t : t;
}

/* CMP: a - b; TEST: a & b (A and B are expressions of c and d). */
#define FUSE_CMP(name, sz, A, B)                                  \
  FI void z_##name(struct cpu *c, const struct insn *d, int cc) { \
    u64 a = A, b = B, res = trunc_sz(sz, a - b);                  \
    cc_lazy(c, CC_SUB, sz, res, a, b);                            \
    fused_branch(c, d + 1, cond_sub(cc, sz, a, b, res));          \
  }
#define FUSE_TEST(name, sz, A, B)                                 \
  FI void z_##name(struct cpu *c, const struct insn *d, int cc) { \
    u64 res = trunc_sz(sz, (A) & (B));                            \
    cc_lazy(c, CC_LOGIC, sz, res, 0, 0);                          \
    fused_branch(c, d + 1, cond_logic(cc, sz, res));              \
  }
#define FUSE_SZ(sz)                                                                  \
  FUSE_CMP(cmp_rr_e##sz, sz, trunc_sz(sz, c->r[d->rm]), trunc_sz(sz, c->r[d->reg]))  \
  FUSE_CMP(cmp_rr_g##sz, sz, trunc_sz(sz, c->r[d->reg]), trunc_sz(sz, c->r[d->rm]))  \
  FUSE_CMP(cmp_ri##sz, sz, trunc_sz(sz, c->r[d->rm]), trunc_sz(sz, d->imm))          \
  FUSE_CMP(cmp_acc##sz, sz, trunc_sz(sz, c->r[R_AX]), trunc_sz(sz, d->imm))          \
  FUSE_CMP(cmp_mb_e##sz, sz, ld_sz(c, ea_b(c, d), sz), trunc_sz(sz, c->r[d->reg]))   \
  FUSE_CMP(cmp_mbi_e##sz, sz, ld_sz(c, ea_bi(c, d), sz), trunc_sz(sz, c->r[d->reg])) \
  FUSE_CMP(cmp_mb_i##sz, sz, ld_sz(c, ea_b(c, d), sz), trunc_sz(sz, d->imm))         \
  FUSE_CMP(cmp_mbi_i##sz, sz, ld_sz(c, ea_bi(c, d), sz), trunc_sz(sz, d->imm))       \
  FUSE_TEST(test_rr##sz, sz, c->r[d->rm], c->r[d->reg])                              \
  FUSE_TEST(test_ri##sz, sz, c->r[d->rm], d->imm)                                    \
  FUSE_TEST(test_acc##sz, sz, c->r[R_AX], d->imm)                                    \
  FUSE_TEST(test_mb_g##sz, sz, ld_sz(c, ea_b(c, d), sz), c->r[d->reg])               \
  FUSE_TEST(test_mbi_g##sz, sz, ld_sz(c, ea_bi(c, d), sz), c->r[d->reg])
FUSE_SZ(4)
FUSE_SZ(8)
/* cmp_mb_g: b is the memory operand, loaded first as in f_cmp_mb_g. */
#define FUSE_CMP_G(k, sz)                                                   \
  FI void z_cmp_m##k##_g##sz(struct cpu *c, const struct insn *d, int cc) { \
    u64 b = ld_sz(c, ea_##k(c, d), sz), a = trunc_sz(sz, c->r[d->reg]);     \
    u64 res = trunc_sz(sz, a - b);                                          \
    cc_lazy(c, CC_SUB, sz, res, a, b);                                      \
    fused_branch(c, d + 1, cond_sub(cc, sz, a, b, res));                    \
  }
FUSE_CMP_G(b, 4)
FUSE_CMP_G(b, 8)
FUSE_CMP_G(bi, 4)
FUSE_CMP_G(bi, 8)
FUSE_CMP(cmp8_ri, 1, (u8)c->r[d->rm], (u8)d->imm)
FUSE_CMP(cmp8_acc, 1, (u8)c->r[R_AX], (u8)d->imm)
FUSE_CMP(cmp8_mb_i, 1, ld8(c, ea_b(c, d)), (u8)d->imm)
FUSE_CMP(cmp8_mbi_i, 1, ld8(c, ea_bi(c, d)), (u8)d->imm)
FUSE_TEST(test8_ri, 1, c->r[d->rm], d->imm)
FUSE_TEST(test8_acc, 1, c->r[R_AX], d->imm)
FUSE_TEST(test8_mb_i, 1, ld8(c, ea_b(c, d)), d->imm)
FUSE_TEST(test8_mbi_i, 1, ld8(c, ea_bi(c, d)), d->imm)

FI bool cond_add(int cc, int sz, u64 a, u64 b, u64 res) {
  unsigned s = 64 - 8 * sz;
  u64 A = a << s, B = b << s, R = res << s;
  bool cf = ((A & B) | ((A ^ B) & ~R)) >> 63, of = ((A ^ R) & (B ^ R)) >> 63;
  bool zf = R == 0, sf = (i64)R < 0, r;
  switch (cc >> 1) {
  case 0: r = of; break;
  case 1: r = cf; break;
  case 2: r = zf; break;
  case 3: r = cf || zf; break;
  case 4: r = sf; break;
  case 5: r = !__builtin_parity((u8)res); break;
  case 6: r = sf != of; break;
  default: r = zf || sf != of; break;
  }
  return r ^ (cc & 1);
}

/* ADD/SUB/AND/OR/XOR on registers, then Jcc: DST is the register written. */
#define FUSE_ALU(op, form, sz, A, B, DST, CCOP, COND)                        \
  FI void z_##op##_##form##sz(struct cpu *c, const struct insn *d, int cc) { \
    u64 a = A, b = B, res = trunc_sz(sz, CALC_##op(a, b));                   \
    c->r[DST] = res;                                                         \
    cc_lazy(c, CCOP, sz, res, a, b);                                         \
    fused_branch(c, d + 1, COND);                                            \
  }
#define FUSE_ALU_FORMS(op, sz, CCOP, COND)                                                         \
  FUSE_ALU(op, rr_e, sz, trunc_sz(sz, c->r[d->rm]), trunc_sz(sz, c->r[d->reg]), d->rm, CCOP, COND) \
  FUSE_ALU(op, rr_g, sz, trunc_sz(sz, c->r[d->reg]), trunc_sz(sz, c->r[d->rm]), d->reg, CCOP,      \
           COND)                                                                                   \
  FUSE_ALU(op, ri, sz, trunc_sz(sz, c->r[d->rm]), trunc_sz(sz, d->imm), d->rm, CCOP, COND)         \
  FUSE_ALU(op, acc, sz, trunc_sz(sz, c->r[R_AX]), trunc_sz(sz, d->imm), R_AX, CCOP, COND)
#define COND_SUB(sz)   cond_sub(cc, sz, a, b, res)
#define COND_ADD(sz)   cond_add(cc, sz, a, b, res)
#define COND_LOGIC(sz) cond_logic(cc, sz, res)
FUSE_ALU_FORMS(sub, 4, CC_SUB, COND_SUB(4))
FUSE_ALU_FORMS(sub, 8, CC_SUB, COND_SUB(8))
FUSE_ALU_FORMS(add, 4, CC_ADD, COND_ADD(4))
FUSE_ALU_FORMS(add, 8, CC_ADD, COND_ADD(8))
FUSE_ALU_FORMS(and, 4, CC_LOGIC, COND_LOGIC(4))
FUSE_ALU_FORMS(and, 8, CC_LOGIC, COND_LOGIC(8))
FUSE_ALU_FORMS(or, 4, CC_LOGIC, COND_LOGIC(4))
FUSE_ALU_FORMS(or, 8, CC_LOGIC, COND_LOGIC(8))
FUSE_ALU_FORMS(xor, 4, CC_LOGIC, COND_LOGIC(4))
FUSE_ALU_FORMS(xor, 8, CC_LOGIC, COND_LOGIC(8))

/* One handler per condition, so the condition folds to a compare or two. */
#define ZW(X, n) \
  static void z_##X##_##n(struct cpu *c, const struct insn *d) { z_##X(c, d, n); }
#define Z16(X)                                                                                  \
  ZW(X, 0)                                                                                      \
  ZW(X, 1)                                                                                      \
  ZW(X, 2)                                                                                      \
  ZW(X, 3)                                                                                      \
  ZW(X, 4) ZW(X, 5) ZW(X, 6) ZW(X, 7) ZW(X, 8) ZW(X, 9) ZW(X, 10) ZW(X, 11) ZW(X, 12) ZW(X, 13) \
      ZW(X, 14) ZW(X, 15) static const op_fn zz_##X[16] = {                                     \
          z_##X##_0,  z_##X##_1,  z_##X##_2,  z_##X##_3, z_##X##_4,  z_##X##_5,                 \
          z_##X##_6,  z_##X##_7,  z_##X##_8,  z_##X##_9, z_##X##_10, z_##X##_11,                \
          z_##X##_12, z_##X##_13, z_##X##_14, z_##X##_15};
Z16(cmp_rr_e4)
Z16(cmp_rr_g4)
Z16(cmp_ri4)
Z16(cmp_acc4)
Z16(cmp_mb_e4)
Z16(cmp_mbi_e4)
Z16(cmp_mb_i4)
Z16(cmp_mbi_i4)
Z16(cmp_mb_g4)
Z16(cmp_mbi_g4)
Z16(test_rr4)
Z16(test_ri4)
Z16(test_acc4)
Z16(test_mb_g4)
Z16(test_mbi_g4)
Z16(sub_rr_e4)
Z16(sub_rr_g4)
Z16(sub_ri4)
Z16(sub_acc4)
Z16(add_rr_e4)
Z16(add_rr_g4)
Z16(add_ri4)
Z16(add_acc4)
Z16(and_rr_e4)
Z16(and_rr_g4)
Z16(and_ri4)
Z16(and_acc4)
Z16(or_rr_e4)
Z16(or_rr_g4)
Z16(or_ri4)
Z16(or_acc4)
Z16(xor_rr_e4)
Z16(xor_rr_g4)
Z16(xor_ri4)
Z16(xor_acc4)
Z16(cmp_rr_e8)
Z16(cmp_rr_g8)
Z16(cmp_ri8)
Z16(cmp_acc8)
Z16(cmp_mb_e8)
Z16(cmp_mbi_e8)
Z16(cmp_mb_i8)
Z16(cmp_mbi_i8)
Z16(cmp_mb_g8)
Z16(cmp_mbi_g8)
Z16(test_rr8)
Z16(test_ri8)
Z16(test_acc8)
Z16(test_mb_g8)
Z16(test_mbi_g8)
Z16(sub_rr_e8)
Z16(sub_rr_g8)
Z16(sub_ri8)
Z16(sub_acc8)
Z16(add_rr_e8)
Z16(add_rr_g8)
Z16(add_ri8)
Z16(add_acc8)
Z16(and_rr_e8)
Z16(and_rr_g8)
Z16(and_ri8)
Z16(and_acc8)
Z16(or_rr_e8)
Z16(or_rr_g8)
Z16(or_ri8)
Z16(or_acc8)
Z16(xor_rr_e8)
Z16(xor_rr_g8)
Z16(xor_ri8)
Z16(xor_acc8)
Z16(cmp8_ri)
Z16(cmp8_acc)
Z16(cmp8_mb_i)
Z16(cmp8_mbi_i)
Z16(test8_ri)
Z16(test8_acc)
Z16(test8_mb_i)
Z16(test8_mbi_i)
#undef Z16
#undef ZW

static const struct {
  op_fn plain;
  const op_fn *fused;
} fuse_tab[] = {
    {f_cmp_rr_e4, zz_cmp_rr_e4},   {f_cmp_rr_g4, zz_cmp_rr_g4},     {f_cmp_ri4, zz_cmp_ri4},
    {f_cmp_acc4, zz_cmp_acc4},     {f_cmp_mb_e4, zz_cmp_mb_e4},     {f_cmp_mbi_e4, zz_cmp_mbi_e4},
    {f_cmp_mb_i4, zz_cmp_mb_i4},   {f_cmp_mbi_i4, zz_cmp_mbi_i4},   {f_cmp_mb_g4, zz_cmp_mb_g4},
    {f_cmp_mbi_g4, zz_cmp_mbi_g4}, {f_test_rr4, zz_test_rr4},       {f_test_ri4, zz_test_ri4},
    {f_test_acc4, zz_test_acc4},   {f_test_mb_g4, zz_test_mb_g4},   {f_test_mbi_g4, zz_test_mbi_g4},
    {f_sub_rr_e4, zz_sub_rr_e4},   {f_sub_rr_g4, zz_sub_rr_g4},     {f_sub_ri4, zz_sub_ri4},
    {f_sub_acc4, zz_sub_acc4},     {f_add_rr_e4, zz_add_rr_e4},     {f_add_rr_g4, zz_add_rr_g4},
    {f_add_ri4, zz_add_ri4},       {f_add_acc4, zz_add_acc4},       {f_and_rr_e4, zz_and_rr_e4},
    {f_and_rr_g4, zz_and_rr_g4},   {f_and_ri4, zz_and_ri4},         {f_and_acc4, zz_and_acc4},
    {f_or_rr_e4, zz_or_rr_e4},     {f_or_rr_g4, zz_or_rr_g4},       {f_or_ri4, zz_or_ri4},
    {f_or_acc4, zz_or_acc4},       {f_xor_rr_e4, zz_xor_rr_e4},     {f_xor_rr_g4, zz_xor_rr_g4},
    {f_xor_ri4, zz_xor_ri4},       {f_xor_acc4, zz_xor_acc4},       {f_cmp_rr_e8, zz_cmp_rr_e8},
    {f_cmp_rr_g8, zz_cmp_rr_g8},   {f_cmp_ri8, zz_cmp_ri8},         {f_cmp_acc8, zz_cmp_acc8},
    {f_cmp_mb_e8, zz_cmp_mb_e8},   {f_cmp_mbi_e8, zz_cmp_mbi_e8},   {f_cmp_mb_i8, zz_cmp_mb_i8},
    {f_cmp_mbi_i8, zz_cmp_mbi_i8}, {f_cmp_mb_g8, zz_cmp_mb_g8},     {f_cmp_mbi_g8, zz_cmp_mbi_g8},
    {f_test_rr8, zz_test_rr8},     {f_test_ri8, zz_test_ri8},       {f_test_acc8, zz_test_acc8},
    {f_test_mb_g8, zz_test_mb_g8}, {f_test_mbi_g8, zz_test_mbi_g8}, {f_sub_rr_e8, zz_sub_rr_e8},
    {f_sub_rr_g8, zz_sub_rr_g8},   {f_sub_ri8, zz_sub_ri8},         {f_sub_acc8, zz_sub_acc8},
    {f_add_rr_e8, zz_add_rr_e8},   {f_add_rr_g8, zz_add_rr_g8},     {f_add_ri8, zz_add_ri8},
    {f_add_acc8, zz_add_acc8},     {f_and_rr_e8, zz_and_rr_e8},     {f_and_rr_g8, zz_and_rr_g8},
    {f_and_ri8, zz_and_ri8},       {f_and_acc8, zz_and_acc8},       {f_or_rr_e8, zz_or_rr_e8},
    {f_or_rr_g8, zz_or_rr_g8},     {f_or_ri8, zz_or_ri8},           {f_or_acc8, zz_or_acc8},
    {f_xor_rr_e8, zz_xor_rr_e8},   {f_xor_rr_g8, zz_xor_rr_g8},     {f_xor_ri8, zz_xor_ri8},
    {f_xor_acc8, zz_xor_acc8},     {f_cmp8_ri, zz_cmp8_ri},         {f_cmp8_acc, zz_cmp8_acc},
    {f_cmp8_mb_i, zz_cmp8_mb_i},   {f_cmp8_mbi_i, zz_cmp8_mbi_i},   {f_test8_ri, zz_test8_ri},
    {f_test8_acc, zz_test8_acc},   {f_test8_mb_i, zz_test8_mb_i},   {f_test8_mbi_i, zz_test8_mbi_i},
};

/* fuse_tab by handler: a block is decoded far more often than it runs
 * fused, so finding its CMP/TEST must not walk the table (open addressing,
 * -1 empty; filled once). */
#define FUSE_HASH 256
_Static_assert(ARRAY_SIZE(fuse_tab) * 2 <= FUSE_HASH, "the fuse hash stays sparse");
static short fuse_hash[FUSE_HASH];
static pthread_once_t fuse_once = PTHREAD_ONCE_INIT;
static unsigned fuse_slot(op_fn fn) {
  u64 k = (u64)(uintptr_t)fn * 0x9e3779b97f4a7c15ull;
  return (unsigned)(k >> 56) & (FUSE_HASH - 1);
}
static void fuse_hash_init(void) {
  memset(fuse_hash, 0xff, sizeof fuse_hash);
  for (size_t i = 0; i < ARRAY_SIZE(fuse_tab); i++) {
    unsigned h = fuse_slot(fuse_tab[i].plain);
    while (fuse_hash[h] >= 0) h = (h + 1) & (FUSE_HASH - 1);
    fuse_hash[h] = (short)i;
  }
}

op_fn fast_fuse(const struct cpu *c, const struct insn *d) {
#if !FAST_I386
  if (c->mode == 32) return fast_fuse_i386(c, d);
#endif
  op_fn j = d[1].fn;
  if (j != jcc_fast[c->mode == 64][d[1].op & 15]) return NULL; /* a fast Jcc, opsz 4/8 */
  pthread_once(&fuse_once, fuse_hash_init);
  for (unsigned h = fuse_slot(d->fn);; h = (h + 1) & (FUSE_HASH - 1)) {
    int i = fuse_hash[h];
    if (i < 0) return NULL;
    if (fuse_tab[i].plain == d->fn) return fuse_tab[i].fused[d[1].op & 15];
  }
}

/* ---- Selection ---- */

/* The memory-operand form of d: 1 = base+disp, 2 = base+index*scale+disp,
 * 0 = anything else (x86-64: other address sizes, FS/GS, no base; i386:
 * 16-bit addressing, no base). */
static int mem_kind(const struct cpu *c, const struct insn *d) {
#if FAST_I386
  if (c->mode != 32 || d->adsz != 4 || d->seg >= 6 || d->mod == 3 || d->base >= 8) return 0;
#else
  if (c->mode != 64 || d->adsz != 8 || d->seg != SEG_NONE || d->mod == 3) return 0;
  if (d->base == NOREG) return 0;
#endif
  if (d->index == NOREG) return 1;
  return d->base < 16 ? 2 : 0;
}

/* The ALU set and form of a generic handler. */
enum { F_EG, F_GE, F_EI, F_ACC };
static const struct alu_set *alu_of(op_fn fn, int *form) {
#define IS(name)                                                                            \
  if (fn == op_##name##_Ev_Gv) return *form = F_EG, &alu_##name;                            \
  if (fn == op_##name##_Gv_Ev) return *form = F_GE, &alu_##name;                            \
  if (fn == op_##name##_Ev_Ib || fn == op_##name##_Ev_Iz) return *form = F_EI, &alu_##name; \
  if (fn == op_##name##_rAX_Iz) return *form = F_ACC, &alu_##name;
  IS(add)
  IS(or)
  IS(and)
  IS(sub)
  IS(xor) IS(cmp)
#undef IS
      return NULL;
}

static op_fn pick_alu(const struct alu_set *s, int form, int sz, int mk, int mod) {
  if (form == F_ACC) return s->acc[sz];
  if (mod == 3) return form == F_EG ? s->rr_e[sz] : form == F_GE ? s->rr_g[sz] : s->ri[sz];
  if (mk == 1) return form == F_EG ? s->mb_e[sz] : form == F_GE ? s->mb_g[sz] : s->mb_i[sz];
  if (mk == 2) return form == F_EG ? s->mbi_e[sz] : form == F_GE ? s->mbi_g[sz] : s->mbi_i[sz];
  return NULL;
}

/* The fast handler for d, or NULL to keep d->fn. */
static op_fn pick(const struct cpu *c, const struct insn *d) {
  op_fn fn = d->fn;
  int mk = mem_kind(c, d), form;
  bool r3 = d->mod == 3;
  if (!fn || d->lock) return NULL;
  op_fn sse = fast_sse_pick(c, d, mk);
  if (sse) return sse;
  op_fn x87 = fast_x87_mem_pick(d, mk);
  if (x87) return x87;
  x87 = fast_x87_pick(d);
  if (x87) return x87;
  if (fn == op_jcc_Jb || fn == op_jcc_Jz)
    return d->opsz == 2 ? NULL : jcc_fast[c->mode == 64][d->op & 15];
  if ((fn == op_jmp_Jb || fn == op_jmp_Jz) && d->opsz != 2)
    return c->mode == 64 ? f_jmp64 : f_jmp32;
  if (fn == op_setcc_Eb)
    return r3 ? (d->rex || d->rm < 4 ? f_setcc_r : NULL) : mk == 1 ? f_setcc_mb : NULL;
  if (fn == op_cmovcc_Gv_Ev && (d->opsz == 4 || d->opsz == 8)) {
    if (r3) return d->opsz == 8 ? f_cmov_r8 : f_cmov_r4;
    if (mk == 1) return d->opsz == 8 ? f_cmov_mb8 : f_cmov_mb4;
    return NULL;
  }
  if (c->mode == 64) {
    if (fn == op_jmp_Ev)
      return r3 ? f_jmp_r64 : mk == 1 ? f_jmp_mb64 : mk == 2 ? f_jmp_mbi64 : NULL;
    if (fn == op_call_Ev)
      return r3 ? f_call_r64 : mk == 1 ? f_call_mb64 : mk == 2 ? f_call_mbi64 : NULL;
    if (fn == op_push_Zv && d->opsz == 8) return f_push64;
    if (fn == op_pop_Zv && d->opsz == 8) return f_pop64;
    if (fn == op_call_Jz && d->opsz == 8) return f_call64;
    if (fn == op_ret && d->opsz == 8) return f_ret64;
  }
  /* Byte-sized sources of MOVZX/MOVSX: AH..BH need the generic handler. */
  bool lowbyte = r3 && (d->rex || d->rm < 4);
  if (fn == op_movzx_Gv_Eb && d->opsz != 2)
    return lowbyte ? f_movzxb_r : mk == 1 ? f_movzxb_mb : mk == 2 ? f_movzxb_mbi : NULL;
  if (fn == op_movzx_Gv_Ew && d->opsz != 2)
    return r3 ? f_movzxw_r : mk == 1 ? f_movzxw_mb : mk == 2 ? f_movzxw_mbi : NULL;
  if (fn == op_movsxd_Gv_Ed && c->mode == 64 && d->opsz == 8)
    return r3 ? f_movsxd_r : mk == 1 ? f_movsxd_mb : mk == 2 ? f_movsxd_mbi : NULL;
  if (d->opsz == 1) return pick_byte(d, mk);
  if (d->opsz != 4 && d->opsz != 8) return NULL;
  int sz = d->opsz == 8;
#define SZ(f) (sz ? f##8 : f##4)
  const struct alu_set *s = alu_of(fn, &form);
  if (s) return pick_alu(s, form, sz, mk, d->mod);
  if (fn == op_test_Ev_Gv)
    return r3 ? SZ(f_test_rr) : mk == 1 ? SZ(f_test_mb_g) : mk == 2 ? SZ(f_test_mbi_g) : NULL;
  if (fn == op_test_Ev_Iz && r3) return SZ(f_test_ri);
  if (fn == op_test_rAX_Iz) return SZ(f_test_acc);
  if (fn == op_mov_Ev_Gv)
    return r3 ? SZ(f_mov_rr_e) : mk == 1 ? SZ(f_mov_mb_e) : mk == 2 ? SZ(f_mov_mbi_e) : NULL;
  if (fn == op_mov_Gv_Ev)
    return r3 ? SZ(f_mov_rr_g) : mk == 1 ? SZ(f_mov_mb_g) : mk == 2 ? SZ(f_mov_mbi_g) : NULL;
  if (fn == op_mov_Ev_Iz)
    return r3 ? SZ(f_mov_ri) : mk == 1 ? SZ(f_mov_mb_i) : mk == 2 ? SZ(f_mov_mbi_i) : NULL;
  if (fn == op_mov_Zv_Iv) return SZ(f_mov_zi);
  if (fn == op_movsx_Gv_Eb)
    return lowbyte ? SZ(f_movsxb_r) : mk == 1 ? SZ(f_movsxb_mb) : mk == 2 ? SZ(f_movsxb_mbi) : NULL;
  if (fn == op_movsx_Gv_Ew)
    return r3 ? SZ(f_movsxw_r) : mk == 1 ? SZ(f_movsxw_mb) : mk == 2 ? SZ(f_movsxw_mbi) : NULL;
  if (fn == op_lea_Gv_M && !r3 && d->adsz == (FAST_I386 ? 4 : 8) && d->base != NOREG)
    return d->index == NOREG ? SZ(f_lea_b) : d->base < 16 ? SZ(f_lea_bi) : NULL;
  if (r3 && fn == op_adc_Ev_Ib) return SZ(f_adc_ri);
  if (r3 && fn == op_adc_Ev_Iz) return SZ(f_adc_ri);
  if (r3 && fn == op_adc_Ev_Gv) return SZ(f_adc_rr_e);
  if (fn == op_inc_Zv) return SZ(f_inc_z); /* 40-47, 32-bit mode */
  if (fn == op_dec_Zv) return SZ(f_dec_z); /* 48-4F */
  if (r3) {
    if (fn == op_inc_Ev) return SZ(f_inc_r);
    if (fn == op_dec_Ev) return SZ(f_dec_r);
    if (fn == op_shl_Ev_Ib) return SZ(f_shl_ri);
    if (fn == op_shr_Ev_Ib) return SZ(f_shr_ri);
    if (fn == op_sar_Ev_Ib) return SZ(f_sar_ri);
    if (fn == op_rol_Ev_Ib) return SZ(f_rol_ri);
    if (fn == op_ror_Ev_Ib) return SZ(f_ror_ri);
  }
#undef SZ
  return NULL;
}

void fast_specialize(const struct cpu *c, struct insn *d) {
#if !FAST_I386
  if (c->mode == 32) {
    fast_specialize_i386(c, d);
    return;
  }
#endif
  op_fn f = pick(c, d);
  if (f) d->fn = f;
}
