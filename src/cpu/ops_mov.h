/* ops_mov.h — handlers and group tables of the mov family (see tab_mov_*.inc):
 * data movement (exec_mov.c), stack (exec_stack.c), control flow
 * (exec_ctrl.c), string instructions (exec_string.c), system and misc
 * instructions (exec_misc.c), CPUID (cpuid.c), group tables (grp_mov.c). */
#ifndef EMU_OPS_MOV_H
#define EMU_OPS_MOV_H
#include "cpu_internal.h"

/* Linux's flat user selectors (arch/x86/include/asm/segment.h, 64-bit kernel). */
#define SEL_USER32_CS 0x23
#define SEL_USER_DS   0x2b
#define SEL_USER_CS   0x33

/* Load a segment register as `mov Sreg, r16` does at CPL 3 (exec_misc.c).
 * Accepts the selectors Linux gives user space; anything else is #GP.  Every
 * check happens before anything changes. */
/* exec_mov.c */
OP(op_mov_Eb_Gb);
OP(op_mov_Ev_Gv);
OP(op_mov_Gb_Eb);
OP(op_mov_Gv_Ev);
OP(op_mov_Ev_Sw);
OP(op_mov_Sw_Ew);
OP(op_lea_Gv_M);
OP(op_xchg_Eb_Gb);
OP(op_xchg_Ev_Gv);
OP(op_xchg_Zv_rAX);
OP(op_mov_AL_Ob);
OP(op_mov_rAX_Ov);
OP(op_mov_Ob_AL);
OP(op_mov_Ov_rAX);
OP(op_mov_Zb_Ib);
OP(op_mov_Zv_Iv);
OP(op_mov_Eb_Ib);
OP(op_mov_Ev_Iz);
OP(op_movzx_Gv_Eb);
OP(op_movzx_Gv_Ew);
OP(op_movsx_Gv_Eb);
OP(op_movsx_Gv_Ew);
OP(op_movsxd_Gv_Ed);
OP(op_xlat);
OP(op_lahf);
OP(op_sahf);
OP(op_cld);
OP(op_std);
OP(op_les_Gz_Mp);
OP(op_lds_Gz_Mp);
OP(op_lss_Gv_Mp);
OP(op_lfs_Gv_Mp);
OP(op_lgs_Gv_Mp);

/* exec_stack.c */
OP(op_push_Zv);
OP(op_pop_Zv);
OP(op_push_Iz);
OP(op_push_Ib);
OP(op_push_Ev);
OP(op_pop_Ev);
OP(op_push_Sw);
OP(op_pop_Sw);
OP(op_pusha);
OP(op_popa);
OP(op_pushf);
OP(op_popf);
OP(op_enter);
OP(op_leave);

/* exec_ctrl.c */
OP(op_jcc_Jb);
OP(op_jcc_Jz);
OP(op_jmp_Jb);
OP(op_jmp_Jz);
OP(op_call_Jz);
OP(op_ret);
OP(op_ret_Iw);
OP(op_retf);
OP(op_retf_Iw);
OP(op_call_Ev);
OP(op_callf_Ep);
OP(op_jmp_Ev);
OP(op_jmpf_Ep);
OP(op_callf_Ap);
OP(op_jmpf_Ap);
OP(op_loopne_Jb);
OP(op_loope_Jb);
OP(op_loop_Jb);
OP(op_jrcxz_Jb);
OP(op_int3);
OP(op_int1);
OP(op_int_Ib);
OP(op_into);
OP(op_iret);
OP(op_bound_Gv_Ma);

/* exec_string.c */
OP(op_movs);
OP(op_cmps);
OP(op_stos);
OP(op_lods);
OP(op_scas);

/* exec_misc.c */
OP(op_syscall);
OP(op_sysenter);
OP(op_sysexit);
OP(op_cpuid);
OP(op_rdtsc);
OP(op_grp6);
OP(op_lar_lsl);  /* 0F 02 LAR, 0F 03 LSL */
OP(op_grp7);
OP(op_privileged);  /* hlt, cli, sti, in, out, ins, outs: #GP at CPL 3 */
OP(op_ud);          /* ud0, ud1, ud2 */
OP(op_nop_Ev);      /* 0F 18-1F hint NOPs, endbr64/32 */
OP(op_prefetch_Ev); /* 0F 0D: prefetch/prefetchw */

/* grp_mov.c */
extern const struct dec_entry grp1a_mov[8]; /* 8F: /0 pop Ev */
extern const struct dec_entry grp11_Eb[8];  /* C6: /0 mov Eb,Ib */
extern const struct dec_entry grp11_Ev[8];  /* C7: /0 mov Ev,Iz */
extern const struct dec_entry grp6_mov[8];  /* 0F 00 */
extern const struct dec_entry grp7_mov[8];  /* 0F 01 */

#endif
