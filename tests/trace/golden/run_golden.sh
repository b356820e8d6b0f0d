#!/bin/bash
# run_golden.sh — one golden test of emu's --trace and --frames output.
#
#   run_golden.sh --emu EMU --src PROG.S --work DIR [--update]
#
# Builds PROG.S as a static non-PIE program (-m32 when its first lines carry the tag
# "golden-m32"), runs it natively and under emu with the options of its "golden-args:"
# tag plus --trace=...,FILE --frames=FILE, and checks:
#   1. emu's stdout and exit status equal the native run's;
#   2. every line of PROG.grep (fixed strings: the register values the program set
#      before each gate) appears in the frames;
#   3. the trace, masked, equals PROG.expected.
# Masks: i386 stack addresses 0xffff0000-0xffffdfff become 0xffff____,
# x86-64 ones 0x7ffXXXXXXXXX / 0x1fffXXXXXXXX become 0xSTACK____; the programs run on
# stacks of their own in .bss where they can, so few values need it.  The program runs
# with an empty environment and argv[0] "./PROG" so that the initial stack is the same
# on every machine.
# --update rewrites PROG.expected from this run: review the diff line by line against
# what the program does before committing it.  Exit 77 (skip) without gcc -m32.
set -u
emu= src= work= update=0
while [ $# -gt 0 ]; do
  case $1 in
  --emu) emu=$2; shift 2 ;;
  --src) src=$2; shift 2 ;;
  --work) work=$2; shift 2 ;;
  --update) update=1; shift ;;
  *) echo "run_golden.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
name=$(basename "$src" .S)
dir=$(cd "$(dirname "$src")" && pwd)
mkdir -p "$work"
flags="-nostdlib -static -no-pie"
head -12 "$src" | grep -q golden-m32 && flags="-m32 $flags"
args=$(head -12 "$src" | sed -n 's/.*golden-args:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\*\/.*/\1/p;s/.*golden-args:[[:space:]]*\([^*]*[^*[:space:]]\)[[:space:]]*$/\1/p' | head -1)
if ! gcc $flags -o "$work/$name" "$src" 2>"$work/$name.cc"; then
  case $flags in -m32*) echo "skip: cannot build $name with gcc -m32"; exit 77 ;; esac
  cat "$work/$name.cc" >&2
  exit 1
fi
cd "$work" || exit 1
env -i "./$name" >native.out 2>/dev/null
native_rc=$?
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
