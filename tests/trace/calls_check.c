/* calls_check.c — the consistency of the system calls' rows
 * (src/abi/calls_*.inc) with the kernel's numbers and with the system-call
 * log's kind table:
 *
 *  - every number of asm/unistd_{64,32}.h has its name in that ABI's table,
 *    and a few numbers typed from the kernel's syscall_{64,32}.tbl agree with
 *    the generated ones (write is 1 on x86-64 and 4 on i386);
 *  - a row whose name has a number in an ABI has a handler in one of them, a
 *    row whose name has none (strace-only: socketcall's send and recv) has
 *    none, and a row's handler is reached through that ABI's number; the
 *    buffers --lockstep copies back name arguments, with sizes only for the
 *    ABIs that have the call;
 *  - every argument kind of a row's signature has a row in the kind table
 *    (src/strace/strace_kinds.c), so nothing falls through to a default.
 *
 * The third check of the rows, that no handler lacks a row, reads the sources
 * (tests/calls_rows.sh).  Prints each gap; exit status 1 when there is one. */
#include <asm/unistd_64.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "abi/abi.h"
#include "strace/strace_fmt.h"

static int bad;

__attribute__((format(printf, 1, 2))) static void gap(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  bad++;
}

/* Every number of the kernel's header names its call in emu's table. */
struct hdr_nr {
  long nr;
  const char *name;
};

#define SYSNR(nr, name) {nr, #name},
static const struct hdr_nr h64[] = {
#include "sysnr_x86_64.inc"
};
static const struct hdr_nr h32[] = {
#include "sysnr_i386.inc"
};
#undef SYSNR

static void numbers(void) {
  for (size_t i = 0; i < ARRAY_SIZE(h64); i++) {
    const char *n = abi64_name(h64[i].nr);
    if (!n || strcmp(n, h64[i].name))
      gap("x86-64: %s is not %ld in the table", h64[i].name, h64[i].nr);
  }
  for (size_t i = 0; i < ARRAY_SIZE(h32); i++) {
    const char *n = abi32_name(h32[i].nr);
    if (!n || strcmp(n, h32[i].name))
      gap("i386: %s is not %ld in the table", h32[i].name, h32[i].nr);
  }
  /* The generator against the header as the compiler reads it (x86-64), and
   * against numbers typed from arch/x86/entry/syscalls/syscall_32.tbl. */
  if (LX64_NR_write != __NR_write || LX64_NR_exit_group != __NR_exit_group ||
      LX64_NR_mmap != __NR_mmap || LX64_NR_clone3 != __NR_clone3)
    gap("x86-64: numbers differ from asm/unistd_64.h");
  if (LX32_NR_write != 4 || LX32_NR_exit != 1 || LX32_NR_socketcall != 102 ||
      LX32_NR__llseek != 140 || LX32_NR_mmap2 != 192 || LX32_NR_set_thread_area != 243 ||
      LX32_NR_arch_prctl != 384 || LX64_NR_mmap2 != -1 || LX32_NR_clone3 != 435)
    gap("i386: numbers differ from syscall_32.tbl");
}

static long nr_of(const char *name, const char *(*name_of)(long)) {
  for (long nr = 0; nr < 1024; nr++) {
    const char *n = name_of(nr);
    if (n && !strcmp(n, name)) return nr;
  }
  return -1;
}

static void rows(void) {
  for (size_t i = 0; i < ABI_NROWS; i++) {
    const struct sys_row *r = &abi_rows[i];
    long n64 = nr_of(r->name, abi64_name), n32 = nr_of(r->name, abi32_name);
    bool has64 = r->h64->fn, has32 = r->h32->fn;
    if ((n64 >= 0 || n32 >= 0) && !has64 && !has32)
      gap("%s: a row without a handler in either ABI", r->name);
    if (n64 < 0 && n32 < 0 && (has64 || has32))
      gap("%s: a handler for a name no kernel header has", r->name);
    if (has64 && n64 < 0) gap("%s: an x86-64 handler, and no x86-64 number", r->name);
    if (has32 && n32 < 0) gap("%s: an i386 handler, and no i386 number", r->name);
    const char *name;
    const struct sys_desc *d64 = has64 && n64 >= 0 ? abi64_lookup(n64, &name) : NULL;
    const struct sys_desc *d32 = has32 && n32 >= 0 ? abi32_lookup(n32, &name) : NULL;
    if (has64 && n64 >= 0 && (!d64 || d64->row != r || d64->h != r->h64))
      gap("%s: x86-64 number %ld does not reach the row's handler", r->name, n64);
    if (has32 && n32 >= 0 && (!d32 || d32->row != r || d32->h != r->h32))
      gap("%s: i386 number %ld does not reach the row's handler", r->name, n32);
    if (abi_row(r->name) != r) gap("%s: two rows, or abi_row does not find it", r->name);
    for (int k = 0; k < 3 && r->out[k].how; k++) {
      const struct sys_out *o = &r->out[k];
      if (o->arg > 5 || (o->how == SYS_OUT_ARRAY && (o->n64 > 5 || !o->n32)))
        gap("%s: output %d names no argument", r->name, k);
      if (o->how == SYS_OUT_OBJ && ((o->n64 && !has64) || (o->n32 && !has32) || !(o->n64 | o->n32)))
        gap("%s: output %d has a size for an ABI without the call, or none", r->name, k);
    }
    const struct trc_sig *s = trc_sig_find(r->name);
    if (!s) {
      gap("%s: no signature", r->name);
      continue;
    }
    for (int k = 0; k < s->nargs; k++) {
      int kind = TRC_KIND(s->arg[k]);
      if (kind != K_SKIP && !trc_kind_def(kind))
        gap("%s: an argument's kind %#lx has no row in the kind table", r->name, (long)kind);
    }
  }
}

int main(void) {
  numbers();
  rows();
  printf("%zu rows checked, %d gaps\n", (size_t)ABI_NROWS, bad);
  return bad ? 1 : 0;
}
