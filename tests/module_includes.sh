#!/bin/sh
# module_includes.sh SRC — the folders of src/ keep to their boundaries
# (issue 12):
#  - no file includes another folder's internal header (*_internal.h,
#    *_int.h): a module offers what others need in its public headers;
#  - only the tools that watch the kernel model (TOOLS) and emu's top level
#    (src/*.c: main.c, emu.c, which register the tools) include a tool's
#    header: the kernel model reports through its observer interface, so the
#    dependency points from the tools to the model, never back.
# An include names its folder as "../DIR/x.h" or "DIR/x.h"; a bare "x.h" is
# the including file's own folder (or a generated file).
src="${1:?usage: module_includes.sh SRC}"
TOOLS="strace debug check"
cd "$src" || exit 1
bad=$(find . -mindepth 2 -type f \( -name '*.c' -o -name '*.h' -o -name '*.inc' \) | sort |
  while read -r f; do
    f=${f#./}
    dir=${f%%/*}
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
      while read -r inc; do
        case "$inc" in
        ../*/*) to=${inc#../}; to=${to%%/*} ;;
        */*) to=${inc%%/*} ;;
        *) continue ;;
        esac
        [ "$to" = "$dir" ] && continue
        case "${inc##*/}" in
        *_internal.h | *_int.h) echo "$f: includes $inc, the internal header of src/$to" ;;
        esac
        for tool in $TOOLS; do
          [ "$to" = "$tool" ] || continue
          case " $TOOLS " in
          *" $dir "*) ;;
          *) echo "$f: includes $inc: src/$dir may not include a tool's header (src/$to)" ;;
          esac
        done
      done
  done)
if [ -n "$bad" ]; then
  echo "$bad"
  exit 1
fi
echo "module boundaries kept: no internal header of another folder, no tool header in the model"
