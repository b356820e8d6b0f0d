#!/usr/bin/env bash
# run_lockstep_uc.sh — one program under `emu --lockstep=unicorn`: every instruction
# run by Unicorn and by emu's interpreter from the same state and compared
# (src/check/lockstep_uc.c).  Passes when emu reports no difference (exit 0 and its
# summary line); a difference prints emu's report and fails.
#
# Usage: run_lockstep_uc.sh --emu EMU --scratch DIR [--limit N] [--stdin FILE]
#                           [--timeout S] -- PROG [ARGS...]
# The program runs in DIR (emptied first), in a session of its own under a hard
# timeout.  Exit 0 pass, 1 fail (a difference, or no summary), 77 PROG not built.
set -u
emu="" scratch="" limit=300000 stdin=/dev/null timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
  --emu) emu="$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --limit) limit="$2"; shift 2 ;;
  --stdin) stdin="$2"; shift 2 ;;
  --timeout) timeout="$2"; shift 2 ;;
  --) shift; break ;;
  *) echo "run_lockstep_uc.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
prog="${1:?usage: run_lockstep_uc.sh --emu EMU --scratch DIR -- PROG [ARGS...]}"
shift
[ -x "$prog" ] || { echo "SKIP: $prog was not built"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" || exit 2
cd "$scratch" || exit 2
setsid timeout -k 5 "$timeout" "$emu" --lockstep=unicorn --lockstep-limit "$limit" "$prog" "$@" \
  <"$stdin" >out.txt 2>err.txt
rc=$?
if [ $rc = 0 ] && grep -Eq '^lockstep=unicorn: [0-9]+ instructions compared, no difference' err.txt; then
  grep -E '^lockstep=unicorn: ' err.txt
  cd / && rm -rf "$scratch"
  exit 0
fi
echo "FAIL: status $rc"
grep -A40 -E '^lockstep=unicorn: DIFFERENCE' err.txt || tail -20 err.txt
exit 1
