/* sse_fpe_handler.c — unmasked SIMD exceptions caught by a SIGFPE handler: the
 * si_code Linux computes from the MXCSR (FPE_FLTDIV, FPE_FLTINV, FPE_FLTOVF,
 * FPE_FLTUND, FPE_FLTRES), the MXCSR saved in the signal frame, and the destination
 * left unchanged.  The handler skips the faulting instruction by siglongjmp.
 * diff-skip-gcc32
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile int code;
static volatile unsigned frame_mxcsr;

static void on_fpe(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  code = si->si_code;
  frame_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
  siglongjmp(jb, 1);
}

static void set_mxcsr(unsigned m) { __asm__ volatile("ldmxcsr %0" ::"m"(m)); }

/* divsd/mulsd/sqrtsd/cvtsd2ss/addsd x, y under the given MXCSR. */
static void try(const char *what, unsigned mxcsr, int op, double x, double y) {
  double r = 42.0;
  if (sigsetjmp(jb, 1) == 0) {
    set_mxcsr(mxcsr);
    switch (op) {
    case 0: __asm__ volatile("divsd %1, %0" : "+x"(x) : "x"(y)); break;
    case 1: __asm__ volatile("mulsd %1, %0" : "+x"(x) : "x"(y)); break;
    case 2: __asm__ volatile("sqrtsd %1, %0" : "+x"(x) : "x"(y)); break;
    case 3: __asm__ volatile("addsd %1, %0" : "+x"(x) : "x"(y)); break;
    }
    r = x;
    set_mxcsr(0x1f80);
    printf("%-10s no trap: %a\n", what, r);
  } else {
    set_mxcsr(0x1f80);
    printf("%-10s SIGFPE si_code=%d frame mxcsr=%#x r=%a\n", what, code, frame_mxcsr, r);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);
  try("div0", 0x1f80 & ~0x200, 0, 1.0, 0.0);
  try("div0 m", 0x1f80, 0, 1.0, 0.0);
  try("invalid", 0x1f80 & ~0x80, 2, -1.0, -1.0);
  try("snan", 0x1f80 & ~0x80, 3, __builtin_nans(""), 1.0);
  try("overflow", 0x1f80 & ~0x400, 1, 1e300, 1e300);
  try("underflow", 0x1f80 & ~0x800, 1, 1e-300, 1e-300);
  try("exact tiny", 0x1f80 & ~0x800, 1, 0x1p-1000, 0x1p-30);
  try("inexact", 0x1f80 & ~0x1000, 0, 1.0, 3.0);
  try("denormal", 0x1f80 & ~0x100, 3, 0x1p-1060, 1.0);
  try("daz denorm", (0x1f80 & ~0x100) | 0x40, 3, 0x1p-1060, 1.0);
  try("all", 0, 3, 1.0, 2.0);
  return 0;
}
