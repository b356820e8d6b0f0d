#!/usr/bin/env bash
# busybox.sh — run one case of the busybox battery (busybox.cases) natively and under
# emu through tests/diff/run_diff.sh, in a scratch directory laid out by
# busybox_fixtures.sh.
#
# Usage: busybox.sh --emu EMU --scratch DIR [--busybox PATH] [--fetch 'CMD'] [--timeout SECS]
#                   [--emu-arg ARG]... CASE
# --emu-arg: an option for emu (--cpu=unicorn: the battery on the Unicorn CPU).
# --busybox: the busybox under test (default /bin/busybox; the i386 battery passes the one
# scripts/fetch_busybox32.sh unpacked); --fetch: the command that would fetch it, named in
# the skip message.  The fixtures are made natively with the host's x86-64 busybox (the
# same Debian version as the i386 one, and deterministic): a host that cannot run i386
# programs must still be able to lay them out.
# Exit status: 0 pass, 1 fail, 77 skipped (no usable busybox).
set -u
here=$(cd "$(dirname "$0")" && pwd)
emu="" scratch="" timeout=60 bb=/bin/busybox fetch=""
emu_args=()
while [ $# -gt 1 ]; do
  case "$1" in
  --emu) emu="$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --timeout) timeout="$2"; shift 2 ;;
  --busybox) bb="$2"; shift 2 ;;
  --fetch) fetch="$2"; shift 2 ;;
  --emu-arg) emu_args+=(--emu-arg "$2"); shift 2 ;;
  *) echo "busybox.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
name="${1:-}"
if [ -z "$emu" ] || [ -z "$scratch" ] || [ -z "$name" ]; then
  echo "usage: busybox.sh --emu EMU --scratch DIR [--busybox PATH] [--fetch CMD] [--timeout SECS] CASE" >&2
  exit 2
fi

if [ ! -x "$bb" ]; then
  if [ -n "$fetch" ]; then
    echo "SKIPPED: $bb is missing (it could not be fetched at configure time; try: sh $fetch)"
  else
    echo "SKIPPED: $bb is missing (install Debian's busybox-static)"
  fi
  exit 77
fi
# emu runs static programs: a dynamically linked busybox (Debian's plain `busybox`
# package) is no test of emu.
if LC_ALL=C readelf -lW "$bb" 2>/dev/null | grep -q 'Requesting program interpreter'; then
  echo "SKIPPED: $bb is dynamically linked (install Debian's busybox-static)"
  exit 77
fi

line=$(grep -E "^$name[[:space:]]" "$here/busybox.cases" | head -n 1)
if [ -z "$line" ]; then
  echo "busybox.sh: no case named $name in busybox.cases" >&2
  exit 2
fi
fragment=$(printf '%s\n' "$line" | sed -E 's/^[^[:space:]]+[[:space:]]+//')
# busybox_fixtures.sh makes the compressed inputs with it.
if [ -x /bin/busybox ]; then export BB_FIXTURE=/bin/busybox; else export BB_FIXTURE="$bb"; fi
exec bash "$here/../diff/run_diff.sh" --shell --emu "$emu" ${emu_args[@]+"${emu_args[@]}"} --scratch "$scratch" \
  --timeout "$timeout" --setup "$here/busybox_fixtures.sh" \
  -- "BB=\"\${EMU:+\$EMU }$bb\"; $fragment"
