# func.strace_filter: `emu -s -e EXPR` shows what `strace -e EXPR` shows (issue 13,
# item 5): call names, the %classes (file, desc, memory, signal, process, network),
# negation, none, status=failed, signal=.  x86-64 against real strace of the native
# run, lines compared with addresses, numbers and padding masked; the i386 run shows
# only the calls its filter names.  An expression emu does not know is refused.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
command -v strace >/dev/null || skip "no strace to compare with"
cat > p.c <<'C'
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
static void h(int s) { (void)s; }
int main(void) {
  int fd = open("/etc/hostname", O_RDONLY);
  char b[16];
  read(fd, b, sizeof b);
  close(fd);
  open("/nonexistent", O_RDONLY);
  void *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p, 4096);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  signal(SIGUSR1, h);
  raise(SIGUSR1);
  write(1, "x\n", 2);
  return 0;
}
C
cc_guest p64 p.c
cc_guest32 p32 p.c
# Addresses, numbers and the padding before " = " differ between runs.
norm() { sed -E 's/0x[0-9a-f]+/A/g; s/[0-9]+/N/g; s/ +=/ =/' "$1" | grep -v '^getrandom'; }
for e in trace=openat,close trace=%file trace=%desc trace=%memory trace=%signal \
  trace=%process trace=%network 'trace=!write,%memory' trace=none status=failed \
  'trace=write,kill,tgkill' signal=none signal=SIGUSR1 signal=!USR1; do
  strace -o n.st -e "$e" ./p64 >/dev/null 2>&1 || fail "strace -e $e failed"
  run_emu 30 -s -o e.st -e "$e" ./p64 >/dev/null 2>e.err
  no_emu_crash e.err
  if diff <(norm n.st) <(norm e.st) >d.txt; then
    pass "-e $e: as strace ($(wc -l <n.st) lines)"
  else
    fail "-e $e: $(head -4 d.txt | tr '\n' ' ')"
  fi
done
run_emu 30 -s -o e32.st -e trace=%memory ./p32 >/dev/null 2>e32.err
no_emu_crash e32.err
others=$(sed -E 's/\(.*//' e32.st | grep -vE '^(brk|mmap2?|munmap|mprotect|\+\+\+|---)' | sort -u | tr '\n' ' ')
[ -s e32.st ] && [ -z "$others" ] && pass "32: -e trace=%memory shows only memory calls" ||
  fail "32: -e trace=%memory also shows: $others"
run_emu 10 -s -e bogus=1 ./p64 >/dev/null 2>bad.err
[ $? = 2 ] && grep -q "emu: -e bogus=1" bad.err && pass "an unknown -e kind is refused" ||
  fail "-e bogus=1: $(cat bad.err)"
run_emu 10 -s -e trace=%nosuch ./p64 >/dev/null 2>bad.err
[ $? = 2 ] && pass "an unknown class is refused" || fail "-e trace=%nosuch: $(cat bad.err)"
finish
