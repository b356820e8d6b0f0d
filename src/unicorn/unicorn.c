/* unicorn.c — Unicorn as emu's CPU (--cpu=unicorn): the cpu_backend that
 * cpu_run hands its runs to.
 *
 * One engine per struct cpu (so per thread; a forked child goes on with its
 * copy).  Each run:
 *   1. maps emu's guest pages into the engine: every vma of the mm, with its
 *      protection, by uc_mem_map_ptr at the host address emu uses, so Unicorn
 *      and uaccess share one memory (remapped when the vma list differs from
 *      the one mapped; Unicorn's translated code is dropped when
 *      mm->code_gen moves, as the interpreter drops its decoded blocks);
 *   2. mirrors the descriptor tables the CPU reads (cpu_desc_read: Linux's
 *      GDT with the thread's TLS entries, and the LDT) into two pages of
 *      Unicorn's own outside the guest's reach, and loads the segment
 *      registers through them, so %gs TLS and CPL 3 are the hardware's;
 *   3. copies struct cpu into the engine, runs it, and copies it back.
 * The hooks stop the engine with the reason the interpreter would return:
 * SYSCALL and SYSENTER (UC_HOOK_INSN), INT n and CPU exceptions
 * (UC_HOOK_INTR), an access to unmapped or protected memory
 * (UC_HOOK_MEM_INVALID), and at a block boundary a kick (a host signal for
 * the guest) or a change to the code (UC_HOOK_BLOCK).  What happens next is
 * emu's own loop (src/kernel/task.c): the entry code, the faults' signals.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "unicorn_cpu.h"
#include "../cpu/cpu.h"
#include "../mem/mem.h"

/* Where the descriptor tables live in the engine: for an i386 process the
 * two pages above a compat task's TASK_SIZE (0xffffe000), which the guest
 * cannot map; for an x86-64 one the start of the guard area past the window. */
#define DT_ADDR32 0xffffe000ull
#define DT_SIZE   0x2000u
#define LDT_OFF   0x100u /* the LDT after the 16 GDT entries (and some room) */
#define STUB_OFF  0x1f00u /* enter_user's IRET, and its frame */
#define FRAME_OFF 0x1f80u
#define LDT_MAX   ((STUB_OFF - LDT_OFF) / 8)

struct map {
  u64 start, end;
  int prot;
};

struct ucb {
  uc_engine *uc;
  struct cpu *c;
  int bits;             /* the process's: UC_MODE_32 or UC_MODE_64 engine */
  struct map *maps;     /* the vmas mapped into the engine */
  int nmaps;
  u64 code_gen;         /* mm->code_gen the translated code belongs to */
  u8 *dt;               /* the descriptor tables (host memory, DT_SIZE) */
  u64 dt_addr;
  int stop;             /* set by a hook: why the engine stopped, or -1 */
  uc_mem_type mem_type; /* the invalid access (UC_HOOK_MEM_INVALID) */
  u64 mem_addr;
  int intno;
  unsigned blocks; /* blocks run in this turn (SLICE) */
  ucb_write_fn *on_write; /* ucb_step: each memory write, before it lands */
  void *write_ctx;
  bool write_hooked;
  u32 feat[7]; /* Unicorn's feature words (probe_features), in feat_of's order */
};

/* The CPUID feature words: leaf 1 ECX, EDX; leaf 7.0 EBX, ECX, EDX;
 * leaf 0x80000001 ECX, EDX (index into feat[], or -1 for a word not one). */
static int feat_of(u32 leaf, u32 sub, int reg) {
  static const signed char l1[4] = {-1, -1, 0, 1}, l7[4] = {-1, 2, 3, 4}, lx[4] = {-1, -1, 5, 6};
  if (leaf == 1) return l1[reg];
  if (leaf == 7 && sub == 0) return l7[reg];
  if (leaf == 0x80000001u) return lx[reg];
  return -1;
}

static const int gpr64[16] = {
    UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
    UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
    UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11,
    UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15};
static const int gpr32[8] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                             UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI};
static const int segreg[6] = {UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS,
                              UC_X86_REG_DS, UC_X86_REG_FS, UC_X86_REG_GS};

/* The RFLAGS bits a user program changes; the rest stay emu's. */
#define USER_FLAGS (F_ARITH | F_TF | F_DF | F_AC | F_ID | 0x4000u /* NT */)

NORETURN static void ucb_die(const char *what, uc_err e) {
  fprintf(stderr, "emu: unicorn: %s: %s\n", what, uc_strerror(e));
  abort();
}

/* ---- memory ---- */

/* Map the mm's vmas into the engine when they differ from what is mapped;
 * true when they did. */
static bool sync_maps(struct ucb *u, struct mm *mm) {
  mm_lock(mm);
  bool same = u->nmaps == mm->nvmas;
  for (int i = 0; same && i < mm->nvmas; i++) {
    const struct vma *v = &mm->vmas[i];
    same = u->maps[i].start == v->start && u->maps[i].end == v->end && u->maps[i].prot == v->prot;
  }
  if (!same) {
    for (int i = 0; i < u->nmaps; i++)
      uc_mem_unmap(u->uc, u->maps[i].start, u->maps[i].end - u->maps[i].start);
    struct map *m = realloc(u->maps, (size_t)(mm->nvmas ? mm->nvmas : 1) * sizeof *m);
    if (!m) ucb_die("mapping guest memory", UC_ERR_NOMEM);
    u->maps = m;
    u->nmaps = mm->nvmas;
    for (int i = 0; i < mm->nvmas; i++) {
      const struct vma *v = &mm->vmas[i];
      m[i] = (struct map){v->start, v->end, v->prot};
      /* MM_READ, MM_WRITE and MM_EXEC are UC_PROT_READ, _WRITE and _EXEC. */
      uc_err e = uc_mem_map_ptr(u->uc, v->start, v->end - v->start, (u32)v->prot & UC_PROT_ALL,
                                mm->base + v->start);
      if (e) ucb_die("mapping guest memory", e);
    }
  }
  if (u->code_gen != mm->code_gen) {
    uc_ctl_flush_tlb(u->uc); /* UC_CTL_TB_FLUSH: drop the translated code */
    u->code_gen = mm->code_gen;
  }
  mm_unlock(mm);
  return !same;
}

/* ---- registers ---- */

static void reg_write(uc_engine *uc, int reg, const void *v) {
  uc_err e = uc_reg_write(uc, reg, v);
  if (e) ucb_die("writing a register", e);
}

static u64 reg_read(uc_engine *uc, int reg) {
  u64 v = 0;
  uc_reg_read(uc, reg, &v);
  return v;
}

/* The GDT and LDT as the CPU reads them, into the engine's pages. */
static void load_tables(struct ucb *u, const struct cpu *c) {
  u64 *gdt = (u64 *)u->dt, *ldt = (u64 *)(u->dt + LDT_OFF);
  for (unsigned i = 0; i < 16; i++)
    if (!cpu_desc_read(c, (u16)(i << 3), &gdt[i])) gdt[i] = 0;
  unsigned n = c->ldt ? c->ldt_entries : 0;
  if (n > LDT_MAX) n = LDT_MAX;
  for (unsigned i = 0; i < n; i++)
    if (!cpu_desc_read(c, (u16)(i << 3 | 4), &ldt[i])) ldt[i] = 0;
  uc_x86_mmr g = {.base = u->dt_addr, .limit = 16 * 8 - 1};
  uc_x86_mmr l = {.base = u->dt_addr + LDT_OFF, .limit = n ? n * 8 - 1 : 0};
  reg_write(u->uc, UC_X86_REG_GDTR, &g);
  reg_write(u->uc, UC_X86_REG_LDTR, &l);
}

static void put_regs(struct ucb *u, struct cpu *c) {
  uc_engine *uc = u->uc;
  bool b64 = u->bits == 64;
  for (int i = 0; i < (b64 ? 16 : 8); i++) reg_write(uc, b64 ? gpr64[i] : gpr32[i], &c->r[i]);
  u64 fl = cpu_get_flags(c);
  reg_write(uc, b64 ? UC_X86_REG_RFLAGS : UC_X86_REG_EFLAGS, &fl);
  load_tables(u, c);
  /* CS first: its DPL makes the CPL (3) that the other loads are checked at. */
  static const int order[6] = {SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS};
  for (int i = 0; i < 6; i++) {
    u64 sel = c->seg[order[i]];
    if (uc_reg_write(uc, segreg[order[i]], &sel) && order[i] != SEG_CS) {
      sel = 0; /* a selector the tables refuse now: null, as the kernel leaves it */
      reg_write(uc, segreg[order[i]], &sel);
    }
  }
  if (b64) {
    reg_write(uc, UC_X86_REG_FS_BASE, &c->seg_base[SEG_FS]);
    reg_write(uc, UC_X86_REG_GS_BASE, &c->seg_base[SEG_GS]);
  }
  for (int i = 0; i < (b64 ? 16 : 8); i++) reg_write(uc, UC_X86_REG_XMM0 + i, &c->xmm[i]);
  u64 v = c->mxcsr;
  reg_write(uc, UC_X86_REG_MXCSR, &v);
  v = c->fpu.cw;
  reg_write(uc, UC_X86_REG_FPCW, &v);
  v = (c->fpu.sw & ~0x3800u) | (u64)(c->fpu.top & 7) << 11;
  reg_write(uc, UC_X86_REG_FPSW, &v);
  v = c->fpu.tw;
  reg_write(uc, UC_X86_REG_FPTAG, &v);
  for (int i = 0; i < 8; i++) {
    u8 f[16] = {0}; /* significand, then sign and exponent: the 80-bit format */
    memcpy(f, &c->fpu.st[i], 10);
    reg_write(uc, UC_X86_REG_FP0 + i, f);
  }
}

static void get_regs(struct ucb *u, struct cpu *c) {
  uc_engine *uc = u->uc;
  bool b64 = u->bits == 64;
  for (int i = 0; i < (b64 ? 16 : 8); i++) c->r[i] = reg_read(uc, b64 ? gpr64[i] : gpr32[i]);
  c->rip = reg_read(uc, b64 ? UC_X86_REG_RIP : UC_X86_REG_EIP);
  c->ip = c->rip;
  cpu_set_flags(c, reg_read(uc, b64 ? UC_X86_REG_RFLAGS : UC_X86_REG_EFLAGS), USER_FLAGS);
  u16 cs = (u16)reg_read(uc, UC_X86_REG_CS);
  if (cs != c->seg[SEG_CS] && (cs == 0x33 || cs == 0x23)) cpu_set_mode(c, cs == 0x33 ? 64 : 32);
  for (int s = 0; s < 6; s++) {
    u16 sel = (u16)reg_read(uc, segreg[s]);
    if (s == SEG_CS || sel == c->seg[s]) continue;
    if (!cpu_try_load_seg(c, s, sel)) { /* Unicorn took it: so be it */
      c->seg[s] = sel;
      c->seg_base[s] = 0;
    }
  }
  if (b64) {
    c->seg_base[SEG_FS] = reg_read(uc, UC_X86_REG_FS_BASE);
    c->seg_base[SEG_GS] = reg_read(uc, UC_X86_REG_GS_BASE);
  }
  for (int i = 0; i < (b64 ? 16 : 8); i++) uc_reg_read(uc, UC_X86_REG_XMM0 + i, &c->xmm[i]);
  c->mxcsr = (u32)reg_read(uc, UC_X86_REG_MXCSR);
  c->fpu.cw = (u16)reg_read(uc, UC_X86_REG_FPCW);
  u16 sw = (u16)reg_read(uc, UC_X86_REG_FPSW);
  c->fpu.sw = sw & ~0x3800u;
  c->fpu.top = (sw >> 11) & 7;
  c->fpu.tw = (u16)reg_read(uc, UC_X86_REG_FPTAG);
  for (int i = 0; i < 8; i++) {
    u8 f[16] = {0};
    uc_reg_read(uc, UC_X86_REG_FP0 + i, f);
    memset(&c->fpu.st[i], 0, sizeof c->fpu.st[i]);
    memcpy(&c->fpu.st[i], f, 10);
  }
}

/* Drop the engine to CPL 3, where a Linux process runs (Unicorn starts at
 * CPL 0 and takes the CPL from SS, which it loads only at the CPL the
 * selector has): an IRET, from a stub in the descriptor pages, to the
 * user's CS and SS of the tables just loaded.  Privileged instructions then
 * fault as they do natively. */
static void enter_user(struct ucb *u) {
  bool b64 = u->bits == 64;
  u8 *stub = u->dt + STUB_OFF;
  u64 target = u->dt_addr + STUB_OFF + 0x10;
  if (b64) {
    stub[0] = 0x48; /* rex.w */
    stub[1] = 0xcf; /* iretq */
    u64 frame[5] = {target, 0x33, 0x202, 0, 0x2b}; /* rip, cs, rflags, rsp, ss */
    memcpy(u->dt + FRAME_OFF, frame, sizeof frame);
  } else {
    stub[0] = 0xcf; /* iret */
    u32 frame[5] = {(u32)target, 0x23, 0x202, 0, 0x2b}; /* eip, cs, eflags, esp, ss */
    memcpy(u->dt + FRAME_OFF, frame, sizeof frame);
  }
  u64 ss = 0x18; /* KERNEL_DS: a 32-bit stack for the IRET's pops */
  reg_write(u->uc, UC_X86_REG_SS, &ss);
  u64 sp = u->dt_addr + FRAME_OFF;
  reg_write(u->uc, b64 ? UC_X86_REG_RSP : UC_X86_REG_ESP, &sp);
  uc_err e = uc_emu_start(u->uc, u->dt_addr + STUB_OFF, target, 0, 0);
  if (e) ucb_die("entering CPL 3", e);
}

/* Run CPUID leaf/sub on Unicorn's own CPU, from a stub beside enter_user's. */
static void probe_cpuid(struct ucb *u, u32 leaf, u32 sub, u32 out[4]) {
  static const int regs[4] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
  u8 *stub = u->dt + STUB_OFF + 0x20;
  stub[0] = 0x0f; /* cpuid */
  stub[1] = 0xa2;
  u64 a = leaf, c = sub;
  reg_write(u->uc, UC_X86_REG_EAX, &a);
  reg_write(u->uc, UC_X86_REG_ECX, &c);
  uc_err e = uc_emu_start(u->uc, u->dt_addr + STUB_OFF + 0x20, u->dt_addr + STUB_OFF + 0x22, 0, 0);
  if (e) ucb_die("running CPUID", e);
  for (int i = 0; i < 4; i++) out[i] = (u32)reg_read(u->uc, regs[i]);
}

/* The feature words of the instructions Unicorn decodes: QEMU refuses an
 * extension its CPU model lacks (#UD), whatever CPUID says. */
static void probe_features(struct ucb *u) {
  static const u32 leaves[3][2] = {{1, 0}, {7, 0}, {0x80000001u, 0}};
  for (int l = 0; l < 3; l++) {
    u32 out[4];
    probe_cpuid(u, leaves[l][0], leaves[l][1], out);
    for (int r = 0; r < 4; r++) {
      int f = feat_of(leaves[l][0], leaves[l][1], r);
      if (f >= 0) u->feat[f] = out[r];
    }
  }
}

/* ---- one engine at a time ----
 * Unicorn translates code for one thread: a LOCK-prefixed instruction is a
 * plain load and store there (QEMU's non-parallel TCG), so two engines on
 * two host threads would break the guest's atomics (a glibc mutex loses its
 * owner).  The engines of a process take turns under a fair ticket lock,
 * held only while an engine runs (never across a system call), and an
 * engine gives its turn up every SLICE blocks so a spinning thread cannot
 * starve the one it waits for. */
#define SLICE 20000u

static struct {
  unsigned next, serving;
} turn;

static void turn_take(void) {
  unsigned me = __atomic_fetch_add(&turn.next, 1, __ATOMIC_RELAXED);
  while (__atomic_load_n(&turn.serving, __ATOMIC_ACQUIRE) != me) sched_yield();
}

static void turn_give(void) { __atomic_fetch_add(&turn.serving, 1, __ATOMIC_RELEASE); }

/* A forked child has one thread: the turns of its parent's others are gone. */
static void turn_reset(void) { turn.next = turn.serving = 0; }

/* ---- hooks: each stops the engine with the interpreter's reason ---- */

static void stop_with(struct ucb *u, int stop) {
  u->stop = stop;
  uc_emu_stop(u->uc);
}

static void on_syscall(uc_engine *uc, void *user) {
  (void)uc;
  stop_with(user, STOP_SYSCALL);
}

static void on_sysenter(uc_engine *uc, void *user) {
  (void)uc;
  stop_with(user, STOP_SYSENTER);
}

/* INT n and the CPU exceptions Unicorn raises (their vector). */
static void on_intr(uc_engine *uc, uint32_t intno, void *user) {
  (void)uc;
  struct ucb *u = user;
  u->intno = (int)intno;
  switch (intno) {
  case 0x80: stop_with(u, STOP_INT); break;
  case 0: stop_with(u, STOP_DE); break;
  case 1: stop_with(u, STOP_DB); break;
  case 3: stop_with(u, STOP_BP); break;
  case 4: stop_with(u, STOP_OF); break;
  case 5: stop_with(u, STOP_BR); break;
  case 6: stop_with(u, STOP_UD); break;
  case 11: stop_with(u, STOP_NP); break;
  case 12: stop_with(u, STOP_SS); break;
  case 16: stop_with(u, STOP_MF); break;
  case 19: stop_with(u, STOP_XM); break;
  default: stop_with(u, STOP_GP); break; /* #GP, and INT n through a DPL-0 gate */
  }
}

/* An instruction Unicorn cannot decode: #UD. */
static bool on_insn_invalid(uc_engine *uc, void *user) {
  (void)uc;
  ((struct ucb *)user)->stop = STOP_UD;
  return false;
}

static bool on_mem_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                           void *user) {
  (void)uc;
  (void)size;
  (void)value;
  struct ucb *u = user;
  u->mem_type = type;
  u->mem_addr = addr;
  u->stop = STOP_PAGEFAULT;
  return false; /* stop: the fault is emu's to deliver */
}

/* CPUID answers as emu's CPU does (cpu_cpuid), less the extensions Unicorn
 * cannot run (probe_features): a program picks only code both CPUs run. */
static int on_cpuid(uc_engine *uc, void *user) {
  struct ucb *u = user;
  u32 out[4], leaf = (u32)reg_read(uc, UC_X86_REG_EAX), sub = (u32)reg_read(uc, UC_X86_REG_ECX);
  cpu_cpuid(u->c, leaf, sub, out);
  for (int r = 0; r < 4; r++) {
    int f = feat_of(leaf, sub, r);
    if (f >= 0) out[r] &= u->feat[f];
  }
  static const int to[4] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
  for (int i = 0; i < 4; i++) {
    u64 v = out[i];
    reg_write(uc, to[i], &v); /* a 32-bit write: the upper halves are zeroed, as by CPUID */
  }
  return 1; /* the instruction is done */
}

/* A block boundary: leave for a signal (kick) or changed code. */
static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user) {
  (void)uc;
  (void)addr;
  (void)size;
  struct ucb *u = user;
  if (u->c->kick || u->c->mm->code_gen != u->code_gen || ++u->blocks >= SLICE)
    stop_with(u, STOP_BUDGET);
}

/* ---- the engine ---- */

static void hook(struct ucb *u, int type, void *fn, int insn) {
  uc_hook h;
  uc_err e = insn ? uc_hook_add(u->uc, &h, type, fn, u, 1, 0, insn)
                  : uc_hook_add(u->uc, &h, type, fn, u, 1, 0);
  if (e) ucb_die("adding a hook", e);
}

static struct ucb *ucb_new(struct cpu *c) {
  struct ucb *u = calloc(1, sizeof *u);
  if (!u) ucb_die("starting the engine", UC_ERR_NOMEM);
  u->c = c;
  u->bits = c->mm->bits;
  uc_err e = uc_open(UC_ARCH_X86, u->bits == 64 ? UC_MODE_64 : UC_MODE_32, &u->uc);
  if (e) ucb_die("starting the engine", e);
  /* A model whose instructions cover what emu's CPUID reports (SSE4.2,
   * POPCNT, MOVBE, BMI1/2, ADX): QEMU decodes only the model's extensions. */
  e = uc_ctl_set_cpu_model(u->uc, UC_CPU_X86_HASWELL);
  if (e) ucb_die("choosing the CPU model", e);
  /* CR4.OSXSAVE: the kernel enables XSAVE, and XGETBV works at CPL 3. */
  u64 cr4 = reg_read(u->uc, UC_X86_REG_CR4) | 1u << 18;
  reg_write(u->uc, UC_X86_REG_CR4, &cr4);
  u->dt = aligned_alloc(4096, DT_SIZE);
  if (!u->dt) ucb_die("starting the engine", UC_ERR_NOMEM);
  memset(u->dt, 0, DT_SIZE);
  u->dt_addr = u->bits == 64 ? c->mm->limit : DT_ADDR32;
  e = uc_mem_map_ptr(u->uc, u->dt_addr, DT_SIZE, UC_PROT_READ | UC_PROT_EXEC, u->dt);
  if (e) ucb_die("mapping the descriptor tables", e);
  u->code_gen = c->mm->code_gen;
  if (u->bits == 64) hook(u, UC_HOOK_INSN, (void *)on_syscall, UC_X86_INS_SYSCALL);
  hook(u, UC_HOOK_INSN, (void *)on_sysenter, UC_X86_INS_SYSENTER);
  hook(u, UC_HOOK_INTR, (void *)on_intr, 0);
  hook(u, UC_HOOK_MEM_INVALID, (void *)on_mem_invalid, 0);
  hook(u, UC_HOOK_INSN_INVALID, (void *)on_insn_invalid, 0);
  load_tables(u, c);
  enter_user(u);
  probe_features(u);
  hook(u, UC_HOOK_INSN, (void *)on_cpuid, UC_X86_INS_CPUID);
  hook(u, UC_HOOK_BLOCK, (void *)on_block, 0);
  return u;
}

static void ucb_destroy(struct cpu *c) {
  struct ucb *u = c->backend;
  if (!u) return;
  uc_close(u->uc);
  free(u->maps);
  free(u->dt);
  free(u);
  c->backend = NULL;
}

/* set_signal_archinfo(): an access to the kernel's half reports protection. */
static u32 kernel_half_prot(const struct cpu *c, u64 a) {
  return c->mode == 64 && a >= 0x7ffffffff000ull ? CPU_PF_PROT : 0;
}

/* An invalid access: the page fault the kernel reports for it, a #GP for a
 * non-canonical address, or nothing (STOP_BUDGET: run again) when another
 * thread has mapped it since. */
static int mem_fault(struct ucb *u, struct cpu *c) {
  u64 a = u->mem_addr;
  if (c->mode == 64 && (u64)((i64)(a << 16) >> 16) != a) {
    c->fault_addr = 0;
    return STOP_GP;
  }
  if (sync_maps(u, c->mm)) return STOP_BUDGET;
  u32 err = 0;
  switch (u->mem_type) {
  case UC_MEM_WRITE_UNMAPPED:
  case UC_MEM_WRITE_PROT: err = CPU_PF_WRITE; break;
  case UC_MEM_FETCH_UNMAPPED:
  case UC_MEM_FETCH_PROT: err = CPU_PF_INSTR; break;
  default: break;
  }
  bool prot = u->mem_type == UC_MEM_WRITE_PROT || u->mem_type == UC_MEM_READ_PROT ||
              u->mem_type == UC_MEM_FETCH_PROT;
  c->fault_addr = a;
  c->fault_code = prot ? SEGV_ACCERR : SEGV_MAPERR;
  c->fault_sig = SIGSEGV;
  c->fault_err = err | kernel_half_prot(c, a) | (mm_page_present(c->mm, a) ? CPU_PF_PROT : 0);
  return STOP_PAGEFAULT;
}

/* The stop after the engine returned e, with the registers in struct cpu. */
static int stop_reason(struct ucb *u, struct cpu *c, uc_err e) {
  switch (u->stop) {
  case STOP_SYSCALL:
  case STOP_SYSENTER:
    c->ip = c->rip - 2; /* 0f 05, 0f 34 */
    return u->stop;
  case STOP_INT:
    c->trapno = 0x80;
    c->ip = c->rip - 2; /* cd 80 */
    return STOP_INT;
  case STOP_PAGEFAULT: return mem_fault(u, c);
  case STOP_GP: {
    /* INT n through a gate of DPL 0 (any n but 3, 4 and 0x80): the #GP
     * names the gate, and rip stays at the instruction, which Unicorn has
     * already passed. */
    const u8 *p = c->rip >= 2 ? user_ptr(c->mm, c->rip - 2, 2) : NULL;
    if (p && p[0] == 0xcd && p[1] == u->intno) {
      c->rip -= 2;
      c->ip = c->rip;
      c->gp_err = (u32)u->intno << 3 | 2;
    }
    c->fault_addr = 0;
    return STOP_GP;
  }
  case STOP_DB: c->fault_code = TRAP_BRKPT; return STOP_DB;
  case STOP_MF:
  case STOP_XM: c->fault_code = cpu_fpe_code(c, u->stop); return u->stop;
  case -1: break;
  default: return u->stop;
  }
  if (e == UC_ERR_INSN_INVALID) return STOP_UD;
  if (e == UC_ERR_OK && c->rip == u->dt_addr) { /* the 'until' address: never code */
    u->mem_type = UC_MEM_FETCH_PROT;
    u->mem_addr = c->rip;
    return mem_fault(u, c);
  }
  if (e != UC_ERR_OK) return STOP_GP;
  return STOP_BUDGET;
}

/* A run's start: c's engine (made on first use), this thread's turn, the
 * guest's mappings and c's registers in it. */
static struct ucb *run_begin(struct cpu *c) {
  struct ucb *u = c->backend;
  if (!u) c->backend = u = ucb_new(c);
  u->c = c;
  u->blocks = 0;
  turn_take();
  sync_maps(u, c->mm);
  put_regs(u, c);
  u->stop = -1;
  return u;
}

static int ucb_run(struct cpu *c, u64 budget) {
  (void)budget; /* the engine runs until a hook stops it; a kick ends the run */
  struct ucb *u = run_begin(c);
  u64 start = c->mode == 64 ? c->rip : (u32)c->rip;
  uc_err e = uc_emu_start(u->uc, start, u->dt_addr, 0, 0);
  get_regs(u, c);
  turn_give();
  int stop = stop_reason(u, c, e);
  /* Unicorn 2.0.1 returns without running the first instruction when it
   * raised an exception no hook saw (e.g. MOV of a DPL-0 selector to %gs at
   * CPL 3): that instruction faults, and running again would spin. */
  if (stop == STOP_BUDGET && u->stop == -1 && c->rip == start && !c->kick) {
    c->fault_addr = 0;
    stop = STOP_GP;
  }
  return stop;
}

static const struct cpu_backend ucb_backend = {"unicorn", ucb_run, ucb_destroy};

/* ---- one instruction (--lockstep=unicorn) ---- */

static void on_mem_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                         void *user) {
  (void)uc;
  (void)type;
  (void)value;
  struct ucb *u = user;
  if (u->on_write) u->on_write(u->write_ctx, addr, size);
}

int ucb_step(struct cpu *c, bool rep, ucb_write_fn *on_write, void *ctx) {
  struct ucb *u = run_begin(c);
  u->on_write = on_write;
  u->write_ctx = ctx;
  if (!u->write_hooked) {
    hook(u, UC_HOOK_MEM_WRITE, (void *)on_mem_write, 0);
    u->write_hooked = true;
  }
  u64 start = c->mode == 64 ? c->rip : (u32)c->rip;
  /* One instruction by count (always with a count: uc_emu_start drops all
   * translated code when its count hook comes or goes). */
  uc_err e;
  u64 pc = start;
  unsigned n = 0;
  do { /* a REP string instruction: one iteration a run, until it is done */
    e = uc_emu_start(u->uc, pc, u->dt_addr, 0, 1);
    pc = reg_read(u->uc, u->bits == 64 ? UC_X86_REG_RIP : UC_X86_REG_EIP);
  } while (rep && !e && u->stop == -1 && pc == start && ++n < (1u << 28));
  get_regs(u, c);
  turn_give();
  u->on_write = NULL;
  int stop = stop_reason(u, c, e);
  if (stop == STOP_BUDGET && u->stop == -1 && c->rip == start && !c->kick && !rep) {
    c->fault_addr = 0; /* as ucb_run: an exception no hook saw */
    stop = STOP_GP;
  }
  return stop;
}

bool ucb_enable(void) {
  pthread_atfork(NULL, NULL, turn_reset);
  cpu_backend = &ucb_backend;
  return true;
}
