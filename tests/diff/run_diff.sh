#!/usr/bin/env bash
# run_diff.sh — run one program natively and under emu, compare stdout and exit status.
#
# Usage: run_diff.sh --emu EMU --scratch DIR [--timeout SECS] [--stdin FILE]
#                    [--setup SCRIPT] -- PROG [ARGS...]
#        run_diff.sh --shell [same options] -- 'BASH FRAGMENT'
#        [--vm-mask ERE]...  (from the program's diff-vm-mask: tags)
#        [--cpu-mask ERE]... (from diff-x87ptr-mask: tags, on a host whose CPU differs)
#        [--emu-arg ARG]...  (options for emu, from the program's diff-emu-args: tag)
#        [--ref-emu-arg ARG]...  (the reference half is emu too, with these options)
#
# With --ref-emu-arg the reference ("native") half is not the host's: it is emu run
# with exactly those options, and the other half emu with the --emu-arg ones.  The ctest label `unicorn` uses it to compare --cpu=unicorn with
# emu's interpreter (--cpu=interp) on every host, i386 programs included.
#
# Both runs get the same argv, the same fixed environment (env -i plus a few fixed
# variables), the same stdin (/dev/null unless --stdin), and the same scratch directory
# path as cwd: DIR is emptied and recreated before each run, and --setup SCRIPT (bash)
# is run in it first to lay out fixture files.  The test passes when stdout bytes and
# exit status are identical.  A status of 128+N means "killed by signal N" (as the
# shell reports it), so a guest that dies of SIGSEGV must make emu report 139 too.
#
# emu's own health is checked apart from the guest's: a sanitizer report on emu's
# stderr is always a failure, and so is emu dying of a signal the native run did not.
#
# With --shell the fragment runs under bash -c with pipefail, natively with EMU empty and
# then with EMU=<emu path>, so a fragment says where emu goes: `$EMU prog | sort`.  Only
# the processes the fragment starts with $EMU run under emu.
#
# The native half may come from the build's oracle instead of this host (a host that
# cannot run i386 programs): see tests/oracle/oracle.sh for EMU_ORACLE_RECORD (run the
# native half only and record it) and EMU_ORACLE_REF (compare with the record).  When
# the native half is the VM's, the text each --vm-mask ERE matches is replaced by
# "[vm-masked]" in both outputs before they are compared: what the VM's kernel
# (another version, another config) or its software CPU answers differently from the
# hardware and kernels emu is checked against natively, each named with its reason in
# the program's diff-vm-mask: tag (tests/diff/README.md).  Natively nothing is masked
# but what --cpu-mask names: fields the host CPU's model decides otherwise than the
# one emu implements, which CMake passes on a host its probe found to differ
# (diff-x87ptr-mask:); they become "[cpu-masked]" in both outputs, in every mode.
#
# Environment: EMU_DIFF_TIMEOUT_SCALE multiplies the timeout (the ASan build is slower);
# EMU_DIFF_KEEP=1 keeps the output files in DIR.out/ even when the test passes;
# EMU_DIFF_NO_PIDNS=1 runs without the PID namespace (see `sandbox` below).
# Exit status: 0 pass, 1 fail, 2 usage error, 77 skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../oracle/oracle.sh"
oracle_unserved # a test only this host could serve, and it cannot: say so, skip (77)
oracle_close_fds # the same descriptor numbers natively, under emu and in the VM

emu="" scratch="" timeout=60 stdin=/dev/null setup="" shell=0
vm_masks=()
cpu_masks=()
emu_args=()
ref_emu_args=()
while [ $# -gt 0 ]; do
  case "$1" in
  --emu) emu="$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --timeout) timeout="$2"; shift 2 ;;
  --stdin) stdin="$2"; shift 2 ;;
  --setup) setup="$2"; shift 2 ;;
  --shell) shell=1; shift ;;
  --vm-mask) vm_masks+=("$2"); shift 2 ;;
  --cpu-mask) cpu_masks+=("$2"); shift 2 ;;
  --emu-arg) emu_args+=("$2"); shift 2 ;;
  --ref-emu-arg) ref_emu_args+=("$2"); shift 2 ;;
  --) shift; break ;;
  *) echo "run_diff: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$emu" ] || [ -z "$scratch" ] || [ $# -lt 1 ]; then
  echo "usage: run_diff.sh --emu EMU --scratch DIR [--timeout S] [--stdin F] [--setup S] -- PROG [ARGS...]" >&2
  exit 2
fi
prog="$1"
if [ "$shell" = 0 ] && [ ! -x "$prog" ]; then
  echo "run_diff: FAIL: test program $prog was not built" >&2
  exit 1
fi
if [ ! -x "$emu" ] && [ "$(oracle_mode)" != record ]; then
  echo "run_diff: FAIL: emu ($emu) was not built" >&2
  exit 1
fi
scale="${EMU_DIFF_TIMEOUT_SCALE:-1}"
timeout=$(awk -v t="$timeout" -v s="$scale" 'BEGIN { printf "%d", t * s + 0.5 }')

scratch=$(realpath -m "$scratch")
outdir="$scratch.out"
rm -rf "$outdir"
mkdir -p "$outdir"
ulimit -c 0 # a guest that dies of a signal must not leave core files around

# The fixed environment: nothing from the caller leaks in, so both runs see the same.
fixed_env=(env -i PATH=/usr/bin:/bin HOME="$scratch" LANG=C LC_ALL=C TZ=UTC TERM=dumb
  USER=emu EMU_DIFF=1)

# Each run gets its own PID namespace (and a /proc for it) when the system allows it
# (root, or unprivileged user namespaces): a guest that goes wrong and calls kill(-1, sig)
# or kill(0, sig) -- e.g. fork returning -1 under a broken emu, then kill(pid, SIGTERM) --
# then reaches only its own processes, not every process of the user.  timeout(1) is the
# namespace's init, so the guest is never pid 1 (which would change its signal
# semantics), and everything left in the namespace dies with it.
sandbox=()
if [ "${EMU_DIFF_NO_PIDNS:-0}" != 1 ] &&
  unshare --pid --fork --kill-child --mount-proc true >/dev/null 2>&1; then
  sandbox=(unshare --pid --fork --kill-child --mount-proc)
fi

# run_one KIND CMD...: run in a fresh $scratch; stdout/stderr to $outdir/KIND.{out,err};
# sets $status to the shell-style exit status.
run_one() {
  local kind="$1"
  shift
  rm -rf "$scratch"
  mkdir -p "$scratch"
  if [ -n "$setup" ]; then
    if ! (cd "$scratch" && bash "$setup") >"$outdir/setup.log" 2>&1; then
      echo "run_diff: FAIL: setup script $setup failed:" >&2
      cat "$outdir/setup.log" >&2
      exit 1
    fi
  fi
  # timeout(1) reports a killed child as 128+N, like the shell; 124 means it timed out.
  (cd "$scratch" && exec ${sandbox[@]+"${sandbox[@]}"} "${fixed_env[@]}" timeout -k 5 "$timeout" "$@") \
    <"$stdin" >"$outdir/$kind.out" 2>"$outdir/$kind.err"
  status=$?
}

signame() { # 139 -> SIGSEGV
  local n=$(($1 - 128))
  local s
  s=$(kill -l "$n" 2>/dev/null) && echo "SIG$s" || echo "signal $n"
}

describe() { # 0 -> "exit 0", 139 -> "killed by SIGSEGV (139)", 124 -> timeout
  if [ "$1" -eq 124 ]; then
    echo "timed out after ${timeout}s (124)"
  elif [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
    echo "killed by $(signame "$1") ($1)"
  else
    echo "exit $1"
  fi
}

mode=$(oracle_mode)
if [ ${#ref_emu_args[@]} -gt 0 ]; then
  mode=native # the reference is emu itself: never the oracle's record
  run_one native "$emu" "${ref_emu_args[@]}" "$@"
  native_status=$status
elif [ "$mode" = replay ]; then
  oracle_need native.out native.err status
  cp "$EMU_ORACLE_REF/native.out" "$EMU_ORACLE_REF/native.err" "$outdir/"
  native_status=$(cat "$EMU_ORACLE_REF/status")
else
  if [ "$shell" = 1 ]; then
    run_one native env EMU= bash -o pipefail -c "$1"
  else
    run_one native "$@"
  fi
  native_status=$status
fi
if [ "$mode" = record ]; then
  oracle_put native.out "$outdir/native.out"
  oracle_put native.err "$outdir/native.err"
  oracle_put_value status "$native_status"
  rm -rf "$scratch" "$outdir"
  exit 0
fi
if [ "$native_status" -eq 124 ]; then
  echo "run_diff: FAIL: the native run timed out after ${timeout}s: the test itself is broken ($(oracle_where))" >&2
  exit 1
fi
if [ "$shell" = 1 ]; then
  # the fragment's $EMU is emu and its --emu-arg options (word-split where it is used)
  run_one emu env EMU="$emu${emu_args[@]+ ${emu_args[*]}}" bash -o pipefail -c "$1"
else
  run_one emu "$emu" ${emu_args[@]+"${emu_args[@]}"} "$@"
fi
emu_status=$status
rm -rf "$scratch"

# mask_outputs WORD ERE...: replace what each ERE matches by [WORD] in both outputs.
mask_outputs() {
  local word=$1 half
  shift
  for half in native emu; do
    mv "$outdir/$half.out" "$outdir/$half.unmasked"
    MASKS="$(printf '%s\n' "$@")" WORD="[$word]" awk '
      BEGIN { n = split(ENVIRON["MASKS"], re, "\n") }
      { for (i = 1; i <= n; i++) if (re[i] != "") gsub(re[i], ENVIRON["WORD"]); print }
    ' "$outdir/$half.unmasked" >"$outdir/$half.out"
  done
}
# Against the VM only: the program's diff-vm-mask: patterns (see the top).
if [ "$mode" = replay ] && [ ${#vm_masks[@]} -gt 0 ]; then
  mask_outputs vm-masked "${vm_masks[@]}"
  masked=$(grep -c '\[vm-masked\]' "$outdir/native.out")
  echo "run_diff: note: $masked line(s) masked against the oracle VM (diff-vm-mask: ${vm_masks[*]})"
fi
# On a host whose CPU model differs from emu's where the program looks (see the top).
if [ ${#cpu_masks[@]} -gt 0 ]; then
  mask_outputs cpu-masked "${cpu_masks[@]}"
  masked=$(grep -c '\[cpu-masked\]' "$outdir/native.out")
  echo "run_diff: note: $masked line(s) masked: this host's CPU differs from emu's model there (${cpu_masks[*]})"
fi

fail=0
why=()
if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' \
  "$outdir/emu.err"; then
  why+=("emu itself reported a sanitizer error (see emu stderr below)")
  fail=1
fi
if [ "$emu_status" -eq 124 ]; then
  why+=("emu timed out after ${timeout}s")
  fail=1
elif [ "$emu_status" -ne "$native_status" ]; then
  if [ "$emu_status" -gt 128 ] && [ "$emu_status" -lt 160 ] && [ "$native_status" -le 128 ]; then
    why+=("emu CRASHED: $(describe "$emu_status"), native: $(describe "$native_status")")
  else
    why+=("exit status differs: native $(describe "$native_status"), emu $(describe "$emu_status")")
  fi
  fail=1
fi
if ! cmp -s "$outdir/native.out" "$outdir/emu.out"; then
  why+=("stdout differs (--- native, +++ emu)")
  fail=1
fi

if [ "$fail" -eq 0 ]; then
  echo "run_diff: ok: $* ($(describe "$native_status"), $(wc -c <"$outdir/native.out") bytes of stdout; $(oracle_where))"
  [ "${EMU_DIFF_KEEP:-0}" = 1 ] || rm -rf "$outdir"
  exit 0
fi

echo "run_diff: FAIL: $* ($(oracle_where))"
for w in "${why[@]}"; do echo "  - $w"; done
if ! cmp -s "$outdir/native.out" "$outdir/emu.out"; then
  diff -u --text --label native --label emu "$outdir/native.out" "$outdir/emu.out" | head -n 60
  echo "  $(cmp "$outdir/native.out" "$outdir/emu.out" 2>&1 | head -n 1)"
fi
if [ -s "$outdir/emu.err" ]; then
  echo "--- emu stderr (last 30 lines):"
  tail -n 30 "$outdir/emu.err"
fi
if [ -s "$outdir/native.err" ]; then
  echo "--- native stderr (last 10 lines):"
  tail -n 10 "$outdir/native.err"
fi
echo "(outputs kept in $outdir)"
exit 1
