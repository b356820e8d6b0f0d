/* fast_x87_mem.c — the x87 loading and storing memory forms (fast_x87.c's
 * FX_MEM handlers) once more for the two operand shapes fast.c's mem_kind
 * admits, base+disp and base+index*scale+disp, addressed as fast_ea.h says
 * (fast_x87_mem_i386.c compiles this file again for a 32-bit code segment).
 * fast_x87.c's copy computes the address the general way (any base, index,
 * address size and segment), which was half of an x87 load's cost.
 *
 * Each handler is fast_x87.c's (x87.h's X87_FAST_MEM_FN) with the address
 * computed for its shape, so it behaves exactly as that one: the saved path
 * where it must, FOP, FIP, FCS, FDP (the operand's offset) and FDS.
 *
 * Mirrors: SDM vol. 2 D8-DF opcode maps (A.2.4), vol. 1 8.1.8 (FDP/FDS). */
#ifndef FAST_I386
#define FAST_I386 0 /* this file compiled for x86-64 code; fast_x87_mem_i386.c: for i386 code */
#endif
#define FI static inline __attribute__((always_inline))

#include "fast.h"
#include "fast_ea.h"
#include "x87.h"

#define FXM_LOAD(e, r, size)  FXM_FN(e, r, size, false, b) FXM_FN(e, r, size, false, bi)
#define FXM_STORE(e, r, size) FXM_FN(e, r, size, true, b) FXM_FN(e, r, size, true, bi)
#define FXM_CTL(e, r, size)
#define FXM_UD(e, r, size)
#define FXM_FN(e, r, size, store, form) \
  X87_FAST_MEM_FN(fxm_##e##r##_##form, e, r, size, store, off_##form, seg_add)
#define FXM(e, r, kind, size, ctl) FXM_##kind(e, r, size)
X87_MEMORY_FORMS(FXM)
#undef FXM

#define FXM_ENTRY_LOAD(e, r, form)  [e][r] = fxm_##e##r##_##form,
#define FXM_ENTRY_STORE(e, r, form) [e][r] = fxm_##e##r##_##form,
#define FXM_ENTRY_CTL(e, r, form)
#define FXM_ENTRY_UD(e, r, form)
#define FXM_B(e, r, kind, size, ctl)  FXM_ENTRY_##kind(e, r, b)
#define FXM_BI(e, r, kind, size, ctl) FXM_ENTRY_##kind(e, r, bi)
static const op_fn fxm_b[8][8] = {X87_MEMORY_FORMS(FXM_B)};
static const op_fn fxm_bi[8][8] = {X87_MEMORY_FORMS(FXM_BI)};

op_fn fast_x87_mem_pick(const struct insn *d, int mk) {
  if (mk == 0 || d->map != 0 || d->op < 0xd8 || d->op > 0xdf || d->vex || d->mod == 3) return NULL;
  unsigned e = d->op - 0xd8u;
  if (d->fn != fast_x87_generic[e]) return NULL;
  return (mk == 1 ? fxm_b : fxm_bi)[e][d->reg & 7];
}
