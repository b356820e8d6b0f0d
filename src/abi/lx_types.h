/* lx_types.h — guest structures and limits shared by several system-call
 * subsystems, byte for byte as the kernel lays them out for each ABI.  A
 * structure used by one subsystem only stays in its header. */
#ifndef EMU_LX_TYPES_H
#define EMU_LX_TYPES_H

#include "../common.h"
#include "lx_time.h"

/* The kernel's highest user address + 1 for a 64-bit task with 4-level paging
 * (arch/x86 TASK_SIZE_MAX); access_ok() rejects a range ending above it. */
#define LX_TASK_SIZE_MAX 0x7ffffffff000ull

/* MAX_RW_COUNT: the most one read/write-style call transfers. */
#define LX_MAX_RW_COUNT (0x7fffffffu & ~0xfffu)

/* struct pollfd: the same in every ABI. */
struct lx_pollfd {
  i32 fd;
  i16 events;
  i16 revents;
};
_Static_assert(sizeof(struct lx_pollfd) == 8, "lx_pollfd");

/* struct epoll_event: packed on x86, so 12 bytes on both ABIs. */
struct lx_epoll_event {
  u32 events;
  u64 data;
} __attribute__((packed));
_Static_assert(sizeof(struct lx_epoll_event) == 12, "epoll_event is 12 bytes on x86");

/* struct iovec of x86-64: base, len. */
struct lx64_iovec {
  u64 iov_base;
  u64 iov_len;
};
_Static_assert(sizeof(struct lx64_iovec) == 16, "lx64_iovec");

/* struct compat_iovec: base, len. */
struct lx32_iovec {
  u32 iov_base;
  u32 iov_len;
};
_Static_assert(sizeof(struct lx32_iovec) == 8, "lx32_iovec");

#endif
