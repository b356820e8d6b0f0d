/* test_io32.c — the i386 layouts of the I/O, time and info calls (lx32_* in
 * sys_io.h) against the i386 ABI itself: probes/io32_layout.c, compiled with
 * `gcc -m32 -S` at build time, records sizeof/offsetof of the C library's own
 * structures, which emu's definitions must match field by field.  Also the
 * i386 handlers on a 32-bit guest address space: the compat cmsg
 * conversion of sendmsg and the old select block. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe32_read.h"
#include "syscall/sys_io.h"

/* ---- layouts from gcc -m32 (probes/io32_layout.c, see probe32_read.h) ---- */

static char *probe_text;

/* The value the probe recorded for key, or -1. */
static long probe(const char *key) {
  char err[600];
  if (!probe_text && !(probe_text = probe32_load("io32_layout", err, sizeof err)))
    cr_assert_fail("%s", err);
  return probe32_value(probe_text, key);
}

#define SZ(key, type)  cr_expect_eq(probe(key), (long)sizeof(type), "sizeof %s", key)
#define OFF(key, t, f) cr_expect_eq(probe(key), (long)offsetof(t, f), "offsetof %s", key)

Test(io32_layout, against_gcc_m32) {
  SZ("timespec", struct lx32_timespec);
  OFF("timespec.tv_nsec", struct lx32_timespec, tv_nsec);
  SZ("timeval", struct lx32_timeval);
  OFF("timeval.tv_usec", struct lx32_timeval, tv_usec);
  SZ("iovec", struct lx32_iovec);
  OFF("iovec.iov_len", struct lx32_iovec, iov_len);
  SZ("msghdr", struct lx32_msghdr);
  OFF("msghdr.msg_namelen", struct lx32_msghdr, msg_namelen);
  OFF("msghdr.msg_iov", struct lx32_msghdr, msg_iov);
  OFF("msghdr.msg_iovlen", struct lx32_msghdr, msg_iovlen);
  OFF("msghdr.msg_control", struct lx32_msghdr, msg_control);
  OFF("msghdr.msg_controllen", struct lx32_msghdr, msg_controllen);
  OFF("msghdr.msg_flags", struct lx32_msghdr, msg_flags);
  SZ("mmsghdr", struct lx32_mmsghdr);
  OFF("mmsghdr.msg_len", struct lx32_mmsghdr, msg_len);
  SZ("cmsghdr", struct lx32_cmsghdr);
  OFF("cmsghdr.cmsg_level", struct lx32_cmsghdr, cmsg_level);
  OFF("cmsghdr.cmsg_type", struct lx32_cmsghdr, cmsg_type);
  cr_expect_eq(probe("CMSG_LEN0"), (long)sizeof(struct lx32_cmsghdr));
  SZ("tms", struct lx32_tms);
  OFF("tms.tms_cstime", struct lx32_tms, tms_cstime);
  SZ("rlimit", struct lx32_rlimit);
  OFF("rlimit.rlim_max", struct lx32_rlimit, rlim_max);
  SZ("rusage", struct lx32_rusage);
  OFF("rusage.ru_stime", struct lx32_rusage, ru_stime);
  OFF("rusage.ru_maxrss", struct lx32_rusage, ru_maxrss);
  OFF("rusage.ru_nivcsw", struct lx32_rusage, ru_nivcsw);
  SZ("sysinfo", struct lx32_sysinfo);
  OFF("sysinfo.loads", struct lx32_sysinfo, loads);
  OFF("sysinfo.totalram", struct lx32_sysinfo, totalram);
  OFF("sysinfo.freeswap", struct lx32_sysinfo, freeswap);
  OFF("sysinfo.procs", struct lx32_sysinfo, procs);
  OFF("sysinfo.totalhigh", struct lx32_sysinfo, totalhigh);
  OFF("sysinfo.freehigh", struct lx32_sysinfo, freehigh);
  OFF("sysinfo.mem_unit", struct lx32_sysinfo, mem_unit);
  SZ("sock_fprog", struct lx32_sock_fprog);
  OFF("sock_fprog.filter", struct lx32_sock_fprog, filter);
}

/* ---- handlers on a 32-bit guest ---- */

static struct mm *mm;
static struct proc proc;
static struct task task;
static u64 rw;

static void setup32(void) {
  mm = mm_new(32);
  cr_assert_not_null(mm);
  proc.mm = mm;
  proc.bits = 32;
  task.proc = &proc;
  task.abi = ABI_I386;
  rw = mm_map(mm, 0x10000000, 8192, MM_READ | MM_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "");
  cr_assert_eq(rw, 0x10000000);
}
static void teardown32(void) { mm_free(mm); }

static void put(u64 addr, const void *p, size_t n) {
  cr_assert_eq(copy_to_user(mm, addr, p, n), 0);
}

TestSuite(io32, .init = setup32, .fini = teardown32);

/* An fd passed with a 12-byte compat header arrives through the host as a
 * working fd; the guest sees a 16-byte compat cmsg. */
Test(io32, sendmsg_recvmsg_compat_rights) {
  int sv[2], p[2];
  cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  cr_assert_eq(pipe(p), 0);
  u64 data = rw, iov = rw + 64, msg = rw + 128, ctl = rw + 256;
  put(data, "hi", 2);
  struct lx32_iovec gi = {(u32)data, 2};
  put(iov, &gi, sizeof gi);
  struct lx32_cmsghdr c = {16, SOL_SOCKET, SCM_RIGHTS};
  put(ctl, &c, sizeof c);
  put(ctl + 12, &p[1], 4);
  struct lx32_msghdr m = {0, 0, (u32)iov, 1, (u32)ctl, 16, 0};
  put(msg, &m, sizeof m);
  cr_assert_eq(sys_sendmsg32(&task, (const u64[6]){(u64)sv[0], msg, 0}), 2);

  u64 rdata = rw + 1024, rctl = rw + 2048;
  gi = (struct lx32_iovec){(u32)rdata, 16};
  put(iov, &gi, sizeof gi);
  m = (struct lx32_msghdr){0, 0, (u32)iov, 1, (u32)rctl, 64, 0};
  put(msg, &m, sizeof m);
  cr_assert_eq(sys_recvmsg32(&task, (const u64[6]){(u64)sv[1], msg, 0}), 2);
  struct lx32_msghdr back;
  cr_assert_eq(copy_from_user(mm, &back, msg, sizeof back), 0);
  cr_expect_eq(back.msg_controllen, 16);
  cr_expect_eq(back.msg_flags, 0);
  struct lx32_cmsghdr rc;
  i32 fd;
  cr_assert_eq(copy_from_user(mm, &rc, rctl, sizeof rc), 0);
  cr_assert_eq(copy_from_user(mm, &fd, rctl + 12, 4), 0);
  cr_expect_eq(rc.cmsg_len, 16);
  cr_expect_eq(rc.cmsg_type, SCM_RIGHTS);
  cr_assert_eq(write(fd, "z", 1), 1);
  char ch = 0;
  cr_expect_eq(read(p[0], &ch, 1), 1);
  cr_expect_eq(ch, 'z');
  close(fd);
  close(p[0]);
  close(p[1]);
  close(sv[0]);
  close(sv[1]);
}

/* A compat control area shorter than a header is EINVAL (no cmsg at all). */
Test(io32, sendmsg_short_control_einval) {
  int sv[2];
  cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  u64 iov = rw + 64, msg = rw + 128, ctl = rw + 256;
  struct lx32_iovec gi = {(u32)rw, 1};
  put(iov, &gi, sizeof gi);
  struct lx32_msghdr m = {0, 0, (u32)iov, 1, (u32)ctl, 8, 0};
  put(msg, &m, sizeof m);
  cr_expect_eq(sys_sendmsg32(&task, (const u64[6]){(u64)sv[0], msg, 0}), -EINVAL);
  close(sv[0]);
  close(sv[1]);
}

/* The old select reads its five arguments from a block. */
Test(io32, old_select_block) {
  int p[2];
  cr_assert_eq(pipe(p), 0);
  cr_assert_eq(write(p[1], "x", 1), 1);
  u64 set = rw, tv = rw + 16, blk = rw + 64;
  u32 bits = 1u << p[0];
  put(set, &bits, 4);
  struct lx32_timeval t = {1, 0};
  put(tv, &t, sizeof t);
  u32 a[5] = {(u32)p[0] + 1, (u32)set, 0, 0, (u32)tv};
  put(blk, a, sizeof a);
  cr_expect_eq(sys_old_select32(&task, (const u64[6]){blk}), 1);
  cr_expect_eq(sys_old_select32(&task, (const u64[6]){0xfffff000}), -EFAULT);
  close(p[0]);
  close(p[1]);
}
