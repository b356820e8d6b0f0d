# func.strace_options: the command line of strace's log-shaping options and of
# --kernel= (issue 13, items 5 and 7), where the golden tests (trace.*.<option>,
# trace.golden.g32k) do not reach: -c prints its table once for a tree of processes
# (a shell's children and what they execve) and also when the program dies of a
# signal; what emu does not support is refused with one message and status 2;
# --kernel=i386 refuses an x86-64 program as execve refuses what it cannot run (126)
# and runs an i386 one as without it.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > die.c <<'C'
#include <signal.h>
#include <unistd.h>
int main(void) { write(1, "x\n", 2); raise(SIGSEGV); return 0; }
C
cat > hi.c <<'C'
#include <unistd.h>
int main(void) { write(1, "hi\n", 3); return 3; }
C
cc_guest die die.c
cc_guest hi64 hi.c
cc_guest32 hi32 hi.c
tables() { grep -c '^% time     seconds  usecs/call     calls    errors syscall$' "$1"; }

# A tree: the shell, two children, each an execve of hi64.
run_emu 60 -c -o tree.log /bin/sh -c './hi64; ./hi64; exit 0' >/dev/null 2>tree.err
st=$?
no_emu_crash tree.err
[ $st = 0 ] || fail "-c sh -c: status $st"
[ "$(tables tree.log)" = 1 ] && pass "-c: one table for the whole tree" || fail "-c: $(tables tree.log) tables"
# Three programs started: execve counted 3 times (the shell and two hi64), write twice.
grep -Eq ' 3 +execve$' tree.log && pass "-c: the execve of each process counted" ||
  fail "-c: execve row: $(grep execve tree.log)"
grep -Eq '^ +[0-9.]+ +[0-9.]+ +[0-9]+ +2 +write$' tree.log && pass "-c: the children's writes counted" ||
  fail "-c: write row: $(grep ' write$' tree.log)"
grep -q '^+++\|^execve(' tree.log && fail "-c: lines besides the table"

run_emu 30 -C -o die.log ./die >/dev/null 2>die.err
st=$?
no_emu_crash die.err
[ $st = 139 ] || fail "-C, SIGSEGV: status $st"
grep -q '^+++ killed by SIGSEGV' die.log && [ "$(tables die.log)" = 1 ] &&
  pass "-C: the lines, then the table, when the program dies of a signal" ||
  fail "-C after SIGSEGV: $(tail -3 die.log | tr '\n' ' ')"

for bad in -yy -ff --string-limit=x -s5x; do
  run_emu 10 $bad ./hi64 >/dev/null 2>bad.err
  st=$?
  [ $st = 2 ] && [ "$(wc -l <bad.err)" = 1 ] && pass "$bad refused: $(cat bad.err)" ||
    fail "$bad: status $st, $(head -2 bad.err | tr '\n' ' ')"
done

run_emu 10 --kernel=i386 ./hi64 >k.out 2>k.err
st=$?
[ $st = 126 ] && grep -q 'x86-64 program' k.err && [ ! -s k.out ] &&
  pass "--kernel=i386 refuses an x86-64 program (126)" || fail "--kernel=i386 ./hi64: $st $(cat k.err)"
run_emu 10 --kernel=sparc ./hi32 >/dev/null 2>k.err
[ $? = 2 ] && pass "--kernel=sparc refused" || fail "--kernel=sparc accepted"
run_emu 10 --kernel=i386 --frames=k.frames ./hi32 >k.out 2>k.err
st=$?
no_emu_crash k.err
[ $st = 3 ] && [ "$(cat k.out)" = hi ] && pass "--kernel=i386 runs an i386 program" ||
  fail "--kernel=i386 ./hi32: status $st, '$(cat k.out)'"
grep -q '32-bit kernel: entry_INT80_32\|32-bit kernel: entry_SYSENTER_32' k.frames &&
  ! grep -q 'compat' k.frames && pass "--kernel=i386: every gate through the 32-bit kernel" ||
  fail "--kernel=i386 frames: $(grep '^==' k.frames | sort -u | head -3 | tr '\n' ' ')"
run_emu 10 --frames=d.frames ./hi32 >/dev/null 2>&1
grep -q '64-bit kernel: entry_' d.frames && ! grep -q '32-bit kernel' d.frames &&
  pass "default: every i386 gate through the 64-bit kernel's compat entries" ||
  fail "default frames: $(grep '^==' d.frames | sort -u | head -3 | tr '\n' ' ')"
finish
