# Thread churn with futex ping-pong: 2 pairs of threads pass a futex word back
# and forth 5000*SCALE times each (FUTEX_WAIT/FUTEX_WAKE, private and shared),
# while main creates and joins batches of 8 threads, 100*SCALE batches, each
# thread adding to a counter.  Exact invariants: each pair's counters reach the
# round count, the word ends where the last pass left it, and the churn counter
# is 800*SCALE.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#define PAIRS 2
static long rounds;
struct pair { int word, op; long hits[2]; };
static struct pair pairs[PAIRS];
static void fwait(int *w, int val, int op) { syscall(SYS_futex, w, FUTEX_WAIT | op, val, NULL, NULL, 0); }
static void fwake(int *w, int op) { syscall(SYS_futex, w, FUTEX_WAKE | op, 1, NULL, NULL, 0); }
struct side { struct pair *p; int me; };
static void *player(void *arg) { /* side `me` waits for the word == me, then hands over */
  struct side *s = arg;
  for (long i = 0; i < rounds; i++) {
    int v;
    while ((v = __atomic_load_n(&s->p->word, __ATOMIC_ACQUIRE)) != s->me) fwait(&s->p->word, v, s->p->op);
    s->p->hits[s->me]++;
    __atomic_store_n(&s->p->word, !s->me, __ATOMIC_RELEASE);
    fwake(&s->p->word, s->p->op);
  }
  return NULL;
}
static long churned;
static void *one(void *arg) { (void)arg; __atomic_add_fetch(&churned, 1, __ATOMIC_RELAXED); return NULL; }
int main(int argc, char **argv) {
  long scale = argc > 1 ? atol(argv[1]) : 1;
  rounds = 5000 * scale;
  pthread_t th[PAIRS][2];
  struct side sides[PAIRS][2];
  for (int p = 0; p < PAIRS; p++) {
    pairs[p].op = p ? 0 : FUTEX_PRIVATE_FLAG;
    for (int s = 0; s < 2; s++) {
      sides[p][s] = (struct side){&pairs[p], s};
      pthread_create(&th[p][s], NULL, player, &sides[p][s]);
    }
  }
  for (long b = 0; b < 100 * scale; b++) {
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
      if (pthread_create(&t[i], NULL, one, NULL)) { perror("pthread_create"); return 2; }
    for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
  }
  for (int p = 0; p < PAIRS; p++) {
    pthread_join(th[p][0], NULL);
    pthread_join(th[p][1], NULL);
    printf("pair %d: %ld and %ld passes, word %d\n", p, pairs[p].hits[0], pairs[p].hits[1], pairs[p].word);
  }
  printf("churn threads %ld\n", churned);
  return 0;
}
C
build_abis g.c
r=$((5000 * SCALE))
check_abis 50 "pair 0: $r and $r passes, word 0
pair 1: $r and $r passes, word 0
churn threads $((800 * SCALE))" "$SCALE"
finish
