# emu's own descriptors are not the guest's to close (issue 14, item 3): a guest that
# closes every descriptor (close_range(3, ~0), then close() and dup2() over each number
# up to the limit, as daemons and subprocess children do) must not end `-s -o LOG`'s
# log or --frames=FILE's, nor hand a dead descriptor to the emu of a program it execs.
# Closing or dup'ing over such a descriptor gives EBADF (as qemu-user does).  Both ABIs.
# And the guest cannot find them: every call that takes one as a descriptor gives EBADF,
# /proc/self/fd and fdinfo neither list nor resolve them, so a scan of every descriptor
# number sees exactly what it sees natively (which inherits the same descriptors from
# the test, less emu's logs).
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc > 1) { /* the exec'd half */
    syscall(SYS_getppid);
    write(1, "child ok\n", 9);
    return 0;
  }
  syscall(SYS_close_range, 3, ~0u, 0);
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  int top = rl.rlim_cur > 4096 ? 4096 : (int)rl.rlim_cur;
  for (int fd = 3; fd < top; fd++) close(fd);
  for (int fd = 3; fd < top; fd++) dup2(1, fd);
  for (int fd = 3; fd < top; fd++) close(fd);
  syscall(SYS_getpid);
  write(1, "parent ok\n", 10);
  char *av[] = {argv[0], "child", NULL};
  execv("/proc/self/exe", av);
  return 1;
}
C
cat > scan.c <<'C'
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  int top = rl.rlim_cur > 65536 ? 65536 : (int)rl.rlim_cur;
  for (int fd = 0; fd < top; fd++) { /* open descriptors, by several routes */
    struct stat st;
    char p[64];
    int a = fcntl(fd, F_GETFD) >= 0, b = fstat(fd, &st) == 0;
    int c = lseek(fd, 0, SEEK_CUR) >= 0 || errno != EBADF;
    int d = write(fd, "", 0) >= 0 || errno != EBADF;
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    int e = access(p, F_OK) == 0;
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    int f = open(p, O_RDONLY | O_CLOEXEC);
    if (f >= 0) close(f);
    if (a || b || c || d || e || f >= 0) printf("fd %d: %d%d%d%d%d%d\n", fd, a, b, c, d, e, f >= 0);
  }
  const char *dirs[] = {"/proc/self/fd", "/proc/self/fdinfo"};
  for (int i = 0; i < 2; i++) {
    DIR *dir = opendir(dirs[i]);
    int me = dirfd(dir), n = 0;
    for (struct dirent *e; (e = readdir(dir));)
      if (e->d_name[0] != '.' && atoi(e->d_name) != me) n++;
    printf("%s: %d entries\n", dirs[i], n);
    closedir(dir);
  }
  return 0;
}
C
cc_guest g64 g.c
cc_guest32 g32 g.c
cc_guest s64 scan.c
cc_guest32 s32 scan.c
./s64 >native.scan 2>&1 || fail "native scan failed"
for s in s64 s32; do
  run_emu 120 -s -o $s.log --frames=$s.frames ./$s >$s.scan 2>$s.err
  rc=$?
  no_emu_crash $s.err
  [ "$rc" = 0 ] && cmp -s native.scan $s.scan && pass "$s: the scan sees what it sees natively" ||
    fail "$s: status $rc, scan differs: $(diff native.scan $s.scan | head -5 | tr '\n' ' ')"
done
for g in g64 g32; do
  run_emu 60 -s -o $g.log --frames=$g.frames ./$g >$g.out 2>$g.err
  rc=$?
  no_emu_crash $g.err
  [ "$rc" = 0 ] && [ "$(cat $g.out)" = "$(printf 'parent ok\nchild ok')" ] ||
    fail "$g: status $rc, stdout '$(head -c 80 $g.out)'"
  grep -q '^getpid() *= ' $g.log && pass "$g: the log goes on after close_range" ||
    fail "$g: no getpid line in the log (last: $(tail -n 1 $g.log))"
  grep -q 'getppid() *= ' $g.log && grep -q '+++ exited with 0 +++' $g.log &&
    pass "$g: the exec'd program's calls are logged" ||
    fail "$g: the exec'd program is missing from the log"
  grep -q 'getpid' $g.frames && pass "$g: --frames goes on" || fail "$g: --frames file ended early"
done
finish
