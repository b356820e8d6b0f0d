/* abi_layout.c — emu's guest structures (src/abi/lx_*.h) against the
 * kernel's own uapi headers.  tests/abi_layout.sh compiles this file with
 * -m64 for the x86-64 layouts (lx64_*, and the lx_* ones every ABI shares)
 * and with -m32 for the i386 ones (lx32_*, and lx_* again), each time
 * twice: the kernel's headers, then with ABI_LAYOUT_LIBC the C library's
 * for the socket structures.  Every check is a _Static_assert on the size of a structure and on the
 * offset and the size of each of emu's fields, so a difference fails the build of this file, and so
 * the test. */
#ifndef ABI_LAYOUT_LIBC
#include <asm/fcntl.h>
#include <asm/ldt.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termios.h>
#include <linux/capability.h>
#include <linux/eventpoll.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/poll.h>
#include <linux/ipc.h>
#include <linux/mount.h>
#include <linux/mqueue.h>
#include <linux/msg.h>
#include <linux/openat2.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/timex.h>
#include <linux/times.h>
#include <linux/utime.h>
#include <linux/utsname.h>
#else
/* The socket structures the kernel keeps outside uapi (user_msghdr,
 * cmsghdr, linger, ucred), from the C library, whose layouts are the
 * kernel's; its headers and the kernel's both define struct timeval, hence
 * a second pass. */
#define _GNU_SOURCE
#include <sys/socket.h>
#endif
#include <stddef.h>

#include "abi/lx_fs.h"
#include "abi/lx_ipc.h"
#include "abi/lx_net.h"
#include "abi/lx_proc.h"
#include "abi/lx_signal.h"
#include "abi/lx_time.h"
#include "abi/lx_types.h"

/* The structure ours has the size of the kernel's theirs. */
#define SIZE(ours, theirs) \
  _Static_assert(sizeof(struct ours) == sizeof(struct theirs), #ours " vs " #theirs ": size")
/* Our field f sits where the kernel's field k does, with its size. */
#define FIELD(ours, f, theirs, k)                                                      \
  _Static_assert(offsetof(struct ours, f) == offsetof(struct theirs, k) &&             \
                     sizeof(((struct ours *)0)->f) == sizeof(((struct theirs *)0)->k), \
                 #ours "." #f " vs " #theirs "." #k)
/* Our field f starts where the kernel's k does (a union of a different size). */
#define AT(ours, f, theirs, k)                                           \
  _Static_assert(offsetof(struct ours, f) == offsetof(struct theirs, k), \
                 #ours "." #f " vs " #theirs "." #k)
/* The same, for fields of one name on both sides. */
#define SAME(ours, theirs, f) FIELD(ours, f, theirs, f)

/* struct rusage: two timevals and fourteen longs of the ABI. */
#define RUSAGE(ours)               \
  SIZE(ours, rusage);              \
  SAME(ours, rusage, ru_utime);    \
  SAME(ours, rusage, ru_stime);    \
  SAME(ours, rusage, ru_maxrss);   \
  SAME(ours, rusage, ru_ixrss);    \
  SAME(ours, rusage, ru_idrss);    \
  SAME(ours, rusage, ru_isrss);    \
  SAME(ours, rusage, ru_minflt);   \
  SAME(ours, rusage, ru_majflt);   \
  SAME(ours, rusage, ru_nswap);    \
  SAME(ours, rusage, ru_inblock);  \
  SAME(ours, rusage, ru_oublock);  \
  SAME(ours, rusage, ru_msgsnd);   \
  SAME(ours, rusage, ru_msgrcv);   \
  SAME(ours, rusage, ru_nsignals); \
  SAME(ours, rusage, ru_nvcsw);    \
  SAME(ours, rusage, ru_nivcsw)

/* struct sysinfo: the ABI's longs. */
#define SYSINFO(ours)             \
  SIZE(ours, sysinfo);            \
  SAME(ours, sysinfo, uptime);    \
  SAME(ours, sysinfo, loads);     \
  SAME(ours, sysinfo, totalram);  \
  SAME(ours, sysinfo, freeram);   \
  SAME(ours, sysinfo, sharedram); \
  SAME(ours, sysinfo, bufferram); \
  SAME(ours, sysinfo, totalswap); \
  SAME(ours, sysinfo, freeswap);  \
  SAME(ours, sysinfo, procs);     \
  SAME(ours, sysinfo, pad);       \
  SAME(ours, sysinfo, totalhigh); \
  SAME(ours, sysinfo, freehigh);  \
  SAME(ours, sysinfo, mem_unit)

/* siginfo_t: the same fields on both ABIs, at each ABI's offsets; the
 * unions differ in size only (emu's raw pads to the kernel's 128 bytes). */
#define SIGINFO(ours)                                                  \
  SIZE(ours, siginfo);                                                 \
  FIELD(ours, signo, siginfo, si_signo);                               \
  FIELD(ours, err, siginfo, si_errno);                                 \
  FIELD(ours, code, siginfo, si_code);                                 \
  AT(ours, u, siginfo, _sifields);                                     \
  FIELD(ours, u.kill.pid, siginfo, _sifields._kill._pid);              \
  FIELD(ours, u.kill.uid, siginfo, _sifields._kill._uid);              \
  FIELD(ours, u.kill.value, siginfo, _sifields._rt._sigval);           \
  FIELD(ours, u.timer.tid, siginfo, _sifields._timer._tid);            \
  FIELD(ours, u.timer.overrun, siginfo, _sifields._timer._overrun);    \
  FIELD(ours, u.timer.value, siginfo, _sifields._timer._sigval);       \
  FIELD(ours, u.chld.pid, siginfo, _sifields._sigchld._pid);           \
  FIELD(ours, u.chld.uid, siginfo, _sifields._sigchld._uid);           \
  FIELD(ours, u.chld.status, siginfo, _sifields._sigchld._status);     \
  FIELD(ours, u.chld.utime, siginfo, _sifields._sigchld._utime);       \
  FIELD(ours, u.chld.stime, siginfo, _sifields._sigchld._stime);       \
  FIELD(ours, u.fault.addr, siginfo, _sifields._sigfault._addr);       \
  FIELD(ours, u.poll.band, siginfo, _sifields._sigpoll._band);         \
  FIELD(ours, u.poll.fd, siginfo, _sifields._sigpoll._fd);             \
  FIELD(ours, u.sys.call_addr, siginfo, _sifields._sigsys._call_addr); \
  FIELD(ours, u.sys.syscall, siginfo, _sifields._sigsys._syscall);     \
  FIELD(ours, u.sys.arch, siginfo, _sifields._sigsys._arch)

/* struct mq_attr: the ABI's longs. */
#define MQ_ATTR(ours)                  \
  SIZE(ours, mq_attr);                 \
  SAME(ours, mq_attr, mq_flags);       \
  SAME(ours, mq_attr, mq_maxmsg);      \
  SAME(ours, mq_attr, mq_msgsize);     \
  SAME(ours, mq_attr, mq_curmsgs);     \
  FIELD(ours, reserved, mq_attr, __reserved)

/* struct timex (the ABI's longs) and __kernel_timex (long longs). */
#define TIMEX(ours, theirs)         \
  SIZE(ours, theirs);               \
  SAME(ours, theirs, modes);        \
  SAME(ours, theirs, offset);       \
  SAME(ours, theirs, freq);         \
  SAME(ours, theirs, maxerror);     \
  SAME(ours, theirs, esterror);     \
  SAME(ours, theirs, status);       \
  SAME(ours, theirs, constant);     \
  SAME(ours, theirs, precision);    \
  SAME(ours, theirs, tolerance);    \
  SAME(ours, theirs, time);         \
  SAME(ours, theirs, time.tv_sec);  \
  SAME(ours, theirs, time.tv_usec); \
  SAME(ours, theirs, tick);         \
  SAME(ours, theirs, ppsfreq);      \
  SAME(ours, theirs, jitter);       \
  SAME(ours, theirs, shift);        \
  SAME(ours, theirs, stabil);       \
  SAME(ours, theirs, jitcnt);       \
  SAME(ours, theirs, calcnt);       \
  SAME(ours, theirs, errcnt);       \
  SAME(ours, theirs, stbcnt);       \
  SAME(ours, theirs, tai)

/* struct sigevent: the ABI's sigval, then the union. */
#define SIGEVENT(ours)                                                            \
  SIZE(ours, sigevent);                                                           \
  SAME(ours, sigevent, sigev_value);                                              \
  FIELD(ours, sigev_value.sival_int, sigevent, sigev_value.sival_int);            \
  FIELD(ours, sigev_value.sival_ptr, sigevent, sigev_value.sival_ptr);            \
  SAME(ours, sigevent, sigev_signo);                                              \
  SAME(ours, sigevent, sigev_notify);                                             \
  FIELD(ours, un, sigevent, _sigev_un);                                           \
  FIELD(ours, un.tid, sigevent, _sigev_un._tid);                                  \
  FIELD(ours, un.thread.function, sigevent, _sigev_un._sigev_thread._function);   \
  FIELD(ours, un.thread.attribute, sigevent, _sigev_un._sigev_thread._attribute); \
  FIELD(ours, un.pad, sigevent, _sigev_un._pad)

#ifndef ABI_LAYOUT_LIBC
/* --- shared by both ABIs -------------------------------------------------- */

SIZE(lx_timezone, timezone);
SAME(lx_timezone, timezone, tz_minuteswest);
SAME(lx_timezone, timezone, tz_dsttime);

SIZE(lx_statx_timestamp, statx_timestamp);
SAME(lx_statx_timestamp, statx_timestamp, tv_sec);
SAME(lx_statx_timestamp, statx_timestamp, tv_nsec);
SIZE(lx_statx, statx);
SAME(lx_statx, statx, stx_mask);
SAME(lx_statx, statx, stx_blksize);
SAME(lx_statx, statx, stx_attributes);
SAME(lx_statx, statx, stx_nlink);
SAME(lx_statx, statx, stx_uid);
SAME(lx_statx, statx, stx_gid);
SAME(lx_statx, statx, stx_mode);
SAME(lx_statx, statx, stx_ino);
SAME(lx_statx, statx, stx_size);
SAME(lx_statx, statx, stx_blocks);
SAME(lx_statx, statx, stx_attributes_mask);
SAME(lx_statx, statx, stx_atime);
SAME(lx_statx, statx, stx_btime);
SAME(lx_statx, statx, stx_ctime);
SAME(lx_statx, statx, stx_mtime);
SAME(lx_statx, statx, stx_rdev_major);
SAME(lx_statx, statx, stx_rdev_minor);
SAME(lx_statx, statx, stx_dev_major);
SAME(lx_statx, statx, stx_dev_minor);
SAME(lx_statx, statx, stx_mnt_id);
SAME(lx_statx, statx, stx_dio_mem_align);
SAME(lx_statx, statx, stx_dio_offset_align);

SIZE(lx_open_how, open_how);
SAME(lx_open_how, open_how, flags);
SAME(lx_open_how, open_how, mode);
SAME(lx_open_how, open_how, resolve);

SIZE(lx_f_owner_ex, f_owner_ex);
SAME(lx_f_owner_ex, f_owner_ex, type);
SAME(lx_f_owner_ex, f_owner_ex, pid);

SIZE(lx_mount_attr, mount_attr);
SAME(lx_mount_attr, mount_attr, attr_set);
SAME(lx_mount_attr, mount_attr, attr_clr);
SAME(lx_mount_attr, mount_attr, propagation);
SAME(lx_mount_attr, mount_attr, userns_fd);
_Static_assert(LX_MOUNT_ATTR_SIZE_VER0 == MOUNT_ATTR_SIZE_VER0, "LX_MOUNT_ATTR_SIZE_VER0");

SIZE(lx_rlimit64, rlimit64);
SAME(lx_rlimit64, rlimit64, rlim_cur);
SAME(lx_rlimit64, rlimit64, rlim_max);

SIZE(lx_sched_attr, sched_attr);
SAME(lx_sched_attr, sched_attr, size);
SAME(lx_sched_attr, sched_attr, sched_policy);
SAME(lx_sched_attr, sched_attr, sched_flags);
SAME(lx_sched_attr, sched_attr, sched_nice);
SAME(lx_sched_attr, sched_attr, sched_priority);
SAME(lx_sched_attr, sched_attr, sched_runtime);
SAME(lx_sched_attr, sched_attr, sched_deadline);
SAME(lx_sched_attr, sched_attr, sched_period);
SAME(lx_sched_attr, sched_attr, sched_util_min);
SAME(lx_sched_attr, sched_attr, sched_util_max);

SIZE(lx_clone_args, clone_args);
SAME(lx_clone_args, clone_args, flags);
SAME(lx_clone_args, clone_args, pidfd);
SAME(lx_clone_args, clone_args, child_tid);
SAME(lx_clone_args, clone_args, parent_tid);
SAME(lx_clone_args, clone_args, exit_signal);
SAME(lx_clone_args, clone_args, stack);
SAME(lx_clone_args, clone_args, stack_size);
SAME(lx_clone_args, clone_args, tls);
SAME(lx_clone_args, clone_args, set_tid);
SAME(lx_clone_args, clone_args, set_tid_size);
SAME(lx_clone_args, clone_args, cgroup);
_Static_assert(LX_CLONE_ARGS_SIZE_VER0 == CLONE_ARGS_SIZE_VER0 &&
                   LX_CLONE_ARGS_SIZE_VER1 == CLONE_ARGS_SIZE_VER1 &&
                   LX_CLONE_ARGS_SIZE_VER2 == CLONE_ARGS_SIZE_VER2,
               "LX_CLONE_ARGS_SIZE_VER*");

SIZE(lx_cap_header, __user_cap_header_struct);
SAME(lx_cap_header, __user_cap_header_struct, version);
SAME(lx_cap_header, __user_cap_header_struct, pid);
SIZE(lx_cap_data, __user_cap_data_struct);
SAME(lx_cap_data, __user_cap_data_struct, effective);
SAME(lx_cap_data, __user_cap_data_struct, permitted);
SAME(lx_cap_data, __user_cap_data_struct, inheritable);

/* user_desc's flags are the kernel's bit fields, which have no offset. */
SIZE(lx_user_desc, user_desc);
SAME(lx_user_desc, user_desc, entry_number);
SAME(lx_user_desc, user_desc, base_addr);
SAME(lx_user_desc, user_desc, limit);

/* linux/in.h makes sin_zero a macro for its __pad: both sides say __pad. */
SIZE(lx_sockaddr_in, sockaddr_in);
SAME(lx_sockaddr_in, sockaddr_in, sin_family);
SAME(lx_sockaddr_in, sockaddr_in, sin_port);
SAME(lx_sockaddr_in, sockaddr_in, sin_addr);
SAME(lx_sockaddr_in, sockaddr_in, sin_zero);

SIZE(lx_sockaddr_in6, sockaddr_in6);
SAME(lx_sockaddr_in6, sockaddr_in6, sin6_family);
SAME(lx_sockaddr_in6, sockaddr_in6, sin6_port);
SAME(lx_sockaddr_in6, sockaddr_in6, sin6_flowinfo);
SAME(lx_sockaddr_in6, sockaddr_in6, sin6_addr);
SAME(lx_sockaddr_in6, sockaddr_in6, sin6_scope_id);

SIZE(lx_pollfd, pollfd);
SAME(lx_pollfd, pollfd, fd);
SAME(lx_pollfd, pollfd, events);
SAME(lx_pollfd, pollfd, revents);

SIZE(lx_epoll_event, epoll_event);
SAME(lx_epoll_event, epoll_event, events);
SAME(lx_epoll_event, epoll_event, data);

SIZE(lx_utsname, new_utsname);
SAME(lx_utsname, new_utsname, sysname);
SAME(lx_utsname, new_utsname, nodename);
SAME(lx_utsname, new_utsname, release);
SAME(lx_utsname, new_utsname, version);
SAME(lx_utsname, new_utsname, machine);
SAME(lx_utsname, new_utsname, domainname);
SIZE(lx_old_utsname, old_utsname);
SAME(lx_old_utsname, old_utsname, sysname);
SAME(lx_old_utsname, old_utsname, nodename);
SAME(lx_old_utsname, old_utsname, release);
SAME(lx_old_utsname, old_utsname, version);
SAME(lx_old_utsname, old_utsname, machine);
SIZE(lx_oldold_utsname, oldold_utsname);
SAME(lx_oldold_utsname, oldold_utsname, sysname);
SAME(lx_oldold_utsname, oldold_utsname, nodename);
SAME(lx_oldold_utsname, oldold_utsname, release);
SAME(lx_oldold_utsname, oldold_utsname, version);
SAME(lx_oldold_utsname, oldold_utsname, machine);

SIZE(lx_sembuf, sembuf);
SAME(lx_sembuf, sembuf, sem_num);
SAME(lx_sembuf, sembuf, sem_op);
SAME(lx_sembuf, sembuf, sem_flg);

SIZE(lx_termios, termios);
SAME(lx_termios, termios, c_iflag);
SAME(lx_termios, termios, c_oflag);
SAME(lx_termios, termios, c_cflag);
SAME(lx_termios, termios, c_lflag);
SAME(lx_termios, termios, c_line);
SAME(lx_termios, termios, c_cc);
SIZE(lx_winsize, winsize);
SAME(lx_winsize, winsize, ws_row);
SAME(lx_winsize, winsize, ws_col);
SAME(lx_winsize, winsize, ws_xpixel);
SAME(lx_winsize, winsize, ws_ypixel);

#ifdef __x86_64__
/* --- x86-64 ---------------------------------------------------------------- */

_Static_assert(sizeof(lx64_time_t) == sizeof(__kernel_old_time_t), "lx64_time_t");
_Static_assert(sizeof(lx64_off_t) == sizeof(__kernel_off_t), "lx64_off_t");
SIZE(lx64_timespec, __kernel_timespec);
SAME(lx64_timespec, __kernel_timespec, tv_sec);
SAME(lx64_timespec, __kernel_timespec, tv_nsec);
SIZE(lx64_timeval, timeval);
SAME(lx64_timeval, timeval, tv_sec);
SAME(lx64_timeval, timeval, tv_usec);
SIZE(lx64_itimerspec, __kernel_itimerspec);
SAME(lx64_itimerspec, __kernel_itimerspec, it_interval);
SAME(lx64_itimerspec, __kernel_itimerspec, it_value);
SIZE(lx64_itimerval, itimerval);
SAME(lx64_itimerval, itimerval, it_interval);
SAME(lx64_itimerval, itimerval, it_value);
SIZE(lx64_utimbuf, utimbuf);
SAME(lx64_utimbuf, utimbuf, actime);
SAME(lx64_utimbuf, utimbuf, modtime);
SIZE(lx64_tms, tms);
SAME(lx64_tms, tms, tms_utime);
SAME(lx64_tms, tms, tms_stime);
SAME(lx64_tms, tms, tms_cutime);
SAME(lx64_tms, tms, tms_cstime);

SIZE(lx64_stat, stat);
SAME(lx64_stat, stat, st_dev);
SAME(lx64_stat, stat, st_ino);
SAME(lx64_stat, stat, st_nlink);
SAME(lx64_stat, stat, st_mode);
SAME(lx64_stat, stat, st_uid);
SAME(lx64_stat, stat, st_gid);
SAME(lx64_stat, stat, st_rdev);
SAME(lx64_stat, stat, st_size);
SAME(lx64_stat, stat, st_blksize);
SAME(lx64_stat, stat, st_blocks);
FIELD(lx64_stat, st_atime_sec, stat, st_atime);
SAME(lx64_stat, stat, st_atime_nsec);
FIELD(lx64_stat, st_mtime_sec, stat, st_mtime);
SAME(lx64_stat, stat, st_mtime_nsec);
FIELD(lx64_stat, st_ctime_sec, stat, st_ctime);
SAME(lx64_stat, stat, st_ctime_nsec);
FIELD(lx64_stat, unused, stat, __unused);

SIZE(lx64_statfs, statfs);
SAME(lx64_statfs, statfs, f_type);
SAME(lx64_statfs, statfs, f_bsize);
SAME(lx64_statfs, statfs, f_blocks);
SAME(lx64_statfs, statfs, f_bfree);
SAME(lx64_statfs, statfs, f_bavail);
SAME(lx64_statfs, statfs, f_files);
SAME(lx64_statfs, statfs, f_ffree);
SAME(lx64_statfs, statfs, f_fsid);
SAME(lx64_statfs, statfs, f_namelen);
SAME(lx64_statfs, statfs, f_frsize);
SAME(lx64_statfs, statfs, f_flags);
SAME(lx64_statfs, statfs, f_spare);

SIZE(lx64_flock, flock);
SAME(lx64_flock, flock, l_type);
SAME(lx64_flock, flock, l_whence);
SAME(lx64_flock, flock, l_start);
SAME(lx64_flock, flock, l_len);
SAME(lx64_flock, flock, l_pid);

/* The rt sigaction of x86-64 (asm/signal.h outside the kernel). */
SIZE(lx_sigaction, sigaction);
FIELD(lx_sigaction, handler, sigaction, sa_handler);
FIELD(lx_sigaction, flags, sigaction, sa_flags);
FIELD(lx_sigaction, restorer, sigaction, sa_restorer);
FIELD(lx_sigaction, mask, sigaction, sa_mask);
SIZE(lx_stack, sigaltstack);
SAME(lx_stack, sigaltstack, ss_sp);
SAME(lx_stack, sigaltstack, ss_flags);
SAME(lx_stack, sigaltstack, ss_size);
SIGINFO(lx_siginfo);

/* struct rlimit of x86-64 is struct rlimit64. */
SIZE(lx_rlimit64, rlimit);
SAME(lx_rlimit64, rlimit, rlim_cur);
SAME(lx_rlimit64, rlimit, rlim_max);

RUSAGE(lx64_rusage);

SYSINFO(lx64_sysinfo);

TIMEX(lx64_timex, timex);
TIMEX(lx64_timex, __kernel_timex);
SIGEVENT(lx64_sigevent);

MQ_ATTR(lx64_mq_attr);
/* msgbuf's text is a flexible array here, mtext[1] in uapi. */
SAME(lx64_msgbuf, msgbuf, mtype);
AT(lx64_msgbuf, mtext, msgbuf, mtext);

#else
/* --- i386 ------------------------------------------------------------------ */

_Static_assert(sizeof(lx32_time_t) == sizeof(__kernel_old_time_t), "lx32_time_t");
_Static_assert(sizeof(lx32_off_t) == sizeof(__kernel_off_t), "lx32_off_t");
SIZE(lx32_timespec, timespec);
SAME(lx32_timespec, timespec, tv_sec);
SAME(lx32_timespec, timespec, tv_nsec);
SIZE(lx32_timeval, timeval);
SAME(lx32_timeval, timeval, tv_sec);
SAME(lx32_timeval, timeval, tv_usec);
SIZE(lx32_itimerspec, itimerspec);
SAME(lx32_itimerspec, itimerspec, it_interval);
SAME(lx32_itimerspec, itimerspec, it_value);
SIZE(lx32_itimerval, itimerval);
SAME(lx32_itimerval, itimerval, it_interval);
SAME(lx32_itimerval, itimerval, it_value);
SIZE(lx32_utimbuf, utimbuf);
SAME(lx32_utimbuf, utimbuf, actime);
SAME(lx32_utimbuf, utimbuf, modtime);
SIZE(lx32_tms, tms);
SAME(lx32_tms, tms, tms_utime);
SAME(lx32_tms, tms, tms_stime);
SAME(lx32_tms, tms, tms_cutime);
SAME(lx32_tms, tms, tms_cstime);
/* The *_time64 calls of i386 take the x86-64 layouts. */
SIZE(lx64_timespec, __kernel_timespec);
SAME(lx64_timespec, __kernel_timespec, tv_sec);
SAME(lx64_timespec, __kernel_timespec, tv_nsec);
SIZE(lx64_itimerspec, __kernel_itimerspec);
SAME(lx64_itimerspec, __kernel_itimerspec, it_interval);
SAME(lx64_itimerspec, __kernel_itimerspec, it_value);

SIZE(lx32_stat, stat);
SAME(lx32_stat, stat, st_dev);
SAME(lx32_stat, stat, st_ino);
SAME(lx32_stat, stat, st_mode);
SAME(lx32_stat, stat, st_nlink);
SAME(lx32_stat, stat, st_uid);
SAME(lx32_stat, stat, st_gid);
SAME(lx32_stat, stat, st_rdev);
SAME(lx32_stat, stat, st_size);
SAME(lx32_stat, stat, st_blksize);
SAME(lx32_stat, stat, st_blocks);
FIELD(lx32_stat, st_atime_sec, stat, st_atime);
SAME(lx32_stat, stat, st_atime_nsec);
FIELD(lx32_stat, st_mtime_sec, stat, st_mtime);
SAME(lx32_stat, stat, st_mtime_nsec);
FIELD(lx32_stat, st_ctime_sec, stat, st_ctime);
SAME(lx32_stat, stat, st_ctime_nsec);
FIELD(lx32_stat, unused4, stat, __unused4);
FIELD(lx32_stat, unused5, stat, __unused5);

SIZE(lx32_stat64, stat64);
SAME(lx32_stat64, stat64, st_dev);
FIELD(lx32_stat64, pad0, stat64, __pad0);
FIELD(lx32_stat64, st_ino32, stat64, __st_ino);
SAME(lx32_stat64, stat64, st_mode);
SAME(lx32_stat64, stat64, st_nlink);
SAME(lx32_stat64, stat64, st_uid);
SAME(lx32_stat64, stat64, st_gid);
SAME(lx32_stat64, stat64, st_rdev);
FIELD(lx32_stat64, pad3, stat64, __pad3);
SAME(lx32_stat64, stat64, st_size);
SAME(lx32_stat64, stat64, st_blksize);
SAME(lx32_stat64, stat64, st_blocks);
FIELD(lx32_stat64, st_atime_sec, stat64, st_atime);
SAME(lx32_stat64, stat64, st_atime_nsec);
FIELD(lx32_stat64, st_mtime_sec, stat64, st_mtime);
SAME(lx32_stat64, stat64, st_mtime_nsec);
FIELD(lx32_stat64, st_ctime_sec, stat64, st_ctime);
SAME(lx32_stat64, stat64, st_ctime_nsec);
SAME(lx32_stat64, stat64, st_ino);

SIZE(lx32_statfs, statfs);
SAME(lx32_statfs, statfs, f_type);
SAME(lx32_statfs, statfs, f_bsize);
SAME(lx32_statfs, statfs, f_blocks);
SAME(lx32_statfs, statfs, f_bfree);
SAME(lx32_statfs, statfs, f_bavail);
SAME(lx32_statfs, statfs, f_files);
SAME(lx32_statfs, statfs, f_ffree);
SAME(lx32_statfs, statfs, f_fsid);
SAME(lx32_statfs, statfs, f_namelen);
SAME(lx32_statfs, statfs, f_frsize);
SAME(lx32_statfs, statfs, f_flags);
SAME(lx32_statfs, statfs, f_spare);

SIZE(lx32_statfs64, statfs64);
SAME(lx32_statfs64, statfs64, f_type);
SAME(lx32_statfs64, statfs64, f_bsize);
SAME(lx32_statfs64, statfs64, f_blocks);
SAME(lx32_statfs64, statfs64, f_bfree);
SAME(lx32_statfs64, statfs64, f_bavail);
SAME(lx32_statfs64, statfs64, f_files);
SAME(lx32_statfs64, statfs64, f_ffree);
SAME(lx32_statfs64, statfs64, f_fsid);
SAME(lx32_statfs64, statfs64, f_namelen);
SAME(lx32_statfs64, statfs64, f_frsize);
SAME(lx32_statfs64, statfs64, f_flags);
SAME(lx32_statfs64, statfs64, f_spare);

SIZE(lx32_flock, flock);
SAME(lx32_flock, flock, l_type);
SAME(lx32_flock, flock, l_whence);
SAME(lx32_flock, flock, l_start);
SAME(lx32_flock, flock, l_len);
SAME(lx32_flock, flock, l_pid);

SIZE(lx32_flock64, flock64);
SAME(lx32_flock64, flock64, l_type);
SAME(lx32_flock64, flock64, l_whence);
SAME(lx32_flock64, flock64, l_start);
SAME(lx32_flock64, flock64, l_len);
SAME(lx32_flock64, flock64, l_pid);

SIZE(lx32_rlimit, rlimit);
SAME(lx32_rlimit, rlimit, rlim_cur);
SAME(lx32_rlimit, rlimit, rlim_max);

/* asm/signal.h outside the kernel gives i386 its old sigaction; the rt one
 * (lx32_sigaction) has no uapi structure: its header asserts its offsets. */
SIZE(lx32_old_sigaction, sigaction);
FIELD(lx32_old_sigaction, handler, sigaction, sa_handler);
FIELD(lx32_old_sigaction, mask, sigaction, sa_mask);
FIELD(lx32_old_sigaction, flags, sigaction, sa_flags);
FIELD(lx32_old_sigaction, restorer, sigaction, sa_restorer);
SIZE(lx32_stack, sigaltstack);
SAME(lx32_stack, sigaltstack, ss_sp);
SAME(lx32_stack, sigaltstack, ss_flags);
SAME(lx32_stack, sigaltstack, ss_size);
SIGINFO(lx32_siginfo);

RUSAGE(lx32_rusage);

SYSINFO(lx32_sysinfo);
FIELD(lx32_sysinfo, f, sysinfo, _f);

TIMEX(lx32_timex, timex);
/* clock_adjtime64 takes the x86-64 layout. */
TIMEX(lx64_timex, __kernel_timex);
SIGEVENT(lx32_sigevent);

MQ_ATTR(lx32_mq_attr);
SAME(lx32_msgbuf, msgbuf, mtype);
AT(lx32_msgbuf, mtext, msgbuf, mtext);

/* The compat IPC structures are the -m32 uapi ones: ipc64_perm and the
 * *id64_ds of asm-generic (IPC_64), ipc_perm and the old *id_ds of
 * linux/{ipc,msg,sem,shm}.h. */
SIZE(lx32_ipc64_perm, ipc64_perm);
SAME(lx32_ipc64_perm, ipc64_perm, key);
SAME(lx32_ipc64_perm, ipc64_perm, uid);
SAME(lx32_ipc64_perm, ipc64_perm, gid);
SAME(lx32_ipc64_perm, ipc64_perm, cuid);
SAME(lx32_ipc64_perm, ipc64_perm, cgid);
SAME(lx32_ipc64_perm, ipc64_perm, mode);
FIELD(lx32_ipc64_perm, pad1, ipc64_perm, __pad1);
SAME(lx32_ipc64_perm, ipc64_perm, seq);
FIELD(lx32_ipc64_perm, pad2, ipc64_perm, __pad2);
FIELD(lx32_ipc64_perm, unused1, ipc64_perm, __unused1);
FIELD(lx32_ipc64_perm, unused2, ipc64_perm, __unused2);
SIZE(lx32_ipc_perm, ipc_perm);
SAME(lx32_ipc_perm, ipc_perm, key);
SAME(lx32_ipc_perm, ipc_perm, uid);
SAME(lx32_ipc_perm, ipc_perm, gid);
SAME(lx32_ipc_perm, ipc_perm, cuid);
SAME(lx32_ipc_perm, ipc_perm, cgid);
SAME(lx32_ipc_perm, ipc_perm, mode);
SAME(lx32_ipc_perm, ipc_perm, seq);

SIZE(lx32_msqid64_ds, msqid64_ds);
FIELD(lx32_msqid64_ds, perm, msqid64_ds, msg_perm);
FIELD(lx32_msqid64_ds, stime, msqid64_ds, msg_stime);
FIELD(lx32_msqid64_ds, stime_high, msqid64_ds, msg_stime_high);
FIELD(lx32_msqid64_ds, rtime, msqid64_ds, msg_rtime);
FIELD(lx32_msqid64_ds, rtime_high, msqid64_ds, msg_rtime_high);
FIELD(lx32_msqid64_ds, ctime, msqid64_ds, msg_ctime);
FIELD(lx32_msqid64_ds, ctime_high, msqid64_ds, msg_ctime_high);
FIELD(lx32_msqid64_ds, cbytes, msqid64_ds, msg_cbytes);
FIELD(lx32_msqid64_ds, qnum, msqid64_ds, msg_qnum);
FIELD(lx32_msqid64_ds, qbytes, msqid64_ds, msg_qbytes);
FIELD(lx32_msqid64_ds, lspid, msqid64_ds, msg_lspid);
FIELD(lx32_msqid64_ds, lrpid, msqid64_ds, msg_lrpid);
SIZE(lx32_msqid_ds, msqid_ds);
FIELD(lx32_msqid_ds, perm, msqid_ds, msg_perm);
FIELD(lx32_msqid_ds, first, msqid_ds, msg_first);
FIELD(lx32_msqid_ds, last, msqid_ds, msg_last);
FIELD(lx32_msqid_ds, stime, msqid_ds, msg_stime);
FIELD(lx32_msqid_ds, rtime, msqid_ds, msg_rtime);
FIELD(lx32_msqid_ds, ctime, msqid_ds, msg_ctime);
FIELD(lx32_msqid_ds, lcbytes, msqid_ds, msg_lcbytes);
FIELD(lx32_msqid_ds, lqbytes, msqid_ds, msg_lqbytes);
FIELD(lx32_msqid_ds, cbytes, msqid_ds, msg_cbytes);
FIELD(lx32_msqid_ds, qnum, msqid_ds, msg_qnum);
FIELD(lx32_msqid_ds, qbytes, msqid_ds, msg_qbytes);
FIELD(lx32_msqid_ds, lspid, msqid_ds, msg_lspid);
FIELD(lx32_msqid_ds, lrpid, msqid_ds, msg_lrpid);

SIZE(lx32_semid64_ds, semid64_ds);
FIELD(lx32_semid64_ds, perm, semid64_ds, sem_perm);
FIELD(lx32_semid64_ds, otime, semid64_ds, sem_otime);
FIELD(lx32_semid64_ds, otime_high, semid64_ds, sem_otime_high);
FIELD(lx32_semid64_ds, ctime, semid64_ds, sem_ctime);
FIELD(lx32_semid64_ds, ctime_high, semid64_ds, sem_ctime_high);
FIELD(lx32_semid64_ds, nsems, semid64_ds, sem_nsems);
SIZE(lx32_semid_ds, semid_ds);
FIELD(lx32_semid_ds, perm, semid_ds, sem_perm);
FIELD(lx32_semid_ds, otime, semid_ds, sem_otime);
FIELD(lx32_semid_ds, ctime, semid_ds, sem_ctime);
FIELD(lx32_semid_ds, base, semid_ds, sem_base);
FIELD(lx32_semid_ds, pending, semid_ds, sem_pending);
FIELD(lx32_semid_ds, pending_last, semid_ds, sem_pending_last);
FIELD(lx32_semid_ds, undo, semid_ds, undo);
FIELD(lx32_semid_ds, nsems, semid_ds, sem_nsems);

SIZE(lx32_shmid64_ds, shmid64_ds);
FIELD(lx32_shmid64_ds, perm, shmid64_ds, shm_perm);
FIELD(lx32_shmid64_ds, segsz, shmid64_ds, shm_segsz);
FIELD(lx32_shmid64_ds, atime, shmid64_ds, shm_atime);
FIELD(lx32_shmid64_ds, atime_high, shmid64_ds, shm_atime_high);
FIELD(lx32_shmid64_ds, dtime, shmid64_ds, shm_dtime);
FIELD(lx32_shmid64_ds, dtime_high, shmid64_ds, shm_dtime_high);
FIELD(lx32_shmid64_ds, ctime, shmid64_ds, shm_ctime);
FIELD(lx32_shmid64_ds, ctime_high, shmid64_ds, shm_ctime_high);
FIELD(lx32_shmid64_ds, cpid, shmid64_ds, shm_cpid);
FIELD(lx32_shmid64_ds, lpid, shmid64_ds, shm_lpid);
FIELD(lx32_shmid64_ds, nattch, shmid64_ds, shm_nattch);
SIZE(lx32_shmid_ds, shmid_ds);
FIELD(lx32_shmid_ds, perm, shmid_ds, shm_perm);
FIELD(lx32_shmid_ds, segsz, shmid_ds, shm_segsz);
FIELD(lx32_shmid_ds, atime, shmid_ds, shm_atime);
FIELD(lx32_shmid_ds, dtime, shmid_ds, shm_dtime);
FIELD(lx32_shmid_ds, ctime, shmid_ds, shm_ctime);
FIELD(lx32_shmid_ds, cpid, shmid_ds, shm_cpid);
FIELD(lx32_shmid_ds, lpid, shmid_ds, shm_lpid);
FIELD(lx32_shmid_ds, nattch, shmid_ds, shm_nattch);
SIZE(lx32_shminfo64, shminfo64);
SAME(lx32_shminfo64, shminfo64, shmmax);
SAME(lx32_shminfo64, shminfo64, shmmin);
SAME(lx32_shminfo64, shminfo64, shmmni);
SAME(lx32_shminfo64, shminfo64, shmseg);
SAME(lx32_shminfo64, shminfo64, shmall);
SIZE(lx32_shminfo, shminfo);
SAME(lx32_shminfo, shminfo, shmmax);
SAME(lx32_shminfo, shminfo, shmmin);
SAME(lx32_shminfo, shminfo, shmmni);
SAME(lx32_shminfo, shminfo, shmseg);
SAME(lx32_shminfo, shminfo, shmall);
SIZE(lx32_shm_info, shm_info);
SAME(lx32_shm_info, shm_info, used_ids);
SAME(lx32_shm_info, shm_info, shm_tot);
SAME(lx32_shm_info, shm_info, shm_rss);
SAME(lx32_shm_info, shm_info, shm_swp);
SAME(lx32_shm_info, shm_info, swap_attempts);
SAME(lx32_shm_info, shm_info, swap_successes);
#endif

#else /* ABI_LAYOUT_LIBC */
/* --- sockets ---------------------------------------------------------------- */

SIZE(lx_linger, linger);
SAME(lx_linger, linger, l_onoff);
SAME(lx_linger, linger, l_linger);
SIZE(lx_ucred, ucred);
SAME(lx_ucred, ucred, pid);
SAME(lx_ucred, ucred, uid);
SAME(lx_ucred, ucred, gid);

/* struct msghdr and cmsghdr of the ABI. */
#define MSGHDR(ours)                  \
  SIZE(ours, msghdr);                 \
  SAME(ours, msghdr, msg_name);       \
  SAME(ours, msghdr, msg_namelen);    \
  SAME(ours, msghdr, msg_iov);        \
  SAME(ours, msghdr, msg_iovlen);     \
  SAME(ours, msghdr, msg_control);    \
  SAME(ours, msghdr, msg_controllen); \
  SAME(ours, msghdr, msg_flags)
#define CMSGHDR(ours)              \
  SIZE(ours, cmsghdr);             \
  SAME(ours, cmsghdr, cmsg_len);   \
  SAME(ours, cmsghdr, cmsg_level); \
  SAME(ours, cmsghdr, cmsg_type)
#ifdef __x86_64__
MSGHDR(lx64_msghdr);
CMSGHDR(lx64_cmsghdr);
SIZE(lx64_iovec, iovec);
SAME(lx64_iovec, iovec, iov_base);
SAME(lx64_iovec, iovec, iov_len);
#else
MSGHDR(lx32_msghdr);
CMSGHDR(lx32_cmsghdr);
SIZE(lx32_iovec, iovec);
SAME(lx32_iovec, iovec, iov_base);
SAME(lx32_iovec, iovec, iov_len);
SIZE(lx32_mmsghdr, mmsghdr);
SAME(lx32_mmsghdr, mmsghdr, msg_hdr);
SAME(lx32_mmsghdr, mmsghdr, msg_len);
#endif
#endif /* ABI_LAYOUT_LIBC */
