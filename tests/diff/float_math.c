/* float_math.c — libm functions over a grid of arguments.  Transcendental results are
 * printed to 15 significant digits: libm may pick a different (FMA or not) code path
 * from CPUID, and those paths may differ in the last bit; exactly specified functions
 * (sqrt, fmod, remainder, frexp, ldexp, modf, floor, ...) are printed in full with %a.
 * diff-pie
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

double args[] = {-10.5, -2.0, -1.0, -0.75, -0.1, 0.0,  0.1,    0.5,
                 0.75,  1.0,  1.5,  2.0,   3.0,  10.0, 100.25, 1e6};
#define NA (sizeof args / sizeof args[0])

static void p15(const char *name, double v) { printf(" %s=%.15g", name, v); }

int main(void) {
  for (unsigned i = 0; i < NA; i++) {
    double x = args[i];
    printf("x=%g:", x);
    p15("sin", sin(x));
    p15("cos", cos(x));
    p15("tan", tan(x));
    p15("atan", atan(x));
    p15("exp", exp(x / 8));
    p15("sinh", sinh(x / 8));
    p15("tanh", tanh(x));
    if (x > 0) {
      p15("log", log(x));
      p15("log10", log10(x));
      p15("log2", log2(x));
      p15("pow", pow(x, 1.7));
      p15("cbrt", cbrt(x));
      p15("lgamma", lgamma(x));
    }
    if (x >= -1 && x <= 1) {
      p15("asin", asin(x));
      p15("acos", acos(x));
    }
    p15("atan2", atan2(x, 0.3));
    p15("hypot", hypot(x, 2.5));
    p15("expm1", expm1(x / 100));
    p15("log1p", log1p(fabs(x)));
    p15("erf", erf(x / 4));
    printf("\n");
    printf("  exact: sqrt %a fmod %a remainder %a floor %a ceil %a trunc %a", sqrt(fabs(x)),
           fmod(x, 0.7), remainder(x, 0.7), floor(x), ceil(x), trunc(x));
    int e;
    double m = frexp(x, &e), ip;
    double fp = modf(x, &ip);
    printf(" frexp %a,%d ldexp %a modf %a,%a copysign %a fmin %a fdim %a\n", m, e, ldexp(x, -3), fp,
           ip, copysign(3.0, -x), fmin(x, 0.25), fdim(x, 1.0));
  }
  /* Float variants. */
  for (unsigned i = 0; i < NA; i++) {
    float x = (float)args[i];
    printf("f x=%g: sqrtf %a fabsf %a floorf %a sinf %.6g expf %.6g\n", (double)x,
           (double)sqrtf(fabsf(x)), (double)fabsf(x), (double)floorf(x), (double)sinf(x),
           (double)expf(x / 8));
  }
  /* Rounding modes change rint and arithmetic. */
  int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  const char *names[] = {"nearest", "upward", "downward", "towardzero"};
  volatile double a = 1.0, b = 3.0, h = 2.5, mh = -2.5, s = 7.5; /* volatile: no folding */
  for (int i = 0; i < 4; i++) {
    fesetround(modes[i]);
    printf("round %s: rint(2.5) %g rint(-2.5) %g 1/3 %a lrint(7.5) %ld\n", names[i], rint(h),
           rint(mh), a / b, lrint(s));
  }
  fesetround(FE_TONEAREST);
  /* Exceptions raised by arithmetic. */
  feclearexcept(FE_ALL_EXCEPT);
  volatile double z = 0.0, r = 1.0 / z;
  printf("1/0 = %g divbyzero %d\n", r, fetestexcept(FE_DIVBYZERO) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = a / b;
  printf("1/3 inexact %d\n", fetestexcept(FE_INEXACT) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = sqrt(-z - 1.0);
  printf("sqrt(-1) nan %d invalid %d\n", isnan(r), fetestexcept(FE_INVALID) != 0);
  return 0;
}
