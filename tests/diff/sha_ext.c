/* The SHA extensions (issue 9, item 9): SHA1RNDS4 (every function
 * selector), SHA1NEXTE, SHA1MSG1, SHA1MSG2, SHA256RNDS2 (XMM0 implicit),
 * SHA256MSG1 and SHA256MSG2 on pseudo-random operands, register and memory
 * forms, compared with the CPU; CPUID leaf 7's SHA bit; and SHA-256("abc")
 * computed with them (FIPS 180-4's example, ba7816bf...).
 * diff-host-only: i386 (QEMU 7.2's software CPU in the oracle VM has no SHA extensions)
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define T __attribute__((target("sha,sse4.1")))

static uint64_t rs = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
static uint64_t sum = 1469598103934665603ull;
T static void fold(__m128i v) {
  unsigned char b[16];
  memcpy(b, &v, 16);
  for (int i = 0; i < 16; i++) sum = (sum ^ b[i]) * 1099511628211ull;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* One SHA-256 block with SHA256RNDS2/MSG1/MSG2 (state as ABEF, CDGH). */
T static void sha256_block(uint32_t h[8], const unsigned char blk[64]) {
  __m128i abef = _mm_set_epi32((int)h[0], (int)h[1], (int)h[4], (int)h[5]);
  __m128i cdgh = _mm_set_epi32((int)h[2], (int)h[3], (int)h[6], (int)h[7]);
  __m128i save0 = abef, save1 = cdgh, m[4];
  const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
  for (int i = 0; i < 4; i++) m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)blk + i), bswap);
  for (int i = 0; i < 16; i++) {
    __m128i w = m[i & 3];
    if (i >= 4) {
      w = _mm_sha256msg1_epu32(m[i & 3], m[(i + 1) & 3]);
      w = _mm_add_epi32(w, _mm_alignr_epi8(m[(i + 3) & 3], m[(i + 2) & 3], 4));
      w = _mm_sha256msg2_epu32(w, m[(i + 3) & 3]);
      m[i & 3] = w;
    }
    __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K256[4 * i]));
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));
  }
  abef = _mm_add_epi32(abef, save0);
  cdgh = _mm_add_epi32(cdgh, save1);
  uint32_t a[4], c[4];
  _mm_storeu_si128((__m128i *)a, abef);
  _mm_storeu_si128((__m128i *)c, cdgh);
  h[0] = a[3], h[1] = a[2], h[4] = a[1], h[5] = a[0];
  h[2] = c[3], h[3] = c[2], h[6] = c[1], h[7] = c[0];
}

T static void run(void) {
  for (int i = 0; i < 256; i++) {
    __m128i a = _mm_set_epi64x((long long)rnd(), (long long)rnd());
    __m128i b = _mm_set_epi64x((long long)rnd(), (long long)rnd());
    __m128i k = _mm_set_epi64x((long long)rnd(), (long long)rnd());
    volatile __m128i mem = b;
    fold(_mm_sha1rnds4_epu32(a, b, 0));
    fold(_mm_sha1rnds4_epu32(a, mem, 1));
    fold(_mm_sha1rnds4_epu32(a, b, 2));
    fold(_mm_sha1rnds4_epu32(a, b, 3));
    fold(_mm_sha1nexte_epu32(a, mem));
    fold(_mm_sha1msg1_epu32(a, b));
    fold(_mm_sha1msg2_epu32(a, mem));
    fold(_mm_sha256rnds2_epu32(a, b, k));
    fold(_mm_sha256rnds2_epu32(a, mem, k));
    fold(_mm_sha256msg1_epu32(a, b));
    fold(_mm_sha256msg2_epu32(a, mem));
  }
  printf("checksum %016llx\n", (unsigned long long)sum);
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char blk[64] = {'a', 'b', 'c', 0x80};
  blk[63] = 24; /* the message length in bits */
  sha256_block(h, blk);
  printf("SHA-256(\"abc\") ");
  for (int i = 0; i < 8; i++) printf("%08x", h[i]);
  printf("\n");
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid_count(7, 0, a, b, c, d);
  printf("cpuid sha %u\n", b >> 29 & 1);
  if (b >> 29 & 1) run();
  return 0;
}
