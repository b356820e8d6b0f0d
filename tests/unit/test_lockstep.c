/* test_lockstep.c — --lockstep's comparison (lockstep_cmp.c) on made-up
 * states: what counts as a difference and what does not (addresses in
 * corresponding regions, SDM-undefined flags, the tracer's TF, upper halves
 * in 32-bit mode), the printed report; and --compare's name canonicalisation
 * and alignment (compare.c). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/compare.h"
#include "check/lockstep.h"

static struct lks_state base(int mode) {
  struct lks_state s;
  memset(&s, 0, sizeof s);
  s.mode = mode;
  for (int i = 0; i < 16; i++) s.r[i] = 0x1000 + i;
  s.r[R_SP] = 0x1fffffffe3b8ull;
  s.rip = 0x401000;
  s.flags = 0x246;
  s.mxcsr = 0x1f80;
  s.fcw = 0x37f;
  s.st_empty = 0xff;
  return s;
}

Test(lockstep_cmp, identical_states_agree) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
}

Test(lockstep_cmp, a_register_that_differs_is_reported) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  n.r[R_AX] = 2;
  n.r[R_R13] = 7;
  u64 d = lks_compare(&e, &n, &m, 0, 0);
  cr_assert_eq(d, (1ull << R_AX) | (1ull << R_R13));
  /* unless the caller skips it */
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 1u << R_AX), 1ull << R_R13);
}

Test(lockstep_cmp, addresses_in_corresponding_regions_agree) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  e.r[R_SP] = 0x1fffffffe3b8ull;
  n.r[R_SP] = 0x7fffffffe3b8ull;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 1ull << R_SP);
  lks_map_add(&m, 0x7fffff7ff000ull, 0x1fffff7ff000ull, 8ull << 20);
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
  /* the same offset is required */
  n.r[R_SP] += 8;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 1ull << R_SP);
  cr_assert_eq(lks_map_to_native(&m, 0x1fffffffe3b8ull), 0x7fffffffe3b8ull);
  cr_assert_eq(lks_map_to_native(&m, 0x401000), 0x401000);
}

Test(lockstep_cmp, undefined_flags_are_not_compared) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  n.flags |= F_AF | F_SF;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), LKS_D_FLAGS);
  cr_assert_eq(lks_compare(&e, &n, &m, F_AF, 0), LKS_D_FLAGS);
  cr_assert_eq(lks_compare(&e, &n, &m, F_AF | F_SF, 0), 0);
  /* TF (the tracer's single-stepping) and RF are never compared */
  n = base(64);
  n.flags |= F_TF | F_RF;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
  /* DF is */
  n.flags |= F_DF;
  cr_assert_eq(lks_compare(&e, &n, &m, F_ARITH, 0), LKS_D_FLAGS);
}

Test(lockstep_cmp, mode32_ignores_upper_halves_and_high_registers) {
  struct lks_state e = base(32), n = base(32);
  struct lks_map m = {.n = 0};
  n.r[R_BX] |= 0xdead00000000ull;
  n.r[R_R9] = 5;
  n.xmm[9].q[0] = 1;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
  n.r[R_BX] ^= 1;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 1ull << R_BX);
}

Test(lockstep_cmp, vector_and_x87_state) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  n.xmm[3].d[2] = 1;
  n.mxcsr = 0x1fa0;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), LKS_D_XMM | LKS_D_MXCSR);
  n = base(64);
  e.st_empty = n.st_empty = 0xfe;
  long double one = 1.0L, two = 2.0L;
  memcpy(e.st[0], &one, 10);
  memcpy(n.st[0], &one, 10);
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
  memcpy(n.st[0], &two, 10);
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), LKS_D_X87);
  /* an empty register's stale contents do not count */
  e.st_empty = n.st_empty = 0xff;
  cr_assert_eq(lks_compare(&e, &n, &m, 0, 0), 0);
}

Test(lockstep_cmp, the_report_marks_the_difference) {
  struct lks_state e = base(64), n = base(64);
  struct lks_map m = {.n = 0};
  n.r[R_DX] = 0x3e9b121d18a43328ull;
  e.r[R_DX] = 0x3e9b721d18a43328ull;
  n.flags |= F_CF;
  u64 d = lks_compare(&e, &n, &m, 0, 0);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  lks_print_states(f, &e, &n, &m, d, 0);
  fclose(f);
  cr_assert(strstr(buf, "! rdx      0x3e9b721d18a43328  0x3e9b121d18a43328"), "%s", buf);
  cr_assert(strstr(buf, "  rax "), "%s", buf);
  cr_assert_null(strstr(buf, "! rax"), "%s", buf);
  cr_assert(strstr(buf, "! flags"), "%s", buf);
  cr_assert(strstr(buf, "emu: PF ZF IF | native: CF PF ZF IF"), "%s", buf);
  free(buf);
}

Test(compare, canonical_names) {
  cr_assert_str_eq(cmp_canon("mmap2"), "mmap");
  cr_assert_str_eq(cmp_canon("_llseek"), "lseek");
  cr_assert_str_eq(cmp_canon("stat64"), "stat");
  cr_assert_str_eq(cmp_canon("fcntl64"), "fcntl");
  cr_assert_str_eq(cmp_canon("ugetrlimit"), cmp_canon("prlimit64"));
  cr_assert_str_eq(cmp_canon("clock_gettime64"), "clock_gettime");
  cr_assert_str_eq(cmp_canon("set_thread_area"), "arch_prctl");
  cr_assert_str_eq(cmp_canon("write"), "write");
}

Test(compare, alignment_is_a_longest_common_subsequence) {
  const char *a[] = {"brk", "set_thread_area", "write", "getpid", "exit_group"};
  const char *b[] = {"brk", "arch_prctl", "uname", "write", "exit_group"};
  const char *ca[5], *cb[5];
  for (int i = 0; i < 5; i++) ca[i] = cmp_canon(a[i]), cb[i] = cmp_canon(b[i]);
  long pa[10], pb[10];
  size_t n = cmp_align(ca, 5, cb, 5, pa, pb);
  /* brk=brk, set_thread_area=arch_prctl, >uname, write=write, <getpid, exit=exit */
  cr_assert_eq(n, 6);
  long wa[] = {0, 1, -1, 2, 3, 4}, wb[] = {0, 1, 2, 3, -1, 4};
  for (size_t i = 0; i < n; i++) {
    cr_assert_eq(pa[i], wa[i], "row %zu", i);
    cr_assert_eq(pb[i], wb[i], "row %zu", i);
  }
}
