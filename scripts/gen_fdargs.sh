#!/bin/sh
# gen_fdargs.sh STRACE_SIG_INC — which arguments of each system call are
# descriptors, read from the one place that describes every call's arguments
# (src/strace/strace_sig.inc), as an X-macro list
#   FDARGS(name, fd_mask, dirfd_mask)
# bit i set: argument i is a descriptor (K_FD) or a directory descriptor used
# for a relative path in argument i+1 (K_DIRFD).  Calls with neither are left
# out.  Sorted by name (C collation, as strcmp orders) for the binary search
# of src/syscall/sys_fs_reserved.c.
set -eu
echo "/* generated from $1 by scripts/gen_fdargs.sh — do not edit */"
awk '
/^SIG\(/ {
  s = $0
  sub(/\/\*.*$/, "", s)             # a trailing comment
  sub(/^SIG\(/, "", s)
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
  for (k = 2; k < n; k++) {        # f[0] name, f[1] result kind
    kind = f[k]; sub(/^KP\(/, "", kind); sub(/,.*$/, "", kind)
    if (kind == "K_FD") fd += 2 ^ (k - 2)
    if (kind == "K_DIRFD") dir += 2 ^ (k - 2)
  }
  if (fd || dir) printf "FDARGS(%s, 0x%x, 0x%x)\n", f[0], fd, dir
}' "$1" | LC_ALL=C sort -u
