#!/bin/bash
# run_lockstep.sh EMU PROG [MODE] — run PROG under emu --lockstep.
# By default (MODE same) it must end with status 0 and the summary line
# "lockstep: N instructions compared, no difference", and print something
# when the program does natively.  With expect-difference it must end with status 1
# and a "lockstep: DIFFERENCE" report naming the instruction.
# MODE resync: as same, with EMU_LOCKSTEP_SKIP_AT making one native single-step run
# two instructions (as hosts whose hypervisor delivers the trap late do): emu must
# notice and step once more ("resynchronised 1 time"), not report a difference.
# MODE pidns, pidns-resync: as same and resync, inside a new PID namespace whose /proc
# is the parent's (`unshare --fork --pid`): the child's pid there names another
# process, or none.  Skips (77) where unshare is refused.
# Exit 77 (skip) when PROG was not built (no gcc -m32) or ptrace is refused.
#
# --lockstep runs PROG natively beside emu, so it needs a host that runs PROG: where the
# host cannot (an i386 program on a kernel without IA-32 emulation), ctest marks the test
# (tests/oracle/oracle.sh) and it says so and skips.  (The oracle VM's CPU is QEMU's
# software model, no reference for instruction-by-instruction comparison.)
. "$(cd "$(dirname "$0")" && pwd)/../oracle/oracle.sh"
oracle_unserved
emu=$1 prog=$2 mode=${3:-same}
[ -x "$prog" ] || { echo "skip: $prog not built"; exit 77; }
if [ "$mode" = expect-difference ] && ! grep -qw avx2 /proc/cpuinfo; then
  echo "skip: the host has no AVX2"; exit 77
fi
wrap=() resync=
case $mode in
  resync) resync=1 ;;
  pidns | pidns-resync)
    unshare --fork --pid true 2>/dev/null || { echo "skip: unshare --fork --pid refused"; exit 77; }
    wrap=(unshare --fork --pid)
    [ "$mode" = pidns-resync ] && resync=1 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$prog" > native.out 2>/dev/null
if [ -n "$resync" ]; then
  EMU_LOCKSTEP_SKIP_AT=300 timeout 600 "${wrap[@]}" "$emu" --lockstep "$prog" > emu.out 2> emu.err
else
  timeout 600 "${wrap[@]}" "$emu" --lockstep "$prog" > emu.out 2> emu.err
fi
rc=$?
if grep -q "did not start under ptrace\|Operation not permitted" emu.err; then
  echo "skip: ptrace not available"; cat emu.err; exit 77
fi
if [ "$mode" = expect-difference ]; then
  cat emu.err
  [ $rc -eq 1 ] || { echo "FAIL: status $rc, expected 1"; exit 1; }
  grep -q "^lockstep: DIFFERENCE after [0-9]* instructions" emu.err || { echo "FAIL: no report"; exit 1; }
  grep -q "^=> 0x" emu.err || { echo "FAIL: the instruction is not shown"; exit 1; }
  exit 0
fi
tail -5 emu.err
[ $rc -eq 0 ] || { echo "FAIL: status $rc"; cat emu.err | head -60; exit 1; }
grep -Eq "^lockstep: [0-9]+ instructions compared, no difference" emu.err || { echo "FAIL: no summary"; exit 1; }
if [ -n "$resync" ]; then
  grep -Eq "^lockstep: resynchronised 1 time after a native single-step that ran two" emu.err \
    || { echo "FAIL: the simulated double step was not resynchronised"; exit 1; }
fi
# The output is the native child's (emu replays its writes); programs that
# print addresses differ from a separate native run, so only its presence is checked.
[ -s native.out ] && ! [ -s emu.out ] && { echo "FAIL: no output"; exit 1; }
exit 0
