/* io_info.c — information calls: uname (machine "x86_64"), sysinfo, getrlimit /
 * setrlimit / prlimit64, getrusage, getrandom (lengths and flags), ids and groups,
 * process group and session, priorities, sched_* (affinity mask size as Linux returns
 * it), getcpu, personality query.  Prints facts that are the same natively and under
 * emu: booleans and values of the process's own environment, never pids.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

static int failures;
static void check(const char *what, int cond) {
  printf("%-48s %s\n", what, cond ? "yes" : "NO");
  failures += !cond;
}
static long err(long r) { return r < 0 ? errno : 0; }

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct utsname u;
  memset(&u, 0x55, sizeof u);
  check("uname ok", syscall(SYS_uname, &u) == 0);
  printf("sysname=%s machine=%s\n", u.sysname, u.machine);
  struct utsname lu;
  uname(&lu);
  check("release matches libc uname", strcmp(u.release, lu.release) == 0);
  check("fields NUL-terminated", memchr(u.nodename, 0, sizeof u.nodename) != NULL &&
                                     memchr(u.domainname, 0, sizeof u.domainname) != NULL);

  struct sysinfo si;
  memset(&si, 0, sizeof si);
  check("sysinfo ok", syscall(SYS_sysinfo, &si) == 0);
  check("sysinfo sane", si.mem_unit > 0 && si.totalram > 0 && si.freeram <= si.totalram &&
                            si.procs > 0 && si.uptime > 0);

  /* limits */
  struct rlimit rl, rl2;
  check("getrlimit NOFILE ok", syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0);
  check("cur <= max", rl.rlim_cur <= rl.rlim_max);
  printf("NOFILE cur=%llu\n", (unsigned long long)rl.rlim_cur);
  check("getrlimit bad resource EINVAL", err(syscall(SYS_getrlimit, 99, &rl2)) == EINVAL);
  rl2 = rl;
  rl2.rlim_cur = 64;
  check("setrlimit lower soft", syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl2) == 0);
  struct rlimit got;
  syscall(SYS_getrlimit, RLIMIT_NOFILE, &got);
  check("getrlimit sees 64", got.rlim_cur == 64);
  rl2.rlim_cur = rl2.rlim_max + 1;
  check(
      "setrlimit cur > max EINVAL",
      rl2.rlim_max == RLIM_INFINITY || err(syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl2)) == EINVAL);
  /* prlimit64 takes struct rlimit64 (64-bit fields) in every ABI */
  struct {
    unsigned long long rlim_cur, rlim_max;
  } old, back = {rl.rlim_cur, rl.rlim_max};
  check("prlimit64 set back, old returned",
        syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &back, &old) == 0 && old.rlim_cur == 64);
  check("prlimit64 own pid", syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &old) == 0 &&
                                 old.rlim_cur == rl.rlim_cur);
  check("prlimit64 query only", syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &old) == 0);
  check("prlimit64 no such pid ESRCH",
        err(syscall(SYS_prlimit64, 0x3ffffff0, RLIMIT_NOFILE, NULL, &old)) == ESRCH);

  struct rusage ru;
  check("getrusage SELF", syscall(SYS_getrusage, RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0);
  check("getrusage CHILDREN", syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru) == 0);
  check("getrusage THREAD", syscall(SYS_getrusage, 1 /* RUSAGE_THREAD */, &ru) == 0);
  check("getrusage bad who EINVAL", err(syscall(SYS_getrusage, 5, &ru)) == EINVAL);

  /* getrandom */
  unsigned char rb[300];
  memset(rb, 0, sizeof rb);
  check("getrandom 16", syscall(SYS_getrandom, rb, 16, 0) == 16);
  check("getrandom 300 nonblock", syscall(SYS_getrandom, rb, 300, 1) == 300);
  check("getrandom 0", syscall(SYS_getrandom, rb, 0, 0) == 0);
  check("getrandom GRND_INSECURE", syscall(SYS_getrandom, rb, 8, 4) == 8);
  check("getrandom RANDOM|INSECURE EINVAL", err(syscall(SYS_getrandom, rb, 8, 6)) == EINVAL);
  check("getrandom flag 8 EINVAL", err(syscall(SYS_getrandom, rb, 8, 8)) == EINVAL);
  int nz = 0;
  for (int i = 0; i < 300; i++) nz += rb[i] != 0;
  check("random bytes are not all zero", nz > 0);

  /* ids */
  long pid = syscall(SYS_getpid), tid = syscall(SYS_gettid);
  check("gettid == getpid (one thread)", pid == tid);
  check("getppid > 0", syscall(SYS_getppid) > 0);
  uid_t r, e, s;
  syscall(SYS_getresuid, &r, &e, &s);
  check("getresuid matches getuid/geteuid",
        r == (uid_t)syscall(SYS_getuid) && e == (uid_t)syscall(SYS_geteuid));
  gid_t gr, ge, gs;
  syscall(SYS_getresgid, &gr, &ge, &gs);
  check("getresgid matches getgid/getegid",
        gr == (gid_t)syscall(SYS_getgid) && ge == (gid_t)syscall(SYS_getegid));
  printf("uid=%ld gid=%ld\n", syscall(SYS_getuid), syscall(SYS_getgid));
  check("setuid to own uid", syscall(SYS_setuid, syscall(SYS_getuid)) == 0);
  check("setresgid -1s", syscall(SYS_setresgid, -1, -1, -1) == 0);
  check("setfsuid query returns uid", syscall(SYS_setfsuid, -1) == syscall(SYS_geteuid));
  long ng = syscall(SYS_getgroups, 0, NULL);
  gid_t groups[256];
  check("getgroups count then list", ng >= 0 && syscall(SYS_getgroups, 256, groups) == ng);
  check("getgroups too small EINVAL", ng < 2 || err(syscall(SYS_getgroups, 1, groups)) == EINVAL);

  /* process groups and sessions */
  check("getpgrp == getpgid(0)", syscall(SYS_getpgrp) == syscall(SYS_getpgid, 0));
  check("getsid(0) > 0", syscall(SYS_getsid, 0) > 0);
  check("getpgid no such pid ESRCH", err(syscall(SYS_getpgid, 0x3ffffff0)) == ESRCH);

  /* priorities: the raw call returns 20 - nice */
  long pr = syscall(SYS_getpriority, PRIO_PROCESS, 0);
  check("getpriority raw is 20 - nice", pr == 20 - getpriority(PRIO_PROCESS, 0));
  check("setpriority to the same nice", syscall(SYS_setpriority, PRIO_PROCESS, 0, 20 - pr) == 0);
  check("getpriority bad which EINVAL", err(syscall(SYS_getpriority, 42, 0)) == EINVAL);

  /* scheduling */
  check("sched_yield", syscall(SYS_sched_yield) == 0);
  printf("sched_getscheduler=%ld\n", syscall(SYS_sched_getscheduler, 0));
  printf("FIFO prio max=%ld min=%ld\n", syscall(SYS_sched_get_priority_max, SCHED_FIFO),
         syscall(SYS_sched_get_priority_min, SCHED_FIFO));
  check("priority_max bad policy EINVAL", err(syscall(SYS_sched_get_priority_max, 77)) == EINVAL);
  struct sched_param sp = {-1};
  check("sched_getparam", syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0);
  check("sched_setparam same", syscall(SYS_sched_setparam, 0, &sp) == 0);
  check("sched_setscheduler OTHER", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) == 0);
  struct timespec q;
  check("sched_rr_get_interval", syscall(SYS_sched_rr_get_interval, 0, &q) == 0);
  cpu_set_t set;
  CPU_ZERO(&set);
  long sz = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
  check("sched_getaffinity returns a size", sz > 0 && sz % 8 == 0 && sz <= (long)sizeof set);
  printf("affinity cpus=%d\n", CPU_COUNT(&set));
  long sz2 = syscall(SYS_sched_getaffinity, 0, 4096, &(char[4096]){0});
  check("size independent of buffer length", sz2 == sz);
  /* The length must be a multiple of the ABI's long: 4 is fine for i386
   * (compat_sys_sched_getaffinity), EINVAL for x86-64. */
  check("sched_getaffinity len 4 as the ABI says",
        sizeof(long) == 4 ? syscall(SYS_sched_getaffinity, 0, 4, &set) == 4
                          : err(syscall(SYS_sched_getaffinity, 0, 4, &set)) == EINVAL);
  check("sched_getaffinity len 6 EINVAL",
        err(syscall(SYS_sched_getaffinity, 0, 6, &set)) == EINVAL);
  check("sched_setaffinity same mask", syscall(SYS_sched_setaffinity, 0, sizeof set, &set) == 0);
  cpu_set_t none;
  CPU_ZERO(&none);
  check("sched_setaffinity empty EINVAL",
        err(syscall(SYS_sched_setaffinity, 0, sizeof none, &none)) == EINVAL);
  unsigned cpu = 9999, node = 9999;
  check("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL) == 0 && CPU_ISSET(cpu, &set));

  printf("personality=%#lx\n", syscall(SYS_personality, 0xffffffffUL));
  return failures != 0;
}
