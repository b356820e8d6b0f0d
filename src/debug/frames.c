/* frames.c — the entry model made visible (--frames).  For each kernel entry
 * it prints what the modelled kernel does, in the order it does it: the
 * gate's hardware part, the frame the entry code saves (struct pt_regs,
 * field by field in the kernel's order), the table slot, then at the exit the
 * result in the frame, the exit work and the return (sysret or iret, or the
 * i386 vDSO's landing pad).  Mirrors the paths of linux arch/x86/entry/
 * entry_64.S (entry_SYSCALL_64), entry_64_compat.S (entry_INT80_compat,
 * entry_SYSENTER_compat), entry_32.S (entry_INT80_32, SAVE_ALL/RESTORE_ALL)
 * and common.c (do_syscall_64's SYSRET check, do_fast_syscall_32).  One
 * kernel per run (trc_frames_kernel32, frames.h): the i386 gates go through
 * the 64-bit kernel's compat entries by default, through the 32-bit
 * kernel's with --kernel=i386.
 *
 * The log's -e trace= chooses the calls shown here too, by the name of the
 * table slot (an i386 socketcall() is "socketcall", as the table has it). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <string.h>

#include "frames.h"
#include "../strace/strace.h"

static FILE *out;
static bool kernel32; /* --kernel=i386: the i386 gates through the 32-bit kernel's entry code */

static const struct observer frames_observer = {
    .name = "frames",
    .gate_enter64 = trc_frames_enter64,
    .gate_exit64 = trc_frames_exit64,
    .gate_enter32 = trc_frames_enter32,
    .gate_exit32 = trc_frames_exit32,
};

void trc_frames_enable(FILE *f) {
  out = f;
  if (f)
    obs_register(&frames_observer);
  else
    obs_unregister(&frames_observer);
}
void trc_frames_kernel32(bool on) { kernel32 = on; }

struct fbuf {
  char s[4096];
  size_t n;
};

static void put(struct fbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct fbuf *b, const char *fmt, ...) {
  if (b->n >= sizeof b->s - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
  va_end(ap);
  if (r > 0) b->n += (size_t)r < sizeof b->s - b->n ? (size_t)r : sizeof b->s - b->n - 1;
}

static void flush(struct fbuf *b) {
  fwrite(b->s, 1, b->n, out);
  fflush(out);
}

/* A register value in a frame: hex, or for ax -N (-ENAME) when it holds an error code. */
static void put_val(struct fbuf *b, const char *name, u64 v, int bits) {
  i64 s = bits == 32 ? (i64)(i32)v : (i64)v;
  if (!strcmp(name, "ax") && s < 0 && s >= -4095) { /* a result: -errno */
    const char *en = strerrorname_np((int)-s);
    put(b, " %s=%lld", name, (long long)s);
    if (en) put(b, " (-%s)", en);
  } else {
    put(b, " %s=0x%llx", name, (unsigned long long)(bits == 32 ? (u32)v : v));
  }
}

static void put_result(struct fbuf *b, const char *reg, u64 v, int bits) {
  i64 s = bits == 32 ? (i64)(i32)v : (i64)v;
  put(b, "   result: %s = %lld", reg, (long long)s);
  if (s < 0 && s >= -4095) {
    const char *en = strerrorname_np((int)-s);
    put(b, " (-%s)", en ? en : "?");
  } else {
    put(b, " (0x%llx)", (unsigned long long)(bits == 32 ? (u32)v : v));
  }
  put(b, ", stored in pt_regs->ax\n");
}

/* The frame's return address and the call at entry, to tell at the exit
 * what the call and the exit work did to the frame. */
static __thread struct {
  u64 ip;
  long nr;
  enum abi abi;
  bool hidden; /* left out by -e trace=: its exit is not shown either */
} at_entry;

/* Whether -e trace= shows the call in slot nr of abi's table; an entry left
 * out leaves its exit out. */
static bool shown(enum abi abi, long nr) {
  at_entry.hidden = !trc_filter_call(sys_name(abi, nr));
  return !at_entry.hidden;
}

static void note_entry(u64 ip, long nr, enum abi abi) {
  at_entry.ip = ip;
  at_entry.nr = nr;
  at_entry.abi = abi;
}

/* What happens between the call and the return. */
static void put_exit_work(struct fbuf *b, struct task *t, u64 frame_ip, int bits) {
  if (t->exiting) {
    put(b, "   exit work: the task exits; no return to user mode\n");
    return;
  }
  const char *name = sys_name(at_entry.abi, at_entry.nr);
  u64 pend = t->sig.pending & ~t->sigmask;
  if (frame_ip == at_entry.ip) {
    if (pend)
      put(b, "   exit work: signals pending but blocked here (0x%llx)\n", (unsigned long long)pend);
    else
      put(b, "   exit work: none\n");
  } else if (frame_ip == at_entry.ip - 2) {
    put(b, "   exit work: restart: ip rewound by 2 to the gate instruction\n");
  } else if (name && (strstr(name, "sigreturn") || strstr(name, "exec"))) {
    put(b, "   exit work: none (%s itself rewrote the frame: ip=0x%llx)\n", name,
        (unsigned long long)(bits == 32 ? (u32)frame_ip : frame_ip));
  } else {
    put(b, "   exit work: signal delivery: frame ip <- handler 0x%llx, sp <- 0x%llx\n",
        (unsigned long long)(bits == 32 ? (u32)frame_ip : frame_ip),
        (unsigned long long)(bits == 32 ? (u32)t->cpu.r[R_SP] : t->cpu.r[R_SP]));
  }
}

static void put_table(struct fbuf *b, enum abi abi, long nr, const char *const argn[6],
                      const u64 a[6], int bits) {
  const char *name = sys_name(abi, nr);
  put(b, "   table: %s[%ld] %s -> ", abi == ABI_X86_64 ? "x86-64" : "i386", nr,
      name ? name : "(unknown)");
  if (!name) {
    put(b, "no entry: sys_ni_syscall returns -ENOSYS\n");
    return;
  }
  put(b, "sys_%s(", name);
  for (int i = 0; i < 6; i++)
    put(b, "%s%s=0x%llx", i ? ", " : "", argn[i],
        (unsigned long long)(bits == 32 ? (u32)a[i] : a[i]));
  put(b, ")\n");
}

/* ---- the 64-bit frame ---- */

static void put_pt_regs(struct fbuf *b, const struct pt_regs *f) {
  put(b, "   pt_regs:");
  put_val(b, "r15", f->r15, 64);
  put_val(b, "r14", f->r14, 64);
  put_val(b, "r13", f->r13, 64);
  put_val(b, "r12", f->r12, 64);
  put_val(b, "bp", f->bp, 64);
  put_val(b, "bx", f->bx, 64);
  put(b, "\n           ");
  put_val(b, "r11", f->r11, 64);
  put_val(b, "r10", f->r10, 64);
  put_val(b, "r9", f->r9, 64);
  put_val(b, "r8", f->r8, 64);
  put_val(b, "ax", f->ax, 64);
  put_val(b, "cx", f->cx, 64);
  put_val(b, "dx", f->dx, 64);
  put_val(b, "si", f->si, 64);
  put_val(b, "di", f->di, 64);
  put(b, "\n            orig_ax=%lld", (long long)f->orig_ax);
  put_val(b, "ip", f->ip, 64);
  put_val(b, "cs", f->cs, 64);
  put_val(b, "flags", f->flags, 64);
  put_val(b, "sp", f->sp, 64);
  put_val(b, "ss", f->ss, 64);
  put(b, "\n");
}

static bool canonical(u64 a) { return (u64)((i64)(a << 16) >> 16) == a; }

void trc_frames_enter64(struct task *t, enum entry_gate g, const struct pt_regs *f) {
  if (!out) return;
  if (!shown(g == GATE_SYSCALL64 ? ABI_X86_64 : ABI_I386,
             g == GATE_SYSCALL64 ? (long)(int)f->orig_ax : (long)(u32)f->orig_ax))
    return;
  struct fbuf b = {.n = 0};
  const struct cpu *c = &t->cpu;
  if (g == GATE_SYSCALL64) {
    put(&b, "== syscall at 0x%llx (x86-64 gate: entry_SYSCALL_64)\n", (unsigned long long)c->ip);
    put(&b, "   hardware: rcx <- 0x%llx (next rip)  r11 <- 0x%llx (rflags)\n",
        (unsigned long long)f->cx, (unsigned long long)f->r11);
    put(&b, "   entry: PUSH_AND_CLEAR_REGS, orig_ax <- rax, ax <- -ENOSYS\n");
    put_pt_regs(&b, f);
    static const char *const an[6] = {"di", "si", "dx", "r10", "r8", "r9"};
    const u64 a[6] = {f->di, f->si, f->dx, f->r10, f->r8, f->r9};
    put_table(&b, ABI_X86_64, (int)f->orig_ax, an, a, 64);
    note_entry(f->ip, (int)f->orig_ax, ABI_X86_64);
  } else {
    put(&b, "== int $0x80 at 0x%llx (i386 gate from 64-bit code: entry_INT80_compat)\n",
        (unsigned long long)c->ip);
    put(&b, "   hardware push: ss=0x%llx rsp=0x%llx rflags=0x%llx cs=0x%llx rip=0x%llx\n",
        (unsigned long long)f->ss, (unsigned long long)f->sp, (unsigned long long)f->flags,
        (unsigned long long)f->cs, (unsigned long long)f->ip);
    put(&b, "   entry: the 64-bit frame, orig_ax <- eax, ax <- -ENOSYS\n");
    put_pt_regs(&b, f);
    static const char *const an[6] = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
    const u64 a[6] = {f->bx, f->cx, f->dx, f->si, f->di, f->bp};
    put_table(&b, ABI_I386, (long)(u32)f->orig_ax, an, a, 32);
    note_entry(f->ip, (long)(u32)f->orig_ax, ABI_I386);
    static const char *const full[6] = {"rbx", "rcx", "rdx", "rsi", "rdi", "rbp"};
    bool any = false;
    for (int i = 0; i < 6; i++) {
      if (a[i] >> 32) {
        if (!any) put(&b, "   truncated:");
        put(&b, " %s=0x%llx->0x%x", full[i], (unsigned long long)a[i], (u32)a[i]);
        any = true;
      }
    }
    if (any) put(&b, " (the i386 table takes the low 32 bits)\n");
  }
  flush(&b);
}

void trc_frames_exit64(struct task *t, enum entry_gate g, const struct pt_regs *f) {
  if (!out || at_entry.hidden) return;
  struct fbuf b = {.n = 0};
  const struct cpu *c = &t->cpu;
  if (!t->exiting)
    put_result(&b, g == GATE_SYSCALL64 ? "ax" : "ax (eax sign-extended)", f->ax,
               g == GATE_SYSCALL64 ? 64 : 32);
  put_exit_work(&b, t, f->ip, g == GATE_SYSCALL64 ? 64 : 32);
  if (t->exiting) {
    flush(&b);
    return;
  }
  put(&b, "   POP_REGS: every general register from pt_regs (rax=0x%llx)\n",
      (unsigned long long)f->ax);
  if (g == GATE_SYSCALL64 && t->sysret) {
    put(&b,
        "   return: sysret (rcx == ip, r11 == flags, canonical ip, no RF/TF) -> "
        "rip=0x%llx rflags=0x%llx rsp=0x%llx\n",
        (unsigned long long)f->ip, (unsigned long long)f->flags, (unsigned long long)f->sp);
  } else {
    const char *why;
    if (g != GATE_SYSCALL64)
      why = "int $0x80 always returns with iret";
    else if (f->cx != f->ip)
      why = "rcx != ip";
    else if (f->r11 != f->flags)
      why = "r11 != flags";
    else if (!canonical(f->ip))
      why = "ip not canonical";
    else if (f->flags & (F_RF | F_TF))
      why = "RF or TF set";
    else
      why = "cs/ss are not the user's";
    put(&b, "   return: iret (%s) -> rip=0x%llx cs=0x%llx rflags=0x%llx rsp=0x%llx ss=0x%llx\n",
        why, (unsigned long long)f->ip, (unsigned long long)f->cs,
        (unsigned long long)(cpu_get_flags((struct cpu *)c)), (unsigned long long)f->sp,
        (unsigned long long)f->ss);
  }
  flush(&b);
}

/* ---- the i386 frame ---- */

struct regs32 {
  u32 bx, cx, dx, si, di, bp, ax;
  u32 ds, es, fs, gs;
  u32 orig_ax;
  u32 ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct regs32) == 17 * 4, "i386 pt_regs");

static void put_pt_regs32(struct fbuf *b, const struct regs32 *f) {
  put(b, "   pt_regs:");
  put_val(b, "bx", f->bx, 32);
  put_val(b, "cx", f->cx, 32);
  put_val(b, "dx", f->dx, 32);
  put_val(b, "si", f->si, 32);
  put_val(b, "di", f->di, 32);
  put_val(b, "bp", f->bp, 32);
  put_val(b, "ax", f->ax, 32);
  put(b, "\n           ");
  put_val(b, "ds", f->ds, 32);
  put_val(b, "es", f->es, 32);
  put_val(b, "fs", f->fs, 32);
  put_val(b, "gs", f->gs, 32);
  put(b, " orig_ax=%d", (i32)f->orig_ax);
  put_val(b, "ip", f->ip, 32);
  put_val(b, "cs", f->cs, 32);
  put_val(b, "flags", f->flags, 32);
  put_val(b, "sp", f->sp, 32);
  put_val(b, "ss", f->ss, 32);
  put(b, "\n");
}

/* The 64-bit kernel's frame of an i386 gate (entry_INT80_compat,
 * entry_SYSENTER_compat): the 32-bit registers zero-extended, r8-r15 as the
 * task has them (PUSH_AND_CLEAR_REGS saves them, then clears the registers;
 * 32-bit code cannot reach them), ax -ENOSYS as a 64-bit value; ds, es, fs
 * and gs are no part of it (they stay in the CPU, and in the thread at a
 * switch). */
static void put_pt_regs_compat(struct fbuf *b, const struct regs32 *f, const struct cpu *c) {
  struct pt_regs p = {
      .r15 = c->r[R_R15],
      .r14 = c->r[R_R14],
      .r13 = c->r[R_R13],
      .r12 = c->r[R_R12],
      .r11 = c->r[R_R11],
      .r10 = c->r[R_R10],
      .r9 = c->r[R_R9],
      .r8 = c->r[R_R8],
      .bx = f->bx,
      .cx = f->cx,
      .dx = f->dx,
      .si = f->si,
      .di = f->di,
      .bp = f->bp,
      .ax = (u64)(i64)(i32)f->ax,
      .orig_ax = f->orig_ax,
      .ip = f->ip,
      .cs = f->cs,
      .flags = f->flags,
      .sp = f->sp,
      .ss = f->ss,
  };
  put_pt_regs(b, &p);
}

/* Whether the fast return of a SYSENTER call may be taken: do_fast_syscall_32's
 * test (ip the landing pad, cs and ss the entry's, no RF, TF or VM); else iret. */
static const char *fast_return_refused(const struct task *t, const struct regs32 *f) {
  if (f->ip != (u32)t->proc->vdso_landing) return "ip != the landing pad";
  if (f->cs != 0x23 || f->ss != 0x2b) return "cs/ss are not the user's";
  if (f->flags & (F_RF | F_TF | 0x20000u)) return "RF, TF or VM set";
  return NULL;
}

void trc_frames_enter32(struct task *t, enum entry_gate g, const void *frame) {
  if (!out) return;
  struct regs32 f;
  memcpy(&f, frame, sizeof f);
  if (!shown(ABI_I386, (long)f.orig_ax)) return;
  struct fbuf b = {.n = 0};
  const struct cpu *c = &t->cpu;
  bool fetched = true;
  if (g == GATE_INT80_32) {
    if (kernel32)
      put(&b,
          "== int $0x80 at 0x%x (i386 gate, 32-bit kernel: entry_INT80_32, system_call before "
          "4.2)\n",
          (u32)c->ip);
    else
      put(&b,
          "== int $0x80 at 0x%x (i386 gate from 32-bit code, 64-bit kernel: entry_INT80_compat)\n",
          (u32)c->ip);
    put(&b, "   hardware push: ss=0x%x esp=0x%x eflags=0x%x cs=0x%x eip=0x%x\n", f.ss, f.sp,
        f.flags, f.cs, f.ip);
    if (kernel32) {
      put(&b, "   entry push: orig_eax=%d\n", (i32)f.orig_ax);
      put(&b,
          "   SAVE_ALL push: gs=0x%x fs=0x%x es=0x%x ds=0x%x eax=-ENOSYS ebp=0x%x edi=0x%x "
          "esi=0x%x edx=0x%x ecx=0x%x ebx=0x%x\n",
          f.gs, f.fs, f.es, f.ds, f.bp, f.di, f.si, f.dx, f.cx, f.bx);
    } else {
      put(&b,
          "   entry: orig_ax <- eax zero-extended; PUSH_AND_CLEAR_REGS: every register "
          "saved (ax as -ENOSYS), then cleared\n");
    }
  } else {
    put(&b, "== sysenter at 0x%x (i386 fast gate, %s)\n", (u32)c->ip,
        kernel32 ? "32-bit kernel: entry_SYSENTER_32" : "64-bit kernel: entry_SYSENTER_compat");
    put(&b,
        "   vDSO: __kernel_vsyscall pushed ecx, edx, ebp and set ebp <- esp; sysenter "
        "saves no return address\n");
    if (kernel32)
      put(&b,
          "   entry push: ss=__USER_DS sp=0 flags cs=__USER_CS ip=0 (placeholders), "
          "orig_eax=%d; SAVE_ALL\n",
          (i32)f.orig_ax);
    else
      put(&b,
          "   entry push: ss=__USER_DS sp=0 flags cs=__USER32_CS ip=0 (placeholders), "
          "orig_ax=%d; PUSH_AND_CLEAR_REGS (ax as -ENOSYS)\n",
          (i32)f.orig_ax);
    u32 bp = 0;
    fetched = copy_from_user(t->proc->mm, &bp, f.sp, 4) == 0;
    if (fetched) {
      put(&b, "   do_SYSENTER_32: user esp <- ebp = 0x%x; ebp (sixth argument) <- [0x%x] = 0x%x\n",
          f.sp, f.sp, bp);
      f.bp = bp;
    } else {
      put(&b, "   do_SYSENTER_32: user esp <- ebp = 0x%x; [0x%x] unreadable: -EFAULT\n", f.sp,
          f.sp);
    }
    put(&b, "   return address: the vDSO landing pad eip=0x%x\n", f.ip);
  }
  if (kernel32)
    put_pt_regs32(&b, &f);
  else
    put_pt_regs_compat(&b, &f, c);
  static const char *const an[6] = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
  const u64 a[6] = {f.bx, f.cx, f.dx, f.si, f.di, f.bp};
  if (fetched)
    put_table(&b, ABI_I386, (long)f.orig_ax, an, a, 32);
  else
    put(&b, "   table: not reached (the kernel returns -EFAULT before it)\n");
  note_entry(f.ip, (long)f.orig_ax, ABI_I386);
  flush(&b);
}

void trc_frames_exit32(struct task *t, enum entry_gate g, const void *frame) {
  if (!out || at_entry.hidden) return;
  struct regs32 f;
  memcpy(&f, frame, sizeof f);
  struct fbuf b = {.n = 0};
  if (!t->exiting) put_result(&b, "eax", f.ax, 32);
  put_exit_work(&b, t, f.ip, 32);
  if (t->exiting) {
    flush(&b);
    return;
  }
  u32 flags = (u32)cpu_get_flags(&t->cpu);
  const char *refused =
      g == GATE_SYSENTER32 ? fast_return_refused(t, &f) : "int $0x80 always returns with iret";
  if (kernel32 && !refused) {
    /* entry_SYSENTER_32's opportunistic SYSEXIT */
    put(&b,
        "   restore: ebx=0x%x esi=0x%x edi=0x%x ebp=0x%x eax=0x%x eflags; edx <- ip, "
        "ecx <- sp\n",
        f.bx, f.si, f.di, f.bp, f.ax);
    put(&b,
        "   return: sysexit -> eip=edx=0x%x esp=ecx=0x%x eflags=0x%x; the landing pad pops ebp, "
        "edx, ecx\n",
        f.ip, f.sp, flags);
  } else if (kernel32) {
    put(&b, "   RESTORE_ALL: ebx=0x%x ecx=0x%x edx=0x%x esi=0x%x edi=0x%x ebp=0x%x eax=0x%x\n",
        f.bx, f.cx, f.dx, f.si, f.di, f.bp, f.ax);
    put(&b, "   return: iret%s%s%s pops eip=0x%x cs=0x%x eflags=0x%x esp=0x%x ss=0x%x\n",
        g == GATE_SYSENTER32 ? " (" : "", g == GATE_SYSENTER32 ? refused : "",
        g == GATE_SYSENTER32 ? ")" : "", f.ip, f.cs, flags, f.sp, f.ss);
  } else if (!refused) {
    /* sysret32_from_system_call: SYSRETL takes eip from ecx, eflags from r11 */
    put(&b,
        "   POP_REGS: ebx ebp eax edx esi edi from pt_regs (eax=0x%x); ecx <- ip, "
        "r11 <- flags, r8-r10 <- 0\n",
        f.ax);
    put(&b,
        "   return: sysretl (ip is the landing pad, cs/ss the user's, no RF/TF/VM) -> "
        "eip=0x%x esp=0x%x eflags=0x%x; the landing pad pops ebp, edx, ecx\n",
        f.ip, f.sp, flags);
  } else {
    put(&b, "   POP_REGS: every general register from pt_regs (eax=0x%x)\n", f.ax);
    put(&b, "   return: iret (%s) -> eip=0x%x cs=0x%x eflags=0x%x esp=0x%x ss=0x%x\n", refused,
        f.ip, f.cs, flags, f.sp, f.ss);
  }
  flush(&b);
}
