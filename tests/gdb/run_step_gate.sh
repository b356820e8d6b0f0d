#!/bin/bash
# run_step_gate.sh — `emu --step` at the system-call gates, and how it ends.
#   run_step_gate.sh EMU PROG BITS
# prog.c with "raw" makes getpid through the gate itself (int $0x80 in the
# i386 build, syscall in the x86-64 one) between the labels raw_call and
# raw_next.  Checked: a breakpoint stop names its address and symbol; `n`
# stops at the call and shows the instruction that runs next (raw_next, past
# the gate; for glibc's calls through __kernel_vsyscall's SYSENTER, the
# landing pad, never the int $0x80 after it); the register dump's columns
# line up; `q` in the middle kills the program ("killed by SIGKILL", 137) and
# `q` at exit_group's entry lets it end with its own status (7).
set -u
EMU=$1 PROG=$2 BITS=$3
[ -x "$PROG" ] || { echo "SKIP: $PROG not built"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
expect() { # FILE REGEX WHAT
  if grep -Eq -- "$2" "$1"; then ok "$3"; else bad "$3 (wanted /$2/)"; fi
}
# The output with the "(emu) " prompts taken off the starts of lines.
unprompt() { sed -E ':a; s/^\(emu\) //; ta' "$1"; }
if [ "$BITS" = 64 ]; then GATE='syscall' NR='x86_64 39'; else GATE='int \$0x80' NR='i386 20'; fi

# 1. A breakpoint, the registers, n across the gate, then q: killed.
printf '%s\n' 'b raw_call' c r n r q | timeout 60 "$EMU" --step "$PROG" raw >"$T/out1" 2>"$T/raw1"
st=$?
unprompt "$T/raw1" >"$T/err1"
expect "$T/err1" '^Breakpoint 1, 0x[0-9a-f]+ <raw_call>$' "breakpoint stop prints its location"
expect "$T/err1" "^syscall getpid\(.*\) \[$NR\]" "n stops at getpid"
expect "$T/err1" '^=> 0x[0-9a-f]+ <raw_next>:' "after n the pc is the instruction past the gate"
grep -A1 '^syscall getpid' "$T/err1" | grep -Eq "=> .*($GATE|sysenter)" \
  && bad "after n the gate is shown as the next instruction" || ok "the gate is not shown as next"
expect "$T/err1" '^(rip|eip) +0x[0-9a-f]+ +<raw_call>$' "rip names its symbol"
expect "$T/err1" '^orig_(rax|eax) +0x14|^orig_(rax|eax) +0x27' "orig_ax at the syscall stop"
# Columns: every register line has its hex value at column 11, and its third
# column (when it has one) at one column for the whole dump.
awk '/^[a-z0-9_]+ +0x[0-9a-f]+/ {
       if (index($0, "0x") != 11) { print "hex column: " $0; bad = 1 }
       if (NF >= 3) { c = index(substr($0, 11), " "); while (substr($0, 10 + c, 1) == " ") c++
                      col = 10 + c; if (seen && col != first) { print "third column: " $0; bad = 1 }
                      if (!seen) { seen = 1; first = col } }
     }
     END { exit bad }' "$T/err1" && ok "register columns aligned" || bad "register columns aligned"
expect "$T/err1" '^\[program killed by SIGKILL\]' "q reports the kill"
[ $st = 137 ] && ok "q: exit status 137" || bad "q: exit status $st"

# 2. To _exit, n to its exit_group, q: the program ends with its own status.
printf '%s\n' n 'b _exit' c n q | timeout 60 "$EMU" --step "$PROG" >"$T/out2" 2>"$T/raw2"
st=$?
unprompt "$T/raw2" >"$T/err2"
expect "$T/err2" '^syscall brk\(' "n stops at the first call, brk"
expect "$T/err2" '^syscall exit_group\(0x7' "n stops at exit_group"
grep -A1 '^syscall ' "$T/err2" | grep -Eq '=> .*(int \$0x80|syscall|sysenter)' \
  && bad "after n over glibc's calls a gate is shown as next" || ok "glibc's calls: the next instruction"
expect "$T/err2" '^\[program exited with code 7\]' "q at exit_group: the program's own end"
[ "$st" = 7 ] && ok "q at exit_group: exit status 7" || bad "q at exit_group: exit status $st"
grep -q 'hello from the guest' "$T/out2" && ok "guest stdout" || bad "guest stdout"
[ $fail = 0 ] && echo PASS || { cat "$T/err1"; cat "$T/err2"; }
exit $fail
