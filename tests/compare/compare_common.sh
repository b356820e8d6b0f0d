# compare_common.sh — what run_compare.sh and run_compare_fork.sh share:
#   compare_run EMU PROG32 PROG64 OUT   runs `emu --compare`, its stdout and stderr in
#                                       OUT; returns emu's status.
# The sanitizer build's own notice about a host stack it does not know (where a
# siglongjmp of emu's ends) is three lines that are not emu's: left out of OUT.
compare_run() {
  "$1" --compare "$2" "$3" >"$4" 2>&1
  local rc=$?
  sed -i -e '/^==[0-9]*==WARNING: ASan is ignoring requested __asan_handle_no_return/d' \
    -e '/^False positive error reports may follow$/d' \
    -e '/^For details see https:\/\/github.com\/google\/sanitizers\/issues\/189$/d' "$4"
  return $rc
}
