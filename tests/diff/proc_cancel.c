/* proc_cancel.c — what the C library builds on its own signals (glibc's
 * SIGCANCEL 32 and SIGSETXID 33, musl's 33, 32 and 34): pthread_cancel of
 * threads blocked in pause, read, nanosleep and a condition variable and of
 * one spinning with asynchronous cancellation (cleanup handlers run),
 * SIGEV_THREAD timers, setuid/setgid from a threaded program (every thread
 * changes), and a process-directed signal taken by the one thread that
 * waits for it with sigwait while the others block it; and the default
 * action of 32, 33 and 34 in a child that never used them. */
// diff-cflags: -pthread
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static atomic_int started, cleaned;

static void cleanup(void *arg) {
  (void)arg;
  atomic_fetch_add(&cleaned, 1);
}

static void *blocker(void *arg) {
  int kind = (int)(long)arg;
  char c;
  struct timespec ts = {100, 0};
  pthread_cleanup_push(cleanup, NULL);
  atomic_fetch_add(&started, 1);
  switch (kind) {
  case 0:
    for (;;) pause();
  case 1:
    for (;;) (void)!read(pfd[0], &c, 1);
  case 2:
    for (;;) nanosleep(&ts, NULL);
  case 3:
    pthread_mutex_lock(&mu);
    for (;;) pthread_cond_wait(&cv, &mu);
  default: {
    volatile unsigned long n = 0;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    for (;;) n++;
  }
  }
  pthread_cleanup_pop(0);
  return NULL;
}

static void test_cancel(void) {
  static const char *const names[] = {"pause", "read", "nanosleep", "cond_wait", "async spin"};
  pthread_t th[5];
  if (pipe(pfd)) return;
  for (long i = 0; i < 5; i++) pthread_create(&th[i], NULL, blocker, (void *)i);
  while (atomic_load(&started) < 5) usleep(1000);
  usleep(20000); /* let them block */
  for (int i = 0; i < 5; i++) {
    void *res;
    int r = pthread_cancel(th[i]);
    int j = pthread_join(th[i], &res);
    printf("cancel %-10s: cancel %d join %d canceled %d\n", names[i], r, j,
           res == PTHREAD_CANCELED);
  }
  printf("cleanup handlers run: %d\n", atomic_load(&cleaned));
}

static atomic_int fired;
static atomic_int value_ok;

static void on_timer(union sigval v) {
  if (v.sival_int == 4242) atomic_fetch_add(&value_ok, 1);
  atomic_fetch_add(&fired, 1);
}

static void test_timer_thread(void) {
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD;
  sev.sigev_notify_function = on_timer;
  sev.sigev_value.sival_int = 4242;
  timer_t id;
  int r = timer_create(CLOCK_MONOTONIC, &sev, &id);
  printf("timer_create SIGEV_THREAD: %d\n", r);
  if (r) return;
  struct itimerspec its = {{0, 2000000}, {0, 2000000}};
  timer_settime(id, 0, &its, NULL);
  for (int i = 0; i < 5000 && atomic_load(&fired) < 5; i++) usleep(1000);
  timer_delete(id);
  printf("timer fired at least 5 times: %d, value right: %d\n", atomic_load(&fired) >= 5,
         atomic_load(&value_ok) >= 5);
}

static pthread_barrier_t bar;

static int want_gid;

static void *id_reader(void *arg) {
  int *ok = arg;
  pthread_barrier_wait(&bar); /* main changes the ids */
  pthread_barrier_wait(&bar);
  /* The kernel's credentials are per thread: the raw call shows whether
   * the C library changed this thread's too. */
  *ok = (int)syscall(SYS_getgid) == want_gid && (int)syscall(SYS_getegid) == want_gid;
  return NULL;
}

static void test_setxid(void) {
  pthread_t th[3];
  int ok[3];
  pthread_barrier_init(&bar, NULL, 4);
  for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, id_reader, &ok[i]);
  pthread_barrier_wait(&bar);
  /* As root a real change (every thread must follow); otherwise to the ids
   * we have, which is allowed and still goes through every thread. */
  want_gid = geteuid() == 0 ? 4242 : (int)getgid();
  int r1 = setgid((gid_t)want_gid), r2 = setuid(getuid()), r3 = setresgid(-1, getegid(), -1);
  pthread_barrier_wait(&bar);
  int same = 1;
  for (int i = 0; i < 3; i++) {
    pthread_join(th[i], NULL);
    same &= ok[i];
  }
  printf("setgid %d setuid %d setresgid %d, every thread has the gid: %d\n", r1, r2, r3, same);
  pthread_barrier_destroy(&bar);
}

static atomic_int waiter_ready;

static void *sig_waiter(void *arg) {
  (void)arg;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  int got = 0, sig;
  atomic_store(&waiter_ready, 1);
  for (int i = 0; i < 2; i++)
    if (sigwait(&set, &sig) == 0) got |= sig == SIGUSR1 ? 1 : sig == SIGUSR2 ? 2 : 4;
  return (void *)(long)got;
}

static void test_sigwait_thread(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_t th;
  pthread_create(&th, NULL, sig_waiter, NULL);
  while (!atomic_load(&waiter_ready)) usleep(1000);
  kill(getpid(), SIGUSR1); /* to the process: the waiter takes it */
  sigqueue(getpid(), SIGUSR2, (union sigval){.sival_int = 7});
  void *got;
  pthread_join(th, &got);
  sigset_t pend;
  sigpending(&pend);
  printf("sigwait thread got %ld, still pending in main: %d %d\n", (long)got,
         sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* The default action of the library's signals, in a child that has not
 * used them: the child dies of the signal itself. */
static void test_default_action(void) {
  for (int sig = 32; sig <= 34; sig++) {
    pid_t p = fork();
    if (p == 0) {
      alarm(10); /* never hang the test, whatever happens */
      syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
      pause();
      _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("signal %d by default: killed %d by %d\n", sig, WIFSIGNALED(st), WTERMSIG(st));
  }
}

/* Whatever the caller left (a test harness may block or ignore real-time
 * signals, and children inherit both): every signal unblocked, 32-34 at their
 * default action.  Raw calls: the C library hides its own signals from its
 * wrappers. */
static void reset_signals(void) {
  unsigned long long none = 0;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
  struct {
    unsigned long handler, flags, restorer;
    unsigned long long mask;
  } dfl = {0, 0, 0, 0}; /* the kernel's sigaction, both ABIs: SIG_DFL */
  for (int sig = 32; sig <= 34; sig++) syscall(SYS_rt_sigaction, sig, &dfl, NULL, 8);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  reset_signals();
  test_default_action();
  test_cancel();
  test_timer_thread();
  test_setxid();
  test_sigwait_thread();
  return 0;
}
