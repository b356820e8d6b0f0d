# emu's command line refuses what execve refuses (issue 14, item 6): a file without
# the execute bit, a directory, a script without the execute bit get "Permission
# denied" (EACCES, do_open_execat) and status 126, as a shell reports natively; a
# missing file 127.  The same files through a guest's execve give the same errno
# (tests/diff covers execve); here the reference is the kernel's execve of each,
# asked through a tiny native exec wrapper.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
printf '#include <errno.h>\n#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\nint main(int c, char **v) { (void)c; execv(v[1], v + 1); printf("%%s\\n", strerror(errno)); return errno == ENOENT ? 127 : 126; }\n' > xexec.c
gcc -O2 -o xexec xexec.c || fail "cc xexec"
printf 'int main(void) { return 0; }\n' > ok.c
cc_guest prog ok.c
cp prog noexec && chmod 644 noexec
printf '#!/bin/sh\necho hi\n' > script.sh && chmod 644 script.sh
mkdir adir
for f in noexec script.sh adir missing; do
  want=$(./xexec ./$f 2>/dev/null)
  wrc=$?
  run_emu 20 ./$f >out.txt 2>err.txt
  rc=$?
  no_emu_crash err.txt
  if [ "$rc" = "$wrc" ] && grep -q "$want" err.txt; then
    pass "$f: $rc, $want"
  else
    fail "$f: emu status $rc '$(head -c 120 err.txt)', kernel: $wrc '$want'"
  fi
done
run_emu 20 ./prog && pass "an executable still runs" || fail "prog: status $?"
finish
