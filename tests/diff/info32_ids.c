/* info32_ids.c — i386 information calls by number: the 16-bit uid/gid calls
 * (ids above 65535 read as the overflow id, 0xffff meaning -1, the low half
 * of the register taken) and their 32-bit twins, the old unames, sysinfo's
 * 32-bit fields, the three rlimit calls (old getrlimit clamps at 0x7fffffff,
 * ugetrlimit says 0xffffffff), getrusage, nice and 32-bit affinity masks.
 * Run as root, it changes ids and groups and puts them back.
 */
// diff-vm-mask: ^oldolduname: .* -- emu reports the host's kernel release, not the VM's
// diff-only: gcc32
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *ename(long r) {
  if (r >= 0) return "ok";
  switch (-r) {
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case EPERM: return "EPERM";
  default: return "other";
  }
}
static long raw(long r) { return r < 0 ? -errno : r; }

int main(void) {
  int root = syscall(SYS_getuid32) == 0;
  printf(
      "uid16=%ld euid16=%ld gid16=%ld egid16=%ld match32: %d\n", syscall(SYS_getuid),
      syscall(SYS_geteuid), syscall(SYS_getgid), syscall(SYS_getegid),
      syscall(SYS_getuid) == syscall(SYS_getuid32) && syscall(SYS_getgid) == syscall(SYS_getgid32));
  uint16_t r16[3] = {1, 1, 1};
  long r = raw(syscall(SYS_getresuid, &r16[0], &r16[1], &r16[2]));
  printf("getresuid16: %s %u %u %u\n", ename(r), r16[0], r16[1], r16[2]);
  r = raw(syscall(SYS_getresgid, &r16[0], &r16[1], &r16[2]));
  printf("getresgid16: %s %u %u %u\n", ename(r), r16[0], r16[1], r16[2]);
  printf("getresuid16 bad 2nd: %s\n", ename(raw(syscall(SYS_getresuid, r16, (void *)8, r16))));
  printf("setresuid16 all 0xffff (no change): %s\n",
         ename(raw(syscall(SYS_setresuid, 0xffff, 0xffff, 0xffff))));
  printf("setreuid16 0xffff: %s\n", ename(raw(syscall(SYS_setreuid, 0xffff, 0xffff))));

  if (root) {
    /* an effective uid above 65535: the 16-bit calls see 65534 */
    r = raw(syscall(SYS_setresuid32, 0, 100000, 0));
    printf("setresuid32 euid 100000: %s geteuid16=%ld geteuid32=%ld\n", ename(r),
           syscall(SYS_geteuid), syscall(SYS_geteuid32));
    syscall(SYS_getresuid, &r16[0], &r16[1], &r16[2]);
    printf("getresuid16: %u %u %u\n", r16[0], r16[1], r16[2]);
    r = raw(syscall(SYS_setresuid32, 0, 0, 0));
    printf("back to 0: %s euid=%ld\n", ename(r), syscall(SYS_geteuid32));
    r = raw(syscall(SYS_setresgid32, 0, 70000, 0));
    printf("setresgid32 egid 70000: %s getegid16=%ld\n", ename(r), syscall(SYS_getegid));
    syscall(SYS_setresgid32, 0, 0, 0);
    /* the low 16 bits of the register: 0x10005 is 5 */
    long old = syscall(SYS_setfsuid, 0x10005);
    long now = syscall(SYS_setfsuid, 0xffff); /* -1: query */
    printf("setfsuid16 0x10005: old=%ld now=%ld\n", old, now);
    syscall(SYS_setfsuid32, 0);
    old = syscall(SYS_setfsgid, 7);
    now = syscall(SYS_setfsgid32, -1);
    printf("setfsgid16 7: old=%ld now=%ld\n", old, now);
    syscall(SYS_setfsgid32, 0);
    printf("setuid16 0x10000 (=0): %s uid=%ld\n", ename(raw(syscall(SYS_setuid, 0x10000))),
           syscall(SYS_getuid32));
    printf("setgid16 0: %s\n", ename(raw(syscall(SYS_setgid, 0))));
    /* groups: a gid above 65535 reads as 65534 through getgroups16 */
    uint32_t g32[64];
    int ng = syscall(SYS_getgroups32, 64, g32);
    uint32_t set32[2] = {5, 200000};
    printf("setgroups32: %s\n", ename(raw(syscall(SYS_setgroups32, 2, set32))));
    uint16_t g16[4] = {9, 9, 9, 9};
    r = raw(syscall(SYS_getgroups, 4, g16));
    printf("getgroups16: %ld %u %u %u\n", r, g16[0], g16[1], g16[2]);
    printf("getgroups16 count: %ld\n", raw(syscall(SYS_getgroups, 0, NULL)));
    printf("getgroups16 too small: %s\n", ename(raw(syscall(SYS_getgroups, 1, g16))));
    printf("getgroups16 negative: %s\n", ename(raw(syscall(SYS_getgroups, -1, g16))));
    printf("getgroups16 bad ptr: %s\n", ename(raw(syscall(SYS_getgroups, 4, (void *)8))));
    uint16_t s16[2] = {12, 0xffff};
    printf("setgroups16 with 0xffff: %s\n", ename(raw(syscall(SYS_setgroups, 2, s16))));
    s16[1] = 13;
    printf("setgroups16: %s\n", ename(raw(syscall(SYS_setgroups, 2, s16))));
    r = raw(syscall(SYS_getgroups32, 4, g32 + 32));
    printf("getgroups32 sees: %ld %u %u\n", r, g32[32], g32[33]);
    printf("setgroups16 bad ptr: %s\n", ename(raw(syscall(SYS_setgroups, 2, (void *)8))));
    printf("setgroups16 too many: %s\n", ename(raw(syscall(SYS_setgroups, 65537, s16))));
    printf("restore groups: %s\n", ename(raw(syscall(SYS_setgroups32, ng, g32))));
  }

  /* unames: new, old (65-byte fields, no domain), oldold (9-byte fields) */
  struct utsname u;
  syscall(SYS_uname, &u);
  printf("uname machine=%s sysname=%s\n", u.machine, u.sysname);
  char o[5][65];
  memset(o, 0x55, sizeof o);
  r = raw(syscall(SYS_olduname, o));
  printf("olduname: %s machine=%s release same: %d\n", ename(r), o[4], !strcmp(o[2], u.release));
  char oo[5][9];
  char tail = 0x55;
  memset(oo, 0x55, sizeof oo);
  r = raw(syscall(SYS_oldolduname, oo));
  printf("oldolduname: %s machine=%s release8=%s nul=%d tail=%#x\n", ename(r), oo[4], oo[2],
         oo[2][8] == 0, (unsigned char)tail);
  printf("olduname NULL: %s oldolduname NULL: %s\n", ename(raw(syscall(SYS_olduname, NULL))),
         ename(raw(syscall(SYS_oldolduname, NULL))));

  /* sysinfo: 64 bytes of 32-bit fields */
  uint32_t si[16];
  memset(si, 0xee, sizeof si);
  r = raw(syscall(SYS_sysinfo, si));
  printf("sysinfo: %s mem_unit=%u totalram>0: %d free<=total: %d pad zero: %d\n", ename(r), si[13],
         si[4] > 0, si[5] <= si[4], si[14] == 0 && si[15] == 0);

  /* rlimits */
  struct {
    uint32_t cur, max;
  } l32;
  struct {
    uint64_t cur, max;
  } l64 = {RLIM64_INFINITY, RLIM64_INFINITY}, o64;
  syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &o64);
  printf("prlimit64 core infinity: %s\n",
         ename(raw(syscall(SYS_prlimit64, 0, RLIMIT_CORE, &l64, NULL))));
  r = raw(syscall(SYS_ugetrlimit, RLIMIT_CORE, &l32));
  printf("ugetrlimit infinity: %s %#x %#x\n", ename(r), l32.cur, l32.max);
  r = raw(syscall(SYS_getrlimit, RLIMIT_CORE, &l32));
  printf("old getrlimit infinity: %s %#x %#x\n", ename(r), l32.cur, l32.max);
  printf("old getrlimit resource 16: %s\n", ename(raw(syscall(SYS_getrlimit, 16, &l32))));
  l32.cur = 4096;
  l32.max = 0xffffffff;
  printf("setrlimit 4096/infinity: %s", ename(raw(syscall(SYS_setrlimit, RLIMIT_CORE, &l32))));
  syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &l64);
  printf(" -> %llu %llx\n", (unsigned long long)l64.cur, (unsigned long long)l64.max);
  syscall(SYS_prlimit64, 0, RLIMIT_CORE, &o64, NULL);
  printf("setrlimit bad: %s\n", ename(raw(syscall(SYS_setrlimit, RLIMIT_CORE, (void *)8))));

  /* getrusage: 72 bytes */
  int32_t ru[18];
  memset(ru, 0xee, sizeof ru);
  r = raw(syscall(SYS_getrusage, RUSAGE_SELF, ru));
  printf("getrusage: %s usec ok: %d maxrss>0: %d\n", ename(r),
         ru[1] >= 0 && ru[1]<1000000, ru[4]> 0);
  printf("getrusage bad who: %s\n", ename(raw(syscall(SYS_getrusage, 7, ru))));

  /* nice */
  for (int i = 0; i < 4; i++) {
    static const int inc[4] = {0, 3, 100, -100};
    if (inc[i] < 0 && !root) break;
    r = raw(syscall(SYS_nice, inc[i]));
    printf("nice %d: %ld prio=%ld\n", inc[i], r, raw(syscall(SYS_getpriority, 0, 0)));
  }
  syscall(SYS_setpriority, 0, 0, 0);

  /* 32-bit affinity words */
  uint32_t m[2] = {0, 0xabababab};
  r = raw(syscall(SYS_sched_getaffinity, 0, 4, m));
  printf("getaffinity len 4: %ld m[1] untouched: %d\n", r, m[1] == 0xabababab);
  printf("getaffinity len 6: %s\n", ename(raw(syscall(SYS_sched_getaffinity, 0, 6, m))));
  printf("setaffinity len 4: %s\n", ename(raw(syscall(SYS_sched_setaffinity, 0, 4, m))));
  printf("setaffinity len 1: %s\n", ename(raw(syscall(SYS_sched_setaffinity, 0, 1, m))));
  struct {
    int32_t sec, nsec;
  } rr;
  printf("sched_rr_get_interval: %s\n", ename(raw(syscall(SYS_sched_rr_get_interval, 0, &rr))));
  return 0;
}
