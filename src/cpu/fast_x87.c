/* fast_x87.c — one handler per x87 data instruction form, chosen when a
 * block is decoded (fast_x87_pick, called by fast.c's fast_specialize).
 *
 * exec_x87.c's generic handler decodes the escape byte and ModRM on every
 * execution, looks the form up, and calls the form's stub through one
 * indirect call shared by every x87 instruction (which the host's branch
 * predictor can rarely guess).  Here the decoder's choice is made once: each
 * of the 512 register forms and the 40 loading or storing memory forms has
 * its own handler with the very instruction inline (the operand at [rdi]),
 * so that in live mode (exec_x87.c's header) an x87 instruction costs its
 * address, its bounds check, the instruction and the FIP/FOP/FDP record.
 *
 * Each handler behaves exactly as the generic one: it first asks
 * x87_go_live(), and where the instruction must take the saved path (outside
 * the hot loop, an unmasked exception, ES pending) it hands the instruction
 * to the generic handler.  FCMOVcc takes the guest's arithmetic flags into
 * the host's, F(U)COMI(P) brings ZF, PF and CF back (OF, SF and AF are
 * cleared, SDM "FCOMI"); neither touches the red zone (no call, no push
 * below the stack pointer but the flags' round trip, made 128 bytes down).
 * Forms the generic handler does not run on the host FPU (FNCLEX, FNINIT,
 * FNSTSW AX, the control instructions) and undefined ones keep it.
 *
 * Mirrors: SDM vol. 2 D8-DF opcode maps (A.2.4).
 */
#include "fast.h"
#include "ops_x87.h"
#include "x87.h"

const op_fn fast_x87_generic[8] = {op_x87_d8, op_x87_d9, op_x87_da, op_x87_db,
                                   op_x87_dc, op_x87_dd, op_x87_de, op_x87_df};

/* ---- memory forms ---- */

#define FX_MEM_LOAD(e, r, size)  FX_MEM_FN(e, r, size, false)
#define FX_MEM_STORE(e, r, size) FX_MEM_FN(e, r, size, true)
#define FX_MEM_CTL(e, r, size)
#define FX_MEM_UD(e, r, size)
#define FX_MEM_FN(e, r, size, store) \
  X87_FAST_MEM_FN(fx_m##e##r, e, r, size, store, insn_off, insn_seg_add)
#define FX_MEM(e, r, kind, size, ctl) FX_MEM_##kind(e, r, size)
X87_MEMORY_FORMS(FX_MEM)
#undef FX_MEM

#define FX_MEM_ENTRY_LOAD(e, r)  [e][r] = fx_m##e##r,
#define FX_MEM_ENTRY_STORE(e, r) [e][r] = fx_m##e##r,
#define FX_MEM_ENTRY_CTL(e, r)
#define FX_MEM_ENTRY_UD(e, r)
#define FX_MEM_ENTRY(e, r, kind, size, ctl) FX_MEM_ENTRY_##kind(e, r)
static const op_fn fx_mem[8][8] = {X87_MEMORY_FORMS(FX_MEM_ENTRY)};
#undef FX_MEM_ENTRY

/* ---- register forms ---- */

/* FCMOVcc: DA C0-DF, DB C0-DF.  F(U)COMI(P): DB/DF E8-F7. */
#define FX_FLAGS_IN(e, m)  (((e) == 2 || (e) == 3) && (m) < 0x20)
#define FX_FLAGS_OUT(e, m) (((e) == 3 || (e) == 7) && (m) >= 0x28 && (m) < 0x38)

/* Register form m (ModRM less C0) of escape byte D8 + e; a macro, not an
 * inline function, so that e and m are constants in every build. */
#define FX_REG(e, h, l)                                                                     \
  static void fx_r##e##h##l(struct cpu *c, const struct insn *d) {                          \
    enum { E = e, M = (h) * 8 + (l) };                                                      \
    if (UNLIKELY(!c->fpu_live) && !x87_go_live(c)) {                                        \
      fast_x87_generic[E](c, d);                                                            \
      return;                                                                               \
    }                                                                                       \
    if (FX_FLAGS_OUT(E, M)) {                                                               \
      u8 zf, pf, cf;                                                                        \
      __asm__ volatile(".byte %c3, %c4"                                                     \
                       : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf)                              \
                       : "i"(0xd8 + E), "i"(0xc0 + M)                                       \
                       : "memory");                                                         \
      cpu_set_flags(c, (u64)zf << 6 | (u64)pf << 2 | cf, F_ARITH);                          \
    } else if (FX_FLAGS_IN(E, M)) {                                                         \
      u64 fl = (cpu_get_flags(c) & F_ARITH) | 0x202;                                        \
      __asm__ volatile("sub $128, %%rsp\n\tpush %0\n\tpopfq\n\t"                            \
                       ".byte %c1, %c2\n\tadd $128, %%rsp"                                   \
                       :                                                                    \
                       : "r"(fl), "i"(0xd8 + E), "i"(0xc0 + M)                              \
                       : "memory", "cc");                                                   \
    } else {                                                                                \
      __asm__ volatile(".byte %c0, %c1" ::"i"(0xd8 + E), "i"(0xc0 + M) : "memory");         \
    }                                                                                       \
    x87_last_insn(c, d, E, 0xc0 + M, false, 0);                                             \
  }
#define FX_REG8(e, h) \
  FX_REG(e, h, 0) FX_REG(e, h, 1) FX_REG(e, h, 2) FX_REG(e, h, 3) \
  FX_REG(e, h, 4) FX_REG(e, h, 5) FX_REG(e, h, 6) FX_REG(e, h, 7)
#define FX_REG64(e) \
  FX_REG8(e, 0) FX_REG8(e, 1) FX_REG8(e, 2) FX_REG8(e, 3) \
  FX_REG8(e, 4) FX_REG8(e, 5) FX_REG8(e, 6) FX_REG8(e, 7)
FX_REG64(0)
FX_REG64(1)
FX_REG64(2)
FX_REG64(3)
FX_REG64(4)
FX_REG64(5)
FX_REG64(6)
FX_REG64(7)

#define FX_ENT(e, h, l) fx_r##e##h##l,
#define FX_ENT8(e, h) \
  FX_ENT(e, h, 0) FX_ENT(e, h, 1) FX_ENT(e, h, 2) FX_ENT(e, h, 3) \
  FX_ENT(e, h, 4) FX_ENT(e, h, 5) FX_ENT(e, h, 6) FX_ENT(e, h, 7)
#define FX_ENT64(e) \
  { FX_ENT8(e, 0) FX_ENT8(e, 1) FX_ENT8(e, 2) FX_ENT8(e, 3) \
    FX_ENT8(e, 4) FX_ENT8(e, 5) FX_ENT8(e, 6) FX_ENT8(e, 7) },
static const op_fn fx_regs[8][64] = {FX_ENT64(0) FX_ENT64(1) FX_ENT64(2) FX_ENT64(3)
                                         FX_ENT64(4) FX_ENT64(5) FX_ENT64(6) FX_ENT64(7)};

op_fn fast_x87_pick(const struct insn *d) {
  if (d->map != 0 || d->op < 0xd8 || d->op > 0xdf || d->vex) return NULL;
  unsigned e = d->op - 0xd8u, m = (unsigned)(d->mod << 6) | ((d->reg & 7u) << 3) | (d->rm & 7u);
  if (d->fn != fast_x87_generic[e]) return NULL;
  if (d->mod != 3) return fx_mem[e][d->reg & 7];
  if (!x87_reg_defined(e, m)) return NULL;            /* #UD: the generic handler raises it */
  if (e == 3 && m >= 0xe0 && m <= 0xe4) return NULL;  /* FNENI FNDISI FNCLEX FNINIT FNSETPM */
  if (e == 7 && m == 0xe0) return NULL;               /* FNSTSW AX */
  return fx_regs[e][m - 0xc0];
}
