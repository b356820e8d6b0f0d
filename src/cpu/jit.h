/* jit.h — the translation tier (jit.c): a hot decoded block of x86-64 code
 * translated to host code.  Private to src/cpu; interp.c owns the blocks
 * and calls these. */
#ifndef EMU_CPU_JIT_H
#define EMU_CPU_JIT_H

#include "cpu_internal.h"

/* A translated block's code.  Not a C function: jit_run enters it. */
typedef void (*jit_fn)(void);

/* A code cache's translations: one executable buffer, filled in order and
 * emptied whole (jit_flush) when the blocks are dropped. */
struct jit;

/* Translate the block of n decoded instructions at guest address addr
 * (decoded for c's mode, 64 or 32; the instructions must outlive the
 * translation: the code calls their handlers with them).  NULL when the
 * block is not translated (a 32-bit block that loads a segment register);
 * JIT_FULL when the buffer has no room left (flush the cache, then try
 * again).  *jp is created on first use. */
#define JIT_FULL ((jit_fn)1)
jit_fn jit_translate(struct jit **jp, const struct cpu *c, const struct insn *insn, int n, u64 addr);
/* Run translated code from body, with budget instructions (at least 1): a
 * block runs whole, as in the interpreter's loop, and goes straight on to
 * the next translated block it is linked to while budget is left, no
 * signal is pending (c->kick) and the code is unchanged (c->cache_gen).
 * Returns the budget left (<= 0: spent) with c->rip at the next
 * instruction; slot, when not NULL, is the way out of the last block to
 * c->rip, which jit_link joins to that address's translation.  Faults,
 * exceptions and traps leave by siglongjmp as they leave a handler. */
struct jit_ret {
  i64 budget;
  u8 *slot;
};
struct jit_ret jit_run(const struct jit *j, struct cpu *c, jit_fn body, i64 budget);
/* A budget returned unchanged: the block's guard failed (it addresses
 * through a null FS or GS) and nothing ran; the interpreter runs it.
 * Translations of 32-bit code run only while jit_flat32 holds: ES, SS and
 * DS have base 0 and a selector that is not null (what Linux gives i386
 * programs); else the interpreter runs everything. */
bool jit_flat32(const struct cpu *c);
void jit_link(u8 *slot, jit_fn target);
/* Floating-point SSE in translated code leaves its sticky exception flags
 * in the hardware's MXCSR (c->mx_dirty) until the code leaves or calls a
 * handler; these put them into c->mxcsr: jit_mx_sync from the hardware,
 * jit_mx_fault from the MXCSR a host fault's frame saved. */
void jit_mx_sync(struct cpu *c);
void jit_mx_fault(struct cpu *c, u32 mxcsr);
/* Forget every translation (cpu_flush_code). */
void jit_flush(struct jit *j);
void jit_free(struct jit *j);
/* From the host fault handler: when pc (the host's instruction pointer at
 * the fault) lies in a translation of j, the guest address of the
 * instruction it belongs to, in *ip, and in *hostfl whether the guest's
 * arithmetic flags there are the host's (the translation elided their
 * record).  Async-signal-safe. */
bool jit_fault_ip(const struct jit *j, const void *pc, u64 *ip, bool *hostfl);

/* --jit-check (jit_check.c): the translation calls these around each
 * instruction it runs as host code; info says what the instruction may
 * store and whether its flags can be seen. */
#define JCHK_FLAGS_LIVE  1u
#define JCHK_STORE_EA    2u /* its memory operand */
#define JCHK_STORE_PUSH  4u /* the stack slot below rsp */
#define JCHK_LOAD_EA     8u /* it reads its memory operand (and stores nothing) */
#define JCHK_XMM        16u /* it may change xmm registers */
#define JCHK_RMW        32u /* the stored operand is also a source */
#define JCHK_SIZE_SHIFT  8  /* bytes stored */
void jit_chk_pre(struct cpu *c, const struct insn *d, u64 ip, u64 info);
void jit_chk_post(struct cpu *c, const struct insn *d, u64 ip, u64 info);

/* Blocks run this many times before they are translated. */
#define JIT_HOT 16

#endif
