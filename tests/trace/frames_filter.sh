#!/usr/bin/env bash
# frames_filter.sh EMU PROG — `--frames` follows the log's `-e trace=`: with
# -e trace=%desc,exit_group it shows exactly the calls the system-call log shows under
# the same expression (one "== " gate per logged call, in the same order, each table
# slot one of those names), and without it more.
# Exit status: 0 pass, 1 fail, 77 skipped (PROG not built).
set -u
emu=$(realpath "$1") prog=$(realpath "$2")
[ -x "$prog" ] || { echo "SKIP: $prog was not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
expr='trace=%desc,exit_group'
"$emu" --frames="$tmp/all.frames" "$prog" </dev/null >/dev/null 2>&1
"$emu" --frames="$tmp/f.frames" -e "$expr" "$prog" </dev/null >/dev/null 2>&1
"$emu" -s -o "$tmp/f.log" -e "$expr" "$prog" </dev/null >/dev/null 2>&1
# the names, in order: the log's lines (strace names) and the frames' table slots
sed -nE 's/^([a-z_0-9]+)\(.*/\1/p' "$tmp/f.log" >"$tmp/log.names"
sed -nE 's/^   table: [a-z0-9-]+\[[0-9]+\] ([a-z_0-9]+) -> .*/\1/p' "$tmp/f.frames" >"$tmp/frames.names"
all=$(grep -c '^== ' "$tmp/all.frames")
some=$(grep -c '^== ' "$tmp/f.frames")
fail=0
[ -s "$tmp/log.names" ] || { echo "FAIL: the log shows no call under -e $expr"; fail=1; }
if ! diff -u "$tmp/log.names" "$tmp/frames.names"; then
  echo "FAIL: --frames -e $expr shows other calls than the log (- log, + frames)"
  fail=1
fi
[ "$some" = "$(wc -l <"$tmp/frames.names")" ] || { echo "FAIL: a gate without its table line"; fail=1; }
[ "$all" -gt "$some" ] || { echo "FAIL: without -e, --frames shows $all gates, with it $some"; fail=1; }
echo "frames: $all gates, $some under -e $expr; log: $(wc -l <"$tmp/log.names") calls"
exit $fail
