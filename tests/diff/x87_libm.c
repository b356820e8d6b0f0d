/* x87_libm.c — long double arithmetic, printf/strtold and libm (sinl, expl,
 * powl, fmodl, ...) through the x87; prints exact hex (%La) and decimal. */
// diff-vm-mask: ^(logl|atan2l) .* -- QEMU's software FPU computes FYL2X and FPATAN with an error in the last bit
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long double vals[] = {
    0.0L,        -0.0L,     1.0L,      -1.0L,
    0.5L,        3.0L,      10.0L,     1e-5L,
    123456.789L, -2.5e300L, 1.0e4000L, 3.6e-4951L /* denormal */,
    1.18e-4932L, LDBL_MAX,  LDBL_MIN,  3.14159265358979323846264338327950288L,
    0.7L,        -0.3L,     1e18L,     9.2233720368547758e18L,
};
#define N (int)(sizeof vals / sizeof vals[0])

static void p(const char *what, long double x) { printf("%-10s %La %.21Le\n", what, x, x); }

static void arith(void) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j += 3) {
      long double a = vals[i], b = vals[j];
      printf("%d %d: %La %La %La %La\n", i, j, a + b, a - b, a * b, a / b);
    }
    double d = (double)vals[i];
    float f = (float)vals[i];
    long long ll = vals[i] > -9e18L && vals[i] < 9e18L ? (long long)vals[i] : 0;
    printf("%d: conv %a %a %lld %Lf\n", i, d, (double)f, ll, vals[i] < 1e30L ? vals[i] : 0.0L);
  }
}

static void rounding(void) {
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    volatile long double third = 1.0L / 3.0L, x = vals[8];
    printf("mode %d: %La %La %La %.0Lf %ld %lld\n", m, third, sqrtl(2.0L), x * 1.1L, x, lrintl(x),
           llrintl(-x));
    p("rintl", rintl(2.5L));
    p("nearbyint", nearbyintl(-3.5L));
  }
  fesetround(FE_TONEAREST);
}

static void libm(void) {
  for (int i = 0; i < N; i++) {
    long double x = vals[i];
    if (fabsl(x) > 1e300L) continue;
    printf("x = %La\n", x);
    p("sinl", sinl(x));
    p("cosl", cosl(x));
    p("tanl", tanl(x));
    p("atanl", atanl(x));
    p("expl", expl(x / 64));
    p("exp2l", exp2l(x / 64));
    p("expm1l", expm1l(x / 64));
    p("logl", logl(fabsl(x)));
    p("log2l", log2l(fabsl(x)));
    p("log10l", log10l(fabsl(x)));
    p("log1pl", log1pl(fabsl(x)));
    p("sqrtl", sqrtl(fabsl(x)));
    p("cbrtl", cbrtl(x));
    p("powl", powl(fabsl(x), 0.75L));
    p("fmodl", fmodl(x, 0.7L));
    p("remainder", remainderl(x, 0.3L));
    p("atan2l", atan2l(x, -0.5L));
    p("hypotl", hypotl(x, 3.0L));
    p("floorl", floorl(x));
    p("ceill", ceill(x));
    p("truncl", truncl(x));
    p("roundl", roundl(x));
    int e;
    long double fr = frexpl(x, &e), ip = 0;
    printf("frexpl %La %d ldexpl %La\n", fr, e, ldexpl(fr, e + 3));
    long double fp = modfl(x, &ip);
    printf("modfl %La %La\n", fp, ip);
  }
}

static void strings(void) {
  static const char *s[] = {"0.1",
                            "-1e-4950",
                            "1e4933",
                            "3.14159265358979323846264338327950288",
                            "0x1.fffffffffffffffep16383",
                            "nan",
                            "-inf",
                            "2.5e-4949",
                            "123456789012345678901234567890",
                            "1.00000000000000000000000000001"};
  for (int i = 0; i < (int)(sizeof s / sizeof s[0]); i++) {
    long double x = strtold(s[i], NULL);
    printf("%s -> %La %Le %.30Lg\n", s[i], x, x, x);
  }
  printf("%Lf %Le %Lg %.40Lf\n", (long double)M_PI, 1e-300L * 1e-300L, LDBL_MAX, 1.0L / 7);
}

static void exceptions(void) {
  feclearexcept(FE_ALL_EXCEPT);
  volatile long double z = 0.0L, one = 1.0L, r;
  r = one / z;
  printf("1/0 %La divbyzero %d\n", r, !!fetestexcept(FE_DIVBYZERO));
  feclearexcept(FE_ALL_EXCEPT);
  r = z / z;
  printf("0/0 %La invalid %d\n", r, !!fetestexcept(FE_INVALID));
  feclearexcept(FE_ALL_EXCEPT);
  r = LDBL_MAX * 2;
  printf("ovf %La overflow %d inexact %d\n", r, !!fetestexcept(FE_OVERFLOW),
         !!fetestexcept(FE_INEXACT));
  feclearexcept(FE_ALL_EXCEPT);
  r = LDBL_MIN / 3;
  printf("unf %La underflow %d\n", r, !!fetestexcept(FE_UNDERFLOW));
  feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
  arith();
  rounding();
  libm();
  strings();
  exceptions();
  return 0;
}
