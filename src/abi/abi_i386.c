/* abi_i386.c — the i386 system-call table: number -> name, handler,
 * argument count and signed arguments.  Numbers come from the host's
 * asm/unistd_32.h (build/gen/sysnr_i386.inc); each subsystem contributes
 * the calls it serves in tab32_<subsystem>.inc (see abi.h).
 * Mirrors arch/x86/entry/syscalls/syscall_32.tbl's compat entry points. */
#include "abi.h"

#define SYSNR(nr, name) LX32_NR_##name = nr,
enum {
#include "sysnr_i386.inc"
  LX32_NR_MAX_PLUS_ONE
};
#undef SYSNR

#define SYS32(name, n, fn, sx) SYS_DECL(fn);
#include "tab32_all.inc"
#undef SYS32

static const char *const names32[] = {
#define SYSNR(nr, name) [nr] = #name,
#include "sysnr_i386.inc"
#undef SYSNR
};

static const struct sys_desc systab32[ARRAY_SIZE(names32)] = {
#define SYS32(name, n, fn, sx) [LX32_NR_##name] = {#name, sys_##fn, n, sx},
#include "tab32_all.inc"
#undef SYS32
};

const struct sys_desc *abi32_lookup(long nr, const char **name) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names32)) {
    *name = NULL;
    return NULL;
  }
  *name = names32[nr];
  return systab32[nr].fn ? &systab32[nr] : NULL;
}

const char *abi32_name(long nr) {
  if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(names32)) return NULL;
  return names32[nr];
}
