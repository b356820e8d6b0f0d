/* stack.c — the initial process stack.  Mirrors linux fs/exec.c (the
 * argument strings copied below STACK_TOP by copy_strings) and
 * fs/binfmt_elf.c create_elf_tables(), without randomisation:
 *
 *   stack_top ->  8 zero bytes              (bprm->p = vm_end - sizeof(void *))
 *                 execfn string             (copy_string_kernel(bprm->filename))
 *                 envp strings, argv strings (argv[0] lowest)
 *                 -- align 16 --            (arch_align_stack)
 *                 platform string           ("x86_64" / "i686")
 *                 16 random bytes           (AT_RANDOM)
 *                 -- padding to 16 --       (STACK_ROUND)
 *                 auxv pairs .. AT_NULL
 *                 NULL, envp[], NULL, argv[]
 *   sp ->         argc                      (16-byte aligned)
 *
 * Words are 8 bytes for an x86-64 program and 4 for an i386 one.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "../mem/mem.h"
#include "loader.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* fs/exec.c bprm_stack_limits(): the strings get at most 3/4 of _STK_LIM
 * (execve checks the program's own RLIMIT_STACK share before emu re-runs
 * itself, sys_exec.c); the mapping holds them and RLIMIT_STACK's default. */
#define LDR_ARG_MAX    (6ull << 20)
#define LDR_STACK_SIZE ((8ull << 20) + LDR_ARG_MAX)

/* Copy a string below *p; returns its guest address or 0 when it does not fit. */
static u64 push_string(struct mm *mm, u64 *p, u64 floor, const char *s) {
  size_t len = strlen(s) + 1;
  if (*p - floor < len) return 0;
  *p -= len;
  if (copy_to_user(mm, *p, s, len) < 0) return 0;
  return *p;
}

static void random_bytes(u8 out[16]) {
  size_t got = 0;
  while (got < 16) {
    ssize_t n = getrandom(out + got, 16 - got, 0);
    if (n <= 0) break;
    got += (size_t)n;
  }
  for (; got < 16; got++) out[got] = (u8)rand();
}

int ldr_build_stack(struct mm *mm, struct ldr_image *img, int argc, char *const argv[],
                    char *const envp[], const char *execfn) {
  const int word = img->bits == 32 ? 4 : 8;
  int envc = 0;
  while (envp && envp[envc]) envc++;
  if (argc < 0) return -EINVAL;

  u64 top = mm->stack_top, bottom = top - LDR_STACK_SIZE;
  long r = mm_map(mm, bottom, LDR_STACK_SIZE, MM_READ | MM_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0, "[stack]");
  if (r < 0) return (int)r;

  u64 *uargv = calloc((size_t)argc + 1, sizeof *uargv);
  u64 *uenvp = calloc((size_t)envc + 1, sizeof *uenvp);
  int ret = -ENOMEM;
  if (!uargv || !uenvp) goto out;

  /* fs/exec.c: filename, then envp and argv, each copied last to first. */
  ret = -E2BIG;
  u64 p = top - sizeof(u64), floor = top - LDR_ARG_MAX;
  u64 u_execfn = push_string(mm, &p, floor, execfn ? execfn : (argc ? argv[0] : ""));
  if (!u_execfn) goto out;
  for (int i = envc - 1; i >= 0; i--)
    if (!(uenvp[i] = push_string(mm, &p, floor, envp[i]))) goto out;
  for (int i = argc - 1; i >= 0; i--)
    if (!(uargv[i] = push_string(mm, &p, floor, argv[i]))) goto out;

  /* create_elf_tables() */
  p &= ~15ull; /* arch_align_stack() */
  u64 u_platform = push_string(mm, &p, floor, img->bits == 32 ? "i686" : "x86_64");
  if (!u_platform) goto out;
  u8 rnd[16];
  random_bytes(rnd);
  p -= sizeof rnd;
  if (copy_to_user(mm, p, rnd, sizeof rnd) < 0) goto out;
  u64 u_rand = p;

  u64 aux[32][2];
  int naux = 0;
#define AUX(k, v) (aux[naux][0] = (k), aux[naux][1] = (v), naux++)
  /* ARCH_DLINFO (ARCH_DLINFO_IA32 for 32-bit guests) */
  if (img->vdso && img->bits == 32) AUX(AT_SYSINFO, img->vdso_entry);
  if (img->vdso) AUX(AT_SYSINFO_EHDR, img->vdso);
  AUX(AT_MINSIGSTKSZ, img->minsigstksz ? img->minsigstksz : 2048);
  AUX(AT_HWCAP, img->hwcap);
  AUX(AT_PAGESZ, PAGE_SIZE);
  AUX(AT_CLKTCK, 100); /* CLOCKS_PER_SEC as the kernel reports it */
  AUX(AT_PHDR, img->phdr);
  AUX(AT_PHENT, img->phent);
  AUX(AT_PHNUM, img->phnum);
  AUX(AT_BASE, img->interp_base);
  AUX(AT_FLAGS, 0);
  AUX(AT_ENTRY, img->prog_entry);
  AUX(AT_UID, getuid());
  AUX(AT_EUID, geteuid());
  AUX(AT_GID, getgid());
  AUX(AT_EGID, getegid());
  AUX(AT_SECURE, 0);
  AUX(AT_RANDOM, u_rand);
  AUX(AT_HWCAP2, img->hwcap2);
  AUX(AT_EXECFN, u_execfn);
  AUX(AT_PLATFORM, u_platform);
  AUX(AT_NULL, 0);
#undef AUX
  _Static_assert(ARRAY_SIZE(aux) * 2 <= ARRAY_SIZE(img->auxv), "auxv fits ldr_image");

  u64 items = (u64)(argc + 1) + (u64)(envc + 1) + 1;
  u64 sp = (p - (u64)naux * 2 * word - items * word) & ~15ull; /* STACK_ROUND */
  if (sp < bottom + PAGE_SIZE) goto out;

  /* Write argc, argv, envp, auxv upward from sp. */
  size_t nwords = items + (size_t)naux * 2, k = 0;
  u8 *buf = calloc(nwords, (size_t)word);
  ret = -ENOMEM;
  if (!buf) goto out;
#define PUT(v)                     \
  do {                             \
    u64 v_ = (v);                  \
    if (word == 8) {               \
      memcpy(buf + k * 8, &v_, 8); \
    } else {                       \
      u32 w_ = (u32)v_;            \
      memcpy(buf + k * 4, &w_, 4); \
    }                              \
    k++;                           \
  } while (0)
  PUT((u64)argc);
  for (int i = 0; i < argc; i++) PUT(uargv[i]);
  PUT(0);
  for (int i = 0; i < envc; i++) PUT(uenvp[i]);
  PUT(0);
  for (int i = 0; i < naux; i++) {
    PUT(aux[i][0]);
    PUT(aux[i][1]);
    img->auxv[2 * i] = aux[i][0];
    img->auxv[2 * i + 1] = word == 4 ? (u32)aux[i][1] : aux[i][1];
  }
#undef PUT
  ret = copy_to_user(mm, sp, buf, nwords * word);
  free(buf);
  if (ret < 0) goto out;
  img->nauxv = naux;
  img->sp = sp;
  ret = 0;
out:
  free(uargv);
  free(uenvp);
  return ret;
}
