/* entry.c — system-call entry and exit: what the kernel does for each gate,
 * step by step.  Mirrors linux arch/x86/entry/entry_64.S (entry_SYSCALL_64),
 * arch/x86/entry/common.c (do_syscall_64 and its SYSRET check) and
 * arch/x86/entry/syscall_64.c. */
#include <signal.h>
#include <string.h>

#include "abi.h"
#include "strace.h"

/* PUSH_AND_CLEAR_REGS: the frame in pt_regs order. */
static void frame_save(const struct cpu *c, struct pt_regs *f) {
  f->r15 = c->r[R_R15];
  f->r14 = c->r[R_R14];
  f->r13 = c->r[R_R13];
  f->r12 = c->r[R_R12];
  f->bp = c->r[R_BP];
  f->bx = c->r[R_BX];
  f->r11 = c->r[R_R11];
  f->r10 = c->r[R_R10];
  f->r9 = c->r[R_R9];
  f->r8 = c->r[R_R8];
  f->ax = c->r[R_AX];
  f->cx = c->r[R_CX];
  f->dx = c->r[R_DX];
  f->si = c->r[R_SI];
  f->di = c->r[R_DI];
  f->orig_ax = ~0ull;
  f->cs = c->seg[SEG_CS];
  f->ss = c->seg[SEG_SS];
  f->sp = c->r[R_SP];
}

/* POP_REGS: every general register comes back from the frame. */
static void frame_restore_gprs(struct cpu *c, const struct pt_regs *f) {
  c->r[R_R15] = f->r15;
  c->r[R_R14] = f->r14;
  c->r[R_R13] = f->r13;
  c->r[R_R12] = f->r12;
  c->r[R_BP] = f->bp;
  c->r[R_BX] = f->bx;
  c->r[R_R11] = f->r11;
  c->r[R_R10] = f->r10;
  c->r[R_R9] = f->r9;
  c->r[R_R8] = f->r8;
  c->r[R_AX] = f->ax;
  c->r[R_CX] = f->cx;
  c->r[R_DX] = f->dx;
  c->r[R_SI] = f->si;
  c->r[R_DI] = f->di;
}

static long sys_ni(struct task *t, long nr, const char *name) {
  const struct emu_opts *o = t->proc->opts;
  if (o && o->log_unimp) {
    fprintf(o->log ? o->log : stderr, "emu: unimplemented system call %s (%ld)\n",
            name ? name : "?", nr);
  }
  return -ENOSYS;
}

/* do_syscall_x64(): the table lookup and call. */
static long dispatch64(struct task *t, struct pt_regs *f) {
  /* The kernel takes the number as an int: the upper half of rax is ignored. */
  int nr = (int)f->orig_ax;
  u64 args[6] = {f->di, f->si, f->dx, f->r10, f->r8, f->r9};
  const char *name;
  const struct sys_desc *sd = abi64_lookup(nr, &name);
  long ret = sd ? sd->fn(t, args) : sys_ni(t, nr, name);
  if (t->proc->opts && t->proc->opts->strace) trc_syscall(t, ABI_X86_64, nr, name, args, ret);
  return ret;
}

static bool canonical(u64 a) { return (u64)((i64)(a << 16) >> 16) == a; }

/* entry_SYSCALL_64 ... do_syscall_64() ... SYSRET or IRET. */
static void entry_syscall64(struct task *t) {
  struct cpu *c = &t->cpu;
  /* The hardware part of SYSCALL: rcx <- next rip, r11 <- rflags. */
  c->r[R_CX] = c->rip;
  c->r[R_R11] = cpu_get_flags(c) & ~(u64)F_RF;
  struct pt_regs f;
  frame_save(c, &f);
  f.ip = c->r[R_CX];
  f.flags = c->r[R_R11];
  f.orig_ax = c->r[R_AX];
  f.ax = (u64)-ENOSYS;
  t->regs = &f;
  f.ax = (u64)dispatch64(t, &f);
  t->regs = NULL;

  /* Exit: restore the general registers from the frame, then return with
   * SYSRET when the kernel's conditions hold, else with IRET.  Both give the
   * user the frame's ip, flags and sp; which one ran is visible in traces. */
  frame_restore_gprs(c, &f);
  t->sysret = f.cx == f.ip && f.r11 == f.flags && canonical(f.ip) &&
                !(f.flags & (F_RF | F_TF)) && f.cs == 0x33 && f.ss == 0x2b;
  c->rip = f.ip;
  c->r[R_SP] = f.sp;
  cpu_set_flags(c, f.flags | 2, ~(u64)0);
}

void sys_entry(struct task *t, int stop) {
  struct cpu *c = &t->cpu;
  switch (stop) {
  case STOP_SYSCALL:
    entry_syscall64(t);
    break;
  case STOP_INT:
    /* int $0x80 is the i386 gate (not served yet: -ENOSYS, as a kernel without
     * IA32_EMULATION answers).  Other vectors have DPL 0: #GP. */
    if (c->trapno == 0x80) {
      c->r[R_AX] = (u64)-ENOSYS;
    } else {
      c->rip = c->ip;
      task_die_signal(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0);
    }
    break;
  case STOP_SYSENTER:
    c->rip = c->ip;
    task_die_signal(t, SIGILL, 2 /* ILL_ILLOPN */, c->ip);
    break;
  default:
    break;
  }
}
