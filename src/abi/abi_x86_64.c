/* abi_x86_64.c — the x86-64 system-call table: number -> name, handler,
 * argument count.  Numbers come from the host's asm/unistd_64.h
 * (build/gen/sysnr_x86_64.inc); each subsystem contributes the calls it serves
 * in tab64_<subsystem>.inc.  Unlisted numbers keep their name for traces and
 * return -ENOSYS. */
#include "abi.h"

#define SYSNR(nr, name) LX64_NR_##name = nr,
enum {
#include "sysnr_x86_64.inc"
  LX64_NR_MAX_PLUS_ONE
};
#undef SYSNR

/* Every row's handler must exist: a missing one is a link error (a call
 * emu does not serve has no row and answers -ENOSYS). */
#define SYS64(name, n) SYS_DECL(name);
#include "tab64_all.inc"
#undef SYS64

static const char *const names64[] = {
#define SYSNR(nr, name) [nr] = #name,
#include "sysnr_x86_64.inc"
#undef SYSNR
};

static const struct sys_desc systab64[ARRAY_SIZE(names64)] = {
#define SYS64(name, n) [LX64_NR_##name] = {#name, sys_##name, n},
#include "tab64_all.inc"
#undef SYS64
};

const struct sys_desc *abi64_lookup(long nr, const char **name) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names64)) {
    *name = NULL;
    return NULL;
  }
  *name = names64[nr];
  return systab64[nr].fn ? &systab64[nr] : NULL;
}

const char *abi64_name(long nr) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names64)) return NULL;
  return names64[nr];
}
