#!/usr/bin/env bash
# bench/run.sh EMU — build the benchmark programs (gcc -static -O2, x86-64 and i386), run
# each natively, under each of emu's CPUs (the default: the interpreter with its
# translation tier; --cpu=interp, the interpreter alone; --cpu=unicorn where emu was
# built with Unicorn) and under qemu-user (when installed), check every run's output
# against the native one, and print per program the median time, each runner's ratio to
# native (median, and the range over the runs), peak RSS, and the host instructions emu
# executes per guest instruction with each tier (callgrind's count under emu over the
# native run's, both at one work unit; --smc-check=all, as the tier writes code).  The integer rows end in a geometric mean per ABI.  Not part of
# `make test`: performance is measured here, never by timed tests.
#
#   bench/run.sh build/emu            # a few minutes on 2 cores
#   REPS=5 SCALE=2 bench/run.sh build/emu
# REPS: runs per program and runner (default 3).  SCALE multiplies the work of every
# program (default 1).  CALLGRIND=0 skips the callgrind column, UNICORN=0 the Unicorn one.
#
# On a host that runs no i386 programs the i386 rows have no native run: their output is
# checked against qemu-i386's, and their ratios are to qemu-i386 instead (marked "q").
set -eu
emu="${1:?usage: bench/run.sh EMU}"
emu=$(realpath "$emu")
here=$(cd "$(dirname "$0")" && pwd)
reps="${REPS:-3}"
scale="${SCALE:-1}"
out=$(mktemp -d /tmp/emu-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
qemu64=$(command -v qemu-x86_64 || true)
qemu32=$(command -v qemu-i386 || true)
gnutime=$(command -v /usr/bin/time || true)
callgrind=""
[ "${CALLGRIND:-1}" = 0 ] || callgrind=$(command -v valgrind || true)

# One line per program, row:source:work units:ABIs:class.  Units size a row for ~0.05 s
# native.  A program built for both ABIs has an i386 row named ROW_32.  nbody is SSE2 in
# x86-64; nbody_x87 is x86-64 with scalar x87 arithmetic (-mfpmath=387); nbody_32 is the
# i386 build, whose floating point is x87.  hello is start-up: each timing runs it
# $startups times.
rows="sieve:b_sieve:4:64,32:int
interp:b_interp:6:64,32:int
hash:b_hash:3:64,32:int
fib:b_fib:4:64,32:int
qsort:b_qsort:5:64,32:int
nbody:b_nbody:2:64:sse2
nbody_x87:b_nbody:2:64:x87
nbody:b_nbody:2:32:x87
string:b_string:8:64,32:string
getppid:b_getppid:1:64,32:syscall
syscall:b_syscall:4:64,32:syscall
pipe:b_pipe:4:64,32:syscall
hello:b_hello:0:64,32:startup"
startups=20

echo "building benchmarks in $out"
list=""
while IFS=: read -r name src units abis class; do
  for abi in ${abis//,/ }; do
    bin=$name
    [ "$abi" = 64 ] || bin=${name}_32
    flags=""
    case $bin in *_x87) flags="-mfpmath=387 -fno-tree-vectorize" ;; esac
    [ "$abi" = 64 ] || flags="-m32"
    gcc -static -O2 $flags -o "$out/$bin" "$here/$src.c" -lm
    list="$list $bin|$units|$abi|$class"
  done
done <<<"$rows"

unicorn=""
if [ "${UNICORN:-1}" != 0 ] && "$emu" --cpu=unicorn "$out/hello" >/dev/null 2>&1; then unicorn=1; fi

# times CMD...: run CMD $reps times ($n times per timing), printing each timing in
# seconds, or "fail" / "wrong" (a failed run, or output other than $out/want).
times() {
  local t s e i
  for _ in $(seq "$reps"); do
    s=$(date +%s.%N)
    for i in $(seq "$n"); do
      if ! "$@" >"$out/got" 2>"$out/err"; then echo fail; return; fi
    done
    e=$(date +%s.%N)
    if [ -f "$out/want" ] && ! cmp -s "$out/want" "$out/got"; then echo wrong; return; fi
    awk -v s="$s" -v e="$e" -v n="$n" 'BEGIN { printf "%.5f\n", (e - s) / n }'
  done
}
# summary TIMES...: "median lowest highest" of a runner's timings (or the first word that
# is not a number: fail, wrong)
summary() {
  local w
  for w in "$@"; do case $w in *[!0-9.]*) echo "$w"; return ;; esac; done
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'
}
# ratio MED LO HI REF: "12.3x (11.9-13.0)" of a runner's times to REF's median
ratio() { awk -v m="$1" -v l="$2" -v h="$3" -v r="$4" 'BEGIN {
  if (m !~ /^[0-9.]+$/) { print m; exit }
  if (r !~ /^[0-9.]+$/ || r + 0 <= 0) { print "-"; exit }
  printf "%.1fx (%.1f-%.1f)\n", m / r, l / r, h / r }'; }
# rss CMD...: peak resident set of one run, MiB
rss() {
  [ -n "$gnutime" ] || { echo "-"; return; }
  "$gnutime" -f %M -o "$out/rss" "$@" >/dev/null 2>&1 || { echo "-"; return; }
  awk '{ printf "%.1f\n", $1 / 1024 }' "$out/rss"
}
# irs CMD...: callgrind's instruction count of one run: the command's own process (the
# first "Command:" line's PID), not a child it forks, whose count callgrind prints too.
irs() {
  valgrind --tool=callgrind --smc-check=all --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '!pid && / Command: / { pid = $1 } $1 == pid && /refs:/ { gsub(",", "", $NF); print $NF }'
}

hdr='%-14s %9s %19s %19s %19s %19s %13s %11s\n'
printf "$hdr" program native "emu" "emu (interp)" "emu (unicorn)" qemu-user "RSS n/e/q MiB" \
  "host/g e/i"
no_i386=""
geo="$out/geo"
: >"$geo"
for entry in $list; do
  IFS='|' read -r bin units abi class <<<"$entry"
  arg=$((units * scale))
  n=1
  [ "$class" != startup ] || n=$startups
  q=$qemu64
  [ "$abi" = 64 ] || q=$qemu32
  rm -f "$out/want"
  ref="n" # what the ratios are to: n native, q qemu-user
  if "$out/$bin" "$arg" >"$out/want" 2>/dev/null; then
    read -r tn tn_lo tn_hi <<<"$(summary $(times "$out/$bin" "$arg"))"
  else
    # A host without IA-32 emulation: output and times come from qemu-user.
    tn="n/a"
    ref="q"
    no_i386="$no_i386 $bin"
    if [ -n "$q" ]; then "$q" "$out/$bin" "$arg" >"$out/want"; else rm -f "$out/want"; fi
  fi
  read -r te te_lo te_hi <<<"$(summary $(times "$emu" "$out/$bin" "$arg"))"
  read -r ti ti_lo ti_hi <<<"$(summary $(times "$emu" --cpu=interp "$out/$bin" "$arg"))"
  tu="-" tu_lo="" tu_hi=""
  [ -z "$unicorn" ] || read -r tu tu_lo tu_hi <<<"$(summary $(times "$emu" --cpu=unicorn "$out/$bin" "$arg"))"
  tq="-" tq_lo="" tq_hi=""
  [ -z "$q" ] || read -r tq tq_lo tq_hi <<<"$(summary $(times "$q" "$out/$bin" "$arg"))"
  base=$tn
  [ "$ref" = n ] || base=$tq
  re=$(ratio "$te" "$te_lo" "$te_hi" "$base")
  ri=$(ratio "$ti" "$ti_lo" "$ti_hi" "$base")
  ru=$(ratio "$tu" "${tu_lo:-0}" "${tu_hi:-0}" "$base")
  rq=$(ratio "$tq" "${tq_lo:-0}" "${tq_hi:-0}" "$base")
  [ "$ref" = n ] || { re="q$re"; ri="q$ri"; ru="q$ru"; rq="-"; }
  # Peak RSS and callgrind at one work unit.
  m_n="-"
  [ "$ref" != n ] || m_n=$(rss "$out/$bin" "$arg")
  m_e=$(rss "$emu" "$out/$bin" "$arg")
  m_q="-"
  [ -z "$q" ] || m_q=$(rss "$q" "$out/$bin" "$arg")
  hg="-"
  if [ -n "$callgrind" ] && [ "$ref" = n ]; then
    one=$((units > 0 ? 1 : 0))
    gi=$(irs "$out/$bin" "$one")
    hi=$(irs "$emu" "$out/$bin" "$one")
    hii=$(irs "$emu" --cpu=interp "$out/$bin" "$one")
    hg=$(awk -v g="$gi" -v h="$hi" -v i="$hii" 'BEGIN {
      if (g > 0 && h > 0 && i > 0) printf "%.1f/%.1f", h / g, i / g; else print "-" }')
  fi
  label=$bin
  [ "$class" != startup ] || label="$bin (x$n)"
  printf "$hdr" "$label" "$tn" "$re" "$ri" "$ru" "$rq" "$m_n/$m_e/$m_q" "$hg"
  if [ "$class" = int ]; then echo "$abi ${re%%x*} ${rq%%x*} ${ri%%x*}" >>"$geo"; fi
done
# The integer rows' geometric means, per ABI.
for abi in 64 32; do
  awk -v abi="$abi" -v hdr="$hdr" '
    $1 == abi { gsub("q", "", $2); gsub("q", "", $4)
                if ($2 + 0 > 0) { e += log($2); ne++ } if ($3 + 0 > 0) { q += log($3); nq++ }
                if ($4 + 0 > 0) { i += log($4); ni++ } }
    END { if (ne) printf hdr, "int geo " abi, "", sprintf("%.1fx", exp(e / ne)),
                         ni ? sprintf("%.1fx", exp(i / ni)) : "-", "",
                         nq ? sprintf("%.1fx", exp(q / nq)) : "-", "", "" }' "$geo"
done
[ -n "$qemu64" ] || echo "(qemu-x86_64 not installed: apt-get install qemu-user)"
[ -n "$unicorn" ] || echo "(emu runs no --cpu=unicorn here, or UNICORN=0)"
[ -n "$callgrind" ] || echo "(no callgrind column: valgrind missing, or CALLGRIND=0)"
[ -z "$no_i386" ] || echo "(this host runs no i386 programs:$no_i386 have no native run; their" \
  "output is checked against qemu-i386's and their ratios, marked q, are to qemu-i386)"
echo "(ratios: median of $reps runs to native's median, with the range of the runs;" \
  "RSS: native/emu/qemu; host/g: host instructions per guest instruction under callgrind," \
  "with the translation tier / the interpreter alone)"
