/* fast.h — specialized handlers for hot instruction forms (fast.c). */
#ifndef EMU_CPU_FAST_H
#define EMU_CPU_FAST_H
#include "cpu_internal.h"

/* Replace d->fn by a handler specialized for d's operands when there is one
 * (d was decoded for c's mode).  The result behaves exactly as d->fn. */
void fast_specialize(const struct cpu *c, struct insn *d);

/* The same for a block decoded in 32-bit mode (fast_i386.c: fast.c
 * compiled with 32-bit addressing), which the two above hand such blocks. */
void fast_specialize_i386(const struct cpu *c, struct insn *d);
op_fn fast_fuse_i386(const struct cpu *c, const struct insn *d);
op_fn fast_sse_pick_i386(const struct cpu *c, const struct insn *d, int mk);

/* The fast SSE handler for d (fast_sse.c), or NULL; mk is fast.c's memory
 * form (0 = none, 1 = base+disp, 2 = base+index*scale+disp). */
op_fn fast_sse_pick(const struct cpu *c, const struct insn *d, int mk);

/* The handler of d's x87 data instruction form (fast_x87.c), or NULL. */
op_fn fast_x87_pick(const struct insn *d);
/* exec_x87.c's handler of each escape byte D8-DF, which the fast x87
 * handlers hand an instruction to when it must take the saved path. */
extern const op_fn fast_x87_generic[8];
/* The handler of d's x87 memory form when its operand is base+disp (mk 1) or
 * base+index*scale+disp (mk 2), addressed as fast_ea.h says (fast_x87_mem.c),
 * or NULL; the i386 copy for a 32-bit code segment (fast_x87_mem_i386.c). */
op_fn fast_x87_mem_pick(const struct insn *d, int mk);
op_fn fast_x87_mem_pick_i386(const struct insn *d, int mk);

/* For a block ending in d[0], d[1]: a handler that runs both when d[0] is a
 * fast CMP/TEST and d[1] a fast Jcc (fast.c), else NULL.  The handler
 * leaves c->rip as the Jcc would; c->rip on entry is the address after d[0]. */
op_fn fast_fuse(const struct cpu *c, const struct insn *d);

/* run_blocks brackets its loop with these (fast_sse.c): in between, the fast
 * SSE arithmetic handlers may leave the guest's MXCSR loaded; leave puts
 * emu's back.  fast_mx_leave is safe to call without enter. */
void fast_mx_enter(void);
void fast_mx_leave(void);
/* Their per-thread state, which both compilations of fast_sse.c share. */
struct fast_mx {
  u32 host;   /* emu's MXCSR, saved by fast_mx_enter */
  u32 loaded; /* the guest MXCSR in the hardware, or MX_NONE */
  bool lazy;  /* inside run_blocks */
};
extern __thread struct fast_mx fast_mx;

#endif
