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

/* 66 0F 60-6D: unpacks and packs */
INT_OP(punpcklbw, _mm_unpacklo_epi8(a, b))
INT_OP(punpcklwd, _mm_unpacklo_epi16(a, b))
INT_OP(punpckldq, _mm_unpacklo_epi32(a, b))
INT_OP(punpcklqdq, _mm_unpacklo_epi64(a, b))
INT_OP(punpckhbw, _mm_unpackhi_epi8(a, b))
INT_OP(punpckhwd, _mm_unpackhi_epi16(a, b))
INT_OP(punpckhdq, _mm_unpackhi_epi32(a, b))
INT_OP(punpckhqdq, _mm_unpackhi_epi64(a, b))
INT_OP(packsswb, _mm_packs_epi16(a, b))
INT_OP(packuswb, _mm_packus_epi16(a, b))
INT_OP(packssdw, _mm_packs_epi32(a, b))

/* compares */
INT_OP(pcmpgtb, _mm_cmpgt_epi8(a, b))
INT_OP(pcmpgtw, _mm_cmpgt_epi16(a, b))
INT_OP(pcmpgtd, _mm_cmpgt_epi32(a, b))
INT_OP(pcmpeqb, _mm_cmpeq_epi8(a, b))
INT_OP(pcmpeqw, _mm_cmpeq_epi16(a, b))
INT_OP(pcmpeqd, _mm_cmpeq_epi32(a, b))

/* add and subtract, wrapping and saturating */
INT_OP(paddb, _mm_add_epi8(a, b))
INT_OP(paddw, _mm_add_epi16(a, b))
INT_OP(paddd, _mm_add_epi32(a, b))
INT_OP(paddq, _mm_add_epi64(a, b))
INT_OP(psubb, _mm_sub_epi8(a, b))
INT_OP(psubw, _mm_sub_epi16(a, b))
INT_OP(psubd, _mm_sub_epi32(a, b))
INT_OP(psubq, _mm_sub_epi64(a, b))
INT_OP(paddsb, _mm_adds_epi8(a, b))
INT_OP(paddsw, _mm_adds_epi16(a, b))
INT_OP(paddusb, _mm_adds_epu8(a, b))
INT_OP(paddusw, _mm_adds_epu16(a, b))
INT_OP(psubsb, _mm_subs_epi8(a, b))
INT_OP(psubsw, _mm_subs_epi16(a, b))
INT_OP(psubusb, _mm_subs_epu8(a, b))
INT_OP(psubusw, _mm_subs_epu16(a, b))

/* multiply, average, min/max, sum of differences */
INT_OP(pmullw, _mm_mullo_epi16(a, b))
INT_OP(pmulhw, _mm_mulhi_epi16(a, b))
INT_OP(pmulhuw, _mm_mulhi_epu16(a, b))
INT_OP(pmuludq, _mm_mul_epu32(a, b))
INT_OP(pmaddwd, _mm_madd_epi16(a, b))
INT_OP(pavgb, _mm_avg_epu8(a, b))
INT_OP(pavgw, _mm_avg_epu16(a, b))
INT_OP(pminub, _mm_min_epu8(a, b))
INT_OP(pmaxub, _mm_max_epu8(a, b))
INT_OP(pminsw, _mm_min_epi16(a, b))
INT_OP(pmaxsw, _mm_max_epi16(a, b))
INT_OP(psadbw, _mm_sad_epu8(a, b))

/* logic */
INT_OP(pand, _mm_and_si128(a, b))
INT_OP(pandn, _mm_andnot_si128(a, b))
INT_OP(por, _mm_or_si128(a, b))
INT_OP(pxor, _mm_xor_si128(a, b))

/* shifts by the low quadword of W */
INT_OP(psrlw, _mm_srl_epi16(a, b))
INT_OP(psrld, _mm_srl_epi32(a, b))
INT_OP(psrlq, _mm_srl_epi64(a, b))
INT_OP(psraw, _mm_sra_epi16(a, b))
INT_OP(psrad, _mm_sra_epi32(a, b))
INT_OP(psllw, _mm_sll_epi16(a, b))
INT_OP(pslld, _mm_sll_epi32(a, b))
INT_OP(psllq, _mm_sll_epi64(a, b))

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
  union xmm *u = sse_U(c, d), r;
  unsigned n = d->imm & 0xff;
  for (unsigned i = 0; i < 16; i++) r.b[i] = i + n < 16 ? u->b[i + n] : 0;
  *u = r;
}
void op_pslldq_Udq_Ib(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  union xmm *u = sse_U(c, d), r;
  unsigned n = d->imm & 0xff;
  for (unsigned i = 0; i < 16; i++) r.b[i] = i >= n ? u->b[i - n] : 0;
  *u = r;
}
