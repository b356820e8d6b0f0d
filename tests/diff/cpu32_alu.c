/* cpu32_alu.c — every ALU, shift, rotate, multiply/divide and bit instruction at
 * 8, 16 and 32 bits in 32-bit mode (66 prefix for 16), register and memory
 * forms, INC/DEC 40-4F, CBW/CWD/..., SETcc/CMOVcc, MOVZX/MOVSX, CMPXCHG8B,
 * BSWAP, XADD, XCHG, run over many inputs natively and under emu.  One hash per
 * instruction of every output (registers, defined flags, memory); "-v" prints
 * all.  SALC (D6, undocumented but present on Intel and AMD) is included.
 * diff-only: gcc32
 * diff-cflags: -O1
 */
#include "cpu32_harness.h"

/* Flags the SDM defines, by instruction class. */
static uint32_t m_none(const struct st *in) { return 0; }
static uint32_t m_logic(const struct st *in) { return ARITH & ~AF; }
static uint32_t m_mul(const struct st *in) { return CF | OF; }
static uint32_t m_bt(const struct st *in) { return CF | ZF; } /* ZF unaffected */
static uint32_t m_zf(const struct st *in) { return ZF; }
static uint32_t m_szp(const struct st *in) { return SF | ZF | PF; }
static uint32_t m_noof(const struct st *in) { return ARITH & ~OF; }
static uint32_t m_acf(const struct st *in) { return AF | CF; }
static uint32_t m_shift1(const struct st *in) { return ARITH & ~AF; }
static uint32_t m_shiftn(const struct st *in) { return ARITH & ~(AF | OF); }
/* Shifts by CL: count masked to 5 bits; 0 changes nothing (all defined); 1
 * defines OF; rotates leave SF/ZF/PF/AF alone (defined); RCL/RCR of 8/16-bit
 * operands rotate by count mod 9/17 but their flags follow the masked count. */
static uint32_t m_shift_cnt(const struct st *in) {
  unsigned n = in->ecx & 31;
  if (n == 0) return ARITH;
  if (n == 1) return ARITH & ~AF;
  return ARITH & ~(AF | OF);
}
static uint32_t m_shift_b(const struct st *in) { return m_shift_cnt(in); }
static uint32_t m_shift_w(const struct st *in) { return m_shift_cnt(in); }
static uint32_t m_shift_l(const struct st *in) { return m_shift_cnt(in); }
static uint32_t m_shd_l(const struct st *in) { return m_shift_cnt(in); }
/* SHLD/SHRD 16-bit with a count above 16: result and flags undefined (and
 * differ between vendors): those inputs are left out. */
static uint32_t m_shd_w(const struct st *in) { return m_shift_cnt(in); }
static int p_shd_w(void) { return (S.ecx & 31) <= 16; }

/* Division inputs that do not fault: the high half below the divisor. */
static int p_div_b(void) {
  uint8_t q = (uint8_t)S.ebx;
  if (!q) return 0;
  S.eax = (S.eax & ~0xff00u) | ((uint32_t)(((S.eax >> 8) & 0xff) % q) << 8);
  return 1;
}
static int p_div_w(void) {
  uint16_t q = (uint16_t)S.ebx;
  if (!q) return 0;
  S.edx = (S.edx & ~0xffffu) | ((S.edx & 0xffff) % q);
  return 1;
}
static int p_div_l(void) {
  if (!S.ebx) return 0;
  S.edx %= S.ebx;
  return 1;
}
static int p_idiv_b(void) {
  int8_t q = (int8_t)S.ebx;
  if (!q) return 0;
  S.eax = (S.eax & ~0xff00u) | ((S.eax & 0x80) ? 0xff00u : 0); /* sign-extend AL */
  return !(q == -1 && (int8_t)S.eax == -128);
}
static int p_idiv_w(void) {
  int16_t q = (int16_t)S.ebx;
  if (!q) return 0;
  S.edx = (S.edx & ~0xffffu) | ((S.eax & 0x8000) ? 0xffffu : 0);
  return !(q == -1 && (int16_t)S.eax == -32768);
}
static int p_idiv_l(void) {
  int32_t q = (int32_t)S.ebx;
  if (!q) return 0;
  S.edx = (S.eax & 0x80000000u) ? 0xffffffffu : 0;
  return !(q == -1 && S.eax == 0x80000000u);
}
static void runD(const char *name, void (*fn)(void), prep_fn prep, mask_fn m) {
  run2(name, fn, prep, m_none);
}

DEF(add_b_rr, "addb %%bl, %%al")
DEF(add_bh_rr, "addb %%bh, %%ah")
DEF(add_w_rr, "addw %%bx, %%ax")
DEF(add_l_rr, "addl %%ebx, %%eax")
DEF(add_l_rm, "addl %%ebx, M+4")
DEF(add_w_rm, "addw %%bx, M+6")
DEF(add_b_rm, "addb %%bl, M+9")
DEF(add_l_mr, "addl M+4, %%eax")
DEF(add_w_mr, "addw M+2, %%ax")
DEF(add_l_i32, "addl $0x80000001, %%eax")
DEF(add_l_i8, ".byte 0x83, 0xc0 | 0, 0x81")
DEF(add_w_i16, "addw $0x8001, %%ax")
DEF(add_w_i8, ".byte 0x66, 0x83, 0xc0 | 0, 0xff")
DEF(add_b_i8, "addb $0x7f, %%ah")
DEF(add_b_82, ".byte 0x82, 0xc3 | 0, 0x90")
DEF(add_w_mi, "addw $0x1234, M+10")
DEF(adc_b_rr, "adcb %%bl, %%al")
DEF(adc_bh_rr, "adcb %%bh, %%ah")
DEF(adc_w_rr, "adcw %%bx, %%ax")
DEF(adc_l_rr, "adcl %%ebx, %%eax")
DEF(adc_l_rm, "adcl %%ebx, M+4")
DEF(adc_w_rm, "adcw %%bx, M+6")
DEF(adc_b_rm, "adcb %%bl, M+9")
DEF(adc_l_mr, "adcl M+4, %%eax")
DEF(adc_w_mr, "adcw M+2, %%ax")
DEF(adc_l_i32, "adcl $0x80000001, %%eax")
DEF(adc_l_i8, ".byte 0x83, 0xc0 | 16, 0x81")
DEF(adc_w_i16, "adcw $0x8001, %%ax")
DEF(adc_w_i8, ".byte 0x66, 0x83, 0xc0 | 16, 0xff")
DEF(adc_b_i8, "adcb $0x7f, %%ah")
DEF(adc_b_82, ".byte 0x82, 0xc3 | 16, 0x90")
DEF(adc_w_mi, "adcw $0x1234, M+10")
DEF(sub_b_rr, "subb %%bl, %%al")
DEF(sub_bh_rr, "subb %%bh, %%ah")
DEF(sub_w_rr, "subw %%bx, %%ax")
DEF(sub_l_rr, "subl %%ebx, %%eax")
DEF(sub_l_rm, "subl %%ebx, M+4")
DEF(sub_w_rm, "subw %%bx, M+6")
DEF(sub_b_rm, "subb %%bl, M+9")
DEF(sub_l_mr, "subl M+4, %%eax")
DEF(sub_w_mr, "subw M+2, %%ax")
DEF(sub_l_i32, "subl $0x80000001, %%eax")
DEF(sub_l_i8, ".byte 0x83, 0xc0 | 40, 0x81")
DEF(sub_w_i16, "subw $0x8001, %%ax")
DEF(sub_w_i8, ".byte 0x66, 0x83, 0xc0 | 40, 0xff")
DEF(sub_b_i8, "subb $0x7f, %%ah")
DEF(sub_b_82, ".byte 0x82, 0xc3 | 40, 0x90")
DEF(sub_w_mi, "subw $0x1234, M+10")
DEF(sbb_b_rr, "sbbb %%bl, %%al")
DEF(sbb_bh_rr, "sbbb %%bh, %%ah")
DEF(sbb_w_rr, "sbbw %%bx, %%ax")
DEF(sbb_l_rr, "sbbl %%ebx, %%eax")
DEF(sbb_l_rm, "sbbl %%ebx, M+4")
DEF(sbb_w_rm, "sbbw %%bx, M+6")
DEF(sbb_b_rm, "sbbb %%bl, M+9")
DEF(sbb_l_mr, "sbbl M+4, %%eax")
DEF(sbb_w_mr, "sbbw M+2, %%ax")
DEF(sbb_l_i32, "sbbl $0x80000001, %%eax")
DEF(sbb_l_i8, ".byte 0x83, 0xc0 | 24, 0x81")
DEF(sbb_w_i16, "sbbw $0x8001, %%ax")
DEF(sbb_w_i8, ".byte 0x66, 0x83, 0xc0 | 24, 0xff")
DEF(sbb_b_i8, "sbbb $0x7f, %%ah")
DEF(sbb_b_82, ".byte 0x82, 0xc3 | 24, 0x90")
DEF(sbb_w_mi, "sbbw $0x1234, M+10")
DEF(and_b_rr, "andb %%bl, %%al")
DEF(and_bh_rr, "andb %%bh, %%ah")
DEF(and_w_rr, "andw %%bx, %%ax")
DEF(and_l_rr, "andl %%ebx, %%eax")
DEF(and_l_rm, "andl %%ebx, M+4")
DEF(and_w_rm, "andw %%bx, M+6")
DEF(and_b_rm, "andb %%bl, M+9")
DEF(and_l_mr, "andl M+4, %%eax")
DEF(and_w_mr, "andw M+2, %%ax")
DEF(and_l_i32, "andl $0x80000001, %%eax")
DEF(and_l_i8, ".byte 0x83, 0xc0 | 32, 0x81")
DEF(and_w_i16, "andw $0x8001, %%ax")
DEF(and_w_i8, ".byte 0x66, 0x83, 0xc0 | 32, 0xff")
DEF(and_b_i8, "andb $0x7f, %%ah")
DEF(and_b_82, ".byte 0x82, 0xc3 | 32, 0x90")
DEF(and_w_mi, "andw $0x1234, M+10")
DEF(or_b_rr, "orb %%bl, %%al")
DEF(or_bh_rr, "orb %%bh, %%ah")
DEF(or_w_rr, "orw %%bx, %%ax")
DEF(or_l_rr, "orl %%ebx, %%eax")
DEF(or_l_rm, "orl %%ebx, M+4")
DEF(or_w_rm, "orw %%bx, M+6")
DEF(or_b_rm, "orb %%bl, M+9")
DEF(or_l_mr, "orl M+4, %%eax")
DEF(or_w_mr, "orw M+2, %%ax")
DEF(or_l_i32, "orl $0x80000001, %%eax")
DEF(or_l_i8, ".byte 0x83, 0xc0 | 8, 0x81")
DEF(or_w_i16, "orw $0x8001, %%ax")
DEF(or_w_i8, ".byte 0x66, 0x83, 0xc0 | 8, 0xff")
DEF(or_b_i8, "orb $0x7f, %%ah")
DEF(or_b_82, ".byte 0x82, 0xc3 | 8, 0x90")
DEF(or_w_mi, "orw $0x1234, M+10")
DEF(xor_b_rr, "xorb %%bl, %%al")
DEF(xor_bh_rr, "xorb %%bh, %%ah")
DEF(xor_w_rr, "xorw %%bx, %%ax")
DEF(xor_l_rr, "xorl %%ebx, %%eax")
DEF(xor_l_rm, "xorl %%ebx, M+4")
DEF(xor_w_rm, "xorw %%bx, M+6")
DEF(xor_b_rm, "xorb %%bl, M+9")
DEF(xor_l_mr, "xorl M+4, %%eax")
DEF(xor_w_mr, "xorw M+2, %%ax")
DEF(xor_l_i32, "xorl $0x80000001, %%eax")
DEF(xor_l_i8, ".byte 0x83, 0xc0 | 48, 0x81")
DEF(xor_w_i16, "xorw $0x8001, %%ax")
DEF(xor_w_i8, ".byte 0x66, 0x83, 0xc0 | 48, 0xff")
DEF(xor_b_i8, "xorb $0x7f, %%ah")
DEF(xor_b_82, ".byte 0x82, 0xc3 | 48, 0x90")
DEF(xor_w_mi, "xorw $0x1234, M+10")
DEF(cmp_b_rr, "cmpb %%bl, %%al")
DEF(cmp_bh_rr, "cmpb %%bh, %%ah")
DEF(cmp_w_rr, "cmpw %%bx, %%ax")
DEF(cmp_l_rr, "cmpl %%ebx, %%eax")
DEF(cmp_l_rm, "cmpl %%ebx, M+4")
DEF(cmp_w_rm, "cmpw %%bx, M+6")
DEF(cmp_b_rm, "cmpb %%bl, M+9")
DEF(cmp_l_mr, "cmpl M+4, %%eax")
DEF(cmp_w_mr, "cmpw M+2, %%ax")
DEF(cmp_l_i32, "cmpl $0x80000001, %%eax")
DEF(cmp_l_i8, ".byte 0x83, 0xc0 | 56, 0x81")
DEF(cmp_w_i16, "cmpw $0x8001, %%ax")
DEF(cmp_w_i8, ".byte 0x66, 0x83, 0xc0 | 56, 0xff")
DEF(cmp_b_i8, "cmpb $0x7f, %%ah")
DEF(cmp_b_82, ".byte 0x82, 0xc3 | 56, 0x90")
DEF(cmp_w_mi, "cmpw $0x1234, M+10")
DEF(test_b_rr, "testb %%bl, %%al")
DEF(test_bh_rr, "testb %%bh, %%ah")
DEF(test_w_rr, "testw %%bx, %%ax")
DEF(test_l_rr, "testl %%ebx, %%eax")
DEF(test_l_rm, "testl %%ebx, M+4")
DEF(test_w_rm, "testw %%bx, M+6")
DEF(test_b_rm, "testb %%bl, M+9")
DEF(test_l_mr, "testl M+4, %%eax")
DEF(test_w_mr, "testw M+2, %%ax")
DEF(test_l_i32, "testl $0x80000001, %%eax")
DEF(test_w_i16, "testw $0x8001, %%ax")
DEF(test_b_i8, "testb $0x81, %%bh")
DEF(inc_b, "incb %%bl")
DEF(inc_w, "incw %%bx")
DEF(inc_l, "incl %%ebx")
DEF(inc_wm, "incw M+2")
DEF(dec_b, "decb %%bl")
DEF(dec_w, "decw %%bx")
DEF(dec_l, "decl %%ebx")
DEF(dec_wm, "decw M+2")
DEF(neg_b, "negb %%bl")
DEF(neg_w, "negw %%bx")
DEF(neg_l, "negl %%ebx")
DEF(neg_wm, "negw M+2")
DEF(not_b, "notb %%bl")
DEF(not_w, "notw %%bx")
DEF(not_l, "notl %%ebx")
DEF(not_wm, "notw M+2")
DEF(inc40_0, ".byte 0x40")
DEF(dec48_0, ".byte 0x48")
DEF(inc40w_0, ".byte 0x66, 0x40")
DEF(dec48w_0, ".byte 0x66, 0x48")
DEF(inc40_1, ".byte 0x41")
DEF(dec48_1, ".byte 0x49")
DEF(inc40w_1, ".byte 0x66, 0x41")
DEF(dec48w_1, ".byte 0x66, 0x49")
DEF(inc40_2, ".byte 0x42")
DEF(dec48_2, ".byte 0x4a")
DEF(inc40w_2, ".byte 0x66, 0x42")
DEF(dec48w_2, ".byte 0x66, 0x4a")
DEF(inc40_3, ".byte 0x43")
DEF(dec48_3, ".byte 0x4b")
DEF(inc40w_3, ".byte 0x66, 0x43")
DEF(dec48w_3, ".byte 0x66, 0x4b")
DEF(inc40_4, ".byte 0x44")
DEF(dec48_4, ".byte 0x4c")
DEF(inc40w_4, ".byte 0x66, 0x44")
DEF(dec48w_4, ".byte 0x66, 0x4c")
DEF(inc40_5, ".byte 0x45")
DEF(dec48_5, ".byte 0x4d")
DEF(inc40w_5, ".byte 0x66, 0x45")
DEF(dec48w_5, ".byte 0x66, 0x4d")
DEF(inc40_6, ".byte 0x46")
DEF(dec48_6, ".byte 0x4e")
DEF(inc40w_6, ".byte 0x66, 0x46")
DEF(dec48w_6, ".byte 0x66, 0x4e")
DEF(inc40_7, ".byte 0x47")
DEF(dec48_7, ".byte 0x4f")
DEF(inc40w_7, ".byte 0x66, 0x47")
DEF(dec48w_7, ".byte 0x66, 0x4f")
DEF(rol_b_cl, ".byte 0xd2, 0xc0")
DEF(rol_b_1, ".byte 0xd0, 0xc0")
DEF(rol_b_i5, ".byte 0xc0, 0xc0, 5")
DEF(rol_b_m, ".byte 0xd2, 0x05; .long M+8")
DEF(rol_w_cl, ".byte 0x66, 0xd3, 0xc0")
DEF(rol_w_1, ".byte 0x66, 0xd1, 0xc0")
DEF(rol_w_i5, ".byte 0x66, 0xc1, 0xc0, 5")
DEF(rol_w_m, ".byte 0x66, 0xd3, 0x05; .long M+8")
DEF(rol_l_cl, ".byte 0xd3, 0xc0")
DEF(rol_l_1, ".byte 0xd1, 0xc0")
DEF(rol_l_i5, ".byte 0xc1, 0xc0, 5")
DEF(rol_l_m, ".byte 0xd3, 0x05; .long M+8")
DEF(ror_b_cl, ".byte 0xd2, 0xc8")
DEF(ror_b_1, ".byte 0xd0, 0xc8")
DEF(ror_b_i5, ".byte 0xc0, 0xc8, 5")
DEF(ror_b_m, ".byte 0xd2, 0x0d; .long M+8")
DEF(ror_w_cl, ".byte 0x66, 0xd3, 0xc8")
DEF(ror_w_1, ".byte 0x66, 0xd1, 0xc8")
DEF(ror_w_i5, ".byte 0x66, 0xc1, 0xc8, 5")
DEF(ror_w_m, ".byte 0x66, 0xd3, 0x0d; .long M+8")
DEF(ror_l_cl, ".byte 0xd3, 0xc8")
DEF(ror_l_1, ".byte 0xd1, 0xc8")
DEF(ror_l_i5, ".byte 0xc1, 0xc8, 5")
DEF(ror_l_m, ".byte 0xd3, 0x0d; .long M+8")
DEF(rcl_b_cl, ".byte 0xd2, 0xd0")
DEF(rcl_b_1, ".byte 0xd0, 0xd0")
DEF(rcl_b_i5, ".byte 0xc0, 0xd0, 5")
DEF(rcl_b_m, ".byte 0xd2, 0x15; .long M+8")
DEF(rcl_w_cl, ".byte 0x66, 0xd3, 0xd0")
DEF(rcl_w_1, ".byte 0x66, 0xd1, 0xd0")
DEF(rcl_w_i5, ".byte 0x66, 0xc1, 0xd0, 5")
DEF(rcl_w_m, ".byte 0x66, 0xd3, 0x15; .long M+8")
DEF(rcl_l_cl, ".byte 0xd3, 0xd0")
DEF(rcl_l_1, ".byte 0xd1, 0xd0")
DEF(rcl_l_i5, ".byte 0xc1, 0xd0, 5")
DEF(rcl_l_m, ".byte 0xd3, 0x15; .long M+8")
DEF(rcr_b_cl, ".byte 0xd2, 0xd8")
DEF(rcr_b_1, ".byte 0xd0, 0xd8")
DEF(rcr_b_i5, ".byte 0xc0, 0xd8, 5")
DEF(rcr_b_m, ".byte 0xd2, 0x1d; .long M+8")
DEF(rcr_w_cl, ".byte 0x66, 0xd3, 0xd8")
DEF(rcr_w_1, ".byte 0x66, 0xd1, 0xd8")
DEF(rcr_w_i5, ".byte 0x66, 0xc1, 0xd8, 5")
DEF(rcr_w_m, ".byte 0x66, 0xd3, 0x1d; .long M+8")
DEF(rcr_l_cl, ".byte 0xd3, 0xd8")
DEF(rcr_l_1, ".byte 0xd1, 0xd8")
DEF(rcr_l_i5, ".byte 0xc1, 0xd8, 5")
DEF(rcr_l_m, ".byte 0xd3, 0x1d; .long M+8")
DEF(shl_b_cl, ".byte 0xd2, 0xe0")
DEF(shl_b_1, ".byte 0xd0, 0xe0")
DEF(shl_b_i5, ".byte 0xc0, 0xe0, 5")
DEF(shl_b_m, ".byte 0xd2, 0x25; .long M+8")
DEF(shl_w_cl, ".byte 0x66, 0xd3, 0xe0")
DEF(shl_w_1, ".byte 0x66, 0xd1, 0xe0")
DEF(shl_w_i5, ".byte 0x66, 0xc1, 0xe0, 5")
DEF(shl_w_m, ".byte 0x66, 0xd3, 0x25; .long M+8")
DEF(shl_l_cl, ".byte 0xd3, 0xe0")
DEF(shl_l_1, ".byte 0xd1, 0xe0")
DEF(shl_l_i5, ".byte 0xc1, 0xe0, 5")
DEF(shl_l_m, ".byte 0xd3, 0x25; .long M+8")
DEF(shr_b_cl, ".byte 0xd2, 0xe8")
DEF(shr_b_1, ".byte 0xd0, 0xe8")
DEF(shr_b_i5, ".byte 0xc0, 0xe8, 5")
DEF(shr_b_m, ".byte 0xd2, 0x2d; .long M+8")
DEF(shr_w_cl, ".byte 0x66, 0xd3, 0xe8")
DEF(shr_w_1, ".byte 0x66, 0xd1, 0xe8")
DEF(shr_w_i5, ".byte 0x66, 0xc1, 0xe8, 5")
DEF(shr_w_m, ".byte 0x66, 0xd3, 0x2d; .long M+8")
DEF(shr_l_cl, ".byte 0xd3, 0xe8")
DEF(shr_l_1, ".byte 0xd1, 0xe8")
DEF(shr_l_i5, ".byte 0xc1, 0xe8, 5")
DEF(shr_l_m, ".byte 0xd3, 0x2d; .long M+8")
DEF(sar_b_cl, ".byte 0xd2, 0xf8")
DEF(sar_b_1, ".byte 0xd0, 0xf8")
DEF(sar_b_i5, ".byte 0xc0, 0xf8, 5")
DEF(sar_b_m, ".byte 0xd2, 0x3d; .long M+8")
DEF(sar_w_cl, ".byte 0x66, 0xd3, 0xf8")
DEF(sar_w_1, ".byte 0x66, 0xd1, 0xf8")
DEF(sar_w_i5, ".byte 0x66, 0xc1, 0xf8, 5")
DEF(sar_w_m, ".byte 0x66, 0xd3, 0x3d; .long M+8")
DEF(sar_l_cl, ".byte 0xd3, 0xf8")
DEF(sar_l_1, ".byte 0xd1, 0xf8")
DEF(sar_l_i5, ".byte 0xc1, 0xf8, 5")
DEF(sar_l_m, ".byte 0xd3, 0x3d; .long M+8")
DEF(sal6_b_cl, ".byte 0xd2, 0xf0")
DEF(sal6_b_1, ".byte 0xd0, 0xf0")
DEF(sal6_b_i5, ".byte 0xc0, 0xf0, 5")
DEF(sal6_b_m, ".byte 0xd2, 0x35; .long M+8")
DEF(sal6_w_cl, ".byte 0x66, 0xd3, 0xf0")
DEF(sal6_w_1, ".byte 0x66, 0xd1, 0xf0")
DEF(sal6_w_i5, ".byte 0x66, 0xc1, 0xf0, 5")
DEF(sal6_w_m, ".byte 0x66, 0xd3, 0x35; .long M+8")
DEF(sal6_l_cl, ".byte 0xd3, 0xf0")
DEF(sal6_l_1, ".byte 0xd1, 0xf0")
DEF(sal6_l_i5, ".byte 0xc1, 0xf0, 5")
DEF(sal6_l_m, ".byte 0xd3, 0x35; .long M+8")
DEF(shld_l_cl, "shldl %%cl, %%edx, %%eax")
DEF(shld_w_cl, "shldw %%cl, %%dx, %%ax")
DEF(shld_l_i, "shldl $7, %%edx, %%eax")
DEF(shld_w_i, "shldw $9, %%dx, %%ax")
DEF(shld_l_m, "shldl %%cl, %%edx, M+4")
DEF(shrd_l_cl, "shrdl %%cl, %%edx, %%eax")
DEF(shrd_w_cl, "shrdw %%cl, %%dx, %%ax")
DEF(shrd_l_i, "shrdl $7, %%edx, %%eax")
DEF(shrd_w_i, "shrdw $9, %%dx, %%ax")
DEF(shrd_l_m, "shrdl %%cl, %%edx, M+4")
DEF(mul_b, "mulb %%bl")
DEF(mul_w, "mulw %%bx")
DEF(mul_l, "mull %%ebx")
DEF(mul_lm, "mull M+4")
DEF(imul_b, "imulb %%bl")
DEF(imul_w, "imulw %%bx")
DEF(imul_l, "imull %%ebx")
DEF(imul_lm, "imull M+4")
DEF(imul_rr_l, "imull %%ebx, %%eax")
DEF(imul_rr_w, "imulw %%bx, %%ax")
DEF(imul_ri_l, "imull $-3, %%ebx, %%eax")
DEF(imul_ri_w, "imulw $0x7123, %%bx, %%ax")
DEF(imul_ri8_w, "imulw $-128, %%bx, %%ax")
DEF(div_b, "divb %%bl")
DEF(div_w, "divw %%bx")
DEF(div_l, "divl %%ebx")
DEF(idiv_b, "idivb %%bl")
DEF(idiv_w, "idivw %%bx")
DEF(idiv_l, "idivl %%ebx")
DEF(bt_l_rr, "btl %%ebx, %%eax")
DEF(bt_w_rr, "btw %%bx, %%ax")
DEF(bt_l_ri, "btl $13, %%eax")
DEF(bt_w_ri, "btw $21, %%ax")
DEF(bt_l_mr, "andl $255, %%ebx; subl $128, %%ebx; btl %%ebx, M+32")
DEF(bt_w_mr, "andl $127, %%ebx; subl $64, %%ebx; btw %%bx, M+32")
DEF(bts_l_rr, "btsl %%ebx, %%eax")
DEF(bts_w_rr, "btsw %%bx, %%ax")
DEF(bts_l_ri, "btsl $13, %%eax")
DEF(bts_w_ri, "btsw $21, %%ax")
DEF(bts_l_mr, "andl $255, %%ebx; subl $128, %%ebx; btsl %%ebx, M+32")
DEF(bts_w_mr, "andl $127, %%ebx; subl $64, %%ebx; btsw %%bx, M+32")
DEF(btr_l_rr, "btrl %%ebx, %%eax")
DEF(btr_w_rr, "btrw %%bx, %%ax")
DEF(btr_l_ri, "btrl $13, %%eax")
DEF(btr_w_ri, "btrw $21, %%ax")
DEF(btr_l_mr, "andl $255, %%ebx; subl $128, %%ebx; btrl %%ebx, M+32")
DEF(btr_w_mr, "andl $127, %%ebx; subl $64, %%ebx; btrw %%bx, M+32")
DEF(btc_l_rr, "btcl %%ebx, %%eax")
DEF(btc_w_rr, "btcw %%bx, %%ax")
DEF(btc_l_ri, "btcl $13, %%eax")
DEF(btc_w_ri, "btcw $21, %%ax")
DEF(btc_l_mr, "andl $255, %%ebx; subl $128, %%ebx; btcl %%ebx, M+32")
DEF(btc_w_mr, "andl $127, %%ebx; subl $64, %%ebx; btcw %%bx, M+32")
DEF(bsf_l, "bsfl %%ebx, %%eax")
DEF(bsf_w, "bsfw %%bx, %%ax")
DEF(bsr_l, "bsrl %%ebx, %%eax")
DEF(bsr_w, "bsrw %%bx, %%ax")
DEF(bswap_eax, "bswap %%eax")
DEF(bswap_ebp, "bswap %%ebp")
DEF(xadd_l, "xaddl %%ebx, %%ecx")
DEF(xadd_w, "xaddw %%bx, %%cx")
DEF(xadd_b, "xaddb %%bh, %%cl")
DEF(xadd_lm, "lock xaddl %%ebx, M+8")
DEF(cmpxchg_l, "cmpxchgl %%ebx, %%ecx")
DEF(cmpxchg_w, "cmpxchgw %%bx, %%cx")
DEF(cmpxchg_b, "cmpxchgb %%bh, %%cl")
DEF(cmpxchg_lm, "lock cmpxchgl %%ebx, M+8")
DEF(cmpxchg_l_eq, "movl %%eax, %%ecx; cmpxchgl %%ebx, %%ecx")
DEF(cmpxchg_w_eq, "movl %%eax, M+4; cmpxchgw %%bx, M+4")
DEF(cmpxchg8b_eq, "movl %%eax, M+16; movl %%edx, M+20; cmpxchg8b M+16")
DEF(cmpxchg8b_ne, "cmpxchg8b M+16")
DEF(lock_cmpxchg8b, "movl %%eax, M+16; lock cmpxchg8b M+16")
DEF(xchg_l, "xchgl %%ebx, %%eax")
DEF(xchg_w, "xchgw %%bx, %%cx")
DEF(xchg_b, "xchgb %%bh, %%al")
DEF(xchg_m, "xchgl %%ebx, M+4")
DEF(xchg90w, ".byte 0x66, 0x93")
DEF(cbw, "cbtw")
DEF(cwde, "cwtl")
DEF(cwd, "cwtd")
DEF(cdq, "cltd")
DEF(seto, "cmpl %%ebx, %%eax; seto %%cl; seto M+1")
DEF(cmovo, "cmpl %%ecx, %%edx; cmovol %%ebx, %%eax; cmovow M+4, %%si")
DEF(setno, "cmpl %%ebx, %%eax; setno %%cl; setno M+1")
DEF(cmovno, "cmpl %%ecx, %%edx; cmovnol %%ebx, %%eax; cmovnow M+4, %%si")
DEF(setb, "cmpl %%ebx, %%eax; setb %%cl; setb M+1")
DEF(cmovb, "cmpl %%ecx, %%edx; cmovbl %%ebx, %%eax; cmovbw M+4, %%si")
DEF(setae, "cmpl %%ebx, %%eax; setae %%cl; setae M+1")
DEF(cmovae, "cmpl %%ecx, %%edx; cmovael %%ebx, %%eax; cmovaew M+4, %%si")
DEF(sete, "cmpl %%ebx, %%eax; sete %%cl; sete M+1")
DEF(cmove, "cmpl %%ecx, %%edx; cmovel %%ebx, %%eax; cmovew M+4, %%si")
DEF(setne, "cmpl %%ebx, %%eax; setne %%cl; setne M+1")
DEF(cmovne, "cmpl %%ecx, %%edx; cmovnel %%ebx, %%eax; cmovnew M+4, %%si")
DEF(setbe, "cmpl %%ebx, %%eax; setbe %%cl; setbe M+1")
DEF(cmovbe, "cmpl %%ecx, %%edx; cmovbel %%ebx, %%eax; cmovbew M+4, %%si")
DEF(seta, "cmpl %%ebx, %%eax; seta %%cl; seta M+1")
DEF(cmova, "cmpl %%ecx, %%edx; cmoval %%ebx, %%eax; cmovaw M+4, %%si")
DEF(sets, "cmpl %%ebx, %%eax; sets %%cl; sets M+1")
DEF(cmovs, "cmpl %%ecx, %%edx; cmovsl %%ebx, %%eax; cmovsw M+4, %%si")
DEF(setns, "cmpl %%ebx, %%eax; setns %%cl; setns M+1")
DEF(cmovns, "cmpl %%ecx, %%edx; cmovnsl %%ebx, %%eax; cmovnsw M+4, %%si")
DEF(setp, "cmpl %%ebx, %%eax; setp %%cl; setp M+1")
DEF(cmovp, "cmpl %%ecx, %%edx; cmovpl %%ebx, %%eax; cmovpw M+4, %%si")
DEF(setnp, "cmpl %%ebx, %%eax; setnp %%cl; setnp M+1")
DEF(cmovnp, "cmpl %%ecx, %%edx; cmovnpl %%ebx, %%eax; cmovnpw M+4, %%si")
DEF(setl, "cmpl %%ebx, %%eax; setl %%cl; setl M+1")
DEF(cmovl, "cmpl %%ecx, %%edx; cmovll %%ebx, %%eax; cmovlw M+4, %%si")
DEF(setge, "cmpl %%ebx, %%eax; setge %%cl; setge M+1")
DEF(cmovge, "cmpl %%ecx, %%edx; cmovgel %%ebx, %%eax; cmovgew M+4, %%si")
DEF(setle, "cmpl %%ebx, %%eax; setle %%cl; setle M+1")
DEF(cmovle, "cmpl %%ecx, %%edx; cmovlel %%ebx, %%eax; cmovlew M+4, %%si")
DEF(setg, "cmpl %%ebx, %%eax; setg %%cl; setg M+1")
DEF(cmovg, "cmpl %%ecx, %%edx; cmovgl %%ebx, %%eax; cmovgw M+4, %%si")
DEF(movzbl, "movzbl %%bh, %%eax; movzbw M+3, %%si; movzwl M+5, %%edi")
DEF(movsbl, "movsbl %%bl, %%eax; movsbw %%bh, %%si; movswl %%bx, %%edi; movsbl M+7, %%ecx")
DEF(movzww, ".byte 0x66, 0x0f, 0xb7, 0xc3")
DEF(movsww, ".byte 0x66, 0x0f, 0xbf, 0xc3")
DEF(lahf_sahf, "lahf; xorb %%bl, %%ah; sahf")
DEF(cmc_stc_clc, "cmc; setc %%al; stc; setc %%ah; clc")
DEF(salc, ".byte 0xd6")
DEF(aam_aad, "aam; movl %%eax, %%esi; aad $7")
DEF(daa_das, "daa; movl %%eax, %%esi; das")
DEF(aaa_aas, "aaa; movl %%eax, %%esi; aas")

int main(int argc, char **argv) {
  harness_args(argc, argv);
  run2("add_b_rr", add_b_rr, NULL, NULL);
  run2("add_bh_rr", add_bh_rr, NULL, NULL);
  run2("add_w_rr", add_w_rr, NULL, NULL);
  run2("add_l_rr", add_l_rr, NULL, NULL);
  run2("add_l_rm", add_l_rm, NULL, NULL);
  run2("add_w_rm", add_w_rm, NULL, NULL);
  run2("add_b_rm", add_b_rm, NULL, NULL);
  run2("add_l_mr", add_l_mr, NULL, NULL);
  run2("add_w_mr", add_w_mr, NULL, NULL);
  run2("add_l_i32", add_l_i32, NULL, NULL);
  run2("add_l_i8", add_l_i8, NULL, NULL);
  run2("add_w_i16", add_w_i16, NULL, NULL);
  run2("add_w_i8", add_w_i8, NULL, NULL);
  run2("add_b_i8", add_b_i8, NULL, NULL);
  run2("add_b_82", add_b_82, NULL, NULL);
  run2("add_w_mi", add_w_mi, NULL, NULL);
  run2("adc_b_rr", adc_b_rr, NULL, NULL);
  run2("adc_bh_rr", adc_bh_rr, NULL, NULL);
  run2("adc_w_rr", adc_w_rr, NULL, NULL);
  run2("adc_l_rr", adc_l_rr, NULL, NULL);
  run2("adc_l_rm", adc_l_rm, NULL, NULL);
  run2("adc_w_rm", adc_w_rm, NULL, NULL);
  run2("adc_b_rm", adc_b_rm, NULL, NULL);
  run2("adc_l_mr", adc_l_mr, NULL, NULL);
  run2("adc_w_mr", adc_w_mr, NULL, NULL);
  run2("adc_l_i32", adc_l_i32, NULL, NULL);
  run2("adc_l_i8", adc_l_i8, NULL, NULL);
  run2("adc_w_i16", adc_w_i16, NULL, NULL);
  run2("adc_w_i8", adc_w_i8, NULL, NULL);
  run2("adc_b_i8", adc_b_i8, NULL, NULL);
  run2("adc_b_82", adc_b_82, NULL, NULL);
  run2("adc_w_mi", adc_w_mi, NULL, NULL);
  run2("sub_b_rr", sub_b_rr, NULL, NULL);
  run2("sub_bh_rr", sub_bh_rr, NULL, NULL);
  run2("sub_w_rr", sub_w_rr, NULL, NULL);
  run2("sub_l_rr", sub_l_rr, NULL, NULL);
  run2("sub_l_rm", sub_l_rm, NULL, NULL);
  run2("sub_w_rm", sub_w_rm, NULL, NULL);
  run2("sub_b_rm", sub_b_rm, NULL, NULL);
  run2("sub_l_mr", sub_l_mr, NULL, NULL);
  run2("sub_w_mr", sub_w_mr, NULL, NULL);
  run2("sub_l_i32", sub_l_i32, NULL, NULL);
  run2("sub_l_i8", sub_l_i8, NULL, NULL);
  run2("sub_w_i16", sub_w_i16, NULL, NULL);
  run2("sub_w_i8", sub_w_i8, NULL, NULL);
  run2("sub_b_i8", sub_b_i8, NULL, NULL);
  run2("sub_b_82", sub_b_82, NULL, NULL);
  run2("sub_w_mi", sub_w_mi, NULL, NULL);
  run2("sbb_b_rr", sbb_b_rr, NULL, NULL);
  run2("sbb_bh_rr", sbb_bh_rr, NULL, NULL);
  run2("sbb_w_rr", sbb_w_rr, NULL, NULL);
  run2("sbb_l_rr", sbb_l_rr, NULL, NULL);
  run2("sbb_l_rm", sbb_l_rm, NULL, NULL);
  run2("sbb_w_rm", sbb_w_rm, NULL, NULL);
  run2("sbb_b_rm", sbb_b_rm, NULL, NULL);
  run2("sbb_l_mr", sbb_l_mr, NULL, NULL);
  run2("sbb_w_mr", sbb_w_mr, NULL, NULL);
  run2("sbb_l_i32", sbb_l_i32, NULL, NULL);
  run2("sbb_l_i8", sbb_l_i8, NULL, NULL);
  run2("sbb_w_i16", sbb_w_i16, NULL, NULL);
  run2("sbb_w_i8", sbb_w_i8, NULL, NULL);
  run2("sbb_b_i8", sbb_b_i8, NULL, NULL);
  run2("sbb_b_82", sbb_b_82, NULL, NULL);
  run2("sbb_w_mi", sbb_w_mi, NULL, NULL);
  run2("and_b_rr", and_b_rr, NULL, m_logic);
  run2("and_bh_rr", and_bh_rr, NULL, m_logic);
  run2("and_w_rr", and_w_rr, NULL, m_logic);
  run2("and_l_rr", and_l_rr, NULL, m_logic);
  run2("and_l_rm", and_l_rm, NULL, m_logic);
  run2("and_w_rm", and_w_rm, NULL, m_logic);
  run2("and_b_rm", and_b_rm, NULL, m_logic);
  run2("and_l_mr", and_l_mr, NULL, m_logic);
  run2("and_w_mr", and_w_mr, NULL, m_logic);
  run2("and_l_i32", and_l_i32, NULL, m_logic);
  run2("and_l_i8", and_l_i8, NULL, m_logic);
  run2("and_w_i16", and_w_i16, NULL, m_logic);
  run2("and_w_i8", and_w_i8, NULL, m_logic);
  run2("and_b_i8", and_b_i8, NULL, m_logic);
  run2("and_b_82", and_b_82, NULL, m_logic);
  run2("and_w_mi", and_w_mi, NULL, m_logic);
  run2("or_b_rr", or_b_rr, NULL, m_logic);
  run2("or_bh_rr", or_bh_rr, NULL, m_logic);
  run2("or_w_rr", or_w_rr, NULL, m_logic);
  run2("or_l_rr", or_l_rr, NULL, m_logic);
  run2("or_l_rm", or_l_rm, NULL, m_logic);
  run2("or_w_rm", or_w_rm, NULL, m_logic);
  run2("or_b_rm", or_b_rm, NULL, m_logic);
  run2("or_l_mr", or_l_mr, NULL, m_logic);
  run2("or_w_mr", or_w_mr, NULL, m_logic);
  run2("or_l_i32", or_l_i32, NULL, m_logic);
  run2("or_l_i8", or_l_i8, NULL, m_logic);
  run2("or_w_i16", or_w_i16, NULL, m_logic);
  run2("or_w_i8", or_w_i8, NULL, m_logic);
  run2("or_b_i8", or_b_i8, NULL, m_logic);
  run2("or_b_82", or_b_82, NULL, m_logic);
  run2("or_w_mi", or_w_mi, NULL, m_logic);
  run2("xor_b_rr", xor_b_rr, NULL, m_logic);
  run2("xor_bh_rr", xor_bh_rr, NULL, m_logic);
  run2("xor_w_rr", xor_w_rr, NULL, m_logic);
  run2("xor_l_rr", xor_l_rr, NULL, m_logic);
  run2("xor_l_rm", xor_l_rm, NULL, m_logic);
  run2("xor_w_rm", xor_w_rm, NULL, m_logic);
  run2("xor_b_rm", xor_b_rm, NULL, m_logic);
  run2("xor_l_mr", xor_l_mr, NULL, m_logic);
  run2("xor_w_mr", xor_w_mr, NULL, m_logic);
  run2("xor_l_i32", xor_l_i32, NULL, m_logic);
  run2("xor_l_i8", xor_l_i8, NULL, m_logic);
  run2("xor_w_i16", xor_w_i16, NULL, m_logic);
  run2("xor_w_i8", xor_w_i8, NULL, m_logic);
  run2("xor_b_i8", xor_b_i8, NULL, m_logic);
  run2("xor_b_82", xor_b_82, NULL, m_logic);
  run2("xor_w_mi", xor_w_mi, NULL, m_logic);
  run2("cmp_b_rr", cmp_b_rr, NULL, NULL);
  run2("cmp_bh_rr", cmp_bh_rr, NULL, NULL);
  run2("cmp_w_rr", cmp_w_rr, NULL, NULL);
  run2("cmp_l_rr", cmp_l_rr, NULL, NULL);
  run2("cmp_l_rm", cmp_l_rm, NULL, NULL);
  run2("cmp_w_rm", cmp_w_rm, NULL, NULL);
  run2("cmp_b_rm", cmp_b_rm, NULL, NULL);
  run2("cmp_l_mr", cmp_l_mr, NULL, NULL);
  run2("cmp_w_mr", cmp_w_mr, NULL, NULL);
  run2("cmp_l_i32", cmp_l_i32, NULL, NULL);
  run2("cmp_l_i8", cmp_l_i8, NULL, NULL);
  run2("cmp_w_i16", cmp_w_i16, NULL, NULL);
  run2("cmp_w_i8", cmp_w_i8, NULL, NULL);
  run2("cmp_b_i8", cmp_b_i8, NULL, NULL);
  run2("cmp_b_82", cmp_b_82, NULL, NULL);
  run2("cmp_w_mi", cmp_w_mi, NULL, NULL);
  run2("test_b_rr", test_b_rr, NULL, m_logic);
  run2("test_bh_rr", test_bh_rr, NULL, m_logic);
  run2("test_w_rr", test_w_rr, NULL, m_logic);
  run2("test_l_rr", test_l_rr, NULL, m_logic);
  run2("test_l_rm", test_l_rm, NULL, m_logic);
  run2("test_w_rm", test_w_rm, NULL, m_logic);
  run2("test_b_rm", test_b_rm, NULL, m_logic);
  run2("test_l_mr", test_l_mr, NULL, m_logic);
  run2("test_w_mr", test_w_mr, NULL, m_logic);
  run2("test_l_i32", test_l_i32, NULL, m_logic);
  run2("test_w_i16", test_w_i16, NULL, m_logic);
  run2("test_b_i8", test_b_i8, NULL, m_logic);
  run2("inc_b", inc_b, NULL, 0);
  run2("inc_w", inc_w, NULL, 0);
  run2("inc_l", inc_l, NULL, 0);
  run2("inc_wm", inc_wm, NULL, 0);
  run2("dec_b", dec_b, NULL, 0);
  run2("dec_w", dec_w, NULL, 0);
  run2("dec_l", dec_l, NULL, 0);
  run2("dec_wm", dec_wm, NULL, 0);
  run2("neg_b", neg_b, NULL, 0);
  run2("neg_w", neg_w, NULL, 0);
  run2("neg_l", neg_l, NULL, 0);
  run2("neg_wm", neg_wm, NULL, 0);
  run2("not_b", not_b, NULL, 0);
  run2("not_w", not_w, NULL, 0);
  run2("not_l", not_l, NULL, 0);
  run2("not_wm", not_wm, NULL, 0);
  run2("inc40_0", inc40_0, NULL, 0);
  run2("dec48_0", dec48_0, NULL, 0);
  run2("inc40w_0", inc40w_0, NULL, 0);
  run2("dec48w_0", dec48w_0, NULL, 0);
  run2("inc40_1", inc40_1, NULL, 0);
  run2("dec48_1", dec48_1, NULL, 0);
  run2("inc40w_1", inc40w_1, NULL, 0);
  run2("dec48w_1", dec48w_1, NULL, 0);
  run2("inc40_2", inc40_2, NULL, 0);
  run2("dec48_2", dec48_2, NULL, 0);
  run2("inc40w_2", inc40w_2, NULL, 0);
  run2("dec48w_2", dec48w_2, NULL, 0);
  run2("inc40_3", inc40_3, NULL, 0);
  run2("dec48_3", dec48_3, NULL, 0);
  run2("inc40w_3", inc40w_3, NULL, 0);
  run2("dec48w_3", dec48w_3, NULL, 0);
  run2("inc40_4", inc40_4, NULL, m_none);
  run2("dec48_4", dec48_4, NULL, m_none);
  run2("inc40w_4", inc40w_4, NULL, m_none);
  run2("dec48w_4", dec48w_4, NULL, m_none);
  run2("inc40_5", inc40_5, NULL, 0);
  run2("dec48_5", dec48_5, NULL, 0);
  run2("inc40w_5", inc40w_5, NULL, 0);
  run2("dec48w_5", dec48w_5, NULL, 0);
  run2("inc40_6", inc40_6, NULL, 0);
  run2("dec48_6", dec48_6, NULL, 0);
  run2("inc40w_6", inc40w_6, NULL, 0);
  run2("dec48w_6", dec48w_6, NULL, 0);
  run2("inc40_7", inc40_7, NULL, 0);
  run2("dec48_7", dec48_7, NULL, 0);
  run2("inc40w_7", inc40w_7, NULL, 0);
  run2("dec48w_7", dec48w_7, NULL, 0);
  runc("rol_b_cl", rol_b_cl, NULL, m_shift_b);
  runc("rol_b_1", rol_b_1, NULL, m_shift1);
  runc("rol_b_i5", rol_b_i5, NULL, m_shiftn);
  runc("rol_b_m", rol_b_m, NULL, m_shift_b);
  runc("rol_w_cl", rol_w_cl, NULL, m_shift_w);
  runc("rol_w_1", rol_w_1, NULL, m_shift1);
  runc("rol_w_i5", rol_w_i5, NULL, m_shiftn);
  runc("rol_w_m", rol_w_m, NULL, m_shift_w);
  runc("rol_l_cl", rol_l_cl, NULL, m_shift_l);
  runc("rol_l_1", rol_l_1, NULL, m_shift1);
  runc("rol_l_i5", rol_l_i5, NULL, m_shiftn);
  runc("rol_l_m", rol_l_m, NULL, m_shift_l);
  runc("ror_b_cl", ror_b_cl, NULL, m_shift_b);
  runc("ror_b_1", ror_b_1, NULL, m_shift1);
  runc("ror_b_i5", ror_b_i5, NULL, m_shiftn);
  runc("ror_b_m", ror_b_m, NULL, m_shift_b);
  runc("ror_w_cl", ror_w_cl, NULL, m_shift_w);
  runc("ror_w_1", ror_w_1, NULL, m_shift1);
  runc("ror_w_i5", ror_w_i5, NULL, m_shiftn);
  runc("ror_w_m", ror_w_m, NULL, m_shift_w);
  runc("ror_l_cl", ror_l_cl, NULL, m_shift_l);
  runc("ror_l_1", ror_l_1, NULL, m_shift1);
  runc("ror_l_i5", ror_l_i5, NULL, m_shiftn);
  runc("ror_l_m", ror_l_m, NULL, m_shift_l);
  runc("rcl_b_cl", rcl_b_cl, NULL, m_shift_b);
  runc("rcl_b_1", rcl_b_1, NULL, m_shift1);
  runc("rcl_b_i5", rcl_b_i5, NULL, m_shiftn);
  runc("rcl_b_m", rcl_b_m, NULL, m_shift_b);
  runc("rcl_w_cl", rcl_w_cl, NULL, m_shift_w);
  runc("rcl_w_1", rcl_w_1, NULL, m_shift1);
  runc("rcl_w_i5", rcl_w_i5, NULL, m_shiftn);
  runc("rcl_w_m", rcl_w_m, NULL, m_shift_w);
  runc("rcl_l_cl", rcl_l_cl, NULL, m_shift_l);
  runc("rcl_l_1", rcl_l_1, NULL, m_shift1);
  runc("rcl_l_i5", rcl_l_i5, NULL, m_shiftn);
  runc("rcl_l_m", rcl_l_m, NULL, m_shift_l);
  runc("rcr_b_cl", rcr_b_cl, NULL, m_shift_b);
  runc("rcr_b_1", rcr_b_1, NULL, m_shift1);
  runc("rcr_b_i5", rcr_b_i5, NULL, m_shiftn);
  runc("rcr_b_m", rcr_b_m, NULL, m_shift_b);
  runc("rcr_w_cl", rcr_w_cl, NULL, m_shift_w);
  runc("rcr_w_1", rcr_w_1, NULL, m_shift1);
  runc("rcr_w_i5", rcr_w_i5, NULL, m_shiftn);
  runc("rcr_w_m", rcr_w_m, NULL, m_shift_w);
  runc("rcr_l_cl", rcr_l_cl, NULL, m_shift_l);
  runc("rcr_l_1", rcr_l_1, NULL, m_shift1);
  runc("rcr_l_i5", rcr_l_i5, NULL, m_shiftn);
  runc("rcr_l_m", rcr_l_m, NULL, m_shift_l);
  runc("shl_b_cl", shl_b_cl, NULL, m_shift_b);
  runc("shl_b_1", shl_b_1, NULL, m_shift1);
  runc("shl_b_i5", shl_b_i5, NULL, m_shiftn);
  runc("shl_b_m", shl_b_m, NULL, m_shift_b);
  runc("shl_w_cl", shl_w_cl, NULL, m_shift_w);
  runc("shl_w_1", shl_w_1, NULL, m_shift1);
  runc("shl_w_i5", shl_w_i5, NULL, m_shiftn);
  runc("shl_w_m", shl_w_m, NULL, m_shift_w);
  runc("shl_l_cl", shl_l_cl, NULL, m_shift_l);
  runc("shl_l_1", shl_l_1, NULL, m_shift1);
  runc("shl_l_i5", shl_l_i5, NULL, m_shiftn);
  runc("shl_l_m", shl_l_m, NULL, m_shift_l);
  runc("shr_b_cl", shr_b_cl, NULL, m_shift_b);
  runc("shr_b_1", shr_b_1, NULL, m_shift1);
  runc("shr_b_i5", shr_b_i5, NULL, m_shiftn);
  runc("shr_b_m", shr_b_m, NULL, m_shift_b);
  runc("shr_w_cl", shr_w_cl, NULL, m_shift_w);
  runc("shr_w_1", shr_w_1, NULL, m_shift1);
  runc("shr_w_i5", shr_w_i5, NULL, m_shiftn);
  runc("shr_w_m", shr_w_m, NULL, m_shift_w);
  runc("shr_l_cl", shr_l_cl, NULL, m_shift_l);
  runc("shr_l_1", shr_l_1, NULL, m_shift1);
  runc("shr_l_i5", shr_l_i5, NULL, m_shiftn);
  runc("shr_l_m", shr_l_m, NULL, m_shift_l);
  runc("sar_b_cl", sar_b_cl, NULL, m_shift_b);
  runc("sar_b_1", sar_b_1, NULL, m_shift1);
  runc("sar_b_i5", sar_b_i5, NULL, m_shiftn);
  runc("sar_b_m", sar_b_m, NULL, m_shift_b);
  runc("sar_w_cl", sar_w_cl, NULL, m_shift_w);
  runc("sar_w_1", sar_w_1, NULL, m_shift1);
  runc("sar_w_i5", sar_w_i5, NULL, m_shiftn);
  runc("sar_w_m", sar_w_m, NULL, m_shift_w);
  runc("sar_l_cl", sar_l_cl, NULL, m_shift_l);
  runc("sar_l_1", sar_l_1, NULL, m_shift1);
  runc("sar_l_i5", sar_l_i5, NULL, m_shiftn);
  runc("sar_l_m", sar_l_m, NULL, m_shift_l);
  runc("sal6_b_cl", sal6_b_cl, NULL, m_shift_b);
  runc("sal6_b_1", sal6_b_1, NULL, m_shift1);
  runc("sal6_b_i5", sal6_b_i5, NULL, m_shiftn);
  runc("sal6_b_m", sal6_b_m, NULL, m_shift_b);
  runc("sal6_w_cl", sal6_w_cl, NULL, m_shift_w);
  runc("sal6_w_1", sal6_w_1, NULL, m_shift1);
  runc("sal6_w_i5", sal6_w_i5, NULL, m_shiftn);
  runc("sal6_w_m", sal6_w_m, NULL, m_shift_w);
  runc("sal6_l_cl", sal6_l_cl, NULL, m_shift_l);
  runc("sal6_l_1", sal6_l_1, NULL, m_shift1);
  runc("sal6_l_i5", sal6_l_i5, NULL, m_shiftn);
  runc("sal6_l_m", sal6_l_m, NULL, m_shift_l);
  runc("shld_l_cl", shld_l_cl, NULL, m_shd_l);
  runc("shld_w_cl", shld_w_cl, p_shd_w, m_shd_w);
  runc("shld_l_i", shld_l_i, NULL, m_shiftn);
  runc("shld_w_i", shld_w_i, NULL, m_shiftn);
  runc("shld_l_m", shld_l_m, NULL, m_shd_l);
  runc("shrd_l_cl", shrd_l_cl, NULL, m_shd_l);
  runc("shrd_w_cl", shrd_w_cl, p_shd_w, m_shd_w);
  runc("shrd_l_i", shrd_l_i, NULL, m_shiftn);
  runc("shrd_w_i", shrd_w_i, NULL, m_shiftn);
  runc("shrd_l_m", shrd_l_m, NULL, m_shd_l);
  run2("mul_b", mul_b, NULL, m_mul);
  run2("mul_w", mul_w, NULL, m_mul);
  run2("mul_l", mul_l, NULL, m_mul);
  run2("mul_lm", mul_lm, NULL, m_mul);
  run2("imul_b", imul_b, NULL, m_mul);
  run2("imul_w", imul_w, NULL, m_mul);
  run2("imul_l", imul_l, NULL, m_mul);
  run2("imul_lm", imul_lm, NULL, m_mul);
  run2("imul_rr_l", imul_rr_l, NULL, m_mul);
  run2("imul_rr_w", imul_rr_w, NULL, m_mul);
  run2("imul_ri_l", imul_ri_l, NULL, m_mul);
  run2("imul_ri_w", imul_ri_w, NULL, m_mul);
  run2("imul_ri8_w", imul_ri8_w, NULL, m_mul);
  runD("div_b", div_b, p_div_b, NULL);
  runD("div_w", div_w, p_div_w, NULL);
  runD("div_l", div_l, p_div_l, NULL);
  runD("idiv_b", idiv_b, p_idiv_b, NULL);
  runD("idiv_w", idiv_w, p_idiv_w, NULL);
  runD("idiv_l", idiv_l, p_idiv_l, NULL);
  run2("bt_l_rr", bt_l_rr, NULL, m_bt);
  run2("bt_w_rr", bt_w_rr, NULL, m_bt);
  run2("bt_l_ri", bt_l_ri, NULL, m_bt);
  run2("bt_w_ri", bt_w_ri, NULL, m_bt);
  run2("bt_l_mr", bt_l_mr, NULL, m_bt);
  run2("bt_w_mr", bt_w_mr, NULL, m_bt);
  run2("bts_l_rr", bts_l_rr, NULL, m_bt);
  run2("bts_w_rr", bts_w_rr, NULL, m_bt);
  run2("bts_l_ri", bts_l_ri, NULL, m_bt);
  run2("bts_w_ri", bts_w_ri, NULL, m_bt);
  run2("bts_l_mr", bts_l_mr, NULL, m_bt);
  run2("bts_w_mr", bts_w_mr, NULL, m_bt);
  run2("btr_l_rr", btr_l_rr, NULL, m_bt);
  run2("btr_w_rr", btr_w_rr, NULL, m_bt);
  run2("btr_l_ri", btr_l_ri, NULL, m_bt);
  run2("btr_w_ri", btr_w_ri, NULL, m_bt);
  run2("btr_l_mr", btr_l_mr, NULL, m_bt);
  run2("btr_w_mr", btr_w_mr, NULL, m_bt);
  run2("btc_l_rr", btc_l_rr, NULL, m_bt);
  run2("btc_w_rr", btc_w_rr, NULL, m_bt);
  run2("btc_l_ri", btc_l_ri, NULL, m_bt);
  run2("btc_w_ri", btc_w_ri, NULL, m_bt);
  run2("btc_l_mr", btc_l_mr, NULL, m_bt);
  run2("btc_w_mr", btc_w_mr, NULL, m_bt);
  run2("bsf_l", bsf_l, NULL, m_zf);
  run2("bsf_w", bsf_w, NULL, m_zf);
  run2("bsr_l", bsr_l, NULL, m_zf);
  run2("bsr_w", bsr_w, NULL, m_zf);
  run2("bswap_eax", bswap_eax, NULL, NULL);
  run2("bswap_ebp", bswap_ebp, NULL, NULL);
  run2("xadd_l", xadd_l, NULL, 0);
  run2("xadd_w", xadd_w, NULL, 0);
  run2("xadd_b", xadd_b, NULL, 0);
  run2("xadd_lm", xadd_lm, NULL, 0);
  run2("cmpxchg_l", cmpxchg_l, NULL, 0);
  run2("cmpxchg_w", cmpxchg_w, NULL, 0);
  run2("cmpxchg_b", cmpxchg_b, NULL, 0);
  run2("cmpxchg_lm", cmpxchg_lm, NULL, 0);
  run2("cmpxchg_l_eq", cmpxchg_l_eq, NULL, 0);
  run2("cmpxchg_w_eq", cmpxchg_w_eq, NULL, 0);
  run2("cmpxchg8b_eq", cmpxchg8b_eq, NULL, m_zf);
  run2("cmpxchg8b_ne", cmpxchg8b_ne, NULL, m_zf);
  run2("lock_cmpxchg8b", lock_cmpxchg8b, NULL, m_zf);
  run2("xchg_l", xchg_l, NULL, 0);
  run2("xchg_w", xchg_w, NULL, 0);
  run2("xchg_b", xchg_b, NULL, 0);
  run2("xchg_m", xchg_m, NULL, 0);
  run2("xchg90w", xchg90w, NULL, 0);
  run2("cbw", cbw, NULL, 0);
  run2("cwde", cwde, NULL, 0);
  run2("cwd", cwd, NULL, 0);
  run2("cdq", cdq, NULL, 0);
  run2("seto", seto, NULL, 0);
  run2("cmovo", cmovo, NULL, 0);
  run2("setno", setno, NULL, 0);
  run2("cmovno", cmovno, NULL, 0);
  run2("setb", setb, NULL, 0);
  run2("cmovb", cmovb, NULL, 0);
  run2("setae", setae, NULL, 0);
  run2("cmovae", cmovae, NULL, 0);
  run2("sete", sete, NULL, 0);
  run2("cmove", cmove, NULL, 0);
  run2("setne", setne, NULL, 0);
  run2("cmovne", cmovne, NULL, 0);
  run2("setbe", setbe, NULL, 0);
  run2("cmovbe", cmovbe, NULL, 0);
  run2("seta", seta, NULL, 0);
  run2("cmova", cmova, NULL, 0);
  run2("sets", sets, NULL, 0);
  run2("cmovs", cmovs, NULL, 0);
  run2("setns", setns, NULL, 0);
  run2("cmovns", cmovns, NULL, 0);
  run2("setp", setp, NULL, 0);
  run2("cmovp", cmovp, NULL, 0);
  run2("setnp", setnp, NULL, 0);
  run2("cmovnp", cmovnp, NULL, 0);
  run2("setl", setl, NULL, 0);
  run2("cmovl", cmovl, NULL, 0);
  run2("setge", setge, NULL, 0);
  run2("cmovge", cmovge, NULL, 0);
  run2("setle", setle, NULL, 0);
  run2("cmovle", cmovle, NULL, 0);
  run2("setg", setg, NULL, 0);
  run2("cmovg", cmovg, NULL, 0);
  run2("movzbl", movzbl, NULL, 0);
  run2("movsbl", movsbl, NULL, 0);
  run2("movzww", movzww, NULL, 0);
  run2("movsww", movsww, NULL, 0);
  run2("lahf_sahf", lahf_sahf, NULL, 0);
  run2("cmc_stc_clc", cmc_stc_clc, NULL, 0);
  run2("salc", salc, NULL, 0);
  run2("aam_aad", aam_aad, NULL, m_szp);
  run2("daa_das", daa_das, NULL, m_noof);
  run2("aaa_aas", aaa_aas, NULL, m_acf);
  return 0;
}
