/* exec_sse_mmx.c — MMX: the plain 0F forms of the integer SIMD opcodes on mm0-7
 * (0F 60-7F, D1-FE, the shift groups 0F 71-73, C4/C5, D7, E7, F7), EMMS, and
 * the SSE2 moves between mm and xmm (F3 0F D6 MOVQ2DQ, F2 0F D6 MOVDQ2Q).
 *
 * The registers alias the x87 mantissas (sse.h mm_get/mm_set); every MMX
 * instruction makes the x87 stack all valid with TOP = 0, EMMS makes it all
 * empty (SDM vol. 1 ch. 9).  The arithmetic is the SSE2 instruction of the same
 * opcode applied to the zero-extended operands (the SSE_INT_OPS list in sse.h
 * says how each maps), so the two families cannot disagree.
 */
#include "ops_sse.h"
#include "sse.h"
#include "x87.h"

/* A pending x87 exception at an MMX instruction: the x87 family's #MF
 * (exec_x87_ctl.c). */
void mmx_pending(struct cpu *c) { x87_raise_mf(c); }

static inline __m128i q128(u64 v) { return _mm_cvtsi64_si128((long long)v); }
static inline u64 lo64(__m128i v) { return (u64)_mm_cvtsi128_si64(v); }
static inline u64 hi64(__m128i v) { return (u64)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)); }

/* Binary ops: P = op(P, Q). */
typedef u64 (*mmx_fn)(u64 a, u64 b);
static inline __attribute__((always_inline)) void mmx_PQ(struct cpu *c, const struct insn *d,
                                                         mmx_fn f) {
  mmx_check(c);
  u64 b = mmx_Q(c, d);
  mmx_enter(c);
  mm_set(c, d->reg, f(mm_get(c, d->reg), b));
}

#define MMX_N(m, f) \
  static u64 x_##m(u64 a, u64 b) { return lo64(f(q128(a), q128(b))); }
#define MMX_P(m, f)                                                                  \
  static u64 x_##m(u64 a, u64 b) {                                                   \
    return lo64(f(_mm_set_epi64x((long long)b, (long long)a), _mm_setzero_si128())); \
  }
#define MMX_H(m, f)                                                                   \
  static u64 x_##m(u64 a, u64 b) {                                                    \
    __m128i l = _mm_set_epi64x(0, (long long)a), r = _mm_set_epi64x(0, (long long)b); \
    return hi64(f##_lo(l, r));                                                        \
  }
#define MMX_Z(m, f)
/* The high unpacks of 64-bit registers are the high halves of the low unpacks. */
#define _mm_unpackhi_epi8_lo  _mm_unpacklo_epi8
#define _mm_unpackhi_epi16_lo _mm_unpacklo_epi16
#define _mm_unpackhi_epi32_lo _mm_unpacklo_epi32

#define X(m, f, kind) MMX_##kind(m, f)
SSE_INT_OPS(X)
#undef X

#define HANDLER_N(m) \
  void op_##m##_Pq_Qq(struct cpu *c, const struct insn *d) { mmx_PQ(c, d, x_##m); }
#define HANDLER_P HANDLER_N
#define HANDLER_H HANDLER_N
#define HANDLER_Z(m)
#define X(m, f, kind) HANDLER_##kind(m)
SSE_INT_OPS(X)
#undef X

/* ---- shifts by imm8 (0F 71-73 /r ib): N = shift(N, imm8), register only ---- */
static void mmx_shift_imm(struct cpu *c, const struct insn *d, mmx_fn f) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  mmx_enter(c);
  mm_set(c, d->rm, f(mm_get(c, d->rm), d->imm & 0xff));
}
#define SHIFT_IMM(m) \
  void op_##m##_Nq_Ib(struct cpu *c, const struct insn *d) { mmx_shift_imm(c, d, x_##m); }
SHIFT_IMM(psrlw)
SHIFT_IMM(psraw)
SHIFT_IMM(psllw)
SHIFT_IMM(psrld)
SHIFT_IMM(psrad)
SHIFT_IMM(pslld)
SHIFT_IMM(psrlq)
SHIFT_IMM(psllq)

/* ---- moves ---- */

/* 0F 6E MOVD/MOVQ P, Ey */
void op_movd_Pq_Ey(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  u64 v = get_E(c, d, d->opsz == 8 ? 8 : 4);
  mmx_enter(c);
  mm_set(c, d->reg, v);
}
/* 0F 7E MOVD/MOVQ Ey, P */
void op_movd_Ey_Pq(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  int size = d->opsz == 8 ? 8 : 4;
  u64 v = mm_get(c, d->reg) & size_mask(size);
  set_E(c, d, size, v);
  mmx_enter(c);
}
/* 0F 6F MOVQ P, Q */
void op_movq_Pq_Qq(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  u64 v = mmx_Q(c, d);
  mmx_enter(c);
  mm_set(c, d->reg, v);
}
/* 0F 7F MOVQ Q, P and 0F E7 MOVNTQ m64, P */
void op_movq_Qq_Pq(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  u64 v = mm_get(c, d->reg);
  if (d->mod != 3) st64(c, insn_ea(c, d), v);
  mmx_enter(c);
  if (d->mod == 3) mm_set(c, d->rm, v);
}
void op_movntq_Mq_Pq(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  op_movq_Qq_Pq(c, d);
}
/* F3 0F D6 MOVQ2DQ V, N; F2 0F D6 MOVDQ2Q P, U */
void op_movq2dq_Vdq_Nq(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  mmx_enter(c);
  union xmm *v = sse_V(c, d);
  v->q[0] = mm_get(c, d->rm);
  v->q[1] = 0;
}
void op_movdq2q_Pq_Uq(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  mmx_enter(c);
  mm_set(c, d->reg, sse_U(c, d)->q[0]);
}

/* 0F 77 EMMS: every x87 register empty */
void op_emms(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  c->fpu.tw = 0xffff;
}

/* ---- the SSE integer extensions on mm ---- */

/* 0F 70 PSHUFW P, Q, ib */
void op_pshufw_Pq_Qq_Ib(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  u64 b = mmx_Q(c, d), r = 0;
  for (int k = 0; k < 4; k++) r |= ((b >> (16 * ((d->imm >> (2 * k)) & 3))) & 0xffff) << (16 * k);
  mmx_enter(c);
  mm_set(c, d->reg, r);
}
/* 0F C4 PINSRW P, Ry/m16, ib */
void op_pinsrw_Pq_Ew_Ib(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  u64 x = d->mod == 3 ? (u16)c->r[d->rm] : ld16(c, insn_ea(c, d));
  int s = 16 * (d->imm & 3);
  mmx_enter(c);
  mm_set(c, d->reg, (mm_get(c, d->reg) & ~(0xffffull << s)) | x << s);
}
/* 0F C5 PEXTRW Gd, N, ib */
void op_pextrw_Gd_Nq_Ib(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  mmx_enter(c);
  reg_set(c, d, d->reg, 8, (mm_get(c, d->rm) >> (16 * (d->imm & 3))) & 0xffff);
}
/* 0F D7 PMOVMSKB Gd, N */
void op_pmovmskb_Gd_Nq(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  mmx_enter(c);
  reg_set(c, d, d->reg, 8, (u32)_mm_movemask_epi8(q128(mm_get(c, d->rm))) & 0xff);
}
/* 0F F7 MASKMOVQ P, N: bytes of P selected by N's top bits to DS:rDI */
void op_maskmovq_Pq_Nq(struct cpu *c, const struct insn *d) {
  if (d->mod != 3) cpu_exception(c, STOP_UD);
  mmx_check(c);
  u64 v = mm_get(c, d->reg), m = mm_get(c, d->rm);
  u64 a = c->r[R_DI];
  if (d->adsz == 4)
    a = (u32)a;
  else if (d->adsz == 2)
    a = (u16)a;
  if (d->seg != SEG_NONE) {
    a += c->seg_base[d->seg];
    if (c->mode == 32) {
      cpu_seg_check(c, d->seg);
      a = (u32)a;
    }
  }
  (void)cpu_host(c, a, 8);
  for (int i = 0; i < 8; i++)
    if ((m >> (8 * i + 7)) & 1) st8(c, a + i, (u8)(v >> (8 * i)));
  mmx_enter(c);
}
