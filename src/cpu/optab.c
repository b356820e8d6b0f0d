/* optab.c — the opcode maps.  Each instruction family owns a fragment per map
 * (tab_<family>_<map>.inc) and a header of its handlers and group tables
 * (ops_<family>.h); this file only puts them together.  Two families claiming
 * one opcode is a build error (-Woverride-init under -Werror). */
#include "cpu_internal.h"
#include "ops_alu.h"
#include "ops_bmi.h"
#include "ops_mov.h"
#include "ops_sse.h"
#include "ops_x87.h"

const struct dec_entry dec_root[256] = {
#include "tab_alu_root.inc"
#include "tab_mov_root.inc"
#include "tab_x87_root.inc"
};

const struct dec_entry dec_0f[256] = {
#include "tab_alu_0f.inc"
#include "tab_mov_0f.inc"
#include "tab_sse_0f.inc"
};

const struct dec_entry dec_0f38[256] = {
#include "tab_alu_0f38.inc"
#include "tab_bmi_0f38.inc"
#include "tab_sse_0f38.inc"
};

const struct dec_entry dec_0f3a[256] = {
#include "tab_sse_0f3a.inc"
};

/* VEX maps: an opcode nobody claims is #UD (AVX is not implemented). */
const struct dec_entry dec_vex_0f[256] = {
    [0] = {NULL, NULL, 0},
};

const struct dec_entry dec_vex_0f38[256] = {
#include "tab_bmi_vex0f38.inc"
};

const struct dec_entry dec_vex_0f3a[256] = {
#include "tab_bmi_vex0f3a.inc"
};
