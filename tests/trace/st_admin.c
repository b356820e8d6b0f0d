/* st_admin.c — administration calls for the strace golden test, made so
 * that nothing changes: capget/capset, sched_getattr/setattr,
 * settimeofday/clock_settime refused or empty, ioprio_get/set, syslog's
 * buffer size, sethostname/setdomainname refused, acct of nothing,
 * pidfd_send_signal and kcmp, utime, modify_ldt, and i386's
 * get_thread_area, olduname, oldolduname and umount. */
// strace-vm-mask: sched_runtime=[0-9]+ -- EEVDF (Linux 6.6+) reports the slice as sched_runtime, 6.1's CFS 0
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/kcmp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

struct sched_attr_ {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
  uint32_t util_min, util_max;
};

int main(void) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  syscall(SYS_capget, &hdr, NULL);
  syscall(SYS_capget, &hdr, data);
  hdr.version = 0x12345;
  syscall(SYS_capset, &hdr, data); /* EINVAL */

  struct sched_attr_ attr;
  memset(&attr, 0, sizeof attr);
  syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0);
  syscall(SYS_sched_setattr, 0, &attr, 0);

  struct timespec ts = {0, 0};
  syscall(SYS_settimeofday, NULL, NULL);
  syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts); /* EINVAL */

  int prio = syscall(SYS_ioprio_get, 1, 0);
  syscall(SYS_ioprio_set, 1, 0, prio);
  syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
  syscall(SYS_ioprio_set, 1, 0, prio);
  syscall(SYS_syslog, 10, NULL, 0);
  syscall(SYS_sethostname, "x", -1);    /* EINVAL */
  syscall(SYS_setdomainname, "y", 100); /* EINVAL */
  syscall(SYS_acct, "/nonexistent/acct");

  syscall(SYS_pidfd_send_signal, -1, SIGUSR1, NULL, 0);
  syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, 0, 0); /* the same file: 0 */

  int fd = open("f", O_CREAT | O_WRONLY, 0644);
  close(fd);
#ifdef SYS_utime
  struct utimbuf ub = {1000, 2000};
  syscall(SYS_utime, "f", &ub);
  syscall(SYS_utime, "f", NULL);
#endif
  unlink("f");
  char ldt[16];
  memset(ldt, 0, sizeof ldt); /* the LDT is empty: the buffer stays as it is */
  syscall(SYS_modify_ldt, 0, ldt, sizeof ldt);
#ifdef __i386__
  struct {
    unsigned entry, base, limit, flags;
  } ud = {12, 0, 0, 0};
  syscall(SYS_get_thread_area, &ud);
  char un[5 * 65];
  syscall(SYS_olduname, un);
  char oun[5 * 9];
  syscall(SYS_oldolduname, oun);
  syscall(SYS_umount, "/nonexistent");
#endif
  printf("%d\n", prio >= 0);
  return 0;
}
