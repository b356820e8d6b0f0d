/* exec_sse_core.c — MXCSR and unmasked SIMD exceptions, and the 0F AE group
 * (LDMXCSR, STMXCSR, fences, CLFLUSH; FXSAVE/FXRSTOR/XSAVE/XRSTOR belong to the
 * x87 family and are reached from here).
 *
 * Mirrors the SDM vol. 1 §11.5 (SIMD floating-point exceptions) and, for the
 * signal code, linux arch/x86/kernel/fpu/core.c fpu__exception_code().
 *
 * An unmasked exception is detected by the host itself: the host instruction
 * runs with the guest's masks, the host CPU raises #XM, the host kernel sends
 * emu a SIGFPE whose ucontext holds the MXCSR at the fault, and the handler
 * here jumps back to sse_fp_trapping().  That gives exactly the flags the
 * hardware sets (pre-computation exceptions stop before post-computation
 * ones, unmasked underflow is signalled on tininess alone, ...), which a
 * masked re-run could not reproduce.
 */
#include <pthread.h>
#include <signal.h>
#include <ucontext.h>

#include "ops_sse.h"
#include "sse.h"

static __thread sigjmp_buf *sse_trap_jmp; /* armed while a trapping host insn runs */
static __thread u32 sse_trap_mxcsr;       /* the MXCSR the host fault left */
static struct sigaction sse_prev_fpe;     /* whoever had SIGFPE before us */
static pthread_once_t sse_fpe_once = PTHREAD_ONCE_INIT;

static void sse_fpe_handler(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  if (sse_trap_jmp) {
    sse_trap_mxcsr = uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->mxcsr : 0x1f80;
    siglongjmp(*sse_trap_jmp, 1);
  }
  /* Not ours: hand it on, or die of it as if we had never been here. */
  if (sse_prev_fpe.sa_flags & SA_SIGINFO) {
    sse_prev_fpe.sa_sigaction(sig, si, ucv);
  } else if (sse_prev_fpe.sa_handler != SIG_DFL && sse_prev_fpe.sa_handler != SIG_IGN) {
    sse_prev_fpe.sa_handler(sig);
  } else {
    signal(SIGFPE, SIG_DFL); /* the faulting instruction re-runs and kills us */
  }
}

static void sse_fpe_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = sse_fpe_handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGFPE, &sa, &sse_prev_fpe);
}

int sse_fpe_code(u32 mxcsr) {
  u32 err = ~(mxcsr >> 7) & mxcsr;
  if (err & 0x001) return FPE_FLTINV;
  if (err & 0x004) return FPE_FLTDIV;
  if (err & 0x008) return FPE_FLTOVF;
  if (err & 0x012) return FPE_FLTUND; /* denormal is reported as underflow */
  if (err & 0x020) return FPE_FLTRES;
  return 0;
}

void sse_fp_trapping(struct cpu *c, sse_hostfn f, union xmm *a, const union xmm *b) {
  sigjmp_buf jb;
  volatile u32 host;
  pthread_once(&sse_fpe_once, sse_fpe_install);
  x87_own(c); /* the handler's fresh FPU would lose live x87 registers */
  asm volatile("stmxcsr %0" : "=m"(host));
  if (sigsetjmp(jb, 1)) {
    /* The kernel gave the handler a fresh FPU state: put emu's MXCSR back. */
    sse_trap_jmp = NULL;
    u32 h = host;
    asm volatile("ldmxcsr %0" ::"m"(h) : "memory");
    c->mxcsr = sse_trap_mxcsr;
    c->fault_code = sse_fpe_code(sse_trap_mxcsr);
    cpu_exception(c, STOP_XM);
  }
  u32 mx = c->mxcsr;
  sse_trap_jmp = &jb;
  f(a, b, &mx);
  sse_trap_jmp = NULL;
  c->mxcsr = mx;
}

/* ---- 0F AE group 15 ---- */

/* 0F AE /2: LDMXCSR m32 */
void op_ldmxcsr_Md(struct cpu *c, const struct insn *d) {
  u32 v = ld32(c, insn_ea(c, d));
  if (v & MXCSR_RESERVED) cpu_exception(c, STOP_GP);
  c->mxcsr = v;
}

/* 0F AE /3: STMXCSR m32 */
void op_stmxcsr_Md(struct cpu *c, const struct insn *d) { st32(c, insn_ea(c, d), c->mxcsr); }

/* The fences order emu's own host accesses too: guest threads are host threads. */
void op_lfence(struct cpu *c, const struct insn *d) { asm volatile("lfence" ::: "memory"); }
void op_mfence(struct cpu *c, const struct insn *d) { asm volatile("mfence" ::: "memory"); }
void op_sfence(struct cpu *c, const struct insn *d) { asm volatile("sfence" ::: "memory"); }

/* 0F AE /7 (mem): CLFLUSH m8, 66 0F AE /7: CLFLUSHOPT.  Memory is coherent for
 * a user program; all that is observable is the fault on an unmapped line. */
void op_clflush_Mb(struct cpu *c, const struct insn *d) { (void)ld8(c, insn_ea(c, d)); }

/* Group 15 members choose by mod (register forms are the fences) and refuse
 * F3/F2 (RDFSBASE and friends: not reported by CPUID). */
static void grp15_call(struct cpu *c, const struct insn *d, op_fn f) {
  if (d->mod == 3 || d->pfx == PFX_F3 || d->pfx == PFX_F2 || !f) cpu_exception(c, STOP_UD);
  f(c, d);
}
void op_sse_grp15_0(struct cpu *c, const struct insn *d) { grp15_call(c, d, op_fxsave); }
void op_sse_grp15_1(struct cpu *c, const struct insn *d) { grp15_call(c, d, op_fxrstor); }
void op_sse_grp15_2(struct cpu *c, const struct insn *d) { grp15_call(c, d, op_ldmxcsr_Md); }
void op_sse_grp15_3(struct cpu *c, const struct insn *d) { grp15_call(c, d, op_stmxcsr_Md); }
void op_sse_grp15_4(struct cpu *c, const struct insn *d) { grp15_call(c, d, op_xsave); }
void op_sse_grp15_5(struct cpu *c, const struct insn *d) {
  if (d->mod == 3 && d->pfx == PFX_NONE)
    op_lfence(c, d);
  else
    grp15_call(c, d, op_xrstor);
}
void op_sse_grp15_6(struct cpu *c, const struct insn *d) {
  if (d->mod == 3 && d->pfx == PFX_NONE)
    op_mfence(c, d);
  else
    cpu_exception(c, STOP_UD); /* XSAVEOPT, CLWB, UMONITOR...: not reported */
}
void op_sse_grp15_7(struct cpu *c, const struct insn *d) {
  if (d->mod == 3 && d->pfx == PFX_NONE)
    op_sfence(c, d);
  else
    grp15_call(c, d, op_clflush_Mb);
}
