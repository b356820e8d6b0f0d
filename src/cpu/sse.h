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

/* A host fn computing x = insn(x, y) on xmm registers (for an immediate,
 * mn is "insn $imm,"). */
#define HOST_XX(fname, mn)                                       \
  static void fname(union xmm *a, const union xmm *b, u32 *mx) { \
    sse_v2di x = xmm_v(a), y = xmm_v(b);                         \
    u32 h;                                                       \
    asm volatile(SSE_MX_IN mn " %[y], %[x]" SSE_MX_OUT           \
                 : [x] "+x"(x), [h] "=m"(h), [m] "+m"(*mx)       \
                 : [y] "x"(y));                                  \
    xmm_setv(a, x);                                              \
  }

/* op_<name>: V = insn(V, W) with a W of size bytes. */
#define FP_VW(name, mn, size, aligned) \
  HOST_XX(h_##name, mn)                \
  void op_##name(struct cpu *c, const struct insn *d) { sse_fp_VW(c, d, h_##name, size, aligned); }

/* V = f(V, W) for an instruction that raises no SIMD exception. */
typedef __m128i (*sse_intfn)(__m128i a, __m128i b);
static inline __attribute__((always_inline)) void sse_int_VW(struct cpu *c, const struct insn *d,
                                                             sse_intfn f) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  xmm_seti(v, f(xmm_i(v), xmm_i(w)));
}

/* The SSE2 integer instructions that are one intrinsic each: X(name, intrinsic, mmx)
 * where mmx says how the 0F (MMX) form maps onto the 128-bit operation on
 * zero-extended operands: N = same element-wise, P = pack (operands side by side),
 * H = unpack high (the high half of the low unpack), Z = no MMX form. */
#define SSE_INT_OPS(X)                 \
  X(punpcklbw, _mm_unpacklo_epi8, N)   \
  X(punpcklwd, _mm_unpacklo_epi16, N)  \
  X(punpckldq, _mm_unpacklo_epi32, N)  \
  X(punpcklqdq, _mm_unpacklo_epi64, Z) \
  X(punpckhbw, _mm_unpackhi_epi8, H)   \
  X(punpckhwd, _mm_unpackhi_epi16, H)  \
  X(punpckhdq, _mm_unpackhi_epi32, H)  \
  X(punpckhqdq, _mm_unpackhi_epi64, Z) \
  X(packsswb, _mm_packs_epi16, P)      \
  X(packuswb, _mm_packus_epi16, P)     \
  X(packssdw, _mm_packs_epi32, P)      \
  X(pcmpgtb, _mm_cmpgt_epi8, N)        \
  X(pcmpgtw, _mm_cmpgt_epi16, N)       \
  X(pcmpgtd, _mm_cmpgt_epi32, N)       \
  X(pcmpeqb, _mm_cmpeq_epi8, N)        \
  X(pcmpeqw, _mm_cmpeq_epi16, N)       \
  X(pcmpeqd, _mm_cmpeq_epi32, N)       \
  X(paddb, _mm_add_epi8, N)            \
  X(paddw, _mm_add_epi16, N)           \
  X(paddd, _mm_add_epi32, N)           \
  X(paddq, _mm_add_epi64, N)           \
  X(psubb, _mm_sub_epi8, N)            \
  X(psubw, _mm_sub_epi16, N)           \
  X(psubd, _mm_sub_epi32, N)           \
  X(psubq, _mm_sub_epi64, N)           \
  X(paddsb, _mm_adds_epi8, N)          \
  X(paddsw, _mm_adds_epi16, N)         \
  X(paddusb, _mm_adds_epu8, N)         \
  X(paddusw, _mm_adds_epu16, N)        \
  X(psubsb, _mm_subs_epi8, N)          \
  X(psubsw, _mm_subs_epi16, N)         \
  X(psubusb, _mm_subs_epu8, N)         \
  X(psubusw, _mm_subs_epu16, N)        \
  X(pmullw, _mm_mullo_epi16, N)        \
  X(pmulhw, _mm_mulhi_epi16, N)        \
  X(pmulhuw, _mm_mulhi_epu16, N)       \
  X(pmuludq, _mm_mul_epu32, N)         \
  X(pmaddwd, _mm_madd_epi16, N)        \
  X(pavgb, _mm_avg_epu8, N)            \
  X(pavgw, _mm_avg_epu16, N)           \
  X(pminub, _mm_min_epu8, N)           \
  X(pmaxub, _mm_max_epu8, N)           \
  X(pminsw, _mm_min_epi16, N)          \
  X(pmaxsw, _mm_max_epi16, N)          \
  X(psadbw, _mm_sad_epu8, N)           \
  X(pand, _mm_and_si128, N)            \
  X(pandn, _mm_andnot_si128, N)        \
  X(por, _mm_or_si128, N)              \
  X(pxor, _mm_xor_si128, N)            \
  X(psrlw, _mm_srl_epi16, N)           \
  X(psrld, _mm_srl_epi32, N)           \
  X(psrlq, _mm_srl_epi64, N)           \
  X(psraw, _mm_sra_epi16, N)           \
  X(psrad, _mm_sra_epi32, N)           \
  X(psllw, _mm_sll_epi16, N)           \
  X(pslld, _mm_sll_epi32, N)           \
  X(psllq, _mm_sll_epi64, N)

/* ---- MMX: mm0-7 alias the mantissas of the x87 physical registers R0-R7 ----
 * An MMX instruction first reports a pending unmasked x87 exception (#MF), then
 * sets TOP = 0 and every tag valid; writing mmN sets the exponent and sign
 * (bits 79:64) of RN to all ones (SDM vol. 1 9.5). */
void mmx_pending(struct cpu *c);
static inline void mmx_check(struct cpu *c) {
  x87_own(c); /* the registers back from the host FPU (exec_x87.c) */
  if (UNLIKELY(c->fpu.sw & 0x80)) mmx_pending(c); /* ES */
}
static inline void mmx_enter(struct cpu *c) {
  x87_own(c);
  c->fpu.top = 0;
  c->fpu.tw = 0;
}
static inline u64 mm_get(struct cpu *c, int i) {
  u64 v;
  x87_own(c);
  memcpy(&v, &c->fpu.st[i & 7], 8);
  return v;
}
static inline void mm_set(struct cpu *c, int i, u64 v) {
  x87_own(c);
  u8 *p = (u8 *)&c->fpu.st[i & 7];
  memcpy(p, &v, 8);
  p[8] = p[9] = 0xff;
}
/* The Q operand: mm register (ModRM.rm) or m64. */
static inline u64 mmx_Q(struct cpu *c, const struct insn *d) {
  return d->mod == 3 ? mm_get(c, d->rm) : ld64(c, insn_ea(c, d));
}

#endif
