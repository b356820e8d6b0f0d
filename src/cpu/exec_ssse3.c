/* exec_ssse3.c — SSSE3, both forms of each instruction: the plain one on
 * mm0-7 (Pq, Qq/m64) and the 66 one on XMM registers (Vdq, Wdq/m128):
 * PSHUFB (0F 38 00), PHADDW/PHADDD/PHADDSW (01-03), PMADDUBSW (04),
 * PHSUBW/PHSUBD/PHSUBSW (05-07), PSIGNB/W/D (08-0A), PMULHRSW (0B),
 * PABSB/W/D (1C-1E) and PALIGNR (0F 3A 0F ib).  Mirrors the SDM vol. 1 §12.6
 * ("SSSE3 Instructions") and the vol. 2 page of each instruction.
 *
 * None of them raises a SIMD exception or reads MXCSR, so each is one plain C
 * kernel over an operand of n bytes (8 for mm, 16 for xmm), written from the
 * manual's pseudocode; the two forms differ only in n and in how operands are
 * fetched.  The MMX forms make the x87 transition (sse.h mmx_enter) after the
 * source is read; the XMM forms need an aligned m128 (#GP otherwise), the MMX
 * forms take any m64.
 */
#include "ops_sse.h"
#include "sse.h"

/* A kernel: r = op(a, b) on n-byte operands, a the destination's old value, b
 * the source; imm is PALIGNR's.  r never aliases a or b. */
typedef void ssse3_fn(u8 *r, const u8 *a, const u8 *b, int n, u8 imm);

#define MAXN 16

static inline i16 sat16(i32 v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : (i16)v; }

/* Element views of the operands: copied out, so the kernels do no type punning. */
#define VIEW(T, name, p, n) \
  T name[MAXN / sizeof(T)]; \
  memcpy(name, p, n)

/* 0F 38 00 PSHUFB: r[i] = b[i] bit 7 ? 0 : a[b[i] mod n] */
static inline void k_pshufb(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) {
  (void)imm;
  for (int i = 0; i < n; i++) r[i] = b[i] & 0x80 ? 0 : a[b[i] & (n - 1)];
}

/* Horizontal operations: the adjacent pairs of a give the low half of r, those
 * of b the high half. */
#define HORIZ(name, T, U, expr)                                                 \
  static inline void k_##name(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) { \
    (void)imm;                                                                  \
    VIEW(T, x, a, n);                                                           \
    VIEW(T, y, b, n);                                                           \
    T z[MAXN / sizeof(T)];                                                      \
    int h = n / (int)sizeof(T) / 2;                                             \
    for (int i = 0; i < h; i++) {                                               \
      U p = x[2 * i], q = x[2 * i + 1];                                         \
      z[i] = (T)(expr);                                                         \
      p = y[2 * i], q = y[2 * i + 1];                                           \
      z[h + i] = (T)(expr);                                                     \
    }                                                                           \
    memcpy(r, z, n);                                                            \
  }
/* 01-03, 05-07: wrapping in unsigned arithmetic, saturating in int */
HORIZ(phaddw, u16, u32, p + q)
HORIZ(phaddd, u32, u32, p + q)
HORIZ(phaddsw, i16, i32, sat16(p + q))
HORIZ(phsubw, u16, u32, p - q)
HORIZ(phsubd, u32, u32, p - q)
HORIZ(phsubsw, i16, i32, sat16(p - q))

/* 0F 38 04 PMADDUBSW: r.w[i] = sat16(a.ub[2i] * b.sb[2i] + a.ub[2i+1] * b.sb[2i+1]) */
static inline void k_pmaddubsw(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) {
  (void)imm;
  i16 z[MAXN / 2];
  for (int i = 0; i < n / 2; i++)
    z[i] = sat16(a[2 * i] * (i8)b[2 * i] + a[2 * i + 1] * (i8)b[2 * i + 1]);
  memcpy(r, z, n);
}

/* 0F 38 08-0A PSIGNB/W/D: a negated (wrapping), zeroed or kept as b is
 * negative, zero or positive */
#define PSIGN(name, T, S)                                                       \
  static inline void k_##name(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) { \
    (void)imm;                                                                  \
    VIEW(T, x, a, n);                                                           \
    VIEW(T, y, b, n);                                                           \
    for (int i = 0; i < n / (int)sizeof(T); i++)                                \
      x[i] = (S)y[i] < 0 ? (T)(0u - x[i]) : y[i] == 0 ? 0 : x[i];               \
    memcpy(r, x, n);                                                            \
  }
PSIGN(psignb, u8, i8)
PSIGN(psignw, u16, i16)
PSIGN(psignd, u32, i32)

/* 0F 38 0B PMULHRSW: r.w[i] = ((a.w[i] * b.w[i] >> 14) + 1) >> 1, bits 15:0 */
static inline void k_pmulhrsw(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) {
  (void)imm;
  VIEW(i16, x, a, n);
  VIEW(i16, y, b, n);
  u16 z[MAXN / 2];
  for (int i = 0; i < n / 2; i++) z[i] = (u16)((((i32)x[i] * y[i] >> 14) + 1) >> 1);
  memcpy(r, z, n);
}

/* 0F 38 1C-1E PABSB/W/D: r = |b| as unsigned (the most negative value stays) */
#define PABS(name, T, S)                                                        \
  static inline void k_##name(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) { \
    (void)a, (void)imm;                                                         \
    VIEW(T, y, b, n);                                                           \
    for (int i = 0; i < n / (int)sizeof(T); i++)                                \
      if ((S)y[i] < 0) y[i] = (T)(0u - y[i]);                                   \
    memcpy(r, y, n);                                                            \
  }
PABS(pabsb, u8, i8)
PABS(pabsw, u16, i16)
PABS(pabsd, u32, i32)

/* 0F 3A 0F PALIGNR: r = bytes imm .. imm+n-1 of the 2n-byte a:b (a high),
 * zero past its end */
static inline void k_palignr(u8 *r, const u8 *a, const u8 *b, int n, u8 imm) {
  u8 t[3 * MAXN] = {0};
  memcpy(t, b, n);
  memcpy(t + n, a, n);
  memcpy(r, t + (imm < 2 * n ? imm : 2 * n), n);
}

/* ---- the two forms ---- */

/* P = op(P, Q) */
static inline __attribute__((always_inline)) void ssse3_PQ(struct cpu *c, const struct insn *d,
                                                           ssse3_fn *f) {
  mmx_check(c);
  u64 b = mmx_Q(c, d);
  mmx_enter(c);
  u64 a = mm_get(c, d->reg), r;
  f((u8 *)&r, (const u8 *)&a, (const u8 *)&b, 8, (u8)d->imm);
  mm_set(c, d->reg, r);
}
/* V = op(V, W) */
static inline __attribute__((always_inline)) void ssse3_VW(struct cpu *c, const struct insn *d,
                                                           ssse3_fn *f) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  f(r.b, v->b, w->b, 16, (u8)d->imm);
  *v = r;
}

#define SSSE3(m)                                                                      \
  void op_##m##_Pq_Qq(struct cpu *c, const struct insn *d) { ssse3_PQ(c, d, k_##m); } \
  void op_##m##_Vdq_Wdq(struct cpu *c, const struct insn *d) { ssse3_VW(c, d, k_##m); }
SSSE3(pshufb)
SSSE3(phaddw)
SSSE3(phaddd)
SSSE3(phaddsw)
SSSE3(pmaddubsw)
SSSE3(phsubw)
SSSE3(phsubd)
SSSE3(phsubsw)
SSSE3(psignb)
SSSE3(psignw)
SSSE3(psignd)
SSSE3(pmulhrsw)
SSSE3(pabsb)
SSSE3(pabsw)
SSSE3(pabsd)

void op_palignr_Pq_Qq_Ib(struct cpu *c, const struct insn *d) { ssse3_PQ(c, d, k_palignr); }
void op_palignr_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) { ssse3_VW(c, d, k_palignr); }
