/* sys_exec.c — execve and execveat for both ABIs.  Mirrors fs/exec.c
 * (do_execveat_common, do_open_execat, count, copy_strings,
 * bprm_stack_limits), fs/binfmt_script.c (load_script) and the first checks
 * of fs/binfmt_elf.c.
 *
 * The new program is validated as the kernel validates it, in the kernel's
 * order, so a failing execve returns the native errno and leaves the caller
 * running: the file is opened first (ENOENT, ENOTDIR, ELOOP, EACCES for a
 * non-regular or non-executable file), then argv and envp are counted and
 * copied (EFAULT, E2BIG), then the binary handlers run: "#!" scripts take
 * their interpreter and one optional argument (nesting up to 5 deep, then
 * ELOOP), an ELF must be an i386 or x86-64 executable, anything else is
 * ENOEXEC.  Then emu replaces itself: a host execve of emu's own binary
 * (resolved at start-up) with emu's options, "--nested" and emu's own
 * environment as it was started.  The guest's argv and envp never reach the
 * host's execve, whose loader would act on them (LD_PRELOAD, LD_AUDIT, ...
 * in emu's own process) and whose limits (MAX_ARG_STRLEN per string, the
 * host stack) are not the guest's: they travel in a sealed memfd whose
 * number follows "--exec-args", and the new emu reads and closes it before
 * the guest runs (exec_args_read).  Everything the kernel carries
 * across exec (pid, descriptors minus close-on-exec, cwd, ignored signals,
 * the signal mask, rlimits) is carried by the host.  The new program runs
 * emulated, whichever ELF class it has.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../loader/loader.h"
#include "../syscall/syscall.h"
#include "observe.h"
#include "proc.h"
#include "ptrace.h"

#define MAX_ARG_STRLEN         (32 * 4096)
#define MAX_ARG_STRINGS        0x7fffffff
#define BINPRM_BUF_SIZE        256
#define LX_AT_EMPTY_PATH       0x1000
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define STK_LIM                (8u << 20)
#define ARG_MAX_MIN            (32 * 4096)

struct strv {
  char **v;
  size_t n, cap;
  size_t bytes; /* sum of strlen + 1 */
};

static int strv_push(struct strv *s, const char *str, size_t len) {
  if (s->n + 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    char **v = realloc(s->v, cap * sizeof *v);
    if (!v) return -ENOMEM;
    s->v = v;
    s->cap = cap;
  }
  char *c = strndup(str, len);
  if (!c) return -ENOMEM;
  s->v[s->n++] = c;
  s->v[s->n] = NULL;
  s->bytes += len + 1;
  return 0;
}

/* strv_push for an observer's exec_args (observe.h). */
static long push_arg(void *s, const char *str) { return strv_push(s, str, strlen(str)); }

static void strv_free(struct strv *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* count(): the number of pointers before the NULL (EFAULT on a bad array). */
static long count_ptrs(struct task *t, u64 uv, size_t w) {
  if (!uv) return 0;
  long n = 0;
  for (;;) {
    u64 p = 0;
    if (copy_from_user(MM(t), &p, uv + (u64)n * w, w)) return -EFAULT;
    if (!p) return n;
    if (++n >= MAX_ARG_STRINGS) return -E2BIG;
  }
}

/* copy_strings(): each string, EFAULT on a bad pointer, E2BIG when one is
 * longer than MAX_ARG_STRLEN. */
static long copy_strs(struct task *t, u64 uv, long n, size_t w, struct strv *out) {
  char *buf = malloc(MAX_ARG_STRLEN);
  if (!buf) return -ENOMEM;
  long r = 0;
  for (long i = 0; i < n && !r; i++) {
    u64 p = 0;
    if (copy_from_user(MM(t), &p, uv + (u64)i * w, w)) {
      r = -EFAULT;
      break;
    }
    long len = strncpy_from_user(MM(t), buf, p, MAX_ARG_STRLEN);
    if (len == -ENAMETOOLONG)
      r = -E2BIG;
    else if (len < 0)
      r = len;
    else
      r = strv_push(out, buf, (size_t)len);
  }
  free(buf);
  return r;
}

/* do_open_execat(): the checks that make a file executable at all. */
static long open_exec(const char *path, int dirfd, int atflags, char *head, size_t *headlen) {
  struct stat st;
  int fl = (atflags & LX_AT_EMPTY_PATH) ? AT_EMPTY_PATH : 0;
  if (atflags & LX_AT_SYMLINK_NOFOLLOW) fl |= AT_SYMLINK_NOFOLLOW;
  if (fstatat(dirfd, path, &st, fl) < 0) return -errno;
  if (S_ISLNK(st.st_mode)) return -ELOOP;
  if (!S_ISREG(st.st_mode)) return -EACCES;
  if (faccessat(dirfd, path, X_OK, fl & AT_EMPTY_PATH ? AT_EMPTY_PATH | AT_EACCESS : AT_EACCESS) <
      0)
    return -errno;
  int fd;
  if (atflags & LX_AT_EMPTY_PATH && !path[0]) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
    fd = open(link, O_RDONLY | O_CLOEXEC);
  } else {
    fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) return -errno;
  ssize_t k = pread(fd, head, BINPRM_BUF_SIZE, 0);
  close(fd);
  if (k < 0) return -EIO;
  *headlen = (size_t)k;
  return 0;
}

long exec_check_file(const char *path) {
  char head[BINPRM_BUF_SIZE];
  size_t n;
  return open_exec(path, AT_FDCWD, 0, head, &n);
}

/* The kernel's name for the file (bprm->filename): the path, or
 * /dev/fd/N[/path] for execveat on a descriptor. */
static void exec_filename(char *out, size_t size, int dirfd, const char *path) {
  if (path[0] == '/' || dirfd == AT_FDCWD)
    snprintf(out, size, "%s", path);
  else if (!path[0])
    snprintf(out, size, "/dev/fd/%d", dirfd);
  else
    snprintf(out, size, "/dev/fd/%d/%s", dirfd, path);
}

/* A path the new emu can open after the exec, when (dirfd, path) is
 * relative to a descriptor that may be close-on-exec. */
static long host_path(char *out, size_t size, int dirfd, const char *path) {
  if (path[0] == '/' || dirfd == AT_FDCWD) {
    snprintf(out, size, "%s", path);
    return 0;
  }
  char link[64], dir[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
  ssize_t k = readlink(link, dir, sizeof dir - 1);
  if (k < 0) return -EBADF;
  dir[k] = 0;
  if (!path[0])
    snprintf(out, size, "%s", dir);
  else if ((size_t)snprintf(out, size, "%s/%s", dir, path) >= size)
    return -ENAMETOOLONG;
  return 0;
}

int exec_classify(const char *h, size_t n, char *interp, size_t isize, char *arg, size_t asize,
                  bool *has_arg) {
  if (n >= 4 && !memcmp(h, "\177ELF", 4)) return 0; /* binfmt_elf's checks: ldr_check() */
  if (n < 2 || h[0] != '#' || h[1] != '!') return -ENOEXEC;
  /* load_script(): the line up to '\n' within the buffer. */
  const char *end = memchr(h, '\n', n);
  const char *i = h + 2, *lim = end ? end : h + n;
  while (i < lim && (*i == ' ' || *i == '\t')) i++;
  if (i == lim) return -ENOEXEC; /* no interpreter name */
  const char *ie = i;
  while (ie < lim && *ie != ' ' && *ie != '\t' && *ie != '\0') ie++;
  /* No newline in the buffer and the name reaches its end: truncated. */
  if (!end && ie == lim) return -ENOEXEC;
  if ((size_t)(ie - i) >= isize) return -ENOEXEC;
  memcpy(interp, i, ie - i);
  interp[ie - i] = 0;
  const char *a = ie;
  while (a < lim && (*a == ' ' || *a == '\t')) a++;
  const char *ae = lim;
  const char *nul = memchr(a, 0, lim - a);
  if (nul) ae = nul;
  while (ae > a && (ae[-1] == ' ' || ae[-1] == '\t')) ae--;
  *has_arg = ae > a;
  if (*has_arg) {
    if (!end) return -ENOEXEC; /* the argument may be truncated */
    if ((size_t)(ae - a) >= asize) return -ENOEXEC;
    memcpy(arg, a, ae - a);
    arg[ae - a] = 0;
  }
  return 1;
}

/* The --exec-args channel: a sealed memfd holding argc and envc (two u64)
 * and then the argv and envp strings, each with its NUL.  Returns the
 * descriptor (close-on-exec until the execve itself) or -errno. */
static long exec_args_write(const struct strv *argv, const struct strv *envp) {
  int fd = memfd_create("emu-exec-args", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -errno;
  u64 hdr[2] = {argv->n, envp->n};
  const struct strv *vs[2] = {argv, envp};
  long r = write(fd, hdr, sizeof hdr) == (ssize_t)sizeof hdr ? 0 : -ENOMEM;
  for (int k = 0; k < 2 && !r; k++)
    for (size_t i = 0; i < vs[k]->n && !r; i++) {
      size_t len = strlen(vs[k]->v[i]) + 1;
      if (write(fd, vs[k]->v[i], len) != (ssize_t)len) r = -ENOMEM;
    }
  if (!r && fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
    r = -errno;
  if (r) {
    close(fd);
    return r;
  }
  return fd;
}

/* Split n bytes at b into count strings; NULL-terminated vector of
 * pointers into b, or NULL when b does not hold exactly that. */
static char **split_strs(char *b, size_t n, u64 count, size_t *used) {
  if (count > n) return NULL;
  char **v = calloc(count + 1, sizeof *v);
  if (!v) return NULL;
  size_t off = 0;
  for (u64 i = 0; i < count; i++) {
    char *nul = off < n ? memchr(b + off, 0, n - off) : NULL;
    if (!nul) {
      free(v);
      return NULL;
    }
    v[i] = b + off;
    off = (size_t)(nul - b) + 1;
  }
  *used = off;
  return v;
}

int exec_args_read(int fd, char ***argv, int *argc, char ***envp) {
  struct stat st;
  int r = -EINVAL;
  char *b = NULL;
  if (fstat(fd, &st) < 0 || st.st_size < 16 || (u64)st.st_size > SIZE_MAX / 2) goto out;
  size_t n = (size_t)st.st_size;
  if (!(b = malloc(n + 1))) goto out;
  for (size_t got = 0; got < n;) {
    ssize_t k = pread(fd, b + got, n - got, (off_t)got);
    if (k <= 0) goto out;
    got += (size_t)k;
  }
  b[n] = 0;
  u64 hdr[2];
  memcpy(hdr, b, sizeof hdr);
  size_t used = 0, eused = 0;
  if (hdr[0] < 1 || hdr[0] > INT32_MAX) goto out;
  char **av = split_strs(b + 16, n - 16, hdr[0], &used);
  if (!av) goto out;
  char **ev = split_strs(b + 16 + used, n - 16 - used, hdr[1], &eused);
  if (!ev || 16 + used + eused != n) {
    free(av);
    free(ev);
    goto out;
  }
  *argv = av;
  *argc = (int)hdr[0];
  *envp = ev;
  b = NULL; /* the strings live in b until exit */
  r = 0;
out:
  free(b);
  close(fd);
  return r;
}

/* The emu command line that re-runs emu on the new program: emu's options,
 * then load, the file to run; the guest's argv and envp go through the
 * --exec-args descriptor argfd. */
static long build_host_argv(struct task *t, struct strv *hv, const char *load, const char *execfn,
                            int argfd) {
  const struct emu_opts *o = t->proc->opts;
  const char *self = o && o->self_exe[0] ? o->self_exe : "/proc/self/exe";
  long r = strv_push(hv, self, strlen(self));
  char num[32];
  /* The watching tools' options (the system-call log's). */
  if (!r) r = obs_exec_args(t, push_arg, hv);
  if (!r && o && o->log_unimp) {
    r = strv_push(hv, "-d", 2);
    if (!r) r = strv_push(hv, "unimp", 5);
  }
  if (!r && o && o->vsyscall == VSYSCALL_XONLY) r = strv_push(hv, "--vsyscall=xonly", 16);
  if (!r && strcmp(cpu_model_name(), "max")) r = strv_push(hv, "-cpu", 4);
  if (!r && strcmp(cpu_model_name(), "max"))
    r = strv_push(hv, cpu_model_name(), strlen(cpu_model_name()));
  if (!r && ldr_vdso_syscall()) r = strv_push(hv, "--vdso=syscall", 14);
  const char *root = ldr_sysroot();
  if (!r && root) r = strv_push(hv, "-L", 2);
  if (!r && root) r = strv_push(hv, root, strlen(root));
  char cpuopt[32]; /* the CPU that runs the guest (--cpu=NAME) goes on running it */
  if (!r && cpu_backend) {
    int n = snprintf(cpuopt, sizeof cpuopt, "--cpu=%s", cpu_backend->name);
    r = strv_push(hv, cpuopt, (size_t)n);
  }
  if (!r && !cpu_jit) r = strv_push(hv, "--no-jit", 8); /* the interpreter alone, still */
  if (!r && cpu_jit_check) r = strv_push(hv, "--jit-check", 11);
  if (!r) r = strv_push(hv, "--nested", 8);
  char lim[160]; /* the guest's own RLIMIT_AS/DATA/STACK (mem_limit.c) */
  mm_rlimit_format(MM(t), lim, sizeof lim);
  if (!r) r = strv_push(hv, "--rlimits", 9);
  if (!r) r = strv_push(hv, lim, strlen(lim));
  const char *pt = ptrace_exec_arg(t); /* a traced task stays traced */
  if (!r && pt) r = strv_push(hv, "--ptrace", 8);
  if (!r && pt) r = strv_push(hv, pt, strlen(pt));
  if (!r) r = strv_push(hv, "--execfn", 8);
  if (!r) r = strv_push(hv, execfn, strlen(execfn));
  snprintf(num, sizeof num, "%d", argfd);
  if (!r) r = strv_push(hv, "--exec-args", 11);
  if (!r) r = strv_push(hv, num, strlen(num));
  if (!r) r = strv_push(hv, "--", 2);
  if (!r) r = strv_push(hv, load, strlen(load));
  return r;
}

static long do_execve(struct task *t, int dirfd, u64 upath, u64 uargv, u64 uenvp, int flags) {
  if (flags & ~(LX_AT_EMPTY_PATH | LX_AT_SYMLINK_NOFOLLOW)) return -EINVAL;
  char path[PATH_MAX];
  long r = sys_get_path(t, upath, path);
  if (r < 0) return r;
  if (!path[0] && !(flags & LX_AT_EMPTY_PATH)) return -ENOENT;
  /* /proc/self/exe names the guest's program, not emu (busybox re-executes
   * itself that way). */
  char filename[PATH_MAX + 32];
  exec_filename(filename, sizeof filename, dirfd, path);
  const char *hp = fs_host_path(t, &dirfd, path, !(flags & LX_AT_SYMLINK_NOFOLLOW));
  if (hp != path) snprintf(path, sizeof path, "%s", hp);
  char head[BINPRM_BUF_SIZE];
  size_t headlen = 0;
  r = open_exec(path, dirfd, flags, head, &headlen);
  if (r < 0) return r;

  size_t w = t->abi == ABI_I386 ? 4 : 8;
  long argc = count_ptrs(t, uargv, w);
  if (argc < 0) return argc;
  long envc = count_ptrs(t, uenvp, w);
  if (envc < 0) return envc;
  struct strv argv = {0}, envp = {0}, hv = {0};
  char load[PATH_MAX];
  /* bprm_stack_limits() */
  u64 stack = MM(t)->rlim[MM_RLIM_STACK].cur; /* the guest's */
  u64 limit = STK_LIM / 4 * 3;
  if (stack != MM_RLIM_INF && stack / 4 < limit) limit = stack / 4;
  if (limit < ARG_MAX_MIN) limit = ARG_MAX_MIN;
  /* The kernel's own pointer size, for a compat task too; argc 0 counts as
   * the one "" it passes. */
  u64 ptrs = (u64)((argc ? argc : 1) + envc) * sizeof(u64);
  if (limit <= ptrs) return -E2BIG;
  limit -= ptrs;
  r = copy_strs(t, uenvp, envc, w, &envp);
  if (!r) r = copy_strs(t, uargv, argc, w, &argv);
  if (!r && argv.n == 0) r = strv_push(&argv, "", 0); /* argc 0: the kernel passes "" */
  if (!r && strlen(filename) + 1 + argv.bytes + envp.bytes > limit) r = -E2BIG;
  if (r) goto out;

  /* The binary handlers (exec_binprm): at most 5 script rewrites, then
   * ELOOP.  A script's name as its interpreter sees it is bprm->interp: the
   * file name, then each previous interpreter. */
  r = host_path(load, sizeof load, dirfd, path);
  if (r) goto out;
  for (int depth = 0;; depth++) {
    char interp[BINPRM_BUF_SIZE], arg[BINPRM_BUF_SIZE];
    bool has_arg = false;
    int k = exec_classify(head, headlen, interp, sizeof interp, arg, sizeof arg, &has_arg);
    if (k < 0) {
      r = k;
      goto out;
    }
    if (k == 0) break;
    if (depth >= 5) {
      r = -ELOOP;
      goto out;
    }
    /* argv becomes: interp [arg] <script name> argv[1..] */
    struct strv nv = {0};
    r = strv_push(&nv, interp, strlen(interp));
    if (!r && has_arg) r = strv_push(&nv, arg, strlen(arg));
    if (!r) r = strv_push(&nv, depth == 0 ? filename : load, strlen(depth == 0 ? filename : load));
    for (size_t i = 1; !r && i < argv.n; i++) r = strv_push(&nv, argv.v[i], strlen(argv.v[i]));
    strv_free(&argv);
    argv = nv;
    if (r) goto out;
    snprintf(load, sizeof load, "%s", interp);
    r = open_exec(load, AT_FDCWD, 0, head, &headlen);
    if (r) goto out;
  }

  r = ldr_check(load); /* what load_elf_binary() fails with before the point of no return */
  if (r) goto out;
  long argfd = exec_args_write(&argv, &envp);
  if (argfd < 0) {
    r = argfd;
    goto out;
  }
  r = build_host_argv(t, &hv, load, filename, (int)argfd);
  const struct emu_opts *o = t->proc->opts;
  if (!r) {
    if (o && o->log) fflush(o->log);
    fflush(stdout);
    fcntl((int)argfd, F_SETFD, 0);
    sig_host_exec_prepare(t->proc);
    ptrace_exec_keep(t, true);
    execve(hv.v[0], hv.v, o && o->host_env ? o->host_env : (char *const[]){NULL});
    r = -errno;
    ptrace_exec_keep(t, false);
    sig_host_exec_undo(t->proc);
  }
  close((int)argfd);
out:
  strv_free(&argv);
  strv_free(&envp);
  strv_free(&hv);
  return r;
}

SYS_DEFINE3(execve, u64, path, u64, argv, u64, envp) {
  return do_execve(t, AT_FDCWD, path, argv, envp, 0);
}

SYS_DEFINE5(execveat, int, dirfd, u64, path, u64, argv, u64, envp, int, flags) {
  return do_execve(t, dirfd, path, argv, envp, flags);
}
