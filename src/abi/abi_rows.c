/* abi_rows.c — every system call's row (src/abi/calls_*.inc) as data: the
 * handlers of both ABIs, i386's signed arguments, and what --lockstep and
 * --compare need, for the two tables (abi_x86_64.c, abi_i386.c) and the
 * tools that look a call up by name. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "lx_fs.h"
#include "lx_proc.h"
#include "lx_types.h"

/* The handler of no row: a call a table lists without one answers -ENOSYS. */
const struct sys_handler sysh_NONE = {NULL, 0};

/* The check column's outputs (abi.h's struct sys_out): the result's count of
 * bytes; one object of a type (both ABIs, or one); struct lx64_<s> or
 * lx32_<s> by the ABI; an array of elem whose count is argument `count`. */
#define LK(flags, ...) \
  flags, { __VA_ARGS__ }
#define LK_RET(arg) \
  { arg, SYS_OUT_RET, 0, 0 }
#define LK_OBJ(arg, t) \
  { arg, SYS_OUT_OBJ, sizeof(t), sizeof(t) }
#define LK_OBJ64(arg, t) \
  { arg, SYS_OUT_OBJ, sizeof(t), 0 }
#define LK_OBJ32(arg, t) \
  { arg, SYS_OUT_OBJ, 0, sizeof(t) }
#define LK_FIX(arg, t64, t32) \
  { arg, SYS_OUT_OBJ, sizeof(t64), sizeof(t32) }
#define LK_LX(arg, s) LK_FIX(arg, struct lx64_##s, struct lx32_##s)
#define LK_ARRAY(arg, count, elem) \
  { arg, SYS_OUT_ARRAY, count, sizeof(elem) }

/* `as` is _ for "the call itself".  A check column without outputs leaves
 * out[] zero. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct sys_row abi_rows[ABI_NROWS] = {
#define CALL(n, h64, h32, sx, as, ck, ...) \
  [ABI_ROW_##n] = {#n, sizeof(#as) == 2 ? #n : #as, &sysh_##h64, &sysh_##h32, sx, ck},
#define SHOW(n, ...) [ABI_ROW_##n] = {#n, #n, &sysh_NONE, &sysh_NONE, 0, 0},
#include "calls.inc"
#undef CALL
#undef SHOW
};
#pragma GCC diagnostic pop

static const struct sys_row *by_name[ABI_NROWS];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int row_cmp(const void *a, const void *b) {
  return strcmp((*(const struct sys_row *const *)a)->name,
                (*(const struct sys_row *const *)b)->name);
}

static void sort_rows(void) {
  for (size_t i = 0; i < ABI_NROWS; i++) by_name[i] = &abi_rows[i];
  qsort(by_name, ABI_NROWS, sizeof by_name[0], row_cmp);
}

const struct sys_row *abi_row(const char *name) {
  if (!name) return NULL;
  pthread_once(&by_name_once, sort_rows);
  struct sys_row key = {.name = name};
  const struct sys_row *kp = &key;
  const struct sys_row *const *r = bsearch(&kp, by_name, ABI_NROWS, sizeof by_name[0], row_cmp);
  return r ? *r : NULL;
}
