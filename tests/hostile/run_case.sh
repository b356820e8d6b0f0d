#!/usr/bin/env bash
# run_case.sh CASE.sh SCRATCH TIMEOUT [ARGS...]: run one case (a hostile-guest case, or
# a fuzzing run of tests/fuzz, with ARGS) in a fresh scratch
# directory (its cwd), in its own PID namespace where unshare works (root, as in CI;
# else its own process group), killed with everything it started after TIMEOUT seconds.
# Exit status: the case's (0 pass, 77 skip with a SKIPPED line, else fail); 124 timeout.
set -u
case_path=$1 scratch=$2 limit=$3
shift 3
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
cd "$scratch" || exit 1
export SCRATCH=$scratch
sandbox=(setsid)
if [ "${EMU_DIFF_NO_PIDNS:-0}" != 1 ] &&
  unshare --pid --fork --kill-child --mount-proc true >/dev/null 2>&1; then
  sandbox=(unshare --pid --fork --kill-child --mount-proc)
fi
timeout -k 5 "$limit" "${sandbox[@]}" bash "$case_path" "$@"
rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
  echo "FAIL: $(basename "$case_path") ran past ${limit}s (a hang) and was killed" >&2
fi
exit "$rc"
