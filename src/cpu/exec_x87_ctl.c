/* exec_x87_ctl.c — x87 control instructions and state helpers: FLDCW,
 * FNSTCW, FNSTSW, FNCLEX, FNINIT, FLDENV/FNSTENV, FRSTOR/FNSAVE, the tag
 * word, and the #MF report.  These touch guest layouts and guest addresses,
 * so they are written in C rather than run on the host FPU.
 *
 * Environment images (SDM vol. 1 8.1.10, figures 8-9 and 8-10), protected
 * mode, as FNSTENV writes them (the reserved high halves read 0xffff on the
 * host; FOP sits in bits 16-26 of the FCS dword):
 *
 *   32-bit (28 bytes)                  16-bit (14 bytes, 66 prefix)
 *    0  FCW        | ffff               0  FCW
 *    4  FSW        | ffff               2  FSW
 *    8  FTW        | ffff               4  FTW
 *   12  FIP[31:0]                       6  FIP[15:0]
 *   16  FCS | FOP << 16                 8  FCS
 *   20  FDP[31:0]                      10  FDP[15:0]
 *   24  FDS        | ffff              12  FDS
 *
 * FNSAVE/FRSTOR add ST(0)..ST(7), 10 bytes each (108 / 94 bytes).
 * Mirrors: SDM vol. 2 FLDENV, FSTENV, FSAVE, FRSTOR; linux
 * arch/x86/kernel/fpu/core.c fpu__exception_code().
 */
#include <signal.h>
#include <string.h>

#include "ops_x87.h"
#include "sse.h"
#include "x87.h"

int x87_tag_of(const void *v80) {
  u64 mant;
  u16 se;
  memcpy(&mant, v80, 8);
  memcpy(&se, (const u8 *)v80 + 8, 2);
  unsigned e = se & 0x7fff;
  if (e == 0 && mant == 0) return X87_TAG_ZERO;
  if (e == 0 || e == 0x7fff || !(mant >> 63)) return X87_TAG_SPECIAL;
  return X87_TAG_VALID;
}

void x87_set_tags(struct x87 *f, unsigned nonempty) {
  u16 tw = 0;
  for (int i = 0; i < 8; i++) {
    int t = (nonempty >> i) & 1 ? x87_tag_of(&f->st[i]) : X87_TAG_EMPTY;
    tw |= (u16)(t << (2 * i));
  }
  f->tw = tw;
}

u8 x87_abridged_tw(const struct x87 *f) {
  u8 r = 0;
  for (int i = 0; i < 8; i++)
    if (((f->tw >> (2 * i)) & 3) != X87_TAG_EMPTY) r |= (u8)(1u << i);
  return r;
}

static unsigned x87_nonempty_of_tw(u16 tw) {
  unsigned r = 0;
  for (int i = 0; i < 8; i++)
    if (((tw >> (2 * i)) & 3) != X87_TAG_EMPTY) r |= 1u << i;
  return r;
}

void x87_update_es(struct x87 *f) {
  if (f->sw & ~f->cw & X87_SW_FLAGS)
    f->sw |= X87_SW_ES | X87_SW_B;
  else
    f->sw &= (u16) ~(X87_SW_ES | X87_SW_B);
}

/* The si_code of the SIGFPE for the unmasked exceptions x87 state f holds
 * (the kernel's fpu__exception_code). */
static int x87_fpe_code(const struct x87 *f) {
  unsigned err = f->sw & ~f->cw;
  if (err & 0x001) return FPE_FLTINV;
  if (err & 0x004) return FPE_FLTDIV;
  if (err & 0x008) return FPE_FLTOVF;
  if (err & 0x012) return FPE_FLTUND;
  if (err & 0x020) return FPE_FLTRES;
  return 0;
}

NORETURN void x87_raise_mf(struct cpu *c) {
  c->fault_code = x87_fpe_code(&c->fpu);
  cpu_exception(c, STOP_MF);
}

int cpu_fpe_code(const struct cpu *c, int stop) {
  return stop == STOP_XM ? sse_fpe_code(c->mxcsr) : x87_fpe_code(&c->fpu);
}

void x87_fninit(struct x87 *f) {
  f->cw = 0x037f;
  f->sw = 0;
  f->top = 0;
  f->tw = 0xffff;
  f->fop = 0;
  f->fip = f->fdp = 0;
  f->fcs = f->fds = 0;
}

void x87_init(struct x87 *f) {
  memset(f, 0, sizeof *f);
  x87_fninit(f);
}

void x87_fnclex(struct cpu *c) {
  c->fpu.sw &= (u16) ~(X87_SW_FLAGS | X87_SW_SF | X87_SW_ES | X87_SW_B);
}

void x87_fldcw(struct cpu *c, const struct insn *d, u64 a) {
  if (!c->fpu_live) x87_wait(c); /* live: nothing is pending */
  /* FLDCW does not recompute ES: an exception flag unmasked by it is not
   * reported until a later instruction raises one (checked on the host). */
  u16 cw = x87_canon_cw(ld16(c, a));
  if (c->fpu_live) {
    if ((cw & X87_SW_FLAGS) == X87_SW_FLAGS) { /* still all masked: stay live */
      c->fpu.cw = cw;
      __asm__ volatile("fldcw %0" : : "m"(cw));
      return;
    }
    x87_own(c);
  }
  c->fpu.cw = cw;
}

/* c->fpu.cw is exact even while the FPU is live: only FLDCW changes it. */
void x87_fnstcw(struct cpu *c, const struct insn *d, u64 a) { st16(c, a, c->fpu.cw); }

/* The status word as FNSTSW shows it, read from the host FPU while live. */
static u16 x87_sw_now(struct cpu *c) {
  if (c->fpu_live) {
    u16 sw;
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
  }
  return x87_get_sw(&c->fpu);
}

void x87_fnstsw_m(struct cpu *c, const struct insn *d, u64 a) { st16(c, a, x87_sw_now(c)); }

void x87_fnstsw_ax(struct cpu *c, const struct insn *d) { reg_set(c, d, R_AX, 2, x87_sw_now(c)); }

/* The tag word as FNSTENV and FNSAVE write it: empty as kept, the others
 * computed from the register contents (after MMX code, which marks every
 * register valid, a zero register reads 01 and an mm value 10). */
static u16 x87_tw_now(const struct x87 *f) {
  struct x87 t = *f;
  x87_set_tags(&t, x87_nonempty_of_tw(f->tw));
  return t.tw;
}

/* Write the environment image for operand size opsz into b; its length. */
static int x87_env_put(const struct x87 *f, int opsz, u8 *b) {
  u16 sw = x87_get_sw(f), tw = x87_tw_now(f);
  if (opsz == 2) {
    u16 w[7] = {f->cw, sw, tw, (u16)f->fip, f->fcs, (u16)f->fdp, f->fds};
    memcpy(b, w, 14);
    return 14;
  }
  u32 w[7] = {0xffff0000u | f->cw,
              0xffff0000u | sw,
              0xffff0000u | tw,
              (u32)f->fip,
              f->fcs | ((u32)(f->fop & 0x7ff) << 16),
              (u32)f->fdp,
              0xffff0000u | f->fds};
  memcpy(b, w, 28);
  return 28;
}

/* Load the environment image b (read in full by the caller).  Returns the
 * nonempty mask by physical register of the image's tag word. */
static unsigned x87_env_get(struct x87 *f, int opsz, const u8 *b) {
  u16 cw, sw, tw;
  if (opsz == 2) {
    u16 w[7];
    memcpy(w, b, 14);
    cw = w[0], sw = w[1], tw = w[2];
    f->fip = w[3];
    f->fcs = w[4];
    f->fop = 0; /* not in the 16-bit image: the host clears it */
    f->fdp = w[5];
    f->fds = w[6];
  } else {
    u32 w[7];
    memcpy(w, b, 28);
    cw = (u16)w[0], sw = (u16)w[1], tw = (u16)w[2];
    f->fip = w[3];
    f->fcs = (u16)w[4];
    f->fop = (w[4] >> 16) & 0x7ff;
    f->fdp = w[5];
    f->fds = (u16)w[6];
  }
  f->cw = x87_canon_cw(cw);
  f->top = (sw >> 11) & 7;
  f->sw = sw & (u16)~X87_SW_TOP;
  x87_update_es(f); /* FLDENV recomputes ES (checked on the host) */
  return x87_nonempty_of_tw(tw);
}

static int x87_env_opsz(const struct insn *d) { return d->opsz == 2 ? 2 : 4; }

void x87_fnstenv(struct cpu *c, const struct insn *d, u64 a) {
  u8 b[28];
  x87_own(c);
  int n = x87_env_put(&c->fpu, x87_env_opsz(d), b);
  memcpy(cpu_host(c, a, n), b, n);
  c->fpu.cw |= X87_SW_FLAGS; /* FNSTENV then masks all exceptions */
}

void x87_fldenv(struct cpu *c, const struct insn *d, u64 a) {
  int opsz = x87_env_opsz(d);
  u8 b[28];
  x87_own(c);
  x87_wait(c);
  memcpy(b, cpu_host(c, a, opsz == 2 ? 14 : 28), opsz == 2 ? 14 : 28);
  unsigned ne = x87_env_get(&c->fpu, opsz, b);
  x87_set_tags(&c->fpu, ne);
}

void x87_fnsave(struct cpu *c, const struct insn *d, u64 a) {
  struct x87 *f = &c->fpu;
  u8 b[108];
  x87_own(c);
  int n = x87_env_put(f, x87_env_opsz(d), b);
  for (int i = 0; i < 8; i++) memcpy(b + n + 10 * i, &f->st[(f->top + i) & 7], 10);
  memcpy(cpu_host(c, a, n + 80), b, n + 80);
  x87_fninit(f);
}

void x87_frstor(struct cpu *c, const struct insn *d, u64 a) {
  struct x87 *f = &c->fpu;
  int opsz = x87_env_opsz(d), n = opsz == 2 ? 14 : 28;
  u8 b[108];
  x87_own(c);
  x87_wait(c);
  memcpy(b, cpu_host(c, a, n + 80), n + 80);
  unsigned ne = x87_env_get(f, opsz, b);
  for (int i = 0; i < 8; i++) memcpy(&f->st[(f->top + i) & 7], b + n + 10 * i, 10);
  x87_set_tags(f, ne);
}
