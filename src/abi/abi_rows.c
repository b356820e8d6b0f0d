/* abi_rows.c — every system call's row (src/abi/calls_*.inc) as data: the
 * handlers of both ABIs, i386's signed arguments, and what --lockstep and
 * --compare need, for the two tables (abi_x86_64.c, abi_i386.c) and the
 * tools that look a call up by name. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

/* The handler of no row: a call a table lists without one answers -ENOSYS. */
const struct sys_handler sysh_NONE = {NULL, 0};

/* `as` is _ for "the call itself". */
const struct sys_row abi_rows[ABI_NROWS] = {
#define CALL(n, h64, h32, sx, as, ck, ...) \
  [ABI_ROW_##n] = {#n, sizeof(#as) == 2 ? #n : #as, &sysh_##h64, &sysh_##h32, sx, ck},
#define SHOW(n, ...) [ABI_ROW_##n] = {#n, #n, &sysh_NONE, &sysh_NONE, 0, 0},
#include "calls.inc"
#undef CALL
#undef SHOW
};

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
