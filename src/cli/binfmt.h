/* binfmt.h — emu as the kernel's runner of x86 ELF programs, through binfmt_misc
 * (Documentation/admin-guide/binfmt-misc.rst).  `emu --binfmt install|remove|status`
 * and the way emu reads its command line when the kernel starts it for a program. */
#ifndef EMU_CLI_BINFMT_H
#define EMU_CLI_BINFMT_H

#include <stddef.h>

/* `emu --binfmt ARGS...` (argv after "--binfmt"): install [--x86-64], remove, status.
 * Returns the exit status. */
int bfm_main(int argc, char **argv);

/* Started by binfmt_misc with the P flag (AT_FLAGS_PRESERVE_ARGV0 in the auxiliary
 * vector, Linux 5.12+): argv is emu, the program's path, its original argv[0], its
 * arguments; no emu options are read. */
int bfm_started_by_kernel(int argc);

/* Does the ELF header in buf (len bytes) match the rule named name ("emu-i386",
 * "emu-x86_64")?  The same magic and mask as the kernel's check_file(). */
int bfm_rule_matches(const char *name, const unsigned char *buf, size_t len);

#endif
