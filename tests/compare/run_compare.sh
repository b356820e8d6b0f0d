#!/bin/bash
# run_compare.sh EMU PROG32 PROG64 — `emu --compare PROG32 PROG64` must exit 0
# and show the calls side by side: write on both sides, through int $0x80 or
# sysenter as i386 #4 and through syscall as x86-64 #1 with their argument
# registers; openat/close/exit_group aligned; the failing open with the same
# errno on both sides (not flagged); equal exit statuses and stdout.
# Exit 77 (skip) when a program was not built (no gcc -m32).
emu=$1 p32=$2 p64=$3
for p in "$p32" "$p64"; do [ -x "$p" ] || { echo "skip: $p not built"; exit 77; }; done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$emu" --compare "$p32" "$p64" > "$out" 2>&1
rc=$?
cat "$out"
fail() { echo "FAIL: $*"; exit 1; }
[ $rc -eq 0 ] || fail "status $rc"
awk 'length($0) > 100 { bad = 1 } END { exit bad }' "$out" || fail "a line is wider than 100 columns"
grep -Eq '^[=!~] write +(int\$0x80|sysenter) +#4 +ebx,ecx,edx +\|   write +syscall +#1 +rdi,rsi,rdx' "$out" \
  || fail "write is not paired as i386 #4 / x86-64 #1"
grep -Eq '^= exit_group +(int\$0x80|sysenter) +#252 .*\|   exit_group +syscall +#231' "$out" \
  || fail "exit_group is not paired"
grep -Eq '^[=~] (openat|open) .*\|   openat ' "$out" || fail "openat is not paired"
grep -Eq '^[=~] (fstat64|statx|fstat) .*\|   (fstat|newfstatat) ' "$out" || fail "fstat is not paired"
grep -Eq '^[=~] _llseek .*\|   lseek ' "$out" || fail "_llseek ~ lseek is not paired"
grep -q 'translated: offset split hi/lo' "$out" || fail "_llseek's translation is not shown"
grep -q 'ENOENT' "$out" || fail "the failing open is not shown"
grep -Eq '^compare: exit status 4 / 4; stdout identical' "$out" || fail "exit status / stdout"
exit 0
