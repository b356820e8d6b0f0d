/* exec_stack.c — the stack: PUSH/POP (registers, immediates, Ev, segment
 * registers), PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE.  Mirrors the SDM volume 2
 * pages of the same names, at CPL 3 with IOPL 0 as Linux runs user code.
 *
 * Precise faults: every store goes below the old stack pointer and every
 * load happens before rsp (or any other register) changes.
 */
#include "ops_mov.h"

#define F_NT 0x4000u
#define F_VM 0x20000u

/* --- PUSH / POP --- */

void op_push_Zv(struct cpu *c, const struct insn *d) {
  cpu_push(c, d->opsz, c->r[d->reg]); /* push rsp pushes the old value */
}

void op_pop_Zv(struct cpu *c, const struct insn *d) {
  u64 v = cpu_pop(c, d->opsz);
  reg_set(c, d, d->reg, d->opsz, v); /* pop rsp: the popped value wins */
}

void op_push_Iz(struct cpu *c, const struct insn *d) { cpu_push(c, d->opsz, d->imm); }

void op_push_Ib(struct cpu *c, const struct insn *d) { cpu_push(c, d->opsz, d->imm); }

/* FF /6.  Operand size 64 by default in 64-bit mode (66 gives 16). */
void op_push_Ev(struct cpu *c, const struct insn *d) {
  int s = c->mode == 64 && d->opsz == 4 ? 8 : d->opsz;
  cpu_push(c, s, get_E(c, d, s));
}

/* 8F /0.  SDM: with rsp as a base register, the effective address is
 * computed after rsp is incremented. */
void op_pop_Ev(struct cpu *c, const struct insn *d) {
  int s = c->mode == 64 && d->opsz == 4 ? 8 : d->opsz;
  u64 old = c->r[R_SP], sp = old & stack_mask(c);
  u64 v = mem_get(c, stack_lin(c, sp), s);
  stack_set(c, (sp + s) & stack_mask(c));
  if (d->mod == 3) {
    reg_set(c, d, d->rm, s, v);
    return;
  }
  u64 nsp = c->r[R_SP];
  u64 a = insn_ea(c, d);
  c->r[R_SP] = old;
  mem_set(c, a, s, v); /* may fault with rsp intact */
  c->r[R_SP] = nsp;
}

/* 06/0E/16/1E, 0F A0/A8 push and 07/17/1F, 0F A1/A9 pop: the segment
 * register is bits 5:3 of the opcode (ES CS SS DS FS GS). */
void op_push_Sw(struct cpu *c, const struct insn *d) {
  u16 sel = c->seg[(d->op >> 3) & 7];
  int s = d->opsz;
  u64 sp = (c->r[R_SP] - s) & stack_mask(c);
  if (s == 4) {
    /* SDM: with a 32-bit operand size recent Intel processors write the
     * selector with a 16-bit move, leaving the slot's upper half as it was. */
    st16(c, stack_lin(c, sp), sel);
  } else {
    mem_set(c, stack_lin(c, sp), s, sel); /* 16 bits, or zero-extended to 64 */
  }
  stack_set(c, sp);
}

void op_pop_Sw(struct cpu *c, const struct insn *d) {
  u64 m = stack_mask(c), old = c->r[R_SP], sp = old & m;
  u64 v = mem_get(c, stack_lin(c, sp), d->opsz);
  int seg = (d->op >> 3) & 7;
  cpu_load_seg(c, seg, (u16)v); /* may #GP, rsp intact */
  /* The increment is at the size of the stack the instruction started on
   * (POP SS changes it). */
  sp = (sp + d->opsz) & m;
  c->r[R_SP] = m == 0xffff ? (old & ~0xffffull) | sp : sp;
  if (seg == SEG_SS) c->ss_shadow = 1;
}

/* --- PUSHA / POPA (32-bit mode only) --- */

void op_pusha(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = stack_mask(c), sp = c->r[R_SP];
  for (int i = 0; i < 8; i++) /* EAX ECX EDX EBX (old ESP) EBP ESI EDI */
    mem_set(c, stack_lin(c, (sp - (u64)(i + 1) * s) & m), s, c->r[i]);
  stack_set(c, (sp - 8u * s) & m);
}

void op_popa(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = stack_mask(c), sp = c->r[R_SP], v[8];
  for (int i = 0; i < 8; i++) /* EDI ESI EBP (skipped) EBX EDX ECX EAX */
    v[7 - i] = mem_get(c, stack_lin(c, (sp + (u64)i * s) & m), s);
  for (int i = 0; i < 8; i++)
    if (i != R_SP) reg_set(c, d, i, s, v[i]);
  stack_set(c, (sp + 8u * s) & m);
}

/* --- PUSHF / POPF --- */

/* What POPF and IRET may change at CPL 3 with IOPL 0 (IF and IOPL are kept;
 * VM, VIF and VIP too; RF is cleared). */
#define F_USER (F_CF | F_PF | F_AF | F_ZF | F_SF | F_TF | F_DF | F_OF | F_NT | F_AC | F_ID)

void op_pushf(struct cpu *c, const struct insn *d) {
  cpu_push(c, d->opsz, cpu_get_flags(c) & ~(u64)(F_RF | F_VM));
}

void op_popf(struct cpu *c, const struct insn *d) {
  u64 v = cpu_pop(c, d->opsz), old = c->flags;
  if (d->opsz == 2)
    cpu_set_flags(c, v, F_USER & 0xffff);
  else
    cpu_set_flags(c, v & F_USER, F_USER | F_RF);
  cpu_tf_check(c, old);
}

/* --- ENTER / LEAVE --- */

/* ENTER imm16, imm8 (SDM "ENTER" operation, nesting level mod 32). */
void op_enter(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = stack_mask(c);
  u64 alloc = d->imm & 0xffff;
  int level = d->imm2 & 31;
  u64 sp = (c->r[R_SP] - s) & m, bp = c->r[R_BP];
  mem_set(c, stack_lin(c, sp), s, bp);
  u64 frame = sp;
  if (level > 0) {
    for (int i = 1; i < level; i++) {
      bp = (bp - s) & m;
      u64 v = mem_get(c, stack_lin(c, bp), s);
      sp = (sp - s) & m;
      mem_set(c, stack_lin(c, sp), s, v);
    }
    sp = (sp - s) & m;
    mem_set(c, stack_lin(c, sp), s, frame);
  }
  reg_set(c, d, R_BP, s, frame); /* 16-bit operand size writes BP only */
  stack_set(c, (sp - alloc) & m);
}

void op_leave(struct cpu *c, const struct insn *d) {
  u64 m = stack_mask(c);
  u64 sp = c->r[R_BP] & m;
  u64 v = mem_get(c, stack_lin(c, sp), d->opsz);
  stack_set(c, (sp + d->opsz) & m);
  reg_set(c, d, R_BP, d->opsz, v);
}
