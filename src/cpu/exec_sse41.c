/* exec_sse41.c — the SSE4.1 instructions that raise no SIMD exception: the
 * 66 0F 38 integer forms (PBLENDVB, BLENDVPS/PD with the implicit XMM0 mask,
 * PTEST, PMOVSX/PMOVZX, PMULDQ, PCMPEQQ, MOVNTDQA, PACKUSDW, PMINxx/PMAXxx,
 * PMULLD, PHMINPOSUW) and the 66 0F 3A immediate forms (BLENDPS/PD, PBLENDW,
 * PEXTRB/W/D/Q, EXTRACTPS, PINSRB/D/Q, INSERTPS, MPSADBW).  ROUNDxx, DPPS
 * and DPPD are floating point and live in exec_sse41_fp.c.
 *
 * Mirrors the SDM vol. 2 page of each instruction (legacy-SSE encodings): a
 * 128-bit memory operand must be 16-byte aligned (#GP), the narrower ones
 * (PMOVSX/ZX m16/m32/m64, INSERTPS m32, PINSR/PEXTR m8..m64) need not be.
 * Written in plain C on union xmm, so they need nothing of the host CPU
 * beyond x86-64.  Every memory read happens before any register changes.
 */
#include "ops_sse.h"
#include "sse.h"

/* V = f(V, W) with W a 16-byte aligned m128 or a register; r is a fresh
 * result so f may read a and b (which may be the same register) freely. */
typedef void (*sse41_fn)(union xmm *r, const union xmm *a, const union xmm *b, u8 imm);
static void sse41_VW(struct cpu *c, const struct insn *d, sse41_fn f) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  f(&r, v, w, (u8)d->imm);
  *v = r;
}

/* A handler computing r from a (V), b (W) and imm, element by element. */
#define OP41(name, n, ...)                                                             \
  static void f_##name(union xmm *r, const union xmm *a, const union xmm *b, u8 imm) { \
    (void)imm;                                                                         \
    for (int i = 0; i < (n); i++) __VA_ARGS__;                                         \
  }                                                                                    \
  void op_##name(struct cpu *c, const struct insn *d) { sse41_VW(c, d, f_##name); }

#define MIN(x, y) ((x) < (y) ? (x) : (y))
#define MAX(x, y) ((x) > (y) ? (x) : (y))

/* ---- 66 0F 38 10, 14, 15: blends by the sign bits of XMM0 ----
 * XMM0 is read before V is written, so V = XMM0 works as the hardware does. */
static void sse41_blendv(struct cpu *c, const struct insn *d, int size) {
  union xmm tmp, r, m = c->xmm[0];
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  for (int i = 0; i < 16; i++) {
    int top = i | (size - 1); /* the mask element's most significant byte */
    r.b[i] = (m.b[top] & 0x80) ? w->b[i] : v->b[i];
  }
  *v = r;
}
void op_pblendvb_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse41_blendv(c, d, 1); }
void op_blendvps_Vps_Wps(struct cpu *c, const struct insn *d) { sse41_blendv(c, d, 4); }
void op_blendvpd_Vpd_Wpd(struct cpu *c, const struct insn *d) { sse41_blendv(c, d, 8); }

/* ---- 66 0F 38 17 PTEST: ZF = (V & W) == 0, CF = (~V & W) == 0; AF OF PF SF = 0 ---- */
void op_ptest_Vdq_Wdq(struct cpu *c, const struct insn *d) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  const union xmm *v = sse_V(c, d);
  u64 both = (v->q[0] & w->q[0]) | (v->q[1] & w->q[1]);
  u64 wonly = (~v->q[0] & w->q[0]) | (~v->q[1] & w->q[1]);
  cpu_set_flags(c, (both == 0 ? F_ZF : 0) | (wonly == 0 ? F_CF : 0), F_ARITH);
}

/* ---- 66 0F 38 20-25, 30-35: PMOVSX / PMOVZX ----
 * The source is the low size bytes of U, or an unaligned m16/m32/m64. */
static void sse41_pmov(struct cpu *c, const struct insn *d, int size, int from, int to, bool sx) {
  union xmm tmp = {{0}}, r;
  const union xmm *w;
  if (d->mod == 3) {
    w = sse_U(c, d);
  } else if (size == 2) {
    tmp.w[0] = ld16(c, insn_ea(c, d));
    w = &tmp;
  } else {
    w = sse_W(c, d, &tmp, size, false);
  }
  for (int i = 0; i < 16 / to; i++) {
    u64 x;
    switch (from) {
    case 1: x = sx ? (u64)(i64)(i8)w->b[i] : w->b[i]; break;
    case 2: x = sx ? (u64)(i64)(i16)w->w[i] : w->w[i]; break;
    default: x = sx ? (u64)(i64)(i32)w->d[i] : w->d[i]; break;
    }
    switch (to) {
    case 2: r.w[i] = (u16)x; break;
    case 4: r.d[i] = (u32)x; break;
    default: r.q[i] = x; break;
    }
  }
  *sse_V(c, d) = r;
}
#define PMOV(name, size, from, to)                            \
  void op_pmovsx##name(struct cpu *c, const struct insn *d) { \
    sse41_pmov(c, d, size, from, to, true);                   \
  }                                                           \
  void op_pmovzx##name(struct cpu *c, const struct insn *d) { \
    sse41_pmov(c, d, size, from, to, false);                  \
  }
PMOV(bw_Vdq_Wq, 8, 1, 2)
PMOV(bd_Vdq_Wd, 4, 1, 4)
PMOV(bq_Vdq_Ww, 2, 1, 8)
PMOV(wd_Vdq_Wq, 8, 2, 4)
PMOV(wq_Vdq_Wd, 4, 2, 8)
PMOV(dq_Vdq_Wq, 8, 4, 8)

/* ---- 66 0F 38 28-2B, 38-41: element-wise integer operations ---- */
/* PMULDQ: the signed low dwords of each quadword, full 64-bit products */
OP41(pmuldq_Vdq_Wdq, 2, r->q[i] = (u64)((i64)(i32)a->d[2 * i] * (i64)(i32)b->d[2 * i]))
OP41(pcmpeqq_Vdq_Wdq, 2, r->q[i] = a->q[i] == b->q[i] ? ~0ull : 0)
/* PACKUSDW: signed dwords of V then W to unsigned words, saturating */
OP41(packusdw_Vdq_Wdq, 8, {
  i32 x = (i32)(i < 4 ? a->d[i] : b->d[i - 4]);
  r->w[i] = (u16)(x < 0 ? 0 : x > 0xffff ? 0xffff : x);
})
OP41(pminsb_Vdq_Wdq, 16, r->b[i] = (u8)MIN((i8)a->b[i], (i8)b->b[i]))
OP41(pminsd_Vdq_Wdq, 4, r->d[i] = (u32)MIN((i32)a->d[i], (i32)b->d[i]))
OP41(pminuw_Vdq_Wdq, 8, r->w[i] = MIN(a->w[i], b->w[i]))
OP41(pminud_Vdq_Wdq, 4, r->d[i] = MIN(a->d[i], b->d[i]))
OP41(pmaxsb_Vdq_Wdq, 16, r->b[i] = (u8)MAX((i8)a->b[i], (i8)b->b[i]))
OP41(pmaxsd_Vdq_Wdq, 4, r->d[i] = (u32)MAX((i32)a->d[i], (i32)b->d[i]))
OP41(pmaxuw_Vdq_Wdq, 8, r->w[i] = MAX(a->w[i], b->w[i]))
OP41(pmaxud_Vdq_Wdq, 4, r->d[i] = MAX(a->d[i], b->d[i]))
/* PMULLD: the low 32 bits of each product (unsigned arithmetic: same bits) */
OP41(pmulld_Vdq_Wdq, 4, r->d[i] = a->d[i] * b->d[i])

/* 66 0F 38 41 PHMINPOSUW: V.w[0] = min of W's words, V[18:16] = the lowest
 * index holding it, the rest zero */
static void f_phminposuw(union xmm *r, const union xmm *a, const union xmm *b, u8 imm) {
  (void)a, (void)imm;
  int k = 0;
  for (int i = 1; i < 8; i++)
    if (b->w[i] < b->w[k]) k = i;
  r->q[0] = b->w[k] | (u64)k << 16;
  r->q[1] = 0;
}
void op_phminposuw_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse41_VW(c, d, f_phminposuw); }

/* 66 0F 38 2A MOVNTDQA V, m128 (aligned); the hint changes nothing here */
void op_movntdqa_Vdq_Mdq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  union xmm tmp;
  *sse_V(c, d) = *sse_W(c, d, &tmp, 16, true);
}

/* ---- 66 0F 3A 0C, 0D, 0E, 42: blends and MPSADBW by imm8 ---- */
OP41(blendps_Vps_Wps_Ib, 4, r->d[i] = (imm >> i) & 1 ? b->d[i] : a->d[i])
OP41(blendpd_Vpd_Wpd_Ib, 2, r->q[i] = (imm >> i) & 1 ? b->q[i] : a->q[i])
OP41(pblendw_Vdq_Wdq_Ib, 8, r->w[i] = (imm >> i) & 1 ? b->w[i] : a->w[i])
/* MPSADBW: word i = sum over j < 4 of |V.b[4*imm[2] + i + j] - W.b[4*imm[1:0] + j]| */
OP41(mpsadbw_Vdq_Wdq_Ib, 8, {
  int s = 0, x = ((imm >> 2) & 1) * 4 + i, y = (imm & 3) * 4;
  for (int j = 0; j < 4; j++) {
    int t = a->b[x + j] - b->b[y + j];
    s += t < 0 ? -t : t;
  }
  r->w[i] = (u16)s;
})

/* ---- 66 0F 3A 14-17: extracts to a general register (zero-extended to the
 * operand size, 64 bits with REX.W) or to memory of the element's size ---- */
static void sse41_extract(struct cpu *c, const struct insn *d, int size, u64 x) {
  if (d->mod == 3)
    reg_set(c, d, d->rm, d->opsz == 8 ? 8 : 4, x);
  else
    mem_set(c, insn_ea(c, d), size, x);
}
/* PEXTRB Rd/Mb, V, ib */
void op_pextrb_Eb_Vdq_Ib(struct cpu *c, const struct insn *d) {
  sse41_extract(c, d, 1, sse_V(c, d)->b[d->imm & 15]);
}
/* PEXTRW Rd/Mw, V, ib (the 0F 3A 15 form, which also stores) */
void op_pextrw_Ew_Vdq_Ib(struct cpu *c, const struct insn *d) {
  sse41_extract(c, d, 2, sse_V(c, d)->w[d->imm & 7]);
}
/* PEXTRD Ed, V, ib; with REX.W PEXTRQ Eq, V, ib */
void op_pextrd_Ey_Vdq_Ib(struct cpu *c, const struct insn *d) {
  const union xmm *v = sse_V(c, d);
  if (d->opsz == 8)
    sse41_extract(c, d, 8, v->q[d->imm & 1]);
  else
    sse41_extract(c, d, 4, v->d[d->imm & 3]);
}
/* EXTRACTPS Ed, V, ib: the bits of a single, as PEXTRD */
void op_extractps_Ed_Vps_Ib(struct cpu *c, const struct insn *d) {
  sse41_extract(c, d, 4, sse_V(c, d)->d[d->imm & 3]);
}

/* ---- 66 0F 3A 20-22: inserts ---- */
/* PINSRB V, Rd/Mb, ib: the low byte of the 32-bit register */
void op_pinsrb_Vdq_Eb_Ib(struct cpu *c, const struct insn *d) {
  u8 x = d->mod == 3 ? (u8)c->r[d->rm] : ld8(c, insn_ea(c, d));
  sse_V(c, d)->b[d->imm & 15] = x;
}
/* PINSRD V, Ed, ib; with REX.W PINSRQ V, Eq, ib */
void op_pinsrd_Vdq_Ey_Ib(struct cpu *c, const struct insn *d) {
  if (d->opsz == 8) {
    u64 x = get_E(c, d, 8);
    sse_V(c, d)->q[d->imm & 1] = x;
  } else {
    u32 x = (u32)get_E(c, d, 4);
    sse_V(c, d)->d[d->imm & 3] = x;
  }
}
/* INSERTPS V, U/m32, ib:
 *
 *   7  6   5  4   3 2 1 0
 *   COUNT_S COUNT_D ZMASK
 *
 * V.d[COUNT_D] = U.d[COUNT_S] (m32: the dword read, COUNT_S ignored), then
 * the dwords named in ZMASK are zeroed. */
void op_insertps_Vps_Wss_Ib(struct cpu *c, const struct insn *d) {
  u8 imm = (u8)d->imm;
  u32 x = d->mod == 3 ? sse_U(c, d)->d[imm >> 6] : ld32(c, insn_ea(c, d));
  union xmm *v = sse_V(c, d);
  v->d[(imm >> 4) & 3] = x;
  for (int i = 0; i < 4; i++)
    if ((imm >> i) & 1) v->d[i] = 0;
}
