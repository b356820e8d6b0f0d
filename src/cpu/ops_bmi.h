/* ops_bmi.h — handlers and mandatory-prefix tables of the bmi family: the
 * VEX-encoded general-purpose instructions of BMI1 and BMI2, and ADX (see
 * tab_bmi_*.inc, exec_bmi.c, grp_bmi.c).
 *
 * Operand names follow the SDM: Gy = ModRM.reg, Ey = ModRM r/m, By =
 * VEX.vvvv, y = 32 or 64 bits by VEX.W (REX.W for ADX).
 */
#ifndef EMU_OPS_BMI_H
#define EMU_OPS_BMI_H
#include "cpu_internal.h"

/* ---- BMI1 ---- */
OP(op_andn_Gy_By_Ey);
OP(op_bextr_Gy_Ey_By);
OP(op_blsr_By_Ey);
OP(op_blsmsk_By_Ey);
OP(op_blsi_By_Ey);

/* ---- BMI2 ---- */
OP(op_bzhi_Gy_Ey_By);
OP(op_pdep_Gy_By_Ey);
OP(op_pext_Gy_By_Ey);
OP(op_mulx_By_Gy_rDX_Ey);
OP(op_rorx_Gy_Ey_Ib);
OP(op_sarx_Gy_Ey_By);
OP(op_shlx_Gy_Ey_By);
OP(op_shrx_Gy_Ey_By);

/* ---- ADX ---- */
OP(op_adcx_Gy_Ey);
OP(op_adox_Gy_Ey);

/* ---- Group and mandatory-prefix tables (grp_bmi.c) ---- */
extern const struct dec_entry pfx_0f38_f6[4];    /* 66: ADCX, F3: ADOX */
extern const struct dec_entry pfx_vex0f38_f2[4]; /* ANDN */
extern const struct dec_entry pfx_vex0f38_f3[4]; /* group 17: BLSR BLSMSK BLSI */
extern const struct dec_entry pfx_vex0f38_f5[4]; /* BZHI, F3: PEXT, F2: PDEP */
extern const struct dec_entry pfx_vex0f38_f6[4]; /* F2: MULX */
extern const struct dec_entry pfx_vex0f38_f7[4]; /* BEXTR, 66: SHLX, F3: SARX, F2: SHRX */
extern const struct dec_entry pfx_vex0f3a_f0[4]; /* F2: RORX */

#endif
