#!/usr/bin/env bash
# guest.sh — runs inside the oracle VM (chroot into the root image, started by init.sh):
# every entry of /oracle/batch.tsv ("NAME<TAB>FILES<TAB>COMMAND", one test each) with
# EMU_ORACLE_RECORD=/oracle/out/NAME, so the test's runner runs its native half only
# and records it there (tests/oracle/oracle.sh).  The entries run in parallel, one
# worker per CPU; each leaves its runner's own output in NAME/runner.log, the kernel's
# name in NAME/kernel and its wall time in NAME/seconds.  Progress goes to the console.
# The entries run as the user who runs the tests on the host (/oracle/user), so that
# the files they make have the same owner as on the host.
set -u
batch=/oracle/batch.tsv
out=/oracle/out
kernel="$(uname -s) $(uname -r) ($(cat /oracle/kernel-package 2>/dev/null))"
workers=$(nproc)
total=$(grep -c . "$batch")
start=$(date +%s.%N)
. /oracle/user
# The host's resource limits: soft down first, then hard, then soft (either may rise).
oracle_limit() {
  ulimit -S "-$1" "$2" 2>/dev/null
  ulimit -H "-$1" "$3" 2>/dev/null
  ulimit -S "-$1" "$2" 2>/dev/null || echo "oracle: cannot set limit -$1 to $2/$3"
}
[ -f /oracle/limits ] && . /oracle/limits
# A software CPU: give each native run more time than on the host.
export EMU_DIFF_TIMEOUT_SCALE=5
as_user=()
if [ "$uid" != 0 ]; then
  as_user=(setpriv "--reuid=$uid" "--regid=$gid" --init-groups)
elif [ -n "${caps:-}" ]; then
  # Root, with the host root's capabilities only: drop the others from the bounding
  # set (setpriv --list-caps names them in the order of their numbers).
  drop="" i=0
  mapfile -t names <<<"$(setpriv --list-caps)"
  for cap in "${names[@]}"; do
    [ $(((0x$caps >> i) & 1)) = 0 ] && drop="$drop,-$cap"
    i=$((i + 1))
  done
  [ -n "$drop" ] && as_user=(setpriv "--bounding-set=${drop#,}")
fi

run_entry() {
  local name=$1 cmd=$2 t0 t1 rc
  mkdir -p "$out/$name"
  t0=$(date +%s.%N)
  chown "$uid:$gid" "$out/$name"
  EMU_ORACLE_RECORD="$out/$name" ${as_user[@]+"${as_user[@]}"} bash -c 'cd / && eval "$1"' oracle "$cmd" \
    >"$out/$name/runner.log" 2>&1 </dev/null
  rc=$?
  echo "runner status $rc" >"$out/$name/runner.status"
  # A runaway native run (a loop printing forever until its timeout) must not fill the
  # results disk: cut any file of the record at 16 MiB, which no passing test reaches.
  find "$out/$name" -type f -size +16M -exec truncate -s 16M {} + -exec \
    sh -c 'echo "oracle: truncated $1 at 16 MiB" >>"${1%/*}/runner.log"' sh {} \;
  t1=$(date +%s.%N)
  printf '%s\n' "$kernel" >"$out/$name/kernel"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' >"$out/$name/seconds"
  echo "oracle: $name: runner status $rc, $(cat "$out/$name/seconds") s"
}

worker() { # worker K: the entries whose line number is K modulo the number of workers
  local k=$1 i=0 name files cmd
  while IFS=$'\t' read -r name files cmd; do
    if [ $((i % workers)) = "$k" ] && [ -n "$name" ]; then
      run_entry "$name" "$cmd"
    fi
    i=$((i + 1))
  done <"$batch"
}

echo "oracle: $total entries, $workers workers, $kernel"
for ((k = 0; k < workers; k++)); do
  worker "$k" &
done
wait
awk -v a="$start" -v b="$(date +%s.%N)" -v n="$total" \
  'BEGIN { printf "oracle: %d entries in %.1f s\n", n, b - a }' | tee "$out/batch.summary"
touch "$out/.complete"
