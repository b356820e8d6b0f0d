/* lx_signal.h — guest signal structures (sigaction, stack_t, siginfo), byte
 * for byte as Linux lays them out for each ABI: lx32_* is i386, lx_* the
 * x86-64 layout, which the kernel model also keeps for every task (i386
 * converts at the system call).  tests/abi_layout.c checks them against
 * the kernel's uapi headers compiled -m64 and -m32. */
#ifndef EMU_LX_SIGNAL_H
#define EMU_LX_SIGNAL_H

#include "../common.h"

/* The kernel's guest-visible sigaction, in the x86-64 layout (i386 converts). */
struct lx_sigaction {
  u64 handler; /* SIG_DFL 0, SIG_IGN 1, or a guest address */
  u64 flags;
  u64 restorer;
  u64 mask;
};
_Static_assert(sizeof(struct lx_sigaction) == 32, "lx_sigaction");

/* stack_t as the kernel keeps it (x86-64 layout; i386 converts). */
struct lx_stack {
  u64 ss_sp;
  i32 ss_flags;
  u32 pad;
  u64 ss_size;
};
_Static_assert(sizeof(struct lx_stack) == 24, "lx_stack");

/* struct sigaction of the i386 rt_sigaction: handler, flags, restorer, mask. */
struct lx32_sigaction {
  u32 handler;
  u32 flags;
  u32 restorer;
  u64 mask;
} __attribute__((packed));
_Static_assert(sizeof(struct lx32_sigaction) == 20, "i386 sigaction");

/* i386 struct old_sigaction: handler, mask (32 bits), flags, restorer. */
struct lx32_old_sigaction {
  u32 handler, mask, flags, restorer;
};
_Static_assert(sizeof(struct lx32_old_sigaction) == 16, "lx32_old_sigaction");

/* stack_t of i386: ss_sp, ss_flags, ss_size as 32-bit words. */
struct lx32_stack {
  u32 ss_sp;
  i32 ss_flags;
  u32 ss_size;
};
_Static_assert(sizeof(struct lx32_stack) == 12, "i386 stack_t");

/* siginfo_t as the x86-64 kernel lays it out (include/uapi/asm-generic/
 * siginfo.h): three ints, padding, then the union at offset 16.  The i386
 * compat layout is made from it when a frame is written (signal_i386.c). */
struct lx_siginfo {
  i32 signo, err, code, pad0;
  union {
    struct {
      i32 pid;
      u32 uid;
      u64 value;
    } kill; /* SI_USER/SI_TKILL; rt: value */
    struct {
      i32 tid;
      i32 overrun;
      u64 value;
    } timer;
    struct {
      i32 pid;
      u32 uid;
      i32 status;
      u32 pad;
      i64 utime, stime;
    } chld;
    struct {
      u64 addr;
    } fault;
    struct {
      i64 band;
      i32 fd;
    } poll;
    struct {
      u64 call_addr;
      i32 syscall;
      u32 arch;
    } sys;
    u8 raw[112];
  } u;
};
_Static_assert(sizeof(struct lx_siginfo) == 128, "siginfo is 128 bytes");

/* The compat siginfo of i386 (copy_siginfo_to_user32): three ints, then the
 * union at offset 12, every field a 32-bit word. */
struct lx32_siginfo {
  i32 signo, err, code;
  union {
    struct {
      i32 pid;
      u32 uid;
      i32 value;
    } kill; /* SI_USER/SI_TKILL; rt: value */
    struct {
      i32 tid;
      i32 overrun;
      i32 value;
    } timer;
    struct {
      i32 pid;
      u32 uid;
      i32 status;
      i32 utime, stime;
    } chld;
    struct {
      u32 addr;
    } fault;
    struct {
      i32 band;
      i32 fd;
    } poll;
    struct {
      u32 call_addr;
      i32 syscall;
      u32 arch;
    } sys;
    u8 raw[116];
  } u;
};
_Static_assert(sizeof(struct lx32_siginfo) == 128, "lx32_siginfo");
_Static_assert(offsetof(struct lx32_siginfo, u) == 12, "lx32_siginfo union");

#endif
