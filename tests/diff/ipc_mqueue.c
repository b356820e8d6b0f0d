/* ipc_mqueue.c — POSIX message queues: open with attributes, priorities,
 * EMSGSIZE, O_NONBLOCK through mq_setattr, absolute timeouts (ETIMEDOUT,
 * EINVAL), mq_notify with a signal (SI_MESGQ, the sigval) and with a
 * thread, EBUSY, a queue
 * shared with a forked child, unlink; EFAULT for each pointer argument
 * through raw system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void *)1)

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-34s = -1 errno %d\n", what, errno);
  else
    printf("%-34s = %ld\n", what, r);
}

static volatile sig_atomic_t got_sig, got_code, got_val;

static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got_sig = sig;
  got_code = si->si_code;
  got_val = si->si_value.sival_int;
}

static volatile int thread_val;
static void on_notify(union sigval v) { thread_val = v.sival_int; }

static void attrs(mqd_t q) {
  struct mq_attr a;
  if (mq_getattr(q, &a) < 0) {
    printf("getattr errno %d\n", errno);
    return;
  }
  printf("attr flags %s maxmsg %ld msgsize %ld curmsgs %ld\n",
         (a.mq_flags & O_NONBLOCK) ? "NONBLOCK" : "0", (long)a.mq_maxmsg, (long)a.mq_msgsize,
         (long)a.mq_curmsgs);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  char name[64];
  /* Queues are not in the PID namespace each run has: the pid alone (1
   * there) would be shared with the test's other variants running beside. */
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  snprintf(name, sizeof name, "/emu_diff_mq_%d_%ld", (int)getpid(), (long)now.tv_nsec);
  struct mq_attr a = {0, 4, 32, 0};
  mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
  printf("mq_open ok: %d\n", q >= 0);
  show("mq_open excl again", mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &a));
  attrs(q);
  show("send prio 1", mq_send(q, "one", 4, 1));
  show("send prio 5", mq_send(q, "five", 5, 5));
  show("send prio 3", mq_send(q, "three", 6, 3));
  show("send too long", mq_send(q, name, 40, 1));
  attrs(q);
  char buf[64];
  unsigned prio = 99;
  show("receive small", mq_receive(q, buf, 8, &prio));
  for (int i = 0; i < 3; i++) {
    long n = mq_receive(q, buf, sizeof buf, &prio);
    printf("received %ld '%s' prio %u\n", n, n > 0 ? buf : "", prio);
  }
  struct mq_attr na = {O_NONBLOCK, 0, 0, 0}, oa;
  show("setattr nonblock", mq_setattr(q, &na, &oa));
  printf("old flags %ld\n", (long)oa.mq_flags);
  show("receive empty nonblock", mq_receive(q, buf, sizeof buf, NULL));
  na.mq_flags = 0;
  mq_setattr(q, &na, NULL);
  struct timespec past = {1, 0}, badts = {0, 2000000000L};
  show("timedreceive past", mq_timedreceive(q, buf, sizeof buf, NULL, &past));
  show("timedreceive bad ts", mq_timedreceive(q, buf, sizeof buf, NULL, &badts));
  na.mq_flags = O_RDWR;
  show("setattr bad flags", mq_setattr(q, &na, NULL));

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGUSR1;
  sev.sigev_value.sival_int = 4242;
  show("notify signal", mq_notify(q, &sev));
  show("notify again", mq_notify(q, &sev));
  show("send to notify", mq_send(q, "n", 2, 0));
  for (int i = 0; i < 1000 && !got_sig; i++) usleep(1000);
  printf("signal %d code is SI_MESGQ %d value %d\n", (int)got_sig, got_code == SI_MESGQ,
         (int)got_val);
  show("notify NULL", mq_notify(q, NULL));
  show("notify bad", syscall(SYS_mq_notify, q, BAD));
  mq_receive(q, buf, sizeof buf, NULL);
  /* SIGEV_THREAD: the C library's helper thread hears of the message
   * through the cookie the kernel reads from sigev_value */
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD;
  sev.sigev_notify_function = on_notify;
  sev.sigev_value.sival_int = 55;
  show("notify thread", mq_notify(q, &sev));
  show("send to thread", mq_send(q, "t", 2, 0));
  for (int i = 0; i < 2000 && !thread_val; i++) usleep(1000);
  printf("thread got %d\n", thread_val);
  mq_receive(q, buf, sizeof buf, NULL);

  pid_t c = fork();
  if (c == 0) {
    mq_send(q, "from child", 11, 7);
    _exit(0);
  }
  int st;
  waitpid(c, &st, 0);
  long n = mq_receive(q, buf, sizeof buf, &prio);
  printf("from fork: %ld '%s' prio %u\n", n, buf, prio);

  /* bad pointers, through the raw calls */
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("mq_open bad name", syscall(SYS_mq_open, BAD, O_RDWR, 0, NULL));
  show("mq_open bad attr", syscall(SYS_mq_open, name + 1, O_RDWR | O_CREAT, 0600, BAD));
  show("mq_open bad attr no creat", syscall(SYS_mq_open, name + 1, O_RDWR, 0600, BAD));
  show("timedsend bad msg", syscall(SYS_mq_timedsend, q, BAD, 4, 0, NULL));
  show("timedsend bad ts", syscall(SYS_mq_timedsend, q, "x", 2, 0, BAD));
  show("timedsend bad fd bad ts", syscall(SYS_mq_timedsend, 999, "x", 2, 0, BAD));
  mq_send(q, "lost", 5, 0);
  show("timedreceive into ro", syscall(SYS_mq_timedreceive, q, ro, 64, NULL, NULL));
  attrs(q);
  mq_send(q, "kept", 5, 0);
  show("timedreceive bad prio", syscall(SYS_mq_timedreceive, q, buf, 64, BAD, NULL));
  attrs(q);
  show("getsetattr bad new", syscall(SYS_mq_getsetattr, q, BAD, NULL));
  show("getsetattr bad old", syscall(SYS_mq_getsetattr, q, NULL, BAD));
  show("getsetattr bad fd", syscall(SYS_mq_getsetattr, 999, NULL, &oa));
  show("unlink bad", syscall(SYS_mq_unlink, BAD));
  show("mq_close", mq_close(q));
  show("mq_unlink", mq_unlink(name));
  show("mq_unlink again", mq_unlink(name));
  show("mq_open missing", mq_open(name, O_RDONLY));
  return 0;
}
