/* emu.c — the public API (include/emu/emu.h) over the loader, the memory,
 * the CPU and the process layer. */
#define _GNU_SOURCE
#include <emu/emu.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "loader/loader.h"
#include "mem/mem.h"
#include "syscall/sys.h"

struct emu {
  struct emu_opts opts;
  struct proc proc;
  struct task task;
  bool loaded;
};

struct emu *emu_new(void) {
  struct emu *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->opts.log = stderr;
  e->proc.opts = &e->opts;
  return e;
}

void emu_free(struct emu *e) {
  if (!e) return;
  if (e->loaded) cpu_destroy(&e->task.cpu);
  if (e->proc.mm) mm_free(e->proc.mm);
  free(e->proc.cmdline);
  free(e);
}

void emu_set_strace(struct emu *e, FILE *f) {
  e->opts.strace = f != NULL;
  if (f) e->opts.log = f;
}

void emu_set_log_unimplemented(struct emu *e, int on) { e->opts.log_unimp = on; }

int emu_load(struct emu *e, const char *path, int argc, char *const argv[], char *const envp[],
             char *err, size_t errsize) {
  struct proc *p = &e->proc;
  struct task *t = &e->task;
  int bits = ldr_probe(path, err, errsize);
  if (bits < 0) return -bits;
  p->mm = mm_new(bits);
  if (!p->mm) {
    snprintf(err, errsize, "emu: %s: cannot reserve the guest address space\n", path);
    return LDR_ENOEXEC;
  }
  p->bits = bits;
  struct ldr_image img;
  memset(&img, 0, sizeof img);
  int st = ldr_load(p->mm, path, &img, err, errsize);
  if (st) return st;

  if (!realpath(path, p->exe)) snprintf(p->exe, sizeof p->exe, "%s", path);
  size_t len = 0;
  for (int i = 0; i < argc; i++) len += strlen(argv[i]) + 1;
  p->cmdline = malloc(len ? len : 1);
  if (!p->cmdline) return LDR_ENOEXEC;
  p->cmdline_len = 0;
  for (int i = 0; i < argc; i++) {
    size_t l = strlen(argv[i]) + 1;
    memcpy(p->cmdline + p->cmdline_len, argv[i], l);
    p->cmdline_len += l;
  }

  cpu_init(&t->cpu, bits, p->mm);
  e->loaded = true;
  t->proc = p;
  t->tid = gettid();
  u32 id[4];
  cpu_cpuid(&t->cpu, 1, 0, id);
  img.hwcap = id[3];
  img.hwcap2 = 0;
  int r = ldr_map_vdso(p->mm, &img);
  if (r < 0) {
    snprintf(err, errsize, "emu: %s: cannot map the vDSO: %s\n", path, strerror(-r));
    return LDR_ENOEXEC;
  }
  p->vdso = img.vdso;
  p->vdso_landing = img.vdso_landing;
  p->sig.vdso_sigreturn = img.vdso_sigreturn;
  p->sig.vdso_rt_sigreturn = img.vdso_rt_sigreturn;
  r = ldr_build_stack(p->mm, &img, argc, argv, envp, path);
  if (r < 0) {
    snprintf(err, errsize, "emu: %s: cannot build the initial stack: %s\n", path, strerror(-r));
    return LDR_ENOEXEC;
  }
  memcpy(p->auxv, img.auxv, sizeof p->auxv);
  p->nauxv = img.nauxv;
  /* The ELF ABI's process entry: rsp at argc, rdx 0 (no exit function), the
   * rest zero, flags 0x202. */
  t->cpu.rip = img.entry;
  t->cpu.r[R_SP] = img.sp;
  return 0;
}

int emu_run(struct emu *e) {
  static bool installed;
  if (!installed) {
    cpu_install_fault_handler();
    installed = true;
  }
  return task_run(&e->task);
}
