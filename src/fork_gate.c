/* fork_gate.c — the fork gate of sanitizer builds (see common.h): shared
 * holds around emu's allocating paths that run beside a fork, the exclusive
 * hold of a host fork, and the threads that have left emu's code but may
 * still be inside the sanitizer's thread teardown, which a fork waits out.
 * Mirrors, for that allocator, what glibc's fork does for its own malloc
 * (call_function_static_weak (__malloc_fork_lock_parent)). */
#define _GNU_SOURCE
#include "common.h"

#if EMU_FORK_GATE
#include <pthread.h>
#include <string.h>

static pthread_rwlock_t gate = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static __thread int depth;

void fork_gate_enter(void) {
  if (depth++ == 0) pthread_rwlock_rdlock(&gate);
}

void fork_gate_leave(void) {
  if (--depth == 0) pthread_rwlock_unlock(&gate);
}

/* Threads past their last gated step: joinable host threads whose exit
 * (glibc's and the sanitizer's teardown) may still be running. */
#define ENDING_MAX 64
static pthread_mutex_t ending_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t ending[ENDING_MAX];
static int nending;

void fork_gate_thread_ends(void) {
  pthread_t full = 0;
  bool wait_full = false;
  pthread_mutex_lock(&ending_lock);
  if (nending == ENDING_MAX) {
    full = ending[0];
    wait_full = true;
    memmove(&ending[0], &ending[1], (ENDING_MAX - 1) * sizeof ending[0]);
    nending--;
  }
  ending[nending++] = pthread_self();
  pthread_mutex_unlock(&ending_lock);
  if (wait_full) pthread_join(full, NULL);
}

void fork_gate_reap(void) {
  pthread_mutex_lock(&ending_lock);
  int kept = 0;
  for (int i = 0; i < nending; i++)
    if (pthread_tryjoin_np(ending[i], NULL)) ending[kept++] = ending[i];
  nending = kept;
  pthread_mutex_unlock(&ending_lock);
}

void fork_gate_close(void) {
  pthread_rwlock_wrlock(&gate);
  pthread_mutex_lock(&ending_lock);
  for (int i = 0; i < nending; i++) pthread_join(ending[i], NULL);
  nending = 0;
}

void fork_gate_open(bool child) {
  if (child) {
    /* The only thread now: the locks start afresh. */
    pthread_mutex_init(&ending_lock, NULL);
    nending = 0;
    pthread_rwlock_t fresh = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
    gate = fresh;
    depth = 0;
    return;
  }
  pthread_mutex_unlock(&ending_lock);
  pthread_rwlock_unlock(&gate);
}
#endif
