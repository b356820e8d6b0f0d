/* test_x87.c — the x87 family against the host CPU.
 *
 * Each case is a short x87 byte sequence: FNINIT, FLDCW (random precision,
 * rounding and masks), up to eight FLD m80 of edge values (±0, denormals,
 * pseudo-denormals, unnormals, infinities, QNaN/SNaN, huge exponents, random),
 * sometimes FFREE/FINCSTP holes, then the instruction under test with its
 * memory operand at [rdi+0x60], then FNSAVE [rdi+0x70].  The bytes run once
 * natively (rdi = a host buffer) and once through emu's decoder and handlers
 * (rdi = the same buffer as guest memory), and the FNSAVE images (status
 * word, condition codes, tags, registers, FOP, FIP, FDP), the memory operand
 * and the arithmetic flags must be identical.
 */
#include <cpuid.h>
#include <criterion/criterion.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu_internal.h"
#include "cpu/ops_x87.h"

#define BUFSZ 1024
#define MEMOP 0x60
#define SAVE  0x70

struct env {
  struct cpu c;
  sigjmp_buf jb;
  u8 *code; /* executable page for the native run */
  u16 cs, ds;
};

static u64 rng_state = 0x9e3779b97f4a7c15ull;
static u64 rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static void put80(u8 *p, u16 se, u64 m) {
  memcpy(p, &m, 8);
  memcpy(p + 8, &se, 2);
}

/* An 80-bit edge or random value. */
static void rnd80(u8 *p) {
  static const struct {
    u16 se;
    u64 m;
  } edge[] = {
      {0x0000, 0},
      {0x8000, 0},
      {0x3fff, 1ull << 63},
      {0xbfff, 1ull << 63},
      {0x4000, 0xc000000000000000ull},
      {0x3ffe, 1ull << 63},
      {0x0000, 1},
      {0x8000, 0x0000000000001234ull},
      {0x0000, 1ull << 63},
      {0x7ffe, ~0ull},
      {0x0001, 1ull << 63},
      {0x7fff, 1ull << 63},
      {0xffff, 1ull << 63},
      {0x7fff, 0xc000000000000000ull},
      {0x7fff, 0xa000000000000001ull},
      {0xffff, 0xc000000000000000ull},
      {0x4000, 0x4000000000000000ull},
      {0x7fff, 0x4000000000000000ull},
      {0x403e, 1ull << 63},
      {0x401d, 0xffffffff00000000ull},
      {0x3fff, 0xc90fdaa22168c235ull},
      {0x4000, 0xc90fdaa22168c234ull},
  };
  unsigned k = rnd() % (ARRAY_SIZE(edge) + 6);
  if (k < ARRAY_SIZE(edge)) {
    put80(p, edge[k].se, edge[k].m);
  } else if (k & 1) {
    put80(p, (u16)((rnd() & 0x8000) | (0x3fff + (int)(rnd() % 140) - 70)), rnd() | 1ull << 63);
  } else {
    put80(p, (u16)rnd(), rnd() | (rnd() & 7 ? 1ull << 63 : 0));
  }
}

/* A memory operand: float/double/integer edge values or random bytes. */
static void rndmem(u8 *p) {
  static const u64 edge[] = {0,
                             0x80000000,
                             0x3f800000,
                             0x00000001,
                             0x7f800000,
                             0xff800000,
                             0x7fc00000,
                             0x7fa00000,
                             0x7f7fffff,
                             0x3ff0000000000000ull,
                             0x0000000000000001ull,
                             0x7ff0000000000000ull,
                             0x7ff4000000000000ull,
                             0xfff8000000000000ull,
                             0x7fefffffffffffffull,
                             0x8000000000000000ull,
                             0x7fffffffffffffffull,
                             0xffffffffffffffffull,
                             0x8000,
                             0x7fff,
                             0x80000000ull,
                             0x7fffffffull,
                             0x0000000000123456ull};
  u64 v[2] = {rnd(), rnd()};
  unsigned k = rnd() % (ARRAY_SIZE(edge) * 2);
  if (k < ARRAY_SIZE(edge)) v[0] = edge[k];
  if (rnd() % 4 == 0)
    rnd80(p);
  else
    memcpy(p, v, 16);
}

static struct env *env_new(void) {
  struct env *e = calloc(1, sizeof *e);
  e->code =
      mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert_neq(e->code, MAP_FAILED);
  __asm__ volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(e->cs), "=r"(e->ds));
  return e;
}

/* Run code (n bytes) natively with rdi = buf; returns the arithmetic flags
 * and ax after, flags_in going in. */
static void run_native(struct env *e, const u8 *code, int n, u8 *buf, u64 flags_in, u64 *flags_out,
                       u64 *ax) {
  memcpy(e->code, code, n);
  e->code[n] = 0xc3;
  u64 fl = (flags_in & F_ARITH) | 0x202, rax = 0;
  /* Empty registers keep their old contents (FNINIT does not clear them):
   * start from +0 in all eight, as x87_init leaves the guest's. */
  __asm__ volatile("fninit; fldz; fldz; fldz; fldz; fldz; fldz; fldz; fldz; fninit");
  __asm__ volatile(
      "sub $128, %%rsp\n\t"
      "push %[fl]\n\t"
      "popfq\n\t"
      "call *%[code]\n\t"
      "pushfq\n\t"
      "pop %[fl]\n\t"
      "add $128, %%rsp"
      : [fl] "+r"(fl), "+a"(rax)
      : [code] "r"(e->code), "D"(buf)
      : "memory", "cc");
  *flags_out = fl & F_ARITH;
  *ax = rax & 0xffff;
}

/* Run code through emu; returns the stop (0 = ran to the end). */
static u8 nbuf[BUFSZ] __attribute__((aligned(64))), ebuf[BUFSZ] __attribute__((aligned(64)));

static int run_emu(struct env *e, const u8 *code, int n, u8 *buf, u64 flags_in, u64 *flags_out,
                   u64 *ax) {
  struct cpu *c = &e->c;
  memset(c, 0, sizeof *c);
  c->mode = 64;
  /* Guest addresses are the native run's host addresses (its buffer is
   * nbuf), so FDP and pointers stored in memory compare equal. */
  c->mem = (u8 *)((uintptr_t)buf - (uintptr_t)nbuf);
  c->mem_limit = (uintptr_t)nbuf + BUFSZ;
  c->r[R_DI] = (uintptr_t)nbuf;
  c->jmp = &e->jb;
  c->seg[SEG_CS] = e->cs;
  c->seg[SEG_DS] = e->ds;
  c->mxcsr = 0x1f80;
  c->flags = 0x202;
  x87_init(&c->fpu);
  cpu_set_flags(c, flags_in & F_ARITH, F_ARITH);
  int off = 0;
  volatile int stop = 0;
  while (off < n) {
    struct insn d;
    int len = dec_decode_buf(code + off, n - off, 64, &d);
    cr_assert_gt(len, 0, "decode at %d", off);
    c->ip = (u64)(uintptr_t)e->code + off; /* so FIP matches the native run */
    c->rip = c->ip + len;
    int s = sigsetjmp(e->jb, 0);
    if (s) {
      stop = s - 1;
      break;
    }
    cr_assert(d.fn, "no handler at %d (%02x %02x)", off, code[off], code[off + 1]);
    d.fn(c, &d);
    off += len;
  }
  *flags_out = cpu_get_flags(c) & F_ARITH;
  *ax = c->r[R_AX] & 0xffff;
  return stop;
}

/* Build the prologue: fninit, fldcw, nreg loads; returns the length. */
static int prologue(u8 *code, u8 *buf, u16 cw, int nreg) {
  int n = 0;
  code[n++] = 0xdb, code[n++] = 0xe3; /* fninit */
  memcpy(buf, &cw, 2);
  code[n++] = 0xd9, code[n++] = 0x6f, code[n++] = 0x00; /* fldcw [rdi] */
  for (int k = 0; k < nreg; k++) {
    rnd80(buf + 8 + 10 * k);
    code[n++] = 0xdb, code[n++] = 0x6f, code[n++] = (u8)(8 + 10 * k); /* fld m80 */
  }
  if (nreg > 2 && rnd() % 4 == 0) {
    code[n++] = 0xdd, code[n++] = (u8)(0xc0 + rnd() % 8); /* ffree st(i) */
  }
  return n;
}

static u16 rnd_cw(void) {
  u16 cw = 0x037f;
  cw = (u16)((cw & ~0x0f00) | (rnd() & 0x0f00));        /* precision and rounding */
  if (rnd() % 4 == 0) cw &= (u16) ~(1u << (rnd() % 6)); /* unmask one exception */
  return cw;
}

/* The x87 pointers a host may not keep, which the comparisons mask: with
 * CPUID.(EAX=07H,ECX=0):EBX[13] the processor saves 0 for FCS and FDS;
 * with EBX[6] (FDP_EXCPTN_ONLY) it updates FDP (and FDS) only for an
 * instruction that takes an unmasked exception.  emu's CPUID reports
 * neither: it keeps CS, DS and the last memory operand's address, as
 * processors without them do.  Intel's processors also keep FOP only for
 * an instruction that takes an unmasked exception unless their "FOP
 * compatibility mode" is on (SDM vol. 1, 8.1.9.1: a model-specific
 * setting, no CPUID bit), which a probe finds out: FLD1, then FNSTENV.
 * emu keeps the last opcode, as AMD's processors do.  Masked fields of the
 * image at off, in the layout fmt, are made emu's equal to the host's. */
enum { ENV32, ENV16, FXS32, FXS64 };
static void mask_pointers(const u8 *n, u8 *e, int off, int fmt) {
  static int bits = -1;
  if (bits < 0) {
    unsigned a, b, c, d;
    bits = __get_cpuid_count(7, 0, &a, &b, &c, &d) ? (int)(b & 0x2040) : 0;
    u8 env[28];
    __asm__ volatile("fninit; fld1; fnstenv %0; fninit" : "=m"(env));
    if (!(env[18] | env[19])) bits |= 1; /* FOP lost without an unmasked exception */
  }
  static const struct {
    int fcs, fdp, fds, wdp, fop;
  } f[] = {{16, 20, 24, 4, 18}, {8, 10, 12, 2, -1}, {12, 16, 20, 4, 6}, {-1, 16, -1, 8, 6}};
  const int cs = bits & 0x2000, dp = bits & 0x40;
  if ((bits & 1) && f[fmt].fop >= 0) memcpy(e + off + f[fmt].fop, n + off + f[fmt].fop, 2);
  if (cs && f[fmt].fcs >= 0) memcpy(e + off + f[fmt].fcs, n + off + f[fmt].fcs, 2);
  if ((cs || dp) && f[fmt].fds >= 0) memcpy(e + off + f[fmt].fds, n + off + f[fmt].fds, 2);
  if (dp) memcpy(e + off + f[fmt].fdp, n + off + f[fmt].fdp, (size_t)f[fmt].wdp);
}

/* One case: prologue, the instruction ins (ilen bytes), fnsave; compare.
 * img/fmt: an x87 environment the instructions store at img (-1: none). */
/* unmask: let the control word unmask an exception (only for a single
 * instruction: a second waiting one would take the #MF natively). */
static void check_case(struct env *e, const u8 *ins, int ilen, const char *what, bool unmask,
                       int img, int fmt) {
  u8 code[128];
  memset(nbuf, 0, sizeof nbuf);
  int n = prologue(code, nbuf, unmask ? rnd_cw() : (rnd_cw() | 0x3f), (int)(rnd() % 9));
  rndmem(nbuf + MEMOP);
  memcpy(code + n, ins, ilen);
  n += ilen;
  code[n++] = 0xdd, code[n++] = 0x77, code[n++] = SAVE; /* fnsave [rdi+0x70] */
  memcpy(ebuf, nbuf, sizeof ebuf);
  u64 fl_in = rnd() & F_ARITH, nfl, efl, nax, eax;
  run_native(e, code, n, nbuf, fl_in, &nfl, &nax);
  int stop = run_emu(e, code, n, ebuf, fl_in, &efl, &eax);
  cr_assert_eq(stop, 0, "%s: stopped with %d", what, stop);
  /* On AMD processors FXSAVE/XSAVE keep FIP, FCS/FOP, FDP and FDS only while
   * an exception is pending (ES), so the native run loses them whenever the
   * kernel switches tasks between the instruction and the FNSAVE (Linux's
   * X86_BUG_FXSAVE_LEAK): compare those image fields only when ES is set. */
  mask_pointers(nbuf, ebuf, SAVE, ENV32);
  if (img >= 0) mask_pointers(nbuf, ebuf, img, fmt);
  u16 nsw = (u16)(nbuf[SAVE + 4] | nbuf[SAVE + 5] << 8);
  bool pointers = (nsw & 0x80) != 0;
  for (int i = 0; i < BUFSZ; i++) {
    if (!pointers && i >= SAVE + 12 && i < SAVE + 28) continue;
    /* The selectors FCS (image bytes 16-17) and FDS (24-25) are the CPU's
     * choice in 64-bit mode: processors that deprecate them save 0
     * (CPUID.(EAX=07H,ECX=0):EBX[13]), and so does the AMD EPYC host this
     * was seen on without that bit; others save CS and DS.  emu saves CS and
     * DS; compared are FIP, FOP and FDP. */
    if ((i >= SAVE + 16 && i < SAVE + 18) || (i >= SAVE + 24 && i < SAVE + 26)) continue;
    if (nbuf[i] != ebuf[i]) {
      char hex[3 * 108 + 1] = "", hex2[3 * 108 + 1] = "";
      for (int j = 0; j < 108; j++) {
        sprintf(hex + 3 * j, "%02x ", nbuf[SAVE + j]);
        sprintf(hex2 + 3 * j, "%02x ", ebuf[SAVE + j]);
      }
      cr_assert_fail("%s: byte %#x differs: native %02x emu %02x\nnative %s\nemu    %s", what, i,
                     nbuf[i], ebuf[i], hex, hex2);
    }
  }
  cr_assert_eq(nfl, efl, "%s: flags native %#llx emu %#llx", what, (unsigned long long)nfl,
               (unsigned long long)efl);
  cr_assert_eq(nax, eax, "%s: ax", what);
}

static const u64 reg_valid[8] = {
    0xffffffffffffffffull, 0xffff7f33ff01ffffull, 0x00000200ffffffffull, 0x00ffff1fffffffffull,
    0xffffffffffffffffull, 0x0000ffffffffffffull, 0xffffffff02ffffffull, 0x00ffff01ffffffffull,
};

/* Every defined register form, many random states each. */
Test(x87, register_forms) {
  struct env *e = env_new();
  for (int esc = 0; esc < 8; esc++) {
    for (int m = 0xc0; m <= 0xff; m++) {
      if (!((reg_valid[esc] >> (m - 0xc0)) & 1)) continue;
      u8 ins[2] = {(u8)(0xd8 + esc), (u8)m};
      char what[32];
      snprintf(what, sizeof what, "%02X %02X", ins[0], ins[1]);
      for (int k = 0; k < 60; k++) check_case(e, ins, 2, what, true, -1, 0);
    }
  }
}

/* Every data memory form (operand at [rdi+0x60]). */
Test(x87, memory_forms) {
  static const u8 data_forms[8] = {0xff, 0x0d, 0xff, 0xaf, 0xff, 0x0f, 0xff, 0xff};
  struct env *e = env_new();
  for (int esc = 0; esc < 8; esc++) {
    for (int r = 0; r < 8; r++) {
      if (!((data_forms[esc] >> r) & 1)) continue;
      u8 ins[3] = {(u8)(0xd8 + esc), (u8)(0x47 | r << 3), MEMOP};
      char what[32];
      snprintf(what, sizeof what, "%02X /%d", ins[0], r);
      for (int k = 0; k < 400; k++) check_case(e, ins, 3, what, true, -1, 0);
    }
  }
}

/* Control instructions and sequences: FNSTENV/FLDENV (32/16-bit), FNSAVE/
 * FRSTOR, FLDCW odd values, FNSTSW, FNCLEX, transcendental chains. */
Test(x87, control_sequences) {
  static const struct {
    const char *what;
    u8 b[24];
    int n;
    int img, fmt; /* the environment it stores (check_case) */
  } seq[] = {
      {"fnstenv", {0xd9, 0x77, 0x60}, 3, 0x60, ENV32},
      {"fnstenv16", {0x66, 0xd9, 0x77, 0x60}, 4, 0x60, ENV16},
      {"fnstenv fldenv", {0xd9, 0x77, 0x60, 0xd9, 0xe8, 0xd9, 0x67, 0x60}, 8, 0x60, ENV32},
      {"fnstenv16 fldenv16",
       {0x66, 0xd9, 0x77, 0x60, 0xd9, 0xe8, 0x66, 0xd9, 0x67, 0x60},
       10,
       0x60,
       ENV16},
      {"fldenv random", {0xd9, 0x67, 0x60}, 3, -1, 0},
      {"fnsave frstor", {0xdd, 0x37, 0xd9, 0xe8, 0xdd, 0x27}, 6, 0, ENV32},
      {"fnsave16 frstor16", {0x66, 0xdd, 0x37, 0xd9, 0xe8, 0x66, 0xdd, 0x27}, 8, 0, ENV16},
      {"fldcw mem", {0xd9, 0x6f, 0x60, 0xd9, 0x7f, 0x62}, 6, -1, 0},
      {"fnstsw m", {0xdd, 0x7f, 0x60}, 3, -1, 0},
      {"fnstsw ax", {0xdf, 0xe0}, 2, -1, 0},
      {"fnclex", {0xdb, 0xe2}, 2, -1, 0},
      {"fdiv fnclex", {0xd8, 0xf1, 0xdb, 0xe2}, 4, -1, 0},
      {"fsincos fpatan", {0xd9, 0xfb, 0xd9, 0xf3}, 4, -1, 0},
      {"fprem loop", {0xd9, 0xf8, 0xd9, 0xf8, 0xd9, 0xf8, 0xd9, 0xf8}, 8, -1, 0},
      {"fxtract fscale", {0xd9, 0xf4, 0xd9, 0xfd}, 4, -1, 0},
      {"fldpi fmul fistp", {0xd9, 0xeb, 0xde, 0xc9, 0xdf, 0x7f, 0x60}, 7, -1, 0},
      {"fbstp fbld", {0xdf, 0x77, 0x60, 0xdf, 0x67, 0x60}, 6, -1, 0},
      {"fcomi fcmov", {0xdb, 0xf1, 0xda, 0xc1, 0xdb, 0xd2, 0xda, 0xdb}, 8, -1, 0},
  };
  struct env *e = env_new();
  for (size_t i = 0; i < ARRAY_SIZE(seq); i++)
    for (int k = 0; k < 300; k++)
      check_case(e, seq[i].b, seq[i].n, seq[i].what, false, seq[i].img, seq[i].fmt);
}

/* FXSAVE (32-bit and REX.W formats) after random operations: the x87 part
 * and MXCSR of the image match the host's. */
Test(x87, fxsave_image) {
  static const u8 ops[][8] = {
      {0x0f, 0xae, 0x87, 0x00, 0x01, 0, 0},       /* fxsave [rdi+0x100] */
      {0x48, 0x0f, 0xae, 0x87, 0x00, 0x01, 0, 0}, /* fxsave64 */
  };
  struct env *e = env_new();
  for (int v = 0; v < 2; v++) {
    for (int k = 0; k < 300; k++) {
      u8 code[128];
      memset(nbuf, 0, sizeof nbuf);
      int n = prologue(code, nbuf, rnd_cw(), (int)(rnd() % 9));
      if (k & 1) code[n++] = 0xd8, code[n++] = 0xf1; /* fdiv st, st(1) */
      memcpy(code + n, ops[v], 7 + v);
      n += 7 + v;
      memcpy(ebuf, nbuf, sizeof ebuf);
      u64 nfl, efl, nax, eax;
      run_native(e, code, n, nbuf, 0, &nfl, &nax);
      __asm__ volatile("fninit");
      int stop = run_emu(e, code, n, ebuf, 0, &efl, &eax);
      cr_assert_eq(stop, 0);
      mask_pointers(nbuf, ebuf, 0x100, v ? FXS64 : FXS32);
      u8 *ni = nbuf + 0x100, *ei = ebuf + 0x100;
      /* Without a pending exception (FSW.ES) AMD's FXSAVE writes FOP, FIP
       * and FDP as 0, as emu does (exec_fxsave.c), and Intel's writes them:
       * compared only with ES set. */
      if (!(ni[2] & 0x80)) memcpy(ei + 6, ni + 6, 18);
      if (memcmp(ni, ei, 28)) {
        char hn[3 * 28 + 1] = "", he[3 * 28 + 1] = "";
        for (int j = 0; j < 28; j++) {
          sprintf(hn + 3 * j, "%02x ", ni[j]);
          sprintf(he + 3 * j, "%02x ", ei[j]);
        }
        cr_assert_fail("fxsave v%d bytes 0-27\nnative %s\nemu    %s", v, hn, he);
      }
      cr_assert_eq(memcmp(ni + 32, ei + 32, 128), 0, "fxsave v%d registers", v);
      u32 mask;
      memcpy(&mask, ei + 28, 4);
      cr_assert_eq(mask, 0xffff);
    }
  }
}

/* An unmasked exception is reported at the next waiting instruction as #MF
 * with the kernel's si_code (natively: SIGFPE). */
static sigjmp_buf fpe_jb;
static volatile int fpe_code;
static void on_fpe(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  fpe_code = si->si_code;
  siglongjmp(fpe_jb, 1);
}

Test(x87, unmasked_exception_mf) {
  static const struct {
    u16 cw;
    u8 b[8];
    int n;
  } cases[] = {
      {0x037b, {0xd9, 0xee, 0xd9, 0xe8, 0xde, 0xf1, 0x9b}, 7},       /* 1/0, ZE: fwait */
      {0x037e, {0xd9, 0xee, 0xd9, 0xee, 0xde, 0xf9, 0xd9, 0xe8}, 8}, /* 0/0, IE: fld1 */
      {0x037e, {0xdd, 0xd8, 0x9b}, 3},                         /* fstp st(0) empty: IE (stack) */
      {0x035f, {0xd9, 0xeb, 0xd9, 0xfe, 0x9b}, 5},             /* fsin(pi): PE */
      {0x0377, {0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xfd, 0x9b}, 7}, /* fine: no OE */
  };
  struct env *e = env_new();
  u8 *buf = nbuf;
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGFPE, &sa, &old);
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    u8 code[32];
    int n = prologue(code, buf, cases[i].cw, 0);
    memcpy(code + n, cases[i].b, cases[i].n);
    n += cases[i].n;
    int native = 0;
    u64 fl, ax;
    fpe_code = 0;
    if (!sigsetjmp(fpe_jb, 1))
      run_native(e, code, n, buf, 0, &fl, &ax);
    else
      native = fpe_code;
    __asm__ volatile("fninit");
    memcpy(ebuf, nbuf, BUFSZ);
    int stop = run_emu(e, code, n, ebuf, 0, &fl, &ax);
    cr_assert_eq(stop == STOP_MF, native != 0, "case %zu: emu stop %d native si_code %d", i, stop,
                 native);
    if (native) cr_assert_eq(e->c.fault_code, native, "case %zu", i);
    if (native) cr_assert_eq(e->c.rip, e->c.ip, "case %zu: rip at the waiting insn", i);
  }
  sigaction(SIGFPE, &old, NULL);
}
