/* vdso_unwind.c — the vDSO as the kernel ships it, for unwinders and for
 * mremap:
 *
 *   - a PT_GNU_EH_FRAME segment, and a frame description (found through the
 *     .eh_frame_hdr search table, as libgcc and debuggers find it) covering
 *     each exported function, __kernel_vsyscall and the i386 signal
 *     trampolines included; for the trampolines also the byte before the
 *     entry (an unwinder looks up a return address minus one);
 *   - _Unwind_Backtrace from a signal handler that interrupted a blocking
 *     read() (on i386, inside __kernel_vsyscall) reaches the function that
 *     called read(); on i386 also from a handler installed without
 *     SA_RESTORER, which returns through the vDSO's __kernel_rt_sigreturn;
 *   - mremap of the vDSO: growing it is EFAULT, MREMAP_DONTUNMAP EINVAL; a
 *     move is followed (arch/x86/entry/vdso/vma.c vdso_mremap): the
 *     [vdso] line moves, the i386 mremap made through the old
 *     __kernel_vsyscall returns to the new copy (vdso_fix_landing), later
 *     system calls through the new __kernel_vsyscall return there, and a
 *     handler without SA_RESTORER returns through the new trampoline; on
 *     x86-64 the moved __vdso_getcpu works (the time functions read the
 *     [vvar] pages at a fixed distance, which did not move).
 *
 * musl is left out: libgcc's unwinder needs glibc's _dl_find_object.
 */
// diff-skip-musl
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <unwind.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

#if UINTPTR_MAX == 0xffffffffu
#define I386 1
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
typedef Elf32_Dyn Dyn;
typedef Elf32_Sym Sym;
#else
#define I386 0
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
typedef Elf64_Dyn Dyn;
typedef Elf64_Sym Sym;
#endif

static uintptr_t vbase;
static const Phdr *ph_ehframe;
static const char *dynstr;
static const Sym *dynsym;
static uint32_t nsyms;

static void load_vdso(void) {
  vbase = getauxval(AT_SYSINFO_EHDR);
  const Ehdr *eh = (const Ehdr *)vbase;
  const Phdr *ph = (const Phdr *)(vbase + eh->e_phoff);
  uintptr_t load = 0;
  const Dyn *dyn = NULL;
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type == PT_LOAD && !load) load = vbase + ph[i].p_offset - ph[i].p_vaddr;
    if (ph[i].p_type == PT_DYNAMIC) dyn = (const Dyn *)(uintptr_t)ph[i].p_vaddr;
    if (ph[i].p_type == PT_GNU_EH_FRAME) ph_ehframe = &ph[i];
  }
  dyn = (const Dyn *)(load + (uintptr_t)dyn);
  const uint32_t *hash = NULL;
  for (; dyn->d_tag != DT_NULL; dyn++) {
    if (dyn->d_tag == DT_STRTAB) dynstr = (const char *)(load + dyn->d_un.d_ptr);
    if (dyn->d_tag == DT_SYMTAB) dynsym = (const Sym *)(load + dyn->d_un.d_ptr);
    if (dyn->d_tag == DT_HASH) hash = (const uint32_t *)(load + dyn->d_un.d_ptr);
  }
  nsyms = hash ? hash[1] : 0;
  vbase = load;
}

static uintptr_t vsym(const char *name) {
  for (uint32_t i = 0; i < nsyms; i++)
    if (dynsym[i].st_shndx != SHN_UNDEF && !strcmp(dynstr + dynsym[i].st_name, name))
      return vbase + dynsym[i].st_value;
  return 0;
}

/* DWARF pointer encodings the kernel's and emu's tables use. */
static int read_enc(const uint8_t **p, uint8_t enc, uintptr_t datarel, uintptr_t *out) {
  if (enc == 0xff) return -1;
  uintptr_t at = (uintptr_t)*p, v;
  switch (enc & 0x0f) {
  case 0x03: v = *(const uint32_t *)*p, *p += 4; break; /* udata4 */
  case 0x0b: v = (uintptr_t)(intptr_t) * (const int32_t *)*p, *p += 4; break; /* sdata4 */
  default: return -1;
  }
  switch (enc & 0x70) {
  case 0x00: break;
  case 0x10: v += at; break;      /* pcrel */
  case 0x30: v += datarel; break; /* datarel */
  default: return -1;
  }
  *out = v;
  return 0;
}

/* The FDE covering pc, found as an unwinder finds it: binary search of the
 * .eh_frame_hdr table, then the FDE's own range. */
static const char *fde_for(uintptr_t pc) {
  if (!ph_ehframe) return "no PT_GNU_EH_FRAME";
  const uint8_t *hdr = (const uint8_t *)(vbase + ph_ehframe->p_vaddr), *p = hdr + 4;
  uintptr_t ehf, count;
  if (hdr[0] != 1 || read_enc(&p, hdr[1], (uintptr_t)hdr, &ehf) ||
      read_enc(&p, hdr[2], (uintptr_t)hdr, &count) || hdr[3] != 0x3b)
    return "unsupported .eh_frame_hdr";
  const int32_t *tab = (const int32_t *)p;
  long lo = 0, hi = (long)count - 1, found = -1;
  while (lo <= hi) {
    long mid = (lo + hi) / 2;
    if ((uintptr_t)hdr + tab[2 * mid] <= pc) found = mid, lo = mid + 1;
    else hi = mid - 1;
  }
  if (found < 0) return "none";
  const uint8_t *fde = hdr + tab[2 * found + 1];
  const uint8_t *q = fde + 8;
  uintptr_t begin, range;
  /* pc_begin pcrel|sdata4, pc_range sdata4: the CIEs' 'R' data (checked
   * by the begin matching the table's). */
  if (read_enc(&q, 0x1b, 0, &begin) || read_enc(&q, 0x0b, 0, &range)) return "bad FDE";
  if (begin != (uintptr_t)hdr + tab[2 * found]) return "FDE encoding not pcrel sdata4";
  return pc < begin + range ? "covered" : "none";
}

static void print_fdes(void) {
  static const char *const names[] = {
#if I386
      /* The kernel builds the i386 time functions without unwind tables
       * (emu's have them: they call __kernel_vsyscall); 6.1 does not
       * export __vdso_getcpu there. */
      "__kernel_vsyscall", "__kernel_sigreturn", "__kernel_rt_sigreturn",
#else
      "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu",
#endif
  };
  printf("PT_GNU_EH_FRAME: %d\n", ph_ehframe != NULL);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    uintptr_t a = vsym(names[i]);
    if (!a) {
      printf("%-22s not exported\n", names[i]);
      continue;
    }
    printf("%-22s entry %s, next byte %s\n", names[i], fde_for(a), fde_for(a + 1));
  }
#if I386
  printf("%-22s byte before: %s\n", "__kernel_sigreturn", fde_for(vsym("__kernel_sigreturn") - 1));
  printf("%-22s byte before: %s\n", "__kernel_rt_sigreturn",
         fde_for(vsym("__kernel_rt_sigreturn") - 1));
#endif
}

/* ---- unwinding from a signal handler ---- */

static int pipefd[2];
static volatile int unwound;

__attribute__((noinline)) static void blocker(void) {
  char c;
  ssize_t r = read(pipefd[0], &c, 1); /* interrupted by SIGALRM */
  __asm__ volatile("" ::"r"(r));
}
__attribute__((noinline)) static void after_blocker(void) { __asm__ volatile(""); }

static _Unwind_Reason_Code walk(struct _Unwind_Context *ctx, void *arg) {
  uintptr_t ip = _Unwind_GetIP(ctx);
  uintptr_t lo = (uintptr_t)arg, hi = (uintptr_t)after_blocker;
  if (hi <= lo) hi = lo + 64;
  if (ip > lo && ip <= hi) unwound = 1;
  return _URC_NO_REASON;
}

static void on_alarm(int sig) {
  (void)sig;
  _Unwind_Backtrace(walk, (void *)blocker);
}

static void unwind_from_handler(void) {
  if (pipe(pipefd)) return;
  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, NULL);
  struct itimerspec its = {{0, 0}, {0, 50 * 1000 * 1000}};
  timer_t tm;
  struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
  timer_create(CLOCK_MONOTONIC, &sev, &tm);
  timer_settime(tm, 0, &its, NULL);
  blocker();
  timer_delete(tm);
  printf("unwind from a handler that interrupted read(): caller found %d\n", unwound);
}

#if I386
/* The kernel's i386 sigaction, without SA_RESTORER: the handler returns
 * through the vDSO's __kernel_rt_sigreturn. */
struct ksigaction {
  void (*handler)(int, siginfo_t *, void *);
  unsigned long flags;
  void (*restorer)(void);
  uint32_t mask[2];
};

static volatile int handled;

__attribute__((noinline)) static void raiser(void) {
  syscall(SYS_kill, getpid(), SIGUSR1);
}
__attribute__((noinline)) static void after_raiser(void) { __asm__ volatile(""); }

static _Unwind_Reason_Code walk_raiser(struct _Unwind_Context *ctx, void *arg) {
  (void)arg;
  uintptr_t ip = _Unwind_GetIP(ctx);
  uintptr_t lo = (uintptr_t)raiser, hi = (uintptr_t)after_raiser;
  if (hi <= lo) hi = lo + 64;
  if (ip > lo && ip <= hi) unwound = 1;
  return _URC_NO_REASON;
}

static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)si, (void)uc;
  handled++;
  _Unwind_Backtrace(walk_raiser, NULL);
}

static long raw_rt_sigaction_no_restorer(void) {
  struct ksigaction k = {.handler = on_usr1, .flags = SA_SIGINFO};
  return syscall(SYS_rt_sigaction, SIGUSR1, &k, NULL, 8);
}

/* mremap(2) made through __kernel_vsyscall at vsys: int $0x80's
 * registers, entered as glibc enters it. */
static long mremap_via(uintptr_t vsys, uintptr_t a, uintptr_t ol, uintptr_t nl, uintptr_t fl,
                       uintptr_t na) {
  uintptr_t blk[7] = {vsys, a, ol, nl, fl, na, SYS_mremap};
  long r;
  __asm__ volatile("push %%ebx\n\tpush %%ebp\n\tmov %%eax, %%ebp\n\t"
                   "mov 4(%%ebp), %%ebx\n\tmov 8(%%ebp), %%ecx\n\tmov 12(%%ebp), %%edx\n\t"
                   "mov 16(%%ebp), %%esi\n\tmov 20(%%ebp), %%edi\n\tmov 24(%%ebp), %%eax\n\t"
                   "call *0(%%ebp)\n\tpop %%ebp\n\tpop %%ebx"
                   : "=a"(r)
                   : "a"(blk)
                   : "ecx", "edx", "esi", "edi", "memory");
  return r;
}
#endif

/* ---- mremap of the vDSO ---- */

static int vdso_range(uintptr_t *s, uintptr_t *e) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  int n = 0;
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "[vdso]")) {
      unsigned long a, b;
      if (sscanf(line, "%lx-%lx", &a, &b) == 2) *s = a, *e = b, n++;
    }
  if (f) fclose(f);
  return n;
}

static void remap(void) {
  uintptr_t s = 0, e = 0;
  if (vdso_range(&s, &e) != 1) {
    printf("no [vdso] line\n");
    return;
  }
  size_t len = e - s;
  errno = 0;
  void *r = mremap((void *)s, len, len + 4096, 0);
  printf("grow in place: %s errno %d\n", r == MAP_FAILED ? "failed" : "grew", errno);
  errno = 0;
  r = mremap((void *)s, len, len + 4096, MREMAP_MAYMOVE);
  printf("grow, may move: %s errno %d\n", r == MAP_FAILED ? "failed" : "moved", errno);
  errno = 0;
  r = mremap((void *)s, len, len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
  printf("dontunmap: %s errno %d\n", r == MAP_FAILED ? "failed" : "moved", errno);

  void *to = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#if I386
  uintptr_t vsys_old = getauxval(AT_SYSINFO), delta = (uintptr_t)to - s;
  /* Through the old __kernel_vsyscall: the return lands in the new copy. */
  long rr = mremap_via(vsys_old, s, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (uintptr_t)to);
  /* glibc enters the kernel through the TCB's sysinfo word. */
  uintptr_t vsys_new = vsys_old + delta;
  __asm__ volatile("movl %0, %%gs:0x10" ::"r"(vsys_new));
  printf("move through the old __kernel_vsyscall: %s\n",
         rr == (long)(uintptr_t)to ? "returned to the new copy" : "failed");
#else
  uintptr_t getcpu_old = vsym("__vdso_getcpu"), delta = (uintptr_t)to - s;
  void *rr = mremap((void *)s, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
  printf("move: %s\n", rr == to ? "moved" : "failed");
#endif
  uintptr_t s2 = 0, e2 = 0;
  int lines = vdso_range(&s2, &e2);
  printf("[vdso] line follows: %d\n", lines == 1 && s2 == (uintptr_t)to && e2 - s2 == len);
  printf("old range unmapped: %d\n", msync((void *)s, len, MS_ASYNC) == -1 && errno == ENOMEM);
#if I386
  /* System calls through the new __kernel_vsyscall return to it. */
  printf("getpid through the new copy: %d\n", getpid() == (pid_t)syscall(SYS_getpid));
  unwound = 0;
  handled = 0;
  raw_rt_sigaction_no_restorer();
  raiser();
  printf("handler without SA_RESTORER, moved vDSO: handled %d, caller found %d\n", handled,
         unwound);
#else
  /* getcpu reads no [vvar] data (which stayed where it was). */
  long (*vgetcpu)(unsigned *, unsigned *, void *) =
      (long (*)(unsigned *, unsigned *, void *))(getcpu_old + delta);
  unsigned cpu = ~0u, node = ~0u;
  long g = vgetcpu(&cpu, &node, NULL);
  printf("moved __vdso_getcpu: ret %ld cpu<1024 %d\n", g, cpu < 1024);
#endif
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  load_vdso();
  print_fdes();
  unwind_from_handler();
#if I386
  unwound = 0;
  raw_rt_sigaction_no_restorer();
  raiser();
  printf("handler without SA_RESTORER: handled %d, caller found %d\n", handled, unwound);
#endif
  remap();
  return 0;
}
