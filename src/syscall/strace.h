/* strace.h — the system-call log (private to src/syscall). */
#ifndef EMU_STRACE_H
#define EMU_STRACE_H
#include "sys.h"

/* Log one completed call: name(args) = result, in strace's format. */
void trc_syscall(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                 long ret);

#endif
