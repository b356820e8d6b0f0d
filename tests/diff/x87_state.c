/* x87_state.c — x87 state as programs see it: FNSTENV/FNSAVE images (status
 * word, condition codes, tag word, FOP, FIP/FDP of static code and data),
 * FXSAVE images, FCOMI flags, FXAM classes, FPREM/FSINCOS partial results,
 * BCD, stack overflow/underflow, and the SIGFPE an unmasked exception raises.
 * diff-skip-gcc32 (fxsave64 and 64-bit pushes)
 * diff-skip-dyn (FIP/FDP are absolute addresses: a PIE is loaded elsewhere under emu)
 */
// diff-x87ptr-mask: fop [0-9a-f]+ -- Intel's processors keep FOP only with an unmasked exception
// diff-x87ptr-mask: fdp [0-9a-f]+ -- and FDP likewise (FDP_EXCPTN_ONLY)
// diff-x87ptr-mask: ^(fxsave|fxrstor)[ :].* -- FXSAVE without a pending exception: AMD and emu write the pointers as 0, Intel writes them
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static long double ld_in[8] = {1.5L, -0.0L, 3.0e-4950L, 1e4000L, 2.0L, -7.25L, 0.1L, 1e19L};
static double d_in = 0.3;
static unsigned char env[28], save[108], bcd[10];
static unsigned char fx[512] __attribute__((aligned(64)));

static void show_env(const char *what) {
  uint16_t cw, sw, tw, fop;
  uint32_t fip, fdp;
  memcpy(&cw, env, 2);
  memcpy(&sw, env + 4, 2);
  memcpy(&tw, env + 8, 2);
  memcpy(&fip, env + 12, 4);
  memcpy(&fop, env + 18, 2);
  memcpy(&fdp, env + 20, 4);
  printf("%-12s cw %04x sw %04x tw %04x fop %03x fip %08x fdp %08x\n", what, cw, sw, tw,
         fop & 0x7ff, fip, fdp);
}

static void stack_faults(void) {
  __asm__ volatile(
      "fninit\n\t"
      "fld1; fld1; fld1; fld1; fld1; fld1; fld1; fld1; fld1\n\t"
      "fnstenv %0\n\t"
      "fninit"
      : "=m"(env));
  show_env("overflow");
  __asm__ volatile("fninit; fstp %%st(0); fnstenv %0; fninit" : "=m"(env));
  show_env("underflow");
  __asm__ volatile("fninit; fldt %1; fldl %2; faddp; fnstenv %0; fninit"
                   : "=m"(env)
                   : "m"(ld_in[0]), "m"(d_in));
  show_env("faddp");
  __asm__ volatile("fninit; fldt %1; fldt %2; fldt %3; fldt %4; ffree %%st(1); fdecstp; fnsave %0"
                   : "=m"(save)
                   : "m"(ld_in[1]), "m"(ld_in[2]), "m"(ld_in[3]), "m"(ld_in[4]));
  memcpy(env, save, 28);
  show_env("fnsave");
  for (int i = 0; i < 8; i++) {
    printf(" st%d", i);
    for (int j = 9; j >= 0; j--) printf("%02x", save[28 + 10 * i + j]);
  }
  printf("\n");
}

static void classify(void) {
  for (int i = 0; i < 8; i++) {
    uint16_t sw;
    __asm__ volatile("fninit; fldt %1; fxam; fnstsw %0; fninit" : "=m"(sw) : "m"(ld_in[i]));
    printf("fxam %d: %04x\n", i, sw & 0x4700);
  }
  uint16_t sw;
  __asm__ volatile("fninit; fxam; fnstsw %0; fninit" : "=m"(sw));
  printf("fxam empty: %04x\n", sw & 0x4700);
  for (int i = 0; i < 8; i++) {
    for (int j = 0; j < 8; j += 3) {
      uint64_t fl;
      __asm__ volatile(
          "fninit; fldt %2; fldt %1; fcomi %%st(1), %%st; pushfq; popq %0; fnstsw %%ax; "
          "fninit"
          : "=r"(fl)
          : "m"(ld_in[i]), "m"(ld_in[j])
          : "ax", "cc");
      printf("fcomi %d %d: %03llx\n", i, j, (unsigned long long)(fl & 0x8d5));
    }
  }
}

/* Under every combination of CF, ZF and PF: the eight FCMOVcc, also from
 * an empty register (a stack fault whatever the condition).  Then
 * F(U)COMI(P) against a quiet NaN (only FCOMI raises IE) and an empty
 * register.  The stack pointer goes below the red zone for the flags. */
#define RZ_DOWN "add $-128, %%rsp; "
#define RZ_UP   "sub $-128, %%rsp; "
#define FCMOV(op, src)                                                                      \
  __asm__ volatile("fninit; fldt %3; fldt %4; " src RZ_DOWN "push %2; popf; " op            \
                   " %%st(1), %%st; " RZ_UP "fnstsw %1; fstpt %0; fninit"                    \
                   : "=m"(r), "=m"(sw)                                                      \
                   : "r"(in), "m"(a), "m"(b)                                                \
                   : "cc", "memory");                                                       \
  printf("%s%s flags %lx: %La sw %04x\n", op, src[0] ? " empty" : "", (unsigned long)in, r, sw)
#define FCOMI(op, src)                                                                      \
  __asm__ volatile("fninit; fldt %3; fldt %3; " src op " %%st(1), %%st; pushf; pop %0; "      \
                   "fnstsw %1; fninit"                                                      \
                   : "=r"(fl), "=m"(sw)                                                     \
                   : "r"(in), "m"(nan)                                                      \
                   : "cc", "memory");                                                       \
  printf("%s%s: flags %03lx sw %04x\n", op, src[0] ? " empty" : "", (unsigned long)(fl & 0x8d5), sw)

static void conditional(void) {
  static const long double a = 1.5L, b = -2.25L, nan = __builtin_nanl("");
  long double r;
  uint16_t sw;
  unsigned long fl;
  for (unsigned f = 0; f < 8; f++) {
    unsigned long in = 0x202 | (f & 1 ? 0x001 : 0) | (f & 2 ? 0x040 : 0) | (f & 4 ? 0x004 : 0);
    FCMOV("fcmovb", "");
    FCMOV("fcmove", "");
    FCMOV("fcmovbe", "");
    FCMOV("fcmovu", "");
    FCMOV("fcmovnb", "");
    FCMOV("fcmovne", "");
    FCMOV("fcmovnbe", "");
    FCMOV("fcmovnu", "");
    FCMOV("fcmovb", "ffree %%st(1); ");
    FCMOV("fcmovnb", "ffree %%st(1); ");
  }
  unsigned long in = 0;
  FCOMI("fcomi", "");
  FCOMI("fucomi", "");
  FCOMI("fcomip", "");
  FCOMI("fucomip", "");
  FCOMI("fcomi", "ffree %%st(1); ");
  FCOMI("fucomip", "ffree %%st(1); ");
}
#undef FCMOV
#undef FCOMI
#undef RZ_DOWN
#undef RZ_UP

static void partial(void) {
  long double r;
  uint16_t sw;
  static long double big = 1e30L, m = 0.7L, x = 0.37L;
  __asm__ volatile("fninit; fldt %3; fldt %2; fprem; fnstsw %1; fstpt %0; fninit"
                   : "=m"(r), "=m"(sw)
                   : "m"(ld_in[3]), "m"(m));
  printf("fprem 1e4000 %% 0.7: sw %04x %La\n", sw, r);
  __asm__ volatile("fninit; fldt %3; fldt %2; fprem1; fnstsw %1; fstpt %0; fninit"
                   : "=m"(r), "=m"(sw)
                   : "m"(big), "m"(m));
  printf("fprem1 1e30 %% 0.7: sw %04x %La\n", sw, r);
  __asm__ volatile("fninit; fldt %2; fsin; fnstsw %1; fstpt %0; fninit"
                   : "=m"(r), "=m"(sw)
                   : "m"(ld_in[7]));
  printf("fsin 1e19: sw %04x %La\n", sw, r);
  long double s, c;
  __asm__ volatile("fninit; fldt %2; fsincos; fstpt %1; fstpt %0; fninit"
                   : "=m"(s), "=m"(c)
                   : "m"(x));
  printf("fsincos %La %La\n", s, c);
  __asm__ volatile("fninit; fldt %1; fptan; fstp %%st(0); fstpt %0; fninit" : "=m"(r) : "m"(x));
  printf("fptan %La\n", r);
  __asm__ volatile("fninit; fldt %1; f2xm1; fstpt %0; fninit" : "=m"(r) : "m"(x));
  printf("f2xm1 %La\n", r);
  __asm__ volatile("fninit; fldt %1; fldt %2; fyl2x; fstpt %0; fninit" : "=m"(r) : "m"(x), "m"(m));
  printf("fyl2x %La\n", r);
  __asm__ volatile("fninit; fldt %1; fldt %2; fyl2xp1; fstpt %0; fninit"
                   : "=m"(r)
                   : "m"(m), "m"(x));
  printf("fyl2xp1 %La\n", r);
  __asm__ volatile("fninit; fldt %1; fxtract; fstpt %0; fstp %%st(0); fninit"
                   : "=m"(r)
                   : "m"(ld_in[5]));
  printf("fxtract %La\n", r);
  for (int rc = 0; rc < 4; rc++) {
    uint16_t cw = (uint16_t)(0x037f | rc << 10);
    long long i64;
    int i32;
    __asm__ volatile("fninit; fldcw %3; fldt %2; frndint; fistl %1; fistpll %0; fninit"
                     : "=m"(i64), "=m"(i32)
                     : "m"(ld_in[5]), "m"(cw));
    short i16;
    __asm__ volatile("fninit; fldcw %2; fldt %1; fisttps %0; fninit"
                     : "=m"(i16)
                     : "m"(ld_in[5]), "m"(cw));
    printf("rc %d: %lld %d %d\n", rc, i64, i32, i16);
  }
  for (int i = 0; i < 8; i++) {
    long double back;
    __asm__ volatile("fninit; fldt %2; fbstp %0; fbld %0; fstpt %1; fninit"
                     : "+m"(bcd), "=m"(back)
                     : "m"(ld_in[i]));
    printf("fbstp %d:", i);
    for (int j = 9; j >= 0; j--) printf(" %02x", bcd[j]);
    printf(" back %La\n", back);
  }
}

static void fxsave_image(void) {
  memset(fx, 0xaa, sizeof fx);
  __asm__ volatile("fninit; fldt %1; fldt %2; fmul %%st(1), %%st; fxsave %0; fninit"
                   : "=m"(fx)
                   : "m"(ld_in[0]), "m"(ld_in[6]));
  printf("fxsave:");
  for (int i = 0; i < 28; i++) printf(" %02x", fx[i]);
  printf("\n st:");
  for (int i = 32; i < 80; i++) printf(" %02x", fx[i]);
  printf("\n tail %02x %02x\n", fx[464], fx[511]);
  uint16_t cw = 0x037b;
  __asm__ volatile("fninit; fldcw %1; fld1; fldz; fdivrp; fxsave64 %0; fninit"
                   : "=m"(fx)
                   : "m"(cw));
  printf("fxsave64 ES:");
  for (int i = 0; i < 24; i++) printf(" %02x", fx[i]);
  printf("\n");
  __asm__ volatile("fninit; fldz; fld1; fxsave %0; fninit; fxrstor %0; fnstenv %1; fninit"
                   : "+m"(fx), "=m"(env));
  show_env("fxrstor");
}

static sigjmp_buf jb;
static void on_fpe(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  printf("signal %d si_code %d\n", sig, si->si_code);
  siglongjmp(jb, 1);
}

static void sigfpe(void) {
  static const uint16_t cws[] = {0x037b, 0x037e, 0x0377, 0x036f, 0x035f, 0x0340};
  static long double tiny = 1e-4000L, huge = 1e4000L;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGFPE, &sa, NULL);
  for (int i = 0; i < 6; i++) {
    for (int op = 0; op < 5; op++) {
      if (!sigsetjmp(jb, 1)) {
        uint16_t cw = cws[i];
        printf("cw %04x op %d: ", cw, op);
        __asm__ volatile("fninit; fldcw %0" ::"m"(cw));
        switch (op) {
        case 0: __asm__ volatile("fldz; fld1; fdivp; fwait"); break;                   /* ZE */
        case 1: __asm__ volatile("fldz; fdiv %st(0), %st; fwait"); break;              /* IE */
        case 2: __asm__ volatile("fldt %0; fldt %0; fmulp; fwait" ::"m"(huge)); break; /* OE */
        case 3: __asm__ volatile("fldt %0; fldt %0; fmulp; fld1" ::"m"(tiny)); break;  /* UE */
        default: __asm__ volatile("fldpi; fsin; fnop"); break;                         /* PE */
        }
        printf("no signal\n");
      }
      __asm__ volatile("fninit");
    }
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  stack_faults();
  classify();
  conditional();
  partial();
  fxsave_image();
  sigfpe();
  return 0;
}
