/* symbols.h — the guest program's symbol table (.symtab, read with libelf),
 * for the debugger: breakpoints by name (`b main`) and addresses shown as
 * <symbol+offset>.  Functions and objects only; a static-PIE program's
 * symbols are moved by its load bias. */
#ifndef EMU_SYMBOLS_H
#define EMU_SYMBOLS_H

#include "../common.h"

struct sym_table;

/* Read path's .symtab; entry is the program's entry point as loaded (AT_ENTRY),
 * which gives a static-PIE file's load bias.  NULL when the file
 * cannot be read; a stripped file gives an empty table. */
struct sym_table *sym_load(const char *path, u64 entry);
void sym_free(struct sym_table *t);
/* The address of a symbol by name: true and *addr, or false. */
bool sym_lookup(const struct sym_table *t, const char *name, u64 *addr);
/* The symbol containing addr (or the closest one below it, when it has no
 * size): its name and *off, or NULL. */
const char *sym_at(const struct sym_table *t, u64 addr, u64 *off);
/* Number of symbols kept. */
int sym_count(const struct sym_table *t);

#endif
