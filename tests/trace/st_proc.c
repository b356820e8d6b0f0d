/* st_proc.c — process and file calls for the strace golden test: ids and
 * groups, scheduling and priorities, prctl, getrusage/times/sysinfo (their
 * time-dependent fields are masked by run_strace.sh), waitid, clone3's
 * failure, statfs/fstatfs (of /proc), fadvise64, flock, mknod(at), pipe2, dup3. */
// strace-vm-mask: f_fsid=\{val=\[[A-Z0-9]+, [0-9]+\]\} -- procfs reports an fsid since a later kernel than the VM's 6.1
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  /* ids: set to what they are (root or not, the calls succeed) */
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  setresuid(-1, -1, -1);
  setresgid(-1, -1, -1);
  setuid(getuid());
  setgid(getgid());
  setreuid(-1, -1);
  setregid(-1, -1);
  gid_t groups[64];
  int ng = getgroups(0, NULL);
  ng = getgroups(64, groups);
  setgroups(0, NULL); /* as root: clears; else EPERM */
  setfsuid(-1);
  setfsgid(-1);

  /* scheduling and priorities */
  struct sched_param sp = {0};
  sched_getscheduler(0);
  sched_getparam(0, &sp);
  sched_setscheduler(0, SCHED_OTHER, &sp);
  sched_get_priority_max(SCHED_FIFO);
  sched_get_priority_min(SCHED_RR);
  getpriority(PRIO_PROCESS, 0);
  setpriority(PRIO_PROCESS, 0, 0);
  syscall(SYS_getpriority, PRIO_USER, 0);

  /* prctl */
  char name[16];
  prctl(PR_SET_NAME, "st-proc");
  prctl(PR_GET_NAME, name);
  prctl(PR_GET_DUMPABLE);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  int sig = 0;
  prctl(PR_GET_PDEATHSIG, &sig);
  prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(12345, 1, 2, 3, 4);

  /* resource use and system information */
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  getrusage(RUSAGE_CHILDREN, &ru);
  struct tms tm;
  times(&tm);
  struct sysinfo si;
  sysinfo(&si);

  /* waitid with no child: ECHILD; clone3 with a bad size: EINVAL */
  siginfo_t info;
  waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
  syscall(SYS_clone3, NULL, 0);

  /* files */
  struct statfs sfs;
  statfs("/nonexistent", &sfs);
  statfs("/proc", &sfs); /* proc's numbers are fixed; f_fsid is hex (masked) */
  int pfd = open("/proc", O_RDONLY | O_DIRECTORY);
  fstatfs(pfd, &sfs);
  close(pfd);
  int fd = open("f", O_CREAT | O_RDWR, 0600);
  posix_fadvise(fd, 0, 4096, POSIX_FADV_SEQUENTIAL);
  posix_fadvise(fd, 100, 0, POSIX_FADV_DONTNEED);
  flock(fd, LOCK_EX | LOCK_NB);
  flock(fd, LOCK_UN);
  flock(fd, LOCK_SH);
  mknod("fifo", S_IFIFO | 0644, 0);
  mknodat(AT_FDCWD, "fifo2", S_IFIFO | 0600, 0);
  mknod("fifo", S_IFIFO | 0644, 0);                  /* EEXIST */
  mknodat(fd, "dev", S_IFCHR | 0600, makedev(1, 3)); /* ENOTDIR */
  int p[2];
  pipe2(p, O_NONBLOCK);
  dup3(p[0], 10, O_CLOEXEC);
  dup3(p[0], 10, 0);
  close(10);
  close(p[0]);
  close(p[1]);
  close(fd);
  unlink("fifo");
  unlink("fifo2");
  unlink("f");
  printf("%d\n", ng >= 0);
  return 0;
}
