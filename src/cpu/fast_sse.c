/* fast_sse.c — specialized handlers for the hottest SSE/SSE2 forms (see
 * fast.c, which calls fast_sse_pick when a block is decoded).
 *
 *   - full-register moves MOVUPS/MOVAPS/MOVDQU/MOVDQA (load and store) and
 *     MOVSD loads, the SSE2 integer operations of SSE_INT_OPS (66 0F forms),
 *     and ADD/SUB/MUL/DIV sd/pd: register operands, and memory operands
 *     addressed as base+disp (rip-relative too) or base+index*scale+disp,
 *     as fast.c admits them in each mode (fast_ea.h; fast_sse_i386.c
 *     compiles this file again for 32-bit code segments).
 *
 * Each computes what the generic handler in exec_sse_*.c does: the aligned
 * forms raise #GP on a misaligned address, the floating-point ones run the
 * host instruction under the guest's MXCSR (sse.h) and fall back to the
 * generic handler when the guest has unmasked an exception.
 */
#ifndef FAST_I386
#define FAST_I386 0 /* this file compiled for x86-64 code; fast_sse_i386.c: for i386 code */
#endif
#define FI static inline __attribute__((always_inline))

#include "fast.h"
#include "fast_ea.h"
#include "ops_sse.h"
#include "sse.h"

FI u64 ea_aligned(struct cpu *c, u64 a) {
  if (UNLIKELY(a & 15)) cpu_exception(c, STOP_GP);
  return a;
}
#define EA_b(c, d, al)  (al ? ea_aligned(c, ea_b(c, d)) : ea_b(c, d))
#define EA_bi(c, d, al) (al ? ea_aligned(c, ea_bi(c, d)) : ea_bi(c, d))
#define XV(c, d)        (&(c)->xmm[(d)->reg & 15])
#define XU(c, d)        (&(c)->xmm[(d)->rm & 15])

/* ---- full-register moves ---- */

static void f_movx_rr_ld(struct cpu *c, const struct insn *d) { *XV(c, d) = *XU(c, d); }
static void f_movx_rr_st(struct cpu *c, const struct insn *d) { *XU(c, d) = *XV(c, d); }
#define MOVX(k, al, tag)                                                   \
  static void f_movx_##tag##_ld_##k(struct cpu *c, const struct insn *d) { \
    ld128(c, EA_##k(c, d, al), XV(c, d));                                  \
  }                                                                        \
  static void f_movx_##tag##_st_##k(struct cpu *c, const struct insn *d) { \
    st128(c, EA_##k(c, d, al), XV(c, d));                                  \
  }
MOVX(b, 0, u)
MOVX(bi, 0, u)
MOVX(b, 1, a)
MOVX(bi, 1, a)

/* MOVSD xmm, m64: the upper quadword is zeroed (register form: kept). */
static void f_movsd_rr(struct cpu *c, const struct insn *d) { XV(c, d)->q[0] = XU(c, d)->q[0]; }
static void f_movsd_ld_b(struct cpu *c, const struct insn *d) {
  u64 x = ld64(c, ea_b(c, d));
  XV(c, d)->q[0] = x;
  XV(c, d)->q[1] = 0;
}
static void f_movsd_ld_bi(struct cpu *c, const struct insn *d) {
  u64 x = ld64(c, ea_bi(c, d));
  XV(c, d)->q[0] = x;
  XV(c, d)->q[1] = 0;
}
static void f_movsd_st_b(struct cpu *c, const struct insn *d) {
  st64(c, ea_b(c, d), XV(c, d)->q[0]);
}
static void f_movsd_st_bi(struct cpu *c, const struct insn *d) {
  st64(c, ea_bi(c, d), XV(c, d)->q[0]);
}

/* ---- SSE2 integer operations: V = op(V, W), W an aligned m128 ---- */

#define INT_FAST(m, f, mmx)                                                        \
  static void f_##m##_rr(struct cpu *c, const struct insn *d) {                    \
    xmm_seti(XV(c, d), f(xmm_i(XV(c, d)), xmm_i(XU(c, d))));                       \
  }                                                                                \
  static void f_##m##_b(struct cpu *c, const struct insn *d) {                     \
    __m128i w = _mm_loadu_si128((const __m128i *)cpu_host(c, EA_b(c, d, 1), 16));  \
    xmm_seti(XV(c, d), f(xmm_i(XV(c, d)), w));                                     \
  }                                                                                \
  static void f_##m##_bi(struct cpu *c, const struct insn *d) {                    \
    __m128i w = _mm_loadu_si128((const __m128i *)cpu_host(c, EA_bi(c, d, 1), 16)); \
    xmm_seti(XV(c, d), f(xmm_i(XV(c, d)), w));                                     \
  }
SSE_INT_OPS(INT_FAST)
#undef INT_FAST

struct fast3 {
  op_fn generic, rr, b, bi;
};
static const struct fast3 int_ops[] = {
#define INT_ENTRY(m, f, mmx) {op_##m##_Vdq_Wdq, f_##m##_rr, f_##m##_b, f_##m##_bi},
    SSE_INT_OPS(INT_ENTRY)
#undef INT_ENTRY
};

/* ---- ADD/SUB/MUL/DIV sd and pd under the guest MXCSR (all exceptions
 * masked; otherwise the generic handler, which knows how to trap) ----
 *
 * LDMXCSR is slow, and the bracket of sse.h runs two per instruction.  While
 * run_blocks runs (fast_mx_enter .. fast_mx_leave) these handlers instead
 * leave the guest's MXCSR in the hardware between instructions: mx.loaded
 * says which value is there (MX_NONE: emu's own), and it is reloaded only
 * when c->mxcsr changed meanwhile (LDMXCSR, FXRSTOR, sigreturn...).  Nothing
 * else in the loop computes in floating point: the other SSE and x87
 * handlers use their own bracket (which restores what it found) or no MXCSR
 * at all; a host signal handler starts from a fresh FPU state; and every
 * way out of cpu_run goes through fast_mx_leave, which puts emu's MXCSR
 * back. */

#define MX_NONE 0xffffffffu /* reserved bits set: never a valid MXCSR */
#define mx      fast_mx      /* one state for both copies of this file (fast.h) */
#if !FAST_I386
__thread struct fast_mx fast_mx = {0, MX_NONE, false};

void fast_mx_enter(void) {
  u32 h;
  asm volatile("stmxcsr %0" : "=m"(h));
  mx.host = h;
  mx.loaded = MX_NONE;
  mx.lazy = true;
}

void fast_mx_leave(void) {
  if (mx.loaded != MX_NONE) {
    u32 h = mx.host;
    asm volatile("ldmxcsr %0" ::"m"(h) : "memory");
    mx.loaded = MX_NONE;
  }
  mx.lazy = false;
}
#endif

#define FP_HOST(name, mn)                                 \
  FI void h_##name(union xmm *v, sse_v2di y, u32 *m) {    \
    sse_v2di x = xmm_v(v);                                \
    u32 h;                                                \
    asm volatile(SSE_MX_IN mn " %[y], %[x]" SSE_MX_OUT    \
                 : [x] "+x"(x), [h] "=m"(h), [m] "+m"(*m) \
                 : [y] "x"(y));                           \
    xmm_setv(v, x);                                       \
  }
#define FP_FAST(name, mn, size, generic)                                                    \
  FP_HOST(name, mn)                                                                         \
  FI void fp_##name(struct cpu *c, const struct insn *d, sse_v2di y) {                      \
    u32 m = c->mxcsr;                                                                       \
    if (UNLIKELY((m & MXCSR_MASKS) != MXCSR_MASKS)) {                                       \
      generic(c, d);                                                                        \
      return;                                                                               \
    }                                                                                       \
    if (UNLIKELY(!mx.lazy)) { /* traced: the full bracket */                                \
      h_##name(XV(c, d), y, &m);                                                            \
      c->mxcsr = m;                                                                         \
      return;                                                                               \
    }                                                                                       \
    if (UNLIKELY(mx.loaded != m)) asm volatile("ldmxcsr %0" ::"m"(m) : "memory");           \
    sse_v2di x = xmm_v(XV(c, d));                                                           \
    asm volatile(mn " %[y], %[x]\n\tstmxcsr %[m]" : [x] "+x"(x), [m] "=m"(m) : [y] "x"(y)); \
    xmm_setv(XV(c, d), x);                                                                  \
    c->mxcsr = mx.loaded = m;                                                               \
  }                                                                                         \
  static void f_##name##_rr(struct cpu *c, const struct insn *d) {                          \
    fp_##name(c, d, xmm_v(XU(c, d)));                                                       \
  }                                                                                         \
  static void f_##name##_b(struct cpu *c, const struct insn *d) {                           \
    fp_##name(c, d, fp_load##size(c, EA_b(c, d, size == 16)));                              \
  }                                                                                         \
  static void f_##name##_bi(struct cpu *c, const struct insn *d) {                          \
    fp_##name(c, d, fp_load##size(c, EA_bi(c, d, size == 16)));                             \
  }

FI sse_v2di fp_load8(struct cpu *c, u64 a) {
  sse_v2di y = {(long long)ld64(c, a), 0};
  return y;
}
FI sse_v2di fp_load16(struct cpu *c, u64 a) {
  sse_v2di y;
  memcpy(&y, cpu_host(c, a, 16), 16);
  return y;
}

FP_FAST(addsd, "addsd", 8, op_addsd_Vsd_Wsd)
FP_FAST(subsd, "subsd", 8, op_subsd_Vsd_Wsd)
FP_FAST(mulsd, "mulsd", 8, op_mulsd_Vsd_Wsd)
FP_FAST(divsd, "divsd", 8, op_divsd_Vsd_Wsd)
FP_FAST(addpd, "addpd", 16, op_addpd_Vpd_Wpd)
FP_FAST(subpd, "subpd", 16, op_subpd_Vpd_Wpd)
FP_FAST(mulpd, "mulpd", 16, op_mulpd_Vpd_Wpd)
FP_FAST(divpd, "divpd", 16, op_divpd_Vpd_Wpd)

#define FP_ENTRY(name, generic) \
  { generic, f_##name##_rr, f_##name##_b, f_##name##_bi }
static const struct fast3 fp_ops[] = {
    FP_ENTRY(addsd, op_addsd_Vsd_Wsd), FP_ENTRY(subsd, op_subsd_Vsd_Wsd),
    FP_ENTRY(mulsd, op_mulsd_Vsd_Wsd), FP_ENTRY(divsd, op_divsd_Vsd_Wsd),
    FP_ENTRY(addpd, op_addpd_Vpd_Wpd), FP_ENTRY(subpd, op_subpd_Vpd_Wpd),
    FP_ENTRY(mulpd, op_mulpd_Vpd_Wpd), FP_ENTRY(divpd, op_divpd_Vpd_Wpd),
};

/* ---- selection ---- */

static op_fn pick3(op_fn rr, op_fn b, op_fn bi, bool r3, int mk) {
  return r3 ? rr : mk == 1 ? b : mk == 2 ? bi : NULL;
}

op_fn fast_sse_pick(const struct cpu *c, const struct insn *d, int mk) {
  /* Every handler below is a 0F-map one: one-byte opcodes, most of any
   * block, skip the scans (they were a quarter of a short run's start). */
  if (d->map == 0) return NULL;
  op_fn fn = d->fn;
  bool r3 = d->mod == 3;
  if (fn == op_movups_Vps_Wps || fn == op_movdqu_Vdq_Wdq)
    return pick3(f_movx_rr_ld, f_movx_u_ld_b, f_movx_u_ld_bi, r3, mk);
  if (fn == op_movaps_Vps_Wps || fn == op_movdqa_Vdq_Wdq)
    return pick3(f_movx_rr_ld, f_movx_a_ld_b, f_movx_a_ld_bi, r3, mk);
  if (fn == op_movups_Wps_Vps || fn == op_movdqu_Wdq_Vdq)
    return pick3(f_movx_rr_st, f_movx_u_st_b, f_movx_u_st_bi, r3, mk);
  if (fn == op_movaps_Wps_Vps || fn == op_movdqa_Wdq_Vdq)
    return pick3(f_movx_rr_st, f_movx_a_st_b, f_movx_a_st_bi, r3, mk);
  if (fn == op_movsd_Vsd_Wsd) return pick3(f_movsd_rr, f_movsd_ld_b, f_movsd_ld_bi, r3, mk);
  if (fn == op_movsd_Wsd_Vsd && !r3) return pick3(NULL, f_movsd_st_b, f_movsd_st_bi, r3, mk);
  for (size_t i = 0; i < ARRAY_SIZE(int_ops); i++)
    if (fn == int_ops[i].generic) return pick3(int_ops[i].rr, int_ops[i].b, int_ops[i].bi, r3, mk);
  for (size_t i = 0; i < ARRAY_SIZE(fp_ops); i++)
    if (fn == fp_ops[i].generic) return pick3(fp_ops[i].rr, fp_ops[i].b, fp_ops[i].bi, r3, mk);
  (void)c;
  return NULL;
}
