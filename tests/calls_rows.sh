#!/bin/sh
# calls_rows.sh SRC — every system-call handler (SYS_DEFINEn in src/) is named
# by a row of src/abi/calls_*.inc, as its call's x86-64 or i386 handler.  A
# handler without a row is a call emu answers -ENOSYS to although it has the
# code; the row-side checks (a row without a handler, a number that disagrees
# with the kernel) are calls_check.c's, and a row naming a missing handler
# does not link.
src="${1:?usage: calls_rows.sh SRC}"
defined=$(grep -rhoE 'SYS_DEFINE[0-6]\([a-z0-9_]+' "$src" --include='*.c' | sed 's/.*(//' | sort -u)
named=$(cat "$src"/abi/calls_*.inc |
  sed -n 's/^CALL([a-z0-9_]*, *\([a-z0-9_A-Z]*\), *\([a-z0-9_A-Z]*\),.*/\1\n\2/p' | grep -vx NONE | sort -u)
n=0
for h in $defined; do
  echo "$named" | grep -qx "$h" && continue
  echo "handler sys_$h has no row in src/abi/calls_*.inc"
  n=$((n + 1))
done
echo "$(echo "$defined" | wc -l) handlers, $(echo "$named" | wc -l) named by rows, $n without a row"
[ "$n" -eq 0 ] && [ -n "$defined" ]
