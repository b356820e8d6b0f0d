/* sys_info32.c — the i386 layouts of the information calls: the old unames
 * (olduname nr 109 with 65-byte fields and no domain, oldolduname nr 59 with
 * 9-byte fields), sysinfo with 32-bit fields, the three rlimit calls (old
 * getrlimit clamps at 0x7fffffff, ugetrlimit reports infinity as 0xffffffff),
 * getrusage with 32-bit timevals and longs, the 16-bit uid/gid calls, nice,
 * and sched_{get,set}affinity on 32-bit mask words.  (uname, prlimit64, the
 * *32 id calls, getrandom, getcpu, personality, capget/capset and the other
 * sched_* calls use the x86-64 handlers: their structures are the same.)
 *
 * Mirrors linux kernel/sys.c (sys_uname, sys_olduname, compat_sys_sysinfo,
 * compat_sys_old_getrlimit, compat_sys_getrlimit, compat_sys_setrlimit,
 * put_compat_rusage, sys_nice in kernel/sched/syscalls.c), kernel/uid16.c
 * and include/linux/highuid.h (high2lowuid / low2highuid), and
 * kernel/sched/syscalls.c + kernel/compat.c (compat_get_bitmap rounds a mask
 * length up to 32-bit words).
 */
#define _GNU_SOURCE
#include "sys_io.h"

#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- old unames ---- */

/* struct old_utsname: five 65-byte fields (no domainname) */
SYS_DEFINE1(olduname32, u64, ubuf) {
  struct utsname h;
  struct lx_old_utsname g;
  if (!ubuf) return -EFAULT;
  long r = sys_info_uname_core(&h);
  if (r < 0) return r;
  memcpy(g.sysname, h.sysname, LX_UTS_LEN);
  memcpy(g.nodename, h.nodename, LX_UTS_LEN);
  memcpy(g.release, h.release, LX_UTS_LEN);
  memcpy(g.version, h.version, LX_UTS_LEN);
  memcpy(g.machine, h.machine, LX_UTS_LEN);
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* struct oldold_utsname: five 9-byte fields, 8 bytes of each name and a NUL */
SYS_DEFINE1(oldolduname32, u64, ubuf) {
  struct utsname h;
  struct lx_oldold_utsname g;
  if (!ubuf) return -EFAULT;
  long r = sys_info_uname_core(&h);
  if (r < 0) return r;
  memset(&g, 0, sizeof g);
  memcpy(g.sysname, h.sysname, LX_OLD_UTS_LEN - 1);
  memcpy(g.nodename, h.nodename, LX_OLD_UTS_LEN - 1);
  memcpy(g.release, h.release, LX_OLD_UTS_LEN - 1);
  memcpy(g.version, h.version, LX_OLD_UTS_LEN - 1);
  memcpy(g.machine, h.machine, LX_OLD_UTS_LEN - 1);
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- sysinfo ---- */

SYS_DEFINE1(sysinfo32, u64, ubuf) {
  struct sysinfo s;
  long r = host_ret(syscall(SYS_sysinfo, &s));
  if (r < 0) return r;
  /* Memory sizes that do not fit in 32 bits are scaled down by raising
   * mem_unit towards the page size. */
  if ((s.totalram >> 32) || (s.totalswap >> 32)) {
    int bits = 0;
    while (s.mem_unit < PAGE_SIZE) {
      s.mem_unit <<= 1;
      bits++;
    }
    s.totalram >>= bits;
    s.freeram >>= bits;
    s.sharedram >>= bits;
    s.bufferram >>= bits;
    s.totalswap >>= bits;
    s.freeswap >>= bits;
    s.totalhigh >>= bits;
    s.freehigh >>= bits;
  }
  struct lx32_sysinfo g;
  memset(&g, 0, sizeof g);
  g.uptime = (i32)s.uptime;
  for (int i = 0; i < 3; i++) g.loads[i] = (u32)s.loads[i];
  g.totalram = (u32)s.totalram;
  g.freeram = (u32)s.freeram;
  g.sharedram = (u32)s.sharedram;
  g.bufferram = (u32)s.bufferram;
  g.totalswap = (u32)s.totalswap;
  g.freeswap = (u32)s.freeswap;
  g.procs = s.procs;
  g.totalhigh = (u32)s.totalhigh;
  g.freehigh = (u32)s.freehigh;
  g.mem_unit = s.mem_unit;
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- resource limits and usage ---- */

#define LX32_RLIM_INFINITY 0xffffffffu
#define LX_RLIM_NLIMITS    16

/* getrlimit (nr 76): compat_sys_old_getrlimit, both values clamped at
 * 0x7fffffff (what the oldest i386 libcs took for infinity). */
SYS_DEFINE2(old_getrlimit32, u32, res, u64, ulim) {
  struct rlimit h;
  if (res >= LX_RLIM_NLIMITS) return -EINVAL;
  long r = sys_info_prlimit_core(t, 0, res, NULL, &h);
  if (r < 0) return r;
  struct lx32_rlimit g = {h.rlim_cur > 0x7fffffff ? 0x7fffffff : (u32)h.rlim_cur,
                          h.rlim_max > 0x7fffffff ? 0x7fffffff : (u32)h.rlim_max};
  return copy_to_user(MM(t), ulim, &g, sizeof g) ? -EFAULT : 0;
}

/* ugetrlimit (nr 191): compat_sys_getrlimit, infinity (and anything larger
 * than 32 bits) as 0xffffffff. */
SYS_DEFINE2(getrlimit32, u32, res, u64, ulim) {
  struct rlimit h;
  long r = sys_info_prlimit_core(t, 0, res, NULL, &h);
  if (r < 0) return r;
  struct lx32_rlimit g = {h.rlim_cur > LX32_RLIM_INFINITY ? LX32_RLIM_INFINITY : (u32)h.rlim_cur,
                          h.rlim_max > LX32_RLIM_INFINITY ? LX32_RLIM_INFINITY : (u32)h.rlim_max};
  return copy_to_user(MM(t), ulim, &g, sizeof g) ? -EFAULT : 0;
}

/* setrlimit (nr 75): compat_sys_setrlimit, 0xffffffff meaning infinity. */
SYS_DEFINE2(setrlimit32, u32, res, u64, ulim) {
  struct lx32_rlimit g;
  if (copy_from_user(MM(t), &g, ulim, sizeof g)) return -EFAULT;
  struct rlimit h = {g.rlim_cur == LX32_RLIM_INFINITY ? RLIM_INFINITY : g.rlim_cur,
                     g.rlim_max == LX32_RLIM_INFINITY ? RLIM_INFINITY : g.rlim_max};
  return sys_info_prlimit_core(t, 0, res, &h, NULL);
}

SYS_DEFINE2(getrusage32, int, who, u64, uru) {
  struct rusage h;
  long r = host_ret(syscall(SYS_getrusage, who, &h));
  if (r < 0) return r;
  struct lx32_rusage g = {
      {(i32)h.ru_utime.tv_sec, (i32)h.ru_utime.tv_usec},
      {(i32)h.ru_stime.tv_sec, (i32)h.ru_stime.tv_usec},
      (i32)h.ru_maxrss,
      (i32)h.ru_ixrss,
      (i32)h.ru_idrss,
      (i32)h.ru_isrss,
      (i32)h.ru_minflt,
      (i32)h.ru_majflt,
      (i32)h.ru_nswap,
      (i32)h.ru_inblock,
      (i32)h.ru_oublock,
      (i32)h.ru_msgsnd,
      (i32)h.ru_msgrcv,
      (i32)h.ru_nsignals,
      (i32)h.ru_nvcsw,
      (i32)h.ru_nivcsw,
  };
  return copy_to_user(MM(t), uru, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- 16-bit uids and gids (kernel/uid16.c) ----
 *
 * An id above 65535 reads as the overflow id (high2lowuid: the
 * kernel.overflowuid / overflowgid sysctls, 65534 by default); a 16-bit
 * argument is the low half of the register, and 0xffff means -1 ("no
 * change"), as low2highuid says. */
static u16 info_overflow_id(const char *path) {
  unsigned v = 65534;
  FILE *f = fopen(path, "re");
  if (f) {
    if (fscanf(f, "%u", &v) != 1) v = 65534;
    fclose(f);
  }
  return (u16)v;
}

static u16 high2lowuid(u32 id) {
  return id & ~0xffffu ? info_overflow_id("/proc/sys/kernel/overflowuid") : (u16)id;
}
static u16 high2lowgid(u32 id) {
  return id & ~0xffffu ? info_overflow_id("/proc/sys/kernel/overflowgid") : (u16)id;
}
static u32 low2high(u64 arg) { return (u16)arg == 0xffff ? 0xffffffffu : (u16)arg; }

SYS_DEFINE0(getuid16) { return high2lowuid(syscall(SYS_getuid)); }
SYS_DEFINE0(geteuid16) { return high2lowuid(syscall(SYS_geteuid)); }
SYS_DEFINE0(getgid16) { return high2lowgid(syscall(SYS_getgid)); }
SYS_DEFINE0(getegid16) { return high2lowgid(syscall(SYS_getegid)); }

SYS_DEFINE1(setuid16, u64, uid) { return host_ret(syscall(SYS_setuid, low2high(uid))); }
SYS_DEFINE1(setgid16, u64, gid) { return host_ret(syscall(SYS_setgid, low2high(gid))); }
SYS_DEFINE2(setreuid16, u64, r, u64, e) {
  return host_ret(syscall(SYS_setreuid, low2high(r), low2high(e)));
}
SYS_DEFINE2(setregid16, u64, r, u64, e) {
  return host_ret(syscall(SYS_setregid, low2high(r), low2high(e)));
}
SYS_DEFINE3(setresuid16, u64, r, u64, e, u64, s) {
  return host_ret(syscall(SYS_setresuid, low2high(r), low2high(e), low2high(s)));
}
SYS_DEFINE3(setresgid16, u64, r, u64, e, u64, s) {
  return host_ret(syscall(SYS_setresgid, low2high(r), low2high(e), low2high(s)));
}
/* The old fs id comes back whole (not squeezed into 16 bits). */
SYS_DEFINE1(setfsuid16, u64, uid) { return syscall(SYS_setfsuid, low2high(uid)); }
SYS_DEFINE1(setfsgid16, u64, gid) { return syscall(SYS_setfsgid, low2high(gid)); }

/* getres*id16: put_user of each 16-bit id in turn, stopping at a fault. */
static long info_put_ids16(struct task *t, const u64 u[3], const u32 v[3], bool uid) {
  for (int i = 0; i < 3; i++) {
    u16 x = uid ? high2lowuid(v[i]) : high2lowgid(v[i]);
    if (copy_to_user(MM(t), u[i], &x, sizeof x)) return -EFAULT;
  }
  return 0;
}

SYS_DEFINE3(getresuid16, u64, ur, u64, ue, u64, us) {
  u32 v[3];
  long r = host_ret(syscall(SYS_getresuid, &v[0], &v[1], &v[2]));
  return r < 0 ? r : info_put_ids16(t, (const u64[3]){ur, ue, us}, v, true);
}

SYS_DEFINE3(getresgid16, u64, ur, u64, ue, u64, us) {
  u32 v[3];
  long r = host_ret(syscall(SYS_getresgid, &v[0], &v[1], &v[2]));
  return r < 0 ? r : info_put_ids16(t, (const u64[3]){ur, ue, us}, v, false);
}

#define LX_NGROUPS_MAX 65536

/* getgroups16: EINVAL for a negative size or one too small for the list,
 * then each gid written as 16 bits. */
SYS_DEFINE2(getgroups16, int, size, u64, ulist) {
  if (size < 0) return -EINVAL;
  u32 *g = malloc(LX_NGROUPS_MAX * sizeof *g);
  if (!g) return -ENOMEM;
  long n = host_ret(syscall(SYS_getgroups, LX_NGROUPS_MAX, g));
  if (n >= 0 && size) {
    if (n > size) {
      n = -EINVAL;
    } else {
      u16 *g16 = (u16 *)g; /* narrowing in place, front to back */
      for (long i = 0; i < n; i++) g16[i] = high2lowgid(g[i]);
      if (copy_to_user(MM(t), ulist, g16, n * sizeof *g16)) n = -EFAULT;
    }
  }
  free(g);
  return n;
}

/* setgroups16: may_setgroups (EPERM), the size (EINVAL), then the list read
 * (EFAULT) and each gid checked (0xffff is -1: EINVAL).  The host answers a
 * NULL list in the first two's order. */
SYS_DEFINE2(setgroups16, int, size, u64, ulist) {
  if ((unsigned)size > LX_NGROUPS_MAX) return host_ret(syscall(SYS_setgroups, size, NULL));
  u16 *g16 = malloc((size_t)size * sizeof *g16 + 2);
  u32 *g = malloc((size_t)size * sizeof *g + 4);
  long r = -ENOMEM;
  if (!g16 || !g) goto out;
  if (copy_from_user(MM(t), g16, ulist, (size_t)size * sizeof *g16)) {
    r = host_ret(syscall(SYS_setgroups, size, NULL));
    goto out;
  }
  for (int i = 0; i < size; i++) g[i] = low2high(g16[i]);
  r = host_ret(syscall(SYS_setgroups, size, g));
out:
  free(g16);
  free(g);
  return r;
}

/* ---- nice (nr 34) ---- */

/* capable(cap) for the calling thread. */
static bool info_capable(int cap) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  if (syscall(SYS_capget, &h, d) < 0) return false;
  return d[cap / 32].effective >> (cap % 32) & 1;
}

/* sys_nice: the increment clamped to +-40, the new value to -20..19;
 * lowering it needs RLIMIT_NICE or CAP_SYS_NICE (EPERM). */
SYS_DEFINE1(nice32, int, inc) {
  long prio = syscall(SYS_getpriority, PRIO_PROCESS, 0); /* 20 - nice of this thread */
  if (prio < 0) return -errno;
  long cur = 20 - prio;
  if (inc < -40) inc = -40;
  if (inc > 40) inc = 40;
  long nice = cur + inc;
  if (nice < -20) nice = -20;
  if (nice > 19) nice = 19;
  if (inc < 0) {
    struct rlimit rl;
    bool ok = getrlimit(RLIMIT_NICE, &rl) == 0 && (u64)(20 - nice) <= rl.rlim_cur;
    if (!ok && !info_capable(CAP_SYS_NICE)) return -EPERM;
  }
  return host_ret(syscall(SYS_setpriority, PRIO_PROCESS, 0, (int)nice));
}

/* ---- cpu affinity on 32-bit mask words ---- */

#define INFO32_CPUMASK_MAX 4096

/* nr_cpu_ids: one more than the highest possible cpu. */
static long info_nr_cpu_ids(void) {
  long n = -1;
  char buf[256];
  FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
  if (!f) return -1;
  if (fgets(buf, sizeof buf, f)) {
    for (char *p = buf; *p;) {
      char *end;
      long v = strtol(p, &end, 10);
      if (end == p) break;
      if (v + 1 > n) n = v + 1;
      p = end;
      while (*p == ',' || *p == '-' || *p == '\n') p++;
    }
  }
  fclose(f);
  return n;
}

/* compat_sys_sched_getaffinity: the length must cover nr_cpu_ids bits and be
 * a multiple of 4; min(len, cpumask_size()) bytes are written and returned. */
SYS_DEFINE3(sched_getaffinity32, int, pid, u32, len, u64, umask) {
  long ncpu = info_nr_cpu_ids();
  if (ncpu > 0 && (u64)len * 8 < (u64)ncpu) return -EINVAL;
  if (len & 3) return -EINVAL;
  u8 buf[INFO32_CPUMASK_MAX + 8];
  u32 hlen = len > INFO32_CPUMASK_MAX ? INFO32_CPUMASK_MAX : (len + 7) & ~7u;
  long r = host_ret(syscall(SYS_sched_getaffinity, pid, hlen, buf));
  if (r < 0) return r;
  if (r > (long)len) r = len;
  return copy_to_user(MM(t), umask, buf, r) ? -EFAULT : r;
}

/* compat_get_user_cpu_mask: a short mask is zero-extended, a long one cut at
 * cpumask_size(), and the length rounded up to 32-bit words is read. */
SYS_DEFINE3(sched_setaffinity32, int, pid, u32, len, u64, umask) {
  u8 buf[INFO32_CPUMASK_MAX + 8];
  long size = host_ret(syscall(SYS_sched_getaffinity, 0, INFO32_CPUMASK_MAX, buf));
  if (size < 0) return size;
  memset(buf, 0, sizeof buf);
  u64 n = len > (u64)size ? (u64)size : ((u64)len + 3) & ~3ull;
  if (copy_from_user(MM(t), buf, umask, n)) return -EFAULT;
  return host_ret(syscall(SYS_sched_setaffinity, pid, size, buf));
}
