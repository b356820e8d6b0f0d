/* exec_sse3.c — SSE3 on XMM registers: ADDSUBPS/PD (F2/66 0F D0), HADDPS/PD
 * (F2/66 0F 7C), HSUBPS/PD (F2/66 0F 7D), MOVSLDUP (F3 0F 12), MOVSHDUP
 * (F3 0F 16), MOVDDUP (F2 0F 12) and LDDQU (F2 0F F0).  Mirrors the SDM vol. 1
 * §12.3 ("SSE3 Instructions") and the vol. 2 page of each instruction.
 * FISTTP, the x87 member of SSE3, belongs to the x87 family; MONITOR/MWAIT
 * are not implemented and CPUID does not report them.
 *
 * The arithmetic ones run the same host instruction under the guest's MXCSR
 * (sse.h), as the SSE/SSE2 arithmetic does: the order of the operands of the
 * horizontal adds (which NaN wins), rounding, DAZ/FTZ and the exception flags
 * are the hardware's.  This needs a host with SSE3, which every x86-64 CPU
 * since 2005 has.  The moves raise no SIMD exception and are plain C.
 * Memory operands are those of the legacy encodings: m128 aligned (#GP
 * otherwise) except LDDQU, which exists for unaligned loads; MOVDDUP reads
 * an unaligned m64.
 */
#include "ops_sse.h"
#include "sse.h"

/* op_<name>: V = insn(V, W) for a packed instruction with an aligned m128. */
#define SSE3_FP(name, mn) FP_VW(name, mn, 16, true)

/* 66 0F D0 ADDSUBPD, F2 0F D0 ADDSUBPS: even elements subtract, odd ones add */
SSE3_FP(addsubpd_Vpd_Wpd, "addsubpd")
SSE3_FP(addsubps_Vps_Wps, "addsubps")
/* 66/F2 0F 7C HADDPD/HADDPS, 66/F2 0F 7D HSUBPD/HSUBPS: adjacent pairs of V
 * give the low half of the result, those of W the high half */
SSE3_FP(haddpd_Vpd_Wpd, "haddpd")
SSE3_FP(haddps_Vps_Wps, "haddps")
SSE3_FP(hsubpd_Vpd_Wpd, "hsubpd")
SSE3_FP(hsubps_Vps_Wps, "hsubps")

/* F3 0F 12 MOVSLDUP: V = W[0] W[0] W[2] W[2] (dwords, low first) */
void op_movsldup_Vps_Wps(struct cpu *c, const struct insn *d) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  u32 lo = w->d[0], hi = w->d[2];
  union xmm *v = sse_V(c, d);
  v->d[0] = v->d[1] = lo;
  v->d[2] = v->d[3] = hi;
}
/* F3 0F 16 MOVSHDUP: V = W[1] W[1] W[3] W[3] */
void op_movshdup_Vps_Wps(struct cpu *c, const struct insn *d) {
  union xmm tmp;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  u32 lo = w->d[1], hi = w->d[3];
  union xmm *v = sse_V(c, d);
  v->d[0] = v->d[1] = lo;
  v->d[2] = v->d[3] = hi;
}
/* F2 0F 12 MOVDDUP: V = W.q[0] W.q[0]; the memory form reads 8 bytes */
void op_movddup_Vpd_Wsd(struct cpu *c, const struct insn *d) {
  union xmm tmp;
  u64 x = sse_W(c, d, &tmp, 8, false)->q[0];
  union xmm *v = sse_V(c, d);
  v->q[0] = v->q[1] = x;
}
/* F2 0F F0 LDDQU V, m128: an unaligned load; memory only */
void op_lddqu_Vdq_Mdq(struct cpu *c, const struct insn *d) {
  sse_need_mem(c, d);
  union xmm tmp;
  *sse_V(c, d) = *sse_W(c, d, &tmp, 16, false);
}
