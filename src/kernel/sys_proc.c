/* sys_proc.c — process and thread control that the foundation needs: exit,
 * arch_prctl, the thread-start calls glibc and musl make (set_tid_address,
 * set_robust_list, rseq).  The signal calls are in sys_signal.c.
 * Mirrors kernel/exit.c, arch/x86/kernel/process_64.c (do_arch_prctl_64)
 * and kernel/rseq.c. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel.h"

/* HOOK (procs engineer): exit and exit_group are served by sys_thread.c,
 * which knows the other threads of the process. */
SYS_DEFINE1(exit_group, int, code) { return task_exit_group(t, code); }
SYS_DEFINE1(exit, int, code) { return task_exit_thread(t, code); }

#define ARCH_SET_GS          0x1001
#define ARCH_SET_FS          0x1002
#define ARCH_GET_FS          0x1003
#define ARCH_GET_GS          0x1004
#define ARCH_GET_CPUID       0x1011
#define ARCH_SET_CPUID       0x1012
#define ARCH_GET_XCOMP_SUPP  0x1021
#define ARCH_GET_XCOMP_PERM  0x1022
#define ARCH_REQ_XCOMP_PERM  0x1023

SYS_DEFINE2(arch_prctl, int, option, u64, arg2) {
  struct cpu *c = &t->cpu;
  u64 v;
  switch (option) {
  case ARCH_SET_FS:
  case ARCH_SET_GS:
    /* The kernel refuses bases beyond the user address space. */
    if (arg2 >= (1ull << 47) - 4096) return -EPERM;
    c->seg_base[option == ARCH_SET_FS ? SEG_FS : SEG_GS] = arg2;
    c->seg[option == ARCH_SET_FS ? SEG_FS : SEG_GS] = 0;
    return 0;
  case ARCH_GET_FS:
  case ARCH_GET_GS:
    v = c->seg_base[option == ARCH_GET_FS ? SEG_FS : SEG_GS];
    return copy_to_user(MM(t), arg2, &v, 8);
  case ARCH_GET_CPUID: return 1;
  case ARCH_SET_CPUID: return -ENODEV; /* no CPUID faulting */
  case ARCH_GET_XCOMP_SUPP:
  case ARCH_GET_XCOMP_PERM:
    v = 3; /* x87 | SSE: what XCR0 enables */
    return copy_to_user(MM(t), arg2, &v, 8);
  case ARCH_REQ_XCOMP_PERM: return -EINVAL;
  default: return -EINVAL;
  }
}

SYS_DEFINE1(set_tid_address, u64, tidptr) {
  t->clear_child_tid = tidptr;
  return t->tid;
}

SYS_DEFINE2(set_robust_list, u64, head, u64, len) {
  if (len != 24) return -EINVAL; /* sizeof(struct robust_list_head) */
  t->robust_list = head;
  t->robust_len = len;
  return 0;
}

SYS_DEFINE3(get_robust_list, int, pid, u64, head_ptr, u64, len_ptr) {
  if (pid != 0 && pid != t->tid) return -ESRCH;
  if (copy_to_user(MM(t), head_ptr, &t->robust_list, 8)) return -EFAULT;
  return copy_to_user(MM(t), len_ptr, &t->robust_len, 8);
}

/* rseq: registration as kernel/rseq.c checks it; emu runs each thread on
 * "cpu 0" and never preempts inside a critical section, so no abort is due. */
#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_SIG_UNUSED      0
SYS_DEFINE4(rseq, u64, rseq, u32, len, int, flags, u32, sig) {
  if (flags & RSEQ_FLAG_UNREGISTER) {
    if (flags & ~RSEQ_FLAG_UNREGISTER) return -EINVAL;
    if (t->rseq != rseq) return -EINVAL;
    if (t->rseq_len != len) return -EINVAL;
    t->rseq = 0;
    t->rseq_len = 0;
    return 0;
  }
  if (flags) return -EINVAL;
  if (t->rseq) return t->rseq == rseq && t->rseq_len == len ? -EBUSY : -EINVAL;
  if (len < 32 || (rseq & 31)) return -EINVAL;
  u32 cpu[2] = {0, 0}; /* cpu_id_start, cpu_id */
  if (copy_to_user(MM(t), rseq, cpu, sizeof cpu)) return -EFAULT;
  t->rseq = rseq;
  t->rseq_len = len;
  return 0;
}
