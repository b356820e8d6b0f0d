/* compare_rec.c — the recording side of `emu --compare` (compare.c): inside
 * the forked process that runs one of the two programs, an observer of the
 * kernel model (src/kernel/observe.h) serves and records every call of
 * every task — the gate the instruction at c->ip used, the number in its
 * table, the registers that carried the arguments, the result — with its
 * --strace line (the formatter writes into a memory stream; the line is
 * taken when the task's next call begins, once the formatter has finished
 * it).
 *
 * Tasks: threads are host threads of this process, fork children are forks
 * of it (the hook goes on in them with a copy of this state), CLONE_VM
 * children share its memory.  Each task gets a name by its order of
 * creation (compare_int.h), so the report can pair the tasks of the two runs
 * although their pids differ:
 *   - the creator counts the tasks it creates; before the clone-family call
 *     it posts "the next task is <me>.<n>" (claim), and after it, for a
 *     positive result, files the name under the new tid;
 *   - a fork child returns from the same call in its own copy: it takes the
 *     posted name, forgets the parent's other tasks and records on;
 *   - a thread or CLONE_VM child (a fresh stack, no return through the hook)
 *     finds its name filed under its tid, or takes the one posted claim, or
 *     waits a moment for its creator to file it.
 * Every line goes out in one write() to a file opened O_APPEND, so the
 * processes and threads of one run never interleave within a line. */
#define _GNU_SOURCE
#include <emu/emu.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compare_int.h"
#include "lockstep.h"
#include "../strace/strace.h"
#include "../kernel/observe.h"

#define MAX_TASK 64
#define NAME_LEN 40

struct tstate {
  bool used;
  pid_t pid; /* the host process the task runs in */
  const struct task *t;
  int tid;
  char name[NAME_LEN];
  int nkids; /* tasks it has created */
  /* The call whose strace line is still being written. */
  bool have_pend;
  size_t pend_from; /* where its text may start in ms_buf */
  size_t next_from; /* past the last line taken (next_set): where the next may start */
  bool next_set;
  char gate[16], regs[48], sysname[40];
  long nr, ret;
};

static struct {
  pthread_mutex_t lock;
  int fd;   /* the record file */
  FILE *ms; /* the strace log, in memory */
  char *ms_buf;
  size_t ms_len;
  struct tstate ts[MAX_TASK];
  struct { /* names filed under a new task's tid */
    int tid;
    char name[NAME_LEN];
  } filed[MAX_TASK];
  int nfiled;
  char claim[NAME_LEN]; /* the name of the task being created now, or "" */
  int claims;           /* how many creators have posted one */
} R = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void out_line(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n > sizeof buf - 2) n = (int)sizeof buf - 2;
  buf[n++] = '\n';
  ssize_t w = write(R.fd, buf, (size_t)n);
  (void)w;
}

/* The strace line of s's pending call: the first line after pend_from that
 * is the task's ("[pid %5d] " or no prefix) and starts with the call's name;
 * "<unfinished ...>" joined with its "<... NAME resumed>" line.  Spaces
 * where strace pads the result to its column become one; tabs become
 * spaces. */
static void take_text(struct tstate *s, char *out, size_t n) {
  out[0] = 0;
  flockfile(R.ms);
  fflush_unlocked(R.ms);
  const char *buf = R.ms_buf;
  size_t len = R.ms_len, nl = strlen(s->sysname);
  char pfx[32];
  int pl = snprintf(pfx, sizeof pfx, "[pid %5d] ", s->tid); /* as strace_log.c pads it */
  char raw[2048];
  size_t k = 0;
  bool open_call = false;
  for (size_t p = s->pend_from; p < len;) {
    const char *e = memchr(buf + p, '\n', len - p);
    size_t l = e ? (size_t)(e - (buf + p)) : len - p;
    const char *line = buf + p;
    p += l + 1;
    if (l >= (size_t)pl && !strncmp(line, pfx, (size_t)pl)) {
      line += pl, l -= (size_t)pl;
    } else if (line[0] == '[') {
      continue; /* another task's */
    }
    if (!open_call) {
      if (!(l > nl && !strncmp(line, s->sysname, nl) && line[nl] == '(')) continue;
      const char *u = memmem(line, l, " <unfinished ...>", 17);
      size_t take = u ? (size_t)(u - line) : l;
      if (take > sizeof raw - 1) take = sizeof raw - 1;
      memcpy(raw, line, take);
      k = take;
      if (!u) {
        s->next_from = p;
        s->next_set = true;
        break;
      }
      open_call = true;
    } else {
      char res[64];
      int rl = snprintf(res, sizeof res, "<... %s resumed>", s->sysname);
      if (l < (size_t)rl || strncmp(line, res, (size_t)rl)) continue;
      size_t take = l - (size_t)rl;
      if (take > sizeof raw - 1 - k) take = sizeof raw - 1 - k;
      memcpy(raw + k, line + rl, take);
      k += take;
      s->next_from = p;
      s->next_set = true;
      break;
    }
  }
  funlockfile(R.ms);
  size_t j = 0;
  for (size_t i = 0; i < k && j + 1 < n; i++)
    if (!(raw[i] == ' ' && i + 1 < k && raw[i + 1] == ' '))
      out[j++] = raw[i] == '\t' ? ' ' : raw[i];
  out[j] = 0;
}

static void flush_task(struct tstate *s) {
  if (!s->have_pend) return;
  char text[2048];
  take_text(s, text, sizeof text);
  out_line("C\t%s\t%d\t%s\t%ld\t%s\t%s\t%ld\t%s", s->name, s->tid, s->gate, s->nr, s->sysname,
           s->regs, s->ret, text);
  s->have_pend = false;
}

/* Where a call's line may start: the strace log writes a call's entry
 * before this hook runs (the rest at its return), so the line is open at
 * the end of the log; past the task's last line when that is known, else
 * the start of the last line. */
static size_t call_from(const struct tstate *s) {
  if (s->next_set) return s->next_from;
  flockfile(R.ms);
  fflush_unlocked(R.ms);
  size_t l = R.ms_len;
  while (l > 0 && R.ms_buf[l - 1] != '\n') l--;
  funlockfile(R.ms);
  return l;
}

static struct tstate *slot_new(const struct task *t, const char *name) {
  for (int i = 0; i < MAX_TASK; i++) {
    struct tstate *s = &R.ts[i];
    if (s->used) continue;
    memset(s, 0, sizeof *s);
    s->used = true;
    s->pid = getpid();
    s->t = t;
    s->tid = t->tid;
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
  }
  return NULL;
}

/* The calling task's state (R.lock held); a task seen for the first time
 * takes its name (see the header). */
static struct tstate *self(const struct task *t) {
  pid_t pid = getpid();
  for (int i = 0; i < MAX_TASK; i++)
    if (R.ts[i].used && R.ts[i].pid == pid && R.ts[i].t == t) return &R.ts[i];
  for (int tries = 0; tries < 2000; tries++) {
    for (int i = 0; i < R.nfiled; i++) {
      if (R.filed[i].tid != t->tid) continue;
      char name[NAME_LEN];
      memcpy(name, R.filed[i].name, NAME_LEN);
      R.filed[i] = R.filed[--R.nfiled];
      struct tstate *s = slot_new(t, name);
      return s;
    }
    if (R.claims == 1 && R.claim[0]) {
      char name[NAME_LEN];
      memcpy(name, R.claim, NAME_LEN);
      R.claim[0] = 0;
      struct tstate *s = slot_new(t, name);
      return s;
    }
    if (!R.ts[0].used) return slot_new(t, "1"); /* the program's first task */
    pthread_mutex_unlock(&R.lock);
    nanosleep(&(struct timespec){0, 1000000}, NULL);
    pthread_mutex_lock(&R.lock);
  }
  char name[NAME_LEN];
  snprintf(name, sizeof name, "?%d", t->tid);
  return slot_new(t, name);
}

static bool creates_task(const char *name) {
  return name && (!strcmp(name, "fork") || !strcmp(name, "vfork") || !strcmp(name, "clone") ||
                  !strcmp(name, "clone3"));
}

static bool ends_task(const char *name) {
  return name && (!strcmp(name, "exit") || !strcmp(name, "exit_group"));
}

static void describe(struct tstate *s, const struct task *t, enum abi abi, long nr,
                     const char *name, const struct sys_desc *sd) {
  const struct cpu *c = &t->cpu;
  u8 b[2] = {0, 0};
  if (c->ip < c->mem_limit - 2) memcpy(b, c->mem + c->ip, 2);
  snprintf(s->gate, sizeof s->gate, "%s",
           b[0] == 0x0f && b[1] == 0x05   ? "syscall"
           : b[0] == 0xcd && b[1] == 0x80 ? "int$0x80"
           : b[0] == 0x0f && b[1] == 0x34 ? "sysenter"
                                          : "?");
  static const char *const r64[6] = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
  static const char *const r32[6] = {"ebx", "ecx", "edx", "esi", "edi", "ebp"};
  int na = obs_table_nargs(sd);
  if (na > 6) na = 6;
  size_t k = 0;
  for (int i = 0; i < na; i++) {
    const char *r = abi == ABI_X86_64 ? r64[i] : r32[i];
    if (abi == ABI_I386 && i == 5 && b[1] == 0x34) r = "(ebp)"; /* SYSENTER: from the stack */
    k += (size_t)snprintf(s->regs + k, sizeof s->regs - k, "%s%s", i ? "," : "", r);
  }
  if (!na) snprintf(s->regs, sizeof s->regs, "-");
  s->nr = nr;
  snprintf(s->sysname, sizeof s->sysname, "%s", name ? name : "?");
}

static long cmp_hook(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
                     const struct sys_desc *sd) {
  pthread_mutex_lock(&R.lock);
  struct tstate *s = self(t);
  if (!s) { /* more tasks than slots: served, not recorded */
    pthread_mutex_unlock(&R.lock);
    return obs_serve_table(t, sd, args);
  }
  flush_task(s);
  describe(s, t, abi, nr, name, sd);
  if (ends_task(name)) {
    /* No return to take the line at: the call as strace shows it. */
    out_line("C\t%s\t%d\t%s\t%ld\t%s\t%s\t0\t%s(%lld) = ?", s->name, s->tid, s->gate, s->nr,
             s->sysname, s->regs, s->sysname,
             (long long)(abi == ABI_I386 ? (i32)args[0] : (int)args[0]));
    pthread_mutex_unlock(&R.lock);
    return obs_serve_table(t, sd, args);
  }
  bool creates = creates_task(name);
  char kid[NAME_LEN] = "";
  if (creates) {
    snprintf(kid, sizeof kid, "%.28s.%d", s->name, (s->nkids + 1) % 1000000);
    snprintf(R.claim, sizeof R.claim, "%s", kid);
    R.claims++;
  }
  s->pend_from = call_from(s);
  s->have_pend = true;
  pid_t pid = s->pid;
  pthread_mutex_unlock(&R.lock);

  long ret = obs_serve_table(t, sd, args);

  pthread_mutex_lock(&R.lock);
  if (getpid() != pid) {
    /* A fork child, in its own copy of this state: it alone is here now. */
    memset(R.ts, 0, sizeof R.ts);
    R.nfiled = 0;
    R.claim[0] = 0;
    R.claims = 0;
    slot_new(t, kid);
    pthread_mutex_unlock(&R.lock);
    return ret;
  }
  long r = abi == ABI_I386 ? (long)(i32)ret : ret;
  s->ret = r;
  if (creates) {
    R.claims--;
    if (r > 0) {
      s->nkids++;
      /* A thread or CLONE_VM child that has not taken its name yet. */
      bool taken = false;
      for (int i = 0; i < MAX_TASK; i++)
        if (R.ts[i].used && R.ts[i].tid == (int)r && !strcmp(R.ts[i].name, kid)) taken = true;
      if (!taken && !strcmp(R.claim, kid) && R.nfiled < MAX_TASK) {
        R.filed[R.nfiled].tid = (int)r;
        snprintf(R.filed[R.nfiled++].name, NAME_LEN, "%s", kid);
      }
    }
    if (!strcmp(R.claim, kid)) R.claim[0] = 0;
  }
  pthread_mutex_unlock(&R.lock);
  return ret;
}

static const struct observer cmp_observer = {.name = "compare", .serve = cmp_hook};

_Noreturn void cmp_record(const char *prog, int argc, char **argv, char **envp, int recfd,
                          int outfd) {
  int nul = open("/dev/null", O_RDONLY);
  if (nul >= 0) {
    dup2(nul, 0);
    if (nul != 0) close(nul);
  }
  dup2(outfd, 1);
  R.fd = recfd;
  fcntl(recfd, F_SETFL, fcntl(recfd, F_GETFL) | O_APPEND);
  R.ms = open_memstream(&R.ms_buf, &R.ms_len);
  struct emu *e = emu_new();
  if (!e || !R.ms) _exit(1);
  trc_log_private(); /* a memory log per process */
  emu_set_strace(e, R.ms);
  char **av = calloc(argc + 2, sizeof *av);
  av[0] = (char *)prog;
  for (int i = 0; i < argc; i++) av[i + 1] = argv[i];
  char err[1024];
  int st = emu_load(e, prog, argc + 1, av, envp, err, sizeof err);
  if (st) {
    fputs(err, stderr);
    _exit(100 + st % 100);
  }
  out_line("START");
  obs_register(&cmp_observer);
  int status = emu_run(e);
  pthread_mutex_lock(&R.lock);
  const char *name = NULL; /* this process's first task: the shortest name */
  for (int i = 0; i < MAX_TASK; i++) {
    struct tstate *s = &R.ts[i];
    if (!s->used || s->pid != getpid()) continue;
    flush_task(s);
    if (!name || strlen(s->name) < strlen(name)) name = s->name;
  }
  if (!name) name = "1";
  out_line("END\t%s\t%d", name, status);
  _exit(0);
}
