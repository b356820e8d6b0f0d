/* strace_count.c — -c and -C: strace's summary table (strace's count.c,
 * call_summary_pers, as strace 6.1 prints it by default).  Every traced call
 * that returns is counted, by the name the log gives it (an i386
 * socketcall() or ipc() as the call it stands for), with its time and
 * whether it failed; a call that never returns (exit_group, a call the
 * process was killed in) is not, as strace never sees its end.  The counts
 * live in the shared board (strace_log.c) after its header, so that the
 * threads, forked children and execve'd programs of one tree add to one
 * table, which the tree's last task prints.
 *
 * The time is the wall time from the call's entry to its return (strace's
 * -w; strace's default is the tracee's system time, which an emulator's
 * host thread does not have apart from emu's own work).  Rows are sorted by
 * time, then by system-call number as strace's stable sort leaves ties; the
 * i386 table comes second, headed "System call usage summary for 32 bit
 * mode:", as strace's second personality.  An execve counts in the table of
 * the code that made it: the first program's in x86-64's (a 64-bit strace
 * starts it), a guest's in its own ABI's. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "strace.h"

struct trc_count {
  char name[40];
  i64 order; /* the system-call number (subcalls after every real call) */
  u32 calls, errors;
  u64 ns;
};

#define SLOTS 1024 /* per ABI: more than either table has calls */

size_t trc_count_bytes(void) { return 2 * SLOTS * sizeof(struct trc_count); }

static struct trc_count *table_of(enum abi abi) {
  struct trc_count *c = trc_board_counts();
  return c ? c + (abi == ABI_I386 ? SLOTS : 0) : NULL;
}

void trc_count_call(enum abi abi, long order, const char *name, long ret, u64 ns) {
  char unk[40];
  if (!name) {
    snprintf(unk, sizeof unk, "syscall_%#lx", order);
    name = unk;
  }
  u32 h = 2166136261u; /* FNV-1a */
  for (const char *p = name; *p; p++) h = (h ^ (u8)*p) * 16777619u;
  trc_board_lock();
  struct trc_count *tab = table_of(abi);
  for (u32 k = 0; tab && k < SLOTS; k++) {
    struct trc_count *e = &tab[(h + k) % SLOTS];
    if (!e->calls) {
      snprintf(e->name, sizeof e->name, "%s", name);
      e->order = order;
    } else if (strcmp(e->name, name)) {
      continue;
    }
    e->calls++;
    e->errors += ret < 0 && ret >= -4095;
    e->ns += ns;
    break;
  }
  trc_board_unlock();
}

static int by_time(const void *pa, const void *pb) {
  const struct trc_count *a = *(const struct trc_count *const *)pa;
  const struct trc_count *b = *(const struct trc_count *const *)pb;
  if (a->ns != b->ns) return a->ns > b->ns ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static void put_errors(FILE *f, u32 n) {
  if (n)
    fprintf(f, " %9u", n);
  else
    fprintf(f, " %9s", "");
}

static void report_abi(FILE *f, struct trc_count *tab) {
  static struct trc_count *rows[SLOTS];
  int n = 0;
  u64 total = 0;
  u32 calls = 0, errors = 0;
  size_t width = 16; /* strace: the longest name and one, 16 at least */
  for (int k = 0; k < SLOTS; k++) {
    if (!tab[k].calls) continue;
    rows[n++] = &tab[k];
    total += tab[k].ns;
    calls += tab[k].calls;
    errors += tab[k].errors;
    if (strlen(tab[k].name) + 1 > width) width = strlen(tab[k].name) + 1;
  }
  qsort(rows, (size_t)n, sizeof rows[0], by_time);
  char dashes[64];
  if (width >= sizeof dashes) width = sizeof dashes - 1;
  memset(dashes, '-', width);
  dashes[width] = 0;
  fprintf(f, "%6.6s %11.11s %11.11s %9.9s %9.9s %s\n", "% time", "seconds", "usecs/call", "calls",
          "errors", "syscall");
  fprintf(f, "------ ----------- ----------- --------- --------- %s\n", dashes);
  for (int k = 0; k < n; k++) {
    const struct trc_count *e = rows[k];
    fprintf(f, "%6.2f %11.6f %11llu %9u", total ? 100.0 * (double)e->ns / (double)total : 0.0,
            (double)e->ns / 1e9, (unsigned long long)(e->ns / e->calls / 1000), e->calls);
    put_errors(f, e->errors);
    fprintf(f, " %s\n", e->name);
  }
  fprintf(f, "------ ----------- ----------- --------- --------- %s\n", dashes);
  fprintf(f, "%6.2f %11.6f %11llu %9u", 100.0, (double)total / 1e9,
          (unsigned long long)(calls ? total / calls / 1000 : 0), calls);
  put_errors(f, errors);
  fprintf(f, " total\n");
}

void trc_count_report(FILE *f) {
  struct trc_count *t64 = table_of(ABI_X86_64), *t32 = table_of(ABI_I386);
  bool any64 = false, any32 = false;
  for (int k = 0; t64 && k < SLOTS; k++) any64 |= t64[k].calls != 0;
  for (int k = 0; t32 && k < SLOTS; k++) any32 |= t32[k].calls != 0;
  if (any64) report_abi(f, t64);
  if (any32) {
    fprintf(f, "System call usage summary for 32 bit mode:\n");
    report_abi(f, t32);
  }
}
