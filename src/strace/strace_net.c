/* strace_net.c — the system-call log's socket kinds: address families,
 * socket types and protocols, i386's socketcall numbers, sockaddr (and the
 * sockaddr/socklen results), socket options, MSG_* flags, shutdown, msghdr
 * with its control messages, mmsghdr.  Mirrors strace's net.c, sockaddr.c,
 * msghdr.c, mmsghdr.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>

#include "../abi/lx_net.h"
#include "strace_fmt.h"

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

static const struct trc_flag socketcalls[] = {
    {1, "SYS_SOCKET"},      {2, "SYS_BIND"},        {3, "SYS_CONNECT"},
    {4, "SYS_LISTEN"},      {5, "SYS_ACCEPT"},      {6, "SYS_GETSOCKNAME"},
    {7, "SYS_GETPEERNAME"}, {8, "SYS_SOCKETPAIR"},  {9, "SYS_SEND"},
    {10, "SYS_RECV"},       {11, "SYS_SENDTO"},     {12, "SYS_RECVFROM"},
    {13, "SYS_SHUTDOWN"},   {14, "SYS_SETSOCKOPT"}, {15, "SYS_GETSOCKOPT"},
    {16, "SYS_SENDMSG"},    {17, "SYS_RECVMSG"},    {18, "SYS_ACCEPT4"},
    {19, "SYS_RECVMMSG"},   {20, "SYS_SENDMMSG"},   {0, NULL}};

TRC_FMT(k_sock_domain) { trc_xlat_fmt(b, (u32)c->a[i], domains, "%llu /* AF_??? */"); }

TRC_FMT(k_sock_type) {
  u64 v = c->a[i];
  trc_xlat_fmt(b, (u32)v & 0xf, socktypes, "%#llx");
  if ((u32)v & ~0xfu) {
    trc_puts(b, "|");
    trc_flags(b, (u32)v & ~0xfu, sockflags, NULL);
  }
}

TRC_FMT(k_socketcall) { trc_xlat_fmt(b, (u32)c->a[i], socketcalls, "%llu"); }

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
  } else if (fam == AF_INET && len >= offsetof(struct lx_sockaddr_in, sin_zero)) {
    struct lx_sockaddr_in a = {0};
    memcpy(&a, s, len < sizeof a ? len : sizeof a);
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, a.sin_addr, ip, sizeof ip);
    trc_printf(b, "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
               ntohs(a.sin_port), ip);
  } else if (fam == AF_INET6 && len >= offsetof(struct lx_sockaddr_in6, sin6_scope_id)) {
    struct lx_sockaddr_in6 a = {0};
    memcpy(&a, s, len < sizeof a ? len : sizeof a);
    char ip[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a.sin6_addr, ip, sizeof ip);
    trc_printf(b,
               "{sa_family=AF_INET6, sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
               "inet_pton(AF_INET6, \"%s\", &sin6_addr)",
               ntohs(a.sin6_port), ntohl(a.sin6_flowinfo), ip);
    if (len >= sizeof a) trc_printf(b, ", sin6_scope_id=%u", a.sin6_scope_id);
    trc_puts(b, "}");
  } else {
    trc_printf(b, "{sa_family=%u, sa_data=", fam);
    trc_quote(b, s + 2, len - 2, false, true);
    trc_puts(b, "}");
  }
}

TRC_FMT(k_sockaddr) { fmt_sockaddr(b, c, ularg(c, i), (u32)c->a[p]); }

void trc_sockaddr(struct trc_buf *b, const struct trc_call *c, u64 addr, u32 len) {
  fmt_sockaddr(b, c, addr, len);
}

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
  if (level == 1 && name == 13 && len >= (long)sizeof(struct lx_linger)) { /* SO_LINGER */
    struct lx_linger l;
    if (!trc_read(c, &l, addr, sizeof l)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{l_onoff=%d, l_linger=%d}", l.l_onoff, l.l_linger);
  }
  if (level == 1 && name == 13 && len > 0 && c->exiting) { /* a part of it, as strace shows */
    const long at = offsetof(struct lx_linger, l_linger);
    struct lx_linger l;
    if (!trc_read(c, s, addr, (size_t)len)) return trc_ptr(b, c, addr);
    memcpy(&l, s, sizeof l); /* the bytes past len are not shown */
    if (len < at) {
      trc_puts(b, "{l_onoff=");
      trc_quote(b, s, (size_t)len, false, true);
    } else if (len == at) {
      trc_printf(b, "{l_onoff=%d", l.l_onoff);
    } else {
      trc_printf(b, "{l_onoff=%d, l_linger=", l.l_onoff);
      trc_quote(b, s + at, (size_t)(len - at), false, true);
    }
    return trc_puts(b, "}");
  }
  if (level == 1 && name == 17 && len >= (long)sizeof(struct lx_ucred) && c->exiting) {
    struct lx_ucred u; /* SO_PEERCRED */
    if (!trc_read(c, &u, addr, sizeof u)) return trc_ptr(b, c, addr);
    return trc_printf(b, "{pid=%d, uid=%u, gid=%u}", u.pid, u.uid, u.gid);
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
  /* the ABI's cmsghdr, then its data aligned to the ABI's long */
  size_t w = wsize(c), hdr = c->m32 ? sizeof(struct lx32_cmsghdr) : sizeof(struct lx64_cmsghdr);
  u8 s[512];
  if (len > sizeof s) len = sizeof s;
  if (!trc_read(c, s, ctl, len)) return trc_ptr(b, c, ctl);
  trc_puts(b, "[");
  size_t off = 0;
  bool first = true;
  while (off + hdr <= len) {
    u64 cl;
    int level, type;
    if (c->m32) {
      struct lx32_cmsghdr h;
      memcpy(&h, s + off, sizeof h);
      cl = h.cmsg_len, level = h.cmsg_level, type = h.cmsg_type;
    } else {
      struct lx64_cmsghdr h;
      memcpy(&h, s + off, sizeof h);
      cl = h.cmsg_len, level = h.cmsg_level, type = h.cmsg_type;
    }
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
    } else if (level == 1 && type == 2 && dl >= sizeof(struct lx_ucred)) {
      struct lx_ucred u;
      memcpy(&u, s + off + hdr, sizeof u);
      trc_printf(b, ", cmsg_data={pid=%d, uid=%u, gid=%u}", u.pid, u.uid, u.gid);
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
  u64 name, iov, iovlen, ctl, ctllen;
  u32 namelen, flags;
  if (!addr) return trc_puts(b, "NULL");
#define MSGHDR_GET(m)                                                              \
  (name = m.msg_name, iov = m.msg_iov, iovlen = m.msg_iovlen, ctl = m.msg_control, \
   ctllen = m.msg_controllen, namelen = (u32)m.msg_namelen, flags = m.msg_flags)
  if (c->m32) {
    struct lx32_msghdr m;
    if (!trc_read(c, &m, addr, sizeof m)) return trc_ptr(b, c, addr);
    MSGHDR_GET(m);
  } else {
    struct lx64_msghdr m;
    if (!trc_read(c, &m, addr, sizeof m)) return trc_ptr(b, c, addr);
    MSGHDR_GET(m);
  }
#undef MSGHDR_GET
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
    if ((long long)k >= trc_max_strlen() || !trc_read(c, &len, addr + k * sz + hdr, 4)) {
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

TRC_FMT(k_msg_flags) { trc_flags(b, (u32)c->a[i], msg_flags, "0"); }

TRC_FMT(k_shut_how) { trc_xlat_unk(b, (u32)c->a[i], shut, "SHUT_???"); }

TRC_FMT(k_msghdr) { fmt_msghdr(b, c, i, false); }

/* recvmsg: a failed call shows only the msg_namelen it was given (strace's
 * recvmsg); an unreadable msghdr, its address. */
TRC_FMT(k_msghdr_out) {
  u8 probe[4];
  if (!failed(c)) return fmt_msghdr(b, c, i, true);
  if (!c->saved || !trc_read(c, probe, ularg(c, i), 4)) return trc_ptr(b, c, ularg(c, i));
  trc_printf(b, "{msg_namelen=%d}", (int)(u32)c->saved[i]);
}

/* What the in/out kinds read at entry: the socklen_t before the call, the
 * msghdr's msg_namelen, the offset before sendfile/splice moved it. */
static u64 u32_at(const struct trc_call *c, u64 addr) {
  u32 v = 0;
  if (!addr || !trc_read(c, &v, addr, 4)) return 0;
  return v;
}

static u64 save_socklen(const struct trc_call *c, int i, int p) { return u32_at(c, ularg(c, i)); }

static u64 save_msghdr(const struct trc_call *c, int i, int p) {
  u64 addr = ularg(c, i);
  return u32_at(c, addr ? addr + wsize(c) : 0);
}

TRC_FMT(k_mmsghdr_out) { trc_mmsghdr(b, c, i, p); }

const struct trc_kind_def trc_net_kinds[] = {
    {K_SOCK_DOMAIN, .fmt = k_sock_domain},
    {K_SOCK_TYPE, .fmt = k_sock_type},
    {K_SOCKETCALL, .fmt = k_socketcall},
    {K_SOCKADDR, .fmt = k_sockaddr},
    {K_SOCK_PROTO, .fmt = k_sock_proto},
    {K_SOCKOPT_LEVEL, .fmt = k_sockopt_level},
    {K_SOCKOPT_NAME, .fmt = k_sockopt_name},
    {K_SOCKOPT_VAL, .fmt = k_sockopt_val},
    {K_SOCKOPT_VAL_OUT, .fmt = k_sockopt_val_out},
    {K_SOCKADDR_OUT, .fmt = k_sockaddr_out},
    {K_SOCKLEN_OUT, .fmt = k_socklen_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_socklen},
    {K_MSG_FLAGS, .fmt = k_msg_flags},
    {K_SHUT_HOW, .fmt = k_shut_how},
    {K_MSGHDR, .fmt = k_msghdr},
    {K_MSGHDR_OUT, .fmt = k_msghdr_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_msghdr},
    {K_MMSGHDR_OUT, .fmt = k_mmsghdr_out, .flags = TRC_SHOWN_ON_FAILURE},
    {.kind = K_NONE},
};
