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
 * Where the host's RLIMIT_AS cannot hold the reservation (`ulimit -v` in
 * the shell that starts emu), or the host refuses it for another reason
 * (valgrind's address-space manager does), the window is lazy instead: see
 * mm_new.
 *
 * Running out of map entries: the guest's vmas are limited by the host's
 * vm.max_map_count as the kernel limits a process's (mmap refuses past it,
 * a split at it), so the guest gets ENOMEM where it would natively.  The
 * host must hold the same mappings plus one PROT_NONE piece per hole
 * between them plus emu's own (counted at mm_new, MM_HOST_SLACK more kept
 * for emu's later heap, threads and libraries): mm_host_room refuses a
 * change that could take the host past its limit, so a guest whose
 * mappings touch gets ENOMEM at most host_maps + MM_HOST_SLACK (about 600)
 * entries before the kernel's count, one whose mappings all have holes
 * between them at about half of it, and emu's own allocations never meet
 * the limit.  A host call that fails anyway leaves the vma list as the
 * host's mappings are (the old pages stay, the guest gets ENOMEM).
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/capability.h>

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

u64 mm_min_addr(void) {
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

/* cap_mmap_addr() (security/commoncap.c): below mmap_min_addr only with
 * CAP_SYS_RAWIO, which the guest has when emu has it (its credentials are
 * emu's).  Asked each time: a guest's capset changes emu's. */
static bool may_map_below_min(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
  if (syscall(SYS_capget, &h, d)) return false;
  return d[CAP_SYS_RAWIO / 32].effective >> (CAP_SYS_RAWIO % 32) & 1;
}

static int read_sysctl_int(const char *path, int dflt) {
  int v = dflt;
  FILE *f = fopen(path, "r");
  if (f) {
    if (fscanf(f, "%d", &v) != 1 || v <= 0) v = dflt;
    fclose(f);
  }
  return v;
}

/* What emu needs of the host's address space beside the window (its code,
 * heap, code caches, thread stacks): a full reservation is made only when
 * the host's RLIMIT_AS leaves this much. */
#define MM_HOST_SELF (512ull << 20)
/* Host map entries kept for emu beyond those it had at mm_new. */
#define MM_HOST_SLACK 512
/* The vma array's largest capacity (its entries are big; a host whose
 * vm.max_map_count is larger gives the guest this many). */
#define MM_MAP_COUNT_CAP (1 << 18)

/* A lazy window: the host cannot reserve the window (RLIMIT_AS), so
 * nothing is reserved and guest pages are mapped at base + g one by one.
 * Nothing else of emu's may ever land in the window (the guest would read
 * it), so its place is a free stretch with a margin on each side, as low
 * as the host's mappings allow: the host kernel hands out emu's own
 * mappings top-down from below the host stack (or, with an unlimited
 * RLIMIT_STACK, bottom-up from a third of the address space, above any
 * window that fits below it), and under an RLIMIT_AS too small for the
 * window emu cannot allocate its way across the margin. */
#define MM_LAZY_MARGIN (1ull << 40)
static u8 *lazy_base(u64 need) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return NULL;
  u64 prev_end = 0, found = 0;
  char line[512];
  for (;;) {
    unsigned long long lo = 0x800000000000ull, hi = 0x800000000000ull;
    bool more = fgets(line, sizeof line, f) != NULL;
    if (more && sscanf(line, "%llx-%llx", &lo, &hi) != 2) continue;
    u64 a = (prev_end + MM_LAZY_MARGIN + (1ull << 30) - 1) & ~((1ull << 30) - 1);
    if (a + need + MM_LAZY_MARGIN <= lo) {
      found = a;
      break;
    }
    if (!more) break;
    if (hi > prev_end) prev_end = hi;
  }
  fclose(f);
  return (u8 *)(uintptr_t)found;
}

static int count_host_maps(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return 1000;
  int n = 0;
  char buf[4096];
  for (size_t got; (got = fread(buf, 1, sizeof buf, f)) > 0;)
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + got - p))); p++) n++;
  fclose(f);
  return n;
}

struct mm *mm_new(int bits) {
  if (bits != 32 && bits != 64) return NULL;
  struct mm *mm = calloc(1, sizeof *mm);
  if (!mm) return NULL;
  mm->bits = bits;
  mm->limit = bits == 32 ? MM_WINDOW32 : MM_WINDOW64;
  /* The vma array never moves, so the fault handler may read it without the
   * lock; it holds vm.max_map_count vmas and the one or two more the kernel
   * lets a process reach (mmap checks map_count > max). */
  int max = read_sysctl_int("/proc/sys/vm/max_map_count", MM_MAX_MAP_COUNT);
  mm->max_map_count = max < MM_MAP_COUNT_CAP ? max : MM_MAP_COUNT_CAP;
  mm->cap = mm->max_map_count + 4;
  void *v = mmap(NULL, (size_t)mm->cap * sizeof(struct vma), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (v == MAP_FAILED) {
    free(mm);
    return NULL;
  }
  mm->vmas = v;
  u64 need = mm->limit + MM_GUARD;
  struct rlimit rl;
  bool limited = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
  void *p = MAP_FAILED;
  if (!limited || rl.rlim_cur > need + MM_HOST_SELF)
    p = mmap(NULL, need, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) { /* RLIMIT_AS, or a host that refuses it (valgrind) */
    p = lazy_base(need);
    mm->lazy = p != NULL;
    if (!p) p = MAP_FAILED;
  }
  if (p == MAP_FAILED) {
    munmap(v, (size_t)mm->cap * sizeof(struct vma));
    free(mm);
    return NULL;
  }
  mm->base = p;
  mm->host_maps = count_host_maps();
  mm_after_fork_child(mm); /* initialises the lock */
  mm->stack_top = bits == 32 ? MM_TASK32 : mm->limit - PAGE_SIZE;
  mm->mmap_base = mm->stack_top - MM_STACK_GAP;
  mm_rlimit_init_host(mm);
  mm_peer_publish(mm);
  return mm;
}

void mm_free(struct mm *mm) {
  if (!mm) return;
  munmap(mm->base, mm->limit + MM_GUARD);
  munmap(mm->vmas, (size_t)mm->cap * sizeof(struct vma));
  pthread_mutex_destroy(&mm->lock);
  free(mm);
}

void mm_lock(const struct mm *mm) {
  if (mm->shared) pthread_mutex_lock((pthread_mutex_t *)&mm->lock);
}
void mm_unlock(const struct mm *mm) {
  if (mm->shared) pthread_mutex_unlock((pthread_mutex_t *)&mm->lock);
}
void mm_share(struct mm *mm) { mm->shared = true; }

void mm_after_fork_child(struct mm *mm) {
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mm->lock, &ma);
  pthread_mutexattr_destroy(&ma);
}

/* ---- The vma array -------------------------------------------------------- */

/* The index this thread's last search found, as the kernel's per-thread
 * vmacache kept the last vma: most lookups fall in the vma of the one
 * before (the stack: each system call's check of sp, the copies from the
 * stack).  Only a hint, checked against the array as it is now, so a hint
 * from another mm or from before a change costs a search and no more. */
static __thread int lower_hint;

/* Index of the first vma with end > addr (nvmas if none). */
int mm_lower(const struct mm *mm, u64 addr) {
  int h = lower_hint;
  if (h < mm->nvmas && mm->vmas[h].end > addr && (h == 0 || mm->vmas[h - 1].end <= addr)) return h;
  int lo = 0, hi = mm->nvmas;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (mm->vmas[mid].end > addr)
      hi = mid;
    else
      lo = mid + 1;
  }
  lower_hint = lo;
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

bool mm_access_ok_locked(const struct mm *mm, u64 addr, u64 len, int prot) {
  if (len == 0) return true;
  u64 end = addr + len;
  if (end < addr || end > mm->limit) return false;
  /* The common case: the range lies in the vma the last lookup found. */
  int h = lower_hint;
  if (h < mm->nvmas) {
    const struct vma *v = &mm->vmas[h];
    if (v->start <= addr && end <= v->end && (eff_prot(v->prot) & prot) == prot) return true;
  }
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

/* ---- Counts: mm/mmap.c vm_stat_account() (total_vm, data_vm) and the
 * touching pairs that decide how many host vmas the window needs.  Every
 * change to the array goes through vma_acct(-1) before and vma_acct(+1)
 * after, over the indices [a, b) it touches; the pairs counted are those
 * with a member in [a, b) (or, for b == a, the pair across a). */

#define vma_is_data mm_is_data

static void vma_acct(struct mm *mm, int a, int b, int sign) {
  for (int k = a; k < b; k++) {
    const struct vma *v = &mm->vmas[k];
    u64 n = v->end - v->start;
    mm->total_vm += sign > 0 ? n : -n;
    if (vma_is_data(v->prot, v->flags)) mm->data_vm += sign > 0 ? n : -n;
  }
  for (int k = a > 0 ? a - 1 : 0; k < b && k + 1 < mm->nvmas; k++)
    if (mm->vmas[k].end == mm->vmas[k + 1].start) mm->nadj += sign;
}

bool mm_host_room(const struct mm *mm, int more) {
  int window = 2 * mm->nvmas + 1 - mm->nadj;
  return window + more + mm->host_maps + MM_HOST_SLACK <= mm->max_map_count;
}

void mm_vma_set(struct mm *mm, int i, u64 start, u64 end, int prot) {
  vma_acct(mm, i, i + 1, -1);
  mm->vmas[i].start = start;
  mm->vmas[i].end = end;
  mm->vmas[i].prot = prot;
  vma_acct(mm, i, i + 1, +1);
}

static bool vma_insert_at(struct mm *mm, int i, const struct vma *v) {
  if (mm->nvmas == mm->cap) return false; /* ENOMEM, as past vm.max_map_count */
  vma_acct(mm, i, i, -1);
  memmove(&mm->vmas[i + 1], &mm->vmas[i], (size_t)(mm->nvmas - i) * sizeof *v);
  mm->vmas[i] = *v;
  mm->nvmas++;
  vma_acct(mm, i, i + 1, +1);
  return true;
}

static void vma_delete(struct mm *mm, int i, int count) {
  if (!count) return;
  vma_acct(mm, i, i + count, -1);
  memmove(&mm->vmas[i], &mm->vmas[i + count], (size_t)(mm->nvmas - i - count) * sizeof(struct vma));
  mm->nvmas -= count;
  vma_acct(mm, i, i, +1);
}

/* Split the vma at index i at address at (strictly inside it). */
static bool vma_split(struct mm *mm, int i, u64 at) {
  struct vma hi = mm->vmas[i];
  if (mm->nvmas == mm->cap) return false;
  if (!(hi.flags & MAP_ANONYMOUS) || (hi.flags & MAP_SHARED)) hi.offset += at - hi.start;
  hi.start = at;
  mm_vma_set(mm, i, mm->vmas[i].start, at, mm->vmas[i].prot);
  return vma_insert_at(mm, i + 1, &hi);
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
    u64 end = mm->vmas[i + 1].end;
    vma_delete(mm, i + 1, 1);
    mm_vma_set(mm, i, mm->vmas[i].start, end, mm->vmas[i].prot);
  }
  if (i > 0 && vma_mergeable(&mm->vmas[i - 1], &mm->vmas[i])) {
    u64 end = mm->vmas[i].end;
    vma_delete(mm, i, 1);
    mm_vma_set(mm, i - 1, mm->vmas[i - 1].start, end, mm->vmas[i - 1].prot);
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
bool mm_host_release(struct mm *mm, u64 start, u64 end) {
  if (end <= start) return true;
  if (mm->lazy) return munmap(mm->base + start, end - start) == 0;
  void *p = mmap(mm->base + start, end - start, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  return p != MAP_FAILED;
}

bool mm_range_free(const struct mm *mm, u64 start, u64 end) {
  int i = mm_lower(mm, start);
  return i >= mm->nvmas || mm->vmas[i].start >= end;
}

/* Bytes of [start, end) the guest has mapped (count_vma_pages_range()). */
static u64 mapped_bytes(const struct mm *mm, u64 start, u64 end) {
  u64 n = 0;
  for (int i = mm_lower(mm, start); i < mm->nvmas && mm->vmas[i].start < end; i++) {
    u64 s = mm->vmas[i].start > start ? mm->vmas[i].start : start;
    u64 e = mm->vmas[i].end < end ? mm->vmas[i].end : end;
    n += e - s;
  }
  return n;
}

/* How many vmas [start, end) cuts (0 to 2): the new host vmas that
 * unmapping or remapping it can cost. */
static int range_splits(const struct mm *mm, u64 start, u64 end) {
  int i = mm_lower(mm, start), n = 0;
  if (i < mm->nvmas && mm->vmas[i].start < start) n++;
  i = mm_lower(mm, end);
  if (i < mm->nvmas && mm->vmas[i].start < end && mm->vmas[i].end > end) n++;
  return n;
}

/* do_vmi_align_munmap(): unmapping the middle of one vma (a split into
 * three) fails at vm.max_map_count; other splits may pass it for a while.
 * Then the host must have room for the pieces. */
static bool unmap_split_ok(const struct mm *mm, u64 start, u64 end) {
  int i = mm_lower(mm, start);
  if (i < mm->nvmas) {
    const struct vma *v = &mm->vmas[i];
    if (v->start < start && end < v->end && mm->nvmas >= mm->max_map_count) return false;
  }
  int n = range_splits(mm, start, end);
  return !n || mm_host_room(mm, n);
}

/* After a host call over [start, end) failed part way: make the list say
 * what the host has.  A guest vma the host no longer maps whole (msync
 * reports unmapped memory) is released and forgotten; in a full window a
 * hole in the reservation is reserved again. */
static void host_resync(struct mm *mm, u64 start, u64 end) {
  u64 at = start;
  while (at < end) {
    int i = mm_lower(mm, at);
    bool in = i < mm->nvmas && mm->vmas[i].start <= at;
    u64 e = in ? mm->vmas[i].end : i < mm->nvmas ? mm->vmas[i].start : end;
    if (e > end) e = end;
    bool gone = msync(mm->base + at, e - at, MS_ASYNC) < 0 && errno == ENOMEM;
    if (gone && (in || !mm->lazy) && mm_host_release(mm, at, e) && in && mm_forget(mm, at, e))
      mm->code_gen++;
    at = e;
  }
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
  if (mm->nvmas > mm->max_map_count) return -ENOMEM; /* do_mmap(): too many mappings */
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
  if (addr < mm_min_addr() && !may_map_below_min()) return -EPERM; /* security_mmap_addr() */
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

  /* mmap_region(): the limits on what the mapping adds, a split of an old
   * vma at the map count limit, then (emu) room for it in the host. */
  int type_flags = shared ? MAP_SHARED : flags & MAP_GROWSDOWN;
  if (!mm_may_expand(mm, vma_is_data(prot, type_flags), len - mapped_bytes(mm, addr, addr + len)))
    return -ENOMEM;
  if (!unmap_split_ok(mm, addr, addr + len) || !mm_host_room(mm, 2)) return -ENOMEM;
  /* The list has room for the two splits and the new vma (cap is
   * max_map_count + 4, and the map count is at most max_map_count + 1). */

  int hflags = MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) |
               (flags & (MAP_NORESERVE | MAP_POPULATE)) | (anon ? MAP_ANONYMOUS : 0);
  void *p =
      mmap(mm->base + addr, len, mm_host_prot(prot), hflags, anon ? -1 : fd, anon ? 0 : (off_t)off);
  if (p == MAP_FAILED) {
    long err = -errno;
    /* The host either kept the old pages (Linux 6.12 and later restore
     * them) or unmapped them: the list follows whichever it did. */
    host_resync(mm, addr, addr + len);
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
  if (!ALWAYS(mm_record(mm, &v))) { /* impossible: room was checked */
    (void)mm_host_release(mm, addr, addr + len);
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
  if (!unmap_split_ok(mm, addr, addr + len)) return -ENOMEM;
  if (!mm_host_release(mm, addr, addr + len)) {
    host_resync(mm, addr, addr + len);
    return -ENOMEM;
  }
  if (mm_forget(mm, addr, addr + len)) mm->code_gen++;
  return 0;
}

/* ---- mprotect: do_mprotect_pkey() ----------------------------------------- */

/* split_vma(): refused at vm.max_map_count, and where the host lacks room. */
static bool split_checked(struct mm *mm, int i, u64 at) {
  if (mm->nvmas >= mm->max_map_count || !mm_host_room(mm, 2)) return false;
  return vma_split(mm, i, at);
}

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
      /* mprotect_fixup(): a range turning into data must fit RLIMIT_DATA;
       * each split of the vma fails at vm.max_map_count (split_vma()), and
       * the host needs room for the pieces; then the host's pages change. */
      if ((prot & MM_WRITE) && !mm_may_expand(mm, vma_is_data(prot, v->flags), e - at) &&
          mm_may_expand(mm, vma_is_data(v->prot, v->flags), e - at)) {
        ret = -ENOMEM;
        break;
      }
      int old = v->prot;
      if (v->start < at && !split_checked(mm, i, at)) {
        ret = -ENOMEM;
        break;
      }
      i = mm_lower(mm, at);
      if (mm->vmas[i].end > e && !split_checked(mm, i, e)) {
        ret = -ENOMEM;
        break;
      }
      if (mprotect(mm->base + at, e - at, mm_host_prot(prot)) < 0) {
        ret = -errno;
        (void)mprotect(mm->base + at, e - at, mm_host_prot(old)); /* undo a partial change */
        break;
      }
      if ((old | prot) & MM_EXEC) mm->code_gen++;
      mm_vma_set(mm, i, at, e, prot);
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
  if (brk <= mm->brk) { /* shrink: do_vmi_align_munmap() */
    if (!unmap_split_ok(mm, newbrk, oldbrk)) return mm->brk;
    if (!mm_host_release(mm, newbrk, oldbrk)) {
      host_resync(mm, newbrk, oldbrk);
      return mm->brk;
    }
    if (mm_forget(mm, newbrk, oldbrk)) mm->code_gen++;
    mm->brk = brk;
    return brk;
  }
  /* check_data_rlimit() (without the data segment, which emu does not
   * track; may_expand_vm() below counts it), the next vma, then
   * do_brk_flags(): may_expand_vm() and the map count. */
  u64 dlim = mm->rlim[MM_RLIM_DATA].cur;
  if (dlim != MM_RLIM_INF && brk - mm->brk_start > dlim) return mm->brk;
  int i = mm_lower(mm, oldbrk);
  if (i < mm->nvmas && newbrk + PAGE_SIZE > mm->vmas[i].start) return mm->brk;
  if (!mm_may_expand(mm, true, newbrk - oldbrk) || mm->nvmas > mm->max_map_count ||
      !mm_host_room(mm, 2))
    return mm->brk;
  void *p = mmap(mm->base + oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) {
    host_resync(mm, oldbrk, newbrk);
    return mm->brk;
  }
  struct vma v = {.start = oldbrk,
                  .end = newbrk,
                  .prot = MM_READ | MM_WRITE | (mm->read_implies_exec ? MM_EXEC : 0),
                  .flags = MAP_PRIVATE | MAP_ANONYMOUS,
                  .name = "[heap]"};
  if (!mm_record(mm, &v)) {
    (void)mm_host_release(mm, oldbrk, newbrk);
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
  /* mm_find() reads the array (a hint, then a binary search): no locks, no malloc. */
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
