/* cpu_internal.h — the decoder's record and table format, and the operand
 * helpers every instruction family uses.  Private to src/cpu.
 *
 * Decoding happens once per instruction address (decode.c caches it); the
 * handler then runs with resolved operands:
 *
 *   prefixes  REX   opcode(s)   ModRM    SIB     disp      imm
 *   F0 F2 F3  4x    [0F [38|3A]] op      mod|reg|rm  ss|idx|base  0/1/2/4  0/1/2/4/8
 *   2E..65 66 67
 *
 * or, with a VEX prefix (SDM vol. 2 2.3.5; no 66/F2/F3/REX/LOCK before it):
 *
 *   C5  R vvvv L pp                 (map 0F, X = B = 1, W = 0)
 *   C4  R X B mmmmm   W vvvv L pp   (mmmmm: 1 = 0F, 2 = 0F38, 3 = 0F3A)
 *
 * R X B vvvv are stored inverted; pp is the implied prefix (none, 66, F3,
 * F2: the PFX_* order).  The decoder folds R X B W into rex and pp into pfx.
 *
 * Handlers are named in the SDM's operand notation (op_add_Ev_Gv): E = ModRM
 * r/m, G = ModRM reg, I = immediate, b/w/d/q/v/z = sizes as in the manual's
 * opcode tables (v = 16/32/64 by operand size, z = 16/32).
 */
#ifndef EMU_CPU_INTERNAL_H
#define EMU_CPU_INTERNAL_H

#include "cpu.h"
#include "insn.h" /* the decoded-instruction record, insn_ea */

/* Decoder table entry.  flags say what follows the opcode; sub is a group
 * table (8 entries by ModRM.reg, DEC_GROUP) or a mandatory-prefix table
 * (4 entries by PFX_*, DEC_PFX).  A sub entry's flags are added to its
 * parent's.  A group may itself have a DEC_PFX sub table and vice versa. */
struct dec_entry {
  op_fn fn;
  const struct dec_entry *sub;
  u32 flags;
};

#define DEC_MODRM  (1u << 0)  /* a ModRM byte follows */
#define DEC_GROUP  (1u << 1)  /* sub[] by ModRM.reg */
#define DEC_PFX    (1u << 2)  /* sub[] by mandatory prefix */
#define DEC_BYTE   (1u << 3)  /* byte operand size (opsz = 1) */
#define DEC_IB     (1u << 4)  /* imm8 */
#define DEC_IW     (1u << 5)  /* imm16 */
#define DEC_IZ     (1u << 6)  /* imm16 or imm32 by operand size (sign-extended to 64) */
#define DEC_IV     (1u << 7)  /* imm16/32/64 by operand size (B8+r) */
#define DEC_MOFFS  (1u << 8)  /* address-size offset (A0-A3) */
#define DEC_AP     (1u << 9)  /* far pointer ptr16:16/32 (32-bit mode only) */
#define DEC_D64    (1u << 10) /* operand size defaults to 64 in 64-bit mode (push, pop, ...) */
#define DEC_F64    (1u << 11) /* operand size forced to 64 in 64-bit mode (near branches) */
#define DEC_BRANCH (1u << 12) /* may change rip other than by falling through: ends a block */
#define DEC_I64    (1u << 13) /* invalid in 64-bit mode (#UD) */
#define DEC_O64    (1u << 14) /* valid only in 64-bit mode */
#define DEC_IBW    (1u << 15) /* imm16 then imm8 (ENTER): imm = imm16, imm2 = imm8 */
#define DEC_SSE    (1u << 16) /* operand size prefix is not an operand-size change */
#define DEC_VEX_L0 (1u << 17) /* VEX: #UD unless VEX.L = 0 (the GPR instructions) */
#define DEC_VEX_NV (1u << 18) /* VEX: vvvv unused, #UD unless it is 1111b */

/* The opcode maps (optab.c, filled from per-family tab_*.inc fragments). */
extern const struct dec_entry dec_root[256], dec_0f[256], dec_0f38[256], dec_0f3a[256];
/* The VEX maps, by VEX.mmmmm (only these three are defined). */
extern const struct dec_entry dec_vex_0f[256], dec_vex_0f38[256], dec_vex_0f3a[256];

/* After an instruction that may have set the trap flag (POPF, IRET): when TF
 * went from clear to set, leave the fast loop so the next instruction is
 * single-stepped (interp.c). */
void cpu_tf_check(struct cpu *c, u64 old_flags);

/* A far transfer (exec_ctrl.c): load CS (cs, whose code runs in mode: 16,
 * 32 or 64, cpu_load_cs) and rip.  The hot loop is compiled per mode and
 * for the flat model only, and is left here when either changes, or for a
 * segmented CS (STOP_BUDGET; the next cpu_run takes the right loop); the
 * one-instruction-at-a-time loops (tracing, TF, run_seg) return to the
 * handler and stop after the instruction completes. */
void cpu_switch_mode(struct cpu *c, int mode, u16 cs, u64 rip);
/* The limit in bytes of the code segment sel names (4 GiB for Linux's own). */
u32 cpu_code_limit(const struct cpu *c, u16 sel);

/* The x87 registers in the host FPU (exec_x87.c).  Inside the hot loop,
 * while the guest masks every x87 exception, the guest's x87 state stays
 * loaded in the host FPU from one x87 instruction to the next (c->fpu_live)
 * instead of being loaded and saved around each.  Whatever reads or writes
 * c->fpu first calls x87_own(); cpu_run does on its way out.  A host signal
 * handler that leaves by siglongjmp first calls x87_host_resume() with its
 * ucontext: the kernel hands a handler a fresh FPU, and the guest's
 * registers are in the signal frame. */
void x87_host_flush(struct cpu *c);
static inline void x87_own(struct cpu *c) {
  if (UNLIKELY(c->fpu_live)) x87_host_flush(c);
}
void x87_host_resume(struct cpu *c, const void *ucontext);

/* Decode one instruction at guest address a in the CPU's mode.  Fetches go
 * through guest memory (a fetch fault raises #PF).  Returns the length. */
int dec_decode(struct cpu *c, u64 a, struct insn *d);
/* Decode from a host buffer (unit tests, tracing): 0 when the bytes do not
 * form an instruction of at most n bytes (then d->len is undefined), else the
 * length.  fn is NULL for an undefined opcode.  mode is 32 or 64. */
int dec_decode_buf(const u8 *b, size_t n, int mode, struct insn *d);
/* Fetch from guest memory at a and decode (the interpreter's path): the
 * length; 0 on a fetch fault (*fault_addr, *si_code set); -1 for an
 * instruction longer than 15 bytes (#GP). */
int dec_fetch(struct cpu *c, u64 a, struct insn *d, u64 *fault_addr, int *si_code);
/* The same with the mm lock held by the caller and v = mm_find(c->mm, a),
 * so that a block's instructions share one lock and one lookup. */
struct vma;
int dec_fetch_in(struct cpu *c, const struct vma *v, u64 a, struct insn *d, u64 *fault_addr,
                 int *si_code);

/* ---- Operand helpers ---- */

static inline u64 size_mask(int size) { return size == 8 ? ~0ull : (1ull << (size * 8)) - 1; }
static inline i64 sext(u64 v, int size) {
  switch (size) {
  case 1: return (i8)v;
  case 2: return (i16)v;
  case 4: return (i32)v;
  default: return (i64)v;
  }
}

/* General registers by number and size.  A byte register 4-7 without any
 * REX prefix is AH, CH, DH, BH. */
static inline u64 reg_get(const struct cpu *c, const struct insn *d, int r, int size) {
  switch (size) {
  case 1:
    if (r >= 4 && r < 8 && !d->rex) return (c->r[r - 4] >> 8) & 0xff;
    return c->r[r] & 0xff;
  case 2: return c->r[r] & 0xffff;
  case 4: return c->r[r] & 0xffffffff;
  default: return c->r[r];
  }
}
static inline void reg_set(struct cpu *c, const struct insn *d, int r, int size, u64 v) {
  switch (size) {
  case 1:
    if (r >= 4 && r < 8 && !d->rex) {
      c->r[r - 4] = (c->r[r - 4] & ~0xff00ull) | ((v & 0xff) << 8);
    } else {
      c->r[r] = (c->r[r] & ~0xffull) | (v & 0xff);
    }
    break;
  case 2: c->r[r] = (c->r[r] & ~0xffffull) | (v & 0xffff); break;
  case 4: c->r[r] = (u32)v; break; /* 32-bit writes zero-extend */
  default: c->r[r] = v; break;
  }
}

static inline u64 mem_get(struct cpu *c, u64 a, int size) {
  switch (size) {
  case 1: return ld8(c, a);
  case 2: return ld16(c, a);
  case 4: return ld32(c, a);
  default: return ld64(c, a);
  }
}
static inline void mem_set(struct cpu *c, u64 a, int size, u64 v) {
  switch (size) {
  case 1: st8(c, a, (u8)v); break;
  case 2: st16(c, a, (u16)v); break;
  case 4: st32(c, a, (u32)v); break;
  default: st64(c, a, v); break;
  }
}

/* G operand (ModRM.reg) and E operand (ModRM r/m: register or memory). */
static inline u64 get_G(const struct cpu *c, const struct insn *d, int size) {
  return reg_get(c, d, d->reg, size);
}
static inline void set_G(struct cpu *c, const struct insn *d, int size, u64 v) {
  reg_set(c, d, d->reg, size, v);
}
static inline u64 get_E(struct cpu *c, const struct insn *d, int size) {
  if (d->mod == 3) return reg_get(c, d, d->rm, size);
  return mem_get(c, insn_ea(c, d), size);
}
static inline void set_E(struct cpu *c, const struct insn *d, int size, u64 v) {
  if (d->mod == 3)
    reg_set(c, d, d->rm, size, v);
  else
    mem_set(c, insn_ea(c, d), size, v);
}

/* Stack: push/pop of size bytes (2, 4 or 8).  Outside 64-bit mode the
 * stack is SS's: offsets wrap at its size (16 bits with B clear, where only
 * SP changes) and SS's base is added (both only for a stack segment of the
 * LDT or a TLS slot: c->segmented, which the flat loops never see).  The
 * store happens before rsp changes, so a fault leaves rsp intact. */
static inline u64 stack_mask(const struct cpu *c) {
  return c->mode == 64 ? ~0ull : c->ss16 ? 0xffffull : 0xffffffffull;
}
static inline u64 stack_lin(const struct cpu *c, u64 sp) {
  return c->mode == 64 ? sp : (u32)(sp + c->seg_base[SEG_SS]);
}
/* Set the stack pointer to sp (already wrapped by stack_mask). */
static inline void stack_set(struct cpu *c, u64 sp) {
  c->r[R_SP] = UNLIKELY(c->ss16) && c->mode != 64 ? (c->r[R_SP] & ~0xffffull) | sp : sp;
}
static inline void cpu_push(struct cpu *c, int size, u64 v) {
  u64 sp = (c->r[R_SP] - size) & stack_mask(c);
  mem_set(c, stack_lin(c, sp), size, v);
  stack_set(c, sp);
}
static inline u64 cpu_pop(struct cpu *c, int size) {
  u64 sp = c->r[R_SP] & stack_mask(c);
  u64 v = mem_get(c, stack_lin(c, sp), size);
  stack_set(c, (sp + size) & stack_mask(c));
  return v;
}

/* Set rip for a branch, truncated to 32 bits in 32-bit mode. */
static inline void cpu_jump(struct cpu *c, u64 target) {
  c->rip = c->mode == 32 ? (u32)target : target;
}

/* Declare a handler.  Not weak: an opcode whose handler no family defines
 * is a link error (a table entry meant to be #UD is NULL). */
#define OP(name) void name(struct cpu *c, const struct insn *d)

#endif
