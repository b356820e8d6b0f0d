#!/bin/sh
# lazy_libraries.sh EMU UNICORN — Capstone and Unicorn are loaded only by the options that use
# them (src/lazylib): emu does not list them as needed libraries, a plain run does not
# load them, and --trace (Capstone) and --cpu=unicorn (Unicorn, where built) do.  Linked
# normally they cost every run about 20 million instructions and 8 MiB at start-up.
# UNICORN is 1 when emu was built with Unicorn.
emu="${1:?usage: lazy_libraries.sh EMU UNICORN}"
unicorn="${2:?usage: lazy_libraries.sh EMU UNICORN}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prog=$tmp/hello
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$tmp/hello.c"
gcc -static -O2 -o "$prog" "$tmp/hello.c" || exit 1
fail=0
needed=$(readelf -d "$emu" | awk '/NEEDED/ { print $NF }' | tr '\n' ' ')
echo "needed: $needed"
case $needed in *capstone* | *unicorn*) echo "FAIL: linked as needed"; fail=1 ;; esac
# ld.so's LD_DEBUG=files names every object it loads, at start-up or by dlopen.
loaded() { LD_DEBUG=files "$emu" "$@" 2>&1 >/dev/null | awk '/file=/ { print $2 }' |
  sed 's/^file=//' | sort -u | tr '\n' ' '; }
plain=$(loaded "$prog")
echo "plain run loads: $plain"
case $plain in *capstone* | *unicorn*) echo "FAIL: a plain run loads them"; fail=1 ;; esac
traced=$(loaded --trace "$prog")
case $traced in *capstone*) ;; *) echo "FAIL: --trace did not load Capstone: $traced"; fail=1 ;; esac
if [ "$unicorn" = 1 ]; then
  uc=$(loaded --cpu=unicorn "$prog")
  case $uc in *unicorn*) echo "--cpu=unicorn loads Unicorn" ;; *) echo "FAIL: --cpu=unicorn: $uc"; fail=1 ;; esac
fi
exit $fail
