/* ops_alu.h — handlers and group tables of the alu family (see tab_alu_*.inc),
 * and the small helpers shared by its files (flags.c, exec_alu.c,
 * exec_shift.c, exec_muldiv.c, exec_bits.c, grp_alu.c).
 *
 * Handler names follow the SDM opcode tables: op_add_Ev_Gv is ADD with the
 * ModRM r/m operand (v = 16/32/64 bits) as destination and ModRM.reg as
 * source; Zv is the register in the low opcode bits (40+r INC).
 */
#ifndef EMU_OPS_ALU_H
#define EMU_OPS_ALU_H
#include "cpu_internal.h"

/* ---- Eight-way ALU opcodes 00-3D and group 1 ---- */
#define ALU_FORMS(op)   \
  OP(op_##op##_Eb_Gb);  \
  OP(op_##op##_Ev_Gv);  \
  OP(op_##op##_Gb_Eb);  \
  OP(op_##op##_Gv_Ev);  \
  OP(op_##op##_AL_Ib);  \
  OP(op_##op##_rAX_Iz); \
  OP(op_##op##_Eb_Ib);  \
  OP(op_##op##_Ev_Iz);  \
  OP(op_##op##_Ev_Ib)
ALU_FORMS(add);
ALU_FORMS(or);
ALU_FORMS(adc);
ALU_FORMS(sbb);
ALU_FORMS(and);
ALU_FORMS(sub);
ALU_FORMS(xor);
ALU_FORMS(cmp);
#undef ALU_FORMS

OP(op_test_Eb_Gb);
OP(op_test_Ev_Gv);
OP(op_test_AL_Ib);
OP(op_test_rAX_Iz);
OP(op_test_Eb_Ib);
OP(op_test_Ev_Iz);
OP(op_inc_Zv);
OP(op_dec_Zv);
OP(op_inc_Eb);
OP(op_dec_Eb);
OP(op_inc_Ev);
OP(op_dec_Ev);
OP(op_not_Eb);
OP(op_not_Ev);
OP(op_neg_Eb);
OP(op_neg_Ev);
OP(op_cmc);
OP(op_clc);
OP(op_stc);
OP(op_salc);
OP(op_xadd_Eb_Gb);
OP(op_xadd_Ev_Gv);
OP(op_cmpxchg_Eb_Gb);
OP(op_cmpxchg_Ev_Gv);
OP(op_cmpxchg8b_Mq);

/* ---- exec_muldiv.c ---- */
OP(op_mul_Eb);
OP(op_mul_Ev);
OP(op_imul_Eb);
OP(op_imul_Ev);
OP(op_div_Eb);
OP(op_div_Ev);
OP(op_idiv_Eb);
OP(op_idiv_Ev);
OP(op_imul_Gv_Ev);
OP(op_imul_Gv_Ev_Iz);
OP(op_imul_Gv_Ev_Ib);
OP(op_cbw);
OP(op_cwd);
OP(op_daa);
OP(op_das);
OP(op_aaa);
OP(op_aas);
OP(op_aam_Ib);
OP(op_aad_Ib);

/* ---- exec_shift.c: group 2 in six forms, SHLD/SHRD ---- */
#define SHIFT_FORMS(op) \
  OP(op_##op##_Eb_Ib);  \
  OP(op_##op##_Ev_Ib);  \
  OP(op_##op##_Eb_1);   \
  OP(op_##op##_Ev_1);   \
  OP(op_##op##_Eb_CL);  \
  OP(op_##op##_Ev_CL)
SHIFT_FORMS(rol);
SHIFT_FORMS(ror);
SHIFT_FORMS(rcl);
SHIFT_FORMS(rcr);
SHIFT_FORMS(shl);
SHIFT_FORMS(shr);
SHIFT_FORMS(sar);
#undef SHIFT_FORMS
OP(op_shld_Ev_Gv_Ib);
OP(op_shld_Ev_Gv_CL);
OP(op_shrd_Ev_Gv_Ib);
OP(op_shrd_Ev_Gv_CL);

/* ---- exec_bits.c ---- */
OP(op_bt_Ev_Gv);
OP(op_bts_Ev_Gv);
OP(op_btr_Ev_Gv);
OP(op_btc_Ev_Gv);
OP(op_bt_Ev_Ib);
OP(op_bts_Ev_Ib);
OP(op_btr_Ev_Ib);
OP(op_btc_Ev_Ib);
OP(op_bsf_Gv_Ev);
OP(op_bsr_Gv_Ev);
OP(op_tzcnt_Gv_Ev);
OP(op_lzcnt_Gv_Ev);
OP(op_popcnt_Gv_Ev);
OP(op_bswap_Zv);
OP(op_movbe_Gv_Mv);
OP(op_movbe_Mv_Gv);
OP(op_crc32_Gy_Eb); /* exec_sse42.c */
OP(op_crc32_Gy_Ev);
OP(op_setcc_Eb);
OP(op_cmovcc_Gv_Ev);

/* ---- Group 5 members written by the mov family ---- */
OP(op_call_Ev);
OP(op_callf_Ep);
OP(op_jmp_Ev);
OP(op_jmpf_Ep);
OP(op_push_Ev);

/* ---- Group and mandatory-prefix tables (grp_alu.c) ---- */
extern const struct dec_entry grp1_Eb_Ib[8];  /* 80, 82 */
extern const struct dec_entry grp1_Ev_Iz[8];  /* 81 */
extern const struct dec_entry grp1_Ev_Ib[8];  /* 83 */
extern const struct dec_entry grp2_Eb_Ib[8];  /* C0 */
extern const struct dec_entry grp2_Ev_Ib[8];  /* C1 */
extern const struct dec_entry grp2_Eb_1[8];   /* D0 */
extern const struct dec_entry grp2_Ev_1[8];   /* D1 */
extern const struct dec_entry grp2_Eb_CL[8];  /* D2 */
extern const struct dec_entry grp2_Ev_CL[8];  /* D3 */
extern const struct dec_entry grp3_Eb[8];     /* F6 */
extern const struct dec_entry grp3_Ev[8];     /* F7 */
extern const struct dec_entry grp4_Eb[8];     /* FE */
extern const struct dec_entry grp5_Ev[8];     /* FF */
extern const struct dec_entry grp8_Ev_Ib[8];  /* 0F BA */
extern const struct dec_entry grp9_Mq[8];     /* 0F C7 */
extern const struct dec_entry pfx_0f_b8[4];   /* F3: POPCNT */
extern const struct dec_entry pfx_0f_bc[4];   /* BSF, F3: TZCNT */
extern const struct dec_entry pfx_0f_bd[4];   /* BSR, F3: LZCNT */
extern const struct dec_entry pfx_0f38_f0[4]; /* MOVBE Gv,Mv, F2: CRC32 Gy,Eb */
extern const struct dec_entry pfx_0f38_f1[4]; /* MOVBE Mv,Gv, F2: CRC32 Gy,Ev */

/* ---- Helpers shared by the family ---- */

/* CF of the current flags state, cheaper than cpu_get_flags (flags.c). */
u64 flags_cf(struct cpu *c);

/* The LOCK prefix is #UD on instructions that cannot take it and on
 * register destinations. */
static inline void alu_nolock(struct cpu *c, const struct insn *d) {
  if (UNLIKELY(d->lock)) cpu_exception(c, STOP_UD);
}

/* Atomic compare-and-swap of size bytes at host address p: on failure
 * *expected receives the current value.  Used by every LOCK path. */
static inline bool alu_cas(void *p, int size, u64 *expected, u64 desired) {
  bool ok;
  switch (size) {
  case 1: {
    u8 e = (u8)*expected;
    ok = __atomic_compare_exchange_n((u8 *)p, &e, (u8)desired, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
    *expected = e;
    break;
  }
  case 2: {
    u16 e = (u16)*expected;
    ok = __atomic_compare_exchange_n((u16 *)p, &e, (u16)desired, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
    *expected = e;
    break;
  }
  case 4: {
    u32 e = (u32)*expected;
    ok = __atomic_compare_exchange_n((u32 *)p, &e, (u32)desired, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
    *expected = e;
    break;
  }
  default: {
    u64 e = *expected;
    ok = __atomic_compare_exchange_n((u64 *)p, &e, desired, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
    *expected = e;
    break;
  }
  }
  return ok;
}

/* Plain (non-atomic) read of size bytes at host address p, as a first guess
 * for an alu_cas loop. */
static inline u64 alu_peek(const void *p, int size) {
  switch (size) {
  case 1: return __atomic_load_n((const u8 *)p, __ATOMIC_RELAXED);
  case 2: {
    u16 v;
    __builtin_memcpy(&v, p, 2);
    return v;
  }
  case 4: {
    u32 v;
    __builtin_memcpy(&v, p, 4);
    return v;
  }
  default: {
    u64 v;
    __builtin_memcpy(&v, p, 8);
    return v;
  }
  }
}

#endif
