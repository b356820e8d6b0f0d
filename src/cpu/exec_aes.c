/* exec_aes.c — AES-NI and PCLMULQDQ: AESENC, AESENCLAST, AESDEC,
 * AESDECLAST, AESIMC (66 0F 38 DC-DF, DB), AESKEYGENASSIST (66 0F 3A DF ib)
 * and PCLMULQDQ (66 0F 3A 44 ib).  Mirrors the SDM vol. 2 instruction pages
 * and FIPS-197 (the round transformations on the state held column by column
 * in the 16 bytes of an XMM register: state[r][c] is byte r + 4c).
 *
 * Written in plain C, not with the host's AES-NI: emu itself needs only SSE2
 * of its host, and the results are the same bits on any host.  The S-box is
 * computed once from its definition (the multiplicative inverse in GF(2^8)
 * followed by the affine map).
 */
#include <string.h>

#include "ops_sse.h"
#include "sse.h"

/* ---- GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 ---- */
static u8 gmul(u8 a, u8 b) {
  u8 p = 0;
  for (int i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    a = (u8)(a << 1) ^ (a & 0x80 ? 0x1b : 0);
    b >>= 1;
  }
  return p;
}

static u8 sbox[256], inv_sbox[256];

__attribute__((constructor)) static void aes_tables(void) {
  for (int x = 0; x < 256; x++) {
    u8 inv = 0; /* x^254 = x^-1 (0 for 0) */
    if (x) {
      inv = 1;
      for (int i = 0; i < 254; i++) inv = gmul(inv, (u8)x);
    }
    u8 s = inv;
    for (int k = 1; k <= 4; k++) s ^= (u8)(inv << k | inv >> (8 - k));
    s ^= 0x63;
    sbox[x] = s;
    inv_sbox[s] = (u8)x;
  }
}

static void shift_rows(u8 out[16], const u8 in[16], bool inverse) {
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++) out[r + 4 * c] = in[r + 4 * ((c + (inverse ? 4 - r : r)) % 4)];
}

static void sub_bytes(u8 s[16], const u8 box[256]) {
  for (int i = 0; i < 16; i++) s[i] = box[s[i]];
}

/* MixColumns (coefficients 2 3 1 1) or InvMixColumns (14 11 13 9), rotated
 * by row. */
static void mix_columns(u8 s[16], bool inverse) {
  static const u8 fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
  const u8 *k = inverse ? inv : fwd;
  for (int c = 0; c < 4; c++) {
    u8 a[4], *col = s + 4 * c;
    memcpy(a, col, 4);
    for (int r = 0; r < 4; r++)
      col[r] = gmul(a[0], k[(4 - r) % 4]) ^ gmul(a[1], k[(5 - r) % 4]) ^
               gmul(a[2], k[(6 - r) % 4]) ^ gmul(a[3], k[(7 - r) % 4]);
  }
}

enum { ENC, ENCLAST, DEC, DECLAST };

static void aes_round(struct cpu *c, const struct insn *d, int kind) {
  union xmm tmp, s;
  const union xmm *key = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  bool dec = kind == DEC || kind == DECLAST;
  shift_rows(s.b, v->b, dec);
  sub_bytes(s.b, dec ? inv_sbox : sbox);
  if (kind == ENC || kind == DEC) mix_columns(s.b, dec);
  for (int i = 0; i < 16; i++) v->b[i] = s.b[i] ^ key->b[i];
}

void op_aesenc_Vdq_Wdq(struct cpu *c, const struct insn *d) { aes_round(c, d, ENC); }
void op_aesenclast_Vdq_Wdq(struct cpu *c, const struct insn *d) { aes_round(c, d, ENCLAST); }
void op_aesdec_Vdq_Wdq(struct cpu *c, const struct insn *d) { aes_round(c, d, DEC); }
void op_aesdeclast_Vdq_Wdq(struct cpu *c, const struct insn *d) { aes_round(c, d, DECLAST); }

/* AESIMC: V = InvMixColumns(W). */
void op_aesimc_Vdq_Wdq(struct cpu *c, const struct insn *d) {
  union xmm tmp, s;
  s = *sse_W(c, d, &tmp, 16, true);
  mix_columns(s.b, true);
  *sse_V(c, d) = s;
}

/* AESKEYGENASSIST: from W's words X1 and X3, SubWord and RotWord(SubWord) ^ RCON. */
static u32 sub_word(u32 w) {
  return (u32)sbox[w & 0xff] | (u32)sbox[w >> 8 & 0xff] << 8 | (u32)sbox[w >> 16 & 0xff] << 16 |
         (u32)sbox[w >> 24] << 24;
}
void op_aeskeygenassist_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  u32 rcon = (u8)d->imm, x1 = sub_word(w->d[1]), x3 = sub_word(w->d[3]);
  r.d[0] = x1;
  r.d[1] = (x1 >> 8 | x1 << 24) ^ rcon;
  r.d[2] = x3;
  r.d[3] = (x3 >> 8 | x3 << 24) ^ rcon;
  *sse_V(c, d) = r;
}

/* PCLMULQDQ: the carry-less product of V's and W's quadwords chosen by
 * imm8 bits 0 and 4. */
void op_pclmulqdq_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  u64 a = v->q[d->imm & 1], b = w->q[(d->imm >> 4) & 1], lo = 0, hi = 0;
  for (int i = 0; i < 64; i++)
    if (b >> i & 1) {
      lo ^= a << i;
      hi ^= i ? a >> (64 - i) : 0;
    }
  r.q[0] = lo;
  r.q[1] = hi;
  *v = r;
}
