/* thread_store_order.c — what another thread sees of one thread's stores (SDM
 * vol. 3A 9.2.3.x, the x86 ordering rules: stores are seen in the order they
 * were made, and one location's values by every processor in one order).
 * One writer makes a location count up, with plain stores (MOV) and with
 * unlocked read-modify-write instructions (ADD, INC, a shift with a
 * complement, each the only writer); a reader polls it, and in a second
 * location, which the writer sets after the first, checks that it never sees
 * the second ahead of the first.  Neither may ever go back: no value the
 * program did not store, and no store undone (an emulator that checks its
 * translation against its interpreter by undoing and redoing a store would
 * show both).  Output is a summary only (no racy counts).
 */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define ROUNDS 200000

static volatile unsigned a, b; /* b follows a: the writer stores a, then b */
static volatile int done, started;
static int kind;

static void *writer(void *arg) {
  (void)arg;
  while (!started) sched_yield();
  for (unsigned i = 1; i <= ROUNDS; i++) {
    switch (kind) {
    case 0: /* plain stores */
      a = i;
      b = i;
      break;
    case 1: /* add to memory */
      __asm__ volatile("addl $1, %0" : "+m"(a));
      __asm__ volatile("addl $1, %0" : "+m"(b));
      break;
    case 2: /* inc memory */
      __asm__ volatile("incl %0" : "+m"(a));
      __asm__ volatile("incl %0" : "+m"(b));
      break;
    default: /* a not and a negate in memory: i, then ~i, then -~i = i + 1 */
      __asm__ volatile("notl %0\n\tnegl %0" : "+m"(a));
      __asm__ volatile("notl %0\n\tnegl %0" : "+m"(b));
      break;
    }
  }
  __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static const char *const names[] = {"mov", "add", "inc", "not+neg"};

/* The reader: a never decreases; b is never ahead of a read after it.  The
 * not+neg kind passes through ~i (a large value) between i and i + 1: the
 * reader counts only the values below ROUNDS + 1 as counts. */
static int run(int k) {
  pthread_t t;
  unsigned last = 0, reads = 0, back = 0, ahead = 0;
  kind = k;
  a = b = 0;
  done = started = 0;
  pthread_create(&t, NULL, writer, NULL);
  started = 1;
  while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
    unsigned vb = b, va = a; /* b first: a, read later, is at least b */
    reads++;
    if (va <= ROUNDS) {
      if (va < last) back++;
      last = va;
      if (vb <= ROUNDS && vb > va) ahead++;
    }
  }
  pthread_join(t, NULL);
  int ok = !back && !ahead && a == ROUNDS && b == ROUNDS;
  printf("%s: %s (final %u %u)%s%s\n", names[k], ok ? "ok" : "FAILED", a, b,
         back ? ", a value went back" : "", ahead ? ", the later store seen first" : "");
  (void)reads;
  return ok;
}

int main(void) {
  int ok = 1;
  for (int k = 0; k < 4; k++) ok &= run(k);
  printf(ok ? "all ok\n" : "FAILED\n");
  return !ok;
}
