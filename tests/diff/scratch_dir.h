/* scratch_dir.h — a directory of this run's own under /tmp, for test programs
 * that make files of their own (hostile_proc_*.c).
 *
 * Not /tmp/NAME-<pid>: every test runs in a PID namespace of its own, where
 * the PID is the same, so concurrent runs (ctest -j) would share the name
 * and remove each other's files.  Made on first use (mkdtemp), removed at
 * exit; the files in it are the program's to remove.
 */
#ifndef SCRATCH_DIR_H
#define SCRATCH_DIR_H

#include <stdlib.h>
#include <unistd.h>

static char scratch[] = "/tmp/emu-diff-XXXXXX";
static void scratch_rm(void) { rmdir(scratch); }
static const char *scratch_dir(void) {
  static int made;
  if (!made && mkdtemp(scratch)) made = 1, atexit(scratch_rm);
  return scratch;
}

#endif
