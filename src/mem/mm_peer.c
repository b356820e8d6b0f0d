/* mm_peer.c — the guest window as another process finds it.
 *
 * process_vm_readv and process_vm_writev (mm/process_vm_access.c) name
 * another process's memory by that process's own addresses.  When the
 * process is an emu, its guest address g lives at its host address
 * base + g, in a window whose place the host's mmap chose.  So each emu
 * publishes its window in a header at one fixed host address (MM_PEER_HDR),
 * and the other side reads the header with the host's process_vm_readv:
 * the same permission check (PTRACE_MODE_ATTACH_REALCREDS) as the access
 * it is for, and no /proc, whose pids need not be the caller's (a PID
 * namespace without its own /proc).  A fork's child inherits the header
 * with the window; an execve's new emu writes its own.
 *
 * A process without the header is not an emu: its addresses are the
 * host's.  An emu whose window is lazy (valgrind, a small RLIMIT_AS) has
 * host mappings of its own between the guest's pages, so it publishes an
 * empty window: every remote page faults, as nothing of it is reachable.
 * When the fixed address is taken, emu runs without the header and looks
 * native from outside, except to itself: a process that reads back this
 * process's own copy of its header at the copy's address is this one (or a
 * fork of it, whose window is at the same place), never a native process
 * whose addresses would be emu's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "mem_internal.h"

#define MM_PEER_HDR   0x10000000ul          /* 256 MiB: below where PIE programs and mmap go */
#define MM_PEER_MAGIC 0x31726565702d756dull /* "mu-peer1" */

struct peer_hdr {
  u64 magic;
  u64 base;  /* the host address of guest address 0 */
  u64 limit; /* guest addresses below it are in the window (0: none reachable) */
};

static struct peer_hdr self; /* this process's header, also when the page was taken */

void mm_peer_publish(const struct mm *mm) {
  static struct peer_hdr *hdr;
  self = (struct peer_hdr){MM_PEER_MAGIC, (u64)(uintptr_t)mm->base, mm->lazy ? 0 : mm->limit};
  if (!hdr) {
    void *p = mmap((void *)MM_PEER_HDR, PAGE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) return;
    if (p != (void *)MM_PEER_HDR) { /* a kernel that takes the flag as a hint */
      munmap(p, PAGE_SIZE);
      return;
    }
    hdr = p;
  }
  *hdr = self;
}

/* pid's header at host address at: 1 (w filled in), 0 (none), -errno. */
static int read_hdr(int pid, const void *at, const struct peer_hdr *want, struct mm_peer *w) {
  struct peer_hdr h;
  struct iovec l = {&h, sizeof h}, r = {(void *)at, sizeof h};
  ssize_t k = process_vm_readv(pid, &l, 1, &r, 1, 0);
  if (k < 0) return errno == EFAULT ? 0 : -errno;
  if (k != sizeof h || h.magic != MM_PEER_MAGIC || (want && memcmp(&h, want, sizeof h))) return 0;
  w->base = h.base;
  w->limit = h.limit;
  return 1;
}

int mm_peer_find(int pid, struct mm_peer *w) {
  int r = read_hdr(pid, (const void *)MM_PEER_HDR, NULL, w);
  return r || !self.magic ? r : read_hdr(pid, &self, &self, w);
}

u64 mm_peer_addr(const struct mm_peer *w, u64 addr, u64 *len) {
  if (!w->limit) { /* a lazy window: a page nothing maps (below mmap_min_addr) */
    if (*len > PAGE_SIZE) *len = PAGE_SIZE;
    return PAGE_SIZE;
  }
  /* Past the window the range goes into its guard area (PROT_NONE in the
   * peer), so the host faults there, and never beyond it. */
  if (addr >= w->limit) {
    if (*len > MM_GUARD) *len = MM_GUARD;
    return w->base + w->limit;
  }
  if (*len > w->limit + MM_GUARD - addr) *len = w->limit + MM_GUARD - addr;
  return w->base + addr;
}
