/* lazylib.h — the large libraries emu uses for some options only (Capstone
 * for the disassembly of --trace, --step and --lockstep; Unicorn for
 * --cpu=unicorn and --lockstep=unicorn), loaded when first called rather
 * than when emu starts.  Linked normally, their relocations alone cost every
 * run of emu about 20 million instructions and 8 MiB of resident memory.
 *
 * capstone.c and unicorn.c define the library functions emu calls, with the
 * libraries' own prototypes (their headers), each forwarding to the
 * library's function; callers include <capstone/capstone.h> or
 * <unicorn/unicorn.h> and notice nothing. */
#ifndef EMU_LAZYLIB_H
#define EMU_LAZYLIB_H

/* The address of symbol name in the shared object soname, loaded on first
 * use (*handle caches it).  A library or symbol that cannot be found is one
 * clear message naming it and what needs it (what), then exit status 1. */
void *lazylib_sym(void **handle, const char *soname, const char *what, const char *name);

/* In a forwarding function: f, the library's function name of type T (a
 * function pointer type), looked up in soname once (*handle as above). */
#define LAZYLIB_FN(T, name, handle, soname, what)                                       \
  static __typeof__(T) name##_fn;                                                       \
  __typeof__(T) f = __atomic_load_n(&name##_fn, __ATOMIC_ACQUIRE);                      \
  if (!f) {                                                                             \
    f = (T)lazylib_sym(handle, soname, what, #name);                                    \
    __atomic_store_n(&name##_fn, f, __ATOMIC_RELEASE);                                  \
  }

#endif
