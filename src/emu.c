/* emu.c — the public API (include/emu/emu.h) over the loader, the memory,
 * the CPU and the process layer. */
#define _GNU_SOURCE
#include <emu/emu.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "kernel/custom.h"
#include "kernel/kernel.h"
#include "loader/loader.h"
#include "mem/mem.h"

/* The tools emu_set_strace and emu_set_frames register. */
#include "debug/frames.h"
#include "strace/strace.h"

struct emu {
  struct emu_opts opts;
  struct proc proc;
  struct task task;
  bool loaded;
  char *execfn;                    /* AT_EXECFN when it is not the loaded path (emu_set_execfn) */
  struct sys_custom_table *custom; /* emu_register_syscall (syscall/custom.c) */
  struct mm_rlim rlim[MM_NRLIM];   /* the guest's AS/DATA/STACK limits (mem_limit.c) */
};

struct emu *emu_new(void) {
  struct emu *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->opts.log = stderr;
  e->opts.top_pid = getpid();
  ssize_t k = readlink("/proc/self/exe", e->opts.self_exe, sizeof e->opts.self_exe - 1);
  e->opts.self_exe[k > 0 ? k : 0] = 0;
  e->proc.opts = &e->opts;
  mm_rlimit_startup(e->rlim);
  return e;
}

void emu_set_nested(struct emu *e, int on) { e->opts.nested = on; }

int emu_set_rlimits(struct emu *e, const char *text) {
  return mm_rlimit_parse(text, e->rlim) ? 0 : -1;
}
void emu_set_host_env(struct emu *e, char *const *env) { e->opts.host_env = env; }

int emu_set_vsyscall(struct emu *e, const char *mode) {
  if (!strcmp(mode, "none"))
    e->opts.vsyscall = VSYSCALL_NONE;
  else if (!strcmp(mode, "xonly"))
    e->opts.vsyscall = VSYSCALL_XONLY;
  else
    return -1;
  return 0;
}

void emu_set_execfn(struct emu *e, const char *execfn) {
  free(e->execfn);
  e->execfn = execfn ? strdup(execfn) : NULL;
}

void emu_free(struct emu *e) {
  if (!e) return;
  if (e->loaded) cpu_destroy(&e->task.cpu);
  if (e->proc.mm) mm_free(e->proc.mm);
  free(e->proc.cmdline);
  free(e->execfn);
  sys_custom_free(e->custom);
  free(e);
}

void emu_set_strace(struct emu *e, FILE *f) {
  e->opts.strace = f != NULL;
  if (f) e->opts.log = f;
  if (f) trc_strace_attach(); /* the log watches the kernel model */
  sig_host_show_ignored(f != NULL);
}

void emu_set_frames(struct emu *e, FILE *f) {
  (void)e;
  trc_frames_enable(f);
}

void emu_set_log_unimplemented(struct emu *e, int on) { e->opts.log_unimp = on; }

/* Before the loader touches guest memory: its copies (padzero's clear past
 * end-of-file) take their faults through uaccess's recovery, as the CPU's. */
static void install_fault_handler(void) {
  static bool installed;
  if (!installed) {
    cpu_install_fault_handler();
    installed = true;
  }
}

/* v[0..n) joined with their NULs (/proc/self/cmdline). */
static char *join_strs(char *const v[], int n, size_t *len) {
  size_t size = 0;
  for (int i = 0; i < n; i++) size += strlen(v[i]) + 1;
  char *b = malloc(size ? size : 1);
  if (!b) return NULL;
  *len = 0;
  for (int i = 0; i < n; i++) {
    size_t l = strlen(v[i]) + 1;
    memcpy(b + *len, v[i], l);
    *len += l;
  }
  return b;
}

int emu_load(struct emu *e, const char *path, int argc, char *const argv[], char *const envp[],
             char *err, size_t errsize) {
  struct proc *p = &e->proc;
  struct task *t = &e->task;
  int bits = ldr_probe(path, err, errsize);
  if (bits < 0) return -bits;
  install_fault_handler();
  p->mm = mm_new(bits);
  if (!p->mm) {
    snprintf(err, errsize, "emu: %s: cannot reserve the guest address space\n", path);
    return LDR_ENOEXEC;
  }
  p->bits = bits;
  mm_set_rlimits(p->mm, e->rlim);
  struct ldr_image img;
  memset(&img, 0, sizeof img);
  int st = ldr_load(p->mm, path, &img, err, errsize);
  if (st) return st;

  if (!realpath(path, p->exe)) snprintf(p->exe, sizeof p->exe, "%s", path);
  p->cmdline = join_strs(argv, argc, &p->cmdline_len);
  if (!p->cmdline) return LDR_ENOEXEC;

  cpu_init(&t->cpu, bits, p->mm);
  e->loaded = true;
  t->proc = p;
  t->tid = gettid();
  u32 id[4];
  cpu_cpuid(&t->cpu, 1, 0, id);
  img.hwcap = id[3];
  img.hwcap2 = 0;
  img.minsigstksz = sig_frame_max();
  int r = ldr_map_vdso(p->mm, &img);
  if (r < 0) {
    snprintf(err, errsize, "emu: %s: cannot map the vDSO: %s\n", path, strerror(-r));
    return LDR_ENOEXEC;
  }
  p->vdso = img.vdso;
  p->vdso_landing = img.vdso_landing;
  p->vdso_service = img.vdso_service;
  p->sig.vdso_sigreturn = img.vdso_sigreturn;
  p->sig.vdso_rt_sigreturn = img.vdso_rt_sigreturn;
  const char *execfn = e->execfn ? e->execfn : path;
  p->env_len = 0;
  for (int i = 0; envp && envp[i]; i++) p->env_len += strlen(envp[i]) + 1;
  r = ldr_build_stack(p->mm, &img, argc, argv, envp, execfn);
  if (r < 0) {
    snprintf(err, errsize, "emu: %s: cannot build the initial stack: %s\n", path, strerror(-r));
    return LDR_ENOEXEC;
  }
  /* What exec carries over (fs/exec.c): the process name is the file's
   * base name (the host's /proc/self/{comm,stat,status} then name the guest
   * program), ignored signals stay ignored and the signal mask stays. */
  const char *base = strrchr(execfn, '/');
  prctl(PR_SET_NAME, base ? base + 1 : execfn, 0, 0, 0);
  for (int sig = 1; sig < (int)ARRAY_SIZE(p->sigact); sig++)
    if (sig != SIGKILL && sig != SIGSTOP && sig_host_ignored(sig))
      p->sigact[sig].handler = 1; /* SIG_IGN */
  t->sigmask = sig_host_get_mask();
  memcpy(p->auxv, img.auxv, sizeof p->auxv);
  p->nauxv = img.nauxv;
  /* The ELF ABI's process entry: rsp at argc, rdx 0 (no exit function), the
   * rest zero, flags 0x202. */
  t->cpu.rip = img.entry;
  t->cpu.r[R_SP] = img.sp;
  return 0;
}

void emu_log_maps(struct emu *e, FILE *f) {
  enum { MAX = 1 << 20 };
  char *buf = e->loaded ? malloc(MAX) : NULL;
  if (!buf) return;
  size_t n = mm_format_maps(e->proc.mm, buf, MAX);
  fprintf(f, "emu: the guest's address space at its entry (/proc/self/maps):\n");
  fwrite(buf, 1, n, f);
  fflush(f);
  free(buf);
}

int emu_run(struct emu *e) {
  install_fault_handler();
  sys_custom_activate(e->custom);
  task_run(&e->task);
  /* The leader's end: wait for the other threads after exit(2), or end
   * them.  A process other than the top-level emu (a fork or a nested emu)
   * ends here with the guest's status, dying of its signal if it had one;
   * the top-level one returns it to main, which does the same. */
  int status = task_leader_done(&e->task);
  if (e->opts.nested || getpid() != e->opts.top_pid) proc_terminate(&e->proc, status);
  return status;
}

int emu_register_syscall(struct emu *e, enum emu_abi abi, long nr, const char *name,
                         emu_syscall_fn fn, const char *signature) {
  if (!e || (abi != EMU_ABI_I386 && abi != EMU_ABI_X86_64)) return -EINVAL;
  return sys_custom_set(&e->custom, e, abi == EMU_ABI_I386 ? ABI_I386 : ABI_X86_64, nr, name, fn,
                        signature);
}
