#!/usr/bin/env bash
# tools.sh — run one case of the dynamic-tools battery (tools.cases) natively and under
# emu through tests/diff/run_diff.sh, in a scratch directory laid out by
# busybox_fixtures.sh.
#
# Usage: tools.sh --emu EMU --scratch DIR [--timeout SECS] CASE
# Exit status: 0 pass, 1 fail, 77 skipped (no busybox for the fixtures).
set -u
here=$(cd "$(dirname "$0")" && pwd)
emu="" scratch="" timeout=60
while [ $# -gt 1 ]; do
  case "$1" in
  --emu) emu="$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --timeout) timeout="$2"; shift 2 ;;
  *) echo "tools.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
name="${1:-}"
if [ -z "$emu" ] || [ -z "$scratch" ] || [ -z "$name" ]; then
  echo "usage: tools.sh --emu EMU --scratch DIR [--timeout SECS] CASE" >&2
  exit 2
fi
if [ ! -x /bin/busybox ]; then
  echo "SKIPPED: /bin/busybox is missing (the fixtures are made with it)"
  exit 77
fi
line=$(grep -E "^$name[[:space:]]" "$here/tools.cases" | head -n 1)
if [ -z "$line" ]; then
  echo "tools.sh: no case named $name in tools.cases" >&2
  exit 2
fi
fragment=$(printf '%s\n' "$line" | sed -E 's/^[^[:space:]]+[[:space:]]+//')
export BB_FIXTURE=/bin/busybox
exec bash "$here/../diff/run_diff.sh" --shell --emu "$emu" --scratch "$scratch" \
  --timeout "$timeout" --setup "$here/busybox_fixtures.sh" \
  -- "E=\"\${EMU:+\$EMU }\"; $fragment"
