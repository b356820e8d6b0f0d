# `ulimit -v` in the shell that starts emu: the host's RLIMIT_AS is the
# guest's (1 GiB here), emu must still run (its window reservation alone is
# larger, so it reserves lazily, src/mem/mem.c mm_new), and a guest malloc
# loop stops near 1 GiB (natively about 1020 MiB), not at 0.  The guest
# reads its limit back.  Both ABIs.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
[ "${EMU_SANITIZE:-0}" = 1 ] && skip "ASan needs an unlimited RLIMIT_AS"
cat > g.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
int main(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_AS, &rl);
  printf("as %lu\n", (unsigned long)(rl.rlim_cur >> 20));
  unsigned long n = 0;
  while (n < 4096 && malloc(1 << 20)) n++;
  printf("malloc %lu\n", n);
  return 0;
}
C
cc_guest g64 g.c
cc_guest32 g32 g.c
for g in g64 g32; do
  (ulimit -v 1048576 && run_emu 60 ./$g) >$g.out 2>$g.err
  rc=$?
  no_emu_crash $g.err
  as=$(sed -n 's/^as //p' $g.out)
  n=$(sed -n 's/^malloc //p' $g.out)
  [ "$rc" = 0 ] && [ "$as" = 1024 ] && pass "$g runs under ulimit -v and reads back 1024 MiB" ||
    fail "$g: status $rc, RLIMIT_AS '$as' MiB (want 1024), stderr: $(head -c 200 $g.err)"
  # Native: 1 GiB less the program and its stack (about 1020 MiB).  emu's
  # own memory does not count against the guest; its window may cost the
  # guest a little where the host's limit is met first.
  [ -n "$n" ] && [ "$n" -ge 896 ] && [ "$n" -lt 1024 ] && pass "$g: malloc stops at $n MiB" ||
    fail "$g: malloc reached '$n' MiB (want 896..1023)"
done
finish
