/* probe32_read.h — for the unit tests: the i386 layout probes (probes/ folder): CMake
 * compiles each with gcc -m32 -S into PROBE_DIR/<name>.s; probe32_load reads that
 * assembly and probe32_value finds the "@@key value@@" marker PROBE32 left there.  No
 * i386 program runs, so the answer is the compiler's on every host. */
#ifndef TESTS_UNIT_PROBE32_READ_H
#define TESTS_UNIT_PROBE32_READ_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probe's assembly (PROBE_DIR "/<name>.s"), or NULL with why in err. */
static inline char *probe32_load(const char *name, char *err, size_t errn) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.s", PROBE_DIR, name);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errn, "%s is missing: the build did not compile probes/%s.c with gcc -m32 -S",
             path, name);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0, k;
  char *text = malloc(cap);
  while (text && (k = fread(text + n, 1, cap - n - 1, f)) > 0) {
    n += k;
    if (n + 1 == cap) text = realloc(text, cap *= 2);
  }
  fclose(f);
  if (text) text[n] = 0;
  return text;
}

/* The value PROBE32(key, ...) recorded, or -1 when the assembly has no such key. */
static inline long probe32_value(const char *text, const char *key) {
  size_t k = strlen(key);
  for (const char *p = text; (p = strstr(p, "@@")) != NULL; p += 2) {
    if (!strncmp(p + 2, key, k) && p[2 + k] == ' ') return strtol(p + 3 + k, NULL, 10);
    const char *end = strstr(p + 2, "@@"); /* skip to the marker's closing @@ */
    if (!end) break;
    p = end;
  }
  return -1;
}
#endif
