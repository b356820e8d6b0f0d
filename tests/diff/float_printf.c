/* float_printf.c — formatting and parsing of doubles and floats: printf %a %g %e %f
 * %.17g, strtod/strtof on decimal, hex, edge and malformed inputs, and the correctly
 * rounded arithmetic (+ - * / sqrt fma, conversions) that feeds them.  The native run
 * is the oracle.
 * diff-pie
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double dvals[] = {0.0,
                  -0.0,
                  1.0,
                  -1.5,
                  0.1,
                  1.0 / 3,
                  2.0 / 3,
                  1e-300,
                  1e300,
                  123456789.125,
                  6.02214076e23,
                  5e-324,
                  2.2250738585072014e-308,
                  DBL_MAX,
                  M_PI,
                  M_E,
                  0.5,
                  1e15 + 0.3,
                  4503599627370497.0};

const char *inputs[] = {"0",
                        "-0",
                        "1e10",
                        "0x1.8p3",
                        "  42abc",
                        "1e400",
                        "-1e400",
                        "1e-400",
                        "inf",
                        "-Infinity",
                        "nan",
                        "3.14159265358979323846",
                        "0.1e-5",
                        ".5",
                        "5.",
                        "abc",
                        "",
                        "1e+",
                        "2.2250738585072011e-308",
                        "0x1p-1074",
                        "123456789012345678901234567890",
                        "9007199254740993",
                        "4.9406564584124654e-324"};

static void print_double(double d) {
  printf("%a | %g | %e | %.17g | %.3f | %10.4f | %-12.2e| %+g\n", d, d, d, d, d, d, d, d);
}

int main(void) {
  for (unsigned i = 0; i < sizeof dvals / sizeof dvals[0]; i++) print_double(dvals[i]);
  print_double(INFINITY);
  print_double(-INFINITY);
  printf("nan: %f %g\n", fabs(NAN), fabs(NAN));
  for (unsigned i = 0; i < sizeof dvals / sizeof dvals[0]; i++) {
    float f = (float)dvals[i];
    printf("float %a %.9g %g\n", (double)f, (double)f, (double)f);
  }
  for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char *end;
    errno = 0;
    double d = strtod(inputs[i], &end);
    int e1 = errno;
    errno = 0;
    float f = strtof(inputs[i], NULL);
    int e2 = errno;
    printf("strtod(\"%s\") = %a (%.17g) consumed %d errno %d; strtof %a errno %d\n", inputs[i], d,
           d, (int)(end - inputs[i]), e1, (double)f, e2);
  }
  /* Correctly rounded operations: identical on every IEEE machine. */
  double acc = 0, prod = 1;
  for (int i = 1; i <= 200; i++) {
    double x = dvals[i % 19] + i, y = i * 0.37;
    acc += x / y - sqrt(x * y);
    prod = fma(prod, 1.0001, 1e-9 * i);
    float fx = (float)x, fy = (float)y;
    if (i % 40 == 0)
      printf("i=%d acc %a prod %a fdiv %a fsqrt %a\n", i, acc, prod, (double)(fx / fy),
             (double)sqrtf(fx));
  }
  /* Conversions between integers and floating point, including rounding and saturation. */
  double cvt[] = {0.5, 1.5, 2.5, -0.5, -1.5, 2147483647.5, -2147483648.9, 1e19, -1e19, 0x1p63};
  for (unsigned i = 0; i < sizeof cvt / sizeof cvt[0]; i++) {
    double d = cvt[i];
    long long ll = (d > -9.3e18 && d < 9.3e18) ? (long long)d : 0;
    unsigned long long ull = (d >= 0 && d < 1.8e19) ? (unsigned long long)d : 0;
    printf(
        "cvt %g: trunc %lld utrunc %llu lrint %ld rint %g nearbyint %g round %g floor %g ceil %g\n",
        d, ll, ull, (d > -9e18 && d < 9e18) ? lrint(d) : 0L, rint(d), nearbyint(d), round(d),
        floor(d), ceil(d));
  }
  for (int64_t v = -5; v <= 5; v++) {
    int64_t big = v * 1000000007LL * 1000000009LL;
    printf("i2f %lld -> %a %a\n", (long long)big, (double)big, (double)(float)big);
  }
  printf("u2f %a %a\n", (double)UINT64_MAX, (double)(UINT64_MAX - 1024));
  return 0;
}
