/* compare.c — `emu --compare PROG32 PROG64 [ARGS...]`: run an i386 and an
 * x86-64 build of one program under emu (each in a forked process, stdin
 * from /dev/null, stdout captured), record every system call of every task
 * (compare_rec.c: the gate, the number in its table, the registers that
 * carried the arguments, the result, the strace line), pair the tasks of
 * the two runs by their order of creation (task 1 the program, 1.1 the
 * first task it created, ...), then for each pair align the two sequences
 * by call name (longest common subsequence over
 * canonical names: mmap2 ~ mmap, stat64 ~ stat/newfstatat, ...) and print
 * them side by side, 100 columns: which structures the i386 side had
 * translated (a small table of the compat layouts), and a mark where the
 * results differ in behaviour (errno, return value: '!') or where the
 * decoded arguments/output differ beyond addresses ('~').  Marks in the
 * first column: '=' same, '!' results differ, '~' arguments/output differ,
 * '<' only the i386 program made the call, '>' only the x86-64 one.  Pids
 * are compared by the task they name (a fork's result, wait4's, getpid's,
 * a pid inside a strace line), never by number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <emu/emu.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare.h"
#include "compare_int.h"
#include "lockstep.h"
#include "../abi/abi.h"
#include "../abi/lx_fs.h"
#include "../abi/lx_proc.h"
#include "../abi/lx_signal.h"
#include "../abi/lx_time.h"
#include "../abi/lx_types.h"

#define COL      48 /* each side's width; 48 + " | " + 49 = 100 */
#define MAX_CALL 4000

/* ---- names ---- */

/* The x86-64 call an i386 one lines up with: its row's compare column. */
const char *cmp_canon(const char *n) {
  const struct sys_row *r = abi_row(n);
  return r ? r->as : n;
}

/* What the i386 call's arguments and results went through (the compat
 * layouts of the kernel's arch/x86/ia32 and kernel/compat.c): a note whose
 * two %zu, where it has them, are the sizes of the i386 and the x86-64
 * layouts (0, 0 where it has none), written into buf. */
#define SIZES(t32, t64) sizeof(t32), sizeof(t64)
static const char *translated(const char *n32, char *buf, size_t n) {
  static const struct {
    const char *name, *note;
    size_t size32, size64;
  } tr[] = {
      {"stat64", "struct stat64 %zu B / stat %zu B", SIZES(struct lx32_stat64, struct lx64_stat)},
      {"fstat64", "struct stat64 %zu B / stat %zu B", SIZES(struct lx32_stat64, struct lx64_stat)},
      {"lstat64", "struct stat64 %zu B / stat %zu B", SIZES(struct lx32_stat64, struct lx64_stat)},
      {"fstatat64", "struct stat64 %zu B / stat %zu B",
       SIZES(struct lx32_stat64, struct lx64_stat)},
      {"stat", "compat struct stat %zu B / stat %zu B", SIZES(struct lx32_stat, struct lx64_stat)},
      {"fstat", "compat struct stat %zu B / stat %zu B", SIZES(struct lx32_stat, struct lx64_stat)},
      {"lstat", "compat struct stat %zu B / stat %zu B", SIZES(struct lx32_stat, struct lx64_stat)},
      {"_llseek", "offset split hi/lo, result via loff_t *", 0, 0},
      {"mmap2", "offset in 4096-byte pages", 0, 0},
      {"readv", "iovec %zu B / %zu B", SIZES(struct lx32_iovec, struct lx64_iovec)},
      {"writev", "iovec %zu B / %zu B", SIZES(struct lx32_iovec, struct lx64_iovec)},
      {"preadv", "iovec %zu B / %zu B, offset split", SIZES(struct lx32_iovec, struct lx64_iovec)},
      {"pwritev", "iovec %zu B / %zu B, offset split", SIZES(struct lx32_iovec, struct lx64_iovec)},
      {"pread64", "offset split over two registers", 0, 0},
      {"pwrite64", "offset split over two registers", 0, 0},
      {"ftruncate64", "length split over two registers", 0, 0},
      {"truncate64", "length split over two registers", 0, 0},
      {"fadvise64_64", "offset and length split", 0, 0},
      {"clock_gettime", "timespec %zu B (32-bit time_t) / %zu B",
       SIZES(struct lx32_timespec, struct lx64_timespec)},
      {"clock_getres", "timespec %zu B / %zu B", SIZES(struct lx32_timespec, struct lx64_timespec)},
      {"nanosleep", "timespec %zu B / %zu B", SIZES(struct lx32_timespec, struct lx64_timespec)},
      {"clock_nanosleep", "timespec %zu B / %zu B",
       SIZES(struct lx32_timespec, struct lx64_timespec)},
      {"gettimeofday", "timeval %zu B / %zu B", SIZES(struct lx32_timeval, struct lx64_timeval)},
      {"_newselect", "timeval %zu B / %zu B, fd_set of u32",
       SIZES(struct lx32_timeval, struct lx64_timeval)},
      {"time", "time_t %zu B / %zu B", SIZES(lx32_time_t, lx64_time_t)},
      {"ugetrlimit", "rlimit %zu B / %zu B", SIZES(struct lx32_rlimit, struct lx_rlimit64)},
      {"getrlimit", "rlimit %zu B (old, clamped) / %zu B",
       SIZES(struct lx32_rlimit, struct lx_rlimit64)},
      {"rt_sigaction", "compat sigaction %zu B / %zu B",
       SIZES(struct lx32_sigaction, struct lx_sigaction)},
      {"sigaction", "old sigaction, 32-bit mask", 0, 0},
      {"sigaltstack", "stack_t %zu B / %zu B", SIZES(struct lx32_stack, struct lx_stack)},
      {"sysinfo", "sysinfo %zu B / %zu B", SIZES(struct lx32_sysinfo, struct lx64_sysinfo)},
      {"times", "tms %zu B / %zu B", SIZES(struct lx32_tms, struct lx64_tms)},
      {"getrusage", "rusage %zu B / %zu B", SIZES(struct lx32_rusage, struct lx64_rusage)},
      {"wait4", "rusage %zu B / %zu B", SIZES(struct lx32_rusage, struct lx64_rusage)},
      {"statfs64", "statfs64 %zu B / statfs %zu B",
       SIZES(struct lx32_statfs64, struct lx64_statfs)},
      {"fstatfs64", "statfs64 %zu B / statfs %zu B",
       SIZES(struct lx32_statfs64, struct lx64_statfs)},
      {"getdents", "linux_dirent with 32-bit ino/off", 0, 0},
      {"fcntl64", "flock64 for F_*LK64", 0, 0},
      {"sendfile", "off_t %zu B / %zu B", SIZES(lx32_off_t, lx64_off_t)},
      {"set_thread_area", "user_desc -> GDT TLS slot, %%gs / FS base", 0, 0},
      {"socketcall", "multiplexed: args in memory", 0, 0},
      {"ioctl", "compat ioctl (layouts equal for tty)", 0, 0},
      {"getuid32", "32-bit ids (the 16-bit call is getuid)", 0, 0},
  };
  for (size_t i = 0; i < ARRAY_SIZE(tr); i++)
    if (!strcmp(n32, tr[i].name)) {
      snprintf(buf, n, tr[i].note, tr[i].size32, tr[i].size64);
      return buf;
    }
  return NULL;
}
#undef SIZES

/* ---- alignment ---- */

size_t cmp_align(const char *const *a, size_t na, const char *const *b, size_t nb, long *pa,
                 long *pb) {
  size_t w = nb + 1;
  u16 *L = calloc((na + 1) * w, sizeof *L);
  size_t n = 0;
  if (!L) {
    for (size_t i = 0; i < na; i++) pa[n] = (long)i, pb[n++] = -1;
    for (size_t j = 0; j < nb; j++) pa[n] = -1, pb[n++] = (long)j;
    return n;
  }
  for (size_t i = na; i-- > 0;)
    for (size_t j = nb; j-- > 0;)
      L[i * w + j] = !strcmp(a[i], b[j])                      ? L[(i + 1) * w + j + 1] + 1
                     : L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j]
                                                              : L[i * w + j + 1];
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    if (i < na && j < nb && !strcmp(a[i], b[j])) {
      pa[n] = (long)i++, pb[n++] = (long)j++;
    } else if (j >= nb || (i < na && L[(i + 1) * w + j] >= L[i * w + j + 1])) {
      pa[n] = (long)i++, pb[n++] = -1;
    } else {
      pa[n] = -1, pb[n++] = (long)j++;
    }
  }
  free(L);
  return n;
}

/* ---- running one side ---- */

struct rec {
  char task[40];
  int tid;
  char gate[16];
  char regs[48];
  long nr;
  char name[40];
  long ret;
  char *text; /* the strace line, or NULL */
};

/* A temporary file on a descriptor out of the programs' low numbers (they
 * would see their open() return other numbers than when run alone). */
static FILE *tmp_high(void) {
  FILE *f = tmpfile();
  if (!f) return NULL;
  int fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 900);
  FILE *h = fd >= 0 ? fdopen(fd, "w+") : NULL;
  if (!h) {
    if (fd >= 0) close(fd);
    return f;
  }
  fclose(f);
  return h;
}

/* The wait status of the process that ran prog (compare_rec.c), -1 when it
 * could not be started. */
static int run_side(const char *prog, int argc, char **argv, char **envp, FILE *rec, int outfd) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) cmp_record(prog, argc, argv, envp, fileno(rec), outfd);
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return st;
}

/* ---- the report ---- */

#define MAX_TASKS 64

struct side {
  struct rec *r;
  size_t n;
  bool started;
  int status; /* the program's wait status, -1 unknown */
};

static void load(FILE *f, struct side *s) {
  char *line = NULL;
  size_t cap = 0;
  s->status = -1;
  rewind(f);
  while (getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\n")] = 0;
    if (!strcmp(line, "START")) {
      s->started = true;
      continue;
    }
    if (!strncmp(line, "END\t1\t", 6)) {
      s->status = atoi(line + 6);
      continue;
    }
    if (strncmp(line, "C\t", 2) || s->n >= MAX_CALL) continue;
    struct rec *r = &s->r[s->n];
    char *f0 = strtok(line + 2, "\t"), *f1 = strtok(NULL, "\t"), *f2 = strtok(NULL, "\t"),
         *f3 = strtok(NULL, "\t"), *f4 = strtok(NULL, "\t"), *f5 = strtok(NULL, "\t"),
         *f6 = strtok(NULL, "\t"), *f7 = strtok(NULL, "");
    if (!f6) continue;
    snprintf(r->task, sizeof r->task, "%s", f0);
    r->tid = atoi(f1);
    snprintf(r->gate, sizeof r->gate, "%s", f2);
    r->nr = atol(f3);
    snprintf(r->name, sizeof r->name, "%s", f4);
    snprintf(r->regs, sizeof r->regs, "%s", f5);
    r->ret = atol(f6);
    r->text = f7 && *f7 ? strdup(f7) : NULL;
    s->n++;
  }
  free(line);
}

/* The task the pid (or tid) v names on side s, or NULL. */
static const char *task_of(const struct side *s, long v) {
  if (v <= 1) return NULL;
  for (size_t i = 0; i < s->n; i++)
    if (s->r[i].tid == v) return s->r[i].task;
  return NULL;
}

/* Both values name the same task of their run. */
static bool same_task(const struct side *s, long a, long b) {
  const char *ta = task_of(&s[0], a), *tb = task_of(&s[1], b);
  return ta && tb && !strcmp(ta, tb);
}

/* Task names in their order of creation: 1 < 1.1 < 1.1.1 < 1.2 < 1.10. */
static int task_cmp(const void *pa, const void *pb) {
  const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
  while (*a && *b) {
    if (*a == '?' || *b == '?') return strcmp(a, b);
    char *ea, *eb;
    long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
    if (x != y) return x < y ? -1 : 1;
    a = *ea == '.' ? ea + 1 : ea;
    b = *eb == '.' ? eb + 1 : eb;
  }
  return *a ? 1 : *b ? -1 : 0;
}

static bool is_addr_call(const char *canon) {
  return !strcmp(canon, "mmap") || !strcmp(canon, "brk") || !strcmp(canon, "mremap") ||
         !strcmp(canon, "set_tid_address") || !strcmp(canon, "getpid") ||
         !strcmp(canon, "gettid") || !strcmp(canon, "getppid");
}

/* The strace line with addresses blanked (they differ between the ABIs) and
 * pids written as the task they name. */
static void norm(const struct side *sd, const char *s, char *out, size_t n) {
  size_t k = 0;
  const char *s0 = s;
  for (; s && *s && k + 2 < n; s++) {
    if (s[0] == '0' && s[1] == 'x') {
      out[k++] = '@';
      s += 2;
      while (s[0] && strchr("0123456789abcdef", s[0])) s++;
      s--;
      continue;
    }
    if (*s >= '1' && *s <= '9' && (s == s0 || !strchr("0123456789abcdefx_", s[-1]))) {
      char *e;
      long v = strtol(s, &e, 10);
      const char *t = task_of(sd, v);
      if (t && (size_t)snprintf(out + k, n - k, "<task %s>", t) < n - k) {
        k += strlen(out + k);
        s = e - 1;
        continue;
      }
    }
    out[k++] = *s;
  }
  out[k] = 0;
}

static void cell(char *buf, const char *s) {
  size_t l = s ? strlen(s) : 0;
  if (l > COL) {
    memcpy(buf, s, COL - 3);
    memcpy(buf + COL - 3, "...", 4);
  } else {
    snprintf(buf, COL + 1, "%s", s ? s : "");
  }
}

static void print_row(const char *l, const char *r) {
  char a[COL + 1], b[COL + 1];
  cell(a, l);
  cell(b, r);
  printf("%-*s | %s\n", COL, a, b);
}

static void head(char *buf, size_t n, char mark, const struct rec *r) {
  if (!r) {
    snprintf(buf, n, "%c", mark);
    return;
  }
  snprintf(buf, n, "%c %-14s %-8s #%-4ld %s", mark, r->name, r->gate, r->nr, r->regs);
}

struct tally {
  size_t pairs, only[2], differ, outdiff;
};

/* Why the pair differs ("" when it does not): '!' behaviour, '~' text. */
static void judge(const struct side *s, const struct rec *a, const struct rec *b, char *why,
                  size_t n) {
  why[0] = 0;
  bool ea = a->ret < 0 && a->ret >= -4095, eb = b->ret < 0 && b->ret >= -4095;
  const char *cn = cmp_canon(a->name);
  /* _llseek returns 0 and the offset through its pointer. */
  bool conv = !strcmp(a->name, "_llseek") && a->ret == 0 && !eb;
  bool pids = !ea && !eb && same_task(s, a->ret, b->ret);
  if (conv || pids) {
    /* the same behaviour, another convention, or the same task's pid */
  } else if (ea != eb || (ea && a->ret != b->ret)) {
    snprintf(why, n, "! results differ: %s %s / %s %s", ea ? "error" : "ok",
             ea ? strerrorname_np((int)-a->ret) : "", eb ? "error" : "ok",
             eb ? strerrorname_np((int)-b->ret) : "");
    return;
  } else if (!ea && a->ret != b->ret && !is_addr_call(cn)) {
    snprintf(why, n, "! results differ: %ld / %ld", a->ret, b->ret);
    return;
  }
  if (!strcmp(a->name, b->name) && a->text && b->text && !is_addr_call(cn)) {
    char na[1024], nb[1024];
    norm(&s[0], a->text, na, sizeof na);
    norm(&s[1], b->text, nb, sizeof nb);
    if (strcmp(na, nb)) snprintf(why, n, "~ arguments or output differ");
  }
}

/* One pair of tasks: their calls aligned by name, side by side. */
static void report_task(const struct side *s, const char *task, bool many, struct tally *ty) {
  size_t n[2] = {0, 0};
  const struct rec **r[2];
  const char **canon[2];
  int tid[2] = {0, 0};
  for (int k = 0; k < 2; k++) {
    r[k] = calloc(s[k].n + 1, sizeof *r[k]);
    canon[k] = calloc(s[k].n + 1, sizeof *canon[k]);
    for (size_t i = 0; r[k] && canon[k] && i < s[k].n; i++) {
      if (strcmp(s[k].r[i].task, task)) continue;
      tid[k] = s[k].r[i].tid;
      r[k][n[k]] = &s[k].r[i];
      canon[k][n[k]++] = cmp_canon(s[k].r[i].name);
    }
  }
  long *pa = calloc(n[0] + n[1] + 1, sizeof *pa), *pb = calloc(n[0] + n[1] + 1, sizeof *pb);
  if (!pa || !pb || !r[0] || !r[1] || !canon[0] || !canon[1]) goto out;
  size_t rows = cmp_align(canon[0], n[0], canon[1], n[1], pa, pb);
  if (many) {
    char t0[128], t1[128];
    if (n[0])
      snprintf(t0, sizeof t0, "task %s: pid %d", task, tid[0]);
    else
      snprintf(t0, sizeof t0, "task %s: not created", task);
    if (n[1])
      snprintf(t1, sizeof t1, "task %s: pid %d", task, tid[1]);
    else
      snprintf(t1, sizeof t1, "task %s: not created", task);
    print_row(t0, t1);
  }
  for (size_t i = 0; i < rows; i++) {
    const struct rec *a = pa[i] >= 0 ? r[0][pa[i]] : NULL;
    const struct rec *b = pb[i] >= 0 ? r[1][pb[i]] : NULL;
    char mark = '=';
    char why[128] = "";
    if (a && b) {
      ty->pairs++;
      judge(s, a, b, why, sizeof why);
      if (why[0] == '!') {
        mark = '!';
        ty->differ++;
      } else if (why[0]) {
        mark = '~';
        ty->outdiff++;
      }
    } else {
      mark = a ? '<' : '>';
      ty->only[a ? 0 : 1]++;
    }
    char h0[128], h1[128];
    head(h0, sizeof h0, mark, a);
    head(h1, sizeof h1, b ? ' ' : mark, b);
    print_row(h0, h1);
    char x0[512], x1[512];
    snprintf(x0, sizeof x0, "    %s", a ? (a->text ? a->text : "(not in the strace log)") : "");
    snprintf(x1, sizeof x1, "  %s", b ? (b->text ? b->text : "(not in the strace log)") : "");
    if (!a) x0[0] = 0;
    if (!b) x1[0] = 0;
    print_row(x0, x1);
    char note[80];
    const char *tr = a ? translated(a->name, note, sizeof note) : NULL;
    if (tr) {
      snprintf(x0, sizeof x0, "    translated: %s", tr);
      print_row(x0, "");
    }
    if (why[0]) printf("    %s\n", why);
  }
out:
  free(pa);
  free(pb);
  for (int k = 0; k < 2; k++) {
    free(r[k]);
    free(canon[k]);
  }
}

int cmp_main(int argc, char **argv, char **envp) {
  if (argc < 2) {
    fprintf(stderr, "usage: emu --compare PROG32 PROG64 [ARGS...]\n");
    return 2;
  }
  struct side s[2];
  FILE *out[2];
  memset(s, 0, sizeof s);
  for (int k = 0; k < 2; k++) {
    FILE *rec = tmp_high();
    out[k] = tmp_high();
    s[k].r = calloc(MAX_CALL, sizeof *s[k].r);
    if (!rec || !out[k] || !s[k].r) return 1;
    int st = run_side(argv[k], argc - 2, argv + 2, envp, rec, fileno(out[k]));
    load(rec, &s[k]);
    fclose(rec);
    if (st == -1 || !s[k].started) {
      fprintf(stderr, "emu: --compare: %s did not run under emu (status %d)\n", argv[k],
              st == -1        ? -1
              : WIFEXITED(st) ? WEXITSTATUS(st)
                              : 128 + WTERMSIG(st));
      return 1;
    }
    /* A program that ended with exit_group while other tasks ran ends emu's
     * process there: its status is the process's. */
    if (s[k].status < 0) s[k].status = st;
  }
  /* The tasks of both runs, in their order of creation. */
  const char *tasks[MAX_TASKS];
  int nt = 0;
  for (int k = 0; k < 2; k++) {
    for (size_t i = 0; i < s[k].n; i++) {
      int j = 0;
      while (j < nt && strcmp(tasks[j], s[k].r[i].task)) j++;
      if (j == nt && nt < MAX_TASKS) tasks[nt++] = s[k].r[i].task;
    }
  }
  qsort(tasks, (size_t)nt, sizeof *tasks, task_cmp);
  char t0[128], t1[128];
  snprintf(t0, sizeof t0, "i386: %s", argv[0]);
  snprintf(t1, sizeof t1, "x86-64: %s", argv[1]);
  print_row(t0, t1);
  print_row("  call           gate     #nr   arg registers",
            "  call           gate     #nr   arg registers");
  for (int i = 0; i < 100; i++) putchar('-');
  putchar('\n');
  struct tally ty = {0};
  for (int i = 0; i < nt; i++) report_task(s, tasks[i], nt > 1, &ty);
  for (int i = 0; i < 100; i++) putchar('-');
  putchar('\n');
  /* The programs' output. */
  char *o[2] = {NULL, NULL};
  long ol[2] = {0, 0};
  for (int k = 0; k < 2; k++) {
    fflush(out[k]);
    ol[k] = lseek(fileno(out[k]), 0, SEEK_END);
    o[k] = calloc(1, ol[k] + 1);
    if (o[k] && ol[k] > 0 && pread(fileno(out[k]), o[k], ol[k], 0) != ol[k]) ol[k] = 0;
  }
  bool same_out = ol[0] == ol[1] && o[0] && o[1] && !memcmp(o[0], o[1], ol[0]);
  if (nt > 1) printf("compare: %d tasks, paired by their order of creation\n", nt);
  printf(
      "compare: %zu aligned pairs (%zu with different results, %zu with different "
      "arguments or output),\n         %zu only i386, %zu only x86-64\n",
      ty.pairs, ty.differ, ty.outdiff, ty.only[0], ty.only[1]);
  printf("compare: exit status %d / %d; stdout %s (%ld / %ld bytes)\n",
         s[0].status >= 0 ? (s[0].status >> 8) & 0xff : -1,
         s[1].status >= 0 ? (s[1].status >> 8) & 0xff : -1, same_out ? "identical" : "DIFFERS",
         ol[0], ol[1]);
  for (int k = 0; k < 2; k++) {
    free(o[k]);
    fclose(out[k]);
    for (size_t i = 0; i < s[k].n; i++) free(s[k].r[i].text);
    free(s[k].r);
  }
  return 0;
}
