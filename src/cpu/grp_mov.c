/* grp_mov.c — the mov family's group tables (sub-tables by ModRM.reg,
 * SDM volume 2 table A-6).  A member's flags are added to its parent's. */
#include "ops_mov.h"

/* 8F: group 1A, /0 POP Ev (XOP prefix space otherwise: #UD). */
const struct dec_entry grp1a_mov[8] = {
    [0] = {op_pop_Ev, NULL, 0},
};

/* C6/C7: group 11, /0 MOV Ev,Ib/Iz (C6 F8 XABORT and C7 F8 XBEGIN need RTM,
 * which emu does not offer: #UD). */
const struct dec_entry grp11_Eb[8] = {
    [0] = {op_mov_Eb_Ib, NULL, 0},
};

const struct dec_entry grp11_Ev[8] = {
    [0] = {op_mov_Ev_Iz, NULL, 0},
};

/* 0F 00: group 6 (SLDT STR LLDT LTR VERR VERW; /6 /7 #UD). */
const struct dec_entry grp6_mov[8] = {
    [0 ... 5] = {op_grp6, NULL, 0},
};

/* 0F 01: group 7; op_grp7 sorts memory and register forms. */
const struct dec_entry grp7_mov[8] = {
    [0 ... 7] = {op_grp7, NULL, 0},
};
