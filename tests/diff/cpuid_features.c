/* cpuid_features.c — CPUID facts that hold both on the host and on emu's
 * virtual CPU (emu reports only what it implements, so most leaves differ
 * by design; see src/cpu/cpuid.c): the vendor string is 12 printable
 * characters, the x86-64 baseline features are present, the extended leaves
 * exist and the brand string is printable and NUL-terminated.
 * diff-skip-gcc32 (the 64-bit facts: LM, SYSCALL)
 */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

static int printable(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < 0x20 || s[i] > 0x7e) return 0;
  return 1;
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(0, a, b, c, d);
  char vendor[13];
  memcpy(vendor, &b, 4);
  memcpy(vendor + 4, &d, 4);
  memcpy(vendor + 8, &c, 4);
  vendor[12] = 0;
  printf("max basic leaf >= 0xd: %s\n", a >= 0xd ? "yes" : "no");
  printf("vendor printable: %s\n", printable(vendor, 12) ? "yes" : "no");

  __cpuid(1, a, b, c, d);
  printf("family >= 6: %s\n", ((a >> 8) & 0xf) + ((a >> 20) & 0xff) >= 6 ? "yes" : "no");
  printf("clflush line 64: %s\n", ((b >> 8) & 0xff) == 8 ? "yes" : "no");
  static const struct {
    const char *name;
    int reg, bit;
  } f1[] = {{"fpu", 3, 0},     {"tsc", 3, 4},    {"cx8", 3, 8},     {"cmov", 3, 15},
            {"fxsr", 3, 24},   {"sse", 3, 25},   {"sse2", 3, 26},   {"cx16", 2, 13},
            {"popcnt", 2, 23}, {"xsave", 2, 26}, {"osxsave", 2, 27}};
  unsigned r1[4] = {a, b, c, d};
  for (unsigned i = 0; i < sizeof f1 / sizeof f1[0]; i++)
    printf("%s: %s\n", f1[i].name, (r1[f1[i].reg] >> f1[i].bit) & 1 ? "yes" : "no");
  printf("sse4.2: %s\n", (c >> 20) & 1 ? "yes" : "no");

  __cpuid_count(0xd, 0, a, b, c, d);
  printf("xcr0 has x87+sse: %s\n", (a & 3) == 3 ? "yes" : "no");
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  printf("xgetbv x87+sse enabled: %s\n", (lo & 3) == 3 ? "yes" : "no");

  __cpuid_count(7, 0, a, b, c, d);
  printf("bmi1: %s\nbmi2: %s\nadx: %s\n", (b >> 3) & 1 ? "yes" : "no", (b >> 8) & 1 ? "yes" : "no",
         (b >> 19) & 1 ? "yes" : "no");

  __cpuid(0x80000000, a, b, c, d);
  printf("max ext leaf >= 0x80000008: %s\n", a >= 0x80000008 ? "yes" : "no");
  __cpuid(0x80000001, a, b, c, d);
  printf("lahf_lm: %s\nlzcnt: %s\nsyscall: %s\nnx: %s\nlm: %s\n", c & 1 ? "yes" : "no",
         (c >> 5) & 1 ? "yes" : "no", (d >> 11) & 1 ? "yes" : "no", (d >> 20) & 1 ? "yes" : "no",
         (d >> 29) & 1 ? "yes" : "no");
  char brand[49] = {0};
  for (unsigned i = 0; i < 3; i++) {
    __cpuid(0x80000002 + i, a, b, c, d);
    memcpy(brand + 16 * i, &a, 4);
    memcpy(brand + 16 * i + 4, &b, 4);
    memcpy(brand + 16 * i + 8, &c, 4);
    memcpy(brand + 16 * i + 12, &d, 4);
  }
  size_t n = strlen(brand);
  printf("brand nonempty, printable, terminated: %s\n",
         n > 0 && n < 48 && printable(brand, n) ? "yes" : "no");
  __cpuid(0x80000008, a, b, c, d);
  /* 48, or 57 on a processor with 5-level paging (LA57), whichever the
   * kernel uses: emu reports 48. */
  unsigned la = (a >> 8) & 0xff;
  printf("linear address bits 48 or 57: %s\n", la == 48 || la == 57 ? "yes" : "no");
  return 0;
}
