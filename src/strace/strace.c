/* strace.c — the system-call log: one line per call as real `strace -f`
 * prints it (name(args) = result), for both ABIs.  Owns the line's
 * life: the input arguments are formatted when the call enters, the output
 * ones and the result when it returns, and the line is written whole.  What
 * each call's arguments are comes from the signature columns of the calls'
 * rows (src/abi/calls_*.inc), keyed by the call's name; how each kind prints is the kind table's
 * (strace_kinds.c).  i386's socketcall() and ipc() are
 * shown as the calls they stand for, restart_syscall as what it resumes.
 * Also the lines strace prints around calls: the initial
 * execve, "--- SIGxxx {...} ---", "+++ exited with N +++",
 * "+++ killed by SIGxxx +++".  Mirrors strace's syscall.c
 * (syscall_entering_trace/syscall_exiting_trace) and strace.c
 * (print_signalled, print_exited). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <unistd.h>

#include "../kernel/custom.h"
#include "../kernel/observe.h"
#include "strace.h"
#include "strace_fmt.h"

/* ---- the signature table ---- */

/* The signature columns of every call's row (src/abi/calls_*.inc). */
#define SHOW(nm, res, ...) \
  {.name = #nm, .arg = {__VA_ARGS__}, .nargs = sizeof((u16[]){0, __VA_ARGS__}) / 2 - 1, .rv = res},
#define CALL(nm, h64, h32, sext, as, check, res, ...) SHOW(nm, res, __VA_ARGS__)
static const struct trc_sig sigtab[] = {
#include "../abi/calls.inc"
};
#undef CALL
#undef SHOW

/* sigtab[i] is abi_rows[i]'s signature: both expand the same rows in order,
 * so the rows' name index serves the signatures too. */
_Static_assert(ARRAY_SIZE(sigtab) == ABI_NROWS, "one signature per row");

const struct trc_sig *trc_sig_find(const char *name) {
  const struct sys_row *r = abi_row(name);
  return r ? &sigtab[r - abi_rows] : NULL;
}

/* ---- per-task state between entry and exit ---- */

/* Each guest task runs on its own host thread (threads are host threads,
 * processes are forked emus), so the line under construction is the
 * thread's. */
struct trc_state {
  bool active; /* entry formatted, exit pending */
  enum abi abi;
  long nr;
  int next; /* first argument still to print */
  u64 args[6];
  const char *name; /* the name printed (a socketcall's subcall) */
  u64 saved[6];     /* what in/out arguments held at entry (their rows' save) */
  bool via_ipc;     /* name is an i386 ipc() subcall */
  u64 ipc_ptr;      /* msgrcv's kludge address */
  struct trc_buf line;
  bool sep_done; /* the ", " before argument next is in line */
  bool written;  /* line's first entry_len bytes are in the log */
  size_t entry_len;
  u64 t0; /* when the call entered (monotonic ns), for -T and -c */
};
static _Thread_local struct trc_state st;
/* The last call of this thread that returned ERESTART_RESTARTBLOCK: what a
 * later restart_syscall resumes (strace's "<... resuming interrupted ...>"). */
static _Thread_local const char *interrupted;

static void fmt_restart(struct trc_buf *b, const char *name) {
  if (name && !strcmp(name, "restart_syscall"))
    trc_printf(b, "<... resuming interrupted %s ...>", interrupted ? interrupted : "call");
}

static bool enabled(const struct task *t) {
  return t && t->proc && t->proc->opts && t->proc->opts->strace;
}

/* A whole line (strace_log.c adds the prefix). */
static void emit(struct task *t, const char *text) { trc_log_line(t, text); }

/* The signature letters of an embedder's custom call (emu.h, checked when
 * it was registered) as the log's argument kinds. */
static void custom_sig(const char *name, const char *letters, struct trc_sig *out) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(letters);
  for (size_t i = 0; i < n && i < 6; i++) {
    u16 k;
    switch (letters[i]) {
    case 'd': k = K_INT; break;
    case 'u': k = K_ULONG; break;
    case 'l': k = K_LONG; break;
    case 'p': k = K_PTR; break;
    case 'f': k = K_FD; break;
    case 's': k = K_STR; break;
    case 'b': k = KP(K_BUF_IN, i + 1); break;
    case 'B': k = K_BUF_OUT; break;
    case 'S': k = K_STR_OUT; break;
    default: k = K_HEX; break; /* 'x' */
    }
    out->arg[out->nargs++] = k;
  }
  out->name = name;
  out->rv = RV_DEC;
}

/* A call's signature: an embedder's custom call first (made in *custom),
 * then the built-in table. */
static const struct trc_sig *sig_of(const char *name, struct trc_sig *custom) {
  const char *letters = sys_custom_signature(name);
  if (!letters) return trc_sig_find(name);
  custom_sig(name, letters, custom);
  return custom;
}

static void init_call(struct trc_call *c, struct task *t, enum abi abi, const u64 *args) {
  memset(c, 0, sizeof *c);
  c->t = t;
  c->mm = t->proc->mm;
  c->m32 = abi == ABI_I386;
  c->a = args;
}

/* Print arguments [from, to) of sig into b; stop at the first output kind
 * when at entry.  Returns the index reached. */
static int fmt_args(struct trc_buf *b, const struct trc_call *c, const struct trc_sig *s, int from,
                    bool sep_done) {
  int i = from;
  for (; i < s->nargs; i++) {
    u16 k = s->arg[i];
    int kind = TRC_KIND(k);
    if (!c->exiting && kind >= K_OUT_FIRST) break;
    if (kind == K_SKIP) continue;
    const struct trc_kind_def *d = trc_kind_def(kind);
    if (i && !(d && (d->flags & TRC_SELF_SEP)) && !(i == from && sep_done)) trc_puts(b, ", ");
    trc_fmt_arg(b, c, i, k);
  }
  return i;
}

static void fmt_raw_args(struct trc_buf *b, const struct trc_call *c, int n) {
  for (int i = 0; i < n; i++) {
    u64 v = c->m32 ? (u32)c->a[i] : c->a[i];
    trc_printf(b, v ? "%s%#llx" : "%s0", i ? ", " : "", (unsigned long long)v);
  }
}

static void start_line(struct trc_buf *b, const char *name, long nr, enum abi abi) {
  b->n = 0;
  b->s[0] = 0;
  if (name)
    trc_printf(b, "%s(", name);
  else
    trc_printf(b, "syscall_%#lx(", abi == ABI_I386 ? (long)(u32)nr : nr);
}

/* ---- i386 socketcall ---- */

/* strace shows socketcall(SYS_SOCKET, args) as the call it stands for,
 * socket(...), with the arguments from the array.  Returns the subcall's
 * name with its arguments in out, or NULL (then socketcall is printed). */
static const char *socketcall_sub(struct task *t, enum abi abi, const char *name, const u64 *in,
                                  u64 out[6]) {
  static const char *const subs[] = {
      NULL,          "socket",     "bind",    "connect", "listen",  "accept",   "getsockname",
      "getpeername", "socketpair", "send",    "recv",    "sendto",  "recvfrom", "shutdown",
      "setsockopt",  "getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg"};
  static const u8 nargs[] = {0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4};
  if (abi != ABI_I386 || !name || strcmp(name, "socketcall")) return NULL;
  u32 call = (u32)in[0], a32[6] = {0};
  if (call < 1 || call >= ARRAY_SIZE(subs)) return NULL;
  if (copy_from_user(t->proc->mm, a32, (u32)in[1], 4u * nargs[call])) return NULL;
  for (int i = 0; i < 6; i++) out[i] = a32[i];
  return subs[call];
}

/* ---- i386 ipc ---- */

/* strace shows ipc(SHMGET, ...) as the System V call it stands for, with
 * the arguments in that call's order (strace's ipc.c and the kernel's
 * ksys_ipc).  Returns the subcall's name with its arguments in out, or
 * NULL.  *kludge gets msgrcv's struct ipc_kludge address (version 0). */
static const char *ipc_sub(struct task *t, enum abi abi, const char *name, const u64 *in,
                           u64 out[6], u64 *kludge) {
  if (abi != ABI_I386 || !name || strcmp(name, "ipc")) return NULL;
  u32 call = (u32)in[0] & 0xffff, version = (u32)in[0] >> 16;
  u64 first = (u32)in[1], second = (u32)in[2], third = (u32)in[3], ptr = (u32)in[4],
      fifth = (u32)in[5];
  memset(out, 0, 6 * sizeof *out);
  *kludge = 0;
  switch (call) {
  case 1: out[0] = first, out[1] = ptr, out[2] = second; return "semop";
  case 2: out[0] = first, out[1] = second, out[2] = third; return "semget";
  case 3: out[0] = first, out[1] = second, out[2] = third, out[3] = ptr; return "semctl";
  case 4: out[0] = first, out[1] = ptr, out[2] = second, out[3] = fifth; return "semtimedop";
  case 11: out[0] = first, out[1] = ptr, out[2] = second, out[3] = third; return "msgsnd";
  case 12:
    out[0] = first, out[2] = second, out[4] = third;
    if (version == 0) {
      u32 k[2] = {0, 0};
      *kludge = ptr;
      if (ptr && copy_from_user(t->proc->mm, k, ptr, sizeof k)) k[0] = k[1] = 0;
      out[1] = k[0], out[3] = (u64)(i64)(i32)k[1];
    } else {
      out[1] = ptr, out[3] = fifth;
    }
    return "msgrcv";
  case 13: out[0] = first, out[1] = second; return "msgget";
  case 14: out[0] = first, out[1] = second, out[2] = ptr; return "msgctl";
  case 21: out[0] = first, out[1] = ptr, out[2] = second, out[3] = third; return "shmat";
  case 22: out[0] = ptr; return "shmdt";
  case 23: out[0] = first, out[1] = second, out[2] = third; return "shmget";
  case 24: out[0] = first, out[1] = second, out[2] = ptr; return "shmctl";
  default: return NULL;
  }
}

/* -T: " <seconds>" spent in the call, after its result. */
static void fmt_took(struct trc_buf *b, u64 ns) {
  if (trc_style.took)
    trc_printf(b, " <%llu.%06llu>", (unsigned long long)(ns / 1000000000u),
               (unsigned long long)(ns % 1000000000u / 1000));
}

/* ---- the initial execve line ---- */

/* The process was started by emu, not by an execve strace saw: print the
 * execve line strace prints first, from the initial stack (argc, argv,
 * envp, auxv), which the program has not touched before its first call. */
static void initial_execve(struct task *t) {
  struct proc *p = t->proc;
  p->trc_flags |= TRC_STARTED;
  bool m32 = p->bits == 32;
  size_t w = m32 ? 4 : 8;
  u64 execfn = 0, random = 0;
  for (int i = 0; i < p->nauxv; i++) {
    if (p->auxv[2 * i] == AT_EXECFN) execfn = p->auxv[2 * i + 1];
    if (p->auxv[2 * i] == AT_RANDOM) random = p->auxv[2 * i + 1];
  }
  int argc = 0;
  for (size_t i = 0; i < p->cmdline_len; i++) argc += !p->cmdline[i];
  /* Find the auxv below the random bytes: its first two pairs match. */
  u64 auxv = 0;
  u64 want[4] = {p->auxv[0], p->auxv[1], p->auxv[2], p->auxv[3]};
  for (u64 a = random & ~(u64)(w - 1); random && a > random - 4096 - 128 * w; a -= w) {
    u8 s[32];
    if (copy_from_user(p->mm, s, a, 4 * w)) break;
    bool ok = true;
    for (int k = 0; k < 4 && ok; k++) {
      u64 v = 0;
      memcpy(&v, s + k * w, w);
      ok = v == want[k];
    }
    if (ok) {
      auxv = a;
      break;
    }
  }
  struct trc_buf line, *b = &line;
  struct trc_call c;
  u64 args[6] = {0};
  init_call(&c, t, m32 ? ABI_I386 : ABI_X86_64, args);
  b->n = 0;
  trc_puts(b, "execve(");
  trc_str(b, &c, execfn, -1, 4096);
  u64 envp = 0, argv = 0;
  if (auxv) {
    /* auxv - w: envp's NULL; walk down over envp to argv's NULL. */
    u64 a = auxv - 2 * w, word = 1;
    while (a > auxv - 65536 * w) {
      word = 0;
      if (copy_from_user(p->mm, &word, a, w) || !word) break;
      a -= w;
    }
    if (!word) {
      envp = a + w;
      argv = a - (u64)argc * w;
    }
  }
  if (argv) {
    args[1] = argv;
    args[2] = envp;
    trc_puts(b, ", ");
    trc_fmt_arg(b, &c, 1, K_ARGV);
    trc_puts(b, ", ");
    trc_fmt_arg(b, &c, 2, K_ENVP);
  } else {
    trc_puts(b, ", ?, ?");
  }
  trc_puts(b, ")");
  /* The execve's time: from the entry of the guest's call in the emu that
   * ran it (or this emu's start) to the new program's first line. */
  u64 now = trc_now_ns();
  u64 took = trc_style.exec_ns && now > trc_style.exec_ns ? now - trc_style.exec_ns : 0;
  struct trc_buf res;
  res.n = 0;
  trc_puts(&res, "0");
  fmt_took(&res, took);
  if (trc_style.count && trc_filter_call("execve"))
    trc_count_call(trc_style.exec32 ? ABI_I386 : ABI_X86_64, trc_style.exec32 ? 11 : 59, "execve",
                   0, took);
  if (trc_filter_call("execve") && trc_filter_status(0))
    trc_log_exit(t, "execve", b->s, 0, false, res.s);
}

static void maybe_start(struct task *t) {
  if (!(t->proc->trc_flags & TRC_STARTED)) initial_execve(t);
}

/* ---- the hooks ---- */

static bool is_fork_call(const char *name) {
  return name && (!strcmp(name, "clone") || !strcmp(name, "clone3") || !strcmp(name, "fork") ||
                  !strcmp(name, "vfork"));
}

static bool is_exec_call(const char *name) {
  return name && (!strcmp(name, "execve") || !strcmp(name, "execveat"));
}

u64 trc_call_start_ns(void) { return st.active ? st.t0 : trc_now_ns(); }
bool trc_call_m32(void) { return st.active && st.abi == ABI_I386; }

/* Where a call sorts in -c's table among equal times: its number, an i386
 * socketcall() or ipc() subcall after every real call (strace's
 * SYS_socket_subcall and SYS_ipc_subcall). */
static long count_order(enum abi abi, long nr, const char *name, const u64 *args) {
  if (abi == ABI_I386 && name && !strcmp(name, "socketcall")) return 100000 + (u32)args[0];
  if (abi == ABI_I386 && name && !strcmp(name, "ipc")) return 200000 + ((u32)args[0] & 0xffff);
  return abi == ABI_I386 ? (long)(u32)nr : nr;
}

void trc_syscall_enter(struct task *t, enum abi abi, long nr, const char *name, const u64 *args) {
  if (!enabled(t)) return;
  maybe_start(t);
  st.active = true;
  st.t0 = trc_now_ns();
  t->trc_call = &st;
  st.abi = abi;
  st.nr = nr;
  memcpy(st.args, args, sizeof st.args);
  const char *sub = socketcall_sub(t, abi, name, args, st.args);
  if (sub) name = sub;
  const char *isub = ipc_sub(t, abi, name, args, st.args, &st.ipc_ptr);
  st.via_ipc = isub != NULL;
  if (isub) name = isub;
  st.name = name;
  args = st.args;
  start_line(&st.line, name, nr, abi);
  struct trc_sig custom;
  const struct trc_sig *s = sig_of(name, &custom);
  struct trc_call c;
  init_call(&c, t, abi, args);
  c.via_ipc = st.via_ipc;
  c.ipc_ptr = st.ipc_ptr;
  fmt_restart(&st.line, name);
  st.next = s ? fmt_args(&st.line, &c, s, 0, false) : 0;
  /* strace writes the ", " before the first output argument with the
   * entry: "wait4(-1,  <unfinished ...>", "<... wait4 resumed>[...". */
  st.sep_done = false;
  if (s && st.next > 0 && st.next < s->nargs) {
    const struct trc_kind_def *d = trc_kind_def(TRC_KIND(s->arg[st.next]));
    if (!(d && (d->flags & TRC_SELF_SEP))) {
      trc_puts(&st.line, ", ");
      st.sep_done = true;
    }
  }
  memset(st.saved, 0, sizeof st.saved);
  for (int i = st.next; s && i < s->nargs; i++) {
    const struct trc_kind_def *d = trc_kind_def(TRC_KIND(s->arg[i]));
    if (d && d->save) st.saved[i] = d->save(&c, i, TRC_PARAM(s->arg[i]));
  }
  /* The entry goes out now, as strace writes it, so that another task's
   * line meanwhile ends it with "<unfinished ...>".  Not when the result
   * decides whether the line is shown (-e status=), nor for execve, whose
   * line the new program's emu writes (initial_execve). */
  st.entry_len = st.line.n;
  st.written = trc_filter_status_all() && trc_filter_call(name) && !is_exec_call(name);
  if (st.written) trc_log_entry(t, st.line.s);
}

void trc_syscall(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                 long ret) {
  if (!enabled(t)) return;
  maybe_start(t);
  bool have_entry = st.active && st.abi == abi && st.nr == nr;
  bool written = have_entry && st.written;
  u64 took = have_entry ? trc_now_ns() - st.t0 : 0;
  long order = count_order(abi, nr, name, args);
  st.active = false;
  st.written = false;
  u64 sub_args[6], ipc_ptr = 0, ipc_third = (u32)args[3];
  bool via_ipc = false;
  if (have_entry) {
    name = st.name;
    via_ipc = st.via_ipc;
    ipc_ptr = st.ipc_ptr;
  } else {
    const char *sub = socketcall_sub(t, abi, name, args, sub_args);
    if (!sub) {
      sub = ipc_sub(t, abi, name, args, sub_args, &ipc_ptr);
      via_ipc = sub != NULL;
    }
    if (sub) {
      name = sub;
      args = sub_args;
    }
  }
  /* ipc(SHMAT) returns 0 and leaves the address at its third argument;
   * strace shows the address as the result. */
  if (via_ipc && ret == 0 && !strcmp(name, "shmat")) {
    u32 addr;
    if (copy_from_user(t->proc->mm, &addr, ipc_third, 4) == 0) ret = addr;
  }
  /* A new task or process: from now on every line says whose it is, as
   * strace -f does.  The child's side of fork/clone returning 0 is not a
   * line of strace's (it never saw the child enter the call). */
  if (is_fork_call(name) && ret >= 0) {
    trc_set_multi(t->proc);
    if (ret == 0) return;
  }
  size_t entry_len = written ? st.entry_len : 0;
  struct trc_sig custom;
  const struct trc_sig *s = sig_of(name, &custom);
  struct trc_call c;
  /* The formatters see the arguments as they were at entry. */
  init_call(&c, t, abi, have_entry ? st.args : args);
  c.ret = ret;
  c.exiting = true;
  c.saved = have_entry ? st.saved : NULL;
  c.via_ipc = via_ipc;
  c.ipc_ptr = ipc_ptr;
  struct trc_buf *b = &st.line;
  int from = 0;
  if (have_entry) {
    from = st.next;
  } else {
    start_line(b, name, nr, abi);
    fmt_restart(b, name);
  }
  if (s) {
    fmt_args(b, &c, s, from, have_entry && st.sep_done);
  } else {
    /* strace prints the six registers of an unknown call, and the table's
     * count of a call it does not decode. */
    fmt_raw_args(b, &c, name ? 6 : 6);
  }
  trc_puts(b, ")");
  /* A call during which the process was killed (SIGKILL to itself) never
   * returns: strace's "= ?". */
  bool killed = t->exiting && (t->exit_status & 0x7f);
  struct trc_buf res;
  res.n = 0;
  res.s[0] = 0;
  trc_fmt_ret(&res, &c, killed ? RV_NORETURN : s ? s->rv : RV_DEC);
  if ((c.m32 ? (i32)ret : ret) == -516) interrupted = name;
  if (s) trc_fmt_ret_extra(&res, &c, s->arg, s->nargs);
  bool returns = !killed && !(s && s->rv == RV_NORETURN);
  if (returns && have_entry) fmt_took(&res, took);
  if (returns && trc_style.count && trc_filter_call(name))
    trc_count_call(abi, order, name, c.m32 ? (i32)ret : ret, took);
  /* -e trace= and -e status= (strace_filter.c); an entry already out is
   * finished in any case. */
  if (written || (trc_filter_call(name) && (killed || trc_filter_status(c.m32 ? (i32)ret : ret))))
    trc_log_exit(t, name, b->s, entry_len, written, res.s);

  if (s && s->rv == RV_NORETURN &&
      (!strcmp(s->name, "exit_group") || !(t->proc->trc_flags & TRC_MULTI))) {
    char line[64];
    snprintf(line, sizeof line, "+++ exited with %d +++", (int)(c.a[0] & 0xff));
    emit(t, line);
    t->proc->trc_flags |= TRC_EXITED;
  }
}

void trc_exit(struct task *t, int wait_status) {
  if (!enabled(t)) return;
  if (t->proc->trc_flags & TRC_EXITED) {
    trc_log_gone(t, NULL); /* its line came with exit_group's */
    return;
  }
  maybe_start(t);
  char line[96];
  if ((wait_status & 0x7f) == 0) {
    snprintf(line, sizeof line, "+++ exited with %d +++", (wait_status >> 8) & 0xff);
  } else {
    snprintf(line, sizeof line, "+++ killed by %s%s +++", trc_signame(wait_status & 0x7f),
             wait_status & 0x80 ? " (core dumped)" : "");
  }
  trc_log_gone(t, line);
}

/* A vfork child runs on its parent's host thread (vmproc_clone), so on
 * this thread's state: the parent's open call is kept aside meanwhile. */
void *trc_state_save(struct task *t) {
  if (!enabled(t)) return NULL;
  struct trc_state *p = malloc(sizeof *p);
  if (p) *p = st;
  return p;
}

void trc_state_restore(void *saved) {
  if (!saved) return;
  st = *(struct trc_state *)saved;
  free(saved);
}

/* exit_group while other threads live: the process ends inside the call
 * (proc_terminate), so its line, the other threads' ends and the "+++
 * exited" lines are done here, as strace prints them: each other thread's
 * call in progress "= ?", each one's "+++ exited with N +++", this
 * thread's last.  The other threads are blocked in calls or running guest
 * code; their entries were written (an entry not yet out is left).  A
 * thread that has ended already (its trc_exit ran; it leaves the thread
 * group just after) has its line and is not reported again. */
void trc_group_exit(struct task *t, int code, struct task *const *others, int n) {
  if (!enabled(t)) return;
  maybe_start(t);
  if (st.active) {
    st.active = false;
    trc_puts(&st.line, ")");
    trc_log_exit(t, st.name, st.line.s, st.written ? st.entry_len : 0, st.written, "?");
    st.written = false;
  }
  char line[64];
  snprintf(line, sizeof line, "+++ exited with %d +++", code & 0xff);
  for (int i = 0; i < n; i++) {
    struct trc_state *o = others[i]->trc_call;
    if (o && o->active && o->written && !__atomic_load_n(&others[i]->trc_gone, __ATOMIC_ACQUIRE)) {
      o->active = false;
      o->written = false;
      trc_puts(&o->line, ")");
      trc_log_exit(others[i], o->name, o->line.s, o->entry_len, true, "?");
    }
  }
  for (int i = 0; i < n; i++) trc_log_gone(others[i], line); /* unless its own came first */
  t->proc->trc_flags |= TRC_EXITED;
  trc_log_gone(t, line);
}

void trc_set_multi(struct proc *p) {
  if (p) p->trc_flags |= TRC_MULTI;
}

/* ---- signals ---- */

static const char *si_code_name(int sig, int code) {
  static const struct trc_flag common[] = {{0, "SI_USER"},
                                           {0x80, "SI_KERNEL"},
                                           {(u32)-1, "SI_QUEUE"},
                                           {(u32)-2, "SI_TIMER"},
                                           {(u32)-3, "SI_MESGQ"},
                                           {(u32)-4, "SI_ASYNCIO"},
                                           {(u32)-5, "SI_SIGIO"},
                                           {(u32)-6, "SI_TKILL"},
                                           {(u32)-7, "SI_DETHREAD"},
                                           {(u32)-60, "SI_ASYNCNL"},
                                           {0, NULL}};
  static const struct trc_flag segv[] = {
      {1, "SEGV_MAPERR"}, {2, "SEGV_ACCERR"}, {3, "SEGV_BNDERR"}, {4, "SEGV_PKUERR"}, {0, NULL}};
  static const struct trc_flag bus[] = {
      {1, "BUS_ADRALN"}, {2, "BUS_ADRERR"}, {3, "BUS_OBJERR"}, {0, NULL}};
  static const struct trc_flag ill[] = {{1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"},
                                        {4, "ILL_ILLTRP"}, {5, "ILL_PRVOPC"}, {6, "ILL_PRVREG"},
                                        {7, "ILL_COPROC"}, {8, "ILL_BADSTK"}, {0, NULL}};
  static const struct trc_flag fpe[] = {{1, "FPE_INTDIV"}, {2, "FPE_INTOVF"}, {3, "FPE_FLTDIV"},
                                        {4, "FPE_FLTOVF"}, {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"},
                                        {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"}, {0, NULL}};
  static const struct trc_flag trap[] = {
      {1, "TRAP_BRKPT"}, {2, "TRAP_TRACE"}, {3, "TRAP_BRANCH"}, {4, "TRAP_HWBKPT"}, {0, NULL}};
  static const struct trc_flag chld[] = {
      {1, "CLD_EXITED"},  {2, "CLD_KILLED"},    {3, "CLD_DUMPED"}, {4, "CLD_TRAPPED"},
      {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"}, {0, NULL}};
  const struct trc_flag *tab = NULL;
  if (code > 0 && code != 0x80) {
    switch (sig) {
    case 11: tab = segv; break;
    case 7: tab = bus; break;
    case 4: tab = ill; break;
    case 8: tab = fpe; break;
    case 5: tab = trap; break;
    case 17: tab = chld; break;
    default: break;
    }
  }
  const char *n = tab ? trc_xlat((u32)code, tab) : NULL;
  return n ? n : trc_xlat((u32)code, common);
}

/* A count of clock ticks, with the seconds beside it when not 0 (strace's
 * print_clock_t): 5 and a comment "0.05 s". */
static void fmt_clock_t(struct trc_buf *b, i64 v) {
  trc_printf(b, "%lld", (long long)v);
  long tck = sysconf(_SC_CLK_TCK);
  if (!v || tck <= 0) return;
  int width = 0;
  long long p10 = 1;
  while (p10 < tck) p10 *= 10, width++;
  unsigned long long u = (unsigned long long)v;
  trc_printf(b, " /* %llu.%0*llu s */", u / (unsigned long long)tck, width,
             u % (unsigned long long)tck * (unsigned long long)p10 / (unsigned long long)tck);
}

/* --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} --- */
void trc_signal(struct task *t, const struct lx_siginfo *lx_si) {
  if (!enabled(t)) return;
  maybe_start(t);
  const u8 *si = (const u8 *)lx_si;
  i32 signo, code, pid, status;
  u32 uid;
  u64 addr;
  i64 utime, stime;
  memcpy(&signo, si, 4);
  if (!trc_filter_signal(signo)) return; /* -e signal= */
  memcpy(&code, si + 8, 4);
  memcpy(&pid, si + 16, 4);
  memcpy(&uid, si + 20, 4);
  memcpy(&addr, si + 16, 8);
  memcpy(&status, si + 24, 4);
  memcpy(&utime, si + 32, 8);
  memcpy(&stime, si + 40, 8);
  struct trc_buf line, *b = &line;
  b->n = 0;
  trc_printf(b, "--- %s {si_signo=%s, si_code=", trc_signame(signo), trc_signame(signo));
  const char *cn = si_code_name(signo, code);
  if (cn)
    trc_puts(b, cn);
  else
    trc_printf(b, "%d", code);
  bool fault = code > 0 && code != 0x80 &&
               (signo == 11 || signo == 7 || signo == 4 || signo == 8 || signo == 5);
  if (fault) {
    if (t->proc->bits == 32) addr = (u32)addr;
    trc_printf(b, addr ? ", si_addr=%#llx" : ", si_addr=NULL", (unsigned long long)addr);
  } else if (signo == 17 && code > 0) {
    trc_printf(b, ", si_pid=%d, si_uid=%u, si_status=", pid, uid);
    if (code == 1)
      trc_printf(b, "%d", status);
    else
      trc_puts(b, trc_signame(status));
    trc_puts(b, ", si_utime=");
    fmt_clock_t(b, utime);
    trc_puts(b, ", si_stime=");
    fmt_clock_t(b, stime);
  } else if (code <= 0 || code == 0x80) {
    if (code != 0x80) trc_printf(b, ", si_pid=%d, si_uid=%u", pid, uid);
  }
  trc_puts(b, "} ---");
  emit(t, b->s);
}

/* ---- the log as an observer of the kernel model ---- */

static const struct observer strace_observer = {
    .name = "strace",
    .syscall_enter = trc_syscall_enter,
    .syscall_exit = trc_syscall,
    .signal = trc_signal,
    .task_born = trc_task_born,
    .task_unborn = trc_task_unborn,
    .task_exit = trc_exit,
    .group_exit = trc_group_exit,
    .state_save = trc_state_save,
    .state_restore = trc_state_restore,
    .exec_args = trc_exec_args,
};

void trc_strace_attach(void) { obs_register(&strace_observer); }
