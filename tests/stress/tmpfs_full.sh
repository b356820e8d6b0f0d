# A full small tmpfs: in a mount namespace of its own (unshare -m as root, as
# in CI; unshare -rm otherwise) each run gets a fresh 256 KiB tmpfs, where the
# guest fills files with 3000-byte writes until one fails, then unlinks one
# and writes again, 5*SCALE times.  Exact invariants, as natively: the failing
# write gives ENOSPC after the same number of bytes (the last write short),
# and freeing a file gives room for its size again.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static char buf[3000];
/* Write to PATH until a write fails; returns the bytes written, the error in *e. */
static long fill(const char *path, int *e) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { *e = errno; return -1; }
  long total = 0;
  for (;;) {
    ssize_t n = write(fd, buf, sizeof buf);
    if (n < 0) { *e = errno; break; }
    total += n;
    if (total > 64L << 20) { *e = 0; break; }
  }
  close(fd);
  return total;
}
int main(int argc, char **argv) {
  const char *dir = argv[1];
  long rounds = 5 * atol(argv[2]), differ = 0, first_a = 0, first_b = 0;
  memset(buf, 'x', sizeof buf);
  char a[4096], b[4096];
  snprintf(a, sizeof a, "%s/a", dir);
  snprintf(b, sizeof b, "%s/b", dir);
  for (long r = 0; r < rounds; r++) {
    int ea = 0, eb = 0, ec = 0;
    long na = fill(a, &ea); /* fills the tmpfs */
    long nb = fill(b, &eb); /* nothing left */
    unlink(a);
    long nc = fill(b, &ec); /* a's room again (b truncated first) */
    if (r == 0) {
      first_a = na, first_b = nc;
      printf("fill: %s after %ld bytes; full: %s after %ld; after unlink: %s after %ld\n",
             strerror(ea), na, strerror(eb), nb, strerror(ec), nc);
    } else if (na != first_a || nc != first_b || ea != ENOSPC || eb != ENOSPC || nb != 0 || ec != ENOSPC) {
      fprintf(stderr, "round %ld: %ld %d, %ld %d, %ld %d\n", r, na, ea, nb, eb, nc, ec);
      differ++;
    }
    unlink(b);
  }
  printf("later rounds differing: %ld\n", differ);
  return 0;
}
C
build_abis g.c
ns=(unshare -m)
[ "$(id -u)" = 0 ] || ns=(unshare -rm)
mkdir -p mnt
"${ns[@]}" sh -c 'mount -t tmpfs -o size=256k tmpfs mnt' 2>mount.err ||
  skip "cannot mount a tmpfs in a mount namespace (${ns[*]}): $(head -1 mount.err)"
# A tmpfs of 256 KiB holds 64 pages: 262144 bytes, the last write short.
want="fill: No space left on device after 262144 bytes; full: No space left on device after 0; after unlink: No space left on device after 262144
later rounds differing: 0"
GUEST_PREFIX=("${ns[@]}" sh -c 'mount -t tmpfs -o size=256k tmpfs mnt && exec "$@"' sh)
check_abis 50 "$want" mnt "$SCALE"
finish
