/* sig_fpstate.c — live x87/SSE/MXCSR state across a signal handler: the
 * handler starts with the initial FPU state, clobbers XMM, x87 and MXCSR,
 * and sigreturn brings the interrupted values back; the handler can also
 * change the saved XMM state through uc_mcontext.
 * diff-skip-gcc32
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile unsigned h_mxcsr, h_cw;
static volatile int patch;

static void on_usr1(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  unsigned m;
  unsigned short cw;
  (void)sig;
  (void)si;
  __asm__ volatile("stmxcsr %0" : "=m"(m));
  __asm__ volatile("fnstcw %0" : "=m"(cw));
  h_mxcsr = m;
  h_cw = cw;
  /* clobber everything */
  double junk = 99.5;
  __asm__ volatile("movsd %0, %%xmm5\n\tmovsd %0, %%xmm12\n\tfninit\n\tfldz\n\tfldz" ::"m"(junk)
                   : "xmm5", "xmm12", "st", "st(1)");
  m = 0x7f80;
  __asm__ volatile("ldmxcsr %0" ::"m"(m));
  if (patch) uc->uc_mcontext.fpregs->_xmm[6].element[0] = 0x12345678;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  for (patch = 0; patch < 2; patch++) {
    double a = 1.25, b = -3.5;
    unsigned long x6 = 0, pid = (unsigned long)getpid(), tid = (unsigned long)syscall(SYS_gettid);
    double o5, o12;
    long double top, second;
    unsigned m_in = 0x1f80 | 0x4000 /* round toward zero */, m_out;
    __asm__ volatile(
        "ldmxcsr %[min]\n\t"
        "movsd %[a], %%xmm5\n\t"
        "movsd %[b], %%xmm12\n\t"
        "pxor %%xmm6, %%xmm6\n\t"
        "fldpi\n\t"
        "fld1\n\t"
        "mov $234, %%eax\n\t" /* tgkill(pid, tid, SIGUSR1) */
        "mov %[pid], %%rdi\n\t"
        "mov %[tid], %%rsi\n\t"
        "mov $10, %%edx\n\t"
        "syscall\n\t"
        "fstpt %[top]\n\t"
        "fstpt %[second]\n\t"
        "movsd %%xmm5, %[o5]\n\t"
        "movsd %%xmm12, %[o12]\n\t"
        "movq %%xmm6, %[x6]\n\t"
        "stmxcsr %[mout]\n\t"
        : [o5] "=m"(o5), [o12] "=m"(o12), [top] "=m"(top), [second] "=m"(second),
          [mout] "=m"(m_out), [x6] "=m"(x6)
        : [min] "m"(m_in), [a] "m"(a), [b] "m"(b), [pid] "r"(pid), [tid] "r"(tid)
        : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "xmm5", "xmm6", "xmm12", "memory");
    unsigned fix = 0x1f80;
    __asm__ volatile("ldmxcsr %0" ::"m"(fix));
    printf("patch=%d handler mxcsr=%#x cw=%#x\n", patch, h_mxcsr, h_cw);
    printf("xmm5=%g xmm12=%g xmm6=%#lx st0=%Lg st1=%.10Lg mxcsr=%#x\n", o5, o12, x6, top, second,
           m_out);
  }
  return 0;
}
