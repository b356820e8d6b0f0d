/* fxsave.h — the CPU's x87/SSE state as an FXSAVE image, for the signal
 * frames of the process layer (src/kernel/signal_*.c).  The code is in
 * exec_fxsave.c, beside FXSAVE/FXRSTOR themselves. */
#ifndef EMU_CPU_FXSAVE_H
#define EMU_CPU_FXSAVE_H

#include "cpu.h"

/* Write the 512-byte legacy FXSAVE region of c's state to b (bytes 416-511
 * zero); rexw: the FXSAVE64 form (64-bit FIP/FDP). */
void cpu_fx_save(struct cpu *c, u8 *b, bool rexw);
/* Load c's x87/SSE state from a 512-byte legacy region; -1 (nothing
 * changed) when the MXCSR has reserved bits set, as FXRSTOR's #GP. */
int cpu_fx_restore(struct cpu *c, const u8 *b, bool rexw);
/* The initial FPU state (FNINIT, MXCSR 0x1f80, XMM zero), as the kernel
 * gives a signal handler (fpu__clear_user_states). */
void cpu_fpu_reset(struct cpu *c);

#endif
