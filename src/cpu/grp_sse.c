/* grp_sse.c — the SSE family's group tables (ModRM.reg sub tables):
 * groups 12, 13, 14 (0F 71-73: shifts by imm8, then a prefix table) and
 * group 15 (0F AE), as in the SDM vol. 2 table A-6. */
#include "ops_sse.h"

/* 0F 71: group 12 */
const struct dec_entry grp_sse_71[8] = {
    [2] = SSE_PFX(op_psrlw_Nq_Ib, op_psrlw_Udq_Ib, NULL, NULL, 0),
    [4] = SSE_PFX(op_psraw_Nq_Ib, op_psraw_Udq_Ib, NULL, NULL, 0),
    [6] = SSE_PFX(op_psllw_Nq_Ib, op_psllw_Udq_Ib, NULL, NULL, 0),
};
/* 0F 72: group 13 */
const struct dec_entry grp_sse_72[8] = {
    [2] = SSE_PFX(op_psrld_Nq_Ib, op_psrld_Udq_Ib, NULL, NULL, 0),
    [4] = SSE_PFX(op_psrad_Nq_Ib, op_psrad_Udq_Ib, NULL, NULL, 0),
    [6] = SSE_PFX(op_pslld_Nq_Ib, op_pslld_Udq_Ib, NULL, NULL, 0),
};
/* 0F 73: group 14 */
const struct dec_entry grp_sse_73[8] = {
    [2] = SSE_PFX(op_psrlq_Nq_Ib, op_psrlq_Udq_Ib, NULL, NULL, 0),
    [3] = SSE_PFX(NULL, op_psrldq_Udq_Ib, NULL, NULL, 0),
    [6] = SSE_PFX(op_psllq_Nq_Ib, op_psllq_Udq_Ib, NULL, NULL, 0),
    [7] = SSE_PFX(NULL, op_pslldq_Udq_Ib, NULL, NULL, 0),
};
/* 0F AE: group 15.  Each member sorts out mod and prefixes itself
 * (exec_sse_core.c): memory forms FXSAVE FXRSTOR LDMXCSR STMXCSR XSAVE XRSTOR
 * - CLFLUSH, register forms - - - - - LFENCE MFENCE SFENCE. */
const struct dec_entry grp_sse_ae[8] = {
    {op_sse_grp15_0, NULL, 0}, {op_sse_grp15_1, NULL, 0}, {op_sse_grp15_2, NULL, 0},
    {op_sse_grp15_3, NULL, 0}, {op_sse_grp15_4, NULL, 0}, {op_sse_grp15_5, NULL, 0},
    {op_sse_grp15_6, NULL, 0}, {op_sse_grp15_7, NULL, 0},
};
