/* AES-NI and PCLMULQDQ (issue 9, item 9): AESENC, AESENCLAST, AESDEC,
 * AESDECLAST, AESIMC, AESKEYGENASSIST (every round constant) and PCLMULQDQ
 * (all four quadword selections) on pseudo-random operands, register and
 * memory forms, compared with the CPU; plus CPUID's AES and PCLMULQDQ
 * bits and the FIPS-197 appendix C.1 AES-128 vector. */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wmmintrin.h>

#define T __attribute__((target("aes,pclmul,sse4.1")))

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
static uint64_t sum = 1469598103934665603ull; /* FNV-1a over every result */
T static void fold(__m128i v) {
  unsigned char b[16];
  memcpy(b, &v, 16);
  for (int i = 0; i < 16; i++) sum = (sum ^ b[i]) * 1099511628211ull;
}

T static __m128i keygen(__m128i a, int r) {
  switch (r) { /* the immediate must be a constant */
#define K(n) case n: return _mm_aeskeygenassist_si128(a, n);
#define K8(n) K(n) K(n + 1) K(n + 2) K(n + 3) K(n + 4) K(n + 5) K(n + 6) K(n + 7)
    K8(0) K8(8) K8(16) K8(24) K8(32) K8(40) K8(48) K8(56) K8(64) K8(72) K8(80) K8(88) K8(96)
    K8(104) K8(112) K8(120) K8(128) K8(136) K8(144) K8(152) K8(160) K8(168) K8(176) K8(184)
    K8(192) K8(200) K8(208) K8(216) K8(224) K8(232) K8(240) K8(248)
  }
  return a;
}

T static void run(void) {
  for (int i = 0; i < 256; i++) {
    __m128i a = _mm_set_epi64x((long long)rnd(), (long long)rnd());
    __m128i b = _mm_set_epi64x((long long)rnd(), (long long)rnd());
    volatile __m128i mem = b; /* a memory operand */
    fold(_mm_aesenc_si128(a, b));
    fold(_mm_aesenclast_si128(a, mem));
    fold(_mm_aesdec_si128(a, b));
    fold(_mm_aesdeclast_si128(a, mem));
    fold(_mm_aesimc_si128(a));
    fold(keygen(a, i));
    fold(_mm_clmulepi64_si128(a, b, 0x00));
    fold(_mm_clmulepi64_si128(a, mem, 0x01));
    fold(_mm_clmulepi64_si128(a, b, 0x10));
    fold(_mm_clmulepi64_si128(a, b, 0x11));
  }
  printf("checksum %016llx\n", (unsigned long long)sum);
  /* FIPS-197 C.1: AES-128, key 000102..0f, plaintext 00112233..ff. */
  unsigned char key[16], pt[16], ct[16];
  for (int i = 0; i < 16; i++) key[i] = (unsigned char)i, pt[i] = (unsigned char)(i * 0x11);
  __m128i k[11];
  k[0] = _mm_loadu_si128((const __m128i *)key);
  static const int rcon[10] = {1, 2, 4, 8, 16, 32, 64, 128, 27, 54};
  for (int r = 1; r <= 10; r++) {
    __m128i t = _mm_shuffle_epi32(keygen(k[r - 1], rcon[r - 1]), 0xff), p = k[r - 1];
    p = _mm_xor_si128(p, _mm_slli_si128(p, 4));
    p = _mm_xor_si128(p, _mm_slli_si128(p, 4));
    p = _mm_xor_si128(p, _mm_slli_si128(p, 4));
    k[r] = _mm_xor_si128(p, t);
  }
  __m128i s = _mm_xor_si128(_mm_loadu_si128((const __m128i *)pt), k[0]);
  for (int r = 1; r < 10; r++) s = _mm_aesenc_si128(s, k[r]);
  s = _mm_aesenclast_si128(s, k[10]);
  _mm_storeu_si128((__m128i *)ct, s);
  printf("FIPS-197 C.1 ciphertext ");
  for (int i = 0; i < 16; i++) printf("%02x", ct[i]);
  printf("\n");
  /* and back: decryption with the equivalent inverse cipher's keys */
  s = _mm_xor_si128(s, k[10]);
  for (int r = 9; r >= 1; r--) s = _mm_aesdec_si128(s, _mm_aesimc_si128(k[r]));
  s = _mm_aesdeclast_si128(s, k[0]);
  _mm_storeu_si128((__m128i *)ct, s);
  printf("decrypts back: %s\n", memcmp(ct, pt, 16) ? "no" : "yes");
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  printf("cpuid aes %u pclmulqdq %u\n", c >> 25 & 1, c >> 1 & 1);
  if (!(c >> 25 & 1) || !(c >> 1 & 1)) return 0;
  run();
  return 0;
}
