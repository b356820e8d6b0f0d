/* grp_bmi.c — the bmi family's mandatory-prefix and group tables (SDM vol. 2
 * appendix A, tables: VEX.0F38 F2-F7, VEX.0F3A F0, 0F38 F6). */
#include "cpu_internal.h"
#include "ops_bmi.h"

const struct dec_entry pfx_0f38_f6[4] = {
    [PFX_66] = {op_adcx_Gy_Ey, NULL, 0},
    [PFX_F3] = {op_adox_Gy_Ey, NULL, 0},
};

const struct dec_entry pfx_vex0f38_f2[4] = {
    [PFX_NONE] = {op_andn_Gy_By_Ey, NULL, 0},
};

/* Group 17 (VEX.0F38 F3): /1 BLSR, /2 BLSMSK, /3 BLSI; the rest #UD. */
static const struct dec_entry grp17_By_Ey[8] = {
    [1] = {op_blsr_By_Ey, NULL, 0},
    [2] = {op_blsmsk_By_Ey, NULL, 0},
    [3] = {op_blsi_By_Ey, NULL, 0},
};
const struct dec_entry pfx_vex0f38_f3[4] = {
    [PFX_NONE] = {NULL, grp17_By_Ey, DEC_GROUP},
};

const struct dec_entry pfx_vex0f38_f5[4] = {
    [PFX_NONE] = {op_bzhi_Gy_Ey_By, NULL, 0},
    [PFX_F3] = {op_pext_Gy_By_Ey, NULL, 0},
    [PFX_F2] = {op_pdep_Gy_By_Ey, NULL, 0},
};

const struct dec_entry pfx_vex0f38_f6[4] = {
    [PFX_F2] = {op_mulx_By_Gy_rDX_Ey, NULL, 0},
};

const struct dec_entry pfx_vex0f38_f7[4] = {
    [PFX_NONE] = {op_bextr_Gy_Ey_By, NULL, 0},
    [PFX_66] = {op_shlx_Gy_Ey_By, NULL, 0},
    [PFX_F3] = {op_sarx_Gy_Ey_By, NULL, 0},
    [PFX_F2] = {op_shrx_Gy_Ey_By, NULL, 0},
};

/* RORX does not use vvvv: anything but 1111b is #UD (SDM 2.3.6; the host
 * agrees). */
const struct dec_entry pfx_vex0f3a_f0[4] = {
    [PFX_F2] = {op_rorx_Gy_Ey_Ib, NULL, DEC_VEX_NV},
};
