/* exec_mov.c — data movement: MOV (88-8B, A0-A3, B0-BF, C6/C7), MOV to and
 * from segment registers, LEA, XCHG, MOVZX/MOVSX/MOVSXD (ARPL in 32-bit
 * mode), XLAT, LAHF/SAHF, CLD/STD and the far-pointer loads LDS/LES/LSS/LFS/
 * LGS.  Mirrors the SDM volume 2 pages of the same names.
 *
 * These are the hottest handlers: straight-line, the byte/v split done by the
 * decoder table, and register-to-register forms read c->r directly.
 */
#include "ops_mov.h"

/* --- MOV --- */

void op_mov_Eb_Gb(struct cpu *c, const struct insn *d) { set_E(c, d, 1, get_G(c, d, 1)); }

void op_mov_Ev_Gv(struct cpu *c, const struct insn *d) {
  /* reg_set/mem_set truncate to opsz; a 32-bit register write zero-extends. */
  if (d->mod == 3) {
    reg_set(c, d, d->rm, d->opsz, c->r[d->reg]);
    return;
  }
  mem_set(c, insn_ea(c, d), d->opsz, c->r[d->reg]);
}

void op_mov_Gb_Eb(struct cpu *c, const struct insn *d) { set_G(c, d, 1, get_E(c, d, 1)); }

void op_mov_Gv_Ev(struct cpu *c, const struct insn *d) {
  u64 v = d->mod == 3 ? c->r[d->rm] : mem_get(c, insn_ea(c, d), d->opsz);
  reg_set(c, d, d->reg, d->opsz, v);
}

void op_mov_Zb_Ib(struct cpu *c, const struct insn *d) { reg_set(c, d, d->reg, 1, d->imm); }

void op_mov_Zv_Iv(struct cpu *c, const struct insn *d) { reg_set(c, d, d->reg, d->opsz, d->imm); }

void op_mov_Eb_Ib(struct cpu *c, const struct insn *d) { set_E(c, d, 1, d->imm); }

void op_mov_Ev_Iz(struct cpu *c, const struct insn *d) {
  set_E(c, d, d->opsz, d->imm); /* imm32 sign-extended for opsz 8 */
}

/* A0-A3: the offset is an address-size immediate; only an FS/GS (or, in
 * 32-bit mode, any) segment override adds a base. */
static inline u64 moffs_addr(const struct cpu *c, const struct insn *d) {
  u64 a = d->imm;
  if (d->seg != SEG_NONE) {
    a += c->seg_base[d->seg];
    if (c->mode == 32) {
      cpu_seg_check(c, d->seg);
      a = (u32)a;
    }
  }
  return a;
}

void op_mov_AL_Ob(struct cpu *c, const struct insn *d) {
  reg_set(c, d, R_AX, 1, ld8(c, moffs_addr(c, d)));
}

void op_mov_rAX_Ov(struct cpu *c, const struct insn *d) {
  reg_set(c, d, R_AX, d->opsz, mem_get(c, moffs_addr(c, d), d->opsz));
}

void op_mov_Ob_AL(struct cpu *c, const struct insn *d) { st8(c, moffs_addr(c, d), (u8)c->r[R_AX]); }

void op_mov_Ov_rAX(struct cpu *c, const struct insn *d) {
  mem_set(c, moffs_addr(c, d), d->opsz, c->r[R_AX]);
}

/* --- MOV Sreg --- */

void op_mov_Ev_Sw(struct cpu *c, const struct insn *d) {
  int s = d->reg & 7; /* REX.R does not extend segment register numbers */
  if (s > SEG_GS) cpu_exception(c, STOP_UD);
  u16 sel = c->seg[s];
  if (d->mod != 3) {
    st16(c, insn_ea(c, d), sel); /* memory destination: always 16 bits */
  } else if (d->opsz == 2) {
    reg_set(c, d, d->rm, 2, sel);
  } else {
    /* SDM: 32-bit destination's upper bits are implementation dependent;
     * P6 and later (and the host) zero them. */
    c->r[d->rm] = sel;
  }
}

void op_mov_Sw_Ew(struct cpu *c, const struct insn *d) {
  int s = d->reg & 7;
  if (s == SEG_CS || s > SEG_GS) cpu_exception(c, STOP_UD);
  cpu_load_seg(c, s, (u16)get_E(c, d, 2));
  if (s == SEG_SS) c->ss_shadow = 1;
}

/* --- LEA: the effective address without any segment base --- */

void op_lea_Gv_M(struct cpu *c, const struct insn *d) {
  if (UNLIKELY(d->mod == 3)) cpu_exception(c, STOP_UD);
  reg_set(c, d, d->reg, d->opsz, insn_off(c, d));
}

/* --- XCHG: with memory always atomic (implicit LOCK) --- */

typedef u16 __attribute__((aligned(1))) u16_u;
typedef u32 __attribute__((aligned(1))) u32_u;
typedef u64 __attribute__((aligned(1))) u64_u;

/* Exchange on a host pointer with the host's own xchg, which is atomic
 * whatever the alignment (as the guest's would be). */
static u64 xchg_host(u8 *p, int size, u64 v) {
  switch (size) {
  case 1: {
    u8 x = (u8)v;
    __asm__ volatile("xchgb %0, %1" : "+q"(x), "+m"(*p) : : "memory");
    return x;
  }
  case 2: {
    u16 x = (u16)v;
    __asm__ volatile("xchgw %0, %1" : "+r"(x), "+m"(*(u16_u *)p) : : "memory");
    return x;
  }
  case 4: {
    u32 x = (u32)v;
    __asm__ volatile("xchgl %0, %1" : "+r"(x), "+m"(*(u32_u *)p) : : "memory");
    return x;
  }
  default: {
    u64 x = v;
    __asm__ volatile("xchgq %0, %1" : "+r"(x), "+m"(*(u64_u *)p) : : "memory");
    return x;
  }
  }
}

static void xchg_E_G(struct cpu *c, const struct insn *d, int size) {
  if (d->mod == 3) {
    u64 a = reg_get(c, d, d->rm, size), b = reg_get(c, d, d->reg, size);
    reg_set(c, d, d->rm, size, b);
    reg_set(c, d, d->reg, size, a);
    return;
  }
  u8 *p = cpu_host(c, insn_ea(c, d), size);
  u64 old = xchg_host(p, size, reg_get(c, d, d->reg, size));
  reg_set(c, d, d->reg, size, old);
}

void op_xchg_Eb_Gb(struct cpu *c, const struct insn *d) { xchg_E_G(c, d, 1); }

void op_xchg_Ev_Gv(struct cpu *c, const struct insn *d) { xchg_E_G(c, d, d->opsz); }

/* 90+r.  90 itself (any operand size, with or without F3 = PAUSE) is NOP:
 * xchg eax,eax does not zero-extend rax in 64-bit mode.  With REX.B, 90 is
 * xchg r8,rax (d->reg = 8). */
void op_xchg_Zv_rAX(struct cpu *c, const struct insn *d) {
  if (d->reg == R_AX) return;
  u64 a = c->r[R_AX], b = c->r[d->reg];
  reg_set(c, d, R_AX, d->opsz, b);
  reg_set(c, d, d->reg, d->opsz, a);
}

/* --- MOVZX / MOVSX / MOVSXD --- */

void op_movzx_Gv_Eb(struct cpu *c, const struct insn *d) {
  reg_set(c, d, d->reg, d->opsz, get_E(c, d, 1));
}

void op_movzx_Gv_Ew(struct cpu *c, const struct insn *d) {
  reg_set(c, d, d->reg, d->opsz, get_E(c, d, 2));
}

void op_movsx_Gv_Eb(struct cpu *c, const struct insn *d) {
  reg_set(c, d, d->reg, d->opsz, (u64)(i64)(i8)get_E(c, d, 1));
}

void op_movsx_Gv_Ew(struct cpu *c, const struct insn *d) {
  reg_set(c, d, d->reg, d->opsz, (u64)(i64)(i16)get_E(c, d, 2));
}

/* 63: ARPL Ew,Gw in 32-bit mode (a valid CPL-3 instruction: raise the RPL of
 * the destination selector to the source's; ZF says whether it changed). */
static void arpl_Ew_Gw(struct cpu *c, const struct insn *d) {
  u64 dst = get_E(c, d, 2), src = reg_get(c, d, d->reg, 2);
  if ((dst & 3) < (src & 3)) {
    set_E(c, d, 2, (dst & ~3ull) | (src & 3));
    cpu_set_flags(c, F_ZF, F_ZF);
  } else {
    cpu_set_flags(c, 0, F_ZF);
  }
}

void op_movsxd_Gv_Ed(struct cpu *c, const struct insn *d) {
  if (c->mode == 32) {
    arpl_Ew_Gw(c, d);
    return;
  }
  if (d->opsz == 8) {
    reg_set(c, d, d->reg, 8, (u64)(i64)(i32)get_E(c, d, 4));
  } else {
    /* Without REX.W it is a plain move of opsz bits (SDM: discouraged). */
    reg_set(c, d, d->reg, d->opsz, get_E(c, d, d->opsz));
  }
}

/* --- XLAT: AL = [seg:rBX + AL] --- */

void op_xlat(struct cpu *c, const struct insn *d) {
  u64 a = c->r[R_BX] + (c->r[R_AX] & 0xff);
  if (d->adsz != 8) a &= size_mask(d->adsz);
  if (d->seg != SEG_NONE) {
    a += c->seg_base[d->seg];
    if (c->mode == 32) {
      cpu_seg_check(c, d->seg);
      a = (u32)a;
    }
  }
  reg_set(c, d, R_AX, 1, ld8(c, a));
}

/* --- LAHF / SAHF / CLD / STD --- */

#define F_AHMASK (F_SF | F_ZF | F_AF | F_PF | F_CF)

void op_lahf(struct cpu *c, const struct insn *d) {
  /* AH <- SF:ZF:0:AF:0:PF:1:CF */
  u64 f = (cpu_get_flags(c) & F_AHMASK) | 2;
  c->r[R_AX] = (c->r[R_AX] & ~0xff00ull) | (f << 8);
}

void op_sahf(struct cpu *c, const struct insn *d) {
  cpu_set_flags(c, (c->r[R_AX] >> 8) & F_AHMASK, F_AHMASK);
}

void op_cld(struct cpu *c, const struct insn *d) { cpu_set_flags(c, 0, F_DF); }

void op_std(struct cpu *c, const struct insn *d) { cpu_set_flags(c, F_DF, F_DF); }

/* --- LDS/LES/LSS/LFS/LGS Gv,Mp: offset (opsz) then selector (16) --- */

static void load_far_ptr(struct cpu *c, const struct insn *d, int seg) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  u64 a = insn_ea(c, d);
  u64 off = mem_get(c, a, d->opsz);
  u64 sa = a + d->opsz;
  if (c->mode == 32) sa = (u32)sa;
  u16 sel = ld16(c, sa);
  cpu_load_seg(c, seg, sel); /* may #GP: nothing has changed yet */
  reg_set(c, d, d->reg, d->opsz, off);
}

/* C4/C5 are LES/LDS only in 32-bit mode with a memory operand; otherwise
 * they begin a VEX prefix, and emu offers no AVX. */
void op_les_Gz_Mp(struct cpu *c, const struct insn *d) {
  if (c->mode == 64) cpu_exception(c, STOP_UD);
  load_far_ptr(c, d, SEG_ES);
}

void op_lds_Gz_Mp(struct cpu *c, const struct insn *d) {
  if (c->mode == 64) cpu_exception(c, STOP_UD);
  load_far_ptr(c, d, SEG_DS);
}

void op_lss_Gv_Mp(struct cpu *c, const struct insn *d) { load_far_ptr(c, d, SEG_SS); }

void op_lfs_Gv_Mp(struct cpu *c, const struct insn *d) { load_far_ptr(c, d, SEG_FS); }

void op_lgs_Gv_Mp(struct cpu *c, const struct insn *d) { load_far_ptr(c, d, SEG_GS); }
