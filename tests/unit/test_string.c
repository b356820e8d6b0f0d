/* test_string.c — MOVS CMPS STOS LODS SCAS with and without REP/REPE/REPNE,
 * both directions, operand sizes 1/2/4/8 and address sizes 64/32, against the
 * host CPU through test_mov.c's same-address harness (mh_check).  Counts reach
 * past the REP fast-path threshold, and overlapping MOVS ranges check that the
 * fast path never replaces element-wise copying where the two differ. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cpu/cpu_internal.h"

#define MH_DATA 0x40100000ull
void mh_check(const u8 *code, size_t n, const u64 *regs, u64 target, u64 fmask, const void *mem,
              size_t mem_len, u64 mem_at, const char *what);
u64 mh_rnd(void);

#define FL (F_ARITH | F_DF)

/* Registers for a string op: rsi/rdi into DATA (room for 300 elements of 8
 * bytes either way), rcx = count, rax random, DF as asked. */
static void str_regs(u64 *r, u64 si, u64 di, u64 count, int df) {
  for (int i = 0; i < 16; i++) r[i] = mh_rnd();
  r[R_SP] = MH_DATA + 0xf000;
  r[R_SI] = MH_DATA + si;
  r[R_DI] = MH_DATA + di;
  r[R_CX] = count;
  r[16] = (df ? F_DF : 0) | (mh_rnd() & F_ARITH);
}

/* op: the string opcode (A4 A5 A6 A7 AA AB AC AD AE AF); prefixes in pfx. */
static void one(const u8 *pfx, int npfx, u8 op, u64 si, u64 di, u64 count, int df, const void *mem,
                size_t len, u64 at, u64 rax) {
  u8 code[8];
  memcpy(code, pfx, npfx);
  code[npfx] = op;
  u64 r[17];
  str_regs(r, si, di, count, df);
  if (rax != 1) r[R_AX] = rax;
  char what[96];
  snprintf(what, sizeof what, "pfx %d:%02x op %02x si %#lx di %#lx n %lu df %d", npfx,
           npfx ? pfx[0] : 0, op, (unsigned long)si, (unsigned long)di, (unsigned long)count, df);
  mh_check(code, npfx + 1, r, 0, FL, mem, len, at, what);
}

static const u8 P_NONE[] = {0};
static const u8 P_REP[] = {0xf3};
static const u8 P_REPNE[] = {0xf2};
static const u8 P_REPW[] = {0xf3, 0x48};  /* rep + REX.W */
static const u8 P_REP66[] = {0x66, 0xf3}; /* 16-bit elements */
static const u8 P_REP67[] = {0x67, 0xf3}; /* 32-bit addresses */
static const u8 P_REPNEW[] = {0xf2, 0x48};

static const u64 counts[] = {0, 1, 2, 7, 31, 32, 33, 100, 257};

Test(string, movs_stos_lods) {
  const u8 ops[] = {0xa4, 0xa5, 0xaa, 0xab, 0xac, 0xad};
  struct {
    const u8 *p;
    int n;
  } pf[] = {{P_NONE, 0}, {P_REP, 1}, {P_REPNE, 1}, {P_REPW, 2}, {P_REP66, 2}, {P_REP67, 2}};
  for (unsigned o = 0; o < sizeof ops; o++)
    for (unsigned p = 0; p < ARRAY_SIZE(pf); p++)
      for (unsigned k = 0; k < ARRAY_SIZE(counts); k++)
        for (int df = 0; df < 2; df++) {
          /* forward: start low; backward: start high */
          u64 si = df ? 0x5000 : 0x2000, di = df ? 0x9000 : 0x6000;
          one(pf[p].p, pf[p].n, ops[o], si + k, di + 3 * k, counts[k], df, NULL, 0, 0,
              0x1122334455667788ull * (k + 1));
        }
  /* a uniform STOS value (the memset path) and large counts */
  one(P_REPW, 2, 0xab, 0, 0x1000, 1000, 0, NULL, 0, 0, 0x4242424242424242ull);
  one(P_REP, 1, 0xaa, 0, 0x1003, 5000, 0, NULL, 0, 0, 0x37);
  one(P_REP, 1, 0xab, 0, 0x1001, 3000, 0, NULL, 0, 0, 0xdeadbeef);
  /* ECX upper half ignored with a 32-bit address size */
  one(P_REP67, 2, 0xa4, 0x2000, 0x6000, 0x500000040ull, 0, NULL, 0, 0, 1);
}

Test(string, movs_overlap) {
  /* destination = source + d for several d, forward and backward, every size */
  const u8 ops[] = {0xa4, 0xa5};
  const int dist[] = {-9, -8, -4, -1, 0, 1, 3, 4, 8, 64, 300, 3000};
  for (unsigned o = 0; o < sizeof ops; o++)
    for (unsigned i = 0; i < ARRAY_SIZE(dist); i++)
      for (int df = 0; df < 2; df++) {
        one(P_REP, 1, ops[o], 0x4000, 0x4000 + dist[i], 100, df, NULL, 0, 0, 1);
        one(P_REPW, 2, ops[o], 0x4000, 0x4000 + dist[i], 100, df, NULL, 0, 0, 1);
      }
}

Test(string, cmps_scas) {
  /* two buffers equal for a prefix of varying length, then different */
  u8 buf[0x2000];
  for (int i = 0; i < 0x1000; i++) buf[i] = buf[0x1000 + i] = (u8)(i * 7 + 3);
  const u8 ops[] = {0xa6, 0xa7, 0xae, 0xaf};
  struct {
    const u8 *p;
    int n;
  } pf[] = {{P_NONE, 0},   {P_REP, 1},   {P_REPNE, 1}, {P_REPW, 2},
            {P_REPNEW, 2}, {P_REP66, 2}, {P_REP67, 2}};
  const int diff_at[] = {0, 1, 5, 40, 200};
  for (unsigned d = 0; d < ARRAY_SIZE(diff_at); d++) {
    u8 b2[0x2000];
    memcpy(b2, buf, sizeof b2);
    b2[0x1000 + 0x100 + diff_at[d]] ^= 0x55;
    b2[0x1000 + 0x100 - diff_at[d]] ^= 0x55;
    for (unsigned o = 0; o < sizeof ops; o++)
      for (unsigned p = 0; p < ARRAY_SIZE(pf); p++)
        for (unsigned k = 0; k < ARRAY_SIZE(counts); k++)
          for (int df = 0; df < 2; df++) {
            /* scas: rax = the byte/word at the start, so REPE runs and REPNE stops */
            u64 rax = k & 1 ? 0x0303030303030303ull : (u64)b2[0x100] * 0x0101010101010101ull;
            one(pf[p].p, pf[p].n, ops[o], 0x2100, 0x3100, counts[k], df, b2, sizeof b2, 0x2000,
                rax);
          }
  }
  /* REPNE SCASB as strlen */
  static const char s[] = "hello, string instructions";
  one(P_REPNE, 1, 0xae, 0, 0x2000, ~0ull, 0, s, sizeof s, 0x2000, 0);
}
