/* exec_x87.c — the x87 data instructions (escape bytes D8-DF) and FWAIT.
 *
 * Every x87 instruction that computes (loads, stores, arithmetic, compares,
 * transcendentals, FXCH, FCMOVcc, FFREE, FINCSTP, ...) runs on the host FPU
 * on a mirror of the guest's whole FPU: the guest's registers, tags, TOP,
 * condition codes and control word are loaded with FRSTOR, the very same
 * instruction is executed (with its memory operand moved to a host buffer),
 * and FNSAVE reads the outcome back.  The host stack *is* the guest stack for
 * the length of that instruction, so stack overflow and underflow (IE with SF
 * and C1), tag updates, NaN propagation, precision and rounding control,
 * unsupported encodings and the unmasked-exception responses are the
 * hardware's own, bit for bit.  Control instructions (FLDCW, FNSTENV, ...)
 * are in exec_x87_ctl.c; FXSAVE/XSAVE in exec_fxsave.c.
 *
 * Live mode: in the hot loop (run_blocks), while the guest masks all six
 * exceptions and none is pending, no instruction can fault or set ES, so
 * nothing needs the state between two x87 instructions: the guest's FPU is
 * loaded once (FRSTOR), stays in the host FPU across the integer and SSE
 * instructions between (emu's own code uses no x87 there), and each x87
 * instruction is just its stub, with the memory operand at the guest's own
 * address.  A fault on that operand is then the host's, precise as on
 * hardware (the FPU is left as before the instruction); the fault handler
 * puts the interrupted FPU back from its signal frame (x87_host_resume)
 * before it leaves by siglongjmp.  x87_own() (cpu_internal.h) saves the
 * state back to c->fpu (FNSAVE) for whatever reads it: the control
 * instructions, FXSAVE/XSAVE, MMX, and cpu_run on its way out.  FIP, FOP,
 * FDP and their selectors are kept in c->fpu by each instruction, as in the
 * other path: the host's own would point into emu.
 *
 * Exceptions: the host runs with the guest's control word.  An exception the
 * guest leaves unmasked sets ES in the host, which (as on hardware) would be
 * reported only at the next waiting instruction; FNSAVE does not wait and
 * reinitializes the FPU, so the host never takes the fault.  The guest's ES
 * then raises #MF (STOP_MF) at its next waiting x87 instruction or FWAIT.
 * The exception flags are passed in cleared so that the host's flags after
 * the instruction are exactly the ones it raised; the guest's sticky flags
 * are ORed back afterwards.
 *
 * Mirrors: SDM vol. 1 ch. 8 (x87 FPU), vol. 2 D8-DF opcode maps (A.2.4).
 */
#include <string.h>
#include <ucontext.h>

#include "ops_x87.h"
#include "x87.h"

/* The FNSAVE/FRSTOR image in 32-bit protected-mode format (the host runs
 * them without REX.W or 66). */
struct x87_img {
  u16 cw, cw_hi;
  u16 sw, sw_hi;
  u16 tw, tw_hi;
  u32 fip;
  u32 fcs_fop;
  u32 fdp;
  u32 fds;
  u8 st[8][10]; /* ST(0)..ST(7) */
};
_Static_assert(sizeof(struct x87_img) == 108, "FNSAVE image is 108 bytes");

/* Stubs: for each of the 512 register forms (D8 C0 .. DF FF) the instruction
 * then RET; for each of the 64 memory forms (escape byte, ModRM.reg) the
 * instruction with ModRM mod=00 rm=111, i.e. the operand at [rdi].  Each
 * stub is 4 bytes: op, modrm, ret, int3. */
__asm__(
    ".pushsection .text.x87_stubs,\"ax\",@progbits\n"
    ".p2align 4\n"
    ".globl x87_stub_reg\n"
    ".hidden x87_stub_reg\n"
    "x87_stub_reg:\n"
    ".set x87_i, 0\n"
    ".rept 512\n"
    ".byte 0xd8 + (x87_i >> 6), 0xc0 + (x87_i & 63), 0xc3, 0xcc\n"
    ".set x87_i, x87_i + 1\n"
    ".endr\n"
    ".globl x87_stub_mem\n"
    ".hidden x87_stub_mem\n"
    "x87_stub_mem:\n"
    ".set x87_i, 0\n"
    ".rept 64\n"
    ".byte 0xd8 + (x87_i >> 3), ((x87_i & 7) << 3) | 7, 0xc3, 0xcc\n"
    ".set x87_i, x87_i + 1\n"
    ".endr\n"
    ".popsection\n");
extern const u8 x87_stub_reg[512][4] __attribute__((visibility("hidden")));
extern const u8 x87_stub_mem[64][4] __attribute__((visibility("hidden")));

/* Register forms the CPU defines (bit m - 0xC0 of the row of each escape
 * byte); the others are #UD.  Probed on the host and matching SDM A.2.4.2,
 * including the undocumented aliases (FCOM2 DC D0, FXCH4 DD C8, FSTP1 D9 D8,
 * FFREEP DF C0, ...) and the 8087 leftovers FENI/FDISI/FSETPM (DB E0 E1 E4,
 * executed as FNOP). */
static const u64 x87_reg_valid[8] = {
    0xffffffffffffffffull, /* D8 */
    0xffff7f33ff01ffffull, /* D9 */
    0x00000200ffffffffull, /* DA */
    0x00ffff1fffffffffull, /* DB */
    0xffffffffffffffffull, /* DC */
    0x0000ffffffffffffull, /* DD */
    0xffffffff02ffffffull, /* DE */
    0x00ffff01ffffffffull, /* DF */
};

/* Memory forms by escape byte and ModRM.reg (x87.h). */
enum { MF_UD, MF_LOAD, MF_STORE, MF_CTL };
struct x87_mform {
  u8 kind, size;
  void (*ctl)(struct cpu *c, const struct insn *d, u64 a);
};
static const struct x87_mform x87_mforms[8][8] = {
#define MFORM(e, r, kind, size, ctl) [e][r] = {MF_##kind, size, ctl},
    X87_MEMORY_FORMS(MFORM)
#undef MFORM
};

bool x87_reg_defined(unsigned esc, unsigned modrm) {
  return esc < 8 && modrm >= 0xc0 && modrm <= 0xff && ((x87_reg_valid[esc] >> (modrm - 0xc0)) & 1);
}

/* Run one stub on the host FPU loaded from img; rdi = mem.  *rflags carries
 * the arithmetic flags in (FCMOVcc) and out (FCOMI).  The host's control
 * word is restored afterwards and its register stack is left empty (FNSAVE
 * reinitializes), as the ABI requires.  The call sits below the red zone. */
static void x87_host_run(const void *stub, struct x87_img *img, void *mem, u64 *rflags) {
  u16 hcw;
  u64 fl = (*rflags & F_ARITH) | 0x202;
  __asm__ volatile(
      "fnstcw %[hcw]\n\t"
      "sub $128, %%rsp\n\t"
      "push %[fl]\n\t"
      "popfq\n\t"
      "frstor (%[img])\n\t"
      "call *%[stub]\n\t"
      "fnsave (%[img])\n\t"
      "pushfq\n\t"
      "pop %[fl]\n\t"
      "add $128, %%rsp\n\t"
      "fldcw %[hcw]"
      : [fl] "+r"(fl), [hcw] "+m"(hcw)
      : [img] "r"(img), [stub] "r"(stub), "D"(mem)
      : "memory", "cc");
  *rflags = fl;
}

/* Build the FRSTOR image of f with the status bits in sw_keep. */
static void x87_img_put(const struct x87 *f, struct x87_img *img, u16 sw_keep) {
  memset(img, 0, offsetof(struct x87_img, st));
  img->cw = f->cw;
  img->sw = (u16)((f->sw & sw_keep) | ((f->top & 7u) << 11));
  img->tw = f->tw;
  for (int i = 0; i < 8; i++) memcpy(img->st[i], &f->st[(f->top + i) & 7], 10);
}

/* Take the FNSAVE image back into f, with sticky (exception flags and SF
 * the image was loaded without) ORed into its status word. */
static void x87_img_get(struct x87 *f, const struct x87_img *img, u16 sticky) {
  u16 sw = (u16)((img->sw & ~(X87_SW_TOP | X87_SW_B)) | sticky);
  if (sw & X87_SW_ES) sw |= X87_SW_B;
  f->sw = sw;
  f->top = (img->sw >> 11) & 7;
  f->tw = img->tw;
  for (int i = 0; i < 8; i++) memcpy(&f->st[(f->top + i) & 7], img->st[i], 10);
}

/* ---- live mode ---- */

static __thread u16 x87_host_cw; /* emu's control word, while the guest's is loaded */

static void x87_host_load(struct cpu *c) {
  struct x87_img img;
  x87_img_put(&c->fpu, &img, X87_SW_CC | X87_SW_FLAGS | X87_SW_SF);
  __asm__ volatile("fnstcw %0\n\tfrstor %1" : "=m"(x87_host_cw) : "m"(img) : "memory");
  c->fpu_live = 1;
}

void x87_host_flush(struct cpu *c) {
  struct x87_img img;
  __asm__ volatile("fnsave %0\n\tfldcw %1" : "=m"(img) : "m"(x87_host_cw) : "memory");
  c->fpu_live = 0;
  x87_img_get(&c->fpu, &img, 0); /* loaded with its flags: the host kept them */
}

void x87_host_resume(struct cpu *c, const void *ucontext) {
  const ucontext_t *uc = ucontext;
  if (!c || !c->fpu_live) return;
  if (!uc->uc_mcontext.fpregs) { /* no FPU in the frame: never on Linux x86-64 */
    c->fpu_live = 0;
    return;
  }
  /* The frame's legacy region is FXSAVE's (the kernel writes it with XSAVE,
   * x87 and SSE always present).  MXCSR stays the handler's: its owner
   * (fast_sse.c, exec_sse_core.c) sets it on the way on. */
  u32 mx;
  __asm__ volatile("stmxcsr %0\n\tfxrstor64 %1\n\tldmxcsr %0"
                   : "=m"(mx)
                   : "m"(*(const u8(*)[512])(const void *)uc->uc_mcontext.fpregs)
                   : "memory");
}

/* One instruction on the live FPU; mem is the operand in guest memory. */
static inline void x87_live_run(const void *stub, void *mem) {
  __asm__ volatile(
      "sub $128, %%rsp\n\t"
      "call *%[stub]\n\t"
      "add $128, %%rsp"
      :
      : [stub] "r"(stub), "D"(mem)
      : "memory", "cc");
}
static void x87_live_run_fl(const void *stub, void *mem, u64 *rflags) {
  u64 fl = (*rflags & F_ARITH) | 0x202;
  __asm__ volatile(
      "sub $128, %%rsp\n\t"
      "push %[fl]\n\t"
      "popfq\n\t"
      "call *%[stub]\n\t"
      "pushfq\n\t"
      "pop %[fl]\n\t"
      "add $128, %%rsp"
      : [fl] "+r"(fl)
      : [stub] "r"(stub), "D"(mem)
      : "memory", "cc");
  *rflags = fl;
}

/* Every exception masked and none pending: nothing can fault. */
static inline bool x87_quiet(const struct x87 *f) {
  return (f->cw & X87_SW_FLAGS) == X87_SW_FLAGS && !(f->sw & X87_SW_ES);
}

bool x87_go_live(struct cpu *c) {
  if (c->fpu_live) return true;
  if (!c->fpu_lazy || !x87_quiet(&c->fpu)) return false;
  x87_host_load(c);
  return true;
}

/* The other path: the guest's FPU loaded and saved around the instruction,
 * its exceptions judged on the flags it raised (the header). */
static __attribute__((noinline)) void x87_run_saved(struct cpu *c, const struct insn *d, unsigned esc,
                                   unsigned modrm, const struct x87_mform *m, const void *stub,
                                   u64 a, u64 off, bool fl_in, bool fl_out) {
  struct x87 *f = &c->fpu;
  u8 buf[16] = {0};
  u64 fl = 0x202;

  x87_wait(c);
  if (m && m->kind == MF_LOAD) memcpy(buf, cpu_host(c, a, m->size), m->size);

  struct x87_img img;
  x87_img_put(f, &img, X87_SW_CC);
  if (fl_in || fl_out) fl = cpu_get_flags(c);

  x87_host_run(stub, &img, buf, &fl);

  /* A store is suppressed by an unmasked exception other than precision
   * (SDM 8.5: the destination is left unchanged).  It happens before any
   * register changes, so a fault on it leaves the FPU as it was. */
  if (m && m->kind == MF_STORE && !(img.sw & ~f->cw & 0x1f))
    memcpy(cpu_host_w(c, a, m->size), buf, m->size);

  x87_img_get(f, &img, f->sw & (X87_SW_FLAGS | X87_SW_SF));
  x87_last_insn(c, d, esc, modrm, m != NULL, off);
  if (fl_out) cpu_set_flags(c, fl, F_ARITH);
}

static void x87_run(struct cpu *c, const struct insn *d, unsigned esc) {
  unsigned modrm = (unsigned)(d->mod << 6) | ((d->reg & 7u) << 3) | (d->rm & 7u);
  const struct x87_mform *m = NULL;
  const void *stub;
  u64 a = 0, off = 0;
  bool fl_in = false, fl_out = false;

  if (d->mod == 3) {
    if (!((x87_reg_valid[esc] >> (modrm - 0xc0)) & 1)) cpu_exception(c, STOP_UD);
    if (UNLIKELY(esc == 3 && modrm >= 0xe0 && modrm <= 0xe4)) {
      if (modrm == 0xe2) { /* FNCLEX */
        x87_own(c);
        x87_fnclex(c);
      } else if (modrm == 0xe3) { /* FNINIT */
        x87_own(c);
        x87_fninit(&c->fpu);
      } /* FNENI FNDISI FNSETPM: no-ops that leave FIP/FOP (host) */
      return;
    }
    if (UNLIKELY(esc == 7 && modrm == 0xe0)) { /* FNSTSW AX */
      x87_fnstsw_ax(c, d);
      return;
    }
    stub = x87_stub_reg[esc * 64 + (modrm - 0xc0)];
    fl_in = (esc == 2 || esc == 3) && modrm < 0xe0;                   /* FCMOVcc */
    fl_out = (esc == 3 || esc == 7) && modrm >= 0xe8 && modrm < 0xf8; /* F(U)COMI(P) */
  } else {
    m = &x87_mforms[esc][d->reg & 7];
    if (m->kind == MF_UD) cpu_exception(c, STOP_UD);
    off = insn_off(c, d);
    a = insn_seg_add(c, d, off);
    if (m->kind == MF_CTL) {
      m->ctl(c, d, a);
      return;
    }
    stub = x87_stub_mem[esc * 8 + (d->reg & 7)];
  }

  if (UNLIKELY(!c->fpu_live) && !x87_go_live(c)) {
    x87_run_saved(c, d, esc, modrm, m, stub, a, off, fl_in, fl_out);
    return;
  }
  void *mem = NULL;
  if (m) mem = m->kind == MF_STORE ? cpu_host_w(c, a, m->size) : cpu_host(c, a, m->size);
  if (UNLIKELY(fl_in || fl_out)) {
    u64 fl = cpu_get_flags(c);
    x87_live_run_fl(stub, mem, &fl);
    if (fl_out) cpu_set_flags(c, fl, F_ARITH);
  } else {
    x87_live_run(stub, mem);
  }
  x87_last_insn(c, d, esc, modrm, m != NULL, off);
}

void op_x87_d8(struct cpu *c, const struct insn *d) { x87_run(c, d, 0); }
void op_x87_d9(struct cpu *c, const struct insn *d) { x87_run(c, d, 1); }
void op_x87_da(struct cpu *c, const struct insn *d) { x87_run(c, d, 2); }
void op_x87_db(struct cpu *c, const struct insn *d) { x87_run(c, d, 3); }
void op_x87_dc(struct cpu *c, const struct insn *d) { x87_run(c, d, 4); }
void op_x87_dd(struct cpu *c, const struct insn *d) { x87_run(c, d, 5); }
void op_x87_de(struct cpu *c, const struct insn *d) { x87_run(c, d, 6); }
void op_x87_df(struct cpu *c, const struct insn *d) { x87_run(c, d, 7); }

/* 9B FWAIT: report a pending unmasked x87 exception. */
void op_fwait(struct cpu *c, const struct insn *d) { x87_wait(c); }
