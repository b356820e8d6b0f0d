#!/usr/bin/env bash
# bench/run.sh EMU — build the benchmark programs (gcc -static -O2), run each natively,
# under EMU and under qemu-x86_64 (when installed), and print a table of the best of
# REPS runs (seconds) with the slowdown ratios.  Not part of `make test`: performance is
# measured here, never by timed tests.
#
#   bench/run.sh build/emu            # about a minute on 2 cores
#   REPS=5 SCALE=2 bench/run.sh build/emu
# REPS: runs per program and runner (best is kept, default 3).  SCALE multiplies the
# work of every program (default 1).
set -eu
emu="${1:?usage: bench/run.sh EMU}"
emu=$(realpath "$emu")
here=$(cd "$(dirname "$0")" && pwd)
reps="${REPS:-3}"
scale="${SCALE:-1}"
out=$(mktemp -d /tmp/emu-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
qemu=$(command -v qemu-x86_64 || true)

# row:program:work-units (its argument; sized for ~0.05 s native, a few s under emu).
# The x87 rows are nbody again: nbody_x87 is x86-64 code with scalar x87 arithmetic
# (-mfpmath=387, not vectorized), nbody_32 the i386 build, whose floating point is x87.
progs="b_sieve:b_sieve:4 b_interp:b_interp:6 b_nbody:b_nbody:2 nbody_x87:b_nbody:2
nbody_32:b_nbody:2 b_string:b_string:8 b_syscall:b_syscall:4 b_pipe:b_pipe:4"
qemu32=$(command -v qemu-i386 || true)

echo "building benchmarks in $out"
for p in $progs; do
  row=${p%%:*}
  src=${p#*:}
  src=${src%%:*}
  case $row in
  *_x87) flags="-mfpmath=387 -fno-tree-vectorize" ;;
  *_32) flags="-m32" ;;
  *) flags="" ;;
  esac
  gcc -static -O2 $flags -o "$out/$row" "$here/$src.c" -lm
done

# best_time CMD...: best wall time of $reps runs, in seconds; "fail" if any run fails or
# prints something other than the native output.
best_time() {
  local best="" t
  for _ in $(seq "$reps"); do
    local s e
    s=$(date +%s.%N)
    if ! "$@" >"$out/got" 2>"$out/err"; then echo fail; return; fi
    e=$(date +%s.%N)
    if [ -f "$out/want" ] && ! cmp -s "$out/want" "$out/got"; then echo wrong; return; fi
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b ~ /^[0-9.]+$/) printf "%.1fx", b / a; else print "-" }'; }

printf '%-10s %10s %10s %10s %10s %10s\n' program native emu qemu emu/native qemu/native
no_i386=""
for p in $progs; do
  name=${p%%:*}
  units=${p##*:}
  arg=$(( units * scale ))
  q=$qemu
  case $name in *_32) q=$qemu32 ;; esac
  rm -f "$out/want"
  if "$out/$name" "$arg" >"$out/want" 2>/dev/null; then
    tn=$(best_time "$out/$name" "$arg")
  else
    # A host without IA-32 emulation: the output to check against comes from qemu.
    tn="n/a"
    no_i386=$name
    if [ -n "$q" ]; then "$q" "$out/$name" "$arg" >"$out/want"; else rm -f "$out/want"; fi
  fi
  te=$(best_time "$emu" "$out/$name" "$arg")
  if [ -n "$q" ]; then tq=$(best_time "$q" "$out/$name" "$arg"); else tq="n/a"; fi
  [ "$no_i386" != "$name" ] || vs_qemu=$(ratio "$tq" "$te")
  printf '%-10s %10s %10s %10s %10s %10s\n' "$name" "$tn" "$te" "$tq" "$(ratio "$tn" "$te")" \
    "$(ratio "$tn" "$tq")"
done
[ -n "$qemu" ] || echo "(qemu-x86_64 not installed: apt-get install qemu-user)"
[ -z "$no_i386" ] || echo "(this host runs no i386 programs: $no_i386 has no native time; its output" \
  "is checked against qemu-i386's, and emu/qemu is $vs_qemu there)"
