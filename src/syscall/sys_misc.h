/* sys_misc.h — private interface between the files that serve extended
 * attributes, inotify, IPC, message queues and the rest (sys_xattr.c,
 * sys_inotify.c, sys_ipc*.c, sys_mq.c, sys_misc*.c).  Private to src/syscall. */
#ifndef EMU_SYS_MISC_H
#define EMU_SYS_MISC_H

#include "syscall.h"


/* pidfd_send_signal from i386: the compat siginfo converted (sys_misc32.c). */
long sys_misc_pidfd_send_signal32(struct task *t, int pidfd, int sig, u64 uinfo, u32 flags);

/* System V IPC cores (sys_ipc.c) shared with the i386 calls (sys_ipc32.c):
 * do_shmat() into the guest's address space (0 and the guest address in
 * *raddr, or -errno), and semtimedop with a host timeout (NULL: none). */
struct timespec;
long sys_ipc_shmat_core(struct task *t, int id, u64 addr, int flg, u64 *raddr);
long sys_ipc_semtimedop_core(struct task *t, int id, u64 usops, u32 nsops,
                             const struct timespec *ts);

/* System V IPC commands older libc headers lack (sys_ipc.c, sys_ipc32.c). */
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

#endif
