/* strace_struct3.c — more formatters of the system-call log: ids and
 * groups, scheduling, prctl, getrusage/times/sysinfo, statfs, clone3,
 * fadvise64, flock, mknod, and the socket structures (the sockaddr and
 * socklen results, socket options, msghdr).  Reads the guest's structures
 * in the layout of the ABI the call came through.  Mirrors strace's
 * uid.c, sched.c, prctl.c, resource.c, times.c, sysinfo.c, statfs.c,
 * fadvise.c, flock.c, mknod.c, net.c, msghdr.c, sockaddr.c (non-verbose
 * output of strace 6.1).  The signal and timer kinds are in
 * strace_struct2.c. */
#define _GNU_SOURCE
#include <string.h>

#include "strace_fmt.h"

#define F(v, n) \
  { v, n }

/* ---- ids, scheduling ---- */

static void fmt_groups(struct trc_buf *b, const struct trc_call *c, u64 addr, long n, bool g16) {
  if (!addr) return trc_puts(b, "NULL");
  if (n < 0 || n > 65536) return trc_ptr(b, c, addr);
  size_t sz = g16 ? 2 : 4;
  trc_puts(b, "[");
  for (long k = 0; k < n; k++) {
    u8 e[4] = {0};
    if (k) trc_puts(b, ", ");
    if (k >= 32 || !trc_read(c, e, addr + (u64)k * sz, sz)) {
      trc_puts(b, "...");
      break;
    }
    u32 g = g16 ? (u32)(e[0] | e[1] << 8) : rd32(e);
    if (g16 ? g == 0xffff : g == 0xffffffffu)
      trc_puts(b, "-1");
    else
      trc_printf(b, "%u", g);
  }
  trc_puts(b, "]");
}

static const struct trc_flag sched_pol[] = {
    F(0, "SCHED_OTHER"), F(1, "SCHED_FIFO"), F(2, "SCHED_RR"),       F(3, "SCHED_BATCH"),
    F(4, "SCHED_ISO"),   F(5, "SCHED_IDLE"), F(6, "SCHED_DEADLINE"), {0, NULL}};

static void fmt_sched_policy(struct trc_buf *b, u32 v) {
  const char *n = trc_xlat(v & ~0x40000000u, sched_pol);
  if (!n) return trc_printf(b, "%#x /* SCHED_??? */", v);
  trc_puts(b, n);
  if (v & 0x40000000u) trc_puts(b, "|SCHED_RESET_ON_FORK");
}

/* ---- prctl ---- */

static const struct trc_flag prctl_ops[] = {F(1, "PR_SET_PDEATHSIG"),
                                            F(2, "PR_GET_PDEATHSIG"),
                                            F(3, "PR_GET_DUMPABLE"),
                                            F(4, "PR_SET_DUMPABLE"),
                                            F(7, "PR_GET_KEEPCAPS"),
                                            F(8, "PR_SET_KEEPCAPS"),
                                            F(13, "PR_GET_TIMING"),
                                            F(14, "PR_SET_TIMING"),
                                            F(15, "PR_SET_NAME"),
                                            F(16, "PR_GET_NAME"),
                                            F(21, "PR_GET_SECCOMP"),
                                            F(29, "PR_SET_TIMERSLACK"),
                                            F(30, "PR_GET_TIMERSLACK"),
                                            F(31, "PR_TASK_PERF_EVENTS_DISABLE"),
                                            F(32, "PR_TASK_PERF_EVENTS_ENABLE"),
                                            F(36, "PR_SET_CHILD_SUBREAPER"),
                                            F(37, "PR_GET_CHILD_SUBREAPER"),
                                            F(38, "PR_SET_NO_NEW_PRIVS"),
                                            F(39, "PR_GET_NO_NEW_PRIVS"),
                                            F(40, "PR_GET_TID_ADDRESS"),
                                            F(41, "PR_SET_THP_DISABLE"),
                                            F(42, "PR_GET_THP_DISABLE"),
                                            F(57, "PR_SET_IO_FLUSHER"),
                                            F(58, "PR_GET_IO_FLUSHER"),
                                            {0, NULL}};

static void prctl_args_from(struct trc_buf *b, const struct trc_call *c, int from) {
  for (int k = from; k <= 4; k++) {
    u64 v = ularg(c, k);
    trc_printf(b, v ? ", %#llx" : ", 0", (unsigned long long)v);
  }
}

/* The option and what strace prints of it at entry. */
static void fmt_prctl_op(struct trc_buf *b, const struct trc_call *c) {
  static const char *const dump[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"};
  u32 op = (u32)c->a[0];
  u64 a2 = ularg(c, 1);
  const char *n = trc_xlat(op, prctl_ops);
  if (!n) {
    trc_printf(b, "%#x /* PR_??? */", op);
    return prctl_args_from(b, c, 1);
  }
  trc_puts(b, n);
  switch (op) {
  case 3:
  case 7:
  case 13:
  case 21:
  case 30:
  case 31:
  case 32: /* no arguments */
  case 2:
  case 16:
  case 37:
  case 40: /* printed at exit */ return;
  case 15: trc_puts(b, ", "); return trc_str(b, c, a2, -1, 15);
  case 1:
    if (a2 > 128) return trc_printf(b, ", %llu", (unsigned long long)a2);
    return trc_printf(b, ", %s", a2 ? trc_signame((int)a2) : "0");
  case 4:
    if (a2 <= 2) return trc_printf(b, ", %s", dump[a2]);
    return trc_printf(b, ", %#llx /* SUID_DUMP_??? */", (unsigned long long)a2);
  case 8:
  case 14:
  case 36: return trc_printf(b, ", %llu", (unsigned long long)a2);
  case 29: return trc_printf(b, ", %lld", (long long)(c->m32 ? (i32)a2 : (i64)a2));
  case 38:
  case 41:
  case 57: trc_printf(b, ", %llu", (unsigned long long)a2); return prctl_args_from(b, c, 2);
  default: return prctl_args_from(b, c, 1);
  }
}

static void fmt_prctl_out(struct trc_buf *b, const struct trc_call *c) {
  u32 op = (u32)c->a[0];
  u64 a2 = ularg(c, 1);
  u8 s[8];
  if (op != 2 && op != 16 && op != 37 && op != 40) return;
  trc_puts(b, ", ");
  if (failed(c)) return trc_ptr(b, c, a2);
  switch (op) {
  case 16: return trc_str(b, c, a2, -1, 16);
  case 2:
    if (!trc_read(c, s, a2, 4)) return trc_ptr(b, c, a2);
    return trc_printf(b, "[%s]", rd32(s) ? trc_signame((int)rd32(s)) : "0");
  case 37:
    if (!trc_read(c, s, a2, 4)) return trc_ptr(b, c, a2);
    return trc_printf(b, "[%u]", rd32(s));
  default:
    if (!trc_read(c, s, a2, wsize(c))) return trc_ptr(b, c, a2);
    trc_puts(b, "[");
    trc_ptr(b, c, trc_word(c, s));
    return trc_puts(b, "]");
  }
}

/* ---- resources, times, sysinfo ---- */

static void fmt_rusage(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[64];
  size_t w = wsize(c);
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 4 * w)) return trc_ptr(b, c, addr);
  trc_printf(b, "{ru_utime={tv_sec=%lld, tv_usec=%lld}, ru_stime={tv_sec=%lld, tv_usec=%lld}, ...}",
             (long long)(c->m32 ? (i32)rd32(s) : (i64)rd64(s)),
             (long long)(c->m32 ? (i32)rd32(s + 4) : (i64)rd64(s + 8)),
             (long long)(c->m32 ? (i32)rd32(s + 8) : (i64)rd64(s + 16)),
             (long long)(c->m32 ? (i32)rd32(s + 12) : (i64)rd64(s + 24)));
}

static void fmt_tms(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[32];
  size_t w = wsize(c);
  if (!trc_read(c, s, addr, 4 * w)) return trc_ptr(b, c, addr);
  trc_printf(b, "{tms_utime=%llu, tms_stime=%llu, tms_cutime=%llu, tms_cstime=%llu}",
             (unsigned long long)trc_word(c, s), (unsigned long long)trc_word(c, s + w),
             (unsigned long long)trc_word(c, s + 2 * w),
             (unsigned long long)trc_word(c, s + 3 * w));
}

static void fmt_sysinfo(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const char *const names[] = {"totalram",  "freeram",   "sharedram",
                                      "bufferram", "totalswap", "freeswap"};
  u8 s[112];
  size_t w = wsize(c);
  if (!trc_read(c, s, addr, 14 * w)) return trc_ptr(b, c, addr);
  trc_printf(b, "{uptime=%lld, loads=[%llu, %llu, %llu]",
             (long long)(c->m32 ? (i32)rd32(s) : (i64)rd64(s)),
             (unsigned long long)trc_word(c, s + w), (unsigned long long)trc_word(c, s + 2 * w),
             (unsigned long long)trc_word(c, s + 3 * w));
  for (int k = 0; k < 6; k++)
    trc_printf(b, ", %s=%llu", names[k], (unsigned long long)trc_word(c, s + (4 + k) * w));
  u16 procs;
  memcpy(&procs, s + 10 * w, 2);
  trc_printf(b, ", procs=%u, totalhigh=%llu, freehigh=%llu, mem_unit=%u}", procs,
             (unsigned long long)trc_word(c, s + 11 * w),
             (unsigned long long)trc_word(c, s + 12 * w), rd32(s + 13 * w));
}

/* ---- statfs ---- */

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
  u8 s[120];
  u64 v[11];
  if (s64) { /* i386 statfs64: u32 type, bsize; u64 blocks..ffree; fsid; u32 namelen, frsize, flags
              */
    if (!trc_read(c, s, addr, 84)) return trc_ptr(b, c, addr);
    v[0] = rd32(s), v[1] = rd32(s + 4);
    for (int k = 0; k < 5; k++) v[2 + k] = rd64(s + 8 + 8 * k);
    v[7] = rd32(s + 48), v[8] = rd32(s + 52);
    v[9] = rd32(s + 56), v[10] = rd32(s + 60);
    u64 flags = rd32(s + 64);
    memcpy(s, &flags, 8);
  } else {
    size_t w = wsize(c);
    if (!trc_read(c, s, addr, 10 * w + 8)) return trc_ptr(b, c, addr);
    for (int k = 0; k < 7; k++) v[k] = trc_word(c, s + k * w);
    v[7] = rd32(s + 7 * w), v[8] = rd32(s + 7 * w + 4);
    v[9] = trc_word(c, s + 7 * w + 8), v[10] = trc_word(c, s + 8 * w + 8);
    u64 flags = trc_word(c, s + 9 * w + 8);
    memcpy(s, &flags, 8);
  }
  u64 flags = rd64(s);
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

/* ---- sockets ---- */

static const struct trc_flag msg_flags[] = {F(0x1, "MSG_OOB"),
                                            F(0x2, "MSG_PEEK"),
                                            F(0x4, "MSG_DONTROUTE"),
                                            F(0x8, "MSG_CTRUNC"),
                                            F(0x10, "MSG_PROXY"),
                                            F(0x20, "MSG_TRUNC"),
                                            F(0x40, "MSG_DONTWAIT"),
                                            F(0x80, "MSG_EOR"),
                                            F(0x100, "MSG_WAITALL"),
                                            F(0x200, "MSG_FIN"),
                                            F(0x400, "MSG_SYN"),
                                            F(0x800, "MSG_CONFIRM"),
                                            F(0x1000, "MSG_RST"),
                                            F(0x2000, "MSG_ERRQUEUE"),
                                            F(0x4000, "MSG_NOSIGNAL"),
                                            F(0x8000, "MSG_MORE"),
                                            F(0x10000, "MSG_WAITFORONE"),
                                            F(0x40000, "MSG_BATCH"),
                                            F(0x4000000, "MSG_ZEROCOPY"),
                                            F(0x20000000, "MSG_FASTOPEN"),
                                            F(0x40000000, "MSG_CMSG_CLOEXEC"),
                                            {0, NULL}};

static void fmt_sockopt_name(struct trc_buf *b, int level, u32 name) {
  static const struct trc_flag so[] = {F(1, "SO_DEBUG"),         F(2, "SO_REUSEADDR"),
                                       F(3, "SO_TYPE"),          F(4, "SO_ERROR"),
                                       F(5, "SO_DONTROUTE"),     F(6, "SO_BROADCAST"),
                                       F(7, "SO_SNDBUF"),        F(8, "SO_RCVBUF"),
                                       F(9, "SO_KEEPALIVE"),     F(10, "SO_OOBINLINE"),
                                       F(11, "SO_NO_CHECK"),     F(12, "SO_PRIORITY"),
                                       F(13, "SO_LINGER"),       F(14, "SO_BSDCOMPAT"),
                                       F(15, "SO_REUSEPORT"),    F(16, "SO_PASSCRED"),
                                       F(17, "SO_PEERCRED"),     F(18, "SO_RCVLOWAT"),
                                       F(19, "SO_SNDLOWAT"),     F(20, "SO_RCVTIMEO_OLD"),
                                       F(21, "SO_SNDTIMEO_OLD"), F(25, "SO_BINDTODEVICE"),
                                       F(30, "SO_ACCEPTCONN"),   F(32, "SO_SNDBUFFORCE"),
                                       F(33, "SO_RCVBUFFORCE"),  F(38, "SO_PROTOCOL"),
                                       F(39, "SO_DOMAIN"),       {0, NULL}};
  static const struct trc_flag tcp[] = {
      F(1, "TCP_NODELAY"),   F(2, "TCP_MAXSEG"),  F(3, "TCP_CORK"), F(4, "TCP_KEEPIDLE"),
      F(5, "TCP_KEEPINTVL"), F(6, "TCP_KEEPCNT"), {0, NULL}};
  static const struct trc_flag ip[] = {
      F(1, "IP_TOS"), F(2, "IP_TTL"), F(3, "IP_HDRINCL"), F(4, "IP_OPTIONS"), {0, NULL}};
  const struct trc_flag *tab = level == 1 ? so : level == 6 ? tcp : level == 0 ? ip : NULL;
  const char *n = tab ? trc_xlat(name, tab) : NULL;
  if (n)
    trc_puts(b, n);
  else if (tab)
    trc_printf(b, "%#x /* %s */", name, level == 1 ? "SO_???" : level == 6 ? "TCP_???" : "IP_???");
  else
    trc_printf(b, "%u", name);
}

static void fmt_sockopt_val(struct trc_buf *b, const struct trc_call *c, u64 addr, long len) {
  u8 s[8];
  if (!addr) return trc_puts(b, "NULL");
  int level = (int)c->a[1], name = (int)c->a[2];
  if (level == 1 && name == 13 && len >= 8) { /* SO_LINGER */
    if (!trc_read(c, s, addr, 8)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{l_onoff=%d, l_linger=%d}", (int)rd32(s), (int)rd32(s + 4));
  }
  if (level == 1 && name == 13 && len > 0 && c->exiting) { /* a part of it, as strace shows */
    if (!trc_read(c, s, addr, (size_t)len)) return trc_ptr(b, c, addr);
    if (len < 4) {
      trc_puts(b, "{l_onoff=");
      trc_quote(b, s, (size_t)len, false, true);
    } else if (len == 4) {
      trc_printf(b, "{l_onoff=%d", (int)rd32(s));
    } else {
      trc_printf(b, "{l_onoff=%d, l_linger=", (int)rd32(s));
      trc_quote(b, s + 4, (size_t)len - 4, false, true);
    }
    return trc_puts(b, "}");
  }
  if (level == 1 && name == 17 && len >= 12 && c->exiting) { /* SO_PEERCRED */
    u8 u[12];
    if (!trc_read(c, u, addr, 12)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{pid=%d, uid=%u, gid=%u}", (int)rd32(u), rd32(u + 4), rd32(u + 8));
  }
  if (level == 1 && name == 4 && len >= 4 && c->exiting) { /* SO_ERROR */
    if (!trc_read(c, s, addr, 4)) return trc_ptr(b, c, addr);
    const char *en = rd32(s) ? strerrorname_np((int)rd32(s)) : NULL;
    if (en) return trc_printf(b, "[%s]", en);
    return trc_printf(b, "[%d]", (int)rd32(s));
  }
  if (len <= 0 && c->exiting) return trc_ptr(b, c, addr);
  if (len == 4) {
    if (!trc_read(c, s, addr, 4)) return trc_ptr(b, c, addr);
    return trc_printf(b, "[%d]", (int)rd32(s));
  }
  if (len < 0) return trc_ptr(b, c, addr);
  trc_str(b, c, addr, len, -1);
}

/* The socklen_t at addr: [in => out] when it changed. */
static void fmt_socklen(struct trc_buf *b, const struct trc_call *c, int i) {
  u64 addr = ularg(c, i);
  u32 out;
  if (!addr) return trc_puts(b, "NULL");
  u32 in = c->saved ? (u32)c->saved[i] : 0;
  if (failed(c) || !trc_read(c, &out, addr, 4)) {
    if (c->saved) return trc_printf(b, "[%u]", in);
    return trc_ptr(b, c, addr);
  }
  if (c->saved && in != out) return trc_printf(b, "[%u => %u]", in, out);
  trc_printf(b, "[%u]", out);
}

static void fmt_sockaddr_out(struct trc_buf *b, const struct trc_call *c, int i, int lenarg) {
  u64 addr = ularg(c, i), lp = ularg(c, lenarg);
  u32 out;
  if (!addr) return trc_puts(b, "NULL");
  if (failed(c) || !lp || !trc_read(c, &out, lp, 4)) return trc_ptr(b, c, addr);
  if (c->saved && (u32)c->saved[lenarg] < out) out = (u32)c->saved[lenarg];
  trc_sockaddr(b, c, addr, out);
}

static void fmt_cmsgs(struct trc_buf *b, const struct trc_call *c, u64 ctl, u64 len) {
  static const struct trc_flag types[] = {
      F(1, "SCM_RIGHTS"), F(2, "SCM_CREDENTIALS"), F(29, "SCM_TIMESTAMP"), {0, NULL}};
  size_t w = wsize(c), hdr = w + 8;
  u8 s[512];
  if (len > sizeof s) len = sizeof s;
  if (!trc_read(c, s, ctl, len)) return trc_ptr(b, c, ctl);
  trc_puts(b, "[");
  size_t off = 0;
  bool first = true;
  while (off + hdr <= len) {
    u64 cl = trc_word(c, s + off);
    int level = (int)rd32(s + off + w), type = (int)rd32(s + off + w + 4);
    if (!first) trc_puts(b, ", ");
    first = false;
    trc_printf(b, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)cl);
    if (level == 1)
      trc_puts(b, "SOL_SOCKET");
    else
      trc_printf(b, "%d", level);
    trc_puts(b, ", cmsg_type=");
    const char *tn = level == 1 ? trc_xlat((u32)type, types) : NULL;
    if (tn)
      trc_puts(b, tn);
    else
      trc_printf(b, "%#x", (u32)type);
    if (cl < hdr) {
      trc_puts(b, "}");
      break;
    }
    u64 dl = cl - hdr;
    if (off + cl > len) dl = len - off - hdr;
    if (level == 1 && type == 1) {
      trc_puts(b, ", cmsg_data=[");
      for (u64 k = 0; k + 4 <= dl; k += 4)
        trc_printf(b, "%s%d", k ? ", " : "", (int)rd32(s + off + hdr + k));
      trc_puts(b, "]");
    } else if (level == 1 && type == 2 && dl >= 12) {
      trc_printf(b, ", cmsg_data={pid=%d, uid=%u, gid=%u}", (int)rd32(s + off + hdr),
                 rd32(s + off + hdr + 4), rd32(s + off + hdr + 8));
    }
    trc_puts(b, "}");
    off += (cl + w - 1) & ~(u64)(w - 1);
  }
  trc_puts(b, "]");
}

/* struct msghdr: {name, namelen, iov, iovlen, control, controllen, flags};
 * total: the bytes the iovecs hold (-1: all of them); in: msg_namelen before
 * the call when it is to be shown as "in => out" (-1: no). */
static void fmt_msghdr_at(struct trc_buf *b, const struct trc_call *c, u64 addr, long total,
                          long in_namelen) {
  size_t w = wsize(c);
  u8 s[56];
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 7 * w)) return trc_ptr(b, c, addr);
  u64 name = trc_word(c, s), iov = trc_word(c, s + 2 * w), iovlen = trc_word(c, s + 3 * w);
  u64 ctl = trc_word(c, s + 4 * w), ctllen = trc_word(c, s + 5 * w);
  u32 namelen = rd32(s + w), flags = rd32(s + 6 * w);
  trc_puts(b, "{msg_name=");
  u32 in = in_namelen >= 0 ? (u32)in_namelen : namelen;
  if (name)
    trc_sockaddr(b, c, name, namelen < in ? namelen : in);
  else
    trc_puts(b, "NULL");
  if (in != namelen)
    trc_printf(b, ", msg_namelen=%u => %u", in, namelen);
  else
    trc_printf(b, ", msg_namelen=%u", namelen);
  trc_puts(b, ", msg_iov=");
  trc_iovec(b, c, iov, iovlen, total);
  trc_printf(b, ", msg_iovlen=%llu", (unsigned long long)iovlen);
  if (ctllen) {
    trc_puts(b, ", msg_control=");
    fmt_cmsgs(b, c, ctl, ctllen);
  }
  trc_printf(b, ", msg_controllen=%llu, msg_flags=", (unsigned long long)ctllen);
  trc_flags(b, flags, msg_flags, "0");
  trc_puts(b, "}");
}

static void fmt_msghdr(struct trc_buf *b, const struct trc_call *c, int i, bool out) {
  u64 addr = ularg(c, i);
  if (!addr) return trc_puts(b, "NULL");
  fmt_msghdr_at(b, c, addr, out ? c->ret : -1, out && c->saved ? (long)(u32)c->saved[i] : -1);
}

/* struct mmsghdr[]: {msg_hdr={...}, msg_len=n}.  sendmmsg (param 1) shows
 * all vlen entries, msg_len for the ones sent; recvmmsg (param 2) the
 * entries received, their iovecs up to msg_len (strace's mmsghdr.c). */
void trc_mmsghdr(struct trc_buf *b, const struct trc_call *c, int i, int which) {
  u64 addr = ularg(c, i);
  u32 vlen = (u32)c->a[2];
  size_t sz = c->m32 ? 32 : 64, hdr = c->m32 ? 28 : 56;
  bool failed_ = c->ret < 0 && c->ret >= -4095;
  if (!addr || (which == 2 && failed_)) return trc_ptr(b, c, addr);
  u32 n = which == 2 ? (u32)c->ret : vlen, with_len = failed_ ? 0 : (u32)c->ret;
  trc_puts(b, "[");
  for (u32 k = 0; k < n; k++) {
    u32 len;
    if (k) trc_puts(b, ", ");
    if (k >= 32 || !trc_read(c, &len, addr + k * sz + hdr, 4)) {
      trc_puts(b, "...");
      break;
    }
    trc_puts(b, "{msg_hdr=");
    fmt_msghdr_at(b, c, addr + k * sz, which == 2 ? (long)len : -1, -1);
    if (k < with_len) trc_printf(b, ", msg_len=%u", len);
    trc_puts(b, "}");
  }
  trc_puts(b, "]");
}

/* sendfile's offset: [in] => [out] when the call moved it. */
static void fmt_offp(struct trc_buf *b, const struct trc_call *c, int i, bool wide) {
  u64 addr = ularg(c, i);
  u8 s[8];
  size_t n = wide || !c->m32 ? 8 : 4;
  if (!addr) return trc_puts(b, "NULL");
  i64 in = c->saved ? (i64)c->saved[i] : 0;
  if (failed(c) || !trc_read(c, s, addr, n)) {
    if (c->saved) return trc_printf(b, "[%lld]", (long long)in);
    return trc_ptr(b, c, addr);
  }
  i64 out = n == 8 ? (i64)rd64(s) : (i32)rd32(s);
  if (c->saved && in != out)
    return trc_printf(b, "[%lld] => [%lld]", (long long)in, (long long)out);
  trc_printf(b, "[%lld]", (long long)out);
}

/* ---- the kinds ---- */

static const struct trc_flag prio[] = {
    F(0, "PRIO_PROCESS"), F(1, "PRIO_PGRP"), F(2, "PRIO_USER"), {0, NULL}};
static const struct trc_flag rusage_who[] = {
    F(0, "RUSAGE_SELF"), F((u32)-1, "RUSAGE_CHILDREN"), F(1, "RUSAGE_THREAD"), {0, NULL}};
static const struct trc_flag idt[] = {
    F(0, "P_ALL"), F(1, "P_PID"), F(2, "P_PGID"), F(3, "P_PIDFD"), {0, NULL}};
static const struct trc_flag flk[] = {F(1, "LOCK_SH"),      F(2, "LOCK_EX"),    F(4, "LOCK_NB"),
                                      F(8, "LOCK_UN"),      F(32, "LOCK_MAND"), F(64, "LOCK_READ"),
                                      F(128, "LOCK_WRITE"), {0, NULL}};
static const struct trc_flag shut[] = {
    F(0, "SHUT_RD"), F(1, "SHUT_WR"), F(2, "SHUT_RDWR"), {0, NULL}};
static const struct trc_flag levels[] = {
    F(0, "SOL_IP"),    F(1, "SOL_SOCKET"),   F(6, "SOL_TCP"),       F(17, "SOL_UDP"),
    F(41, "SOL_IPV6"), F(263, "SOL_PACKET"), F(270, "SOL_NETLINK"), {0, NULL}};
static const struct trc_flag ipproto[] = {
    F(0, "IPPROTO_IP"),      F(1, "IPPROTO_ICMP"),    F(2, "IPPROTO_IGMP"),
    F(6, "IPPROTO_TCP"),     F(17, "IPPROTO_UDP"),    F(41, "IPPROTO_IPV6"),
    F(58, "IPPROTO_ICMPV6"), F(132, "IPPROTO_SCTP"),  F(136, "IPPROTO_UDPLITE"),
    F(255, "IPPROTO_RAW"),   F(262, "IPPROTO_MPTCP"), {0, NULL}};
static const struct trc_flag nlproto[] = {F(0, "NETLINK_ROUTE"),    F(4, "NETLINK_SOCK_DIAG"),
                                          F(9, "NETLINK_AUDIT"),    F(15, "NETLINK_KOBJECT_UEVENT"),
                                          F(16, "NETLINK_GENERIC"), {0, NULL}};

TRC_FMT(k_intp) {
  u64 addr = ularg(c, i);
  u32 x;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &x, addr, 4)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%d]", (int)x);
}

TRC_FMT(k_groups) { fmt_groups(b, c, ularg(c, i), (long)(int)c->a[0], p == 16); }
TRC_FMT(k_groups_out) { fmt_groups(b, c, ularg(c, i), c->ret, p == 16); }
TRC_FMT(k_sched_policy) { fmt_sched_policy(b, (u32)c->a[i]); }
TRC_FMT(k_prio_which) { trc_xlat_unk(b, (u32)c->a[i], prio, "PRIO_???"); }
TRC_FMT(k_prctl_op) { fmt_prctl_op(b, c); }
TRC_FMT(k_rusage_who) { trc_xlat_unk(b, (u32)c->a[i], rusage_who, "RUSAGE_???"); }
TRC_FMT(k_idtype) { trc_xlat_unk(b, (u32)c->a[i], idt, "P_???"); }
TRC_FMT(k_rusage_in) {
  u64 addr = ularg(c, i);
  if (!c->exiting || failed(c) || !addr) return trc_ptr(b, c, addr);
  return fmt_rusage(b, c, addr);
}

TRC_FMT(k_rusage_out) { fmt_rusage(b, c, ularg(c, i)); }
TRC_FMT(k_tms_out) { fmt_tms(b, c, ularg(c, i)); }
TRC_FMT(k_sysinfo_out) { fmt_sysinfo(b, c, ularg(c, i)); }
TRC_FMT(k_statfs_out) { fmt_statfs(b, c, ularg(c, i), p == 64 && c->m32); }
TRC_FMT(k_clone3) { trc_ptr(b, c, ularg(c, i)); }
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

TRC_FMT(k_sock_proto) {
  u64 v = c->a[i];
  u32 dom = (u32)c->a[0];
  if (dom == 2 || dom == 10) return trc_xlat_unk(b, (u32)v, ipproto, NULL);
  if (dom == 16) return trc_xlat_unk(b, (u32)v, nlproto, NULL);
  return trc_printf(b, "%d", (int)v);
}

TRC_FMT(k_sockopt_level) { trc_xlat_unk(b, (u32)c->a[i], levels, "SOL_??"); }
TRC_FMT(k_sockopt_name) { fmt_sockopt_name(b, (int)c->a[p], (u32)c->a[i]); }
TRC_FMT(k_sockopt_val) { fmt_sockopt_val(b, c, ularg(c, i), (long)(int)c->a[p]); }
TRC_FMT(k_sockopt_val_out) {
  u64 addr = ularg(c, i);
  u32 len;
  if (!trc_read(c, &len, ularg(c, p), 4)) return trc_ptr(b, c, addr);
  return fmt_sockopt_val(b, c, addr, (long)(int)len);
}

TRC_FMT(k_sockaddr_out) { fmt_sockaddr_out(b, c, i, p); }
TRC_FMT(k_socklen_out) { fmt_socklen(b, c, i); }
TRC_FMT(k_offp_out) { fmt_offp(b, c, i, p == 64); }
TRC_FMT(k_msg_flags) { trc_flags(b, (u32)c->a[i], msg_flags, "0"); }
TRC_FMT(k_shut_how) { trc_xlat_unk(b, (u32)c->a[i], shut, "SHUT_???"); }
TRC_FMT(k_msghdr) { fmt_msghdr(b, c, i, false); }
TRC_FMT(k_msghdr_out) { fmt_msghdr(b, c, i, true); }

static const struct trc_flag adv[] = {F(0, "POSIX_FADV_NORMAL"),
                                      F(1, "POSIX_FADV_RANDOM"),
                                      F(2, "POSIX_FADV_SEQUENTIAL"),
                                      F(3, "POSIX_FADV_WILLNEED"),
                                      F(4, "POSIX_FADV_DONTNEED"),
                                      F(5, "POSIX_FADV_NOREUSE"),
                                      {0, NULL}};

TRC_FMT(k_prctl_out) { fmt_prctl_out(b, c); }

/* fadvise64's offset, len and advice, in the ABI's layout */
TRC_FMT(k_fadv_rest) {
  i64 off;
  u64 len;
  u32 advice;
  if (!c->m32) {
    off = (i64)c->a[i], len = c->a[i + 1], advice = (u32)c->a[i + 2];
  } else if (p == 64) { /* i386 fadvise64_64: offset and len split in halves */
    off = (i64)((u64)(u32)c->a[i + 1] << 32 | (u32)c->a[i]);
    len = (u64)(u32)c->a[i + 3] << 32 | (u32)c->a[i + 2];
    advice = (u32)c->a[i + 4];
  } else { /* i386 fadvise64: offset split, 32-bit len */
    off = (i64)((u64)(u32)c->a[i + 1] << 32 | (u32)c->a[i]);
    len = (u32)c->a[i + 2], advice = (u32)c->a[i + 3];
  }
  trc_printf(b, ", %lld, %lld, ", (long long)off, (long long)len);
  const char *n = trc_xlat(advice, adv);
  if (n)
    trc_puts(b, n);
  else
    trc_printf(b, "%#x /* POSIX_FADV_??? */", advice);
}

/* What the in/out kinds read at entry: the socklen_t before the call, the
 * msghdr's msg_namelen, the offset before sendfile/splice moved it. */
static u64 u32_at(const struct trc_call *c, u64 addr) {
  u32 v = 0;
  if (!addr || !trc_read(c, &v, addr, 4)) return 0;
  return v;
}
static u64 save_socklen(const struct trc_call *c, int i, int p) {
  (void)p;
  return u32_at(c, ularg(c, i));
}
static u64 save_msghdr(const struct trc_call *c, int i, int p) {
  u64 addr = ularg(c, i);
  (void)p;
  return u32_at(c, addr ? addr + wsize(c) : 0);
}
static u64 save_offp(const struct trc_call *c, int i, int p) {
  u64 addr = ularg(c, i);
  u8 s[8];
  bool w8 = p == 64 || !c->m32;
  if (!addr || !trc_read(c, s, addr, w8 ? 8 : 4)) return 0;
  return w8 ? rd64(s) : (u64)(i64)(i32)rd32(s);
}

const struct trc_kind_def trc_struct3_kinds[] = {
    {K_INTP, .fmt = k_intp},
    {K_GROUPS, .fmt = k_groups},
    {K_GROUPS_OUT, .fmt = k_groups_out},
    {K_SCHED_POLICY, .fmt = k_sched_policy},
    {K_PRIO_WHICH, .fmt = k_prio_which},
    {K_PRCTL_OP, .fmt = k_prctl_op},
    {K_RUSAGE_WHO, .fmt = k_rusage_who},
    {K_IDTYPE, .fmt = k_idtype},
    {K_RUSAGE_IN, .fmt = k_rusage_in},
    {K_RUSAGE_OUT, .fmt = k_rusage_out},
    {K_TMS_OUT, .fmt = k_tms_out},
    {K_SYSINFO_OUT, .fmt = k_sysinfo_out},
    {K_STATFS_OUT, .fmt = k_statfs_out},
    {K_CLONE3, .fmt = k_clone3},
    {K_FLOCK_OP, .fmt = k_flock_op},
    {K_MKNOD_MODE, .fmt = k_mknod_mode},
    {K_SOCK_PROTO, .fmt = k_sock_proto},
    {K_SOCKOPT_LEVEL, .fmt = k_sockopt_level},
    {K_SOCKOPT_NAME, .fmt = k_sockopt_name},
    {K_SOCKOPT_VAL, .fmt = k_sockopt_val},
    {K_SOCKOPT_VAL_OUT, .fmt = k_sockopt_val_out},
    {K_SOCKADDR_OUT, .fmt = k_sockaddr_out},
    {K_SOCKLEN_OUT, .fmt = k_socklen_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_socklen},
    {K_OFFP_OUT, .fmt = k_offp_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_offp},
    {K_MSG_FLAGS, .fmt = k_msg_flags},
    {K_SHUT_HOW, .fmt = k_shut_how},
    {K_MSGHDR, .fmt = k_msghdr},
    {K_MSGHDR_OUT, .fmt = k_msghdr_out, .save = save_msghdr},
    {K_PRCTL_OUT, .fmt = k_prctl_out, .flags = TRC_SELF_SEP},
    {K_FADV_REST, .fmt = k_fadv_rest, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};

_Static_assert(K_LONGP < K_OUT_FIRST, "input kinds must stay below K_OUT_FIRST");
_Static_assert(K_MQ_ATTR_OUT <= 0x1ff, "kinds are 9 bits");
