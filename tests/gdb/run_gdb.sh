#!/bin/bash
# run_gdb.sh — emu's GDB stub (-g) against real gdb in batch mode.
#   run_gdb.sh EMU PROG SRC BITS
# PROG is tests/gdb/prog.c built static with -g for BITS (64 or 32).  Each
# scenario starts `emu -g 0 PROG` (emu picks a free port and prints it, so
# parallel tests never collide), runs gdb against it under a timeout and
# checks what gdb prints against the truth: line numbers from the MARK
# comments in SRC, constants the program sets, the kernel's selectors.
# Exit 0 pass, 1 fail, 77 skip (no gdb, no program).
set -u
EMU=$1 PROG=$2 SRC=$3 BITS=$4
command -v gdb >/dev/null || { echo "SKIP: no gdb"; exit 77; }
[ -x "$PROG" ] || { echo "SKIP: $PROG not built"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"; [ -n "${EPID:-}" ] && kill $EPID 2>/dev/null' EXIT
fail=0
line_of() { grep -n "MARK $1\$\|MARK $1 " "$SRC" | head -1 | cut -d: -f1; }

# start_emu ARGS...: emu in the background; sets PORT and EPID.
start_emu() {
  rm -f "$T/emu.err"
  "$EMU" -g 0 "$PROG" "$@" >"$T/emu.out" 2>"$T/emu.err" &
  EPID=$!
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/^emu: waiting for gdb on 127.0.0.1:\([0-9]*\)$/\1/p' "$T/emu.err" 2>/dev/null)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "FAIL: emu did not listen"; cat "$T/emu.err"; exit 1
}

# run_gdb NAME GDB-ARGS...: gdb's output in $T/NAME.out; emu's exit status in EST.
run_gdb() {
  local name=$1; shift
  timeout 60 gdb -batch -nx -ex 'set confirm off' -ex 'set pagination off' "$PROG" \
    -ex "target remote 127.0.0.1:$PORT" "$@" >"$T/$name.out" 2>&1
  for _ in $(seq 50); do kill -0 $EPID 2>/dev/null || break; sleep 0.1; done
  kill -9 $EPID 2>/dev/null
  wait $EPID 2>/dev/null
  EST=$?
  EPID=
}

# expect NAME REGEX WHAT
expect() {
  if grep -Eq -- "$2" "$T/$1.out"; then
    echo "ok   $1: $3"
  else
    echo "FAIL $1: $3 (wanted /$2/)"
    fail=1
  fi
}

if [ "$BITS" = 64 ]; then
  REG=rbx VAL=0x1122334455667788 SEL='p/x $fs_base' SELRE='= 0x[1-9a-f][0-9a-f]+'
  STACK='0x11223344[[:space:]]+0x00000000[[:space:]]+0x55667788[[:space:]]+0x00000000'
else
  # glibc's i386 TLS: set_thread_area gives GDT entry 12, selector 12*8+3
  REG=ebx VAL=0x11223344 SEL='p/x $gs' SELRE='= 0x63'
  STACK='0x11223344[[:space:]]+0x55667788'
fi
MAIN=$(line_of main_first)

# 1. breakpoint, registers, stepi, memory, watchpoint, syscall catchpoint, kill
start_emu
run_gdb main -ex 'break main' -ex continue -ex "$SEL" \
  -ex 'break *after_set' -ex continue -ex "p/x \$$REG" -ex 'x/4xw $sp' \
  -ex stepi -ex 'p $pc == (char *)after_set + 1' -ex 'info registers eflags' \
  -ex 'p $xmm0.uint128 >= 0' -ex 'p $st0' -ex 'p/x $mxcsr' \
  -ex 'watch watched' -ex continue \
  -ex delete -ex 'catch syscall write' -ex continue -ex continue -ex kill
expect main "Breakpoint 1, main \(.*prog\.c:$MAIN" "break main stops at main's first line ($MAIN)"
expect main "^$MAIN[[:space:]]" "the source line shown"
expect main "$SELRE" "TLS base/selector as the kernel sets it"
expect main "= $VAL\$" "$REG holds what the program set"
expect main "$STACK" "x/4xw \$sp shows the pushed words"
expect main '^\$[0-9]+ = 1$' "stepi moves pc by one instruction"
expect main 'eflags +0x[0-9a-f]+ +\[ .*IF.* \]' "eflags decoded"
expect main '^\$[0-9]+ = 0x1f80$' "mxcsr at its reset value"
expect main 'Old value = 0' "watchpoint old value"
expect main 'New value = 42' "watchpoint new value"
expect main 'Catchpoint [0-9]+ \(call to syscall write\)' "catch syscall: entry"
expect main 'Catchpoint [0-9]+ \(returned from syscall write\)' "catch syscall: return"
expect main '\[Inferior 1 \(.*\) killed\]' "kill"

# 2. the program's exit reaches gdb (W packet)
start_emu
run_gdb exit -ex continue
expect exit '\[Inferior 1 \(.*\) exited with code 07\]' "exit code 7 reported"
grep -q 'hello from the guest' "$T/emu.out" && echo "ok   exit: guest stdout" || { echo "FAIL exit: guest stdout"; fail=1; }

# 3. a fault stops with its signal, then kills the program (X packet)
start_emu segv
run_gdb segv -ex continue -ex 'p $pc' -ex continue
expect segv 'Program received signal SIGSEGV' "SIGSEGV reported"
expect segv "prog\.c:$(line_of segv)" "at the faulting line"
expect segv 'Program terminated with signal SIGSEGV' "the signal kills it when passed on"

# 4. Ctrl-C: 0x03 on the socket while the program spins (raw protocol)
if command -v python3 >/dev/null; then
  start_emu spin
  timeout 30 python3 - "$PORT" >"$T/intr.out" 2>&1 <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
def pkt(body):
    s.sendall(b"$%s#%02x" % (body, sum(body) & 0xff))
def reply():
    buf = b""
    while b"#" not in buf or len(buf) < buf.index(b"#") + 3:
        buf += s.recv(4096)
    s.sendall(b"+")
    return buf[buf.index(b"$") + 1:buf.index(b"#")]
pkt(b"QStartNoAckMode"); print(reply())
pkt(b"vCont;c"); time.sleep(0.5)
s.sendall(b"\x03")
buf = b""
while b"#" not in buf:
    buf += s.recv(4096)
print("stop:", buf)
pkt(b"vKill;1")
PY
  wait $EPID 2>/dev/null; EPID=
  expect intr "stop: b'.?\\\$T02" "interrupt stops with SIGINT"
fi
[ $fail = 0 ] && echo PASS || { echo "--- gdb output kept in $T"; trap - EXIT; }
exit $fail
