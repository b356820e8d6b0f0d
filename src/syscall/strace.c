/* strace.c — the system-call log: one line per call, name(args) = result,
 * in strace's format for the result.  Arguments are shown raw for now. */
#define _GNU_SOURCE
#include <string.h>

#include "abi.h"
#include "strace.h"

void trc_syscall(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                 long ret) {
  FILE *f = t->proc->opts->log ? t->proc->opts->log : stderr;
  const struct sys_desc *sd = NULL;
  const char *n2;
  if (abi == ABI_X86_64) sd = abi64_lookup(nr, &n2);
  int nargs = sd ? sd->nargs : 6;
  if (name) fprintf(f, "%s(", name);
  else fprintf(f, "syscall_%#lx(", nr);
  for (int i = 0; i < nargs; i++) fprintf(f, "%s%#llx", i ? ", " : "", (unsigned long long)args[i]);
  if (ret < 0 && ret >= -4095) {
    const char *en = strerrorname_np((int)-ret);
    fprintf(f, ") = -1 %s (%s)\n", en ? en : "E?", strerror((int)-ret));
  } else {
    fprintf(f, ") = %#lx\n", ret);
  }
  fflush(f);
}
