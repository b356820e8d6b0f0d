/* exec_sse_mov.c — SSE/SSE2 data movement, shuffles and bitwise logic: MOVUPS
 * MOVAPS MOVSS MOVSD MOVLPS MOVHPS MOVHLPS MOVLHPS (and the pd forms), UNPCK*,
 * MOVNT*, MOVMSK*, AND/ANDN/OR/XOR ps/pd, MOVD/MOVQ, MOVDQA/MOVDQU, PSHUF*,
 * SHUFPS/PD, PINSRW/PEXTRW, PMOVMSKB, MASKMOVDQU.
 *
 * None of these raises a SIMD floating-point exception or reads MXCSR, so they
 * are plain C.  Mirrors the SDM vol. 2 instruction pages; the register and
 * memory forms differ where the manual says so (MOVSS/MOVSD zero the upper
 * part only when loading from memory).
 */
#include "ops_sse.h"
#include "sse.h"

/* ---- full-register moves ---- */

static void sse_load(struct cpu *c, const struct insn *d, bool aligned) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, aligned);
  *sse_V(c, d) = *w;
}
static void sse_store(struct cpu *c, const struct insn *d, bool aligned) {
  if (d->mod == 3)
    *sse_U(c, d) = *sse_V(c, d);
  else
    st128(c, sse_ea(c, d, 16, aligned), sse_V(c, d));
}

void op_movups_Vps_Wps(struct cpu *c, const struct insn *d) { sse_load(c, d, false); }
void op_movups_Wps_Vps(struct cpu *c, const struct insn *d) { sse_store(c, d, false); }
void op_movaps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_load(c, d, true); }
void op_movaps_Wps_Vps(struct cpu *c, const struct insn *d) { sse_store(c, d, true); }
void op_movdqu_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse_load(c, d, false); }
void op_movdqu_Wdq_Vdq(struct cpu *c, const struct insn *d) { sse_store(c, d, false); }
void op_movdqa_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse_load(c, d, true); }
void op_movdqa_Wdq_Vdq(struct cpu *c, const struct insn *d) { sse_store(c, d, true); }

/* 0F 2B MOVNTPS, 66 0F 2B MOVNTPD, 66 0F E7 MOVNTDQ: aligned stores, memory only */
void op_movntps_Mps_Vps(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  sse_store(c, d, true);
}

/* 0F C3 MOVNTI My, Gy */
void op_movnti_My_Gy(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  int size = d->opsz == 8 ? 8 : 4;
  mem_set(c, insn_ea(c, d), size, get_G(c, d, size));
}

/* ---- scalar moves ---- */

/* F3 0F 10 MOVSS: from a register only the low dword moves; from memory the
 * rest of the destination is zeroed.  F2 0F 10 MOVSD likewise with a qword. */
void op_movss_Vss_Wss(struct cpu *c, const struct insn *d) {
  union xmm *v = sse_V(c, d);
  if (d->mod == 3) {
    v->d[0] = sse_U(c, d)->d[0];
  } else {
    u32 x = ld32(c, insn_ea(c, d));
    v->q[0] = x;
    v->q[1] = 0;
  }
}
void op_movsd_Vsd_Wsd(struct cpu *c, const struct insn *d) {
  union xmm *v = sse_V(c, d);
  if (d->mod == 3) {
    v->q[0] = sse_U(c, d)->q[0];
  } else {
    u64 x = ld64(c, insn_ea(c, d));
    v->q[0] = x;
    v->q[1] = 0;
  }
}
void op_movss_Wss_Vss(struct cpu *c, const struct insn *d) {
  if (d->mod == 3)
    sse_U(c, d)->d[0] = sse_V(c, d)->d[0];
  else
    st32(c, insn_ea(c, d), sse_V(c, d)->d[0]);
}
void op_movsd_Wsd_Vsd(struct cpu *c, const struct insn *d) {
  if (d->mod == 3)
    sse_U(c, d)->q[0] = sse_V(c, d)->q[0];
  else
    st64(c, insn_ea(c, d), sse_V(c, d)->q[0]);
}

/* 0F 12: MOVLPS V, m64 / MOVHLPS V, U (register form); 66 0F 12 MOVLPD (memory only) */
void op_movlps_Vq_Mq(struct cpu *c, const struct insn *d) {
  if (d->mod == 3)
    sse_V(c, d)->q[0] = sse_U(c, d)->q[1];
  else
    sse_V(c, d)->q[0] = ld64(c, insn_ea(c, d));
}
void op_movlpd_Vq_Mq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  sse_V(c, d)->q[0] = ld64(c, insn_ea(c, d));
}
/* 0F 16: MOVHPS V, m64 / MOVLHPS V, U; 66 0F 16 MOVHPD (memory only) */
void op_movhps_Vq_Mq(struct cpu *c, const struct insn *d) {
  if (d->mod == 3)
    sse_V(c, d)->q[1] = sse_U(c, d)->q[0];
  else
    sse_V(c, d)->q[1] = ld64(c, insn_ea(c, d));
}
void op_movhpd_Vq_Mq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  sse_V(c, d)->q[1] = ld64(c, insn_ea(c, d));
}
/* 0F 13 / 66 0F 13 MOVLPS/MOVLPD m64, V; 0F 17 / 66 0F 17 MOVHPS/MOVHPD m64, V */
void op_movlps_Mq_Vq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  st64(c, insn_ea(c, d), sse_V(c, d)->q[0]);
}
void op_movhps_Mq_Vq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  st64(c, insn_ea(c, d), sse_V(c, d)->q[1]);
}

/* 66 0F 6E MOVD/MOVQ V, Ey: zero-extended into the whole register */
void op_movd_Vy_Ey(struct cpu *c, const struct insn *d) {
  int size = d->opsz == 8 ? 8 : 4;
  u64 x = get_E(c, d, size);
  union xmm *v = sse_V(c, d);
  v->q[0] = x;
  v->q[1] = 0;
}
/* 66 0F 7E MOVD/MOVQ Ey, V */
void op_movd_Ey_Vy(struct cpu *c, const struct insn *d) {
  int size = d->opsz == 8 ? 8 : 4;
  set_E(c, d, size, sse_V(c, d)->q[0] & size_mask(size));
}
/* F3 0F 7E MOVQ V, W(q): the upper qword is zeroed in both forms */
void op_movq_Vq_Wq(struct cpu *c, const struct insn *d) {
  union xmm tmp;
  u64 x = sse_W(c, d, &tmp, 8, false)->q[0];
  union xmm *v = sse_V(c, d);
  v->q[0] = x;
  v->q[1] = 0;
}
/* 66 0F D6 MOVQ W(q), V: a register destination gets its upper qword zeroed */
void op_movq_Wq_Vq(struct cpu *c, const struct insn *d) {
  u64 x = sse_V(c, d)->q[0];
  if (d->mod == 3) {
    union xmm *u = sse_U(c, d);
    u->q[0] = x;
    u->q[1] = 0;
  } else {
    st64(c, insn_ea(c, d), x);
  }
}

/* ---- bitwise logic (0F 54-57, 66 0F 54-57): no exceptions, no MXCSR ---- */
static __m128i i_and(__m128i a, __m128i b) { return _mm_and_si128(a, b); }
static __m128i i_andn(__m128i a, __m128i b) { return _mm_andnot_si128(a, b); }
static __m128i i_or(__m128i a, __m128i b) { return _mm_or_si128(a, b); }
static __m128i i_xor(__m128i a, __m128i b) { return _mm_xor_si128(a, b); }
void op_andps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_and); }
void op_andnps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_andn); }
void op_orps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_or); }
void op_xorps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_xor); }

/* ---- unpacks (0F 14, 15; 66 0F 14, 15) ---- */
static __m128i i_unpcklps(__m128i a, __m128i b) { return _mm_unpacklo_epi32(a, b); }
static __m128i i_unpckhps(__m128i a, __m128i b) { return _mm_unpackhi_epi32(a, b); }
static __m128i i_unpcklpd(__m128i a, __m128i b) { return _mm_unpacklo_epi64(a, b); }
static __m128i i_unpckhpd(__m128i a, __m128i b) { return _mm_unpackhi_epi64(a, b); }
void op_unpcklps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_unpcklps); }
void op_unpckhps_Vps_Wps(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_unpckhps); }
void op_unpcklpd_Vpd_Wpd(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_unpcklpd); }
void op_unpckhpd_Vpd_Wpd(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_unpckhpd); }

/* ---- sign masks ---- */

/* 0F 50 MOVMSKPS Gd, U; 66 0F 50 MOVMSKPD (register source only) */
void op_movmskps_Gd_Ups(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  const union xmm *u = sse_U(c, d);
  u32 m = 0;
  for (int i = 0; i < 4; i++) m |= (u->d[i] >> 31) << i;
  reg_set(c, d, d->reg, 8, m);
}
void op_movmskpd_Gd_Upd(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  const union xmm *u = sse_U(c, d);
  reg_set(c, d, d->reg, 8, (u->q[0] >> 63) | (u->q[1] >> 63) << 1);
}
/* 66 0F D7 PMOVMSKB Gd, U */
void op_pmovmskb_Gd_Udq(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  reg_set(c, d, d->reg, 8, (u32)_mm_movemask_epi8(xmm_i(sse_U(c, d))));
}

/* ---- shuffles with an immediate ---- */

/* 0F C6 SHUFPS V, W, ib: two dwords from V, then two from W */
void op_shufps_Vps_Wps_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  unsigned i = d->imm & 0xff;
  r.d[0] = v->d[i & 3];
  r.d[1] = v->d[(i >> 2) & 3];
  r.d[2] = w->d[(i >> 4) & 3];
  r.d[3] = w->d[(i >> 6) & 3];
  *v = r;
}
/* 66 0F C6 SHUFPD V, W, ib */
void op_shufpd_Vpd_Wpd_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  r.q[0] = v->q[d->imm & 1];
  r.q[1] = w->q[(d->imm >> 1) & 1];
  *v = r;
}
/* 66 0F 70 PSHUFD, F3 0F 70 PSHUFHW, F2 0F 70 PSHUFLW V, W, ib */
void op_pshufd_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  for (int k = 0; k < 4; k++) r.d[k] = w->d[(d->imm >> (2 * k)) & 3];
  *sse_V(c, d) = r;
}
void op_pshufhw_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  r.q[0] = w->q[0];
  for (int k = 0; k < 4; k++) r.w[4 + k] = w->w[4 + ((d->imm >> (2 * k)) & 3)];
  *sse_V(c, d) = r;
}
void op_pshuflw_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  r.q[1] = w->q[1];
  for (int k = 0; k < 4; k++) r.w[k] = w->w[(d->imm >> (2 * k)) & 3];
  *sse_V(c, d) = r;
}

/* 66 0F C4 PINSRW V, Ry/m16, ib */
void op_pinsrw_Vdq_Ew_Ib(struct cpu *c, const struct insn *d) {
  u16 x = d->mod == 3 ? (u16)c->r[d->rm] : ld16(c, insn_ea(c, d));
  sse_V(c, d)->w[d->imm & 7] = x;
}
/* 66 0F C5 PEXTRW Gd, U, ib (zero-extended) */
void op_pextrw_Gd_Udq_Ib(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  reg_set(c, d, d->reg, 8, sse_U(c, d)->w[d->imm & 7]);
}

/* 66 0F F7 MASKMOVDQU V, U: store the bytes of V whose mask byte in U has its
 * top bit set to DS:rDI (segment overridable). */
void op_maskmovdqu_Vdq_Udq(struct cpu *c, const struct insn *d) {
  sse_need_reg(c, d);
  const union xmm *v = sse_V(c, d), *m = sse_U(c, d);
  u64 a = c->r[R_DI];
  if (d->adsz == 4)
    a = (u32)a;
  else if (d->adsz == 2)
    a = (u16)a;
  if (d->seg != SEG_NONE) { /* as insn_ea: no override, no base */
    a += c->seg_base[d->seg];
    if (c->mode == 32) {
      cpu_seg_check(c, d->seg);
      a = (u32)a;
    }
  }
  /* Check the whole line first so a fault leaves memory unchanged. */
  (void)cpu_host(c, a, 16);
  for (int i = 0; i < 16; i++)
    if (m->b[i] & 0x80) st8(c, a + i, v->b[i]);
}
