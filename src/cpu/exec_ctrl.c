/* exec_ctrl.c — control flow: Jcc, JMP, CALL, RET (near and far), LOOP*,
 * JrCXZ, INT3/INT n/INTO, IRET, BOUND.  Mirrors the SDM volume 2 pages of the
 * same names for CPL 3 under Linux's descriptor tables.
 *
 * Far transfers: emu models Linux's two flat user code selectors, 0x33
 * (__USER_CS, 64-bit mode) and 0x23 (__USER32_CS, compatibility mode), any
 * RPL where the SDM allows it.  A far CALL/JMP/RET/IRET to the selector of
 * the other mode switches the CPU between 64-bit and compatibility mode, as
 * it does natively (the "heaven's gate" of 64-bit programs, and its mirror
 * for 32-bit ones): cpu_switch_mode sets c->mode, CS and rip and leaves the
 * hot loop, which is compiled per mode, as decoded blocks are (interp.c).
 * Register upper halves are kept across the switch, as the CPUs emu is
 * checked on do.  A code segment of the LDT (modify_ldt) or a TLS slot
 * runs too, its selector in CS: 64-bit (L), 32-bit or 16-bit (D), with its
 * base and limit (run_seg in interp.c runs what is not flat and 32-bit).
 * Any other selector is #GP(selector) (a not-present code segment
 * #NP(selector)), as is a return to RPL < 3; a target offset the new CS
 * cannot hold (beyond its limit, non-canonical for 64-bit) is #GP(0).  The
 * stack is SS's, with its base and size (stack_lin).  Operand sizes
 * are the current mode's: a far CALL from 64-bit code pushes 4-byte CS and
 * EIP unless REX.W, LRET pops 4-byte slots unless REX.W (lretq), IRET in
 * 64-bit mode pops five slots and in compatibility mode three.  REX.W
 * JMP/CALL m16:64 follow Intel (emu's CPUID vendor); AMD reads m16:32.
 */
#define _GNU_SOURCE
#include <signal.h>

#include "ops_mov.h"

/* A near branch target: 16-bit operand size (66 in 32-bit mode) truncates
 * to IP; cpu_jump truncates to 32 bits in 32-bit mode. */
static inline u64 near_target(const struct insn *d, u64 t) {
  return UNLIKELY(d->opsz == 2) ? (t & 0xffff) : t;
}

/* Near branches with an Ev target: the operand size is 64 in 64-bit mode
 * whatever the prefixes (Intel ignores 66 there). */
static inline int near_size(const struct cpu *c, const struct insn *d) {
  return c->mode == 64 ? 8 : d->opsz;
}

/* --- Jcc / JMP / CALL / RET --- */

void op_jcc_Jb(struct cpu *c, const struct insn *d) {
  if (cpu_cond(c, d->op & 15)) cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_jcc_Jz(struct cpu *c, const struct insn *d) {
  if (cpu_cond(c, d->op & 15)) cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_jmp_Jb(struct cpu *c, const struct insn *d) {
  cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_jmp_Jz(struct cpu *c, const struct insn *d) {
  cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_call_Jz(struct cpu *c, const struct insn *d) {
  u64 t = near_target(d, c->rip + d->imm);
  cpu_push(c, d->opsz, c->rip);
  cpu_jump(c, t);
}

void op_ret(struct cpu *c, const struct insn *d) { cpu_jump(c, cpu_pop(c, d->opsz)); }

void op_ret_Iw(struct cpu *c, const struct insn *d) {
  u64 sp = c->r[R_SP] & stack_mask(c);
  u64 t = mem_get(c, stack_lin(c, sp), d->opsz);
  stack_set(c, (sp + d->opsz + (d->imm & 0xffff)) & stack_mask(c));
  cpu_jump(c, t);
}

void op_call_Ev(struct cpu *c, const struct insn *d) {
  int s = near_size(c, d);
  u64 t = get_E(c, d, s); /* read before the push: call *(%rsp) */
  cpu_push(c, s, c->rip);
  cpu_jump(c, t);
}

void op_jmp_Ev(struct cpu *c, const struct insn *d) { cpu_jump(c, get_E(c, d, near_size(c, d))); }

/* --- Far transfers --- */

/* A far CALL/JMP target may carry any RPL (RPL <= CPL = 3 always holds);
 * CS is loaded with RPL = CPL.  The descriptor is judged as IRET judges it
 * (cpu_iret_cs, exec_misc.c): the two flat user code segments, or a code
 * segment of the LDT or the TLS slots (modify_ldt, set_thread_area), whose
 * selector then stays in CS; #GP(selector) for anything else, #GP(0) for
 * null, #NP(selector) for a code segment not present.  Returns the mode
 * the selector's code segment runs in (16, 32 or 64). */
static int far_target_mode(struct cpu *c, u16 sel) {
  u32 err;
  int mode = cpu_iret_cs(c, sel | 3, &err);
  if (mode > 0) return mode; /* 16, 32 or 64 */
  c->gp_err = err;
  cpu_exception(c, mode == CPU_CS_NP ? STOP_NP : STOP_GP);
}

/* A far return or IRET to a CS with RPL != 3 would change privilege:
 * #GP(selector) at CPL 3. */
static void far_check_rpl(struct cpu *c, u16 sel) {
  if ((sel & 3) != 3) {
    c->gp_err = sel & 0xfffc;
    cpu_exception(c, STOP_GP);
  }
}

/* The SDM's check of a far target offset: within the code segment limit
 * (4 GiB) for compatibility mode, canonical for 64-bit mode; #GP(0) at the
 * far transfer otherwise. */
static void far_check_off(struct cpu *c, int mode, u16 sel, u64 off) {
  if (mode == 64 ? (u64)((i64)(off << 16) >> 16) != off : off > cpu_code_limit(c, sel))
    cpu_exception(c, STOP_GP);
}

/* Load CS (sel, RPL 3) for mode and jump to off in it. */
static void far_go(struct cpu *c, u16 sel, int mode, u64 off) {
  far_check_off(c, mode, sel, off);
  cpu_switch_mode(c, mode, sel | 3, off);
}

static void far_call(struct cpu *c, const struct insn *d, u16 sel, u64 off) {
  int s = d->opsz;
  u64 m = stack_mask(c);
  int mode = far_target_mode(c, sel);
  off &= size_mask(s);
  far_check_off(c, mode, sel, off);
  /* The return address is CS:rip of the current mode, pushed with the
   * current operand and stack sizes. */
  u64 sp = (c->r[R_SP] - s) & m;
  mem_set(c, stack_lin(c, sp), s, c->seg[SEG_CS]);
  sp = (sp - s) & m;
  mem_set(c, stack_lin(c, sp), s, c->rip);
  stack_set(c, sp);
  far_go(c, sel, mode, off);
}

static void far_jmp(struct cpu *c, const struct insn *d, u16 sel, u64 off) {
  far_go(c, sel, far_target_mode(c, sel), off & size_mask(d->opsz));
}

/* 9A / EA ptr16:16/32 (32-bit mode only): imm = offset, imm2 = selector. */
void op_callf_Ap(struct cpu *c, const struct insn *d) { far_call(c, d, d->imm2, d->imm); }

void op_jmpf_Ap(struct cpu *c, const struct insn *d) { far_jmp(c, d, d->imm2, d->imm); }

/* FF /3, /5 m16:16/32/64: offset (opsz) then selector (16 bits). */
static void far_ptr(struct cpu *c, const struct insn *d, u16 *sel, u64 *off) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  u64 a = insn_ea(c, d);
  *off = mem_get(c, a, d->opsz);
  u64 sa = a + d->opsz;
  if (c->mode == 32) sa = (u32)sa;
  *sel = ld16(c, sa);
}

void op_callf_Ep(struct cpu *c, const struct insn *d) {
  u16 sel;
  u64 off;
  far_ptr(c, d, &sel, &off);
  far_call(c, d, sel, off);
}

void op_jmpf_Ep(struct cpu *c, const struct insn *d) {
  u16 sel;
  u64 off;
  far_ptr(c, d, &sel, &off);
  far_jmp(c, d, sel, off);
}

/* RET far: pops offset and CS (opsz each; the default is 32 bits even in
 * 64-bit mode).  A same-privilege return needs RPL == CPL == 3. */
static void far_ret(struct cpu *c, const struct insn *d, u64 extra) {
  int s = d->opsz;
  u64 m = stack_mask(c);
  u64 sp = c->r[R_SP] & m;
  u64 off = mem_get(c, stack_lin(c, sp), s);
  u16 sel = (u16)mem_get(c, stack_lin(c, (sp + s) & m), s);
  far_check_rpl(c, sel);
  int mode = far_target_mode(c, sel);
  /* LRETQ to a compatibility-mode CS: Intel's processors (emu's CPUID
   * vendor) keep the low 32 bits of the offset popped (seen natively:
   * 0x23:0x100000000 goes on at EIP 0); AMD's raise #GP(0). */
  if (mode != 64 && s == 8) off = (u32)off;
  far_check_off(c, mode, sel, off);
  stack_set(c, (sp + 2 * s + extra) & m);
  far_go(c, sel, mode, off);
}

void op_retf(struct cpu *c, const struct insn *d) { far_ret(c, d, 0); }

void op_retf_Iw(struct cpu *c, const struct insn *d) { far_ret(c, d, d->imm & 0xffff); }

/* IRET to the same privilege level.  64-bit mode always pops
 * RIP, CS, RFLAGS, RSP, SS; 32-bit mode pops EIP, CS, EFLAGS only (an RPL-3
 * CS is no privilege change).  Flags as POPF at CPL 3: IF and IOPL kept.
 * NT=1 would be a task return: #GP. */
#define F_NT   0x4000u
#define F_USER (F_CF | F_PF | F_AF | F_ZF | F_SF | F_TF | F_DF | F_OF | F_NT | F_AC | F_ID)

void op_iret(struct cpu *c, const struct insn *d) {
  int s = d->opsz;
  u64 m = stack_mask(c);
  u64 sp = c->r[R_SP] & m, v[5];
  int n = c->mode == 64 ? 5 : 3;
  u64 old = c->flags;
  if (cpu_get_flags(c) & F_NT) cpu_exception(c, STOP_GP);
  for (int i = 0; i < n; i++) v[i] = mem_get(c, stack_lin(c, (sp + (u64)i * s) & m), s);
  far_check_rpl(c, (u16)v[1]);
  int mode = far_target_mode(c, (u16)v[1]);
  if (n == 5 && (u16)v[4] != SEL_USER_DS) cpu_exception(c, STOP_GP);
  far_check_off(c, mode, (u16)v[1], v[0]);
  if (s == 2)
    cpu_set_flags(c, v[2], F_USER & 0xffff);
  else
    cpu_set_flags(c, v[2] & F_USER, F_USER | F_RF);
  if (n == 5) {
    c->r[R_SP] = v[3];
    cpu_try_load_seg(c, SEG_SS, SEL_USER_DS);
  } else {
    stack_set(c, (sp + 3u * s) & m);
  }
  cpu_switch_mode(c, mode, (u16)v[1], v[0]);
  cpu_tf_check(c, old);
}

/* --- LOOP / JrCXZ: the count register is rCX at the address size --- */

static inline u64 count_dec(struct cpu *c, const struct insn *d) {
  u64 v;
  switch (d->adsz) {
  case 8: v = --c->r[R_CX]; break;
  case 4: v = c->r[R_CX] = (u32)(c->r[R_CX] - 1); break;
  default:
    v = (u16)(c->r[R_CX] - 1);
    c->r[R_CX] = (c->r[R_CX] & ~0xffffull) | v;
    break;
  }
  return v;
}

void op_loop_Jb(struct cpu *c, const struct insn *d) {
  if (count_dec(c, d)) cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_loope_Jb(struct cpu *c, const struct insn *d) {
  if (count_dec(c, d) && cpu_cond(c, 4)) /* ZF */
    cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_loopne_Jb(struct cpu *c, const struct insn *d) {
  if (count_dec(c, d) && cpu_cond(c, 5)) /* !ZF */
    cpu_jump(c, near_target(d, c->rip + d->imm));
}

void op_jrcxz_Jb(struct cpu *c, const struct insn *d) {
  if ((c->r[R_CX] & size_mask(d->adsz)) == 0) cpu_jump(c, near_target(d, c->rip + d->imm));
}

/* --- Software interrupts ---
 * Linux's IDT gives user mode (DPL 3) only vectors 3 (#BP), 4 (#OF) and 0x80
 * (the i386 system call gate); `int n` for any other vector is a #GP fault
 * (SIGSEGV with rip at the instruction) whose error code names the IDT
 * entry: n << 3 | 2 (SDM Vol. 3, 6.13: the IDT flag), which Linux passes on
 * as uc_mcontext.err. */

void op_int3(struct cpu *c, const struct insn *d) { cpu_trap(c, STOP_BP); }

/* INT1 (ICEBP, F1): a trap-class #DB (SDM Vol. 3, 6.15 and 17.3.1.5: the
 * saved rip is past the instruction), which Linux reports as SIGTRAP with
 * TRAP_BRKPT, trapno 1 and si_addr = that rip (exc_debug_user's "icebp"
 * case).  A handler that returns goes on after it.  Virtual machines can
 * differ: an AMD host under KVM and QEMU's software CPU leave rip at the
 * F1, so tests accept either there (ctrl_debug_traps). */
void op_int1(struct cpu *c, const struct insn *d) {
  (void)d;
  c->fault_code = TRAP_BRKPT;
  cpu_trap(c, STOP_DB);
}

void op_int_Ib(struct cpu *c, const struct insn *d) {
  int n = (int)(d->imm & 0xff);
  c->trapno = n;
  switch (n) {
  case 3: cpu_trap(c, STOP_BP);
  case 4: cpu_trap(c, STOP_OF);
  case 0x80: cpu_trap(c, STOP_INT);
  default:
    c->gp_err = (u32)n << 3 | 2;
    cpu_exception(c, STOP_GP);
  }
}

void op_into(struct cpu *c, const struct insn *d) {
  if (cpu_get_flags(c) & F_OF) {
    c->trapno = 4;
    cpu_trap(c, STOP_OF);
  }
}

/* BOUND Gv,Ma (32-bit mode only).  Out of range is #BR (vector 5), which
 * Linux turns into SIGSEGV with trapno 5 (exc_bounds: do_trap "bounds"). */
void op_bound_Gv_Ma(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
  int s = d->opsz;
  u64 a = insn_ea(c, d);
  i64 lo = sext(mem_get(c, a, s), s);
  i64 hi = sext(mem_get(c, (u32)(a + s), s), s);
  i64 i = sext(get_G(c, d, s), s);
  if (i < lo || i > hi) {
    c->trapno = 5;
    cpu_exception(c, STOP_BR);
  }
}
