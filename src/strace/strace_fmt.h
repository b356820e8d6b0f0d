/* strace_fmt.h — internals of the system-call log (src/strace): the line
 * buffer, the argument kinds of the calls' signatures (src/abi/calls_*.inc) and the
 * formatters that print each kind as strace does (the kind table in
 * strace_kinds.c; the formatters in strace_<subject>.c, named after strace's
 * own source files, each file's header says which kinds it owns).  Private
 * to src/strace. */
#ifndef EMU_STRACE_FMT_H
#define EMU_STRACE_FMT_H

#include <string.h>

#include "../kernel/kernel.h"

/* One log line under construction.  The whole line is written with one
 * fwrite at the call's exit so lines of concurrent tasks never interleave. */
struct trc_buf {
  char s[16384];
  size_t n;
};

void trc_printf(struct trc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void trc_puts(struct trc_buf *b, const char *s);

/* What the formatters know about the call being printed. */
struct trc_call {
  struct task *t;
  const struct mm *mm;
  bool m32;         /* the i386 table (32-bit longs and pointers) */
  const u64 *a;     /* the six arguments as the table passed them (zero-extended) */
  long ret;         /* the result (only valid at exit) */
  bool exiting;     /* formatting at exit: output arguments may be read */
  const u64 *saved; /* values read at entry for in/out kinds (K_SOCKLEN_OUT), or NULL */
  bool via_ipc;     /* an i386 ipc() subcall shown as the call it stands for */
  u64 ipc_ptr;      /* ipc()'s ptr argument (msgrcv's kludge) */
};

/* Argument kinds.  A signature slot is a u16: the kind in the low 9 bits, a
 * parameter (usually the index of a related argument, or 16/64 for a layout
 * variant) above it:
 *
 *   15       9 8          0
 *   +---------+------------+
 *   |  param  |    kind    |
 *   +---------+------------+
 *
 * Kinds from K_OUT_FIRST on are output arguments: printed when the call
 * returns (an address when it failed); the others are printed at entry, as
 * strace does.  Kinds marked "in/out" print at entry and complete at exit. */
enum trc_kind {
  K_NONE = 0,
  K_INT,        /* int, decimal */
  K_UINT,       /* unsigned int, decimal */
  K_LONG,       /* long (32-bit on i386), decimal */
  K_ULONG,      /* unsigned long / size_t, decimal */
  K_HEX,        /* unsigned long in hex */
  K_OCT,        /* octal with a leading 0 (mode_t) */
  K_PTR,        /* NULL or 0x... */
  K_FD,         /* int */
  K_DIRFD,      /* AT_FDCWD or int */
  K_PATH,       /* NUL-terminated path, printed in full */
  K_STR,        /* NUL-terminated string, abbreviated at 32 chars */
  K_BUF_IN,     /* buffer of param-argument bytes (write) */
  K_OPEN_FLAGS, /* O_* */
  K_FD_FLAGS,   /* O_CLOEXEC|O_NONBLOCK... without an access mode (pipe2, dup3) */
  K_OPEN_MODE,  /* mode, printed only when flags (arg param) has O_CREAT/O_TMPFILE */
  K_AT_FLAGS,   /* AT_* (param 1: statx's, with its sync type; 2: faccessat2's) */
  K_ACCESS,     /* F_OK or R_OK|W_OK|X_OK */
  K_WHENCE,     /* SEEK_* */
  K_PROT,       /* PROT_* */
  K_MMAP_FLAGS, /* MAP_* */
  K_MREMAP_FLAGS,
  K_MADV,       /* MADV_* */
  K_SIGNUM,     /* SIGxxx */
  K_SIGHOW,     /* SIG_BLOCK ... */
  K_SIGSET,     /* sigset_t * (input) */
  K_SIGACTION,  /* struct sigaction * (input) */
  K_CLOCKID,    /* CLOCK_* */
  K_ARCH_PRCTL, /* ARCH_* code */
  K_FUTEX_OP,   /* FUTEX_* op; the arguments after it follow the op */
  K_FUTEX_REST, /* the timeout/uaddr2/val3 part of a futex call */
  K_RLIMIT_RES, /* RLIMIT_* */
  K_RLIMIT64,   /* struct rlimit64 * (input) */
  K_RLIMIT,     /* struct rlimit * (input, native long) */
  K_FCNTL_CMD,  /* F_*; the argument after it follows the command */
  K_FCNTL_ARG,
  K_IOCTL_REQ, /* TCGETS ... */
  K_IOVEC_IN,  /* struct iovec[param-argument] (writev) */
  K_IOVEC_ADDR, /* struct iovec[param-argument], the addresses (process_vm_readv's remote) */
  K_POLLFDS,   /* struct pollfd[param-argument], in/out */
  K_FDSET,     /* fd_set * of param-argument fds, in/out */
  K_TIMESPEC,  /* struct timespec * (input; 32-bit on i386 unless param 64) */
  K_TIMEVAL,   /* struct timeval * (input) */
  K_SOCKADDR,  /* struct sockaddr * of param-argument bytes (input) */
  K_SOCK_DOMAIN,
  K_SOCK_TYPE,
  K_GRND_FLAGS,
  K_ARGV,      /* char *const[] */
  K_ENVP,      /* char *const[]: 0x... followed by a comment with the count */
  K_USER_DESC, /* struct user_desc * (i386 set_thread_area), in/out */
  K_WAIT_OPTS, /* WNOHANG ... */
  K_CLONE_FLAGS,
  K_LLSEEK_OFF, /* i386 _llseek: high and low halves in this and the next argument */
  K_STATX_MASK,
  K_SOCKETCALL,     /* i386 socketcall: the call number */
  K_SKIP,           /* printed by the previous slot (the high half of a split offset) */
  K_OFF64_LOHI,     /* i386 64-bit offset: low half here, high half in the next argument */
  K_RT_SIGFRAME,    /* rt_sigreturn: {mask=[...]} of the frame at the stack pointer */
  K_SIGFRAME,       /* i386 sigreturn: the same for the old frame */
  K_STACK,          /* stack_t * (sigaltstack) */
  K_SIGINFO,        /* siginfo_t * (input) */
  K_SFD_FLAGS,      /* SFD_* */
  K_OLD_SIGACTION,  /* i386 struct old_sigaction * */
  K_OLD_SIGSET,     /* i386 old_sigset_t * (one word) */
  K_SIGHANDLER,     /* SIG_DFL, SIG_IGN or an address (signal) */
  K_SIGMASK_VAL,    /* a one-word mask passed by value in argument param (i386 sigsuspend) */
  K_SIGEVENT,       /* struct sigevent * */
  K_TIMER_FLAGS,    /* TIMER_ABSTIME */
  K_ITIMERSPEC,     /* struct itimerspec * (param 64: 64-bit on i386 too) */
  K_ITIMER_WHICH,   /* ITIMER_* */
  K_ITIMERVAL,      /* struct itimerval * */
  K_TFD_FLAGS,      /* TFD_CLOEXEC|TFD_NONBLOCK */
  K_TFD_SET_FLAGS,  /* TFD_TIMER_ABSTIME... */
  K_EFD_FLAGS,      /* EFD_* */
  K_EPOLL_FLAGS,    /* EPOLL_CLOEXEC */
  K_EPOLL_OP,       /* EPOLL_CTL_* */
  K_EPOLL_EVENT,    /* struct epoll_event * (input) */
  K_INTP,           /* int * (input) shown as [n] */
  K_GROUPS,         /* gid_t[arg 0] (param 16: 16-bit ids) */
  K_SCHED_POLICY,   /* SCHED_* */
  K_PRIO_WHICH,     /* PRIO_* */
  K_PRCTL_OP,       /* prctl option and the arguments known at entry (prints its own ", ") */
  K_RUSAGE_WHO,     /* RUSAGE_* */
  K_IDTYPE,         /* P_* */
  K_RUSAGE_IN,      /* struct rusage * printed at exit, address when NULL (waitid, wait4) */
  K_CLONE3,         /* struct clone_args * */
  K_FADV_REST,      /* fadvise64's offset, len, advice (prints its own ", "; ABI-dependent) */
  K_FLOCK_OP,       /* LOCK_* */
  K_MKNOD_MODE,     /* mode with its type, then makedev() of the next argument for devices */
  K_SOCK_PROTO,     /* protocol of the domain in argument 0 */
  K_SOCKOPT_LEVEL,  /* SOL_* */
  K_SOCKOPT_NAME,   /* SO_* of the level in argument param */
  K_SOCKOPT_VAL,    /* option value of param-argument bytes */
  K_MSG_FLAGS,      /* MSG_* */
  K_MSGHDR,         /* struct msghdr * (input) */
  K_SHUT_HOW,       /* SHUT_* */
  K_CLONE3_ARGS,    /* struct clone_args * (size in the next argument) */
  K_CPUSET,         /* CPU mask of param-argument bytes: [0 1] */
  K_MFD_FLAGS,      /* MFD_* */
  K_FALLOC_REST,    /* fallocate's mode, offset, len (prints its own ", "; ABI-dependent) */
  K_READAHEAD_REST, /* readahead's offset and count (prints its own ", "; ABI-dependent) */
  K_LOFFP,          /* loff_t * (input) shown as [n] */
  K_UTIMENS,        /* struct timespec[2] (param 64: 64-bit on i386 too) */
  K_UTIMES,         /* struct timeval[2] */
  K_IN_INIT_FLAGS,  /* IN_NONBLOCK|IN_CLOEXEC */
  K_IN_MASK,        /* IN_* events */
  K_MCL_FLAGS,      /* MCL_* */
  K_PERSONA,        /* PER_* and its flags, or 0xffffffff (query) */
  K_XATTR_FLAGS,    /* XATTR_CREATE|XATTR_REPLACE */
  K_SFR_REST,     /* sync_file_range's offset, nbytes, flags (prints its own ", "; ABI-dependent) */
  K_POS_LH,       /* preadv/pwritev offset: pos_l, with pos_h in the next argument on i386 */
  K_RWF_FLAGS,    /* RWF_* */
  K_SPLICE_FLAGS, /* SPLICE_F_* */
  K_OPEN_HOW,     /* struct open_how * */
  K_MS_FLAGS,     /* MS_* (mount) */
  K_UMOUNT_FLAGS, /* MNT_* */
  K_UNSHARE_FLAGS, /* CLONE_* of unshare */
  K_SETNS_TYPE,    /* CLONE_NEW* */
  K_MLOCK2_FLAGS,  /* MLOCK_ONFAULT */
  K_MEMBARRIER_CMD,
  K_IPC_KEY,          /* IPC_PRIVATE or a key */
  K_IPC_GETFLAGS,     /* IPC_CREAT|IPC_EXCL|0600 */
  K_IPC_CMD,          /* IPC_RMID ...; param: 1 shm, 2 sem, 3 msg */
  K_SHMAT_FLAGS,      /* SHM_RDONLY ... */
  K_SEMBUF,           /* struct sembuf[param-argument] */
  K_MSGBUF,           /* struct msgbuf * with param-argument bytes of text */
  K_MSG_IPCFLAGS,     /* IPC_NOWAIT|MSG_NOERROR... */
  K_MQ_NAME,          /* mq_open's name */
  K_MQ_OPEN_REST,     /* mq_open's mode and attributes when O_CREAT (prints its own ", ") */
  K_MQ_ATTR,          /* struct mq_attr * (input) */
  K_SEMUN,            /* semctl's union semun: [value] through ipc(), the value otherwise */
  K_MSGTYP,           /* msgrcv's type (prints its own ", "; left out of a failed ipc() msgrcv) */
  K_CAP_HEADER,       /* struct __user_cap_header_struct * */
  K_CAP_DATA,         /* struct __user_cap_data_struct[] (input; count from the header's version) */
  K_SCHED_ATTR,       /* struct sched_attr * (input) */
  K_TIMEZONE,         /* struct timezone * */
  K_IOPRIO_WHICH,     /* IOPRIO_WHO_* */
  K_IOPRIO,           /* IOPRIO_PRIO_VALUE(class, data) */
  K_SYSLOG_TYPE,      /* the action, and the arguments that go with it (prints its own ", ") */
  K_HOSTNAME,         /* a name of param-argument bytes, the address when too long */
  K_KCMP_TYPE,        /* KCMP_* and the indices that go with it (prints its own ", ") */
  K_LDT,              /* modify_ldt's struct user_desc * of param-argument bytes */
  K_UTIMBUF,          /* struct utimbuf * */
  K_LONGP,            /* long * (input) shown as [n] */
  K_FAN_INIT_FLAGS,   /* FAN_CLASS_* and FAN_* flags of fanotify_init */
  K_FAN_MARK_FLAGS,   /* FAN_MARK_* */
  K_FAN_MARK_REST,    /* fanotify_mark's mask (split on i386), dirfd, path (prints its own ", ") */
  K_FHANDLE,          /* struct file_handle * (open_by_handle_at) */
  K_FSCONFIG_CMD,     /* FSCONFIG_* */
  K_FSCONFIG_REST,    /* fsconfig's key, value, aux as the command has them (prints its own ", ") */
  K_OPEN_TREE_FLAGS,  /* OPEN_TREE_* and AT_* */
  K_MOVE_MOUNT_FLAGS, /* MOVE_MOUNT_* */
  K_FSOPEN_FLAGS,     /* FSOPEN_CLOEXEC */
  K_FSMOUNT_FLAGS,    /* FSMOUNT_CLOEXEC */
  K_MOUNT_ATTR_FLAGS, /* MOUNT_ATTR_* */
  K_FSPICK_FLAGS,     /* FSPICK_* */
  K_MOUNT_ATTR,       /* struct mount_attr * of param-argument bytes */
  K_MEMFD_SECRET_FLAGS,    /* O_CLOEXEC */
  K_PERF_FLAGS,            /* PERF_FLAG_* */
  K_LANDLOCK_CREATE_FLAGS, /* LANDLOCK_CREATE_RULESET_* */
  K_LANDLOCK_RULE,         /* LANDLOCK_RULE_* */
  K_OUT_FIRST = 0x100,
  K_BUF_OUT = K_OUT_FIRST, /* buffer: the result's bytes (read) */
  K_STR_OUT,               /* NUL-terminated output string (getcwd, readlink: up to the result) */
  K_IOVEC_OUT,             /* struct iovec[param-argument], the result's bytes (readv) */
  K_STAT_OUT,              /* struct stat (x86-64) */
  K_STAT64_OUT,            /* struct stat64 (i386) */
  K_STATX_OUT,
  K_RLIMIT64_OUT,
  K_RLIMIT_OUT,
  K_SIGSET_OUT,
  K_SIGACTION_OUT,
  K_TIMESPEC_OUT, /* param 64: 64-bit timespec on i386 too */
  K_TIMEVAL_OUT,
  K_INT_OUT,     /* int * shown as [n] */
  K_FDPAIR_OUT,  /* int[2] (pipe) */
  K_LOFF_OUT,    /* loff_t * shown as [n] (_llseek) */
  K_WSTATUS_OUT, /* int * wait status */
  K_HEXBUF_OUT,  /* buffer shown in hex (getrandom) */
  K_UTSNAME_OUT,
  K_DIRENTS_OUT, /* getdents buffer: address and entry count; param 64 for getdents64 */
  K_STACK_OUT,
  K_SIGINFO_OUT,
  K_OLD_SIGACTION_OUT,
  K_OLD_SIGSET_OUT,
  K_ITIMERSPEC_OUT, /* param 64: 64-bit on i386 too */
  K_ITIMERVAL_OUT,
  K_EPOLL_EVENTS_OUT, /* struct epoll_event[result] */
  K_GROUPS_OUT,       /* gid_t[result] (param 16: 16-bit ids) */
  K_PRCTL_OUT,        /* what prctl prints at exit (prints its own ", ") */
  K_RUSAGE_OUT,
  K_TMS_OUT,
  K_SYSINFO_OUT,
  K_STATFS_OUT,      /* struct statfs (param 64: struct statfs64) */
  K_SOCKADDR_OUT,    /* struct sockaddr * whose length is at the socklen_t * in argument param */
  K_SOCKLEN_OUT,     /* socklen_t *: [in => out] (in saved at entry) */
  K_SOCKOPT_VAL_OUT, /* option value whose length is at argument param */
  K_MSGHDR_OUT,      /* struct msghdr * (recvmsg: the result's bytes) */
  K_CLONE3_SIZE,     /* clone3's size, after " => {parent_tid=[n]}" (prints its own ", ") */
  K_CLONE_TAIL,      /* clone's parent_tid=[n], tls, child_tidptr (prints its own ", ") */
  K_CPUSET_OUT,      /* CPU mask of the result's bytes */
  K_PTRP_OUT,        /* void ** shown as [0x...] */
  K_ULONGP_OUT,      /* size_t * shown as [n] */
  K_UINTP_OUT,       /* unsigned int * shown as [n] */
  K_MSGBUF_OUT,      /* struct msgbuf * with param-argument bytes of text */
  K_MQ_ATTR_OUT,
  K_IOCTL_OUT,   /* ioctl's argument, after the call (prints its own ", ") */
  K_FCNTL_OUT,   /* fcntl's F_GETLK/F_GETOWN_EX result (prints its own ", ") */
  K_MMSGHDR_OUT, /* struct mmsghdr[param-argument] (sendmmsg, recvmmsg) */
  K_CAP_DATA_OUT,
  K_SCHED_ATTR_OUT, /* struct sched_attr * of param-argument bytes */
  K_USER_DESC_OUT,  /* struct user_desc * (get_thread_area) */
  K_MINCORE_OUT,    /* mincore's vector: a byte per page of argument param's length */
  K_TIMEX_OUT,      /* struct timex (param 64: the 64-bit layout on i386 too) */
  K_OFFP_OUT,       /* off_t * (param 64: loff_t *): [in] => [out] (in saved at entry) */
  K_FHANDLE_OUT,    /* struct file_handle * (name_to_handle_at): {handle_bytes=in => out, ...} */
  K_SLEEP_REM,      /* nanosleep's rem: the time left when interrupted, else the address
                       (param 64: 64-bit timespec on i386 too) */
};

#define KP(kind, param) ((u16)((kind) | (param) << 9))
#define TRC_KIND(slot)  ((int)((slot)&0x1ff))
#define TRC_PARAM(slot) ((int)((slot) >> 9))

/* Result kinds. */
enum trc_rv {
  RV_DEC = 0,    /* decimal */
  RV_HEX,        /* 0x... (brk, mmap) */
  RV_OCT,        /* 022 (umask) */
  RV_NORETURN,   /* "= ?" (exit, exit_group) */
  RV_FCNTL,      /* decimal, or flags for F_GETFL / F_GETFD */
  RV_SIGNUM,     /* 12 (SIGUSR2) */
  RV_SCHED,      /* 0 (SCHED_OTHER) */
  RV_PRCTL,      /* decimal, annotated for some options */
  RV_SIGHANDLER, /* 0 (SIG_DFL), 0x1 (SIG_IGN), 0x401000 */
  RV_PERSONA,    /* 0 (PER_LINUX) */
  RV_MEMBARRIER, /* the command mask of MEMBARRIER_CMD_QUERY */
  RV_IOPRIO,     /* 0 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0)) */
  RV_TIMEX,      /* 5 (TIME_ERROR) */
  RV_FD,         /* a new descriptor: 3, with -y 3</etc/passwd> */
};

struct trc_sig {
  const char *name;
  u16 arg[6];
  u8 nargs;
  u8 rv;
};

/* The signature of the call named name, or NULL. */
const struct trc_sig *trc_sig_find(const char *name);

/* ---- the kind table ----
 *
 * Every argument kind has one row, in the subject file that owns it (its
 * formatter beside it); strace_kinds.c merges the files' rows into one table
 * indexed by kind, and the result kinds' likewise.  A row says:
 *   fmt    how the argument prints (after the ", " the caller writes), or,
 *          with TRC_SELF_SEP, everything including its own leading ", " (the
 *          kinds that print several arguments, or none);
 *   TRC_SHOWN_ON_FAILURE  an output kind that prints something of its own
 *          when the call failed (the others print the address);
 *   save   an in/out kind: what it reads at entry (strace.c keeps it for the
 *          exit, c->saved);
 *   after  what strace adds after the result (poll's revents, select's sets):
 *          returns whether it printed; the first that does ends the line. */
typedef void trc_fmt_fn(struct trc_buf *b, const struct trc_call *c, int i, int p);
typedef u64 trc_save_fn(const struct trc_call *c, int i, int p);
typedef bool trc_after_fn(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                          int i);
typedef void trc_rv_fn(struct trc_buf *b, const struct trc_call *c, long r);

enum { TRC_SELF_SEP = 1, TRC_SHOWN_ON_FAILURE = 2 };

struct trc_kind_def {
  u16 kind;
  trc_fmt_fn *fmt;
  u8 flags;
  trc_save_fn *save;
  trc_after_fn *after;
};
struct trc_rv_def {
  u8 rv;
  trc_rv_fn *fmt;
};

/* A formatter of argument i (parameter p), and one of a result r, as the
 * rows name them; not every formatter needs every argument. */
#define TRC_FMT(fn) static void fn(struct trc_buf *b, const struct trc_call *c, int i, int p)
#define TRC_RV(fn)  static void fn(struct trc_buf *b, const struct trc_call *c, long r)

/* Each subject file's rows, ended by a row of kind K_NONE (rv rows: fmt NULL);
 * strace_kinds.c lists them. */
extern const struct trc_kind_def trc_fmt_kinds[], trc_fs_kinds[], trc_io_kinds[],
    trc_signal_kinds[], trc_time_kinds[], trc_net_kinds[], trc_ipc_kinds[], trc_mm_kinds[],
    trc_proc_kinds[], trc_cred_kinds[], trc_sched_kinds[];
extern const struct trc_rv_def trc_fmt_rvs[], trc_fs_rvs[], trc_signal_rvs[], trc_time_rvs[],
    trc_mm_rvs[], trc_proc_rvs[], trc_sched_rvs[];

/* Rows of the flag and value tables: spelled out, or by the host's name
 * (host values equal the guest's on x86). */
#define F(v, n) \
  { v, n }
#define FN(x) \
  { x, #x }

/* The row of kind (NULL: none; such an argument prints as a hex number). */
const struct trc_kind_def *trc_kind_def(int kind);

/* Format argument i of kind k (a u16 slot) into b: the caller writes the
 * ", " before it, except before a TRC_SELF_SEP kind. */
void trc_fmt_arg(struct trc_buf *b, const struct trc_call *c, int i, u16 k);
/* Format the result part after "= ", and what strace adds after it. */
void trc_fmt_ret(struct trc_buf *b, const struct trc_call *c, u8 rv);
void trc_fmt_ret_extra(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs);

/* Shared pieces (strace_fmt.c; trc_sigset, trc_signame in strace_signal.c,
 * trc_mode in strace_fs.c, trc_wstatus in strace_proc.c). */
struct trc_flag {
  u64 val;
  const char *name;
};
void trc_flags(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *zero);
const char *trc_xlat(u64 v, const struct trc_flag *tab);
void trc_xlat_fmt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *fmt);
void trc_xlat_unk(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *unk);
void trc_quote(struct trc_buf *b, const u8 *s, size_t n, bool nul_term, bool hex);
void trc_str(struct trc_buf *b, const struct trc_call *c, u64 addr, long len, long limit);
/* strace's max_strlen (-s N, default 32): the bytes of a string shown, and
 * the elements of an array. */
int trc_max_strlen(void);
/* A descriptor: its number, and with -y the file it names, 3</etc/passwd>. */
void trc_fd(struct trc_buf *b, int fd);
/* A directory descriptor: AT_FDCWD (with -y the working directory) or trc_fd. */
void trc_dirfd(struct trc_buf *b, int fd);
void trc_ptr(struct trc_buf *b, const struct trc_call *c, u64 addr);
long trc_sarg(const struct trc_call *c, int i); /* argument i as a signed long */
const char *trc_signame(int sig);
void trc_sigset(struct trc_buf *b, u64 mask);
void trc_wstatus(struct trc_buf *b, int st);
void trc_mode(struct trc_buf *b, u32 mode, bool with_type);
/* struct timespec or timeval at addr (wide: 64-bit on i386 too; frac names
 * the second field) (strace_time.c). */
void trc_timespec(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                  const char *frac);
/* {tv_sec=N, tv_nsec=N} (or a bare number) followed by its date as strace's
 * comment (strace_time.c). */
void trc_time_comment(struct trc_buf *b, i64 sec, i64 frac, int frac_digits);
/* strace's printflags(): known bits joined by |, the rest in hex; no known
 * bit at all prints the value with dflt ("CLONE_???") in a comment. */
void trc_flags_dflt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *dflt);
void trc_ioctl_arg(struct trc_buf *b, const struct trc_call *c, int i);
void trc_fcntl_out(struct trc_buf *b, const struct trc_call *c, int i);
void trc_flock(struct trc_buf *b, const struct trc_call *c, u64 addr, bool with_pid);
void trc_mmsghdr(struct trc_buf *b, const struct trc_call *c, int i, int vlen_arg);
void trc_user_desc(struct trc_buf *b, const struct trc_call *c, u64 addr);
void trc_clone_flags(struct trc_buf *b, u64 flags);
/* siginfo_t in the ABI's layout (strace's printsiginfo). */
void trc_siginfo(struct trc_buf *b, const struct trc_call *c, const u8 *si);
void trc_sockaddr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 len);
void trc_iovec(struct trc_buf *b, const struct trc_call *c, u64 addr, u64 cnt, long total);
/* trc_iovec's total for iovecs shown with their addresses, not their bytes. */
#define TRC_IOV_ADDR (-2L)

/* Helpers to read guest words. */
bool trc_read(const struct trc_call *c, void *dst, u64 addr, size_t n);
u64 trc_word(const struct trc_call *c, const u8 *p); /* a guest long at p (4 or 8 bytes) */

/* Shared by the formatter files: little-endian loads from a guest image, the
 * unsigned argument i at the guest's width, the guest's word size, whether
 * the call failed (at exit). */
static inline u32 rd32(const u8 *p) {
  u32 v;
  memcpy(&v, p, 4);
  return v;
}
static inline u64 rd64(const u8 *p) {
  u64 v;
  memcpy(&v, p, 8);
  return v;
}
/* The bytes of a guest structure up to the end of field f: what a formatter
 * reads when it shows the fields before f's successors only. */
#define LX_THROUGH(type, f) (offsetof(type, f) + sizeof(((type *)0)->f))
static inline u64 ularg(const struct trc_call *c, int i) { return c->m32 ? (u32)c->a[i] : c->a[i]; }
/* An i386 64-bit value split in two arguments, low half first. */
static inline i64 trc_lohi(const struct trc_call *c, int i) {
  return (i64)((u64)(u32)c->a[i + 1] << 32 | (u32)c->a[i]);
}
static inline size_t wsize(const struct trc_call *c) { return c->m32 ? 4 : 8; }
static inline bool failed(const struct trc_call *c) {
  return c->exiting && c->ret < 0 && c->ret >= -4095;
}
#endif
