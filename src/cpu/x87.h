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

/* FOP, FIP, FCS and (mem) FDP, FDS of a data instruction (not of the
 * control ones): esc is the escape byte less D8, modrm the whole ModRM byte,
 * off the operand's offset within its segment (insn_off), which is FDP. */
static inline void x87_last_insn(struct cpu *c, const struct insn *d, unsigned esc, unsigned modrm,
                                 bool mem, u64 off) {
  struct x87 *f = &c->fpu;
  f->fop = (u16)((esc << 8) | modrm);
  f->fip = c->ip;
  f->fcs = c->seg[SEG_CS];
  if (mem) {
    f->fdp = off;
    f->fds = x87_data_sel(c, d);
  }
}

/* A fast handler of a loading or storing memory form (fast_x87.c's, for any
 * address, and fast_x87_mem.c's, for base+disp and base+index*scale+disp):
 * x87_go_live() first and the generic handler of the escape byte where the
 * instruction must take the saved path; then the operand's offset off_fn(c,
 * d) and address ea_fn(c, d, off), the instruction itself on the host FPU
 * with the operand at [rdi], and FOP, FIP, FCS, FDP, FDS. */
#define X87_FAST_MEM_FN(name, e, r, size, store, off_fn, ea_fn)                            \
  static void name(struct cpu *c, const struct insn *d) {                                   \
    if (UNLIKELY(!c->fpu_live) && !x87_go_live(c)) {                                        \
      fast_x87_generic[e](c, d);                                                            \
      return;                                                                               \
    }                                                                                       \
    u64 off = off_fn(c, d), a = ea_fn(c, d, off);                                           \
    void *p = store ? cpu_host_w(c, a, size) : cpu_host(c, a, size);                        \
    __asm__ volatile(".byte %c0, %c1" ::"i"(0xd8 + (e)), "i"(((r) << 3) | 7), "D"(p)        \
                     : "memory");                                                           \
    x87_last_insn(c, d, e, (unsigned)(d->mod << 6) | ((r) << 3) | (d->rm & 7u), true, off); \
  }

/* The memory forms of the data and control instructions, one row per
 * escape byte (D8 + e) and ModRM.reg (r):
 *   X(e, r, kind, operand bytes, control handler or 0)
 * kind LOAD reads the operand, STORE writes it, CTL is a control
 * instruction (its handler), UD is undefined.  exec_x87.c builds its
 * dispatch table from it, fast_x87.c one handler per LOAD/STORE form. */
#define X87_MEMORY_FORMS(X)                                                                     \
  /* D8: FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR m32fp */                                    \
  X(0, 0, LOAD, 4, 0) X(0, 1, LOAD, 4, 0) X(0, 2, LOAD, 4, 0) X(0, 3, LOAD, 4, 0)               \
  X(0, 4, LOAD, 4, 0) X(0, 5, LOAD, 4, 0) X(0, 6, LOAD, 4, 0) X(0, 7, LOAD, 4, 0)               \
  /* D9: FLD m32fp, -, FST m32fp, FSTP m32fp, FLDENV, FLDCW, FNSTENV, FNSTCW */                 \
  X(1, 0, LOAD, 4, 0) X(1, 1, UD, 0, 0) X(1, 2, STORE, 4, 0) X(1, 3, STORE, 4, 0)               \
  X(1, 4, CTL, 0, x87_fldenv) X(1, 5, CTL, 0, x87_fldcw) X(1, 6, CTL, 0, x87_fnstenv)           \
  X(1, 7, CTL, 0, x87_fnstcw)                                                                   \
  /* DA: FIADD FIMUL FICOM FICOMP FISUB FISUBR FIDIV FIDIVR m32int */                           \
  X(2, 0, LOAD, 4, 0) X(2, 1, LOAD, 4, 0) X(2, 2, LOAD, 4, 0) X(2, 3, LOAD, 4, 0)               \
  X(2, 4, LOAD, 4, 0) X(2, 5, LOAD, 4, 0) X(2, 6, LOAD, 4, 0) X(2, 7, LOAD, 4, 0)               \
  /* DB: FILD m32int, FISTTP, FIST, FISTP m32int, -, FLD m80fp, -, FSTP m80fp */                \
  X(3, 0, LOAD, 4, 0) X(3, 1, STORE, 4, 0) X(3, 2, STORE, 4, 0) X(3, 3, STORE, 4, 0)            \
  X(3, 4, UD, 0, 0) X(3, 5, LOAD, 10, 0) X(3, 6, UD, 0, 0) X(3, 7, STORE, 10, 0)                \
  /* DC: FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR m64fp */                                    \
  X(4, 0, LOAD, 8, 0) X(4, 1, LOAD, 8, 0) X(4, 2, LOAD, 8, 0) X(4, 3, LOAD, 8, 0)               \
  X(4, 4, LOAD, 8, 0) X(4, 5, LOAD, 8, 0) X(4, 6, LOAD, 8, 0) X(4, 7, LOAD, 8, 0)               \
  /* DD: FLD m64fp, FISTTP m64int, FST m64fp, FSTP m64fp, FRSTOR, -, FNSAVE, FNSTSW */          \
  X(5, 0, LOAD, 8, 0) X(5, 1, STORE, 8, 0) X(5, 2, STORE, 8, 0) X(5, 3, STORE, 8, 0)            \
  X(5, 4, CTL, 0, x87_frstor) X(5, 5, UD, 0, 0) X(5, 6, CTL, 0, x87_fnsave)                     \
  X(5, 7, CTL, 0, x87_fnstsw_m)                                                                 \
  /* DE: FIADD FIMUL FICOM FICOMP FISUB FISUBR FIDIV FIDIVR m16int */                           \
  X(6, 0, LOAD, 2, 0) X(6, 1, LOAD, 2, 0) X(6, 2, LOAD, 2, 0) X(6, 3, LOAD, 2, 0)               \
  X(6, 4, LOAD, 2, 0) X(6, 5, LOAD, 2, 0) X(6, 6, LOAD, 2, 0) X(6, 7, LOAD, 2, 0)               \
  /* DF: FILD m16int, FISTTP, FIST, FISTP m16int, FBLD m80bcd, FILD m64int,                     \
   *     FBSTP m80bcd, FISTP m64int */                                                          \
  X(7, 0, LOAD, 2, 0) X(7, 1, STORE, 2, 0) X(7, 2, STORE, 2, 0) X(7, 3, STORE, 2, 0)            \
  X(7, 4, LOAD, 10, 0) X(7, 5, LOAD, 8, 0) X(7, 6, STORE, 10, 0) X(7, 7, STORE, 8, 0)

/* The register forms the CPU defines at D8 + esc, ModRM modrm (C0-FF). */
bool x87_reg_defined(unsigned esc, unsigned modrm);

/* Live mode (exec_x87.c): true when the guest's FPU is in the host FPU
 * (c->fpu_live), loading it there first if the hot loop allows it and the
 * guest masks every exception with none pending; false when the
 * instruction must take the saved path instead. */
bool x87_go_live(struct cpu *c);

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
