/* execve's argument limits, as fs/exec.c sets them: a single string may be
 * MAX_ARG_STRLEN (32 pages) long with its NUL, one byte more is E2BIG; the
 * strings together (with the file name) may fill the bprm_stack_limits()
 * budget, min(3/4 of _STK_LIM, RLIMIT_STACK / 4), less 8 bytes for every
 * argv and envp pointer (the kernel's pointer size, for i386 programs
 * too), and not one byte more.  What passes the checks must reach the new
 * program intact: several MB of arguments under a large stack limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE     4096
#define STRLEN   (32 * PAGE) /* MAX_ARG_STRLEN, NUL included */
#define SELF     "/proc/self/exe"

/* The child: what it received, summed. */
static int child(int argc, char **argv, char **envp) {
  unsigned long bytes = 0, sum = 0, envc = 0;
  for (int i = 0; i < argc; i++)
    for (const unsigned char *p = (const unsigned char *)argv[i];; p++) {
      bytes++;
      sum = sum * 31 + *p;
      if (!*p) break;
    }
  for (; envp[envc]; envc++)
    for (const unsigned char *p = (const unsigned char *)envp[envc];; p++) {
      bytes++;
      sum = sum * 31 + *p;
      if (!*p) break;
    }
  printf("  child: argc %d envc %lu bytes %lu sum %lx\n", argc, envc, bytes, sum);
  return 0;
}

/* n strings (the first "child"), each of len bytes with its NUL except
 * the last, which takes what is left of total. */
static char **make_args(size_t n, size_t len, size_t total, char tag) {
  char **v = calloc(n + 1, sizeof *v);
  v[0] = "child";
  total -= 6;
  for (size_t i = 1; i < n; i++) {
    size_t l = i + 1 < n ? len : total;
    if (l > total || l == 0 || l > STRLEN + 1) abort(); /* a bad plan, not a result */
    total -= l;
    v[i] = malloc(l);
    for (size_t k = 0; k + 1 < l; k++) v[i][k] = (char)('a' + (k * 7 + i + tag) % 26);
    v[i][l - 1] = 0;
  }
  return v;
}

static void try_exec(const char *what, char **argv, char **envp) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execve(SELF, argv, envp);
    printf("  %s: execve: %s\n", what, errno == E2BIG ? "E2BIG" : strerror(errno));
    fflush(stdout);
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  printf("%s: status %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
  fflush(stdout);
}

static void set_stack(rlim_t cur) {
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  rl.rlim_cur = cur;
  if (setrlimit(RLIMIT_STACK, &rl)) printf("setrlimit: %s\n", strerror(errno));
}

int main(int argc, char **argv, char **envp) {
  if (argc > 0 && !strcmp(argv[0], "child")) return child(argc, argv, envp);
  static char *noenv[] = {NULL};
  char *one[] = {"E=1", NULL};

  /* One string: 32 pages with its NUL, then one byte more. */
  set_stack(8 << 20);
  try_exec("strlen 131071", make_args(2, 0, 6 + STRLEN, 0), noenv);
  try_exec("strlen 131072", make_args(2, 0, 6 + STRLEN + 1, 0), noenv);
  char *envlong[] = {make_args(2, 0, 6 + STRLEN + 1, 1)[1], NULL};
  try_exec("env strlen 131072", (char *[]){"child", NULL}, envlong);

  /* The budget at an 8 MiB stack: 2 MiB, less the pointers (n argv + 1
   * envp, 8 bytes each), less the file name with its NUL. */
  size_t n = 33, budget = (8 << 20) / 4 - (n + 1) * 8 - sizeof SELF;
  try_exec("2 MiB exactly", make_args(n, STRLEN / 2, budget - 4, 2), one);
  try_exec("2 MiB + 1", make_args(n, STRLEN / 2, budget - 3, 3), one);

  /* A 256 KiB stack: a quarter is 64 KiB, but 32 pages are always allowed. */
  set_stack(256 << 10);
  budget = 32 * PAGE - 3 * 8 - sizeof SELF;
  try_exec("small stack: 128 KiB", make_args(2, 0, budget - 4, 4), one);
  try_exec("small stack: 128 KiB + 1", make_args(2, 0, budget - 3, 4), one);

  /* A large stack: 6 MiB (3/4 of _STK_LIM) at most.  3 MB in 3000 strings,
   * then 6 MiB exactly and one byte over. */
  set_stack(64 << 20);
  try_exec("3 MB in 3000 strings", make_args(3000, 1000, 3000 * 1000, 5), noenv);
  n = 49;
  budget = (6 << 20) - (n + 1) * 8 - sizeof SELF;
  try_exec("6 MiB exactly", make_args(n, STRLEN - 1, budget - 4, 6), one);
  try_exec("6 MiB + 1", make_args(n, STRLEN - 1, budget - 3, 6), one);
  return 0;
}
