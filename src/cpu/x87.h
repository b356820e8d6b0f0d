/* x87.h — private helpers of the x87 family (exec_x87*.c, exec_fxsave.c).
 *
 * The guest's x87 state lives in struct x87 (cpu.h).  Status word layout:
 *
 *   15  14  13..11  10   9   8   7   6   5   4   3   2   1   0
 *   B   C3  TOP     C2  C1  C0  ES  SF  PE  UE  OE  ZE  DE  IE
 *
 * f->sw keeps every bit but TOP (which lives in f->top).  f->tw is the full
 * tag word by physical register (00 valid, 01 zero, 10 special, 11 empty);
 * like the hardware, only empty / not empty is really state: the other
 * values are recomputed from the register contents whenever a tag word is
 * loaded (FLDENV, FRSTOR, FXRSTOR, XRSTOR).
 */
#ifndef EMU_X87_H
#define EMU_X87_H

#include "cpu_internal.h"

#define X87_SW_IE    0x0001u
#define X87_SW_SF    0x0040u
#define X87_SW_ES    0x0080u
#define X87_SW_C0    0x0100u
#define X87_SW_C1    0x0200u
#define X87_SW_C2    0x0400u
#define X87_SW_C3    0x4000u
#define X87_SW_B     0x8000u
#define X87_SW_CC    (X87_SW_C0 | X87_SW_C1 | X87_SW_C2 | X87_SW_C3)
#define X87_SW_FLAGS 0x003fu /* the six exception flags */
#define X87_SW_TOP   0x3800u

#define X87_TAG_VALID   0
#define X87_TAG_ZERO    1
#define X87_TAG_SPECIAL 2
#define X87_TAG_EMPTY   3

/* XCR0 as emu reports it: x87 and SSE state components. */
#define X87_XCR0 3ull
/* MXCSR bits FXRSTOR/XRSTOR accept (DAZ supported, no MM). */
#define X87_MXCSR_MASK 0xffffu

/* Status word with TOP merged in, as FNSTSW shows it. */
static inline u16 x87_get_sw(const struct x87 *f) {
  return (u16)((f->sw & ~X87_SW_TOP) | ((f->top & 7) << 11));
}
/* Control word as the hardware keeps it: bits 13-15 read 0, bit 6 reads 1. */
static inline u16 x87_canon_cw(u16 cw) { return (u16)((cw & 0x1f3f) | 0x40); }

/* Tag of an 80-bit value (10 bytes, little endian) that is not empty. */
int x87_tag_of(const void *v80);
/* Recompute f->tw from the register contents; bit i of nonempty (by
 * physical register) says register i is in use. */
void x87_set_tags(struct x87 *f, unsigned nonempty);
/* Abridged tag word (FXSAVE): bit i set when physical register i is in use. */
u8 x87_abridged_tw(const struct x87 *f);
/* ES and B from the flags and the control word, as FLDENV/FRSTOR compute them. */
void x87_update_es(struct x87 *f);

/* Leave with #MF for the pending unmasked exception (c->fault_code = the
 * FPE_* code the kernel's math_error() would send). */
NORETURN void x87_raise_mf(struct cpu *c);
/* A waiting x87 instruction first reports a pending unmasked exception. */
static inline void x87_wait(struct cpu *c) {
  if (UNLIKELY(c->fpu.sw & X87_SW_ES)) x87_raise_mf(c);
}

/* Selector of the segment a memory operand uses (for FDS), and its offset
 * within the segment (for FDP). */
static inline u16 x87_data_sel(const struct cpu *c, const struct insn *d) {
  int s = d->seg;
  if (s >= 6) s = (d->base == R_SP || d->base == R_BP) ? SEG_SS : SEG_DS;
  return c->seg[s];
}

/* Control instructions (exec_x87_ctl.c): memory forms with ModRM.reg = r of
 * D9 (FLDENV FLDCW FNSTENV FNSTCW) and DD (FRSTOR FNSAVE FNSTSW), plus
 * FNCLEX, FNINIT and FNSTSW AX.  They do not update FIP/FDP/FOP. */
void x87_fldenv(struct cpu *c, const struct insn *d, u64 a);
void x87_fnstenv(struct cpu *c, const struct insn *d, u64 a);
void x87_fldcw(struct cpu *c, const struct insn *d, u64 a);
void x87_fnstcw(struct cpu *c, const struct insn *d, u64 a);
void x87_frstor(struct cpu *c, const struct insn *d, u64 a);
void x87_fnsave(struct cpu *c, const struct insn *d, u64 a);
void x87_fnstsw_m(struct cpu *c, const struct insn *d, u64 a);
void x87_fnstsw_ax(struct cpu *c, const struct insn *d);
void x87_fnclex(struct cpu *c);
void x87_fninit(struct x87 *f);

#endif
