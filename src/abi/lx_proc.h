/* lx_proc.h — guest structures of the process calls (rlimit, rusage,
 * sysinfo, utsname, sched_attr, clone_args, capabilities, user_desc), byte
 * for byte as Linux lays them out for each ABI: lx64_* is x86-64, lx32_* is
 * i386 (the compat_* types), lx_* the same on both.  tests/abi_layout.c
 * checks every field against the kernel's uapi headers compiled -m64 and
 * -m32. */
#ifndef EMU_LX_PROC_H
#define EMU_LX_PROC_H

#include "../common.h"
#include "lx_time.h"

/* struct rlimit (x86-64) and struct rlimit64 (every ABI) */
struct lx_rlimit64 {
  u64 rlim_cur, rlim_max;
};
_Static_assert(sizeof(struct lx_rlimit64) == 16, "lx_rlimit64");

/* struct compat_rlimit */
struct lx32_rlimit {
  u32 rlim_cur, rlim_max;
};
_Static_assert(sizeof(struct lx32_rlimit) == 8, "lx32_rlimit");

/* struct rusage: two timevals and fourteen longs. */
struct lx64_rusage {
  struct lx64_timeval ru_utime, ru_stime;
  i64 ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
      ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct lx64_rusage) == 144, "lx64_rusage");

/* struct compat_rusage: two 32-bit timevals and fourteen 32-bit longs */
struct lx32_rusage {
  struct lx32_timeval ru_utime, ru_stime;
  i32 ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
      ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct lx32_rusage) == 72, "lx32_rusage");

/* struct sysinfo, x86-64:
 *   0 uptime  8 loads[3]  32 totalram  40 freeram  48 sharedram  56 bufferram
 *  64 totalswap  72 freeswap  80 procs(u16)  88 totalhigh  96 freehigh
 * 104 mem_unit(u32)  108 padding */
struct lx64_sysinfo {
  i64 uptime;
  u64 loads[3];
  u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  u16 procs;
  u16 pad;
  u32 pad2;
  u64 totalhigh, freehigh;
  u32 mem_unit;
  u32 pad3;
};
_Static_assert(sizeof(struct lx64_sysinfo) == 112, "lx64_sysinfo");
_Static_assert(offsetof(struct lx64_sysinfo, procs) == 80, "lx64_sysinfo.procs");
_Static_assert(offsetof(struct lx64_sysinfo, mem_unit) == 104, "lx64_sysinfo.mem_unit");

/* struct compat_sysinfo:
 *   0 uptime  4 loads[3]  16 totalram  20 freeram  24 sharedram  28 bufferram
 *  32 totalswap  36 freeswap  40 procs(u16)  42 pad  44 totalhigh  48 freehigh
 *  52 mem_unit  56 _f[8] */
struct lx32_sysinfo {
  i32 uptime;
  u32 loads[3];
  u32 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  u16 procs;
  u16 pad;
  u32 totalhigh, freehigh;
  u32 mem_unit;
  char f[8];
};
_Static_assert(sizeof(struct lx32_sysinfo) == 64, "lx32_sysinfo");
_Static_assert(offsetof(struct lx32_sysinfo, mem_unit) == 52, "lx32_sysinfo.mem_unit");

/* struct sched_attr (linux/sched/types.h), SCHED_ATTR_SIZE_VER1: u32, u64
 * and s32 fields, the same in both ABIs. */
struct lx_sched_attr {
  u32 size;
  u32 sched_policy;
  u64 sched_flags;
  i32 sched_nice;
  u32 sched_priority;
  u64 sched_runtime;
  u64 sched_deadline;
  u64 sched_period;
  u32 sched_util_min;
  u32 sched_util_max;
};
_Static_assert(sizeof(struct lx_sched_attr) == 56, "lx_sched_attr");
_Static_assert(offsetof(struct lx_sched_attr, sched_runtime) == 24, "lx_sched_attr runtime");

/* struct clone_args (linux/sched.h), clone3's argument: eleven u64s, the
 * same in both ABIs.  Extensible: the first version (CLONE_ARGS_SIZE_VER0)
 * ends before set_tid, the second before cgroup; the kernel accepts larger
 * sizes up to a page when the bytes it does not know are zero. */
struct lx_clone_args {
  u64 flags;
  u64 pidfd;
  u64 child_tid;
  u64 parent_tid;
  u64 exit_signal;
  u64 stack;
  u64 stack_size;
  u64 tls;
  u64 set_tid;
  u64 set_tid_size;
  u64 cgroup;
};
#define LX_CLONE_ARGS_SIZE_VER0 64
#define LX_CLONE_ARGS_SIZE_VER1 80
#define LX_CLONE_ARGS_SIZE_VER2 88
_Static_assert(sizeof(struct lx_clone_args) == LX_CLONE_ARGS_SIZE_VER2, "lx_clone_args");
_Static_assert(offsetof(struct lx_clone_args, set_tid) == LX_CLONE_ARGS_SIZE_VER0,
               "lx_clone_args VER0");
_Static_assert(offsetof(struct lx_clone_args, cgroup) == LX_CLONE_ARGS_SIZE_VER1,
               "lx_clone_args VER1");

/* struct user_regs_struct (arch/x86/include/asm/user_64.h): what
 * PTRACE_GETREGS gives an x86-64 tracer, and the head of its struct user
 * (PTRACE_PEEKUSER offsets). */
struct lx64_user_regs {
  u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp,
      ss, fs_base, gs_base, ds, es, fs, gs;
};
_Static_assert(sizeof(struct lx64_user_regs) == 27 * 8, "lx64_user_regs");

/* The i386 one (asm/user_32.h), an i386 tracer's. */
struct lx32_user_regs {
  u32 bx, cx, dx, si, di, bp, ax, ds, es, fs, gs, orig_ax, ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct lx32_user_regs) == 17 * 4, "lx32_user_regs");

/* capget/capset: header { u32 version; i32 pid; }, data { u32 eff, perm, inh } x 1 or 2 */
struct lx_cap_header {
  u32 version;
  i32 pid;
};
struct lx_cap_data {
  u32 effective, permitted, inheritable;
};
_Static_assert(sizeof(struct lx_cap_header) == 8 && sizeof(struct lx_cap_data) == 12, "lx_cap");

/* struct user_desc (asm/ldt.h): 16 bytes, the bit fields in one word (lm on
 * x86-64 only). */
struct lx_user_desc {
  u32 entry_number;
  u32 base_addr;
  u32 limit;
  u32 flags; /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
                seg_not_present:1 useable:1 lm:1 */
};
_Static_assert(sizeof(struct lx_user_desc) == 16, "user_desc");

/* struct new_utsname (uname), old_utsname (i386 olduname: no domainname)
 * and oldold_utsname (i386 oldolduname: 8 bytes of each name and a NUL),
 * linux/utsname.h. */
#define LX_UTS_LEN     65
#define LX_OLD_UTS_LEN 9
struct lx_utsname {
  char sysname[LX_UTS_LEN], nodename[LX_UTS_LEN], release[LX_UTS_LEN], version[LX_UTS_LEN],
      machine[LX_UTS_LEN], domainname[LX_UTS_LEN];
};
_Static_assert(sizeof(struct lx_utsname) == 390, "lx_utsname");

struct lx_old_utsname {
  char sysname[LX_UTS_LEN], nodename[LX_UTS_LEN], release[LX_UTS_LEN], version[LX_UTS_LEN],
      machine[LX_UTS_LEN];
};
_Static_assert(sizeof(struct lx_old_utsname) == 325, "lx_old_utsname");

struct lx_oldold_utsname {
  char sysname[LX_OLD_UTS_LEN], nodename[LX_OLD_UTS_LEN], release[LX_OLD_UTS_LEN],
      version[LX_OLD_UTS_LEN], machine[LX_OLD_UTS_LEN];
};
_Static_assert(sizeof(struct lx_oldold_utsname) == 45, "lx_oldold_utsname");

#endif
