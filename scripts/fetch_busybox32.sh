#!/bin/sh
# fetch_busybox32.sh — put Debian's static i386 busybox (package busybox-static:i386) at
# DEST/bin/busybox, for the i386 busybox battery (tests/func, func.busybox32.*).
#
# Usage: fetch_busybox32.sh DEST
#
# Idempotent: when DEST/bin/busybox is already a static i386 ELF it does nothing.  The
# package is only downloaded and unpacked (apt-get download, dpkg -x), never installed,
# so nothing of it runs and nothing on the machine changes, except that, as root and
# when apt does not know the i386 architecture yet, it runs
# `dpkg --add-architecture i386 && apt-get update` first.  The binary is never committed.
# Exit status: 0 when DEST/bin/busybox is there, 1 when it could not be fetched (the
# battery then skips, with this script's message).
set -u
dest="${1:-}"
if [ -z "$dest" ]; then
  echo "usage: fetch_busybox32.sh DEST" >&2
  exit 2
fi
bin="$dest/bin/busybox"

is_i386_static() {
  [ -x "$1" ] || return 1
  LC_ALL=C readelf -hlW "$1" 2>/dev/null >"$dest/.readelf" || return 1
  grep -q 'Class:[[:space:]]*ELF32' "$dest/.readelf" &&
    grep -q 'Machine:[[:space:]]*Intel 80386' "$dest/.readelf" &&
    ! grep -q 'Requesting program interpreter' "$dest/.readelf"
}

mkdir -p "$dest" || exit 1
if is_i386_static "$bin"; then
  rm -f "$dest/.readelf"
  exit 0
fi

fail() {
  echo "fetch_busybox32: $*" >&2
  echo "fetch_busybox32: the i386 busybox battery (func.busybox32.*) will be skipped" >&2
  rm -rf "$tmp" "$dest/.readelf"
  exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/busybox32.XXXXXX") || exit 1
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
  fail "apt-get and dpkg are needed (a Debian machine)"

download() {
  # apt's sandbox user cannot write to a private mktemp directory: let it.
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq busybox-static:i386) >"$tmp/apt.log" 2>&1
}

if ! download; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    [ "$(id -u)" = 0 ] ||
      fail "apt does not know the i386 architecture; as root: dpkg --add-architecture i386 && apt-get update"
    echo "fetch_busybox32: adding the i386 architecture to dpkg, then apt-get update" >&2
    dpkg --add-architecture i386 || fail "dpkg --add-architecture i386 failed"
  elif [ "$(id -u)" != 0 ]; then
    fail "apt-get download busybox-static:i386 failed (as root, apt-get update may help): $(tail -n 1 "$tmp/apt.log")"
  fi
  # A partly failed update (one mirror index out of sync) may still have what we need.
  apt-get update -qq >"$tmp/update.log" 2>&1 ||
    echo "fetch_busybox32: note: apt-get update reported: $(grep -m 1 '^[EW]:' "$tmp/update.log")" >&2
  download || fail "apt-get download busybox-static:i386 failed: $(tail -n 1 "$tmp/apt.log")"
fi

deb=$(ls "$tmp"/busybox-static_*_i386.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "apt-get download left no busybox-static_*_i386.deb"
dpkg -x "$deb" "$tmp/x" || fail "dpkg -x $deb failed"
[ -f "$tmp/x/bin/busybox" ] || fail "$deb holds no bin/busybox"
mkdir -p "$dest/bin" && cp "$tmp/x/bin/busybox" "$bin.new" && chmod 755 "$bin.new" &&
  mv -f "$bin.new" "$bin" || fail "cannot write $bin"
is_i386_static "$bin" || fail "$bin is not a static i386 ELF"
echo "fetch_busybox32: $(basename "$deb") unpacked to $bin" >&2
rm -rf "$tmp" "$dest/.readelf"
exit 0
