/* insn.h — the decoded instruction: the record the decoder fills
 * (decode.c; cpu_internal.h describes the bytes it comes from), and the
 * address of its memory operand.  Public: the CPU tracer's before() hands
 * it to the tools that watch the CPU (--trace, --step, the gdb stub,
 * --lockstep), which read it here rather than in cpu_internal.h. */
#ifndef EMU_CPU_INSN_H
#define EMU_CPU_INSN_H

#include "cpu.h"

struct insn;
typedef void (*op_fn)(struct cpu *c, const struct insn *d);

#define NOREG  0xff
#define RIPREL 0x10 /* base register value meaning rip-relative */

/* Mandatory-prefix class (SSE): index into a DEC_PFX sub-table. */
enum { PFX_NONE, PFX_66, PFX_F3, PFX_F2 };

struct insn {
  op_fn fn;  /* NULL: #UD */
  u64 imm;   /* first immediate, sign-extended to 64 bits (moffs: zero-extended) */
  i32 disp;  /* displacement, sign-extended */
  u16 imm2;  /* ENTER's imm8 nesting level / far pointer selector */
  u8 len;    /* total length in bytes */
  u8 opsz;   /* operand size in bytes: 1 for byte forms, else 2/4/8 */
  u8 adsz;   /* address size: 2, 4 or 8 */
  u8 op;     /* the last opcode byte */
  u8 map;    /* 0 = one-byte, 1 = 0F, 2 = 0F38, 3 = 0F3A (VEX: 1-3, 0xff reserved) */
  u8 mod;    /* ModRM.mod (3 = register operand) */
  u8 reg;    /* ModRM.reg | REX.R << 3 (also the register in +r opcodes, with REX.B) */
  u8 rm;     /* ModRM.rm | REX.B << 3 */
  u8 base;   /* memory operand base: 0-15, RIPREL, or NOREG */
  u8 index;  /* index register 0-15 or NOREG */
  u8 scale;  /* index shift 0-3 */
  u8 seg;    /* segment override (SEG_*), or SEG_NONE; SEG_NONE adds no base */
  u8 rep;    /* 0, 0xF3 or 0xF2 (last one seen) */
  u8 lock;   /* LOCK prefix present */
  u8 rex;    /* the REX byte, or 0 */
  u8 pfx;    /* PFX_* from the 66/F3/F2 prefixes (F2/F3 win over 66) */
  u8 has66;  /* 66 prefix present */
  u8 branch; /* DEC_BRANCH: may transfer control, ends a decoded block */
  u8 vex;    /* VEX-encoded (C4 or C5 prefix) */
  u8 vvvv;   /* VEX.vvvv, uninverted: a register 0-15 (0-7 in 32-bit mode) */
  u8 vexl;   /* VEX.L (vector length: 0 = 128, 1 = 256) */
};

/* Outside 64-bit mode a null selector in DS/ES/FS/GS (a 64-bit process's
 * DS and ES after a far jump to compatibility mode, or one the program
 * loaded) cannot be used for an access: #GP(0).  Call before forming an
 * address with segment seg in 32-bit mode (insn_ea does; so should the
 * families that form addresses themselves: moffs, string instructions,
 * XLAT, MASKMOVQ). */
static inline void cpu_seg_check(const struct cpu *c, int seg) {
  if (UNLIKELY((c->seg[seg] & ~3u) == 0)) cpu_exception((struct cpu *)c, STOP_GP);
}

/* Offset of the memory operand within its segment: base, index and
 * displacement, wrapped to the address size (LEA's result, x87's FDP). */
static inline u64 insn_off(const struct cpu *c, const struct insn *d) {
  u64 o = (u64)(i64)d->disp;
  if (d->base < 16)
    o += c->r[d->base];
  else if (d->base == RIPREL)
    o += c->rip;
  if (d->index != NOREG) o += c->r[d->index] << d->scale;
  if (d->adsz == 4)
    o = (u32)o;
  else if (d->adsz == 2)
    o = (u16)o;
  return o;
}

/* The linear address of offset o in d's segment. */
static inline u64 insn_seg_add(const struct cpu *c, const struct insn *d, u64 o) {
  if (d->seg == SEG_NONE) return o;
  if (c->mode == 32) {
    cpu_seg_check(c, d->seg);
    return (u32)(o + c->seg_base[d->seg]);
  }
  return o + c->seg_base[d->seg];
}

/* Effective address of the memory operand (segment base added, wrapped to the
 * address size). */
static inline u64 insn_ea(const struct cpu *c, const struct insn *d) {
  return insn_seg_add(c, d, insn_off(c, d));
}

#endif
