# A guest that faults with its SIGSEGV handler installed and no stack to run it on
# (stack pointer 0x10): the kernel cannot write the frame, force_sigsegv resets the
# handler and the process dies of SIGSEGV (status 139).  emu must not re-deliver
# forever.  Both ABIs.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > g.c <<'C'
#include <signal.h>
#include <unistd.h>
static void h(int s) { (void)s; write(1, "handler\n", 8); }
int main(void) {
  signal(SIGSEGV, h);
#ifdef __x86_64__
  __asm__ volatile("mov $0x10, %rsp\n\tmovq $0, (%rsp)\n\thlt");
#else
  __asm__ volatile("mov $0x10, %esp\n\tmovl $0, (%esp)\n\thlt");
#endif
  return 0;
}
C
cc_guest g64 g.c
cc_guest32 g32 g.c
for g in g64 g32; do
  run_emu 20 ./$g >$g.out 2>$g.err
  rc=$?
  no_emu_crash $g.err
  [ "$rc" = 139 ] && [ ! -s $g.out ] && pass "$g dies of SIGSEGV" ||
    fail "$g: status $rc (want 139), stdout '$(head -c 80 $g.out)'"
done
finish
