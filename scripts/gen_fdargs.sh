#!/bin/sh
# gen_fdargs.sh CALLS_INC... — which arguments of each system call are
# descriptors, read from the one place that describes every call's arguments
# (the rows of src/abi/calls_*.inc), as an X-macro list
#   FDARGS(name, fd_mask, dirfd_mask)
# bit i set: argument i is a descriptor (K_FD) or a directory descriptor used
# for a relative path in argument i+1 (K_DIRFD).  Calls with neither are left
# out.  Sorted by name (C collation, as strcmp orders) for the binary search
# of src/syscall/sys_fs_reserved.c.
set -eu
echo "/* generated from src/abi/calls_*.inc by scripts/gen_fdargs.sh — do not edit */"
awk '
function row(s,    i, c, depth, n, cur, f, fd, dir, k, kind, first) {
  sub(/\/\*.*$/, "", s)             # a trailing comment
  first = (s ~ /^CALL\(/) ? 7 : 2   # CALL: name h64 h32 sext as check result; SHOW: name result
  sub(/^(CALL|SHOW)\(/, "", s)
  depth = 0; n = 0; cur = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "(") depth++
    if (c == ")") { if (depth == 0) break; depth-- }
    if (c == "," && depth == 0) { f[n++] = cur; cur = ""; continue }
    if (c != " ") cur = cur c
  }
  f[n++] = cur
  fd = 0; dir = 0
  for (k = first; k < n; k++) {
    kind = f[k]; sub(/^KP\(/, "", kind); sub(/,.*$/, "", kind)
    if (kind == "K_FD") fd += 2 ^ (k - first)
    if (kind == "K_DIRFD") dir += 2 ^ (k - first)
  }
  if (fd || dir) printf "FDARGS(%s, 0x%x, 0x%x)\n", f[0], fd, dir
}
# A row may continue on the next line: gather until its parentheses close.
pend != "" { pend = pend " " $0 }
pend == "" && /^(CALL|SHOW)\(/ { pend = $0 }
pend != "" {
  t = pend; o = gsub(/\(/, "(", t); cl = gsub(/\)/, ")", t)
  if (o <= cl) { row(pend); pend = "" }
}' "$@" | LC_ALL=C sort -u
