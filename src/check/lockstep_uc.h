/* lockstep_uc.h — `emu --lockstep=unicorn` (lockstep_uc.c): every instruction
 * run by Unicorn and by emu's interpreter from the same state and compared.
 */
#ifndef EMU_TRACE_LOCKSTEP_UC_H
#define EMU_TRACE_LOCKSTEP_UC_H

/* Install the comparing tracer (call after emu_load, before emu_run); max:
 * the most instructions to compare (0: the default of --lockstep).  0, or an
 * exit status for emu (with a message: built without Unicorn). */
int luc_start(unsigned long long max);
/* After emu_run: the summary line; emu's exit status (0: no difference). */
int luc_finish(int wait_status);

#endif
