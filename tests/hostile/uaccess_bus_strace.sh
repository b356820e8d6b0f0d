# System-call pointers into a file mapping past end-of-file (SIGBUS pages) under
# `emu -s`: tests/diff/hostile_uaccess_bus.c (which the diff battery compares with
# the native run) traced, so strace's argument and result readers meet the same
# pages.  The kernel answers EFAULT to each call; emu and its tracer must survive
# every one: the guest exits 0 having printed its last line, the log ends with the
# guest's exit, and the traced run prints what the untraced one does.  Both ABIs.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
src=$EMU_SRC_DIR/tests/diff/hostile_uaccess_bus.c
cc_guest g64 "$src"
cc_guest32 g32 "$src"
for g in g64 g32; do
  rm -f f lnk
  run_emu 60 ./$g >$g.plain 2>$g.plain.err
  rc=$?
  no_emu_crash $g.plain.err
  [ "$rc" = 0 ] && grep -q '^robust list pending word' $g.plain && pass "$g runs to the end" ||
    fail "$g: status $rc (want 0), last line '$(tail -1 $g.plain)'"
  rm -f f lnk
  run_emu 60 -s -o $g.log ./$g >$g.out 2>$g.err
  rc=$?
  no_emu_crash $g.err
  ! grep -q 'emu: internal fault' $g.plain.err $g.err || fail "$g: emu faulted on its own"
  [ "$rc" = 0 ] || fail "$g under -s: status $rc (want 0)"
  tail -1 $g.log | grep -q '+++ exited with 0 +++$' && pass "$g: log ends with the exit" ||
    fail "$g: log ends '$(tail -1 $g.log)'"
  grep -q 'uname(0x[0-9a-f]*) *= -1 EFAULT' $g.log && pass "$g: uname traced as EFAULT" ||
    fail "$g: no 'uname(...) = -1 EFAULT' line in the log"
  cmp -s $g.plain $g.out && pass "$g: same output traced" || fail "$g: output differs under -s"
done
finish
