# A guest fork bomb bounded by RLIMIT_NPROC, which the kernel does not enforce
# for root: the guest runs as a uid of its own, in a PID namespace of its own
# (it is that namespace's init), lowers its RLIMIT_NPROC to 24 and
#  1. forks children that wait, until fork fails, then lets them go; and
#     creates threads the same way (threads count too);
#  2. turns into a bomb: every process forks in a loop, forever.
# Exact invariants, as natively: fork gives EAGAIN after 23 children,
# pthread_create after 23 threads; in the bomb every failure is EAGAIN.  Then the
# test kills the namespace's init with SIGKILL, which must end every process of
# the bomb (none of the uid is left), promptly, with no report from emu.
# 3*SCALE bomb rounds, each killed after its first EAGAIN and a while.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#define LIMIT 24
static int gate[2];
static void *waiter(void *arg) { char c; (void)arg; return (void *)(long)read(gate[0], &c, 1); }
int main(void) {
  struct rlimit rl = {LIMIT, LIMIT};
  if (setrlimit(RLIMIT_NPROC, &rl)) { perror("setrlimit"); return 2; }
  setvbuf(stdout, NULL, _IONBF, 0);
  /* 1. fork to the limit */
  if (pipe(gate)) return 2;
  int n = 0, e;
  for (;;) {
    pid_t p = fork();
    if (p == 0) {
      char c;
      close(gate[1]);
      _exit(read(gate[0], &c, 1) == 0 ? 0 : 1);
    }
    if (p < 0) { e = errno; break; }
    if (++n > 10 * LIMIT) { e = 0; break; }
  }
  printf("fork: %d children, then %s\n", n, strerror(e));
  close(gate[1]);
  while (wait(NULL) > 0) {}
  close(gate[0]);
  /* ... and threads */
  if (pipe(gate)) return 2;
  pthread_t th[10 * LIMIT + 1];
  n = 0;
  for (;;) {
    e = pthread_create(&th[n], NULL, waiter, NULL);
    if (e) break;
    if (++n > 10 * LIMIT) break;
  }
  printf("pthread_create: %d threads, then %s\n", n, strerror(e));
  close(gate[1]);
  for (int i = 0; i < n; i++) pthread_join(th[i], NULL);
  /* 2. the bomb */
  printf("bomb\n");
  int said = 0;
  for (;;) {
    pid_t p = fork();
    if (p == 0) { said = 0; continue; }
    if (p > 0) continue;
    if (!said) {
      said = 1;
      printf(errno == EAGAIN ? "bomb: EAGAIN\n" : "bomb: fork failed with %d\n", errno);
    }
    usleep(2000);
  }
}
C
build_abis g.c
chmod -R a+rX .
uid=$(fresh_uid)
# bomb_run NAME CMD...: one bomb in a PID namespace of its own, killed once it
# has met the limit (and a second more); checks the kill ends it all.
bomb_run() {
  local name=$1 t init left; shift
  unshare --pid --fork setpriv --reuid=$uid --regid=$uid --clear-groups "$@" >$name.out 2>$name.err &
  local us=$!
  for ((t = 0; t < 300 * EMU_TIMEOUT_SCALE; t++)); do
    grep -qs '^bomb: ' $name.out && break
    sleep 0.1
  done
  sleep 1
  # The bomb fills the limit: 24 processes of the uid, each one thread.
  local held=$(ps -e -o uid= | awk -v u=$uid '$1 == u' | wc -l)
  [ "$held" = 24 ] || fail "$name: the bomb holds $held processes (want 24, RLIMIT_NPROC)"
  init=$(pgrep -P $us)
  [ -n "$init" ] && kill -KILL $init
  for ((t = 0; t < 100 * EMU_TIMEOUT_SCALE; t++)); do
    kill -0 $us 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 $us 2>/dev/null; then
    fail "$name: the bomb outlived the kill of its namespace's init by ${t}0 ms"
    kill -KILL $us
  fi
  wait $us # (its status: util-linux's unshare fails to re-raise SIGKILL)
  left=$(ps -e -o uid=,pid=,stat=,comm= | awk -v u=$uid '$1 == u' | head -5)
  [ -z "$left" ] || fail "$name: processes of the bomb's uid left after the kill: $left"
  no_emu_crash $name.err
}
want="fork: 23 children, then Resource temporarily unavailable
pthread_create: 23 threads, then Resource temporarily unavailable
bomb
bomb: EAGAIN"
for ((r = 1; r <= 3 * SCALE; r++)); do
  for run in native g64 g32; do
    if [ $run = native ]; then bomb_run $run ./g64; else bomb_run $run "$EMU" ./$run; fi
    got=$(sort -u $run.out | sort -t: -k1,1 -s)
    exp=$(echo "$want" | sort -u | sort -t: -k1,1 -s)
    [ "$got" = "$exp" ] && pass "round $r $run: limit met as natively, ended by the kill" ||
      fail "round $r $run: stdout '$(sort -u $run.out | head -6)', want '$want'; stderr: $(head -c 300 $run.err)"
  done
done
finish
