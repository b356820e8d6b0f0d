/* exec_sse_fp.c — SSE/SSE2 floating-point arithmetic, compares and
 * conversions: ADD SUB MUL DIV MIN MAX SQRT RCP RSQRT (ps/pd/ss/sd), CMPcc,
 * (U)COMISS/SD, and the CVT family (0F 2A/2C/2D, 5A, 5B, E6).
 *
 * Every instruction here runs as the same host instruction under the guest's
 * MXCSR (sse.h), so results and exception flags are the hardware's.
 * Mirrors the SDM vol. 2 pages of each instruction; memory operand sizes and
 * alignment are those of the legacy-SSE encodings (m128 aligned, else m32/m64).
 */
#include "ops_sse.h"
#include "sse.h"

/* The four forms of an arithmetic instruction: 0F, 66 0F, F3 0F, F2 0F. */
#define FP_4(m)                           \
  FP_VW(m##ps_Vps_Wps, #m "ps", 16, true) \
  FP_VW(m##pd_Vpd_Wpd, #m "pd", 16, true) \
  FP_VW(m##ss_Vss_Wss, #m "ss", 4, false) \
  FP_VW(m##sd_Vsd_Wsd, #m "sd", 8, false)

FP_4(add)
FP_4(sub)
FP_4(mul)
FP_4(div)
FP_4(min)
FP_4(max)
FP_4(sqrt)

/* 0F 52, F3 0F 52, 0F 53, F3 0F 53: approximations; the host's table is the
 * answer (results are implementation-specific, as the SDM says). */
FP_VW(rsqrtps_Vps_Wps, "rsqrtps", 16, true)
FP_VW(rsqrtss_Vss_Wss, "rsqrtss", 4, false)
FP_VW(rcpps_Vps_Wps, "rcpps", 16, true)
FP_VW(rcpss_Vss_Wss, "rcpss", 4, false)

/* 0F 5A family */
FP_VW(cvtps2pd_Vpd_Wps, "cvtps2pd", 8, false)
FP_VW(cvtpd2ps_Vps_Wpd, "cvtpd2ps", 16, true)
FP_VW(cvtss2sd_Vsd_Wss, "cvtss2sd", 4, false)
FP_VW(cvtsd2ss_Vss_Wsd, "cvtsd2ss", 8, false)
/* 0F 5B family */
FP_VW(cvtdq2ps_Vps_Wdq, "cvtdq2ps", 16, true)
FP_VW(cvtps2dq_Vdq_Wps, "cvtps2dq", 16, true)
FP_VW(cvttps2dq_Vdq_Wps, "cvttps2dq", 16, true)
/* 0F E6 family */
FP_VW(cvttpd2dq_Vdq_Wpd, "cvttpd2dq", 16, true)
FP_VW(cvtdq2pd_Vpd_Wdq, "cvtdq2pd", 8, false)
FP_VW(cvtpd2dq_Vdq_Wpd, "cvtpd2dq", 16, true)

/* ---- CMPPS/CMPPD/CMPSS/CMPSD (0F C2 /r ib) ----
 * The legacy encodings use imm8[2:0]: EQ LT LE UNORD NEQ NLT NLE ORD. */
#define CMP_8(m)                                                                            \
  HOST_XX(h_##m##_0, #m " $0,")                                                             \
  HOST_XX(h_##m##_1, #m " $1,")                                                             \
  HOST_XX(h_##m##_2, #m " $2,") HOST_XX(h_##m##_3, #m " $3,") HOST_XX(h_##m##_4, #m " $4,") \
      HOST_XX(h_##m##_5, #m " $5,") HOST_XX(h_##m##_6, #m " $6,") HOST_XX(                  \
          h_##m##_7, #m " $7,") static const sse_hostfn h_##m[8] = {                        \
          h_##m##_0, h_##m##_1, h_##m##_2, h_##m##_3, h_##m##_4, h_##m##_5, h_##m##_6, h_##m##_7};

CMP_8(cmpps)
CMP_8(cmppd)
CMP_8(cmpss)
CMP_8(cmpsd)

void op_cmpps_Vps_Wps_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_cmpps[d->imm & 7], 16, true);
}
void op_cmppd_Vpd_Wpd_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_cmppd[d->imm & 7], 16, true);
}
void op_cmpss_Vss_Wss_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_cmpss[d->imm & 7], 4, false);
}
void op_cmpsd_Vsd_Wsd_Ib(struct cpu *c, const struct insn *d) {
  sse_fp_VW(c, d, h_cmpsd[d->imm & 7], 8, false);
}

/* ---- (U)COMISS/SD (0F 2E, 0F 2F): ZF PF CF from the compare, OF SF AF = 0 ---- */
#define HOST_COMI(fname, mn)                                                           \
  static void fname(union xmm *a, const union xmm *b, u32 *mx) {                       \
    sse_v2di x = xmm_v(a), y = xmm_v(b);                                               \
    u32 h;                                                                             \
    u8 z, p, cf;                                                                       \
    asm volatile(SSE_MX_IN mn                                                          \
                 " %[y], %[x]\n\tsetz %[z]\n\tsetp %[p]\n\t"                           \
                 "setc %[cf]" SSE_MX_OUT                                               \
                 : [z] "=r"(z), [p] "=r"(p), [cf] "=r"(cf), [h] "=m"(h), [m] "+m"(*mx) \
                 : [x] "x"(x), [y] "x"(y)                                              \
                 : "cc");                                                              \
    a->q[0] = (z ? F_ZF : 0) | (p ? F_PF : 0) | (cf ? F_CF : 0);                       \
  }

HOST_COMI(h_comiss, "comiss")
HOST_COMI(h_ucomiss, "ucomiss")
HOST_COMI(h_comisd, "comisd")
HOST_COMI(h_ucomisd, "ucomisd")

static void sse_comi(struct cpu *c, const struct insn *d, sse_hostfn f, int size) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, size, false);
  r = *sse_V(c, d);
  sse_fp(c, f, &r, w);
  cpu_set_flags(c, r.q[0], F_ARITH);
}
void op_comiss_Vss_Wss(struct cpu *c, const struct insn *d) { sse_comi(c, d, h_comiss, 4); }
void op_ucomiss_Vss_Wss(struct cpu *c, const struct insn *d) { sse_comi(c, d, h_ucomiss, 4); }
void op_comisd_Vsd_Wsd(struct cpu *c, const struct insn *d) { sse_comi(c, d, h_comisd, 8); }
void op_ucomisd_Vsd_Wsd(struct cpu *c, const struct insn *d) { sse_comi(c, d, h_ucomisd, 8); }

/* ---- CVTSI2SS/SD (F3/F2 0F 2A): V.low = convert(Ey), REX.W: 64-bit source ---- */
#define HOST_SI2(fname, mn, T)                                   \
  static void fname(union xmm *a, const union xmm *b, u32 *mx) { \
    sse_v2di x = xmm_v(a);                                       \
    T y;                                                         \
    memcpy(&y, b, sizeof y);                                     \
    u32 h;                                                       \
    asm volatile(SSE_MX_IN mn " %[y], %[x]" SSE_MX_OUT           \
                 : [x] "+x"(x), [h] "=m"(h), [m] "+m"(*mx)       \
                 : [y] "rm"(y));                                 \
    xmm_setv(a, x);                                              \
  }

HOST_SI2(h_cvtsi2ss32, "cvtsi2ssl", u32)
HOST_SI2(h_cvtsi2ss64, "cvtsi2ssq", u64)
HOST_SI2(h_cvtsi2sd32, "cvtsi2sdl", u32)
HOST_SI2(h_cvtsi2sd64, "cvtsi2sdq", u64)

static void sse_cvtsi2(struct cpu *c, const struct insn *d, sse_hostfn f32, sse_hostfn f64) {
  int size = d->opsz == 8 ? 8 : 4;
  union xmm src, r;
  src.q[0] = get_E(c, d, size);
  src.q[1] = 0;
  r = *sse_V(c, d);
  sse_fp(c, size == 8 ? f64 : f32, &r, &src);
  *sse_V(c, d) = r;
}
void op_cvtsi2ss_Vss_Ey(struct cpu *c, const struct insn *d) {
  sse_cvtsi2(c, d, h_cvtsi2ss32, h_cvtsi2ss64);
}
void op_cvtsi2sd_Vsd_Ey(struct cpu *c, const struct insn *d) {
  sse_cvtsi2(c, d, h_cvtsi2sd32, h_cvtsi2sd64);
}

/* ---- CVT(T)SS2SI / CVT(T)SD2SI (F3/F2 0F 2C, 2D): Gy = convert(W) ---- */
#define HOST_2SI(fname, mn, T)                                   \
  static void fname(union xmm *a, const union xmm *b, u32 *mx) { \
    sse_v2di y = xmm_v(b);                                       \
    T r;                                                         \
    u32 h;                                                       \
    asm volatile(SSE_MX_IN mn " %[y], %[r]" SSE_MX_OUT           \
                 : [r] "=r"(r), [h] "=m"(h), [m] "+m"(*mx)       \
                 : [y] "x"(y));                                  \
    a->q[0] = r;                                                 \
  }

HOST_2SI(h_cvtss2si32, "cvtss2si", u32)
HOST_2SI(h_cvtss2si64, "cvtss2si", u64)
HOST_2SI(h_cvttss2si32, "cvttss2si", u32)
HOST_2SI(h_cvttss2si64, "cvttss2si", u64)
HOST_2SI(h_cvtsd2si32, "cvtsd2si", u32)
HOST_2SI(h_cvtsd2si64, "cvtsd2si", u64)
HOST_2SI(h_cvttsd2si32, "cvttsd2si", u32)
HOST_2SI(h_cvttsd2si64, "cvttsd2si", u64)

static void sse_cvt2si(struct cpu *c, const struct insn *d, int wsize, sse_hostfn f32,
                       sse_hostfn f64) {
  int size = d->opsz == 8 ? 8 : 4;
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, wsize, false);
  r.q[0] = r.q[1] = 0;
  sse_fp(c, size == 8 ? f64 : f32, &r, w);
  reg_set(c, d, d->reg, size, r.q[0]);
}
void op_cvtss2si_Gy_Wss(struct cpu *c, const struct insn *d) {
  sse_cvt2si(c, d, 4, h_cvtss2si32, h_cvtss2si64);
}
void op_cvttss2si_Gy_Wss(struct cpu *c, const struct insn *d) {
  sse_cvt2si(c, d, 4, h_cvttss2si32, h_cvttss2si64);
}
void op_cvtsd2si_Gy_Wsd(struct cpu *c, const struct insn *d) {
  sse_cvt2si(c, d, 8, h_cvtsd2si32, h_cvtsd2si64);
}
void op_cvttsd2si_Gy_Wsd(struct cpu *c, const struct insn *d) {
  sse_cvt2si(c, d, 8, h_cvttsd2si32, h_cvttsd2si64);
}

/* ---- conversions with MMX operands (0F 2A, 2C, 2D and their 66 forms) ----
 * Done with the packed SSE2 conversion on the two elements (the other lanes
 * zero: exact, no flags).  A register mm operand makes the x87 transition. */

/* 0F 2A CVTPI2PS V, Q: the high half of V is kept */
void op_cvtpi2ps_Vps_Qpi(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  union xmm src = {.q = {mmx_Q(c, d), 0}}, r = *sse_V(c, d);
  sse_fp(c, h_cvtdq2ps_Vps_Wdq, &r, &src);
  if (d->mod == 3) mmx_enter(c);
  sse_V(c, d)->q[0] = r.q[0];
}
/* 66 0F 2A CVTPI2PD V, Q */
void op_cvtpi2pd_Vpd_Qpi(struct cpu *c, const struct insn *d) {
  mmx_check(c);
  union xmm src = {.q = {mmx_Q(c, d), 0}}, r = *sse_V(c, d);
  sse_fp(c, h_cvtdq2pd_Vpd_Wdq, &r, &src);
  if (d->mod == 3) mmx_enter(c);
  *sse_V(c, d) = r;
}
/* P = convert(two floats of W (m64) or two doubles of W (m128)) */
static void sse_cvt2pi(struct cpu *c, const struct insn *d, sse_hostfn f, bool pd) {
  mmx_check(c);
  union xmm tmp, src, r = {.q = {0, 0}};
  const union xmm *w = sse_W(c, d, &tmp, pd ? 16 : 8, pd);
  src = *w;
  if (!pd) src.q[1] = 0;
  sse_fp(c, f, &r, &src);
  mmx_enter(c);
  mm_set(c, d->reg, r.q[0]);
}
void op_cvtps2pi_Ppi_Wps(struct cpu *c, const struct insn *d) {
  sse_cvt2pi(c, d, h_cvtps2dq_Vdq_Wps, false);
}
void op_cvttps2pi_Ppi_Wps(struct cpu *c, const struct insn *d) {
  sse_cvt2pi(c, d, h_cvttps2dq_Vdq_Wps, false);
}
void op_cvtpd2pi_Ppi_Wpd(struct cpu *c, const struct insn *d) {
  sse_cvt2pi(c, d, h_cvtpd2dq_Vdq_Wpd, true);
}
void op_cvttpd2pi_Ppi_Wpd(struct cpu *c, const struct insn *d) {
  sse_cvt2pi(c, d, h_cvttpd2dq_Vdq_Wpd, true);
}
