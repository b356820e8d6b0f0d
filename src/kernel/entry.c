/* entry.c — system-call entry and exit: what the kernel does for each gate,
 * step by step, by the mode the CPU is in (64-bit or compatibility mode) and
 * the kind of process (a 64-bit program may run 32-bit code after a far
 * transfer to CS 0x23, and a 32-bit program 64-bit code with CS 0x33).  Mirrors linux
 * arch/x86/entry/entry_64.S (entry_SYSCALL_64), arch/x86/entry/common.c (do_syscall_64 and its
 * SYSRET check) and arch/x86/entry/syscall_64.c; the exit work (signal delivery and the restart
 * rules) is signal.c's sig_exit_work on the frame. */
#include <signal.h>
#include <string.h>

#include "../abi/abi.h"
#include "custom.h"
#include "observe.h"
#include "ptrace.h"
#include "signal.h"
#include "../syscall/syscall.h"

static long sys_ni(struct task *t, long nr, const char *name) {
  const struct emu_opts *o = t->proc->opts;
  if (o && o->log_unimp) {
    fprintf(o->log ? o->log : stderr, "emu: unimplemented system call %s (%ld)\n",
            name ? name : "?", nr);
  }
  return -ENOSYS;
}

/* A table handler, unless the call names one of emu's own descriptors. */
static long sys_call(struct task *t, const struct sys_desc *sd, const char *name, const u64 *a) {
  long bad = fs_fd_guard(t, name, a);
  return bad ? bad : sd->h->fn(t, a);
}

/* A call the tracer skipped at its entry stop (orig_ax -1): no handler, the
 * ax it left, and the exit stop all the same (syscall_exit_work). */
static long ptrace_skipped(struct task *t, struct pt_regs *f) {
  if (t->ptrace & PT_SYSCALL) ptrace_syscall_exit(t, f);
  return (long)f->ax;
}

/* do_syscall_x64(): the table lookup and call. */
static long dispatch64(struct task *t, struct pt_regs *f) {
  /* A tracer's syscall-enter stop comes first: the call is the one the
   * frame holds after it, and orig_ax -1 skips it. */
  if (UNLIKELY(t->ptrace & PT_SYSCALL)) {
    ptrace_syscall_entry(t, f);
    if ((int)f->orig_ax == -1) return ptrace_skipped(t, f);
  }
  /* The kernel takes the number as an int: the upper half of rax is ignored. */
  int nr = (int)f->orig_ax;
  u64 args[6] = {f->di, f->si, f->dx, f->r10, f->r8, f->r9};
  const char *name;
  const struct sys_desc *sd = abi64_lookup(nr, &name);
  /* An embedder's handler (custom.c, emu_register_syscall) comes first. */
  const struct sys_custom *cc = sys_custom_find(ABI_X86_64, nr);
  if (cc) {
    sd = NULL;
    name = cc->name;
  }
  sig_syscall_enter(t, ABI_X86_64, nr, args);
  obs_syscall_enter(t, ABI_X86_64, nr, name, args);
  /* An observer that serves the calls (--lockstep, --compare) takes them over. */
  long ret = obs_serving() ? obs_each_serve(t, ABI_X86_64, nr, name, args, sd)
             : cc          ? sys_custom_call(t, cc, ABI_X86_64, nr, args)
             : sd          ? sys_call(t, sd, name, args)
                           : sys_ni(t, nr, name);
  ret = sig_syscall_result(t, ABI_X86_64, nr, ret);
  obs_syscall_exit(t, ABI_X86_64, nr, name, args, ret);
  if (UNLIKELY(t->ptrace & PT_SYSCALL)) {
    f->ax = (u64)ret;
    ptrace_syscall_exit(t, f);
    ret = (long)f->ax;
  }
  return ret;
}

static bool canonical(u64 a) { return (u64)((i64)(a << 16) >> 16) == a; }

/* entry_SYSCALL_64 ... do_syscall_64() ... SYSRET or IRET. */
static void entry_syscall64(struct task *t) {
  struct cpu *c = &t->cpu;
  struct pt_regs f;
  sig_regs_from_cpu(c, &f); /* PUSH_AND_CLEAR_REGS: the frame in pt_regs order */
  /* The hardware part of SYSCALL, which came first: rcx <- next rip,
   * r11 <- rflags (the frame has them: the flags are computed once). */
  c->r[R_CX] = f.cx = f.ip;
  c->r[R_R11] = f.r11 = f.flags & ~(u64)F_RF;
  f.ss = 0x2b; /* entry_SYSCALL_64 pushes __USER_DS and __USER_CS, not the CPU's */
  f.cs = 0x33;
  f.flags = f.r11;
  f.orig_ax = c->r[R_AX];
  f.ax = (u64)-ENOSYS;
  t->regs = &f;
  t->abi = ABI_X86_64;
  obs_gate_enter64(t, GATE_SYSCALL64, &f); /* --frames: gate, pt_regs, table */
  f.ax = (u64)dispatch64(t, &f);
  t->regs = NULL;
  sig_exit_work(t, &f, ABI_X86_64);

  /* Exit: restore the general registers from the frame, then return with
   * SYSRET when the kernel's conditions hold, else with IRET.  Both give the
   * user the frame's ip, flags and sp; which one ran is visible in traces. */
  sig_regs_to_gprs(c, &f); /* POP_REGS */
  sig_regs_to_mode(c, &f); /* the CS of the return picks the mode */
  t->sysret = f.cx == f.ip && f.r11 == f.flags && canonical(f.ip) && !(f.flags & (F_RF | F_TF)) &&
              f.cs == 0x33 && f.ss == 0x2b;
  c->rip = f.ip;
  /* IRET to 32-bit code loads ESP (sig_iret_segs). */
  c->r[R_SP] = c->mode == 64 ? f.sp : (u32)f.sp;
  cpu_set_flags(c, f.flags | 2, ~(u64)0);
  obs_gate_exit64(t, GATE_SYSCALL64, &f); /* --frames: result, exit work, return */
}

/* ---- the i386 gates ---- */

/* The modelled i386 kernel stack on int $0x80 from 32-bit code: the hardware
 * pushes ss, esp, eflags, cs, eip; SAVE_ALL then pushes the rest, so the
 * frame reads upwards in struct pt_regs order of arch/x86/include/asm/ptrace.h
 * (32-bit): ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags
 * esp ss. */
struct pt_regs32 {
  u32 bx, cx, dx, si, di, bp, ax;
  u32 ds, es, fs, gs;
  u32 orig_ax;
  u32 ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct pt_regs32) == 17 * 4, "i386 pt_regs");

static long dispatch32(struct task *t);

/* The 64-bit kernel's view of an i386 frame (what entry_INT80_compat and
 * entry_SYSENTER_compat push): system calls that change the user registers
 * (sigreturn) and the exit work operate on it through t->regs. */
static void regs_from32(const struct pt_regs32 *f, struct pt_regs *r) {
  memset(r, 0, sizeof *r);
  r->bx = f->bx;
  r->cx = f->cx;
  r->dx = f->dx;
  r->si = f->si;
  r->di = f->di;
  r->bp = f->bp;
  r->ax = (u64)(i64)(i32)f->ax;
  r->orig_ax = f->orig_ax;
  r->ip = f->ip;
  r->cs = f->cs;
  r->flags = f->flags;
  r->sp = f->sp;
  r->ss = f->ss;
}

static void regs_to32(const struct pt_regs *r, struct pt_regs32 *f) {
  f->bx = (u32)r->bx;
  f->cx = (u32)r->cx;
  f->dx = (u32)r->dx;
  f->si = (u32)r->si;
  f->di = (u32)r->di;
  f->bp = (u32)r->bp;
  f->ax = (u32)r->ax;
  f->ip = (u32)r->ip;
  f->cs = (u32)r->cs;
  f->flags = (u32)r->flags;
  f->sp = (u32)r->sp;
  f->ss = (u32)r->ss;
}

/* Serve the call of an i386 frame and do the exit work on it. */
static void serve32(struct task *t, struct pt_regs32 *f, bool fetched) {
  struct pt_regs r;
  regs_from32(f, &r);
  if (fetched) {
    t->regs = &r;
    r.ax = (u64)(i64)(i32)dispatch32(t); /* a 64-bit kernel sign-extends */
    t->regs = NULL;
  }
  sig_exit_work(t, &r, ABI_I386);
  regs_to32(&r, f);
}

/* do_syscall_32_irqs_on(): the i386 table, arguments zero-extended (and
 * sign-extended where the table says the argument is signed). */
static long dispatch32(struct task *t) {
  struct pt_regs *f = t->regs; /* the 64-bit view of the frame */
  /* A tracer's syscall-enter stop comes first: the call is the one the
   * frame holds after it, and orig_ax -1 skips it. */
  if (UNLIKELY(t->ptrace & PT_SYSCALL)) {
    ptrace_syscall_entry(t, f);
    if ((i32)f->orig_ax == -1) return ptrace_skipped(t, f);
  }
  /* The number and the six arguments: the low halves of the frame's
   * registers (ebx ecx edx esi edi ebp). */
  u32 nr = (u32)f->orig_ax;
  const u32 a32[6] = {(u32)f->bx, (u32)f->cx, (u32)f->dx, (u32)f->si, (u32)f->di, (u32)f->bp};
  u64 args[6];
  const char *name;
  const struct sys_desc *sd = abi32_lookup(nr, &name);
  /* An embedder's handler (custom.c, emu_register_syscall) comes first. */
  const struct sys_custom *cc = sys_custom_find(ABI_I386, nr);
  if (cc) {
    sd = NULL;
    name = cc->name;
  }
  unsigned sext = sd ? sd->row->sext : 0;
  for (int i = 0; i < 6; i++) args[i] = sext >> i & 1 ? (u64)(i64)(i32)a32[i] : (u64)a32[i];
  enum abi saved = t->abi;
  t->abi = ABI_I386;
  sig_syscall_enter(t, ABI_I386, nr, args);
  obs_syscall_enter(t, ABI_I386, nr, name, args);
  /* An observer that serves the calls (--lockstep, --compare) takes them over. */
  long ret = obs_serving() ? obs_each_serve(t, ABI_I386, nr, name, args, sd)
             : cc          ? sys_custom_call(t, cc, ABI_I386, nr, args)
             : sd          ? sys_call(t, sd, name, args)
                           : sys_ni(t, nr, name);
  ret = sig_syscall_result(t, ABI_I386, nr, ret);
  t->abi = saved;
  obs_syscall_exit(t, ABI_I386, nr, name, args, ret);
  if (UNLIKELY(t->ptrace & PT_SYSCALL)) {
    f->ax = (u64)(i64)(i32)ret;
    ptrace_syscall_exit(t, f);
    ret = (long)f->ax;
  }
  return ret;
}

/* The eflags bits an iret to user mode takes from the frame (FIXUP_FLAGS). */
#define USER_FLAGS (F_CF | F_PF | F_AF | F_ZF | F_SF | F_TF | F_DF | F_OF | F_AC | F_ID | 0x4000u)

/* RESTORE_ALL and the iret (or SYSEXIT) that follows: the registers, ip, sp
 * and the user-changeable flags come back from the i386 frame. */
static void restore_all32(struct cpu *c, const struct pt_regs32 *f) {
  /* The 64-bit kernel's frame holds the full registers: their upper halves
   * (zero in 32-bit code, but a 32-bit program may have run 64-bit code
   * after a far jump to CS 0x33) come back as they were. */
#define LOW32(reg, v) c->r[reg] = (c->r[reg] & ~0xffffffffull) | (v)
  LOW32(R_BX, f->bx);
  LOW32(R_CX, f->cx);
  LOW32(R_DX, f->dx);
  LOW32(R_SI, f->si);
  LOW32(R_DI, f->di);
  LOW32(R_BP, f->bp);
#undef LOW32
  c->r[R_AX] = f->ax;
  c->rip = f->ip;
  c->r[R_SP] = f->sp;
  cpu_set_flags(c, f->flags, USER_FLAGS);
  /* The iret: an i386 sigreturn may return to CS 0x33 (64-bit mode) or
   * with another SS. */
  sig_iret_segs(c, f->cs, f->ss);
}

/* entry_INT80_32 (or entry_INT80_compat for 32-bit code on a 64-bit kernel):
 * hardware push, SAVE_ALL, the i386 table, RESTORE_ALL, iret. */
static void entry_int80_32(struct task *t) {
  struct cpu *c = &t->cpu;
  struct pt_regs32 f = {
      .bx = (u32)c->r[R_BX],
      .cx = (u32)c->r[R_CX],
      .dx = (u32)c->r[R_DX],
      .si = (u32)c->r[R_SI],
      .di = (u32)c->r[R_DI],
      .bp = (u32)c->r[R_BP],
      .ax = (u32)-ENOSYS,
      .ds = c->seg[SEG_DS],
      .es = c->seg[SEG_ES],
      .fs = c->seg[SEG_FS],
      .gs = c->seg[SEG_GS],
      .orig_ax = (u32)c->r[R_AX],
      .ip = (u32)c->rip,
      .cs = c->seg[SEG_CS],
      .flags = (u32)cpu_get_flags(c),
      .sp = (u32)c->r[R_SP],
      .ss = c->seg[SEG_SS],
  };
  obs_gate_enter32(t, GATE_INT80_32, &f); /* --frames: push, SAVE_ALL, table */
  serve32(t, &f, true);
  restore_all32(c, &f);                  /* RESTORE_ALL; iret */
  obs_gate_exit32(t, GATE_INT80_32, &f); /* --frames: result, RESTORE_ALL, iret */
}

/* int $0x80 from 64-bit code, or from compatibility-mode code of a 64-bit
 * process (or 64-bit code of a 32-bit one: all are one 64-bit kernel's
 * entry_INT80_compat): the 64-bit frame, the i386 table with the low halves
 * of rbx, rcx, rdx, rsi, rdi, rbp, and iret; every register but rax keeps
 * its full 64-bit value, and the frame's CS its mode. */
static void entry_int80_64(struct task *t) {
  struct cpu *c = &t->cpu;
  struct pt_regs f;
  sig_regs_from_cpu(c, &f); /* the frame in pt_regs order: ip, flags as they are */
  f.orig_ax = (u32)c->r[R_AX];
  f.ax = (u64)-ENOSYS;
  t->regs = &f;
  obs_gate_enter64(t, GATE_INT80_64, &f); /* --frames: push, pt_regs, i386 table */
  f.ax = (u64)dispatch32(t);
  t->regs = NULL;
  sig_exit_work(t, &f, ABI_I386);
  sig_regs_to_gprs(c, &f); /* POP_REGS */
  sig_regs_to_mode(c, &f); /* the CS of the return picks the mode */
  c->rip = f.ip;
  c->r[R_SP] = f.sp;
  cpu_set_flags(c, f.flags, USER_FLAGS);
  t->sysret = false;
  obs_gate_exit64(t, GATE_INT80_64, &f); /* --frames: result, exit work, iret */
}

/* SYSENTER from 32-bit code (entry_SYSENTER_compat, do_fast_syscall_32):
 * the hardware saves no return address and the vDSO's __kernel_vsyscall has
 * pushed ecx, edx, ebp and put esp in ebp.  The kernel takes the user stack
 * from ebp, fetches the real ebp (the sixth argument) from the top of that
 * stack, serves the call from the i386 table and returns to the vDSO's
 * landing pad, which pops ebp, edx, ecx. */
static void entry_sysenter32(struct task *t) {
  struct cpu *c = &t->cpu;
  struct pt_regs32 f = {
      .bx = (u32)c->r[R_BX],
      .cx = (u32)c->r[R_CX],
      .dx = (u32)c->r[R_DX],
      .si = (u32)c->r[R_SI],
      .di = (u32)c->r[R_DI],
      .bp = (u32)c->r[R_BP],
      .ax = (u32)-ENOSYS,
      .ds = c->seg[SEG_DS],
      .es = c->seg[SEG_ES],
      .fs = c->seg[SEG_FS],
      .gs = c->seg[SEG_GS],
      .orig_ax = (u32)c->r[R_AX],
      .ip = (u32)t->proc->vdso_landing,
      .cs = 0x23,
      .flags = (u32)cpu_get_flags(c),
      .sp = (u32)c->r[R_BP],
      .ss = 0x2b, /* entry_SYSENTER_compat pushes __USER32_DS and __USER32_CS */
  };
  obs_gate_enter32(t, GATE_SYSENTER32, &f); /* --frames: vDSO entry, table */
  /* entry_SYSENTER_compat saves r8-r15 as zero (32-bit code cannot see
   * them; 64-bit code of a 32-bit program can, after the call). */
  for (int r = R_R8; r <= R_R15; r++) c->r[r] = 0;
  u32 bp;
  if (copy_from_user(MM(t), &bp, f.sp, 4)) {
    f.ax = (u32)-EFAULT; /* the kernel gives up before the table */
    serve32(t, &f, false);
  } else {
    f.bp = bp;
    serve32(t, &f, true);
  }
  restore_all32(c, &f);                    /* the registers back; return to the landing pad */
  obs_gate_exit32(t, GATE_SYSENTER32, &f); /* --frames: result, landing pad */
}

void sys_entry(struct task *t, int stop) {
  struct cpu *c = &t->cpu;
  switch (stop) {
  case STOP_SYSCALL:
    if (!vdso_serve(t)) entry_syscall64(t);
    break;
  case STOP_INT:
    /* int $0x80 is the i386 gate from either mode.  Other vectors have
     * DPL 0: #GP.  A 32-bit program in 32-bit mode gets the i386 model;
     * 64-bit code, and a 64-bit program in compatibility mode, whose
     * register upper halves the gate keeps, the 64-bit kernel's frame. */
    if (c->trapno == 0x80) {
      if (vdso_serve(t)) break;
      if (c->mode == 32 && t->proc->bits == 32)
        entry_int80_32(t);
      else
        entry_int80_64(t);
    } else {
      c->rip = c->ip;
      sig_force_fault(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0, 13, (u64)c->trapno << 3 | 2);
    }
    break;
  case STOP_SYSENTER:
    /* In 64-bit mode SYSENTER is #UD on AMD processors (and leads nowhere
     * useful on Intel's): SIGILL. */
    if (c->mode == 32 && t->proc->vdso_landing) {
      entry_sysenter32(t);
    } else {
      c->rip = c->ip;
      sig_force_fault(t, SIGILL, 2 /* ILL_ILLOPN */, c->ip, 6, 0);
    }
    break;
  default: break;
  }
}
