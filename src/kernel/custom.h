/* custom.h — the embedder's system calls (emu_register_syscall in
 * include/emu/emu.h): a per-emu table of handlers that the entry model
 * (entry.c, dispatch64/dispatch32) consults before the built-in tables, and
 * the names and log signatures the traces show for them.  custom.c owns it. */
#ifndef EMU_SYSCALL_CUSTOM_H
#define EMU_SYSCALL_CUSTOM_H

#include <emu/emu.h>

#include "kernel.h"

struct sys_custom {
  char name[32];
  char signature[8]; /* the letters of emu.h (SYS_CUSTOM_SIG_LETTERS); "" for none */
  emu_syscall_fn fn;
};

struct sys_custom_table;

/* Set (fn != NULL) or remove (fn == NULL) the handler of abi/nr in *tabp,
 * allocating the table on first use; owner is the emu handlers see.
 * Returns 0, -EINVAL or -ENOMEM (emu_register_syscall's contract). */
int sys_custom_set(struct sys_custom_table **tabp, struct emu *owner, enum abi abi, long nr,
                   const char *name, emu_syscall_fn fn, const char *signature);
void sys_custom_free(struct sys_custom_table *tab);

/* The table the running guest uses (emu_run installs its emu's; NULL: none).
 * One emu runs in a host process at a time (its signal handlers and fault
 * handler are process-wide), so this is process state; a fork keeps it. */
void sys_custom_activate(struct sys_custom_table *tab);

/* The handler registered for abi/nr in the running emu, or NULL. */
const struct sys_custom *sys_custom_find(enum abi abi, long nr);
/* Call it for task t with the six argument registers (zero-extended). */
long sys_custom_call(struct task *t, const struct sys_custom *cc, enum abi abi, long nr,
                     const u64 *args);
/* For traces: the registered name of abi/nr, or NULL. */
const char *sys_custom_name(enum abi abi, long nr);

/* For the traces: the signature letters (emu.h) of a running custom call
 * named name, or NULL when none of that name has a signature.  The letters
 * a signature may use: */
#define SYS_CUSTOM_SIG_LETTERS "dulxpfsbBS"
const char *sys_custom_signature(const char *name);

#endif
