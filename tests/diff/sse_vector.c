/* sse_vector.c — vectorised integer and floating-point loops, SSE2 intrinsics
 * (saturating, shuffles, packs, compares, movemask, shifts), double/float arithmetic
 * in every rounding mode with the MXCSR flags, and conversions; results are printed
 * in full (%a and hex) so any bit of difference shows.
 */
/* Built by the harness with -O2; vectorise like -O3, and SSE2 also for -m32. */
#pragma GCC optimize("tree-vectorize")
#pragma GCC target("sse2")
#include <emmintrin.h>
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 203
static float fa[N], fb[N], fc[N];
static double da[N], db[N], dc[N];
static int32_t ia[N], ib[N], ic[N];
static int16_t sa[N], sb[N], sc[N];
static uint8_t ua[N], ub[N], uc[N];

static uint32_t seed = 12345;
static uint32_t rnd(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 1;
}

static uint32_t hash(const void *p, size_t n) {
  const uint8_t *b = p;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
  return h;
}

static void loops(void) {
  for (int i = 0; i < N; i++) {
    fc[i] = fa[i] * fb[i] + fa[i] / (fb[i] + 3.0f);
    dc[i] = da[i] * db[i] - da[i] / (db[i] - 7.0);
    ic[i] = ia[i] * 3 + (ib[i] >> 3) - (ia[i] ^ ib[i]);
    sc[i] = (int16_t)(sa[i] * sb[i] + (sa[i] >> 2));
    uc[i] = (uint8_t)((ua[i] + ub[i] + 1) >> 1);
  }
  float fs = 0;
  double ds = 0;
  int64_t is = 0;
  int mx = INT32_MIN;
  float fmx = -1e30f;
  for (int i = 0; i < N; i++) {
    fs += fc[i];
    ds += dc[i];
    is += ic[i];
    mx = ic[i] > mx ? ic[i] : mx;
    fmx = fc[i] > fmx ? fc[i] : fmx;
  }
  printf("loops: fs=%a ds=%a is=%lld mx=%d fmx=%a\n", fs, ds, (long long)is, mx, fmx);
  printf("  hash f=%08x d=%08x i=%08x s=%08x u=%08x\n", hash(fc, sizeof fc), hash(dc, sizeof dc),
         hash(ic, sizeof ic), hash(sc, sizeof sc), hash(uc, sizeof uc));
}

static void pv(const char *name, __m128i v) {
  uint32_t w[4];
  _mm_storeu_si128((__m128i *)w, v);
  printf("  %-10s %08x %08x %08x %08x\n", name, w[3], w[2], w[1], w[0]);
}

static void intrinsics(void) {
  __m128i a = _mm_set_epi32(0x7fff8000, 0x00ff7f80, (int)0xffff0001, 0x12345678);
  __m128i b = _mm_set_epi32((int)0x80017fff, 0x01010101, (int)0xfedcba98, 0x00007fff);
  printf("intrinsics:\n");
  pv("adds16", _mm_adds_epi16(a, b));
  pv("addsu8", _mm_adds_epu8(a, b));
  pv("subs8", _mm_subs_epi8(a, b));
  pv("subsu16", _mm_subs_epu16(a, b));
  pv("mullo", _mm_mullo_epi16(a, b));
  pv("mulhi", _mm_mulhi_epi16(a, b));
  pv("mulhu", _mm_mulhi_epu16(a, b));
  pv("mul_epu32", _mm_mul_epu32(a, b));
  pv("madd", _mm_madd_epi16(a, b));
  pv("sad", _mm_sad_epu8(a, b));
  pv("avg8", _mm_avg_epu8(a, b));
  pv("packs16", _mm_packs_epi16(a, b));
  pv("packus", _mm_packus_epi16(a, b));
  pv("packs32", _mm_packs_epi32(a, b));
  pv("unpklo8", _mm_unpacklo_epi8(a, b));
  pv("unpkhi16", _mm_unpackhi_epi16(a, b));
  pv("unpkhi64", _mm_unpackhi_epi64(a, b));
  pv("cmpgt8", _mm_cmpgt_epi8(a, b));
  pv("cmpeq16", _mm_cmpeq_epi16(a, a));
  pv("shuf1b", _mm_shuffle_epi32(a, 0x1b));
  pv("shufhi", _mm_shufflehi_epi16(a, 0x4e));
  pv("shuflo", _mm_shufflelo_epi16(b, 0xb1));
  pv("srli3", _mm_srli_epi16(a, 3));
  pv("srai9", _mm_srai_epi32(b, 9));
  pv("slli40", _mm_slli_epi64(a, 40));
  pv("srldq5", _mm_srli_si128(a, 5));
  pv("slldq3", _mm_slli_si128(b, 3));
  pv("sll_cnt", _mm_sll_epi32(a, _mm_cvtsi32_si128(7)));
  pv("sra_big", _mm_sra_epi16(b, _mm_cvtsi32_si128(99)));
  pv("insert", _mm_insert_epi16(a, 0xbeef, 5));
  printf("  extract %d movemask %#x\n", _mm_extract_epi16(b, 6), _mm_movemask_epi8(a));
  __m128 x = _mm_set_ps(-1.5f, 0.0f, 3.25f, -0.0f), y = _mm_set_ps(2.0f, -0.0f, 1e-40f, 7.0f);
  printf("  movmskps %d cmplt %d cmpord %d\n", _mm_movemask_ps(x),
         _mm_movemask_ps(_mm_cmplt_ps(x, y)), _mm_movemask_ps(_mm_cmpord_ps(x, y)));
  pv("shufps", _mm_castps_si128(_mm_shuffle_ps(x, y, 0x6c)));
  pv("minps", _mm_castps_si128(_mm_min_ps(x, y)));
  pv("maxps", _mm_castps_si128(_mm_max_ps(x, y)));
  pv("andnps", _mm_castps_si128(_mm_andnot_ps(x, y)));
  pv("cvtps2dq", _mm_cvtps_epi32(x));
  pv("cvtdq2ps", _mm_castps_si128(_mm_cvtepi32_ps(a)));
  __m128d p = _mm_set_pd(2.5, -3.5), q = _mm_set_pd(1e300, -1e-310);
  pv("cvtpd2dq", _mm_cvtpd_epi32(p));
  pv("cvttpd2dq", _mm_cvttpd_epi32(_mm_set_pd(-2.7, 3e10)));
  pv("mulpd", _mm_castpd_si128(_mm_mul_pd(p, q)));
  pv("sqrtpd", _mm_castpd_si128(_mm_sqrt_pd(_mm_set_pd(2.0, -1.0))));
  pv("cvtpd2ps", _mm_castps_si128(_mm_cvtpd_ps(q)));
  pv("unpcklpd", _mm_castpd_si128(_mm_unpacklo_pd(p, q)));
  printf("  comi %d %d %d ucomi %d\n", _mm_comilt_sd(p, q), _mm_comieq_sd(p, p),
         _mm_comigt_sd(q, p), _mm_ucomineq_sd(_mm_set_sd(0.0 / 0.0), p));
}

static void rounding(void) {
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  static const char *names[] = {"near", "down", "up", "zero"};
  volatile double one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308, neg = -2.5;
  volatile float fone = 1.0f, fthree = 3.0f;
  volatile long long ll = 9007199254740993LL;
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    feclearexcept(FE_ALL_EXCEPT);
    double q = one / three;
    float fq = fone / fthree;
    double s = __builtin_sqrt(three);
    double r = __builtin_rint(neg);
    long li = __builtin_lrint(neg);
    double cv = (double)ll;
    float cf = (float)q;
    int ex1 = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    double ov = big * 10.0;
    int ex2 = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    double un = tiny / 1e10;
    int ex3 = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    double inv = (one - one) / (three - three);
    int ex4 = fetestexcept(FE_ALL_EXCEPT);
    printf("%s: q=%a fq=%a s=%a r=%a li=%ld cv=%a cf=%a ov=%a un=%a inv_nan=%d ex=%x %x %x %x\n",
           names[m], q, fq, s, r, li, cv, cf, ov, un, inv != inv, ex1, ex2, ex3, ex4);
  }
  fesetround(FE_TONEAREST);
}

static void printing(void) {
  double v[] = {0.1, 1.0 / 3, 2.0 / 3, 1e-300, 123456789.125, -0.0, 6.02214076e23, 5e-324};
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
    printf("%.17g %e %f %g\n", v[i], v[i], v[i] * 1e3, (float)v[i]);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    fa[i] = (float)(rnd() % 20001) / 37.0f - 270.0f;
    fb[i] = (float)(rnd() % 3001) / 7.0f - 200.0f;
    da[i] = (double)(rnd() % 200001) / 3.0 - 33333.0;
    db[i] = (double)(rnd() % 5001) / 11.0 + 1e-3;
    ia[i] = (int32_t)rnd() - 0x3fffffff;
    ib[i] = (int32_t)rnd();
    sa[i] = (int16_t)rnd();
    sb[i] = (int16_t)rnd();
    ua[i] = (uint8_t)rnd();
    ub[i] = (uint8_t)rnd();
  }
  loops();
  intrinsics();
  rounding();
  printing();
  return 0;
}
