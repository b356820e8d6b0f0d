/* exec_sse41_fp.c — the SSE4.1 floating-point instructions: ROUNDPS, ROUNDPD,
 * ROUNDSS, ROUNDSD (66 0F 3A 08-0B) and DPPS, DPPD (66 0F 3A 40, 41).
 *
 * Mirrors the SDM vol. 2 pages "ROUNDPS" ... "ROUNDSD", "DPPS" and "DPPD".
 * As in exec_sse_fp.c each runs as the same host instruction under the
 * guest's MXCSR (sse.h: sse_fp), so rounding, DAZ/FTZ, NaN propagation, the
 * intermediate roundings of the dot products and every exception flag are
 * the hardware's, and an unmasked exception stops with STOP_XM.  The imm8 is
 * part of the host instruction, so there is one host function per imm8 value
 * that matters: ROUNDxx reads imm8[3:0] (RC, "use MXCSR.RC", suppress
 * precision; [7:4] are ignored), DPPS/DPPD the whole byte.  This makes emu
 * need a host with SSE4.1 for these six (it runs no other SSE4.1 host code).
 * Memory operands: m128 aligned (#GP otherwise), ROUNDSS m32, ROUNDSD m64.
 */
#include "ops_sse.h"
#include "sse.h"

/* F(args, n) for the hex digits n = 0..f; two copies so that one can nest
 * in the other (a macro does not expand inside itself). */
/* clang-format off */
#define HEX16_A(F, ...)                                                   \
  F(__VA_ARGS__, 0) F(__VA_ARGS__, 1) F(__VA_ARGS__, 2) F(__VA_ARGS__, 3) \
  F(__VA_ARGS__, 4) F(__VA_ARGS__, 5) F(__VA_ARGS__, 6) F(__VA_ARGS__, 7) \
  F(__VA_ARGS__, 8) F(__VA_ARGS__, 9) F(__VA_ARGS__, a) F(__VA_ARGS__, b) \
  F(__VA_ARGS__, c) F(__VA_ARGS__, d) F(__VA_ARGS__, e) F(__VA_ARGS__, f)
#define HEX16_B(F, ...)                                                   \
  F(__VA_ARGS__, 0) F(__VA_ARGS__, 1) F(__VA_ARGS__, 2) F(__VA_ARGS__, 3) \
  F(__VA_ARGS__, 4) F(__VA_ARGS__, 5) F(__VA_ARGS__, 6) F(__VA_ARGS__, 7) \
  F(__VA_ARGS__, 8) F(__VA_ARGS__, 9) F(__VA_ARGS__, a) F(__VA_ARGS__, b) \
  F(__VA_ARGS__, c) F(__VA_ARGS__, d) F(__VA_ARGS__, e) F(__VA_ARGS__, f)
/* clang-format on */

/* ---- ROUNDxx: h_<mn>_<n> for imm8[3:0] = n, and the table h_<mn>[16] ---- */
#define ROUND_FN(mn, n)  HOST_XX(h_##mn##_##n, #mn " $0x" #n ",")
#define ROUND_PTR(mn, n) h_##mn##_##n,
#define ROUND_16(mn)    \
  HEX16_A(ROUND_FN, mn) \
  static const sse_hostfn h_##mn[16] = {HEX16_A(ROUND_PTR, mn)};

ROUND_16(roundps)
ROUND_16(roundpd)
ROUND_16(roundss)
ROUND_16(roundsd)

void op_roundps_Vps_Wps_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_roundps[d->imm & 15], 16, true);
}
void op_roundpd_Vpd_Wpd_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_roundpd[d->imm & 15], 16, true);
}
/* the scalar forms keep the rest of V */
void op_roundss_Vss_Wss_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_roundss[d->imm & 15], 4, false);
}
void op_roundsd_Vsd_Wsd_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_roundsd[d->imm & 15], 8, false);
}

/* ---- DPPS, DPPD: h_<mn>_<hi><lo> for imm8 = 0x<hi><lo>, table h_<mn>[256] ---- */
#define DP_FN(mn, hi, lo)  HOST_XX(h_##mn##_##hi##lo, #mn " $0x" #hi #lo ",")
#define DP_PTR(mn, hi, lo) h_##mn##_##hi##lo,
#define DP_ROW(mn, hi)     HEX16_A(DP_FN, mn, hi)
#define DP_ROWP(mn, hi)    HEX16_A(DP_PTR, mn, hi)
#define DP_256(mn)    \
  HEX16_B(DP_ROW, mn) \
  static const sse_hostfn h_##mn[256] = {HEX16_B(DP_ROWP, mn)};

DP_256(dpps)
DP_256(dppd)

void op_dpps_Vps_Wps_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_dpps[d->imm & 0xff], 16, true);
}
void op_dppd_Vpd_Wpd_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_dppd[d->imm & 0xff], 16, true);
}
