#!/bin/sh
# fetch_kernel.sh DIR — put Debian's cloud kernel (linux-image-<version>-cloud-amd64, the
# version the meta-package linux-image-cloud-amd64 names today) into DIR as DIR/vmlinuz,
# with its version in DIR/version.  Nothing is installed: the package is downloaded with
# `apt-get download` and unpacked with dpkg-deb.  Its config has IA-32 emulation on,
# and NVMe and ext4 built in, so the oracle VM needs no modules.
# Exit status 0 with DIR/vmlinuz in place, 1 with one line on stderr saying why.
set -eu
dir=${1:?usage: fetch_kernel.sh DIR}
[ -s "$dir/vmlinuz" ] && [ -s "$dir/version" ] && exit 0
mkdir -p "$dir"
work=$(mktemp -d "$dir/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

image_pkg() {
  apt-cache depends linux-image-cloud-amd64 2>/dev/null |
    awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(image_pkg)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
  # A machine whose package lists were never fetched: fetch them once.
  apt-get update -qq >/dev/null 2>&1 || true
  pkg=$(image_pkg)
fi
if [ -z "$pkg" ]; then
  echo "fetch_kernel: apt knows no linux-image-cloud-amd64 (run apt-get update as root)" >&2
  exit 1
fi
# apt-get download as root warns that _apt cannot write here; the download still works.
if ! (cd "$work" && apt-get download -q "$pkg" >download.log 2>&1); then
  echo "fetch_kernel: apt-get download $pkg failed: $(tail -n 1 "$work/download.log")" >&2
  exit 1
fi
dpkg-deb -x "$work"/"$pkg"_*.deb "$work/x"
vmlinuz=$(ls "$work"/x/boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -z "$vmlinuz" ]; then
  echo "fetch_kernel: $pkg holds no /boot/vmlinuz-*" >&2
  exit 1
fi
if ! grep -q '^CONFIG_IA32_EMULATION=y' "$work"/x/boot/config-*; then
  echo "fetch_kernel: $pkg has no IA-32 emulation: it cannot serve as the i386 oracle" >&2
  exit 1
fi
cp "$vmlinuz" "$dir/vmlinuz"
cp "$work"/x/boot/config-* "$dir/config"
ver=$(dpkg-deb -f "$work"/"$pkg"_*.deb Version)
echo "Debian $pkg $ver" >"$dir/version"
