/* proc_exec.c — execve and execveat: the program re-executes itself with
 * arguments (argv, envp, AT_EXECFN, /proc/self/exe, close-on-exec, ignored
 * signals and the signal mask carried over), through vfork, through "#!"
 * scripts naming it as interpreter (with and without an argument, nested,
 * too deep), and the errors: ENOENT, EACCES, ENOEXEC, EFAULT, E2BIG, ELOOP.
 * Paths under the program's own directory are printed as SELF. */
// diff-vm-mask: ^enoent before bad argv: .* -- kernel version: emu hands this call to the host's kernel, whose answer differs from the VM's Linux 6.1 (the order of the path and argv checks)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char self[4096];

static void put(const char *s) {
  size_t n = strlen(self);
  if (s && !strncmp(s, self, n)) printf("SELF%s", s + n);
  else printf("%s", s ? s : "(null)");
}

/* The child side: print what the exec gave us. */
static int child(int argc, char **argv) {
  printf("child argc %d:", argc);
  for (int i = 0; i < argc; i++) {
    printf(" [");
    put(argv[i]);
    printf("]");
  }
  printf("\n");
  for (char **e = environ; *e; e++)
    if (!strncmp(*e, "PROCX_", 6)) printf("env %s\n", *e);
  printf("execfn ");
  put((const char *)getauxval(AT_EXECFN));
  char exe[4096];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[k > 0 ? k : 0] = 0;
  printf("\nexe ");
  put(exe);
  printf("\n");
  if (!strcmp(argv[argc - 1], "fds")) {
    printf("fd 10 %s, fd 11 %s\n", fcntl(10, F_GETFD) < 0 ? "closed" : "open",
           fcntl(11, F_GETFD) < 0 ? "closed" : "open");
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    printf("SIGUSR1 %s\n", sa.sa_handler == SIG_IGN ? "ignored" : "default");
    sigaction(SIGUSR2, NULL, &sa);
    printf("SIGUSR2 %s\n", sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "handled");
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("SIGINT blocked %d, SIGQUIT blocked %d\n", sigismember(&m, SIGINT), sigismember(&m, SIGQUIT));
  }
  fflush(stdout);
  return 40 + argc;
}

static void wait_show(pid_t p) {
  int st;
  waitpid(p, &st, 0);
  if (WIFEXITED(st)) printf("-> exit %d\n", WEXITSTATUS(st));
  else printf("-> signal %d\n", WTERMSIG(st));
}

static void run(char *const argv[], char *const envp[]) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    execve(argv[0], argv, envp);
    printf("execve failed: errno %d\n", errno);
    fflush(stdout);
    _exit(127);
  }
  wait_show(p);
}

/* The raw call, so the compiler does not judge the bad pointers. */
static int xexecve(const char *path, char *const argv[], char *const envp[]) {
  return (int)syscall(SYS_execve, path, argv, envp);
}

static void err(const char *what, int r) { printf("%s: %d errno %d\n", what, r, r < 0 ? errno : 0); }

static void handler(int s) { (void)s; }

static void script(const char *name, const char *text) {
  FILE *f = fopen(name, "w");
  fputs(text, f);
  fclose(f);
  chmod(name, 0755);
}

int main(int argc, char **argv) {
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = 0;
  char *slash = strrchr(self, '/');
  if (slash) slash[1] = 0;
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "child", 5)) return child(argc, argv);
  if (getenv("PROCX_A")) {
    printf("unexpected exec of the main program\n");
    return 98; /* never recurse */
  }
  char exe[4096];
  k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[k] = 0;
  setvbuf(stdout, NULL, _IONBF, 0);

  /* plain re-exec with arguments and a chosen environment */
  char *env[] = {"PROCX_A=1", "PROCX_B=two words", "OTHER=x", NULL};
  run((char *[]){exe, "child", "a b", "", "last", NULL}, env);
  /* argv[0] differs from the path */
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    execve(exe, (char *[]){"renamed", "child", NULL}, env);
    _exit(127);
  }
  wait_show(p);
  /* vfork + exec */
  p = vfork();
  if (p == 0) {
    execve(exe, (char *[]){exe, "child", "from-vfork", NULL}, environ);
    _exit(127);
  }
  wait_show(p);
  /* execveat with AT_FDCWD and a relative path, and with AT_EMPTY_PATH */
  p = fork();
  if (p == 0) {
    chdir(self);
    syscall(SYS_execveat, AT_FDCWD, strrchr(exe, '/') + 1, (char *[]){"x", "child", "at", NULL}, env, 0);
    _exit(126);
  }
  wait_show(p);
  /* close-on-exec, signal dispositions and the mask */
  p = fork();
  if (p == 0) {
    int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup2(a, 10);
    dup3(b, 11, O_CLOEXEC);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, handler);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGINT);
    sigprocmask(SIG_BLOCK, &m, NULL);
    execve(exe, (char *[]){exe, "child", "fds", NULL}, env);
    _exit(127);
  }
  wait_show(p);

  /* scripts: the program is the interpreter */
  char text[8192];
  snprintf(text, sizeof text, "#!%s child\nrest of file\n", exe);
  script("s1", text);
  run((char *[]){"./s1", "x", "y", NULL}, env);
  snprintf(text, sizeof text, "#! \t%s   child  two words \t\n", exe);
  script("s2", text);
  run((char *[]){"./s2", NULL}, env);
  snprintf(text, sizeof text, "#!%s\n", exe);
  script("s3", text);
  run((char *[]){"./s3", "child", NULL}, env);
  /* nested: s4 -> s1 -> the program */
  script("s4", "#!./s1 nested\n");
  run((char *[]){"./s4", "z", NULL}, env);
  /* too deep: a script that names itself */
  script("loop", "#!./loop\n");
  err("loop", xexecve("./loop", (char *[]){"loop", NULL}, env));
  /* missing interpreter, empty interpreter */
  script("s5", "#!/no/such/interpreter\n");
  err("missing interp", xexecve("./s5", (char *[]){"s5", NULL}, env));
  script("s6", "#!   \n");
  err("empty interp", xexecve("./s6", (char *[]){"s6", NULL}, env));
  /* not a binary at all */
  script("junk", "just some text\n");
  err("junk", xexecve("./junk", (char *[]){"junk", NULL}, env));
  script("empty", "");
  err("empty file", xexecve("./empty", (char *[]){"e", NULL}, env));
  /* ELF header of another machine */
  script("arm", "\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\267\000");
  err("arm elf", xexecve("./arm", (char *[]){"e", NULL}, env));
  /* errors of the file */
  err("enoent", xexecve("./no-such-file", (char *[]){"x", NULL}, env));
  err("enotdir", xexecve("./s1/x", (char *[]){"x", NULL}, env));
  err("directory", xexecve(".", (char *[]){"x", NULL}, env));
  script("noexec", "#!/bin/sh\n");
  chmod("noexec", 0644);
  err("not executable", xexecve("./noexec", (char *[]){"x", NULL}, env));
  err("empty path", xexecve("", (char *[]){"x", NULL}, env));
  /* bad pointers (volatile: the compiler must not judge them) */
  char **volatile badv = (char **)16;
  err("bad path", xexecve((char *)16, (char *[]){"x", NULL}, env));
  err("bad argv", xexecve(exe, badv, env));
  err("bad argv[1]", xexecve(exe, (char *[]){"x", (char *)16, NULL}, env));
  err("bad envp", xexecve(exe, (char *[]){"x", NULL}, badv));
  err("enoent before bad argv", xexecve("./nope", badv, env));
  /* too long */
  static char big[200000];
  memset(big, 'a', sizeof big - 1);
  err("e2big string", xexecve(exe, (char *[]){"x", big, NULL}, env));
  err("bad flags", (int)syscall(SYS_execveat, AT_FDCWD, exe, (char *[]){"x", NULL}, env, 0x4));
  /* argv NULL: the kernel passes one empty argument */
  p = fork();
  if (p == 0) {
    xexecve("./s1", NULL, env);
    _exit(127);
  }
  wait_show(p);
  return 0;
}
