/* mem_internal.h — helpers shared by the files of src/mem (mem.c,
 * mem_remap.c, uaccess.c).  Private to src/mem. */
#ifndef EMU_MEM_INTERNAL_H
#define EMU_MEM_INTERNAL_H

#include <sys/mman.h>

#include "mem.h"

/* A private vma flag bit (MAP_* leaves bit 30 to hugetlb sizes, which a vma
 * never keeps): a shared file mapping whose fd was not open for writing
 * (Linux's !VM_MAYWRITE), so mprotect(PROT_WRITE) must fail with EACCES. */
#define VMA_NOMAYWRITE (1 << 30)

/* TASK_SIZE: the end of what the guest may map (0xffffe000 for i386). */
u64 mm_task_size(const struct mm *mm);
/* Index of the first vma with end > addr (nvmas if none). */
int mm_lower(const struct mm *mm, u64 addr);
/* mm_access_ok for a caller that holds the mm lock (uaccess's copies hold
 * it from the check to the end of the copy). */
bool mm_access_ok_locked(const struct mm *mm, u64 addr, u64 len, int prot);
/* Host protection for a guest protection. */
int mm_host_prot(int prot);
/* Make vma boundaries at start and end; false when out of memory. */
bool mm_split_at(struct mm *mm, u64 start, u64 end);
/* Drop the vmas in [start, end) from the list; true if one was executable. */
bool mm_forget(struct mm *mm, u64 start, u64 end);
/* Merge the vma at index i with compatible neighbours. */
void mm_merge_around(struct mm *mm, int i);
/* Insert v (its range must be free in the list) and merge it. */
bool mm_record(struct mm *mm, const struct vma *v);
/* Put the PROT_NONE reservation back over [start, end) in the host (a
 * lazy window: unmap it); false when the host refused (ENOMEM), the old
 * pages then still being there. */
bool mm_host_release(struct mm *mm, u64 start, u64 end);
/* mmap_min_addr, page aligned. */
u64 mm_min_addr(void);
/* Whether the host has room for more host vmas in the window (each guest
 * vma is one host vma, plus one for each hole between them) while keeping
 * MM_HOST_SLACK entries of vm.max_map_count for emu itself. */
bool mm_host_room(const struct mm *mm, int more);
/* Set the bounds and protection of vma i, keeping the counts right. */
void mm_vma_set(struct mm *mm, int i, u64 start, u64 end, int prot);
/* is_data_mapping(): VM_WRITE without VM_SHARED or VM_STACK (GROWSDOWN). */
static inline bool mm_is_data(int prot, int flags) {
  return (prot & MM_WRITE) && !(flags & (MAP_SHARED | MAP_GROWSDOWN));
}
/* mem_limit.c: may_expand_vm() for bytes more (data: is_data_mapping()). */
bool mm_may_expand(const struct mm *mm, bool data, u64 bytes);
/* The mm's limits from the host process's (a fresh mm). */
void mm_rlimit_init_host(struct mm *mm);
/* True when no vma intersects [start, end). */
bool mm_range_free(const struct mm *mm, u64 start, u64 end);
/* get_unmapped_area() without MAP_FIXED: an address or 0 when full. */
u64 mm_find_area(const struct mm *mm, u64 hint, u64 len, int flags);

#endif
