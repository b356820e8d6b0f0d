/* strace_filter.c — the -e expressions of the system-call log, as strace
 * reads them (strace's filter_qualify.c, and the classes of its sysent
 * flags: TRACE_FILE, TRACE_DESC, TRACE_PROCESS, TRACE_NETWORK, TRACE_SIGNAL,
 * TRACE_MEMORY, TRACE_IPC):
 *
 *   -e trace=SET     the calls shown: names and %classes, comma-separated,
 *                    "all", "none", a leading ! negating the whole set
 *   -e status=SET    successful, failed (the results shown)
 *   -e signal=SET    the signals whose "--- SIG... ---" lines are shown
 *                    (names with or without SIG, or numbers; ! negates)
 *
 * Expressions accumulate; the last one of a kind wins, as in strace.  The
 * file class is every call with a path argument and the descriptor class
 * every call with a descriptor argument, read from the calls' signatures
 * (src/abi/calls_*.inc); the other classes are strace's lists.  The settings are
 * process-wide and handed to the emu of a guest's execve (-e again). */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strace.h"
#include "strace_fmt.h"

enum { C_FILE = 1, C_DESC = 2, C_PROCESS = 4, C_NETWORK = 8, C_SIGNAL = 16, C_MEMORY = 32,
       C_IPC = 64 };

static const struct {
  const char *name;
  unsigned bit;
} classes[] = {{"file", C_FILE},       {"desc", C_DESC},     {"process", C_PROCESS},
               {"net", C_NETWORK},     {"network", C_NETWORK}, {"signal", C_SIGNAL},
               {"memory", C_MEMORY},   {"ipc", C_IPC}};

/* strace's lists for the classes a signature cannot tell. */
static const char *const process_calls[] = {
    "exit", "exit_group", "fork", "vfork", "clone", "clone3", "execve", "execveat", "wait4",
    "waitid", "waitpid", "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    "pidfd_open", "pidfd_send_signal", "unshare", NULL};
static const char *const network_calls[] = {
    "socket", "socketpair", "bind", "connect", "listen", "accept", "accept4", "getsockname",
    "getpeername", "sendto", "recvfrom", "send", "recv", "sendmsg", "recvmsg", "sendmmsg",
    "recvmmsg", "recvmmsg_time64", "shutdown", "setsockopt", "getsockopt", "socketcall", NULL};
static const char *const signal_calls[] = {
    "rt_sigaction", "sigaction", "signal", "rt_sigprocmask", "sigprocmask", "rt_sigpending",
    "sigpending", "rt_sigsuspend", "sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
    "rt_sigqueueinfo", "rt_tgsigqueueinfo", "kill", "tkill", "tgkill", "sigaltstack",
    "rt_sigreturn", "sigreturn", "pause", "signalfd", "signalfd4", "pidfd_send_signal",
    "sgetmask", "ssetmask", NULL};
static const char *const memory_calls[] = {
    "brk", "mmap", "mmap2", "old_mmap", "munmap", "mremap", "mprotect", "pkey_mprotect",
    "madvise", "process_madvise", "mlock", "mlock2", "munlock", "mlockall", "munlockall",
    "mincore", "msync", "remap_file_pages", "mbind", "set_mempolicy", "get_mempolicy",
    "migrate_pages", "move_pages", "shmat", "shmdt", NULL};
static const char *const ipc_calls[] = {
    "ipc", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop",
    "semtimedop_time64", "semctl", "shmget", "shmat", "shmdt", "shmctl", NULL};

static bool listed(const char *const *list, const char *name) {
  for (; *list; list++)
    if (!strcmp(*list, name)) return true;
  return false;
}

static unsigned classes_of(const char *name) {
  unsigned c = 0;
  const struct trc_sig *s = trc_sig_find(name);
  for (int i = 0; s && i < s->nargs; i++) {
    int k = TRC_KIND(s->arg[i]);
    if (k == K_PATH) c |= C_FILE;
    if (k == K_FD || k == K_DIRFD) c |= C_DESC;
  }
  if (listed(process_calls, name)) c |= C_PROCESS;
  if (listed(network_calls, name)) c |= C_NETWORK;
  if (listed(signal_calls, name)) c |= C_SIGNAL;
  if (listed(memory_calls, name)) c |= C_MEMORY;
  if (listed(ipc_calls, name)) c |= C_IPC;
  return c;
}

/* The set of calls: names and classes, negated or not; unset: all. */
enum { MAXNAMES = 64, MAXLEN = 40 };
static struct {
  bool set, negate;
  unsigned classes;
  int n;
  char names[MAXNAMES][MAXLEN];
} calls;
static int status_mask = 3; /* 1: successful, 2: failed */
static struct {
  bool set, negate;
  u64 sigs; /* bit n-1: signal n */
} sigset;

static int fail(const char *expr, const char *why) {
  fprintf(stderr, "emu: -e %s: %s\n", expr, why);
  return -1;
}

static int parse_calls(const char *expr, const char *set) {
  calls.set = true;
  calls.negate = *set == '!';
  if (calls.negate) set++;
  calls.classes = 0;
  calls.n = 0;
  char buf[512];
  snprintf(buf, sizeof buf, "%s", set);
  bool all = false;
  for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "all")) {
      all = true;
    } else if (!strcmp(w, "none")) {
      continue;
    } else if (w[0] == '%') {
      size_t i = 0;
      while (i < ARRAY_SIZE(classes) && strcmp(classes[i].name, w + 1)) i++;
      if (i == ARRAY_SIZE(classes)) return fail(expr, "no such class of calls");
      calls.classes |= classes[i].bit;
    } else {
      if (calls.n == MAXNAMES || strlen(w) >= MAXLEN) return fail(expr, "too many or too long names");
      snprintf(calls.names[calls.n++], MAXLEN, "%s", w);
    }
  }
  if (all) { /* all: nothing excluded (negated: nothing shown) */
    calls.classes = ~0u;
    calls.n = 0;
  }
  return 0;
}

static int parse_status(const char *expr, const char *set) {
  status_mask = 0;
  char buf[128];
  snprintf(buf, sizeof buf, "%s", set);
  for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "successful")) status_mask |= 1;
    else if (!strcmp(w, "failed")) status_mask |= 2;
    else if (!strcmp(w, "all")) status_mask |= 3;
    else if (strcmp(w, "none")) return fail(expr, "status is successful, failed, all or none");
  }
  return 0;
}

static int parse_signals(const char *expr, const char *set) {
  sigset.set = true;
  sigset.negate = *set == '!';
  if (sigset.negate) set++;
  sigset.sigs = 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", set);
  for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "all")) {
      sigset.sigs = ~0ull;
      continue;
    }
    if (!strcmp(w, "none")) continue;
    int n = isdigit((unsigned char)w[0]) ? atoi(w) : 0;
    for (int s = 1; !n && s <= 64; s++) {
      const char *nm = trc_signame(s);
      if (!strcasecmp(nm, w) || (!strncmp(nm, "SIG", 3) && !strcasecmp(nm + 3, w))) n = s;
    }
    if (n < 1 || n > 64) return fail(expr, "no such signal");
    sigset.sigs |= 1ull << (n - 1);
  }
  return 0;
}

static int parse(const char *expr) {
  const char *eq = strchr(expr, '=');
  if (!eq) return parse_calls(expr, expr); /* -e NAME,... is -e trace=NAME,... */
  size_t k = (size_t)(eq - expr);
  if (k == 5 && !strncmp(expr, "trace", 5)) return parse_calls(expr, eq + 1);
  if (k == 6 && !strncmp(expr, "status", 6)) return parse_status(expr, eq + 1);
  if (k == 6 && !strncmp(expr, "signal", 6)) return parse_signals(expr, eq + 1);
  if (k == 7 && !strncmp(expr, "signals", 7)) return parse_signals(expr, eq + 1);
  return fail(expr, "emu knows trace=, status= and signal=");
}

/* The expressions taken (the first 8), for the emu of a guest's execve. */
static const char *exprs[8];
static int nexprs;

int trc_filter_parse(const char *expr) {
  if (parse(expr)) return -1;
  if (nexprs < (int)ARRAY_SIZE(exprs)) exprs[nexprs++] = expr;
  return 0;
}

int trc_filter_exprs(const char *const **out) {
  *out = exprs;
  return nexprs;
}

bool trc_filter_call(const char *name) {
  if (!calls.set) return true;
  bool in = name && ((classes_of(name) & calls.classes) || calls.classes == ~0u);
  for (int i = 0; name && !in && i < calls.n; i++) in = !strcmp(calls.names[i], name);
  return in != calls.negate;
}

bool trc_filter_status(long ret) {
  bool failed = ret < 0 && ret >= -4095;
  return status_mask & (failed ? 2 : 1);
}

/* No status= filter: a call's entry can be written before its result is known. */
bool trc_filter_status_all(void) { return status_mask == 3; }

bool trc_filter_signal(int sig) {
  if (!sigset.set) return true;
  bool in = sig >= 1 && sig <= 64 && (sigset.sigs >> (sig - 1) & 1);
  return in != sigset.negate;
}
