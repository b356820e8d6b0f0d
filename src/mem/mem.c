/* mem.c — the guest address space: one host reservation, guest mappings as
 * host mmaps inside it, and the sorted vma list that /proc/self/maps shows.
 *
 * Mirrors linux mm/mmap.c (do_mmap, get_unmapped_area, do_vmi_munmap, brk),
 * mm/mprotect.c (do_mprotect_pkey) and fs/proc/task_mmu.c (show_map_vma).
 * mremap lives in mem_remap.c.
 *
 * Host protection of a guest page: the guest's, with PROT_READ added when the
 * guest asks for PROT_WRITE or PROT_EXEC (x86 pages are always readable when
 * present), and without PROT_EXEC (emu interprets guest code, it never runs
 * it).  Unmapped guest pages are PROT_NONE|MAP_NORESERVE anonymous memory:
 * the reservation is never given back to the host while the mm lives.
 *
 * Not thread safe: the process layer must serialise calls that change an mm
 * shared by several guest threads.
 */
#define _GNU_SOURCE
#include "mem_internal.h"

#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* ---- Layout ---------------------------------------------------------------
 *
 *   x86-64 guest                          i386 guest (compat task)
 *   0x1ffffffff000  stack_top (= limit-4K) 0xffffe000  stack_top = TASK_SIZE
 *   stack_top-8M    [stack]                 0xff7fe000  [stack]
 *   stack_top-128M  mmap_base, mmaps grow down      0xf7ffe000 mmap_base
 *   0x155555554000  static-PIE load bias    0x56555000  static-PIE load bias
 *   0x400000        ET_EXEC, then [heap]    0x8048000   ET_EXEC, then [heap]
 *
 * as Linux lays out a process without randomisation (setarch -R): the stack
 * at STACK_TOP, mmap_base 128 MiB (the minimum gap) below it.
 */
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif
#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif

#define MM_STACK_GAP (128ull << 20)
#define MM_TASK32    0xffffe000ull /* IA32_PAGE_OFFSET - PAGE_SIZE */

u64 mm_task_size(const struct mm *mm) { return mm->bits == 32 ? MM_TASK32 : mm->limit; }

static u64 mm_min_addr(void) {
  static u64 min_addr;
  if (!min_addr) {
    u64 v = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
      unsigned long long x;
      if (fscanf(f, "%llu", &x) == 1) v = x;
      fclose(f);
    }
    min_addr = PAGE_UP(v ? v : PAGE_SIZE);
  }
  return min_addr;
}

struct mm *mm_new(int bits) {
  if (bits != 32 && bits != 64) return NULL;
  struct mm *mm = calloc(1, sizeof *mm);
  if (!mm) return NULL;
  mm->bits = bits;
  mm->limit = bits == 32 ? MM_WINDOW32 : MM_WINDOW64;
  void *p = mmap(NULL, mm->limit + MM_GUARD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) {
    free(mm);
    return NULL;
  }
  mm->base = p;
  /* The vma array never moves, so the fault handler may read it without the
   * lock; its capacity is Linux's default vm.max_map_count. */
  mm->cap = MM_MAX_MAP_COUNT;
  void *v = mmap(NULL, (size_t)mm->cap * sizeof(struct vma), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (v == MAP_FAILED) {
    munmap(p, mm->limit + MM_GUARD);
    free(mm);
    return NULL;
  }
  mm->vmas = v;
  mm_after_fork_child(mm); /* initialises the lock */
  mm->stack_top = bits == 32 ? MM_TASK32 : mm->limit - PAGE_SIZE;
  mm->mmap_base = mm->stack_top - MM_STACK_GAP;
  return mm;
}

void mm_free(struct mm *mm) {
  if (!mm) return;
  munmap(mm->base, mm->limit + MM_GUARD);
  munmap(mm->vmas, (size_t)mm->cap * sizeof(struct vma));
  pthread_mutex_destroy(&mm->lock);
  free(mm);
}

void mm_lock(const struct mm *mm) { pthread_mutex_lock((pthread_mutex_t *)&mm->lock); }
void mm_unlock(const struct mm *mm) { pthread_mutex_unlock((pthread_mutex_t *)&mm->lock); }

void mm_after_fork_child(struct mm *mm) {
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mm->lock, &ma);
  pthread_mutexattr_destroy(&ma);
}

/* ---- The vma array -------------------------------------------------------- */

/* Index of the first vma with end > addr (nvmas if none). */
int mm_lower(const struct mm *mm, u64 addr) {
  int lo = 0, hi = mm->nvmas;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (mm->vmas[mid].end > addr)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

const struct vma *mm_find(const struct mm *mm, u64 addr) {
  int i = mm_lower(mm, addr);
  if (i < mm->nvmas && mm->vmas[i].start <= addr) return &mm->vmas[i];
  return NULL;
}

/* x86 without protection keys: a present page is readable. */
static int eff_prot(int prot) { return prot & (MM_WRITE | MM_EXEC) ? prot | MM_READ : prot; }

int mm_host_prot(int prot) { return eff_prot(prot & (MM_READ | MM_WRITE | MM_EXEC)) & ~PROT_EXEC; }

static bool mm_access_ok_locked(const struct mm *mm, u64 addr, u64 len, int prot) {
  if (len == 0) return true;
  u64 end = addr + len;
  if (end < addr || end > mm->limit) return false;
  int i = mm_lower(mm, addr);
  while (addr < end) {
    if (i >= mm->nvmas) return false;
    const struct vma *v = &mm->vmas[i];
    if (v->start > addr) return false;
    if ((eff_prot(v->prot) & prot) != prot) return false;
    addr = v->end;
    i++;
  }
  return true;
}

static bool vma_insert_at(struct mm *mm, int i, const struct vma *v) {
  if (mm->nvmas == mm->cap) return false; /* ENOMEM, as past vm.max_map_count */
  memmove(&mm->vmas[i + 1], &mm->vmas[i], (size_t)(mm->nvmas - i) * sizeof *v);
  mm->vmas[i] = *v;
  mm->nvmas++;
  return true;
}

static void vma_delete(struct mm *mm, int i, int count) {
  if (!count) return;
  memmove(&mm->vmas[i], &mm->vmas[i + count], (size_t)(mm->nvmas - i - count) * sizeof(struct vma));
  mm->nvmas -= count;
}

/* Split the vma at index i at address at (strictly inside it). */
static bool vma_split(struct mm *mm, int i, u64 at) {
  struct vma hi = mm->vmas[i];
  if (!(hi.flags & MAP_ANONYMOUS) || (hi.flags & MAP_SHARED)) hi.offset += at - hi.start;
  hi.start = at;
  if (!vma_insert_at(mm, i + 1, &hi)) return false;
  mm->vmas[i].end = at;
  return true;
}

/* Make start and end vma boundaries (where a vma straddles them).  Returns
 * false only when out of memory. */
bool mm_split_at(struct mm *mm, u64 start, u64 end) {
  int i = mm_lower(mm, start);
  if (i < mm->nvmas && mm->vmas[i].start < start && !vma_split(mm, i, start)) return false;
  i = mm_lower(mm, end);
  if (i < mm->nvmas && mm->vmas[i].start < end && !vma_split(mm, i, end)) return false;
  return true;
}

/* Forget the vmas in [start, end) (bookkeeping only).  Returns true when an
 * executable one was among them. */
bool mm_forget(struct mm *mm, u64 start, u64 end) {
  if (!mm_split_at(mm, start, end)) {
    /* Out of memory while splitting: drop whole vmas instead (rare). */
  }
  int i = mm_lower(mm, start), j = i;
  bool exec = false;
  while (j < mm->nvmas && mm->vmas[j].end <= end && mm->vmas[j].start >= start) {
    exec |= (mm->vmas[j].prot & MM_EXEC) != 0;
    j++;
  }
  vma_delete(mm, i, j - i);
  return exec;
}

static bool vma_mergeable(const struct vma *a, const struct vma *b) {
  if (a->end != b->start || a->prot != b->prot || a->flags != b->flags) return false;
  if (a->dev != b->dev || a->ino != b->ino || strcmp(a->name, b->name)) return false;
  if (a->flags & MAP_ANONYMOUS) return !(a->flags & MAP_SHARED); /* each shmem object is its own */
  return b->offset == a->offset + (a->end - a->start);
}

/* Merge the vma at i with its neighbours where Linux's vma_merge would. */
void mm_merge_around(struct mm *mm, int i) {
  if (i + 1 < mm->nvmas && vma_mergeable(&mm->vmas[i], &mm->vmas[i + 1])) {
    mm->vmas[i].end = mm->vmas[i + 1].end;
    vma_delete(mm, i + 1, 1);
  }
  if (i > 0 && vma_mergeable(&mm->vmas[i - 1], &mm->vmas[i])) {
    mm->vmas[i - 1].end = mm->vmas[i].end;
    vma_delete(mm, i, 1);
  }
}

/* Record v (whose range is free in the list) and merge it. */
bool mm_record(struct mm *mm, const struct vma *v) {
  int i = mm_lower(mm, v->start);
  if (!vma_insert_at(mm, i, v)) return false;
  mm_merge_around(mm, i);
  return true;
}

/* Give [start, end) back to the reservation in the host. */
void mm_host_release(struct mm *mm, u64 start, u64 end) {
  if (end <= start) return;
  void *p = mmap(mm->base + start, end - start, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  (void)ALWAYS(p != MAP_FAILED);
}

bool mm_range_free(const struct mm *mm, u64 start, u64 end) {
  int i = mm_lower(mm, start);
  return i >= mm->nvmas || mm->vmas[i].start >= end;
}

/* ---- Finding room: mm/mmap.c unmapped_area_topdown() ---------------------- */

/* The highest a in [lo, hi - len] with [a, a+len) free, or 0. */
static u64 gap_topdown(const struct mm *mm, u64 lo, u64 hi, u64 len) {
  if (hi < lo || hi - lo < len) return 0;
  for (int i = mm_lower(mm, hi - 1); i >= 0; i--) {
    /* the gap between vma i-1 and vma i (or hi) */
    u64 gap_hi = i < mm->nvmas && mm->vmas[i].start < hi ? mm->vmas[i].start : hi;
    u64 gap_lo = i > 0 ? mm->vmas[i - 1].end : 0;
    if (gap_lo < lo) gap_lo = lo;
    if (gap_hi > gap_lo && gap_hi - gap_lo >= len) return gap_hi - len;
    if (gap_lo <= lo) break;
  }
  return 0;
}

/* The lowest a in [lo, hi - len] with [a, a+len) free, or 0. */
static u64 gap_bottomup(const struct mm *mm, u64 lo, u64 hi, u64 len) {
  if (hi < lo || hi - lo < len) return 0;
  u64 a = lo;
  for (int i = mm_lower(mm, lo); i <= mm->nvmas; i++) {
    u64 gap_hi = i < mm->nvmas ? mm->vmas[i].start : hi;
    if (gap_hi > hi) gap_hi = hi;
    if (gap_hi > a && gap_hi - a >= len) return a;
    if (i >= mm->nvmas || mm->vmas[i].end >= hi) break;
    if (mm->vmas[i].end > a) a = mm->vmas[i].end;
  }
  return 0;
}

/* get_unmapped_area() for a non-fixed mapping: the hint when free, else
 * top-down below mmap_base, else bottom-up anywhere.  0 when full. */
u64 mm_find_area(const struct mm *mm, u64 hint, u64 len, int flags) {
  u64 tsz = mm_task_size(mm), lo = mm_min_addr();
  if (len > tsz) return 0;
  if (hint) {
    hint = PAGE_UP(hint);
    if (hint >= lo && hint <= tsz - len && mm_range_free(mm, hint, hint + len)) return hint;
  }
  if (mm->bits == 64 && (flags & MAP_32BIT)) /* arch/x86 find_start_end() */
    return gap_bottomup(mm, 0x40000000, 0x80000000, len);
  u64 a = gap_topdown(mm, lo, mm->mmap_base, len);
  if (!a) a = gap_bottomup(mm, PAGE_DOWN(tsz / 3), tsz, len);
  return a;
}

/* ---- mmap ----------------------------------------------------------------- */

/* The flags a vma keeps; VMA_NOMAYWRITE marks a shared file mapping whose fd
 * was not writable (Linux's !VM_MAYWRITE), which mprotect must refuse. */
#define VMA_KEEP (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN)

/* include/linux/mman.h LEGACY_MAP_MASK (x86: with MAP_32BIT and the huge
 * page size bits of MAP_HUGE_2MB | MAP_HUGE_1GB). */
#define LEGACY_MAP_MASK                                                                           \
  (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE |        \
   MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
   MAP_STACK | MAP_HUGETLB | MAP_32BIT | (21 << 26) | (30 << 26))

/* Name and identity of a file mapping, as /proc/self/maps shows them. */
static void file_identity(struct vma *v, int fd, const struct stat *st, const char *name) {
  char link[64];
  v->dev = st->st_dev;
  v->ino = st->st_ino;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, v->name, sizeof v->name - 1);
  if (n > 0) {
    v->name[n] = 0;
  } else {
    snprintf(v->name, sizeof v->name, "%s", name ? name : "");
  }
}

/* Shared anonymous memory is a deleted /dev/zero shmem file in Linux's maps. */
static void shmem_identity(struct mm *mm, struct vma *v) {
  char link[96];
  struct stat st;
  snprintf(link, sizeof link, "/proc/self/map_files/%lx-%lx", (unsigned long)(mm->base + v->start),
           (unsigned long)(mm->base + v->end));
  v->dev = makedev(0, 1);
  v->ino = stat(link, &st) == 0 ? st.st_ino : 0;
  snprintf(v->name, sizeof v->name, "/dev/zero (deleted)");
}

static long mm_map_locked(struct mm *mm, u64 addr, u64 len, int prot, int flags, int fd, u64 off,
            const char *name) {
  bool anon = flags & MAP_ANONYMOUS;
  struct stat st;
  int accmode = 0;
  if (off & ~PAGE_MASK) return -EINVAL;
  if (!anon) { /* ksys_mmap_pgoff(): the file first */
    if (fd < 0 || fstat(fd, &st) < 0) return -EBADF;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) return -EBADF;
    accmode = fl & O_ACCMODE;
  }
  if (len == 0) return -EINVAL;
  if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
  len = PAGE_UP(len);
  if (len == 0) return -ENOMEM;
  if (!anon && off + len < off) return -EOVERFLOW;
  prot &= MM_READ | MM_WRITE | MM_EXEC;
  if (mm->read_implies_exec && (prot & MM_READ) && !(prot & MM_EXEC)) {
    struct statvfs sv; /* except for a file on a noexec mount */
    if (anon || fstatvfs(fd, &sv) || !(sv.f_flag & ST_NOEXEC)) prot |= MM_EXEC;
  }

  int type = flags & MAP_TYPE;
  bool shared = type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
  if (!shared && type != MAP_PRIVATE) return -EINVAL;
  if (anon && type == MAP_SHARED_VALIDATE) return -EINVAL; /* anonymous: SHARED or PRIVATE */
  if (!anon && (flags & MAP_HUGETLB)) return -EINVAL;      /* not a hugetlbfs file */
  if (shared && (flags & MAP_GROWSDOWN)) return -EINVAL;

  /* get_unmapped_area() */
  u64 tsz = mm_task_size(mm);
  if (len > tsz) return -ENOMEM;
  if (flags & MAP_FIXED) {
    if (addr > tsz - len) return -ENOMEM;
    if (addr & ~PAGE_MASK) return -EINVAL;
  } else {
    u64 hint = addr;
    if (hint && hint < mm_min_addr()) hint = mm_min_addr();
    addr = mm_find_area(mm, hint, len, flags);
    if (!addr) return -ENOMEM;
  }
  if (addr < mm_min_addr()) return -EPERM; /* security_mmap_addr() */
  if ((flags & MAP_FIXED_NOREPLACE) && !mm_range_free(mm, addr, addr + len)) return -EEXIST;

  /* do_mmap(): the file's mode against the request */
  bool nomaywrite = false;
  if (!anon) {
    if (type == MAP_SHARED_VALIDATE && (flags & ~LEGACY_MAP_MASK)) return -EOPNOTSUPP;
    if (shared && accmode != O_RDWR) {
      if (prot & MM_WRITE) return -EACCES;
      nomaywrite = true;
    }
    if (accmode == O_WRONLY) return -EACCES;
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) return -ENODEV;
    /* The host mapping never has PROT_EXEC, so check path_noexec() here. */
    struct statvfs sv;
    if ((prot & MM_EXEC) && fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_NOEXEC)) return -EPERM;
    if (!S_ISREG(st.st_mode)) {
      /* Devices may refuse mmap (ENODEV, EINVAL...): ask the host away from
       * the guest's pages, so a failing MAP_FIXED leaves them alone. */
      void *probe =
          mmap(NULL, len, mm_host_prot(prot), shared ? MAP_SHARED : MAP_PRIVATE, fd, (off_t)off);
      if (probe == MAP_FAILED) return -errno;
      munmap(probe, len);
    }
  }

  int hflags = MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) |
               (flags & (MAP_NORESERVE | MAP_POPULATE)) | (anon ? MAP_ANONYMOUS : 0);
  void *p =
      mmap(mm->base + addr, len, mm_host_prot(prot), hflags, anon ? -1 : fd, anon ? 0 : (off_t)off);
  if (p == MAP_FAILED) {
    long err = -errno;
    /* Linux has already unmapped the old pages of a MAP_FIXED request. */
    mm_host_release(mm, addr, addr + len);
    if (mm_forget(mm, addr, addr + len)) mm->code_gen++;
    return err;
  }

  struct vma v = {.start = addr, .end = addr + len, .prot = prot, .flags = flags & VMA_KEEP};
  v.flags = (v.flags & ~MAP_TYPE) | (shared ? MAP_SHARED : MAP_PRIVATE);
  if (nomaywrite) v.flags |= VMA_NOMAYWRITE;
  if (!anon) {
    v.offset = off;
    file_identity(&v, fd, &st, name);
  } else if (shared) {
    shmem_identity(mm, &v);
  } else {
    snprintf(v.name, sizeof v.name, "%s", name ? name : "");
  }
  bool exec = mm_forget(mm, addr, addr + len);
  if (!mm_record(mm, &v)) {
    mm_host_release(mm, addr, addr + len);
    mm->code_gen++;
    return -ENOMEM;
  }
  if (exec || (prot & MM_EXEC)) mm->code_gen++;
  return (long)addr;
}

/* ---- munmap: do_vmi_munmap() ---------------------------------------------- */

static long mm_unmap_locked(struct mm *mm, u64 addr, u64 len) {
  u64 tsz = mm_task_size(mm);
  if ((addr & ~PAGE_MASK) || addr > tsz || len > tsz - addr) return -EINVAL;
  len = PAGE_UP(len);
  if (len == 0) return -EINVAL;
  if (mm_range_free(mm, addr, addr + len)) return 0;
  mm_host_release(mm, addr, addr + len);
  if (mm_forget(mm, addr, addr + len)) mm->code_gen++;
  return 0;
}

/* ---- mprotect: do_mprotect_pkey() ----------------------------------------- */

static long mm_protect_locked(struct mm *mm, u64 start, u64 len, int prot) {
  int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
  prot &= ~grows;
  if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (start & ~PAGE_MASK) return -EINVAL;
  if (!len) return 0;
  len = PAGE_UP(len);
  u64 end = start + len;
  if (end <= start) return -ENOMEM;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) return -EINVAL;
  prot &= MM_READ | MM_WRITE | MM_EXEC;
  if (mm->read_implies_exec && (prot & MM_READ)) prot |= MM_EXEC;

  int i = mm_lower(mm, start);
  if (i >= mm->nvmas) return -ENOMEM;
  if (grows & PROT_GROWSDOWN) {
    if (mm->vmas[i].start >= end) return -ENOMEM;
    if (!(mm->vmas[i].flags & MAP_GROWSDOWN)) return -EINVAL;
    start = mm->vmas[i].start;
  } else if (grows & PROT_GROWSUP) {
    return -EINVAL; /* no VM_GROWSUP on x86 */
  }
  if (mm->vmas[i].start > start) return -ENOMEM;

  /* Walk the covered vmas in order; a hole stops the walk with ENOMEM after
   * the vmas before it have changed, as in Linux. */
  u64 at = start;
  long ret = 0;
  while (at < end) {
    i = mm_lower(mm, at);
    if (i >= mm->nvmas || mm->vmas[i].start > at) {
      ret = -ENOMEM;
      break;
    }
    const struct vma *v = &mm->vmas[i];
    if ((v->flags & VMA_NOMAYWRITE) && (prot & MM_WRITE)) {
      ret = -EACCES;
      break;
    }
    u64 e = v->end < end ? v->end : end;
    if (v->prot != prot) {
      if (mprotect(mm->base + at, e - at, mm_host_prot(prot)) < 0) {
        ret = -errno;
        break;
      }
      if (!mm_split_at(mm, at, e)) {
        ret = -ENOMEM;
        break;
      }
      i = mm_lower(mm, at);
      if ((mm->vmas[i].prot | prot) & MM_EXEC) mm->code_gen++;
      mm->vmas[i].prot = prot;
      mm_merge_around(mm, i);
    }
    at = e;
  }
  return ret;
}

/* ---- brk: mm/mmap.c SYSCALL_DEFINE1(brk) ---------------------------------- */

static u64 mm_brk_locked(struct mm *mm, u64 brk) {
  if (brk < mm->brk_start || brk > mm_task_size(mm)) return mm->brk;
  u64 newbrk = PAGE_UP(brk), oldbrk = PAGE_UP(mm->brk);
  if (newbrk == oldbrk) {
    mm->brk = brk;
    return brk;
  }
  if (brk <= mm->brk) { /* shrink */
    mm_host_release(mm, newbrk, oldbrk);
    if (mm_forget(mm, newbrk, oldbrk)) mm->code_gen++;
    mm->brk = brk;
    return brk;
  }
  int i = mm_lower(mm, oldbrk);
  if (i < mm->nvmas && newbrk + PAGE_SIZE > mm->vmas[i].start) return mm->brk;
  void *p = mmap(mm->base + oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) {
    mm_host_release(mm, oldbrk, newbrk);
    return mm->brk;
  }
  struct vma v = {.start = oldbrk,
                  .end = newbrk,
                  .prot = MM_READ | MM_WRITE | (mm->read_implies_exec ? MM_EXEC : 0),
                  .flags = MAP_PRIVATE | MAP_ANONYMOUS,
                  .name = "[heap]"};
  if (!mm_record(mm, &v)) {
    mm_host_release(mm, oldbrk, newbrk);
    return mm->brk;
  }
  mm->brk = brk;
  return brk;
}

/* ---- Faults --------------------------------------------------------------- */

bool mm_classify_fault(const struct mm *mm, const void *hostaddr, u64 *gaddr, int *si_code) {
  uintptr_t h = (uintptr_t)hostaddr, b = (uintptr_t)mm->base;
  if (h < b || h - b >= mm->limit + MM_GUARD) return false;
  u64 g = h - b;
  *gaddr = g;
  /* mm_find() is a plain binary search over the array: no locks, no malloc. */
  *si_code = g < mm->limit && mm_find(mm, g) ? SEGV_ACCERR : SEGV_MAPERR;
  return true;
}

bool mm_page_present(const struct mm *mm, u64 addr) {
  if (addr >= mm->limit) return false;
  const struct vma *v = mm_find(mm, addr);
  if (!v || !(v->prot & (MM_READ | MM_WRITE))) return false; /* PROT_NONE: never present */
  unsigned char vec = 0;
  if (mincore(mm->base + PAGE_DOWN(addr), PAGE_SIZE, &vec)) return false;
  return vec & 1;
}

/* ---- /proc/self/maps: show_map_vma() -------------------------------------- */

static size_t mm_format_maps_locked(const struct mm *mm, char *buf, size_t size) {
  size_t total = 0;
  char line[512];
  for (int i = 0; i < mm->nvmas; i++) {
    const struct vma *v = &mm->vmas[i];
    bool file = !(v->flags & MAP_ANONYMOUS) || (v->flags & MAP_SHARED);
    int n = snprintf(line, sizeof line, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                     (unsigned long long)v->start, (unsigned long long)v->end,
                     v->prot & MM_READ ? 'r' : '-', v->prot & MM_WRITE ? 'w' : '-',
                     v->prot & MM_EXEC ? 'x' : '-', v->flags & MAP_SHARED ? 's' : 'p',
                     (unsigned long long)(file ? v->offset : 0), major(v->dev), minor(v->dev),
                     (unsigned long long)v->ino);
    if (v->name[0]) {
      /* seq_setwidth(25 + 6 * sizeof(void *) - 1) then seq_pad(' ') */
      while (n < 72) line[n++] = ' ';
      n += snprintf(line + n, sizeof line - n, " %s", v->name);
      if (n >= (int)sizeof line) n = sizeof line - 1;
    }
    line[n++] = '\n';
    if (total < size) {
      size_t k = size - total < (size_t)n ? size - total : (size_t)n;
      memcpy(buf + total, line, k);
    }
    total += n;
  }
  if (size) buf[total < size ? total : size - 1] = 0;
  return total;
}

/* ---- the public entry points take the mm lock (see mem.h) ---- */

long mm_map(struct mm *mm, u64 addr, u64 len, int prot, int flags, int fd, u64 off, const char *name) {
  mm_lock(mm);
  long r = mm_map_locked(mm, addr, len, prot, flags, fd, off, name);
  mm_unlock(mm);
  return r;
}

long mm_unmap(struct mm *mm, u64 addr, u64 len) {
  mm_lock(mm);
  long r = mm_unmap_locked(mm, addr, len);
  mm_unlock(mm);
  return r;
}

long mm_protect(struct mm *mm, u64 start, u64 len, int prot) {
  mm_lock(mm);
  long r = mm_protect_locked(mm, start, len, prot);
  mm_unlock(mm);
  return r;
}

u64 mm_brk(struct mm *mm, u64 brk) {
  mm_lock(mm);
  u64 r = mm_brk_locked(mm, brk);
  mm_unlock(mm);
  return r;
}

size_t mm_format_maps(const struct mm *mm, char *buf, size_t size) {
  mm_lock(mm);
  size_t r = mm_format_maps_locked(mm, buf, size);
  mm_unlock(mm);
  return r;
}

bool mm_access_ok(const struct mm *mm, u64 addr, u64 len, int prot) {
  mm_lock(mm);
  bool r = mm_access_ok_locked(mm, addr, len, prot);
  mm_unlock(mm);
  return r;
}
