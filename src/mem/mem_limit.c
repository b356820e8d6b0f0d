/* mem_limit.c — the guest's address-space limits: RLIMIT_AS, RLIMIT_DATA and
 * RLIMIT_STACK kept per process in the mm, their checks, and stack growth.
 * Mirrors linux kernel/sys.c do_prlimit(), mm/mmap.c may_expand_vm(),
 * acct_stack_growth(), expand_downwards() and arch/x86/mm/mmap.c
 * mmap_base() / mmap_is_legacy().
 *
 * Why emu keeps these three itself: the host process is emu, whose window
 * reservation alone exceeds any RLIMIT_AS a program sets, whose own heap
 * counts against RLIMIT_DATA and whose main thread runs on RLIMIT_STACK.
 * Applied to the host they would starve emu, not the guest; so at start-up
 * (mm_rlimit_startup) the host's soft limits become the guest's, emu raises
 * its own soft limits to the hard ones, and from then on the guest's values
 * live in the mm: a host fork copies them, execve hands them to the new emu
 * as --rlimits.  The guest's mappings are counted (total_vm, data_vm in
 * mem.c) as the kernel counts them, so the guest gets ENOMEM where it would
 * natively.  Every other limit is applied to the host process as it is.
 */
#define _GNU_SOURCE
#include "mem_internal.h"

#include <linux/capability.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MM_STACK_GUARD_GAP (256ull * PAGE_SIZE) /* mm/mmap.c stack_guard_gap */
#define MM_MIN_GAP (128ull << 20)             /* arch/x86/mm/mmap.c SIZE_128M */

static const int host_res[MM_NRLIM] = {RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK};
static const char *const rlim_name[MM_NRLIM] = {"AS", "DATA", "STACK"};

void mm_rlimit_startup(struct mm_rlim rlim[MM_NRLIM]) {
  for (int k = 0; k < MM_NRLIM; k++) {
    struct rlimit rl;
    if (getrlimit(host_res[k], &rl) < 0) rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
    rlim[k].cur = rl.rlim_cur;
    rlim[k].max = rl.rlim_max;
    /* emu's own stack stays as the user started it; AS and DATA go up to
     * the hard limit so the reservation and emu's heap fit where they can
     * (mm_new reserves lazily when even the hard AS limit is too small). */
    if (k != MM_RLIM_STACK && rl.rlim_cur != rl.rlim_max) {
      rl.rlim_cur = rl.rlim_max;
      setrlimit(host_res[k], &rl);
    }
  }
  /* Under a host RLIMIT_AS (`ulimit -v`) emu's own memory is taken from the
   * guest's: glibc would give each of emu's threads (one per guest thread)
   * a malloc arena of its own, 64 MiB of address space each, so that a few
   * guest threads would exhaust it.  One arena for all of them. */
  if (rlim[MM_RLIM_AS].max != RLIM_INFINITY) mallopt(M_ARENA_MAX, 1);
}

void mm_rlimit_init_host(struct mm *mm) {
  for (int k = 0; k < MM_NRLIM; k++) {
    struct rlimit rl;
    if (getrlimit(host_res[k], &rl) < 0) rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
    mm->rlim[k].cur = rl.rlim_cur;
    mm->rlim[k].max = rl.rlim_max;
  }
}

/* arch/x86/mm/mmap.c: mmap_is_legacy() and mmap_base() without
 * randomisation; the stack's room is RLIMIT_STACK plus the guard gap,
 * between 128 MiB and 5/6 of the task size. */
void mm_set_rlimits(struct mm *mm, const struct mm_rlim rlim[MM_NRLIM]) {
  memcpy(mm->rlim, rlim, sizeof mm->rlim);
  u64 task = mm->stack_top, stack = rlim[MM_RLIM_STACK].cur;
  mm->legacy = stack == MM_RLIM_INF;
  if (mm->legacy) {
    mm->mmap_base = PAGE_UP(mm_task_size(mm) / 3); /* TASK_UNMAPPED_BASE */
    return;
  }
  u64 gap = stack + MM_STACK_GUARD_GAP < stack ? stack : stack + MM_STACK_GUARD_GAP;
  u64 max_gap = task / 6 * 5;
  if (gap < MM_MIN_GAP) gap = MM_MIN_GAP;
  if (gap > max_gap) gap = max_gap;
  mm->mmap_base = PAGE_UP(task - gap);
}

/* capable(CAP_SYS_RESOURCE) for emu's own process. */
static bool capable_sys_resource(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  memset(d, 0, sizeof d);
  if (syscall(SYS_capget, &h, d) < 0) return false;
  return d[CAP_SYS_RESOURCE / 32].effective & (1u << (CAP_SYS_RESOURCE % 32));
}

long mm_rlimit(struct mm *mm, int which, const struct mm_rlim *nw, struct mm_rlim *old) {
  if (which < 0 || which >= MM_NRLIM) return -EINVAL;
  if (nw && nw->cur > nw->max) return -EINVAL;
  mm_lock(mm);
  struct mm_rlim *r = &mm->rlim[which];
  long ret = 0;
  if (nw && nw->max > r->max && !capable_sys_resource()) ret = -EPERM;
  if (!ret) {
    if (old) *old = *r;
    if (nw) *r = *nw;
  }
  mm_unlock(mm);
  return ret;
}

static void put_val(char *buf, size_t size, u64 v) {
  if (v == MM_RLIM_INF)
    snprintf(buf, size, "inf");
  else
    snprintf(buf, size, "%llu", (unsigned long long)v);
}

void mm_rlimit_format(const struct mm *mm, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = 0;
  for (int k = 0; k < MM_NRLIM && n < size; k++) {
    char c[24], m[24];
    put_val(c, sizeof c, mm->rlim[k].cur);
    put_val(m, sizeof m, mm->rlim[k].max);
    n += (size_t)snprintf(buf + n, size - n, "%s%s:%s:%s", k ? "," : "", rlim_name[k], c, m);
  }
}

static bool get_val(const char **s, u64 *v) {
  if (!strncmp(*s, "inf", 3)) {
    *v = MM_RLIM_INF;
    *s += 3;
    return true;
  }
  char *e;
  unsigned long long x = strtoull(*s, &e, 10);
  if (e == *s) return false;
  *v = x;
  *s = e;
  return true;
}

bool mm_rlimit_parse(const char *s, struct mm_rlim rlim[MM_NRLIM]) {
  while (*s) {
    int k = 0;
    while (k < MM_NRLIM && strncmp(s, rlim_name[k], strlen(rlim_name[k]))) k++;
    if (k == MM_NRLIM) return false;
    s += strlen(rlim_name[k]);
    struct mm_rlim r;
    if (*s++ != ':' || !get_val(&s, &r.cur) || *s++ != ':' || !get_val(&s, &r.max)) return false;
    if (r.cur > r.max) return false;
    rlim[k] = r;
    if (*s == ',') s++;
    else if (*s) return false;
  }
  return true;
}

/* may_expand_vm(): room for bytes more of a mapping (data: private and
 * writable, not a stack, is_data_mapping()) under RLIMIT_AS and RLIMIT_DATA. */
bool mm_may_expand(const struct mm *mm, bool data, u64 bytes) {
  u64 npages = bytes / PAGE_SIZE, as = mm->rlim[MM_RLIM_AS].cur;
  if (as != MM_RLIM_INF && (mm->total_vm / PAGE_SIZE) + npages > as / PAGE_SIZE) return false;
  const struct mm_rlim *d = &mm->rlim[MM_RLIM_DATA];
  if (data && d->cur != MM_RLIM_INF && (mm->data_vm / PAGE_SIZE) + npages > d->cur / PAGE_SIZE) {
    /* The kernel's workaround for Valgrind: a zero soft limit checks the hard one. */
    return d->cur == 0 && (d->max == MM_RLIM_INF ||
                           (mm->data_vm / PAGE_SIZE) + npages <= d->max / PAGE_SIZE);
  }
  return true;
}

/* expand_downwards() for a fault at addr: the first vma above it must grow
 * down (MAP_GROWSDOWN), keep the guard gap to an accessible vma below,
 * and stay within RLIMIT_STACK and RLIMIT_AS (acct_stack_growth()). */
static bool expand_stack_locked(struct mm *mm, u64 addr) {
  if (addr >= mm_task_size(mm) || addr < mm_min_addr()) return false;
  int i = mm_lower(mm, addr);
  if (i >= mm->nvmas) return false;
  const struct vma *v = &mm->vmas[i];
  if (v->start <= addr || !(v->flags & MAP_GROWSDOWN)) return false;
  u64 start = PAGE_DOWN(addr), grow = v->start - start, size = v->end - start;
  if (i > 0) {
    const struct vma *prev = &mm->vmas[i - 1];
    if (!(prev->flags & MAP_GROWSDOWN) && prev->prot && start - prev->end < MM_STACK_GUARD_GAP)
      return false;
  }
  u64 lim = mm->rlim[MM_RLIM_STACK].cur;
  if (lim != MM_RLIM_INF && size > lim) return false;
  if (!mm_may_expand(mm, false, grow) || !mm_host_room(mm, 2)) return false;
  /* Never MAP_GROWSDOWN in the host: the host kernel would grow it behind
   * emu's back (a lazy window has nothing mapped below). */
  void *p = mmap(mm->base + start, grow, mm_host_prot(v->prot),
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) {
    (void)mm_host_release(mm, start, start + grow);
    return false;
  }
  mm_vma_set(mm, i, start, v->end, v->prot);
  return true;
}

static SLOW_PATH bool expand_stack(struct mm *mm, u64 addr) {
  mm_lock(mm);
  bool r = expand_stack_locked(mm, addr);
  mm_unlock(mm);
  return r;
}

bool mm_expand_stack(struct mm *mm, u64 addr) {
  /* Mapped already (the common case, checked without the lock as the
   * fault handler does): nothing to grow. */
  if (addr >= mm->limit || mm_find(mm, addr)) return false;
  return expand_stack(mm, addr);
}
