/* io32_layout.c — the C library's i386 structures of the I/O, time and info calls as the
 * compiler lays them out for an i386 program, for test_io32.c.  Never run: CMake
 * compiles it with `gcc -m32 -S` and the test reads the PROBE32 markers back. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <time.h>

#include "probe32.h"

#define S(t)    PROBE32(#t, sizeof(struct t))
#define O(t, f) PROBE32(#t "." #f, offsetof(struct t, f))

void probe(void);
void probe(void) {
  S(timespec); O(timespec, tv_nsec); S(timeval); O(timeval, tv_usec);
  S(iovec); O(iovec, iov_len);
  S(msghdr); O(msghdr, msg_namelen); O(msghdr, msg_iov); O(msghdr, msg_iovlen);
  O(msghdr, msg_control); O(msghdr, msg_controllen); O(msghdr, msg_flags);
  S(mmsghdr); O(mmsghdr, msg_len);
  S(cmsghdr); O(cmsghdr, cmsg_level); O(cmsghdr, cmsg_type);
  PROBE32("CMSG_LEN0", CMSG_LEN(0));
  S(tms); O(tms, tms_cstime); S(rlimit); O(rlimit, rlim_max);
  S(rusage); O(rusage, ru_stime); O(rusage, ru_maxrss); O(rusage, ru_nivcsw);
  S(sysinfo); O(sysinfo, loads); O(sysinfo, totalram); O(sysinfo, freeswap);
  O(sysinfo, procs); O(sysinfo, totalhigh); O(sysinfo, freehigh); O(sysinfo, mem_unit);
  S(sock_fprog); O(sock_fprog, filter);
}
