/* fast.h — specialized handlers for hot instruction forms (fast.c). */
#ifndef EMU_CPU_FAST_H
#define EMU_CPU_FAST_H
#include "cpu_internal.h"

/* Replace d->fn by a handler specialized for d's operands when there is one
 * (d was decoded for c's mode).  The result behaves exactly as d->fn. */
void fast_specialize(const struct cpu *c, struct insn *d);

#endif
