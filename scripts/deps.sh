#!/bin/sh
# deps.sh — install the Debian packages emu needs to build and test, when run
# as root; otherwise print the exact command and stop.
# gcc-multilib and libc6-dev-i386: the -m32 -static test programs (diff variants gcc32,
# asm32).  The i386 busybox of the func.busybox32 battery is not installed: CMake unpacks
# it into the build directory with scripts/fetch_busybox32.sh.
PKGS="cmake make gcc pkg-config libelf-dev libcapstone-dev libcriterion-dev gcc-multilib libc6-dev-i386 musl-tools busybox-static qemu-user python3 bash-static gdb"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null || {
    echo "deps: apt-get install failed" >&2; exit 1; }
else
  echo "emu needs these Debian packages; run as root:" >&2
  echo "  apt-get install -y$missing" >&2
  exit 1
fi
