/* lockstep.h — `emu --lockstep`: run the program natively under ptrace and
 * under emu side by side, one instruction at a time, and stop at the first
 * instruction after which the two differ (lockstep.c drives both sides,
 * lockstep_sys.c replays system calls from the native side, lockstep_cmp.c
 * compares and prints states).  The system calls: an observer of the kernel
 * model that serves them (src/kernel/observe.h), as `emu --compare`'s is
 * (compare_rec.c).
 */
#ifndef EMU_TRACE_LOCKSTEP_H
#define EMU_TRACE_LOCKSTEP_H

#include <stdio.h>

#include "../cpu/cpu.h"
#include "../kernel/kernel.h"

/* ---- the CLI side (main.c) ---- */

#define LKS_DEFAULT_LIMIT 50000000ull

/* Start the native child (ptrace, ASLR off) for path with argv/envp and
 * install the tracer; call after emu_load and before emu_run.  0 or an exit
 * status for emu (with a message on stderr). */
int lks_start(const char *path, char *const argv[], char *const envp[], unsigned long long limit);
/* After emu_run: the summary line; returns emu's exit status (0: no
 * difference, 1: a difference). */
int lks_finish(int wait_status);

/* ---- the comparison (lockstep_cmp.c; unit-tested) ---- */

/* The user-visible state of one side after an instruction. */
struct lks_state {
  int mode; /* 32 or 64 */
  u64 r[16];
  u64 rip;
  u64 flags;
  u64 fs_base, gs_base;
  u16 fs, gs;
  union xmm xmm[16];
  u32 mxcsr;
  u16 fcw, fsw;
  u8 st[8][10]; /* logical ST(i) */
  u8 st_empty;  /* bit i: ST(i) empty */
};

/* Address correspondences native -> emu: [nat, nat+len) is emu's [emu, emu+len)
 * (the stack, the image of a static PIE, each mmap and the heap). */
struct lks_pair {
  u64 nat, emu, len;
};
#define LKS_MAX_PAIRS 256
struct lks_map {
  struct lks_pair p[LKS_MAX_PAIRS];
  int n;
};
void lks_map_add(struct lks_map *m, u64 nat, u64 emu, u64 len);
/* True when emu's value e and the native value n agree: equal, or the same
 * place in corresponding regions. */
bool lks_map_same(const struct lks_map *m, int mode, u64 e, u64 n);
/* The native address for emu address a. */
u64 lks_map_to_native(const struct lks_map *m, u64 a);

/* What differs (bits): general registers 0-15, then these. */
#define LKS_D_RIP   (1ull << 16)
#define LKS_D_FLAGS (1ull << 17)
#define LKS_D_SEG   (1ull << 18)
#define LKS_D_XMM   (1ull << 19)
#define LKS_D_MXCSR (1ull << 20)
#define LKS_D_X87   (1ull << 21)
#define LKS_D_MEM   (1ull << 22)

/* The flag bits compared (the rest are the kernel's or constant). */
#define LKS_FLAGS_CMP (F_ARITH | F_DF | F_AC | F_ID)

/* Compare e (emu) with n (native); undef_flags are the flags the SDM leaves
 * undefined for the instruction; skip_regs (bit i) GPRs not to compare.
 * Returns the LKS_D_* / GPR bits that differ. */
u64 lks_compare(const struct lks_state *e, const struct lks_state *n, const struct lks_map *m,
                u64 undef_flags, u32 skip_regs);
/* Both states side by side, differing lines marked, flags decoded. */
void lks_print_states(FILE *f, const struct lks_state *e, const struct lks_state *n,
                      const struct lks_map *m, u64 diff, u64 undef_flags);
/* The same, the other side named other ("native", "unicorn"). */
void lks_print_states_vs(FILE *f, const struct lks_state *e, const struct lks_state *n,
                         const char *other, const struct lks_map *m, u64 diff, u64 undef_flags);
/* The user-visible state of a CPU (emu's, or a copy another CPU ran). */
void lks_cpu_state(struct cpu *c, struct lks_state *s);
/* Flags decoded into buf ("CF ZF DF"). */
void lks_flags_str(u64 flags, char *buf, size_t n);

#endif
