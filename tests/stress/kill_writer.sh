# SIGKILL of a writer mid-write: the guest writes 64 KiB records (record i is
# filled with the byte i % 251 after an 8-byte count) to a file, reporting its
# total after each write on a pipe; the test kills it with SIGKILL once the file
# has 16 MiB, 4*SCALE times for each run, each on a fresh file.  Invariants
# (the kernel's: what write() returned is in the page cache, which outlives the
# writer): the file holds at least what was last reported and at most one
# record more, and every record in it is intact (the last perhaps in part).
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#define REC 65536
int main(int argc, char **argv) {
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { perror("open"); return 2; }
  static unsigned char rec[REC];
  unsigned long long total = 0;
  for (unsigned long long i = 0;; i++) {
    memset(rec, (int)(i % 251), REC);
    memcpy(rec, &i, 8);
    ssize_t n = write(fd, rec, REC);
    if (n != REC) { perror("write"); return 3; }
    total += (unsigned long long)n;
    if (total >= 1ULL << 30) return 5; /* never killed: stop before the disk fills */
    char line[32];
    int l = snprintf(line, sizeof line, "%llu\n", total);
    if (write(1, line, (size_t)l) != l) return 4;
  }
}
C
cat > check.c <<'C'
/* check FILE: count the records that are intact, the last one perhaps in part
 * (a prefix of what was written); print "N intact M bad". */
#include <stdio.h>
#include <string.h>
#define REC 65536
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  static unsigned char rec[REC], want[REC];
  unsigned long long i = 0, bad = 0;
  size_t n;
  while (f && (n = fread(rec, 1, REC, f)) > 0) {
    memset(want, (int)(i % 251), REC);
    memcpy(want, &i, 8);
    if (memcmp(rec, want, n)) bad++;
    i++;
  }
  printf("%llu intact %llu bad\n", i - bad, bad);
  return 0;
}
C
build_abis g.c
gcc -O2 -o check check.c || { fail "gcc cannot build check.c"; finish; }
kill_one() { # NAME CMD...: start, kill once the file has 16 MiB, check
  local name=$1 t last size got; shift
  rm -f data rep reports && mkfifo rep
  cat rep >reports &
  local c=$!
  "$@" data >rep 2>$name.err &
  local w=$!
  for ((t = 0; t < 300 * EMU_TIMEOUT_SCALE; t++)); do
    size=$(stat -c %s data 2>/dev/null || echo 0)
    [ "$size" -ge $((16 << 20)) ] && break
    sleep 0.05
  done
  kill -KILL $w
  { wait $w; } 2>/dev/null
  local rc=$?
  wait $c
  no_emu_crash $name.err
  last=$(tail -n 1 reports)
  size=$(stat -c %s data)
  got=$(./check data)
  if [ "$rc" = 137 ] && [ "${last:-0}" -ge $((16 << 20)) ] && [ "$size" -ge "$last" ] &&
     [ "$size" -le $((last + 65536)) ] && [ "$got" = "$(((size + 65535) / 65536)) intact 0 bad" ]; then
    pass "$name: killed after reporting $last bytes; the file has $size, all records intact"
  else
    fail "$name: status $rc (want 137), last report '$last', file $size bytes ($got)"
  fi
  rm -f data
}
for ((r = 1; r <= 4 * SCALE; r++)); do
  kill_one native ./g64
  kill_one g64 "$EMU" ./g64
  kill_one g32 "$EMU" ./g32
done
finish
