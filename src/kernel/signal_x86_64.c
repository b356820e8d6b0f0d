/* signal_x86_64.c — the x86-64 signal frame and rt_sigreturn.
 * Mirrors linux arch/x86/kernel/signal_64.c (x64_setup_rt_frame,
 * restore_sigcontext, SYSCALL_DEFINE0(rt_sigreturn)), signal.c
 * (get_sigframe, setup_sigcontext) and fpu/signal.c (fpu__alloc_mathframe,
 * the xstate magic words of save_xstate_epilog).
 *
 * The frame, from the handler's rsp upwards:
 *
 *   rsp+0    pretcode (sa_restorer)           <- (rsp + 8) % 16 == 0
 *   rsp+8    struct ucontext (304 bytes): uc_flags, uc_link, uc_stack,
 *            uc_mcontext (struct sigcontext, 256), uc_sigmask
 *   rsp+312  siginfo (128)
 *   ...      (alignment)
 *   fpstate  64-byte aligned: XSAVE area (legacy 512 + header 64) + MAGIC2
 */
#include <string.h>

#include "../cpu/fxsave.h"
#include "signal.h"

struct lx_sigcontext64 {
  u64 r8, r9, r10, r11, r12, r13, r14, r15;
  u64 di, si, bp, bx, dx, ax, cx, sp, ip, flags;
  u16 cs, gs, fs, ss;
  u64 err, trapno, oldmask, cr2;
  u64 fpstate;
  u64 reserved1[8];
};
_Static_assert(sizeof(struct lx_sigcontext64) == 256, "sigcontext");

struct lx_ucontext64 {
  u64 uc_flags;
  u64 uc_link;
  struct lx_stack uc_stack;
  struct lx_sigcontext64 uc_mcontext;
  u64 uc_sigmask;
};
_Static_assert(sizeof(struct lx_ucontext64) == 304, "ucontext");

struct lx_rt_sigframe64 {
  u64 pretcode;
  struct lx_ucontext64 uc;
  struct lx_siginfo info;
};
_Static_assert(sizeof(struct lx_rt_sigframe64) == 440, "rt_sigframe");

#define UC_FP_XSTATE         1
#define UC_SIGCONTEXT_SS     2
#define UC_STRICT_RESTORE_SS 4
#define FP_XSTATE_MAGIC1     0x46505853u
#define FP_XSTATE_MAGIC2     0x46505845u

/* The fpstate as copy_fpstate_to_sigframe writes it: the XSAVE image with
 * the software-reserved bytes saying an extended frame follows. */
void sig_put_xstate(struct cpu *c, u8 *b) {
  memset(b, 0, XSTATE_FRAME);
  cpu_fx_save(c, b, true);
  u32 m1 = FP_XSTATE_MAGIC1, ext = XSTATE_FRAME, xs = XSTATE_SIZE, m2 = FP_XSTATE_MAGIC2;
  u64 xf = 3;
  memcpy(b + 464, &m1, 4);
  memcpy(b + 468, &ext, 4);
  memcpy(b + 472, &xf, 8);
  memcpy(b + 480, &xs, 4);
  memcpy(b + 512, &xf, 8); /* XSTATE_BV: FP and SSE always set for legacy readers */
  memcpy(b + XSTATE_SIZE, &m2, 4);
}

/* init_sigframe_size(): the largest rt_sigframe, alignment padding, the
 * fpstate as a kernel with IA-32 emulation sizes it (xstate, FP_XSTATE_MAGIC2,
 * the i386 fsave header) and XSAVE alignment, rounded up to 16. */
u64 sig_frame_max(void) {
  u64 n = sizeof(struct lx_rt_sigframe64) + 15 + XSTATE_FRAME + 112 /* fregs_state */ + 63;
  return (n + 15) & ~15ull;
}

int sig_setup_frame64(struct task *t, int sig, const struct lx_sigaction *ka,
                      const struct lx_siginfo *si, u64 oldmask, struct pt_regs *regs) {
  struct cpu *c = &t->cpu;
  if (!(ka->flags & LX_SA_RESTORER)) return -EFAULT; /* x86-64 needs a restorer */
  bool alt;
  u64 sp = sig_stack_top(t, ka, regs->sp, true, &alt);
  u64 buf_fx = (sp - XSTATE_FRAME) & ~63ull;
  sp = buf_fx - sizeof(struct lx_rt_sigframe64);
  sp = (sp & ~15ull) - 8;
  if (alt && !sig_within_altstack(t, sp)) return -EFAULT; /* overflowed sigaltstack */

  u8 fx[XSTATE_FRAME];
  sig_put_xstate(c, fx);
  struct lx_rt_sigframe64 f;
  memset(&f, 0, sizeof f);
  f.pretcode = ka->restorer;
  /* frame_uc_flags(): strict SS only for a signal taken in 64-bit mode. */
  f.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | (regs->cs == 0x33 ? UC_STRICT_RESTORE_SS : 0);
  f.uc.uc_stack.ss_sp = t->altstack.ss_sp;
  f.uc.uc_stack.ss_flags = t->altstack.ss_size ? t->altstack.ss_flags : LX_SS_DISABLE;
  f.uc.uc_stack.ss_size = t->altstack.ss_size;
  struct lx_sigcontext64 *sc = &f.uc.uc_mcontext;
  sc->r8 = regs->r8;
  sc->r9 = regs->r9;
  sc->r10 = regs->r10;
  sc->r11 = regs->r11;
  sc->r12 = regs->r12;
  sc->r13 = regs->r13;
  sc->r14 = regs->r14;
  sc->r15 = regs->r15;
  sc->di = regs->di;
  sc->si = regs->si;
  sc->bp = regs->bp;
  sc->bx = regs->bx;
  sc->dx = regs->dx;
  sc->ax = regs->ax;
  sc->cx = regs->cx;
  sc->sp = regs->sp;
  sc->ip = regs->ip;
  sc->flags = regs->flags;
  sc->cs = (u16)regs->cs;
  sc->ss = (u16)regs->ss;
  sc->err = t->sig.err;
  sc->trapno = t->sig.trapno;
  sc->oldmask = oldmask;
  sc->cr2 = t->sig.cr2;
  sc->fpstate = buf_fx;
  f.uc.uc_sigmask = oldmask;
  if (ka->flags & LX_SA_SIGINFO) f.info = *si;
  if (copy_to_user(MM(t), buf_fx, fx, sizeof fx)) return -EFAULT;
  if (copy_to_user(
          MM(t), sp, &f,
          (ka->flags & LX_SA_SIGINFO) ? sizeof f : offsetof(struct lx_rt_sigframe64, info)))
    return -EFAULT;

  regs->di = (u64)sig;
  regs->ax = 0;
  regs->si = sp + offsetof(struct lx_rt_sigframe64, info);
  regs->dx = sp + offsetof(struct lx_rt_sigframe64, uc);
  regs->ip = ka->handler;
  regs->sp = sp;
  regs->cs = 0x33;
  regs->ss = 0x2b;
  /* The handler runs in 64-bit mode even when the signal interrupted
   * compatibility-mode code (on the asynchronous path sig_regs_to_cpu also
   * takes the mode from cs). */
  cpu_set_mode(c, 64);
  regs->flags &= ~(u64)(F_DF | F_RF | F_TF);
  cpu_fpu_reset(c); /* the handler starts with the initial FPU state */
  return 0;
}

/* fpu__restore_sig(): NULL is the initial state; a frame with the xstate
 * magic restores the components its XSTATE_BV names, else the legacy area. */
static int get_fpstate(struct task *t, u64 buf) {
  struct cpu *c = &t->cpu;
  u8 b[XSTATE_FRAME];
  if (!buf) {
    cpu_fpu_reset(c);
    return 0;
  }
  if (buf & 15) return -1;
  if (copy_from_user(MM(t), b, buf, 512)) return -1;
  u32 m1, ext, m2;
  u64 bv = 3;
  memcpy(&m1, b + 464, 4);
  memcpy(&ext, b + 468, 4);
  if (m1 == FP_XSTATE_MAGIC1 && ext >= XSTATE_FRAME &&
      !copy_from_user(MM(t), b + 512, buf + 512, XSTATE_FRAME - 512)) {
    memcpy(&m2, b + XSTATE_SIZE, 4);
    if (m2 == FP_XSTATE_MAGIC2) memcpy(&bv, b + 512, 8);
  }
  if (cpu_fx_restore(c, b, true)) return -1;
  if (!(bv & 1)) {
    u32 mx = c->mxcsr;
    union xmm x[16];
    memcpy(x, c->xmm, sizeof x);
    cpu_fpu_reset(c);
    c->mxcsr = mx;
    memcpy(c->xmm, x, sizeof x);
  }
  if (!(bv & 2)) memset(c->xmm, 0, sizeof c->xmm);
  return 0;
}

/* rt_sigreturn: the frame starts 8 bytes below rsp (the restorer's return
 * address was popped). */
SYS_DEFINE0(rt_sigreturn) {
  struct pt_regs *regs = t->regs;
  if (!regs) return -ENOSYS;
  u64 frame = regs->sp - 8;
  struct lx_rt_sigframe64 f;
  if (copy_from_user(MM(t), &f, frame, offsetof(struct lx_rt_sigframe64, info))) goto bad;
  const struct lx_sigcontext64 *sc = &f.uc.uc_mcontext;
  if (get_fpstate(t, sc->fpstate)) goto bad;
  sig_set_blocked(t, f.uc.uc_sigmask);
  regs->r8 = sc->r8;
  regs->r9 = sc->r9;
  regs->r10 = sc->r10;
  regs->r11 = sc->r11;
  regs->r12 = sc->r12;
  regs->r13 = sc->r13;
  regs->r14 = sc->r14;
  regs->r15 = sc->r15;
  regs->di = sc->di;
  regs->si = sc->si;
  regs->bp = sc->bp;
  regs->bx = sc->bx;
  regs->dx = sc->dx;
  regs->ax = sc->ax;
  regs->cx = sc->cx;
  regs->sp = sc->sp;
  regs->ip = sc->ip;
  /* restore_sigcontext: CS with RPL 3, and with it the mode (entry.c loads
   * it); the iret judges it (sig_iret_check). */
  regs->cs = sc->cs | 3;
  regs->ss = sc->ss | 3;
  regs->flags = (regs->flags & ~(u64)FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
  regs->orig_ax = ~0ull; /* no system-call restart on this exit */
  /* force_valid_ss() for old DOSEMU and CRIU: without UC_STRICT_RESTORE_SS a
   * return to 64-bit mode replaces an SS the iret would refuse. */
  if (!(f.uc.uc_flags & UC_STRICT_RESTORE_SS) && regs->cs == 0x33 &&
      !cpu_ss_ok(&t->cpu, (u16)regs->ss))
    regs->ss = 0x2b;
  /* restore_altstack(): only a fault counts; other errors are squashed. */
  struct lx_stack old;
  sys_sigaltstack_core(t, &f.uc.uc_stack, &old);
  sig_iret_check(t, regs->cs, regs->ss); /* the iret */
  return (long)regs->ax;
bad:
  sig_force_segv(t);
  return (long)regs->ax;
}
