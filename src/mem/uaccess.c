/* uaccess.c — checked copies between emu and guest memory.  Mirrors linux
 * copy_from_user/copy_to_user/strncpy_from_user/clear_user (lib/usercopy.c,
 * lib/strncpy_from_user.c) and their exception tables
 * (arch/x86/mm/extable.c):
 *
 *   1. every byte of the range is checked against the guest's vmas before
 *      any host access, so a wild guest pointer yields -EFAULT and never
 *      touches memory outside the guest's mappings;
 *   2. a range that passes the check may still fault in the host: a file
 *      mapping past end-of-file (SIGBUS), a page the host refuses.  Each
 *      host access runs with this thread's recovery point armed, and emu's
 *      host fault handler (cpu/interp.c) resumes there when the fault lies
 *      in the guest's window (mm_uaccess_fixup): the copy stops at the
 *      faulting byte, as the kernel's copy_user_handle_tail does, and
 *      returns -EFAULT.  A fault on emu's own memory stays a crash.
 *
 * "Readable" follows x86 without protection keys: a page mapped with
 * PROT_WRITE or PROT_EXEC is readable too (mm_access_ok).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>

#include "mem_internal.h"

/* The armed recovery point of the copy this thread is in, and the guest
 * whose window it covers: the exception-table entry of the one host access
 * in flight.  NULL outside copies. */
static __thread sigjmp_buf *ua_fixup;
static __thread const struct mm *ua_mm;

bool mm_uaccess_fixup(const void *hostaddr) {
  sigjmp_buf *jb = ua_fixup;
  const struct mm *mm = ua_mm;
  if (!jb || !mm) return false;
  uintptr_t h = (uintptr_t)hostaddr, b = (uintptr_t)mm->base;
  if (h < b || h - b >= mm->limit + MM_GUARD) return false; /* emu's own memory */
  ua_fixup = NULL;
  siglongjmp(*jb, 1);
}

/* Arm jb for the host accesses that follow; returns the recovery point it
 * replaces (a copy made by a signal handler nests). */
static sigjmp_buf *ua_arm(const struct mm *mm, sigjmp_buf *jb, const struct mm **old_mm) {
  sigjmp_buf *old = ua_fixup;
  *old_mm = ua_mm;
  ua_mm = mm;
  ua_fixup = jb;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  return old;
}

static void ua_disarm(sigjmp_buf *old, const struct mm *old_mm) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  ua_fixup = old;
  ua_mm = old_mm;
}

/* One byte at a time, ascending, to the first faulting byte: the kernel's
 * tail handling, so a short copy leaves the same bytes written as natively.
 * Returns the bytes not copied. */
static size_t ua_copy_bytes(const struct mm *mm, u8 *dst, const u8 *src, size_t n) {
  sigjmp_buf jb;
  const struct mm *old_mm;
  sigjmp_buf *old = ua_arm(mm, &jb, &old_mm);
  volatile size_t i = 0;
  if (sigsetjmp(jb, 0) == 0) {
    for (; i < n; i++) ((volatile u8 *)dst)[i] = ((const volatile u8 *)src)[i];
  }
  ua_disarm(old, old_mm);
  return n - i;
}

/* memcpy where either side is guest memory of mm (already checked against
 * the vmas); returns the bytes not copied. */
static size_t ua_copy(const struct mm *mm, void *dst, const void *src, size_t n) {
  sigjmp_buf jb;
  const struct mm *old_mm;
  sigjmp_buf *old = ua_arm(mm, &jb, &old_mm);
  if (sigsetjmp(jb, 0)) {
    ua_disarm(old, old_mm);
    return ua_copy_bytes(mm, dst, src, n);
  }
  if (n == 4) /* get_user/put_user of a 32-bit word, without the call */
    __builtin_memcpy(dst, src, 4);
  else if (n == 8)
    __builtin_memcpy(dst, src, 8);
  else
    memcpy(dst, src, n);
  ua_disarm(old, old_mm);
  return 0;
}

/* Each copy holds the mm lock from the check to the end of the copy, so
 * another guest thread cannot unmap the range in between. */
int copy_from_user(const struct mm *mm, void *dst, u64 src, size_t n) {
  if (n == 0) return 0;
  mm_lock(mm);
  int r = -EFAULT;
  if (mm_access_ok_locked(mm, src, n, MM_READ) && ua_copy(mm, dst, mm->base + src, n) == 0) r = 0;
  mm_unlock(mm);
  return r;
}

/* Writing into executable pages changes code the CPU may have decoded. */
static void ua_wrote(struct mm *mm, u64 dst, size_t n) {
  for (u64 a = dst, end = dst + n; a < end;) {
    const struct vma *v = mm_find(mm, a);
    if (!v) break;
    if (v->prot & MM_EXEC) {
      mm->code_gen++;
      break;
    }
    a = v->end;
  }
}

int copy_to_user(struct mm *mm, u64 dst, const void *src, size_t n) {
  if (n == 0) return 0;
  mm_lock(mm);
  if (!mm_access_ok_locked(mm, dst, n, MM_WRITE)) {
    mm_unlock(mm);
    return -EFAULT;
  }
  size_t left = ua_copy(mm, mm->base + dst, src, n);
  ua_wrote(mm, dst, n - left);
  mm_unlock(mm);
  return left ? -EFAULT : 0;
}

int clear_user(struct mm *mm, u64 dst, size_t n) {
  if (n == 0) return 0;
  mm_lock(mm);
  volatile int r = -EFAULT; /* set after sigsetjmp */
  if (mm_access_ok_locked(mm, dst, n, MM_WRITE)) {
    sigjmp_buf jb;
    const struct mm *old_mm;
    sigjmp_buf *old = ua_arm(mm, &jb, &old_mm);
    if (sigsetjmp(jb, 0) == 0) {
      memset(mm->base + dst, 0, n);
      r = 0;
    }
    ua_disarm(old, old_mm);
    ua_wrote(mm, dst, n);
  }
  mm_unlock(mm);
  return r;
}

long strncpy_from_user(const struct mm *mm, char *dst, u64 src, size_t n) {
  size_t done = 0;
  while (done < n) {
    u64 a = src + done;
    if (a < src || a >= mm->limit) return -EFAULT; /* wrapped or outside */
    u64 chunk = PAGE_UP(a + 1) - a;                /* to the end of a's page */
    if (chunk > n - done) chunk = n - done;
    mm_lock(mm);
    size_t got = 0;
    if (mm_access_ok_locked(mm, a, chunk, MM_READ))
      got = chunk - ua_copy(mm, dst + done, mm->base + a, chunk);
    mm_unlock(mm);
    const char *z = memchr(dst + done, 0, got);
    if (z) return (long)(done + (size_t)(z - (dst + done)));
    if (got < chunk) return -EFAULT;
    done += chunk;
  }
  if (n) dst[n - 1] = 0;
  return -ENAMETOOLONG;
}

int user_cmpxchg_u32(struct mm *mm, u64 addr, u32 *old, u32 new) {
  if (addr & 3) return -EINVAL;
  mm_lock(mm);
  volatile int r = -EFAULT; /* set after sigsetjmp */
  if (mm_access_ok_locked(mm, addr, 4, MM_READ | MM_WRITE)) {
    sigjmp_buf jb;
    const struct mm *old_mm;
    sigjmp_buf *prev = ua_arm(mm, &jb, &old_mm);
    if (sigsetjmp(jb, 0) == 0) {
      u32 *w = (u32 *)(mm->base + addr);
      __atomic_compare_exchange_n(w, old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
      r = 0;
    }
    ua_disarm(prev, old_mm);
  }
  mm_unlock(mm);
  return r;
}

void *user_ptr(const struct mm *mm, u64 addr, u64 len) {
  u64 end = addr + len;
  if (end < addr || addr > mm->limit || end > mm->limit + MM_GUARD) return NULL;
  return mm->base + addr;
}

/* access_process_vm() with FOLL_FORCE, for ptrace's PEEK and POKE: any
 * mapped range, whatever its protection (a breakpoint goes into read-only
 * text; a private mapping gets its own copy, as the kernel's forced write
 * breaks COW).  The host's /proc/self/mem makes the same forced access to
 * the window.  A write into executable pages drops the decoded code.
 * 0, or -EIO where the kernel's ptrace_access_vm comes up short. */
int access_process_vm(struct mm *mm, u64 addr, void *buf, size_t n, bool write) {
  if (n == 0) return 0;
  mm_lock(mm);
  int r = -EIO;
  if (mm_access_ok_locked(mm, addr, n, 0)) {
    int fd = open("/proc/self/mem", (write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd >= 0) {
      off_t at = (off_t)(uintptr_t)(mm->base + addr);
      ssize_t k = write ? pwrite(fd, buf, n, at) : pread(fd, buf, n, at);
      if (k == (ssize_t)n) r = 0;
      close(fd);
    }
    if (write && r == 0) ua_wrote(mm, addr, n);
  }
  mm_unlock(mm);
  return r;
}
