#!/bin/sh
# gen_sysnr_both.sh UNISTD64_H UNISTD32_H — every call name of either ABI
# with its number in each, -1 where the ABI has no such call, as
#   SYSNR2(name, nr_x86_64, nr_i386)
# so that one row per call (src/abi/calls_*.inc) can name its numbers in both
# tables.  Numbers are never typed.
set -eu
echo "/* generated from $1 and $2 by scripts/gen_sysnr_both.sh — do not edit */"
pat='s/^#define __NR_\([a-z0-9_]*\)[ \t]\+\([0-9]\+\)$/\1 \2/p'
{ sed -n "$pat" "$1" | sed 's/$/ 64/'; sed -n "$pat" "$2" | sed 's/$/ 32/'; } |
  awk '{ n[$1] = 1; if ($3 == 64) a[$1] = $2; else b[$1] = $2 }
       END { for (k in n) printf "SYSNR2(%s, %s, %s)\n", k, (k in a) ? a[k] : -1, (k in b) ? b[k] : -1 }' |
  LC_ALL=C sort
