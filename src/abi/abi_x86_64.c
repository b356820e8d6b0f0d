/* abi_x86_64.c — the x86-64 system-call table: number -> row and handler.
 * Numbers come from the host's asm/unistd_64.h (build/gen/sysnr_*.inc), the
 * rows from calls_*.inc (see abi.h).  Unlisted numbers keep their name for
 * traces and return -ENOSYS. */
#include "abi.h"

static const char *const names64[] = {
#define SYSNR(nr, name) [nr] = #name,
#include "sysnr_x86_64.inc"
#undef SYSNR
};

/* Indexed by number + 1: the rows of calls x86-64 lacks (number -1) all
 * land in slot 0, which no number reaches. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct sys_desc systab64[ARRAY_SIZE(names64) + 1] = {
#define CALL(n, h64, ...) [LX64_NR_##n + 1] = {&abi_rows[ABI_ROW_##n], &sysh_##h64},
#define SHOW(...)
#include "calls.inc"
#undef CALL
#undef SHOW
};
#pragma GCC diagnostic pop

const struct sys_desc *abi64_lookup(long nr, const char **name) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names64)) {
    *name = NULL;
    return NULL;
  }
  *name = names64[nr];
  const struct sys_desc *d = &systab64[nr + 1];
  return d->h && d->h->fn ? d : NULL;
}

const char *abi64_name(long nr) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names64)) return NULL;
  return names64[nr];
}
