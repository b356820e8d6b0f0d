/* smc_threads.c — self- and cross-modifying code (SDM vol. 3A 8.1.3,
 * "Handling Self- and Cross-Modifying Code").  A small function (xor eax;
 * one 8-byte instruction; ret) whose middle instruction is swapped between
 * two encodings of different opcode lengths with one aligned 8-byte atomic
 * exchange, in a RWX page and in a memfd mapped twice (an RW view written,
 * an RX view executed: the JIT pattern).  Checked:
 *   - the same thread sees its own store at once (RWX), and through the RX
 *     alias after CPUID;
 *   - the SDM's cross-modifying protocol: the writer stores, then raises a
 *     flag; the executing thread waits for it, serializes (CPUID, or the
 *     writer's membarrier SYNC_CORE) and must run exactly the new code;
 *   - racing: one thread rewrites while another calls; every call returns
 *     one of the two values, never a mix of old and new bytes (or a fault).
 * Output is a summary only (no racy counts).
 * diff-host-only: i386 (QEMU's TCG in the oracle VM can run stale code written through the memfd alias)
 */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <cpuid.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* linux/membarrier.h, which musl's include path lacks */
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE          (1 << 5)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)

#define RACE_CALLS 100000
#define SEQ_ROUNDS 1000

/* Offset 8 holds one instruction of exactly 8 bytes, valid in 32- and
 * 64-bit mode (2E prefixes are ignored there):
 *   A: 2E 2E 2E B8 imm32    mov $0x11111111,%eax  -> 0x11111111
 *   B: 2E 2E 81 E8 imm32    sub $0x22222222,%eax  -> 0xddddddde (eax was 0)
 * An opcode of one with bytes of the other is wrong or faults (B8 as a
 * ModRM is a memory operand). */
static const uint8_t head[8] = {0x31, 0xc0, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90};
static const uint8_t insn_a[8] = {0x2e, 0x2e, 0x2e, 0xb8, 0x11, 0x11, 0x11, 0x11};
static const uint8_t insn_b[8] = {0x2e, 0x2e, 0x81, 0xe8, 0x22, 0x22, 0x22, 0x22};
#define VAL_A 0x11111111u
#define VAL_B 0xdddddddeu

typedef unsigned (*fn_t)(void);

static uint64_t word_a, word_b;

struct code {
  const char *name;
  uint8_t *w;   /* the view written */
  fn_t x;       /* the view executed */
};

static void put(struct code *k, uint64_t word) {
  __atomic_exchange_n((uint64_t *)(k->w + 8), word, __ATOMIC_SEQ_CST);
}

static void serialize(void) {
  unsigned a, b, c, d;
  __cpuid(0, a, b, c, d);
  __asm__ volatile("" ::: "memory");
}

static void setup(struct code *k) {
  memcpy(k->w, head, 8);
  memcpy(k->w + 8, insn_a, 8);
  k->w[16] = 0xc3;
  serialize();
}

static int failed;

static void report(const char *name, const char *what, int ok) {
  printf("%s: %s: %s\n", name, what, ok ? "ok" : "FAILED");
  if (!ok) failed = 1;
}

/* The thread's own stores: RWX needs nothing, the alias a serializing
 * instruction (the store went through another linear address). */
static void same_thread(struct code *k, int need_serialize) {
  int ok = 1;
  for (int i = 0; i < SEQ_ROUNDS; i++) {
    put(k, i & 1 ? word_b : word_a);
    if (need_serialize) serialize();
    if (k->x() != (i & 1 ? VAL_B : VAL_A)) ok = 0;
  }
  put(k, word_a);
  serialize();
  report(k->name, "same thread", ok);
}

/* ---- cross-modifying with the SDM's protocol ---- */

static struct code *cur;
static volatile int seq, ack;
static int use_membarrier;

static void *modifier(void *arg) {
  (void)arg;
  for (int i = 1; i <= SEQ_ROUNDS; i++) {
    while (__atomic_load_n(&ack, __ATOMIC_ACQUIRE) != i - 1) sched_yield();
    put(cur, i & 1 ? word_b : word_a);
    /* Either the writer makes every thread serialize, or the executing
     * thread does it itself after seeing the flag. */
    if (use_membarrier) syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0);
    __atomic_store_n(&seq, i, __ATOMIC_RELEASE);
  }
  return NULL;
}

static void cross_ordered(struct code *k, int membarrier) {
  pthread_t t;
  int ok = 1;
  cur = k;
  seq = ack = 0;
  use_membarrier = membarrier;
  pthread_create(&t, NULL, modifier, NULL);
  for (int i = 1; i <= SEQ_ROUNDS; i++) {
    while (__atomic_load_n(&seq, __ATOMIC_ACQUIRE) != i) sched_yield();
    if (!membarrier) serialize();
    if (k->x() != (i & 1 ? VAL_B : VAL_A)) ok = 0;
    __atomic_store_n(&ack, i, __ATOMIC_RELEASE);
  }
  pthread_join(t, NULL);
  put(k, word_a);
  serialize();
  report(k->name, membarrier ? "cross thread, membarrier" : "cross thread, cpuid", ok);
}

/* ---- racing: a rewriter against a caller ---- */

static volatile int stop;

static void *rewriter(void *arg) {
  struct code *k = arg;
  for (unsigned i = 0; !__atomic_load_n(&stop, __ATOMIC_RELAXED); i++)
    put(k, i & 1 ? word_b : word_a);
  return NULL;
}

static void race(struct code *k) {
  pthread_t t;
  int ok = 1;
  stop = 0;
  pthread_create(&t, NULL, rewriter, k);
  for (int i = 0; i < RACE_CALLS; i++) {
    unsigned v = k->x();
    if (v != VAL_A && v != VAL_B) ok = 0;
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
  pthread_join(t, NULL);
  /* Quiet again: the last store is the code that runs. */
  put(k, word_b);
  serialize();
  if (k->x() != VAL_B) ok = 0;
  put(k, word_a);
  serialize();
  if (k->x() != VAL_A) ok = 0;
  printf("%s: race: %s %d calls, %s\n", k->name, ok ? "ok" : "FAILED", RACE_CALLS,
         ok ? "only valid results" : "invalid results seen");
  if (!ok) failed = 1;
}

int main(void) {
  memcpy(&word_a, insn_a, 8);
  memcpy(&word_b, insn_b, 8);

  void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap rwx");
    return 1;
  }
  struct code rwx = {"rwx", p, (fn_t)p};
  setup(&rwx);

  int fd = memfd_create("jit", 0);
  if (fd < 0 || ftruncate(fd, 4096) != 0) {
    perror("memfd");
    return 1;
  }
  void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  void *x = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  if (w == MAP_FAILED || x == MAP_FAILED) {
    perror("mmap memfd");
    return 1;
  }
  struct code alias = {"memfd alias", w, (fn_t)x};
  setup(&alias);

  /* Run the alias before the first rewrite, so stale decoded code would
   * show. */
  report("memfd alias", "first call", alias.x() == VAL_A);

  same_thread(&rwx, 0);
  same_thread(&alias, 1);
  cross_ordered(&rwx, 0);
  cross_ordered(&alias, 0);
  /* Without SYNC_CORE (an old kernel) the CPUID route above stands alone. */
  if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0) {
    cross_ordered(&rwx, 1);
    cross_ordered(&alias, 1);
  } else {
    fprintf(stderr, "membarrier SYNC_CORE unavailable: the CPUID route only\n");
  }
  race(&rwx);
  race(&alias);
  printf("%s\n", failed ? "FAILED" : "all ok");
  return failed;
}
