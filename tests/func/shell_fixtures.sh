#!/usr/bin/env bash
# shell_fixtures.sh — lay out the shell battery's scratch directory (run in it by
# run_diff.sh before each run, native and emu alike): data files, a script with a
# "#!" line, and static helper programs of both ABIs.
set -e
printf 'pear\napple\nfig\napple\nbanana\n' > fruits.txt
seq 1 200 > nums.txt
mkdir -p dir/sub
echo inner > dir/sub/file
# The static helpers of both ABIs (hello.c, built by shell.cmake; shell.sh exports
# their folder): copied, so a case can run an external program by path and exec
# across ABIs.
mkdir -p bin
cp "${SHELL_HELPERS:?shell.sh sets SHELL_HELPERS}/hello64" "$SHELL_HELPERS/hello32" bin/
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
