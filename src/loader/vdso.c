/* vdso.c — map the vDSO into a new guest, as linux arch/x86/entry/vdso/vma.c
 * does: one read-execute mapping named [vdso] holding the image linked at
 * build time from src/vdso (file offset = address), with its emu_vdso_fast
 * word set unless --vdso=syscall (the time functions then answer in user
 * space, src/kernel/vdso_time.c). */
#include <string.h>
#include <sys/mman.h>

#include "loader.h"
#include "../mem/mem.h"
#include "vdso32_image.h"
#include "vdso64_image.h"

static bool vdso_syscall;

void ldr_set_vdso_syscall(bool on) { vdso_syscall = on; }

bool ldr_vdso_syscall(void) { return vdso_syscall; }

int ldr_map_vdso(struct mm *mm, struct ldr_image *img) {
  const unsigned char *image = img->bits == 32 ? vdso32_image : vdso64_image;
  size_t size = img->bits == 32 ? sizeof vdso32_image : sizeof vdso64_image;
  u64 len = PAGE_UP(size);
  long base = mm_map(mm, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
                     "[vdso]");
  if (base < 0) return (int)base;
  u64 flag = img->bits == 32 ? vdso32_sym_emu_vdso_fast : vdso64_sym_emu_vdso_fast;
  const u32 fast = !vdso_syscall;
  if (copy_to_user(mm, (u64)base, image, size) || copy_to_user(mm, (u64)base + flag, &fast, 4) ||
      mm_protect(mm, (u64)base, len, PROT_READ | PROT_EXEC) < 0)
    return -EFAULT;
  img->vdso = (u64)base;
  img->vdso_service =
      (u64)base + (img->bits == 32 ? vdso32_sym_emu_vdso_service : vdso64_sym_emu_vdso_service);
  if (img->bits == 32) {
    img->vdso_entry = (u64)base + vdso32_sym___kernel_vsyscall;
    img->vdso_landing = (u64)base + vdso32_sym_int80_landing_pad;
    img->vdso_sigreturn = (u64)base + vdso32_sym___kernel_sigreturn;
    img->vdso_rt_sigreturn = (u64)base + vdso32_sym___kernel_rt_sigreturn;
  }
  return 0;
}
