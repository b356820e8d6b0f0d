/* capstone.c — the Capstone functions emu calls, forwarding to the library
 * loaded on first use (lazylib.h).  EMU_CAPSTONE_SONAME comes from the
 * build (CMakeLists.txt: the library pkg-config found). */
#include <capstone/capstone.h>

#include "lazylib.h"

static void *capstone_lib;

#define CS_FN(T, name) LAZYLIB_FN(T, name, &capstone_lib, EMU_CAPSTONE_SONAME, "disassembly")

cs_err CAPSTONE_API cs_open(cs_arch arch, cs_mode mode, csh *handle) {
  CS_FN(cs_err (*)(cs_arch, cs_mode, csh *), cs_open)
  return f(arch, mode, handle);
}

cs_err CAPSTONE_API cs_close(csh *handle) {
  CS_FN(cs_err (*)(csh *), cs_close)
  return f(handle);
}

cs_err CAPSTONE_API cs_option(csh handle, cs_opt_type type, size_t value) {
  CS_FN(cs_err (*)(csh, cs_opt_type, size_t), cs_option)
  return f(handle, type, value);
}

size_t CAPSTONE_API cs_disasm(csh handle, const uint8_t *code, size_t code_size, uint64_t address,
                              size_t count, cs_insn **insn) {
  CS_FN(size_t (*)(csh, const uint8_t *, size_t, uint64_t, size_t, cs_insn **), cs_disasm)
  return f(handle, code, code_size, address, count, insn);
}

void CAPSTONE_API cs_free(cs_insn *insn, size_t count) {
  CS_FN(void (*)(cs_insn *, size_t), cs_free)
  f(insn, count);
}
