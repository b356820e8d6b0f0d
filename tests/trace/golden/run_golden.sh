#!/bin/bash
# run_golden.sh — one golden test of emu's --trace and --frames output.
#
#   run_golden.sh --emu EMU --src PROG.S --prog BUILT --work DIR [--update]
#
# BUILT is PROG.S built by CMake as a static non-PIE program (-m32 when its first lines
# carry the tag "golden-m32"); it is copied into DIR and run there natively and under
# emu with the options of its "golden-args:" tag plus --trace=...,FILE --frames=FILE,
# and the test checks:
#   1. emu's stdout and exit status equal the native run's;
#   2. every line of PROG.grep (fixed strings: the register values the program set
#      before each gate) appears in the frames;
#   3. the trace, masked, equals PROG.expected.
# Masks: i386 stack addresses 0xffff0000-0xffffdfff become 0xffff____,
# x86-64 ones 0x7ffXXXXXXXXX / 0x1fffXXXXXXXX become 0xSTACK____; the programs run on
# stacks of their own in .bss where they can, so few values need it.  The program runs
# with an empty environment and argv[0] "./PROG" so that the initial stack is the same
# on every machine.  The native run may come from the oracle VM (tests/oracle/oracle.sh).
# --update rewrites PROG.expected from this run: review the diff line by line against
# what the program does before committing it.  Exit 77 (skip) when BUILT is missing.
set -u
. "$(cd "$(dirname "$0")" && pwd)/../../oracle/oracle.sh"
oracle_close_fds # the same descriptor numbers natively, under emu and in the VM
emu= src= prog= work= update=0
while [ $# -gt 0 ]; do
  case $1 in
  --emu) emu=$2; shift 2 ;;
  --src) src=$2; shift 2 ;;
  --prog) prog=$2; shift 2 ;;
  --work) work=$2; shift 2 ;;
  --update) update=1; shift ;;
  *) echo "run_golden.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
name=$(basename "$src" .S)
dir=$(cd "$(dirname "$src")" && pwd)
mkdir -p "$work"
args=$(head -12 "$src" | sed -n 's/.*golden-args:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\*\/.*/\1/p;s/.*golden-args:[[:space:]]*\([^*]*[^*[:space:]]\)[[:space:]]*$/\1/p' | head -1)
if [ ! -x "$prog" ]; then
  echo "skip: $prog was not built (no gcc -m32?)"
  exit 77
fi
cp "$prog" "$work/$name"
cd "$work" || exit 1
mode=$(oracle_mode)
if [ "$mode" = replay ]; then
  oracle_need native.out status
  cp "$EMU_ORACLE_REF/native.out" native.out
  native_rc=$(cat "$EMU_ORACLE_REF/status")
else
  env -i "./$name" >native.out 2>/dev/null
  native_rc=$?
fi
if [ "$mode" = record ]; then
  oracle_put native.out native.out
  oracle_put_value status "$native_rc"
  exit 0
fi
oracle_where
rm -f "$name.trace"
# shellcheck disable=SC2086
env -i "$emu" $args --frames="$name.trace" "./$name" >emu.out 2>emu.err
emu_rc=$?
fail=0
if ! cmp -s native.out emu.out || [ $native_rc != $emu_rc ]; then
  echo "FAIL $name: native exit $native_rc, emu exit $emu_rc; stdout diff:"
  diff native.out emu.out
  cat emu.err
  fail=1
fi
if [ -f "$dir/$name.grep" ]; then
  while IFS= read -r want; do
    [ -z "$want" ] && continue
    if ! grep -qF -- "$want" "$name.trace"; then
      echo "FAIL $name: the frames lack: $want"
      fail=1
    fi
  done <"$dir/$name.grep"
fi
perl -pe 's/0xffff[0-9a-d][0-9a-f]{3}\b/0xffff____/g; s/0x(7ff|1fff)[0-9a-f]{8,9}\b/0xSTACK____/g' \
  "$name.trace" >"$name.masked"
if [ $update = 1 ]; then
  cp "$name.masked" "$dir/$name.expected"
  echo "updated $dir/$name.expected: review it line by line"
elif ! diff -u "$dir/$name.expected" "$name.masked"; then
  echo "FAIL $name: the trace differs from $name.expected (regenerate: --update, then review)"
  fail=1
fi
[ $fail = 0 ] && echo "ok $name"
exit $fail
