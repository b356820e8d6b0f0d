# func.vdso: the vDSO's time functions answer in user space (issue 13, item 8): a
# program's clock_gettime, gettimeofday, time and clock_getres of the clocks Linux's
# vDSO serves make no system call, so `emu -s` logs what `strace` logs natively (the
# calls the vDSO leaves to the kernel: CPU-time clocks), and --frames shows no entry
# for them; --vdso=syscall makes them system calls again, which both logs then show.
# The values themselves are compared with the kernel's by tests/diff/vdso_time.c.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > t.c <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
int main(void) {
  struct timespec a;
  struct timeval tv;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_REALTIME_COARSE, &a);
  gettimeofday(&tv, NULL);
  time(NULL);
  clock_getres(CLOCK_REALTIME, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
  puts("done");
  return 0;
}
C
gcc -O2 -o t64 t.c || fail "gcc"
calls='^(clock_gettime|clock_gettime64|gettimeofday|time|clock_getres|clock_getres_time64)\('
# The call and its clock, without the values.
names() { grep -E "$calls" "$1" | sed -E 's/^([a-z_0-9]+)\(([A-Z_]*).*/\1 \2/'; }
if command -v strace >/dev/null && strace -o native.st ./t64 >/dev/null 2>&1; then
  names native.st >native.calls
else
  skip "no working strace to take the native log from"
fi
for b in 64 32; do
  [ $b = 32 ] && { gcc -m32 -O2 -o t32 t.c 2>cc.err || skip "gcc -m32: $(head -1 cc.err)"; }
  run_emu 30 -s -o u$b.st --frames=u$b.fr ./t$b >u$b.out 2>u$b.err
  no_emu_crash u$b.err
  names u$b.st >u$b.calls
  # i386 glibc names the 64-bit time calls *64/*_time64 and asks clock_getres of the
  # kernel itself (the vDSO has no 64-bit clock_getres): the same clocks otherwise.
  if [ $b = 64 ]; then
    cmp -s native.calls u64.calls && pass "64: -s logs the time calls strace logs natively" ||
      fail "64: -s time calls '$(tr '\n' ' ' <u64.calls)', strace's '$(tr '\n' ' ' <native.calls)'"
  else
    [ "$(tr '\n' ' ' <u32.calls)" = "clock_getres_time64 CLOCK_REALTIME clock_gettime64 CLOCK_PROCESS_CPUTIME_ID clock_gettime64 CLOCK_THREAD_CPUTIME_ID " ] &&
      pass "32: -s logs only the calls the vDSO leaves to the kernel" ||
      fail "32: -s time calls '$(tr '\n' ' ' <u32.calls)'"
  fi
  grep -q 'CLOCK_MONOTONIC' u$b.fr && fail "$b: --frames shows a CLOCK_MONOTONIC entry" ||
    pass "$b: --frames shows no entry for the vDSO's answers"
  run_emu 30 -s -o s$b.st --vdso=syscall ./t$b >s$b.out 2>s$b.err
  no_emu_crash s$b.err
  names s$b.st >s$b.calls
  [ "$(cat s$b.out)" = done ] && grep -q 'CLOCK_MONOTONIC' s$b.calls &&
    grep -q 'CLOCK_REALTIME_COARSE' s$b.calls && grep -qE '^(gettimeofday|clock_gettime64 CLOCK_REALTIME)' s$b.calls &&
    pass "$b: --vdso=syscall: every time call is a system call in the log" ||
    fail "$b: --vdso=syscall: '$(tr '\n' ' ' <s$b.calls)'"
done
run_emu 10 --vdso=bogus ./t64 2>bogus.err
[ $? = 2 ] && pass "--vdso with an unknown mode is refused" || fail "--vdso=bogus: $(cat bogus.err)"
finish
