/* sys_futex.c — futex(2) for both ABIs (and futex_time64 of i386).
 * Mirrors kernel/futex/syscalls.c (sys_futex, futex_cmd_has_timeout,
 * futex_init_timeout).
 *
 * A guest futex word at guest address g lives at host address base + g, and
 * guest threads are host threads of one host process (guest tids = host
 * tids), so every operation — WAIT, WAKE, the BITSET forms, REQUEUE,
 * CMP_REQUEUE, WAKE_OP and the PI family glibc's mutexes use — is the host
 * futex call on the translated address: the host kernel gives the exact
 * semantics, the EAGAIN/ETIMEDOUT/EINVAL/EFAULT answers, and the owner-tid
 * protocol of the PI futexes.  Shared futexes in MAP_SHARED memory work
 * across forked emus too, since the pages are the same host pages.  Only the
 * timeout differs between the ABIs: i386's futex takes a 32-bit timespec,
 * futex_time64 and x86-64's a 64-bit one.
 *
 * The waits and the guest's signals: a host signal for the guest is queued
 * by the host handler, which sets cpu.kick; the CPU loop looks at kick only
 * between blocks, so a signal that comes after that look, on the way to the
 * host FUTEX_WAIT, would be queued while the thread goes to sleep on a word
 * that only the guest's handler would change (the kernel checks for pending
 * signals after queueing the waiter: no such window).  The waits that the
 * kernel ends for a signal (WAIT, WAIT_BITSET) therefore go through
 * safe_syscall (signal.c, QEMU's of the same name): kick is tested right
 * before the syscall instruction, and the host handler, when it interrupts
 * a thread between the two, sends it past the call instead.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "signal.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* Host addresses for a guest address outside the window: one that passes
 * the host's access_ok but faults (the first pages are never mapped), and one
 * that fails it, keeping the low bits so alignment is checked as natively. */
#define FAULT_BASE       ((uintptr_t)4096)
#define BADADDR_BASE     ((uintptr_t)0x8000000000000000ull)
#define LX_TASK_SIZE_MAX 0x7ffffffff000ull

static void *futex_host_addr(struct task *t, u64 uaddr) {
  void *p = user_ptr(MM(t), uaddr, 4);
  if (p) return p;
  u64 top = t->abi == ABI_I386 || t->cpu.mode == 32 ? (1ull << 32) : LX_TASK_SIZE_MAX;
  return (void *)((uaddr < top ? FAULT_BASE : BADADDR_BASE) | (uaddr & 3));
}

long futex_wake_guest(struct task *t, u64 uaddr, int n, bool private_) {
  void *p = user_ptr(MM(t), uaddr, 4);
  if (!p) return -EFAULT;
  return host_ret(
      syscall(SYS_futex, p, FUTEX_WAKE | (private_ ? FUTEX_PRIVATE_FLAG : 0), n, NULL, NULL, 0));
}

static bool cmd_has_timeout(int cmd) {
  switch (cmd) {
  case FUTEX_WAIT:
  case FUTEX_LOCK_PI:
  case FUTEX_LOCK_PI2:
  case FUTEX_WAIT_BITSET:
  case FUTEX_WAIT_REQUEUE_PI: return true;
  default: return false;
  }
}

static bool cmd_has_uaddr2(int cmd) {
  switch (cmd) {
  case FUTEX_REQUEUE:
  case FUTEX_CMP_REQUEUE:
  case FUTEX_WAKE_OP:
  case FUTEX_WAIT_REQUEUE_PI:
  case FUTEX_CMP_REQUEUE_PI: return true;
  default: return false;
  }
}

/* tsize: 8 (i386 old_timespec32) or 16 (__kernel_timespec). */
static long do_futex(struct task *t, u64 uaddr, int op, u32 val, u64 utime, u64 uaddr2, u32 val3,
                     int tsize) {
  int cmd = op & FUTEX_CMD_MASK;
  struct timespec ts, *tp = NULL;
  u64 arg4 = utime;
  if (cmd_has_timeout(cmd)) {
    if (utime) {
      if (tsize == 8) {
        i32 v[2];
        if (copy_from_user(MM(t), v, utime, sizeof v)) return -EFAULT;
        ts.tv_sec = v[0];
        ts.tv_nsec = v[1];
      } else {
        i64 v[2];
        if (copy_from_user(MM(t), v, utime, sizeof v)) return -EFAULT;
        ts.tv_sec = v[0];
        /* A 32-bit task's tv_nsec is the low half (get_timespec64). */
        ts.tv_nsec = t->abi == ABI_I386 ? (long)(i32)v[1] : (long)v[1];
      }
      tp = &ts;
    }
    arg4 = (u64)(uintptr_t)tp;
  } else if (t->abi == ABI_I386) {
    arg4 = (u32)utime;
  }
  void *h = futex_host_addr(t, uaddr);
  void *h2 = cmd_has_uaddr2(cmd) ? futex_host_addr(t, uaddr2) : NULL;
  if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET)
    return sig_safe_syscall(t, SYS_futex, (long)h, op, (long)val, (long)tp, (long)h2, (long)val3);
  return host_ret(syscall(SYS_futex, h, op, val, (void *)(uintptr_t)arg4, h2, val3));
}

SYS_DEFINE6(futex, u64, uaddr, int, op, u32, val, u64, utime, u64, uaddr2, u32, val3) {
  return do_futex(t, uaddr, op, val, utime, uaddr2, val3, t->abi == ABI_I386 ? 8 : 16);
}

SYS_DEFINE6(futex_time64, u64, uaddr, int, op, u32, val, u64, utime, u64, uaddr2, u32, val3) {
  return do_futex(t, uaddr, op, val, utime, uaddr2, val3, 16);
}
