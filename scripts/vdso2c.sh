#!/bin/sh
# vdso2c.sh IMAGE NAME — turn a linked vDSO image into a C header: the bytes
# as NAME_image[], and NAME_sym_<symbol> offsets for the symbols emu needs
# (in the manner of linux arch/x86/entry/vdso/vdso2c).
set -eu
img=$1 name=$2
echo "/* generated from $(basename "$img") by scripts/vdso2c.sh — do not edit */"
echo "static const unsigned char ${name}_image[] = {"
od -An -v -tx1 "$img" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/  /'
echo "};"
nm "$img" | awk -v n="$name" '$3 ~ /^(__kernel_vsyscall|int80_landing_pad|__kernel_sigreturn|__kernel_rt_sigreturn|emu_vdso_fast|emu_vdso_service)$/ {
  printf "#define %s_sym_%s 0x%s\n", n, $3, $1 }'
