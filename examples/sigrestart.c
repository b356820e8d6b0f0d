/* sigrestart.c — a signal interrupting a blocking read(2), without and with
 * SA_RESTART.  A one-shot timer (setitimer, 20 ms) sends SIGALRM while the
 * program blocks reading an empty pipe; the handler writes one byte into the
 * pipe.  Without SA_RESTART the kernel ends the read with EINTR (the byte is
 * there for the next read); with SA_RESTART it rewinds the program's ip to
 * the gate instruction after the handler, and the read, re-entered, returns
 * the byte.  Built for x86-64 (sigrestart) and i386 (sigrestart_32).
 *
 *   build/emu --strace build/examples/sigrestart
 *   build/emu --frames build/examples/sigrestart_32
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile sig_atomic_t handled;

static void on_alarm(int sig) {
  (void)sig;
  handled++;
  if (write(fds[1], "x", 1) != 1) _exit(3);
}

static void round_trip(int flags, const char *what) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = 20000}};
  setitimer(ITIMER_REAL, &it, NULL);

  char c = 0;
  ssize_t n = read(fds[0], &c, 1);
  int err = errno;
  printf("%s: read returned %zd", what, n);
  if (n < 0) {
    printf(" (%s)", strerror(err));
    n = read(fds[0], &c, 1); /* the byte the handler wrote */
    printf(", the next read returned %zd", n);
  }
  printf(" '%c', handler ran %d time(s)\n", n == 1 ? c : '?', (int)handled);
  handled = 0;
}

int main(void) {
  if (pipe(fds)) return 1;
  setvbuf(stdout, NULL, _IONBF, 0);
  round_trip(0, "without SA_RESTART");
  round_trip(SA_RESTART, "with SA_RESTART");
  return 0;
}
