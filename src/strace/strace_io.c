/* strace_io.c — the system-call log's descriptor I/O kinds: iovecs,
 * poll's pollfd array and select's fd_sets (and what strace adds after their
 * results), preadv2/pwritev2 offsets and RWF_* flags, splice/tee,
 * sendfile's offset, sync_file_range, fadvise64, fallocate, readahead,
 * eventfd and epoll.  Mirrors strace's io.c, poll.c, desc.c (select),
 * sendfile.c, sync_file_range.c, fadvise.c, fallocate.c, readahead.c,
 * eventfd.c, epoll.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <poll.h>

#include "../abi/lx_types.h"
#include "strace_fmt.h"

void trc_iovec(struct trc_buf *b, const struct trc_call *c, u64 addr, u64 cnt, long total) {
  size_t n = c->m32 ? sizeof(struct lx32_iovec) : sizeof(struct lx64_iovec);
  if (!addr || cnt > 1024) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (u64 k = 0; k < cnt; k++) {
    struct lx64_iovec e;
    struct lx32_iovec e32;
    if (!trc_read(c, c->m32 ? (void *)&e32 : (void *)&e, addr + k * n, n)) {
      if (!k) {
        b->n--;
        return trc_ptr(b, c, addr);
      }
      trc_puts(b, ", ...");
      break;
    }
    if (c->m32) e = (struct lx64_iovec){e32.iov_base, e32.iov_len};
    u64 base = e.iov_base, len = e.iov_len;
    if (k) trc_puts(b, ", ");
    if ((long long)k >= trc_max_strlen()) {
      trc_puts(b, "...");
      break;
    }
    trc_puts(b, "{iov_base=");
    long show = (long)len;
    if (total >= 0) {
      show = total < (long)len ? total : (long)len;
      total -= show;
    }
    if (total == TRC_IOV_ADDR)
      trc_ptr(b, c, base);
    else
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
    struct lx_pollfd e;
    if (!trc_read(c, &e, addr + sizeof e * k, sizeof e)) break;
    u16 ev = (u16)e.events, rev = (u16)e.revents;
    if (revents && !rev) continue;
    trc_printf(b, "%s{fd=%d, %s=", first ? "" : ", ", e.fd, revents ? "revents" : "events");
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

TRC_FMT(k_iovec_in) { trc_iovec(b, c, ularg(c, i), ularg(c, p), -1); }

TRC_FMT(k_iovec_addr) { trc_iovec(b, c, ularg(c, i), ularg(c, p), TRC_IOV_ADDR); }

TRC_FMT(k_pollfds) { fmt_pollfds(b, c, ularg(c, i), (u32)c->a[p], false); }

TRC_FMT(k_fdset) { fmt_fdset(b, c, ularg(c, i), (int)c->a[p]); }

/* A failed readv shows its iovecs with their addresses (strace's
 * IOV_DECODE_ADDR), a successful one the bytes read. */
TRC_FMT(k_iovec_out) {
  trc_iovec(b, c, ularg(c, i), ularg(c, p), failed(c) ? TRC_IOV_ADDR : c->ret);
}

/* What strace adds after the result: poll's revents, select's remaining
 * sets and time, set_thread_area's entry number. */
static bool after_pollfds(struct trc_buf *b, const struct trc_call *c, const u16 *arg, int nargs,
                          int i) {
  if (c->ret <= 0) return false;
  trc_puts(b, " (");
  fmt_pollfds(b, c, ularg(c, i), (u32)c->a[TRC_PARAM(arg[i])], true);
  trc_puts(b, ")");
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
    trc_timespec(b, c, tv, TRC_PARAM(arg[i + 3]) == 64, tk == K_TIMEVAL ? "tv_usec" : "tv_nsec");
  }
  trc_puts(b, ")");
  return true;
}

static const struct trc_flag epoll_ev[] = {
    F(0x001, "EPOLLIN"),        F(0x002, "EPOLLPRI"),
    F(0x004, "EPOLLOUT"),       F(0x040, "EPOLLRDNORM"),
    F(0x080, "EPOLLRDBAND"),    F(0x100, "EPOLLWRNORM"),
    F(0x200, "EPOLLWRBAND"),    F(0x400, "EPOLLMSG"),
    F(0x008, "EPOLLERR"),       F(0x010, "EPOLLHUP"),
    F(0x2000, "EPOLLRDHUP"),    F(1u << 28, "EPOLLEXCLUSIVE"),
    F(1u << 29, "EPOLLWAKEUP"), F(1u << 30, "EPOLLONESHOT"),
    F(1u << 31, "EPOLLET"),     {0, NULL}};

/* struct epoll_event is packed on x86 (12 bytes on both ABIs). */
static void fmt_epoll_event(struct trc_buf *b, const struct lx_epoll_event *e) {
  u64 data = e->data;
  trc_puts(b, "{events=");
  trc_flags(b, e->events, epoll_ev, "0");
  trc_printf(b, ", data={u32=%u, u64=%llu}}", (u32)data, (unsigned long long)data);
}

static void fmt_epoll_events(struct trc_buf *b, const struct trc_call *c, u64 addr, long n) {
  if (!addr || n < 0) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (long k = 0; k < n; k++) {
    struct lx_epoll_event e;
    if (k) trc_puts(b, ", ");
    if ((long long)k >= trc_max_strlen()) {
      trc_puts(b, "...");
      break;
    }
    if (!trc_read(c, &e, addr + sizeof e * (u64)k, sizeof e)) {
      trc_puts(b, "...");
      break;
    }
    fmt_epoll_event(b, &e);
  }
  trc_puts(b, "]");
}

static const struct trc_flag efd[] = {
    F(1, "EFD_SEMAPHORE"), F(02000000, "EFD_CLOEXEC"), F(04000, "EFD_NONBLOCK"), {0, NULL}};

static const struct trc_flag epc[] = {F(02000000, "EPOLL_CLOEXEC"), {0, NULL}};

static const struct trc_flag epop[] = {
    F(1, "EPOLL_CTL_ADD"), F(2, "EPOLL_CTL_DEL"), F(3, "EPOLL_CTL_MOD"), {0, NULL}};

TRC_FMT(k_efd_flags) { trc_flags(b, (u32)c->a[i], efd, "0"); }

TRC_FMT(k_epoll_flags) { trc_flags(b, (u32)c->a[i], epc, "0"); }

TRC_FMT(k_epoll_op) { trc_xlat_unk(b, (u32)c->a[i], epop, "EPOLL_CTL_???"); }

TRC_FMT(k_epoll_event) {
  u64 addr = ularg(c, i);
  struct lx_epoll_event e;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &e, addr, sizeof e)) return trc_ptr(b, c, addr);
  return fmt_epoll_event(b, &e);
}

TRC_FMT(k_epoll_events_out) { fmt_epoll_events(b, c, ularg(c, i), c->ret); }

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

TRC_FMT(k_offp_out) { fmt_offp(b, c, i, p == 64); }

static const struct trc_flag adv[] = {F(0, "POSIX_FADV_NORMAL"),
                                      F(1, "POSIX_FADV_RANDOM"),
                                      F(2, "POSIX_FADV_SEQUENTIAL"),
                                      F(3, "POSIX_FADV_WILLNEED"),
                                      F(4, "POSIX_FADV_DONTNEED"),
                                      F(5, "POSIX_FADV_NOREUSE"),
                                      {0, NULL}};

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

static u64 save_offp(const struct trc_call *c, int i, int p) {
  u64 addr = ularg(c, i);
  u8 s[8];
  bool w8 = p == 64 || !c->m32;
  if (!addr || !trc_read(c, s, addr, w8 ? 8 : 4)) return 0;
  return w8 ? rd64(s) : (u64)(i64)(i32)rd32(s);
}

static const struct trc_flag falloc[] = {
    F(1, "FALLOC_FL_KEEP_SIZE"),        F(2, "FALLOC_FL_PUNCH_HOLE"),
    F(4, "FALLOC_FL_NO_HIDE_STALE"),    F(8, "FALLOC_FL_COLLAPSE_RANGE"),
    F(0x10, "FALLOC_FL_ZERO_RANGE"),    F(0x20, "FALLOC_FL_INSERT_RANGE"),
    F(0x40, "FALLOC_FL_UNSHARE_RANGE"), {0, NULL}};

TRC_FMT(k_falloc_rest) {
  /* x86-64 (mode, offset, len); i386 (mode, offset lo/hi, len lo/hi) */
  trc_puts(b, ", ");
  trc_flags(b, (u32)c->a[i], falloc, "0");
  if (c->m32)
    trc_printf(b, ", %lld, %lld", (long long)trc_lohi(c, i + 1), (long long)trc_lohi(c, i + 3));
  else
    trc_printf(b, ", %lld, %lld", (long long)c->a[i + 1], (long long)c->a[i + 2]);
}

TRC_FMT(k_readahead_rest) {
  /* x86-64 (offset, count); i386 (offset lo/hi, count) */
  if (c->m32)
    trc_printf(b, ", %lld, %u", (long long)trc_lohi(c, i), (u32)c->a[i + 2]);
  else
    trc_printf(b, ", %lld, %llu", (long long)c->a[i], (unsigned long long)c->a[i + 1]);
}

static const struct trc_flag rwf[] = {F(1, "RWF_HIPRI"),  F(2, "RWF_DSYNC"),     F(4, "RWF_SYNC"),
                                      F(8, "RWF_NOWAIT"), F(0x10, "RWF_APPEND"), {0, NULL}};

static const struct trc_flag splice_flags[] = {F(1, "SPLICE_F_MOVE"),
                                               F(2, "SPLICE_F_NONBLOCK"),
                                               F(4, "SPLICE_F_MORE"),
                                               F(8, "SPLICE_F_GIFT"),
                                               {0, NULL}};

TRC_FMT(k_pos_lh) { trc_printf(b, "%lld", (long long)(c->m32 ? trc_lohi(c, i) : (i64)c->a[i])); }

TRC_FMT(k_rwf_flags) { trc_flags(b, (u32)c->a[i], rwf, "0"); }

TRC_FMT(k_splice_flags) { trc_flags(b, (u32)c->a[i], splice_flags, "0"); }

static const struct trc_flag sfr[] = {F(1, "SYNC_FILE_RANGE_WAIT_BEFORE"),
                                      F(2, "SYNC_FILE_RANGE_WRITE"),
                                      F(4, "SYNC_FILE_RANGE_WAIT_AFTER"),
                                      {0, NULL}};

/* x86-64 (offset, nbytes, flags); i386 halves of both */
TRC_FMT(k_sfr_rest) {
  i64 off = c->m32 ? trc_lohi(c, i) : (i64)c->a[i];
  i64 n = c->m32 ? trc_lohi(c, i + 2) : (i64)c->a[i + 1];
  u32 fl = (u32)c->a[c->m32 ? i + 4 : i + 2];
  trc_printf(b, ", %lld, %lld, ", (long long)off, (long long)n);
  trc_flags(b, fl, sfr, "0");
}

const struct trc_kind_def trc_io_kinds[] = {
    {K_IOVEC_IN, .fmt = k_iovec_in},
    {K_IOVEC_ADDR, .fmt = k_iovec_addr},
    {K_POLLFDS, .fmt = k_pollfds, .after = after_pollfds},
    {K_FDSET, .fmt = k_fdset, .after = after_fdset},
    {K_IOVEC_OUT, .fmt = k_iovec_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_EFD_FLAGS, .fmt = k_efd_flags},
    {K_EPOLL_FLAGS, .fmt = k_epoll_flags},
    {K_EPOLL_OP, .fmt = k_epoll_op},
    {K_EPOLL_EVENT, .fmt = k_epoll_event},
    {K_EPOLL_EVENTS_OUT, .fmt = k_epoll_events_out},
    {K_OFFP_OUT, .fmt = k_offp_out, .flags = TRC_SHOWN_ON_FAILURE, .save = save_offp},
    {K_FADV_REST, .fmt = k_fadv_rest, .flags = TRC_SELF_SEP},
    {K_FALLOC_REST, .fmt = k_falloc_rest, .flags = TRC_SELF_SEP},
    {K_READAHEAD_REST, .fmt = k_readahead_rest, .flags = TRC_SELF_SEP},
    {K_POS_LH, .fmt = k_pos_lh},
    {K_RWF_FLAGS, .fmt = k_rwf_flags},
    {K_SPLICE_FLAGS, .fmt = k_splice_flags},
    {K_SFR_REST, .fmt = k_sfr_rest, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};
