/* signal_i386.c — the i386 signal frames (sigframe and rt_sigframe), the
 * compat siginfo, sigreturn and rt_sigreturn, as a 64-bit kernel gives them
 * to 32-bit processes.
 * Mirrors linux arch/x86/kernel/signal_32.c (ia32_setup_frame,
 * ia32_setup_rt_frame, ia32_restore_sigcontext), fpu/signal.c and
 * fpu/regset.c (convert_from_fxsr/convert_to_fxsr: the fsave header in
 * front of the FXSAVE area), kernel/signal.c (copy_siginfo_to_user32).
 *
 * rt_sigframe_ia32, from the handler's esp ((esp + 4) % 16 == 0):
 *   0 pretcode  4 sig  8 pinfo  12 puc  16 siginfo (128)
 *   144 ucontext_ia32 (116: flags, link, stack, sigcontext 88, sigmask)
 *   260 retcode (8)
 * sigframe_ia32:
 *   0 pretcode  4 sig  8 sigcontext (88)  96 unused fpstate (624)
 *   720 extramask  724 retcode (8)
 * then, 64-byte aligned higher up: the fsave header (112) just below the
 * XSAVE area (576) and MAGIC2.
 */
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "../cpu/fxsave.h"
#include "../vdso/vdso32_sigframe.h"
#include "signal.h"

/* exec_misc.c (declared in the CPU's private ops_mov.h) */

struct lx_sigcontext32 {
  u32 gs, fs, es, ds;
  u32 di, si, bp, sp, bx, dx, cx, ax;
  u32 trapno, err, ip, cs, flags, sp_at_signal, ss;
  u32 fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct lx_sigcontext32) == 88, "sigcontext_32");

struct lx_ucontext32 {
  u32 uc_flags, uc_link;
  u32 ss_sp;
  i32 ss_flags;
  u32 ss_size;
  struct lx_sigcontext32 uc_mcontext;
  u32 uc_sigmask[2];
};
_Static_assert(sizeof(struct lx_ucontext32) == 116, "ucontext_ia32");

struct lx_rt_sigframe32 {
  u32 pretcode;
  i32 sig;
  u32 pinfo, puc;
  struct lx32_siginfo info;
  struct lx_ucontext32 uc;
  u8 retcode[8];
};
_Static_assert(sizeof(struct lx_rt_sigframe32) == 268, "rt_sigframe_ia32");

struct lx_sigframe32 {
  u32 pretcode;
  i32 sig;
  struct lx_sigcontext32 sc;
  u8 fpstate_unused[624];
  u32 extramask;
  u8 retcode[8];
};
_Static_assert(sizeof(struct lx_sigframe32) == 732, "sigframe_ia32");

/* The vDSO trampolines' unwind rows (vdso32.S) read these frames. */
#define SC_AT(field, value) \
  _Static_assert(offsetof(struct lx_sigcontext32, field) == (value), "vdso32_sigframe.h: " #field)
SC_AT(gs, VDSO32_SC_GS);
SC_AT(fs, VDSO32_SC_FS);
SC_AT(es, VDSO32_SC_ES);
SC_AT(ds, VDSO32_SC_DS);
SC_AT(di, VDSO32_SC_DI);
SC_AT(si, VDSO32_SC_SI);
SC_AT(bp, VDSO32_SC_BP);
SC_AT(sp, VDSO32_SC_SP);
SC_AT(bx, VDSO32_SC_BX);
SC_AT(dx, VDSO32_SC_DX);
SC_AT(cx, VDSO32_SC_CX);
SC_AT(ax, VDSO32_SC_AX);
SC_AT(ip, VDSO32_SC_IP);
SC_AT(cs, VDSO32_SC_CS);
SC_AT(flags, VDSO32_SC_FLAGS);
SC_AT(ss, VDSO32_SC_SS);
#undef SC_AT
_Static_assert(offsetof(struct lx_sigframe32, sc) == VDSO32_SIGFRAME_SC, "vdso32_sigframe.h");
_Static_assert(offsetof(struct lx_rt_sigframe32, uc.uc_mcontext) == VDSO32_RT_SIGFRAME_SC,
               "vdso32_sigframe.h");

#define FSAVE_HDR         112
#define NR32_sigreturn    119
#define NR32_rt_sigreturn 173

/* ---- siginfo ---- */

/* siginfo_layout() */
enum { SIL_KILL, SIL_TIMER, SIL_POLL, SIL_FAULT, SIL_CHLD, SIL_RT, SIL_SYS };
static int siginfo_layout(int sig, int code) {
  if (code > 0 && code != 0x80 /* SI_KERNEL */) {
    switch (sig) {
    case 4:
    case 5:
    case 7:
    case 8:
    case 11: return SIL_FAULT;
    case 17: return SIL_CHLD;
    case 29: return SIL_POLL;
    case 31: return SIL_SYS;
    default: return SIL_KILL;
    }
  }
  if (code == -2 /* SI_TIMER */) return SIL_TIMER;
  if (code == -5 /* SI_SIGIO */) return SIL_POLL;
  if (code < 0 && code != -6 /* SI_TKILL */) return SIL_RT;
  return SIL_KILL;
}

void sig_siginfo_to32(const struct lx_siginfo *si, struct lx32_siginfo *out) {
  memset(out, 0, sizeof *out);
  out->signo = si->signo;
  out->err = si->err;
  out->code = si->code;
  switch (siginfo_layout(si->signo, si->code)) {
  case SIL_KILL:
    out->u.kill.pid = si->u.kill.pid;
    out->u.kill.uid = si->u.kill.uid;
    break;
  case SIL_RT:
    out->u.kill.pid = si->u.kill.pid;
    out->u.kill.uid = si->u.kill.uid;
    out->u.kill.value = (i32)si->u.kill.value;
    break;
  case SIL_TIMER:
    out->u.timer.tid = si->u.timer.tid;
    out->u.timer.overrun = si->u.timer.overrun;
    out->u.timer.value = (i32)si->u.timer.value;
    break;
  case SIL_FAULT: out->u.fault.addr = (u32)si->u.fault.addr; break;
  case SIL_CHLD:
    out->u.chld.pid = si->u.chld.pid;
    out->u.chld.uid = si->u.chld.uid;
    out->u.chld.status = si->u.chld.status;
    out->u.chld.utime = (i32)si->u.chld.utime;
    out->u.chld.stime = (i32)si->u.chld.stime;
    break;
  case SIL_POLL:
    out->u.poll.band = (i32)si->u.poll.band;
    out->u.poll.fd = si->u.poll.fd;
    break;
  case SIL_SYS:
    out->u.sys.call_addr = (u32)si->u.sys.call_addr;
    out->u.sys.syscall = si->u.sys.syscall;
    out->u.sys.arch = si->u.sys.arch;
    break;
  default: break;
  }
}

/* ---- FPU state: fsave header + FXSAVE area ---- */

/* twd_fxsr_to_i387(): the full tag word from the abridged one and the
 * register contents. */
static u32 full_tags(const u8 *fx) {
  u16 sw;
  memcpy(&sw, fx + 2, 2);
  int top = (sw >> 11) & 7;
  u32 tw = 0;
  for (int i = 0; i < 8; i++) {
    u32 tag = 3;
    if (fx[4] >> i & 1) {
      const u8 *st = fx + 32 + 16 * ((i - top) & 7);
      u64 sig;
      u16 ex;
      memcpy(&sig, st, 8);
      memcpy(&ex, st + 8, 2);
      ex &= 0x7fff;
      if (ex == 0x7fff)
        tag = 2;
      else if (ex == 0)
        tag = sig ? 2 : 1;
      else
        tag = sig >> 63 ? 0 : 2;
    }
    tw |= tag << (2 * i);
  }
  return tw | 0xffff0000u;
}

/* convert_from_fxsr() of a 64-bit kernel: the 108-byte FSAVE image
 * (user_i387_ia32_struct) of the FXSAVE image fx; FCS is the frame's CS
 * and FOS DS (the 64-bit FXSAVE keeps neither). */
static void fsave_from_fx(const struct cpu *c, const u8 *fx, u8 *b) {
  u32 env[7];
  u16 cw, sw;
  u64 fip, fdp;
  memcpy(&cw, fx, 2);
  memcpy(&sw, fx + 2, 2);
  memcpy(&fip, fx + 8, 8);
  memcpy(&fdp, fx + 16, 8);
  env[0] = cw | 0xffff0000u;
  env[1] = sw | 0xffff0000u;
  env[2] = full_tags(fx);
  env[3] = (u32)fip;
  env[4] = c->seg[SEG_CS];
  env[5] = (u32)fdp;
  env[6] = c->seg[SEG_DS] | 0xffff0000u;
  memcpy(b, env, sizeof env);
  for (int i = 0; i < 8; i++) memcpy(b + 28 + 10 * i, fx + 32 + 16 * i, 10);
}

/* convert_to_fxsr(): the x87 part of fx from the FSAVE image b; fx's
 * MXCSR and XMM registers stay. */
static void fsave_to_fx(const u8 *b, u8 *fx) {
  u32 env[7];
  memcpy(env, b, sizeof env);
  u16 cw = (u16)env[0], sw = (u16)env[1], fop = (u16)(env[4] >> 16);
  u8 atw = 0;
  for (int i = 0; i < 8; i++)
    if (((env[2] >> (2 * i)) & 3) != 3) atw |= (u8)(1u << i);
  u64 fip = env[3], fdp = env[5];
  memcpy(fx, &cw, 2);
  memcpy(fx + 2, &sw, 2);
  fx[4] = atw;
  fx[5] = 0;
  memcpy(fx + 6, &fop, 2);
  memcpy(fx + 8, &fip, 8);
  memcpy(fx + 16, &fdp, 8);
  for (int i = 0; i < 8; i++) {
    memset(fx + 32 + 16 * i, 0, 16);
    memcpy(fx + 32 + 16 * i, b + 28 + 10 * i, 10);
  }
}

void sig_fsave32_get(struct cpu *c, u8 *b) {
  u8 fx[512];
  cpu_fx_save(c, fx, true);
  fsave_from_fx(c, fx, b);
}

int sig_fsave32_set(struct cpu *c, const u8 *b) {
  u8 fx[512];
  cpu_fx_save(c, fx, true);
  fsave_to_fx(b, fx);
  return cpu_fx_restore(c, fx, true);
}

/* buf: the fsave header (112 bytes), followed by the XSAVE area. */
static void put_fpstate32(struct cpu *c, u8 *buf) {
  u8 *fx = buf + FSAVE_HDR;
  memset(buf, 0, FSAVE_HDR);
  sig_put_xstate(c, fx); /* the 64-bit frame's image, above the header */
  fsave_from_fx(c, fx, buf);
  memcpy(buf + 108, fx + 2, 2); /* status; magic 0: FXSR data follows */
}

/* The x87 part comes from the fsave header, MXCSR and XMM from the FXSAVE
 * area. */
static int get_fpstate32(struct task *t, u32 buf) {
  struct cpu *c = &t->cpu;
  u8 b[FSAVE_HDR + 512];
  if (!buf) {
    cpu_fpu_reset(c);
    return 0;
  }
  if (copy_from_user(MM(t), b, buf, sizeof b)) return -1;
  u8 *fx = b + FSAVE_HDR;
  fsave_to_fx(b, fx);
  return cpu_fx_restore(c, fx, true);
}

/* ---- frames ---- */

static void put_sigcontext(struct task *t, struct lx_sigcontext32 *sc, const struct pt_regs *regs,
                           u32 fpstate, u64 mask) {
  const struct cpu *c = &t->cpu;
  memset(sc, 0, sizeof *sc);
  sc->gs = c->seg[SEG_GS];
  sc->fs = c->seg[SEG_FS];
  sc->es = c->seg[SEG_ES];
  sc->ds = c->seg[SEG_DS];
  sc->di = (u32)regs->di;
  sc->si = (u32)regs->si;
  sc->bp = (u32)regs->bp;
  sc->sp = (u32)regs->sp;
  sc->bx = (u32)regs->bx;
  sc->dx = (u32)regs->dx;
  sc->cx = (u32)regs->cx;
  sc->ax = (u32)regs->ax;
  sc->trapno = (u32)t->sig.trapno;
  sc->err = (u32)t->sig.err;
  sc->ip = (u32)regs->ip;
  sc->cs = (u32)regs->cs;
  sc->flags = (u32)regs->flags;
  sc->sp_at_signal = (u32)regs->sp;
  sc->ss = (u32)regs->ss;
  sc->fpstate = fpstate;
  sc->oldmask = (u32)mask;
  sc->cr2 = (u32)t->sig.cr2;
}

int sig_setup_frame32(struct task *t, int sig, const struct lx_sigaction *ka,
                      const struct lx_siginfo *si, u64 oldmask, struct pt_regs *regs) {
  struct cpu *c = &t->cpu;
  bool rt = ka->flags & LX_SA_SIGINFO;
  bool alt;
  u32 sp = (u32)sig_stack_top(t, ka, (u32)regs->sp, false, &alt);
  u32 buf_fx = (sp - XSTATE_FRAME) & ~63u;
  u32 fpstate = buf_fx - FSAVE_HDR;
  u32 size = rt ? sizeof(struct lx_rt_sigframe32) : sizeof(struct lx_sigframe32);
  u32 frame = ((fpstate - size + 4) & ~15u) - 4;
  if (alt && !sig_within_altstack(t, frame)) return -EFAULT; /* overflowed sigaltstack */
  u8 fp[FSAVE_HDR + XSTATE_FRAME];
  put_fpstate32(c, fp);
  if (copy_to_user(MM(t), fpstate, fp, sizeof fp)) return -EFAULT;

  if (rt) {
    struct lx_rt_sigframe32 f;
    memset(&f, 0, sizeof f);
    f.pretcode = (u32)(ka->flags & LX_SA_RESTORER ? ka->restorer : t->proc->sig.vdso_rt_sigreturn);
    f.sig = sig;
    f.pinfo = frame + offsetof(struct lx_rt_sigframe32, info);
    f.puc = frame + offsetof(struct lx_rt_sigframe32, uc);
    sig_siginfo_to32(si, &f.info);
    f.uc.uc_flags = 1; /* UC_FP_XSTATE */
    f.uc.ss_sp = (u32)t->altstack.ss_sp;
    f.uc.ss_flags = t->altstack.ss_size ? t->altstack.ss_flags : LX_SS_DISABLE;
    f.uc.ss_size = (u32)t->altstack.ss_size;
    put_sigcontext(t, &f.uc.uc_mcontext, regs, fpstate, oldmask);
    f.uc.uc_sigmask[0] = (u32)oldmask;
    f.uc.uc_sigmask[1] = (u32)(oldmask >> 32);
    static const u8 code[8] = {0xb8, NR32_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0};
    memcpy(f.retcode, code, 8);
    if (copy_to_user(MM(t), frame, &f, sizeof f)) return -EFAULT;
    regs->dx = f.pinfo;
    regs->cx = f.puc;
  } else {
    struct lx_sigframe32 f;
    memset(&f, 0, sizeof f);
    f.pretcode = (u32)(ka->flags & LX_SA_RESTORER ? ka->restorer : t->proc->sig.vdso_sigreturn);
    f.sig = sig;
    put_sigcontext(t, &f.sc, regs, fpstate, oldmask);
    f.extramask = (u32)(oldmask >> 32);
    static const u8 code[8] = {0x58, 0xb8, NR32_sigreturn, 0, 0, 0, 0xcd, 0x80};
    memcpy(f.retcode, code, 8);
    /* The unused fpstate block is not written by the kernel either: skip it. */
    if (copy_to_user(MM(t), frame, &f, offsetof(struct lx_sigframe32, fpstate_unused)) ||
        copy_to_user(MM(t), frame + offsetof(struct lx_sigframe32, extramask), &f.extramask, 12))
      return -EFAULT;
    regs->dx = 0;
    regs->cx = 0;
  }
  regs->ax = (u64)sig;
  regs->sp = frame;
  regs->ip = (u32)ka->handler;
  regs->cs = 0x23;
  regs->ss = 0x2b;
  regs->flags &= ~(u64)(F_DF | F_RF | F_TF);
  c->seg[SEG_DS] = c->seg[SEG_ES] = 0x2b;
  c->seg_base[SEG_DS] = c->seg_base[SEG_ES] = 0;
  cpu_fpu_reset(c);
  return 0;
}

/* Load a data segment register from the frame; false when the selector
 * would fault (the kernel's sigreturn then faults: SIGSEGV). */
static bool load_seg(struct cpu *c, int seg, u16 sel) {
  if (sel && (sel & 3) != 3) sel |= 3; /* fixup_rpl() */
  if (sel < 4) {
    c->seg[seg] = sel;
    c->seg_base[seg] = 0;
    return true;
  }
  return cpu_try_load_seg(c, seg, sel);
}

static bool restore_sigcontext(struct task *t, struct pt_regs *regs,
                               const struct lx_sigcontext32 *sc) {
  struct cpu *c = &t->cpu;
  if (!load_seg(c, SEG_GS, (u16)sc->gs) || !load_seg(c, SEG_FS, (u16)sc->fs) ||
      !load_seg(c, SEG_DS, (u16)sc->ds) || !load_seg(c, SEG_ES, (u16)sc->es))
    return false;
  if (get_fpstate32(t, sc->fpstate)) return false;
  regs->di = sc->di;
  regs->si = sc->si;
  regs->bp = sc->bp;
  regs->sp = sc->sp;
  regs->bx = sc->bx;
  regs->dx = sc->dx;
  regs->cx = sc->cx;
  regs->ax = sc->ax;
  regs->ip = sc->ip;
  /* cs as the frame has it, RPL 3 (the mode comes with it); the iret
   * judges it (sig_iret_check). */
  regs->cs = sc->cs | 3;
  regs->ss = sc->ss | 3; /* checked by the iret (sig_iret_check) */
  regs->flags = (regs->flags & ~(u64)FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
  regs->orig_ax = ~0ull;
  return true;
}

SYS_DEFINE0(sigreturn32) {
  struct pt_regs *regs = t->regs;
  if (!regs) return -ENOSYS;
  u32 frame = (u32)regs->sp - 8;
  struct lx_sigframe32 f;
  if (copy_from_user(MM(t), &f.sc, frame + offsetof(struct lx_sigframe32, sc), sizeof f.sc) ||
      copy_from_user(MM(t), &f.extramask, frame + offsetof(struct lx_sigframe32, extramask), 4))
    goto bad;
  sig_set_blocked(t, f.sc.oldmask | (u64)f.extramask << 32);
  if (!restore_sigcontext(t, regs, &f.sc)) goto bad;
  sig_iret_check(t, regs->cs, regs->ss); /* the iret */
  return (long)regs->ax;
bad:
  sig_force_segv(t);
  return (long)regs->ax;
}

SYS_DEFINE0(rt_sigreturn32) {
  struct pt_regs *regs = t->regs;
  if (!regs) return -ENOSYS;
  u32 frame = (u32)regs->sp - 4;
  struct lx_ucontext32 uc;
  if (copy_from_user(MM(t), &uc, frame + offsetof(struct lx_rt_sigframe32, uc), sizeof uc))
    goto bad;
  sig_set_blocked(t, uc.uc_sigmask[0] | (u64)uc.uc_sigmask[1] << 32);
  if (!restore_sigcontext(t, regs, &uc.uc_mcontext)) goto bad;
  struct lx_stack ns = {uc.ss_sp, uc.ss_flags, 0, uc.ss_size}, old;
  sys_sigaltstack_core(t, &ns, &old); /* restore_altstack(): errors squashed */
  sig_iret_check(t, regs->cs, regs->ss); /* the iret */
  return (long)regs->ax;
bad:
  sig_force_segv(t);
  return (long)regs->ax;
}
