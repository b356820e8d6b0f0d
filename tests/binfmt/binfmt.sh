#!/usr/bin/env bash
# binfmt.sh EMU BIN SCRATCH — emu --binfmt install → run → remove, as a user of a host
# without IA-32 emulation would: ./who32 (and, with --x86-64, ./who64) started by the
# kernel, from a shell and a script, must run under emu (CPUID says "emu virtual CPU")
# with argv[0] kept, the exit status and the death by signal passed on; after remove,
# the kernel is back to its own answer.  Everything happens in a user namespace with a
# binfmt_misc of its own (Linux 6.7+), so the host's registrations are never touched;
# the test checks that too.  Exit 77 (a counted skip) where no such binfmt_misc exists.
set -u
emu=$(realpath "$1") bin=$(realpath "$2") scratch=$3
BFM=/proc/sys/fs/binfmt_misc
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect WHAT WANT GOT
expect() { [ "$2" = "$3" ] && echo "ok: $1" || fail "$1: want [$2], got [$3]"; }
has() { case "$3" in *"$2"*) echo "ok: $1" ;; *) fail "$1: want [$2] in [$3]" ;; esac; }
hasnt() { case "$3" in *"$2"*) fail "$1: [$2] must not be in [$3]" ;; *) echo "ok: $1" ;; esac; }

if [ "${BINFMT_SANDBOX:-}" != 1 ]; then
  rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
  # Not root: one clear message, no change.
  if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$emu" --binfmt install 2>&1)
    rc=$?
  else
    out=$("$emu" --binfmt install 2>&1)
    rc=$?
  fi
  expect "install as a user fails" 1 "$rc"
  has "install as a user says why" "needs root" "$out"
  before=$(ls "$BFM" 2>&1)
  BINFMT_SANDBOX=1 timeout 240 unshare --user --map-root-user --mount --pid --fork --kill-child \
    --mount-proc \
    bash "$0" "$@"
  rc=$?
  after=$(ls "$BFM" 2>&1)
  expect "the host's binfmt_misc is as it was" "$before" "$after"
  [ "$rc" = 77 ] && exit 77
  [ "$rc" = 0 ] || fails=$((fails + 1))
  [ "$fails" = 0 ] && echo "binfmt: all checks passed" && exit 0
  echo "binfmt: $fails check(s) failed"
  exit 1
fi

# In the sandbox: root of a new user namespace, with its own mount namespace.
if ! err=$(mount -t binfmt_misc binfmt_misc "$BFM" 2>&1); then
  echo "SKIPPED: binfmt_misc cannot be mounted in a user namespace here ($err): it needs" \
    "Linux 6.7 or later; emu --binfmt itself works on any kernel, as root"
  exit 77
fi
cd "$scratch" || exit 1
cp "$bin/who32" "$bin/who64" . || exit 1
# The kernel's own answer for who32: Exec format error, or a run on the host's CPU.
first32() { ./who32 2>&1 | head -1 | sed 's/line [0-9]*: //'; }
native32=$(first32)
native64=$(./who64 | head -1)
hasnt "natively, who64 runs on the host CPU" "emu virtual CPU" "$native64"

out=$("$emu" --binfmt status)
expect "status before install: exit 1" 1 "$?"
has "status before install" "emu-i386: not registered" "$out"

out=$("$emu" --binfmt install 2>&1)
expect "install: exit 0" 0 "$?"
has "install says what it registered" "registered emu-i386: i386 ELF executables now run under $emu (flags PF)" "$out"
out=$("$emu" --binfmt status)
expect "status after install: exit 0" 0 "$?"
has "status after install" "emu-i386: enabled, i386 ELF executables run under $emu (flags PF)" "$out"
has "status: the entry's flags" "flags: PF" "$(cat $BFM/emu-i386)"

out=$(./who32 one 'two words' 2>&1)
expect "./who32 runs under emu" "bits 32 cpu 'emu virtual CPU'
argv[0] ./who32
argv[1] one
argv[2] two words" "$out"
out=$(bash -c 'exec -a custom-name ./who32 exit' 2>&1)
expect "argv[0] is preserved (P flag), exit status passed on" "bits 32 cpu 'emu virtual CPU'
argv[0] custom-name
argv[1] exit 7" "$out $?"
out=$(PATH="$scratch:$PATH" bash -c 'who32 x' | sed -n 2p)
expect "found through \$PATH, argv[0] as typed" "argv[0] who32" "$out"
printf '#!/bin/sh\n./who32 from-script | head -1\n' >script.sh && chmod +x script.sh
expect "an i386 program a script starts" "bits 32 cpu 'emu virtual CPU'" "$(./script.sh)"
err=$(bash -c './who32 kill; echo after' 2>&1 >/dev/null)
has "death by signal reaches the parent as a signal" "User defined signal 1" "$err"
hasnt "emu itself says nothing" "emu" "$err"

out=$("$emu" --binfmt install --x86-64 2>&1)
expect "install --x86-64: exit 0" 0 "$?"
has "install --x86-64" "registered emu-x86_64: x86-64 ELF executables now run under $emu" "$out"
expect "./who64 runs under emu" "bits 64 cpu 'emu virtual CPU'" "$(./who64 | head -1)"
/bin/true
expect "a dynamic host program (/bin/true) still starts, under emu" 0 "$?"
"$emu" --version >/dev/null
expect "emu itself is not taken by the x86-64 rule" 0 "$?"

out=$("$emu" --binfmt remove 2>&1)
expect "remove" "emu: removed emu-i386
emu: removed emu-x86_64" "$out"
out=$("$emu" --binfmt status)
expect "status after remove: exit 1" 1 "$?"
has "status after remove" "emu-i386: not registered" "$out"
expect "who64 is the host's again" "$native64" "$(./who64 | head -1)"
expect "who32 is the kernel's again" "$native32" "$(first32)"
expect "remove again: nothing to do" "emu: no emu entries were registered" "$("$emu" --binfmt remove)"
[ "$fails" = 0 ]
