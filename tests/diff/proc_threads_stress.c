/* proc_threads_stress.c — thread birth and death under contention, the
 * paths a rare hang of proc_threads pointed at: raw clones whose
 * CLONE_CHILD_CLEARTID store and wake end a FUTEX_WAIT on the tid word,
 * process-directed signals from another process while threads start and
 * exit all the time (each one is acknowledged: a lost one leaves the sender
 * waiting, and the test times out), a signal after vfork, pthread
 * create/join rounds, barriers, PI and robust mutexes with contention and
 * owners dying, condvar ping-pong.  Only counts are printed. */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* linux/futex.h, which musl's include path lacks */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define RAW_FLAGS                                                                     \
  (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
   CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)
#define STACK_SIZE (1 << 16)

/* The tid word is read once per FUTEX_WAIT: the wait's value is the value
 * just tested. */
static void wait_tid(volatile int *w) {
  for (int v; (v = *w) != 0;) syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
}

/* ---- raw clones: CLEARTID ends the waits on the tid word ---- */

static atomic_int raw_runs;
static int raw_fn(void *arg) {
  atomic_fetch_add(&raw_runs, *(int *)arg);
  return 0;
}

static volatile int tid_word;
static atomic_int woken;
static void *tid_waiter(void *arg) {
  wait_tid(&tid_word);
  atomic_fetch_add(&woken, 1);
  /* The exiting thread wakes one waiter: pass it on. */
  syscall(SYS_futex, &tid_word, FUTEX_WAKE, 100, NULL, NULL, 0);
  return arg;
}

static void raw_clones(int rounds) {
  char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int one = 1, bad = 0;
  for (int i = 0; i < rounds; i++) {
    tid_word = -1;
    pthread_t w[2];
    for (int j = 0; j < 2; j++) pthread_create(&w[j], NULL, tid_waiter, NULL);
    int tid = clone(raw_fn, stack + STACK_SIZE, RAW_FLAGS, &one, NULL, NULL, &tid_word);
    if (tid <= 0) bad++;
    for (int j = 0; j < 2; j++) pthread_join(w[j], NULL);
    wait_tid(&tid_word); /* already 0: the waiters saw it */
  }
  munmap(stack, STACK_SIZE);
  printf("raw clones: %d runs, %d waiters woken, %d failed\n", (int)raw_runs, (int)woken, bad);
}

/* ---- process-directed signals while threads come and go ---- */

static int ack_fd;
static atomic_int sig_got, churn_stop;
static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&sig_got, 1);
  char c = 1;
  if (write(ack_fd, &c, 1) != 1) _exit(5);
}

static int churn_fn(void *arg) {
  (void)arg;
  return 0;
}
static void *churn_quick(void *arg) { return arg; }

/* Raw clones start with signals unblocked and end with a bare exit(2);
 * pthreads block them around both (glibc and musl). */
static void *churn(void *arg) {
  long raw = (long)arg;
  char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static volatile int ctid;
  while (!atomic_load(&churn_stop)) {
    if (raw) {
      ctid = -1;
      if (clone(churn_fn, stack + STACK_SIZE, RAW_FLAGS, NULL, NULL, NULL, &ctid) <= 0) _exit(6);
      wait_tid(&ctid);
    } else {
      pthread_t t;
      if (pthread_create(&t, NULL, churn_quick, NULL)) _exit(7);
      pthread_join(t, NULL);
    }
  }
  munmap(stack, STACK_SIZE);
  return NULL;
}

static void signals_while_churning(int n) {
  int p[2];
  if (pipe(p)) return;
  ack_fd = p[1];
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  /* main takes no SIGUSR1: the churning threads (and their children) do */
  pthread_t t[2];
  for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, churn, (void *)i);
  pthread_sigmask(SIG_BLOCK, &usr1, NULL);
  pid_t parent = getpid();
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    for (int i = 0; i < n; i++) {
      kill(parent, SIGUSR1);
      char b;
      if (read(p[0], &b, 1) != 1) _exit(2);
    }
    _exit(0);
  }
  int st = -1;
  while (waitpid(c, &st, 0) < 0 && errno == EINTR) {
  }
  atomic_store(&churn_stop, 1);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
  close(p[0]);
  close(p[1]);
  printf("signals while threads start and exit: sender %s, %d handled of %d\n",
         WIFEXITED(st) && !WEXITSTATUS(st) ? "done" : "failed", (int)sig_got, n);
}

/* ---- a signal after vfork reaches the parent ---- */

static volatile int vfork_got;
static void on_usr2(int sig) {
  (void)sig;
  vfork_got++;
}

static __attribute__((noinline)) pid_t vfork_exit(void) {
  pid_t c = vfork();
  if (c == 0) _exit(0);
  return c;
}

static void signal_after_vfork(void) {
  signal(SIGUSR2, on_usr2);
  for (int i = 0; i < 3; i++) {
    waitpid(vfork_exit(), NULL, 0);
    kill(getpid(), SIGUSR2);
  }
  printf("signals after vfork: %d of 3\n", vfork_got);
}

/* ---- create/join, barrier, PI and robust mutexes, condvars ---- */

static void *plus_one(void *arg) { return (void *)((long)arg + 1); }

static pthread_barrier_t bar;
static atomic_long bar_count;
static void *bar_worker(void *arg) {
  for (int i = 0; i < 200; i++) {
    atomic_fetch_add(&bar_count, 1);
    pthread_barrier_wait(&bar);
  }
  return arg;
}

static pthread_mutex_t pi_mu, rb_mu, rbpi_mu;
static pthread_barrier_t mutex_done;
static long pi_n, rb_n, rbpi_n;
static atomic_int owner_died;
static void lock_robust(pthread_mutex_t *m) {
  int r = pthread_mutex_lock(m);
  if (r == EOWNERDEAD) {
    atomic_fetch_add(&owner_died, 1);
    pthread_mutex_consistent(m);
  } else if (r) {
    printf("lock: %s\n", strerror(r));
    exit(1);
  }
}
static void *mutex_worker(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 300; i++) {
    pthread_mutex_lock(&pi_mu);
    pi_n++;
    pthread_mutex_unlock(&pi_mu);
    lock_robust(&rb_mu);
    rb_n++;
    pthread_mutex_unlock(&rb_mu);
    lock_robust(&rbpi_mu);
    rbpi_n++;
    pthread_mutex_unlock(&rbpi_mu);
  }
  /* Owners die only once the round's contention is over: musl unlocks a
   * dead owner's robust mutexes in user space, and for a PI one with
   * waiters blocked in the kernel the count of EOWNERDEAD then depends on
   * how soon the thread is gone after its pthread_exit. */
  pthread_barrier_wait(&mutex_done);
  if (id == 1) lock_robust(&rb_mu); /* ends holding it */
  if (id == 2) lock_robust(&rbpi_mu);
  return NULL;
}

static pthread_mutex_t pp_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cv = PTHREAD_COND_INITIALIZER;
static int pp_turn;
static long pp_moves;
static void *pp_worker(void *arg) {
  int me = (int)(long)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&pp_mu);
    while (pp_turn != me) pthread_cond_wait(&pp_cv, &pp_mu);
    pp_turn = (pp_turn + 1) % 3;
    pp_moves++;
    pthread_cond_broadcast(&pp_cv);
    pthread_mutex_unlock(&pp_mu);
  }
  return NULL;
}

static void pthread_rounds(void) {
  long sum = 0;
  for (int i = 0; i < 100; i++) {
    pthread_t t[4];
    for (long j = 0; j < 4; j++) pthread_create(&t[j], NULL, plus_one, (void *)j);
    for (int j = 0; j < 4; j++) {
      void *r;
      pthread_join(t[j], &r);
      sum += (long)r;
    }
  }
  printf("create/join: sum %ld\n", sum);

  pthread_barrier_init(&bar, NULL, 8);
  pthread_t b[8];
  for (long i = 0; i < 8; i++) pthread_create(&b[i], NULL, bar_worker, (void *)i);
  for (int i = 0; i < 8; i++) pthread_join(b[i], NULL);
  printf("barrier: %ld arrivals\n", (long)bar_count);

  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
  pthread_mutex_init(&pi_mu, &a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&rbpi_mu, &a);
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&rb_mu, &a);
  pthread_barrier_init(&mutex_done, NULL, 4);
  for (int round = 0; round < 3; round++) {
    pthread_t m[4];
    for (long i = 0; i < 4; i++) pthread_create(&m[i], NULL, mutex_worker, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(m[i], NULL);
  }
  lock_robust(&rb_mu);
  lock_robust(&rbpi_mu);
  printf("mutexes: pi %ld robust %ld robust-pi %ld, owner died %d times\n", pi_n, rb_n, rbpi_n,
         (int)owner_died);

  pthread_t p[3];
  for (long i = 0; i < 3; i++) pthread_create(&p[i], NULL, pp_worker, (void *)i);
  for (int i = 0; i < 3; i++) pthread_join(p[i], NULL);
  printf("condvar ping-pong: %ld moves, turn %d\n", pp_moves, pp_turn);
}

int main(void) {
  raw_clones(100);
  signal_after_vfork();
  signals_while_churning(300);
  pthread_rounds();
  return 0;
}
