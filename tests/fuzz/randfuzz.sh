#!/usr/bin/env bash
# randfuzz.sh EMU [ROUNDS] [SEEDS...] — the two fuzzers of this folder, natively and
# under EMU, in both word sizes: randcode (random bytes as code; the outcomes are
# compared, differences listed) and randsys (random system calls; any child that dies
# of a signal, or anything emu prints, is listed).  Not part of `make test`: outcomes
# of undefined encodings depend on the CPU model.  Run it in an empty scratch directory
# (randsys calls file system calls with random arguments).
set -u
emu=$(realpath "${1:?usage: randfuzz.sh EMU [ROUNDS] [SEEDS...]}")
rounds=${2:-300}
shift $(( $# >= 2 ? 2 : 1 ))
seeds=${*:-1 2 3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/emu-fuzz.XXXXXX)
for w in 64 32; do
  gcc -m$w -static -O1 -w -o "$out/randcode$w" "$here/randcode.c" || exit 2
  gcc -m$w -static -O1 -w -o "$out/randsys$w" "$here/randsys.c" || exit 2
done
bad=0
for w in 64 32; do
  for s in $seeds; do
    "$out/randcode$w" "$rounds" "$s" v > "$out/n.txt" 2>/dev/null
    "$emu" "$out/randcode$w" "$rounds" "$s" v > "$out/e.txt" 2>"$out/e.err"
    d=$(diff "$out/n.txt" "$out/e.txt" | grep -c '^<')
    echo "randcode -m$w seed $s: $d of $rounds rounds differ"
    diff "$out/n.txt" "$out/e.txt" | grep '^[<>]' | head -6
    [ -s "$out/e.err" ] && { echo "  emu said:"; head -3 "$out/e.err"; bad=1; }
    "$emu" "$out/randsys$w" "$rounds" "$s" > "$out/s.txt" 2>"$out/s.err"
    echo "randsys  -m$w seed $s: $(tail -n 1 "$out/s.txt")"
    [ -s "$out/s.err" ] && { echo "  emu said:"; head -3 "$out/s.err"; bad=1; }
    grep -q '^deaths 0$' "$out/s.txt" || bad=1
  done
done
rm -rf "$out"
exit $bad
