/* misc_snprintf.c — printf-family formatting: integer conversions in every length
 * modifier, flags, widths and precisions (also from *), strings, chars, %n, %%,
 * truncation and the return value of snprintf, and sscanf/strtol parsing.
 * diff-pie
 * diff-cflags: -Wno-format-truncation
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

int main(void) {
  char buf[256];
  long long vals[] = {0,   1,     -1,      42,      -42,       127,      -128,
                      255, 65535, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN};
  for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    long long v = vals[i];
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%hhd] [%hd] [%ld] [%lld]\n", (int)v, (int)v,
           (int)v, (int)v, (int)v, (int)v, (signed char)v, (short)v, (long)v, v);
    printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%llx] [%.8x] [%8.4x] [%-#10llo] [%jd] [%zu]\n",
           (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
           (unsigned long long)v, (unsigned)v, (unsigned)v, (unsigned long long)v, (intmax_t)v,
           (size_t)v);
  }
  printf("[%s] [%10s] [%-10s] [%.3s] [%*s] [%-*.*s] [%c] [%5c] [%%]\n", "str", "right", "left",
         "truncate", 6, "star", 8, 2, "precision", 'x', 'y');
  printf("[%p] [%5.1s]\n", (void *)0, "ab");
  int n1 = 0, n2 = 0;
  printf("count%n chars%n\n", &n1, &n2);
  printf("n1 %d n2 %d\n", n1, n2);
  for (int size = 0; size <= 12; size += 3) {
    int r = snprintf(buf, (size_t)size, "%s-%d", "truncated", 12345);
    printf("snprintf size %d returns %d: \"%s\"\n", size, r, size ? buf : "(untouched)");
  }
  int a, b;
  char word[32];
  double d;
  int got = sscanf("  17 0x1f hello 2.5e3 rest", "%d %i %31s %lf", &a, &b, word, &d);
  printf("sscanf %d: %d %d %s %g\n", got, a, b, word, d);
  const char *nums[] = {"123", "-0x7f", "0777", "99999999999999999999", "12abc", "  -5", "z"};
  for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    char *end;
    errno = 0;
    long v = strtol(nums[i], &end, 0);
    int e = errno;
    errno = 0;
    unsigned long long u = strtoull(nums[i], NULL, 16);
    printf("strtol(%s) = %ld end+%d errno %d; strtoull16 = %llu errno %d\n", nums[i], v,
           (int)(end - nums[i]), e, u, errno);
  }
  printf("atoi %d atol %ld\n", atoi("  -77x"), atol("9000000000"));
  return 0;
}
