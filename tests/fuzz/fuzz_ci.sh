#!/usr/bin/env bash
# fuzz_ci.sh KIND BITS COUNT SEED — one fixed-budget fuzzing run for `make test` (the
# ctest tests fuzz.<kind><bits>, in both the Release and the ASan+UBSan build), in an
# empty scratch directory as cwd, with EMU, EMU_SRC_DIR and EMU_TIMEOUT_SCALE set (see
# CMakeLists.txt).  The seeds are fixed, so a run is repeatable: a failure names the
# round or the file to re-run.
#   randcode: COUNT rounds of random bytes as code (randcode.c) under emu
#   randsys:  COUNT children of 100 random system calls each (randsys.c)
#   elf:      COUNT corrupt copies of each seed program (elfmut.c), each run by emu
# Fails on any sign of a bug in emu itself: a sanitizer report, "emu: internal fault",
# a failed assertion of emu's, or (elf) a hang that the native run of the same file does
# not have; also any exit status or stdout unlike the native run's (this host's kernel is
# the loader's reference: for i386 files where the host runs them).  How the guests end (their signals,
# exit codes) is theirs: outcomes of undefined encodings depend on the CPU model, so
# randcode's are not compared here (randfuzz.sh compares them by hand).
set -u
kind=$1 bits=$2 count=$3 seed=$4
here=$(cd "$(dirname "$0")" && pwd)
scale=${EMU_TIMEOUT_SCALE:-1}
bad=0
emu_broke() { # FILE: did emu report a bug of its own in FILE?
  grep -qE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|^emu: internal fault|^emu: .*Assertion' "$1"
}
cc_prog() { # OUT SRC FLAGS...: skips the run (77) when this compiler cannot link
  local out=$1 src=$2
  shift 2
  gcc -w "$@" -o "$out" "$src" 2>cc.err || { echo "SKIPPED: gcc $* cannot link: $(head -1 cc.err)"; exit 77; }
}
m=-m$bits

case $kind in
randcode | randsys)
  cc_prog prog "$here/$kind.c" "$m" -static -O1
  if [ "$kind" = randcode ]; then set -- ./prog "$count" "$seed" v; else set -- ./prog "$count" "$seed"; fi
  timeout -k 5 $((count * scale)) "$EMU" "$@" >out.txt 2>err.txt
  rc=$?
  if emu_broke err.txt; then echo "FAIL: emu reported on itself:"; head -5 err.txt; bad=1; fi
  if [ "$rc" != 0 ]; then echo "FAIL: emu $* ended with status $rc"; tail -3 err.txt; bad=1; fi
  if [ "$kind" = randcode ]; then
    n=$(grep -c ' -> ' out.txt)
    [ "$n" = "$count" ] || { echo "FAIL: $n of $count rounds reported"; bad=1; }
    echo "randcode $m seed $seed: $count rounds, outcomes: $(awk '{print $NF == "" ? "?" : $(NF-1) $NF}' out.txt | sort | uniq -c | sort -rn | head -6 | awk '{printf "%s x%s ", $2, $1}')"
  else
    grep -q '^deaths 0$' out.txt || { echo "FAIL: children died of signals under emu:"; head -5 out.txt; bad=1; }
    echo "randsys $m seed $seed: $count children of 100 calls, $(tail -n 1 out.txt)"
  fi
  if [ -s err.txt ] && [ "$bad" = 0 ]; then echo "FAIL: emu printed:"; head -3 err.txt; bad=1; fi
  ;;
elf)
  gcc -O2 -o elfmut "$here/elfmut.c" || exit 2
  # The native run's exec without execvp's fallback of running a file the kernel
  # refuses as a shell script: 127 for ENOENT, 126 for any other refusal, as a shell
  # and emu's command line report them.
  printf '#include <errno.h>\n#include <unistd.h>\nint main(int c, char **v) { (void)c;
    execv(v[1], v + 1); return errno == ENOENT ? 127 : 126; }\n' > xexec.c
  gcc -O2 -o xexec xexec.c || exit 2
  printf '#include <stdio.h>\nint main(int c, char **v) { printf("%%d %%s\\n", c, v[0]); return 3; }\n' > seed.c
  seeds=()
  if [ "$bits" = 64 ]; then
    if command -v musl-gcc >/dev/null; then musl-gcc -static -O2 -o s_musl seed.c && seeds+=(s_musl); fi
    cc_prog s_pie seed.c -static-pie -O2 && seeds+=(s_pie)
    cc_prog s_dyn seed.c -O2 && seeds+=(s_dyn)
  else
    cc_prog s_static seed.c -m32 -static -O2 && seeds+=(s_static)
    cc_prog s_dyn seed.c -m32 -O2 && seeds+=(s_dyn)
  fi
  # The kernel on this host is the reference where it runs the class: always for
  # x86-64, for i386 where the host has IA-32 emulation (a seed program runs).
  native=1
  if [ "$bits" = 32 ]; then # the seed program ends with status 3 where it runs
    ./xexec ./s_static >/dev/null 2>&1
    [ $? = 3 ] || native=0
  fi
  hangs=0 total=0 outcomes=""
  for s in "${seeds[@]}"; do
    ./elfmut "$s" "m_$s" "$count" "$seed" || exit 2
    for ((i = 0; i < count; i++)); do
      f=./m_$s.$i
      total=$((total + 1))
      # -cpu host: a corrupt program's path may depend on CPUID (glibc's ifuncs
      # pick code by it), and the native run sees the host's.
      timeout -k 2 $((5 * scale)) "$EMU" -cpu host "$f" </dev/null >out.txt 2>err.txt
      rc=$?
      outcomes+="$rc"$'\n'
      nrc=none
      if [ "$native" = 1 ]; then
        timeout -k 2 5 ./xexec "$f" </dev/null >nout.txt 2>/dev/null
        nrc=$?
      fi
      if emu_broke err.txt; then
        echo "FAIL: $s mutation $i (elfmut $s m $count $seed): emu reported on itself:"
        head -3 err.txt
        bad=1
      elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        # A corrupt entry point can loop: a hang is emu's only where the kernel does not hang.
        if [ "$nrc" != none ] && [ "$nrc" != 124 ] && [ "$nrc" != 137 ]; then
          echo "FAIL: $s mutation $i (elfmut $s m $count $seed): emu hung, native ended with $nrc"
          bad=1
        else
          hangs=$((hangs + 1))
        fi
      elif [ "$nrc" != none ] && { [ "$rc" != "$nrc" ] || ! cmp -s out.txt nout.txt; }; then
        echo "FAIL: $s mutation $i (elfmut $s m $count $seed): emu status $rc, native $nrc" \
          "$(cmp -s out.txt nout.txt || echo '(stdout differs)'); emu said: $(head -c 160 err.txt)"
        bad=1
      fi
    done
  done
  echo "elf $m seeds ${seeds[*]}: $total corrupt files; emu status counts:" \
    "$(sort <<<"${outcomes%$'\n'}" | uniq -c | sort -rn | awk '{printf "%s x%s ", $2, $1}')"
  echo "compared with the native run: $([ "$native" = 1 ] && echo yes || echo no, the host does not run them);" \
    "hangs that also hang natively (or where no native run): $hangs"
  ;;
*) echo "usage: fuzz_ci.sh randcode|randsys|elf 64|32 COUNT SEED" >&2; exit 2 ;;
esac
exit $bad
