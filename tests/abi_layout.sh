#!/bin/sh
# abi_layout.sh CC SRC — emu's guest structures (src/abi/lx_*.h) against the
# kernel's uapi headers: tests/abi_layout.c is compiled twice, -m64 for the
# lx64_* layouts and -m32 for the lx32_* ones, each twice (the kernel's
# headers, then -DABI_LAYOUT_LIBC for the socket structures from the C
# library, which cannot share one file with them); every check is a
# _Static_assert, so compiling both is the test.
cc="${1:?usage: abi_layout.sh CC SRC}"
src="${2:?usage: abi_layout.sh CC SRC}"
rc=0
for m in -m64 -m32; do
  for pass in "" -DABI_LAYOUT_LIBC; do
    if ! "$cc" "$m" $pass -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -I "$src/src" \
      "$src/tests/abi_layout.c"; then
      echo "abi_layout: the $m $pass layouts differ from the kernel's (or do not compile)"
      rc=1
    fi
  done
done
[ "$rc" = 0 ] && echo "abi_layout: -m64 and -m32 layouts match the kernel's"
exit "$rc"
