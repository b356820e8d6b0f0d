/* exec_muldiv.c — multiply and divide (F6/F7 /4-/7, IMUL 69 6B 0F AF),
 * CBW/CWDE/CDQE and CWD/CDQ/CQO (98 99), and the i386-only decimal adjusts
 * DAA DAS AAA AAS AAM AAD.  Mirrors the SDM vol. 2 pseudocode of each.
 *
 * Choices where the SDM leaves flags undefined (the tests mask them):
 *   - MUL/IMUL: SF, ZF, PF from the low half of the product, AF cleared;
 *   - DIV/IDIV: no flag changes;
 *   - DAA/DAS: OF cleared; AAA/AAS: SF, ZF, PF from AL, OF cleared;
 *   - AAM/AAD: OF, AF, CF cleared.
 * #DE (divide by zero, quotient too large, AAM 0) is raised before anything
 * is written.
 */
#include "cpu_internal.h"
#include "ops_alu.h"

/* ---- One-operand MUL/IMUL: rDX:rAX = rAX * E (AX = AL * Eb) ---- */

static inline void mul1(struct cpu *c, const struct insn *d, int size, bool sign) {
  u64 b = get_E(c, d, size), a = reg_get(c, d, R_AX, size), lo, hi, ovf;
  alu_nolock(c, d);
  if (size == 8) {
    if (sign) {
      i128 p = (i128)(i64)a * (i64)b;
      lo = (u64)p;
      hi = (u64)(p >> 64);
      ovf = p != (i64)lo;
    } else {
      u128 p = (u128)a * b;
      lo = (u64)p;
      hi = (u64)(p >> 64);
      ovf = hi != 0;
    }
  } else {
    unsigned bits = size * 8;
    u64 m = size_mask(size), p;
    if (sign) {
      i64 sp = sext(a, size) * sext(b, size);
      p = (u64)sp;
      ovf = sp != sext(p & m, size);
    } else {
      p = a * b;
      ovf = (p >> bits) != 0;
    }
    lo = p & m;
    hi = (p >> bits) & m;
  }
  if (size == 1) {
    reg_set(c, d, R_AX, 2, hi << 8 | lo);
  } else {
    reg_set(c, d, R_AX, size, lo);
    reg_set(c, d, R_DX, size, hi);
  }
  cc_lazy(c, sign ? CC_IMUL : CC_MUL, size, lo, a, ovf);
}

void op_mul_Eb(struct cpu *c, const struct insn *d) { mul1(c, d, 1, false); }
void op_mul_Ev(struct cpu *c, const struct insn *d) { mul1(c, d, d->opsz, false); }
void op_imul_Eb(struct cpu *c, const struct insn *d) { mul1(c, d, 1, true); }
void op_imul_Ev(struct cpu *c, const struct insn *d) { mul1(c, d, d->opsz, true); }

/* ---- Two- and three-operand IMUL: Gv = truncate(a * b) ---- */

static inline void imul2(struct cpu *c, const struct insn *d, u64 a, u64 b) {
  int size = d->opsz;
  u64 res, ovf;
  alu_nolock(c, d);
  if (size == 8) {
    i128 p = (i128)(i64)a * (i64)b;
    res = (u64)p;
    ovf = p != (i64)res;
  } else {
    i64 p = sext(a, size) * sext(b, size);
    res = (u64)p & size_mask(size);
    ovf = p != sext(res, size);
  }
  set_G(c, d, size, res);
  cc_lazy(c, CC_IMUL, size, res, a, ovf);
}

void op_imul_Gv_Ev(struct cpu *c, const struct insn *d) {
  imul2(c, d, get_G(c, d, d->opsz), get_E(c, d, d->opsz));
}
void op_imul_Gv_Ev_Iz(struct cpu *c, const struct insn *d) {
  imul2(c, d, get_E(c, d, d->opsz), d->imm);
}
void op_imul_Gv_Ev_Ib(struct cpu *c, const struct insn *d) {
  imul2(c, d, get_E(c, d, d->opsz), d->imm);
}

/* ---- DIV/IDIV: rAX = rDX:rAX / E, rDX = remainder (AL, AH for Eb) ---- */

static inline void div1(struct cpu *c, const struct insn *d, int size, bool sign) {
  u64 v = get_E(c, d, size), q, r;
  alu_nolock(c, d);
  if (v == 0) cpu_exception(c, STOP_DE);
  if (size == 8) {
    u128 n = (u128)c->r[R_DX] << 64 | c->r[R_AX];
    if (sign) {
      i128 sn = (i128)n, sv = (i64)v, sq;
      if (sv == -1) {
        if (sn == (i128)((u128)1 << 127)) cpu_exception(c, STOP_DE);
        sq = -sn;
      } else {
        sq = sn / sv;
      }
      if (sq != (i64)sq) cpu_exception(c, STOP_DE);
      q = (u64)sq;
      r = (u64)(sn - sq * sv);
    } else {
      u128 uq = n / v;
      if (uq >> 64) cpu_exception(c, STOP_DE);
      q = (u64)uq;
      r = (u64)(n % v);
    }
  } else {
    unsigned bits = size * 8;
    u64 m = size_mask(size), n;
    if (size == 1)
      n = c->r[R_AX] & 0xffff;
    else
      n = (reg_get(c, d, R_DX, size) << bits) | reg_get(c, d, R_AX, size);
    if (sign) {
      i64 sn = sext(n, size * 2), sv = sext(v, size), sq;
      if (sv == -1 && sn == INT64_MIN) cpu_exception(c, STOP_DE); /* would trap the host */
      sq = sn / sv;
      if (sq != sext((u64)sq & m, size)) cpu_exception(c, STOP_DE);
      q = (u64)sq & m;
      r = (u64)(sn % sv) & m;
    } else {
      q = n / v;
      if (q > m) cpu_exception(c, STOP_DE);
      r = n % v;
    }
  }
  if (size == 1) {
    reg_set(c, d, R_AX, 2, r << 8 | q);
  } else {
    reg_set(c, d, R_AX, size, q);
    reg_set(c, d, R_DX, size, r);
  }
}

void op_div_Eb(struct cpu *c, const struct insn *d) { div1(c, d, 1, false); }
void op_div_Ev(struct cpu *c, const struct insn *d) { div1(c, d, d->opsz, false); }
void op_idiv_Eb(struct cpu *c, const struct insn *d) { div1(c, d, 1, true); }
void op_idiv_Ev(struct cpu *c, const struct insn *d) { div1(c, d, d->opsz, true); }

/* ---- 98 CBW/CWDE/CDQE, 99 CWD/CDQ/CQO ---- */

void op_cbw(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  alu_nolock(c, d);
  reg_set(c, d, R_AX, size, (u64)sext(c->r[R_AX], size / 2));
}
void op_cwd(struct cpu *c, const struct insn *d) {
  int size = d->opsz;
  alu_nolock(c, d);
  reg_set(c, d, R_DX, size, sext(c->r[R_AX], size) < 0 ? ~0ull : 0);
}

/* ---- Decimal adjusts (i386 only: DEC_I64) ---- */

static inline u64 szp(u8 al) {
  return (al == 0 ? F_ZF : 0) | (al & 0x80 ? F_SF : 0) | (__builtin_parity(al) ? 0 : F_PF);
}

void op_daa(struct cpu *c, const struct insn *d) {
  u64 f = cpu_get_flags(c), cf = 0, af = 0;
  u8 old = c->r[R_AX], al = old;
  alu_nolock(c, d);
  if ((al & 0xf) > 9 || (f & F_AF)) {
    cf = (f & F_CF) || al > 0xff - 6;
    al += 6;
    af = F_AF;
  }
  if (old > 0x99 || (f & F_CF)) {
    al += 0x60;
    cf = 1;
  } else {
    cf = 0;
  }
  reg_set(c, d, R_AX, 1, al);
  cpu_set_flags(c, cf * F_CF | af | szp(al), F_ARITH);
}

void op_das(struct cpu *c, const struct insn *d) {
  u64 f = cpu_get_flags(c), cf = 0, af = 0;
  u8 old = c->r[R_AX], al = old;
  alu_nolock(c, d);
  if ((al & 0xf) > 9 || (f & F_AF)) {
    cf = (f & F_CF) || al < 6;
    al -= 6;
    af = F_AF;
  }
  if (old > 0x99 || (f & F_CF)) {
    al -= 0x60;
    cf = 1;
  }
  reg_set(c, d, R_AX, 1, al);
  cpu_set_flags(c, cf * F_CF | af | szp(al), F_ARITH);
}

static inline void ascii_adjust(struct cpu *c, const struct insn *d, bool sub) {
  u64 f = cpu_get_flags(c), adj = 0;
  u16 ax = c->r[R_AX];
  alu_nolock(c, d);
  if ((ax & 0xf) > 9 || (f & F_AF)) {
    ax = sub ? ax - 0x106 : ax + 0x106;
    adj = F_AF | F_CF;
  }
  ax &= 0xff0f;
  reg_set(c, d, R_AX, 2, ax);
  cpu_set_flags(c, adj | szp((u8)ax), F_ARITH);
}
void op_aaa(struct cpu *c, const struct insn *d) { ascii_adjust(c, d, false); }
void op_aas(struct cpu *c, const struct insn *d) { ascii_adjust(c, d, true); }

void op_aam_Ib(struct cpu *c, const struct insn *d) {
  u8 base = d->imm, al = c->r[R_AX];
  alu_nolock(c, d);
  if (base == 0) cpu_exception(c, STOP_DE);
  u8 q = al / base, r = al % base;
  reg_set(c, d, R_AX, 2, (u16)q << 8 | r);
  cpu_set_flags(c, szp(r), F_ARITH);
}

void op_aad_Ib(struct cpu *c, const struct insn *d) {
  u8 base = d->imm, al = c->r[R_AX], ah = c->r[R_AX] >> 8;
  alu_nolock(c, d);
  u8 r = al + ah * base;
  reg_set(c, d, R_AX, 2, r);
  cpu_set_flags(c, szp(r), F_ARITH);
}
