/* exec_fxsave.c — FXSAVE/FXRSTOR and XSAVE/XRSTOR (0F AE /0 /1 /4 /5) for
 * state components 0 (x87) and 1 (SSE); XCR0 = 3.
 *
 * Legacy region (SDM vol. 1 table 10-2), as FXSAVE writes it:
 *
 *    0 FCW  2 FSW  4 FTW (abridged, 1 bit per physical register)  5 0
 *    6 FOP
 *    8 FIP[31:0]  12 FCS  14 0         (REX.W: 8 FIP[63:0])
 *   16 FDP[31:0]  20 FDS  22 0         (REX.W: 16 FDP[63:0])
 *   24 MXCSR  28 MXCSR_MASK
 *   32 + 16*i  ST(i): 10 bytes, then 6 bytes of 0
 *  160 + 16*i  XMM(i), i < 16 (i < 8 in 32-bit mode)
 *  416..511    not written
 *  512 XSAVE header: XSTATE_BV (8), XCOMP_BV (8), reserved (48)
 *
 * Like the host (AMD) CPU, FOP/FIP/FDP and the selectors are written as 0
 * unless an exception is pending (FSW.ES), which also matches what Linux
 * shows with its FXSAVE-leak workaround.  FXRSTOR/XRSTOR recompute ES from
 * the flags and the control word, and the full tags from the registers
 * (both checked on the host).
 * Mirrors: SDM vol. 2 FXSAVE, FXRSTOR, XSAVE, XRSTOR; vol. 1 ch. 13.
 */
#include <string.h>

#include "fxsave.h"
#include "ops_x87.h"
#include "x87.h"

static int fx_nxmm(const struct cpu *c) { return c->mode == 64 ? 16 : 8; }

/* x87 part of the legacy region: bytes 0-23 and 32-159 of b. */
static void fx_put_x87(const struct cpu *c, u8 *b, bool rexw) {
  const struct x87 *f = &c->fpu;
  u16 sw = x87_get_sw(f);
  memset(b, 0, 24);
  memcpy(b + 0, &f->cw, 2);
  memcpy(b + 2, &sw, 2);
  b[4] = x87_abridged_tw(f);
  if (sw & X87_SW_ES) {
    u16 fop = f->fop & 0x7ff;
    memcpy(b + 6, &fop, 2);
    if (rexw) {
      memcpy(b + 8, &f->fip, 8);
      memcpy(b + 16, &f->fdp, 8);
    } else {
      u32 ip = (u32)f->fip, dp = (u32)f->fdp;
      memcpy(b + 8, &ip, 4);
      memcpy(b + 12, &f->fcs, 2);
      memcpy(b + 16, &dp, 4);
      memcpy(b + 20, &f->fds, 2);
    }
  }
  for (int i = 0; i < 8; i++) {
    memset(b + 32 + 16 * i, 0, 16);
    memcpy(b + 32 + 16 * i, &f->st[(f->top + i) & 7], 10);
  }
}

static void fx_put_mxcsr(const struct cpu *c, u8 *b) {
  u32 mask = X87_MXCSR_MASK;
  memcpy(b + 24, &c->mxcsr, 4);
  memcpy(b + 28, &mask, 4);
}

static void fx_put_xmm(const struct cpu *c, u8 *b) {
  for (int i = 0; i < fx_nxmm(c); i++) memcpy(b + 160 + 16 * i, &c->xmm[i], 16);
}

/* Load the x87 part from b (already read in full). */
static void fx_get_x87(struct cpu *c, const u8 *b, bool rexw) {
  struct x87 *f = &c->fpu;
  u16 cw, sw, fop;
  memcpy(&cw, b, 2);
  memcpy(&sw, b + 2, 2);
  memcpy(&fop, b + 6, 2);
  f->cw = x87_canon_cw(cw);
  f->top = (sw >> 11) & 7;
  f->sw = sw & (u16)~X87_SW_TOP;
  f->fop = fop & 0x7ff;
  if (rexw) {
    memcpy(&f->fip, b + 8, 8);
    memcpy(&f->fdp, b + 16, 8);
  } else {
    u32 ip, dp;
    memcpy(&ip, b + 8, 4);
    memcpy(&f->fcs, b + 12, 2);
    memcpy(&dp, b + 16, 4);
    memcpy(&f->fds, b + 20, 2);
    f->fip = ip;
    f->fdp = dp;
  }
  for (int i = 0; i < 8; i++) memcpy(&f->st[(f->top + i) & 7], b + 32 + 16 * i, 10);
  x87_set_tags(f, b[4]);
  x87_update_es(f);
}

static void fx_get_xmm(struct cpu *c, const u8 *b) {
  for (int i = 0; i < fx_nxmm(c); i++) memcpy(&c->xmm[i], b + 160 + 16 * i, 16);
}

static bool fx_rexw(const struct cpu *c, const struct insn *d) {
  return c->mode == 64 && (d->rex & 8);
}

/* 0F AE /0 FXSAVE m512byte */
void op_fxsave(struct cpu *c, const struct insn *d) {
  x87_own(c); /* the x87 registers back from the host FPU */
  u64 a = insn_ea(c, d);
  u8 b[416];
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  if (a & 15) cpu_exception(c, STOP_GP);
  u8 *h = cpu_host(c, a, 512);
  fx_put_x87(c, b, fx_rexw(c, d));
  fx_put_mxcsr(c, b);
  fx_put_xmm(c, b);
  memcpy(h, b, 160 + 16 * fx_nxmm(c));
}

/* 0F AE /1 FXRSTOR m512byte */
void op_fxrstor(struct cpu *c, const struct insn *d) {
  x87_own(c); /* the x87 registers back from the host FPU */
  u64 a = insn_ea(c, d);
  u8 b[416];
  u32 mxcsr;
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  if (a & 15) cpu_exception(c, STOP_GP);
  memcpy(b, cpu_host(c, a, 512), sizeof b);
  memcpy(&mxcsr, b + 24, 4);
  if (mxcsr & ~X87_MXCSR_MASK) cpu_exception(c, STOP_GP);
  fx_get_x87(c, b, fx_rexw(c, d));
  c->mxcsr = mxcsr;
  fx_get_xmm(c, b);
}

static u64 xs_rfbm(const struct cpu *c) {
  return (((c->r[R_DX] & 0xffffffffull) << 32) | (c->r[R_AX] & 0xffffffffull)) & X87_XCR0;
}

/* XINUSE: 0 for a component in its initial configuration. */
static u64 xs_inuse(const struct cpu *c) {
  const struct x87 *f = &c->fpu;
  u64 r = 0;
  if (f->cw != 0x037f || x87_get_sw(f) != 0 || f->tw != 0xffff || f->fop || f->fip || f->fdp)
    r |= 1;
  if (c->mxcsr != 0x1f80) r |= 2;
  for (int i = 0; i < fx_nxmm(c); i++)
    if (c->xmm[i].q[0] | c->xmm[i].q[1]) r |= 2;
  return r;
}

/* 0F AE /4 XSAVE mem */
void op_xsave(struct cpu *c, const struct insn *d) {
  x87_own(c); /* the x87 registers back from the host FPU */
  u64 a = insn_ea(c, d), rfbm = xs_rfbm(c), bv;
  u8 b[416];
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  if (a & 63) cpu_exception(c, STOP_GP);
  u8 *h = cpu_host(c, a, 576);
  memcpy(&bv, h + 512, 8);
  bv = (bv & ~rfbm) | (xs_inuse(c) & rfbm);
  if (rfbm & 1) {
    fx_put_x87(c, b, fx_rexw(c, d));
    memcpy(h, b, 24);
    memcpy(h + 32, b + 32, 128);
  }
  if (rfbm & 2) { /* MXCSR goes with component 1 or 2 */
    fx_put_mxcsr(c, b);
    memcpy(h + 24, b + 24, 8);
    fx_put_xmm(c, b);
    memcpy(h + 160, b + 160, 16 * fx_nxmm(c));
  }
  memcpy(h + 512, &bv, 8);
}

/* 0F AE /5 XRSTOR mem */
void op_xrstor(struct cpu *c, const struct insn *d) {
  x87_own(c); /* the x87 registers back from the host FPU */
  u64 a = insn_ea(c, d), rfbm = xs_rfbm(c), bv;
  u8 b[576];
  u32 mxcsr = 0;
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  if (a & 63) cpu_exception(c, STOP_GP);
  memcpy(b, cpu_host(c, a, 576), sizeof b);
  memcpy(&bv, b + 512, 8);
  /* Standard form only: XCOMP_BV and bytes 16-23 of the header must be 0
   * (no compaction is enumerated), and XSTATE_BV must be within XCR0. */
  for (int i = 520; i < 536; i++)
    if (b[i]) cpu_exception(c, STOP_GP);
  if (bv & ~X87_XCR0) cpu_exception(c, STOP_GP);
  if (rfbm & 2) { /* loaded from memory whatever XSTATE_BV says (checked on the host) */
    memcpy(&mxcsr, b + 24, 4);
    if (mxcsr & ~X87_MXCSR_MASK) cpu_exception(c, STOP_GP);
  }
  if (rfbm & 1) {
    if (bv & 1) {
      fx_get_x87(c, b, fx_rexw(c, d));
    } else {
      x87_init(&c->fpu); /* init: FNINIT state and ST0-7 = 0 */
    }
  }
  if (rfbm & 2) {
    c->mxcsr = mxcsr;
    if (bv & 2)
      fx_get_xmm(c, b);
    else
      memset(c->xmm, 0, sizeof(c->xmm[0]) * fx_nxmm(c));
  }
}

/* ---- the FPU state of signal frames (declared in fxsave.h) ---- */

void cpu_fx_save(struct cpu *c, u8 *b, bool rexw) {
  x87_own(c); /* the x87 registers back from the host FPU */
  memset(b, 0, 512);
  fx_put_x87(c, b, rexw);
  fx_put_mxcsr(c, b);
  fx_put_xmm(c, b);
}

int cpu_fx_restore(struct cpu *c, const u8 *b, bool rexw) {
  x87_own(c); /* the x87 registers back from the host FPU */
  u32 mxcsr;
  memcpy(&mxcsr, b + 24, 4);
  if (mxcsr & ~X87_MXCSR_MASK) return -1;
  fx_get_x87(c, b, rexw);
  c->mxcsr = mxcsr;
  fx_get_xmm(c, b);
  return 0;
}

void cpu_fpu_reset(struct cpu *c) {
  x87_own(c); /* the x87 registers back from the host FPU */
  x87_init(&c->fpu);
  c->mxcsr = 0x1f80;
  memset(c->xmm, 0, sizeof c->xmm);
}
