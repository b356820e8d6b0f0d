/* proc_ptrace_fork.c — ptrace's fork events (PTRACE_O_TRACEFORK): a traced
 * child forks twice; each fork stops the child with PTRACE_EVENT_FORK and
 * the new pid in PTRACE_GETEVENTMSG, and the grandchild is the tracer's
 * tracee from birth: its first stop is a SIGSTOP (si_code SI_USER from pid
 * 0), it inherits the options (its own syscall stops under PTRACE_SYSCALL,
 * with TRACESYSGOOD), and its end reaches the tracer's wait although the
 * tracer is not its parent: an exit code through wait4, a fatal signal
 * through waitid (CLD_KILLED), a SIGKILL while it is stopped through
 * wait4.  Its parent then reaps it as usual.  Without
 * the option a traced child's fork is not traced (the child's wait sees its
 * own child end and the tracer hears nothing).  A vfork (PTRACE_O_TRACEVFORK)
 * likewise, PTRACE_EVENT_VFORK, with a tracer that resumes each stop as it
 * comes: emu's parent stops for the event once its vfork child has ended.
 */
// diff-timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif

static void die(const char *what) {
  printf("FAILED: %s (%s)\n", what, strerror(errno));
  exit(1);
}

/* A stop's description, without pids. */
static void show(const char *who, int st) {
  if (WIFSTOPPED(st)) {
    int sig = WSTOPSIG(st), ev = st >> 16;
    printf("%s: stopped %s%s", who,
           sig == (SIGTRAP | 0x80) ? "SIGTRAP|0x80" : strsignal(sig & 0x7f), ev ? "" : "\n");
    if (ev) printf(", event %d\n", ev);
  } else if (WIFEXITED(st)) {
    printf("%s: exited %d\n", who, WEXITSTATUS(st));
  } else if (WIFSIGNALED(st)) {
    printf("%s: killed by %s\n", who, strsignal(WTERMSIG(st)));
  } else {
    printf("%s: status %#x\n", who, st);
  }
}

/* The traced child: stops itself, then forks with and without the option
 * (the tracer sets it in between, at the second SIGSTOP). */
static void child(void) {
  /* Its lines are printed at its end, when the tracer waits for it: how
   * its waits interleave with the tracer's is the scheduler's business. */
  static char buf[4096];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  /* Its SIGCHLDs stay pending: no signal-delivery stops for them. */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  if (ptrace(PTRACE_TRACEME, 0, 0, 0)) die("TRACEME");
  raise(SIGSTOP);
  for (int round = 0; round < 3; round++) {
    pid_t g = fork();
    if (g == 0) {
      if (round == 0) {
        syscall(SYS_getppid);
        _exit(7);
      }
      if (round == 1) raise(SIGUSR2); /* not handled: it ends the grandchild */
      pause();                        /* round 2: the tracer kills it */
      _exit(0);
    }
    int st;
    if (waitpid(g, &st, 0) != g) die("child's waitpid");
    show("child's own wait", st);
  }
  /* vfork (PTRACE_O_TRACEVFORK): the grandchild ends at once. */
  pid_t v = vfork();
  if (v == 0) _exit(4);
  int vst;
  if (waitpid(v, &vst, 0) != v) die("child's waitpid of the vfork child");
  show("child's own wait, vfork child", vst);
  raise(SIGSTOP); /* the tracer drops the options here */
  pid_t g = fork();
  if (g == 0) _exit(9);
  int st;
  if (waitpid(g, &st, 0) != g) die("child's last waitpid");
  show("child's own wait, untraced grandchild", st);
  fflush(stdout);
  _exit(0);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pid_t c = fork();
  if (c < 0) die("fork");
  if (c == 0) child();
  int st;
  if (waitpid(c, &st, 0) != c) die("first wait");
  show("child", st);
  if (ptrace(PTRACE_SETOPTIONS, c, 0,
             PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACESYSGOOD))
    die("SETOPTIONS");
  if (ptrace(PTRACE_CONT, c, 0, 0)) die("CONT");

  for (int round = 0; round < 3; round++) {
    /* The child's fork event and the grandchild's first stop, in either order. */
    pid_t g = 0, msg_pid = 0;
    int got_event = 0, got_stop = 0, est = 0, gst = 0;
    siginfo_t si;
    while (!got_event || !got_stop) {
      pid_t w = waitpid(-1, &st, __WALL);
      if (w < 0) die("wait for the fork's stops");
      if (w == c) {
        unsigned long msg = 0;
        if (ptrace(PTRACE_GETEVENTMSG, c, 0, &msg)) die("GETEVENTMSG");
        msg_pid = (pid_t)msg;
        est = st;
        got_event = 1;
      } else {
        g = w;
        gst = st;
        if (ptrace(PTRACE_GETSIGINFO, w, 0, &si)) die("GETSIGINFO");
        got_stop = 1;
      }
    }
    show("child", est);
    show("grandchild", gst);
    printf("grandchild: siginfo %s code %d pid %d\n", strsignal(si.si_signo), si.si_code,
           (int)si.si_pid);
    printf("event message %s\n", msg_pid == g ? "is the new pid" : "is another pid");
    if (ptrace(PTRACE_CONT, c, 0, 0)) die("CONT child");
    /* Round 0: the grandchild's syscall stops (getppid's entry and exit),
     * then its end; round 1: SIGUSR2's delivery stop, then its death;
     * round 2: SIGKILL while it is stopped. */
    if (round == 2) {
      kill(g, SIGKILL);
      if (waitpid(g, &st, __WALL) != g) die("wait for the killed grandchild");
      show("grandchild", st);
      continue;
    }
    if (ptrace(round == 0 ? PTRACE_SYSCALL : PTRACE_CONT, g, 0, 0)) die("resume grandchild");
    for (;;) {
      if (round == 1) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, g, &si, WEXITED | WSTOPPED | __WALL)) die("waitid grandchild");
        printf("grandchild: waitid code %d status %d\n", si.si_code, si.si_status);
        if (si.si_code == CLD_TRAPPED) {
          if (ptrace(PTRACE_CONT, g, 0, si.si_status)) die("CONT with the signal");
          continue;
        }
        break;
      }
      if (waitpid(g, &st, __WALL) != g) die("wait grandchild");
      show("grandchild", st);
      if (!WIFSTOPPED(st)) break;
      if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
#ifdef __x86_64__
        long nr = ptrace(PTRACE_PEEKUSER, g, 8 * 15 /* orig_rax */, 0);
#else
        long nr = ptrace(PTRACE_PEEKUSER, g, 4 * 11 /* orig_eax */, 0);
#endif
        printf("grandchild: syscall %s\n", nr == SYS_getppid      ? "getppid"
                                           : nr == SYS_exit_group ? "exit_group"
                                                                  : "other");
      }
      if (ptrace(PTRACE_SYSCALL, g, 0, 0)) die("SYSCALL grandchild");
    }
  }
  int held = 0;
  /* The vfork: each stop resumed as it comes (the parent's event stop and
   * the child's run are not ordered), reported in a fixed order. */
  {
    int est = 0, gstop = 0, gend = 0, got = 0;
    pid_t g = 0;
    unsigned long msg = 0;
    while (got != 3) {
      pid_t w = waitpid(-1, &st, __WALL);
      if (w < 0) die("wait for the vfork's stops");
      if (w == c && (got & 1)) { /* its last SIGSTOP, before its child's end was seen */
        held = st;
      } else if (w == c) {
        est = st;
        if (ptrace(PTRACE_GETEVENTMSG, c, 0, &msg)) die("GETEVENTMSG vfork");
        if (ptrace(PTRACE_CONT, c, 0, 0)) die("CONT after vfork");
        got |= 1;
      } else if (WIFSTOPPED(st)) {
        g = w;
        gstop = st;
        if (ptrace(PTRACE_CONT, w, 0, 0)) die("CONT vfork child");
      } else {
        g = w;
        gend = st;
        got |= 2;
      }
    }
    show("child", est);
    show("vfork child", gstop);
    show("vfork child", gend);
    printf("event message %s\n", (pid_t)msg == g ? "is the new pid" : "is another pid");
  }
  /* The child's last SIGSTOP: drop the option, let it fork untraced. */
  if (held)
    st = held;
  else if (waitpid(c, &st, __WALL) != c)
    die("wait for the last SIGSTOP");
  show("child", st);
  if (ptrace(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACESYSGOOD)) die("SETOPTIONS off");
  if (ptrace(PTRACE_CONT, c, 0, 0)) die("CONT last");
  if (waitpid(c, &st, __WALL) != c) die("wait for the child's end");
  show("child", st);
  errno = 0;
  int w = waitpid(-1, &st, __WALL | WNOHANG);
  printf("nothing more to wait for: %d %s\n", w, errno == ECHILD ? "ECHILD" : strerror(errno));
  return 0;
}
