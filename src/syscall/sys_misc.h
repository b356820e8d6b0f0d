/* sys_misc.h — private interface between the files that serve the calls of
 * tab64_extra.inc / tab32_extra.inc (sys_xattr.c, sys_inotify.c, sys_ipc*.c,
 * sys_mq.c, sys_misc*.c).  Private to src/syscall. */
#ifndef EMU_SYS_MISC_H
#define EMU_SYS_MISC_H

#include "sys_internal.h"

#define SYS64(name, n) SYS_PROTO(name);
#include "tab64_extra.inc"
#undef SYS64
#define SYS32(name, n, fn, sx) SYS_PROTO(fn);
#include "tab32_extra.inc"
#undef SYS32

/* pidfd_send_signal from i386: the compat siginfo converted (sys_misc32.c). */
long sys_misc_pidfd_send_signal32(struct task *t, int pidfd, int sig, u64 uinfo, u32 flags);

#endif
