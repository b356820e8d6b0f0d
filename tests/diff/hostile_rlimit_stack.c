/* hostile_rlimit_stack: the stack grows to the guest's RLIMIT_STACK, not a
 * fixed 8 MiB.  With the limit at 128 MiB, then unlimited, the program
 * re-executes itself (/proc/self/exe) so that exec lays the process out for
 * it (arch/x86/mm/mmap.c: an unlimited stack means the legacy bottom-up
 * mmap layout), reads the limits back (RLIMIT_AS too, which exec keeps) and
 * recurses 64 MiB deep.  With a 1 MiB limit a recursion past it dies of
 * SIGSEGV (mm/mmap.c acct_stack_growth). */
// diff-timeout: 120
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MiB (1ul << 20)

/* About 4 KiB of stack a level, touched. */
static unsigned long deep(unsigned long n) {
  volatile char buf[4000];
  buf[0] = (char)n;
  buf[sizeof buf - 1] = (char)n;
  if (!n) return buf[0];
  return deep(n - 1) + buf[sizeof buf - 1];
}

static void show_limit(const char *name, int res) {
  struct rlimit rl;
  getrlimit(res, &rl);
  if (rl.rlim_cur == RLIM_INFINITY)
    printf("%s: unlimited\n", name);
  else
    printf("%s: %lu MiB\n", name, (unsigned long)(rl.rlim_cur / MiB));
}

static int child_part(void) {
  show_limit("RLIMIT_STACK after exec", RLIMIT_STACK);
  show_limit("RLIMIT_AS after exec", RLIMIT_AS);
  int local;
  void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap below a third of the way to the stack: %s\n",
         (unsigned long)m < (unsigned long)&local / 2 ? "yes (legacy)" : "no");
  volatile unsigned long v = deep(64 * 256);
  (void)v;
  printf("recursed 64 MiB: ok\n");
  return 0;
}

static void run_self(rlim_t stack) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    struct rlimit rl = {stack, stack};
    if (stack != RLIM_INFINITY) rl.rlim_max = RLIM_INFINITY;
    if (setrlimit(RLIMIT_STACK, &rl)) printf("setrlimit: %m\n");
    struct rlimit as = {3072 * MiB, RLIM_INFINITY};
    setrlimit(RLIMIT_AS, &as);
    execl("/proc/self/exe", "self", "child", (char *)NULL);
    _exit(99);
  }
  int st;
  waitpid(p, &st, 0);
  printf("status: %d\n", st);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child_part();
  run_self(128 * MiB);
  run_self(RLIM_INFINITY);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    struct rlimit rl = {1 * MiB, RLIM_INFINITY};
    setrlimit(RLIMIT_STACK, &rl);
    printf("recursed 4 MiB: %lu\n", deep(4 * 256));
    _exit(0);
  }
  int st;
  waitpid(p, &st, 0);
  printf("1 MiB limit, 4 MiB deep: %s\n",
         WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "lived");
  return 0;
}
