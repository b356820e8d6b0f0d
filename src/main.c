/* main.c — the emu command: options in the style of qemu-user and strace. */
#define _GNU_SOURCE
#include <emu/emu.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/binfmt.h"
#include "kernel/kernel.h"
#include "loader/loader.h"
#include "syscall/syscall.h"
#include "unicorn/unicorn_cpu.h"

/* The tools, which main.c starts (and so registers) from the options. */
#include "check/compare.h"
#include "check/lockstep.h"
#include "check/lockstep_uc.h"
#include "debug/frames.h"
#include "debug/gdbstub.h"
#include "debug/insn_trace.h"
#include "debug/step.h"
#include "strace/strace.h"

#define EMU_VERSION "0.1.0"

extern char **environ;

static void usage(FILE *f) {
  fputs(
      "usage: emu [options] PROGRAM [ARGS...]\n"
      "Run an i386 or x86-64 Linux ELF program (static or dynamic), modelling the\n"
      "kernel's system-call entry and serving its system calls from the host.\n"
      "\n"
      "options:\n"
      "  -E VAR=VALUE     set VAR in the program's environment\n"
      "  -U VAR           remove VAR from the program's environment\n"
      "  -s, --strace     log every system call to stderr (or to -o FILE), as strace -f\n"
      "  -o FILE          write the system-call log to FILE\n"
      "  -s N, --string-limit=N  show N bytes of each string, N elements of each array\n"
      "                   (strace's -s; default 32)\n"
      "  -t, -tt, -ttt    start each line with the time of day (-tt: and microseconds;\n"
      "                   -ttt: seconds since the epoch)\n"
      "  -r               start each line with the time since the previous line's\n"
      "  -T               end each call's line with the time spent in it, <0.000012>\n"
      "  -y               show each descriptor with its path: 3</etc/passwd>\n"
      "  -c, -C           count calls, errors and time per system call and print strace's\n"
      "                   table when the last task ends: instead of the lines (-c) or\n"
      "                   after them (-C); the time is wall time, as strace -w\n"
      "  -f, -q, -w       accepted as strace's: emu always follows every thread and child\n"
      "                   (every strace option above implies --strace)\n"
      "  -e EXPR          what the log shows, as strace's -e: trace=NAME,%CLASS,...\n"
      "                   (classes file desc process network signal memory ipc; all,\n"
      "                   none, !SET), status=successful|failed, signal=SET\n"
      "  -L DIR           a sysroot, as qemu-user's: absolute paths that exist under DIR\n"
      "                   (the program interpreter, its libraries, any file) come from there\n"
      "  -0 ARGV0         the program's argv[0] (default: PROGRAM as given)\n"
      "  -cpu MODEL       what CPUID offers: max (default), x86-64, x86-64-v2 (the psABI\n"
      "                   levels), host (the host's vendor and model, and only features it\n"
      "                   has too); -cpu help lists them\n"
      "  -d ITEM[,ITEM]   qemu-user's log categories: unimp (system calls emu does not\n"
      "                   implement, named), strace (as -s), page (the address space at\n"
      "                   entry), in_asm, exec, cpu (as --trace: every instruction with\n"
      "                   the registers it changed)\n"
      "  --cpu=jit|interp|unicorn  the CPU that runs the program (not the CPUID model:\n"
      "                   -cpu): emu's interpreter with its translation tier (jit, the\n"
      "                   default: hot blocks of 64-bit code run as host code), the\n"
      "                   interpreter alone (interp: the reference), or Unicorn (when emu\n"
      "                   was built with it)\n"
      "  --jit, --no-jit  the translation tier on (the default) or off: --cpu=jit, interp\n"
      "  --jit-check      the two tiers in lockstep: each instruction the translation\n"
      "                   tier runs as host code runs again in the interpreter from the\n"
      "                   same state; the first difference (registers, flags, memory\n"
      "                   stored) is reported and emu exits with status 1\n"
      "  --lockstep       run the program natively under ptrace too and compare the two\n"
      "                   after every instruction (registers, flags, memory written);\n"
      "                   stop at the first difference (exit 1), else exit 0 with a summary\n"
      "  --lockstep=unicorn  the same with Unicorn as the other CPU: each instruction\n"
      "                   runs on Unicorn and on emu from the same state (i386 too, where\n"
      "                   the host cannot run it); CPUID/RDTSC results and x87\n"
      "                   transcendentals are each CPU's own (when built with Unicorn)\n"
      "  --lockstep-limit N  compare at most N instructions (default 50000000)\n"
      "  --compare PROG32 PROG64 [ARGS...]\n"
      "                   run an i386 and an x86-64 build of one program under emu and\n"
      "                   show their system calls side by side (gate, number, argument\n"
      "                   registers, structures translated, results)\n"
      "  --trace[=SPEC]   trace every instruction: address, bytes, disassembly, and after\n"
      "                   '|' the registers and flags it changed.  SPEC is a comma list of\n"
      "                   'mem' (also the memory it changed) and a FILE (default stderr)\n"
      "  --syntax=att|intel  disassembly syntax of --trace (default att, as objdump)\n"
      "  --frames[=FILE]  show the kernel entry model at every system call: the gate,\n"
      "                   the saved pt_regs, the table slot, the result, the exit work\n"
      "                   and the return (sysret/iret); to stderr or FILE\n"
      "  --kernel=x86-64|i386  whose entry code --frames shows the i386 gates through:\n"
      "                   the 64-bit kernel's compat entries (default, as the host's) or a\n"
      "                   32-bit kernel's (entry_INT80_32, SAVE_ALL, sysexit); i386\n"
      "                   programs only.  The calls are served alike\n"
      "  --step           stop at the first instruction and take debugger commands from\n"
      "                   stdin (prompt and output on stderr): s|step [N], n|syscall,\n"
      "                   c|continue, r|regs, x ADDR [LEN], d|disas [ADDR] [N],\n"
      "                   b ADDR|SYMBOL, w ADDR [LEN], delete N, info breakpoints, q\n"
      "  -g PORT          wait for gdb on 127.0.0.1:PORT (0: any free port, printed)\n"
      "                   and stop at the first instruction: a GDB remote stub\n"
      "  --vsyscall=none|xonly  the kernel's vsyscall= mode for x86-64 programs: none\n"
      "                   (default, as Debian's kernels: no [vsyscall] page) or xonly\n"
      "                   (mainline's: calls to 0xffffffffff600000 are emulated)\n"
      "  --vdso=user|syscall  the vDSO's clock_gettime, gettimeofday, time, getcpu and\n"
      "                   clock_getres answer in user space, without a kernel entry, as\n"
      "                   Linux's do (user, the default), or take the system-call fallback\n"
      "                   (syscall: then --strace and --frames show them)\n"
      "  -h, --help       show this help\n"
      "  --nested, --exec-args FD, --execfn PATH, --log-fd N, --ptrace FD:SLOT,\n"
      "  --strace-board FD, --strace-t0=NS, --rlimits AS:c:m,DATA:c:m,STACK:c:m\n"
      "                   used by emu itself when the program calls execve\n"
      "  --binfmt install [--x86-64] | remove | status\n"
      "                   register emu with binfmt_misc as the runner of i386 (and\n"
      "                   x86-64) ELF programs, so ./prog32 runs under emu (root)\n"
      "  -V, --version    show the version\n"
      "  --               end of options\n"
      "\n"
      "The exit status is the program's; when it dies of a signal, emu dies of that\n"
      "signal too (a shell reports 128+signal).  126: not a runnable x86 ELF (what\n"
      "execve refuses); 127: no such file; 139: an ELF the kernel starts to load and\n"
      "then kills with SIGSEGV.\n",
      f);
}

/* The environment with -E/-U applied, in order. */
struct env {
  char **v;
  int n;
};

static void env_unset(struct env *e, const char *name) {
  size_t l = strlen(name);
  for (int i = 0; i < e->n; i++) {
    if (!strncmp(e->v[i], name, l) && e->v[i][l] == '=') {
      memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof *e->v);
      e->n--;
      i--;
    }
  }
}

static void env_set(struct env *e, char *assign) {
  char *eq = strchr(assign, '=');
  char name[4096];
  size_t l = (size_t)(eq - assign);
  if (l >= sizeof name) l = sizeof name - 1;
  memcpy(name, assign, l);
  name[l] = 0;
  env_unset(e, name);
  e->v[e->n++] = assign;
  e->v[e->n] = NULL;
}

/* The -o log file.  Its descriptor lives in emu's process, which is the
 * guest's: keep it out of the low numbers the guest's open() would get (as
 * real strace's log lives in the tracer), just below RLIMIT_NOFILE, and
 * close it on the guest's execve. */
static FILE *open_log(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return NULL;
  fd = fs_fd_high(fd);
  FILE *f = fdopen(fd, "w");
  if (!f) close(fd);
  return f;
}

/* A PROGRAM without a slash is looked up in $PATH, as a shell or execvp(3) would
 * (argv[0] stays as given); the name itself when no directory has it. */
static const char *search_path(const char *name, char *buf, size_t size) {
  const char *path = getenv("PATH");
  if (strchr(name, '/') || !*name) return name;
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;; p++) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    int n = len ? snprintf(buf, size, "%.*s/%s", (int)len, p, name)
                : snprintf(buf, size, "%s", name); /* an empty entry is the cwd */
    struct stat st;
    if (n > 0 && (size_t)n < size && stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
        access(buf, X_OK) == 0)
      return buf;
    if (!end) break;
    p = end;
  }
  return name;
}

/* fs/binfmt_script.c for the command line: while path is a "#!" script (five
 * deep at most, then ELOOP as execve says), the arguments become interp [arg]
 * path argv[1..] and path the interpreter, so the interpreter runs emulated
 * as execve would start it.  *script: the first script (AT_EXECFN).  Returns
 * 0 (a file that is no script is left to emu_load), or 126 with a message. */
static int resolve_scripts(const char **path, char ***av, int *ac, const char **script) {
  static char interp[6][256], arg[6][256];
  static char **kept[6]; /* the argument vectors made here, for the whole run */
  for (int depth = 0;; depth++) {
    char head[256];
    int fd = open(*path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    bool has_arg = false;
    if (n <= 0 || exec_classify(head, (size_t)n, interp[depth], sizeof interp[depth], arg[depth],
                                sizeof arg[depth], &has_arg) != 1)
      return 0;
    if (depth == 5) {
      fprintf(stderr, "emu: %s: %s\n", *script, strerror(ELOOP));
      return 126;
    }
    if (!depth) *script = *path;
    char **nv = kept[depth] = malloc(((size_t)*ac + 3) * sizeof *nv);
    if (!nv) return 126;
    int k = 0;
    nv[k++] = interp[depth];
    if (has_arg) nv[k++] = arg[depth];
    nv[k++] = (char *)*path;
    for (int j = 1; j < *ac; j++) nv[k++] = (*av)[j];
    nv[k] = NULL;
    *av = nv;
    *ac = k;
    *path = interp[depth];
  }
}

#ifdef __SANITIZE_ADDRESS__
/* The sanitizer build: ASan would set RLIMIT_CORE to 0 at start-up
 * (disable_coredump), which the guest would then read back and which would
 * take "(core dumped)" from its deaths; emu writes no core of its own
 * anyway (proc_die_of_signal).  The limits stay the guest's, as in the
 * release build. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "disable_coredump=0"; }
/* libunicorn's own allocations (its translation-block bookkeeping) live
 * until the engine closes, which a guest's exit does not wait for: not
 * emu's leaks. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libunicorn.so\n"; }
#endif

/* -d ITEM[,ITEM...]: qemu-user's log categories, as emu has them. */
static int parse_log_items(const char *list, int *unimp, int *strace, int *maps,
                           struct trc_opts *topts) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", list);
  for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "unimp")) {
      *unimp = 1;
    } else if (!strcmp(w, "strace")) {
      *strace = 1;
    } else if (!strcmp(w, "page")) {
      *maps = 1;
    } else if (!strcmp(w, "in_asm") || !strcmp(w, "exec") || !strcmp(w, "cpu")) {
      /* qemu logs blocks as it translates or runs them; emu's interpreter
       * shows each instruction it executes with the registers it changed. */
      if (!topts->trace && trc_parse_trace_opt(NULL, topts)) return -1;
    } else {
      fprintf(stderr, "emu: unknown -d item '%s' (known: unimp, strace, page, in_asm, exec, cpu)\n",
              w);
      return -1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int nenv = 0;
  while (environ[nenv]) nenv++;
  /* emu's own environment, before anything changes it: a guest's execve
   * re-runs emu with it (sys_exec.c). */
  static char **host_env;
  host_env = calloc(nenv + 1, sizeof(char *));
  if (!host_env) return 1;
  memcpy(host_env, environ, nenv * sizeof(char *));
  /* static: the vector lives until exit (and stays reachable for LeakSanitizer). */
  static struct env env;
  env.v = calloc(nenv + argc + 1, sizeof(char *));
  env.n = nenv;
  if (!env.v) return 1;
  memcpy(env.v, environ, nenv * sizeof(char *));
  FILE *trace = NULL;
  struct trc_opts topts = {0};
  int strace = 0, unimp = 0, nested = 0, step = 0, gdb_port = -1;
  const char *execfn = NULL, *vsyscall = NULL, *rlimits = NULL, *argv0 = NULL;
  int maps = 0;
  /* --exec-args: the guest's argv and envp from the execve that started us. */
  static char **xargv, **xenv;
  int xargc = 0;
  int lockstep = 0, lockstep_uc = 0, unicorn = 0, kernel32 = 0;
  unsigned long long lockstep_limit = 0;

  /* Started by binfmt_misc for a program (src/cli/binfmt.c): no options of ours. */
  int by_kernel = bfm_started_by_kernel(argc);
  if (!by_kernel && argc >= 2 && !strcmp(argv[1], "--binfmt"))
    return bfm_main(argc - 2, argv + 2);
  int i = by_kernel ? argc : 1, r;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-') break;
    if (!strcmp(a, "--")) {
      i++;
      break;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
      printf("emu %s\n", EMU_VERSION);
      return 0;
    } else if (!strncmp(a, "--cpu=", 6)) {
      if (!strcmp(a + 6, "unicorn")) {
        if (!ucb_enable()) {
          fprintf(stderr, "emu: --cpu=unicorn: this emu was built without Unicorn\n");
          return 2;
        }
        unicorn = 1;
      } else if (!strcmp(a + 6, "interp")) {
        cpu_jit = false;
      } else if (!strcmp(a + 6, "jit")) {
        cpu_jit = true;
      } else {
        fprintf(stderr, "emu: --cpu=%s: no such CPU (jit, interp, unicorn)\n", a + 6);
        return 2;
      }
    } else if (!strcmp(a, "--jit") || !strcmp(a, "--no-jit")) {
      cpu_jit = a[2] == 'j';
    } else if (!strcmp(a, "--jit-check")) {
      cpu_jit = cpu_jit_check = true;
    } else if (!strcmp(a, "--lockstep") || !strcmp(a, "--lockstep=native")) {
      lockstep = 1;
    } else if (!strcmp(a, "--lockstep=unicorn")) {
      lockstep_uc = 1;
    } else if (!strcmp(a, "--lockstep-limit") && i + 1 < argc) {
      lockstep_limit = strtoull(argv[++i], NULL, 0); /* alone, it means --lockstep */
    } else if (!strcmp(a, "--compare")) {
      /* --compare PROG32 PROG64 [ARGS...] (src/check/compare.c) */
      return cmp_main(argc - i - 1, argv + i + 1, env.v);
    } else if (!strncmp(a, "--trace", 7) && (a[7] == 0 || a[7] == '=')) {
      if (trc_parse_trace_opt(a[7] ? a + 8 : NULL, &topts)) return 2;
    } else if (!strncmp(a, "--frames", 8) && (a[8] == 0 || a[8] == '=')) {
      if (trc_parse_frames_opt(a[8] ? a + 9 : NULL, &topts)) return 2;
    } else if (!strncmp(a, "--kernel=", 9)) {
      if (strcmp(a + 9, "i386") && strcmp(a + 9, "x86-64")) {
        fprintf(stderr, "emu: --kernel wants x86-64 or i386\n");
        return 2;
      }
      kernel32 = !strcmp(a + 9, "i386");
      trc_frames_kernel32(kernel32);
    } else if (!strncmp(a, "--syntax=", 9)) {
      if (trc_parse_syntax_opt(a + 9, &topts)) return 2;
    } else if ((r = trc_style_opt(argc, argv, &i)) != 0) {
      if (r < 0) return 2;
      strace = 1; /* strace's options (-t -r -T -y -c -s N ...) mean a log */
    } else if (!strcmp(a, "-s") || !strcmp(a, "--strace")) {
      strace = 1;
    } else if (!strcmp(a, "--step")) {
      step = 1;
    } else if (!strcmp(a, "-g") || !strncmp(a, "--gdb=", 6)) {
      const char *v = a[1] == 'g' ? (i + 1 < argc ? argv[++i] : NULL) : a + 6;
      char *end;
      long port = v ? strtol(v, &end, 10) : -1;
      if (!v || *end || port < 0 || port > 65535) {
        fprintf(stderr, "emu: -g wants a TCP port number (0: any free port)\n");
        return 2;
      }
      gdb_port = (int)port;
    } else if (!strncmp(a, "--vsyscall=", 11)) {
      vsyscall = a + 11;
      if (strcmp(vsyscall, "none") && strcmp(vsyscall, "xonly")) {
        fprintf(stderr, "emu: --vsyscall wants none or xonly\n");
        return 2;
      }
    } else if (!strncmp(a, "--vdso=", 7)) {
      if (strcmp(a + 7, "user") && strcmp(a + 7, "syscall")) {
        fprintf(stderr, "emu: --vdso wants user or syscall\n");
        return 2;
      }
      ldr_set_vdso_syscall(!strcmp(a + 7, "syscall"));
    } else if (!strcmp(a, "--nested")) {
      nested = 1;
    } else if (!strcmp(a, "--rlimits") && i + 1 < argc) {
      rlimits = argv[++i]; /* Internal: the guest's AS/DATA/STACK limits (sys_exec.c) */
    } else if (!strcmp(a, "--ptrace") && i + 1 < argc) {
      /* Internal: a traced task's execve keeps its tracer (ptrace.c). */
      if (ptrace_exec_attach(argv[++i])) {
        fprintf(stderr, "emu: --ptrace: not a tracee's place\n");
        return 2;
      }
    } else if (!strcmp(a, "--strace-board") && i + 1 < argc) {
      /* Internal: the system-call log's shared board (strace_log.c). */
      if (trc_board_attach(atoi(argv[++i]))) {
        fprintf(stderr, "emu: --strace-board: not a board\n");
        return 2;
      }
    } else if ((!strcmp(a, "--exec-args") || !strcmp(a, "--execfn") || !strcmp(a, "--log-fd")) &&
               i + 1 < argc) {
      /* Internal: how an execve in the guest re-runs emu (sys_exec.c). */
      const char *v = argv[++i];
      if (!strcmp(a, "--exec-args")) {
        if (xargv || exec_args_read(atoi(v), &xargv, &xargc, &xenv)) {
          fprintf(stderr, "emu: --exec-args: not an execve's arguments\n");
          return 2;
        }
      } else if (a[2] == 'e') {
        execfn = v;
      } else {
        trace = fdopen(atoi(v), "a");
        if (trace) fcntl(fileno(trace), F_SETFD, FD_CLOEXEC);
      }
    } else if (!strcmp(a, "-E") || !strcmp(a, "-U") || !strcmp(a, "-o") || !strcmp(a, "-d") ||
               !strcmp(a, "-L") || !strcmp(a, "-0") || !strcmp(a, "-cpu") || !strcmp(a, "-e")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "emu: option %s needs an argument\n", a);
        return 2;
      }
      char *v = argv[++i];
      if (a[1] == 'E') {
        if (!strchr(v, '=')) {
          fprintf(stderr, "emu: -E wants VAR=VALUE, not '%s'\n", v);
          return 2;
        }
        env_set(&env, v);
      } else if (a[1] == 'U') {
        env_unset(&env, v);
      } else if (a[1] == 'o') {
        if (trace) fclose(trace);
        trace = open_log(v);
        if (!trace) {
          fprintf(stderr, "emu: %s: %m\n", v);
          return 2;
        }
      } else if (a[1] == 'L') {
        if (ldr_set_sysroot(v)) {
          fprintf(stderr, "emu: -L %s: not a directory\n", v);
          return 2;
        }
      } else if (a[1] == '0') {
        argv0 = v;
      } else if (a[1] == 'e') {
        if (trc_filter_parse(v)) return 2; /* kept for a guest's execve */
      } else if (a[1] == 'c') {
        if (!strcmp(v, "help")) {
          printf("CPUID models: max (default: all emu implements), x86-64, x86-64-v2, host\n");
          return 0;
        }
        if (cpu_set_model(v)) {
          fprintf(stderr, "emu: unknown -cpu model '%s' (try -cpu help)\n", v);
          return 2;
        }
      } else if (parse_log_items(v, &unimp, &strace, &maps, &topts)) {
        return 2;
      }
    } else {
      fprintf(stderr, "emu: unknown option '%s' (try --help)\n", a);
      return 2;
    }
  }
  if (lockstep_limit && !lockstep_uc) lockstep = 1;
  if (by_kernel) {
    i = 2; /* emu, the program's path, its argv[0], its arguments */
  } else if (i >= argc) {
    usage(stderr);
    return 2;
  }

  if (!trc_style.exec_ns) trc_style.exec_ns = trc_now_ns(); /* the execve's time: ours */
  if (trc_start(&topts)) return 2;
  /* emu's own logs: a guest that closes every descriptor (close_range(3,
   * ~0), a daemon's loop) must not end them or dup over them. */
  int own[3], nown = trc_own_fds(own);
  if (trace) own[nown++] = fileno(trace);
  for (int k = 0; k < nown; k++)
    if (own[k] > 2) fs_fd_reserve(own[k]);
  struct emu *e = emu_new();
  if (!e) return 1;
  emu_set_host_env(e, host_env);
  if (strace) emu_set_strace(e, trace ? trace : stderr);
  if (strace) trc_board_fd(); /* the log's board, before the guest has descriptors */
  emu_set_log_unimplemented(e, unimp);
  emu_set_nested(e, nested);
  if (vsyscall) emu_set_vsyscall(e, vsyscall);
  if (execfn) emu_set_execfn(e, execfn);
  if (rlimits && emu_set_rlimits(e, rlimits)) {
    fprintf(stderr, "emu: bad --rlimits '%s'\n", rlimits);
    return 2;
  }
  char err[1024], found[PATH_MAX];
  /* The kernel hands over the path it was given (execve's filename, or the
   * file a guest's execve resolved): no $PATH search. */
  const char *path =
      by_kernel ? argv[1] : nested ? argv[i] : search_path(argv[i], found, sizeof found);
  const char *script = NULL;
  char **gargv = xargv ? xargv : argv + i;
  if (argv0 && !xargv) gargv[0] = (char *)argv0;
  int gargc = xargv ? xargc : argc - i;
  char **genv = xargv ? xenv : env.v;
  /* What execve would refuse, emu's command line refuses too (a file that
   * is missing is reported by the loader, 127).  A nested emu's file and
   * binfmt_misc's were checked by the kernel model or the kernel. */
  long xr = nested || by_kernel ? 0 : exec_check_file(path);
  if (xr < 0 && xr != -ENOENT && xr != -ENOTDIR) {
    fprintf(stderr, "emu: %s: %s\n", path, strerror((int)-xr));
    emu_free(e);
    return 126;
  }
  if (resolve_scripts(&path, &gargv, &gargc, &script)) {
    emu_free(e);
    return 126;
  }
  if (script && !execfn) emu_set_execfn(e, script);
  /* A 32-bit kernel runs i386 programs only. */
  if (kernel32 && ldr_probe(path, err, sizeof err) == 64) {
    fprintf(stderr,
            "emu: --kernel=i386: %s is an x86-64 program, which a 32-bit kernel cannot run\n",
            path);
    emu_free(e);
    return 126;
  }
  int st = emu_load(e, path, gargc, gargv, genv, err, sizeof err);
  if (st) {
    fputs(err, stderr);
    emu_free(e);
    /* Past the kernel's point of no return the process dies of SIGSEGV;
     * the top-level emu reports it as a shell does (128+11). */
    if (st == LDR_KILLED && nested) proc_die_of_signal(SIGSEGV);
    return st;
  }
  if (maps) emu_log_maps(e, trace ? trace : stderr);
  fflush(stdout);
  /* The instruction tracer and the debuggers step emu's own interpreter. */
  if (unicorn && (topts.trace || step || gdb_port >= 0 || lockstep)) {
    fprintf(stderr, "emu: --cpu=unicorn does not combine with --trace, --step, -g or --lockstep\n");
    emu_free(e);
    return 2;
  }
  /* --lockstep (src/check/lockstep.c): the native twin starts stopped at its entry. */
  if (lockstep && (topts.trace || topts.frames)) {
    fprintf(stderr, "emu: --lockstep does not combine with --trace or --frames\n");
    emu_free(e);
    return 2;
  }
  if (lockstep && (st = lks_start(path, gargv, genv, lockstep_limit))) {
    emu_free(e);
    return st;
  }
  /* --lockstep=unicorn (src/check/lockstep_uc.c): Unicorn runs each instruction too. */
  if (lockstep_uc && (lockstep || unicorn || topts.trace || step || gdb_port >= 0)) {
    fprintf(stderr, "emu: --lockstep=unicorn does not combine with --lockstep, --cpu=unicorn, "
                    "--trace, --step or -g\n");
    emu_free(e);
    return 2;
  }
  if (lockstep_uc && (st = luc_start(lockstep_limit))) {
    emu_free(e);
    return st;
  }
  /* The debuggers (src/debug/step.c): after trc_start, whose tracer they chain to. */
  if (step && gdb_port >= 0) {
    fprintf(stderr, "emu: --step and -g exclude each other\n");
    emu_free(e);
    return 2;
  }
  if (step) step_cli_enable();
  if (gdb_port >= 0 && gdb_start(gdb_port)) {
    emu_free(e);
    return 1;
  }
  int status = emu_run(e);
  if (lockstep || lockstep_uc) {
    st = lockstep ? lks_finish(status) : luc_finish(status);
    emu_free(e);
    return st;
  }
  dbg_finish(status); /* the debugger reports the end (gdb: W/X packets) */
  emu_free(e);
  if (trace) fclose(trace);
  /* Die of the program's signal: its parent (a shell: 128+sig) sees what it
   * would natively. */
  if (status & 0x7f) proc_die_of_signal(status & 0x7f);
  return (status >> 8) & 0xff;
}
