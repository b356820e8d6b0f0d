/* ops_x87.h — handlers of the x87 family (see tab_x87_root.inc) and the
 * FXSAVE/XSAVE handlers that the SSE family's 0F AE group refers to. */
#ifndef EMU_OPS_X87_H
#define EMU_OPS_X87_H
#include "cpu_internal.h"

/* D8-DF: one handler per escape byte, dispatching on ModRM (exec_x87.c). */
OP(op_x87_d8);
OP(op_x87_d9);
OP(op_x87_da);
OP(op_x87_db);
OP(op_x87_dc);
OP(op_x87_dd);
OP(op_x87_de);
OP(op_x87_df);
OP(op_fwait); /* 9B */

/* 0F AE /0 /1 /4 /5 memory forms (exec_fxsave.c). */
OP(op_fxsave);
OP(op_fxrstor);
OP(op_xsave);
OP(op_xrstor);

/* FNINIT state (cw 0x037f, all registers empty, top 0); cpu_init calls it. */
void x87_init(struct x87 *f);

#endif
