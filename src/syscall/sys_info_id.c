/* sys_info_id.c — identities and scheduling: getpid/getppid/gettid, the
 * uid/gid calls and groups, process groups and sessions, priorities, and the
 * sched_* calls.  Mirrors linux kernel/sys.c, kernel/groups.c and
 * kernel/sched/syscalls.c (argument checks before copies, and how many
 * bytes of a cpu mask are copied).
 *
 * All are raw host system calls: the guest process is emu's process, and the
 * set*id calls act on the calling thread only, as the kernel's do (a libc
 * wrapper would broadcast to emu's other threads).
 */
#include "sys_io.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- plain ids ---- */

SYS_DEFINE0(getpid) { return syscall(SYS_getpid); }
SYS_DEFINE0(getppid) { return syscall(SYS_getppid); }
SYS_DEFINE0(gettid) { return syscall(SYS_gettid); }
SYS_DEFINE0(getuid) { return syscall(SYS_getuid); }
SYS_DEFINE0(geteuid) { return syscall(SYS_geteuid); }
SYS_DEFINE0(getgid) { return syscall(SYS_getgid); }
SYS_DEFINE0(getegid) { return syscall(SYS_getegid); }
SYS_DEFINE0(getpgrp) { return syscall(SYS_getpgrp); }
SYS_DEFINE0(setsid) { return host_ret(syscall(SYS_setsid)); }
SYS_DEFINE1(getpgid, int, pid) { return host_ret(syscall(SYS_getpgid, pid)); }
SYS_DEFINE1(getsid, int, pid) { return host_ret(syscall(SYS_getsid, pid)); }
SYS_DEFINE2(setpgid, int, pid, int, pgid) { return host_ret(syscall(SYS_setpgid, pid, pgid)); }

/* ---- set*id: the calling thread's credentials ---- */

SYS_DEFINE1(setuid, u32, uid) { return host_ret(syscall(SYS_setuid, uid)); }
SYS_DEFINE1(setgid, u32, gid) { return host_ret(syscall(SYS_setgid, gid)); }
SYS_DEFINE2(setreuid, u32, r, u32, e) { return host_ret(syscall(SYS_setreuid, r, e)); }
SYS_DEFINE2(setregid, u32, r, u32, e) { return host_ret(syscall(SYS_setregid, r, e)); }
SYS_DEFINE3(setresuid, u32, r, u32, e, u32, s) { return host_ret(syscall(SYS_setresuid, r, e, s)); }
SYS_DEFINE3(setresgid, u32, r, u32, e, u32, s) { return host_ret(syscall(SYS_setresgid, r, e, s)); }
/* setfs*id never fail: they return the old id. */
SYS_DEFINE1(setfsuid, u32, uid) { return syscall(SYS_setfsuid, uid); }
SYS_DEFINE1(setfsgid, u32, gid) { return syscall(SYS_setfsgid, gid); }

/* getres*id: put_user of each in turn, stopping at the first fault. */
static long info_put_ids(struct task *t, const u64 u[3], const u32 v[3]) {
  for (int i = 0; i < 3; i++)
    if (copy_to_user(MM(t), u[i], &v[i], sizeof v[i])) return -EFAULT;
  return 0;
}

SYS_DEFINE3(getresuid, u64, ur, u64, ue, u64, us) {
  u32 v[3];
  long r = host_ret(syscall(SYS_getresuid, &v[0], &v[1], &v[2]));
  return r < 0 ? r : info_put_ids(t, (const u64[3]){ur, ue, us}, v);
}

SYS_DEFINE3(getresgid, u64, ur, u64, ue, u64, us) {
  u32 v[3];
  long r = host_ret(syscall(SYS_getresgid, &v[0], &v[1], &v[2]));
  return r < 0 ? r : info_put_ids(t, (const u64[3]){ur, ue, us}, v);
}

/* ---- groups ---- */

#define LX_NGROUPS_MAX 65536

SYS_DEFINE2(getgroups, int, size, u64, ulist) {
  if (size < 0) return -EINVAL;
  int n = size > LX_NGROUPS_MAX ? LX_NGROUPS_MAX : size;
  u32 *g = malloc((size_t)n * sizeof *g + 4);
  if (!g) return -ENOMEM;
  long r = host_ret(syscall(SYS_getgroups, n, g));
  if (r > 0 && size && copy_to_user(MM(t), ulist, g, r * sizeof *g)) r = -EFAULT;
  free(g);
  return r;
}

SYS_DEFINE2(setgroups, int, size, u64, ulist) {
  if (size < 0 || size > LX_NGROUPS_MAX) return host_ret(syscall(SYS_setgroups, size, NULL));
  u32 *g = malloc((size_t)size * sizeof *g + 4);
  if (!g) return -ENOMEM;
  long r;
  if (copy_from_user(MM(t), g, ulist, (size_t)size * sizeof *g)) {
    /* may_setgroups (EPERM) is checked before the list is read. */
    r = host_ret(syscall(SYS_setgroups, size, NULL));
  } else {
    r = host_ret(syscall(SYS_setgroups, size, g));
  }
  free(g);
  return r;
}

/* ---- priorities ---- */

/* The raw call returns 20 - nice (1..40), not the nice value libc reports. */
SYS_DEFINE2(getpriority, int, which, int, who) {
  return host_ret(syscall(SYS_getpriority, which, who));
}
SYS_DEFINE3(setpriority, int, which, int, who, int, prio) {
  return host_ret(syscall(SYS_setpriority, which, who, prio));
}

/* ---- scheduling ---- */

SYS_DEFINE0(sched_yield) { return host_ret(syscall(SYS_sched_yield)); }
SYS_DEFINE1(sched_getscheduler, int, pid) { return host_ret(syscall(SYS_sched_getscheduler, pid)); }
SYS_DEFINE1(sched_get_priority_max, int, policy) {
  return host_ret(syscall(SYS_sched_get_priority_max, policy));
}
SYS_DEFINE1(sched_get_priority_min, int, policy) {
  return host_ret(syscall(SYS_sched_get_priority_min, policy));
}

/* struct sched_param: one int in every ABI. */
SYS_DEFINE2(sched_getparam, int, pid, u64, uparam) {
  i32 prio;
  if (!uparam || pid < 0) return -EINVAL;
  long r = host_ret(syscall(SYS_sched_getparam, pid, &prio));
  if (r < 0) return r;
  return copy_to_user(MM(t), uparam, &prio, sizeof prio) ? -EFAULT : 0;
}

SYS_DEFINE2(sched_setparam, int, pid, u64, uparam) {
  i32 prio;
  if (!uparam || pid < 0) return -EINVAL;
  if (copy_from_user(MM(t), &prio, uparam, sizeof prio)) return -EFAULT;
  return host_ret(syscall(SYS_sched_setparam, pid, &prio));
}

SYS_DEFINE3(sched_setscheduler, int, pid, int, policy, u64, uparam) {
  i32 prio;
  if (policy < 0 || !uparam || pid < 0) return -EINVAL;
  if (copy_from_user(MM(t), &prio, uparam, sizeof prio)) return -EFAULT;
  return host_ret(syscall(SYS_sched_setscheduler, pid, policy, &prio));
}

SYS_DEFINE2(sched_rr_get_interval, int, pid, u64, uts) {
  struct timespec ts;
  long r = host_ret(syscall(SYS_sched_rr_get_interval, pid, &ts));
  if (r < 0) return r;
  return sys_time_put_ts64(t, uts, &ts);
}

/* emu's buffer for a cpu mask: 32768 cpus. */
#define INFO_CPUMASK_MAX 4096

SYS_DEFINE3(sched_getaffinity, int, pid, u32, len, u64, umask) {
  /* A longer guest buffer is cut to emu's, keeping the length's low bits so
   * the host still checks that it is a multiple of sizeof(long). */
  u32 hlen = len > INFO_CPUMASK_MAX ? INFO_CPUMASK_MAX + (len & 7) : len;
  u8 buf[INFO_CPUMASK_MAX + 8];
  long r = host_ret(syscall(SYS_sched_getaffinity, pid, hlen, buf));
  if (r < 0) return r;
  /* The kernel copies min(len, cpumask_size()) bytes and returns that. */
  return copy_to_user(MM(t), umask, buf, r) ? -EFAULT : r;
}

SYS_DEFINE3(sched_setaffinity, int, pid, u32, len, u64, umask) {
  u8 buf[INFO_CPUMASK_MAX + 8];
  /* cpumask_size(): what the host's getaffinity returns for a big buffer. */
  long size = host_ret(syscall(SYS_sched_getaffinity, 0, INFO_CPUMASK_MAX, buf));
  if (size < 0) return size;
  /* get_user_cpu_mask: a short mask is zero-extended, a long one cut. */
  memset(buf, 0, sizeof buf);
  if (copy_from_user(MM(t), buf, umask, len < size ? len : size)) return -EFAULT;
  return host_ret(syscall(SYS_sched_setaffinity, pid, size, buf));
}
