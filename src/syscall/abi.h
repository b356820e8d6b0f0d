/* abi.h — the per-ABI tables (private to src/syscall). */
#ifndef EMU_ABI_H
#define EMU_ABI_H
#include "sys_internal.h"

/* The table entry for nr (NULL when emu does not serve it); *name gets the
 * call's name from the generated list, or NULL for an unknown number. */
const struct sys_desc *abi64_lookup(long nr, const char **name);
const char *abi64_name(long nr);
const struct sys_desc *abi32_lookup(long nr, const char **name);
const char *abi32_name(long nr);

#endif
