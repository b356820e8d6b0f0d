/* sse_mmx.c — MMX through <mmintrin.h>/<xmmintrin.h>: arithmetic, packs, unpacks,
 * shifts, pshufw, pmovmskb and conversions on mm registers, then EMMS and x87
 * arithmetic to show the aliased x87 state is handed back intact.
 */
// diff-vm-mask: ^  cvtpi2ps .* -- QEMU's software CPU converts CVTPI2PS's upper lanes differently from hardware
#pragma GCC target("mmx,sse2")
#include <emmintrin.h>
#include <mmintrin.h>
#include <stdio.h>
#include <string.h>

static void p(const char *name, __m64 v) {
  unsigned long long x;
  memcpy(&x, &v, 8);
  printf("  %-10s %016llx\n", name, x);
}

int main(void) {
  __m64 a = _mm_set_pi16(0x7fff, (short)0x8000, 0x1234, (short)0xfedc);
  __m64 b = _mm_set_pi16(0x0001, (short)0xffff, 0x7f80, 0x0102);
  printf("mmx:\n");
  p("adds16", _mm_adds_pi16(a, b));
  p("subsu8", _mm_subs_pu8(a, b));
  p("mullo", _mm_mullo_pi16(a, b));
  p("mulhi", _mm_mulhi_pi16(a, b));
  p("madd", _mm_madd_pi16(a, b));
  p("packs16", _mm_packs_pi16(a, b));
  p("packus", _mm_packs_pu16(a, b));
  p("packs32", _mm_packs_pi32(a, b));
  p("unpkhi8", _mm_unpackhi_pi8(a, b));
  p("unpklo16", _mm_unpacklo_pi16(a, b));
  p("cmpgt16", _mm_cmpgt_pi16(a, b));
  p("srai", _mm_srai_pi16(a, 3));
  p("sll64", _mm_sll_si64(a, _mm_cvtsi32_si64(12)));
  p("shufw", _mm_shuffle_pi16(a, 0x1b));
  p("avg", _mm_avg_pu8(a, b));
  p("sad", _mm_sad_pu8(a, b));
  p("maxs16", _mm_max_pi16(a, b));
  p("insert", _mm_insert_pi16(a, 0xbeef, 2));
  printf("  extract %d movemask %#x\n", _mm_extract_pi16(b, 1), _mm_movemask_pi8(a));
  __m128 f = _mm_cvtpi32_ps(_mm_set1_ps(9.5f), _mm_set_pi32(-7, 1 << 30));
  float out[4];
  _mm_storeu_ps(out, f);
  printf("  cvtpi2ps %a %a %a %a\n", out[0], out[1], out[2], out[3]);
  p("cvtps2pi", _mm_cvtps_pi32(_mm_set_ps(0, 0, -2.5f, 3.5f)));
  volatile float big = 3e9f; /* out of range: the integer indefinite, at run time */
  p("cvttps2pi", _mm_cvttps_pi32(_mm_set_ps(0, 0, -2.5f, big)));
  _mm_empty();
  volatile double x = 1.0 / 3.0;
  volatile long double l = (long double)x * 3.0L;
  printf("after emms: %a %La\n", x * 3.0, l);
  return 0;
}
