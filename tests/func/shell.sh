#!/usr/bin/env bash
# shell.sh — run one script of the shell battery (shell_cases/NAME.sh) with a shell
# (static, or dynamic through the host's ld.so), natively and under emu, through tests/diff/run_diff.sh, in a scratch directory
# laid out by shell_fixtures.sh.  Under emu the shell is emulated, and so is every
# process it starts: busybox applets (busybox re-executes /proc/self/exe), external
# programs by path (the fixtures' static helpers, of both ABIs) and subshells, since
# fork and execve in an emulated program stay emulated.
#
# Usage: shell.sh --emu EMU --scratch DIR --helpers DIR [--timeout SECS] [--shell PATH] CASE
#   --shell    the shell to run (default /bin/busybox, run as "busybox sh"; a path to
#              bash-static runs "bash-static")
#   --helpers  the folder of the static helpers hello64 and hello32 (shell.cmake)
# Exit status: 0 pass, 1 fail, 77 skipped (no such shell).
set -u
here=$(cd "$(dirname "$0")" && pwd)
emu="" scratch="" timeout=60 shell=/bin/busybox
while [ $# -gt 1 ]; do
  case "$1" in
  --emu) emu="$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --timeout) timeout="$2"; shift 2 ;;
  --shell) shell="$2"; shift 2 ;;
  --helpers) export SHELL_HELPERS="$2"; shift 2 ;;
  *) echo "shell.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
name="${1:-}"
if [ -z "$emu" ] || [ -z "$scratch" ] || [ -z "$name" ]; then
  echo "usage: shell.sh --emu EMU --scratch DIR --helpers DIR [--timeout SECS] [--shell PATH] CASE" >&2
  exit 2
fi
case_file="$here/shell_cases/$name.sh"
if [ ! -f "$case_file" ]; then
  echo "shell.sh: no case $case_file" >&2
  exit 2
fi
if [ ! -x "$shell" ]; then
  echo "SKIPPED: $shell is missing"
  exit 77
fi
case "$(basename "$shell")" in
busybox*) run="$shell sh" ;;
*) run="$shell" ;;
esac
# SHELL_UNDER_TEST lets a case know which shell runs it (e.g. to skip bash-only parts).
exec bash "$here/../diff/run_diff.sh" --shell --emu "$emu" --scratch "$scratch" \
  --timeout "$timeout" --setup "$here/shell_fixtures.sh" \
  -- "PATH=\"\$PWD/bbin:\$PATH\"; \${EMU:+\$EMU }$run $case_file"
