/* gdbstub.h — `emu -g PORT`: a GDB remote serial protocol stub for the
 * guest (gdbstub.c), a front end of the debugger core (step.h), and the
 * register file and target descriptions it serves (gdbstub_regs.c). */
#ifndef EMU_GDBSTUB_H
#define EMU_GDBSTUB_H

#include "../common.h"

struct task;

/* Listen on 127.0.0.1:port (0: a free port the kernel picks), print
 * "emu: waiting for gdb on 127.0.0.1:N" on stderr, wait for gdb to connect
 * and turn the debugger on; the program then stops at its first
 * instruction.  0, or -1 with a message on stderr. */
int gdb_start(int port);

/* ---- the register file, in the order of the target description ---- */

/* Number of registers gdb sees for a guest of this mode (32 or 64). */
int gdb_nregs(int mode);
/* Size in bytes of register n, or 0 when there is none. */
int gdb_reg_size(int mode, int n);
/* Register n of t in target byte order (little endian) into buf (at least
 * 16 bytes): its size, or 0 when there is none. */
int gdb_reg_get(struct task *t, int n, u8 *buf);
/* Set register n of t from buf: false when there is none. */
bool gdb_reg_set(struct task *t, int n, const u8 *buf);
/* The target description (target.xml) for the mode: i386 or i386:x86-64
 * with the features org.gnu.gdb.i386.core, .sse, .linux and .segments. */
const char *gdb_target_xml(int mode);

#endif
