/* common.h — types and small helpers shared by every emu module. */
#ifndef EMU_COMMON_H
#define EMU_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t i8;
typedef int16_t i16;
typedef int32_t i32;
typedef int64_t i64;
#ifdef __SIZEOF_INT128__ /* not on i386: tests/abi_layout.c includes src/abi under -m32 */
typedef unsigned __int128 u128;
typedef __int128 i128;
#endif

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WUR         __attribute__((warn_unused_result))
#define NORETURN    __attribute__((noreturn))
#define UNUSED      __attribute__((unused))
/* A rarely taken path out of line: GCC saves the registers a function's
 * slow path needs before its first test, so a fast path that returns at
 * once pays for them unless the slow path is a function of its own. */
#define SLOW_PATH   __attribute__((noinline))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* SQLite's ALWAYS()/NEVER(): conditions believed impossible but survivable.
 * Debug builds assert; release builds take the safe branch. */
#ifdef NDEBUG
#define ALWAYS(x) __extension__({ bool b_ = (x); b_; })
#define NEVER(x)  __extension__({ bool b_ = (x); b_; })
#else
#include <assert.h>
#define ALWAYS(x) __extension__({ bool b_ = (x); assert(b_); b_; })
#define NEVER(x)  __extension__({ bool b_ = (x); assert(!b_); b_; })
#endif

/* emu runs on x86-64 Linux hosts only: guest errno values (LX_E*) equal the
 * host's E* values, so a host error is returned to the guest as -errno.
 * Every syscall-layer function returns a value >= 0 or -LX_Exxx. */
#include <errno.h>
static inline long host_ret(long r) { return r == -1 ? -errno : r; }

/* The fork gate (fork_gate.c).  glibc's malloc takes its own locks around
 * fork(); the allocator of GCC 12's AddressSanitizer does not, so in a
 * sanitizer build a host fork while another thread is inside it (refilling
 * a size class, draining the quarantine, setting up or tearing down a
 * thread) leaves the child's copy of that lock held by a thread that does
 * not exist there, and the child hangs at its first allocation.  In such
 * builds the allocating paths that run beside a guest's fork (the decoded-
 * code cache, a thread's birth and death) hold the gate shared and a host
 * fork holds it alone; in other builds these calls are empty.  Shared holds
 * nest (a per-thread count). */
#if defined(__SANITIZE_ADDRESS__)
#define EMU_FORK_GATE 1
void fork_gate_enter(void);
void fork_gate_leave(void);
/* A joinable host thread leaving emu's code for good: a fork waits until
 * its exit is complete.  fork_gate_reap joins those already gone. */
void fork_gate_thread_ends(void);
void fork_gate_reap(void);
/* Around a host fork: close before it, open after (child: in the child). */
void fork_gate_close(void);
void fork_gate_open(bool child);
#else
#define EMU_FORK_GATE 0
static inline void fork_gate_enter(void) {}
static inline void fork_gate_leave(void) {}
static inline void fork_gate_thread_ends(void) {}
static inline void fork_gate_reap(void) {}
static inline void fork_gate_close(void) {}
static inline void fork_gate_open(bool child) { (void)child; }
#endif

#define PAGE_SIZE 4096ull
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_UP(x)   (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_DOWN(x) ((x) & PAGE_MASK)

#endif
