#!/bin/sh
# gen_sysnr.sh UNISTD_H — turn asm/unistd_{32,64}.h into an X-macro list,
#   SYSNR(nr, name)
# in the manner of the kernel's scripts/syscalltbl.sh.  Numbers are never typed.
set -eu
echo "/* generated from $1 by scripts/gen_sysnr.sh — do not edit */"
sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]\+\([0-9]\+\)$/SYSNR(\2, \1)/p' "$1"
