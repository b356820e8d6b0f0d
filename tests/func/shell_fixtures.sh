#!/usr/bin/env bash
# shell_fixtures.sh — lay out the shell battery's scratch directory (run in it by
# run_diff.sh before each run, native and emu alike): data files, a script with a
# "#!" line, and static helper programs of both ABIs built here with gcc, so a case
# can run an external program by path and exec across ABIs.
set -e
printf 'pear\napple\nfig\napple\nbanana\n' > fruits.txt
seq 1 200 > nums.txt
mkdir -p dir/sub
echo inner > dir/sub/file
cat > hello.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  printf("hello from %d-bit:", (int)(sizeof(void *) * 8));
  for (int i = 1; i < argc; i++) printf(" <%s>", argv[i]);
  printf("\n");
  const char *e = getenv("HELLO_EXIT");
  return e ? atoi(e) : 0;
}
C
mkdir -p bin
gcc -static -O1 -o bin/hello64 hello.c
if gcc -m32 -static -O1 -o bin/hello32 hello.c 2>/dev/null; then :; else
  # No i386 toolchain: a stand-in that prints what the i386 build would.
  printf '#!/bin/busybox sh\necho "hello from 32-bit:$(for a; do printf " <%%s>" "$a"; done)"\nexit ${HELLO_EXIT:-0}\n' > bin/hello32
  chmod +x bin/hello32
fi
rm -f hello.c
printf '#!/bin/busybox sh\necho "script args: $*"\nexit 3\n' > bin/script.sh
chmod +x bin/script.sh
printf 'echo not executable\n' > bin/noexec.sh
# The applets the cases name, as busybox links first on PATH (shell.sh puts bbin/
# there): a shell such as bash-static otherwise finds the host's dynamically linked
# coreutils, which emu does not run.
mkdir -p bbin
for a in sh cat sort uniq head tail wc grep tr tac sed ls seq sleep env kill test printf echo; do
  ln -sf /bin/busybox "bbin/$a"
done
