/* emu.h — emu's public C API: load a static i386 or x86-64 Linux ELF into an
 * emulated address space and run it, serving its system calls.
 *
 *   struct emu *e = emu_new();
 *   char err[512];
 *   int st = emu_load(e, "prog", argc, argv, environ, err, sizeof err);
 *   if (st) { fputs(err, stderr); return st; }       // 126/127 as a shell
 *   int status = emu_run(e);                          // a wait(2) status
 *   emu_free(e);
 */
#ifndef EMU_EMU_H
#define EMU_EMU_H

#include <stddef.h>
#include <stdio.h>

struct emu;

struct emu *emu_new(void);
void emu_free(struct emu *e);

/* Log every system call to f (strace style); NULL turns it off. */
void emu_set_strace(struct emu *e, FILE *f);
/* Report system calls emu does not implement (to the strace file or stderr). */
void emu_set_log_unimplemented(struct emu *e, int on);

/* Load the program at path with argv/envp (NULL-terminated).  Returns 0, or
 * 127 (missing file) / 126 (not a runnable static x86 ELF) with a one-line
 * message in err. */
int emu_load(struct emu *e, const char *path, int argc, char *const argv[], char *const envp[],
             char *err, size_t errsize);

/* Run until the program exits.  Returns its wait status: exit code << 8, or
 * the number of the signal that ended it. */
int emu_run(struct emu *e);

#endif
