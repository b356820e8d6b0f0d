#!/usr/bin/env bash
# run.sh — the oracle VM, host side: bring the recorded native halves of the tests that
# a real kernel under qemu-system-x86_64 serves (tests/oracle/README.md) up to date.
#
# Usage: run.sh --dir ORACLE_DIR --source SRC_DIR [--manifest FILE] [--all]
#
# ORACLE_DIR (build/oracle) holds what CMake wrote: manifest.tsv, one line per test the
# VM serves, "NAME<TAB>FILES<TAB>COMMAND" (FILES: the build outputs the command needs;
# COMMAND: the test's own command, shell-quoted); probe/ (the host probes, which every
# batch also runs in the VM).  This script keeps there:
#   kernel/        Debian's cloud kernel (fetch_kernel.sh)
#   ref/NAME/      the record of one test (what its runner left, see oracle.sh), with
#                  key: the digest of everything the record depends on (the kernel, the
#                  command, the files, the runner scripts).  A record whose key still
#                  matches is current and is not made again.
#   vm.log         the VM's console of the last batch
#   summary.txt    what the last run did, with its timings
# Steps: pick the entries whose key changed (all with --all); lay out a root image
# (ext4, made by mke2fs -d without privileges) holding those entries' files, the
# source tree's tests/ and scripts/, and the host tools the runners use, all at their
# host paths; boot the kernel with a busybox initramfs (init.sh), which runs guest.sh;
# read the records back from the results disk.  One boot per batch.
#
# Exit status 0 when the VM ran the batch and its kernel passed the probes (a test whose
# runner failed in the VM fails on its own, with the reason); 1 otherwise, with why.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir="" src="" manifest="" all=0
while [ $# -gt 0 ]; do
  case "$1" in
  --dir) dir=$2; shift 2 ;;
  --source) src=$2; shift 2 ;;
  --manifest) manifest=$2; shift 2 ;;
  --all) all=1; shift ;;
  *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] && [ -n "$src" ] || { echo "usage: run.sh --dir ORACLE_DIR --source SRC_DIR [--manifest FILE] [--all]" >&2; exit 2; }
dir=$(realpath "$dir")
src=$(realpath "$src")
manifest=${manifest:-$dir/manifest.tsv}
t_start=$(date +%s.%N)
say() { echo "oracle: $*" | tee -a "$dir/summary.txt"; }
die() { echo "oracle: FAIL: $*" | tee -a "$dir/summary.txt"; exit 1; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
: >"$dir/summary.txt"

[ -f "$manifest" ] || die "no manifest $manifest (re-run cmake)"
qemu=$(command -v qemu-system-x86_64) ||
  die "qemu-system-x86_64 is missing: install qemu-system-x86 (sh scripts/deps.sh does)"
command -v mke2fs >/dev/null || die "mke2fs is missing: install e2fsprogs"
[ -x /bin/busybox ] && ! LC_ALL=C readelf -lW /bin/busybox 2>/dev/null | grep -q interpreter ||
  die "/bin/busybox (static) is missing: install busybox-static"
sh "$here/fetch_kernel.sh" "$dir/kernel" || die "no kernel to boot (see above)"
kpkg=$(cat "$dir/kernel/version")

# ---- which entries to record ----------------------------------------------------
# The runners' digest: every file of the source tree's tests/ that is not a test
# program's source (scripts, case lists, fixtures, inputs), and this folder.
runners=$(cd "$src/tests" && find . -type f ! -name '*.c' ! -name '*.S' ! -name '*.h' \
  ! -name '*.inc' ! -name '*.expected' -print0 | sort -z | xargs -0 sha256sum | sha256sum)
digest_files() { # the digest of each file (or every file under a directory)
  local f
  for f in "$@"; do
    if [ -d "$f" ]; then
      find "$f" -type f -print0 | sort -z | xargs -0 -r sha256sum
    elif [ -e "$f" ]; then
      sha256sum "$f"
    else
      echo "missing $f"
    fi
  done
}
mkdir -p "$dir/ref"
batch=$dir/batch.tsv
: >"$batch"
declare -A key
total=0 current=0
while IFS=$'\t' read -r name files cmd; do
  [ -n "$name" ] || continue
  total=$((total + 1))
  # shellcheck disable=SC2086
  k=$( { echo "$kpkg"; echo "$runners"; printf '%s\n' "$cmd"; digest_files $files; } | sha256sum | cut -d' ' -f1)
  key[$name]=$k
  if [ $all = 0 ] && [ -f "$dir/ref/$name/key" ] && [ "$(cat "$dir/ref/$name/key")" = "$k" ]; then
    current=$((current + 1))
    continue
  fi
  printf '%s\t%s\t%s\n' "$name" "$files" "$cmd" >>"$batch"
done <"$manifest"
todo=$(grep -c . "$batch")
say "$total tests served by the VM: $current records current, $todo to make"

# The probes run in every batch: the VM must serve every need the manifest relies on.
probes=""
for p in "$dir"/probe/*; do
  [ -x "$p" ] || continue
  n=$(basename "$p")
  # seg16 is never the VM's need (its kernel is built without CONFIG_X86_16BIT):
  # the tests that need it are native-only (oracle_native_only); x87ptr is no need
  # at all, only the host CPU's answer that decides diff-x87ptr-mask: tags.
  case "$n" in seg16 | x87ptr) continue ;; esac
  probes="$probes $n"
  printf 'oracle.probe.%s\t%s\t%s\n' "$n" "$p" "bash '$here/record_status.sh' '$p'" >>"$batch"
done
if [ "$todo" = 0 ] && [ -f "$dir/probes.ok" ] && [ "$(cat "$dir/probes.ok")" = "$kpkg" ]; then
  say "nothing to do ($kpkg)"
  exit 0
fi

# ---- the root image ---------------------------------------------------------------
t0=$(date +%s.%N)
stage=$dir/stage
rm -rf "$stage" "$dir/out"
root=$stage/root
mkdir -p "$root/oracle" "$root/etc" "$root/tmp"
for top in /bin /sbin /lib /lib32 /lib64 /libx32; do # merged /usr: the same symlinks
  if [ -L "$top" ]; then
    mkdir -p "$root$(readlink -f "$top")"
    ln -s "$(readlink "$top")" "$root$top"
  fi
done

# put PATH...: copy each path (a symlink, its target too) to the same place under root.
put() {
  local p t
  for p in "$@"; do
    [ -e "$p" ] || [ -L "$p" ] || continue
    [ -e "$root$p" ] || [ -L "$root$p" ] && continue
    mkdir -p "$root$(dirname "$p")" && cp -a "$p" "$root$(dirname "$p")/" ||
      { echo "oracle: cannot stage $p" >&2; continue; }
    if [ -L "$p" ]; then
      t=$(readlink -f "$p")
      [ -n "$t" ] && put "$t"
    fi
  done
}
# put_elf PATH...: put each, and the shared libraries it loads (the host's ldd).
put_elf() {
  local p
  put "$@"
  for p in "$@"; do
    ldd "$p" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'
  done | sort -u | while read -r lib; do put "$lib"; done
}
# The host tools the runners and the test fragments use, with their libraries.
tools=""
for pkg in coreutils bash grep sed mawk gawk diffutils findutils util-linux strace gzip \
  bzip2 tar procps debianutils; do
  tools="$tools $(dpkg -L "$pkg" 2>/dev/null | grep -E '^/(usr/)?s?bin/' || true)"
done
for t in awk readelf busybox bash-static timeout env setarch unshare setpriv; do
  p=$(command -v "$t") && tools="$tools $p"
done
# shellcheck disable=SC2086
put_elf $tools
put /etc/passwd /etc/group /etc/nsswitch.conf /etc/hosts /etc/alternatives/awk
# The i386 run time (ld.so, libc, libm, libgcc_s) for dynamic i386 programs.
put /lib/ld-linux.so.2
for f in /usr/lib32/*.so*; do put "$f"; done
# The source tree's runners, and every file the batch's entries name.
put "$src/tests" "$src/scripts"
is_elf64() { [ -f "$1" ] && [ "$(head -c 5 "$1" | od -An -tx1 | tr -d ' ')" = 7f454c4602 ]; }
cut -f2 "$batch" | tr ' ' '\n' | grep . | sort -u | while read -r f; do
  if is_elf64 "$f"; then put_elf "$f"; else put "$f"; fi # emu itself, for --lockstep
done
cp "$batch" "$root/oracle/batch.tsv"
cp "$here/guest.sh" "$root/oracle/guest.sh"
echo "$kpkg" >"$root/oracle/kernel-package"
uid=$(id -u) gid=$(id -g)
# With the host's capabilities too (a root in a container may lack CAP_SYS_RESOURCE...).
caps=$(awk '$1 == "CapEff:" { print $2 }' /proc/self/status)
printf 'uid=%s\ngid=%s\ncaps=%s\n' "$uid" "$gid" "${caps:-}" >"$root/oracle/user"
# The host's resource limits (soft and hard), which the tests see and print (NOFILE,
# core size, message-queue bytes...): the entries run under the same ones.
for r in c d f l n q s u v i; do
  printf 'oracle_limit %s %s %s\n' "$r" "$(ulimit -S -$r)" "$(ulimit -H -$r)"
done >"$root/oracle/limits"

size=$(( $(du -sm "$stage/root" | cut -f1) + 2048 ))
rm -f "$stage/root.ext4"
mke2fs -q -F -t ext4 -L oracle -E lazy_itable_init=1,lazy_journal_init=1 -d "$root" \
  "$stage/root.ext4" "${size}M" || die "mke2fs could not make the root image"
truncate -s 1G "$stage/results.img" # sparse
# The initramfs: a static busybox and init.sh, as a newc cpio.
mkdir -p "$stage/initrd/bin"
cp /bin/busybox "$stage/initrd/bin/busybox"
cp "$here/init.sh" "$stage/initrd/init"
(cd "$stage/initrd" && find . | /bin/busybox cpio -o -H newc 2>/dev/null) >"$stage/initrd.cpio"
rm -rf "$root" "$stage/initrd"
say "root image: $(du -sm "$stage/root.ext4" | cut -f1) MiB in use, made in $(since "$t0") s"

# ---- boot ------------------------------------------------------------------------
cpus=$(nproc)
[ "$cpus" -gt 8 ] && cpus=8
vm_timeout=${EMU_ORACLE_VM_TIMEOUT:-2400}
t0=$(date +%s.%N)
# -smap: QEMU 7.2's TCG pushes a far call's return address with supervisor rights, which
# SMAP turns into a kernel oops (seen with lcall from 64-bit code to CS 0x23).
# -la57: four-level paging, as on the hosts and in emu: a 47-bit user address space
# (TASK_SIZE_MAX 0x7ffffffff000).  With LA57 the kernel's access_ok admits 0x800000000000
# and mmap serves hints above 47 bits.
cpu_model=${EMU_ORACLE_VM_CPU:-max,-smap,-la57}
# More than 4 GiB, as on the hosts: an i386 sysinfo() then scales its counts (mem_unit
# 4096) as it does there.  Guest memory is only allocated when touched.
mem=6144
# The kernel's options: the TSC as the clock, so the vDSO serves clock_gettime without a
# system call (as on hardware; strace logs would differ); the vsyscall page execute-only,
# the mainline default (Debian's cloud kernel defaults to none).
kargs="console=ttyS0 quiet panic=-1 rdinit=/init mitigations=off clocksource=tsc tsc=reliable"
kargs="$kargs vsyscall=xonly"
timeout -k 10 "$vm_timeout" "$qemu" -M pc -cpu "$cpu_model" -accel tcg,thread=multi -smp "$cpus" -m "$mem" \
  -nodefaults -no-user-config -display none -serial stdio -monitor none -no-reboot \
  -kernel "$dir/kernel/vmlinuz" -initrd "$stage/initrd.cpio" \
  -append "$kargs ${EMU_ORACLE_VM_ARGS:-} oracle.hostname=$(uname -n)" \
  -drive file="$stage/root.ext4",if=none,id=root,format=raw \
  -device nvme,serial=root,drive=root \
  -drive file="$stage/results.img",if=none,id=results,format=raw \
  -device nvme,serial=results,drive=results \
  </dev/null >"$dir/vm.log" 2>&1
qrc=$?
t_vm=$(since "$t0")
[ $qrc = 124 ] && die "the VM did not finish within ${vm_timeout}s (EMU_ORACLE_VM_TIMEOUT); its console: $dir/vm.log"
mkdir -p "$dir/out"
tar -xf "$stage/results.img" -C "$dir" 2>/dev/null
rm -f "$stage/root.ext4"
if [ ! -f "$dir/out/.complete" ]; then
  tail -n 30 "$dir/vm.log" | sed 's/^/  vm: /'
  die "the VM wrote no complete results (qemu status $qrc); its console: $dir/vm.log"
fi
say "VM: $kpkg, qemu $("$qemu" --version | awk 'NR == 1 { print $4 }') TCG -cpu $cpu_model, $cpus CPUs: boot and batch in $t_vm s ($(cat "$dir/out/batch.summary" | sed 's/^oracle: //'))"

# ---- the records -----------------------------------------------------------------
bad=0
for n in $probes; do
  st=$(cat "$dir/out/oracle.probe.$n/status" 2>/dev/null)
  if [ "$st" = 42 ]; then
    say "the VM's kernel serves '$n'"
  else
    say "FAIL: the VM's kernel does not serve '$n' (probe status ${st:-none}; see $dir/out/oracle.probe.$n/runner.log)"
    bad=1
  fi
done
[ $bad = 0 ] && echo "$kpkg" >"$dir/probes.ok"
made=0 failed=0
while IFS=$'\t' read -r name files cmd; do
  case "$name" in oracle.probe.*) continue ;; esac
  rm -rf "$dir/ref/$name"
  if [ ! -d "$dir/out/$name" ]; then
    failed=$((failed + 1))
    say "no record for $name"
    continue
  fi
  mv "$dir/out/$name" "$dir/ref/$name"
  if grep -q '^runner status 0$' "$dir/ref/$name/runner.status" 2>/dev/null; then
    echo "${key[$name]}" >"$dir/ref/$name/key"
    made=$((made + 1))
  else
    failed=$((failed + 1)) # the test reports the runner's own words (oracle_need)
    say "the runner of $name failed in the VM: $(tail -n 3 "$dir/ref/$name/runner.log" | tr '\n' ' ')"
  fi
done <"$batch"
slow=$(cut -f1 "$batch" | while read -r name; do
  f=$dir/ref/$name/seconds
  [ -f "$f" ] && printf '%s %s\n' "$(cat "$f")" "$name"
done | sort -rn | head -n 3 | awk '{ printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1 }')
say "$made records made, $failed failed; slowest: $slow; in all $(since "$t_start") s"
rm -rf "$dir/out"
exit $bad
