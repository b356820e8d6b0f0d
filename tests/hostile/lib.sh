# lib.sh: helpers for hostile-guest cases; `. "$EMU_SRC_DIR/tests/hostile/lib.sh"`.
# Environment from run_case.sh/ctest: EMU (the emu under test), EMU_BUILD_DIR,
# EMU_SRC_DIR, SCRATCH (cwd, fresh), EMU_TIMEOUT_SCALE (4 under ASan).
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
skip() { echo "SKIPPED: $*"; exit 77; }
# cc_guest OUT SRC [flags...]: a static x86-64 guest; cc_guest32 the same for i386
# (skips the case when gcc -m32 cannot link).
cc_guest() { local out=$1 src=$2; shift 2; gcc -static -O2 -o "$out" "$src" "$@"; }
cc_guest32() {
  local out=$1 src=$2; shift 2
  gcc -m32 -static -O2 -o "$out" "$src" "$@" 2>cc32.err || skip "gcc -m32 cannot link: $(head -1 cc32.err)"
}
# run_emu SECONDS ARGS...: emu under its own timeout; prints nothing, returns the status
# (128+N when killed by signal N, 124 when it ran past SECONDS).
run_emu() {
  local s=$(($1 * EMU_TIMEOUT_SCALE)); shift
  timeout -k 3 "$s" "$EMU" "$@"
}
# A sanitizer report or an emu crash message in FILE is a failure.
no_emu_crash() {
  if grep -qE 'ERROR: AddressSanitizer|runtime error:|^emu: internal fault|^emu: .*Assertion' "$1"; then
    fail "emu reported on itself in $1: $(grep -m1 -E 'AddressSanitizer|runtime error|internal fault|Assertion' "$1")"
  fi
}
finish() { [ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }; exit 0; }
