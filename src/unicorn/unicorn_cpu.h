/* unicorn_cpu.h — Unicorn (QEMU's TCG as a library) as emu's CPU: --cpu=unicorn.
 *
 * The backend plugs into the CPU's one interface (cpu_backend in
 * src/cpu/cpu.h): cpu_run hands each run to Unicorn, which executes the guest
 * in emu's own guest memory (the reservation, mapped into the engine with
 * uc_mem_map_ptr) and stops with the same enum cpu_stop the interpreter
 * returns, with struct cpu holding the registers.  The system-call entry, the
 * signals for faults and signal delivery stay emu's (src/kernel/task.c).
 *
 * Built only where CMake finds Unicorn with pkg-config (EMU_HAVE_UNICORN);
 * elsewhere ucb_enable says no.
 */
#ifndef EMU_UNICORN_CPU_H
#define EMU_UNICORN_CPU_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

/* A memory write Unicorn is about to make (guest address, bytes). */
typedef void ucb_write_fn(void *ctx, uint64_t addr, int size);

#ifdef EMU_HAVE_UNICORN
/* Make Unicorn the CPU of every task of this process from now on. */
bool ucb_enable(void);
/* --lockstep=unicorn (src/check/lockstep_uc.c): run the one instruction at
 * c->rip on an engine of c's own, kept in c->backend, with c's registers in
 * and out and the guest's memory shared; rep: it is a REP string
 * instruction, run to its end (Unicorn runs one iteration at a time).
 * on_write sees each write before it lands.  Returns the enum cpu_stop the
 * instruction ends with (STOP_BUDGET: it completed).  The engine lives as
 * long as the thread. */
int ucb_step(struct cpu *c, bool rep, ucb_write_fn *on_write, void *ctx);
#else
static inline bool ucb_enable(void) { return false; }
#endif

#endif
