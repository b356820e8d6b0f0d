# /proc/<pid>/mem and the other /proc views name emu's own memory on the host: a
# guest must reach only its own.  Under emu, by every route to the process's /proc
# directory (self, <pid>, thread-self, task/<tid>, dirfds of /proc and /proc/self, a
# symlink, the cwd, /dev/fd/N, openat2): maps names neither emu's binary nor its
# libraries and shares no range with emu's own maps (read from outside); pread and
# pwrite of mem at addresses of emu's .data and heap (passed in from outside) fail
# with EIO and emu keeps running; the page-table views (smaps, pagemap, numa_maps,
# map_files/, syscall) are refused (emu's choice: EACCES, as a failed ptrace check;
# natively they open); another emu's mem (parent, child) is refused;
# a thread racing preads against opens of mem never reads emu's memory; environ
# honours -E/-U; readlink of an emulated descriptor names the /proc file.
# Both ABIs.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NROUTES 10
static const char *const route_names[NROUTES] = {
    "self", "pid", "thread-self", "task", "dirfd-self", "dirfd-proc", "symlink", "cwd", "devfd",
    "openat2"};

/* Open /proc/<this process>/entry by route i. */
static int open_route(int i, const char *entry, int flags) {
  char p[256], l[64];
  int pid = getpid(), tid = (int)syscall(SYS_gettid), fd = -1, d, e;
  switch (i) {
  case 0: snprintf(p, sizeof p, "/proc/self/%s", entry); return open(p, flags);
  case 1: snprintf(p, sizeof p, "/proc/%d/%s", pid, entry); return open(p, flags);
  case 2: snprintf(p, sizeof p, "/proc/thread-self/%s", entry); return open(p, flags);
  case 3: snprintf(p, sizeof p, "/proc/%d/task/%d/%s", pid, tid, entry); return open(p, flags);
  case 4:
    d = open("/proc/self", O_RDONLY | O_DIRECTORY);
    fd = openat(d, entry, flags);
    e = errno, close(d), errno = e;
    return fd;
  case 5:
    d = open("/proc", O_RDONLY | O_DIRECTORY);
    snprintf(p, sizeof p, "self/%s", entry);
    fd = openat(d, p, flags);
    e = errno, close(d), errno = e;
    return fd;
  case 6:
    snprintf(l, sizeof l, "lnk-%d", pid);
    if (symlink("/proc/self", l)) return -1;
    snprintf(p, sizeof p, "%s/%s", l, entry);
    fd = open(p, flags);
    e = errno, unlink(l), errno = e;
    return fd;
  case 7: {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || chdir("/proc/self")) return -1;
    fd = open(entry, flags);
    e = errno;
    if (chdir(cwd)) exit(3);
    errno = e;
    return fd;
  }
  case 8:
    d = open("/proc/self", O_RDONLY | O_DIRECTORY);
    snprintf(p, sizeof p, "/dev/fd/%d/%s", d, entry);
    fd = open(p, flags);
    e = errno, close(d), errno = e;
    return fd;
  default: {
    struct {
      unsigned long long flags, mode, resolve;
    } how = {(unsigned)flags, 0, 0};
    snprintf(p, sizeof p, "/proc/self/%s", entry);
    return (int)syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how);
  }
  }
}

/* The race: a thread preads low descriptors at a host address while main
 * opens mem; a readable host mem descriptor must never appear in the table. */
static volatile int race_stop;
static unsigned long long race_addr;
static long race_hits;
static void *racer(void *arg) {
  (void)arg;
  char b[8];
  while (!race_stop)
    for (int fd = 3; fd < 8; fd++)
      if (pread(fd, b, 8, (off_t)race_addr) == 8) race_hits++;
  return NULL;
}

static void dump(int fd) {
  char b[4096];
  for (ssize_t k; fd >= 0 && (k = read(fd, b, sizeof b)) > 0;) fwrite(b, 1, k, stdout);
  if (fd >= 0) close(fd);
}

/* Whether a is inside one of this process's mappings (its own maps view). */
static int guest_mapped(unsigned long long a) {
  FILE *f = fopen("/proc/self/maps", "r");
  unsigned long long lo, hi;
  char line[512];
  int in = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "%llx-%llx", &lo, &hi) == 2 && a >= lo && a < hi) in = 1;
  if (f) fclose(f);
  return in;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "maps")) {
    for (int i = 0; i < NROUTES; i++) {
      printf("== %s\n", route_names[i]);
      fflush(stdout);
      dump(open_route(i, "maps", O_RDONLY));
    }
  } else if (!strcmp(mode, "poke")) {
    printf("pid %d\n", getpid());
    fflush(stdout);
    unsigned long long a;
    while (scanf("%llx", &a) == 1) {
      if (guest_mapped(a)) {
        printf("guest-mapped\n");
        continue;
      }
      if (!race_addr) {
        race_addr = a;
        pthread_t th;
        pthread_create(&th, NULL, racer, NULL);
        for (int k = 0; k < 3000; k++) close(open_route(k % 2, "mem", O_RDWR));
        race_stop = 1;
        pthread_join(th, NULL);
        printf("race hits %ld\n", race_hits);
      }
      for (int i = 0; i < NROUTES; i++) {
        int fd = open_route(i, "mem", O_RDWR);
        char b[8];
        errno = 0;
        long r = fd < 0 ? -2 : pread(fd, b, 8, (off_t)a);
        int er = errno;
        errno = 0;
        long w = fd < 0 ? -2 : pwrite(fd, "PWNED!!!", 8, (off_t)a);
        int ew = errno;
        printf("%s pread %ld %s pwrite %ld %s\n", route_names[i], r, r == -1 ? strerror(er) : "",
               w, w == -1 ? strerror(ew) : "");
        if (fd >= 0) close(fd);
      }
    }
    printf("alive\n");
  } else if (!strcmp(mode, "deny")) {
    const char *e[] = {"smaps", "smaps_rollup", "numa_maps", "pagemap", "map_files", "syscall"};
    for (size_t k = 0; k < sizeof e / sizeof *e; k++)
      for (int i = 0; i < NROUTES; i++) {
        errno = 0;
        int fd = open_route(i, e[k], O_RDONLY | (k == 4 ? O_DIRECTORY : 0));
        printf("%s %s %s\n", e[k], route_names[i], fd < 0 ? strerror(errno) : "opened");
        if (fd >= 0) close(fd);
      }
  } else if (!strcmp(mode, "family")) {
    int pfd[2];
    if (pipe(pfd)) return 2;
    pid_t c = fork();
    char p[64];
    if (c == 0) {
      snprintf(p, sizeof p, "/proc/%d/mem", getppid());
      errno = 0;
      int fd = open(p, O_RDWR);
      printf("child opens parent's mem: %s\n", fd < 0 ? strerror(errno) : "opened");
      fflush(stdout);
      if (write(pfd[1], "x", 1) != 1) _exit(2);
      pause();
      _exit(0);
    }
    char x;
    if (read(pfd[0], &x, 1) != 1) return 2;
    const char *e[] = {"mem", "pagemap", "smaps"};
    for (int k = 0; k < 3; k++) {
      snprintf(p, sizeof p, "/proc/%d/%s", c, e[k]);
      errno = 0;
      int fd = open(p, O_RDONLY);
      printf("parent opens child's %s: %s\n", e[k], fd < 0 ? strerror(errno) : "opened");
    }
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
  } else if (!strcmp(mode, "env")) {
    char b[1 << 16];
    int fd = open("/proc/self/environ", O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, b, sizeof b);
    for (ssize_t i = 0; i < n; i++) putchar(b[i] ? b[i] : '\n');
  } else if (!strcmp(mode, "links")) {
    const char *e[] = {"maps", "mem", "status", "environ"};
    for (int k = 0; k < 4; k++) {
      int fd = open_route(6, e[k], O_RDONLY);
      char p[64], l[256];
      snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
      ssize_t n = readlink(p, l, sizeof l - 1);
      l[n > 0 ? n : 0] = 0;
      snprintf(p, sizeof p, "/proc/%d/%s", getpid(), e[k]);
      printf("readlink fd of %s names it: %d\n", e[k], !strcmp(l, p));
    }
    DIR *d = opendir("/proc/self/map_files");
    printf("opendir map_files: %s\n", d ? "opened" : strerror(errno));
  }
  return 0;
}
C
cc_guest g64 g.c -pthread
cc_guest32 g32 g.c -pthread
emu_real=$(readlink -f "$EMU")
for g in g64 g32; do
  # maps: nothing of emu's by name.
  run_emu 30 ./$g maps >$g.maps 2>$g.err; rc=$?
  no_emu_crash $g.err
  [ "$rc" = 0 ] || fail "$g maps: status $rc"
  [ "$(grep -c '^== ' $g.maps)" = 10 ] || fail "$g maps: not every route ran"
  if grep -vE '^== ' $g.maps | grep -qE "$(basename "$emu_real")|libasan|libubsan|libc\.so|ld-linux"; then
    fail "$g maps names emu's files: $(grep -m1 -E 'libasan|libc\.so|ld-linux|'"$(basename "$emu_real")" $g.maps)"
  else
    pass "$g maps, every route: no line of emu's"
  fi
  for r in self pid thread-self task dirfd-self dirfd-proc symlink cwd devfd openat2; do
    awk -v r="$r" '/^== /{on = ($2 == r); next} on' $g.maps | grep -q '\[stack\]' ||
      fail "$g maps by $r: no [stack] line (not the guest's view)"
  done

  # mem at emu's own addresses, passed in from outside: EIO, and emu lives on.
  rm -f in; mkfifo in
  run_emu 30 ./$g poke <in >$g.poke 2>$g.perr &
  bg=$!
  exec 3>in
  for _ in $(seq 100); do grep -q '^pid ' $g.poke 2>/dev/null && break; sleep 0.1; done
  pid=$(awk '/^pid /{print $2}' $g.poke)
  addrs=
  if [ -n "$pid" ] && [ -r /proc/$pid/maps ]; then
    cp /proc/$pid/maps $g.hostmaps
    addrs=$(awk -v exe="$emu_real" '($2 ~ /^rw/ && ($6 == exe || $6 == "[heap]")) {
      split($1, a, "-"); print a[1]; n++ } END { if (!n) print "" }' $g.hostmaps)
  fi
  echo "$addrs" >&3
  exec 3>&-
  wait $bg; rc=$?
  rm -f in
  no_emu_crash $g.perr
  if [ -z "$addrs" ]; then
    fail "$g poke: could not read emu's maps from outside (pid '$pid')"
  else
    tested=$(grep -c ' pread ' $g.poke)
    bad=$(grep ' pread ' $g.poke | grep -vc 'pread -1 Input/output error pwrite -1 Input/output error')
    [ "$rc" = 0 ] && grep -q '^alive$' $g.poke || fail "$g poke: emu died (status $rc)"
    grep -q '^race hits 0$' $g.poke && pass "$g no host mem descriptor while opening mem (race)" ||
      fail "$g race: $(grep '^race' $g.poke)"
    [ "$tested" -gt 0 ] && [ "$bad" = 0 ] && pass "$g mem at $tested route x address of emu's: EIO" ||
      fail "$g mem at emu's addresses: $(grep ' pread ' $g.poke | grep -v 'Input/output error pwrite -1 Input' | head -2)"
    # The guest's maps view shares no range with emu's own.
    # ([vsyscall] is the one page both may show: the kernel's, at a fixed address.)
    common=$(grep -vE '^== |\[vsyscall\]' $g.maps | awk '{print $1}' | sort -u | comm -12 - <(awk '{print $1}' $g.hostmaps | sort -u) | head -1)
    [ -z "$common" ] && pass "$g maps shares no range with emu's" || fail "$g maps has emu's range $common"
  fi

  run_emu 30 ./$g deny >$g.deny 2>$g.derr; rc=$?
  no_emu_crash $g.derr
  # A thread's directory has no map_files (tid_base_stuff): ENOENT there, as Linux.
  n=$(grep -c . $g.deny)
  ok=$(grep -vE '^map_files (thread-self|task) ' $g.deny | grep -c ' Permission denied$')
  ok=$((ok + $(grep -cE '^map_files (thread-self|task) No such file or directory$' $g.deny)))
  [ "$rc" = 0 ] && [ "$n" = 60 ] && [ "$ok" = 60 ] && pass "$g smaps/pagemap/map_files/... refused by every route" ||
    fail "$g deny: $ok of $n refused: $(grep -v 'Permission denied' $g.deny | head -2)"

  run_emu 30 ./$g family >$g.fam 2>$g.ferr; rc=$?
  no_emu_crash $g.ferr
  [ "$rc" = 0 ] && [ "$(grep -c ': Permission denied$' $g.fam)" = 4 ] && pass "$g another emu's mem/pagemap/smaps refused" ||
    fail "$g family: $(tr '\n' ';' <$g.fam)"

  FOO_KEEP=1 FOO_DROP=1 run_emu 30 -E FOO_SET=bar -U FOO_DROP ./$g env >$g.env 2>$g.eerr; rc=$?
  no_emu_crash $g.eerr
  grep -qx 'FOO_SET=bar' $g.env && grep -qx 'FOO_KEEP=1' $g.env && ! grep -q '^FOO_DROP=' $g.env &&
    pass "$g environ honours -E/-U" || fail "$g environ: $(grep FOO $g.env | tr '\n' ' ')"

  run_emu 30 ./$g links >$g.links 2>$g.lerr; rc=$?
  no_emu_crash $g.lerr
  [ "$rc" = 0 ] && [ "$(grep -c 'names it: 1' $g.links)" = 4 ] && grep -q 'map_files: Permission denied' $g.links &&
    pass "$g readlink of emulated fds, map_files refused" || fail "$g links: $(tr '\n' ';' <$g.links)"
done
finish
