# lib.sh: helpers for the stress cases; `. "$EMU_SRC_DIR/tests/stress/lib.sh"`.
# Builds on tests/hostile/lib.sh (fail/pass/skip/finish, cc_guest, run_emu,
# no_emu_crash).  Adds SCALE (EMU_STRESS_SCALE, 1 = the short run of `make test`)
# and the run of one guest natively (x86-64, the reference) and under emu in
# both ABIs.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
SCALE=${EMU_STRESS_SCALE:-1}
# build_abis SRC: g64 and g32, static, with threads.
build_abis() {
  cc_guest g64 "$1" -pthread || { fail "gcc cannot build $1"; finish; }
  cc_guest32 g32 "$1" -pthread
}
# check_abis SECONDS EXPECT ARGS...: run g64 natively, then g64 and g32 under emu,
# each with ARGS; each must exit 0 with stdout exactly EXPECT (a string made by the
# case from its design and SCALE) and emu must not report on itself.  Each run is
# started by GUEST_PREFIX (a command such as setpriv) where the case sets it.
# SECONDS is for SCALE 1 and grows with it.
GUEST_PREFIX=()
check_abis() {
  local secs=$1 want=$2 got rc run; shift 2
  local s=$((secs * EMU_TIMEOUT_SCALE * SCALE))
  for run in native g64 g32; do
    if [ $run = native ]; then
      timeout -k 3 $s "${GUEST_PREFIX[@]}" ./g64 "$@" >$run.out 2>$run.err
    else
      timeout -k 3 $s "${GUEST_PREFIX[@]}" "$EMU" ./$run "$@" >$run.out 2>$run.err
    fi
    rc=$?
    no_emu_crash $run.err
    got=$(cat $run.out)
    if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
      pass "$run: $(echo "$want" | head -1)"
    else
      fail "$run: status $rc, stdout '$(echo "$got" | head -5)' (want '$(echo "$want" | head -5)'), stderr: $(head -c 300 $run.err)"
    fi
  done
}
# fresh_uid: a uid drawn from 20000..59999, which no account here has, so that
# the per-user counts (RLIMIT_NPROC, RLIMIT_SIGPENDING) start from zero.  (The
# case's PID namespace hides the host's processes, so this cannot be checked.)
fresh_uid() { echo $((20000 + RANDOM % 40000)); }
