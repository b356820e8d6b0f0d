/* jit.c — the translation tier: a hot block of guest code (a block
 * interp.c decoded and ran JIT_HOT times) becomes one host function.
 *
 * Host and guest are both x86-64, so most integer instructions are emitted
 * as themselves, on the guest's registers where the interpreter keeps them
 * (struct cpu in memory, rbx pointing at it) and on guest memory at its
 * host address (r12 = c->mem plus the guest address in r14, after the same
 * bounds check cpu_host makes: an address beyond the window takes an
 * out-of-line stub into cpu_bad_address).  Whatever has no native form here
 * calls the instruction's own handler (the one the interpreter runs), with
 * c->ip and c->rip set as the interpreter's loop sets them, so every
 * instruction is either the interpreter's or the same operation done by the
 * host CPU.
 *
 * What stays identical to the interpreter:
 *   - each instruction's loads and stores in the same order, and every
 *     guest register written after its memory accesses, so a fault leaves
 *     the state before the instruction; the host fault handler finds the
 *     faulting instruction through jit_fault_ip (a table of each
 *     instruction's host offset beside the code);
 *   - the lazy-flags record (cpu.h: cc_lazy) of every flag-setting
 *     instruction whose flags can be seen: by a later reader, by a fault
 *     (any instruction that may fault sees the flags before it), or after
 *     the block.  Within a block a Jcc, SETcc or CMOVcc that follows its
 *     flag-setting instruction reads the host's flags directly.  Flags
 *     only a fault could see are not recorded where the host's flags keep
 *     them until the next writer: a fault there (the host's, or a bounds
 *     check's stub) takes them from the host's EFLAGS instead;
 *   - rip: the block returns with c->rip at the next instruction, and
 *     interp.c's run_blocks counts the instructions and checks for signals
 *     between blocks as it does for interpreted ones.
 * Translations live as long as the blocks whose instructions they call
 * (interp.c drops both together when code changes: mm->code_gen), so
 * self-modifying code needs nothing more than the interpreter's rules
 * (only code the guest cannot write is cached).
 *
 * Code of a 32-bit code segment (an i386 program, or compatibility mode)
 * is translated the same way, to the same 64-bit host code: its registers
 * are the low halves of the same slots, its addresses wrap at 4 GiB (a
 * 32-bit LEA), its stack and near branches are 4 bytes, and FS's and GS's
 * bases are added at run time.  ES, SS and DS are taken as Linux sets them
 * (base 0, selector not null): run_blocks runs no 32-bit translation while
 * they are not (jit_flat32), a block that loads a segment register is not
 * translated, and a block leaves for run_blocks after any handler that may
 * change them (may_switch).  The dispatch table keeps the two modes apart.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fast.h"
#include "jit.h"
#include "x87.h"
#include "../mem/mem.h"

#define JIT_BUF_SIZE (8u << 20)

/* Host registers. */
enum { H_AX, H_CX, H_DX, H_BX, H_SP, H_BP, H_SI, H_DI, H_R8, H_R9, H_R10, H_R11, H_R12, H_R13,
       H_R14, H_R15 };
#define HC   H_BX  /* struct cpu * */
#define HMEM H_R12 /* c->mem */
#define HLIM H_R13 /* c->mem_limit - 16: addresses above take the slow check */
#define HEA  H_R14 /* the memory operand's guest address */
#define HSAV H_BP  /* a value kept across the slow check's call */
#define HBUD H_R15 /* the instruction budget left (jit_run) */

#define OFF_R(n)   ((i32)(offsetof(struct cpu, r) + 8 * (n)))
#define OFF_RIP    ((i32)offsetof(struct cpu, rip))
#define OFF_IP     ((i32)offsetof(struct cpu, ip))
#define OFF_CCOP   ((i32)offsetof(struct cpu, cc_op))
#define OFF_CCSIZE ((i32)offsetof(struct cpu, cc_size))
#define OFF_CCRES  ((i32)offsetof(struct cpu, cc_res))
#define OFF_CCA    ((i32)offsetof(struct cpu, cc_a))
#define OFF_CCB    ((i32)offsetof(struct cpu, cc_b))
#define OFF_SEG(s) ((i32)(offsetof(struct cpu, seg_base) + 8 * (s)))
#define OFF_KICK   ((i32)offsetof(struct cpu, kick))
#define OFF_XMM(n) ((i32)(offsetof(struct cpu, xmm) + 16 * (n)))
#define OFF_CGEN   ((i32)offsetof(struct cpu, cache_gen))
#define OFF_MODE   ((i32)offsetof(struct cpu, mode))
#define OFF_MXCSR  ((i32)offsetof(struct cpu, mxcsr))
#define OFF_FLIVE  ((i32)offsetof(struct cpu, fpu_live))
#define OFF_MXDIRTY ((i32)offsetof(struct cpu, mx_dirty))
#define OFF_FPU(f) ((i32)(offsetof(struct cpu, fpu) + offsetof(struct x87, f)))
#define OFF_SEL(s) ((i32)(offsetof(struct cpu, seg) + 2 * (s)))

/* The dispatch table's key of a translation: its address, with bit 63 set
 * for code of a 32-bit code segment (no 64-bit address has it in user
 * space), so that the same bytes run in both modes never meet. */
#define KEY32 (1ull << 63)

/* A translation's header in the buffer, before its code: the guest address
 * of each instruction and the offset of its host code from the code's
 * start, for the fault handler. */
struct jit_meta {
  u32 n, code_len;
  u32 hostfl; /* bit i: at a fault of instruction i the guest's arithmetic
               * flags are the host's, not the record's (a record elided) */
  u32 pad;
  u64 ip[];  /* n of them, then u32 hoff[n] */
};

/* Translations by guest address, for the ways out whose address is known
 * only at run time (RET, indirect branches, branches a handler takes):
 * direct-mapped, an empty entry's address is ~0. */
#define JIT_TAB 4096
struct jit_ent {
  u64 addr;
  const u8 *body;
};
static unsigned tab_slot(u64 a) { return (unsigned)((a ^ (a >> 12)) & (JIT_TAB - 1)); }

struct jit {
  struct jit_ent tab[JIT_TAB];
  u8 *buf;
  size_t used, base; /* base: the trampolines, at the buffer's start */
  const u8 *enter, *exit, *nolink, *dispatch[2]; /* dispatch[1]: 32-bit code's */
  unsigned shift; /* log2 of the window for the flag-free check (BMI2), else 0 */
  u32 *index;  /* offsets of the translations' headers, ascending */
  u32 nindex, capindex;
};

static void tab_clear(struct jit *j) {
  for (unsigned i = 0; i < JIT_TAB; i++) j->tab[i] = (struct jit_ent){~0ull, NULL};
}

/* ---- the assembler ---- */

struct jasm {
  u8 *p, *lim;
  bool full;
};

static void b1(struct jasm *a, unsigned v) {
  if (a->p < a->lim)
    *a->p++ = (u8)v;
  else
    a->full = true;
}
static void b4(struct jasm *a, u32 v) {
  for (int i = 0; i < 4; i++) b1(a, v >> (8 * i));
}
static void b8(struct jasm *a, u64 v) {
  for (int i = 0; i < 8; i++) b1(a, (unsigned)(v >> (8 * i)));
}

/* An r/m operand: a register (reg), or [base + index << scale + disp]. */
struct m {
  i8 base, index;
  u8 scale;
  bool reg;
  i32 disp;
};
static struct m MR(int r) { return (struct m){(i8)r, -1, 0, true, 0}; }
static struct m MB(int b, i32 disp) { return (struct m){(i8)b, -1, 0, false, disp}; }
static const struct m GMEM = {HMEM, HEA, 0, false, 0}; /* the guest operand */

#define E_66   1u /* operand-size prefix */
#define E_W    2u /* REX.W */
#define E_BREG 4u /* the reg field names a byte register (SPL..DIL need REX) */
#define E_BRM  8u /* a register r/m is a byte register */
#define E_F3   16u /* the F3 prefix (before REX) */
#define E_F2   32u /* the F2 prefix (before REX) */

/* One instruction: prefixes, opcode (1 to 3 bytes, 0F first), ModRM with
 * reg, and the r/m operand; an immediate follows from the caller. */
static void enc(struct jasm *a, unsigned fl, u32 op, int reg, struct m m) {
  if (fl & E_66) b1(a, 0x66);
  if (fl & E_F3) b1(a, 0xf3);
  if (fl & E_F2) b1(a, 0xf2);
  unsigned rex = (fl & E_W ? 8 : 0) | (reg & 8 ? 4 : 0) | (m.index >= 0 && (m.index & 8) ? 2 : 0) |
                 (m.base & 8 ? 1 : 0);
  if (rex || ((fl & E_BREG) && reg >= 4 && reg < 8) ||
      ((fl & E_BRM) && m.reg && m.base >= 4 && m.base < 8))
    b1(a, 0x40 | rex);
  if (op > 0xffff) b1(a, op >> 16);
  if (op > 0xff) b1(a, (op >> 8) & 0xff);
  b1(a, op & 0xff);
  unsigned r = (unsigned)(reg & 7) << 3;
  if (m.reg) {
    b1(a, 0xc0 | r | (m.base & 7));
    return;
  }
  unsigned mod = m.disp == 0 && (m.base & 7) != 5 ? 0 : m.disp == (i8)m.disp ? 1 : 2;
  if (m.index >= 0) {
    b1(a, mod << 6 | r | 4);
    b1(a, (unsigned)m.scale << 6 | (m.index & 7) << 3 | (m.base & 7));
  } else if ((m.base & 7) == 4) {
    b1(a, mod << 6 | r | 4);
    b1(a, 0x24);
  } else {
    b1(a, mod << 6 | r | (m.base & 7));
  }
  if (mod == 1)
    b1(a, (u8)m.disp);
  else if (mod == 2)
    b4(a, (u32)m.disp);
}

/* The prefix flags of an operand size. */
static unsigned szf(int sz) { return sz == 8 ? E_W : sz == 2 ? E_66 : 0; }

/* h = the sz-byte operand m, zero-extended to 64 bits. */
static void load(struct jasm *a, int sz, int h, struct m m) {
  if (sz == 1)
    enc(a, E_BRM, 0x0fb6, h, m);
  else if (sz == 2)
    enc(a, 0, 0x0fb7, h, m);
  else
    enc(a, szf(sz), 0x8b, h, m);
}
/* The sz-byte operand m = the low bytes of h. */
static void store(struct jasm *a, int sz, int h, struct m m) {
  if (sz == 1)
    enc(a, E_BREG, 0x88, h, m);
  else
    enc(a, szf(sz), 0x89, h, m);
}
/* h = v. */
static void ld_imm(struct jasm *a, int h, u64 v) {
  if (v <= 0xffffffffull) { /* mov r32, imm32 zero-extends */
    if (h & 8) b1(a, 0x41);
    b1(a, 0xb8 + (h & 7));
    b4(a, (u32)v);
  } else if ((u64)(i64)(i32)v == v) { /* mov r64, simm32 */
    enc(a, E_W, 0xc7, 0, MR(h));
    b4(a, (u32)v);
  } else {
    b1(a, 0x48 | (h & 8 ? 1 : 0));
    b1(a, 0xb8 + (h & 7));
    b8(a, v);
  }
}
static void mov_rr(struct jasm *a, int sz, int dst, int src) {
  enc(a, sz == 8 ? E_W : 0, 0x89, src, MR(dst));
}
static void lea(struct jasm *a, int dst, struct m m) { enc(a, E_W, 0x8d, dst, m); }
/* A store of an immediate: 16 bits for sz 2, else 32 (sign-extended for sz 8). */
static void st_imm(struct jasm *a, int sz, struct m m, u32 v) {
  enc(a, szf(sz), 0xc7, 0, m);
  if (sz == 2)
    b1(a, v & 0xff), b1(a, (v >> 8) & 0xff);
  else
    b4(a, v);
}
static void call_abs(struct jasm *a, const void *fn) {
  ld_imm(a, H_AX, (u64)(uintptr_t)fn);
  enc(a, 0, 0xff, 2, MR(H_AX));
}

/* ---- the guest's operands ---- */

/* Where guest register r of size sz lives in struct cpu: AH..BH (4-7 as a
 * byte register without REX) are the second byte of rAX..rBX. */
static struct m greg(const struct insn *d, int r, int sz) {
  if (sz == 1 && !d->rex && r >= 4 && r < 8) return MB(HC, OFF_R(r - 4) + 1);
  return MB(HC, OFF_R(r));
}
/* Store h to guest register r: a 32-bit write zero-extends (h holds the
 * value zero-extended, as every 32-bit host operation leaves it). */
static void st_greg(struct jasm *a, const struct insn *d, int r, int sz, int h) {
  store(a, sz == 4 ? 8 : sz, h, greg(d, r, sz));
}

/* ---- classification ---- */

enum jk {
  JK_CALL,   /* no native form: the handler */
  JK_NOP,
  JK_ALU,    /* alu = 0 add, 1 or, 2 adc, 3 sbb, 4 and, 5 sub, 6 xor, 7 cmp, 8 test */
  JK_MOV,    /* E = G (st), G = E, E = imm, G = imm */
  JK_LEA,
  JK_MOVX,   /* MOVZX/MOVSX/MOVSXD: xsz source size, xs signed */
  JK_PUSH,
  JK_PUSHM,  /* PUSH r/m (FF /6) */
  JK_PUSHI,  /* PUSH imm (68, 6A): imm sign-extended */
  JK_POP,
  JK_CALLREL,
  JK_RET,
  JK_JMP,
  JK_JCC,
  JK_INCDEC, /* alu = 0 inc, 1 dec */
  JK_SHIFT,  /* alu = 4 shl, 5 shr, 7 sar; imm = the masked count */
  JK_ROT,    /* alu = 0 rol, 1 ror; imm = the masked count */
  JK_UNARY,  /* alu = 2 not, 3 neg */
  JK_SSE,    /* integer SSE2 and moves: alu = an SSE_* form, cc = the opcode */
  JK_SHIFTCL, /* shifts and rotates by CL: alu = the /digit */
  JK_IND,    /* CALL (alu 2) or JMP (alu 4) to r/m64 */
  JK_IMUL,   /* three = imm form */
  JK_SETCC,
  JK_CMOV,
  JK_X87,    /* an x87 data instruction on the live host FPU: xsz operand bytes, xs a store */
};

/* The SSE forms: xmm G = G op E; G = E; E = G; GPR G = PMOVMSKB xmm E;
 * xmm E = E shifted by an immediate (66 0F 71-73 /digit); PCMPxSTRx. */
enum { SSE_OP, SSE_LD, SSE_ST, SSE_MSK, SSE_SHI, SSE_STR,
       /* With the guest's prefix, on xsz-byte operands: MOVSS/MOVSD (and
        * MOVQ F3 0F 7E, 66 0F D6) to a register, from one; ADD SUB MUL
        * DIV MIN MAX SQRT (MXCSR: fast_sse.c's lazily loaded guest MXCSR);
        * UCOMIS/COMIS (MXCSR, and the flags); unpacks and logic of ps/pd
        * (no MXCSR). */
       SSE_LDS, SSE_STS, SSE_FP, SSE_CMPF, SSE_PURE };

/* The integer SSE2 operations of 66 0F xx, xmm, xmm/m128 (aligned): the
 * unpacks and packs, compares, logic, adds and subtracts, min/max, averages,
 * multiplies, shifts by an xmm count; none reads MXCSR or memory besides
 * its operand. */
static bool sse_int_op(int op) {
  return (op >= 0x60 && op <= 0x6d) || (op >= 0x74 && op <= 0x76) || (op >= 0xd1 && op <= 0xd5) ||
         (op >= 0xd8 && op <= 0xe5) || (op >= 0xe8 && op <= 0xef) || (op >= 0xf1 && op <= 0xf6) ||
         (op >= 0xf8 && op <= 0xfe);
}

/* SSSE3 and SSE4.1 integer operations of 66 0F 38 xx, xmm, xmm/m128
 * (aligned); the PMOVSX/PMOVZX forms (20-25, 30-35) read fewer bytes and
 * are taken only from a register. */
static bool sse_38_op(int op, bool reg) {
  return op <= 0x0b || (op >= 0x1c && op <= 0x1e) || op == 0x28 || op == 0x29 || op == 0x2b ||
         (op >= 0x38 && op <= 0x41) || (reg && ((op >= 0x20 && op <= 0x25) || (op >= 0x30 && op <= 0x35)));
}
/* 66 0F 3A xx with an imm8: PALIGNR, PBLENDW, MPSADBW. */
static bool sse_3a_op(int op) { return op == 0x0f || op == 0x0e || op == 0x42; }
/* The host's SSE4.2: PCMPxSTRx and PCMPGTQ run on it when it has them. */
static bool host_sse42(void) {
  static int has = -1;
  if (has < 0) has = __builtin_cpu_supports("sse4.2") ? 1 : 0;
  return has;
}

/* The SSE_* form of a floating-point SSE instruction of the 0F map emitted
 * as itself, or -1. */
static int sse_fp_form(const struct insn *d) {
  int op = d->op, p = d->pfx;
  bool sc = p == PFX_F2 || p == PFX_F3, pk = p == PFX_NONE || p == PFX_66;
  if (d->rex & 8) return -1;
  if ((sc && op == 0x10) || (p == PFX_F3 && op == 0x7e)) return SSE_LDS; /* 7E: MOVQ */
  if ((sc && op == 0x11) || (p == PFX_66 && op == 0xd6)) return SSE_STS; /* D6: MOVQ */
  if (op == 0x58 || op == 0x59 || op == 0x5c || op == 0x5d || op == 0x5e || op == 0x5f ||
      op == 0x51)
    return SSE_FP;
  if (pk && (op == 0x2e || op == 0x2f)) return SSE_CMPF;
  if (pk && (op == 0x14 || op == 0x15 || (op >= 0x54 && op <= 0x57))) return SSE_PURE;
  return -1;
}

/* The x87 data instructions fast_x87.c runs on the live host FPU, which the
 * translation runs the same way: every loading or storing memory form (not
 * through FS or GS, whose offset is not the address), every defined
 * register form but FCMOVcc (which reads the flags), FNCLEX, FNINIT and
 * FNSTSW AX.  *size: the memory operand's bytes; *store: it is written. */
enum { X87K_UD, X87K_LOAD, X87K_STORE, X87K_CTL };
static bool x87_native(const struct insn *d, u8 *size, u8 *store) {
  static const u8 kind[8][8] = {
#define X87_KIND(e, r, k, sz, ctl) [e][r] = X87K_##k,
      X87_MEMORY_FORMS(X87_KIND)
#undef X87_KIND
  };
  static const u8 bytes[8][8] = {
#define X87_SIZE(e, r, k, sz, ctl) [e][r] = sz,
      X87_MEMORY_FORMS(X87_SIZE)
#undef X87_SIZE
  };
  unsigned e = d->op - 0xd8u, r = d->reg & 7u, m = (unsigned)(d->mod << 6) | r << 3 | (d->rm & 7u);
  if (d->mod != 3) {
    if (kind[e][r] != X87K_LOAD && kind[e][r] != X87K_STORE) return false;
    if (d->seg == SEG_FS || d->seg == SEG_GS) return false;
    *size = bytes[e][r], *store = kind[e][r] == X87K_STORE;
    return true;
  }
  *size = 0, *store = 0;
  if (!x87_reg_defined(e, m)) return false;
  if (e == 3 && m >= 0xe0 && m <= 0xe4) return false; /* FNENI FNDISI FNCLEX FNINIT FNSETPM */
  if (e == 7 && m == 0xe0) return false;              /* FNSTSW AX */
  return !((e == 2 || e == 3) && m < 0xe0); /* FCMOVcc */
}
/* F(U)COMI(P): DB/DF E8-F7, which set ZF, PF and CF (and clear OF SF AF). */
static bool x87_sets_flags(const struct insn *d) {
  return (d->op == 0xdb || d->op == 0xdf) && d->mod == 3 && (d->reg & 7) >= 5 && (d->reg & 7) <= 6;
}

/* Operand shapes. */
enum { S_EG, S_GE, S_EI, S_GI, S_AI };

struct jinsn {
  u8 k, alu, sz, shape, xsz, xs, three, cc;
  bool mem;     /* a memory operand (its address is computed) */
  bool fault;   /* may fault: sees the flags before it */
  bool rflags;  /* reads the arithmetic flags */
  bool wflags;  /* sets all six */
  bool pflags;  /* sets some (INC/DEC keep CF) */
  bool zreg;    /* INC/DEC 40-4F (32-bit code): the register is d->reg */
  u64 imm;
};

static bool alu_native(int k) { return k <= 7; }

/* What d is, for the emitter, in a code segment of the given mode: the
 * stack and near branches take the mode's size (8 or 4), the memory
 * operands its address size. */
static struct jinsn classify(const struct insn *d, int mode) {
  struct jinsn j = {.k = JK_CALL, .sz = d->opsz, .imm = d->imm};
  int op = d->op, g = d->reg & 7, w = mode == 64 ? 8 : 4;
  bool r3 = d->mod == 3;
  if (d->lock || d->vex || !d->fn) return j;
  if (d->map == 0 && op >= 0xd8 && op <= 0xdf) {
    if (x87_native(d, &j.xsz, &j.xs)) j.k = JK_X87;
  } else if (d->map == 0) {
    if (op < 0x40 && (op & 7) < 6 && alu_native(op >> 3)) {
      j.k = JK_ALU;
      j.alu = (u8)(op >> 3);
      static const u8 shape[6] = {S_EG, S_EG, S_GE, S_GE, S_AI, S_AI};
      j.shape = shape[op & 7];
    } else if ((op == 0x80 || op == 0x81 || op == 0x83) && alu_native(g)) {
      j.k = JK_ALU, j.alu = (u8)g, j.shape = S_EI;
    } else if (op == 0x84 || op == 0x85) {
      j.k = JK_ALU, j.alu = 8, j.shape = S_EG;
    } else if (op == 0xa8 || op == 0xa9) {
      j.k = JK_ALU, j.alu = 8, j.shape = S_AI;
    } else if ((op == 0xf6 || op == 0xf7) && g <= 1) {
      j.k = JK_ALU, j.alu = 8, j.shape = S_EI;
    } else if (op == 0x88 || op == 0x89) {
      j.k = JK_MOV, j.shape = S_EG;
    } else if (op == 0x8a || op == 0x8b) {
      j.k = JK_MOV, j.shape = S_GE;
    } else if ((op == 0xc6 || op == 0xc7) && g == 0) {
      j.k = JK_MOV, j.shape = S_EI;
    } else if (op >= 0xb0 && op <= 0xbf) {
      j.k = JK_MOV, j.shape = S_GI;
    } else if (op == 0x8d && !r3 && d->adsz == w && d->opsz <= w) {
      j.k = JK_LEA;
    } else if (op == 0x63 && d->opsz == 8) {
      j.k = JK_MOVX, j.xsz = 4, j.xs = 1;
    } else if (op >= 0x50 && op <= 0x57 && d->opsz == w) {
      j.k = JK_PUSH;
    } else if ((op == 0x68 || op == 0x6a) && d->opsz == w) {
      j.k = JK_PUSHI;
    } else if (op >= 0x58 && op <= 0x5f && d->opsz == w) {
      j.k = JK_POP;
    } else if (op == 0xe8 && d->opsz == w) {
      j.k = JK_CALLREL;
    } else if (op == 0xc3 && d->opsz == w) {
      j.k = JK_RET;
    } else if ((op == 0xe9 || op == 0xeb) && d->opsz != 2) {
      j.k = JK_JMP;
    } else if (op >= 0x70 && op <= 0x7f && d->opsz != 2) {
      j.k = JK_JCC, j.cc = (u8)(op & 15);
    } else if ((op == 0xfe || op == 0xff) && g <= 1) {
      j.k = JK_INCDEC, j.alu = (u8)g;
    } else if (op >= 0x40 && op <= 0x4f && mode == 32) {
      j.k = JK_INCDEC, j.alu = (u8)((op >> 3) & 1), j.zreg = true;
    } else if (op == 0xff && g == 6 && d->opsz == w) {
      j.k = JK_PUSHM;
    } else if (op == 0xff && (g == 2 || g == 4) && d->opsz == w) {
      j.k = JK_IND, j.alu = (u8)g;
    } else if ((op == 0xd2 || op == 0xd3) && (g <= 1 || g == 4 || g == 5 || g == 7)) {
      j.k = JK_SHIFTCL, j.alu = (u8)g;
    } else if ((op == 0xc1 || op == 0xd1 || op == 0xc0 || op == 0xd0) &&
               (g == 4 || g == 5 || g == 7 || g <= 1)) {
      unsigned cnt = (op == 0xd1 || op == 0xd0 ? 1 : (unsigned)d->imm) & (d->opsz == 8 ? 63 : 31);
      if (cnt) j.k = g <= 1 ? JK_ROT : JK_SHIFT, j.alu = (u8)g, j.imm = cnt;
    } else if ((op == 0xf6 || op == 0xf7) && (g == 2 || g == 3)) {
      j.k = JK_UNARY, j.alu = (u8)g;
    } else if ((op == 0x69 || op == 0x6b) && d->opsz != 1) {
      j.k = JK_IMUL, j.three = 1;
    } else if (op == 0x90 && !(d->rex & 1) && d->rep != 0xf3) {
      j.k = JK_NOP;
    }
  } else if (d->map == 1 && !d->vex && sse_fp_form(d) >= 0) {
    int p = d->pfx;
    j.k = JK_SSE, j.alu = (u8)sse_fp_form(d), j.cc = (u8)op;
    j.xsz = p == PFX_F2 ? 8 : p == PFX_F3 ? 4 : 16;
    if (j.alu == SSE_CMPF) j.xsz = p == PFX_66 ? 8 : 4;
    if (op == 0x7e || op == 0xd6) j.xsz = 8;
    j.sz = j.xsz;
    j.three = j.xsz == 16; /* a 16-byte memory operand must be aligned */
  } else if (d->map == 1 && (op == 0x10 || op == 0x11 || op == 0x28 || op == 0x29 || op == 0x6f ||
                              op == 0x7f || op == 0x70 || op == 0xd7 || (op >= 0x71 && op <= 0x73) ||
                              sse_int_op(op))) {
    /* SSE: moves of 16 bytes and the integer operations. */
    int p = d->rex & 8 ? -1 : d->pfx; /* REX.W: other operations (MOVQ ...) */
    j.sz = 16;
    j.cc = (u8)op;
    j.three = 1; /* a memory operand must be aligned (legacy SSE) */
    if ((p == PFX_NONE || p == PFX_66) && (op == 0x10 || op == 0x28)) {
      j.k = JK_SSE, j.alu = SSE_LD, j.three = op == 0x28;
    } else if ((p == PFX_NONE || p == PFX_66) && (op == 0x11 || op == 0x29)) {
      j.k = JK_SSE, j.alu = SSE_ST, j.three = op == 0x29;
    } else if ((p == PFX_66 || p == PFX_F3) && op == 0x6f) {
      j.k = JK_SSE, j.alu = SSE_LD, j.three = p == PFX_66;
    } else if ((p == PFX_66 || p == PFX_F3) && op == 0x7f) {
      j.k = JK_SSE, j.alu = SSE_ST, j.three = p == PFX_66;
    } else if (p == PFX_66 && (sse_int_op(op) || op == 0x70)) {
      j.k = JK_SSE, j.alu = SSE_OP; /* 70: PSHUFD, with its imm8 */
    } else if (p == PFX_66 && op == 0xd7 && r3) {
      j.k = JK_SSE, j.alu = SSE_MSK;
    } else if (p == PFX_66 && op >= 0x71 && op <= 0x73 && r3 &&
               (g == 2 || g == 4 || g == 6 || (op == 0x73 && (g == 3 || g == 7))) &&
               !(op == 0x73 && g == 4)) {
      j.k = JK_SSE, j.alu = SSE_SHI;
    }
  } else if ((d->map == 2 || d->map == 3) && d->pfx == PFX_66 && !d->vex) {
    bool w = d->rex & 8;
    j.sz = 16, j.cc = (u8)op, j.three = 1;
    if (d->map == 2 && !w && (sse_38_op(op, r3) || (op == 0x37 && host_sse42())))
      j.k = JK_SSE, j.alu = SSE_OP;
    else if (d->map == 3 && !w && sse_3a_op(op))
      j.k = JK_SSE, j.alu = SSE_OP;
    else if (d->map == 3 && op >= 0x60 && op <= 0x63 && host_sse42())
      j.k = JK_SSE, j.alu = SSE_STR, j.three = 0; /* PCMPxSTRx: unaligned, sets flags */
  } else if (d->map == 1) {
    if (op >= 0x80 && op <= 0x8f && d->opsz != 2) {
      j.k = JK_JCC, j.cc = (u8)(op & 15);
    } else if (op >= 0x90 && op <= 0x9f) {
      j.k = JK_SETCC, j.cc = (u8)(op & 15), j.sz = 1;
    } else if (op >= 0x40 && op <= 0x4f && r3) {
      j.k = JK_CMOV, j.cc = (u8)(op & 15);
    } else if (op == 0xb6 || op == 0xb7 || op == 0xbe || op == 0xbf) {
      j.k = JK_MOVX, j.xsz = (op & 1) ? 2 : 1, j.xs = op >= 0xbe;
    } else if (op == 0xaf) {
      j.k = JK_IMUL;
    } else if (op == 0x1f) {
      j.k = JK_NOP;
    }
  }
  if (j.k == JK_CALL) return j;
  /* The forms the emitter takes: the mode's addressing for a memory operand. */
  bool has_modrm = !(j.k == JK_PUSH || j.k == JK_PUSHI || j.k == JK_POP || j.zreg ||
                     j.k == JK_CALLREL || j.k == JK_RET ||
                     j.k == JK_JMP || j.k == JK_JCC || (j.k == JK_MOV && j.shape == S_GI) ||
                     (j.k == JK_ALU && j.shape == S_AI) || (j.k == JK_NOP && d->map == 0));
  j.mem = has_modrm && !r3 && j.k != JK_NOP;
  if (j.mem && d->adsz != w) return (struct jinsn){.k = JK_CALL};
  /* May fault: a memory operand, the stack; SSE floating point and x87,
   * whose handler (the slow path) traps an unmasked exception. */
  j.fault = (j.mem && j.k != JK_LEA) || j.k == JK_PUSH || j.k == JK_PUSHI || j.k == JK_PUSHM ||
            j.k == JK_POP ||
            j.k == JK_CALLREL || j.k == JK_RET || (j.k == JK_IND && j.alu == 2) ||
            (j.k == JK_SSE && (j.alu == SSE_FP || j.alu == SSE_CMPF)) || j.k == JK_X87;
  j.rflags = j.k == JK_JCC || j.k == JK_SETCC || j.k == JK_CMOV ||
             (j.k == JK_ALU && (j.alu == 2 || j.alu == 3)); /* ADC, SBB: CF */
  j.wflags = j.k == JK_ALU || j.k == JK_SHIFT || j.k == JK_IMUL || (j.k == JK_UNARY && j.alu == 3) ||
             (j.k == JK_SSE && (j.alu == SSE_STR || j.alu == SSE_CMPF)) ||
             (j.k == JK_X87 && x87_sets_flags(d));
  /* Keep some flags: INC/DEC CF, ROL/ROR all but CF and OF, a shift by CL
   * all when CL is 0. */
  j.pflags = j.k == JK_INCDEC || j.k == JK_ROT || j.k == JK_SHIFTCL;
  return j;
}

/* ---- emission ---- */

struct stub {
  u8 *jump;   /* the rel32 of the JA to patch */
  u8 *resume; /* where the access resumes */
  u64 ip;
  u32 szw;    /* size | write << 8 */
};

/* A way out of the block to a known address: out of line, it sets c->rip
 * and leaves through the exit trampoline, handing run_blocks the rel32 of
 * the JMP that chains the block to that address's translation. */
struct chain {
  u8 *budget;   /* the JLE's rel32 (budget spent) */
  u8 *other[2]; /* the JNEs' (a signal, code changed) */
  u8 *link;     /* the JMP's: patched by jit_link */
  u64 target;
};

struct jctx {
  struct jasm a;
  const struct cpu *c;
  const struct jit *j;
  int n;            /* the block's instructions: what it takes of the budget */
  u64 addr;         /* its guest address */
  int mode;         /* its code segment's: 64, or 32 */
  struct chain chains[2];
  int nchains;
  int hf;           /* index of the instruction whose flags the host holds, or -1 */
  int pend;         /* index of the instruction whose record was elided: its
                     * flags are the guest's until the next writer, and live
                     * only in the host's (jit_meta.hostfl); or -1 */
  int cc_op, cc_sz; /* the record's kind and size as this block last wrote them, or -1 */
  struct stub stubs[64];
  int nstubs;
  struct stub gp[32]; /* misaligned SSE operands: jit_gp */
  int ngp;
  struct fpslow {     /* emit_ssefp's handler calls, out of line */
    u8 *jump, *resume;
    const struct insn *d;
    u64 ip, next;
    bool flags;
  } fps[32];
  int nfps;
  /* --jit-check: the instruction being emitted, whose every way out of the
   * block calls jit_chk_post (cpost). */
  bool cpost;
  const struct insn *cd;
  u64 cip, cinfo;
};

/* r14 = the stack pointer plus delta, wrapped as the mode's stack wraps
 * (the flat model: run_seg runs code with a based or 16-bit SS). */
static void emit_sp(struct jctx *x, int delta) {
  struct jasm *a = &x->a;
  if (x->mode == 32) {
    load(a, 4, HEA, MB(HC, OFF_R(R_SP)));
    if (delta) enc(a, 0, 0x8d, HEA, MB(HEA, delta)); /* lea r14d */
  } else {
    load(a, 8, HEA, MB(HC, OFF_R(R_SP)));
    if (delta) lea(a, HEA, MB(HEA, delta));
  }
}
static void emit_sp_add(struct jctx *x, int delta) {
  enc(&x->a, x->mode == 32 ? 0 : E_W, 0x8d, HEA, MB(HEA, delta));
}

/* c->mxcsr = fast_mx.loaded = the hardware's, where c->mx_dirty: emitted
 * wherever translated code calls out or leaves (emit_handler, the exit
 * trampoline); rax and rcx and the host's flags are lost.  c->mx_dirty is
 * set only after a native SSE operation ran under the guest's MXCSR
 * (fast_mx.loaded == c->mxcsr), and every change of c->mxcsr goes through
 * a handler, so the hardware's is the guest's with more sticky flags. */
static void emit_mx_sync(struct jasm *a) {
  enc(a, 0, 0x80, 7, MB(HC, OFF_MXDIRTY)), b1(a, 0); /* cmp byte [mx_dirty], 0 */
  b1(a, 0x74);                                        /* je past */
  u8 *skip = a->p;
  b1(a, 0);
  enc(a, 0, 0x0fae, 3, MB(HC, OFF_MXCSR)); /* stmxcsr [mxcsr] */
  load(a, 4, H_AX, MB(HC, OFF_MXCSR));
  ld_imm(a, H_CX, (u64)(uintptr_t)&fast_mx.loaded);
  store(a, 4, H_AX, MB(H_CX, 0));
  enc(a, 0, 0xc6, 0, MB(HC, OFF_MXDIRTY)), b1(a, 0); /* mov byte [mx_dirty], 0 */
  if (!a->full) *skip = (u8)(a->p - (skip + 1));
}

void jit_mx_sync(struct cpu *c) {
  if (!c->mx_dirty) return;
  u32 m;
  __asm__ volatile("stmxcsr %0" : "=m"(m));
  c->mxcsr = fast_mx.loaded = m;
  c->mx_dirty = 0;
}

void jit_mx_fault(struct cpu *c, u32 mxcsr) {
  if (!c->mx_dirty) return;
  c->mxcsr = fast_mx.loaded = mxcsr;
  c->mx_dirty = 0;
}

#define STUB_WRITE  (1u << 8)
#define STUB_HOSTFL (1u << 9) /* the guest's flags are the host's (jit_meta.hostfl) */

/* The slow check of an access of n = szw & 0xff bytes at a beyond the fast
 * compare: the exact test cpu_host makes.  Returns when the access is in the
 * window; else the fault, as the instruction at ip. */
static void jit_mem_slow(struct cpu *c, u64 a, u32 szw, u64 ip, u64 hflags) {
  unsigned n = szw & 0xff;
  if (a > c->mem_limit - n) {
    jit_mx_sync(c);
    if (szw & STUB_HOSTFL) cpu_set_flags(c, hflags & F_ARITH, F_ARITH);
    c->ip = ip;
    cpu_bad_address(c, a, szw & STUB_WRITE ? CPU_PF_WRITE : 0);
  }
}

/* r14 = the memory operand's address in a 32-bit code segment: the offset
 * wrapped at 4 GiB (the registers' upper halves, which 64-bit code may
 * have left, play no part), then FS's or GS's base, wrapped again
 * (insn_seg_add).  ES, SS and DS are flat and their selectors not null
 * whenever translated code runs (run_blocks checks: jit_flat32); a null FS
 * or GS fails the block's guard. */
static void emit_ea32(struct jctx *x, const struct insn *d, bool seg) {
  struct jasm *a = &x->a;
  struct m m = {HEA, -1, 0, false, d->disp};
  if (d->base < 16) {
    load(a, 4, HEA, MB(HC, OFF_R(d->base)));
  } else {
    ld_imm(a, HEA, (u32)d->disp);
    m.disp = 0;
  }
  if (d->index < 16) {
    load(a, 4, H_AX, MB(HC, OFF_R(d->index)));
    m.index = H_AX, m.scale = d->scale;
  }
  if (m.index >= 0 || m.disp) enc(a, 0, 0x8d, HEA, m); /* lea r14d: wraps */
  if (seg && (d->seg == SEG_FS || d->seg == SEG_GS)) {
    load(a, 8, H_AX, MB(HC, OFF_SEG(d->seg)));
    enc(a, 0, 0x8d, HEA, (struct m){HEA, H_AX, 0, false, 0});
  }
}

/* r14 = the memory operand's address (lea: without its segment). */
static void emit_ea(struct jctx *x, const struct insn *d, u64 next, bool seg) {
  struct jasm *a = &x->a;
  if (x->mode == 32) {
    emit_ea32(x, d, seg);
    return;
  }
  if (d->base == RIPREL) {
    ld_imm(a, HEA, next + (u64)(i64)d->disp);
  } else {
    if (d->base < 16)
      load(a, 8, HEA, MB(HC, OFF_R(d->base)));
    else
      ld_imm(a, HEA, (u64)(i64)d->disp);
    if (d->index < 16) {
      load(a, 8, H_AX, MB(HC, OFF_R(d->index)));
      struct m m = {HEA, H_AX, d->scale, false, d->base < 16 ? d->disp : 0};
      lea(a, HEA, m);
    } else if (d->base < 16 && d->disp) {
      lea(a, HEA, MB(HEA, d->disp));
    }
  }
  if (seg && d->seg < 6) { /* FS, GS (any other base is 0 in 64-bit mode): no flags touched */
    load(a, 8, H_AX, MB(HC, OFF_SEG(d->seg)));
    lea(a, HEA, (struct m){HEA, H_AX, 0, false, 0});
  }
}

static u8 *rel32_here(struct jasm *a);

/* The bounds check of an sz-byte access at r14 (cpu_host's). */
static void emit_check(struct jctx *x, int sz, bool write, u64 ip) {
  struct jasm *a = &x->a;
  u8 *rel;
  /* A 32-bit code segment's address is below 4 GiB (emit_ea32 wraps it),
   * so inside every window: the shift below would always give zero, and an
   * access running past the end faults in the guard with or without it. */
  if (x->mode == 32 && x->j->shift >= 32) return;
  if (x->j->shift) {
    /* Without touching the flags (BMI2): rcx = r14 >> r13 (log2 of the
     * window), zero when the address is in the window.  An access that
     * starts in it and runs past its end faults in the guard after it. */
    b1(a, 0xc4), b1(a, 0xc2), b1(a, 0x93), b1(a, 0xf7), b1(a, 0xce); /* shrx rcx, r14, r13 */
    b1(a, 0xe3), b1(a, 0x05);                                        /* jrcxz past the jmp */
    b1(a, 0xe9);
    rel = rel32_here(a);
  } else {
    enc(a, E_W, 0x39, HLIM, MR(HEA)); /* cmp r14, r13 */
    b1(a, 0x0f);
    b1(a, 0x87); /* ja stub */
    rel = rel32_here(a);
    x->hf = -1;
  }
  if (x->nstubs == (int)ARRAY_SIZE(x->stubs)) {
    a->full = true; /* cannot happen: 32 instructions of at most one access */
    return;
  }
  u32 szw = (u32)sz | (write ? STUB_WRITE : 0) | (x->pend >= 0 ? STUB_HOSTFL : 0);
  x->stubs[x->nstubs++] = (struct stub){rel, a->p, ip, szw};
}

/* The memory operand's address and its check. */
static void emit_mem(struct jctx *x, const struct insn *d, u64 ip, u64 next, int sz, bool write) {
  emit_ea(x, d, next, true);
  emit_check(x, sz, write, ip);
}

static u8 *rel32_here(struct jasm *a) {
  u8 *p = a->p;
  b4(a, 0);
  return p;
}
/* Point the rel32 at p to the current position. */
static void patch_here(struct jasm *a, u8 *rel) {
  if (a->full || !rel) return;
  i32 r = (i32)(a->p - (rel + 4));
  memcpy(rel, &r, 4);
}

/* The budget: r15 -= the block's instructions. */
static void emit_take_budget(struct jctx *x) {
  enc(&x->a, E_W, 0x81, 5, MR(HBUD));
  b4(&x->a, (u32)x->n);
}

/* Go on at c->rip, known only now: through the dispatch trampoline. */
static void emit_exit(struct jctx *x) {
  struct jasm *a = &x->a;
  emit_take_budget(x);
  b1(a, 0xe9);
  b4(a, (u32)(i32)(x->j->dispatch[x->mode == 32] - (a->p + 4)));
}

/* Leave for run_blocks, after a handler that may have changed the mode or
 * the segments (a far branch, a system call: sigreturn, set_thread_area):
 * it judges them before any translation runs again. */
static void emit_exit_nolink(struct jctx *x) {
  struct jasm *a = &x->a;
  emit_take_budget(x);
  b1(a, 0xe9);
  b4(a, (u32)(i32)(x->j->nolink - (a->p + 4)));
}

/* A call of jit_chk_pre or jit_chk_post (--jit-check) that keeps the host's
 * flags. */
static void emit_chkcall(struct jctx *x, const void *fn, const struct insn *d, u64 ip, u64 info) {
  struct jasm *a = &x->a;
  b1(a, 0x9c); /* pushfq */
  enc(a, E_W, 0x83, 5, MR(H_SP));
  b1(a, 8); /* sub rsp, 8: the call's stack stays aligned */
  mov_rr(a, 8, H_DI, HC);
  ld_imm(a, H_SI, (u64)(uintptr_t)d);
  ld_imm(a, H_DX, ip);
  ld_imm(a, H_CX, info);
  call_abs(a, fn);
  enc(a, E_W, 0x83, 0, MR(H_SP));
  b1(a, 8);    /* add rsp, 8 */
  b1(a, 0x9d); /* popfq */
}

/* Leave the block (c->rip set). */
static void emit_leave(struct jctx *x) {
  if (x->cpost) emit_chkcall(x, (const void *)jit_chk_post, x->cd, x->cip, x->cinfo);
  emit_exit(x);
}

/* Go on at guest address v: straight into its translation once run_blocks
 * has linked it.  A backward edge (v at or below the block) first checks
 * what run_blocks checks between blocks: budget left, no signal waiting
 * (c->kick), the code unchanged (c->cache_gen). */
static void emit_goto(struct jctx *x, u64 v) {
  struct jasm *a = &x->a;
  if (x->cpost) { /* the check compares rip: set it here too */
    ld_imm(a, H_AX, v);
    store(a, 8, H_AX, MB(HC, OFF_RIP));
    emit_chkcall(x, (const void *)jit_chk_post, x->cd, x->cip, x->cinfo);
  }
  if (x->nchains == 2) { /* cannot happen: a block has two ways out at most */
    a->full = true;
    return;
  }
  struct chain *ch = &x->chains[x->nchains++];
  ch->target = v;
  emit_take_budget(x);
  if (v > x->addr) {
    /* Forward: every cycle of blocks has a backward edge, which checks;
     * what a chain of forward edges takes is bounded by the blocks. */
    ch->budget = ch->other[0] = ch->other[1] = NULL;
    b1(a, 0xe9);
    ch->link = rel32_here(a);
    return;
  }
  b1(a, 0x0f), b1(a, 0x8e); /* jle: the budget is spent */
  ch->budget = rel32_here(a);
  enc(a, 0, 0x83, 7, MB(HC, OFF_KICK)); /* cmp dword [kick], 0 */
  b1(a, 0);
  b1(a, 0x0f), b1(a, 0x85);
  ch->other[0] = rel32_here(a);
  ld_imm(a, H_AX, (u64)(uintptr_t)&x->c->mm->code_gen);
  load(a, 8, H_AX, MB(H_AX, 0));
  enc(a, E_W, 0x3b, H_AX, MB(HC, OFF_CGEN)); /* cmp rax, [cache_gen] */
  b1(a, 0x0f), b1(a, 0x85);
  ch->other[1] = rel32_here(a);
  b1(a, 0xe9);
  ch->link = rel32_here(a);
}

/* The chains' out-of-line halves. */
static void emit_chain_stubs(struct jctx *x) {
  struct jasm *a = &x->a;
  for (int k = 0; k < x->nchains; k++) {
    struct chain *ch = &x->chains[k];
    if (ch->budget) {
      patch_here(a, ch->budget);
      enc(a, 0, 0x31, HBUD, MR(HBUD)); /* xor r15d, r15d: none left */
    }
    patch_here(a, ch->other[0]);
    patch_here(a, ch->other[1]);
    patch_here(a, ch->link);
    ld_imm(a, H_AX, ch->target);
    store(a, 8, H_AX, MB(HC, OFF_RIP));
    b1(a, 0x48), b1(a, 0x8d), b1(a, 0x15); /* lea rdx, [rip + disp32]: the link's rel32 */
    b4(a, (u32)(i32)(ch->link - (a->p + 4)));
    b1(a, 0xe9);
    b4(a, (u32)(i32)(x->j->exit - (a->p + 4)));
  }
}

/* What --jit-check saves before instruction q: the bytes it may store. */
static u64 chk_info(const struct jinsn *q, bool live, int w) {
  u64 info = live ? JCHK_FLAGS_LIVE : 0;
  bool rmw = q->mem && ((q->k == JK_ALU && (q->shape == S_EG || q->shape == S_EI) &&
                         q->alu != 7 && q->alu != 8) ||
                        q->k == JK_INCDEC || q->k == JK_SHIFT || q->k == JK_ROT ||
                        q->k == JK_UNARY || q->k == JK_SHIFTCL);
  bool st_ea = rmw || (q->mem && ((q->k == JK_MOV && (q->shape == S_EG || q->shape == S_EI)) ||
                                  q->k == JK_SETCC ||
                                  (q->k == JK_SSE && (q->alu == SSE_ST || q->alu == SSE_STS))));
  if (st_ea)
    info |= JCHK_STORE_EA | (rmw ? JCHK_RMW : 0) | (u64)q->sz << JCHK_SIZE_SHIFT;
  else if (q->mem && q->k != JK_LEA && q->k != JK_PUSHM && !(q->k == JK_IND && q->alu == 2))
    info |= JCHK_LOAD_EA | (u64)(q->k == JK_MOVX ? q->xsz : q->sz) << JCHK_SIZE_SHIFT;
  if (q->k == JK_SSE) info |= JCHK_XMM;
  if (q->k == JK_PUSH || q->k == JK_PUSHI || q->k == JK_PUSHM || q->k == JK_CALLREL ||
      (q->k == JK_IND && q->alu == 2))
    info |= JCHK_STORE_PUSH | (u64)w << JCHK_SIZE_SHIFT;
  return info;
}

/* The lazy-flags record: cc_res from res; cc_a/cc_b from ra/rb when >= 0. */
static void emit_rec(struct jctx *x, int op, int sz, int res, int ra, int rb) {
  struct jasm *a = &x->a;
  store(a, 8, res, MB(HC, OFF_CCRES));
  if (ra >= 0) store(a, 8, ra, MB(HC, OFF_CCA));
  if (rb >= 0) store(a, 8, rb, MB(HC, OFF_CCB));
  if (x->cc_op != op) st_imm(a, 4, MB(HC, OFF_CCOP), (u32)op);
  if (x->cc_sz != sz) st_imm(a, 4, MB(HC, OFF_CCSIZE), (u32)sz);
  x->cc_op = op, x->cc_sz = sz;
}

/* The host's arithmetic flags = the guest's, from the record. */
static void emit_flags_in(struct jctx *x, int i) {
  struct jasm *a = &x->a;
  mov_rr(a, 8, H_DI, HC);
  call_abs(a, (const void *)cpu_get_flags);
  enc(a, 0, 0x81, 4, MR(H_AX)), b4(a, F_ARITH); /* and eax, F_ARITH */
  b1(a, 0x50), b1(a, 0x9d);                                     /* push rax; popfq */
  x->hf = i;
  x->cc_op = x->cc_sz = -1; /* it may have made the flags eager */
}

/* ZF clear when condition cc holds, from the record (cpu_cond): for a
 * Jcc, SETcc or CMOVcc whose flags the host does not hold. */
static void emit_cond(struct jctx *x, int cc) {
  struct jasm *a = &x->a;
  mov_rr(a, 8, H_DI, HC);
  ld_imm(a, H_SI, (u64)cc);
  call_abs(a, (const void *)cpu_cond);
  enc(a, 0, 0x84, H_AX, MR(H_AX)); /* test al, al */
  x->hf = -1;
  x->cc_op = x->cc_sz = -1; /* it may have made the flags eager */
}

/* The handler, as the interpreter's loop calls it. */
static void emit_handler(struct jctx *x, const struct insn *d, u64 ip, u64 next) {
  struct jasm *a = &x->a;
  emit_mx_sync(a);
  ld_imm(a, H_AX, ip);
  store(a, 8, H_AX, MB(HC, OFF_IP));
  if (next - ip == d->len)
    lea(a, H_AX, MB(H_AX, d->len));
  else
    ld_imm(a, H_AX, next);
  store(a, 8, H_AX, MB(HC, OFF_RIP));
  mov_rr(a, 8, H_DI, HC);
  ld_imm(a, H_SI, (u64)(uintptr_t)d);
  call_abs(a, (const void *)d->fn);
  x->hf = -1;
  x->cc_op = x->cc_sz = -1;
}

static const int cc_of_alu[9] = {CC_ADD, CC_LOGIC, CC_ADC,   CC_SBB,  CC_LOGIC,
                                 CC_SUB, CC_LOGIC, CC_SUB, CC_LOGIC};

/* ADD OR AND SUB XOR CMP TEST: a (the destination) in rax, b in rcx, the
 * result in rdx when the record needs a and b, else in rax. */
static void emit_alu(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                     u64 next, bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz, k = j->alu;
  bool st = k != 7 && k != 8;
  bool dst_e = j->shape == S_EG || j->shape == S_EI;
  if (j->mem) emit_mem(x, d, ip, next, sz, dst_e && st);
  /* a */
  if (j->shape == S_AI)
    load(a, sz, H_AX, greg(d, R_AX, sz));
  else if (dst_e)
    load(a, sz, H_AX, j->mem ? GMEM : greg(d, d->rm, sz));
  else
    load(a, sz, H_AX, greg(d, d->reg, sz));
  /* b */
  if (j->shape == S_EI || j->shape == S_AI)
    ld_imm(a, H_CX, sz == 8 ? j->imm : j->imm & size_mask(sz));
  else if (dst_e)
    load(a, sz, H_CX, greg(d, d->reg, sz));
  else
    load(a, sz, H_CX, j->mem ? GMEM : greg(d, d->rm, sz));
  int res = rec ? H_DX : H_AX;
  if (rec) mov_rr(a, 8, H_DX, H_AX);
  unsigned fl = szf(sz) | (sz == 1 ? E_BREG | E_BRM : 0);
  /* With the record, CMP and TEST compute their result as SUB and AND do. */
  u32 opc = k == 8 ? (rec ? 0x21 : 0x85) : k == 7 && rec ? 0x29 : (u32)(k * 8 + 1);
  if (sz == 1) opc -= 1;
  enc(a, fl, opc, H_CX, MR(res));
  x->hf = i;
  if (st) {
    if (j->shape == S_AI)
      st_greg(a, d, R_AX, sz, res);
    else if (!dst_e)
      st_greg(a, d, d->reg, sz, res);
    else if (j->mem)
      store(a, sz, res, GMEM);
    else
      st_greg(a, d, d->rm, sz, res);
  }
  if (rec) {
    int op = cc_of_alu[k];
    if (op == CC_LOGIC)
      emit_rec(x, op, sz, res, -1, -1);
    else
      emit_rec(x, op, sz, res, H_AX, H_CX);
  }
}

static void emit_mov(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next) {
  struct jasm *a = &x->a;
  int sz = j->sz;
  switch (j->shape) {
  case S_EG:
    if (j->mem) emit_mem(x, d, ip, next, sz, true);
    load(a, sz, H_AX, greg(d, d->reg, sz));
    if (j->mem)
      store(a, sz, H_AX, GMEM);
    else
      st_greg(a, d, d->rm, sz, H_AX);
    break;
  case S_GE:
    if (j->mem) emit_mem(x, d, ip, next, sz, false);
    load(a, sz, H_AX, j->mem ? GMEM : greg(d, d->rm, sz));
    st_greg(a, d, d->reg, sz, H_AX);
    break;
  case S_EI:
    if (j->mem) emit_mem(x, d, ip, next, sz, true);
    ld_imm(a, H_AX, sz == 8 ? j->imm : j->imm & size_mask(sz));
    if (j->mem)
      store(a, sz, H_AX, GMEM);
    else
      st_greg(a, d, d->rm, sz, H_AX);
    break;
  default: /* S_GI: B0-BF */
    ld_imm(a, H_AX, sz == 8 ? j->imm : j->imm & size_mask(sz));
    st_greg(a, d, d->reg, sz, H_AX);
    break;
  }
}

static void emit_movx(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next) {
  struct jasm *a = &x->a;
  int sz = j->sz;
  if (j->mem) emit_mem(x, d, ip, next, j->xsz, false);
  struct m src = j->mem ? GMEM : greg(d, d->rm, j->xsz);
  if (!j->xs)
    load(a, j->xsz, H_AX, src);
  else if (j->xsz == 4)
    enc(a, E_W, 0x63, H_AX, src); /* movsxd rax */
  else
    enc(a, (sz == 8 ? E_W : 0) | (j->xsz == 1 ? E_BRM : 0), j->xsz == 1 ? 0x0fbe : 0x0fbf, H_AX,
        src);
  st_greg(a, d, d->reg, sz, H_AX);
}

static void emit_lea(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 next) {
  struct jasm *a = &x->a;
  emit_ea(x, d, next, false);
  mov_rr(a, j->sz == 8 ? 8 : 4, H_AX, HEA);
  st_greg(a, d, d->reg, j->sz, H_AX);
}

/* The E operand of a one-operand read-modify-write form (INC/DEC, shifts):
 * loaded into rax, and copied to rdx when the record needs the source too;
 * the register the result is computed in. */
static int rmw_load(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next,
                    bool rec) {
  if (j->mem) emit_mem(x, d, ip, next, j->sz, true);
  load(&x->a, j->sz, H_AX, j->mem ? GMEM : greg(d, j->zreg ? d->reg : d->rm, j->sz));
  if (rec) mov_rr(&x->a, 8, H_DX, H_AX);
  return rec ? H_DX : H_AX;
}
static void rmw_store(struct jctx *x, const struct insn *d, const struct jinsn *j, int res) {
  if (j->mem)
    store(&x->a, j->sz, res, GMEM);
  else
    st_greg(&x->a, d, j->zreg ? d->reg : d->rm, j->sz, res);
}

/* INC/DEC: native where the flags are dead after it, or where the host's
 * flags are the guest's before it (the kept CF is then the host's). */
static void emit_incdec(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                        u64 next, bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz, res = rmw_load(x, d, j, ip, next, rec);
  enc(a, szf(sz) | (sz == 1 ? E_BRM : 0), sz == 1 ? 0xfe : 0xff, j->alu, MR(res));
  rmw_store(x, d, j, res);
  if (rec) {
    enc(a, 0, 0x0f92, 0, MR(H_CX)); /* setc cl: the kept CF */
    enc(a, E_BRM, 0x0fb6, H_CX, MR(H_CX));
    emit_rec(x, j->alu ? CC_DEC : CC_INC, sz, res, H_AX, H_CX);
    x->hf = i;
  } else {
    x->hf = -1;
  }
}

static void emit_shift(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next,
                       bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz, res = rmw_load(x, d, j, ip, next, rec);
  enc(a, szf(sz) | (sz == 1 ? E_BRM : 0), sz == 1 ? 0xc0 : 0xc1, j->alu, MR(res));
  b1(a, (u8)j->imm);
  rmw_store(x, d, j, res);
  x->hf = -1; /* the host's OF and AF after a count above 1 are not the record's */
  if (rec) {
    ld_imm(a, H_CX, j->imm);
    emit_rec(x, j->alu == 4 ? CC_SHL : j->alu == 5 ? CC_SHR : CC_SAR, sz, res, H_AX, H_CX);
  }
}

/* Eager flags from host register r, whose F_ARITH bits are the guest's
 * arithmetic flags (and nothing else): merged into c->flags, the rest kept. */
static void store_eager(struct jctx *x, int r) {
  struct jasm *a = &x->a;
  load(a, 8, H_CX, MB(HC, (i32)offsetof(struct cpu, flags)));
  enc(a, E_W, 0x81, 4, MR(H_CX)), b4(a, ~F_ARITH); /* and rcx, ~F_ARITH */
  enc(a, E_W, 0x09, r, MR(H_CX));                  /* or rcx, r */
  store(a, 8, H_CX, MB(HC, (i32)offsetof(struct cpu, flags)));
  st_imm(a, 4, MB(HC, OFF_CCOP), CC_EAGER);
  x->cc_op = CC_EAGER;
}

/* ROL/ROR by an immediate: it sets CF and OF and keeps the rest, which the
 * handler makes eager flags.  Where they are seen (rec), the host's flags
 * are the guest's before it: the host's CF after it, OF as the handler
 * computes it for any count (the SDM's count-1 rule), the rest kept. */
static void emit_rot(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next,
                     bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz, res = rmw_load(x, d, j, ip, next, false), bits = 8 * sz;
  unsigned w = sz == 8 ? E_W : 0;
  enc(a, szf(sz) | (sz == 1 ? E_BRM : 0), sz == 1 ? 0xc0 : 0xc1, j->alu, MR(res));
  b1(a, (u8)j->imm);
  rmw_store(x, d, j, res);
  x->hf = -1;
  if (!rec) return;
  b1(a, 0x9c), b1(a, 0x5e); /* pushfq; pop rsi */
  mov_rr(a, 8, H_DX, H_AX);
  enc(a, w, 0xc1, 5, MR(H_DX)), b1(a, (u8)(bits - 1)); /* shr edx, bits-1: the top bit */
  if (j->alu == 0) {
    enc(a, w, 0x31, H_AX, MR(H_DX)); /* ROL: top ^ bit 0 (= CF) */
  } else {
    mov_rr(a, 8, H_CX, H_AX);
    enc(a, w, 0xc1, 5, MR(H_CX)), b1(a, (u8)(bits - 2));
    enc(a, w, 0x31, H_CX, MR(H_DX)); /* ROR: top ^ the bit below it */
  }
  enc(a, 0, 0x83, 4, MR(H_DX)), b1(a, 1);          /* and edx, 1 */
  enc(a, 0, 0xc1, 4, MR(H_DX)), b1(a, 11);         /* shl edx, 11: OF */
  enc(a, 0, 0x81, 4, MR(H_SI)), b4(a, F_ARITH & ~F_OF);
  enc(a, 0, 0x09, H_DX, MR(H_SI));                 /* or esi, edx */
  store_eager(x, H_SI);
}

/* NOT (no flags) and NEG (the record of 0 - operand). */
static void emit_unary(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                       u64 next, bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz, res = rmw_load(x, d, j, ip, next, rec && j->alu == 3);
  enc(a, szf(sz) | (sz == 1 ? E_BRM : 0), sz == 1 ? 0xf6 : 0xf7, j->alu, MR(res));
  rmw_store(x, d, j, res);
  if (j->alu == 2) return; /* NOT: the host's flags are untouched too */
  x->hf = i;
  if (rec) {
    ld_imm(a, H_CX, 0); /* a = 0 (a MOV: the host's flags stay NEG's) */
    emit_rec(x, CC_SUB, sz, res, H_CX, H_AX);
  }
}

/* The #GP of a misaligned legacy SSE operand (sse_ea's), as the
 * instruction at ip. */
static void jit_gp(struct cpu *c, u64 ip) {
  jit_mx_sync(c);
  c->ip = ip;
  cpu_exception(c, STOP_GP);
}

/* The host opcode of an SSE operation: d's own, in its map. */
static u32 sse_opcode(const struct insn *d) {
  return d->map == 2 ? 0x0f3800u | d->op : d->map == 3 ? 0x0f3a00u | d->op : 0x0f00u | d->op;
}

/* A host prefix for the guest's (the operation is emitted as itself). */
static unsigned pfx_flag(int p) {
  return p == PFX_66 ? E_66 : p == PFX_F3 ? E_F3 : p == PFX_F2 ? E_F2 : 0;
}

/* The handler of the instruction, out of line: for an SSE operation when
 * the hardware's MXCSR is not the guest's (fast_sse.c). */
static void emit_fp_slow(struct jctx *x, const struct insn *d, u64 ip, u64 next, u8 *jump,
                         u8 *resume, bool flags) {
  struct jasm *a = &x->a;
  patch_here(a, jump);
  emit_handler(x, d, ip, next);
  if (flags) { /* the host's flags become the guest's, as after the native form */
    mov_rr(a, 8, H_DI, HC);
    call_abs(a, (const void *)cpu_get_flags);
    b1(a, 0x50), b1(a, 0x9d); /* push rax; popfq */
  }
  b1(a, 0xe9);
  b4(a, (u32)(i32)(resume - (a->p + 4)));
}

/* Floating-point SSE (and the scalar moves, unpacks, logic) as itself, on
 * copies of the guest's xmm registers in xmm0 and xmm1; a memory operand
 * (j->xsz bytes) is read or written by the host instruction itself.
 * MXCSR: the operation runs under the hardware's MXCSR where it is the
 * guest's (fast_mx.loaded == c->mxcsr, so every exception masked), whose
 * sticky flags reach c->mxcsr when the code calls out or leaves
 * (c->mx_dirty, emit_mx_sync: STMXCSR after every operation cost more
 * than the operation); else the handler runs it.  The slow paths are
 * placed after the block. */
static void emit_ssefp(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                       u64 next, bool rec, u8 **slow) {
  struct jasm *a = &x->a;
  unsigned pf = pfx_flag(d->pfx);
  bool r3 = d->mod == 3, mx = j->alu == SSE_FP || j->alu == SSE_CMPF;
  struct m src = r3 ? MR(1) : GMEM;
  *slow = NULL;
  if (j->mem) {
    emit_ea(x, d, next, true);
    if (j->three) { /* test r14d, 15; jnz: #GP */
      enc(a, 0, 0xf7, 0, MR(HEA));
      b4(a, 15);
      b1(a, 0x0f), b1(a, 0x85);
      if (x->ngp == (int)ARRAY_SIZE(x->gp)) {
        a->full = true;
        return;
      }
      x->gp[x->ngp++] = (struct stub){rel32_here(a), NULL, ip, 0};
    }
    emit_check(x, j->xsz, j->alu == SSE_STS, ip);
  }
  if (mx) {
    ld_imm(a, H_CX, (u64)(uintptr_t)&fast_mx.loaded);
    load(a, 4, H_AX, MB(HC, OFF_MXCSR));
    enc(a, 0, 0x3b, H_AX, MB(H_CX, 0)); /* cmp eax, [rcx] */
    b1(a, 0x0f), b1(a, 0x85);
    *slow = rel32_here(a);
  }
  x->hf = -1;
  if (r3) enc(a, E_F3, 0x0f6f, 1, MB(HC, OFF_XMM(d->rm)));
  if (j->alu == SSE_STS) {
    if (r3) { /* xmm0 = E; its low element = G's (MOVQ: the rest zero) */
      enc(a, E_F3, 0x0f6f, 0, MB(HC, OFF_XMM(d->rm)));
      enc(a, E_F3, 0x0f6f, 1, MB(HC, OFF_XMM(d->reg)));
      if (j->cc == 0xd6)
        enc(a, E_66, 0x0fd6, 1, MR(0));
      else
        enc(a, pf, 0x0f10, 0, MR(1));
      enc(a, E_F3, 0x0f7f, 0, MB(HC, OFF_XMM(d->rm)));
    } else {
      enc(a, E_F3, 0x0f6f, 0, MB(HC, OFF_XMM(d->reg)));
      enc(a, pf, 0x0f00 | j->cc, 0, GMEM);
    }
  } else {
    enc(a, E_F3, 0x0f6f, 0, MB(HC, OFF_XMM(d->reg)));
    enc(a, pf, 0x0f00 | j->cc, 0, src);
    if (j->alu != SSE_CMPF) enc(a, E_F3, 0x0f7f, 0, MB(HC, OFF_XMM(d->reg)));
  }
  if (mx) /* its sticky flags: in the hardware until jit_mx_sync */
    enc(a, 0, 0xc6, 0, MB(HC, OFF_MXDIRTY)), b1(a, 1); /* mov byte [mx_dirty], 1 */
  if (j->alu == SSE_CMPF) {
    x->hf = i;
    if (rec) { /* eager flags: c->flags's six from the host's, which stay */
      b1(a, 0x9c), b1(a, 0x5e);                    /* pushfq; pop rsi */
      mov_rr(a, 8, H_AX, H_SI);
      enc(a, 0, 0x81, 4, MR(H_AX)), b4(a, F_ARITH); /* and eax, F_ARITH */
      store_eager(x, H_AX);
      b1(a, 0x56), b1(a, 0x9d);                    /* push rsi; popfq */
    }
  }
  if (mx) x->cc_op = x->cc_sz = -1; /* the slow path's handler may have written them */
}

/* An x87 data instruction as fast_x87.c's handler runs it: on the host FPU
 * where the guest's is live there (c->fpu_live: every exception masked),
 * else the handler out of line (*slow); then FOP, FIP, FCS and, for a
 * memory operand (offset = address: not FS or GS), FDP and FDS
 * (x87_last_insn).  F(U)COMI(P) leave the guest's flags in the host's. */
static void emit_x87(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                     u64 next, bool rec, u8 **slow) {
  struct jasm *a = &x->a;
  unsigned e = d->op - 0xd8u, m = (unsigned)(d->mod << 6) | (d->reg & 7u) << 3 | (d->rm & 7u);
  enc(a, 0, 0x80, 7, MB(HC, OFF_FLIVE)), b1(a, 0); /* cmp byte [fpu_live], 0 */
  b1(a, 0x0f), b1(a, 0x84);
  *slow = rel32_here(a);
  x->hf = -1;
  if (j->mem) {
    emit_mem(x, d, ip, next, j->xsz, j->xs);
    enc(a, 0, d->op, d->reg & 7, GMEM);
  } else {
    b1(a, d->op), b1(a, m);
  }
  bool fl = x87_sets_flags(d);
  if (fl) b1(a, 0x9c), b1(a, 0x5e); /* pushfq; pop rsi: F(U)COMI's flags */
  st_imm(a, 2, MB(HC, OFF_FPU(fop)), e << 8 | m);
  ld_imm(a, H_AX, ip);
  store(a, 8, H_AX, MB(HC, OFF_FPU(fip)));
  load(a, 2, H_AX, MB(HC, OFF_SEL(SEG_CS)));
  store(a, 2, H_AX, MB(HC, OFF_FPU(fcs)));
  if (j->mem) {
    int s = d->seg < 6 ? d->seg : d->base == R_SP || d->base == R_BP ? SEG_SS : SEG_DS;
    store(a, 8, HEA, MB(HC, OFF_FPU(fdp)));
    load(a, 2, H_AX, MB(HC, OFF_SEL(s)));
    store(a, 2, H_AX, MB(HC, OFF_FPU(fds)));
  }
  if (fl) {
    x->hf = i;
    if (rec) {
      mov_rr(a, 8, H_AX, H_SI);
      enc(a, 0, 0x81, 4, MR(H_AX)), b4(a, F_ARITH); /* and eax, F_ARITH */
      store_eager(x, H_AX);
    }
    b1(a, 0x56), b1(a, 0x9d); /* push rsi; popfq */
  }
  x->cc_op = x->cc_sz = -1; /* the slow path's handler may have written them */
}

/* Moves of 16 bytes and integer SSE2 operations on the guest's xmm
 * registers in struct cpu, through xmm0 and xmm1.  MXCSR plays no part. */
static void emit_sse(struct jctx *x, const struct insn *d, const struct jinsn *j, int i, u64 ip,
                     u64 next, bool rec) {
  struct jasm *a = &x->a;
  struct m src = d->mod == 3 ? MB(HC, OFF_XMM(d->rm)) : GMEM;
  if (j->mem) {
    emit_ea(x, d, next, true);
    if (j->three) { /* test r14d, 15; jnz: #GP */
      enc(a, 0, 0xf7, 0, MR(HEA));
      b4(a, 15);
      x->hf = -1;
      b1(a, 0x0f), b1(a, 0x85);
      if (x->ngp == (int)ARRAY_SIZE(x->gp)) {
        a->full = true;
        return;
      }
      x->gp[x->ngp] = (struct stub){rel32_here(a), NULL, ip, 0};
      x->ngp++;
    }
    emit_check(x, 16, j->alu == SSE_ST, ip);
  }
  switch (j->alu) {
  case SSE_LD:
    enc(a, E_F3, 0x0f6f, 0, src); /* movdqu xmm0, src */
    enc(a, E_F3, 0x0f7f, 0, MB(HC, OFF_XMM(d->reg)));
    break;
  case SSE_ST:
    enc(a, E_F3, 0x0f6f, 0, MB(HC, OFF_XMM(d->reg)));
    enc(a, E_F3, 0x0f7f, 0, d->mod == 3 ? MB(HC, OFF_XMM(d->rm)) : GMEM);
    break;
  case SSE_OP:
    enc(a, E_F3, 0x0f6f, 0, MB(HC, OFF_XMM(d->reg)));
    enc(a, E_F3, 0x0f6f, 1, src);
    enc(a, E_66, sse_opcode(d), 0, MR(1)); /* the operation, xmm0, xmm1 */
    if (d->map == 3 || (d->map == 1 && j->cc == 0x70)) b1(a, (u8)j->imm);
    enc(a, E_F3, 0x0f7f, 0, MB(HC, OFF_XMM(d->reg)));
    break;
  case SSE_STR: {
    /* On xmm1 and xmm2 (the M forms write xmm0), the explicit lengths in
     * eax/edx (rax/rdx with REX.W); the flags are the host's, all six. */
    enc(a, E_F3, 0x0f6f, 1, MB(HC, OFF_XMM(d->reg)));
    enc(a, E_F3, 0x0f6f, 2, src);
    if (j->cc <= 0x61) {
      load(a, 8, H_AX, MB(HC, OFF_R(R_AX)));
      load(a, 8, H_DX, MB(HC, OFF_R(R_DX)));
    }
    enc(a, E_66 | (d->rex & 8 ? E_W : 0), 0x0f3a00 | j->cc, 1, MR(2));
    b1(a, (u8)j->imm);
    if (j->cc & 1)
      store(a, 8, H_CX, MB(HC, OFF_R(R_CX))); /* the index: ecx, zero-extended */
    else
      enc(a, E_F3, 0x0f7f, 0, MB(HC, OFF_XMM(0))); /* the mask: xmm0 */
    x->hf = i;
    if (rec) { /* eager flags: c->flags's six from the host's, which stay */
      b1(a, 0x9c);                               /* pushfq */
      b1(a, 0x5e);                               /* pop rsi */
      mov_rr(a, 8, H_AX, H_SI);
      enc(a, 0, 0x81, 4, MR(H_AX)), b4(a, F_ARITH);   /* and eax, F_ARITH */
      store_eager(x, H_AX);
      b1(a, 0x56);                               /* push rsi */
      b1(a, 0x9d);                               /* popfq */
    }
    break;
  }
  case SSE_MSK:
    enc(a, E_F3, 0x0f6f, 0, src);
    enc(a, E_66, 0x0fd7, H_AX, MR(0)); /* pmovmskb eax, xmm0 */
    store(a, 8, H_AX, MB(HC, OFF_R(d->reg)));
    break;
  default: /* SSE_SHI */
    enc(a, E_F3, 0x0f6f, 0, src);
    enc(a, E_66, 0x0f00 | j->cc, d->reg & 7, MR(0));
    b1(a, (u8)j->imm);
    enc(a, E_F3, 0x0f7f, 0, src);
    break;
  }
}

static void emit_imul(struct jctx *x, const struct insn *d, const struct jinsn *j, u64 ip, u64 next,
                      bool rec) {
  struct jasm *a = &x->a;
  int sz = j->sz;
  if (j->mem) emit_mem(x, d, ip, next, sz, false);
  load(a, sz, H_AX, j->mem ? GMEM : greg(d, d->rm, sz));
  if (j->three) {
    enc(a, szf(sz), 0x69, H_CX, MR(H_AX)); /* imul ecx, eax, imm */
    if (sz == 2)
      b1(a, (u8)j->imm), b1(a, (u8)(j->imm >> 8));
    else
      b4(a, (u32)j->imm);
  } else {
    load(a, sz, H_CX, greg(d, d->reg, sz));
    enc(a, szf(sz), 0x0faf, H_CX, MR(H_AX)); /* imul ecx, eax */
  }
  if (sz == 2) enc(a, 0, 0x0fb7, H_CX, MR(H_CX)); /* the 16-bit result, zero-extended */
  if (rec) {
    enc(a, 0, 0x0f90, 0, MR(H_DX)); /* seto dl: CF = OF */
    enc(a, E_BRM, 0x0fb6, H_DX, MR(H_DX));
  }
  st_greg(a, d, d->reg, sz, H_CX);
  x->hf = -1; /* SF, ZF, PF: undefined on the host, the record's own */
  if (rec) emit_rec(x, CC_IMUL, sz, H_CX, -1, H_DX);
}

/* ---- entering and leaving ---- */

/* At the buffer's start: enter(c, body, budget) saves the callee-saved
 * registers, sets up rbx, r12, r13 and r15 and jumps to the body; exit
 * (jumped to by a block, rdx = a chain's rel32 or 0) returns r15 and rdx
 * as struct jit_ret. */
static void emit_trampolines(struct jit *j, const struct cpu *c) {
  struct jasm a = {j->buf, j->buf + JIT_BUF_SIZE, false};
  j->enter = a.p;
  b1(&a, 0x53);                                 /* push rbx */
  b1(&a, 0x55);                                 /* push rbp */
  b1(&a, 0x41), b1(&a, 0x54);                   /* push r12 */
  b1(&a, 0x41), b1(&a, 0x55);                   /* push r13 */
  b1(&a, 0x41), b1(&a, 0x56);                   /* push r14 */
  b1(&a, 0x41), b1(&a, 0x57);                   /* push r15 */
  enc(&a, E_W, 0x83, 5, MR(H_SP)), b1(&a, 8);   /* sub rsp, 8: calls stay aligned */
  mov_rr(&a, 8, HC, H_DI);
  load(&a, 8, HMEM, MB(HC, (i32)offsetof(struct cpu, mem)));
  load(&a, 8, HLIM, MB(HC, (i32)offsetof(struct cpu, mem_limit)));
  if (j->shift)
    ld_imm(&a, HLIM, j->shift);
  else
    lea(&a, HLIM, MB(HLIM, -16));
  mov_rr(&a, 8, HBUD, H_DX);
  enc(&a, 0, 0xff, 4, MR(H_SI));                /* jmp rsi */
  /* dispatch: the translation of c->rip, looked up in j->tab, when budget
   * is left, no signal waits and the code is unchanged; else exit.  One
   * for each mode: 32-bit code's keys have KEY32 set. */
  u8 *miss[8];
  for (int m = 0; m < 2; m++) {
    j->dispatch[m] = a.p;
    enc(&a, E_W, 0x85, HBUD, MR(HBUD)); /* test r15, r15 */
    b1(&a, 0x0f), b1(&a, 0x8e), miss[4 * m] = rel32_here(&a);
    enc(&a, 0, 0x83, 7, MB(HC, OFF_KICK)), b1(&a, 0);
    b1(&a, 0x0f), b1(&a, 0x85), miss[4 * m + 1] = rel32_here(&a);
    ld_imm(&a, H_AX, (u64)(uintptr_t)&c->mm->code_gen);
    load(&a, 8, H_AX, MB(H_AX, 0));
    enc(&a, E_W, 0x3b, H_AX, MB(HC, OFF_CGEN));
    b1(&a, 0x0f), b1(&a, 0x85), miss[4 * m + 2] = rel32_here(&a);
    load(&a, 8, H_AX, MB(HC, OFF_RIP));
    mov_rr(&a, 4, H_CX, H_AX);
    enc(&a, 0, 0xc1, 5, MR(H_CX)), b1(&a, 12);                 /* shr ecx, 12 */
    enc(&a, 0, 0x31, H_AX, MR(H_CX));                           /* xor ecx, eax */
    enc(&a, 0, 0x81, 4, MR(H_CX)), b4(&a, JIT_TAB - 1);         /* and ecx, JIT_TAB-1 */
    enc(&a, 0, 0xc1, 4, MR(H_CX)), b1(&a, 4);                   /* shl ecx, 4 */
    if (m) enc(&a, E_W, 0x0fba, 5, MR(H_AX)), b1(&a, 63);     /* bts rax, 63 */
    ld_imm(&a, H_DX, (u64)(uintptr_t)j->tab);
    enc(&a, E_W, 0x3b, H_AX, (struct m){H_DX, H_CX, 0, false, 0}); /* cmp rax, [rdx+rcx] */
    b1(&a, 0x0f), b1(&a, 0x85), miss[4 * m + 3] = rel32_here(&a);
    enc(&a, 0, 0xff, 4, (struct m){H_DX, H_CX, 0, false, 8});   /* jmp [rdx+rcx+8] */
  }
  j->nolink = a.p;
  for (int i = 0; i < 8; i++) patch_here(&a, miss[i]);
  enc(&a, 0, 0x31, H_DX, MR(H_DX)); /* xor edx, edx: nothing to link */
  j->exit = a.p;
  emit_mx_sync(&a);
  mov_rr(&a, 8, H_AX, HBUD);
  enc(&a, E_W, 0x83, 0, MR(H_SP)), b1(&a, 8);   /* add rsp, 8 */
  b1(&a, 0x41), b1(&a, 0x5f);
  b1(&a, 0x41), b1(&a, 0x5e);
  b1(&a, 0x41), b1(&a, 0x5d);
  b1(&a, 0x41), b1(&a, 0x5c);
  b1(&a, 0x5d);
  b1(&a, 0x5b);
  b1(&a, 0xc3);
  j->base = j->used = (size_t)(a.p - j->buf);
}

struct jit_ret jit_run(const struct jit *j, struct cpu *c, jit_fn body, i64 budget) {
  typedef struct jit_ret (*enter_fn)(struct cpu *, jit_fn, i64);
  return ((enter_fn)(const void *)j->enter)(c, body, budget);
}

void jit_link(u8 *rel, jit_fn target) {
  i32 r = (i32)((const u8 *)(const void *)target - (rel + 4));
  memcpy(rel, &r, 4);
}

/* ---- the block ---- */

/* A handler that may change the mode or the segments: far branches,
 * software interrupts, system calls and their returns (sigreturn). */
static bool may_switch(const struct insn *d) {
  int op = d->op, g = d->reg & 7;
  if (d->map == 0)
    return op == 0x9a || op == 0xea || (op >= 0xca && op <= 0xcf) || op == 0xf1 ||
           (op == 0xff && (g == 3 || g == 5));
  return d->map == 1 && (op == 0x05 || op == 0x07 || op == 0x34 || op == 0x35);
}

/* A segment register load (not a branch), which a 32-bit block must not
 * hold: its code after it assumes the segments it was entered with. */
static bool loads_seg(const struct insn *d) {
  int op = d->op;
  if (d->vex) return false;
  if (d->map == 0)
    return op == 0x07 || op == 0x17 || op == 0x1f || op == 0x8e || op == 0xc4 || op == 0xc5;
  return d->map == 1 && (op == 0xa1 || op == 0xa9 || op == 0xb2 || op == 0xb4 || op == 0xb5);
}

bool jit_flat32(const struct cpu *c) {
  const u64 *b = c->seg_base;
  return !(b[SEG_ES] | b[SEG_SS] | b[SEG_DS]) && (c->seg[SEG_ES] & ~3u) && (c->seg[SEG_SS] & ~3u) &&
         (c->seg[SEG_DS] & ~3u);
}

/* A writer whose record may be elided: the emitters that leave the
 * guest's flags in the host's (x->hf = i) and need none from it. */
static bool elidable(const struct jinsn *q) {
  return (q->k == JK_ALU && q->alu != 2 && q->alu != 3) || (q->k == JK_UNARY && q->alu == 3);
}
/* An instruction that sets no flags and leaves the host's as they were,
 * its memory operand's check included (flag-free with BMI2). */
static bool keeps_flags(const struct jinsn *q, bool bmi2) {
  bool kind = q->k == JK_MOV || q->k == JK_MOVX || q->k == JK_LEA || q->k == JK_PUSH ||
              q->k == JK_PUSHI || q->k == JK_PUSHM || q->k == JK_POP || q->k == JK_NOP;
  return kind && (bmi2 || !q->fault);
}
/* A writer whose faults all come before it changes the host's flags: no
 * store after the operation, and a flag-free check. */
static bool keeps_to_fault(const struct jinsn *q, bool bmi2) {
  if (q->mem && !bmi2) return false;
  if (q->k == JK_ALU)
    return !q->mem || q->alu == 7 || q->alu == 8 || !(q->shape == S_EG || q->shape == S_EI);
  return q->k == JK_IMUL;
}

jit_fn jit_translate(struct jit **jp, const struct cpu *c, const struct insn *insn, int n, u64 addr) {
  if ((c->mode != 64 && c->mode != 32) || n <= 0 || n > 32) return NULL;
  if (c->mode == 32)
    for (int i = 0; i < n; i++)
      if (loads_seg(&insn[i])) return NULL;
  struct jit *j = *jp;
  if (!j) {
    fork_gate_enter();
    j = calloc(1, sizeof *j);
    fork_gate_leave();
    if (!j) return NULL;
    void *p = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      fork_gate_enter();
      free(j);
      fork_gate_leave();
      return NULL;
    }
    j->buf = p;
    tab_clear(j);
    u64 lim = c->mem_limit;
    if (__builtin_cpu_supports("bmi2") && lim && !(lim & (lim - 1)))
      j->shift = (unsigned)__builtin_ctzll(lim);
    emit_trampolines(j, c);
    *jp = j;
  }
  if (j->nindex == j->capindex) {
    u32 cap = j->capindex ? 2 * j->capindex : 1024;
    fork_gate_enter();
    u32 *ni = realloc(j->index, cap * sizeof *ni);
    fork_gate_leave();
    if (!ni) return NULL;
    j->index = ni, j->capindex = cap;
  }

  /* The header. */
  size_t mo = (j->used + 7) & ~(size_t)7;
  size_t msize = sizeof(struct jit_meta) + (size_t)n * (8 + 4);
  size_t co = (mo + msize + 15) & ~(size_t)15;
  if (co + 256 >= JIT_BUF_SIZE) return JIT_FULL;
  struct jit_meta *meta = (struct jit_meta *)(j->buf + mo);
  u32 *hoff = (u32 *)&meta->ip[n];
  meta->n = (u32)n;
  for (int i = 0; i < n; i++) hoff[i] = ~0u, meta->ip[i] = 0; /* past a branch: never matches */

  struct jinsn ji[32];
  u64 ips[33];
  ips[0] = addr;
  u64 ipmask = c->mode == 32 ? 0xffffffffull : ~0ull;
  unsigned segs = 0; /* FS and GS, where a native memory operand names them */
  for (int i = 0; i < n; i++) {
    ji[i] = classify(&insn[i], c->mode);
    ips[i + 1] = (ips[i] + insn[i].len) & ipmask;
    if (c->mode == 32 && ji[i].mem && ji[i].k != JK_LEA &&
        (insn[i].seg == SEG_FS || insn[i].seg == SEG_GS))
      segs |= 1u << insn[i].seg;
  }
  /* Which flag results can be seen (backwards): after the block, by a
   * reader or a handler (r), or only by an instruction that may fault (f).
   * Flags seen only by faults need no record where the host keeps them
   * until the next writer (elide): no instruction between clobbers the
   * host's flags (bad), and the next writer's own fault comes before its
   * operation.  A fault there takes them from the host (jit_meta.hostfl). */
  bool live[32], elide[32];
  bool r = true, f = false, bad = false;
  for (int i = n - 1; i >= 0; i--) {
    const struct jinsn *q = &ji[i];
    live[i] = r || f;
    elide[i] = !r && f && !bad && q->wflags && elidable(q);
    if (q->k == JK_CALL || q->rflags) {
      r = true;
    } else if (q->wflags) {
      r = false;
      f = q->fault;
      bad = q->fault && !keeps_to_fault(q, j->shift != 0);
    } else if (q->pflags) { /* INC/DEC: live before when live after (the kept CF) */
      if (r || f || q->fault) r = true;
    } else {
      f = f || q->fault;
      bad = bad || !keeps_flags(q, j->shift != 0);
    }
  }

  struct jctx x = {.a = {j->buf + co, j->buf + JIT_BUF_SIZE, false}, .c = c, .j = j, .n = n, .addr = addr,
                   .mode = c->mode, .hf = -1, .pend = -1, .cc_op = -1, .cc_sz = -1};
  meta->hostfl = 0;
  meta->pad = 0;
  struct jasm *a = &x.a;
  u8 *code = a->p;
  int w = c->mode == 64 ? 8 : 4; /* the stack's and near branches' size */

  /* The guard: a null FS or GS the block addresses through is #GP there;
   * the interpreter runs the block (jit_run returns having run nothing). */
  u8 *guard[2];
  int nguard = 0;
  for (int s = SEG_FS; s <= SEG_GS; s++)
    if (segs & (1u << s)) {
      enc(a, E_66, 0xf7, 0, MB(HC, OFF_SEL(s)));
      b1(a, 0xfc), b1(a, 0xff); /* test word [seg], 0xfffc */
      b1(a, 0x0f), b1(a, 0x84);
      guard[nguard++] = rel32_here(a);
    }

  bool exited = false;
  for (int i = 0; i < n; i++) {
    const struct insn *d = &insn[i];
    const struct jinsn *q = &ji[i];
    u64 ip = ips[i], next = ips[i + 1];
    hoff[i] = (u32)(a->p - code);
    meta->ip[i] = ip;
    if (x.pend >= 0) meta->hostfl |= 1u << i;
    bool rec = live[i] && !elide[i];
    bool hf_ok = x.hf >= 0; /* the host's flags are the guest's */
    int k = q->k;
    /* A condition the host's flags do not hold: cpu_cond reads the record. */
    bool cond_call = (k == JK_JCC || k == JK_SETCC || k == JK_CMOV) && !hf_ok;
    /* INC/DEC and ROL/ROR whose flags are seen, ADC and SBB: the flags they
     * keep or read are the host's, so the host's must be the guest's, and
     * stay so across a memory operand's check (flag-free with BMI2). */
    bool flags_in = hf_ok && (!q->mem || x.j->shift);
    bool need_in = ((k == JK_INCDEC || k == JK_ROT) && rec) ||
                   (k == JK_ALU && (q->alu == 2 || q->alu == 3));
    /* Where they are not, they are put there first (cpu_get_flags), unless a
     * memory operand's check would change them again (no BMI2). */
    bool put_in = need_in && !flags_in && (!q->mem || x.j->shift);
    if (need_in && !flags_in && !put_in) k = JK_CALL;
    /* Rotates by CL keep flags (all of them when CL is 0): only where unseen. */
    if (k == JK_SHIFTCL && rec && q->alu <= 1) k = JK_CALL;
    /* x87 is not compared: its registers live in the host FPU, which a
     * second run would change again. */
    bool chk = cpu_jit_check && k != JK_CALL && k != JK_NOP && k != JK_X87;
    if (chk) {
      x.cd = d, x.cip = ip, x.cinfo = chk_info(q, rec, w);
      emit_chkcall(&x, (const void *)jit_chk_pre, d, ip, x.cinfo);
      x.cpost = true;
    }

    if (put_in) emit_flags_in(&x, i);
    switch (k) {
    case JK_NOP: break;
    case JK_ALU: emit_alu(&x, d, q, i, ip, next, rec); break;
    case JK_MOV: emit_mov(&x, d, q, ip, next); break;
    case JK_MOVX: emit_movx(&x, d, q, ip, next); break;
    case JK_LEA: emit_lea(&x, d, q, next); break;
    case JK_INCDEC: emit_incdec(&x, d, q, i, ip, next, rec); break;
    case JK_SHIFT: emit_shift(&x, d, q, ip, next, rec); break;
    case JK_ROT: emit_rot(&x, d, q, ip, next, rec); break;
    case JK_X87: {
      u8 *slow;
      emit_x87(&x, d, q, i, ip, next, rec, &slow);
      x.fps[x.nfps++] = (struct fpslow){slow, a->p, d, ip, next, x87_sets_flags(d)};
      break;
    }
    case JK_SSE:
      if (q->alu >= SSE_LDS) {
        u8 *slow;
        emit_ssefp(&x, d, q, i, ip, next, rec, &slow);
        if (slow) x.fps[x.nfps++] = (struct fpslow){slow, a->p, d, ip, next, q->alu == SSE_CMPF};
      } else {
        emit_sse(&x, d, q, i, ip, next, rec);
      }
      break;
    case JK_UNARY: emit_unary(&x, d, q, i, ip, next, rec); break;
    case JK_IMUL: emit_imul(&x, d, q, ip, next, rec); break;
    case JK_PUSH:
    case JK_PUSHI:
      emit_sp(&x, -w);
      emit_check(&x, w, true, ip);
      if (k == JK_PUSHI)
        ld_imm(a, H_AX, q->imm);
      else
        load(a, w, H_AX, MB(HC, OFF_R(d->reg)));
      store(a, w, H_AX, GMEM);
      store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      break;
    case JK_PUSHM: /* the source first (SDM: rsp as a base is the old one) */
      if (q->mem) {
        emit_mem(&x, d, ip, next, w, false);
        load(a, w, HSAV, GMEM);
      } else {
        load(a, w, HSAV, MB(HC, OFF_R(d->rm)));
      }
      emit_sp(&x, -w);
      emit_check(&x, w, true, ip);
      store(a, w, HSAV, GMEM);
      store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      break;
    case JK_POP:
      emit_sp(&x, 0);
      emit_check(&x, w, false, ip);
      load(a, w, H_AX, GMEM);
      emit_sp_add(&x, w);
      store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      store(a, 8, H_AX, MB(HC, OFF_R(d->reg))); /* pop rsp: the value wins */
      break;
    case JK_CALLREL:
      emit_sp(&x, -w);
      emit_check(&x, w, true, ip);
      ld_imm(a, H_AX, next);
      store(a, w, H_AX, GMEM);
      store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      emit_goto(&x, (next + d->imm) & ipmask);
      exited = true;
      break;
    case JK_RET:
      emit_sp(&x, 0);
      emit_check(&x, w, false, ip);
      load(a, w, H_AX, GMEM);
      emit_sp_add(&x, w);
      store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      store(a, 8, H_AX, MB(HC, OFF_RIP));
      emit_leave(&x);
      exited = true;
      break;
    case JK_IND: /* the target first (a fault leaves rsp), then the push */
      if (q->mem) {
        emit_mem(&x, d, ip, next, w, false);
        load(a, w, HSAV, GMEM);
      } else {
        load(a, w, HSAV, MB(HC, OFF_R(d->rm)));
      }
      if (q->alu == 2) {
        emit_sp(&x, -w);
        emit_check(&x, w, true, ip);
        ld_imm(a, H_AX, next);
        store(a, w, H_AX, GMEM);
        store(a, 8, HEA, MB(HC, OFF_R(R_SP)));
      }
      store(a, 8, HSAV, MB(HC, OFF_RIP));
      emit_leave(&x);
      exited = true;
      break;
    case JK_SHIFTCL: {
      int sz = q->sz, res = rmw_load(&x, d, q, ip, next, rec);
      enc(a, E_BRM, 0x0fb6, H_CX, MB(HC, OFF_R(R_CX))); /* movzx ecx, byte [guest rcx] */
      enc(a, szf(sz) | (sz == 1 ? E_BRM : 0), sz == 1 ? 0xd2 : 0xd3, q->alu, MR(res));
      rmw_store(&x, d, q, res);
      x.hf = -1;
      if (rec) { /* SHL SHR SAR: the record of the masked count, unless 0 */
        enc(a, 0, 0x83, 4, MR(H_CX)), b1(a, sz == 8 ? 63 : 31); /* and ecx, mask */
        b1(a, 0x74);                                              /* jz past the record */
        u8 *skip = a->p;
        b1(a, 0);
        x.cc_op = x.cc_sz = -1; /* stored whole: the other way keeps the old */
        emit_rec(&x, q->alu == 4 ? CC_SHL : q->alu == 5 ? CC_SHR : CC_SAR, sz, res, H_AX, H_CX);
        if (!a->full) *skip = (u8)(a->p - (skip + 1));
        x.cc_op = x.cc_sz = -1;
      }
      break;
    }
    case JK_JMP:
      emit_goto(&x, (next + d->imm) & ipmask);
      exited = true;
      break;
    case JK_JCC: {
      int cc = q->cc;
      if (cond_call) emit_cond(&x, cc), cc = 5; /* jnz */
      b1(a, 0x0f);
      b1(a, 0x80 + cc);
      u8 *rel = a->p;
      b4(a, 0);
      emit_goto(&x, next);
      if (!a->full) {
        i32 r = (i32)(a->p - (rel + 4));
        memcpy(rel, &r, 4);
      }
      emit_goto(&x, (next + d->imm) & ipmask);
      exited = true;
      break;
    }
    case JK_SETCC: {
      int cc = q->cc;
      if (cond_call) emit_cond(&x, cc), cc = 5; /* setnz */
      if (d->mod == 3) {
        enc(a, E_BRM, 0x0f90 + cc, 0, greg(d, d->rm, 1));
      } else {
        enc(a, E_BRM, 0x0f90 + cc, 0, MR(HSAV));
        emit_mem(&x, d, ip, next, 1, true);
        store(a, 1, HSAV, GMEM);
      }
      break;
    }
    case JK_CMOV: {
      int sz = q->sz, cc = q->cc;
      if (cond_call) emit_cond(&x, cc), cc = 5; /* cmovnz */
      load(a, sz, H_AX, greg(d, d->reg, sz));
      enc(a, szf(sz), 0x0f40 + cc, H_AX, greg(d, d->rm, sz));
      st_greg(a, d, d->reg, sz, H_AX);
      break;
    }
    default:
      emit_handler(&x, d, ip, next);
      if (d->branch) { /* c->rip is the handler's */
        if (may_switch(d))
          emit_exit_nolink(&x);
        else
          emit_exit(&x);
        exited = true;
      }
      break;
    }
    if (chk && !exited) emit_chkcall(&x, (const void *)jit_chk_post, d, ip, x.cinfo);
    if (chk) x.cc_op = x.cc_sz = -1; /* the record is now the interpreter's */
    x.cpost = false;
    if (q->wflags)
      x.pend = elide[i] ? i : -1;
    else if (k == JK_CALL || q->pflags || q->rflags)
      x.pend = -1;
    /* The pre-pass promised the host keeps them: where an emitter did not
     * (a bug), the block stays interpreted rather than fault wrongly. */
    if (x.pend >= 0 && x.hf != x.pend) return NULL;
    if (exited) break;
  }
  if (!exited) emit_goto(&x, ips[n]);
  emit_chain_stubs(&x);
  if (nguard) { /* the guard failed: nothing run, rip at the block */
    for (int g = 0; g < nguard; g++) patch_here(a, guard[g]);
    ld_imm(a, H_AX, addr);
    store(a, 8, H_AX, MB(HC, OFF_RIP));
    b1(a, 0xe9);
    b4(a, (u32)(i32)(j->nolink - (a->p + 4)));
  }
  for (int s = 0; s < x.nfps; s++) {
    const struct fpslow *f = &x.fps[s];
    emit_fp_slow(&x, f->d, f->ip, f->next, f->jump, f->resume, f->flags);
  }
  for (int s = 0; s < x.ngp; s++) {
    patch_here(a, x.gp[s].jump);
    mov_rr(a, 8, H_DI, HC);
    ld_imm(a, H_SI, x.gp[s].ip);
    call_abs(a, (const void *)jit_gp);
  }
  /* The slow checks, out of line. */
  for (int s = 0; s < x.nstubs; s++) {
    struct stub *st = &x.stubs[s];
    if (!a->full) {
      i32 r = (i32)(a->p - (st->jump + 4));
      memcpy(st->jump, &r, 4);
    }
    if (st->szw & STUB_HOSTFL) b1(a, 0x9c), b1(a, 0x41), b1(a, 0x58); /* pushfq; pop r8 */
    mov_rr(a, 8, H_DI, HC);
    mov_rr(a, 8, H_SI, HEA);
    ld_imm(a, H_DX, st->szw);
    ld_imm(a, H_CX, st->ip);
    call_abs(a, (const void *)jit_mem_slow);
    b1(a, 0xe9);
    b4(a, (u32)(i32)(st->resume - (a->p + 4)));
  }
  if (a->full) return JIT_FULL;
  j->tab[tab_slot(addr)] = (struct jit_ent){c->mode == 32 ? addr | KEY32 : addr, code};
  meta->code_len = (u32)(a->p - code);
  j->index[j->nindex++] = (u32)mo;
  j->used = (size_t)(a->p - j->buf);
  return (jit_fn)(void *)code;
}

void jit_flush(struct jit *j) {
  if (!j) return;
  tab_clear(j);
  j->used = j->base;
  j->nindex = 0;
}

void jit_free(struct jit *j) {
  if (!j) return;
  munmap(j->buf, JIT_BUF_SIZE);
  fork_gate_enter();
  free(j->index);
  free(j);
  fork_gate_leave();
}

bool jit_fault_ip(const struct jit *j, const void *pc, u64 *ip, bool *hostfl) {
  if (!j || (const u8 *)pc < j->buf || (const u8 *)pc >= j->buf + j->used) return false;
  u32 off = (u32)((const u8 *)pc - j->buf);
  /* The last translation whose header starts at or before pc. */
  u32 lo = 0, hi = j->nindex;
  while (hi - lo > 1) {
    u32 mid = (lo + hi) / 2;
    if (j->index[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  if (!j->nindex || j->index[lo] > off) return false;
  const struct jit_meta *m = (const struct jit_meta *)(j->buf + j->index[lo]);
  size_t msize = sizeof *m + (size_t)m->n * 12;
  u32 co = (u32)((j->index[lo] + msize + 15) & ~(size_t)15);
  if (off < co || off >= co + m->code_len) return false;
  const u32 *hoff = (const u32 *)&m->ip[m->n];
  u32 rel = off - co;
  for (u32 i = m->n; i-- > 0;)
    if (hoff[i] <= rel) {
      *ip = m->ip[i];
      *hostfl = m->hostfl >> i & 1;
      return true;
    }
  return false;
}
