#!/usr/bin/env bash
# fuzz_long.sh EMU OUTDIR [SEEDS] [SCALE] — the longer fuzzing campaign, outside
# `make test`: each fuzzer of fuzz_ci.sh (the same checks as the fixed-budget tests
# fuzz.*) in both word sizes, for every seed in SEEDS (default "101 102 103 104 105"),
# with SCALE times the tests' counts (default 10: 3000 randcode rounds, 2000 randsys
# children of 100 calls, 600 corrupt files of each seed program, per seed), each run in
# its own PID namespace under a hard timeout (run_case.sh).  Use an ASan+UBSan build of
# emu for EMU so that a memory error of emu's is caught where it happens.  Prints one
# line per run and a total; OUTDIR keeps each run's scratch directory and log.
# The figures of the last campaign are in README.md here.
set -u
emu=$(realpath "${1:?usage: fuzz_long.sh EMU OUTDIR [SEEDS] [SCALE]}")
out=$(mkdir -p "${2:?OUTDIR}" && cd "$2" && pwd)
seeds=${3:-101 102 103 104 105}
scale=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
export EMU=$emu EMU_SRC_DIR=$(cd "$here/../.." && pwd)
# ASan's emu is slower: the same per-input time budgets as the tests' ASan runs.
case $(nm "$emu" 2>/dev/null | grep -c __asan_init) in 0) export EMU_TIMEOUT_SCALE=1 ;; *) export EMU_TIMEOUT_SCALE=4 ;; esac
runs=0 failed=0 inputs=0
for kind in randcode randsys elf; do
  case $kind in randcode) n=$((300 * scale)) ;; randsys) n=$((200 * scale)) ;; elf) n=$((60 * scale)) ;; esac
  for bits in 64 32; do
    for seed in $seeds; do
      name=$kind$bits.$seed
      per_input=1
      [ "$kind" = elf ] && per_input=20 # up to three seed programs, emu and native runs
      limit=$(((n * per_input + 120) * EMU_TIMEOUT_SCALE))
      start=$(date +%s)
      bash "$here/../hostile/run_case.sh" "$here/fuzz_ci.sh" "$out/$name" "$limit" \
        "$kind" "$bits" "$n" "$seed" >"$out/$name.log" 2>&1
      rc=$?
      runs=$((runs + 1))
      per=$n
      [ "$kind" = elf ] && per=$(grep -o '[0-9]* corrupt files' "$out/$name.log" | awk '{print $1}')
      inputs=$((inputs + ${per:-0}))
      [ "$rc" = 0 ] || failed=$((failed + 1))
      echo "$name: status $rc in $(($(date +%s) - start)) s: $(grep -E '^(randcode|randsys|elf|hangs|FAIL)' "$out/$name.log" | tr '\n' ' ' | cut -c1-300)"
    done
  done
done
echo "total: $runs runs, $inputs inputs, $failed failed"
[ "$failed" = 0 ]
