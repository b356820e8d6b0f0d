/* test_flags.c — the flags gateway (flags.c) on its own: every lazy CC_* op
 * fed through cc_lazy, then cpu_get_flags and all sixteen cpu_cond read back
 * and compared with the host CPU executing the same operation (exhaustive
 * over byte operands, random over wider ones), plus cpu_set_flags rules. */
#include <criterion/criterion.h>

#include "cpu/cpu_internal.h"

enum { OP_ADD, OP_ADC, OP_SUB, OP_SBB, OP_AND, OP_INC, OP_DEC, OP_NEG, OP_SHL, OP_SHR, OP_SAR };

/* Run op natively at width size on a, b (count for shifts) with CF = cin;
 * returns RFLAGS afterwards, *res the result. */
static u64 host_op(int op, int size, u64 a, u64 b, int cin, u64 *res) {
  u64 f = 0x202 | (cin ? F_CF : 0), r = a;
  u8 cl = b;
#define H(insn, sfx, reg)                                                                      \
  __asm__ volatile("push %[f]; popfq; " insn sfx " %" reg "[s], %" reg "[r]; pushfq; pop %[f]" \
                   : [r] "+r"(r), [f] "+r"(f)                                                  \
                   : [s] "r"(b)                                                                \
                   : "cc")
#define H1(insn, sfx, reg)                                                        \
  __asm__ volatile("push %[f]; popfq; " insn sfx " %" reg "[r]; pushfq; pop %[f]" \
                   : [r] "+r"(r), [f] "+r"(f)                                     \
                   :                                                              \
                   : "cc")
#define HS(insn, sfx, reg)                                                              \
  __asm__ volatile("push %[f]; popfq; " insn sfx " %%cl, %" reg "[r]; pushfq; pop %[f]" \
                   : [r] "+r"(r), [f] "+r"(f)                                           \
                   : "c"(cl)                                                            \
                   : "cc")
#define WIDTHS(M, insn)              \
  switch (size) {                    \
  case 1: M(insn, "b", "b"); break;  \
  case 2: M(insn, "w", "w"); break;  \
  case 4: M(insn, "l", "k"); break;  \
  default: M(insn, "q", "q"); break; \
  }
  switch (op) {
  case OP_ADD: WIDTHS(H, "add"); break;
  case OP_ADC: WIDTHS(H, "adc"); break;
  case OP_SUB: WIDTHS(H, "sub"); break;
  case OP_SBB: WIDTHS(H, "sbb"); break;
  case OP_AND: WIDTHS(H, "and"); break;
  case OP_INC: WIDTHS(H1, "inc"); break;
  case OP_DEC: WIDTHS(H1, "dec"); break;
  case OP_NEG: WIDTHS(H1, "neg"); break;
  case OP_SHL: WIDTHS(HS, "shl"); break;
  case OP_SHR: WIDTHS(HS, "shr"); break;
  default: WIDTHS(HS, "sar"); break;
  }
  *res = r & size_mask(size);
  return f;
}

/* The same through the gateway: the lazy state a handler would leave. */
static void emu_op(struct cpu *c, int op, int size, u64 a, u64 b, int cin) {
  u64 m = size_mask(size);
  a &= m;
  b &= m;
  c->flags = 0x202 | (cin ? F_CF : 0);
  c->cc_op = CC_EAGER;
  switch (op) {
  case OP_ADD: cc_lazy(c, CC_ADD, size, a + b, a, b); break;
  case OP_ADC: cc_lazy(c, CC_ADC, size, a + b + cin, a, b); break;
  case OP_SUB: cc_lazy(c, CC_SUB, size, a - b, a, b); break;
  case OP_SBB: cc_lazy(c, CC_SBB, size, a - b - cin, a, b); break;
  case OP_AND: cc_lazy(c, CC_LOGIC, size, a & b, 0, 0); break;
  case OP_INC: cc_lazy(c, CC_INC, size, a + 1, a, cin); break;
  case OP_DEC: cc_lazy(c, CC_DEC, size, a - 1, a, cin); break;
  case OP_NEG: cc_lazy(c, CC_NEG, size, -a, 0, a); break;
  default: {
    unsigned n = b & (size == 8 ? 63 : 31);
    if (!n) break; /* count 0: no flag changes */
    int cc = op == OP_SHL ? CC_SHL : op == OP_SHR ? CC_SHR : CC_SAR;
    u64 r = op == OP_SHL ? a << n : op == OP_SHR ? a >> n : (u64)(sext(a, size) >> n);
    cc_lazy(c, cc, size, r, a, n);
    break;
  }
  }
}

static bool cond_ref(u64 f, int cc) {
  bool cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, of = f & F_OF, pf = f & F_PF, r;
  switch (cc >> 1) {
  case 0: r = of; break;
  case 1: r = cf; break;
  case 2: r = zf; break;
  case 3: r = cf || zf; break;
  case 4: r = sf; break;
  case 5: r = pf; break;
  case 6: r = sf != of; break;
  default: r = zf || sf != of; break;
  }
  return r != (cc & 1);
}

/* Flags the SDM leaves undefined for op with count n (shifts). */
static u64 undef(int op, int size, unsigned n) {
  if (op == OP_AND) return F_AF; /* "The state of the AF flag is undefined" */
  if (op >= OP_SHL && n)         /* AF undefined; OF only for 1-bit shifts; CF past the width */
    return F_AF | (n != 1 ? F_OF : 0) | (n >= (unsigned)size * 8 ? F_CF : 0);
  return 0;
}

static int check(int op, int size, u64 a, u64 b, int cin) {
  struct cpu c = {0};
  u64 hres, hf = host_op(op, size, a, b, cin, &hres) & F_ARITH;
  unsigned n = b & (size == 8 ? 63 : 31);
  u64 u = undef(op, size, n);
  emu_op(&c, op, size, a, b, cin);
  for (int cc = 0; cc < 16; cc++) {
    struct cpu lazy = c;
    u64 reads = (u64[]){
        F_OF, F_CF, F_ZF, F_CF | F_ZF, F_SF, F_PF, F_SF | F_OF, F_ZF | F_SF | F_OF}[cc >> 1];
    if (reads & u) continue;
    if (cpu_cond(&lazy, cc) != cond_ref(hf, cc)) {
      cr_log_error("op %d size %d a %#lx b %#lx cin %d: cond %d", op, size, a, b, cin, cc);
      return 1;
    }
  }
  u64 ef = cpu_get_flags(&c) & F_ARITH;
  if ((ef ^ hf) & ~u) {
    cr_log_error("op %d size %d a %#lx b %#lx cin %d: host %#lx emu %#lx", op, size, a, b, cin, hf,
                 ef);
    return 1;
  }
  return 0;
}

Test(flags, bytes_exhaustive) {
  int fails = 0;
  for (int op = OP_ADD; op <= OP_SAR && fails < 10; op++)
    for (unsigned a = 0; a < 256; a++)
      for (unsigned b = 0; b < 256; b++)
        for (int cin = 0; cin < 2; cin++) fails += check(op, 1, a, b, cin);
  cr_assert_eq(fails, 0);
}

Test(flags, wide_random) {
  u64 x = 88172645463325252ull;
  int fails = 0;
  static const u64 edge[] = {0,          1,          ~0ull,      0x7fff,          0x8000,
                             0x7fffffff, 0x80000000, 1ull << 63, (1ull << 63) - 1};
  for (int i = 0; i < 200000 && fails < 10; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    u64 a = x % 4 ? x : edge[x % ARRAY_SIZE(edge)];
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    u64 b = x % 4 ? x : edge[(x >> 8) % ARRAY_SIZE(edge)];
    int op = (x >> 20) % (OP_SAR + 1), size = 2 << ((x >> 30) % 3);
    if (op >= OP_SHL) b &= 63;
    fails += check(op, size, a, b, (x >> 40) & 1);
  }
  cr_assert_eq(fails, 0);
}

Test(flags, set_and_get) {
  struct cpu c = {0};
  c.flags = 0x202;
  c.cc_op = CC_EAGER;
  cc_lazy(&c, CC_SUB, 4, 0, 5, 5); /* ZF=1 PF=1 */
  cpu_set_flags(&c, F_CF, F_CF);   /* writes CF only: ZF/PF survive */
  cr_assert_eq(cpu_get_flags(&c) & F_ARITH, F_CF | F_ZF | F_PF);
  cc_lazy(&c, CC_ADD, 1, 0x00, 0x80, 0x80); /* CF ZF PF OF */
  cpu_set_flags(&c, 0, F_ARITH);            /* all arithmetic bits at once */
  cr_assert_eq(cpu_get_flags(&c), 0x202);
  cpu_set_flags(&c, F_DF, F_DF); /* non-arithmetic bits pass through */
  cc_lazy(&c, CC_LOGIC, 8, 1ull << 63, 0, 0);
  cr_assert_eq(cpu_get_flags(&c), 0x202 | F_DF | F_SF | F_PF); /* low byte 0: even parity */
  cr_assert(cpu_cond(&c, 8));                                  /* S */
  cr_assert(cpu_cond(&c, 12));                                 /* L: SF != OF */
  cr_assert(!cpu_cond(&c, 2));                                 /* B: CF = 0 after logic */
}

/* INC/DEC keep CF; the high bits of cc_* beyond the size are ignored. */
Test(flags, inc_keeps_cf_and_ignores_high_bits) {
  struct cpu c = {0};
  c.flags = 0x202;
  cc_lazy(&c, CC_INC, 2, 0x12340000, 0x1233ffff, 1);
  cr_assert_eq(cpu_get_flags(&c) & F_ARITH, F_CF | F_ZF | F_PF | F_AF);
  cc_lazy(&c, CC_SUB, 1, 0xffffff00, 0x100, 0x200); /* 0x00 - 0x00 at byte width */
  cr_assert(cpu_cond(&c, 4));
  cr_assert(!cpu_cond(&c, 2));
}
