/* unicorn_cpu.h — Unicorn (QEMU's TCG as a library) as emu's CPU: --cpu=unicorn.
 *
 * The backend plugs into the CPU's one interface (cpu_backend in
 * src/cpu/cpu.h): cpu_run hands each run to Unicorn, which executes the guest
 * in emu's own guest memory (the reservation, mapped into the engine with
 * uc_mem_map_ptr) and stops with the same enum cpu_stop the interpreter
 * returns, with struct cpu holding the registers.  The system-call entry, the
 * signals for faults and signal delivery stay emu's (src/syscall/task.c).
 *
 * Built only where CMake finds Unicorn with pkg-config (EMU_HAVE_UNICORN);
 * elsewhere ucb_enable says no.
 */
#ifndef EMU_UNICORN_CPU_H
#define EMU_UNICORN_CPU_H

#include <stdbool.h>

#ifdef EMU_HAVE_UNICORN
/* Make Unicorn the CPU of every task of this process from now on. */
bool ucb_enable(void);
#else
static inline bool ucb_enable(void) { return false; }
#endif

#endif
