/* strace_kinds.c — the kind table of the system-call log: the subject
 * files' rows (strace_fmt.h) merged into one table indexed by argument kind
 * and one indexed by result kind, and the dispatch through them: an
 * argument's separator and formatter, the address an output kind prints when
 * its call failed, a result (the kernel's restart codes and errors here,
 * every other result kind by its row), and what strace adds after the
 * result.  A kind has exactly one row: a second one stops emu at its first
 * log line.  Mirrors the part of strace's syscall.c that hands each argument
 * to its printer (syscall_entering_trace / syscall_exiting_trace). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strace_fmt.h"

/* Every subject file's rows, one line each. */
static const struct trc_kind_def *const kind_lists[] = {
    trc_fmt_kinds, trc_fs_kinds, trc_io_kinds,   trc_signal_kinds, trc_time_kinds,  trc_net_kinds,
    trc_ipc_kinds, trc_mm_kinds, trc_proc_kinds, trc_cred_kinds,   trc_sched_kinds,
};
static const struct trc_rv_def *const rv_lists[] = {
    trc_fmt_rvs, trc_fs_rvs, trc_signal_rvs, trc_time_rvs, trc_mm_rvs, trc_proc_rvs, trc_sched_rvs,
};

static const struct trc_kind_def *kinds[0x200];
static trc_rv_fn *rvs[256];
static pthread_once_t merged_once = PTHREAD_ONCE_INIT;

static void merge(void) {
  for (size_t l = 0; l < ARRAY_SIZE(kind_lists); l++) {
    for (const struct trc_kind_def *d = kind_lists[l]; d->kind != K_NONE; d++) {
      if (kinds[d->kind]) {
        fprintf(stderr, "emu: strace kind %#x has two rows\n", d->kind);
        abort();
      }
      kinds[d->kind] = d;
    }
  }
  for (size_t l = 0; l < ARRAY_SIZE(rv_lists); l++) {
    for (const struct trc_rv_def *d = rv_lists[l]; d->fmt; d++) {
      if (rvs[d->rv]) {
        fprintf(stderr, "emu: strace result kind %u has two rows\n", d->rv);
        abort();
      }
      rvs[d->rv] = d->fmt;
    }
  }
}

const struct trc_kind_def *trc_kind_def(int kind) {
  pthread_once(&merged_once, merge);
  return kind >= 0 && kind < (int)ARRAY_SIZE(kinds) ? kinds[kind] : NULL;
}

void trc_fmt_arg(struct trc_buf *b, const struct trc_call *c, int i, u16 k) {
  int kind = TRC_KIND(k);
  const struct trc_kind_def *d = trc_kind_def(kind);
  u64 addr = ularg(c, i);
  if (!(d && (d->flags & TRC_SELF_SEP)) && kind >= K_OUT_FIRST && failed(c) &&
      !(d && (d->flags & TRC_SHOWN_ON_FAILURE)))
    return trc_ptr(b, c, addr);
  if (!d) return trc_printf(b, "%#llx", (unsigned long long)addr);
  d->fmt(b, c, i, TRC_PARAM(k));
}

void trc_fmt_ret(struct trc_buf *b, const struct trc_call *c, u8 rv) {
  long r = c->ret;
  if (c->m32) r = (i32)r;
  if (rv == RV_NORETURN) {
    trc_puts(b, "?");
    return;
  }
  if (r <= -512 && r >= -516 && r != -515) {
    /* the kernel's restart codes, which the program never sees */
    static const char *const restart[] = {"ERESTARTSYS (To be restarted if SA_RESTART is set)",
                                          "ERESTARTNOINTR (To be restarted)",
                                          "ERESTARTNOHAND (To be restarted if no handler)", "",
                                          "ERESTART_RESTARTBLOCK (Interrupted by signal)"};
    trc_printf(b, "? %s", restart[-r - 512]);
    return;
  }
  if (r < 0 && r >= -4095) {
    const char *en = strerrorname_np((int)-r);
    if (en)
      trc_printf(b, "-1 %s (%s)", en, strerror((int)-r));
    else
      trc_printf(b, "-1 ERRNO_%ld (%s)", -r, strerror((int)-r));
    return;
  }
  pthread_once(&merged_once, merge);
  if (rvs[rv])
    rvs[rv](b, c, r);
  else
    trc_printf(b, "%ld", r);
}

void trc_fmt_ret_extra(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs) {
  if (failed(c)) return;
  for (int i = 0; i < nargs; i++) {
    const struct trc_kind_def *d = trc_kind_def(TRC_KIND(arg[i]));
    if (d && d->after && d->after(b, c, arg, nargs, i)) return;
  }
}

_Static_assert(K_LANDLOCK_RULE < K_OUT_FIRST, "input kinds must stay below K_OUT_FIRST");
_Static_assert(K_SLEEP_REM <= 0x1ff, "kinds are 9 bits");
