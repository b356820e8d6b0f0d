/* mem_remap.c — mremap(2) on the guest address space.  Mirrors linux
 * mm/mremap.c (SYSCALL_DEFINE5(mremap), mremap_to, vma_to_resize, move_vma).
 *
 * A move is one host mremap(MREMAP_FIXED) of base+old to base+new, which
 * keeps the pages (and the file or shmem object behind them); the old range
 * then goes back to the reservation.  When the host refuses (a guest vma the
 * host keeps as two vmas), private anonymous memory is copied instead.
 */
#define _GNU_SOURCE
#include "mem_internal.h"

#include <string.h>
#include <sys/mman.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static bool vma_private_anon(const struct vma *v) {
  return (v->flags & MAP_ANONYMOUS) && !(v->flags & MAP_SHARED);
}

/* vma_to_resize(): the vma holding [addr, addr+old_len), or an error;
 * growing it must fit RLIMIT_AS (and RLIMIT_DATA), may_expand_vm(). */
static long to_resize(struct mm *mm, u64 addr, u64 old_len, u64 new_len, int *index) {
  int i = mm_lower(mm, addr);
  if (i >= mm->nvmas || mm->vmas[i].start > addr) return -EFAULT;
  const struct vma *v = &mm->vmas[i];
  if (!old_len && !(v->flags & MAP_SHARED)) return -EINVAL;
  if (old_len > v->end - addr) return -EFAULT;
  if (new_len > old_len && !mm_may_expand(mm, mm_is_data(v->prot, v->flags), new_len - old_len))
    return -ENOMEM;
  *index = i;
  return 0;
}

/* Host side of a move: [addr, addr+old_len) to [to, to+new_len). */
static long host_move(struct mm *mm, const struct vma *v, u64 addr, u64 old_len, u64 new_len,
                      u64 to, int flags) {
  int mflags = MREMAP_MAYMOVE | MREMAP_FIXED | (flags & MREMAP_DONTUNMAP);
  void *p = mremap(mm->base + addr, old_len, new_len, mflags, mm->base + to);
  if (p != MAP_FAILED) {
    /* The old range is a hole in the host now: if it cannot be reserved
     * again the vma list still forgets it (the pages are gone either way). */
    if (!(flags & MREMAP_DONTUNMAP)) (void)mm_host_release(mm, addr, addr + old_len);
    return 0;
  }
  if (!vma_private_anon(v)) return -ENOMEM;
  /* Copy private anonymous memory the host would not move in one piece. */
  p = mmap(mm->base + to, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
           -1, 0);
  if (p == MAP_FAILED) return -ENOMEM;
  if (mprotect(mm->base + addr, old_len, PROT_READ) == 0)
    memcpy(mm->base + to, mm->base + addr, old_len < new_len ? old_len : new_len);
  mprotect(mm->base + to, new_len, mm_host_prot(v->prot));
  if (flags & MREMAP_DONTUNMAP) {
    mmap(mm->base + addr, old_len, mm_host_prot(v->prot), MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
         -1, 0);
  } else {
    (void)mm_host_release(mm, addr, addr + old_len);
  }
  return 0;
}

/* move_vma(): the pages and the vma move; the old range is unmapped (or,
 * with MREMAP_DONTUNMAP, stays mapped and empty). */
static long move_vma(struct mm *mm, int i, u64 addr, u64 old_len, u64 new_len, u64 to, int flags) {
  /* "Ensure there is room for the vma splits" (move_vma()), and the host's. */
  if (mm->nvmas >= mm->max_map_count - 3 || !mm_host_room(mm, 4)) return -ENOMEM;
  struct vma v = mm->vmas[i];
  if (v.flags & MAP_SHARED || !(v.flags & MAP_ANONYMOUS)) v.offset += addr - v.start;
  v.start = to;
  v.end = to + new_len;
  long err = host_move(mm, &mm->vmas[i], addr, old_len, new_len, to, flags);
  if (err) return err;
  bool exec = mm_forget(mm, to, to + new_len);
  if (!(flags & MREMAP_DONTUNMAP)) exec |= mm_forget(mm, addr, addr + old_len);
  if (!mm_record(mm, &v)) return -ENOMEM;
  if (exec || (v.prot & MM_EXEC)) mm->code_gen++;
  return (long)to;
}

/* Grow the vma at i (which ends at addr+old_len) in place by delta. */
static bool expand_in_place(struct mm *mm, int i, u64 delta) {
  struct vma *v = &mm->vmas[i];
  u64 end = v->end;
  if (end + delta < end || end + delta > mm_task_size(mm)) return false;
  if (!mm_range_free(mm, end, end + delta) || !mm_host_room(mm, 2)) return false;
  if (vma_private_anon(v)) {
    void *p = mmap(mm->base + end, delta, mm_host_prot(v->prot),
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
      (void)mm_host_release(mm, end, end + delta);
      return false;
    }
  } else {
    /* The file or shmem object is only reachable through the mapping:
     * open a hole in the reservation and let the host grow it. */
    if (!mm->lazy && munmap(mm->base + end, delta) < 0) return false;
    void *p = mremap(mm->base + v->start, end - v->start, end + delta - v->start, 0);
    if (p == MAP_FAILED) {
      (void)mm_host_release(mm, end, end + delta);
      return false;
    }
  }
  mm_vma_set(mm, i, v->start, end + delta, v->prot);
  if (v->prot & MM_EXEC) mm->code_gen++;
  mm_merge_around(mm, i);
  return true;
}

static long mm_remap_locked(struct mm *mm, u64 addr, u64 old_len, u64 new_len, int flags, u64 new_addr) {
  if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) return -EINVAL;
  if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
    return -EINVAL;
  if (addr & ~PAGE_MASK) return -EINVAL;
  old_len = PAGE_UP(old_len);
  new_len = PAGE_UP(new_len);
  if (!new_len) return -EINVAL;
  u64 tsz = mm_task_size(mm);
  int i;
  long err;

  if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) { /* mremap_to() */
    if (flags & MREMAP_FIXED) {
      if (new_addr & ~PAGE_MASK) return -EINVAL;
      if (new_len > tsz || new_addr > tsz - new_len) return -EINVAL;
      if (addr + old_len > new_addr && new_addr + new_len > addr) return -EINVAL;
      if ((err = mm_unmap(mm, new_addr, new_len)) < 0) return err;
    }
    if (old_len > new_len) {
      if ((err = mm_unmap(mm, addr + new_len, old_len - new_len)) < 0) return err;
      old_len = new_len;
    }
    if ((err = to_resize(mm, addr, old_len, new_len, &i)) < 0) return err;
    if (!(flags & MREMAP_FIXED)) {
      new_addr = mm_find_area(mm, new_addr, new_len, 0);
      if (!new_addr) return -ENOMEM;
    }
    return move_vma(mm, i, addr, old_len, new_len, new_addr, flags);
  }

  if (old_len >= new_len) { /* shrink (or same size) */
    if (old_len > new_len && (err = mm_unmap(mm, addr + new_len, old_len - new_len)) < 0)
      return err;
    return (long)addr;
  }
  if ((err = to_resize(mm, addr, old_len, new_len, &i)) < 0) return err;
  if (old_len == mm->vmas[i].end - addr && expand_in_place(mm, i, new_len - old_len))
    return (long)addr;
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  u64 to = mm_find_area(mm, 0, new_len, 0);
  if (!to) return -ENOMEM;
  return move_vma(mm, i, addr, old_len, new_len, to, flags);
}

/* ---- the public entry points take the mm lock (see mem.h) ---- */

long mm_remap(struct mm *mm, u64 addr, u64 old_len, u64 new_len, int flags, u64 new_addr) {
  mm_lock(mm);
  long r = mm_remap_locked(mm, addr, old_len, new_len, flags, new_addr);
  mm_unlock(mm);
  return r;
}
