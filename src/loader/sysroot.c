/* sysroot.c — -L DIR, qemu-user's sysroot (its "interp_prefix"): a program
 * built for another system runs with that system's files.  An absolute path
 * that exists under DIR is taken from there, anything else from the host as
 * it is; the rule is qemu's path(), applied here to the program interpreter
 * (PT_INTERP, elf.c) and by the system calls to every path they are given
 * (sys_get_path, src/syscall/sys_fs.c), so the interpreter finds the
 * libraries of the sysroot the same way.  Relative paths are the host's.
 * Whether a path exists under DIR is decided by its own name, its final
 * symlink not followed (a link to an absolute target leaves the sysroot, as
 * under qemu). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"

static char sysroot[PATH_MAX];

int ldr_set_sysroot(const char *dir) {
  struct stat st;
  char real[PATH_MAX];
  if (!realpath(dir, real) || stat(real, &st)) return -1;
  if (!S_ISDIR(st.st_mode)) return -1;
  /* "/" is the host itself: no prefix at all. */
  snprintf(sysroot, sizeof sysroot, "%s", strcmp(real, "/") ? real : "");
  return 0;
}

const char *ldr_sysroot(void) { return sysroot[0] ? sysroot : NULL; }

const char *ldr_sysroot_path(const char *path, char *out, size_t size) {
  struct stat st;
  if (!sysroot[0] || path[0] != '/') return path;
  if ((size_t)snprintf(out, size, "%s%s", sysroot, path) >= size) return path;
  return fstatat(AT_FDCWD, out, &st, AT_SYMLINK_NOFOLLOW) ? path : out;
}
