/* api_test.c — tests of the public C API's custom system calls
 * (include/emu/emu.h: emu_register_syscall, emu_read_guest,
 * emu_write_guest, emu_read_guest_string) with real guests:
 *
 *   api_test GUEST64 GUEST32 EMBED_WHOAMI CUSTOM_SYSCALL CUSTOM_SYSCALL_32
 *
 * GUEST64/GUEST32 are guest_api.c built static for each ABI; each runs in a
 * forked child under an emu with the handlers below, its stdout captured,
 * and every line is compared with the value this test computes itself (the
 * user name from getpwuid(getuid()), errno values from <errno.h>, the
 * handlers' known results).  Also: registration errors, re-registration
 * and removal, a built-in call replaced, the system-call log naming the
 * custom call, and the embedding example (examples/embed_whoami.c) run on
 * examples/custom_syscall.c for both ABIs.  Prints one line per check and
 * exits 1 when any failed. */
#define _GNU_SOURCE
#include <emu/emu.h>
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int failures;
static char user[256];

static void check(bool ok, const char *what, const char *detail) {
  printf("%s: %s%s%s\n", ok ? "ok" : "FAIL", what, ok ? "" : ": ", ok ? "" : detail);
  if (!ok) failures++;
}

/* ---- the handlers ---- */

static long h_whoami(struct emu_syscall *call) { /* whoami(buf, len) */
  size_t n = strlen(user) + 1;
  if (call->a[1] < n) return -ERANGE;
  long r = emu_write_guest(call, call->a[0], user, n);
  return r < 0 ? r : (long)n - 1;
}

static long h_echo(struct emu_syscall *call) { /* echo(str): its length */
  char s[64];
  return emu_read_guest_string(call, call->a[0], s, sizeof s);
}

static long h_read(struct emu_syscall *call) { /* read(addr, len): 0 or -EFAULT */
  char b[64];
  if (call->a[1] > sizeof b) return -EINVAL;
  return emu_read_guest(call, call->a[0], b, call->a[1]);
}

static long h_one(struct emu_syscall *call) { return 1; }
static long h_two(struct emu_syscall *call) { return 2; }
static long h_seven(struct emu_syscall *call) { return 7; }
static long h_pid(struct emu_syscall *call) { return 4242; }

static long h_args(struct emu_syscall *call) {
  long r = 0, w = 1;
  for (int i = 0; i < 6; i++, w *= 10) r += (long)call->a[i] * w;
  return r + 1000000L * (call->abi == EMU_ABI_X86_64);
}

static void register_all(struct emu *e, enum emu_abi abi) {
  long getpid_nr = abi == EMU_ABI_X86_64 ? 39 : 20;
  int r = 0;
  r |= emu_register_syscall(e, abi, 1000, "whoami", h_whoami, "Bu");
  r |= emu_register_syscall(e, abi, 1001, "echo", h_echo, "s");
  r |= emu_register_syscall(e, abi, 1002, "peek", h_read, "pu");
  r |= emu_register_syscall(e, abi, 1003, "first", h_one, NULL);
  r |= emu_register_syscall(e, abi, 1003, "second", h_two, "");       /* replaces "first" */
  r |= emu_register_syscall(e, abi, getpid_nr, "mypid", h_pid, NULL); /* replaces getpid */
  r |= emu_register_syscall(e, abi, 1004, "gone", h_one, NULL);
  r |= emu_register_syscall(e, abi, 1004, NULL, NULL, NULL); /* removes it */
  r |= emu_register_syscall(e, abi, EMU_SYSCALL_NR_MAX - 1, "top", h_seven, NULL);
  r |= emu_register_syscall(e, abi, 1006, "args", h_args, "dddddd");
  if (r) {
    fprintf(stderr, "api_test: registration failed\n");
    _exit(99);
  }
}

/* Run guest under a fresh emu in a child (both ABIs' handlers registered),
 * its stdout into out; the system-call log into log_path when not NULL.
 * Returns the child's wait status. */
static int run_guest(const char *guest, char *out, size_t outsz, const char *log_path) {
  int p[2];
  if (pipe(p)) return -1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    dup2(p[1], 1);
    close(p[1]);
    struct emu *e = emu_new();
    FILE *log = log_path ? fopen(log_path, "w") : NULL;
    if (log) emu_set_strace(e, log);
    char err[512];
    char *argv[] = {(char *)guest, NULL};
    int st = emu_load(e, guest, 1, argv, environ, err, sizeof err);
    if (st) {
      fputs(err, stderr);
      _exit(st);
    }
    register_all(e, EMU_ABI_X86_64);
    register_all(e, EMU_ABI_I386);
    int status = emu_run(e);
    if (log) fflush(log);
    fflush(stdout);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (status & 0x7f));
  }
  close(p[1]);
  size_t n = 0;
  ssize_t k;
  while (n + 1 < outsz && (k = read(p[0], out + n, outsz - 1 - n)) > 0) n += (size_t)k;
  out[n] = 0;
  close(p[0]);
  int status;
  waitpid(pid, &status, 0);
  return status;
}

static void test_registration_errors(void) {
  struct emu *e = emu_new();
  check(emu_register_syscall(e, EMU_ABI_X86_64, -1, "neg", h_one, NULL) == -EINVAL,
        "negative number refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_X86_64, EMU_SYSCALL_NR_MAX, "big", h_one, NULL) == -EINVAL,
        "number at the limit refused", "not -EINVAL");
  check(emu_register_syscall(e, (enum emu_abi)7, 1000, "x", h_one, NULL) == -EINVAL,
        "unknown ABI refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, NULL, h_one, NULL) == -EINVAL,
        "missing name refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, "bad name", h_one, NULL) == -EINVAL,
        "name with a space refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, "x", h_one, "dq") == -EINVAL,
        "unknown signature letter refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, "x", h_one, "ddddddd") == -EINVAL,
        "seven-letter signature refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, "x", h_one, "db") == -EINVAL,
        "'b' without a length after it refused", "not -EINVAL");
  check(emu_register_syscall(e, EMU_ABI_I386, 1000, "x", h_one, "fbu") == 0, "a good registration",
        "refused");
  check(emu_register_syscall(e, EMU_ABI_I386, 2000, NULL, NULL, NULL) == 0,
        "removing a number never registered", "refused");
  emu_free(e);
}

static void test_guest(const char *guest, bool x86_64, const char *logdir) {
  char want[4096], out[8192], what[256];
  snprintf(want, sizeof want,
           "whoami %zu 0 %s\n"
           "whoami_bad -1 %d\n"
           "whoami_short -1 %d\n"
           "echo 10 0\n"
           "echo_bad -1 %d\n"
           "echo_long -1 %d\n"
           "read_bad -1 %d\n"
           "read_edge 0 0\n"
           "replaced 2 0\n"
           "getpid 4242 0\n"
           "removed -1 %d\n"
           "unknown -1 %d\n"
           "top 7 0\n"
           "args %ld 0\n",
           strlen(user), user, EFAULT, ERANGE, EFAULT, ENAMETOOLONG, EFAULT, ENOSYS, ENOSYS,
           654321L + (x86_64 ? 1000000L : 0));
  char log_path[4096];
  snprintf(log_path, sizeof log_path, "%s/api_test_%s.strace", logdir, x86_64 ? "64" : "32");
  int st = run_guest(guest, out, sizeof out, log_path);
  snprintf(what, sizeof what, "%s guest: exit status", x86_64 ? "x86-64" : "i386");
  check(WIFEXITED(st) && WEXITSTATUS(st) == 0, what, "not 0");
  /* Line by line, so a failure says which call. */
  char *w = want, *o = out;
  while (*w) {
    char *we = strchr(w, '\n'), *oe = strchr(o, '\n');
    size_t wl = (size_t)(we - w), ol = oe ? (size_t)(oe - o) : strlen(o);
    char detail[512];
    snprintf(detail, sizeof detail, "got \"%.*s\", want \"%.*s\"", (int)ol, o, (int)wl, w);
    snprintf(what, sizeof what, "%s guest: %.*s", x86_64 ? "x86-64" : "i386", (int)strcspn(w, " "),
             w);
    check(ol == wl && !memcmp(o, w, wl), what, detail);
    w = we + 1;
    o = oe ? oe + 1 : o + ol;
  }
  check(*o == 0, x86_64 ? "x86-64 guest: no extra output" : "i386 guest: no extra output", o);

  /* The log names the custom calls (whatever it prints of the arguments). */
  FILE *f = fopen(log_path, "r");
  char log[65536];
  size_t n = f ? fread(log, 1, sizeof log - 1, f) : 0;
  log[n] = 0;
  if (f) fclose(f);
  snprintf(what, sizeof what, "%s guest: the log shows whoami( ... = %zu",
           x86_64 ? "x86-64" : "i386", strlen(user));
  char needle[64];
  snprintf(needle, sizeof needle, "= %zu\n", strlen(user));
  const char *line = strstr(log, "\nwhoami(");
  check(line && strstr(line, needle) && strchr(line + 1, '\n') >= strstr(line, needle), what,
        "not found");
  snprintf(what, sizeof what, "%s guest: the log shows echo(), second(), mypid(), top()",
           x86_64 ? "x86-64" : "i386");
  check(strstr(log, "\necho(") && strstr(log, "\nsecond(") && strstr(log, "\nmypid(") &&
            strstr(log, "\ntop(") && !strstr(log, "\nfirst(") && !strstr(log, "\ngone("),
        what, "a name is missing (or a replaced/removed one shows)");
  snprintf(what, sizeof what, "%s guest: the log shows EFAULT for whoami's bad pointer",
           x86_64 ? "x86-64" : "i386");
  check(strstr(log, "= -1 EFAULT (Bad address)") != NULL, what, "not found");
}

/* The embedding example, as a user runs it. */
static void test_embed(const char *embed, const char *guest, const char *abi) {
  char want[1024], out[4096], what[256];
  snprintf(want, sizeof want,
           "whoami: %s (%zu bytes)\nwhoami(bad pointer): %s\nwhoami(1-byte buffer): %s\n", user,
           strlen(user), strerror(EFAULT), strerror(ERANGE));
  int p[2];
  if (pipe(p)) return;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl(embed, embed, guest, (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  size_t n = 0;
  ssize_t k;
  while (n + 1 < sizeof out && (k = read(p[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)k;
  out[n] = 0;
  close(p[0]);
  int st;
  waitpid(pid, &st, 0);
  snprintf(what, sizeof what, "embed_whoami %s: output and exit status", abi);
  char detail[8192];
  snprintf(detail, sizeof detail, "status %d, got:\n%s\nwant:\n%s", st, out, want);
  check(WIFEXITED(st) && WEXITSTATUS(st) == 0 && !strcmp(out, want), what, detail);
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr,
            "usage: %s GUEST64 GUEST32 EMBED_WHOAMI CUSTOM_SYSCALL CUSTOM_SYSCALL_32 LOGDIR\n",
            argv[0]);
    return 2;
  }
  struct passwd *pw = getpwuid(getuid());
  if (pw)
    snprintf(user, sizeof user, "%s", pw->pw_name);
  else
    snprintf(user, sizeof user, "uid%u", (unsigned)getuid());

  test_registration_errors();
  test_guest(argv[1], true, argv[6]);
  test_guest(argv[2], false, argv[6]);
  test_embed(argv[3], argv[4], "x86-64");
  test_embed(argv[3], argv[5], "i386");
  printf("%d failure(s)\n", failures);
  return failures ? 1 : 0;
}
