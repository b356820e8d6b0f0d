/* grp_alu.c — the alu family's group tables (indexed by ModRM.reg) and
 * mandatory-prefix tables (indexed by PFX_*), referenced from
 * tab_alu_root.inc and tab_alu_0f*.inc.  Mirrors the SDM vol. 2 table A-6
 * "Opcode Extensions for One- and Two-byte Opcodes by Group Number".  A sub
 * entry's flags are added to its parent's.
 */
#include "cpu_internal.h"
#include "ops_alu.h"

#define GRP1(form)                                                                    \
  {                                                                                   \
    {op_add_##form, NULL, 0}, {op_or_##form, NULL, 0}, {op_adc_##form, NULL, 0},      \
        {op_sbb_##form, NULL, 0}, {op_and_##form, NULL, 0}, {op_sub_##form, NULL, 0}, \
        {op_xor_##form, NULL, 0}, {op_cmp_##form, NULL, 0},                           \
  }

/* Group 1: 80 (and 82 in 32-bit mode) Eb,Ib; 81 Ev,Iz; 83 Ev,Ib */
const struct dec_entry grp1_Eb_Ib[8] = GRP1(Eb_Ib);
const struct dec_entry grp1_Ev_Iz[8] = GRP1(Ev_Iz);
const struct dec_entry grp1_Ev_Ib[8] = GRP1(Ev_Ib);

/* Group 2: ROL ROR RCL RCR SHL SHR SAL(/6 = SHL) SAR */
#define GRP2(form)                                                                    \
  {                                                                                   \
    {op_rol_##form, NULL, 0}, {op_ror_##form, NULL, 0}, {op_rcl_##form, NULL, 0},     \
        {op_rcr_##form, NULL, 0}, {op_shl_##form, NULL, 0}, {op_shr_##form, NULL, 0}, \
        {op_shl_##form, NULL, 0}, {op_sar_##form, NULL, 0},                           \
  }
const struct dec_entry grp2_Eb_Ib[8] = GRP2(Eb_Ib); /* C0 */
const struct dec_entry grp2_Ev_Ib[8] = GRP2(Ev_Ib); /* C1 */
const struct dec_entry grp2_Eb_1[8] = GRP2(Eb_1);   /* D0 */
const struct dec_entry grp2_Ev_1[8] = GRP2(Ev_1);   /* D1 */
const struct dec_entry grp2_Eb_CL[8] = GRP2(Eb_CL); /* D2 */
const struct dec_entry grp2_Ev_CL[8] = GRP2(Ev_CL); /* D3 */

/* Group 3: TEST (/0 and its alias /1) NOT NEG MUL IMUL DIV IDIV */
const struct dec_entry grp3_Eb[8] = {
    {op_test_Eb_Ib, NULL, DEC_IB}, {op_test_Eb_Ib, NULL, DEC_IB}, {op_not_Eb, NULL, 0},
    {op_neg_Eb, NULL, 0},          {op_mul_Eb, NULL, 0},          {op_imul_Eb, NULL, 0},
    {op_div_Eb, NULL, 0},          {op_idiv_Eb, NULL, 0},
};
const struct dec_entry grp3_Ev[8] = {
    {op_test_Ev_Iz, NULL, DEC_IZ}, {op_test_Ev_Iz, NULL, DEC_IZ}, {op_not_Ev, NULL, 0},
    {op_neg_Ev, NULL, 0},          {op_mul_Ev, NULL, 0},          {op_imul_Ev, NULL, 0},
    {op_div_Ev, NULL, 0},          {op_idiv_Ev, NULL, 0},
};

/* Group 4 (FE): INC/DEC Eb; the rest #UD */
const struct dec_entry grp4_Eb[8] = {
    {op_inc_Eb, NULL, 0},
    {op_dec_Eb, NULL, 0},
};

/* Group 5 (FF): /2-/6 belong to the mov family */
const struct dec_entry grp5_Ev[8] = {
    {op_inc_Ev, NULL, 0},
    {op_dec_Ev, NULL, 0},
    {op_call_Ev, NULL, DEC_F64 | DEC_BRANCH},
    {op_callf_Ep, NULL, DEC_BRANCH},
    {op_jmp_Ev, NULL, DEC_F64 | DEC_BRANCH},
    {op_jmpf_Ep, NULL, DEC_BRANCH},
    {op_push_Ev, NULL, DEC_D64},
};

/* Group 8 (0F BA): /4 BT /5 BTS /6 BTR /7 BTC Ev,Ib; /0-/3 #UD */
const struct dec_entry grp8_Ev_Ib[8] = {
    [4] = {op_bt_Ev_Ib, NULL, 0},
    [5] = {op_bts_Ev_Ib, NULL, 0},
    [6] = {op_btr_Ev_Ib, NULL, 0},
    [7] = {op_btc_Ev_Ib, NULL, 0},
};

/* Group 9 (0F C7): /1 CMPXCHG8B Mq (REX.W: CMPXCHG16B Mdq); the rest #UD here */
const struct dec_entry grp9_Mq[8] = {
    [1] = {op_cmpxchg8b_Mq, NULL, 0},
};

/* Mandatory-prefix tables: F3 selects the ABM/BMI forms; 66 is the operand
 * size as usual; F2 is ignored by BSF/BSR. */
const struct dec_entry pfx_0f_b8[4] = {
    [PFX_F3] = {op_popcnt_Gv_Ev, NULL, 0},
};
const struct dec_entry pfx_0f_bc[4] = {
    [PFX_NONE] = {op_bsf_Gv_Ev, NULL, 0},
    [PFX_66] = {op_bsf_Gv_Ev, NULL, 0},
    [PFX_F3] = {op_tzcnt_Gv_Ev, NULL, 0},
    [PFX_F2] = {op_bsf_Gv_Ev, NULL, 0},
};
const struct dec_entry pfx_0f_bd[4] = {
    [PFX_NONE] = {op_bsr_Gv_Ev, NULL, 0},
    [PFX_66] = {op_bsr_Gv_Ev, NULL, 0},
    [PFX_F3] = {op_lzcnt_Gv_Ev, NULL, 0},
    [PFX_F2] = {op_bsr_Gv_Ev, NULL, 0},
};
/* 0F 38 F0/F1: MOVBE without prefix or with 66; F2 (with or without 66)
 * is CRC32; F3 is undefined. */
const struct dec_entry pfx_0f38_f0[4] = {
    [PFX_NONE] = {op_movbe_Gv_Mv, NULL, 0},
    [PFX_66] = {op_movbe_Gv_Mv, NULL, 0},
    [PFX_F2] = {op_crc32_Gy_Eb, NULL, DEC_BYTE},
};
const struct dec_entry pfx_0f38_f1[4] = {
    [PFX_NONE] = {op_movbe_Mv_Gv, NULL, 0},
    [PFX_66] = {op_movbe_Mv_Gv, NULL, 0},
    [PFX_F2] = {op_crc32_Gy_Ev, NULL, 0},
};
