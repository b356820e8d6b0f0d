# Address-space exhaustion, the limit set two ways: `ulimit -v` in the shell
# that starts emu (the host's RLIMIT_AS, so not under ASan, which needs an
# unlimited one) and setrlimit(RLIMIT_AS) by the guest itself (emu keeps it in
# the guest's mm); 512 MiB either way.  In 3*SCALE rounds the guest exhausts
# its address space with mmap, brk, malloc, mremap and pthread_create (1 MiB
# at a time; threads that wait), and frees it all each time.  Invariants, as
# natively: each fails with ENOMEM (EAGAIN for pthread_create) after at least
# 16, the guest then carries on and exits 0, the rounds after the first reach
# the counts of the second (all was given back) -- exactly under the guest's
# own limit; within 16 under the host's, which emu's own memory (its threads)
# shares, after a pause for emu's host threads to end -- and emu reports
# nothing on itself ("emu: internal fault", a sanitizer report).
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#define MiB (1UL << 20)
#define MAXN 8192
static void *ptr[MAXN];
static const char *err(int e) { return e == ENOMEM ? "ENOMEM" : e == EAGAIN ? "EAGAIN" : strerror(e); }
static long by_mmap(int *e) {
  long n = 0;
  for (; n < MAXN; n++) {
    ptr[n] = mmap(NULL, MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ptr[n] == MAP_FAILED) { *e = errno; break; }
  }
  for (long i = 0; i < n; i++) munmap(ptr[i], MiB);
  return n;
}
static long by_brk(int *e) {
  char *base = sbrk(0);
  long n = 0;
  for (; n < MAXN; n++)
    if (sbrk(MiB) == (void *)-1) { *e = errno; break; }
  if (brk(base)) *e = -1;
  return n;
}
static long by_malloc(int *e) {
  long n = 0;
  for (; n < MAXN; n++)
    if (!(ptr[n] = malloc(MiB))) { *e = errno; break; }
  for (long i = 0; i < n; i++) free(ptr[i]);
  return n;
}
static long by_mremap(int *e) {
  size_t len = MiB;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { *e = errno; return 0; }
  long n = 1;
  for (; n < MAXN; n++) {
    char *q = mremap(p, len, len + MiB, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) { *e = errno; break; }
    p = q, len += MiB;
  }
  munmap(p, len);
  return n;
}
static int gate[2];
static void *waiter(void *a) { char c; (void)a; return (void *)(long)read(gate[0], &c, 1); }
static long by_threads(int *e) {
  static pthread_t th[MAXN];
  if (pipe(gate)) { *e = -1; return 0; }
  long n = 0;
  for (; n < MAXN; n++)
    if ((*e = pthread_create(&th[n], NULL, waiter, NULL))) break;
  close(gate[1]);
  for (long i = 0; i < n; i++) pthread_join(th[i], NULL);
  close(gate[0]);
  return n;
}
int main(int argc, char **argv) {
  long rounds = 1 + 3 * atol(argv[1]);
  int own = !strcmp(argv[2], "own"); /* else the host's limit, shared with emu */
  if (own) {
    struct rlimit rl = {512 * MiB, 512 * MiB};
    if (setrlimit(RLIMIT_AS, &rl)) { perror("setrlimit"); return 2; }
  }
  static const char *name[] = {"mmap", "brk", "malloc", "mremap", "pthread_create"};
  static long (*const way[])(int *) = {by_mmap, by_brk, by_malloc, by_mremap, by_threads};
  long second[5], differ = 0;
  /* Round 0 leaves glibc's cache of thread stacks full: compare the rounds
   * after it with round 1. */
  for (long r = 0; r < rounds; r++)
    for (int w = 0; w < 5; w++) {
      int e = 0;
      /* Under the host's limit, emu's host threads of the last round (their
       * stacks) may still be on their way out when the guest has joined
       * them: give them time, this checks the memory comes back, not when. */
      if (!own && w == 0) usleep(300000);
      long n = way[w](&e);
      if (r == 0) {
        printf("%s: %s%s\n", name[w], err(e), n >= 16 ? "" : " too early");
        fprintf(stderr, "%s: %ld\n", name[w], n);
      } else if (r == 1) {
        second[w] = n;
      } else if (own ? n != second[w] : labs(n - second[w]) > 16) {
        fprintf(stderr, "round %ld %s: %ld, round 1 %ld\n", r, name[w], n, second[w]);
        differ++;
      }
    }
  printf("later rounds differing: %ld\n", differ);
  return 0;
}
C
build_abis g.c
want="mmap: ENOMEM
brk: ENOMEM
malloc: ENOMEM
mremap: ENOMEM
pthread_create: EAGAIN
later rounds differing: 0"
# The guest's own setrlimit.
check_abis 50 "$want" "$SCALE" own
# The shell's ulimit -v.
if [ "${EMU_SANITIZE:-0}" = 1 ]; then
  echo "SKIPPED (this part): ulimit -v, as ASan needs an unlimited RLIMIT_AS"
else
  mv native.err native-set.err && mv g64.err g64-set.err && mv g32.err g32-set.err
  ( ulimit -v 524288 && check_abis 50 "$want" "$SCALE" host && finish ) || fails=$((fails + 1))
fi
finish
