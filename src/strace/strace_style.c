/* strace_style.c — strace's options that shape the system-call log rather
 * than choose its calls (those are -e, strace_filter.c): -t/-tt/-ttt and -r
 * (timestamps at the start of each line), -T (the time spent in each call),
 * -y (descriptors with their paths), -s N (the length of strings), -c and
 * -C (the summary table, strace_count.c); -f, -q and -w are accepted as
 * what emu always does (it follows every task, prints no attach notes and
 * times each call on the wall clock).  Owns struct trc_style, the parsing
 * of those options and their hand-over to the emu of a guest's execve.
 * Mirrors strace.c's option table (strace 6.1). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strace.h"

struct trc_style trc_style;

u64 trc_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

/* A decimal count: the whole string, 0 to limit. */
static bool count_arg(const char *s, long limit, long *out) {
  char *end;
  if (!s || *s < '0' || *s > '9') return false;
  long v = strtol(s, &end, 10);
  if (*end || v < 0 || v > limit) return false;
  *out = v;
  return true;
}

int trc_style_opt(int argc, char **argv, int *i) {
  const char *a = argv[*i];
  long v;
  if (!strcmp(a, "-t") || !strcmp(a, "-tt") || !strcmp(a, "-ttt")) {
    size_t n = strlen(a) - 1;
    trc_style.stamp = (u8)(trc_style.stamp + n > 3 ? 3 : trc_style.stamp + n);
  } else if (!strcmp(a, "-r")) {
    trc_style.rel = true;
  } else if (!strcmp(a, "-T")) {
    trc_style.took = true;
  } else if (!strcmp(a, "-y")) {
    trc_style.paths = true;
  } else if (!strcmp(a, "-c")) {
    trc_style.count = 1;
  } else if (!strcmp(a, "-C")) {
    trc_style.count = 2;
  } else if (!strcmp(a, "-f") || !strcmp(a, "-q") || !strcmp(a, "-w")) {
    /* what emu does anyway */
  } else if (!strcmp(a, "-s") && *i + 1 < argc && count_arg(argv[*i + 1], 1 << 20, &v)) {
    trc_style.strsize = (int)v;
    ++*i;
  } else if (!strncmp(a, "-s", 2) && a[2] >= '0' && a[2] <= '9') {
    if (!count_arg(a + 2, 1 << 20, &v)) goto bad;
    trc_style.strsize = (int)v;
  } else if (!strncmp(a, "--string-limit=", 15)) {
    if (!count_arg(a + 15, 1 << 20, &v)) goto bad;
    trc_style.strsize = (int)v;
  } else if (!strncmp(a, "--strace-t0=", 12)) {
    /* Internal: when the guest's execve that started this emu entered,
     * ":32" when i386 code made it. */
    char *end;
    trc_style.exec_ns = strtoull(a + 12, &end, 10);
    trc_style.exec32 = !strcmp(end, ":32");
  } else if (!strcmp(a, "-ff") || !strcmp(a, "-yy") || !strncmp(a, "-tttt", 5)) {
    fprintf(stderr, "emu: strace's %s is not supported (see --help)\n", a);
    return -1;
  } else {
    return 0;
  }
  return 1;
bad:
  fprintf(stderr, "emu: %s: the string limit is a count of bytes\n", a);
  return -1;
}

int trc_style_argv(char out[][32], int n) {
  int k = 0;
  static const char *const stamps[] = {NULL, "-t", "-tt", "-ttt"};
  if (trc_style.stamp && k < n) snprintf(out[k++], 32, "%s", stamps[trc_style.stamp]);
  if (trc_style.rel && k < n) snprintf(out[k++], 32, "-r");
  if (trc_style.took && k < n) snprintf(out[k++], 32, "-T");
  if (trc_style.paths && k < n) snprintf(out[k++], 32, "-y");
  if (trc_style.count && k < n) snprintf(out[k++], 32, "%s", trc_style.count == 1 ? "-c" : "-C");
  if (trc_style.strsize && k < n) snprintf(out[k++], 32, "--string-limit=%d", trc_style.strsize);
  if (k < n)
    snprintf(out[k++], 32, "--strace-t0=%llu%s", (unsigned long long)trc_call_start_ns(),
             trc_call_m32() ? ":32" : "");
  return k;
}

/* The log's options for the emu of a guest's execve (sys_exec.c re-runs
 * emu): the log itself (its descriptor, kept open across the execve), the
 * board (strace_log.c: the new emu goes on as the same task), the options
 * above with when this execve entered, and the -e expressions. */
long trc_exec_args(struct task *t, long (*push)(void *ctx, const char *arg), void *ctx) {
  const struct emu_opts *o = t->proc->opts;
  if (!o || !o->strace) return 0;
  char num[32];
  long r = push(ctx, "-s");
  if (!r && o->log && o->log != stderr) {
    int fd = fileno(o->log);
    fcntl(fd, F_SETFD, 0);
    snprintf(num, sizeof num, "%d", fd);
    r = push(ctx, "--log-fd");
    if (!r) r = push(ctx, num);
  }
  int bfd = trc_board_fd();
  if (!r && bfd >= 0) {
    fcntl(bfd, F_SETFD, 0);
    snprintf(num, sizeof num, "%d", bfd);
    r = push(ctx, "--strace-board");
    if (!r) r = push(ctx, num);
  }
  char style[8][32];
  int ns = r ? 0 : trc_style_argv(style, 8);
  for (int k = 0; !r && k < ns; k++) r = push(ctx, style[k]);
  const char *const *exprs;
  int nexprs = trc_filter_exprs(&exprs);
  for (int k = 0; !r && k < nexprs; k++) {
    r = push(ctx, "-e");
    if (!r) r = push(ctx, exprs[k]);
  }
  return r;
}
