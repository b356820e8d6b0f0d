/* sse.h — private helpers of the SSE/SSE2 family (exec_sse_*.c): operand
 * access for XMM forms and the engine that runs a host SSE instruction under
 * the guest's MXCSR.
 *
 * Floating-point instructions are executed by the same host instruction,
 * bracketed inside one asm statement by
 *
 *     stmxcsr host ; ldmxcsr guest ; OP ; stmxcsr guest ; ldmxcsr host
 *
 * so rounding, DAZ/FTZ, NaN propagation and the sticky exception flags are the
 * host CPU's, bit for bit, and emu's own MXCSR is intact outside the asm.
 * When the guest has every exception masked (the common case, 0x1f80) that is
 * all.  Otherwise the host instruction runs with the guest's masks, a #XM
 * raised by it arrives as a host SIGFPE whose ucontext holds the MXCSR the
 * hardware left, and the guest sees STOP_XM with that MXCSR and the si_code
 * Linux computes (exec_sse_core.c).
 */
#ifndef EMU_CPU_SSE_H
#define EMU_CPU_SSE_H

#include <emmintrin.h>
#include <string.h>

#include "cpu_internal.h"

/* MXCSR layout:
 *
 *   31..16  15  14 13  12 11 10  9  8  7   6   5  4  3  2  1  0
 *   reserved FZ  RC    PM UM OM ZM DM IM DAZ PE UE OE ZE DE IE
 */
#define MXCSR_FLAGS    0x003fu
#define MXCSR_DAZ      0x0040u
#define MXCSR_MASKS    0x1f80u
#define MXCSR_RC       0x6000u
#define MXCSR_FZ       0x8000u
#define MXCSR_RESERVED 0xffff0000u /* ldmxcsr/fxrstor: #GP if any is set */

/* A host SSE instruction wrapped with the guest MXCSR: a is the destination
 * (in/out), b the source; *mx is the guest MXCSR in and out. */
typedef void (*sse_hostfn)(union xmm *a, const union xmm *b, u32 *mx);

/* The slow path of sse_fp(): some exception is unmasked in the guest. */
void sse_fp_trapping(struct cpu *c, sse_hostfn f, union xmm *a, const union xmm *b);
/* The si_code Linux reports for a #XM with this MXCSR (arch/x86/kernel/fpu/core.c
 * fpu__exception_code). */
int sse_fpe_code(u32 mxcsr);

/* Run f(a, b) under the guest's MXCSR.  On an unmasked exception this leaves
 * with STOP_XM and *a is as f left it (callers pass a copy). */
static inline void sse_fp(struct cpu *c, sse_hostfn f, union xmm *a, const union xmm *b) {
  u32 mx = c->mxcsr;
  if (UNLIKELY((mx & MXCSR_MASKS) != MXCSR_MASKS)) {
    sse_fp_trapping(c, f, a, b);
    return;
  }
  f(a, b, &mx);
  c->mxcsr = mx;
}

/* The bracket around one host instruction: asm operand [h] is a scratch word
 * for emu's MXCSR, [m] the guest's. */
#define SSE_MX_IN  "stmxcsr %[h]\n\tldmxcsr %[m]\n\t"
#define SSE_MX_OUT "\n\tstmxcsr %[m]\n\tldmxcsr %[h]"

typedef long long sse_v2di __attribute__((vector_size(16)));
static inline sse_v2di xmm_v(const union xmm *x) {
  sse_v2di v;
  memcpy(&v, x, 16);
  return v;
}
static inline void xmm_setv(union xmm *x, sse_v2di v) { memcpy(x, &v, 16); }
static inline __m128i xmm_i(const union xmm *x) { return _mm_loadu_si128((const __m128i *)x); }
static inline void xmm_seti(union xmm *x, __m128i v) { _mm_storeu_si128((__m128i *)x, v); }

/* XMM operands: V = ModRM.reg, U = ModRM.rm register. */
static inline union xmm *sse_V(struct cpu *c, const struct insn *d) { return &c->xmm[d->reg & 15]; }
static inline union xmm *sse_U(struct cpu *c, const struct insn *d) { return &c->xmm[d->rm & 15]; }

/* Address of a memory operand of size bytes; a 16-byte aligned operand that is
 * not aligned raises #GP as legacy SSE does. */
static inline u64 sse_ea(struct cpu *c, const struct insn *d, int size, bool aligned) {
  u64 a = insn_ea(c, d);
  if (aligned && (a & 15)) cpu_exception(c, STOP_GP);
  (void)size;
  return a;
}

/* The W operand: the register, or size bytes (4, 8 or 16) of memory read into
 * *tmp with the rest of *tmp zero.  Every read happens here, before anything
 * changes. */
static inline const union xmm *sse_W(struct cpu *c, const struct insn *d, union xmm *tmp, int size,
                                     bool aligned) {
  if (d->mod == 3) return sse_U(c, d);
  u64 a = sse_ea(c, d, size, aligned);
  tmp->q[0] = tmp->q[1] = 0;
  switch (size) {
  case 4: tmp->d[0] = ld32(c, a); break;
  case 8: tmp->q[0] = ld64(c, a); break;
  default: ld128(c, a, tmp); break;
  }
  return tmp;
}

/* Forms that exist only with a register (mod == 3) or only with memory. */
static inline void sse_need_reg(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
}
static inline void sse_need_mem(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
}

/* V = f(V, W) for a floating-point instruction under the guest MXCSR. */
static inline void sse_fp_VW(struct cpu *c, const struct insn *d, sse_hostfn f, int size,
                             bool aligned) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, size, aligned);
  r = *sse_V(c, d);
  sse_fp(c, f, &r, w);
  *sse_V(c, d) = r;
}

/* V = f(V, W) for an instruction that raises no SIMD exception. */
typedef __m128i (*sse_intfn)(__m128i a, __m128i b);
static inline __attribute__((always_inline)) void sse_int_VW(struct cpu *c, const struct insn *d,
                                                             sse_intfn f) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  xmm_seti(v, f(xmm_i(v), xmm_i(w)));
}

#endif
