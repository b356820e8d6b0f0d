/* frames.h — the entry model made visible (--frames): at each kernel entry
 * and exit, the path the kernel takes, as src/kernel/entry.c models it: the
 * hardware's part of the gate, the saved frame (struct pt_regs, 64- or
 * 32-bit) field by field, the table slot, the result, the exit work and the
 * return (sysret or iret, or the vDSO landing pad).  An observer of the
 * kernel model (src/kernel/observe.h): its gate events, at each gate's
 * entry (frame built, before the table) and exit (CPU restored), reach the
 * trc_frames_* calls below. */
#ifndef EMU_FRAMES_H
#define EMU_FRAMES_H

#include <stdio.h>

#include "../kernel/observe.h"

/* Send frames to out (NULL: off); registers the observer, or removes it. */
void trc_frames_enable(FILE *out);

/* Which kernel the i386 gates are shown through.  Off (the default): the
 * 64-bit kernel the host runs, whose compat entries (entry_INT80_compat,
 * entry_SYSENTER_compat) build the 64-bit pt_regs and return with iret or
 * sysretl.  On (--kernel=i386): a 32-bit kernel's (entry_INT80_32 with
 * SAVE_ALL and RESTORE_ALL, entry_SYSENTER_32 returning with sysexit), with
 * the 32-bit pt_regs.  Only what is shown changes: emu serves the calls as
 * the 64-bit kernel serves an i386 program (its selectors 0x23/0x2b, a 4 GiB
 * address space), where a 32-bit kernel has 0x73/0x7b and 3 GiB. */
void trc_frames_kernel32(bool on);

/* The 64-bit frame (GATE_SYSCALL64, GATE_INT80_64). */
void trc_frames_enter64(struct task *t, enum entry_gate g, const struct pt_regs *f);
void trc_frames_exit64(struct task *t, enum entry_gate g, const struct pt_regs *f);

/* The i386 frame (GATE_INT80_32, GATE_SYSENTER32): f points at 17
 * u32 words in the order of the 32-bit kernel's struct pt_regs
 * (bx cx dx si di bp ax ds es fs gs orig_ax ip cs flags sp ss), as
 * entry.c's struct pt_regs32 lays them out. */
void trc_frames_enter32(struct task *t, enum entry_gate g, const void *f);
void trc_frames_exit32(struct task *t, enum entry_gate g, const void *f);

#endif
