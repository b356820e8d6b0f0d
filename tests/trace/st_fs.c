/* st_fs.c — file calls for the strace golden test beyond st_files.c's, and
 * a few of other subjects that came with them: clone3's structure
 * (refused by the kernel, so no child), CPU affinity masks, utimensat's
 * times, memfd_create, fallocate, copy_file_range, inotify, mlockall,
 * personality, syncfs, readahead, sched_rr_get_interval, sigsuspend
 * and pause cut short by a pending signal, shutdown. */
// strace-vm-mask: ^sched_getaffinity\(.*\) = [0-9]+$ -- the size of the kernel's CPU mask: the machine's number of possible CPUs
// strace-vm-mask: ^sched_rr_get_interval[_a-z0-9]*\(0, \{tv_sec=0, tv_nsec=[0-9]+\}\) -- sched_rr_get_interval's slice for SCHED_OTHER: the kernel's scheduler (6.1's CFS, the host's EEVDF)
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct user_desc_ {
  unsigned int entry_number, base_addr, limit;
  unsigned int flags;
};

static void handler(int sig) { (void)sig; }

int main(void) {
  /* clone3: CLONE_THREAD without CLONE_SIGHAND is refused (EINVAL) after
   * the structure is read; a too-short structure is not read. */
  static char stk[4096];
  static struct user_desc_ ud = {12, 0x1000, 0xfffff, 0x51};
  int ptid = 0;
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  ca.parent_tid = (uintptr_t)&ptid;
  ca.child_tid = (uintptr_t)&ptid;
  ca.stack = (uintptr_t)stk;
  ca.stack_size = sizeof stk;
  ca.tls = (uintptr_t)&ud;
  syscall(SYS_clone3, &ca, sizeof ca);
  ca.flags = CLONE_THREAD;
  ca.exit_signal = SIGCHLD;
  syscall(SYS_clone3, &ca, 64);
  syscall(SYS_clone3, &ca, 32);

  /* affinity */
  cpu_set_t cs;
  CPU_ZERO(&cs);
  sched_getaffinity(0, sizeof cs, &cs);
  sched_setaffinity(0, sizeof cs, &cs);
  struct timespec ts;
  sched_rr_get_interval(0, &ts);

  /* files */
  int fd = memfd_create("st-fs", MFD_CLOEXEC);
  fallocate(fd, 0, 0, 8192);
  fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 4096);
  write(fd, "abcdef", 6);
  int f2 = open("copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
  loff_t in = 0, out = 0;
  copy_file_range(fd, &in, f2, &out, 6, 0);
  readahead(f2, 0, 4096);
  struct timespec times[2] = {{0, UTIME_NOW}, {12345, UTIME_OMIT}};
  utimensat(AT_FDCWD, "copy", times, 0);
  times[1].tv_nsec = 5;
  utimensat(AT_FDCWD, "copy", times, AT_SYMLINK_NOFOLLOW);
  utimensat(AT_FDCWD, "copy", NULL, 0);
  fsync(f2);
  syncfs(f2);
  close(f2);
  close(fd);
  int in_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  int wd = inotify_add_watch(in_fd, ".", IN_CREATE | IN_DELETE | IN_MODIFY);
  inotify_rm_watch(in_fd, wd);
  close(in_fd);
  unlink("copy");

  /* memory and personality */
  mlockall(MCL_CURRENT);
  munlockall();
  personality(0xffffffff);

  /* a signal pending while blocked: sigsuspend returns at once */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t set, empty;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  sigemptyset(&empty);
  sigsuspend(&empty);

  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  shutdown(sv[0], SHUT_WR);
  shutdown(sv[1], SHUT_RDWR);
  printf("%d\n", ptid);
  return 0;
}
