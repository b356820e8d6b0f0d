# busybox_fixtures.sh — lay out the fixed input files of the busybox battery in the
# current (fresh, empty) directory.  Run natively by run_diff.sh --setup before both the
# native and the emu run, so both see byte-identical files with identical mtimes.
set -eu
BB="${BB_FIXTURE:-/bin/busybox}" # a busybox this host runs natively (busybox.sh)
printf '%s\n' banana apple cherry apple date elderberry fig grape banana kiwi lemon \
  mango apple nectarine orange > words.txt
printf '%s\n' banana apple cherry apple date elderberry fig grape banana kiwi lemon \
  mango apricot nectarine orange > words2.txt
printf '%s\n' 10 -3 7 100 42 0 7 999 -25 3.5 12 > nums.txt
printf '%s\n' 'apple,3,red' 'banana,12,yellow' 'cherry,7,red' 'date,25,brown' \
  'fig,1,purple' 'grape,9,green' > data.csv
printf '%s\n' alpha beta delta gamma omega > sorted1.txt
printf '%s\n' beta delta epsilon omega zeta > sorted2.txt
# Every byte value, then some text: for od, xxd, base64, checksums.
printf "$(printf '\\%03o' $(seq 0 255))" > bin.dat
printf 'The quick brown fox jumps over the lazy dog.\n' >> bin.dat
# A long line for fold, a larger text for the compressors.
for i in $(seq 1 40); do printf 'word%d ' "$i"; done > long.txt
echo >> long.txt
awk 'BEGIN { for (i = 1; i <= 2000; i++) printf "line %d: %d %x %s\n", i, i * i, i * 7919, (i % 3 ? "fizz" : "buzz") }' > big.txt
$BB gzip -c -9 big.txt > big.txt.gz
$BB bzip2 -c big.txt > big.txt.bz2
$BB base64 bin.dat > bin.b64
# A fixed tree for ls, find, stat, grep -r.
mkdir -p tree/sub/deeper tree/empty
printf 'needle one\nhay\n' > tree/a.txt
printf 'hay\nneedle two\n' > tree/sub/b.txt
printf 'hay\n' > tree/sub/c.log
printf 'needle three\n' > tree/sub/deeper/d.txt
printf '#!/bin/sh\necho hi\n' > tree/run.sh
chmod 755 tree/run.sh
chmod 600 tree/sub/c.log
ln -s a.txt tree/link
touch -h -d '2020-01-02 03:04:05 UTC' tree/link
for f in tree/a.txt tree/sub/b.txt tree/sub/c.log tree/sub/deeper/d.txt tree/run.sh \
  tree/sub/deeper tree/sub tree/empty tree *.txt *.csv *.dat *.gz *.bz2 *.b64; do
  touch -d '2021-06-15 12:34:56 UTC' "$f"
done
