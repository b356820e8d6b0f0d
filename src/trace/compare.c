/* compare.c — `emu --compare PROG32 PROG64 [ARGS...]`: run an i386 and an
 * x86-64 build of one program under emu (each in a forked process, stdin
 * from /dev/null, stdout captured), record every system call at entry.c's
 * hook (lks_sys_hook: the gate the instruction at c->ip used, the number in
 * its table, the registers that carried the arguments, the result) with its
 * strace line (the --strace formatter writing into a memory stream), then
 * align the two sequences by call name (longest common subsequence over
 * canonical names: mmap2 ~ mmap, stat64 ~ stat/newfstatat, ...) and print
 * them side by side, 100 columns: which structures the i386 side had
 * translated (a small table of the compat layouts), and a mark where the
 * results differ in behaviour (errno, return value: '!') or where the
 * decoded arguments/output differ beyond addresses ('~').  Marks in the
 * first column: '=' same, '!' results differ, '~' arguments/output differ,
 * '<' only the i386 program made the call, '>' only the x86-64 one.
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
#include "lockstep.h"
#include "../syscall/sys_internal.h"

#define COL      48 /* each side's width; 48 + " | " + 49 = 100 */
#define MAX_CALL 4000

/* ---- names ---- */

const char *cmp_canon(const char *n) {
  static const char *const eq[][2] = {
      {"mmap2", "mmap"},
      {"_llseek", "lseek"},
      {"stat64", "stat"},
      {"lstat64", "lstat"},
      {"fstat64", "fstat"},
      {"fstatat64", "newfstatat"},
      {"fcntl64", "fcntl"},
      {"ugetrlimit", "getrlimit"},
      {"prlimit64", "getrlimit"},
      {"clock_gettime64", "clock_gettime"},
      {"set_thread_area", "arch_prctl"},
      {"statfs64", "statfs"},
      {"fstatfs64", "fstatfs"},
      {"ftruncate64", "ftruncate"},
      {"truncate64", "truncate"},
      {"sendfile64", "sendfile"},
      {"fadvise64_64", "fadvise64"},
      {"_newselect", "select"},
      {"sigaction", "rt_sigaction"},
      {"sigprocmask", "rt_sigprocmask"},
      {"getuid32", "getuid"},
      {"geteuid32", "geteuid"},
      {"getgid32", "getgid"},
      {"getegid32", "getegid"},
      {"setuid32", "setuid"},
      {"setgid32", "setgid"},
      {"getresuid32", "getresuid"},
      {"getresgid32", "getresgid"},
      {"chown32", "chown"},
      {"fchown32", "fchown"},
      {"lchown32", "lchown"},
      {"getgroups32", "getgroups"},
      {"clock_nanosleep_time64", "clock_nanosleep"},
      {"clock_getres_time64", "clock_getres"},
      {"waitpid", "wait4"},
      {"statx", "newfstatat"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(eq); i++)
    if (!strcmp(n, eq[i][0])) return eq[i][1];
  return n;
}

/* What the i386 call's arguments and results went through (the compat
 * layouts of the kernel's arch/x86/ia32 and kernel/compat.c). */
static const char *translated(const char *n32) {
  static const char *const tr[][2] = {
      {"stat64", "struct stat64 96 B / stat 144 B"},
      {"fstat64", "struct stat64 96 B / stat 144 B"},
      {"lstat64", "struct stat64 96 B / stat 144 B"},
      {"fstatat64", "struct stat64 96 B / stat 144 B"},
      {"stat", "compat struct stat 64 B / stat 144 B"},
      {"fstat", "compat struct stat 64 B / stat 144 B"},
      {"lstat", "compat struct stat 64 B / stat 144 B"},
      {"_llseek", "offset split hi/lo, result via loff_t *"},
      {"mmap2", "offset in 4096-byte pages"},
      {"readv", "iovec 8 B / 16 B"},
      {"writev", "iovec 8 B / 16 B"},
      {"preadv", "iovec 8 B / 16 B, offset split"},
      {"pwritev", "iovec 8 B / 16 B, offset split"},
      {"pread64", "offset split over two registers"},
      {"pwrite64", "offset split over two registers"},
      {"ftruncate64", "length split over two registers"},
      {"truncate64", "length split over two registers"},
      {"fadvise64_64", "offset and length split"},
      {"clock_gettime", "timespec 8 B (32-bit time_t) / 16 B"},
      {"clock_getres", "timespec 8 B / 16 B"},
      {"nanosleep", "timespec 8 B / 16 B"},
      {"clock_nanosleep", "timespec 8 B / 16 B"},
      {"gettimeofday", "timeval 8 B / 16 B"},
      {"_newselect", "timeval 8 B / 16 B, fd_set of u32"},
      {"time", "time_t 4 B / 8 B"},
      {"ugetrlimit", "rlimit 8 B / 16 B"},
      {"getrlimit", "rlimit 8 B (old, clamped) / 16 B"},
      {"rt_sigaction", "compat sigaction 20 B / 32 B"},
      {"sigaction", "old sigaction, 32-bit mask"},
      {"sigaltstack", "stack_t 12 B / 24 B"},
      {"sysinfo", "sysinfo 64 B / 112 B"},
      {"times", "tms 16 B / 32 B"},
      {"getrusage", "rusage 72 B / 144 B"},
      {"wait4", "rusage 72 B / 144 B"},
      {"statfs64", "statfs64 84 B / statfs 120 B"},
      {"fstatfs64", "statfs64 84 B / statfs 120 B"},
      {"getdents", "linux_dirent with 32-bit ino/off"},
      {"fcntl64", "flock64 for F_*LK64"},
      {"sendfile", "off_t 4 B / 8 B"},
      {"set_thread_area", "user_desc -> GDT TLS slot, %gs / FS base"},
      {"socketcall", "multiplexed: args in memory"},
      {"ioctl", "compat ioctl (layouts equal for tty)"},
      {"getuid32", "32-bit ids (the 16-bit call is getuid)"},
  };
  for (size_t i = 0; i < ARRAY_SIZE(tr); i++)
    if (!strcmp(n32, tr[i][0])) return tr[i][1];
  return NULL;
}

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

/* ---- recording (in the forked child that runs one program) ---- */

struct rec {
  char gate[16];
  char regs[48];
  long nr;
  char name[40];
  long ret;
  char *text; /* the strace line (without the newline), or NULL */
};

static FILE *rec_out; /* the record file */
static FILE *ms;      /* the strace log, in memory */
static char *ms_buf;
static size_t ms_len;
static struct rec pend; /* the call whose strace line is still being written */
static bool have_pend;
static size_t pend_from; /* where its text starts in ms_buf */

static void rec_flush(void) {
  if (!have_pend) return;
  fflush(ms);
  const char *line = NULL;
  size_t ll = 0, nl = strlen(pend.name);
  for (size_t p = pend_from; p < ms_len;) {
    const char *e = memchr(ms_buf + p, '\n', ms_len - p);
    size_t l = e ? (size_t)(e - (ms_buf + p)) : ms_len - p;
    const char *s = ms_buf + p;
    if (!line && l > nl && !strncmp(s, pend.name, nl) && s[nl] == '(') line = s, ll = l;
    p += l + 1;
  }
  fprintf(rec_out, "%s\t%ld\t%s\t%s\t%ld\t", pend.gate, pend.nr, pend.name, pend.regs, pend.ret);
  /* One space where strace pads the result to its column. */
  for (size_t k = 0; line && k < ll; k++)
    if (!(line[k] == ' ' && k + 1 < ll && line[k + 1] == ' '))
      fputc(line[k] == '\t' ? ' ' : line[k], rec_out);
  fputc('\n', rec_out);
  fflush(rec_out);
  have_pend = false;
}

static long cmp_hook(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
                     const struct sys_desc *sd) {
  rec_flush();
  struct cpu *c = &t->cpu;
  memset(&pend, 0, sizeof pend);
  u8 b[2] = {0, 0};
  if (c->ip < c->mem_limit - 2) memcpy(b, c->mem + c->ip, 2);
  snprintf(pend.gate, sizeof pend.gate, "%s",
           b[0] == 0x0f && b[1] == 0x05   ? "syscall"
           : b[0] == 0xcd && b[1] == 0x80 ? "int$0x80"
           : b[0] == 0x0f && b[1] == 0x34 ? "sysenter"
                                          : "?");
  static const char *const r64[6] = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
  static const char *const r32[6] = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
  int na = sd ? sd->nargs : 0;
  if (na > 6) na = 6;
  size_t k = 0;
  for (int i = 0; i < na; i++) {
    const char *r = abi == ABI_X86_64 ? r64[i] : r32[i];
    if (abi == ABI_I386 && i == 5 && b[1] == 0x34) r = "(ebp)"; /* SYSENTER: from the stack */
    k += (size_t)snprintf(pend.regs + k, sizeof pend.regs - k, "%s%s", i ? "," : "", r);
  }
  if (!na) snprintf(pend.regs, sizeof pend.regs, "-");
  pend.nr = nr;
  snprintf(pend.name, sizeof pend.name, "%s", name ? name : "?");
  fflush(ms);
  pend_from = ms_len;
  have_pend = true;
  long ret = lks_serve(t, nr, args, sd);
  pend.ret = abi == ABI_I386 ? (long)(i32)ret : ret;
  return ret;
}

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

static int run_side(const char *prog, int argc, char **argv, char **envp, FILE *rec, int outfd) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int nul = open("/dev/null", O_RDONLY);
    if (nul >= 0) {
      dup2(nul, 0);
      if (nul != 0) close(nul);
    }
    dup2(outfd, 1);
    rec_out = rec;
    ms = open_memstream(&ms_buf, &ms_len);
    struct emu *e = emu_new();
    if (!e || !ms) _exit(1);
    emu_set_strace(e, ms);
    char **av = calloc(argc + 2, sizeof *av);
    av[0] = (char *)prog;
    for (int i = 0; i < argc; i++) av[i + 1] = argv[i];
    char err[1024];
    int st = emu_load(e, prog, argc + 1, av, envp, err, sizeof err);
    if (st) {
      fputs(err, stderr);
      _exit(100 + st % 100);
    }
    lks_sys_hook = cmp_hook;
    int status = emu_run(e);
    rec_flush();
    fprintf(rec_out, "END\t%d\n", status);
    fflush(rec_out);
    _exit(0);
  }
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- the report ---- */

struct side {
  struct rec *r;
  size_t n;
  int status; /* the program's wait status, -1 unknown */
  const char **canon;
};

static void load(FILE *f, struct side *s) {
  char *line = NULL;
  size_t cap = 0;
  s->status = -1;
  rewind(f);
  while (getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\n")] = 0;
    if (!strncmp(line, "END\t", 4)) {
      s->status = atoi(line + 4);
      continue;
    }
    if (s->n >= MAX_CALL) continue;
    struct rec *r = &s->r[s->n];
    char *f0 = strtok(line, "\t"), *f1 = strtok(NULL, "\t"), *f2 = strtok(NULL, "\t"),
         *f3 = strtok(NULL, "\t"), *f4 = strtok(NULL, "\t"), *f5 = strtok(NULL, "");
    if (!f4) continue;
    snprintf(r->gate, sizeof r->gate, "%s", f0);
    r->nr = atol(f1);
    snprintf(r->name, sizeof r->name, "%s", f2);
    snprintf(r->regs, sizeof r->regs, "%s", f3);
    r->ret = atol(f4);
    r->text = f5 && *f5 ? strdup(f5) : NULL;
    s->canon[s->n] = cmp_canon(r->name);
    s->n++;
  }
  free(line);
}

static bool is_addr_call(const char *canon) {
  return !strcmp(canon, "mmap") || !strcmp(canon, "brk") || !strcmp(canon, "mremap") ||
         !strcmp(canon, "set_tid_address") || !strcmp(canon, "getpid") ||
         !strcmp(canon, "gettid") || !strcmp(canon, "getppid");
}

/* The strace line with addresses blanked (they differ between the ABIs). */
static void norm(const char *s, char *out, size_t n) {
  size_t k = 0;
  for (; s && *s && k + 2 < n; s++) {
    if (s[0] == '0' && s[1] == 'x') {
      out[k++] = '@';
      s += 2;
      while (s[0] && strchr("0123456789abcdef", s[0])) s++;
      s--;
      continue;
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

int cmp_main(int argc, char **argv, char **envp) {
  if (argc < 2) {
    fprintf(stderr, "usage: emu --compare PROG32 PROG64 [ARGS...]\n");
    return 2;
  }
  struct side s[2];
  FILE *out[2];
  int st[2];
  memset(s, 0, sizeof s);
  for (int k = 0; k < 2; k++) {
    FILE *rec = tmp_high();
    out[k] = tmp_high();
    s[k].r = calloc(MAX_CALL, sizeof *s[k].r);
    s[k].canon = calloc(MAX_CALL, sizeof *s[k].canon);
    if (!rec || !out[k] || !s[k].r || !s[k].canon) return 1;
    st[k] = run_side(argv[k], argc - 2, argv + 2, envp, rec, fileno(out[k]));
    if (st[k] != 0) {
      fprintf(stderr, "emu: --compare: %s did not run under emu (status %d)\n", argv[k], st[k]);
      return 1;
    }
    load(rec, &s[k]);
    fclose(rec);
  }
  long *pa = calloc(s[0].n + s[1].n + 1, sizeof *pa), *pb = calloc(s[0].n + s[1].n + 1, sizeof *pb);
  if (!pa || !pb) return 1;
  size_t rows = cmp_align(s[0].canon, s[0].n, s[1].canon, s[1].n, pa, pb);
  char t0[128], t1[128];
  snprintf(t0, sizeof t0, "i386: %s", argv[0]);
  snprintf(t1, sizeof t1, "x86-64: %s", argv[1]);
  print_row(t0, t1);
  print_row("  call           gate     #nr   arg registers",
            "  call           gate     #nr   arg registers");
  for (int i = 0; i < 100; i++) putchar('-');
  putchar('\n');
  size_t pairs = 0, only[2] = {0, 0}, differ = 0, outdiff = 0;
  for (size_t i = 0; i < rows; i++) {
    const struct rec *a = pa[i] >= 0 ? &s[0].r[pa[i]] : NULL;
    const struct rec *b = pb[i] >= 0 ? &s[1].r[pb[i]] : NULL;
    char mark = '=';
    char why[128] = "";
    if (a && b) {
      pairs++;
      bool ea = a->ret < 0 && a->ret >= -4095, eb = b->ret < 0 && b->ret >= -4095;
      const char *cn = cmp_canon(a->name);
      /* _llseek returns 0 and the offset through its pointer. */
      bool conv = !strcmp(a->name, "_llseek") && a->ret == 0 && !eb;
      if (conv) {
        /* the same behaviour, another convention */
      } else if (ea != eb || (ea && a->ret != b->ret)) {
        snprintf(why, sizeof why, "! results differ: %s %s / %s %s", ea ? "error" : "ok",
                 ea ? strerrorname_np((int)-a->ret) : "", eb ? "error" : "ok",
                 eb ? strerrorname_np((int)-b->ret) : "");
      } else if (!ea && a->ret != b->ret && !is_addr_call(cn)) {
        snprintf(why, sizeof why, "! results differ: %ld / %ld", a->ret, b->ret);
      } else if (!strcmp(a->name, b->name) && a->text && b->text && !is_addr_call(cn)) {
        char na[1024], nb[1024];
        norm(a->text, na, sizeof na);
        norm(b->text, nb, sizeof nb);
        if (strcmp(na, nb)) snprintf(why, sizeof why, "~ arguments or output differ");
      }
      if (why[0] == '!') {
        mark = '!';
        differ++;
      } else if (why[0]) {
        mark = '~';
        outdiff++;
      }
    } else {
      mark = a ? '<' : '>';
      only[a ? 0 : 1]++;
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
    const char *tr = a ? translated(a->name) : NULL;
    if (tr) {
      snprintf(x0, sizeof x0, "    translated: %s", tr);
      print_row(x0, "");
    }
    if (why[0]) printf("    %s\n", why);
  }
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
  printf(
      "compare: %zu aligned pairs (%zu with different results, %zu with different "
      "arguments or output),\n         %zu only i386, %zu only x86-64\n",
      pairs, differ, outdiff, only[0], only[1]);
  printf("compare: exit status %d / %d; stdout %s (%ld / %ld bytes)\n",
         s[0].status >= 0 ? (s[0].status >> 8) & 0xff : -1,
         s[1].status >= 0 ? (s[1].status >> 8) & 0xff : -1, same_out ? "identical" : "DIFFERS",
         ol[0], ol[1]);
  for (int k = 0; k < 2; k++) {
    free(o[k]);
    fclose(out[k]);
    for (size_t i = 0; i < s[k].n; i++) free(s[k].r[i].text);
    free(s[k].r);
    free(s[k].canon);
  }
  free(pa);
  free(pb);
  return 0;
}
