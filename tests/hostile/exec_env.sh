# A guest's execve environment reaches the new program only, never emu's
# own dynamic loader: a static guest execs a static program with
# LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH (a fake libc.so.6), GCONV_PATH,
# MALLOC_* and LD_DEBUG in its envp.  Natively a static program ignores
# them; under emu no constructor of evil.so may run and emu must not
# change (the loader's debug output, a failure to start), and the new
# program must see exactly the argv and envp passed, in order, in its
# environ and in /proc/self/environ, with no descriptor of emu's left open
# (emu passes the guest's argv and envp through a descriptor).  Both ABIs;
# the x86-64 run is also compared with the native one.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > evil.c <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void evil(void) {
  int fd = open("marker", O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) { write(fd, "loaded\n", 7); close(fd); }
  write(2, "EVIL LOADED\n", 12);
}
unsigned la_version(unsigned v) { evil(); return v; }
C
gcc -shared -fPIC -o evil.so evil.c || skip "cannot build a shared object"
mkdir -p fakelib gconv
cp evil.so fakelib/libc.so.6
cp evil.so fakelib/libpthread.so.0
printf 'module INTERNAL EVIL// evil 1\n' > gconv/gconv-modules
cat > launch.c <<'C'
#include <stdio.h>
#include <unistd.h>
int main(void) {
  char *argv[] = {"shown", "one", "", "two words", "--", "-s", NULL};
  char *envp[] = {"LD_PRELOAD=./evil.so", "LD_AUDIT=./evil.so", "LD_LIBRARY_PATH=./fakelib",
                  "GCONV_PATH=./gconv", "MALLOC_CHECK_=3", "MALLOC_PERTURB_=165",
                  "GLIBC_TUNABLES=glibc.malloc.check=3", "LD_DEBUG=all", "LD_BIND_NOW=1",
                  "LD_SHOW_AUXV=1", "A=1", "A=2", "noequals", "=x", "PATH=", NULL};
  execve("./shown", argv, envp);
  perror("execve");
  return 1;
}
C
cat > shown.c <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) printf("argv[%d] '%s'\n", i, argv[i]);
  for (char **e = environ; *e; e++) printf("env '%s'\n", *e);
  char buf[4096];
  int fd = open("/proc/self/environ", O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
  if (fd >= 0) close(fd);
  printf("/proc/self/environ:");
  for (ssize_t i = 0; i < n; i++) putchar(buf[i] ? buf[i] : '|');
  printf("\n");
  for (int d = 3; d < 256; d++)
    if (fcntl(d, F_GETFD) >= 0) printf("fd %d open\n", d);
  return 0;
}
C
cc_guest launch64 launch.c
cc_guest shown64 shown.c
cc_guest32 launch32 launch.c
cc_guest32 shown32 shown.c
# What the program must print, from launch.c's vectors (and the descriptors
# open natively).
{
  printf "argv[0] 'shown'\nargv[1] 'one'\nargv[2] ''\nargv[3] 'two words'\nargv[4] '--'\nargv[5] '-s'\n"
  for e in LD_PRELOAD=./evil.so LD_AUDIT=./evil.so LD_LIBRARY_PATH=./fakelib GCONV_PATH=./gconv \
           MALLOC_CHECK_=3 MALLOC_PERTURB_=165 GLIBC_TUNABLES=glibc.malloc.check=3 LD_DEBUG=all \
           LD_BIND_NOW=1 LD_SHOW_AUXV=1 A=1 A=2 noequals =x PATH=; do
    printf "env '%s'\n" "$e"
  done
  printf "/proc/self/environ:LD_PRELOAD=./evil.so|LD_AUDIT=./evil.so|LD_LIBRARY_PATH=./fakelib|GCONV_PATH=./gconv|MALLOC_CHECK_=3|MALLOC_PERTURB_=165|GLIBC_TUNABLES=glibc.malloc.check=3|LD_DEBUG=all|LD_BIND_NOW=1|LD_SHOW_AUXV=1|A=1|A=2|noequals|=x|PATH=|\n"
} > want
cp shown64 shown
./launch64 > native.out 2> native.err
[ -e marker ] && fail "natively a static program loaded evil.so (test is wrong)"
# The descriptors open in native.out are the harness's, inherited by both runs.
grep -v '^fd ' native.out | cmp -s - want ||
  fail "native run differs from launch.c's vectors: $(grep -v '^fd ' native.out | diff want - | head -5)"
grep '^fd ' native.out >> want
for abi in 64 32; do
  rm -f marker
  cp shown$abi shown
  for opts in "" "-s -o strace.$abi"; do
    # shellcheck disable=SC2086
    run_emu 30 $opts ./launch$abi > emu$abi.out 2> emu$abi.err
    rc=$?
    no_emu_crash emu$abi.err
    [ "$rc" = 0 ] || fail "launch$abi (emu $opts): status $rc: $(head -3 emu$abi.err)"
    [ -e marker ] && fail "launch$abi (emu $opts): evil.so ran in emu: $(cat marker)"
    grep -q "EVIL\|calling init\|symbol=\|AT_PHDR" emu$abi.err &&
      fail "launch$abi (emu $opts): the guest's loader variables acted on emu: $(head -3 emu$abi.err)"
    cmp -s emu$abi.out want && pass "launch$abi (emu $opts): exact argv and envp, no leaked descriptor" ||
      fail "launch$abi (emu $opts): $(diff want emu$abi.out | head -8)"
  done
  grep -q 'execve("./shown", \["shown", "one", "", "two words", "--", "-s"\]' strace.$abi &&
    grep -q '+++ exited with 0 +++' strace.$abi && pass "strace log follows the exec ($abi)" ||
    fail "strace.$abi: $(head -c 600 strace.$abi)"
done
finish
