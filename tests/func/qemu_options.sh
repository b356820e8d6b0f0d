# func.qemu_options: the options of qemu-user's command line that emu takes.
# -L DIR, qemu-user's sysroot, and -0 ARGV0:  A dynamic program whose
# library (and a data file) exist only under DIR fails natively and under emu without
# -L, as the dynamic loader reports it (127); under emu -L DIR it finds both, by the
# absolute paths it names.  A program whose PT_INTERP exists only under DIR is loaded
# with that interpreter.  A guest's execve keeps the sysroot.  Both ABIs (the native
# reference for i386 is the x86-64 run's behaviour: this host may not run i386).
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cat > lib.c <<'C'
const char *emu_marker(void) { return "from-the-sysroot"; }
C
cat > prog.c <<'C'
#include <stdio.h>
#include <string.h>
const char *emu_marker(void);
int main(int argc, char **argv) {
  char b[64] = "no-file";
  FILE *f = fopen("/etc/emu-sysroot-file", "r");
  if (f && fgets(b, sizeof b, f)) b[strcspn(b, "\n")] = 0;
  printf("%s %s %s\n", emu_marker(), b, argv[0]);
  return 0;
}
C
for b in 64 32; do
  t=x86_64
  [ $b = 32 ] && t=i386
  root=$PWD/root$b
  mkdir -p $root/lib/$t-linux-gnu $root/lib32 $root/etc $root/emu-test
  gcc -m$b -shared -fPIC -o libemumark.so lib.c 2>cc.err || { [ $b = 32 ] && skip "gcc -m32: $(head -1 cc.err)"; fail "gcc"; }
  # Where the dynamic loaders look: Debian's multiarch directory, and /lib32 for the
  # i386 loader of gcc-multilib.
  cp libemumark.so $root/lib/$t-linux-gnu/ && cp libemumark.so $root/lib32/
  gcc -m$b -o prog$b prog.c -L. -lemumark
  rm libemumark.so
  echo "file-in-root$b" > $root/etc/emu-sysroot-file
  ld=$(readelf -l prog$b | sed -n 's/.*interpreter: \(.*\)]/\1/p')
  cp -L "$ld" $root/emu-test/ld.so
  gcc -m$b -o iprog$b prog.c -L$root/lib32 -L$root/lib/$t-linux-gnu -lemumark \
    -Wl,--dynamic-linker=/emu-test/ld.so
  if [ $b = 64 ]; then
    ./prog$b >native.out 2>native.err
    [ $? = 127 ] && grep -q 'libemumark.so: cannot open shared object' native.err ||
      fail "the native run found the library: $(cat native.out native.err)"
  fi
  run_emu 30 ./prog$b >plain.out 2>plain.err
  rc=$?
  no_emu_crash plain.err
  [ $rc = 127 ] && grep -q 'libemumark.so: cannot open shared object' plain.err &&
    pass "$b: without -L the library is missing, as natively" ||
    fail "$b: without -L: status $rc, $(head -c 200 plain.err)"
  run_emu 30 -L $root ./prog$b >l.out 2>l.err
  rc=$?
  no_emu_crash l.err
  [ $rc = 0 ] && [ "$(cat l.out)" = "from-the-sysroot file-in-root$b ./prog$b" ] &&
    pass "$b: -L: the library and the file come from the sysroot" ||
    fail "$b: -L: status $rc, '$(cat l.out)' $(head -c 200 l.err)"
  run_emu 30 -L $root -0 zero ./prog$b >z.out 2>&1
  [ "$(cat z.out)" = "from-the-sysroot file-in-root$b zero" ] && pass "$b: -0 sets argv[0]" ||
    fail "$b: -0: '$(cat z.out)'"
  run_emu 30 ./iprog$b >i.out 2>i.err
  [ $? = 127 ] && grep -q 'emu-test/ld.so' i.err && pass "$b: a missing interpreter is 127" ||
    fail "$b: missing interpreter: $(head -c 200 i.err)"
  run_emu 30 -L $root /bin/busybox sh -c "./iprog$b" >i.out 2>i.err
  rc=$?
  no_emu_crash i.err
  [ $rc = 0 ] && [ "$(cat i.out)" = "from-the-sysroot file-in-root$b ./iprog$b" ] &&
    pass "$b: -L: the interpreter comes from the sysroot, also after a guest's execve" ||
    fail "$b: -L interpreter: status $rc, '$(cat i.out)' $(head -c 200 i.err)"
done
# -d ITEM,...: qemu-user's log categories.
cat > hello.c <<'C'
#include <unistd.h>
int main(void) { write(1, "hi\n", 3); return 0; }
C
cc_guest hello hello.c
run_emu 30 -d page,strace ./hello >d.out 2>d.err
[ "$(cat d.out)" = hi ] && grep -q "^emu: the guest's address space at its entry" d.err &&
  grep -q ' \[stack\]$' d.err && grep -q '^write(1, "hi\\n", 3) *= 3$' d.err &&
  pass "-d page,strace: the address space at entry and the system-call log" ||
  fail "-d page,strace: $(head -c 300 d.err)"
run_emu 30 -d in_asm ./hello >/dev/null 2>asm.err
run_emu 30 --trace ./hello >/dev/null 2>trace.err
# The same instructions (the values after '|' hold the random canary and addresses).
cut -d'|' -f1 asm.err >asm.insns
cut -d'|' -f1 trace.err >trace.insns
[ -s asm.err ] && cmp -s asm.insns trace.insns && pass "-d in_asm is --trace" ||
  fail "-d in_asm differs from --trace ($(wc -l <asm.err) lines against $(wc -l <trace.err))"
run_emu 10 -d bogus ./hello 2>bogus.err
[ $? = 2 ] && grep -q "unknown -d item 'bogus'" bogus.err && pass "-d with an unknown item is refused" ||
  fail "-d bogus: $(cat bogus.err)"
# -cpu MODEL: what CPUID offers.  The psABI levels (x86-64: none of SSE4.2, POPCNT,
# MOVBE, BMI2, LZCNT, LAHF_LM; x86-64-v2: SSE4.2, POPCNT, LAHF_LM but none of the v3
# ones), as glibc's dynamic loader judges them; host: the host's vendor, signature and
# brand; kept across a guest's execve.
cat > cpuid.c <<'C'
#include <cpuid.h>
#include <stdio.h>
#include <string.h>
static unsigned bit(unsigned leaf, int reg, int n) {
  unsigned r[4];
  __cpuid_count(leaf, 0, r[0], r[1], r[2], r[3]);
  return r[reg] >> n & 1;
}
int main(void) {
  unsigned r[4], v[12];
  __cpuid(0, r[0], r[1], r[2], r[3]);
  char vendor[13], brand[49];
  memcpy(vendor, &r[1], 4), memcpy(vendor + 4, &r[3], 4), memcpy(vendor + 8, &r[2], 4);
  vendor[12] = 0;
  for (unsigned l = 0; l < 3; l++) __cpuid(0x80000002 + l, v[4 * l], v[4 * l + 1], v[4 * l + 2], v[4 * l + 3]);
  memcpy(brand, v, 48);
  brand[48] = 0;
  printf("%s '%s'\n", vendor, brand);
  __cpuid(1, r[0], r[1], r[2], r[3]);
  printf("sig %#x\n", r[0]);
  printf("sse4.2 %u popcnt %u movbe %u bmi2 %u lzcnt %u lahf %u\n", bit(1, 2, 20), bit(1, 2, 23),
         bit(1, 2, 22), bit(7, 1, 8), bit(0x80000001, 2, 5), bit(0x80000001, 2, 0));
  return 0;
}
C
cc_guest cpuidp cpuid.c
run_emu 30 -cpu x86-64 ./cpuidp >v1.out 2>&1
run_emu 30 -cpu x86-64-v2 ./cpuidp >v2.out 2>&1
grep -q '^sse4.2 0 popcnt 0 movbe 0 bmi2 0 lzcnt 0 lahf 0$' v1.out &&
  grep -q '^sse4.2 1 popcnt 1 movbe 0 bmi2 0 lzcnt 0 lahf 1$' v2.out &&
  pass "-cpu x86-64, x86-64-v2: CPUID offers the psABI levels" ||
  fail "-cpu levels: $(tail -n 1 v1.out) / $(tail -n 1 v2.out)"
ldso=/lib64/ld-linux-x86-64.so.2
if [ -x $ldso ]; then
  run_emu 30 -cpu x86-64 $ldso --help >l1.out 2>&1
  run_emu 30 -cpu x86-64-v2 $ldso --help >l2.out 2>&1
  grep -qx '  x86-64-v2' l1.out && grep -q '^  x86-64-v2 (supported' l2.out &&
    ! grep -q '^  x86-64-v3 (supported' l2.out &&
    pass "-cpu: glibc's loader sees the level offered" ||
    fail "-cpu: glibc-hwcaps: $(grep -A3 hwcaps l1.out | tr '\n' ' ') / $(grep -A3 hwcaps l2.out | tr '\n' ' ')"
fi
./cpuidp >native.cpuid
run_emu 30 -cpu host ./cpuidp >host.cpuid 2>&1
[ "$(head -2 native.cpuid)" = "$(head -2 host.cpuid)" ] &&
  pass "-cpu host: the host's vendor, brand and signature" ||
  fail "-cpu host: '$(head -2 host.cpuid | tr '\n' ' ')', natively '$(head -2 native.cpuid | tr '\n' ' ')'"
run_emu 30 -cpu x86-64 /bin/busybox sh -c ./cpuidp >nested.out 2>&1
cmp -s v1.out nested.out && pass "-cpu is kept across a guest's execve" ||
  fail "-cpu after execve: $(tail -n 1 nested.out)"
run_emu 10 -cpu bogus ./cpuidp 2>bogus.err
[ $? = 2 ] && grep -q "unknown -cpu model 'bogus'" bogus.err && pass "-cpu with an unknown model is refused" ||
  fail "-cpu bogus: $(cat bogus.err)"
run_emu 10 -L /nonexistent-dir /bin/true 2>bad.err
[ $? = 2 ] && grep -q 'not a directory' bad.err && pass "-L without a directory is refused" ||
  fail "-L /nonexistent-dir: $(cat bad.err)"
finish
