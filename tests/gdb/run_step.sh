#!/bin/bash
# run_step.sh — `emu --step` with commands piped in.
#   run_step.sh EMU PROG SRC BITS
# Checks the listing against the program's own constants (tests/gdb/prog.c):
# a breakpoint by symbol, the registers and stack words set_regs leaves, the
# write system call with its arguments, a bad address refused, the exit code.
set -u
EMU=$1 PROG=$2 SRC=$3 BITS=$4
[ -x "$PROG" ] || { echo "SKIP: $PROG not built"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
expect() {
  if grep -Eq -- "$1" "$T/err"; then echo "ok   $2"; else echo "FAIL $2 (wanted /$1/)"; fail=1; fi
}
if [ "$BITS" = 64 ]; then
  REG='rbx +0x1122334455667788' SP='$rsp' WORDS='44 33 22 11 00 00 00 00 88 77 66 55 00 00 00 00'
  STEP2='after_set\+5' # nop (1 byte), add $16,%rsp (48 83 c4 10)
  SYS='syscall write\(0x1, 0x[0-9a-f]+, 0x15'
else
  REG='ebx +0x11223344' SP='$esp' WORDS='44 33 22 11 88 77 66 55'
  STEP2='after_set\+4' # nop (1 byte), add $8,%esp (83 c4 08)
  SYS='syscall write\(0x1, 0x[0-9a-f]+, 0x15'
fi
printf '%s\n' 'b after_set' 'info breakpoints' c r "x $SP 16" 'x 0x10 4' 's 2' 'd $pc 2' \
  'delete 1' n c | timeout 60 "$EMU" --step "$PROG" >"$T/out" 2>"$T/err"
st=$?
expect '^\(emu\) ' "prompt on stderr"
expect 'Breakpoint 1 at 0x[0-9a-f]+ <after_set>' "breakpoint by symbol"
expect '^1 +0x[0-9a-f]+ +0 +<after_set>' "info breakpoints"
expect "Breakpoint 1," "breakpoint hit"
expect "$REG" "register the program set"
expect "$WORDS" "stack words the program pushed"
expect 'cannot access memory at address 0x10' "a bad address is refused"
expect "=> 0x[0-9a-f]+ <$STEP2>:" "step 2 runs two instructions"
expect "$SYS" "next system call shown with its arguments"
expect '\[program exited with code 7\]' "exit reported"
[ $st = 7 ] && echo "ok   exit status 7" || { echo "FAIL exit status $st"; fail=1; }
grep -q 'hello from the guest' "$T/out" && echo "ok   guest stdout untouched" || { echo "FAIL guest stdout"; fail=1; }
[ $fail = 0 ] && echo PASS || cat "$T/err"
exit $fail
