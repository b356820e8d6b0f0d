# `emu FILE` on hostile ELF files, both classes (tests/diff/hostile_elf_load.c writes
# them; the tests/diff half compares a guest's execve of each with the kernel's).  Each
# must end as the kernel ends an execve of it: run (its output and status), or one line
# naming the file with status 126 for what execve refuses (ENOEXEC, EIO, ELIBBAD,
# EACCES), 127 for a missing interpreter (ENOENT), 139 for what load_elf_binary() kills
# with SIGSEGV past its point of no return; a fault in the program is its signal.  The
# expected endings are the x86-64 kernel's (Linux 6.18).  Never a crash, a sanitizer
# report or a hang.
. "$EMU_SRC_DIR/tests/hostile/lib.sh"
cc_guest w64 "$EMU_SRC_DIR/tests/diff/hostile_elf_load.c"
cc_guest32 w32 "$EMU_SRC_DIR/tests/diff/hostile_elf_load.c"
mkdir d64 d32
./w64 write d64 || fail "w64 write"
run_emu 60 ./w32 write d32 || fail "w32 write under emu"

# name status stdout (- for none); "loader" after 126/127/139: emu's one line
expect='
good 0 ok
class_other 0 ok
class0_data0 0 ok
data_msb 0 ok
version0_osabi 0 ok
phentsize 126 - loader
phnum0 126 - loader
phnum_huge 126 - loader
phnum_page 0 ok
phnum_page_plus1 0 ok
phnum_64k 0 ok
phnum_64k_plus1 126 - loader
phoff_past_eof 126 - loader
type_rel 126 - loader
machine_arm 126 - loader
truncated_ehdr 126 - loader
load_reversed 0 ok
load_overlap 0 ok
load_overlap_noexec 139 -
filesz_past_eof 0 ok
filesz_past_eof_touch 135 ok
bss_padzero 0 ok
bss_anon 0 ok
bss_readonly 170 ok
bss_past_eof 139 - loader
filesz_gt_memsz 139 - loader
offset_misaligned 139 - loader
entry_far 139 - loader
vaddr_far 139 - loader
memsz_huge 139 - loader
no_load 139 -
phdr_bogus 0 ok
dyn 0 ok
dyn_reversed 0 ok
dyn_align2m 0 ok
interp_exec 0 interp
prog_interp_exec 0 interp
prog_interp_dyn 0 dyninterp
prog_interp_with_interp 0 interp2
prog_interp_text 126 - loader
prog_interp_noexec 126 - loader
prog_interp_arm 126 - loader
prog_interp_phentsize 126 - loader
prog_interp_rel 139 - loader
prog_interp_short 126 - loader
prog_interp_dir 126 - loader
prog_nonexistent 127 - loader
prog_interp_nonul 126 - loader
prog_interpname_1byte 126 - loader
prog_interp_past_eof 126 - loader
'
for d in d64 d32; do
  while read -r name want out who; do
    [ -n "$name" ] || continue
    (cd $d && run_emu 20 "./$name" >"../$d.$name.out" 2>"../$d.$name.err")
    rc=$?
    no_emu_crash "$d.$name.err"
    got=$(cat "$d.$name.out")
    [ "$out" = - ] && out=
    lines=$(wc -l <"$d.$name.err")
    if [ "$rc" != "$want" ] || [ "$got" != "$out" ]; then
      fail "$d/$name: status $rc stdout '$got' (want $want '$out'): $(head -c 200 "$d.$name.err")"
    elif [ "$who" = loader ] && { [ "$lines" != 1 ] || ! grep -q "^emu: \./$name: " "$d.$name.err"; }; then
      fail "$d/$name: want one line 'emu: ./$name: ...', got: $(head -c 300 "$d.$name.err")"
    elif [ "$who" != loader ] && [ "$rc" -lt 128 ] && [ -s "$d.$name.err" ]; then
      fail "$d/$name: unexpected stderr: $(head -c 200 "$d.$name.err")"
    else
      pass "$d/$name: $rc"
    fi
  done <<<"$expect"
done
finish
