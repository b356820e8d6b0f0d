/* proc_ptrace_wait.c — ptrace stops seen through waitid (CLD_TRAPPED and the
 * stop code in si_status) and the tracer's SIGCHLD; PTRACE_O_TRACEEXEC with
 * PTRACE_SYSCALL across an execve (the enter stop, the PTRACE_EVENT_EXEC
 * stop with GETEVENTMSG, the exit stop in the new program with ax 0);
 * SETREGS changing a write's length at its entry stop; the FPU/SSE image
 * (GETFPREGS; for an i386 tracer GETFPXREGS, and GETFPREGS/SETFPREGS in
 * the FSAVE layout) of a stopped child; the
 * stop for a signal another process sends that the tracee would ignore;
 * DETACH with a signal.
 */
// diff-timeout: 120
// diff-cflags: -msse2
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __x86_64__
#define OFF_ORIG    offsetof(struct user, regs.orig_rax)
#define OFF_AX      offsetof(struct user, regs.rax)
#define REG_ORIG(r) ((long)(r).orig_rax)
#define REG_LEN(r)  ((r).rdx) /* write's third argument */
#define FP_REQ      PTRACE_GETFPREGS
#define NR_EXECVE   59
#else
#define OFF_ORIG    offsetof(struct user, regs.orig_eax)
#define OFF_AX      offsetof(struct user, regs.eax)
#define REG_ORIG(r) ((long)(r).orig_eax)
#define REG_LEN(r)  ((r).edx)
#define FP_REQ      PTRACE_GETFPXREGS
#define NR_EXECVE   11
#endif

static volatile sig_atomic_t trapped, chld;

static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  chld = 1;
  if (si->si_code == CLD_TRAPPED) trapped = 1;
}

/* waitid for pid: prints what it says; the stop code (si_status), or -1
 * when the child ended. */
static int wid(const char *what, pid_t pid) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  if (waitid(P_PID, (id_t)pid, &si, WEXITED | WSTOPPED)) {
    printf("%s: waitid failed: %d\n", what, errno);
    return -1;
  }
  const char *code = si.si_code == CLD_TRAPPED   ? "CLD_TRAPPED"
                     : si.si_code == CLD_EXITED  ? "CLD_EXITED"
                     : si.si_code == CLD_KILLED  ? "CLD_KILLED"
                     : si.si_code == CLD_STOPPED ? "CLD_STOPPED"
                                                 : "other";
  printf("%s: signo %d %s status %#x pid matches %s\n", what, si.si_signo, code, si.si_status,
         si.si_pid == pid ? "yes" : "no");
  return si.si_code == CLD_TRAPPED || si.si_code == CLD_STOPPED ? si.si_status : -1;
}

static void cont(int req, pid_t pid, int sig) {
  if (ptrace(req, pid, 0, (void *)(long)sig)) printf("resume %d failed: %d\n", req, errno);
}

/* 1. The exec child: TRACEEXEC and syscall stops across execve. */
static void exec_trace(void) {
  pid_t pid = fork();
  if (pid == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    char *argv[] = {"proc_ptrace_wait", "exec-child", NULL};
    char *envp[] = {NULL};
    execve("/proc/self/exe", argv, envp);
    _exit(99);
  }
  int code = wid("first stop", pid);
  if (code != SIGSTOP) return;
  if (ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC)))
    printf("SETOPTIONS failed: %d\n", errno);
  /* The stops up to the execve's exit stop: numbers only (raise's own
   * calls come first). */
  cont(PTRACE_SYSCALL, pid, 0);
  int entry = 1, exec_seen = 0;
  for (int n = 0; n < 40; n++) {
    code = wid("  stop", pid);
    if (code < 0) return;
    if (code == (SIGTRAP | 0x80)) {
      long nr = ptrace(PTRACE_PEEKUSER, pid, (void *)OFF_ORIG, 0);
      long ax = ptrace(PTRACE_PEEKUSER, pid, (void *)OFF_AX, 0);
      printf("  %s %ld", entry ? "enter" : "exit", nr);
      if (!entry && nr == NR_EXECVE) printf(" -> %ld", ax);
      printf("\n");
      if (!entry && nr == NR_EXECVE && exec_seen) break;
      entry = !entry;
    } else if (code == (SIGTRAP | PTRACE_EVENT_EXEC << 8)) {
      unsigned long msg = 0;
      ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
      printf("  exec event, message is the pid: %s\n", msg == (unsigned long)pid ? "yes" : "no");
      exec_seen = 1;
    } else {
      printf("  signal stop %d\n", code);
    }
    cont(PTRACE_SYSCALL, pid, 0);
  }
  cont(PTRACE_CONT, pid, 0);
  wid("exec child end", pid);
}

/* 2. SETREGS at a write's entry, the FPU image, DETACH with a signal. */
static void regs_trace(void) {
  pid_t pid = fork();
  if (pid == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    static volatile double d = 2.5;
    __asm__ volatile("movsd %0, %%xmm1" : : "m"(d) : "xmm1");
    raise(SIGSTOP);
    syscall(SYS_write, 1, "write, full length\n", 19);
    signal(SIGUSR2, SIG_DFL);
    pause();
    _exit(97);
  }
  if (wid("regs child stop", pid) != SIGSTOP) return;
  unsigned char fx[512] __attribute__((aligned(16)));
  memset(fx, 0, sizeof fx);
  if (ptrace(FP_REQ, pid, 0, fx)) printf("FP regs failed: %d\n", errno);
  double x;
  uint32_t mxcsr;
  memcpy(&x, fx + 160 + 16, 8); /* xmm1 */
  memcpy(&mxcsr, fx + 24, 4);
  printf("FP image: xmm1 %.2f, mxcsr %#x, fcw %#x\n", x, mxcsr, fx[0] | fx[1] << 8);
#ifndef __x86_64__
  /* An i386 tracer's GETFPREGS is the FSAVE image (user_fpregs_struct);
   * SETFPREGS changes the control word. */
  struct user_fpregs_struct fs;
  if (ptrace(PTRACE_GETFPREGS, pid, 0, &fs)) printf("GETFPREGS failed: %d\n", errno);
  printf("FSAVE image: cwd %#lx twd %#lx\n", fs.cwd & 0xffff, fs.twd & 0xffff);
  fs.cwd = (fs.cwd & ~0xc00L) | 0x400; /* round down */
  if (ptrace(PTRACE_SETFPREGS, pid, 0, &fs)) printf("SETFPREGS failed: %d\n", errno);
  memset(&fs, 0, sizeof fs);
  ptrace(PTRACE_GETFPREGS, pid, 0, &fs);
  printf("FSAVE image after SETFPREGS: cwd %#lx\n", fs.cwd & 0xffff);
  memset(fx, 0, sizeof fx);
  ptrace(PTRACE_GETFPXREGS, pid, 0, fx);
  printf("FXSAVE image agrees: fcw %#x\n", fx[0] | fx[1] << 8);
#endif
  /* To the write's entry stop: shorten it. */
  struct user_regs_struct r;
  for (int n = 0; n < 10; n++) {
    cont(PTRACE_SYSCALL, pid, 0);
    if (wid("  regs stop", pid) < 0) return;
    if (ptrace(PTRACE_GETREGS, pid, 0, &r)) printf("GETREGS failed: %d\n", errno);
    if (REG_ORIG(r) == SYS_write) break;
  }
  REG_LEN(r) = 6;
  if (ptrace(PTRACE_SETREGS, pid, 0, &r)) printf("SETREGS failed: %d\n", errno);
  cont(PTRACE_SYSCALL, pid, 0);
  wid("  write exit", pid);
  printf("\nwrite returned %ld\n", ptrace(PTRACE_PEEKUSER, pid, (void *)OFF_AX, 0));
  /* A signal another process sends, whose default action is to ignore it,
   * stops the tracee all the same (signal-delivery stop). */
  cont(PTRACE_CONT, pid, 0);
  kill(pid, SIGWINCH);
  wid("after SIGWINCH", pid);
  /* Let go of it with SIGUSR2 instead, which ends it (its default action). */
  if (ptrace(PTRACE_DETACH, pid, 0, (void *)(long)SIGUSR2)) printf("DETACH failed: %d\n", errno);
  int st = 0;
  waitpid(pid, &st, 0);
  printf("detached child: %s %d\n", WIFSIGNALED(st) ? "killed by" : "status",
         WIFSIGNALED(st) ? WTERMSIG(st) : st);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
    printf("exec child runs\n");
    return 5;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);
  exec_trace();
  regs_trace();
  printf("SIGCHLD seen: %s, with CLD_TRAPPED: %s\n", chld ? "yes" : "no", trapped ? "yes" : "no");
  printf("done\n");
  return 0;
}
