/* exec_crypto.c — the cryptographic extensions: AES-NI (AESENC, AESENCLAST,
 * AESDEC, AESDECLAST, AESIMC: 66 0F 38 DC-DF, DB; AESKEYGENASSIST: 66 0F 3A
 * DF ib), PCLMULQDQ (66 0F 3A 44 ib) and the SHA extensions (SHA1NEXTE,
 * SHA1MSG1, SHA1MSG2, SHA256RNDS2, SHA256MSG1, SHA256MSG2: NP 0F 38 C8-CD;
 * SHA1RNDS4: NP 0F 3A CC ib).  Mirrors the SDM vol. 2 instruction pages
 * and FIPS-197 (the round transformations on the state held column by column
 * in the 16 bytes of an XMM register: state[r][c] is byte r + 4c).
 *
 * Written in plain C, not with the host's instructions: emu itself needs only SSE2
 * of its host, and the results are the same bits on any host.  The S-box is
 * computed from its definition (the multiplicative inverse in GF(2^8)
 * followed by the affine map) when an AES instruction first needs it, not at
 * start-up, which every program would pay for.
 */
#include <pthread.h>
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

static u8 sbox_tab[256], inv_sbox_tab[256];
static pthread_once_t aes_once = PTHREAD_ONCE_INIT;

static void aes_tables(void) {
  for (int x = 0; x < 256; x++) {
    u8 inv = 0; /* x^254 = x^-1 (0 for 0) */
    if (x) {
      inv = 1;
      for (int i = 0; i < 254; i++) inv = gmul(inv, (u8)x);
    }
    u8 s = inv;
    for (int k = 1; k <= 4; k++) s ^= (u8)(inv << k | inv >> (8 - k));
    s ^= 0x63;
    sbox_tab[x] = s;
    inv_sbox_tab[s] = (u8)x;
  }
}

/* The S-box, or its inverse. */
static const u8 *aes_sbox(bool inverse) {
  pthread_once(&aes_once, aes_tables);
  return inverse ? inv_sbox_tab : sbox_tab;
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
  sub_bytes(s.b, aes_sbox(dec));
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
  const u8 *sbox = aes_sbox(false);
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

/* ---- SHA extensions (NP 0F 38 C8-CD, NP 0F 3A CC) ----
 * The SDM's pseudo-code, words numbered from the most significant:
 * SRC1 is the destination register, SRC2 the register or m128. */
static u32 rol32(u32 x, int n) { return x << n | x >> (32 - n); }
static u32 ror32(u32 x, int n) { return x >> n | x << (32 - n); }

/* DEST words [3..0] = f(SRC1, SRC2) through fn, with SRC2's alignment check. */
typedef void sha_fn(u32 out[4], const u32 s1[4], const u32 s2[4], u8 imm);
static void sha_op(struct cpu *c, const struct insn *d, sha_fn *fn) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  fn(r.d, v->d, w->d, (u8)d->imm);
  *v = r;
}

static void k_sha1rnds4(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  static const u32 k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
  u32 a = s1[3], b = s1[2], cc = s1[1], dd = s1[0], e = 0;
  for (int i = 0; i < 4; i++) {
    u32 f = (imm & 3) == 0 ? (b & cc) ^ (~b & dd) : (imm & 3) == 2 ? (b & cc) ^ (b & dd) ^ (cc & dd)
                                                                    : b ^ cc ^ dd;
    u32 na = f + rol32(a, 5) + s2[3 - i] + e + k[imm & 3];
    e = dd, dd = cc, cc = rol32(b, 30), b = a, a = na;
  }
  o[3] = a, o[2] = b, o[1] = cc, o[0] = dd;
}
static void k_sha1nexte(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  o[3] = s2[3] + rol32(s1[3], 30), o[2] = s2[2], o[1] = s2[1], o[0] = s2[0];
}
static void k_sha1msg1(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  o[3] = s1[1] ^ s1[3], o[2] = s1[0] ^ s1[2], o[1] = s2[3] ^ s1[1], o[0] = s2[2] ^ s1[0];
}
static void k_sha1msg2(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  u32 w16 = rol32(s1[3] ^ s2[2], 1), w17 = rol32(s1[2] ^ s2[1], 1);
  u32 w18 = rol32(s1[1] ^ s2[0], 1), w19 = rol32(s1[0] ^ w16, 1);
  o[3] = w16, o[2] = w17, o[1] = w18, o[0] = w19;
}
static u32 sig0(u32 w) { return ror32(w, 7) ^ ror32(w, 18) ^ (w >> 3); }
static u32 sig1(u32 w) { return ror32(w, 17) ^ ror32(w, 19) ^ (w >> 10); }
static void k_sha256msg1(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  o[3] = s1[3] + sig0(s2[0]), o[2] = s1[2] + sig0(s1[3]), o[1] = s1[1] + sig0(s1[2]);
  o[0] = s1[0] + sig0(s1[1]);
}
static void k_sha256msg2(u32 o[4], const u32 s1[4], const u32 s2[4], u8 imm) {
  u32 w16 = s1[0] + sig1(s2[2]), w17 = s1[1] + sig1(s2[3]);
  u32 w18 = s1[2] + sig1(w16), w19 = s1[3] + sig1(w17);
  o[3] = w19, o[2] = w18, o[1] = w17, o[0] = w16;
}

void op_sha1rnds4_Vdq_Wdq_Ib(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha1rnds4); }
void op_sha1nexte_Vdq_Wdq(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha1nexte); }
void op_sha1msg1_Vdq_Wdq(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha1msg1); }
void op_sha1msg2_Vdq_Wdq(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha1msg2); }
void op_sha256msg1_Vdq_Wdq(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha256msg1); }
void op_sha256msg2_Vdq_Wdq(struct cpu *c, const struct insn *d) { sha_op(c, d, k_sha256msg2); }

/* SHA256RNDS2: two rounds, the message-plus-constant words in XMM0[63:0]. */
void op_sha256rnds2_Vdq_Wdq(struct cpu *c, const struct insn *d) {
  union xmm tmp, r;
  const union xmm *w = sse_W(c, d, &tmp, 16, true);
  union xmm *v = sse_V(c, d);
  u32 a = w->d[3], b = w->d[2], cc = v->d[3], dd = v->d[2];
  u32 e = w->d[1], f = w->d[0], g = v->d[1], h = v->d[0];
  const u32 wk[2] = {c->xmm[0].d[0], c->xmm[0].d[1]};
  for (int i = 0; i < 2; i++) {
    u32 ch = (e & f) ^ (~e & g), maj = (a & b) ^ (a & cc) ^ (b & cc);
    u32 s1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25), s0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
    u32 t = ch + s1 + wk[i] + h;
    h = g, g = f, f = e, e = t + dd;
    dd = cc, cc = b, b = a, a = t + maj + s0;
  }
  r.d[3] = a, r.d[2] = b, r.d[1] = e, r.d[0] = f;
  *v = r;
}
