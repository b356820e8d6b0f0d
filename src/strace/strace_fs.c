/* strace_fs.c — the system-call log's file kinds: open flags and modes,
 * AT_* flags, access, lseek/_llseek offsets, stat/stat64/statx, getdents,
 * fcntl (commands, struct flock, F_GETOWN_EX, F_GETFL's result), ioctl
 * (terminal requests), statfs, flock, mknod, memfd_create, utimensat/
 * utimes/utime, inotify, extended attributes, openat2's open_how,
 * mount/umount2.  Reads the guest's structures in the layout of the ABI the
 * call came through.  Mirrors strace's open.c, stat.c, statx.c, dirent.c,
 * fcntl.c, ioctl.c/term.c, statfs.c, flock.c, mknod.c, memfd_create.c,
 * utimes.c, inotify.c, xattr.c, mount.c, umount.c (non-verbose output of
 * strace 6.1). */
#define _GNU_SOURCE
#include <fcntl.h>

#include "../abi/lx_fs.h"
#include "../abi/lx_time.h"
#include "strace_fmt.h"

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

static const struct trc_flag open_flags[] = {FN(O_CREAT),
                                             FN(O_EXCL),
                                             FN(O_NOCTTY),
                                             FN(O_TRUNC),
                                             FN(O_APPEND),
                                             FN(O_NONBLOCK),
                                             {04010000, "O_SYNC"},
                                             FN(O_DSYNC),
                                             FN(O_ASYNC),
                                             {040000, "O_DIRECT"},
                                             {0100000, "O_LARGEFILE"},
                                             {0400000, "O_NOFOLLOW"},
                                             {01000000, "O_NOATIME"},
                                             {02000000, "O_CLOEXEC"},
                                             /* strace's open_mode_flags.in:
                                              * O_DIRECTORY last, after the
                                              * O_TMPFILE that includes it */
                                             {020200000, "O_TMPFILE"},
                                             {010000000, "O_PATH"},
                                             {0200000, "O_DIRECTORY"},
                                             {0, NULL}};

static void fmt_open_flags(struct trc_buf *b, u32 v, bool m32) {
  static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
  /* i386 has O_LARGEFILE 0100000 like x86-64's value, shown as such. */
  (void)m32;
  trc_puts(b, acc[v & 3]); /* O_RDONLY with O_PATH too, as strace 6.1 prints it */
  v &= ~3u;
  if (v) {
    trc_puts(b, "|");
    trc_flags(b, v, open_flags, NULL);
  }
}

static const struct trc_flag at_flags[] = {FN(AT_SYMLINK_NOFOLLOW),
                                           FN(AT_REMOVEDIR),
                                           FN(AT_SYMLINK_FOLLOW),
                                           FN(AT_NO_AUTOMOUNT),
                                           FN(AT_EMPTY_PATH),
                                           {0x2000, "AT_STATX_FORCE_SYNC"},
                                           {0x4000, "AT_STATX_DONT_SYNC"},
                                           {0x8000, "AT_RECURSIVE"},
                                           {0, NULL}};

static const struct trc_flag access_flags[] = {FN(R_OK), FN(W_OK), FN(X_OK), {0, NULL}};

/* faccessat2's: 0x200 is AT_EACCESS there (strace's faccessat_flags), where
 * unlinkat's 0x200 is AT_REMOVEDIR. */
static const struct trc_flag faccessat_flags[] = {
    FN(AT_SYMLINK_NOFOLLOW), FN(AT_EACCESS), FN(AT_EMPTY_PATH), {0, NULL}};

static const struct trc_flag whence[] = {FN(SEEK_SET),  FN(SEEK_CUR),  FN(SEEK_END),
                                         FN(SEEK_DATA), FN(SEEK_HOLE), {0, NULL}};

static const struct trc_flag fcntl_cmds[] = {
    FN(F_DUPFD),       FN(F_GETFD),       FN(F_SETFD),        FN(F_GETFL),
    FN(F_SETFL),       {5, "F_GETLK"},    {6, "F_SETLK"},     {7, "F_SETLKW"},
    FN(F_SETOWN),      FN(F_GETOWN),      FN(F_SETSIG),       FN(F_GETSIG),
    {12, "F_GETLK64"}, {13, "F_SETLK64"}, {14, "F_SETLKW64"}, FN(F_SETOWN_EX),
    FN(F_GETOWN_EX),   FN(F_OFD_GETLK),   FN(F_OFD_SETLK),    FN(F_OFD_SETLKW),
    FN(F_SETLEASE),    FN(F_GETLEASE),    FN(F_NOTIFY),       FN(F_DUPFD_CLOEXEC),
    FN(F_SETPIPE_SZ),  FN(F_GETPIPE_SZ),  FN(F_ADD_SEALS),    FN(F_GET_SEALS),
    {0, NULL}};

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

static const struct trc_flag statx_mask[] = {{0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},
                                             {0x2, "STATX_MODE"},          {0x4, "STATX_NLINK"},
                                             {0x8, "STATX_UID"},           {0x10, "STATX_GID"},
                                             {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
                                             {0x80, "STATX_CTIME"},        {0x100, "STATX_INO"},
                                             {0x200, "STATX_SIZE"},        {0x400, "STATX_BLOCKS"},
                                             {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
                                             {0x2000, "STATX_DIOALIGN"},   {0, NULL}};

static void trc_statx_mask(struct trc_buf *b, u32 v) { trc_flags(b, v, statx_mask, NULL); }

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

TRC_FMT(k_dirfd) { trc_dirfd(b, (int)c->a[i]); }

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
  trc_flags(b, (u32)v, p == 2 ? faccessat_flags : at_flags, "0");
}

TRC_FMT(k_access) { trc_flags(b, (u32)c->a[i], access_flags, "F_OK"); }

TRC_FMT(k_whence) { trc_xlat_fmt(b, (u32)c->a[i], whence, "%#llx"); }

TRC_FMT(k_fcntl_cmd) { trc_xlat_fmt(b, (u32)c->a[i], fcntl_cmds, "%#llx /* F_??? */"); }

TRC_FMT(k_ioctl_req) { trc_xlat_fmt(b, (u32)c->a[i], ioctls, "%#llx"); }

TRC_FMT(k_statx_mask) { trc_flags(b, (u32)c->a[i], statx_mask, NULL); }

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

TRC_FMT(k_fcntl_arg) { fmt_fcntl_arg(b, c, i); }

TRC_RV(rv_fcntl) {
  u32 cmd = (u32)c->a[1];
  if (cmd == F_GETFL) {
    trc_printf(b, "%#lx (flags ", r);
    fmt_open_flags(b, (u32)r, c->m32);
    trc_puts(b, ")");
  } else if (cmd == F_GETFD && r) {
    trc_printf(b, "%#lx (flags %s)", r, r == FD_CLOEXEC ? "FD_CLOEXEC" : "?");
  } else if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
    trc_fd(b, (int)r);
  } else {
    trc_printf(b, "%ld", r);
  }
}

/* The argument value, as the ABI's unsigned long. */

static void fmt_stat_fields(struct trc_buf *b, u32 mode, u64 rdev, i64 size) {
  trc_puts(b, "{st_mode=");
  trc_mode(b, mode, true);
  if ((mode & 0170000) == 0020000 || (mode & 0170000) == 0060000) {
    /* new_decode_dev(): major = (dev & 0xfff00) >> 8, minor = (dev & 0xff) | ((dev >> 12) &
     * 0xfff00) */
    u32 major = (u32)(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffull));
    u32 minor = (u32)((rdev & 0xff) | ((rdev >> 12) & ~0xffull));
    trc_printf(b, ", st_rdev=makedev(%#x, %#x), ...}", major, minor);
  } else {
    trc_printf(b, ", st_size=%lld, ...}", (long long)size);
  }
}

/* struct stat of the ABI: x86-64's, or the old i386 one (u16 st_mode). */
static void fmt_stat(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  if (c->m32) {
    struct lx32_stat st;
    if (!trc_read(c, &st, addr, sizeof st)) return trc_ptr(b, c, addr);
    return fmt_stat_fields(b, st.st_mode, st.st_rdev, (i32)st.st_size);
  }
  struct lx64_stat st;
  if (!trc_read(c, &st, addr, sizeof st)) return trc_ptr(b, c, addr);
  fmt_stat_fields(b, st.st_mode, st.st_rdev, st.st_size);
}

/* struct stat64 of i386 (4-byte aligned). */
static void fmt_stat64(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx32_stat64 st;
  if (!trc_read(c, &st, addr, sizeof st)) return trc_ptr(b, c, addr);
  fmt_stat_fields(b, st.st_mode, st.st_rdev, st.st_size);
}

/* struct statx (same on both ABIs). */
static void fmt_statx(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx_statx st;
  if (!trc_read(c, &st, addr, sizeof st)) return trc_ptr(b, c, addr);
  trc_puts(b, "{stx_mask=");
  trc_statx_mask(b, st.stx_mask);
  trc_printf(b, ", stx_attributes=");
  trc_printf(b, st.stx_attributes ? "%#llx" : "0", (unsigned long long)st.stx_attributes);
  trc_puts(b, ", stx_mode=");
  trc_mode(b, st.stx_mode, true);
  trc_printf(b, ", stx_size=%llu, ...}", (unsigned long long)st.stx_size);
}

static void fmt_termios(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag bauds[] = {
      {0, "B0"},          {1, "B50"},          {2, "B75"},          {3, "B110"},
      {4, "B134"},        {5, "B150"},         {6, "B200"},         {7, "B300"},
      {8, "B600"},        {9, "B1200"},        {10, "B1800"},       {11, "B2400"},
      {12, "B4800"},      {13, "B9600"},       {14, "B19200"},      {15, "B38400"},
      {010001, "B57600"}, {010002, "B115200"}, {010003, "B230400"}, {010004, "B460800"},
      {0, NULL}};
  struct lx_termios t;
  if (!trc_read(c, &t, addr, sizeof t)) return trc_ptr(b, c, addr);
  u32 oflag = t.c_oflag, cflag = t.c_cflag, lflag = t.c_lflag;
  const char *baud = trc_xlat(cflag & 010017, bauds);
  trc_printf(b, "{%s %sopost %sisig %sicanon %secho ...}", baud ? baud : "B?", oflag & 1 ? "" : "-",
             lflag & 1 ? "" : "-", lflag & 2 ? "" : "-", lflag & 8 ? "" : "-");
}

static void fmt_winsize(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx_winsize w;
  if (!trc_read(c, &w, addr, sizeof w)) return trc_ptr(b, c, addr);
  trc_printf(b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w.ws_row, w.ws_col,
             w.ws_xpixel, w.ws_ypixel);
}

static void fmt_int_at(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u32 v;
  if (!trc_read(c, &v, addr, 4)) return trc_ptr(b, c, addr);
  trc_printf(b, "[%d]", (int)v);
}

/* ioctl's third argument, printed when the call returns (with its own
 * ", "): nothing for the requests without one, the value pointed to for
 * the input requests, the result for the output ones (the address when
 * they failed), else the address. */
static void fmt_ioctl_arg(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u32 req = (u32)c->a[1];
  bool failed = c->ret < 0 && c->ret >= -4095;
  switch (req) {
  case 0x5451: /* FIOCLEX */
  case 0x5450: /* FIONCLEX */
  case 0x5422: /* TIOCNOTTY */
  case 0x540c: /* TIOCEXCL */
  case 0x540d: /* TIOCNXCL */
  case 0x5427: /* TIOCSBRK */
  case 0x5428: /* TIOCCBRK */ return;
  default: break;
  }
  trc_puts(b, ", ");
  switch (req) {
  case 0x5421: /* FIONBIO */
  case 0x5452: /* FIOASYNC */
  case 0x5410: /* TIOCSPGRP */
  case 0x5423: /* TIOCSETD */ return fmt_int_at(b, c, addr);
  case 0x5402: /* TCSETS */
  case 0x5403: /* TCSETSW */
  case 0x5404: /* TCSETSF */ return fmt_termios(b, c, addr);
  case 0x5414: /* TIOCSWINSZ */ return fmt_winsize(b, c, addr);
  case 0x540b: { /* TCFLSH */
    static const char *const q[] = {"TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"};
    if (addr < 3) return trc_puts(b, q[addr]);
    return trc_printf(b, "%#llx /* TC???FLUSH */", (unsigned long long)addr);
  }
  default: break;
  }
  if (failed) return trc_ptr(b, c, addr);
  switch (req) {
  case 0x5413: /* TIOCGWINSZ */ return fmt_winsize(b, c, addr);
  case 0x5401: return fmt_termios(b, c, addr); /* TCGETS */
  case 0x541b:                                 /* FIONREAD */
  case 0x540f:                                 /* TIOCGPGRP */
  case 0x5411:                                 /* TIOCOUTQ */
  case 0x5429: /* TIOCGSID */ return fmt_int_at(b, c, addr);
  default: return trc_ptr(b, c, addr);
  }
}

static void fmt_dirents(struct trc_buf *b, const struct trc_call *c, u64 addr, bool d64) {
  trc_ptr(b, c, addr);
  if (failed(c)) return; /* the end of the directory is "0 entries" too */
  /* d_reclen: at 16 in linux_dirent64 and the x86-64 linux_dirent, at 8 in
   * the i386 linux_dirent. */
  size_t off = d64 || !c->m32 ? 16 : 8;
  long n = 0, pos = 0;
  while (pos < c->ret) {
    u16 reclen;
    if (copy_from_user(c->mm, &reclen, addr + (u64)pos + off, 2) || !reclen) break;
    pos += reclen;
    n++;
  }
  trc_printf(b, " /* %ld entries */", n);
}

TRC_FMT(k_stat_out) { fmt_stat(b, c, ularg(c, i)); }

TRC_FMT(k_stat64_out) { fmt_stat64(b, c, ularg(c, i)); }

TRC_FMT(k_statx_out) { fmt_statx(b, c, ularg(c, i)); }

TRC_FMT(k_dirents_out) { fmt_dirents(b, c, ularg(c, i), p == 64); }

/* struct flock of fcntl's command (argument 1): x86-64 {short type, whence;
 * long start, len; int pid}; i386 32-bit fields for F_GETLK..F_SETLKW, the
 * 4-byte-aligned struct flock64 for the *64 and F_OFD_* commands. */
void trc_flock(struct trc_buf *b, const struct trc_call *c, u64 addr, bool with_pid) {
  static const char *const types[] = {"F_RDLCK", "F_WRLCK", "F_UNLCK"};
  static const char *const whence[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};
  u32 cmd = (u32)c->a[1];
  i64 start, len;
  i32 pid;
  u16 type, wh;
  if (!addr) return trc_puts(b, "NULL");
  if (!c->m32) {
    struct lx64_flock f;
    if (!trc_read(c, &f, addr, LX_THROUGH(struct lx64_flock, l_pid))) return trc_ptr(b, c, addr);
    type = (u16)f.l_type, wh = (u16)f.l_whence, start = f.l_start, len = f.l_len, pid = f.l_pid;
  } else if (cmd >= 5 && cmd <= 7) { /* F_GETLK..F_SETLKW: struct compat_flock */
    struct lx32_flock f;
    if (!trc_read(c, &f, addr, sizeof f)) return trc_ptr(b, c, addr);
    type = (u16)f.l_type, wh = (u16)f.l_whence, start = f.l_start, len = f.l_len, pid = f.l_pid;
  } else {
    struct lx32_flock64 f;
    if (!trc_read(c, &f, addr, sizeof f)) return trc_ptr(b, c, addr);
    type = (u16)f.l_type, wh = (u16)f.l_whence, start = f.l_start, len = f.l_len, pid = f.l_pid;
  }
  trc_puts(b, "{l_type=");
  if (type < 3)
    trc_puts(b, types[type]);
  else
    trc_printf(b, "%#x /* F_??? */", type);
  trc_puts(b, ", l_whence=");
  if (wh < 3)
    trc_puts(b, whence[wh]);
  else
    trc_printf(b, "%#x /* SEEK_??? */", wh);
  trc_printf(b, ", l_start=%lld, l_len=%lld", (long long)start, (long long)len);
  if (with_pid) trc_printf(b, ", l_pid=%d", pid);
  trc_puts(b, "}");
}

static void fmt_f_owner_ex(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const char *const types[] = {"F_OWNER_TID", "F_OWNER_PID", "F_OWNER_PGRP"};
  struct lx_f_owner_ex o;
  if (!trc_read(c, &o, addr, sizeof o)) return trc_ptr(b, c, addr);
  u32 t = (u32)o.type;
  trc_puts(b, "{type=");
  if (t < 3)
    trc_puts(b, types[t]);
  else
    trc_printf(b, "%#x /* F_OWNER_??? */", t);
  trc_printf(b, ", pid=%d}", o.pid);
}

/* fcntl's argument for the commands that return a structure: printed at
 * exit (the address when the call failed); F_SETOWN_EX's at entry. */
void trc_fcntl_out(struct trc_buf *b, const struct trc_call *c, int i) {
  u32 cmd = (u32)c->a[1];
  u64 addr = c->m32 ? (u32)c->a[i] : c->a[i];
  bool failed = c->exiting && c->ret < 0 && c->ret >= -4095;
  switch (cmd) {
  case 5:  /* F_GETLK */
  case 12: /* F_GETLK64 */
  case 36: /* F_OFD_GETLK */
    trc_puts(b, ", ");
    return failed ? trc_ptr(b, c, addr) : trc_flock(b, c, addr, true);
  case 16: /* F_GETOWN_EX */
    trc_puts(b, ", ");
    return failed ? trc_ptr(b, c, addr) : fmt_f_owner_ex(b, c, addr);
  case 15: /* F_SETOWN_EX (input; printed here so both share the reader) */
    trc_puts(b, ", ");
    return fmt_f_owner_ex(b, c, addr);
  default: return;
  }
}

void trc_ioctl_arg(struct trc_buf *b, const struct trc_call *c, int i) {
  fmt_ioctl_arg(b, c, c->m32 ? (u32)c->a[i] : c->a[i]);
}

static void fmt_statfs(struct trc_buf *b, const struct trc_call *c, u64 addr, bool s64) {
  static const struct trc_flag magic[] = {F(0x9fa0, "PROC_SUPER_MAGIC"),
                                          F(0xef53, "EXT2_SUPER_MAGIC"),
                                          F(0x01021994, "TMPFS_MAGIC"),
                                          F(0x794c7630, "OVERLAYFS_SUPER_MAGIC"),
                                          F(0x62656572, "SYSFS_MAGIC"),
                                          F(0x1cd1, "DEVPTS_SUPER_MAGIC"),
                                          F(0x9123683e, "BTRFS_SUPER_MAGIC"),
                                          F(0x58465342, "XFS_SUPER_MAGIC"),
                                          F(0x6969, "NFS_SUPER_MAGIC"),
                                          F(0x63677270, "CGROUP2_SUPER_MAGIC"),
                                          F(0x27e0eb, "CGROUP_SUPER_MAGIC"),
                                          F(0x858458f6, "RAMFS_MAGIC"),
                                          F(0x73717368, "SQUASHFS_MAGIC"),
                                          F(0x65735546, "FUSE_SUPER_MAGIC"),
                                          F(0x09041934, "ANON_INODE_FS_MAGIC"),
                                          F(0x534f434b, "SOCKFS_MAGIC"),
                                          F(0x50495045, "PIPEFS_MAGIC"),
                                          F(0x2fc12fc1, "ZFS_SUPER_MAGIC"),
                                          F(0x4d44, "MSDOS_SUPER_MAGIC"),
                                          F(0x9660, "ISOFS_SUPER_MAGIC"),
                                          F(0x01021997, "V9FS_MAGIC"),
                                          F(0x64626720, "DEBUGFS_MAGIC"),
                                          F(0x74726163, "TRACEFS_MAGIC"),
                                          F(0xcafe4a11, "BPF_FS_MAGIC"),
                                          F(0x73636673, "SECURITYFS_MAGIC"),
                                          F(0x958458f6, "HUGETLBFS_MAGIC"),
                                          F(0x42494e4d, "BINFMTFS_MAGIC"),
                                          F(0x19800202, "MQUEUE_MAGIC"),
                                          {0, NULL}};
  static const struct trc_flag stf[] = {
      F(0x20, "ST_VALID"),    F(1, "ST_RDONLY"),         F(2, "ST_NOSUID"),
      F(4, "ST_NODEV"),       F(8, "ST_NOEXEC"),         F(16, "ST_SYNCHRONOUS"),
      F(64, "ST_MANDLOCK"),   F(128, "ST_WRITE"),        F(256, "ST_APPEND"),
      F(512, "ST_IMMUTABLE"), F(1024, "ST_NOATIME"),     F(2048, "ST_NODIRATIME"),
      F(4096, "ST_RELATIME"), F(8192, "ST_NOSYMFOLLOW"), {0, NULL}};
  /* v: type, bsize, blocks, bfree, bavail, files, ffree, fsid[0], fsid[1],
   * namelen, frsize, as the ABI's unsigned words; the reads stop before f_spare. */
  u64 v[11], flags;
#define STATFS_V(f)                                                                  \
  (v[0] = (u32)f.f_type, v[1] = (u32)f.f_bsize, v[2] = f.f_blocks, v[3] = f.f_bfree, \
   v[4] = f.f_bavail, v[5] = f.f_files, v[6] = f.f_ffree, v[7] = (u32)f.f_fsid[0],   \
   v[8] = (u32)f.f_fsid[1], v[9] = (u32)f.f_namelen, v[10] = (u32)f.f_frsize)
  if (s64) { /* i386 statfs64 */
    struct lx32_statfs64 f;
    if (!trc_read(c, &f, addr, sizeof f)) return trc_ptr(b, c, addr);
    STATFS_V(f), flags = f.f_flags;
  } else if (c->m32) {
    struct lx32_statfs f;
    if (!trc_read(c, &f, addr, offsetof(struct lx32_statfs, f_spare))) return trc_ptr(b, c, addr);
    STATFS_V(f), flags = (u32)f.f_flags;
  } else {
    struct lx64_statfs f;
    if (!trc_read(c, &f, addr, offsetof(struct lx64_statfs, f_spare))) return trc_ptr(b, c, addr);
    STATFS_V(f), v[1] = (u64)f.f_bsize, v[9] = (u64)f.f_namelen, v[10] = (u64)f.f_frsize;
    flags = (u64)f.f_flags;
  }
#undef STATFS_V
  v[0] = (u32)v[0];
  trc_puts(b, "{f_type=");
  const char *m = trc_xlat(v[0], magic);
  if (m)
    trc_puts(b, m);
  else
    trc_printf(b, "%#llx", (unsigned long long)v[0]);
  trc_printf(b,
             ", f_bsize=%llu, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu, f_files=%llu, "
             "f_ffree=%llu, f_fsid={val=[",
             (unsigned long long)v[1], (unsigned long long)v[2], (unsigned long long)v[3],
             (unsigned long long)v[4], (unsigned long long)v[5], (unsigned long long)v[6]);
  trc_printf(b, v[7] ? "%#llx, " : "0, ", (unsigned long long)v[7]);
  trc_printf(b, v[8] ? "%#llx" : "0", (unsigned long long)v[8]);
  trc_printf(b, "]}, f_namelen=%llu, f_frsize=%llu, f_flags=", (unsigned long long)v[9],
             (unsigned long long)v[10]);
  trc_flags(b, flags, stf, "0");
  trc_puts(b, "}");
}

static const struct trc_flag flk[] = {F(1, "LOCK_SH"),      F(2, "LOCK_EX"),    F(4, "LOCK_NB"),
                                      F(8, "LOCK_UN"),      F(32, "LOCK_MAND"), F(64, "LOCK_READ"),
                                      F(128, "LOCK_WRITE"), {0, NULL}};

TRC_FMT(k_statfs_out) { fmt_statfs(b, c, ularg(c, i), p == 64 && c->m32); }

TRC_FMT(k_flock_op) { trc_flags(b, (u32)c->a[i], flk, "0"); }

TRC_FMT(k_mknod_mode) {
  u64 v = c->a[i];
  u32 mode = (u32)v;
  trc_mode(b, mode, true);
  if ((mode & 0170000) == 0020000 || (mode & 0170000) == 0060000) {
    u64 dev = c->m32 ? (u32)c->a[i + 1] : c->a[i + 1];
    u32 major = (u32)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull));
    u32 minor = (u32)((dev & 0xff) | ((dev >> 12) & ~0xffull));
    trc_printf(b, ", makedev(%#x, %#x)", major, minor);
  }
}

/* {tv_sec=1, tv_nsec=5} followed by the date as a comment, or
 * UTIME_NOW / UTIME_OMIT (strace's print_timespec_t_utime). */
static void fmt_utime(struct trc_buf *b, i64 sec, i64 frac, bool nsec) {
  if (nsec && frac == (1l << 30) - 1) return trc_puts(b, "UTIME_NOW");
  if (nsec && frac == (1l << 30) - 2) return trc_puts(b, "UTIME_OMIT");
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, nsec ? "tv_nsec" : "tv_usec",
             (long long)frac);
  trc_time_comment(b, sec, frac, nsec ? 9 : 6);
}

static void fmt_utimes(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                       bool nsec) {
  /* timespec[2] or timeval[2]: tv_usec sits where tv_nsec does. */
  struct lx64_timespec t64[2];
  struct lx32_timespec t32[2];
  bool w8 = wide || !c->m32;
  if (!addr) return trc_puts(b, "NULL");
  if (!(w8 ? trc_read(c, t64, addr, sizeof t64) : trc_read(c, t32, addr, sizeof t32)))
    return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (int k = 0; k < 2; k++) {
    i64 sec = w8 ? t64[k].tv_sec : t32[k].tv_sec, f = w8 ? t64[k].tv_nsec : t32[k].tv_nsec;
    if (k) trc_puts(b, ", ");
    fmt_utime(b, sec, f, nsec);
  }
  trc_puts(b, "]");
}

static const struct trc_flag mfd[] = {F(1, "MFD_CLOEXEC"), F(2, "MFD_ALLOW_SEALING"),
                                      F(4, "MFD_HUGETLB"), F(8, "MFD_NOEXEC_SEAL"),
                                      F(16, "MFD_EXEC"),   {0, NULL}};

static const struct trc_flag in_init[] = {
    F(04000, "IN_NONBLOCK"), F(02000000, "IN_CLOEXEC"), {0, NULL}};

static const struct trc_flag in_mask[] = {F(0x1, "IN_ACCESS"),
                                          F(0x2, "IN_MODIFY"),
                                          F(0x4, "IN_ATTRIB"),
                                          F(0x8, "IN_CLOSE_WRITE"),
                                          F(0x10, "IN_CLOSE_NOWRITE"),
                                          F(0x20, "IN_OPEN"),
                                          F(0x40, "IN_MOVED_FROM"),
                                          F(0x80, "IN_MOVED_TO"),
                                          F(0x100, "IN_CREATE"),
                                          F(0x200, "IN_DELETE"),
                                          F(0x400, "IN_DELETE_SELF"),
                                          F(0x800, "IN_MOVE_SELF"),
                                          F(0x2000, "IN_UNMOUNT"),
                                          F(0x4000, "IN_Q_OVERFLOW"),
                                          F(0x8000, "IN_IGNORED"),
                                          F(0x1000000, "IN_ONLYDIR"),
                                          F(0x2000000, "IN_DONT_FOLLOW"),
                                          F(0x4000000, "IN_EXCL_UNLINK"),
                                          F(0x10000000, "IN_MASK_CREATE"),
                                          F(0x20000000, "IN_MASK_ADD"),
                                          F(0x40000000, "IN_ISDIR"),
                                          F(0x80000000, "IN_ONESHOT"),
                                          {0, NULL}};

TRC_FMT(k_mfd_flags) { trc_flags(b, (u32)c->a[i], mfd, "0"); }

TRC_FMT(k_utimens) { fmt_utimes(b, c, ularg(c, i), p == 64, true); }

TRC_FMT(k_utimes) { fmt_utimes(b, c, ularg(c, i), false, false); }

TRC_FMT(k_in_init_flags) { trc_flags(b, (u32)c->a[i], in_init, "0"); }

TRC_FMT(k_in_mask) { trc_flags(b, (u32)c->a[i], in_mask, "0"); }

/* struct lx_open_how (src/abi/lx_fs.h), of at least its 24 bytes. */
static void fmt_open_how(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag res[] = {F(1, "RESOLVE_NO_XDEV"),
                                        F(2, "RESOLVE_NO_MAGICLINKS"),
                                        F(4, "RESOLVE_NO_SYMLINKS"),
                                        F(8, "RESOLVE_BENEATH"),
                                        F(0x10, "RESOLVE_IN_ROOT"),
                                        F(0x20, "RESOLVE_CACHED"),
                                        {0, NULL}};
  struct lx_open_how how;
  u64 size = ularg(c, 3);
  if (size < sizeof how || !trc_read(c, &how, addr, sizeof how)) return trc_ptr(b, c, addr);
  /* The open flags as openat prints them (a one-argument call of K_OPEN_FLAGS). */
  u64 fa[6] = {how.flags};
  struct trc_call fc = *c;
  fc.a = fa;
  trc_puts(b, "{flags=");
  trc_fmt_arg(b, &fc, 0, K_OPEN_FLAGS);
  if (how.flags & (0100 | 020000000) || how.mode)
    trc_printf(b, ", mode=%#03llo", (unsigned long long)how.mode);
  trc_puts(b, ", resolve=");
  trc_flags_dflt(b, how.resolve, res, "RESOLVE_???");
  trc_puts(b, "}");
}

static const struct trc_flag ms_flags[] = {F(1, "MS_RDONLY"),
                                           F(2, "MS_NOSUID"),
                                           F(4, "MS_NODEV"),
                                           F(8, "MS_NOEXEC"),
                                           F(16, "MS_SYNCHRONOUS"),
                                           F(32, "MS_REMOUNT"),
                                           F(64, "MS_MANDLOCK"),
                                           F(128, "MS_DIRSYNC"),
                                           F(256, "MS_NOSYMFOLLOW"),
                                           F(1024, "MS_NOATIME"),
                                           F(2048, "MS_NODIRATIME"),
                                           F(4096, "MS_BIND"),
                                           F(8192, "MS_MOVE"),
                                           F(16384, "MS_REC"),
                                           F(32768, "MS_SILENT"),
                                           F(1 << 16, "MS_POSIXACL"),
                                           F(1 << 17, "MS_UNBINDABLE"),
                                           F(1 << 18, "MS_PRIVATE"),
                                           F(1 << 19, "MS_SLAVE"),
                                           F(1 << 20, "MS_SHARED"),
                                           F(1 << 21, "MS_RELATIME"),
                                           F(1 << 22, "MS_KERNMOUNT"),
                                           F(1 << 23, "MS_I_VERSION"),
                                           F(1 << 24, "MS_STRICTATIME"),
                                           F(1 << 25, "MS_LAZYTIME"),
                                           F(1 << 27, "MS_SUBMOUNT"),
                                           F(1 << 28, "MS_NOREMOTELOCK"),
                                           F(1 << 29, "MS_NOSEC"),
                                           F(1 << 30, "MS_BORN"),
                                           F(1u << 31, "MS_NOUSER"),
                                           {0, NULL}};

static const struct trc_flag xattr[] = {F(1, "XATTR_CREATE"), F(2, "XATTR_REPLACE"), {0, NULL}};

static const struct trc_flag umnt[] = {
    F(1, "MNT_FORCE"), F(2, "MNT_DETACH"), F(4, "MNT_EXPIRE"), F(8, "UMOUNT_NOFOLLOW"), {0, NULL}};

TRC_FMT(k_xattr_flags) { trc_flags(b, (u32)c->a[i], xattr, "0"); }

TRC_FMT(k_open_how) { fmt_open_how(b, c, ularg(c, i)); }

TRC_FMT(k_ms_flags) {
  u64 addr = ularg(c, i);
  u64 f = addr;
  if ((f & 0xffff0000u) == 0xc0ed0000u) {
    trc_puts(b, "MS_MGC_VAL");
    f &= 0xffff;
    if (!f) return;
    trc_puts(b, "|");
  }
  return trc_flags(b, f, ms_flags, "0");
}

TRC_FMT(k_umount_flags) { trc_flags(b, (u32)c->a[i], umnt, "0"); }

TRC_FMT(k_ioctl_out) { trc_ioctl_arg(b, c, p); }

TRC_FMT(k_fcntl_out) { trc_fcntl_out(b, c, p); }

TRC_FMT(k_utimbuf) {
  u64 addr = ularg(c, i);
  struct lx64_utimbuf u64b;
  struct lx32_utimbuf u32b;
  if (!addr) return trc_puts(b, "NULL");
  if (!(c->m32 ? trc_read(c, &u32b, addr, sizeof u32b) : trc_read(c, &u64b, addr, sizeof u64b)))
    return trc_ptr(b, c, addr);
  i64 at = c->m32 ? u32b.actime : u64b.actime, mt = c->m32 ? u32b.modtime : u64b.modtime;
  trc_printf(b, "{actime=%lld", (long long)at);
  trc_time_comment(b, at, 0, 9);
  trc_printf(b, ", modtime=%lld", (long long)mt);
  trc_time_comment(b, mt, 0, 9);
  return trc_puts(b, "}");
}

/* ---- fanotify, file handles, the new mount API (strace's fanotify.c,
 * file_handle.c, fsmount.c, open_tree.c, move_mount.c, mount_setattr.c) ---- */

static const struct trc_flag fan_init_flags[] = {F(0x1, "FAN_CLOEXEC"),
                                                 F(0x2, "FAN_NONBLOCK"),
                                                 F(0x10, "FAN_UNLIMITED_QUEUE"),
                                                 F(0x20, "FAN_UNLIMITED_MARKS"),
                                                 F(0x40, "FAN_ENABLE_AUDIT"),
                                                 F(0x80, "FAN_REPORT_PIDFD"),
                                                 F(0x100, "FAN_REPORT_TID"),
                                                 F(0x200, "FAN_REPORT_FID"),
                                                 F(0x400, "FAN_REPORT_DIR_FID"),
                                                 F(0x800, "FAN_REPORT_NAME"),
                                                 F(0x1000, "FAN_REPORT_TARGET_FID"),
                                                 {0, NULL}};
static const struct trc_flag fan_mark_flags[] = {F(0x1, "FAN_MARK_ADD"),
                                                 F(0x2, "FAN_MARK_REMOVE"),
                                                 F(0x4, "FAN_MARK_DONT_FOLLOW"),
                                                 F(0x8, "FAN_MARK_ONLYDIR"),
                                                 F(0x10, "FAN_MARK_MOUNT"),
                                                 F(0x20, "FAN_MARK_IGNORED_MASK"),
                                                 F(0x40, "FAN_MARK_IGNORED_SURV_MODIFY"),
                                                 F(0x80, "FAN_MARK_FLUSH"),
                                                 F(0x100, "FAN_MARK_FILESYSTEM"),
                                                 F(0x200, "FAN_MARK_EVICTABLE"),
                                                 F(0x400, "FAN_MARK_IGNORE"),
                                                 {0, NULL}};
static const struct trc_flag fan_events[] = {F(0x1, "FAN_ACCESS"),
                                             F(0x2, "FAN_MODIFY"),
                                             F(0x4, "FAN_ATTRIB"),
                                             F(0x8, "FAN_CLOSE_WRITE"),
                                             F(0x10, "FAN_CLOSE_NOWRITE"),
                                             F(0x20, "FAN_OPEN"),
                                             F(0x40, "FAN_MOVED_FROM"),
                                             F(0x80, "FAN_MOVED_TO"),
                                             F(0x100, "FAN_CREATE"),
                                             F(0x200, "FAN_DELETE"),
                                             F(0x400, "FAN_DELETE_SELF"),
                                             F(0x800, "FAN_MOVE_SELF"),
                                             F(0x1000, "FAN_OPEN_EXEC"),
                                             F(0x4000, "FAN_Q_OVERFLOW"),
                                             F(0x8000, "FAN_FS_ERROR"),
                                             F(0x10000, "FAN_OPEN_PERM"),
                                             F(0x20000, "FAN_ACCESS_PERM"),
                                             F(0x40000, "FAN_OPEN_EXEC_PERM"),
                                             F(0x8000000, "FAN_EVENT_ON_CHILD"),
                                             F(0x10000000, "FAN_RENAME"),
                                             F(0x40000000, "FAN_ONDIR"),
                                             {0, NULL}};

/* FAN_CLASS_NOTIF|FAN_CLOEXEC: the class, then the flags */
TRC_FMT(k_fan_init_flags) {
  static const char *const cls[] = {"FAN_CLASS_NOTIF", "FAN_CLASS_CONTENT", "FAN_CLASS_PRE_CONTENT",
                                    "0xc"};
  u32 v = (u32)c->a[i];
  trc_puts(b, cls[(v >> 2) & 3]);
  if (v & ~0xcu) {
    trc_puts(b, "|");
    trc_flags(b, v & ~0xcu, fan_init_flags, "0");
  }
}
TRC_FMT(k_fan_mark_flags) { trc_flags(b, (u32)c->a[i], fan_mark_flags, "0"); }
/* x86-64 (mask, dirfd, path); i386 (mask lo/hi, dirfd, path) */
TRC_FMT(k_fan_mark_rest) {
  u64 mask = c->m32 ? (u64)trc_lohi(c, i) : c->a[i];
  int d = c->m32 ? i + 2 : i + 1;
  trc_puts(b, ", ");
  trc_flags(b, mask, fan_events, "0");
  trc_puts(b, ", ");
  trc_dirfd(b, (int)c->a[d]);
  trc_puts(b, ", ");
  trc_str(b, c, ularg(c, d + 1), -1, 4096);
}

/* struct file_handle: {handle_bytes=N, handle_type=T, f_handle="\x.."};
 * in is the size the caller offered (name_to_handle_at's "in => out"). */
static void fmt_fhandle(struct trc_buf *b, const struct trc_call *c, u64 addr, bool out, u32 in) {
  struct lx_file_handle fh;
  u8 h[128];
  if (!trc_read(c, &fh, addr, sizeof fh)) return trc_ptr(b, c, addr);
  u32 n = fh.handle_bytes;
  if (out && in != n)
    trc_printf(b, "{handle_bytes=%u => %u", in, n);
  else
    trc_printf(b, "{handle_bytes=%u", n);
  if (out && failed(c)) return trc_puts(b, "}");
  trc_printf(b, ", handle_type=%d", fh.handle_type);
  if (n <= sizeof h && trc_read(c, h, addr + sizeof fh, n)) {
    trc_puts(b, ", f_handle=");
    trc_quote(b, h, n, false, true);
  }
  trc_puts(b, "}");
}
TRC_FMT(k_fhandle) { fmt_fhandle(b, c, ularg(c, i), false, 0); }
TRC_FMT(k_fhandle_out) {
  u64 addr = ularg(c, i);
  if (failed(c)) {
    if (!c->saved) return trc_ptr(b, c, addr);
    return trc_printf(b, "{handle_bytes=%u}", (u32)c->saved[i]);
  }
  fmt_fhandle(b, c, addr, true, c->saved ? (u32)c->saved[i] : 0);
}
/* the handle_bytes the caller offered (the header's first field alone) */
static u64 save_fhandle(const struct trc_call *c, int i, int p) {
  struct lx_file_handle fh = {0};
  trc_read(c, &fh.handle_bytes, ularg(c, i) + offsetof(struct lx_file_handle, handle_bytes),
           sizeof fh.handle_bytes);
  return fh.handle_bytes;
}

static const struct trc_flag fsconfig_cmds[] = {
    F(0, "FSCONFIG_SET_FLAG"),   F(1, "FSCONFIG_SET_STRING"),      F(2, "FSCONFIG_SET_BINARY"),
    F(3, "FSCONFIG_SET_PATH"),   F(4, "FSCONFIG_SET_PATH_EMPTY"),  F(5, "FSCONFIG_SET_FD"),
    F(6, "FSCONFIG_CMD_CREATE"), F(7, "FSCONFIG_CMD_RECONFIGURE"), {0, NULL}};
TRC_FMT(k_fsconfig_cmd) { trc_xlat_unk(b, (u32)c->a[i], fsconfig_cmds, "FSCONFIG_???"); }
/* a binary value, in hex as strace shows it: 32 bytes at most */
static void fmt_hexbuf(struct trc_buf *b, const struct trc_call *c, u64 addr, int len) {
  u8 v[32];
  size_t n = len < 0 ? 0 : (size_t)len < sizeof v ? (size_t)len : sizeof v;
  if (!addr || (n && !trc_read(c, v, addr, n))) return trc_ptr(b, c, addr);
  trc_quote(b, v, n, false, true);
  if ((size_t)len > n) trc_puts(b, "...");
}

/* key, value, aux: what each is follows the command (argument i - 1) */
TRC_FMT(k_fsconfig_rest) {
  u32 cmd = (u32)c->a[i - 1];
  u64 key = ularg(c, i), val = ularg(c, i + 1);
  int aux = (int)c->a[i + 2];
  trc_puts(b, ", ");
  if (cmd <= 5)
    trc_str(b, c, key, -1, 4096);
  else
    trc_ptr(b, c, key);
  trc_puts(b, ", ");
  if (cmd == 1)
    trc_str(b, c, val, -1, -1);
  else if (cmd == 2)
    fmt_hexbuf(b, c, val, aux);
  else if (cmd == 3 || cmd == 4)
    trc_str(b, c, val, -1, 4096);
  else
    trc_ptr(b, c, val);
  trc_puts(b, ", ");
  if (cmd == 3 || cmd == 4)
    trc_dirfd(b, aux);
  else
    trc_printf(b, "%d", aux);
}

static const struct trc_flag open_tree_flags[] = {F(1, "OPEN_TREE_CLONE"),
                                                  F(02000000, "OPEN_TREE_CLOEXEC"),
                                                  F(0x100, "AT_SYMLINK_NOFOLLOW"),
                                                  F(0x800, "AT_NO_AUTOMOUNT"),
                                                  F(0x1000, "AT_EMPTY_PATH"),
                                                  F(0x8000, "AT_RECURSIVE"),
                                                  {0, NULL}};
static const struct trc_flag move_mount_flags[] = {
    F(0x1, "MOVE_MOUNT_F_SYMLINKS"),    F(0x2, "MOVE_MOUNT_F_AUTOMOUNTS"),
    F(0x4, "MOVE_MOUNT_F_EMPTY_PATH"),  F(0x10, "MOVE_MOUNT_T_SYMLINKS"),
    F(0x20, "MOVE_MOUNT_T_AUTOMOUNTS"), F(0x40, "MOVE_MOUNT_T_EMPTY_PATH"),
    F(0x100, "MOVE_MOUNT_SET_GROUP"),   {0, NULL}};
static const struct trc_flag fsopen_flags[] = {F(1, "FSOPEN_CLOEXEC"), {0, NULL}};
static const struct trc_flag fsmount_flags[] = {F(1, "FSMOUNT_CLOEXEC"), {0, NULL}};
static const struct trc_flag mount_attr_flags[] = {F(0x1, "MOUNT_ATTR_RDONLY"),
                                                   F(0x2, "MOUNT_ATTR_NOSUID"),
                                                   F(0x4, "MOUNT_ATTR_NODEV"),
                                                   F(0x8, "MOUNT_ATTR_NOEXEC"),
                                                   F(0x10, "MOUNT_ATTR_NOATIME"),
                                                   F(0x20, "MOUNT_ATTR_STRICTATIME"),
                                                   F(0x80, "MOUNT_ATTR_NODIRATIME"),
                                                   F(0x100000, "MOUNT_ATTR_IDMAP"),
                                                   F(0x200000, "MOUNT_ATTR_NOSYMFOLLOW"),
                                                   {0, NULL}};
static const struct trc_flag fspick_flags[] = {F(1, "FSPICK_CLOEXEC"),
                                               F(2, "FSPICK_SYMLINK_NOFOLLOW"),
                                               F(4, "FSPICK_NO_AUTOMOUNT"),
                                               F(8, "FSPICK_EMPTY_PATH"),
                                               {0, NULL}};
static const struct trc_flag propagation[] = {F(1 << 17, "MS_UNBINDABLE"),
                                              F(1 << 18, "MS_PRIVATE"),
                                              F(1 << 19, "MS_SLAVE"),
                                              F(1 << 20, "MS_SHARED"),
                                              {0, NULL}};
TRC_FMT(k_open_tree_flags) { trc_flags(b, (u32)c->a[i], open_tree_flags, "0"); }
TRC_FMT(k_move_mount_flags) { trc_flags(b, (u32)c->a[i], move_mount_flags, "0"); }
TRC_FMT(k_fsopen_flags) { trc_flags(b, (u32)c->a[i], fsopen_flags, "0"); }
TRC_FMT(k_fsmount_flags) { trc_flags(b, (u32)c->a[i], fsmount_flags, "0"); }
TRC_FMT(k_mount_attr_flags) { trc_flags(b, (u32)c->a[i], mount_attr_flags, "0"); }
TRC_FMT(k_fspick_flags) { trc_flags(b, (u32)c->a[i], fspick_flags, "0"); }
/* struct lx_mount_attr (src/abi/lx_fs.h), of param-argument bytes */
TRC_FMT(k_mount_attr) {
  u64 addr = ularg(c, i);
  struct lx_mount_attr a;
  if (!addr) return trc_puts(b, "NULL");
  if (ularg(c, p) < sizeof a || !trc_read(c, &a, addr, sizeof a)) return trc_ptr(b, c, addr);
  trc_puts(b, "{attr_set=");
  trc_flags(b, a.attr_set, mount_attr_flags, "0");
  trc_puts(b, ", attr_clr=");
  trc_flags(b, a.attr_clr, mount_attr_flags, "0");
  trc_puts(b, ", propagation=");
  trc_xlat_unk(b, a.propagation, propagation, "MS_???");
  trc_printf(b, ", userns_fd=%llu}", (unsigned long long)a.userns_fd);
}

const struct trc_kind_def trc_fs_kinds[] = {
    {K_DIRFD, .fmt = k_dirfd},
    {K_OPEN_FLAGS, .fmt = k_open_flags},
    {K_FD_FLAGS, .fmt = k_fd_flags},
    {K_AT_FLAGS, .fmt = k_at_flags},
    {K_ACCESS, .fmt = k_access},
    {K_WHENCE, .fmt = k_whence},
    {K_FCNTL_CMD, .fmt = k_fcntl_cmd},
    {K_IOCTL_REQ, .fmt = k_ioctl_req},
    {K_STATX_MASK, .fmt = k_statx_mask},
    {K_OFF64_LOHI, .fmt = k_off64_lohi},
    {K_LLSEEK_OFF, .fmt = k_llseek_off},
    {K_OPEN_MODE, .fmt = k_open_mode, .flags = TRC_SELF_SEP},
    {K_FCNTL_ARG, .fmt = k_fcntl_arg, .flags = TRC_SELF_SEP},
    {K_STAT_OUT, .fmt = k_stat_out},
    {K_STAT64_OUT, .fmt = k_stat64_out},
    {K_STATX_OUT, .fmt = k_statx_out},
    {K_DIRENTS_OUT, .fmt = k_dirents_out},
    {K_STATFS_OUT, .fmt = k_statfs_out},
    {K_FLOCK_OP, .fmt = k_flock_op},
    {K_MKNOD_MODE, .fmt = k_mknod_mode},
    {K_MFD_FLAGS, .fmt = k_mfd_flags},
    {K_UTIMENS, .fmt = k_utimens},
    {K_UTIMES, .fmt = k_utimes},
    {K_IN_INIT_FLAGS, .fmt = k_in_init_flags},
    {K_IN_MASK, .fmt = k_in_mask},
    {K_XATTR_FLAGS, .fmt = k_xattr_flags},
    {K_OPEN_HOW, .fmt = k_open_how},
    {K_MS_FLAGS, .fmt = k_ms_flags},
    {K_UMOUNT_FLAGS, .fmt = k_umount_flags},
    {K_IOCTL_OUT, .fmt = k_ioctl_out, .flags = TRC_SELF_SEP},
    {K_FCNTL_OUT, .fmt = k_fcntl_out, .flags = TRC_SELF_SEP},
    {K_UTIMBUF, .fmt = k_utimbuf},
    {K_FAN_INIT_FLAGS, .fmt = k_fan_init_flags},
    {K_FAN_MARK_FLAGS, .fmt = k_fan_mark_flags},
    {K_FAN_MARK_REST, .fmt = k_fan_mark_rest, .flags = TRC_SELF_SEP},
    {K_FHANDLE, .fmt = k_fhandle},
    {K_FHANDLE_OUT, .fmt = k_fhandle_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_fhandle},
    {K_FSCONFIG_CMD, .fmt = k_fsconfig_cmd},
    {K_FSCONFIG_REST, .fmt = k_fsconfig_rest, .flags = TRC_SELF_SEP},
    {K_OPEN_TREE_FLAGS, .fmt = k_open_tree_flags},
    {K_MOVE_MOUNT_FLAGS, .fmt = k_move_mount_flags},
    {K_FSOPEN_FLAGS, .fmt = k_fsopen_flags},
    {K_FSMOUNT_FLAGS, .fmt = k_fsmount_flags},
    {K_MOUNT_ATTR_FLAGS, .fmt = k_mount_attr_flags},
    {K_FSPICK_FLAGS, .fmt = k_fspick_flags},
    {K_MOUNT_ATTR, .fmt = k_mount_attr},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_fs_rvs[] = {
    {RV_FCNTL, rv_fcntl},
    {0, NULL},
};
