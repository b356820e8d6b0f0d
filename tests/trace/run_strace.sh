#!/usr/bin/env bash
# run_strace.sh — golden test of `emu -o FILE` (the system-call log) against real
# `strace -f -o FILE` of the same static program run natively.
#
# Usage: run_strace.sh [--tasks] [--real] [--opts 'OPTS'] --emu EMU --scratch DIR -- PROG [ARGS...]
#
# --real: the other half is not emu's log but real strace run *under* emu (emu
# STRACE -o FILE PROG, both emulated: the tracer's ptrace requests and the tracee's
# stops are emu's, src/kernel/ptrace.c); with --tasks, strace -f (the fork, vfork and
# clone events); the two logs are normalised as below and must be identical.
#
# --opts: strace's options that shape the log (-y, -s N, -t/-tt/-ttt, -r, -T, -c, -C),
# given to both, strace and emu.  Their values that differ between two runs are masked:
# the times (-t... as TOD/EPOCH, -r as REL, -T as <T>), the inode numbers of -y's
# "pipe:[N]"/"socket:[N]", -y's path of each run's own stderr file (<LOG>); -c's table
# keeps its calls, errors and names, its rows sorted by name (the order is by time).
#
# --tasks: a program of several tasks (threads, child processes).  Real strace then
# writes to stderr (-q: without its "attached" notes), where it prints "[pid N] " as
# emu's log does: on every line while more than one task is traced.  Which task runs
# when is up to the scheduler in both runs, so the logs are compared task by task:
# each task's lines in order, a line left "<unfinished ...>" joined with its
# "<... NAME resumed>" rest, the tasks numbered in the order they were created (T0 the
# first; a line without a prefix is T0's) and every pid and tid of the run shown as
# PID wherever it appears.  A child's lines without the prefix, or a prefix on the
# first task's lines while it is alone, show as a difference.
#
# Both runs get the same argv, the same fixed environment (env -i plus a few fixed
# variables, so the execve line's "/* N vars */" agrees), stdin and stdout /dev/null, and
# DIR (emptied first) as cwd.  The two logs are normalised, then must be identical, and
# the exit statuses must agree.
#
# The masks, each for a value that legitimately differs between two runs:
#   - the pid prefix: `strace -f -o` writes "PID " before every line, emu writes
#     "[pid N] " only once there is more than one task;
#   - the padding before " = " (strace pads to column 40 counting that prefix);
#   - every hex number 0x...: addresses (stack, brk, mmap, TLS) differ between runs and
#     between the kernel's layout and emu's;
#   - getrandom's bytes;
#   - pids and tids: the results of getpid/gettid/getppid/set_tid_address, the pid
#     (and tid) that kill/tkill/tgkill/rt_sigqueueinfo/rt_tgsigqueueinfo/kcmp are given, and
#     si_pid in the "--- SIGxxx {...} ---" lines (the sender, this process);
#   - System V IPC ids (the kernel numbers them with a sequence count): the results of
#     shmget/semget/msgget and the id the other shm/sem/msg calls are given;
#   - the time-dependent fields: getrusage's ru_utime/ru_stime, times' tms_* and its
#     result (clock ticks since boot), every number of sysinfo;
#   - si_utime and si_stime of a SIGCHLD (the child's CPU time, in clock ticks, and
#     strace's comment of it in seconds);
#   - the time read by clock_gettime/clock_gettime64/gettimeofday/time (seconds and
#     nanoseconds);
#   - uname's nodename is kept: both run on the same host.
# The native half may come from the build's oracle (tests/oracle/oracle.sh): in the oracle
# VM (EMU_ORACLE_RECORD) only the strace run happens, and its log and status are kept;
# with EMU_ORACLE_REF the test compares emu's log with that record.
# Exit status: 0 pass, 1 fail, 2 usage error, 77 skipped (no strace, or ptrace refused).
set -u
. "$(cd "$(dirname "$0")" && pwd)/../oracle/oracle.sh"
oracle_close_fds # the same descriptor numbers natively, under emu and in the VM
mode=$(oracle_mode)
emu="" scratch="" tasks=0 real=0
vm_masks=() opts=()
while [ $# -gt 0 ]; do
  case "$1" in
  --tasks) tasks=1; shift ;;
  --real) real=1; shift ;;
  --emu) emu="$2"; shift 2 ;;
  --vm-mask) vm_masks+=("$2"); shift 2 ;;
  --opts) read -ra opts <<<"$2"; shift 2 ;;
  --scratch) scratch="$2"; shift 2 ;;
  --) shift; break ;;
  *) echo "run_strace.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$emu" ] && [ -n "$scratch" ] && [ $# -ge 1 ] || { echo "usage: run_strace.sh --emu EMU --scratch DIR -- PROG [ARGS...]" >&2; exit 2; }
prog="$1"
[ -x "$prog" ] || { echo "SKIP: $prog was not built (no compiler for this variant?)"; exit 77; }
if [ "$mode" != replay ]; then
  command -v strace >/dev/null || { echo "SKIP: strace is not installed"; exit 77; }
  strace -f -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace here (ptrace refused)"; exit 77; }
fi

rm -rf "$scratch" && mkdir -p "$scratch" || exit 2
out="$scratch.out"
rm -rf "$out" && mkdir -p "$out" || exit 2
ENV=(env -i PATH=/usr/bin:/bin HOME=/ LANG=C TZ=UTC)
ulimit -c 0 # "+++ killed by SIGSEGV +++" without "(core dumped)" in both runs

if [ "$mode" = replay ]; then
  oracle_need native.raw status
  cp "$EMU_ORACLE_REF/native.raw" "$out/native.raw"
  nst=$(cat "$EMU_ORACLE_REF/status")
else
  if [ $tasks = 1 ]; then
    ( cd "$scratch" && "${ENV[@]}" strace -f -q ${opts[@]+"${opts[@]}"} "$@" </dev/null >/dev/null 2>"$out/native.raw" )
  else
    ( cd "$scratch" && "${ENV[@]}" strace -f ${opts[@]+"${opts[@]}"} -o "$out/native.raw" "$@" </dev/null >/dev/null 2>"$out/native.err" )
  fi
  nst=$?
fi
if [ "$mode" = record ]; then
  oracle_put native.raw "$out/native.raw"
  oracle_put_value status "$nst"
  rm -rf "$out" "$scratch"
  exit 0
fi
rm -rf "$scratch" && mkdir -p "$scratch" || exit 2
if [ $real = 1 ]; then
  st=$(command -v strace) || { echo "SKIP: strace is not installed"; exit 77; }
  if [ $tasks = 1 ]; then
    # To a file, not stderr, which is emu's too (a sanitizer build's notes): its
    # "PID " prefixes made the "[pid N] " ones of strace's stderr (by_task below
    # takes a line without one as the first task's, as strace's first lines are).
    ( cd "$scratch" && "${ENV[@]}" "$emu" "$st" -f -q ${opts[@]+"${opts[@]}"} -o "$out/emu.o" "$@" </dev/null >/dev/null 2>"$out/emu.err" )
    est=$?
    sed -E 's/^([0-9]+) +/[pid \1] /' "$out/emu.o" >"$out/emu.raw"
    (exit $est)
  else
    ( cd "$scratch" && "${ENV[@]}" "$emu" "$st" ${opts[@]+"${opts[@]}"} -o "$out/emu.raw" "$@" </dev/null >/dev/null 2>"$out/emu.err" )
  fi
else
  ( cd "$scratch" && "${ENV[@]}" "$emu" -s ${opts[@]+"${opts[@]}"} -o "$out/emu.raw" "$@" </dev/null >/dev/null 2>"$out/emu.err" )
fi
est=$?

# --tasks: the log regrouped task by task (see the header).
by_task() {
  perl -e '
    my (@lines, %child, %ord, %pend, %out);
    my $spawn = qr/^(?:<\.\.\. )?(?:clone3?|fork|vfork)\b.*\) += (\d+)$/;
    while (<>) {
      chomp;
      my $pid = s/^\[pid +(\d+)\] // ? $1 : "";
      push @lines, [$pid, $_];
      $child{$1} = 1 if $_ =~ $spawn;
    }
    # T0: the task that is no child (a line without a prefix is its).
    my $first = "";
    for (@lines) { if ($_->[0] ne "" && !$child{$_->[0]}) { $first = $_->[0]; last; } }
    my $n = 0;
    $ord{$first} = 0;
    for (@lines) { $ord{$1} = ++$n if $_->[1] =~ $spawn && !exists $ord{$1}; }
    my $pids = join("|", grep { $_ ne "" } keys %ord);
    for (@lines) {
      my ($p, $t) = @$_;
      $p = $first if $p eq "";
      my $k = $ord{$p} // 99;
      if ($t =~ /^<\.\.\. \w+ resumed>(.*)$/ && exists $pend{$k}) {
        $t = $pend{$k} . $1;
        delete $pend{$k};
      }
      if ($t =~ s/ <unfinished \.\.\.>$//) { $pend{$k} = $t; next; }
      $t =~ s/\b(?:$pids)\b/PID/g if $pids ne "";
      push @{$out{$k}}, $t;
    }
    push @{$out{$_}}, "$pend{$_} <unfinished ...>" for keys %pend;
    for my $k (sort { $a <=> $b } keys %out) { print "== T$k\n"; print "$_\n" for @{$out{$k}}; }
  ' "$1"
}

# -c/-C: the table's rows without their times, sorted by name within each table.
count_table() {
  perl -e '
    my ($in, @rows) = (0);
    while (<>) {
      if (/^-{6} /) { if ($in) { print sort @rows; @rows = (); } $in = !$in; print; next; }
      if ($in && s/^ *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{6} +[0-9]+ +/ROW /) { push @rows, $_; next; }
      s/^ *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{6} +[0-9]+ +/TOTAL / if /total$/;
      print;
    }
  ' "$1"
}

normalise() {
  if [ $tasks = 1 ] && ! printf '%s\n' ${opts[@]+"${opts[@]}"} | grep -qx -- '-c'; then
    by_task "$1"
  else
    count_table "$1"
  fi | sed -E \
    -e 's/^[0-9]+ +//' \
    -e 's/^\[pid +[0-9]+\] //' \
    -e 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})? /TOD /' \
    -e 's/^[0-9]{9,}\.[0-9]{6} /EPOCH /' \
    -e 's/^((TOD|EPOCH) )?(\(\+ *| *)[0-9]+\.[0-9]{6}\)? /\1REL /' \
    -e 's/^(((TOD|EPOCH|REL) )+)/\1\n/' \
    -e 's/ <[0-9]+\.[0-9]{6}>$/\n<T>/' | sed -E \
    -e 's/(pipe|socket):\[[0-9]+\]>/\1:[INODE]>/g' \
    -e 's/<[^<>]*\/(native|emu)\.(err|raw)>/<LOG>/g' \
    -e 's/\)  +=/) =/' \
    -e 's/0x[0-9a-f]+/ADDR/g' \
    -e 's/^getrandom\("[^"]*"/getrandom("RANDOM"/' \
    -e 's/^(getpid|gettid|getppid|set_tid_address)\((.*)\) = [0-9]+$/\1(\2) = PID/' \
    -e 's/^(kill|tgkill|tkill|rt_sigqueueinfo|rt_tgsigqueueinfo)\([0-9]+,/\1(PID,/' \
    -e 's/^(tgkill|rt_tgsigqueueinfo)\(PID, [0-9]+,/\1(PID, PID,/' \
    -e 's/^kcmp\([0-9]+, [0-9]+,/kcmp(PID, PID,/' \
    -e 's/^(shmget|semget|msgget)\((.*)\) = [0-9]+$/\1(\2) = IPCID/' \
    -e 's/^(shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\([0-9]+,/\1(IPCID,/' \
    -e '/^--- /s/si_pid=[0-9]+/si_pid=PID/' \
    -e '/^getrusage\(/s/(tv_sec|tv_usec)=[0-9]+/\1=N/g' \
    -e '/^times\(/s/=[0-9]+/=N/g' -e 's/^(times\(.*\)) = [0-9]+$/\1 = N/' \
    -e '/^times\(/s| /\* [0-9.]+ s \*/||g' \
    -e '/^sysinfo\(/s/([=[]|, )[0-9]+/\1N/g' \
    -e '/^(clock_gettime|clock_gettime64|gettimeofday)\(/s/(tv_sec|tv_nsec|tv_usec)=[0-9]+/\1=N/g' \
    -e 's/^time\((.*)\) = [0-9]+$/time(\1) = N/' \
    -e '/^--- SIGCHLD/s/si_(utime|stime)=[0-9]+( \/\* [0-9.]+ s \*\/)?/si_\1=N/g'
}
normalise "$out/native.raw" >"$out/native.txt"
normalise "$out/emu.raw" >"$out/emu.txt"
# Against the VM only: the program's strace-vm-mask: patterns (ERE as awk reads them)
# become [vm-masked] in both logs: what the VM's kernel (Linux 6.1, two CPUs) answers
# differently from the host's kernel, to which emu hands these calls.
if [ "$mode" = replay ] && [ ${#vm_masks[@]} -gt 0 ]; then
  for half in native emu; do
    VM_MASKS="$(printf '%s\n' "${vm_masks[@]}")" awk '
      BEGIN { n = split(ENVIRON["VM_MASKS"], re, "\n") }
      { for (i = 1; i <= n; i++) if (re[i] != "") gsub(re[i], "[vm-masked]"); print }
    ' "$out/$half.txt" >"$out/$half.masked" && mv "$out/$half.masked" "$out/$half.txt"
  done
  echo "note: $(grep -c '\[vm-masked\]' "$out/native.txt") line(s) masked against the oracle VM (strace-vm-mask: ${vm_masks[*]})"
fi

fail=0
oracle_where
if ! diff -u "$out/native.txt" "$out/emu.txt" >"$out/diff.txt"; then
  echo "FAIL: the logs differ (- native strace, + emu):"
  cat "$out/diff.txt"
  fail=1
fi
if [ "$nst" != "$est" ]; then
  echo "FAIL: exit status native $nst, emu $est"
  cat "$out/emu.err"
  fail=1
fi
[ $fail = 0 ] && [ -z "${KEEP:-}" ] && rm -rf "$out" "$scratch"
exit $fail
