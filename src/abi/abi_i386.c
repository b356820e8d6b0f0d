/* abi_i386.c — the i386 system-call table: number -> row and handler.
 * Numbers come from the host's asm/unistd_32.h (build/gen/sysnr_*.inc), the
 * rows from calls_*.inc (see abi.h).  Unlisted numbers keep their name for
 * traces and return -ENOSYS.  Mirrors arch/x86/entry/syscalls/syscall_32.tbl's
 * compat entry points. */
#include "abi.h"

static const char *const names32[] = {
#define SYSNR(nr, name) [nr] = #name,
#include "sysnr_i386.inc"
#undef SYSNR
};

/* Indexed by number + 1: the rows of calls i386 lacks (number -1) all
 * land in slot 0, which no number reaches. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct sys_desc systab32[ARRAY_SIZE(names32) + 1] = {
#define CALL(n, h64, h32, ...) [LX32_NR_##n + 1] = {&abi_rows[ABI_ROW_##n], &sysh_##h32},
#define SHOW(...)
#include "calls.inc"
#undef CALL
#undef SHOW
};
#pragma GCC diagnostic pop

const struct sys_desc *abi32_lookup(long nr, const char **name) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names32)) {
    *name = NULL;
    return NULL;
  }
  *name = names32[nr];
  const struct sys_desc *d = &systab32[nr + 1];
  return d->h && d->h->fn ? d : NULL;
}

const char *abi32_name(long nr) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names32)) return NULL;
  return names32[nr];
}
