/* strace_fmt.c — the formatters of the system-call log for scalar kinds:
 * numbers, flags, strings, signal names and sets, results.  Mirrors strace's
 * printing (src/util.c string_quote/printstr, src/xlat tables, src/signal.c
 * sprintsigmask) so a line reads as real `strace -f` prints it.  Structures
 * are in strace_struct.c. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strace_fmt.h"

#define MAX_STRLEN 32 /* strace -s default */

void trc_printf(struct trc_buf *b, const char *fmt, ...) {
  if (b->n >= sizeof b->s - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
  va_end(ap);
  if (r > 0) b->n += (size_t)r < sizeof b->s - b->n ? (size_t)r : sizeof b->s - b->n - 1;
}

void trc_puts(struct trc_buf *b, const char *s) { trc_printf(b, "%s", s); }

bool trc_read(const struct trc_call *c, void *dst, u64 addr, size_t n) {
  if (!addr) return false;
  return copy_from_user(c->mm, dst, addr, n) == 0;
}

u64 trc_word(const struct trc_call *c, const u8 *p) {
  if (c->m32) {
    u32 v;
    memcpy(&v, p, 4);
    return v;
  }
  u64 v;
  memcpy(&v, p, 8);
  return v;
}

long trc_sarg(const struct trc_call *c, int i) {
  return c->m32 ? (long)(i32)c->a[i] : (long)c->a[i];
}

void trc_ptr(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  if (c->m32) addr = (u32)addr;
  if (!addr)
    trc_puts(b, "NULL");
  else
    trc_printf(b, "%#llx", (unsigned long long)addr);
}

const char *trc_xlat(u64 v, const struct trc_flag *tab) {
  for (; tab->name; tab++)
    if (tab->val == v) return tab->name;
  return NULL;
}

/* FLAG_A|FLAG_B|0x40, or zero's name ("0" when NULL) for no bits.  Entries
 * with value 0 are skipped: they only name the zero case. */
void trc_flags(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *zero) {
  if (!v) {
    trc_puts(b, zero ? zero : "0");
    return;
  }
  bool first = true;
  for (; tab->name; tab++) {
    if (tab->val && (v & tab->val) == tab->val) {
      trc_printf(b, "%s%s", first ? "" : "|", tab->name);
      v &= ~tab->val;
      first = false;
    }
  }
  if (v) trc_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)v);
}

/* A value's name in tab, else the value printed with fmt (one unsigned long
 * long conversion). */
void trc_xlat_fmt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *fmt) {
  const char *n = trc_xlat(v, tab);
  if (n)
    trc_puts(b, n);
  else
    trc_printf(b, fmt, (unsigned long long)v);
}

/* A value's name in tab, else 0x.. with unk in a comment (strace's printxval with its
 * default), or the decimal value when unk is NULL. */
void trc_xlat_unk(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *unk) {
  const char *n = trc_xlat(v, tab);
  if (n)
    trc_puts(b, n);
  else if (unk)
    trc_printf(b, "%#llx /* %s */", (unsigned long long)v, unk);
  else
    trc_printf(b, "%llu", (unsigned long long)v);
}

/* strace's string_quote(): printable ASCII as is, C escapes for \t \n \v
 * \f \r, octal for the rest (three digits when a digit follows); hex for
 * every byte when asked. */
void trc_quote(struct trc_buf *b, const u8 *s, size_t n, bool nul_term, bool hex) {
  trc_puts(b, "\"");
  for (size_t i = 0; i < n; i++) {
    u8 ch = s[i];
    if (nul_term && !ch) break;
    if (hex) {
      trc_printf(b, "\\x%02x", ch);
      continue;
    }
    switch (ch) {
    case '"': trc_puts(b, "\\\""); break;
    case '\\': trc_puts(b, "\\\\"); break;
    case '\f': trc_puts(b, "\\f"); break;
    case '\n': trc_puts(b, "\\n"); break;
    case '\r': trc_puts(b, "\\r"); break;
    case '\t': trc_puts(b, "\\t"); break;
    case '\v': trc_puts(b, "\\v"); break;
    default:
      if (ch >= ' ' && ch < 0x7f) {
        trc_printf(b, "%c", ch);
      } else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
        trc_printf(b, "\\%03o", ch);
      } else {
        trc_printf(b, "\\%o", ch);
      }
    }
  }
  trc_puts(b, "\"");
}

/* A guest string: len bytes (len < 0: NUL-terminated), at most limit shown
 * (limit < 0: the strace -s default) with "..." when cut.  An unreadable
 * pointer prints as the address. */
void trc_str(struct trc_buf *b, const struct trc_call *c, u64 addr, long len, long limit) {
  static _Thread_local u8 tmp[4097];
  if (limit < 0) limit = MAX_STRLEN;
  if (limit > 4096) limit = 4096;
  if (c->m32) addr = (u32)addr;
  if (!addr) {
    trc_puts(b, "NULL");
    return;
  }
  if (len >= 0) {
    size_t n = (size_t)len < (size_t)limit ? (size_t)len : (size_t)limit;
    if (n && !trc_read(c, tmp, addr, n)) {
      trc_ptr(b, c, addr);
      return;
    }
    trc_quote(b, tmp, n, false, false);
    if ((size_t)len > n) trc_puts(b, "...");
    return;
  }
  /* NUL-terminated: read byte-wise up to limit + 1 so a string ending at a
   * page edge is still shown. */
  size_t n = 0;
  for (; n <= (size_t)limit; n++) {
    if (copy_from_user(c->mm, &tmp[n], addr + n, 1)) {
      if (!n) {
        trc_ptr(b, c, addr);
        return;
      }
      break;
    }
    if (!tmp[n]) break;
  }
  bool cut = n > (size_t)limit;
  trc_quote(b, tmp, cut ? (size_t)limit : n, true, false);
  if (cut) trc_puts(b, "...");
}

/* ---- signals ---- */

static const char *const signames[] = {
    [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
    [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
    [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
    [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
    [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
    [SIGSTOP] = "SIGSTOP",     [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
    [SIGTTOU] = "SIGTTOU",     [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",
    [SIGXFSZ] = "SIGXFSZ",     [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
    [SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",
    [SIGSYS] = "SIGSYS",
};

/* SIGxxx, SIGRTMIN, SIGRT_n, or the number (strace's signame()). */
const char *trc_signame(int sig) {
  static _Thread_local char buf[24];
  if (sig > 0 && sig < (int)ARRAY_SIZE(signames) && signames[sig]) return signames[sig];
  if (sig == 32) return "SIGRTMIN";
  if (sig > 32 && sig <= 64) {
    snprintf(buf, sizeof buf, "SIGRT_%d", sig - 32);
    return buf;
  }
  snprintf(buf, sizeof buf, "%d", sig);
  return buf;
}

/* [INT CHLD], or ~[KILL] when more than half the signals are set
 * (strace's sprintsigmask with a 64-signal set). */
void trc_sigset(struct trc_buf *b, u64 mask) {
  bool inv = __builtin_popcountll(mask) > 32;
  if (inv) {
    mask = ~mask;
    trc_puts(b, "~");
  }
  trc_puts(b, "[");
  bool first = true;
  for (int s = 1; s <= 64; s++) {
    if (!(mask >> (s - 1) & 1)) continue;
    trc_printf(b, "%s%s", first ? "" : " ", trc_signame(s) + 3);
    first = false;
  }
  trc_puts(b, "]");
}

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] (without the brackets). */
void trc_wstatus(struct trc_buf *b, int st) {
  if (WIFEXITED(st)) {
    trc_printf(b, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}", WEXITSTATUS(st));
  } else if (WIFSIGNALED(st)) {
    trc_printf(b, "{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}", trc_signame(WTERMSIG(st)),
               WCOREDUMP(st) ? " && WCOREDUMP(s)" : "");
  } else if (WIFSTOPPED(st)) {
    trc_printf(b, "{WIFSTOPPED(s) && WSTOPSIG(s) == %s}", trc_signame(WSTOPSIG(st)));
  } else {
    trc_printf(b, "%#x", st);
  }
}

/* S_IFREG|0644, or 0644 without the type. */
void trc_mode(struct trc_buf *b, u32 mode, bool with_type) {
  if (with_type) {
    static const struct trc_flag types[] = {
        {S_IFREG, "S_IFREG"}, {S_IFDIR, "S_IFDIR"}, {S_IFCHR, "S_IFCHR"},   {S_IFBLK, "S_IFBLK"},
        {S_IFIFO, "S_IFIFO"}, {S_IFLNK, "S_IFLNK"}, {S_IFSOCK, "S_IFSOCK"}, {0, NULL}};
    const char *n = trc_xlat(mode & S_IFMT, types);
    if (n)
      trc_printf(b, "%s|", n);
    else if (mode & S_IFMT)
      trc_printf(b, "%#o|", mode & S_IFMT);
  }
  u32 perm = mode & 07777;
  if (perm & S_ISUID) trc_puts(b, "S_ISUID|");
  if (perm & S_ISGID) trc_puts(b, "S_ISGID|");
  if (perm & S_ISVTX) trc_puts(b, "S_ISVTX|");
  trc_printf(b, "%#03o", perm & 0777);
}

/* ---- flag tables (host values equal the guest's on x86) ---- */

#define F(x) \
  { x, #x }
static const struct trc_flag open_flags[] = {F(O_CREAT),
                                             F(O_EXCL),
                                             F(O_NOCTTY),
                                             F(O_TRUNC),
                                             F(O_APPEND),
                                             F(O_NONBLOCK),
                                             {04010000, "O_SYNC"},
                                             F(O_DSYNC),
                                             F(O_ASYNC),
                                             {040000, "O_DIRECT"},
                                             {0100000, "O_LARGEFILE"},
                                             {0200000, "O_DIRECTORY"},
                                             {0400000, "O_NOFOLLOW"},
                                             {01000000, "O_NOATIME"},
                                             {02000000, "O_CLOEXEC"},
                                             {010000000, "O_PATH"},
                                             {020200000, "O_TMPFILE"},
                                             {0, NULL}};

static void fmt_open_flags(struct trc_buf *b, u32 v, bool m32) {
  static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
  /* i386 has O_LARGEFILE 0100000 like x86-64's value, shown as such. */
  (void)m32;
  if (v & 010000000) {
    trc_flags(b, v, open_flags, NULL);
    return;
  }
  trc_puts(b, acc[v & 3]);
  v &= ~3u;
  if (v) {
    trc_puts(b, "|");
    trc_flags(b, v, open_flags, NULL);
  }
}

static const struct trc_flag at_flags[] = {F(AT_SYMLINK_NOFOLLOW),
                                           F(AT_REMOVEDIR),
                                           F(AT_SYMLINK_FOLLOW),
                                           F(AT_NO_AUTOMOUNT),
                                           F(AT_EMPTY_PATH),
                                           {0x2000, "AT_STATX_FORCE_SYNC"},
                                           {0x4000, "AT_STATX_DONT_SYNC"},
                                           {0x8000, "AT_RECURSIVE"},
                                           {0, NULL}};

static const struct trc_flag prot_flags[] = {F(PROT_READ),      F(PROT_WRITE),   F(PROT_EXEC),
                                             F(PROT_GROWSDOWN), F(PROT_GROWSUP), {0, NULL}};

static const struct trc_flag map_flags[] = {
    F(MAP_FIXED),      F(MAP_ANONYMOUS), F(MAP_32BIT),     F(MAP_GROWSDOWN),       F(MAP_DENYWRITE),
    F(MAP_EXECUTABLE), F(MAP_LOCKED),    F(MAP_NORESERVE), F(MAP_POPULATE),        F(MAP_NONBLOCK),
    F(MAP_STACK),      F(MAP_HUGETLB),   F(MAP_SYNC),      F(MAP_FIXED_NOREPLACE), {0, NULL}};

static void fmt_mmap_flags(struct trc_buf *b, u32 v) {
  static const char *const type[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
  trc_puts(b, type[v & 3]);
  v &= ~3u;
  if (v) {
    trc_puts(b, "|");
    trc_flags(b, v, map_flags, NULL);
  }
}

static const struct trc_flag mremap_flags[] = {
    {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}, {0, NULL}};
static const struct trc_flag madv[] = {
    F(MADV_NORMAL),     F(MADV_RANDOM),    F(MADV_SEQUENTIAL),  F(MADV_WILLNEED),
    F(MADV_DONTNEED),   F(MADV_FREE),      F(MADV_REMOVE),      F(MADV_DONTFORK),
    F(MADV_DOFORK),     F(MADV_MERGEABLE), F(MADV_UNMERGEABLE), F(MADV_HUGEPAGE),
    F(MADV_NOHUGEPAGE), F(MADV_DONTDUMP),  F(MADV_DODUMP),      {0, NULL}};
static const struct trc_flag access_flags[] = {F(R_OK), F(W_OK), F(X_OK), {0, NULL}};
static const struct trc_flag whence[] = {F(SEEK_SET),  F(SEEK_CUR),  F(SEEK_END),
                                         F(SEEK_DATA), F(SEEK_HOLE), {0, NULL}};
static const struct trc_flag sighow[] = {F(SIG_BLOCK), F(SIG_UNBLOCK), F(SIG_SETMASK), {0, NULL}};
static const struct trc_flag clocks[] = {
    F(CLOCK_REALTIME),          F(CLOCK_MONOTONIC),     F(CLOCK_PROCESS_CPUTIME_ID),
    F(CLOCK_THREAD_CPUTIME_ID), F(CLOCK_MONOTONIC_RAW), F(CLOCK_REALTIME_COARSE),
    F(CLOCK_MONOTONIC_COARSE),  F(CLOCK_BOOTTIME),      F(CLOCK_REALTIME_ALARM),
    F(CLOCK_BOOTTIME_ALARM),    F(CLOCK_TAI),           {0, NULL}};
static const struct trc_flag arch_codes[] = {{0x1001, "ARCH_SET_GS"},
                                             {0x1002, "ARCH_SET_FS"},
                                             {0x1003, "ARCH_GET_FS"},
                                             {0x1004, "ARCH_GET_GS"},
                                             {0x1011, "ARCH_GET_CPUID"},
                                             {0x1012, "ARCH_SET_CPUID"},
                                             {0, NULL}};
static const struct trc_flag rlimits[] = {{0, "RLIMIT_CPU"},
                                          {1, "RLIMIT_FSIZE"},
                                          {2, "RLIMIT_DATA"},
                                          {3, "RLIMIT_STACK"},
                                          {4, "RLIMIT_CORE"},
                                          {5, "RLIMIT_RSS"},
                                          {6, "RLIMIT_NPROC"},
                                          {7, "RLIMIT_NOFILE"},
                                          {8, "RLIMIT_MEMLOCK"},
                                          {9, "RLIMIT_AS"},
                                          {10, "RLIMIT_LOCKS"},
                                          {11, "RLIMIT_SIGPENDING"},
                                          {12, "RLIMIT_MSGQUEUE"},
                                          {13, "RLIMIT_NICE"},
                                          {14, "RLIMIT_RTPRIO"},
                                          {15, "RLIMIT_RTTIME"},
                                          {0, NULL}};
static const struct trc_flag fcntl_cmds[] = {
    F(F_DUPFD),      F(F_GETFD),     F(F_SETFD),        F(F_GETFL),         F(F_SETFL),
    {5, "F_GETLK"},  {6, "F_SETLK"}, {7, "F_SETLKW"},   F(F_SETOWN),        F(F_GETOWN),
    F(F_SETSIG),     F(F_GETSIG),    {12, "F_GETLK64"}, {13, "F_SETLK64"},  {14, "F_SETLKW64"},
    F(F_SETOWN_EX),  F(F_GETOWN_EX), F(F_OFD_GETLK),    F(F_OFD_SETLK),     F(F_OFD_SETLKW),
    F(F_SETLEASE),   F(F_GETLEASE),  F(F_NOTIFY),       F(F_DUPFD_CLOEXEC), F(F_SETPIPE_SZ),
    F(F_GETPIPE_SZ), F(F_ADD_SEALS), F(F_GET_SEALS),    {0, NULL}};
static const struct trc_flag ioctls[] = {{0x5401, "TCGETS"},
                                         {0x5402, "TCSETS"},
                                         {0x5403, "TCSETSW"},
                                         {0x5404, "TCSETSF"},
                                         {0x540b, "TCFLSH"},
                                         {0x540e, "TIOCSCTTY"},
                                         {0x540f, "TIOCGPGRP"},
                                         {0x5410, "TIOCSPGRP"},
                                         {0x5413, "TIOCGWINSZ"},
                                         {0x5414, "TIOCSWINSZ"},
                                         {0x541b, "FIONREAD"},
                                         {0x5421, "FIONBIO"},
                                         {0x5450, "FIONCLEX"},
                                         {0x5451, "FIOCLEX"},
                                         {0x5452, "FIOASYNC"},
                                         {0x802c542a, "TCGETS2"},
                                         {0, NULL}};
static const struct trc_flag domains[] = {{AF_UNSPEC, "AF_UNSPEC"},
                                          {AF_UNIX, "AF_UNIX"},
                                          {AF_INET, "AF_INET"},
                                          {AF_INET6, "AF_INET6"},
                                          {AF_NETLINK, "AF_NETLINK"},
                                          {AF_PACKET, "AF_PACKET"},
                                          {0, NULL}};
static const struct trc_flag socktypes[] = {
    {1, "SOCK_STREAM"},    {2, "SOCK_DGRAM"},   {3, "SOCK_RAW"}, {4, "SOCK_RDM"},
    {5, "SOCK_SEQPACKET"}, {10, "SOCK_PACKET"}, {0, NULL}};
static const struct trc_flag sockflags[] = {
    {O_CLOEXEC, "SOCK_CLOEXEC"}, {O_NONBLOCK, "SOCK_NONBLOCK"}, {0, NULL}};
static const struct trc_flag grnd[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}, {0, NULL}};
static const struct trc_flag wait_opts[] = {
    {1, "WNOHANG"},         {2, "WUNTRACED"},         {4, "WEXITED"},
    {8, "WCONTINUED"},      {0x01000000, "WNOWAIT"},  {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"}, {0, NULL}};
static const struct trc_flag statx_mask[] = {{0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},
                                             {0x2, "STATX_MODE"},          {0x4, "STATX_NLINK"},
                                             {0x8, "STATX_UID"},           {0x10, "STATX_GID"},
                                             {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
                                             {0x80, "STATX_CTIME"},        {0x100, "STATX_INO"},
                                             {0x200, "STATX_SIZE"},        {0x400, "STATX_BLOCKS"},
                                             {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
                                             {0x2000, "STATX_DIOALIGN"},   {0, NULL}};
static const struct trc_flag socketcalls[] = {
    {1, "SYS_SOCKET"},      {2, "SYS_BIND"},        {3, "SYS_CONNECT"},
    {4, "SYS_LISTEN"},      {5, "SYS_ACCEPT"},      {6, "SYS_GETSOCKNAME"},
    {7, "SYS_GETPEERNAME"}, {8, "SYS_SOCKETPAIR"},  {9, "SYS_SEND"},
    {10, "SYS_RECV"},       {11, "SYS_SENDTO"},     {12, "SYS_RECVFROM"},
    {13, "SYS_SHUTDOWN"},   {14, "SYS_SETSOCKOPT"}, {15, "SYS_GETSOCKOPT"},
    {16, "SYS_SENDMSG"},    {17, "SYS_RECVMSG"},    {18, "SYS_ACCEPT4"},
    {19, "SYS_RECVMMSG"},   {20, "SYS_SENDMMSG"},   {0, NULL}};
#undef F

void trc_statx_mask(struct trc_buf *b, u32 v);
void trc_statx_mask(struct trc_buf *b, u32 v) { trc_flags(b, v, statx_mask, NULL); }

static void fmt_futex_op(struct trc_buf *b, u32 op) {
  static const struct trc_flag cmds[] = {{FUTEX_WAIT, "FUTEX_WAIT"},
                                         {FUTEX_WAKE, "FUTEX_WAKE"},
                                         {FUTEX_FD, "FUTEX_FD"},
                                         {FUTEX_REQUEUE, "FUTEX_REQUEUE"},
                                         {FUTEX_CMP_REQUEUE, "FUTEX_CMP_REQUEUE"},
                                         {FUTEX_WAKE_OP, "FUTEX_WAKE_OP"},
                                         {FUTEX_LOCK_PI, "FUTEX_LOCK_PI"},
                                         {FUTEX_UNLOCK_PI, "FUTEX_UNLOCK_PI"},
                                         {FUTEX_TRYLOCK_PI, "FUTEX_TRYLOCK_PI"},
                                         {FUTEX_WAIT_BITSET, "FUTEX_WAIT_BITSET"},
                                         {FUTEX_WAKE_BITSET, "FUTEX_WAKE_BITSET"},
                                         {FUTEX_WAIT_REQUEUE_PI, "FUTEX_WAIT_REQUEUE_PI"},
                                         {FUTEX_CMP_REQUEUE_PI, "FUTEX_CMP_REQUEUE_PI"},
                                         {FUTEX_LOCK_PI2, "FUTEX_LOCK_PI2"},
                                         {0, NULL}};
  const char *n = trc_xlat(op & FUTEX_CMD_MASK, cmds);
  if (!n) {
    trc_printf(b, "%#x", op);
    return;
  }
  trc_printf(b, "%s%s", n, op & FUTEX_PRIVATE_FLAG ? "_PRIVATE" : "");
  if (op & FUTEX_CLOCK_REALTIME) trc_puts(b, "|FUTEX_CLOCK_REALTIME");
}

/* futex(uaddr, op, val, ...): what follows val depends on the command
 * (strace's futex.c). */
static void fmt_futex_rest(struct trc_buf *b, const struct trc_call *c, int i) {
  u32 op = (u32)c->a[1], cmd = op & FUTEX_CMD_MASK;
  switch (cmd) {
  case FUTEX_WAIT:
  case FUTEX_LOCK_PI:
  case FUTEX_LOCK_PI2:
    trc_puts(b, ", ");
    trc_timespec(b, c, ularg(c, i), false, "tv_nsec");
    break;
  case FUTEX_WAIT_BITSET:
    trc_puts(b, ", ");
    trc_timespec(b, c, ularg(c, i), false, "tv_nsec");
    if ((u32)c->a[5] == FUTEX_BITSET_MATCH_ANY)
      trc_puts(b, ", FUTEX_BITSET_MATCH_ANY");
    else
      trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  case FUTEX_WAKE_BITSET:
    if ((u32)c->a[5] == FUTEX_BITSET_MATCH_ANY)
      trc_puts(b, ", FUTEX_BITSET_MATCH_ANY");
    else
      trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  case FUTEX_REQUEUE:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    break;
  case FUTEX_CMP_REQUEUE:
  case FUTEX_CMP_REQUEUE_PI:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    trc_printf(b, ", %u", (u32)c->a[5]);
    break;
  case FUTEX_WAKE_OP:
    trc_printf(b, ", %u, ", (u32)c->a[3]);
    trc_ptr(b, c, c->a[4]);
    trc_printf(b, ", %#x", (u32)c->a[5]);
    break;
  default: break;
  }
}

static void fmt_fcntl_arg(struct trc_buf *b, const struct trc_call *c, int i) {
  u32 cmd = (u32)c->a[1];
  switch (cmd) {
  case F_GETFD:
  case F_GETFL:
  case F_GETOWN:
  case F_GETSIG:
  case F_GETLEASE:
  case F_GETPIPE_SZ:
  case F_GET_SEALS: return; /* no argument */
  case F_SETFD:
    trc_puts(b, ", ");
    trc_puts(b, (u32)c->a[i] == FD_CLOEXEC ? "FD_CLOEXEC" : "0");
    if ((u32)c->a[i] > 1) b->n--, trc_printf(b, "%#x", (u32)c->a[i]);
    return;
  case F_SETFL:
    trc_puts(b, ", ");
    fmt_open_flags(b, (u32)c->a[i], c->m32);
    return;
  case 5:  /* F_GETLK: printed at exit (K_FCNTL_OUT) */
  case 12: /* F_GETLK64 */
  case 36: /* F_OFD_GETLK */
  case 15: /* F_SETOWN_EX */
  case 16: /* F_GETOWN_EX */ return;
  case 6:  /* F_SETLK */
  case 7:  /* F_SETLKW */
  case 13: /* F_SETLK64 */
  case 14: /* F_SETLKW64 */
  case 37: /* F_OFD_SETLK */
  case 38: /* F_OFD_SETLKW */
    trc_puts(b, ", ");
    trc_flock(b, c, c->m32 ? (u32)c->a[i] : c->a[i], false);
    return;
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
  case F_SETOWN:
  case F_SETSIG:
  case F_SETPIPE_SZ:
  case F_NOTIFY:
  case F_SETLEASE:
  case F_ADD_SEALS: trc_printf(b, ", %d", (int)c->a[i]); return;
  default: trc_puts(b, ", "); trc_ptr(b, c, c->a[i]);
  }
}

TRC_FMT(k_int) { trc_printf(b, "%d", (int)c->a[i]); }
TRC_FMT(k_uint) { trc_printf(b, "%u", (u32)c->a[i]); }
TRC_FMT(k_long) { trc_printf(b, "%ld", trc_sarg(c, i)); }
TRC_FMT(k_ulong) { trc_printf(b, "%llu", (unsigned long long)(c->m32 ? (u32)c->a[i] : c->a[i])); }
TRC_FMT(k_hex) {
  u64 v = c->a[i];
  v = c->m32 ? (u32)v : v;
  trc_printf(b, v ? "%#llx" : "0", (unsigned long long)v);
}

TRC_FMT(k_oct) { trc_printf(b, "%#03o", (u32)c->a[i]); }
TRC_FMT(k_ptr) { trc_ptr(b, c, c->a[i]); }
TRC_FMT(k_dirfd) {
  u64 v = c->a[i];
  if ((int)v == AT_FDCWD)
    trc_puts(b, "AT_FDCWD");
  else
    trc_printf(b, "%d", (int)v);
}

TRC_FMT(k_path) { trc_str(b, c, c->a[i], -1, 4096); }
TRC_FMT(k_str) { trc_str(b, c, c->a[i], -1, -1); }
TRC_FMT(k_buf_in) { trc_str(b, c, c->a[i], (long)(c->m32 ? (u32)c->a[p] : c->a[p]), -1); }
TRC_FMT(k_open_flags) { fmt_open_flags(b, (u32)c->a[i], c->m32); }
TRC_FMT(k_fd_flags) { trc_flags(b, (u32)c->a[i], open_flags, "0"); }
TRC_FMT(k_at_flags) {
  u64 v = c->a[i];
  if (p == 1) { /* statx: the sync type comes first, AT_STATX_SYNC_AS_STAT being 0 */
    static const char *const sync[] = {"AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC",
                                       "AT_STATX_DONT_SYNC", "0x6000"};
    trc_puts(b, sync[(v >> 13) & 3]);
    if ((u32)v & ~0x6000u) {
      trc_puts(b, "|");
      trc_flags(b, (u32)v & ~0x6000u, at_flags, "0");
    }
    return;
  }
  trc_flags(b, (u32)v, at_flags, "0");
}

TRC_FMT(k_access) { trc_flags(b, (u32)c->a[i], access_flags, "F_OK"); }
TRC_FMT(k_whence) { trc_xlat_fmt(b, (u32)c->a[i], whence, "%#llx"); }
TRC_FMT(k_prot) { trc_flags(b, (u32)c->a[i], prot_flags, "PROT_NONE"); }
TRC_FMT(k_mmap_flags) { fmt_mmap_flags(b, (u32)c->a[i]); }
TRC_FMT(k_mremap_flags) { trc_flags(b, (u32)c->a[i], mremap_flags, "0"); }
TRC_FMT(k_madv) { trc_xlat_fmt(b, (u32)c->a[i], madv, "%#llx"); }
TRC_FMT(k_signum) { trc_puts(b, (int)c->a[i] ? trc_signame((int)c->a[i]) : "0"); }
TRC_FMT(k_sighow) { trc_xlat_fmt(b, (u32)c->a[i], sighow, "%#llx"); }
TRC_FMT(k_clockid) { trc_xlat_fmt(b, (u32)c->a[i], clocks, "%#llx"); }
TRC_FMT(k_arch_prctl) { trc_xlat_fmt(b, (u32)c->a[i], arch_codes, "%#llx"); }
TRC_FMT(k_futex_op) { fmt_futex_op(b, (u32)c->a[i]); }
TRC_FMT(k_rlimit_res) { trc_xlat_fmt(b, (u32)c->a[i], rlimits, "%#llx /* RLIMIT_??? */"); }
TRC_FMT(k_fcntl_cmd) { trc_xlat_fmt(b, (u32)c->a[i], fcntl_cmds, "%#llx /* F_??? */"); }
TRC_FMT(k_ioctl_req) { trc_xlat_fmt(b, (u32)c->a[i], ioctls, "%#llx"); }
TRC_FMT(k_sock_domain) { trc_xlat_fmt(b, (u32)c->a[i], domains, "%llu /* AF_??? */"); }
TRC_FMT(k_sock_type) {
  u64 v = c->a[i];
  trc_xlat_fmt(b, (u32)v & 0xf, socktypes, "%#llx");
  if ((u32)v & ~0xfu) {
    trc_puts(b, "|");
    trc_flags(b, (u32)v & ~0xfu, sockflags, NULL);
  }
}

TRC_FMT(k_grnd_flags) { trc_flags(b, (u32)c->a[i], grnd, "0"); }
TRC_FMT(k_wait_opts) { trc_flags(b, (u32)c->a[i], wait_opts, "0"); }
TRC_FMT(k_statx_mask) { trc_flags(b, (u32)c->a[i], statx_mask, NULL); }
TRC_FMT(k_socketcall) { trc_xlat_fmt(b, (u32)c->a[i], socketcalls, "%llu"); }
TRC_FMT(k_off64_lohi) {
  trc_printf(b, "%lld", (long long)((u64)(u32)c->a[i + 1] << 32 | (u32)c->a[i]));
}
TRC_FMT(k_llseek_off) {
  trc_printf(b, "%lld", (long long)((u64)(u32)c->a[i] << 32 | (u32)c->a[i + 1]));
}

/* open's mode, printed only with O_CREAT or O_TMPFILE. */
TRC_FMT(k_open_mode) {
  if (c->a[p] & (O_CREAT | 020000000)) trc_printf(b, ", %#03o", (u32)c->a[i]);
}
TRC_FMT(k_futex_rest) { fmt_futex_rest(b, c, i); }
TRC_FMT(k_fcntl_arg) { fmt_fcntl_arg(b, c, i); }

TRC_RV(rv_hex) { trc_printf(b, "%#llx", (unsigned long long)(c->m32 ? (u32)c->ret : (u64)c->ret)); }
TRC_RV(rv_oct) { trc_printf(b, "%#03lo", r); }
TRC_RV(rv_fcntl) {
  u32 cmd = (u32)c->a[1];
  if (cmd == F_GETFL) {
    trc_printf(b, "%#lx (flags ", r);
    fmt_open_flags(b, (u32)r, c->m32);
    trc_puts(b, ")");
  } else if (cmd == F_GETFD && r) {
    trc_printf(b, "%#lx (flags %s)", r, r == FD_CLOEXEC ? "FD_CLOEXEC" : "?");
  } else {
    trc_printf(b, "%ld", r);
  }
}

const struct trc_kind_def trc_fmt_kinds[] = {
    {K_INT, .fmt = k_int},
    {K_FD, .fmt = k_int},
    {K_UINT, .fmt = k_uint},
    {K_LONG, .fmt = k_long},
    {K_ULONG, .fmt = k_ulong},
    {K_HEX, .fmt = k_hex},
    {K_OCT, .fmt = k_oct},
    {K_PTR, .fmt = k_ptr},
    {K_DIRFD, .fmt = k_dirfd},
    {K_PATH, .fmt = k_path},
    {K_STR, .fmt = k_str},
    {K_BUF_IN, .fmt = k_buf_in},
    {K_OPEN_FLAGS, .fmt = k_open_flags},
    {K_FD_FLAGS, .fmt = k_fd_flags},
    {K_AT_FLAGS, .fmt = k_at_flags},
    {K_ACCESS, .fmt = k_access},
    {K_WHENCE, .fmt = k_whence},
    {K_PROT, .fmt = k_prot},
    {K_MMAP_FLAGS, .fmt = k_mmap_flags},
    {K_MREMAP_FLAGS, .fmt = k_mremap_flags},
    {K_MADV, .fmt = k_madv},
    {K_SIGNUM, .fmt = k_signum},
    {K_SIGHOW, .fmt = k_sighow},
    {K_CLOCKID, .fmt = k_clockid},
    {K_ARCH_PRCTL, .fmt = k_arch_prctl},
    {K_FUTEX_OP, .fmt = k_futex_op},
    {K_RLIMIT_RES, .fmt = k_rlimit_res},
    {K_FCNTL_CMD, .fmt = k_fcntl_cmd},
    {K_IOCTL_REQ, .fmt = k_ioctl_req},
    {K_SOCK_DOMAIN, .fmt = k_sock_domain},
    {K_SOCK_TYPE, .fmt = k_sock_type},
    {K_GRND_FLAGS, .fmt = k_grnd_flags},
    {K_WAIT_OPTS, .fmt = k_wait_opts},
    {K_STATX_MASK, .fmt = k_statx_mask},
    {K_SOCKETCALL, .fmt = k_socketcall},
    {K_OFF64_LOHI, .fmt = k_off64_lohi},
    {K_LLSEEK_OFF, .fmt = k_llseek_off},
    {K_OPEN_MODE, .fmt = k_open_mode, .flags = TRC_SELF_SEP},
    {K_FUTEX_REST, .fmt = k_futex_rest, .flags = TRC_SELF_SEP},
    {K_FCNTL_ARG, .fmt = k_fcntl_arg, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_fmt_rvs[] = {
    {RV_HEX, rv_hex},
    {RV_OCT, rv_oct},
    {RV_FCNTL, rv_fcntl},
    {0, NULL},
};
