/* sys_prctl.c — prctl(2) for both ABIs.  Mirrors kernel/sys.c (SYSCALL
 * prctl).
 *
 * emu is the guest's host process and each guest thread a host thread, so
 * the per-task settings the kernel keeps (name, parent-death signal,
 * dumpable, no_new_privs, keepcaps, timer slack, subreaper, securebits,
 * THP, ...) are the host's, set on the calling host thread: the guest reads
 * them back through prctl and through /proc/self/{stat,status,comm}, and they
 * act as the kernel makes them act (pdeathsig, no_new_privs across execve).
 * Calls whose argument is a pointer are translated; the ones that would
 * change emu rather than the guest are refused as a kernel without the
 * feature refuses them: PR_SET_SECCOMP (a filter would judge emu's system
 * calls, not the guest's) and PR_SET_MM answer EINVAL/EPERM.  Options the
 * kernel does not know answer EINVAL, as there.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc.h"

#ifndef PR_GET_AUXV
#define PR_GET_AUXV 0x41555856
#endif

static long host_prctl(int op, u64 a2, u64 a3, u64 a4, u64 a5) {
  return host_ret(syscall(SYS_prctl, op, a2, a3, a4, a5));
}

/* Options whose arguments are all scalars: the host's answer is the
 * guest's. */
static bool scalar_option(int op) {
  switch (op) {
  case PR_SET_PDEATHSIG:
  case PR_GET_DUMPABLE:
  case PR_SET_DUMPABLE:
  case PR_GET_KEEPCAPS:
  case PR_SET_KEEPCAPS:
  case PR_GET_TIMING:
  case PR_SET_TIMING:
  case PR_SET_TSC:
  case PR_GET_SECUREBITS:
  case PR_SET_SECUREBITS:
  case PR_GET_TIMERSLACK:
  case PR_SET_TIMERSLACK:
  case PR_TASK_PERF_EVENTS_DISABLE:
  case PR_TASK_PERF_EVENTS_ENABLE:
  case PR_MCE_KILL:
  case PR_MCE_KILL_GET:
  case PR_SET_CHILD_SUBREAPER:
  case PR_SET_NO_NEW_PRIVS:
  case PR_GET_NO_NEW_PRIVS:
  case PR_SET_THP_DISABLE:
  case PR_GET_THP_DISABLE:
  case PR_CAPBSET_READ:
  case PR_CAPBSET_DROP:
  case PR_CAP_AMBIENT:
  case PR_GET_SECCOMP:
  case PR_SET_PTRACER:
  case PR_GET_SPECULATION_CTRL:
  case PR_SET_SPECULATION_CTRL:
  case PR_SET_IO_FLUSHER:
  case PR_GET_IO_FLUSHER:
  /* Not on x86: the host answers EINVAL, as the kernel does. */
  case PR_GET_UNALIGN:
  case PR_SET_UNALIGN:
  case PR_GET_FPEMU:
  case PR_SET_FPEMU:
  case PR_GET_FPEXC:
  case PR_SET_FPEXC:
  case PR_GET_ENDIAN:
  case PR_SET_ENDIAN:
  case PR_GET_FP_MODE:
  case PR_SET_FP_MODE: return true;
  default: return false;
  }
}

/* Options that store one int through arg2. */
static bool int_out_option(int op) {
  return op == PR_GET_PDEATHSIG || op == PR_GET_CHILD_SUBREAPER || op == PR_GET_TSC;
}

SYS_DEFINE5(prctl, int, op, u64, a2, u64, a3, u64, a4, u64, a5) {
  if (scalar_option(op)) return host_prctl(op, a2, a3, a4, a5);
  if (int_out_option(op)) {
    int v = 0;
    long r = host_prctl(op, (u64)(uintptr_t)&v, a3, a4, a5);
    if (r < 0) return r;
    if (copy_to_user(MM(t), a2, &v, sizeof v)) return -EFAULT;
    return r;
  }
  switch (op) {
  case PR_SET_NAME: {
    /* strncpy_from_user(comm, arg2, sizeof(comm) - 1) */
    char comm[16];
    memset(comm, 0, sizeof comm);
    for (int i = 0; i < 15; i++) {
      if (copy_from_user(MM(t), &comm[i], a2 + i, 1)) return -EFAULT;
      if (!comm[i]) break;
    }
    return host_prctl(PR_SET_NAME, (u64)(uintptr_t)comm, 0, 0, 0);
  }
  case PR_GET_NAME: {
    char comm[16];
    memset(comm, 0, sizeof comm);
    long r = host_prctl(PR_GET_NAME, (u64)(uintptr_t)comm, 0, 0, 0);
    if (r < 0) return r;
    if (copy_to_user(MM(t), a2, comm, sizeof comm)) return -EFAULT;
    return 0;
  }
  case PR_GET_TID_ADDRESS: {
    /* put_user(me->clear_child_tid, (int __user **)arg2): a pointer of the
     * caller's width. */
    if (t->abi == ABI_I386) {
      u32 v = (u32)t->clear_child_tid;
      return copy_to_user(MM(t), a2, &v, 4) ? -EFAULT : 0;
    }
    return copy_to_user(MM(t), a2, &t->clear_child_tid, 8) ? -EFAULT : 0;
  }
  case PR_GET_AUXV: {
    /* Linux 6.4: the vector the program was given, truncated to arg3 bytes;
     * the result is its full size.  Only where the host kernel knows the
     * option (elsewhere EINVAL, as natively). */
    if (a4 || a5) return -EINVAL;
    long probe = host_prctl(PR_GET_AUXV, 0, 0, 0, 0);
    if (probe < 0) return probe;
    struct proc *p = t->proc;
    size_t w = p->bits == 32 ? 4 : 8;
    int words = 2 * p->nauxv;
    if (words > (int)ARRAY_SIZE(p->auxv)) words = ARRAY_SIZE(p->auxv);
    u8 buf[sizeof p->auxv];
    for (int i = 0; i < words; i++) {
      if (w == 4) {
        u32 v = (u32)p->auxv[i];
        memcpy(buf + i * 4, &v, 4);
      } else {
        memcpy(buf + i * 8, &p->auxv[i], 8);
      }
    }
    size_t size = words * w, n = a3 < size ? a3 : size;
    if (n && copy_to_user(MM(t), a2, buf, n)) return -EFAULT;
    return (long)size;
  }
  case PR_SET_SECCOMP: return -EINVAL;
  case PR_SET_MM: return geteuid() == 0 ? -EINVAL : -EPERM;
  default: return -EINVAL;
  }
}
