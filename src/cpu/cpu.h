/* cpu.h — the x86 CPU state and the one interface the rest of emu uses.
 *
 * The CPU knows nothing about Linux.  cpu_run() interprets until something
 * needs the outside world and returns why (enum cpu_stop); the caller (the
 * process layer) decides what happens next, as QEMU's cpu_loop does.
 */
#ifndef EMU_CPU_H
#define EMU_CPU_H

#include <setjmp.h>

#include "../common.h"

struct mm;

enum { R_AX, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI,
       R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15 };
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_NONE = 7 };

/* RFLAGS bits */
#define F_CF 0x0001u
#define F_PF 0x0004u
#define F_AF 0x0010u
#define F_ZF 0x0040u
#define F_SF 0x0080u
#define F_TF 0x0100u
#define F_IF 0x0200u
#define F_DF 0x0400u
#define F_OF 0x0800u
#define F_RF 0x10000u
#define F_AC 0x40000u
#define F_ID 0x200000u
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* Why cpu_run returned. */
enum cpu_stop {
  STOP_BUDGET,   /* ran the instruction budget out */
  STOP_SYSCALL,  /* syscall instruction; rip is past it */
  STOP_INT,      /* int imm8 (c->trapno = vector); rip is past it (int 0x80 here) */
  STOP_SYSENTER, /* sysenter; rip is past it */
  STOP_PAGEFAULT,/* #PF: c->fault_addr, c->fault_code (SEGV_MAPERR/ACCERR), c->fault_err; rip = faulting insn */
  STOP_GP,       /* #GP (non-canonical address, privileged insn, bad selector); rip = insn */
  STOP_UD,       /* #UD: undefined or unimplemented opcode; rip = insn */
  STOP_DE,       /* #DE divide error; rip = insn */
  STOP_BP,       /* int3; rip is past it */
  STOP_OF,       /* into with OF set; rip is past it */
  STOP_MF,       /* unmasked x87 exception; rip = insn */
  STOP_XM,       /* unmasked SIMD FP exception (c->fault_code = FPE_*); rip = insn */
  STOP_HLT,      /* hlt (privileged: Linux sends SIGSEGV) */
  STOP_DB,       /* single-step trap */
  STOP_BR,       /* #BR: bound out of range; rip = insn */
  STOP_NP,       /* #NP: a not-present segment loaded (c->gp_err = selector); rip = insn */
  STOP_SS,       /* #SS: a not-present segment loaded into SS (c->gp_err = selector) */
};

union xmm {
  u8 b[16];
  u16 w[8];
  u32 d[4];
  u64 q[2];
  float s[4];
  double dd[2];
};

/* x87 state.  The registers are kept in the host's 80-bit format so that
 * arithmetic runs on the host FPU and is bit-exact by construction. */
struct x87 {
  long double st[8]; /* physical registers R0..R7 (ST(i) = st[(top+i)&7]) */
  u16 cw;            /* control word (0x037f after FNINIT) */
  u16 sw;            /* status word, TOP field kept in 'top' */
  u16 tw;            /* full tag word, 2 bits per physical register (3 = empty) */
  u8 top;
  u16 fop;
  u64 fip, fdp;
  u16 fcs, fds;
};

/* Lazy flags: the last flag-setting operation and its operands; flags are
 * computed from them only when read (see flags.c).  cc_op == CC_EAGER means
 * the arithmetic bits in c->flags are already exact.
 *
 * cc_lazy(c, op, size, res, a, b) contract (size in bytes 1/2/4/8; bits of
 * res/a/b above size are ignored, so callers need not mask):
 *   CC_ADD, CC_ADC   res = a + b (+ CF): CF/OF/AF come from a, b and res alone
 *   CC_SUB, CC_SBB   res = a - b (- CF)  (CMP, CMPS, SCAS, CMPXCHG, NEG as 0 - b)
 *                    -- no old CF is needed: carry out of the top bit is
 *                    maj(a, b, carry-in) and carry-in = a ^ b ^ res there.
 *   CC_NEG           same as CC_SUB (a = 0, b = operand)
 *   CC_LOGIC         res; CF = OF = 0, AF = 0 (SDM: undefined; Intel clears it)
 *   CC_INC, CC_DEC   res = a +/- 1; b = the old CF (0 or 1), which INC/DEC keep
 *   CC_SHL, CC_SHR, CC_SAR  res = a shifted by b, b = masked count, never 0
 *                    (count 0 changes no flags: do not call cc_lazy);
 *                    OF as for a 1-bit shift whatever the count, AF = 0
 *   CC_MUL, CC_IMUL  res = low half of the product; b = CF = OF (0 or 1);
 *                    SF/ZF/PF from res, AF = 0 (SDM: undefined)
 * Rotates, BT*, BSF/BSR, SHLD/SHRD, BCD adjusts and the like set their flags
 * eagerly with cpu_set_flags. */
enum cc_op {
  CC_EAGER,
  CC_ADD, CC_ADC, CC_SUB, CC_SBB, CC_LOGIC, CC_INC, CC_DEC,
  CC_SHL, CC_SHR, CC_SAR, CC_MUL, CC_IMUL, CC_NEG,
  CC_NOPS
};

/* A user segment descriptor as Linux's struct user_desc describes it: what
 * set_thread_area installs in GDT entries 12-14 and modify_ldt in the LDT.
 * Selector loads (cpu_load_seg) take base and limit from here. */
struct seg_desc {
  u32 base;
  u32 limit;          /* in units of bytes, or 4 KiB pages with limit_in_pages */
  u8 seg_32bit, contents, read_exec_only, limit_in_pages, seg_not_present, useable, lm;
  u8 present;         /* the entry holds a descriptor (not empty) */
};

/* fill_ldt(): the 8-byte descriptor the kernel writes for d. */
u64 cpu_desc_encode(const struct seg_desc *d);

#define GDT_TLS_MIN 12 /* GDT_ENTRY_TLS_MIN on x86-64 */
#define GDT_TLS_NUM 3

struct cpu {
  u64 r[16];
  u64 rip;  /* next instruction to execute */
  u64 ip;   /* address of the instruction being executed (faults, traces) */
  u64 flags;/* all RFLAGS bits; arithmetic ones valid only when cc_op == CC_EAGER */
  u32 cc_op, cc_size; /* cc_size: operand size in bytes (1, 2, 4, 8) */
  u64 cc_res, cc_a, cc_b; /* result and operands of the last lazy op; for INC/DEC cc_b
                             carries the old CF (see flags.c) */
  u64 seg_base[6];
  u16 seg[6];
  struct seg_desc tls[GDT_TLS_NUM]; /* GDT entries 12-14 (per thread) */
  struct seg_desc *ldt;             /* the process's LDT (modify_ldt), or NULL */
  u32 ldt_entries;
  int mode; /* 32 or 64 (compatibility mode in a 64-bit process: cpu_set_mode) */
  /* Segmentation outside 64-bit mode, for a code or stack segment of the
   * LDT or a TLS slot (cpu_load_cs, cpu_try_load_seg): CS's default operand
   * and address size is 16 bits (D clear), SS's stack size is 16 bits (B
   * clear), CS's limit in bytes; segmented when CS or SS is anything but
   * flat and 32-bit, which only the one-instruction loop runs (interp.c). */
  u8 cs16, ss16, segmented;
  u32 cs_limit;

  union xmm xmm[16];
  u32 mxcsr;
  struct x87 fpu;
  /* The host FPU holds the guest's x87 registers (exec_x87.c): fpu above
   * is stale until x87_own().  Only inside run_blocks (fpu_lazy set). */
  u8 fpu_live, fpu_lazy;
  /* The hardware's MXCSR holds sticky flags mxcsr lacks: translated SSE
   * code ran on it (jit.c), which stores them back only when it leaves or
   * calls out (jit_mx_sync). */
  u8 mx_dirty;

  /* Memory: guest address g is host address mem + g, valid for g < mem_limit. */
  u8 *mem;
  u64 mem_limit;
  struct mm *mm;

  /* Stop information */
  u64 fault_addr;
  int fault_code;
  int fault_sig;   /* SIGSEGV or SIGBUS for STOP_PAGEFAULT */
  u32 fault_err;   /* #PF error code bits (CPU_PF_*) for STOP_PAGEFAULT; the user bit is implied */
  u32 gp_err;      /* #GP error code (a refused selector), 0 for most #GP; cleared when taken */
  u8 rep_single;   /* single-stepping: a REP string instruction runs one iteration */
  u8 ss_shadow;    /* MOV SS / POP SS just ran: no single-step trap after it */
  int trapno;
  u64 icount;      /* instructions retired */
  sigjmp_buf *jmp; /* where an exception or fault leaves the interpreter */
  void *cache;     /* decoded-instruction cache (decode.c) */
  u64 cache_gen;   /* mm->code_gen the cache was built for */
  void *owner;     /* the task that runs on this cpu */
  volatile int kick; /* set from a host signal handler: leave cpu_run at the next block */
  void *trace;       /* the instruction tracer's per-CPU state (src/debug), NULL until used */
  void *backend;     /* the other CPU's per-CPU state (cpu_backend), NULL until used */
};

/* Another CPU that runs the guest instead of the interpreter (src/unicorn,
 * --cpu=unicorn).  While cpu_backend is set, cpu_run hands every run to it:
 * it keeps its own per-CPU state in c->backend (one per struct cpu, so per
 * thread) and stops for the reasons of enum cpu_stop with struct cpu in the
 * state the interpreter leaves, so the loop above the CPU (the entry code,
 * the faults' signals) is the same for both. */
struct cpu_backend {
  const char *name;                      /* NAME of --cpu=NAME */
  int (*run)(struct cpu *c, u64 budget); /* as cpu_run */
  void (*destroy)(struct cpu *c);        /* free c->backend */
};
extern const struct cpu_backend *cpu_backend;

/* The translation tier (jit.c): hot blocks of 64-bit code run as host code.
 * On by default; false (--no-jit) runs the interpreter alone.  Process-wide,
 * set before the guest runs. */
extern bool cpu_jit;
/* --jit-check: every instruction the translation tier runs as host code is
 * run again by the interpreter and the results compared (jit_check.c); the
 * first difference ends emu with status 1. */
extern bool cpu_jit_check;

/* Instruction tracing (src/debug/insn_trace.c).  While cpu_tracer is set,
 * cpu_run runs a second, traced loop that calls these around every
 * instruction; the fast loop never looks at it. */
struct insn;
struct cpu_tracer {
  void (*enter)(struct cpu *c);                        /* cpu_run starts */
  void (*before)(struct cpu *c, const struct insn *d); /* c->ip: the insn; rip is past it */
  void (*after)(struct cpu *c);                        /* the insn completed */
  void (*leave)(struct cpu *c, int stop);              /* cpu_run returns stop */
  /* Optional (NULL: none), after leave: the stop cpu_run returns instead of
   * stop.  The debugger (src/debug/step.c) drops a fault's signal, as
   * ptrace's PTRACE_CONT with signal 0 does, by returning STOP_BUDGET. */
  int (*filter)(struct cpu *c, int stop);
};
extern const struct cpu_tracer *cpu_tracer;

/* Set up a CPU for a guest of the given mode over mm (registers zero, flags 0x202,
 * MXCSR 0x1f80, x87 FNINIT state). */
void cpu_init(struct cpu *c, int mode, struct mm *mm);
void cpu_destroy(struct cpu *c);
/* Run at most budget instructions.  Returns an enum cpu_stop. */
int cpu_run(struct cpu *c, u64 budget);
/* Put the CPU in 64-bit mode (CS 0x33) or compatibility mode (mode 32, CS
 * 0x23) between runs: for the kernel's side of a mode change (a signal
 * handler runs in 64-bit mode, sigreturn restores the frame's CS).  Decoded
 * code is kept per mode, so nothing needs flushing. */
void cpu_set_mode(struct cpu *c, int mode);
/* The linear address of offset off in CS (its base is 0 but for a based
 * code segment of the LDT or a TLS slot). */
static inline u64 cpu_code_addr(const struct cpu *c, u64 off) {
  return c->mode == 64 ? off : (u32)(off + c->seg_base[SEG_CS]);
}
/* Load CS with sel, whose code runs in mode (cpu_iret_cs's answer for it:
 * 16, 32 or 64), between runs or from a far transfer: the CPU's mode, and
 * outside 64-bit mode the segment's base, limit and default size (LDT and
 * TLS code segments; Linux's own are flat). */
void cpu_load_cs(struct cpu *c, u16 sel, int mode);
/* Drop all decoded code (after code was changed or unmapped). */
void cpu_flush_code(struct cpu *c);
/* CPUID leaf/subleaf as emu's CPU answers it. */
void cpu_cpuid(const struct cpu *c, u32 leaf, u32 sub, u32 out[4]);
/* -cpu MODEL: the CPUID model offered (max, x86-64, x86-64-v2, host; see
 * cpuid.c), process-wide; -1 for an unknown name. */
int cpu_set_model(const char *name);
const char *cpu_model_name(void);

/* ---- Flags gateway (flags.c).  Nothing else touches cc_* directly. ---- */
u64 cpu_get_flags(struct cpu *c);                 /* full RFLAGS */
void cpu_set_flags(struct cpu *c, u64 value, u64 mask); /* write the bits in mask */
bool cpu_cond(struct cpu *c, int cc);             /* Jcc/SETcc/CMOVcc condition 0..15 */
static inline void cc_lazy(struct cpu *c, int op, int size, u64 res, u64 a, u64 b) {
  c->cc_op = op;
  c->cc_size = size;
  c->cc_res = res;
  c->cc_a = a;
  c->cc_b = b;
}

/* ---- Exceptions: leave the instruction, with rip rewound to it. ---- */
NORETURN void cpu_exception(struct cpu *c, int stop);
/* The #PF error code's bits (SDM Vol. 3, 4.7): present (a protection
 * violation), write, user, instruction fetch. */
#define CPU_PF_PROT  0x1u
#define CPU_PF_WRITE 0x2u
#define CPU_PF_USER  0x4u
#define CPU_PF_INSTR 0x10u
NORETURN void cpu_page_fault(struct cpu *c, u64 addr, int si_code, u32 err);
/* Leave the loop after a trapping instruction, rip already past it (syscall, int n). */
NORETURN void cpu_trap(struct cpu *c, int stop);

/* ---- Guest memory: one compare, then one host load or store. ----
 * An address that leaves the window raises #GP for a non-canonical x86-64
 * address and #PF otherwise; an unmapped or protected page faults in the host
 * and the fault handler turns it into the same #PF. */
NORETURN void cpu_bad_address(struct cpu *c, u64 a, u32 err);
static inline u8 *cpu_host(struct cpu *c, u64 a, unsigned n) {
  if (UNLIKELY(a > c->mem_limit - n)) cpu_bad_address(c, a, 0);
  return c->mem + a;
}
/* The same for a store: a fault outside the window reports the write bit. */
static inline u8 *cpu_host_w(struct cpu *c, u64 a, unsigned n) {
  if (UNLIKELY(a > c->mem_limit - n)) cpu_bad_address(c, a, CPU_PF_WRITE);
  return c->mem + a;
}
#define CPU_LOAD(T, N)                                          \
  static inline T ld##N(struct cpu *c, u64 a) {                 \
    T v;                                                        \
    __builtin_memcpy(&v, cpu_host(c, a, sizeof v), sizeof v);   \
    return v;                                                   \
  }                                                             \
  static inline void st##N(struct cpu *c, u64 a, T v) {         \
    __builtin_memcpy(cpu_host_w(c, a, sizeof v), &v, sizeof v); \
  }
CPU_LOAD(u8, 8)
CPU_LOAD(u16, 16)
CPU_LOAD(u32, 32)
CPU_LOAD(u64, 64)
#undef CPU_LOAD
static inline void ld128(struct cpu *c, u64 a, void *dst) { __builtin_memcpy(dst, cpu_host(c, a, 16), 16); }
static inline void st128(struct cpu *c, u64 a, const void *src) { __builtin_memcpy(cpu_host_w(c, a, 16), src, 16); }

/* Load a data or stack segment register with a selector as MOV Sreg does at
 * CPL 3 (base from the GDT/TLS/LDT descriptor).  cpu_load_seg raises #GP for
 * a selector the CPU would refuse; cpu_try_load_seg returns false instead and
 * changes nothing (for the kernel's sigreturn, which checks first). */
void cpu_load_seg(struct cpu *c, int seg, u16 sel);
bool cpu_try_load_seg(struct cpu *c, int seg, u16 sel);
/* The 8-byte descriptor selector sel indexes in Linux's GDT (with the
 * thread's TLS entries) or the process's LDT, as the CPU reads it; false
 * when the index is past the table. */
bool cpu_desc_read(const struct cpu *c, u16 sel, u64 *out);
/* The si_code of the SIGFPE for STOP_MF or STOP_XM: the first unmasked
 * exception the x87 status word or MXCSR holds (fpu__exception_code). */
int cpu_fpe_code(const struct cpu *c, int stop);
/* Whether sel may be SS at CPL 3 (a present, writable data segment of DPL 3,
 * expand-down or not; never null): what IRET checks. */
bool cpu_ss_ok(const struct cpu *c, u16 sel);
/* Whether sel fails cpu_ss_ok only for its present bit: a writable data
 * segment, RPL 3, not present, which IRET answers with #SS, not #GP. */
bool cpu_ss_not_present(const struct cpu *c, u16 sel);
/* What IRET to CPL 3 makes of a code selector (SDM IRET, the return to an
 * outer privilege level the kernel's iret takes): the mode the code runs in
 * (16 for a 16-bit code segment, 32 or 64), or CPU_CS_GP / CPU_CS_NP with
 * *err the error code of the #GP or #NP it raises. */
#define CPU_CS_GP          (-13)
#define CPU_CS_NP          (-11)
int cpu_iret_cs(const struct cpu *c, u16 sel, u32 *err);

/* Install the host SIGSEGV/SIGBUS handler that turns faults in guest memory
 * into guest page faults.  Call once per process. */
void cpu_install_fault_handler(void);
/* From the system-call layer (signal.c): a host signal emu keeps for its own
 * faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) that was sent (si_code
 * <= 0: kill, tgkill, sigqueue, a timer) is the guest's and is queued for
 * the running task; true when taken, false for a fault (si_code > 0).
 * Async-signal-safe. */
bool sig_host_sent_fault_signal(int sig, const void *siginfo);

#endif
