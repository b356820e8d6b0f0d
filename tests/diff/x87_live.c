/* x87_live.c — the x87 state at the edges of a run of x87 code: a fault on
 * an x87 memory operand (the FPU as before the instruction, in the signal
 * frame), FNSTSW while TOP and sticky flags are set, FLDCW changing the
 * rounding mid-run and unmasking an exception, MMX and FXSAVE right after x87
 * code, an unmasked SSE exception with x87 registers in use, and timer
 * signals whose handlers use the x87 in the middle of an x87 loop.  Under
 * emu the x87 state stays in the host FPU across such runs (exec_x87.c);
 * every way out of that must give the state back exactly.
 * diff-host-only: i386 (QEMU's software x87 sets flags before a faulting store, and its SSE never traps)
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

/* An i386 build without -msse has no xmm registers to name (nor uses them). */
#ifdef __SSE__
#define XMM0_CLOBBER "xmm0"
#else
#define XMM0_CLOBBER "memory"
#endif

static sigjmp_buf jb;
static volatile int signals;

static void show_bytes(const char *what, const void *p, int n) {
  const unsigned char *b = p;
  printf("%s", what);
  for (int i = n - 1; i >= 0; i--) printf("%02x", b[i]);
  printf("\n");
}

/* The FPU as the signal frame holds it: status word, tags, ST(0) and ST(1). */
static void show_frame(const ucontext_t *uc) {
  const __typeof__(*uc->uc_mcontext.fpregs) *fp = uc->uc_mcontext.fpregs; /* glibc and musl */
#ifdef __x86_64__
  printf("  frame cw %04x sw %04x ftw %02x\n", fp->cwd, fp->swd, fp->ftw);
#else
  printf("  frame cw %04lx sw %04lx tag %04lx\n", fp->cw & 0xffff, fp->sw & 0xffff,
         fp->tag & 0xffff);
#endif
  show_bytes("  st0 ", &fp->_st[0], 10);
  show_bytes("  st1 ", &fp->_st[1], 10);
}

static void on_fault(int sig, siginfo_t *si, void *ucv) {
  printf(" signal %d code %d\n", sig, si->si_code);
  show_frame(ucv);
  siglongjmp(jb, 1);
}

static void env_now(const char *what) {
  unsigned char env[28];
  uint16_t cw, sw, tw;
  __asm__ volatile("fnstenv %0" : "=m"(env));
  memcpy(&cw, env, 2);
  memcpy(&sw, env + 4, 2);
  memcpy(&tw, env + 8, 2);
  printf("%s cw %04x sw %04x tw %04x\n", what, cw, sw, tw);
  __asm__ volatile("fldenv %0" : : "m"(env));
}

static double two = 2.0, three = 3.0, zero = 0.0;

/* FSTP to a read-only page and FLD from an unmapped one fault with the stack
 * as it was: nothing popped, nothing pushed. */
static void operand_faults(void *ro) {
  double *rop = ro;
  printf("fstp to read-only:\n");
  if (!sigsetjmp(jb, 1))
    __asm__ volatile("fninit; fldl %0; fldl %1; fstpl %2" : : "m"(two), "m"(three), "m"(*rop));
  printf("fld from unmapped:\n");
  if (!sigsetjmp(jb, 1))
    __asm__ volatile("fninit; fldl %0; fldl %1; fldl %2"
                     :
                     : "m"(two), "m"(three), "m"(*(double *)((char *)ro + 4096)));
  printf("fistp to read-only, after a precision flag:\n");
  if (!sigsetjmp(jb, 1))
    __asm__ volatile("fninit; fldl %0; fldl %1; fdivrp; fistpl %2"
                     :
                     : "m"(three), "m"(two), "m"(*(int *)ro));
}

static void status_words(void) {
  uint16_t ax, m;
  __asm__ volatile("fninit; fldl %2; fldl %3; fdivp; fld1; fld1; fstp %%st(0); fnstsw %%ax; fnstsw %1"
                   : "=a"(ax), "=m"(m)
                   : "m"(two), "m"(three));
  printf("fnstsw ax %04x m16 %04x\n", ax, m);
  __asm__ volatile("fstp %st(0); fstp %st(0)");
  env_now("after pops");
}

static void control_words(void) {
  uint16_t cw_down = 0x077f, cw_up = 0x0b7f, cw_std = 0x037f, cw_zm = 0x037b;
  long double r[3];
  long double x = 2.5L;
  __asm__ volatile(
      "fninit\n\t"
      "fldt %3; fldcw %4; frndint; fstpt %0\n\t"
      "fldt %3; fldcw %5; frndint; fstpt %1\n\t"
      "fldt %3; fldcw %6; frndint; fstpt %2"
      : "=m"(r[0]), "=m"(r[1]), "=m"(r[2])
      : "m"(x), "m"(cw_down), "m"(cw_up), "m"(cw_std));
  show_bytes("round down ", &r[0], 10);
  show_bytes("round up   ", &r[1], 10);
  show_bytes("nearest    ", &r[2], 10);
  /* FLDCW unmasks ZE mid-run (flags cleared first: whether a set flag that
   * FLDCW unmasks is then pending differs between Intel and AMD); the next
   * division by zero traps at the next waiting instruction. */
  printf("unmask ZE:\n");
  if (!sigsetjmp(jb, 1)) {
    __asm__ volatile("fninit; fld1; fdivl %0; fnclex; fldcw %1; fstp %%st(0)"
                     :
                     : "m"(zero), "m"(cw_zm));
    env_now(" after fldcw");
    __asm__ volatile("fld1; fdivl %0; fld1; fwait" : : "m"(zero));
    printf(" no signal\n");
  }
  __asm__ volatile("fninit");
}

static void mmx_after_x87(void) {
  uint64_t q = 0x1122334455667788ull, out;
  unsigned char save[108];
  __asm__ volatile("fninit; fld1; fldpi; movq %1, %%mm0; paddd %%mm0, %%mm0; movq %%mm0, %0"
                   : "=m"(out)
                   : "m"(q));
  __asm__ volatile("fnsave %0" : "=m"(save));
  printf("mmx %016llx\n", (unsigned long long)out);
  /* Control, status and tag words only: FIP and FDP are absolute (a PIE
   * loads elsewhere under emu), and whether FCS, FDS, FOP and FDP are kept
   * at all varies between CPUs (Intel's FCS/FDS deprecation, FDP on
   * exceptions only). */
  memset(save + 12, 0, 16);
  show_bytes("fnsave env ", save, 28);
  for (int i = 0; i < 8; i++) {
    char what[16];
    snprintf(what, sizeof what, "  st%d ", i);
    show_bytes(what, save + 28 + 10 * i, 10);
  }
  __asm__ volatile("emms");
  env_now("after emms");
}

static void fxsave_after_x87(void) {
  static unsigned char fx[512] __attribute__((aligned(16)));
  __asm__ volatile("fninit; fldl %1; fldl %2; fmulp; fldl %1; fxsave %0; fninit"
                   : "=m"(fx)
                   : "m"(two), "m"(three));
  show_bytes("fxsave cw/sw/ftw ", fx, 5);
  show_bytes("  st0 ", fx + 32, 10);
  show_bytes("  st1 ", fx + 48, 10);
}

static void sse_trap_with_x87(void) {
  uint32_t mx = 0x1f80 & ~0x200u; /* ZE unmasked */
  float one = 1.0f, fz = 0.0f;
  printf("sse divide by zero with x87 in use:\n");
  if (!sigsetjmp(jb, 1)) {
    __asm__ volatile(
        "fninit; fldl %0; fldl %1\n\t"
        "ldmxcsr %2\n\t"
        "movss %3, %%xmm0; divss %4, %%xmm0"
        :
        : "m"(two), "m"(three), "m"(mx), "m"(one), "m"(fz)
        : XMM0_CLOBBER);
    printf(" no signal\n");
  }
  mx = 0x1f80;
  __asm__ volatile("ldmxcsr %0; fninit" : : "m"(mx));
}

static void on_alarm(int sig) {
  /* x87 work of the handler's own: the interrupted stack must not see it. */
  long double v = 1.0L;
  for (int i = 0; i < 20; i++) v = v * 1.5L + 0.25L;
  __asm__ volatile("fld1; fldpi; fstp %%st(0); fstp %%st(0)" ::: "memory");
  if (v > 0) signals++;
}

static void timer_signals(void) {
  struct itimerval it = {{0, 500}, {0, 500}};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  setitimer(ITIMER_REAL, &it, NULL);
  long double acc = 0;
  for (int round = 0; signals < 20 && round < 100000; round++) {
    long double x = 0.5L;
    __asm__ volatile(
        "fldt %1\n\t"
        "mov $2000, %%ecx\n"
        "1:\n\t"
        "fld %%st(0); fmul %%st(0), %%st(0); fsubr %%st(1), %%st(0); fadd %%st(0), %%st(1)\n\t"
        "fstp %%st(0); fsqrt; fld1; faddp\n\t"
        "dec %%ecx; jnz 1b\n\t"
        "fstpt %0"
        : "=m"(x)
        : "m"(x)
        : "ecx", "cc");
    if (round == 0) acc = x;
    else if (x != acc) {
      printf("round %d differs\n", round);
      break;
    }
  }
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, NULL);
  show_bytes("loop value ", &acc, 10);
  printf("signals seen: %s\n", signals >= 20 ? "20 or more" : "fewer than 20");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);
  char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p + 4096, 4096);
  setvbuf(stdout, NULL, _IONBF, 0);

  operand_faults(p);
  status_words();
  control_words();
  mmx_after_x87();
  fxsave_after_x87();
  sse_trap_with_x87();
  timer_signals();
  return 0;
}
