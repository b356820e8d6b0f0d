/* proc_threads.c — POSIX threads: 8 threads with a mutex, a condition
 * variable (broadcast: futex requeue), a barrier, __thread variables,
 * atomics, pthread_join results, a robust mutex whose owner dies, a PI
 * mutex, a raw clone with CLONE_CHILD_CLEARTID, gettid != getpid in
 * threads, pthread_exit from main while threads run. */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define N 8
/* linux/futex.h, which musl's include path lacks */
#define FUTEX_WAIT         0
#define FUTEX_WAKE         1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t bar;
static long counter;
static atomic_long acount;
static int go;
static int arrived;
static __thread int tls_val = 7;
static __thread char tls_buf[64];

static void *worker(void *arg) {
  long id = (long)arg;
  tls_val += (int)id;
  snprintf(tls_buf, sizeof tls_buf, "thread %ld", id);
  for (int i = 0; i < 2000; i++) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
    atomic_fetch_add(&acount, 1);
  }
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&mu);
  arrived++;
  /* broadcast: the other workers wait on cv too, so a signal could wake one
   * of them instead of main and leave main waiting forever */
  if (arrived == N) pthread_cond_broadcast(&cv);
  while (!go) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  int tid_differs = syscall(SYS_gettid) != getpid();
  return (void *)(id * 100 + tls_val * (tid_differs ? 1 : -1) + (strlen(tls_buf) == 8 ? 1000 : 0));
}

static pthread_mutex_t robust;
static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&robust);
  return NULL; /* thread ends with the robust mutex held */
}

static pthread_mutex_t pi;
static int pi_shared;
static void *pi_worker(void *arg) {
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&pi);
    pi_shared++;
    pthread_mutex_unlock(&pi);
  }
  return arg;
}

static volatile int clone_ran;
static int clone_fn(void *arg) {
  clone_ran = *(int *)arg;
  return 0;
}

static void *late(void *arg) {
  usleep(20000);
  printf("late thread done %ld\n", (long)arg);
  fflush(stdout);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&bar, NULL, N);
  pthread_t th[N];
  for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, worker, (void *)i);
  pthread_mutex_lock(&mu);
  while (arrived < N) pthread_cond_wait(&cv, &mu);
  go = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < N; i++) {
    void *r;
    pthread_join(th[i], &r);
    printf("join %d: %ld\n", i, (long)r);
  }
  printf("counter %ld atomic %ld main tls %d\n", counter, (long)atomic_load(&acount), tls_val);

  /* robust mutex: the owner dies */
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&robust, &ma);
  pthread_t t;
  pthread_create(&t, NULL, die_holding, NULL);
  pthread_join(t, NULL);
  int r = pthread_mutex_lock(&robust);
  printf("robust lock: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
  if (r == EOWNERDEAD) pthread_mutex_consistent(&robust);
  pthread_mutex_unlock(&robust);

  /* priority-inheritance mutex */
  pthread_mutexattr_t pa;
  pthread_mutexattr_init(&pa);
  pthread_mutexattr_setprotocol(&pa, PTHREAD_PRIO_INHERIT);
  pthread_mutex_init(&pi, &pa);
  pthread_t p1, p2;
  pthread_create(&p1, NULL, pi_worker, (void *)1);
  pthread_create(&p2, NULL, pi_worker, (void *)2);
  pthread_join(p1, NULL);
  pthread_join(p2, NULL);
  printf("pi counter %d\n", pi_shared);

  /* raw clone: CLONE_CHILD_CLEARTID wakes the waiter */
  size_t ss = 1 << 16;
  char *stack = mmap(NULL, ss, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static volatile pid_t ctid = -1;
  static pid_t ptid;
  int arg = 55;
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
              CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
  int tid = clone(clone_fn, stack + ss, flags, &arg, &ptid, NULL, &ctid);
  printf("clone: tid>0 %d ptid==tid %d\n", tid > 0, ptid == tid);
  /* Read the tid word once per round: with `while (ctid != 0) futex(.., ctid)`
   * the second load can see the 0 the dying child stores between the two
   * loads, and FUTEX_WAIT(0) on a word that stays 0 never returns (it hung
   * under load, natively as well as under emu). */
  for (pid_t v; (v = ctid) != 0;) syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
  printf("clone ran %d, ctid cleared %d\n", clone_ran, ctid == 0);

  /* futex errors */
  int word = 1;
  errno = 0;
  long fr = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
  printf("futex wait mismatch: %ld errno %d\n", fr, errno);
  struct timespec ts = {0, 1000000};
  fr = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
  printf("futex wait timeout: %ld errno %d\n", fr, errno);
  fr = syscall(SYS_futex, (char *)&word + 1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  printf("futex unaligned: %ld errno %d\n", fr, errno);
  fr = syscall(SYS_futex, (int *)16, FUTEX_WAIT, 0, NULL, NULL, 0);
  printf("futex bad address: %ld errno %d\n", fr, errno);
  fr = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0);
  printf("futex wake none: %ld\n", fr);
  fr = syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0);
  printf("futex bad op: %ld errno %d\n", fr, errno);

  /* main leaves with pthread_exit while a thread still runs */
  fflush(stdout);
  pthread_create(&t, NULL, late, (void *)3);
  pthread_exit(NULL);
}
