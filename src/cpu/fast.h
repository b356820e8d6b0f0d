/* fast.h — specialized handlers for hot instruction forms (fast.c). */
#ifndef EMU_CPU_FAST_H
#define EMU_CPU_FAST_H
#include "cpu_internal.h"

/* Replace d->fn by a handler specialized for d's operands when there is one
 * (d was decoded for c's mode).  The result behaves exactly as d->fn. */
void fast_specialize(const struct cpu *c, struct insn *d);

/* The fast SSE handler for d (fast_sse.c), or NULL; mk is fast.c's memory
 * form (0 = none, 1 = base+disp, 2 = base+index*scale+disp). */
op_fn fast_sse_pick(const struct cpu *c, const struct insn *d, int mk);

#endif
