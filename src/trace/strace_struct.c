/* strace_struct.c — the formatters of the system-call log for structures
 * and arrays: stat/stat64/statx, sigaction, sigset, rlimit, timespec,
 * timeval, iovec, pollfd, fd_set, sockaddr, user_desc, termios, winsize,
 * utsname, argv/envp, wait status, clone.  Each reads the guest through
 * uaccess in the layout of the ABI the call came through (the guest's
 * structure, byte by byte, never the host's) and prints the address when it
 * cannot; the fields and abbreviations are strace's non-verbose ones. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/un.h>

#include "strace_fmt.h"

void trc_statx_mask(struct trc_buf *b, u32 v);

/* The argument value, as the ABI's unsigned long. */

/* ---- stat ---- */

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

/* struct stat (x86-64): st_mode at 24, st_rdev at 40, st_size at 48; 144 bytes. */
static void fmt_stat(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[144];
  if (c->m32) { /* the old i386 struct stat: u16 st_mode at 8, st_rdev at 16, st_size at 20 */
    if (!trc_read(c, s, addr, 64)) return trc_ptr(b, c, addr);
    u16 mode;
    memcpy(&mode, s + 8, 2);
    return fmt_stat_fields(b, mode, rd32(s + 16), (i32)rd32(s + 20));
  }
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  fmt_stat_fields(b, rd32(s + 24), rd64(s + 40), (i64)rd64(s + 48));
}

/* struct stat64 (i386, 4-byte aligned): st_mode at 16, st_rdev at 32,
 * st_size at 44; 96 bytes. */
static void fmt_stat64(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[96];
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  fmt_stat_fields(b, rd32(s + 16), rd64(s + 32), (i64)rd64(s + 44));
}

/* struct statx (same on both ABIs). */
static void fmt_statx(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[256];
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  u16 mode;
  memcpy(&mode, s + 28, 2);
  trc_puts(b, "{stx_mask=");
  trc_statx_mask(b, rd32(s));
  trc_printf(b, ", stx_attributes=");
  u64 attr = rd64(s + 8);
  trc_printf(b, attr ? "%#llx" : "0", (unsigned long long)attr);
  trc_puts(b, ", stx_mode=");
  trc_mode(b, mode, true);
  trc_printf(b, ", stx_size=%llu, ...}", (unsigned long long)rd64(s + 40));
}

/* ---- signals ---- */

static void fmt_sigset_at(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u64 m;
  if (!trc_read(c, &m, addr, 8)) return trc_ptr(b, c, addr);
  trc_sigset(b, m);
}

/* struct sigaction as the kernel takes it: x86-64 {handler, flags,
 * restorer, mask} of 8 bytes each; i386 {handler, flags, restorer} of 4
 * then the 8-byte mask. */
static void fmt_sigaction(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  /* strace's order (xlat/sigact_flags.in). */
  static const struct trc_flag sa_flags[] = {
      {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},
      {0x10000000, "SA_RESTART"},  {0x20000000, "SA_INTERRUPT"},
      {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"},
      {4, "SA_SIGINFO"},           {1, "SA_NOCLDSTOP"},
      {2, "SA_NOCLDWAIT"},         {0, NULL}};
  u8 s[32];
  size_t n = c->m32 ? 20 : 32;
  if (!trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  u64 handler = trc_word(c, s), flags = trc_word(c, s + (c->m32 ? 4 : 8));
  u64 restorer = trc_word(c, s + (c->m32 ? 8 : 16)), mask = rd64(s + (c->m32 ? 12 : 24));
  trc_puts(b, "{sa_handler=");
  if (handler == 0)
    trc_puts(b, "SIG_DFL");
  else if (handler == 1)
    trc_puts(b, "SIG_IGN");
  else
    trc_printf(b, "%#llx", (unsigned long long)handler);
  trc_puts(b, ", sa_mask=");
  trc_sigset(b, mask);
  trc_puts(b, ", sa_flags=");
  trc_flags(b, (u32)flags, sa_flags, "0");
  if (flags & 0x04000000) {
    trc_puts(b, ", sa_restorer=");
    trc_ptr(b, c, restorer);
  }
  trc_puts(b, "}");
}

/* ---- resources and time ---- */

/* {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}: struct rlimit64 for
 * prlimit64, struct rlimit (the ABI's unsigned long) for the others. */
static void fmt_rlim_val(struct trc_buf *b, u64 v, size_t w, bool is64) {
  if (v == (w == 8 ? ~0ull : 0xffffffffull))
    trc_puts(b, is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
  else if (v && v % 1024 == 0)
    trc_printf(b, "%llu*1024", (unsigned long long)(v / 1024));
  else
    trc_printf(b, "%llu", (unsigned long long)v);
}

static void fmt_rlimit(struct trc_buf *b, const struct trc_call *c, u64 addr, bool is64) {
  u8 s[16];
  size_t w = is64 || !c->m32 ? 8 : 4;
  if (!trc_read(c, s, addr, 2 * w)) return trc_ptr(b, c, addr);
  u64 cur = w == 8 ? rd64(s) : rd32(s), max = w == 8 ? rd64(s + 8) : rd32(s + 4);
  trc_puts(b, "{rlim_cur=");
  fmt_rlim_val(b, cur, w, is64);
  trc_puts(b, ", rlim_max=");
  fmt_rlim_val(b, max, w, is64);
  trc_puts(b, "}");
}

/* timespec: {long tv_sec; long tv_nsec} in the ABI's long, or 64-bit
 * halves for the *_time64 calls (wide). */
static void fmt_timespec(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                         const char *usec) {
  u8 s[16];
  bool w8 = wide || !c->m32;
  if (!trc_read(c, s, addr, w8 ? 16 : 8)) return trc_ptr(b, c, addr);
  i64 sec = w8 ? (i64)rd64(s) : (i32)rd32(s), frac = w8 ? (i64)rd64(s + 8) : (i32)rd32(s + 4);
  trc_printf(b, "{tv_sec=%lld, %s=%lld}", (long long)sec, usec, (long long)frac);
}

/* ---- I/O vectors, poll, select ---- */

static void fmt_iovec(struct trc_buf *b, const struct trc_call *c, u64 addr, u64 cnt, long total) {
  size_t w = c->m32 ? 4 : 8;
  if (!addr || cnt > 1024) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (u64 k = 0; k < cnt; k++) {
    u8 e[16];
    if (!trc_read(c, e, addr + k * 2 * w, 2 * w)) {
      if (!k) {
        b->n--;
        return trc_ptr(b, c, addr);
      }
      trc_puts(b, ", ...");
      break;
    }
    u64 base = trc_word(c, e), len = trc_word(c, e + w);
    if (k) trc_puts(b, ", ");
    if (k >= 32) {
      trc_puts(b, "...");
      break;
    }
    trc_puts(b, "{iov_base=");
    long show = (long)len;
    if (total >= 0) {
      show = total < (long)len ? total : (long)len;
      total -= show;
    }
    trc_str(b, c, base, show, -1);
    trc_printf(b, ", iov_len=%llu}", (unsigned long long)len);
  }
  trc_puts(b, "]");
}

static const struct trc_flag poll_ev[] = {{POLLIN, "POLLIN"},
                                          {POLLPRI, "POLLPRI"},
                                          {POLLOUT, "POLLOUT"},
                                          {POLLERR, "POLLERR"},
                                          {POLLHUP, "POLLHUP"},
                                          {POLLNVAL, "POLLNVAL"},
                                          {POLLRDNORM, "POLLRDNORM"},
                                          {POLLRDBAND, "POLLRDBAND"},
                                          {POLLWRNORM, "POLLWRNORM"},
                                          {POLLWRBAND, "POLLWRBAND"},
                                          {POLLMSG, "POLLMSG"},
                                          {0x2000, "POLLRDHUP"},
                                          {0, NULL}};

/* [{fd=3, events=POLLIN}, ...] at entry; at exit (revents) only the fds
 * with events, as strace prints the result. */
static void fmt_pollfds(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 n,
                        bool revents) {
  if (!addr || n > 4096) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  bool first = true;
  for (u32 k = 0; k < n; k++) {
    u8 e[8];
    if (!trc_read(c, e, addr + 8 * k, 8)) break;
    int fd = (int)rd32(e);
    u16 ev, rev;
    memcpy(&ev, e + 4, 2);
    memcpy(&rev, e + 6, 2);
    if (revents && !rev) continue;
    trc_printf(b, "%s{fd=%d, %s=", first ? "" : ", ", fd, revents ? "revents" : "events");
    trc_flags(b, revents ? rev : ev, poll_ev, "0");
    trc_puts(b, "}");
    first = false;
  }
  trc_puts(b, "]");
}

static void fmt_fdset(struct trc_buf *b, const struct trc_call *c, u64 addr, int nfds) {
  if (!addr) return trc_puts(b, "NULL");
  if (nfds < 0 || nfds > 65536) return trc_ptr(b, c, addr);
  size_t bytes = (size_t)(nfds + 7) / 8;
  u8 s[8192];
  if (bytes && !trc_read(c, s, addr, bytes)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  bool first = true;
  for (int fd = 0; fd < nfds; fd++) {
    if (!(s[fd / 8] >> (fd % 8) & 1)) continue;
    trc_printf(b, "%s%d", first ? "" : " ", fd);
    first = false;
  }
  trc_puts(b, "]");
}

/* ---- sockets ---- */

static void fmt_sockaddr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 len) {
  u8 s[128];
  if (!addr) return trc_puts(b, "NULL");
  if (len < 2 || len > sizeof s || !trc_read(c, s, addr, len)) return trc_ptr(b, c, addr);
  u16 fam;
  memcpy(&fam, s, 2);
  if (fam == AF_UNIX) {
    trc_puts(b, "{sa_family=AF_UNIX");
    if (len > 2) {
      trc_puts(b, ", sun_path=");
      if (s[2] == 0 && len > 3) {
        trc_puts(b, "@");
        trc_quote(b, s + 3, len - 3, false, false);
      } else {
        trc_quote(b, s + 2, len - 2, true, false);
      }
    }
    trc_puts(b, "}");
  } else if (fam == AF_INET && len >= 8) {
    u16 port;
    memcpy(&port, s + 2, 2);
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, s + 4, ip, sizeof ip);
    trc_printf(b, "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
               ntohs(port), ip);
  } else if (fam == AF_INET6 && len >= 24) {
    u16 port;
    memcpy(&port, s + 2, 2);
    char ip[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, s + 8, ip, sizeof ip);
    trc_printf(b,
               "{sa_family=AF_INET6, sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
               "inet_pton(AF_INET6, \"%s\", &sin6_addr)",
               ntohs(port), ntohl(rd32(s + 4)), ip);
    if (len >= 28) trc_printf(b, ", sin6_scope_id=%u", rd32(s + 24));
    trc_puts(b, "}");
  } else {
    trc_printf(b, "{sa_family=%u, sa_data=", fam);
    trc_quote(b, s + 2, len - 2, false, true);
    trc_puts(b, "}");
  }
}

/* ---- argv, envp ---- */

static void fmt_argv(struct trc_buf *b, const struct trc_call *c, u64 addr, bool envp) {
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  u64 n = 0;
  if (envp) {
    u8 e[8];
    while (n < 65536 && trc_read(c, e, addr + n * w, w) && trc_word(c, e)) n++;
    trc_ptr(b, c, addr);
    trc_printf(b, " /* %llu var%s */", (unsigned long long)n, n == 1 ? "" : "s");
    return;
  }
  trc_puts(b, "[");
  for (;; n++) {
    u8 e[8];
    if (!trc_read(c, e, addr + n * w, w)) {
      if (!n) {
        b->n--;
        return trc_ptr(b, c, addr);
      }
      trc_puts(b, ", ...");
      break;
    }
    u64 p = trc_word(c, e);
    if (!p) break;
    if (n >= 32) {
      trc_puts(b, ", ...");
      break;
    }
    if (n) trc_puts(b, ", ");
    trc_str(b, c, p, -1, -1);
  }
  trc_puts(b, "]");
}

/* ---- i386 set_thread_area ---- */

static void fmt_user_desc(struct trc_buf *b, const struct trc_call *c, u64 addr, bool at_exit) {
  u8 s[16];
  if (!trc_read(c, s, addr, 16)) return trc_ptr(b, c, addr);
  if (at_exit) {
    trc_printf(b, "(entry_number=%d)", (int)rd32(s));
    return;
  }
  u32 f = rd32(s + 12);
  trc_printf(b,
             "{entry_number=%d, base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
             "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u}",
             (int)rd32(s), rd32(s + 4), rd32(s + 8), f & 1, f >> 1 & 3, f >> 3 & 1, f >> 4 & 1,
             f >> 5 & 1, f >> 6 & 1);
}

/* ---- ioctl ---- */

static void fmt_termios(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag bauds[] = {
      {0, "B0"},          {1, "B50"},          {2, "B75"},          {3, "B110"},
      {4, "B134"},        {5, "B150"},         {6, "B200"},         {7, "B300"},
      {8, "B600"},        {9, "B1200"},        {10, "B1800"},       {11, "B2400"},
      {12, "B4800"},      {13, "B9600"},       {14, "B19200"},      {15, "B38400"},
      {010001, "B57600"}, {010002, "B115200"}, {010003, "B230400"}, {010004, "B460800"},
      {0, NULL}};
  u8 s[36];
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  u32 oflag = rd32(s + 4), cflag = rd32(s + 8), lflag = rd32(s + 12);
  const char *baud = trc_xlat(cflag & 010017, bauds);
  trc_printf(b, "{%s %sopost %sisig %sicanon %secho ...}", baud ? baud : "B?", oflag & 1 ? "" : "-",
             lflag & 1 ? "" : "-", lflag & 2 ? "" : "-", lflag & 8 ? "" : "-");
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
  case 0x5414: { /* TIOCSWINSZ */
    u16 w[4];
    if (!trc_read(c, w, addr, 8)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w[0], w[1], w[2],
                      w[3]);
  }
  case 0x540b: { /* TCFLSH */
    static const char *const q[] = {"TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"};
    if (addr < 3) return trc_puts(b, q[addr]);
    return trc_printf(b, "%#llx /* TC???FLUSH */", (unsigned long long)addr);
  }
  default: break;
  }
  if (failed) return trc_ptr(b, c, addr);
  switch (req) {
  case 0x5413: { /* TIOCGWINSZ */
    u16 w[4];
    if (!trc_read(c, w, addr, 8)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w[0], w[1], w[2],
                      w[3]);
  }
  case 0x5401: return fmt_termios(b, c, addr); /* TCGETS */
  case 0x541b:                                 /* FIONREAD */
  case 0x540f:                                 /* TIOCGPGRP */
  case 0x5411:                                 /* TIOCOUTQ */
  case 0x5429: /* TIOCGSID */ return fmt_int_at(b, c, addr);
  default: return trc_ptr(b, c, addr);
  }
}

/* ---- clone ---- */

static const struct trc_flag cf[] = {{CLONE_VM, "CLONE_VM"},
                                     {CLONE_FS, "CLONE_FS"},
                                     {CLONE_FILES, "CLONE_FILES"},
                                     {CLONE_SIGHAND, "CLONE_SIGHAND"},
                                     {0x1000, "CLONE_PIDFD"},
                                     {CLONE_PTRACE, "CLONE_PTRACE"},
                                     {CLONE_VFORK, "CLONE_VFORK"},
                                     {CLONE_PARENT, "CLONE_PARENT"},
                                     {CLONE_THREAD, "CLONE_THREAD"},
                                     {CLONE_NEWNS, "CLONE_NEWNS"},
                                     {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
                                     {CLONE_SETTLS, "CLONE_SETTLS"},
                                     {CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"},
                                     {CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"},
                                     {CLONE_DETACHED, "CLONE_DETACHED"},
                                     {CLONE_UNTRACED, "CLONE_UNTRACED"},
                                     {CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"},
                                     {0x02000000, "CLONE_NEWCGROUP"},
                                     {0x04000000, "CLONE_NEWUTS"},
                                     {0x08000000, "CLONE_NEWIPC"},
                                     {0x10000000, "CLONE_NEWUSER"},
                                     {0x20000000, "CLONE_NEWPID"},
                                     {0x40000000, "CLONE_NEWNET"},
                                     {0x80000000, "CLONE_IO"},
                                     {0x100000000ull, "CLONE_CLEAR_SIGHAND"},
                                     {0x200000000ull, "CLONE_INTO_CGROUP"},
                                     {0, NULL}};

void trc_clone_flags(struct trc_buf *b, u64 flags) { trc_flags(b, flags, cf, "0"); }

static void fmt_clone(struct trc_buf *b, const struct trc_call *c) {
  u64 flags = ularg(c, 0);
  /* x86-64: flags, stack, parent_tid, child_tid, tls; i386: flags, stack,
   * parent_tid, tls, child_tid. */
  u64 ptid = ularg(c, 2), ctid = ularg(c, c->m32 ? 4 : 3), tls = ularg(c, c->m32 ? 3 : 4);
  trc_puts(b, "child_stack=");
  trc_ptr(b, c, ularg(c, 1));
  trc_puts(b, ", flags=");
  trc_flags(b, flags & ~0xffull, cf, NULL);
  if (flags & 0xff) trc_printf(b, "%s%s", flags & ~0xffull ? "|" : "", trc_signame(flags & 0xff));
  if (flags & CLONE_PARENT_SETTID) {
    trc_puts(b, ", parent_tid=");
    trc_ptr(b, c, ptid);
  }
  if (flags & CLONE_SETTLS) {
    trc_puts(b, ", tls=");
    trc_ptr(b, c, tls);
  }
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
    trc_puts(b, ", child_tidptr=");
    trc_ptr(b, c, ctid);
  }
}

/* ---- utsname, dirents ---- */

static void fmt_utsname(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[130];
  if (!trc_read(c, s, addr, sizeof s)) return trc_ptr(b, c, addr);
  trc_puts(b, "{sysname=");
  trc_quote(b, s, 65, true, false);
  trc_puts(b, ", nodename=");
  trc_quote(b, s + 65, 65, true, false);
  trc_puts(b, ", ...}");
}

static void fmt_dirents(struct trc_buf *b, const struct trc_call *c, u64 addr, bool d64) {
  trc_ptr(b, c, addr);
  if (c->ret <= 0) return;
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

TRC_FMT(k_sigset) { fmt_sigset_at(b, c, ularg(c, i)); }
TRC_FMT(k_sigaction) { fmt_sigaction(b, c, ularg(c, i)); }
TRC_FMT(k_rlimit64) { fmt_rlimit(b, c, ularg(c, i), true); }
TRC_FMT(k_rlimit) { fmt_rlimit(b, c, ularg(c, i), false); }
TRC_FMT(k_iovec_in) { fmt_iovec(b, c, ularg(c, i), ularg(c, p), -1); }
TRC_FMT(k_pollfds) { fmt_pollfds(b, c, ularg(c, i), (u32)c->a[p], false); }
TRC_FMT(k_fdset) { fmt_fdset(b, c, ularg(c, i), (int)c->a[p]); }
TRC_FMT(k_timespec) { fmt_timespec(b, c, ularg(c, i), p == 64, "tv_nsec"); }
TRC_FMT(k_timeval) { fmt_timespec(b, c, ularg(c, i), false, "tv_usec"); }
TRC_FMT(k_sockaddr) { fmt_sockaddr(b, c, ularg(c, i), (u32)c->a[p]); }
TRC_FMT(k_argv) { fmt_argv(b, c, ularg(c, i), false); }
TRC_FMT(k_envp) { fmt_argv(b, c, ularg(c, i), true); }
TRC_FMT(k_user_desc) { fmt_user_desc(b, c, ularg(c, i), false); }
TRC_FMT(k_clone_flags) { fmt_clone(b, c); }
TRC_FMT(k_buf_out) { trc_str(b, c, ularg(c, i), c->ret, -1); }
TRC_FMT(k_str_out) { trc_str(b, c, ularg(c, i), -1, 4096); }
TRC_FMT(k_iovec_out) { fmt_iovec(b, c, ularg(c, i), ularg(c, p), c->ret); }
TRC_FMT(k_stat_out) { fmt_stat(b, c, ularg(c, i)); }
TRC_FMT(k_stat64_out) { fmt_stat64(b, c, ularg(c, i)); }
TRC_FMT(k_statx_out) { fmt_statx(b, c, ularg(c, i)); }
TRC_FMT(k_rlimit64_out) { fmt_rlimit(b, c, ularg(c, i), true); }
TRC_FMT(k_rlimit_out) { fmt_rlimit(b, c, ularg(c, i), false); }
TRC_FMT(k_sigset_out) { fmt_sigset_at(b, c, ularg(c, i)); }
TRC_FMT(k_sigaction_out) { fmt_sigaction(b, c, ularg(c, i)); }
TRC_FMT(k_timespec_out) { fmt_timespec(b, c, ularg(c, i), p == 64, "tv_nsec"); }
TRC_FMT(k_timeval_out) { fmt_timespec(b, c, ularg(c, i), false, "tv_usec"); }
TRC_FMT(k_utsname_out) { fmt_utsname(b, c, ularg(c, i)); }
TRC_FMT(k_dirents_out) { fmt_dirents(b, c, ularg(c, i), p == 64); }
/* int *, int[2] (pipe), loff_t * shown as [n] (_llseek) */
static void fmt_ints(struct trc_buf *b, const struct trc_call *c, u64 addr, int kind) {
  u8 s[8];
  size_t n = kind == K_INT_OUT ? 4 : 8;
  if (!trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  if (kind == K_INT_OUT)
    trc_printf(b, "[%d]", (int)rd32(s));
  else if (kind == K_FDPAIR_OUT)
    trc_printf(b, "[%d, %d]", (int)rd32(s), (int)rd32(s + 4));
  else
    trc_printf(b, "[%lld]", (long long)rd64(s));
}
TRC_FMT(k_int_out) { fmt_ints(b, c, ularg(c, i), K_INT_OUT); }
TRC_FMT(k_fdpair_out) { fmt_ints(b, c, ularg(c, i), K_FDPAIR_OUT); }
TRC_FMT(k_loff_out) { fmt_ints(b, c, ularg(c, i), K_LOFF_OUT); }
TRC_FMT(k_wstatus_out) {
  u64 addr = ularg(c, i);
  u32 st;
  if (failed(c) || c->ret == 0 || !trc_read(c, &st, addr, 4)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  trc_wstatus(b, (int)st);
  trc_puts(b, "]");
}

TRC_FMT(k_hexbuf_out) {
  u64 addr = ularg(c, i);
  u8 s[32];
  size_t n = (size_t)c->ret < sizeof s ? (size_t)c->ret : sizeof s;
  if (n && !trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  trc_quote(b, s, n, false, true);
  if ((size_t)c->ret > n) trc_puts(b, "...");
}

/* struct flock of fcntl's command (argument 1): x86-64 {short type, whence;
 * long start, len; int pid}; i386 32-bit fields for F_GETLK..F_SETLKW, the
 * 4-byte-aligned struct flock64 for the *64 and F_OFD_* commands. */
void trc_flock(struct trc_buf *b, const struct trc_call *c, u64 addr, bool with_pid) {
  static const char *const types[] = {"F_RDLCK", "F_WRLCK", "F_UNLCK"};
  static const char *const whence[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};
  u32 cmd = (u32)c->a[1];
  u8 s[32];
  i64 start, len;
  i32 pid;
  if (!addr) return trc_puts(b, "NULL");
  if (!c->m32) {
    if (!trc_read(c, s, addr, 28)) return trc_ptr(b, c, addr);
    start = (i64)rd64(s + 8), len = (i64)rd64(s + 16), pid = (i32)rd32(s + 24);
  } else if (cmd >= 5 && cmd <= 7) {
    if (!trc_read(c, s, addr, 16)) return trc_ptr(b, c, addr);
    start = (i32)rd32(s + 4), len = (i32)rd32(s + 8), pid = (i32)rd32(s + 12);
  } else {
    if (!trc_read(c, s, addr, 24)) return trc_ptr(b, c, addr);
    start = (i64)rd64(s + 4), len = (i64)rd64(s + 12), pid = (i32)rd32(s + 20);
  }
  u16 type, wh;
  memcpy(&type, s, 2);
  memcpy(&wh, s + 2, 2);
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
  u8 s[8];
  if (!trc_read(c, s, addr, 8)) return trc_ptr(b, c, addr);
  u32 t = rd32(s);
  trc_puts(b, "{type=");
  if (t < 3)
    trc_puts(b, types[t]);
  else
    trc_printf(b, "%#x /* F_OWNER_??? */", t);
  trc_printf(b, ", pid=%d}", (int)rd32(s + 4));
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

void trc_user_desc(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  fmt_user_desc(b, c, addr, false);
}

void trc_sockaddr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 len) {
  fmt_sockaddr(b, c, addr, len);
}

void trc_iovec(struct trc_buf *b, const struct trc_call *c, u64 addr, u64 cnt, long total) {
  fmt_iovec(b, c, addr, cnt, total);
}

/* What strace adds after the result: poll's revents, select's remaining
 * sets and time, set_thread_area's entry number. */
static bool after_pollfds(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                          int i) {
  (void)nargs;
  if (c->ret <= 0) return false;
  trc_puts(b, " (");
  fmt_pollfds(b, c, ularg(c, i), (u32)c->a[TRC_PARAM(arg[i])], true);
  trc_puts(b, ")");
  return true;
}

static bool after_user_desc(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                            int i) {
  (void)arg, (void)nargs;
  trc_puts(b, " ");
  fmt_user_desc(b, c, ularg(c, i), true);
  return true;
}

/* select: " (in [3], out [4], left {...})" or " (Timeout)". */
static bool after_fdset(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                        int i) {
  int p = TRC_PARAM(arg[i]);
  if (c->ret == 0) {
    trc_puts(b, " (Timeout)");
    return true;
  }
  static const char *const names[] = {"in", "out", "except"};
  bool first = true;
  trc_puts(b, " (");
  for (int k = 0; k < 3 && i + k < nargs; k++) {
    u64 set = ularg(c, i + k);
    if (!set) continue;
    struct trc_buf tmp;
    tmp.n = 0;
    fmt_fdset(&tmp, c, set, (int)c->a[p]);
    if (tmp.n <= 2) continue;
    trc_printf(b, "%s%s %s", first ? "" : ", ", names[k], tmp.s);
    first = false;
  }
  int tk = TRC_KIND(arg[i + 3]);
  u64 tv = ularg(c, i + 3);
  if (tv && (tk == K_TIMESPEC || tk == K_TIMEVAL)) {
    trc_printf(b, "%sleft ", first ? "" : ", ");
    fmt_timespec(b, c, tv, TRC_PARAM(arg[i + 3]) == 64, tk == K_TIMEVAL ? "tv_usec" : "tv_nsec");
  }
  trc_puts(b, ")");
  return true;
}

void trc_timespec(struct trc_buf *b, const struct trc_call *c, u64 addr, bool wide,
                  const char *frac) {
  fmt_timespec(b, c, addr, wide, frac);
}

const struct trc_kind_def trc_struct_kinds[] = {
    {K_SIGSET, .fmt = k_sigset},
    {K_SIGACTION, .fmt = k_sigaction},
    {K_RLIMIT64, .fmt = k_rlimit64},
    {K_RLIMIT, .fmt = k_rlimit},
    {K_IOVEC_IN, .fmt = k_iovec_in},
    {K_POLLFDS, .fmt = k_pollfds, .after = after_pollfds},
    {K_FDSET, .fmt = k_fdset, .after = after_fdset},
    {K_TIMESPEC, .fmt = k_timespec},
    {K_TIMEVAL, .fmt = k_timeval},
    {K_SOCKADDR, .fmt = k_sockaddr},
    {K_ARGV, .fmt = k_argv},
    {K_ENVP, .fmt = k_envp},
    {K_USER_DESC, .fmt = k_user_desc, .after = after_user_desc},
    {K_CLONE_FLAGS, .fmt = k_clone_flags},
    {K_BUF_OUT, .fmt = k_buf_out},
    {K_STR_OUT, .fmt = k_str_out},
    {K_IOVEC_OUT, .fmt = k_iovec_out},
    {K_STAT_OUT, .fmt = k_stat_out},
    {K_STAT64_OUT, .fmt = k_stat64_out},
    {K_STATX_OUT, .fmt = k_statx_out},
    {K_RLIMIT64_OUT, .fmt = k_rlimit64_out},
    {K_RLIMIT_OUT, .fmt = k_rlimit_out},
    {K_SIGSET_OUT, .fmt = k_sigset_out},
    {K_SIGACTION_OUT, .fmt = k_sigaction_out},
    {K_TIMESPEC_OUT, .fmt = k_timespec_out},
    {K_TIMEVAL_OUT, .fmt = k_timeval_out},
    {K_UTSNAME_OUT, .fmt = k_utsname_out},
    {K_DIRENTS_OUT, .fmt = k_dirents_out},
    {K_INT_OUT, .fmt = k_int_out},
    {K_FDPAIR_OUT, .fmt = k_fdpair_out},
    {K_LOFF_OUT, .fmt = k_loff_out},
    {K_WSTATUS_OUT, .fmt = k_wstatus_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_HEXBUF_OUT, .fmt = k_hexbuf_out},
    {.kind = K_NONE},
};
