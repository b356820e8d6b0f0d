/* sys_info.c — what the process learns about its system and limits: uname,
 * sysinfo, getrlimit, setrlimit, prlimit64, getrusage, getrandom, getcpu,
 * personality, capget, capset.  Mirrors linux kernel/sys.c,
 * kernel/capability.c and drivers/char/random.c (getrandom's flag rules).
 *
 * Raw host calls on host structures; the x86-64 handlers copy the lx64_*
 * layouts.  Limits and personality are the host process's (emu's), which is
 * the guest's process, but for RLIMIT_AS, RLIMIT_DATA and RLIMIT_STACK of
 * the calling process, which emu keeps for the guest (src/mem/mem_limit.c).
 * prlimit64 on another process (another emu, or a host program) reaches
 * the host's limits of that process: for those three, emu's own, which the
 * other emu raised at start-up and whose guest keeps its own copy.
 */
#define _GNU_SOURCE /* utsname.domainname */
#include "sys_io.h"

#include <linux/capability.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- uname ---- */

/* The host's answer with the machine a native run of a 64-bit guest sees:
 * "x86_64", or the host's "i686" under PER_LINUX32 (override_architecture). */
long sys_info_uname_core(struct utsname *u) {
  if (uname(u) < 0) return -errno;
  long pers = syscall(SYS_personality, 0xffffffffL);
  if (pers == -1 || (pers & PER_MASK) != PER_LINUX32) {
    memset(u->machine, 0, sizeof u->machine);
    strcpy(u->machine, "x86_64");
  }
  return 0;
}

SYS_DEFINE1(uname, u64, ubuf) {
  struct utsname h;
  struct lx_utsname g;
  long r = sys_info_uname_core(&h);
  if (r < 0) return r;
  _Static_assert(sizeof h.sysname == sizeof g.sysname, "utsname field width");
  memcpy(g.sysname, h.sysname, sizeof g.sysname);
  memcpy(g.nodename, h.nodename, sizeof g.nodename);
  memcpy(g.release, h.release, sizeof g.release);
  memcpy(g.version, h.version, sizeof g.version);
  memcpy(g.machine, h.machine, sizeof g.machine);
  memcpy(g.domainname, h.domainname, sizeof g.domainname);
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- sysinfo ---- */

SYS_DEFINE1(sysinfo, u64, ubuf) {
  struct sysinfo h;
  long r = host_ret(syscall(SYS_sysinfo, &h));
  if (r < 0) return r;
  struct lx64_sysinfo g = {
      .uptime = h.uptime,
      .loads = {h.loads[0], h.loads[1], h.loads[2]},
      .totalram = h.totalram,
      .freeram = h.freeram,
      .sharedram = h.sharedram,
      .bufferram = h.bufferram,
      .totalswap = h.totalswap,
      .freeswap = h.freeswap,
      .procs = h.procs,
      .totalhigh = h.totalhigh,
      .freehigh = h.freehigh,
      .mem_unit = h.mem_unit,
  };
  return copy_to_user(MM(t), ubuf, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- resource limits and usage ---- */

/* prlimit64 on host struct rlimit (64-bit fields on an x86-64 host). */
long sys_info_prlimit_core(struct task *t, int pid, int res, const struct rlimit *nw,
                           struct rlimit *old) {
  int which = res == RLIMIT_AS      ? MM_RLIM_AS
              : res == RLIMIT_DATA  ? MM_RLIM_DATA
              : res == RLIMIT_STACK ? MM_RLIM_STACK
                                    : -1;
  if (which < 0 || (pid != 0 && pid != getpid() && pid != gettid()))
    return host_ret(syscall(SYS_prlimit64, pid, res, nw, old));
  struct mm_rlim n, o;
  if (nw) n = (struct mm_rlim){nw->rlim_cur, nw->rlim_max};
  long r = mm_rlimit(MM(t), which, nw ? &n : NULL, &o);
  if (!r && old) *old = (struct rlimit){o.cur, o.max};
  return r;
}

static long info_put_rlimit(struct task *t, u64 u, const struct rlimit *h) {
  struct lx_rlimit64 g = {h->rlim_cur, h->rlim_max};
  return copy_to_user(MM(t), u, &g, sizeof g) ? -EFAULT : 0;
}

static long info_get_rlimit(struct task *t, u64 u, struct rlimit *h) {
  struct lx_rlimit64 g;
  if (copy_from_user(MM(t), &g, u, sizeof g)) return -EFAULT;
  h->rlim_cur = g.rlim_cur;
  h->rlim_max = g.rlim_max;
  return 0;
}

SYS_DEFINE2(getrlimit, u32, res, u64, ulim) {
  struct rlimit h;
  long r = sys_info_prlimit_core(t, 0, res, NULL, &h);
  if (r < 0) return r;
  return info_put_rlimit(t, ulim, &h);
}

SYS_DEFINE2(setrlimit, u32, res, u64, ulim) {
  struct rlimit h;
  if (info_get_rlimit(t, ulim, &h)) return -EFAULT;
  return sys_info_prlimit_core(t, 0, res, &h, NULL);
}

SYS_DEFINE4(prlimit64, int, pid, u32, res, u64, unew, u64, uold) {
  struct rlimit hn, ho;
  if (unew && info_get_rlimit(t, unew, &hn)) return -EFAULT;
  long r = sys_info_prlimit_core(t, pid, res, unew ? &hn : NULL, uold ? &ho : NULL);
  if (r < 0 || !uold) return r;
  return info_put_rlimit(t, uold, &ho);
}

SYS_DEFINE2(getrusage, int, who, u64, uru) {
  struct rusage h;
  long r = host_ret(syscall(SYS_getrusage, who, &h));
  if (r < 0) return r;
  struct lx64_rusage g = {
      {h.ru_utime.tv_sec, h.ru_utime.tv_usec},
      {h.ru_stime.tv_sec, h.ru_stime.tv_usec},
      h.ru_maxrss,
      h.ru_ixrss,
      h.ru_idrss,
      h.ru_isrss,
      h.ru_minflt,
      h.ru_majflt,
      h.ru_nswap,
      h.ru_inblock,
      h.ru_oublock,
      h.ru_msgsnd,
      h.ru_msgrcv,
      h.ru_nsignals,
      h.ru_nvcsw,
      h.ru_nivcsw,
  };
  return copy_to_user(MM(t), uru, &g, sizeof g) ? -EFAULT : 0;
}

/* ---- getrandom, getcpu, personality ---- */

#define LX_GRND_NONBLOCK 1
#define LX_GRND_RANDOM   2
#define LX_GRND_INSECURE 4

SYS_DEFINE3(getrandom, u64, ubuf, u64, len, u32, flags) {
  if (flags & ~(LX_GRND_NONBLOCK | LX_GRND_RANDOM | LX_GRND_INSECURE)) return -EINVAL;
  if ((flags & (LX_GRND_INSECURE | LX_GRND_RANDOM)) == (LX_GRND_INSECURE | LX_GRND_RANDOM))
    return -EINVAL;
  void *p;
  size_t n = len;
  if (sys_io_ubuf(t, ubuf, &n, &p)) return -EFAULT;
  return host_ret(syscall(SYS_getrandom, p, n, flags));
}

SYS_DEFINE3(getcpu, u64, ucpu, u64, unode, u64, ucache) {
  unsigned cpu, node;
  long r = host_ret(syscall(SYS_getcpu, &cpu, &node, NULL));
  if (r < 0) return r;
  bool fault = false;
  if (ucpu && copy_to_user(MM(t), ucpu, &(u32){cpu}, sizeof(u32))) fault = true;
  if (unode && copy_to_user(MM(t), unode, &(u32){node}, sizeof(u32))) fault = true;
  return fault ? -EFAULT : 0;
}

SYS_DEFINE1(personality, u32, pers) { return host_ret(syscall(SYS_personality, (long)pers)); }

/* ---- capabilities ---- */

static unsigned info_cap_words(u32 version) {
  switch (version) {
  case _LINUX_CAPABILITY_VERSION_1: return _LINUX_CAPABILITY_U32S_1;
  case _LINUX_CAPABILITY_VERSION_2: return _LINUX_CAPABILITY_U32S_2;
  case _LINUX_CAPABILITY_VERSION_3: return _LINUX_CAPABILITY_U32S_3;
  default: return 0;
  }
}

/* cap_validate_magic: an unknown version is answered by writing the
 * kernel's preferred version back to the header, then EINVAL. */
static long info_cap_header(struct task *t, u64 uhdr, struct lx_cap_header *h, bool *pid_ok) {
  if (copy_from_user(MM(t), &h->version, uhdr, sizeof h->version)) return -EFAULT;
  *pid_ok = !copy_from_user(MM(t), &h->pid, uhdr + 4, sizeof h->pid);
  if (!*pid_ok) h->pid = 0;
  if (!info_cap_words(h->version)) {
    u32 v = _LINUX_CAPABILITY_VERSION_3;
    if (copy_to_user(MM(t), uhdr, &v, sizeof v)) return -EFAULT;
    return -EINVAL;
  }
  return 0;
}

SYS_DEFINE2(capget, u64, uhdr, u64, udata) {
  struct lx_cap_header h;
  bool pid_ok;
  long r = info_cap_header(t, uhdr, &h, &pid_ok);
  if (r || !udata) return !udata && r == -EINVAL ? 0 : r;
  if (!pid_ok) return -EFAULT;
  if (h.pid < 0) return -EINVAL;
  struct __user_cap_header_struct hh = {h.version, h.pid};
  struct __user_cap_data_struct hd[2];
  r = host_ret(syscall(SYS_capget, &hh, hd));
  if (r < 0) return r;
  struct lx_cap_data g[2];
  unsigned n = info_cap_words(h.version);
  for (unsigned i = 0; i < n; i++)
    g[i] = (struct lx_cap_data){hd[i].effective, hd[i].permitted, hd[i].inheritable};
  return copy_to_user(MM(t), udata, g, n * sizeof g[0]) ? -EFAULT : 0;
}

SYS_DEFINE2(capset, u64, uhdr, u64, udata) {
  struct lx_cap_header h;
  bool pid_ok;
  long r = info_cap_header(t, uhdr, &h, &pid_ok);
  if (r) return r;
  if (!pid_ok) return -EFAULT;
  struct __user_cap_header_struct hh = {h.version, h.pid};
  struct lx_cap_data g[2];
  unsigned n = info_cap_words(h.version);
  if (copy_from_user(MM(t), g, udata, n * sizeof g[0])) {
    /* EPERM for another pid comes before the data is read: ask the host
     * with no data, which answers EPERM or EFAULT as Linux does. */
    return host_ret(syscall(SYS_capset, &hh, NULL));
  }
  struct __user_cap_data_struct hd[2] = {{0, 0, 0}, {0, 0, 0}};
  for (unsigned i = 0; i < n; i++)
    hd[i] = (struct __user_cap_data_struct){g[i].effective, g[i].permitted, g[i].inheritable};
  return host_ret(syscall(SYS_capset, &hh, hd));
}
