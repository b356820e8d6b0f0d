/* sys_mm.c — the memory system calls: mmap, munmap, mprotect, mremap, brk,
 * madvise, msync, mlock family, mincore; and i386's old_mmap and mmap_pgoff
 * (mmap2) for the i386 table.  Mirrors linux mm/mmap.c, mm/mprotect.c,
 * mm/mremap.c, mm/madvise.c, mm/msync.c, mm/mlock.c, mm/mincore.c and
 * arch/x86/kernel/sys_x86_64.c; the address-space work itself is in src/mem.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>

#include "syscall.h"

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* arch/x86/kernel/sys_x86_64.c: the offset is in bytes and page aligned. */
SYS_DEFINE6(mmap, u64, addr, u64, len, u64, prot, u64, flags, u64, fd, u64, off) {
  if (off & ~PAGE_MASK) return -EINVAL;
  return mm_map(MM(t), addr, len, (int)prot, (int)flags, (int)(u32)fd, off, "");
}

/* i386 mmap2: the offset is in 4096-byte units. */
SYS_DEFINE6(mmap_pgoff, u64, addr, u64, len, u64, prot, u64, flags, u64, fd, u64, pgoff) {
  return mm_map(MM(t), addr, len, (int)prot, (int)flags, (int)(u32)fd, pgoff << 12, "");
}

/* i386 mmap (#90): one pointer to six 32-bit words. */
SYS_DEFINE1(old_mmap, u64, uarg) {
  u32 a[6]; /* addr, len, prot, flags, fd, offset */
  if (copy_from_user(MM(t), a, uarg, sizeof a) < 0) return -EFAULT;
  if (a[5] & ~PAGE_MASK) return -EINVAL;
  return mm_map(MM(t), a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5], "");
}

SYS_DEFINE2(munmap, u64, addr, u64, len) { return mm_unmap(MM(t), addr, len); }

SYS_DEFINE3(mprotect, u64, addr, u64, len, u64, prot) {
  if (prot >> 32) return -EINVAL;
  return mm_protect(MM(t), addr, len, (int)prot);
}

/* The vDSO is a special mapping (mm/mmap.c special_mapping_vmops): mremap
 * cannot grow it (VM_DONTEXPAND: -EFAULT), split it or leave it behind
 * with MREMAP_DONTUNMAP (-EINVAL).  0 where the request may go on. */
static long vdso_remap_ok(u64 vdso, u64 vend, u64 addr, u64 old_len, u64 new_len, u64 flags) {
  if (addr < vdso || addr >= vend || (addr & ~PAGE_MASK) || !new_len) return 0;
  if (flags & MREMAP_DONTUNMAP) return -EINVAL;
  old_len = PAGE_UP(old_len);
  new_len = PAGE_UP(new_len);
  if (new_len > old_len) return -EFAULT;
  if (addr != vdso || addr + old_len != vend) return -EINVAL;
  return 0;
}

/* arch/x86/entry/vdso/vma.c vdso_mremap(): the process follows its vDSO,
 * so sysenter returns, and i386 handlers without SA_RESTORER return, into
 * the new copy; vdso_fix_landing(): a system call that entered through
 * the old landing pad (this mremap, made through __kernel_vsyscall)
 * returns to the new one. */
static void vdso_moved(struct task *t, u64 to) {
  struct proc *p = t->proc;
  u64 delta = to - p->vdso;
  p->vdso = to;
  if (!p->vdso_landing) return;
  if (t->abi == ABI_I386 && t->regs && t->regs->ip == p->vdso_landing) t->regs->ip += delta;
  p->vdso_landing += delta;
  p->sig.vdso_sigreturn += delta;
  p->sig.vdso_rt_sigreturn += delta;
}

SYS_DEFINE5(mremap, u64, addr, u64, old_len, u64, new_len, u64, flags, u64, new_addr) {
  if (flags >> 32) return -EINVAL;
  struct mm *mm = MM(t);
  mm_lock(mm);
  u64 vdso = t->proc->vdso;
  const struct vma *v = vdso ? mm_find(mm, vdso) : NULL;
  u64 vend = v && v->start == vdso && !strcmp(v->name, "[vdso]") ? v->end : 0;
  long r = vend ? vdso_remap_ok(vdso, vend, addr, old_len, new_len, flags) : 0;
  if (!r) r = mm_remap(mm, addr, old_len, new_len, (int)flags, new_addr);
  if (vend && addr == vdso && r >= 0 && (u64)r != vdso) vdso_moved(t, (u64)r);
  mm_unlock(mm);
  return r;
}

SYS_DEFINE1(brk, u64, brk) { return (long)mm_brk(MM(t), brk); }

/* Apply fn to each mapped piece of [start, end); a hole makes the result
 * -ENOMEM (after the pieces around it are done), as madvise and msync do. */
static long for_each_piece(struct mm *mm, u64 start, u64 end,
                           long (*fn)(struct mm *, u64, u64, const struct vma *, int), int arg) {
  long hole = 0;
  u64 at = start;
  while (at < end) {
    const struct vma *v = mm_find(mm, at);
    if (!v) {
      hole = -ENOMEM;
      /* skip to the next vma */
      const struct vma *n = NULL;
      for (int i = 0; i < mm->nvmas; i++)
        if (mm->vmas[i].start > at) {
          n = &mm->vmas[i];
          break;
        }
      if (!n || n->start >= end) break;
      at = n->start;
      continue;
    }
    u64 e = v->end < end ? v->end : end;
    long r = fn(mm, at, e, v, arg);
    if (r < 0) return r;
    at = e;
  }
  return hole;
}

static long madvise_piece(struct mm *mm, u64 s, u64 e, const struct vma *v, int advice) {
  if (madvise(mm->base + s, e - s, advice) < 0) return -errno;
  if ((v->prot & MM_EXEC) &&
      (advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE))
    mm->code_gen++;
  return 0;
}

/* mm/madvise.c do_madvise(): the host gives each advice its own meaning on
 * the guest's pages (MADV_DONTNEED zeroes private anonymous memory,
 * MADV_WIPEONFORK applies to emu's fork, ...); emu keeps the checks and the
 * ENOMEM for unmapped parts. */
SYS_DEFINE3(madvise, u64, start, u64, len_in, u64, advice) {
  struct mm *mm = MM(t);
  if (advice >> 31) return -EINVAL;
  /* madvise_behavior_valid(): ask the host with an empty range */
  if (madvise(mm->base, 0, (int)advice) < 0 && errno == EINVAL) return -EINVAL;
  if (start & ~PAGE_MASK) return -EINVAL;
  u64 len = PAGE_UP(len_in);
  if (len_in && !len) return -EINVAL;
  u64 end = start + len;
  if (end < start) return -EINVAL;
  if (end == start) return 0;
  return for_each_piece(mm, start, end, madvise_piece, (int)advice);
}

static long msync_piece(struct mm *mm, u64 s, u64 e, const struct vma *v, int flags) {
  if (msync(mm->base + s, e - s, flags) < 0) return -errno;
  return 0;
}

SYS_DEFINE3(msync, u64, start, u64, len, u64, flags) {
  if (flags & ~(u64)(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -EINVAL;
  if (start & ~PAGE_MASK) return -EINVAL;
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) return -EINVAL;
  len = PAGE_UP(len);
  u64 end = start + len;
  if (end < start) return -ENOMEM;
  if (end == start) return 0;
  return for_each_piece(MM(t), start, end, msync_piece, (int)flags);
}

/* mm/mlock.c: emu accepts locks (it cannot pin guest pages for the guest)
 * but checks the range as apply_vma_lock_flags() does. */
static long lock_range(struct task *t, u64 start, u64 len) {
  len = PAGE_UP(len + (start & ~PAGE_MASK));
  start &= PAGE_MASK;
  u64 end = start + len;
  if (end < start) return -EINVAL;
  if (end == start) return 0;
  return mm_access_ok(MM(t), start, len, 0) ? 0 : -ENOMEM;
}

SYS_DEFINE2(mlock, u64, start, u64, len) { return lock_range(t, start, len); }
SYS_DEFINE3(mlock2, u64, start, u64, len, u64, flags) {
  if (flags & ~(u64)MLOCK_ONFAULT) return -EINVAL;
  return lock_range(t, start, len);
}
SYS_DEFINE2(munlock, u64, start, u64, len) { return lock_range(t, start, len); }
SYS_DEFINE1(mlockall, u64, flags) {
  if (!flags || (flags & ~(u64)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
    return -EINVAL;
  return 0;
}
SYS_DEFINE0(munlockall) { return 0; }

/* mm/mincore.c: residency of each page, from the host's view of the same
 * pages; -ENOMEM at the first unmapped page. */
SYS_DEFINE3(mincore, u64, start, u64, len, u64, uvec) {
  struct mm *mm = MM(t);
  if (start & ~PAGE_MASK) return -EINVAL;
  if (start + len < start || start + len > mm->limit) return -ENOMEM;
  u64 pages = (len >> 12) + ((len & ~PAGE_MASK) != 0);
  if (uvec + pages < uvec || uvec + pages > mm->limit) return -EFAULT;
  unsigned char buf[512];
  while (pages) {
    const struct vma *v = mm_find(mm, start);
    if (!v) return -ENOMEM;
    u64 n = (v->end - start) >> 12;
    if (n > pages) n = pages;
    if (n > sizeof buf) n = sizeof buf;
    if (mincore(mm->base + start, n << 12, buf) < 0) return -errno;
    if (copy_to_user(mm, uvec, buf, n) < 0) return -EFAULT;
    start += n << 12;
    uvec += n;
    pages -= n;
  }
  return 0;
}
