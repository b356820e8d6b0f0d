# func.valgrind: emu runs under valgrind (bench/run.sh counts its host instructions with
# callgrind).  Valgrind's address-space manager refuses the 32 TiB reservation of an
# x86-64 guest's window, so emu takes the lazy window there, as under `ulimit -v`
# (src/mem/mem.c, mm_new); the i386 window (4 GiB) is reserved as usual.  A
# sanitizer build cannot run under valgrind: skipped, and says so.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
command -v valgrind >/dev/null || skip "valgrind is not installed"
if nm "$EMU" 2>/dev/null | grep -q __asan_init; then skip "emu is built with AddressSanitizer"; fi
cat > t.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *p = malloc(1 << 20); /* brk or mmap inside the window */
  p[(1 << 20) - 1] = 7;
  printf("hello %d\n", p[(1 << 20) - 1]);
  return 0;
}
C
cc_guest t64 t.c || fail "gcc"
cc_guest t32 t.c -m32 || fail "gcc -m32"
for abi in 64 32; do
  name=x86-64
  [ "$abi" = 64 ] || name=i386
  out=$(timeout 120 valgrind --tool=none -q --error-exitcode=99 "$EMU" ./t$abi 2>err$abi)
  rc=$?
  if [ "$rc" = 0 ] && [ "$out" = "hello 7" ]; then
    pass "$name under valgrind"
  else
    fail "$name: rc $rc, output '$out': $(head -c 300 err$abi)"
  fi
done
finish
