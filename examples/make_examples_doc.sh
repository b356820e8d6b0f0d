#!/usr/bin/env bash
# make_examples_doc.sh — regenerate docs/examples.md: runs every command the
# page shows (in a scratch directory where `build` names the build directory,
# so the commands read as the page writes them) and pastes each one's real
# output, unedited.  Re-run it whenever emu's output changes:
#
#   examples/make_examples_doc.sh BUILD_DIR > docs/examples.md
set -u
build=$(cd "${1:?usage: make_examples_doc.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
ln -s "$build" "$run/build"
cd "$run"

# show 'COMMAND': the command and its output (stdout and stderr as a terminal
# shows them), in a fenced block.
show() {
  echo '```'
  echo "\$ $1"
  bash -c "$1" 2>&1
  local st=$?
  [ $st -ne 0 ] && echo "[exit status $st]"
  echo '```'
}

cat <<EOF
# Examples: seeing the kernel boundary

Each example is a small program in \`examples/\`, built static at build time
(\`examples/CMakeLists.txt\`, target \`examples\`) into \`build/examples/\`.
Every output below is real: \`examples/make_examples_doc.sh\` ran each command
and pasted what it printed, unedited (generated on $(date -u +%Y-%m-%d) on
$(uname -sm), with \`build\` naming the build directory).  Addresses, pids and
the user name are those of that run.  Commands piped through \`tail\`, \`grep\` or
\`sed\` show that part of the output; the pipe is part of the command.

The options: \`--strace\` (\`-s\`) logs every system call as \`strace -f\` does;
\`--frames\` shows the kernel's entry model at every call (the gate, the saved
\`pt_regs\`, the table slot, the result, the exit work, and the return by
\`sysret\` or \`iret\`); \`--trace\` prints every instruction with the registers
and flags it changed.  All three write to stderr.

## write_libc: system calls through the C library (x86-64 and i386)

\`examples/write_libc.c\` calls \`getuid\`, \`geteuid\`, \`time\` and \`printf\`.
The same source built with \`-m32\` goes through the i386 table: \`getuid32\`,
\`ugetrlimit\`, \`set_thread_area\`, and \`statx\`/\`fstat64\` under their i386 names.
\`time()\` is served by the vDSO without entering the kernel, so neither
strace nor emu's log shows it.

EOF
show "build/emu --strace build/examples/write_libc"
show "build/emu --strace build/examples/write_libc_32"
cat <<EOF

## write_int80: the i386 gate by hand, from 32-bit and from 64-bit code

\`examples/write_int80.c\` puts the i386 numbers in eax (4 = write, 1 = exit)
and the arguments in ebx, ecx, edx, and executes \`int \$0x80\`.  Under
\`--frames\` the gate shows the hardware push, SAVE_ALL, the i386 table slot,
RESTORE_ALL and \`iret\`:

EOF
show "build/emu --strace build/examples/write_int80_32 | cat"
show "build/emu --frames build/examples/write_int80_32 2>&1 | tail -n 21"
cat <<EOF

The instruction trace of \`main\`'s end: the registers loaded for the call, the
gate, and eax holding the result when the kernel returns:

EOF
show "build/emu --trace build/examples/write_int80_32 2>&1 | tail -n 14"
cat <<EOF

The same source built as x86-64 code (\`write_int80_64\`): \`int \$0x80\` still
reaches the i386 table (eax 4 is i386 \`write\`; in the x86-64 table 4 is
\`stat\`) with the low halves of the registers, through \`entry_INT80_compat\`,
and returns with \`iret\`, never \`sysret\`:

EOF
show "build/emu --frames build/examples/write_int80_64 2>&1 | tail -n 19"
cat <<EOF

## write_syscall: the x86-64 gate by hand

\`examples/write_syscall.c\` executes \`syscall\` with rax = 1 (write) and then
231 (exit_group).  The CPU saves the return address in rcx and rflags in r11;
the kernel returns with \`sysret\` when rcx and r11 still match the frame:

EOF
show "build/emu --strace build/examples/write_syscall 2>&1 | tail -n 3"
show "build/emu --frames build/examples/write_syscall 2>&1 | tail -n 21"
cat <<EOF

## sendfile_raw: sendfile(2) through a raw syscall instruction

\`examples/sendfile_raw.c\` writes a file, then copies it to stdout from
offset 6 with \`sendfile(1, fd, &off, 64)\` issued by an inline \`syscall\`; the
kernel (here, emu's host call) advances \`off\`:

EOF
show "build/emu build/examples/sendfile_raw"
show "build/emu --strace build/examples/sendfile_raw 2>&1 >/dev/null | tail -n 7"
show "build/emu --frames build/examples/sendfile_raw 2>&1 >/dev/null | grep -m1 -B5 -A5 'orig_ax=40 '"
cat <<EOF

## custom_syscall + embed_whoami: adding a system call

The classic exercise of adding a system call to the kernel, without a kernel:
\`examples/embed_whoami.c\` is a host program that links emu's library
(\`build/libemu.a\`, linked \`--whole-archive\`; see \`examples/CMakeLists.txt\`)
and registers a call number 1000, \`whoami(char *buf, size_t len)\`, for both
ABIs with \`emu_register_syscall\` (\`include/emu/emu.h\`).  The handler copies
the host user's name into the guest's buffer through \`emu_write_guest\`, which
checks the guest pointer: a wild pointer gives \`EFAULT\`, never a crash.
\`examples/custom_syscall.c\` is the guest that calls \`syscall(1000, buf, len)\`.

Natively, and under plain emu, there is no call 1000:

EOF
show "build/examples/custom_syscall"
show "build/emu --strace build/examples/custom_syscall 2>&1 | grep -E 'syscall_|whoami'"
cat <<EOF

Under the embedder, both ABIs:

EOF
show "build/examples/embed_whoami build/examples/custom_syscall"
show "build/examples/embed_whoami build/examples/custom_syscall_32"
cat <<EOF

The log (\`emu_set_strace\`) names the call by its registered name.  With
signature "Bu" the buffer would print as an output buffer and the length in
decimal, but the log does not consult custom signatures yet (a one-line hook
in \`src/strace/strace.c\` is pending), so it prints the six argument registers:

EOF
show "build/examples/embed_whoami --strace build/examples/custom_syscall 2>&1 >/dev/null | grep '^whoami('"
show "build/examples/embed_whoami --strace build/examples/custom_syscall_32 2>&1 >/dev/null | grep '^whoami('"
cat <<EOF

The entry model (\`emu_set_frames\`) around the first whoami call.  Known
wrong: the table line says "(unknown) ... -ENOSYS" although the handler ran
(the result line shows its 4); \`--frames\` takes names from \`sys_name()\`,
which does not consult custom calls yet (pending, as above):

EOF
show "build/examples/embed_whoami --frames build/examples/custom_syscall 2>&1 | grep -m1 -B5 -A5 'orig_ax=1000'"
cat <<EOF

## sigrestart: a signal interrupting a blocking read, with and without SA_RESTART

\`examples/sigrestart.c\` blocks in \`read\` on an empty pipe; a 20 ms timer
sends SIGALRM, whose handler writes a byte into the pipe.  Without
SA_RESTART the read fails with EINTR; with it, the kernel rewinds the ip to
the gate and the read, re-entered, returns the byte.  The program's output
(the same natively and under emu; it is the differential test
diff.example.sigrestart):

EOF
show "build/emu build/examples/sigrestart"
show "build/emu build/examples/sigrestart_32"
cat <<EOF

Native \`strace -f\` of the SA_RESTART round, then emu's log of the same.  The
kernel's tracer sees the interrupted read return ERESTARTSYS before the exit
work turns it into EINTR or a restart; emu's log prints the result after the
exit work decided (-1 EINTR in both rounds), and does not decode
\`setitimer\` or \`rt_sigreturn\` yet:

EOF
show "strace -f build/examples/sigrestart 2>&1 >/dev/null | tail -n 10"
show "build/emu --strace build/examples/sigrestart 2>&1 >/dev/null | tail -n 10"
cat <<EOF

The entry model shows the restart: the SA_RESTART round's read is
interrupted, the exit work delivers the signal (the frame's ip becomes the
handler's), and the handler's \`rt_sigreturn\` restores a frame whose ip is 2
bytes before where the read's \`syscall\` returned to the first time (the
restart: compare ip=0x...eb here with the sysret to 0x...ed after the
re-entered read).  The gate, table, result, exit-work and return lines only:

EOF
show "build/emu --frames build/examples/sigrestart 2>&1 >/dev/null | grep -E 'table:|result:|exit work:|return:' | tail -n 28"
