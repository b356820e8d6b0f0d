#!/usr/bin/env bash
# run_all.sh BUILD [SCALE [TIMES]]: the stress family outside ctest, for the
# longer runs: every case TIMES times (default 1) at EMU_STRESS_SCALE=SCALE
# (default 20), each through tests/hostile/run_case.sh (own PID namespace, hard
# timeout of 120 s * SCALE, times 4 in a sanitizer build).  Prints each case's
# result and seconds, then the counts; exit status 0 when all passed.
set -u
build=$(cd "${1:?usage: run_all.sh BUILD [SCALE [TIMES]]}" && pwd) || exit 2
scale=${2:-20} times=${3:-1}
src=$(cd "$(dirname "$0")/../.." && pwd)
tscale=1
grep -q '^EMU_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && tscale=4
export EMU=$build/emu EMU_BUILD_DIR=$build EMU_SRC_DIR=$src EMU_TIMEOUT_SCALE=$tscale
export EMU_STRESS_SCALE=$scale
[ $tscale = 4 ] && export EMU_SANITIZE=1
passed=0 failed=0 skipped=0
for ((i = 1; i <= times; i++)); do
  for case_path in "$src"/tests/stress/*.sh; do
    case=$(basename "$case_path" .sh)
    case $case in lib | run_all) continue ;; esac
    log=$build/tests/stress/long/$case.log
    mkdir -p "$(dirname "$log")"
    start=$EPOCHREALTIME
    bash "$src/tests/hostile/run_case.sh" "$case_path" "$build/tests/stress/long/$case" \
      $((120 * scale * tscale)) >"$log" 2>&1
    rc=$?
    secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
    case $rc in
      0) passed=$((passed + 1)) r=pass ;;
      77) skipped=$((skipped + 1)) r=skip ;;
      *) failed=$((failed + 1)) r="FAIL ($rc), see $log" ;;
    esac
    printf 'run %d scale %d %-16s %6.1f s  %s\n' "$i" "$scale" "$case" "$secs" "$r"
  done
done
echo "passed $passed, failed $failed, skipped $skipped"
[ $failed = 0 ]
