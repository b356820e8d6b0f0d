#!/bin/bash
# run_compare_fork.sh EMU PROG32 PROG64 — `emu --compare` of cmp_fork.c, a
# program with two fork children and a thread: every task keeps its detail
# (a "task N: pid P" header on both sides, the children's own calls with
# their strace lines), the tasks are paired by their order of creation
# (1 the program, 1.1 and 1.2 the children, 1.3 the thread), and pids are
# never a difference: fork's (clone's) result, wait4's pid and result, the
# pid the child passes to kill.  Exit 77 (skip) when a program was not built.
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
for t in 1 1.1 1.2 1.3; do
  grep -Eq "^task $t: pid [0-9]+ +\| task $t: pid [0-9]+$" "$out" || fail "no header for task $t"
done
grep -Eq '^compare: 4 tasks, paired by their order of creation' "$out" || fail "task count"
# The rows of one task: from its header to the next.
rows() { awk -v t="task $1:" 'index($0, t) == 1 { on = 1; next } /^task |^---/ { on = 0 } on' "$out"; }
rows 1.1 | grep -Eq '^= write .*\|   write ' || fail "the first child's write is not paired"
rows 1.1 | grep -q 'write(1, "first child\\n", 12) = 12 *|   write(1, "first child\\n", 12) = 12' \
  || fail "the first child's strace line is missing"
rows 1.1 | grep -Eq '^= openat ' || fail "the first child's failing open is not paired"
rows 1.1 | grep -Eq '^= kill ' || fail "kill(parent pid) is flagged or missing"
rows 1.1 | grep -Eq '^= exit_group .*\|   exit_group ' || fail "the first child's exit_group"
rows 1.2 | grep -q '"second child\\n"' || fail "the second child's detail is missing"
rows 1.3 | grep -q '"thread writes\\n"' || fail "the thread's detail is missing"
rows 1.3 | grep -Eq '^= exit +(int\$0x80|sysenter) ' || fail "the thread's exit"
[ "$(rows 1 | grep -Ec '^= (clone|fork|vfork) ')" = 2 ] || fail "the forks are not both paired '='"
[ "$(rows 1 | grep -Ec '^= wait4 ')" = 2 ] || fail "the wait4 calls are not both paired '='"
grep -Eq '^[!~] (clone|fork|vfork|wait4|kill|getpid|getppid|gettid|set_tid_address) ' "$out" \
  && fail "a pid is flagged as a difference"
grep -Eq '^compare: exit status 3 / 3; stdout identical' "$out" || fail "exit status / stdout"
exit 0
