/* exec_sse42.c — SSE4.2: the packed string compares PCMPESTRI, PCMPESTRM,
 * PCMPISTRI, PCMPISTRM (66 0F 3A 60-63), PCMPGTQ (66 0F 38 37) and CRC32
 * (F2 0F 38 F0/F1).  Mirrors the SDM vol. 2 section 4.1 "Imm8 Control Byte
 * Operation for PCMPESTRI / PCMPESTRM / PCMPISTRI / PCMPISTRM" and the
 * instruction pages PCMPESTRI..PCMPISTRM, PCMPGTQ and CRC32.
 *
 * Written in plain C, not with the host's SSE4.2 instructions: emu itself
 * needs only SSE2 of its host.
 *
 * The packed string compare in four steps (SDM 4.1.1-4.1.6):
 *
 *   imm8   7   6      5  4       3  2          1  0
 *          -   out    polarity   aggregation   format
 *   format       00 ub  01 uw  10 sb  11 sw (byte/word, unsigned/signed)
 *   aggregation  00 equal any  01 ranges  10 equal each  11 equal ordered
 *   polarity     00 +  01 -  10 masked +  11 masked - (negate valid ones)
 *   out          index: 0 least, 1 most significant set bit of IntRes2
 *                mask:  0 bit mask in XMM0[15:0], 1 byte/word mask
 *
 * Source 1 is XMM (ModRM.reg), source 2 XMM or m128 (ModRM r/m, no
 * alignment required).  Lengths are explicit (EAX/EDX, RAX/RDX with
 * REX.W: absolute value saturated to 16 or 8) or implicit (the first null
 * element).  Elements past a length are invalid and force the comparison
 * result as in the SDM table "Comparison Result for Each Element Pair".
 */
#include "ops_alu.h"
#include "ops_sse.h"
#include "sse.h"

/* ---- PCMPGTQ: signed 64-bit greater-than ---- */
static __m128i i_pcmpgtq(__m128i a, __m128i b) {
  i64 x[2], y[2];
  memcpy(x, &a, 16);
  memcpy(y, &b, 16);
  for (int i = 0; i < 2; i++) x[i] = x[i] > y[i] ? -1 : 0;
  memcpy(&a, x, 16);
  return a;
}
void op_pcmpgtq_Vdq_Wdq(struct cpu *c, const struct insn *d) { sse_int_VW(c, d, i_pcmpgtq); }

/* ---- CRC32: CRC-32C (polynomial 11EDC6F41h), bit-reflected ----
 * The SDM's BIT_REFLECT / MOD2 pseudo-code is the reflected CRC update with
 * no pre- or post-inversion: DEST = crc(DEST, SRC), low byte first. */
static u32 crc32c(u32 crc, u64 v, int size) {
  for (int i = 0; i < size * 8; i++) {
    crc ^= (u32)(v >> i) & 1;
    crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
  }
  return crc;
}
/* F2 0F 38 F0: CRC32 r32/r64, r/m8; the result is 32 bits, zero-extended. */
void op_crc32_Gy_Eb(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, 1);
  c->r[d->reg] = crc32c((u32)c->r[d->reg], v, 1);
}
/* F2 0F 38 F1: CRC32 r32/r64, r/m16/32/64 (66: 16 bits, REX.W: 64). */
void op_crc32_Gy_Ev(struct cpu *c, const struct insn *d) {
  u64 v = get_E(c, d, d->opsz);
  c->r[d->reg] = crc32c((u32)c->r[d->reg], v, d->opsz);
}

/* ---- PCMPxSTRx ---- */

/* Element i of x in the imm8 format (bit 0 words, bit 1 signed). */
static int str_elem(const union xmm *x, unsigned imm, int i) {
  switch (imm & 3) {
  case 0: return x->b[i];
  case 1: return x->w[i];
  case 2: return (i8)x->b[i];
  default: return (i16)x->w[i];
  }
}

/* Explicit length: |r| saturated to n (64-bit r with REX.W). */
static int str_len_explicit(const struct cpu *c, const struct insn *d, int r, int n) {
  i64 v = d->opsz == 8 ? (i64)c->r[r] : (i64)(i32)c->r[r];
  if (v > n || v < -n) return n;
  return (int)(v < 0 ? -v : v);
}

/* Implicit length: the index of the first null element, or n. */
static int str_len_implicit(const union xmm *x, unsigned imm, int n) {
  for (int i = 0; i < n; i++)
    if (str_elem(x, imm, i) == 0) return i;
  return n;
}

/* IntRes2 for a (source 1, la valid) and b (source 2, lb valid); sets the
 * flags CF ZF SF OF and clears AF PF. */
static unsigned str_compare(struct cpu *c, const union xmm *a, int la, const union xmm *b, int lb,
                            unsigned imm) {
  int n = imm & 1 ? 8 : 16;
  int ea[16], eb[16];
  for (int i = 0; i < n; i++) {
    ea[i] = str_elem(a, imm, i);
    eb[i] = str_elem(b, imm, i);
  }
  unsigned res = 0;
  switch ((imm >> 2) & 3) {
  case 0: /* equal any: b[j] is one of the valid a[i] */
    for (int j = 0; j < lb; j++)
      for (int i = 0; i < la; i++)
        if (ea[i] == eb[j]) res |= 1u << j;
    break;
  case 1: /* ranges: a[i] <= b[j] <= a[i+1] for a valid pair (i even) */
    for (int j = 0; j < lb; j++)
      for (int i = 0; i + 1 < la; i += 2)
        if (ea[i] <= eb[j] && eb[j] <= ea[i + 1]) res |= 1u << j;
    break;
  case 2: /* equal each: both invalid is true, one invalid false */
    for (int i = 0; i < n; i++) {
      bool t = i < la && i < lb ? ea[i] == eb[i] : i >= la && i >= lb;
      res |= (unsigned)t << i;
    }
    break;
  default: /* equal ordered: a (the needle) starts at b[j]; an invalid a
            * element matches anything, an invalid b element only that */
    for (int j = 0; j < n; j++) {
      bool t = true;
      for (int k = 0; k < n - j && k < la; k++)
        if (j + k >= lb || ea[k] != eb[j + k]) {
          t = false;
          break;
        }
      res |= (unsigned)t << j;
    }
    break;
  }
  unsigned all = (1u << n) - 1;
  switch ((imm >> 4) & 3) {
  case 1: res ^= all; break;            /* negative */
  case 3: res ^= (1u << lb) - 1; break; /* masked negative: valid b only */
  default: break;
  }
  u64 f = (res ? F_CF : 0) | (lb < n ? F_ZF : 0) | (la < n ? F_SF : 0) | (res & 1 ? F_OF : 0);
  cpu_set_flags(c, f, F_ARITH);
  return res;
}

/* ECX = the least (imm8[6] = 0) or most significant set bit of res, or the
 * element count when res is 0. */
static void str_index(struct cpu *c, unsigned res, unsigned imm) {
  int n = imm & 1 ? 8 : 16;
  u32 idx = res == 0     ? (u32)n
            : imm & 0x40 ? 31u - (u32)__builtin_clz(res)
                         : (u32)__builtin_ctz(res);
  c->r[R_CX] = idx;
}

/* XMM0 = res as a bit mask (imm8[6] = 0) or expanded to byte/word elements. */
static void str_mask(struct cpu *c, unsigned res, unsigned imm) {
  union xmm m = {{0}};
  if (!(imm & 0x40)) {
    m.w[0] = (u16)res;
  } else if (imm & 1) {
    for (int i = 0; i < 8; i++) m.w[i] = res >> i & 1 ? 0xffff : 0;
  } else {
    for (int i = 0; i < 16; i++) m.b[i] = res >> i & 1 ? 0xff : 0;
  }
  c->xmm[0] = m;
}

/* Run the compare; explicit selects EAX/EDX lengths. */
static unsigned str_run(struct cpu *c, const struct insn *d, bool explicit) {
  union xmm tmp;
  const union xmm *b = sse_W(c, d, &tmp, 16, false);
  const union xmm *a = sse_V(c, d);
  unsigned imm = (unsigned)d->imm & 0xff;
  int n = imm & 1 ? 8 : 16, la, lb;
  if (explicit) {
    la = str_len_explicit(c, d, R_AX, n);
    lb = str_len_explicit(c, d, R_DX, n);
  } else {
    la = str_len_implicit(a, imm, n);
    lb = str_len_implicit(b, imm, n);
  }
  return str_compare(c, a, la, b, lb, imm);
}

void op_pcmpestrm_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  str_mask(c, str_run(c, d, true), (unsigned)d->imm);
}
void op_pcmpestri_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  str_index(c, str_run(c, d, true), (unsigned)d->imm);
}
void op_pcmpistrm_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  str_mask(c, str_run(c, d, false), (unsigned)d->imm);
}
void op_pcmpistri_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  str_index(c, str_run(c, d, false), (unsigned)d->imm);
}
