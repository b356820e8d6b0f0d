#!/usr/bin/env bash
# stack_probe.sh HELPER — run stack_helper (built by CMake) the one way test_loader.c's
# stack_matches_kernel tests compare with emu's ldr_build_stack: argv "HELPER one
# 'two words' ''", environment exactly A=1 and LONGER_NAME=some value, no address
# randomisation (setarch -R).  Prints the helper's output; exits with its status.
# In the oracle VM (EMU_ORACLE_RECORD, tests/oracle/oracle.sh) it records the output as
# stack.out instead: the i386 helper's layout comes from there on a host that cannot
# run i386 programs.
. "$(cd "$(dirname "$0")" && pwd)/../../oracle/oracle.sh"
helper=${1:?usage: stack_probe.sh HELPER}
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
env -i A=1 'LONGER_NAME=some value' setarch "$(uname -m)" -R "$helper" one 'two words' '' >"$out"
st=$?
if [ "$(oracle_mode)" = record ]; then
  [ $st = 0 ] || exit $st
  oracle_put stack.out "$out"
  exit 0
fi
cat "$out"
exit $st
