# oracle.sh — sourced by the test runners (run_diff.sh, run_strace.sh, run_golden.sh,
# run_lockstep.sh): where the native half of a comparison comes from.
#
# A runner compares emu's run of a program with the program's run on a real Linux
# kernel.  Usually that is the host: the runner runs the program natively.  Where the
# host cannot (a kernel without IA-32 emulation cannot run i386 programs), the build's
# oracle (tests/oracle/README.md) runs the native half inside a real kernel booted under
# qemu-system-x86_64 and records it; the runner then reads the record instead.  The
# runner never knows more than these two variables say:
#
#   EMU_ORACLE_RECORD=DIR   set inside the oracle VM: run the native half only, leave
#                           its results in DIR (oracle_put), and exit 0
#   EMU_ORACLE_REF=DIR      set by ctest on the host for a test the VM serves: take the
#                           native half from DIR (oracle_get) instead of running it
#
# Neither set: run natively, as always.  A third variable marks a test that needs the
# host itself, which this host cannot be:
#
#   EMU_ORACLE_UNSERVED=WHY set by ctest: the runner calls oracle_unserved first, which
#                           prints WHY and exits 77 (ctest counts and lists it as skipped)

oracle_unserved() {
  if [ -n "${EMU_ORACLE_UNSERVED:-}" ]; then
    echo "SKIPPED: $EMU_ORACLE_UNSERVED"
    exit 77
  fi
}

oracle_mode() {
  if [ -n "${EMU_ORACLE_RECORD:-}" ]; then
    echo record
  elif [ -n "${EMU_ORACLE_REF:-}" ]; then
    echo replay
  else
    echo native
  fi
}

# oracle_put NAME FILE: keep FILE in the record under NAME (recording only).
oracle_put() {
  mkdir -p "$EMU_ORACLE_RECORD" && cp -- "$2" "$EMU_ORACLE_RECORD/$1"
}

# oracle_put_value NAME VALUE: keep a short value (an exit status) in the record.
oracle_put_value() {
  mkdir -p "$EMU_ORACLE_RECORD" && printf '%s\n' "$2" >"$EMU_ORACLE_RECORD/$1"
}

# oracle_need NAME...: check that the record holds every NAME; if one is missing the
# test fails here and says why (a reference that is missing is never a pass).  After it,
# the runner reads "$EMU_ORACLE_REF/NAME" directly.
oracle_need() {
  local n
  for n in "$@"; do
    [ -f "$EMU_ORACLE_REF/$n" ] && continue
    echo "FAIL: the oracle recorded no '$n' for this test (looked in $EMU_ORACLE_REF)."
    echo "  The native half of this test runs in the oracle VM: see the output of the"
    echo "  test oracle.vm and its log, $(dirname "$(dirname "$EMU_ORACLE_REF")")/vm.log"
    exit 1
  done
}

# oracle_where: one line for the test's output saying where the native half came from.
oracle_where() {
  case "$(oracle_mode)" in
  replay) echo "native half: recorded in the oracle VM ($(cat "$EMU_ORACLE_REF/kernel" 2>/dev/null || echo 'a real kernel'))" ;;
  *) echo "native half: this host" ;;
  esac
}

# oracle_close_fds: close every descriptor above 2 that the runner inherited (ctest
# leaves some open), so that the program gets the same descriptor numbers on the host,
# under emu and in the oracle VM.  Bash's own script descriptor (255) stays.
oracle_close_fds() {
  local f n
  for f in /proc/$$/fd/*; do
    n=${f##*/}
    [ "$n" -gt 2 ] && [ "$n" -lt 255 ] && eval "exec $n>&-" 2>/dev/null
  done
  return 0
}
