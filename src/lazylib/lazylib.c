/* lazylib.c — dlopen and dlsym for the libraries loaded on first use
 * (lazylib.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "lazylib.h"

static pthread_mutex_t lazylib_lock = PTHREAD_MUTEX_INITIALIZER;

void *lazylib_sym(void **handle, const char *soname, const char *what, const char *name) {
  pthread_mutex_lock(&lazylib_lock);
  if (!*handle) *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  void *lib = *handle;
  pthread_mutex_unlock(&lazylib_lock);
  if (!lib) {
    fprintf(stderr, "emu: %s needs %s, which cannot be loaded: %s\n", what, soname, dlerror());
    exit(1);
  }
  void *f = dlsym(lib, name);
  if (!f) {
    fprintf(stderr, "emu: %s has no %s (%s needs it)\n", soname, name, what);
    exit(1);
  }
  return f;
}
