/* proc_ptrace.c — ptrace of a forked child by its parent: TRACEME and the
 * SIGSTOP stop; errors (PEEKUSER unaligned or past the kernel's struct user,
 * PEEKDATA of an unmapped page, an unknown request, an untraced child,
 * oneself); SETOPTIONS TRACESYSGOOD; PEEKDATA/POKEDATA.  PTRACE_SYSCALL stops
 * through the child's run: orig_ax/ax at entry (-ENOSYS, as GETREGS says) and
 * exit, getpid rewritten to getppid at entry, getuid's result set to 42 at
 * exit, ENOSYS, rt_sigreturn's exit (orig_ax -1), SIGUSR1 delivery stops with
 * GETSIGINFO (SI_TKILL) suppressed then delivered, exit_group's entry stop.
 * Then the SIGTRAP after a traced execve, and PTRACE_SINGLESTEP. */
// diff-timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __x86_64__
#define OFF_ORIG    offsetof(struct user, regs.orig_rax)
#define OFF_AX      offsetof(struct user, regs.rax)
#define OFF_IP      offsetof(struct user, regs.rip)
#define REG_ORIG(r) ((long)(r).orig_rax)
#define REG_AX(r)   ((long)(r).rax)
/* The kernel's struct user ends with error_code and fault_address after
 * u_debugreg, 16 bytes past the C libraries' struct user; those words read
 * as 0 and the first offset past them fails with EIO. */
#define KUSER_END 928
#else
#define OFF_ORIG    offsetof(struct user, regs.orig_eax)
#define OFF_AX      offsetof(struct user, regs.eax)
#define OFF_IP      offsetof(struct user, regs.eip)
#define REG_ORIG(r) ((long)(r).orig_eax)
#define REG_AX(r)   ((long)(r).eax)
/* The compat check fails only offsets above sizeof(struct user32) (284, the
 * end of u_debugreg): 284 itself reads as 0 and 288 fails with EIO. */
#define KUSER_END   288
#endif

long marker = 0x1234;

static const char *ename(int e) {
  static char buf[16];
  switch (e) {
  case 0: return "0";
  case EIO: return "EIO";
  case ESRCH: return "ESRCH";
  case EPERM: return "EPERM";
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case ENOSYS: return "ENOSYS";
  }
  snprintf(buf, sizeof buf, "%d", e);
  return buf;
}

/* A ptrace call that should succeed: complain with errno if it does not. */
static long pt(const char *what, int req, pid_t pid, long addr, long data) {
  errno = 0;
  long r = ptrace(req, pid, (void *)addr, (void *)data);
  if (r == -1 && errno) printf("%s failed: %s\n", what, ename(errno));
  return r;
}

/* A ptrace call that should fail. */
static void pt_err(const char *what, int req, pid_t pid, long addr, long data) {
  errno = 0;
  long r = ptrace(req, pid, (void *)addr, (void *)data);
  printf("%s: %s %s\n", what, r == -1 ? "-1" : "not -1", ename(errno));
}

static void show_wait(const char *what, int st) {
  if (WIFSTOPPED(st))
    printf("%s: stopped by %d\n", what, WSTOPSIG(st));
  else if (WIFEXITED(st))
    printf("%s: exited %d\n", what, WEXITSTATUS(st));
  else if (WIFSIGNALED(st))
    printf("%s: killed by %d\n", what, WTERMSIG(st));
  else
    printf("%s: status %#x\n", what, st);
}

static int wait_for(pid_t pid) {
  int st = 0;
  pid_t w = waitpid(pid, &st, 0);
  if (w != pid) printf("waitpid failed: %s\n", ename(errno));
  return st;
}

/* The traced child prints each line with one write, whatever the C library
 * does with an unbuffered stdout, so the tracer's lines fall between. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
  char buf[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
  if (n > 0) syscall(SYS_write, 1, buf, (size_t)n);
}

static void on_usr1(int sig) {
  (void)sig;
  static const char m[] = "handler ran\n";
  write(1, m, sizeof m - 1);
}

static void traced_child(void *hole) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  munmap(hole, 4096);
  if (ptrace(PTRACE_TRACEME, 0, 0, 0)) {
    say("TRACEME failed: %s\n", ename(errno));
    _exit(99);
  }
  raise(SIGSTOP);
  static const char m[] = "child runs\n";
  syscall(SYS_write, 1, m, sizeof m - 1);
  long r = syscall(SYS_getpid);
  say("getpid became getppid: %s\n", r == (long)getppid() ? "yes" : "no");
  long u = syscall(SYS_getuid);
  say("getuid returned %ld\n", u);
  errno = 0;
  long n = syscall(100000);
  say("syscall 100000: %ld %s\n", n, ename(errno));
  say("child marker: %#lx\n", marker);
  raise(SIGUSR1);
  say("after first SIGUSR1\n");
  raise(SIGUSR1);
  say("after second SIGUSR1\n");
  _exit(7);
}

/* Syscall results worth printing: byte counts and errors; others may be
 * pids or addresses. */
static void show_ret(long nr, long ret) {
  if (ret < 0 && ret > -4096)
    printf("exit %ld -> -%s\n", nr, ename((int)-ret));
  else if (nr == SYS_write || nr == SYS_writev || nr == SYS_getuid)
    printf("exit %ld -> %ld\n", nr, ret);
  else
    printf("exit %ld -> ok\n", nr);
}

static void syscall_trace(pid_t pid) {
  int insys = 0, first = 1, rewrote = 0, setret = 0, usr1 = 0;
  for (int guard = 0; guard < 1000; guard++) {
    int st = wait_for(pid);
    if (!WIFSTOPPED(st)) {
      show_wait("traced child at the end", st);
      return;
    }
    int sig = WSTOPSIG(st), inject = 0;
    if (sig == (SIGTRAP | 0x80)) {
      long nr = pt("PEEKUSER orig", PTRACE_PEEKUSER, pid, OFF_ORIG, 0);
      long ax = pt("PEEKUSER ax", PTRACE_PEEKUSER, pid, OFF_AX, 0);
      if (!insys) {
        printf("enter %ld\n", nr);
        if (first) {
          struct user_regs_struct regs;
          memset(&regs, 0, sizeof regs);
          pt("GETREGS", PTRACE_GETREGS, pid, 0, (long)&regs);
          printf("  GETREGS orig_ax equals PEEKUSER: %s\n", REG_ORIG(regs) == nr ? "yes" : "no");
          printf("  ax at entry is -ENOSYS: %s %s\n", ax == -ENOSYS ? "yes" : "no",
                 REG_AX(regs) == -ENOSYS ? "yes" : "no");
          first = 0;
        }
        if (nr == SYS_getpid && !rewrote) {
          pt("POKEUSER orig", PTRACE_POKEUSER, pid, OFF_ORIG, SYS_getppid);
          printf("  rewrote getpid to getppid\n");
          rewrote = 1;
        }
      } else {
        if (nr == SYS_getuid && !setret) {
          pt("POKEUSER ax", PTRACE_POKEUSER, pid, OFF_AX, 42);
          long again = pt("PEEKUSER ax", PTRACE_PEEKUSER, pid, OFF_AX, 0);
          printf("  set getuid result to 42: %s\n", again == 42 ? "yes" : "no");
          setret = 1;
        }
        show_ret(nr, ax);
      }
      insys = !insys;
    } else {
      printf("signal stop %d\n", sig);
      if (sig == SIGUSR1) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        pt("GETSIGINFO", PTRACE_GETSIGINFO, pid, 0, (long)&si);
        printf("  si_signo %d si_code %d (SI_TKILL %s)\n", si.si_signo, si.si_code,
               si.si_code == SI_TKILL ? "yes" : "no");
        inject = usr1++ ? SIGUSR1 : 0;
        printf("  resume with signal %d\n", inject);
      } else {
        inject = sig;
      }
    }
    if (pt("PTRACE_SYSCALL", PTRACE_SYSCALL, pid, 0, inject) == -1) return;
  }
  printf("too many stops\n");
  kill(pid, SIGKILL);
  wait_for(pid);
}

static void exec_stop(void) {
  pid_t pid = fork();
  if (pid == 0) {
    if (ptrace(PTRACE_TRACEME, 0, 0, 0)) _exit(98);
    char *args[] = {"proc_ptrace", "exec-child", NULL};
    execv("/proc/self/exe", args);
    printf("execv failed: %s\n", ename(errno));
    _exit(97);
  }
  int st = wait_for(pid);
  printf("exec stop: stopped %s, SIGTRAP %s\n", WIFSTOPPED(st) ? "yes" : "no",
         WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP ? "yes" : "no");
  if (WIFSTOPPED(st)) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    pt("GETSIGINFO exec", PTRACE_GETSIGINFO, pid, 0, (long)&si);
    printf("exec stop si_signo %d si_code %d\n", si.si_signo, si.si_code);
    pt("PTRACE_CONT exec", PTRACE_CONT, pid, 0, 0);
    st = wait_for(pid);
  }
  show_wait("exec child", st);
}

static void single_step(void) {
  pid_t pid = fork();
  if (pid == 0) {
    if (ptrace(PTRACE_TRACEME, 0, 0, 0)) _exit(98);
    raise(SIGSTOP);
    static volatile long spin;
    for (;;) spin++;
  }
  int st = wait_for(pid);
  show_wait("step child", st);
  if (!WIFSTOPPED(st)) return;
  long ip = pt("PEEKUSER ip", PTRACE_PEEKUSER, pid, OFF_IP, 0);
  int changed = 1;
  for (int i = 1; i <= 5; i++) {
    pt("SINGLESTEP", PTRACE_SINGLESTEP, pid, 0, 0);
    st = wait_for(pid);
    printf("step %d: stopped %s, SIGTRAP %s\n", i, WIFSTOPPED(st) ? "yes" : "no",
           WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP ? "yes" : "no");
    if (!WIFSTOPPED(st)) return;
    long nip = pt("PEEKUSER ip", PTRACE_PEEKUSER, pid, OFF_IP, 0);
    if (nip == ip) changed = 0;
    ip = nip;
  }
  printf("IP changed each step: %s\n", changed ? "yes" : "no");
  kill(pid, SIGKILL);
  st = wait_for(pid);
  printf("step child: signaled %s, sig %d\n", WIFSIGNALED(st) ? "yes" : "no",
         WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
    printf("exec child runs\n");
    return 5;
  }

  /* A page the child unmaps before it stops: PEEKDATA there fails. */
  void *hole = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (hole == MAP_FAILED) {
    printf("mmap failed\n");
    return 1;
  }

  /* 1. TRACEME and the SIGSTOP stop. */
  pid_t pid = fork();
  if (pid < 0) {
    printf("fork failed\n");
    return 1;
  }
  if (pid == 0) traced_child(hole);
  int st = wait_for(pid);
  printf("first stop: stopped %s, sig %d (SIGSTOP %s)\n", WIFSTOPPED(st) ? "yes" : "no",
         WIFSTOPPED(st) ? WSTOPSIG(st) : 0,
         WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP ? "yes" : "no");
  if (!WIFSTOPPED(st)) return 1;

  /* 2. Errors. */
  pt_err("PEEKUSER unaligned", PTRACE_PEEKUSER, pid, OFF_ORIG + 1, 0);
  errno = 0;
  long last = ptrace(PTRACE_PEEKUSER, pid, (void *)(KUSER_END - sizeof(long)), 0);
  printf("PEEKUSER last word of the kernel's struct user: %ld %s\n", last, ename(errno));
  pt_err("PEEKUSER past the kernel's struct user", PTRACE_PEEKUSER, pid, KUSER_END, 0);
  pt_err("PEEKUSER far past struct user", PTRACE_PEEKUSER, pid, 4096, 0);
  pt_err("PEEKDATA unmapped", PTRACE_PEEKDATA, pid, (long)hole + 8, 0);
  pt_err("unknown request", 0x7ff0, pid, 0, 0);
  pid_t idle = fork();
  if (idle == 0) {
    for (;;) pause();
  }
  pt_err("CONT untraced child", PTRACE_CONT, idle, 0, 0);
  kill(idle, SIGKILL);
  st = wait_for(idle);
  printf("untraced child: signaled %s, sig %d\n", WIFSIGNALED(st) ? "yes" : "no",
         WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  pt_err("PEEKDATA self", PTRACE_PEEKDATA, getpid(), (long)&marker, 0);

  /* 3. Options. */
  printf("SETOPTIONS TRACESYSGOOD: %ld\n",
         pt("SETOPTIONS", PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD));

  /* 4. Child memory. */
  long v = pt("PEEKDATA marker", PTRACE_PEEKDATA, pid, (long)&marker, 0);
  printf("PEEKDATA marker matches: %s\n", v == 0x1234 ? "yes" : "no");
  printf("POKEDATA marker: %ld\n", pt("POKEDATA", PTRACE_POKEDATA, pid, (long)&marker, 0x5678));
  v = pt("PEEKDATA marker", PTRACE_PEEKDATA, pid, (long)&marker, 0);
  printf("PEEKDATA after POKEDATA: %#lx; parent's marker %#lx\n", v, marker);

  /* 5. Syscall stops to the end. */
  if (pt("PTRACE_SYSCALL", PTRACE_SYSCALL, pid, 0, 0) == 0) syscall_trace(pid);

  /* 6. The SIGTRAP after execve. */
  exec_stop();

  /* 7. Single steps. */
  single_step();

  munmap(hole, 4096);
  printf("done\n");
  return 0;
}
