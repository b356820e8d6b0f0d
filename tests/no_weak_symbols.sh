#!/bin/sh
# no_weak_symbols.sh EMU — emu has no weak symbols of its own (issue 12): every
# instruction handler and system-call handler a table names is defined, or the link
# fails.  A weak declaration would let a missing handler link as NULL (#UD, -ENOSYS)
# and a duplicate link silently; this checks that none slipped back.  The C runtime's
# own weak references (versioned glibc symbols, _ITM_*, __gmon_start__, data_start)
# are not emu's.
emu="${1:?usage: no_weak_symbols.sh EMU}"
nm "$emu" >/dev/null || exit 1
weak=$(nm "$emu" | awk '($1 ~ /^[wWvV]$/ || $2 ~ /^[wWvV]$/) &&
  $NF !~ /(@|^_ITM_|^__gmon_start__$|^data_start$|^__dso_handle$)/ { print $NF }')
n=$(nm "$emu" | grep -c ' T op_')
echo "op_ handlers defined: $n; weak symbols of emu's own: ${weak:-none}"
[ -z "$weak" ] && [ "$n" -gt 400 ]
