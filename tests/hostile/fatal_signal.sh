# A guest that dies of a signal makes emu die of it too, as a shell sees it
# (WIFSIGNALED, 128+N), after its system-call log is complete: emu must not
# be killed by the guest's signal mid-flight.  abort(), a fault, SIGKILL and
# SIGTERM sent to itself, SIGTERM from another process, abort() and
# SIGKILL in a thread other than the main one (the whole group dies), both
# ABIs.  The log (-s -o FILE) ends with strace's "+++ killed by SIGxxx +++",
# "(core dumped)" where the kernel's do_coredump() would write a core
# (RLIMIT_CORE 1: never; unlimited with a file core_pattern: for the core
# signals), and emu itself leaves no core file.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > g.c <<'C'
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static const char *mode;
static volatile uintptr_t bad = 16;
static void *thr(void *a) {
  (void)a;
  if (!strcmp(mode, "thread-abort")) abort();
  if (!strcmp(mode, "thread-kill")) kill(getpid(), SIGKILL);
  return NULL;
}
int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "";
  printf("start %s\n", mode);
  fflush(stdout);
  if (!strcmp(mode, "abort")) abort();
  if (!strcmp(mode, "segv")) *(volatile int *)bad = 1;
  if (!strcmp(mode, "kill")) kill(getpid(), SIGKILL);
  if (!strcmp(mode, "term")) kill(getpid(), SIGTERM);
  if (!strcmp(mode, "external")) for (;;) pause();
  if (!strncmp(mode, "thread", 6)) {
    pthread_t t;
    pthread_create(&t, NULL, thr, NULL);
    pthread_join(t, NULL);
  }
  return 0;
}
C
# waiter CORE DELAY CMD...: runs CMD with RLIMIT_CORE=CORE ("u": unlimited),
# sends SIGTERM after DELAY ms (0: never), prints how it ended.
cat > waiter.c <<'C'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {
  struct rlimit rl;
  rl.rlim_cur = rl.rlim_max = argv[1][0] == 'u' ? RLIM_INFINITY : strtoul(argv[1], 0, 0);
  pid_t pid = fork();
  if (pid == 0) {
    setrlimit(RLIMIT_CORE, &rl);
    execv(argv[3], argv + 3);
    _exit(127);
  }
  int ms = atoi(argv[2]), st;
  if (ms) {
    usleep(ms * 1000);
    kill(pid, SIGTERM);
  }
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st))
    printf("signal %d%s\n", WTERMSIG(st), WCOREDUMP(st) ? " core" : "");
  else
    printf("exit %d\n", WEXITSTATUS(st));
  return 0;
}
C
gcc -O2 -o waiter waiter.c || fail "cannot build the waiter"
cc_guest g64 g.c -pthread
cc_guest32 g32 g.c -pthread
pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
delay=$((1500 * EMU_TIMEOUT_SCALE))
check() { # ABI MODE SIGNAME SIGNUM CORELIMIT WANTCORE
  local g=g$1 m=$2 name=$3 num=$4 lim=$5 core=$6 log=log.$1.$2.$5 d=0
  [ "$m" = external ] && d=$delay
  mkdir -p "cwd.$1.$2.$5" && rm -f "cwd.$1.$2.$5"/core*
  (cd "cwd.$1.$2.$5" && timeout -k 3 $((30 * EMU_TIMEOUT_SCALE)) ../waiter "$lim" $d "$EMU" -s -o "../$log" "../$g" "$m") \
    > out.$1.$2 2> err.$1.$2
  no_emu_crash err.$1.$2
  local want="start $m
signal $num" line="+++ killed by $name$core +++"
  [ "$(cat out.$1.$2)" = "$want" ] || fail "$g $m (core $lim): '$(cat out.$1.$2)', want '$want'"
  if [ "$1" = 64 ] && [ "$lim" = 1 ]; then # the native run agrees (no core either)
    (cd "cwd.$1.$2.$5" && timeout 30 ../waiter "$lim" $((d / EMU_TIMEOUT_SCALE / 5)) "../$g" "$m") > native.$1.$2
    rm -f "cwd.$1.$2.$5"/core*
    [ "$(cat native.$1.$2)" = "$want" ] || fail "native $g $m: '$(cat native.$1.$2)', want '$want'"
  fi
  [ "$(tail -n 1 "$log" | sed 's/^\[pid *[0-9]*\] //')" = "$line" ] ||
    fail "$g $m (core $lim): log ends '$(tail -n 1 "$log")', want '$line'"
  ls "cwd.$1.$2.$5" | grep -q core && fail "$g $m: emu left a core file"
  [ "$fails" = 0 ] && pass "$g $m (core $lim): $name, log complete"
}
for abi in 64 32; do
  check $abi abort SIGABRT 6 1 ""
  check $abi segv SIGSEGV 11 1 ""
  check $abi kill SIGKILL 9 1 ""
  check $abi term SIGTERM 15 1 ""
  check $abi external SIGTERM 15 1 ""
  check $abi thread-abort SIGABRT 6 1 ""
  check $abi thread-kill SIGKILL 9 1 ""
  case "$pattern" in
  '|'* | '') ;;
  *) check $abi abort SIGABRT 6 u " (core dumped)"
     check $abi term SIGTERM 15 u "" ;;
  esac
done
finish
