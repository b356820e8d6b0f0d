/* fast_ea.h — the memory operand's address in the specialized handlers
 * (fast.c, fast_sse.c), for the memory forms fast.c's mem_kind admits:
 * base+disp (1) and base+index*scale+disp (2).  Compiled two ways: for
 * x86-64 code (64-bit addressing, no segment override), and with FAST_I386
 * set (fast_i386.c, fast_sse_i386.c) for a 32-bit code segment.  The
 * including file defines FAST_I386 (0 or 1) and FI first. */
#ifndef EMU_CPU_FAST_EA_H
#define EMU_CPU_FAST_EA_H

#include <stddef.h>

#include "cpu_internal.h"

/* r[0..15] followed by rip: base register RIPREL (16) reads rip, which is
 * already the address of the next instruction, as rip-relative needs. */
_Static_assert(offsetof(struct cpu, r) == 0 && offsetof(struct cpu, rip) == 16 * sizeof(u64) &&
                   RIPREL == 16,
               "fast_ea.h indexes rip as register 16");
#define R17(c) ((u64 *)(c))

#if FAST_I386
/* 32-bit addressing in a 32-bit code segment (fast_i386.c, fast_sse_i386.c): the offset wraps
 * at 4 GiB, the segment's base is added (DS or SS by default, as the decoder
 * sets it), and a null selector is #GP(0), as insn_ea does. */
FI u64 off_b(struct cpu *c, const struct insn *d) { return (u32)(c->r[d->base] + (u64)(i64)d->disp); }
FI u64 off_bi(struct cpu *c, const struct insn *d) {
  return (u32)(c->r[d->base] + (c->r[d->index] << d->scale) + (u64)(i64)d->disp);
}
/* The address of the operand at offset off. */
FI u64 seg_add(struct cpu *c, const struct insn *d, u64 off) {
  cpu_seg_check(c, d->seg);
  return (u32)(off + c->seg_base[d->seg]);
}
FI u64 ea_b(struct cpu *c, const struct insn *d) { return seg_add(c, d, off_b(c, d)); }
FI u64 ea_bi(struct cpu *c, const struct insn *d) { return seg_add(c, d, off_bi(c, d)); }
#else
/* 64-bit addressing, no segment override (mem_kind). */
FI u64 ea_b(struct cpu *c, const struct insn *d) { return R17(c)[d->base] + (u64)(i64)d->disp; }
FI u64 ea_bi(struct cpu *c, const struct insn *d) {
  return c->r[d->base] + (c->r[d->index] << d->scale) + (u64)(i64)d->disp;
}
FI u64 off_b(struct cpu *c, const struct insn *d) { return ea_b(c, d); }
FI u64 off_bi(struct cpu *c, const struct insn *d) { return ea_bi(c, d); }
FI u64 seg_add(struct cpu *c, const struct insn *d, u64 off) {
  (void)c, (void)d;
  return off;
}
#endif

#endif
