/* test_sse.c — SSE/SSE2 instructions against the host CPU.
 *
 * Each case is the encoding of one instruction using xmm0..xmm3, rax, rcx and
 * a memory operand at [rsi].  It runs natively (a small stub loads the state,
 * executes the bytes, stores the state) and under emu (decoder + handler, in a
 * real guest address space), on many random states: floats and doubles drawn
 * from special values (±0, ±inf, QNaN/SNaN with payloads, denormals, integer
 * boundaries, halfway cases) and random bits; every rounding mode, DAZ/FTZ,
 * and, for a quarter of the runs, random exception masks, where the oracle's
 * #XM (SIGFPE with the MXCSR and si_code the host kernel reports) must match
 * emu's STOP_XM.  Everything is compared: xmm0-3, MXCSR, rax, rcx, the
 * arithmetic flags, and the 64 bytes at [rsi].
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "cpu/cpu_internal.h"
#include "cpu/sse.h"
#include "mem/mem.h"

/* exec_sse_core.c (private, declared in cpu/sse.h) */
int sse_fpe_code(u32 mxcsr);
#define sse_fpe_code_for_test sse_fpe_code

struct state {
  u8 x[4][16]; /* 0: xmm0-3 */
  u32 mxcsr;   /* 64 */
  u32 pad;
  u64 rflags; /* 72 */
  u64 rax;    /* 80 */
  u64 rcx;    /* 88 */
  u64 mm[2];  /* 96: mm0, mm1 */
};

struct result {
  struct state s;
  u8 mem[64];
  int trapped; /* native: SIGFPE; emu: STOP_XM */
  int code;    /* si_code / fault_code */
  int stop;
  bool mmx_state; /* emu: x87 tags all valid, TOP 0 (after an MMX instruction) */
};

/* ---- native oracle ---- */

static const u8 stub_head[] = {
    0x48, 0x83, 0xec, 0x08,       /* sub $8,%rsp */
    0x0f, 0xae, 0x1c, 0x24,       /* stmxcsr (%rsp) */
    0xf3, 0x0f, 0x6f, 0x07,       /* movdqu (%rdi),%xmm0 */
    0xf3, 0x0f, 0x6f, 0x4f, 0x10, /* movdqu 16(%rdi),%xmm1 */
    0xf3, 0x0f, 0x6f, 0x57, 0x20, /* movdqu 32(%rdi),%xmm2 */
    0xf3, 0x0f, 0x6f, 0x5f, 0x30, /* movdqu 48(%rdi),%xmm3 */
    0x0f, 0x6f, 0x47, 0x60,       /* movq 96(%rdi),%mm0 */
    0x0f, 0x6f, 0x4f, 0x68,       /* movq 104(%rdi),%mm1 */
    0x48, 0x8b, 0x47, 0x50,       /* mov 80(%rdi),%rax */
    0x48, 0x8b, 0x4f, 0x58,       /* mov 88(%rdi),%rcx */
    0x0f, 0xae, 0x57, 0x40,       /* ldmxcsr 64(%rdi) */
    0xff, 0x77, 0x48,             /* push 72(%rdi) */
    0x9d,                         /* popfq */
};
static const u8 stub_tail[] = {
    0x9c,                         /* pushfq */
    0x8f, 0x47, 0x48,             /* pop 72(%rdi) */
    0xf3, 0x0f, 0x7f, 0x07,       /* movdqu %xmm0,(%rdi) */
    0xf3, 0x0f, 0x7f, 0x4f, 0x10, /* movdqu %xmm1,16(%rdi) */
    0xf3, 0x0f, 0x7f, 0x57, 0x20, /* movdqu %xmm2,32(%rdi) */
    0xf3, 0x0f, 0x7f, 0x5f, 0x30, /* movdqu %xmm3,48(%rdi) */
    0x48, 0x89, 0x47, 0x50,       /* mov %rax,80(%rdi) */
    0x48, 0x89, 0x4f, 0x58,       /* mov %rcx,88(%rdi) */
    0x0f, 0xae, 0x5f, 0x40,       /* stmxcsr 64(%rdi) */
    0x0f, 0x7f, 0x47, 0x60,       /* movq %mm0,96(%rdi) */
    0x0f, 0x7f, 0x4f, 0x68,       /* movq %mm1,104(%rdi) */
    0x0f, 0x77,                   /* emms */
    0x0f, 0xae, 0x14, 0x24,       /* ldmxcsr (%rsp) */
    0x48, 0x83, 0xc4, 0x08,       /* add $8,%rsp */
    0xc3,                         /* ret */
};

static u8 *stub_page;
static sigjmp_buf native_jb;
static volatile int native_armed;
static volatile u32 native_mxcsr;
static volatile int native_code;

static void native_fpe(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  if (!native_armed) abort();
  native_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
  native_code = si->si_code;
  siglongjmp(native_jb, 1);
}

static void native_setup(void) {
  /* once: emu's own SIGFPE handler, installed later, chains to this one */
  if (stub_page) return;
  stub_page =
      mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert_neq(stub_page, MAP_FAILED);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = native_fpe;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGFPE, &sa, NULL);
}

static void native_run(const u8 *insn, int len, const struct state *in, const u8 *mem,
                       struct result *out) {
  u8 *p = stub_page;
  memcpy(p, stub_head, sizeof stub_head);
  p += sizeof stub_head;
  memcpy(p, insn, len);
  p += len;
  memcpy(p, stub_tail, sizeof stub_tail);
  static struct state st;
  static u8 buf[64] __attribute__((aligned(16)));
  st = *in;
  memcpy(buf, mem, 64);
  memset(out, 0, sizeof *out);
  void (*fn)(struct state *, u8 *) = (void (*)(struct state *, u8 *))(void *)stub_page;
  if (sigsetjmp(native_jb, 1)) {
    native_armed = 0;
    u32 h = 0x1f80;
    asm volatile("ldmxcsr %0" ::"m"(h));
    out->s = *in;
    out->s.mxcsr = native_mxcsr;
    out->trapped = 1;
    out->code = native_code;
    memcpy(out->mem, buf, 64);
    return;
  }
  native_armed = 1;
  fn(&st, buf);
  native_armed = 0;
  out->s = st;
  memcpy(out->mem, buf, 64);
}

/* ---- emu ---- */

#define CODE 0x10000ull
#define DATA 0x20000ull
static struct mm *mm;
static struct cpu cpu;

static void emu_setup_mode(int mode) {
  cpu_install_fault_handler();
  mm = mm_new(mode);
  cr_assert_not_null(mm);
  cr_assert_eq(mm_map(mm, CODE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)CODE);
  cr_assert_eq(mm_map(mm, DATA, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)DATA);
  cpu_init(&cpu, mode, mm);
}
static void emu_setup(void) { emu_setup_mode(64); }

static void emu_run(const u8 *insn, int len, const struct state *in, const u8 *mem,
                    struct result *out, u64 data) {
  struct cpu *c = &cpu;
  memcpy(mm->base + CODE, insn, len);
  mm->base[CODE + len] = 0x0f; /* ud2 ends the run */
  mm->base[CODE + len + 1] = 0x0b;
  memcpy(mm->base + DATA, mem, 64);
  cpu_flush_code(c);
  memset(c->xmm, 0, sizeof c->xmm);
  memcpy(c->xmm, in->x, 64);
  c->mxcsr = in->mxcsr;
  c->r[R_AX] = in->rax;
  c->r[R_CX] = in->rcx;
  c->r[R_SI] = data;
  c->fpu.tw = 0xffff;
  c->fpu.top = 0;
  mm_set(c, 0, in->mm[0]);
  mm_set(c, 1, in->mm[1]);
  cpu_set_flags(c, in->rflags, F_ARITH);
  c->rip = CODE;
  memset(out, 0, sizeof *out);
  out->stop = cpu_run(c, 100);
  memcpy(out->s.x, c->xmm, 64);
  out->s.mxcsr = c->mxcsr;
  out->s.rax = c->r[R_AX];
  out->s.rcx = c->r[R_CX];
  out->s.rflags = cpu_get_flags(c);
  out->s.mm[0] = mm_get(c, 0);
  out->s.mm[1] = mm_get(c, 1);
  out->mmx_state = c->fpu.tw == 0 && c->fpu.top == 0;
  memcpy(out->mem, mm->base + DATA, 64);
  if (out->stop == STOP_XM) {
    out->trapped = 1;
    out->code = c->fault_code;
    cr_assert_eq(c->rip, CODE, "#XM must leave rip at the instruction");
  } else {
    cr_assert_eq(out->stop, STOP_UD, "stop %d, expected the ud2 after the instruction", out->stop);
    cr_assert_eq(c->rip, CODE + len, "rip %#lx after the instruction", (unsigned long)c->rip);
  }
}

/* ---- random states ---- */

static u64 rng = 0x9e3779b97f4a7c15ull;
static u64 rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static const u32 fpool[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x40400000, 0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
    0x7fc00000, 0x7fc12345, 0xffc00000, 0x7f800001, 0xff812345, 0x4f000000, 0xcf000000, 0x5f000000,
    0xdf000000, 0x4effffff, 0x3eaaaaab, 0x00400000, 0x0c000000, 0x72000000, 0x4b7fffff, 0xcf000001,
};
static const u64 dpool[] = {
    0,
    0x8000000000000000,
    0x3ff0000000000000,
    0xbff0000000000000,
    0x3fe0000000000000,
    0x3ff8000000000000,
    0x4004000000000000,
    0xc004000000000000,
    0x0000000000000001,
    0x800fffffffffffff,
    0x0010000000000000,
    0x7fefffffffffffff,
    0x7ff0000000000000,
    0xfff0000000000000,
    0x7ff8000000000000,
    0x7ff8000000012345,
    0xfff8000000000000,
    0x7ff0000000000001,
    0xfff0000000054321,
    0x41e0000000000000,
    0xc1e0000000000000,
    0x41dfffffffc00000,
    0xc1e0000000200000,
    0x43e0000000000000,
    0xc3e0000000000000,
    0x3fd5555555555555,
    0x36a0000000000000,
    0x47f0000000000000,
    0x3810000000000000,
    0x380fffffffffffff,
    0x4330000000000001,
    0x7e37e43c8800759c,
};
static const u32 ipool[] = {0,          1,          0xffffffff, 0x7fffffff, 0x80000000, 0x80008000,
                            0x7fff7fff, 0x00ff00ff, 0xff00ff00, 0x80808080, 0x7f7f7f7f};

static u32 rnd_float(void) {
  switch (rnd() % 4) {
  case 0: return (u32)rnd();
  case 1: { /* a moderate normal number with a random mantissa */
    u32 e = 100 + rnd() % 56;
    return (u32)(rnd() & 0x807fffff) | e << 23;
  }
  default: return fpool[rnd() % ARRAY_SIZE(fpool)];
  }
}
static u64 rnd_double(void) {
  switch (rnd() % 4) {
  case 0: return rnd();
  case 1: {
    u64 e = 900 + rnd() % 250;
    return (rnd() & 0x800fffffffffffffull) | e << 52;
  }
  default: return dpool[rnd() % ARRAY_SIZE(dpool)];
  }
}
static void rnd_vec(u8 *v) {
  union xmm x;
  switch (rnd() % 4) {
  case 0:
    for (int i = 0; i < 4; i++) x.d[i] = rnd_float();
    break;
  case 1:
    for (int i = 0; i < 2; i++) x.q[i] = rnd_double();
    break;
  case 2:
    for (int i = 0; i < 4; i++)
      x.d[i] = ipool[rnd() % ARRAY_SIZE(ipool)] ^ (rnd() % 3 == 0 ? (u32)rnd() & 0x00010001 : 0);
    break;
  default: x.q[0] = rnd(), x.q[1] = rnd(); break;
  }
  memcpy(v, &x, 16);
}
static u64 rnd_int(void) {
  static const u64 p[] = {0,
                          1,
                          ~0ull,
                          0x7fffffff,
                          0x80000000,
                          0xffffffff,
                          0x8000000000000000ull,
                          0x7fffffffffffffffull,
                          16777217,
                          9007199254740993ull};
  switch (rnd() % 3) {
  case 0: return p[rnd() % ARRAY_SIZE(p)];
  case 1: return (u64)(i64)(i32)rnd();
  default: return rnd() >> (rnd() % 64);
  }
}
static void rnd_state(struct state *s, u8 *mem, bool unmasked) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < 4; i++) rnd_vec(s->x[i]);
  if (rnd() % 4 == 0) { /* small shift counts */
    u64 n = rnd() % 70;
    memcpy(s->x[1], &n, 8);
    memcpy(mem, &n, 8);
    s->mm[1] = n;
  }
  for (int i = 0; i < 4; i++) rnd_vec(mem + 16 * i);
  u32 mx = (u32)(rnd() % 4) << 13;  /* rounding */
  if (rnd() % 4 == 0) mx |= 0x40;   /* DAZ */
  if (rnd() % 4 == 0) mx |= 0x8000; /* FZ */
  if (rnd() % 2) mx |= rnd() & 0x3f;
  mx |= unmasked ? (u32)(rnd() & 0x1f80) : 0x1f80;
  s->mxcsr = mx;
  s->rflags = (rnd() & F_ARITH) | 0x202;
  rnd_vec(mem + 64 - 16); /* (mem was filled above; keep the count) */
  u8 t[16];
  rnd_vec(t);
  memcpy(s->mm, t, 16);
  if (rnd() % 4 == 0) s->mm[1] = rnd() % 70;
  s->rax = rnd_int();
  s->rcx = rnd_int();
}

/* ---- the cases ---- */

struct tcase {
  const char *name;
  u8 b[12];
  u8 len;
  bool mmx; /* an MMX instruction: the x87 stack must become all valid, TOP 0 */
};
#define T(name, ...) \
  { name, {__VA_ARGS__}, sizeof((u8[]){__VA_ARGS__}), false }
#define TM(name, ...) \
  { name, {__VA_ARGS__}, sizeof((u8[]){__VA_ARGS__}), true }

static int traps; /* native #XM seen: the unmasked path is exercised */

static int check_case(const struct tcase *t, int iters) {
  struct state in;
  u8 mem[64];
  struct result nat, emu;
  int fails = 0;
  for (int i = 0; i < iters; i++) {
    rnd_state(&in, mem, i % 4 == 3);
    native_run(t->b, t->len, &in, mem, &nat);
    emu_run(t->b, t->len, &in, mem, &emu, DATA);
    traps += nat.trapped;
    bool ok = nat.trapped == emu.trapped && nat.code == emu.code && !memcmp(nat.s.x, emu.s.x, 64) &&
              nat.s.mxcsr == emu.s.mxcsr && nat.s.rax == emu.s.rax && nat.s.rcx == emu.s.rcx &&
              (nat.trapped || ((nat.s.rflags ^ emu.s.rflags) & F_ARITH) == 0) &&
              !memcmp(nat.mem, emu.mem, 64);
    if (!ok && fails++ < 3) {
      cr_log_error("%s: iteration %d: mxcsr in %#x", t->name, i, in.mxcsr);
      for (int r = 0; r < 4; r++) {
        u64 a[2], b[2], e[2];
        memcpy(a, in.x[r], 16), memcpy(b, nat.s.x[r], 16), memcpy(e, emu.s.x[r], 16);
        cr_log_error("  xmm%d in %016lx%016lx native %016lx%016lx emu %016lx%016lx", r, a[1], a[0],
                     b[1], b[0], e[1], e[0]);
      }
      u64 m0[2];
      memcpy(m0, mem, 16);
      cr_log_error("  mem in %016lx%016lx", m0[1], m0[0]);
      cr_log_error("  native: trap %d code %d mxcsr %#x rax %#lx rcx %#lx fl %#lx", nat.trapped,
                   nat.code, nat.s.mxcsr, nat.s.rax, nat.s.rcx, nat.s.rflags & F_ARITH);
      cr_log_error("  emu:    trap %d code %d mxcsr %#x rax %#lx rcx %#lx fl %#lx", emu.trapped,
                   emu.code, emu.s.mxcsr, emu.s.rax, emu.s.rcx, emu.s.rflags & F_ARITH);
      cr_log_error("  rax in %#lx, mem same %d", in.rax, !memcmp(nat.mem, emu.mem, 64));
      cr_log_error("  mm0 in %016lx mm1 in %016lx native %016lx %016lx emu %016lx %016lx x87 %d",
                   in.mm[0], in.mm[1], nat.s.mm[0], nat.s.mm[1], emu.s.mm[0], emu.s.mm[1],
                   emu.mmx_state);
    }
  }
  return fails;
}

static void run_cases(const struct tcase *t, size_t n, int iters) {
  native_setup();
  emu_setup();
  int bad = 0;
  for (size_t i = 0; i < n; i++)
    if (check_case(&t[i], iters)) bad++;
  cr_log_info("%zu cases, %d native #XM", n, traps);
  cr_assert_eq(bad, 0, "%d instruction(s) differ from the host", bad);
}

/* xmm0 = op(xmm0, xmm1) (ModRM c1) and xmm0 = op(xmm0, [rsi]) (ModRM 06) */
#define RM(name, ...) T(name, __VA_ARGS__, 0xc1), T(name " mem", __VA_ARGS__, 0x06)
#define RM_IB(name, imm, ...) \
  T(name, __VA_ARGS__, 0xc1, imm), T(name " mem", __VA_ARGS__, 0x06, imm)
#define FP4(m, op)                                                              \
  RM(m "ps", 0x0f, op), RM(m "pd", 0x66, 0x0f, op), RM(m "ss", 0xf3, 0x0f, op), \
      RM(m "sd", 0xf2, 0x0f, op)

static const struct tcase fp_cases[] = {
    FP4("add", 0x58),
    FP4("mul", 0x59),
    FP4("sub", 0x5c),
    FP4("min", 0x5d),
    FP4("div", 0x5e),
    FP4("max", 0x5f),
    FP4("sqrt", 0x51),
    RM("rsqrtps", 0x0f, 0x52),
    RM("rsqrtss", 0xf3, 0x0f, 0x52),
    RM("rcpps", 0x0f, 0x53),
    RM("rcpss", 0xf3, 0x0f, 0x53),
    T("sqrtsd xmm8", 0xf2, 0x45, 0x0f, 0x51, 0xc1), /* xmm8 <- xmm9: REX.RB */
};

static const struct tcase cvt_cases[] = {
    RM("cvtps2pd", 0x0f, 0x5a),
    RM("cvtpd2ps", 0x66, 0x0f, 0x5a),
    RM("cvtss2sd", 0xf3, 0x0f, 0x5a),
    RM("cvtsd2ss", 0xf2, 0x0f, 0x5a),
    RM("cvtdq2ps", 0x0f, 0x5b),
    RM("cvtps2dq", 0x66, 0x0f, 0x5b),
    RM("cvttps2dq", 0xf3, 0x0f, 0x5b),
    RM("cvttpd2dq", 0x66, 0x0f, 0xe6),
    RM("cvtdq2pd", 0xf3, 0x0f, 0xe6),
    RM("cvtpd2dq", 0xf2, 0x0f, 0xe6),
    /* cvtsi2ss/sd xmm0, eax/rax/[rsi] */
    T("cvtsi2ss r32", 0xf3, 0x0f, 0x2a, 0xc0),
    T("cvtsi2ss r64", 0xf3, 0x48, 0x0f, 0x2a, 0xc1),
    T("cvtsi2ss m32", 0xf3, 0x0f, 0x2a, 0x06),
    T("cvtsi2ss m64", 0xf3, 0x48, 0x0f, 0x2a, 0x06),
    T("cvtsi2sd r32", 0xf2, 0x0f, 0x2a, 0xc1),
    T("cvtsi2sd r64", 0xf2, 0x48, 0x0f, 0x2a, 0xc0),
    T("cvtsi2sd m32", 0xf2, 0x0f, 0x2a, 0x06),
    T("cvtsi2sd m64", 0xf2, 0x48, 0x0f, 0x2a, 0x06),
    /* cvt(t)ss2si / sd2si eax|rax, xmm1|[rsi] */
    T("cvtss2si r32", 0xf3, 0x0f, 0x2d, 0xc1),
    T("cvtss2si r64", 0xf3, 0x48, 0x0f, 0x2d, 0xc1),
    T("cvtss2si m", 0xf3, 0x0f, 0x2d, 0x06),
    T("cvttss2si r32", 0xf3, 0x0f, 0x2c, 0xc1),
    T("cvttss2si r64", 0xf3, 0x48, 0x0f, 0x2c, 0xc1),
    T("cvttss2si m64", 0xf3, 0x48, 0x0f, 0x2c, 0x0e),
    T("cvtsd2si r32", 0xf2, 0x0f, 0x2d, 0xc1),
    T("cvtsd2si r64", 0xf2, 0x48, 0x0f, 0x2d, 0xc1),
    T("cvtsd2si m", 0xf2, 0x48, 0x0f, 0x2d, 0x06),
    T("cvttsd2si r32", 0xf2, 0x0f, 0x2c, 0xc9),
    T("cvttsd2si r64", 0xf2, 0x48, 0x0f, 0x2c, 0xc1),
    T("cvttsd2si m", 0xf2, 0x0f, 0x2c, 0x06),
};

static const struct tcase cmp_cases[] = {
    RM("ucomiss", 0x0f, 0x2e),
    RM("comiss", 0x0f, 0x2f),
    RM("ucomisd", 0x66, 0x0f, 0x2e),
    RM("comisd", 0x66, 0x0f, 0x2f),
#define CMPS(k)                                                               \
  RM_IB("cmpps " #k, k, 0x0f, 0xc2), RM_IB("cmppd " #k, k, 0x66, 0x0f, 0xc2), \
      RM_IB("cmpss " #k, k, 0xf3, 0x0f, 0xc2), RM_IB("cmpsd " #k, k, 0xf2, 0x0f, 0xc2)
    CMPS(0),
    CMPS(1),
    CMPS(2),
    CMPS(3),
    CMPS(4),
    CMPS(5),
    CMPS(6),
    CMPS(7),
};

static const struct tcase mov_cases[] = {
    RM("movups", 0x0f, 0x10),
    RM("movupd", 0x66, 0x0f, 0x10),
    RM("movss", 0xf3, 0x0f, 0x10),
    RM("movsd", 0xf2, 0x0f, 0x10),
    RM("movups st", 0x0f, 0x11),
    RM("movss st", 0xf3, 0x0f, 0x11),
    RM("movsd st", 0xf2, 0x0f, 0x11),
    RM("movlps/movhlps", 0x0f, 0x12),
    T("movlpd", 0x66, 0x0f, 0x12, 0x0e),
    T("movlps st", 0x0f, 0x13, 0x16),
    T("movlpd st", 0x66, 0x0f, 0x13, 0x06),
    RM("movhps/movlhps", 0x0f, 0x16),
    T("movhpd", 0x66, 0x0f, 0x16, 0x06),
    T("movhps st", 0x0f, 0x17, 0x06),
    T("movhpd st", 0x66, 0x0f, 0x17, 0x0e),
    RM("unpcklps", 0x0f, 0x14),
    RM("unpcklpd", 0x66, 0x0f, 0x14),
    RM("unpckhps", 0x0f, 0x15),
    RM("unpckhpd", 0x66, 0x0f, 0x15),
    RM("movaps", 0x0f, 0x28),
    RM("movapd st", 0x66, 0x0f, 0x29),
    T("movntps", 0x0f, 0x2b, 0x06),
    T("movntpd", 0x66, 0x0f, 0x2b, 0x16),
    T("movmskps", 0x0f, 0x50, 0xc1),
    T("movmskpd", 0x66, 0x0f, 0x50, 0xc9),
    T("movmskps rax", 0x48, 0x0f, 0x50, 0xc1),
    RM("andps", 0x0f, 0x54),
    RM("andpd", 0x66, 0x0f, 0x54),
    RM("andnps", 0x0f, 0x55),
    RM("andnpd", 0x66, 0x0f, 0x55),
    RM("orps", 0x0f, 0x56),
    RM("orpd", 0x66, 0x0f, 0x56),
    RM("xorps", 0x0f, 0x57),
    RM("xorpd", 0x66, 0x0f, 0x57),
    T("movd xmm,eax", 0x66, 0x0f, 0x6e, 0xc0),
    T("movq xmm,rcx", 0x66, 0x48, 0x0f, 0x6e, 0xc1),
    T("movd xmm,m", 0x66, 0x0f, 0x6e, 0x0e),
    T("movq xmm,m", 0x66, 0x48, 0x0f, 0x6e, 0x06),
    T("movd eax,xmm", 0x66, 0x0f, 0x7e, 0xc0),
    T("movq rcx,xmm1", 0x66, 0x48, 0x0f, 0x7e, 0xc9),
    T("movd m,xmm", 0x66, 0x0f, 0x7e, 0x06),
    T("movq m,xmm", 0x66, 0x48, 0x0f, 0x7e, 0x0e),
    RM("movq xmm,xmm/m64", 0xf3, 0x0f, 0x7e),
    RM("movq xmm/m64,xmm", 0x66, 0x0f, 0xd6),
    RM("movdqa", 0x66, 0x0f, 0x6f),
    RM("movdqu", 0xf3, 0x0f, 0x6f),
    RM("movdqa st", 0x66, 0x0f, 0x7f),
    RM("movdqu st", 0xf3, 0x0f, 0x7f),
    T("movntdq", 0x66, 0x0f, 0xe7, 0x06),
    T("movnti", 0x0f, 0xc3, 0x06),
    T("movnti 64", 0x48, 0x0f, 0xc3, 0x0e),
    T("pmovmskb", 0x66, 0x0f, 0xd7, 0xc1),
    RM_IB("shufps", 0x1b, 0x0f, 0xc6),
    RM_IB("shufps e4", 0xe4, 0x0f, 0xc6),
    RM_IB("shufpd", 0x02, 0x66, 0x0f, 0xc6),
    RM_IB("shufpd 1", 0x01, 0x66, 0x0f, 0xc6),
    RM_IB("pshufd", 0x1b, 0x66, 0x0f, 0x70),
    RM_IB("pshufhw", 0x9c, 0xf3, 0x0f, 0x70),
    RM_IB("pshuflw", 0x27, 0xf2, 0x0f, 0x70),
    T("pinsrw r", 0x66, 0x0f, 0xc4, 0xc0, 0x05),
    T("pinsrw m", 0x66, 0x0f, 0xc4, 0x06, 0x0b),
    T("pextrw", 0x66, 0x0f, 0xc5, 0xc1, 0x03),
    T("pextrw 7", 0x66, 0x0f, 0xc5, 0xc9, 0x0f),
    T("ldmxcsr stmxcsr", 0x0f, 0xae, 0x1e),
    T("lfence", 0x0f, 0xae, 0xe8),
    T("mfence", 0x0f, 0xae, 0xf0),
    T("sfence", 0x0f, 0xae, 0xf8),
    T("clflush", 0x0f, 0xae, 0x3e),
};

#define I66(name, op) RM(name, 0x66, 0x0f, op)
static const struct tcase int_cases[] = {
    I66("punpcklbw", 0x60),     I66("punpcklwd", 0x61),
    I66("punpckldq", 0x62),     I66("packsswb", 0x63),
    I66("pcmpgtb", 0x64),       I66("pcmpgtw", 0x65),
    I66("pcmpgtd", 0x66),       I66("packuswb", 0x67),
    I66("punpckhbw", 0x68),     I66("punpckhwd", 0x69),
    I66("punpckhdq", 0x6a),     I66("packssdw", 0x6b),
    I66("punpcklqdq", 0x6c),    I66("punpckhqdq", 0x6d),
    I66("pcmpeqb", 0x74),       I66("pcmpeqw", 0x75),
    I66("pcmpeqd", 0x76),       I66("psrlw", 0xd1),
    I66("psrld", 0xd2),         I66("psrlq", 0xd3),
    I66("paddq", 0xd4),         I66("pmullw", 0xd5),
    I66("psubusb", 0xd8),       I66("psubusw", 0xd9),
    I66("pminub", 0xda),        I66("pand", 0xdb),
    I66("paddusb", 0xdc),       I66("paddusw", 0xdd),
    I66("pmaxub", 0xde),        I66("pandn", 0xdf),
    I66("pavgb", 0xe0),         I66("psraw", 0xe1),
    I66("psrad", 0xe2),         I66("pavgw", 0xe3),
    I66("pmulhuw", 0xe4),       I66("pmulhw", 0xe5),
    I66("psubsb", 0xe8),        I66("psubsw", 0xe9),
    I66("pminsw", 0xea),        I66("por", 0xeb),
    I66("paddsb", 0xec),        I66("paddsw", 0xed),
    I66("pmaxsw", 0xee),        I66("pxor", 0xef),
    I66("psllw", 0xf1),         I66("pslld", 0xf2),
    I66("psllq", 0xf3),         I66("pmuludq", 0xf4),
    I66("pmaddwd", 0xf5),       I66("psadbw", 0xf6),
    I66("psubb", 0xf8),         I66("psubw", 0xf9),
    I66("psubd", 0xfa),         I66("psubq", 0xfb),
    I66("paddb", 0xfc),         I66("paddw", 0xfd),
    I66("paddd", 0xfe),
#define SHI(name, op, modrm)                                                              \
  T(name " 0", 0x66, 0x0f, op, modrm, 0), T(name " 1", 0x66, 0x0f, op, modrm, 1),         \
      T(name " 7", 0x66, 0x0f, op, modrm, 7), T(name " 15", 0x66, 0x0f, op, modrm, 15),   \
      T(name " 16", 0x66, 0x0f, op, modrm, 16), T(name " 31", 0x66, 0x0f, op, modrm, 31), \
      T(name " 33", 0x66, 0x0f, op, modrm, 33), T(name " 63", 0x66, 0x0f, op, modrm, 63), \
      T(name " 64", 0x66, 0x0f, op, modrm, 64), T(name " 255", 0x66, 0x0f, op, modrm, 255)
    SHI("psrlw i", 0x71, 0xd0), SHI("psraw i", 0x71, 0xe1),
    SHI("psllw i", 0x71, 0xf0), SHI("psrld i", 0x72, 0xd1),
    SHI("psrad i", 0x72, 0xe0), SHI("pslld i", 0x72, 0xf1),
    SHI("psrlq i", 0x73, 0xd0), SHI("psrldq i", 0x73, 0xd9),
    SHI("psllq i", 0x73, 0xf1), SHI("pslldq i", 0x73, 0xf8),
};

Test(sse, fp_arith) { run_cases(fp_cases, ARRAY_SIZE(fp_cases), 400); }
Test(sse, fp_convert) { run_cases(cvt_cases, ARRAY_SIZE(cvt_cases), 400); }
Test(sse, fp_compare) { run_cases(cmp_cases, ARRAY_SIZE(cmp_cases), 200); }
Test(sse, moves) { run_cases(mov_cases, ARRAY_SIZE(mov_cases), 100); }
Test(sse, integer) { run_cases(int_cases, ARRAY_SIZE(int_cases), 100); }

/* The same encodings in 32-bit mode (those without REX): the oracle is still the
 * host in 64-bit mode, where these encodings mean the same. */
static bool has_rex(const struct tcase *t) {
  for (int i = 0; i < t->len && t->b[i] != 0x0f; i++)
    if ((t->b[i] & 0xf0) == 0x40) return true;
  return false;
}
static void run_cases32(const struct tcase *t, size_t n, int iters) {
  native_setup();
  emu_setup_mode(32);
  int bad = 0;
  for (size_t i = 0; i < n; i++)
    if (!has_rex(&t[i]) && check_case(&t[i], iters)) bad++;
  cr_assert_eq(bad, 0, "%d instruction(s) differ from the host in 32-bit mode", bad);
}
Test(sse, mode32) {
  run_cases32(fp_cases, ARRAY_SIZE(fp_cases), 50);
  run_cases32(cvt_cases, ARRAY_SIZE(cvt_cases), 50);
  run_cases32(cmp_cases, ARRAY_SIZE(cmp_cases), 20);
  run_cases32(mov_cases, ARRAY_SIZE(mov_cases), 20);
  run_cases32(int_cases, ARRAY_SIZE(int_cases), 20);
}

/* ---- faults: the SDM is the oracle ---- */

/* Run bytes under emu with rsi = a; return the stop. */
static int emu_stop(const u8 *b, int len, u64 a) {
  struct state in;
  u8 mem[64];
  struct result r;
  memset(&in, 0, sizeof in);
  memset(mem, 0x11, sizeof mem);
  in.mxcsr = 0x1f80;
  memcpy(mm->base + CODE, b, len);
  mm->base[CODE + len] = 0x0f;
  mm->base[CODE + len + 1] = 0x0b;
  memcpy(mm->base + DATA, mem, 64);
  cpu_flush_code(&cpu);
  memset(cpu.xmm, 0x5a, sizeof cpu.xmm);
  cpu.mxcsr = 0x1f80;
  cpu.r[R_SI] = a;
  cpu.rip = CODE;
  (void)in, (void)r;
  int stop = cpu_run(&cpu, 100);
  if (stop != STOP_UD || cpu.rip != CODE + len)
    cr_assert_eq(cpu.rip, CODE, "fault leaves rip at the insn");
  return stop;
}
#define STOP_OF_INSN(...) emu_stop((const u8[]){__VA_ARGS__}, sizeof((u8[]){__VA_ARGS__}), DATA + 8)

Test(sse, alignment_gp) {
  emu_setup();
  /* m128 operands of legacy SSE must be 16-byte aligned (SDM vol. 1 11.4.1) */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x28, 0x06), STOP_GP);          /* movaps */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x29, 0x06), STOP_GP);          /* movaps store */
  cr_assert_eq(STOP_OF_INSN(0x66, 0x0f, 0x6f, 0x06), STOP_GP);    /* movdqa */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x58, 0x06), STOP_GP);          /* addps */
  cr_assert_eq(STOP_OF_INSN(0x66, 0x0f, 0xfe, 0x06), STOP_GP);    /* paddd */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x2b, 0x06), STOP_GP);          /* movntps */
  cr_assert_eq(STOP_OF_INSN(0x66, 0x0f, 0x70, 0x06, 0), STOP_GP); /* pshufd */
  /* unaligned forms and partial loads are fine */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x10, 0x06), STOP_UD); /* movups, then ud2 */
  cr_assert_eq(STOP_OF_INSN(0xf3, 0x0f, 0x6f, 0x06), STOP_UD);
  cr_assert_eq(STOP_OF_INSN(0xf3, 0x0f, 0x58, 0x06), STOP_UD); /* addss m32 */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x5a, 0x06), STOP_UD);       /* cvtps2pd m64 */
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x12, 0x06), STOP_UD);       /* movlps */
}

Test(sse, undefined_forms) {
  emu_setup();
  cr_assert_eq(STOP_OF_INSN(0x66, 0x0f, 0x12, 0xc1), STOP_UD); /* movlpd reg: ud */
  cr_assert_eq(cpu.rip, CODE);
  cr_assert_eq(STOP_OF_INSN(0x0f, 0x50, 0x06), STOP_UD); /* movmskps mem */
  cr_assert_eq(cpu.rip, CODE);
  cr_assert_eq(STOP_OF_INSN(0x66, 0x0f, 0x71, 0x16, 3), STOP_UD); /* psrlw mem, ib */
  cr_assert_eq(cpu.rip, CODE);
  cr_assert_eq(STOP_OF_INSN(0x0f, 0xc3, 0xc1), STOP_UD); /* movnti reg */
  cr_assert_eq(cpu.rip, CODE);
  cr_assert_eq(STOP_OF_INSN(0xf3, 0x0f, 0xd6, 0x06), STOP_UD); /* movq2dq mem */
  cr_assert_eq(cpu.rip, CODE);
  cr_assert_eq(STOP_OF_INSN(0xf3, 0x0f, 0xae, 0xc0), STOP_UD); /* rdfsbase */
  cr_assert_eq(cpu.rip, CODE);
}

Test(sse, ldmxcsr) {
  emu_setup();
  u32 v = 0x7f00 | 0x3f; /* RC = 11b, some masks clear, all flags */
  memcpy(mm->base + DATA + 0x100, &v, 4);
  cr_assert_eq(emu_stop((const u8[]){0x0f, 0xae, 0x16}, 3, DATA + 0x100),
               STOP_UD); /* ldmxcsr (%rsi), then ud2 */
  cr_assert_eq(cpu.mxcsr, v);
  v = 0x10000 | 0x1f80; /* a reserved bit: #GP, MXCSR unchanged */
  memcpy(mm->base + DATA + 0x100, &v, 4);
  cr_assert_eq(emu_stop((const u8[]){0x0f, 0xae, 0x16}, 3, DATA + 0x100), STOP_GP);
  cr_assert_eq(cpu.mxcsr, 0x1f80);
}

Test(sse, page_fault_is_precise) {
  emu_setup();
  /* addps xmm0, [rsi] and movd xmm0, [rsi] on an unmapped page */
  cr_assert_eq(emu_stop((const u8[]){0x0f, 0x58, 0x06}, 3, 0x50000), STOP_PAGEFAULT);
  for (int i = 0; i < 16; i++) cr_assert_eq(cpu.xmm[0].b[i], 0x5a);
  cr_assert_eq(cpu.fault_addr, 0x50000);
  cr_assert_eq(emu_stop((const u8[]){0x66, 0x0f, 0x6e, 0x06}, 4, 0x50000), STOP_PAGEFAULT);
  for (int i = 0; i < 16; i++) cr_assert_eq(cpu.xmm[0].b[i], 0x5a);
}

Test(sse, maskmovdqu) {
  emu_setup();
  /* maskmovdqu xmm0, xmm1: bytes of xmm0 where xmm1's byte has bit 7 set go to [rdi] */
  const u8 b[] = {0x66, 0x0f, 0xf7, 0xc1, 0x0f, 0x0b};
  memcpy(mm->base + CODE, b, sizeof b);
  memset(mm->base + DATA, 0xee, 32);
  cpu_flush_code(&cpu);
  for (int i = 0; i < 16; i++) {
    cpu.xmm[0].b[i] = (u8)i;
    cpu.xmm[1].b[i] = i % 3 == 0 ? 0x80 : 0x7f;
  }
  cpu.r[R_DI] = DATA + 3;
  cpu.rip = CODE;
  cr_assert_eq(cpu_run(&cpu, 10), STOP_UD);
  for (int i = 0; i < 16; i++)
    cr_assert_eq(mm->base[DATA + 3 + i], i % 3 == 0 ? i : 0xee, "byte %d", i);
  cr_assert_eq(mm->base[DATA + 2], 0xee);
  cr_assert_eq(mm->base[DATA + 19], 0xee);
}

Test(sse, fpe_codes) {
  /* arch/x86/kernel/fpu/core.c fpu__exception_code(): first unmasked of IE, ZE, OE, DE|UE, PE */
  cr_assert_eq(sse_fpe_code_for_test((0x1f80 & ~0x80) | 0x01), FPE_FLTINV);
  cr_assert_eq(sse_fpe_code_for_test((0x1f80 & ~0x200) | 0x04 | 0x01), FPE_FLTDIV);
  cr_assert_eq(sse_fpe_code_for_test((0x1f80 & ~0x100) | 0x02), FPE_FLTUND);
  cr_assert_eq(sse_fpe_code_for_test(0x1f80 | 0x3f), 0);
}

/* ---- MMX: mm0 = op(mm0, mm1) (ModRM c1) and op(mm0, [rsi]) (ModRM 06) ---- */
#define MM(name, ...) TM(name, __VA_ARGS__, 0xc1), TM(name " mem", __VA_ARGS__, 0x06)
#define MX(name, op)  MM(name, 0x0f, op)
#define SHM(name, op, modrm)                                                    \
  TM(name " 0", 0x0f, op, modrm, 0), TM(name " 3", 0x0f, op, modrm, 3),         \
      TM(name " 15", 0x0f, op, modrm, 15), TM(name " 16", 0x0f, op, modrm, 16), \
      TM(name " 33", 0x0f, op, modrm, 33), TM(name " 64", 0x0f, op, modrm, 64), \
      TM(name " 200", 0x0f, op, modrm, 200)
static const struct tcase mmx_cases[] = {
    MX("punpcklbw", 0x60),
    MX("punpcklwd", 0x61),
    MX("punpckldq", 0x62),
    MX("packsswb", 0x63),
    MX("pcmpgtb", 0x64),
    MX("pcmpgtw", 0x65),
    MX("pcmpgtd", 0x66),
    MX("packuswb", 0x67),
    MX("punpckhbw", 0x68),
    MX("punpckhwd", 0x69),
    MX("punpckhdq", 0x6a),
    MX("packssdw", 0x6b),
    MX("pcmpeqb", 0x74),
    MX("pcmpeqw", 0x75),
    MX("pcmpeqd", 0x76),
    MX("psrlw", 0xd1),
    MX("psrld", 0xd2),
    MX("psrlq", 0xd3),
    MX("paddq", 0xd4),
    MX("pmullw", 0xd5),
    MX("psubusb", 0xd8),
    MX("psubusw", 0xd9),
    MX("pminub", 0xda),
    MX("pand", 0xdb),
    MX("paddusb", 0xdc),
    MX("paddusw", 0xdd),
    MX("pmaxub", 0xde),
    MX("pandn", 0xdf),
    MX("pavgb", 0xe0),
    MX("psraw", 0xe1),
    MX("psrad", 0xe2),
    MX("pavgw", 0xe3),
    MX("pmulhuw", 0xe4),
    MX("pmulhw", 0xe5),
    MX("psubsb", 0xe8),
    MX("psubsw", 0xe9),
    MX("pminsw", 0xea),
    MX("por", 0xeb),
    MX("paddsb", 0xec),
    MX("paddsw", 0xed),
    MX("pmaxsw", 0xee),
    MX("pxor", 0xef),
    MX("psllw", 0xf1),
    MX("pslld", 0xf2),
    MX("psllq", 0xf3),
    MX("pmuludq", 0xf4),
    MX("pmaddwd", 0xf5),
    MX("psadbw", 0xf6),
    MX("psubb", 0xf8),
    MX("psubw", 0xf9),
    MX("psubd", 0xfa),
    MX("psubq", 0xfb),
    MX("paddb", 0xfc),
    MX("paddw", 0xfd),
    MX("paddd", 0xfe),
    SHM("psrlw i", 0x71, 0xd0),
    SHM("psraw i", 0x71, 0xe1),
    SHM("psllw i", 0x71, 0xf0),
    SHM("psrld i", 0x72, 0xd1),
    SHM("psrad i", 0x72, 0xe0),
    SHM("pslld i", 0x72, 0xf1),
    SHM("psrlq i", 0x73, 0xd0),
    SHM("psllq i", 0x73, 0xf1),
    TM("movd mm,eax", 0x0f, 0x6e, 0xc0),
    TM("movq mm,rcx", 0x48, 0x0f, 0x6e, 0xc1),
    TM("movd mm,m", 0x0f, 0x6e, 0x0e),
    TM("movd eax,mm", 0x0f, 0x7e, 0xc0),
    TM("movq rcx,mm1", 0x48, 0x0f, 0x7e, 0xc9),
    TM("movd m,mm", 0x0f, 0x7e, 0x06),
    MM("movq mm,mm/m", 0x0f, 0x6f),
    MM("movq mm/m,mm", 0x0f, 0x7f),
    TM("movntq", 0x0f, 0xe7, 0x0e),
    TM("pshufw 1b", 0x0f, 0x70, 0xc1, 0x1b),
    TM("pshufw m", 0x0f, 0x70, 0x06, 0xd8),
    TM("pinsrw", 0x0f, 0xc4, 0xc0, 0x02),
    TM("pinsrw m", 0x0f, 0xc4, 0x0e, 0x07),
    TM("pextrw", 0x0f, 0xc5, 0xc1, 0x03),
    TM("pmovmskb", 0x0f, 0xd7, 0xc1),
    TM("movq2dq", 0xf3, 0x0f, 0xd6, 0xc1),
    TM("movdq2q", 0xf2, 0x0f, 0xd6, 0xc1),
    TM("cvtpi2ps", 0x0f, 0x2a, 0xc1),
    T("cvtpi2ps m", 0x0f, 0x2a, 0x06),
    TM("cvtpi2pd", 0x66, 0x0f, 0x2a, 0xc1),
    T("cvtpi2pd m", 0x66, 0x0f, 0x2a, 0x06),
    TM("cvtps2pi", 0x0f, 0x2d, 0xc1),
    TM("cvtps2pi m", 0x0f, 0x2d, 0x06),
    TM("cvttps2pi", 0x0f, 0x2c, 0xc1),
    TM("cvttps2pi m", 0x0f, 0x2c, 0x0e),
    TM("cvtpd2pi", 0x66, 0x0f, 0x2d, 0xc1),
    TM("cvtpd2pi m", 0x66, 0x0f, 0x2d, 0x06),
    TM("cvttpd2pi", 0x66, 0x0f, 0x2c, 0xc1),
    TM("cvttpd2pi m", 0x66, 0x0f, 0x2c, 0x06),
};
Test(sse, mmx) { run_cases(mmx_cases, ARRAY_SIZE(mmx_cases), 200); }

Test(sse, emms) {
  emu_setup();
  cpu.fpu.tw = 0;
  cr_assert_eq(emu_stop((const u8[]){0x0f, 0x77}, 2, DATA), STOP_UD);
  cr_assert_eq(cpu.fpu.tw, 0xffff);
}

/* ---- SSE3 (exec_sse3.c) and SSSE3 (exec_ssse3.c) ---- */
static const struct tcase sse3_cases[] = {
    RM("addsubpd", 0x66, 0x0f, 0xd0),
    RM("addsubps", 0xf2, 0x0f, 0xd0),
    RM("haddpd", 0x66, 0x0f, 0x7c),
    RM("haddps", 0xf2, 0x0f, 0x7c),
    RM("hsubpd", 0x66, 0x0f, 0x7d),
    RM("hsubps", 0xf2, 0x0f, 0x7d),
    RM("movsldup", 0xf3, 0x0f, 0x12),
    RM("movshdup", 0xf3, 0x0f, 0x16),
    RM("movddup", 0xf2, 0x0f, 0x12),
    T("lddqu", 0xf2, 0x0f, 0xf0, 0x06),
    T("haddps xmm8", 0xf2, 0x45, 0x0f, 0x7c, 0xc1), /* xmm8 <- xmm9: REX.RB */
};
/* xmm0 = op(xmm0, xmm1 / [rsi]) and mm0 = op(mm0, mm1 / [rsi]) */
#define S3(name, op) RM(name, 0x66, 0x0f, 0x38, op), MM(name " mm", 0x0f, 0x38, op)
#define PALIGNR(k)                                     \
  RM_IB("palignr " #k, k, 0x66, 0x0f, 0x3a, 0x0f),     \
      TM("palignr mm " #k, 0x0f, 0x3a, 0x0f, 0xc1, k), \
      TM("palignr mm mem " #k, 0x0f, 0x3a, 0x0f, 0x06, k)
static const struct tcase ssse3_cases[] = {
    S3("pshufb", 0x00),
    S3("phaddw", 0x01),
    S3("phaddd", 0x02),
    S3("phaddsw", 0x03),
    S3("pmaddubsw", 0x04),
    S3("phsubw", 0x05),
    S3("phsubd", 0x06),
    S3("phsubsw", 0x07),
    S3("psignb", 0x08),
    S3("psignw", 0x09),
    S3("psignd", 0x0a),
    S3("pmulhrsw", 0x0b),
    S3("pabsb", 0x1c),
    S3("pabsw", 0x1d),
    S3("pabsd", 0x1e),
    PALIGNR(0),
    PALIGNR(1),
    PALIGNR(7),
    PALIGNR(8),
    PALIGNR(15),
    PALIGNR(16),
    PALIGNR(17),
    PALIGNR(31),
    PALIGNR(32),
    PALIGNR(200),
    T("pshufb xmm8", 0x66, 0x45, 0x0f, 0x38, 0x00, 0xc1),
};
Test(sse, sse3) { run_cases(sse3_cases, ARRAY_SIZE(sse3_cases), 400); }
Test(sse, ssse3) { run_cases(ssse3_cases, ARRAY_SIZE(ssse3_cases), 200); }
Test(sse, sse3_ssse3_mode32) {
  run_cases32(sse3_cases, ARRAY_SIZE(sse3_cases), 50);
  run_cases32(ssse3_cases, ARRAY_SIZE(ssse3_cases), 50);
}
