/* exec_sse_int.c — SSE2 integer instructions on XMM registers (66 0F 60-76,
 * 66 0F D1-FE) and the shift-by-immediate groups 12, 13, 14 (66 0F 71-73).
 *
 * Integer SIMD instructions raise no exceptions and do not read MXCSR, so they
 * are the host's own SSE2 instructions through <emmintrin.h>.  Shift counts
 * follow the SDM: the whole low quadword of an XMM count (or the imm8) is the
 * count, and a count past the element width zeroes the element (fills with
 * the sign for the arithmetic shifts), which the host instructions do.
 */
#include "ops_sse.h"
#include "sse.h"

#define INT_OP(m, expr)                                       \
  static __m128i i_##m(__m128i a, __m128i b) { return expr; } \
  void op_##m##_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_##m); }

#define X(m, f, mmx) INT_OP(m, f(a, b))
SSE_INT_OPS(X)
#undef X

/* ---- groups 12-14 (66 0F 71-73 /r ib): U = shift(U, imm8), register only ---- */
static void sse_shift_imm(struct cpu *c, const struct insn *d, sse_intfn f) {
  sse_need_reg(c, d);
  union xmm *u = sse_U(c, d);
  xmm_seti(u, f(xmm_i(u), _mm_cvtsi32_si128((int)(d->imm & 0xff))));
}
#define SHIFT_IMM(m) \
  void op_##m##_Udq_Ib(struct cpu *c, const struct insn *d) { sse_shift_imm(c, d, i_##m); }
SHIFT_IMM(psrlw)
SHIFT_IMM(psraw)
SHIFT_IMM(psllw)
SHIFT_IMM(psrld)
SHIFT_IMM(psrad)
SHIFT_IMM(pslld)
SHIFT_IMM(psrlq)
SHIFT_IMM(psllq)

/* 66 0F 73 /3 PSRLDQ and /7 PSLLDQ: byte shifts of the whole register */
void op_psrldq_Udq_Ib(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  union xmm *u = sse_U(c, d), r = {{0}};
  unsigned n = d->imm & 0xff;
  if (n < 16) memcpy(r.b, u->b + n, 16 - n);
  *u = r;
}
void op_pslldq_Udq_Ib(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  union xmm *u = sse_U(c, d), r = {{0}};
  unsigned n = d->imm & 0xff;
  if (n < 16) memcpy(r.b + n, u->b, 16 - n);
  *u = r;
}
