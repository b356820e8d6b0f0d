#!/bin/sh
# deps.sh — install the Debian packages emu needs to build and test, when run
# as root; otherwise print the exact command and stop.
# gcc-multilib and libc6-dev-i386: the -m32 -static test programs (diff variants gcc32,
# asm32).  The i386 busybox of the func.busybox32 battery is not installed: CMake unpacks
# it into the build directory with scripts/fetch_busybox32.sh.
# libunicorn-dev: the optional Unicorn CPU (--cpu=unicorn), so `make test` covers it.
# qemu-system-x86, e2fsprogs, strace: the VM oracle (tests/oracle), which boots a real
# Linux kernel where the host cannot run i386 programs.  qemu-system-x86 comes without
# its recommends (no firmware GUIs, no SPICE): the oracle boots a bare kernel.
# valgrind: bench/run.sh's instruction counts (callgrind) and func.valgrind.
PKGS="cmake make gcc pkg-config libelf-dev libcapstone-dev libcriterion-dev libunicorn-dev gcc-multilib libc6-dev-i386 musl-tools busybox-static qemu-user python3 bash-static gdb e2fsprogs strace valgrind"
PKGS_NOREC="qemu-system-x86"
missing=""
missing_norec=""
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
for p in $PKGS; do installed "$p" || missing="$missing $p"; done
for p in $PKGS_NOREC; do installed "$p" || missing_norec="$missing_norec $p"; done
[ -z "$missing$missing_norec" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing$missing$missing_norec"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
  if [ -n "$missing" ]; then
    apt-get install -y -qq $missing >/dev/null || {
      echo "deps: apt-get install failed" >&2; exit 1; }
  fi
  if [ -n "$missing_norec" ]; then
    apt-get install -y -qq --no-install-recommends $missing_norec >/dev/null || {
      echo "deps: apt-get install failed" >&2; exit 1; }
  fi
else
  echo "emu needs these Debian packages; run as root:" >&2
  [ -n "$missing" ] && echo "  apt-get install -y$missing" >&2
  [ -n "$missing_norec" ] && echo "  apt-get install -y --no-install-recommends$missing_norec" >&2
  exit 1
fi
