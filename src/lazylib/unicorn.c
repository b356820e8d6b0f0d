/* unicorn.c — the Unicorn functions emu calls (src/unicorn, the second CPU),
 * forwarding to the library loaded on first use (lazylib.h).
 * EMU_UNICORN_SONAME comes from the build (CMakeLists.txt: the library
 * pkg-config found).  uc_hook_add and uc_ctl take variable arguments: the
 * ones Unicorn 2 defines are forwarded (UC_HOOK_INSN's instruction,
 * UC_HOOK_TCG_OPCODE's opcode and flags; as many of uc_ctl's as its control
 * word counts, each passed in a full register or stack slot, as the SysV ABI
 * passes an int or a pointer). */
#include <stdarg.h>
#include <unicorn/unicorn.h>

#include "lazylib.h"

static void *unicorn_lib;

#define UC_FN(T, name) LAZYLIB_FN(T, name, &unicorn_lib, EMU_UNICORN_SONAME, "the Unicorn CPU")

uc_err uc_open(uc_arch arch, uc_mode mode, uc_engine **uc) {
  UC_FN(uc_err (*)(uc_arch, uc_mode, uc_engine **), uc_open)
  return f(arch, mode, uc);
}

uc_err uc_close(uc_engine *uc) {
  UC_FN(uc_err (*)(uc_engine *), uc_close)
  return f(uc);
}

const char *uc_strerror(uc_err code) {
  UC_FN(const char *(*)(uc_err), uc_strerror)
  return f(code);
}

uc_err uc_reg_write(uc_engine *uc, int regid, const void *value) {
  UC_FN(uc_err (*)(uc_engine *, int, const void *), uc_reg_write)
  return f(uc, regid, value);
}

uc_err uc_reg_read(uc_engine *uc, int regid, void *value) {
  UC_FN(uc_err (*)(uc_engine *, int, void *), uc_reg_read)
  return f(uc, regid, value);
}

uc_err uc_mem_map_ptr(uc_engine *uc, uint64_t address, size_t size, uint32_t perms, void *ptr) {
  UC_FN(uc_err (*)(uc_engine *, uint64_t, size_t, uint32_t, void *), uc_mem_map_ptr)
  return f(uc, address, size, perms, ptr);
}

uc_err uc_mem_unmap(uc_engine *uc, uint64_t address, size_t size) {
  UC_FN(uc_err (*)(uc_engine *, uint64_t, size_t), uc_mem_unmap)
  return f(uc, address, size);
}

uc_err uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count) {
  UC_FN(uc_err (*)(uc_engine *, uint64_t, uint64_t, uint64_t, size_t), uc_emu_start)
  return f(uc, begin, until, timeout, count);
}

uc_err uc_emu_stop(uc_engine *uc) {
  UC_FN(uc_err (*)(uc_engine *), uc_emu_stop)
  return f(uc);
}

uc_err uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data,
                   uint64_t begin, uint64_t end, ...) {
  UC_FN(uc_err (*)(uc_engine *, uc_hook *, int, void *, void *, uint64_t, uint64_t, ...),
        uc_hook_add)
  va_list ap;
  va_start(ap, end);
  uc_err e;
  if (type == UC_HOOK_INSN) {
    int insn = va_arg(ap, int);
    e = f(uc, hh, type, callback, user_data, begin, end, insn);
  } else if (type == UC_HOOK_TCG_OPCODE) {
    uint64_t opcode = va_arg(ap, uint64_t);
    uint64_t flags = va_arg(ap, uint64_t);
    e = f(uc, hh, type, callback, user_data, begin, end, opcode, flags);
  } else {
    e = f(uc, hh, type, callback, user_data, begin, end);
  }
  va_end(ap);
  return e;
}

uc_err uc_ctl(uc_engine *uc, uc_control_type control, ...) {
  UC_FN(uc_err (*)(uc_engine *, uc_control_type, ...), uc_ctl)
  unsigned nr = ((unsigned)control >> 26) & 0xf;
  long a[4] = {0};
  va_list ap;
  va_start(ap, control);
  for (unsigned i = 0; i < nr && i < 4; i++) a[i] = va_arg(ap, long);
  va_end(ap);
  return f(uc, control, a[0], a[1], a[2], a[3]);
}
