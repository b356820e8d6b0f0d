/* uaccess.c — checked copies between emu and guest memory.  Mirrors linux
 * copy_from_user/copy_to_user/strncpy_from_user (lib/strncpy_from_user.c):
 * every byte of the range is checked against the guest's vmas before any
 * host access, so a wild guest pointer yields -EFAULT and never touches
 * memory outside the guest's mappings.
 *
 * "Readable" follows x86 without protection keys: a page mapped with
 * PROT_WRITE or PROT_EXEC is readable too (mm_access_ok).
 */
#include <string.h>

#include "mem_internal.h"

/* Each copy holds the mm lock from the check to the end of the copy, so
 * another guest thread cannot unmap the range in between. */
int copy_from_user(const struct mm *mm, void *dst, u64 src, size_t n) {
  if (n == 0) return 0;
  mm_lock(mm);
  int r = 0;
  if (mm_access_ok(mm, src, n, MM_READ))
    memcpy(dst, mm->base + src, n);
  else
    r = -EFAULT;
  mm_unlock(mm);
  return r;
}

int copy_to_user(struct mm *mm, u64 dst, const void *src, size_t n) {
  if (n == 0) return 0;
  mm_lock(mm);
  if (!mm_access_ok(mm, dst, n, MM_WRITE)) {
    mm_unlock(mm);
    return -EFAULT;
  }
  memcpy(mm->base + dst, src, n);
  /* Writing into executable pages changes code the CPU may have decoded. */
  for (u64 a = dst, end = dst + n; a < end;) {
    const struct vma *v = mm_find(mm, a);
    if (!v) break;
    if (v->prot & MM_EXEC) {
      mm->code_gen++;
      break;
    }
    a = v->end;
  }
  mm_unlock(mm);
  return 0;
}

long strncpy_from_user(const struct mm *mm, char *dst, u64 src, size_t n) {
  size_t done = 0;
  while (done < n) {
    u64 a = src + done;
    if (a < src || a >= mm->limit) return -EFAULT; /* wrapped or outside */
    u64 chunk = PAGE_UP(a + 1) - a;                /* to the end of a's page */
    if (chunk > n - done) chunk = n - done;
    mm_lock(mm);
    if (!mm_access_ok(mm, a, chunk, MM_READ)) {
      mm_unlock(mm);
      return -EFAULT;
    }
    const char *s = (const char *)mm->base + a;
    const char *z = memchr(s, 0, chunk);
    if (z) {
      size_t k = (size_t)(z - s);
      memcpy(dst + done, s, k + 1);
      mm_unlock(mm);
      return (long)(done + k);
    }
    memcpy(dst + done, s, chunk);
    mm_unlock(mm);
    done += chunk;
  }
  if (n) dst[n - 1] = 0;
  return -ENAMETOOLONG;
}

void *user_ptr(const struct mm *mm, u64 addr, u64 len) {
  u64 end = addr + len;
  if (end < addr || addr > mm->limit || end > mm->limit + MM_GUARD) return NULL;
  return mm->base + addr;
}
