/* sys_io.h — guest layouts and ABI-neutral cores of the I/O, time and
 * information system calls (sys_io*.c: pipes, ioctl, poll/select, sockets,
 * eventfd; sys_time.c: clocks and sleeps; sys_info*.c: uname, limits, ids,
 * scheduling).  Private to src/syscall.
 *
 * Split of work, per call:
 *   x86-64 handler (sys_<name>, SYS_DEFINEn)  copies guest structures in and
 *                                             out in the x86-64 layout (lx64_*)
 *   core (sys_io_*_core)                      takes host types and guest
 *                                             addresses only where the bytes are
 *                                             ABI-neutral, calls the host
 * The i386 rows (src/abi/calls_*.inc) reuse the x86-64 handlers
 * whose guest arguments are ABI-neutral: pipe, pipe2, socketpair, eventfd(2),
 * ioctl (termios, winsize, ints), poll, socket, bind, connect, listen,
 * accept4, get{sock,peer}name, shutdown, sendto, recvfrom, {set,get}sockopt
 * (which convert SO_{RCV,SND}TIMEO_OLD and the BPF fprog when t->abi is
 * ABI_I386), the *32 id calls, pgrp/sid/priority calls, getrandom, getcpu,
 * personality, capget/capset, sched_* except rr_get_interval and affinity,
 * prlimit64, and the *_time64 calls (sys_time_get_ts64 drops the padding
 * half of tv_nsec in an i386 call).  The i386 wrappers over the cores are in
 * sys_io32.c (ppoll, select, _newselect, pselect6{,_time64}), sys_net32.c
 * (socketcall, compat msghdr/cmsg/mmsghdr), sys_time32.c (32-bit timespec,
 * timeval, time, stime, tms) and sys_info32.c (old unames, sysinfo, rlimits,
 * rusage, 16-bit ids, nice, affinity on 32-bit words).
 */
#ifndef EMU_SYS_IO_H
#define EMU_SYS_IO_H

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "../abi/lx_fs.h"
#include "../abi/lx_net.h"
#include "../abi/lx_proc.h"
#include "../abi/lx_types.h"
#include "syscall.h"

/* ---- i386 layouts (the kernel's compat_* / old_*32 types) ---- */

/* struct compat_sock_fprog, i386: { u16 len; u32 filter } */
struct lx32_sock_fprog {
  u16 len;
  u16 pad;
  u32 filter;
};
_Static_assert(sizeof(struct lx32_sock_fprog) == 8, "lx32_sock_fprog");

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; } */
struct lx64_sigset_argpack {
  u64 ss;
  u64 ss_len;
};
_Static_assert(sizeof(struct lx64_sigset_argpack) == 16, "lx64_sigset_argpack");

/* ---- Helpers shared by the io/time/info files ---- */

/* Linux caps one read or write at MAX_RW_COUNT bytes. */

/* A host pointer for a guest buffer [addr, addr+*len) handed straight to a
 * host call that touches only as much of it as it needs (read, recv,
 * getrandom): *len is capped at MAX_RW_COUNT as Linux does and then at the end
 * of the guest window (the host faults on guest pages that are not mapped).
 * -EFAULT when addr lies outside the window and *len > 0.  A zero length
 * outside the window yields a NULL host pointer, which the host never touches. */
long sys_io_ubuf(const struct task *t, u64 addr, size_t *len, void **p);

/* A host pointer for a guest pointer argument whose object the host reads or
 * writes (sockaddr, socklen_t...): guest 0 becomes host NULL (the host then
 * answers as Linux does for NULL); otherwise the window-checked translation of
 * [addr, addr+len), or -EFAULT. */
long sys_io_uptr(const struct task *t, u64 addr, size_t len, void **p);

/* True when a timespec is valid for a timeout (timespec64_valid). */
static inline bool sys_io_ts_valid(const struct timespec *ts) {
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

/* Translate an iovec array in place: on entry iov[i].iov_base holds the
 * guest address (as an integer) and iov_len the guest length; on return the
 * host pointers with lengths capped as Linux's import_iovec does (total at
 * MAX_RW_COUNT, each at the window end).  -EINVAL for a negative length,
 * -EFAULT for a segment outside the window. */
long sys_io_iov_translate(const struct task *t, struct iovec *iov, size_t n);

/* ---- ABI-neutral cores ---- */

/* poll/ppoll: ufds is an array of struct lx_pollfd (ABI-neutral); ts is the
 * host timeout (NULL: infinite), updated with the time left as the kernel
 * does; mask NULL or the guest sigmask to use while waiting. */
long sys_io_ppoll_core(struct task *t, u64 ufds, u32 nfds, struct timespec *ts, const u64 *mask);

/* select/pselect6: fd sets at guest addresses (0 = none), each a bit array
 * of words of word_bytes bytes (8 for x86-64, 4 for i386), copied in and out
 * for n bits; ts as for ppoll. */
long sys_io_select_core(struct task *t, int n, u64 in, u64 out, u64 ex, struct timespec *ts,
                        const u64 *mask, unsigned word_bytes);

/* sendmsg/recvmsg: m is a host msghdr whose name, iov (translated) and
 * control are host pointers into guest memory or emu buffers. */
long sys_io_sendmsg_core(struct task *t, int fd, const struct msghdr *m, int flags);
long sys_io_recvmsg_core(struct task *t, int fd, struct msghdr *m, int flags);

/* -EBADF or -ENOTSOCK when fd is not a socket (what Linux checks before it
 * reads a socket call's arguments), else 0. */
long sys_io_sock_check(int fd);

/* ---- time (sys_time.c) ---- */

/* struct __kernel_timespec (x86-64 timespec, and i386's 64-bit time calls) in
 * / out: 0 or -EFAULT.  In an i386 call the upper half of tv_nsec is padding
 * and ignored, as the kernel's get_timespec64 does in compat mode. */
long sys_time_get_ts64(struct task *t, u64 uts, struct timespec *ts);
long sys_time_put_ts64(struct task *t, u64 uts, const struct timespec *ts);

long sys_time_clock_gettime_core(int clk, struct timespec *ts);
long sys_time_clock_getres_core(int clk, struct timespec *ts);
/* Sleep on clk; req already validated (sys_io_ts_valid).  rem gets the time
 * left when a relative sleep is interrupted (-EINTR). */
long sys_time_nanosleep_core(int clk, int flags, const struct timespec *req, struct timespec *rem);

/* i386 struct old_timespec32 in / out (get/put_old_timespec32): 0 or -EFAULT. */
long sys_time_get_ts32(struct task *t, u64 uts, struct timespec *ts);
long sys_time_put_ts32(struct task *t, u64 uts, const struct timespec *ts);

/* ---- info (sys_info.c) ---- */

struct utsname;
struct rlimit;
/* The host's uname with the machine a native 64-bit guest would see. */
long sys_info_uname_core(struct utsname *u);
/* prlimit64 on host struct rlimit (nw/old may be NULL); the caller's own
 * RLIMIT_AS/DATA/STACK are the guest's, kept in its mm. */
long sys_info_prlimit_core(struct task *t, int pid, int res, const struct rlimit *nw,
                           struct rlimit *old);

#endif
