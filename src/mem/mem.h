/* mem.h — the guest address space and checked user copies (uaccess).
 *
 * One host reservation holds the whole guest space: guest address g lives at
 * host address base + g.  An i386 guest gets 4 GiB, an x86-64 guest a window
 * of MM_WINDOW64 bytes; a guard area follows the window so an access that
 * starts inside it and runs off the end faults in the host instead of touching
 * anything else.  Pages the guest has not mapped are PROT_NONE in the host,
 * so a stray guest access faults in the host and becomes a guest SIGSEGV.
 *
 *   host:  base                      base+limit        base+limit+MM_GUARD
 *          |  guest pages / PROT_NONE  | guard (PROT_NONE) |
 *
 * Beside the reservation, a sorted list of guest mappings (vmas) records what
 * /proc/self/maps would show; it decides SEGV_MAPERR versus SEGV_ACCERR and
 * what uaccess may touch.  Nothing outside src/mem reads or writes guest
 * memory except through the accessors here or the CPU's inline loads.
 */
#ifndef EMU_MEM_H
#define EMU_MEM_H

#include <pthread.h>

#include "../common.h"

#define MM_WINDOW32 (1ull << 32)
/* 32 TiB: fits beside ASan's shadow.  A build may choose less (cmake
 * -DCMAKE_C_FLAGS=-DMM_WINDOW64='(1ull<<35)'), e.g. to run emu under valgrind,
 * which cannot reserve this much. */
#ifndef MM_WINDOW64
#define MM_WINDOW64 (1ull << 45)
#endif
#define MM_GUARD    (1ull << 20)

/* The guest's own address-space limits (mem_limit.c).  emu's process is the
 * guest's, but these three would starve emu itself (its reservation counts
 * against RLIMIT_AS, its heap against RLIMIT_DATA, its main thread's stack
 * against RLIMIT_STACK), so emu keeps them per process, in the mm (a host
 * fork copies them, execve carries them as --rlimits), and enforces them on
 * the guest's mappings as mm/mmap.c may_expand_vm() and acct_stack_growth()
 * do.  Every other resource limit is the host process's own. */
enum { MM_RLIM_AS, MM_RLIM_DATA, MM_RLIM_STACK, MM_NRLIM };
#define MM_RLIM_INF (~0ull)
struct mm_rlim {
  u64 cur, max;
};

/* Guest protection bits: the same values as PROT_* */
#define MM_READ  1
#define MM_WRITE 2
#define MM_EXEC  4

struct vma {
  u64 start, end; /* [start, end), page aligned */
  int prot;       /* MM_READ | MM_WRITE | MM_EXEC */
  int flags;      /* MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS ... (host values) */
  u64 offset;     /* file offset of start, for file mappings */
  u64 dev, ino;   /* of the backing file, 0 if anonymous */
  char name[256]; /* path, "[heap]", "[stack]", "[vdso]" or "" */
};

struct mm {
  u8 *base;      /* host address of guest address 0 */
  u64 limit;     /* size of the guest window: addresses [0, limit) */
  int bits;      /* 32 or 64 */
  struct vma *vmas;
  int nvmas, cap;
  u64 mmap_base; /* top-down mmap search starts below this */
  u64 brk_start, brk; /* program break (brk_start = end of bss, page up) */
  u64 stack_top;
  bool read_implies_exec; /* personality READ_IMPLIES_EXEC (an i386 program without
                           * PT_GNU_STACK): PROT_READ brings PROT_EXEC */
  u64 code_gen;  /* bumped whenever executable mappings change (code cache flush) */
  struct mm_rlim rlim[MM_NRLIM]; /* the guest's RLIMIT_AS, _DATA, _STACK */
  u64 total_vm, data_vm;         /* bytes mapped, and of them private writable (not stack) */
  int nadj;                      /* vma pairs i, i+1 that touch (host vmas = 2*nvmas+1-nadj at most) */
  int max_map_count;             /* the host's vm.max_map_count, the guest's limit */
  int host_maps;                 /* host vmas outside the window, counted at mm_new */
  bool lazy;     /* the window is not reserved (RLIMIT_AS too small): see mm_new */
  bool legacy;   /* RLIMIT_STACK unlimited at exec: bottom-up mmap layout */
  bool shared;   /* another task may use it (mm_share): mm_lock locks */
  pthread_mutex_t lock; /* recursive; see mm_lock */
};

#define MM_MAX_MAP_COUNT 65530 /* Linux's default vm.max_map_count */

/* The mm lock serialises changes to the mappings between the guest's threads.
 * The mm_* functions and uaccess take it themselves; code that reads vmas
 * through mm_find() (the pointer is valid only while the lock is held) takes
 * it around that use.  mm_classify_fault does not lock (it runs in a signal
 * handler): the vma array never moves, so it reads a consistent-enough
 * snapshot.  It is recursive, so a locked caller may call mm_* functions. */
void mm_lock(const struct mm *mm);
void mm_unlock(const struct mm *mm);
/* Until a second task uses the mm there is nothing to serialise, and
 * mm_lock and mm_unlock do nothing: the uncontended recursive mutex was
 * about 6% of an i386 system call's cost (the EBP read at SYSENTER).  The
 * task that makes a thread or CLONE_VM process calls mm_share first,
 * holding no mm lock, before the new task can run; the mm stays shared
 * from then on. */
void mm_share(struct mm *mm);
/* In the child of a host fork() taken with the lock held: a fresh, unlocked lock. */
void mm_after_fork_child(struct mm *mm);

/* Reserve a window for a 32- or 64-bit guest (lazily when the host's
 * RLIMIT_AS is too small for the reservation).  Its limits start as the
 * host's.  NULL on failure. */
struct mm *mm_new(int bits);
void mm_free(struct mm *mm);

/* mmap semantics (flags/prot are host MAP_ and PROT_ values; fd is a host fd
 * or -1).  Returns the guest address or -errno.  MAP_FIXED replaces, as Linux
 * does; MAP_FIXED_NOREPLACE fails with -EEXIST; without MAP_FIXED addr is a
 * hint.  name labels the vma ("" for anonymous). */
long mm_map(struct mm *mm, u64 addr, u64 len, int prot, int flags, int fd, u64 off,
            const char *name);
long mm_unmap(struct mm *mm, u64 addr, u64 len);
long mm_protect(struct mm *mm, u64 addr, u64 len, int prot);
long mm_remap(struct mm *mm, u64 old, u64 oldlen, u64 newlen, int flags, u64 newaddr);
/* brk(2): returns the new (or unchanged) break, never an error, as Linux. */
u64 mm_brk(struct mm *mm, u64 newbrk);

/* mem_limit.c.  At start-up (before any mm): read the host's RLIMIT_AS,
 * _DATA and _STACK into rlim (the guest's), then raise emu's own soft limits
 * to the hard ones so emu can run. */
void mm_rlimit_startup(struct mm_rlim rlim[MM_NRLIM]);
/* Give a new mm (before anything is mapped) the guest's limits: they also
 * choose the layout (mmap_base below the stack's room, or legacy). */
void mm_set_rlimits(struct mm *mm, const struct mm_rlim rlim[MM_NRLIM]);
/* getrlimit/setrlimit of MM_RLIM_* for the guest: the kernel's do_prlimit()
 * checks (EINVAL when cur > max, EPERM raising max without
 * CAP_SYS_RESOURCE).  old and nw may be NULL. */
long mm_rlimit(struct mm *mm, int which, const struct mm_rlim *nw, struct mm_rlim *old);
/* The --rlimits text for a re-executed emu ("AS:cur:max,DATA:..,STACK:..",
 * decimal, "inf" for RLIM_INFINITY), and its parser (false on bad text). */
void mm_rlimit_format(const struct mm *mm, char *buf, size_t size);
bool mm_rlimit_parse(const char *s, struct mm_rlim rlim[MM_NRLIM]);
/* A fault at addr below a MAP_GROWSDOWN vma (the stack): grow it to cover
 * addr as mm/mmap.c expand_downwards() does; true when the access may
 * be retried. */
bool mm_expand_stack(struct mm *mm, u64 addr);

/* The vma containing addr, or NULL. */
const struct vma *mm_find(const struct mm *mm, u64 addr);
/* True when [addr, addr+len) is entirely mapped with at least prot. */
bool mm_access_ok(const struct mm *mm, u64 addr, u64 len, int prot);
/* Write the /proc/self/maps text of the guest into buf; returns its length. */
size_t mm_format_maps(const struct mm *mm, char *buf, size_t size);

/* uaccess: each returns 0 or -EFAULT and never touches memory outside the
 * guest's mappings; a host fault on a mapped guest page (a file mapping past
 * end-of-file: SIGBUS) ends the copy at the faulting byte with -EFAULT. */
WUR int copy_from_user(const struct mm *mm, void *dst, u64 src, size_t n);
WUR int copy_to_user(struct mm *mm, u64 dst, const void *src, size_t n);
/* Copy a NUL-terminated string of at most n-1 chars plus NUL; returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL is found in n bytes. */
WUR long strncpy_from_user(const struct mm *mm, char *dst, u64 src, size_t n);
/* Zero [dst, dst+n): 0 or -EFAULT (linux clear_user). */
WUR int clear_user(struct mm *mm, u64 dst, size_t n);
/* Atomically replace the aligned u32 at addr with new if it holds *old; *old
 * receives the value found (linux futex_atomic_cmpxchg_inatomic).  0 whether
 * or not it matched, -EFAULT, or -EINVAL when addr is misaligned. */
WUR int user_cmpxchg_u32(struct mm *mm, u64 addr, u32 *old, u32 new);
/* ptrace's forced access (access_process_vm with FOLL_FORCE): read or
 * write [addr, addr+n) of any mapped range, whatever its protection; 0 or
 * -EIO. */
WUR int access_process_vm(struct mm *mm, u64 addr, void *buf, size_t n, bool write);
/* Called by emu's host SIGSEGV/SIGBUS handler first: when this thread is
 * inside one of the copies above and hostaddr lies in the guest's window,
 * resume at the copy's recovery point (it returns -EFAULT) and do not
 * return; false otherwise (the fault is someone else's).  The kernel's
 * fixup_exception(). */
bool mm_uaccess_fixup(const void *hostaddr);
/* A host pointer to [addr, addr+len) for handing straight to a host system
 * call, which then returns EFAULT itself for pages the guest has not mapped
 * with the right protection (the host pages carry the guest's protection).
 * Only the window bound is checked: the range may run into the guard area
 * after the window (PROT_NONE, so the host faults there, as Linux faults at
 * the first unmapped page past the end of a 32-bit task's space), never
 * beyond it; NULL otherwise (callers return -EFAULT).  len 0 yields a valid
 * pointer. */
void *user_ptr(const struct mm *mm, u64 addr, u64 len);

/* Another process's guest window (mm_peer.c), for process_vm_readv and
 * process_vm_writev: mm_new publishes this process's; mm_peer_find reads
 * pid's through the host (1: an emu, w filled in; 0: not an emu, its
 * addresses are the host's; -errno: the host could not read it, e.g.
 * ESRCH or EPERM).  mm_peer_addr gives the host address of the peer's
 * guest range [addr, addr+*len), shortening *len so the range ends in the
 * peer's guard area at the latest: the host faults there as Linux does at
 * the first unmapped page, and never reaches the peer's own memory. */
struct mm_peer {
  u64 base, limit;
};
void mm_peer_publish(const struct mm *mm);
int mm_peer_find(int pid, struct mm_peer *w);
u64 mm_peer_addr(const struct mm_peer *w, u64 addr, u64 *len);

/* Whether the page at addr is present in the page tables as the CPU sees
 * them (the #PF error code's P bit for a fetch emu's decoder refused):
 * mapped readable or writable, and resident (mincore). */
bool mm_page_present(const struct mm *mm, u64 addr);

/* Record a host fault at host address hostaddr: if it lies in the window,
 * set *gaddr and *si_code (SEGV_MAPERR when no vma covers it, SEGV_ACCERR
 * otherwise) and return true.  Async-signal-safe. */
bool mm_classify_fault(const struct mm *mm, const void *hostaddr, u64 *gaddr, int *si_code);

#endif
