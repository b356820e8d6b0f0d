/* gdbstub.c — `emu -g PORT`: the GDB remote serial protocol over TCP on
 * 127.0.0.1, a front end of the debugger core (step.c).  Mirrors what
 * gdbserver answers for one Linux process with one thread (gdb manual,
 * "Remote Protocol"; gdbserver/server.cc):
 *
 *   qSupported  PacketSize, qXfer:features:read+ (target.xml for i386 or
 *               x86-64 by the guest's mode), qXfer:auxv:read+ (so gdb finds a
 *               PIE's load address and the dynamic linker's libraries),
 *               qXfer:exec-file:read+, swbreak+, hwbreak+,
 *               QStartNoAckMode+, QCatchSyscalls+, vContSupported+
 *   ? g G p P   stop reason, registers (gdbstub_regs.c)
 *   m M X       guest memory through uaccess; E14 (EFAULT) when unreadable
 *   s c S C vCont? vCont;s/c/S/C   step and continue (a signal stop's signal is
 *               delivered only when the resume packet carries it, as ptrace)
 *   Z0-Z4 z0-z4 breakpoints (kept in emu, never written into guest memory)
 *               and write/read/access watchpoints
 *   0x03        interrupt while running (polled every few thousand insns)
 *   QCatchSyscalls   T05syscall_entry:NR / syscall_return:NR stop replies
 *   k vKill D   kill (emu exits 137, as killed by SIGKILL) and detach
 *   W X         the program's exit (status, or the killing signal)
 *   qAttached qC qfThreadInfo qsThreadInfo T H   the one thread (the host tid)
 * Stops for faults report the signal (T0b for SIGSEGV, gdb's numbering). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub.h"
#include "step.h"
#include "../cpu/cpu.h"
#include "../kernel/kernel.h"
#include "../syscall/syscall.h"

#define PACKET_MAX 0x4000 /* what we announce as PacketSize */

static struct {
  int fd;     /* the connection, or -1 */
  bool noack; /* QStartNoAckMode */
  u8 in[4096];
  size_t in_pos, in_len;
  char stop_reply[128]; /* the last stop reply, for '?' */
  int last_sig;         /* the signal of the last DBG_SIGNAL stop (gdb number), 0 else */
} gs = {.fd = -1};

/* ---- the wire ---- */

static int get_byte(void) {
  if (gs.in_pos == gs.in_len) {
    ssize_t r;
    do r = read(gs.fd, gs.in, sizeof gs.in);
    while (r < 0 && errno == EINTR);
    if (r <= 0) return -1;
    gs.in_pos = 0;
    gs.in_len = (size_t)r;
  }
  return gs.in[gs.in_pos++];
}

static void put_raw(const void *p, size_t n) {
  const u8 *b = p;
  while (n > 0) {
    ssize_t r = write(gs.fd, b, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    b += r;
    n -= (size_t)r;
  }
}

static const char hexd[] = "0123456789abcdef";

/* Send one packet (body of n bytes, already escaped as needed). */
static void put_packet_n(const char *body, size_t n) {
  static char buf[2 * PACKET_MAX + 8];
  if (gs.fd < 0) return;
  if (n > sizeof buf - 8) n = sizeof buf - 8;
  u8 sum = 0;
  buf[0] = '$';
  for (size_t i = 0; i < n; i++) sum += (u8)body[i];
  memcpy(buf + 1, body, n);
  buf[n + 1] = '#';
  buf[n + 2] = hexd[sum >> 4];
  buf[n + 3] = hexd[sum & 15];
  for (int tries = 0; tries < 8; tries++) {
    put_raw(buf, n + 4);
    if (gs.noack) return;
    int ch = get_byte();
    if (ch == '+' || ch < 0) return;
    /* '-': send again */
  }
}

static void put_packet(const char *s) { put_packet_n(s, strlen(s)); }

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Read one packet into buf (NUL-terminated, the raw body): its length, or
 * -1 when gdb has gone.  A stray 0x03 while stopped is ignored. */
static int get_packet(char *buf, size_t max) {
  for (;;) {
    int ch;
    do {
      ch = get_byte();
      if (ch < 0) return -1;
    } while (ch != '$');
    size_t n = 0;
    u8 sum = 0;
    for (;;) {
      ch = get_byte();
      if (ch < 0) return -1;
      if (ch == '#') break;
      sum += (u8)ch;
      if (n < max - 1) buf[n++] = (char)ch;
    }
    int h = get_byte(), l = get_byte();
    if (h < 0 || l < 0) return -1;
    buf[n] = 0;
    if (gs.noack) return (int)n;
    if (hexval(h) * 16 + hexval(l) == sum) {
      put_raw("+", 1);
      return (int)n;
    }
    put_raw("-", 1);
  }
}

/* ---- helpers ---- */

static void hex_of(char *out, const u8 *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hexd[b[i] >> 4];
    out[2 * i + 1] = hexd[b[i] & 15];
  }
  out[2 * n] = 0;
}

static bool bytes_of(const char *s, u8 *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int h = hexval(s[2 * i]), l = h < 0 ? -1 : hexval(s[2 * i + 1]);
    if (h < 0 || l < 0) return false;
    b[i] = (u8)(h * 16 + l);
  }
  return true;
}

/* Unescape X packet data in place ('}' then byte ^ 0x20): the length. */
static size_t unescape(char *s, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '}' && i + 1 < n)
      s[o++] = (char)(s[++i] ^ 0x20);
    else
      s[o++] = s[i];
  }
  return o;
}

/* Escape binary data for a reply: length written. */
static size_t escape(char *out, size_t cap, const char *in, size_t n, size_t *used) {
  size_t o = 0, i = 0;
  for (; i < n && o + 2 <= cap; i++) {
    char ch = in[i];
    if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
      out[o++] = '}';
      out[o++] = (char)(ch ^ 0x20);
    } else {
      out[o++] = ch;
    }
  }
  *used = i;
  return o;
}

static void set_stop_reply(struct task *t, const struct dbg_stop *s) {
  char *r = gs.stop_reply;
  size_t n = sizeof gs.stop_reply;
  int sig = 5;
  gs.last_sig = 0;
  const char *extra = "";
  char ebuf[64] = "";
  switch (s->why) {
  case DBG_INTR: sig = 2; break;
  case DBG_SIGNAL:
    sig = dbg_gdb_signo(s->sig);
    gs.last_sig = sig;
    break;
  case DBG_BREAK: extra = "swbreak:;"; break;
  case DBG_WATCH:
    snprintf(ebuf, sizeof ebuf, "%s:%llx;",
             s->kind == DBG_WP_READ     ? "rwatch"
             : s->kind == DBG_WP_ACCESS ? "awatch"
                                        : "watch",
             (unsigned long long)s->addr);
    extra = ebuf;
    break;
  case DBG_SYSCALL_ENTRY:
  case DBG_SYSCALL_RETURN:
    snprintf(ebuf, sizeof ebuf, "%s:%lx;",
             s->why == DBG_SYSCALL_ENTRY ? "syscall_entry" : "syscall_return",
             (unsigned long)s->sysno);
    extra = ebuf;
    break;
  default: break;
  }
  snprintf(r, n, "T%02xthread:%x;%s", sig, t->tid, extra);
}

/* ---- packets ---- */

static char reply[2 * PACKET_MAX + 8];

/* One window OFFSET,LENGTH (hex, after the annex's colon) of an object of
 * total bytes: 'm' and a part, or 'l' and the last part. */
static void qxfer_reply(const char *range, const void *obj, size_t total) {
  unsigned long off = strtoul(range, NULL, 16);
  const char *comma = strchr(range, ',');
  unsigned long len = comma ? strtoul(comma + 1, NULL, 16) : 0;
  if (len > PACKET_MAX - 8) len = PACKET_MAX - 8;
  if (off >= total) {
    put_packet("l");
    return;
  }
  size_t avail = total - off < len ? total - off : len;
  size_t used;
  size_t o = escape(reply + 1, len, (const char *)obj + off, avail, &used);
  reply[0] = off + used >= total ? 'l' : 'm';
  put_packet_n(reply, o + 1);
}

static void do_qxfer_features(struct task *t, const char *args) {
  /* target.xml:OFFSET,LENGTH */
  const char *colon = strchr(args, ':');
  if (!colon || strncmp(args, "target.xml:", 11)) {
    put_packet("E00");
    return;
  }
  const char *xml = gdb_target_xml(t->cpu.mode);
  qxfer_reply(colon + 1, xml, strlen(xml));
}

/* qXfer:auxv:read::OFFSET,LENGTH — the vector the program was given, in its
 * word size (gdb finds a PIE's load address from AT_ENTRY and the dynamic
 * linker from AT_BASE, as with gdbserver). */
static void do_qxfer_auxv(struct task *t, const char *args) {
  if (args[0] != ':') {
    put_packet("E00");
    return;
  }
  const struct proc *p = t->proc;
  u8 buf[sizeof p->auxv];
  size_t w = p->bits == 32 ? 4 : 8, n = 0;
  for (int i = 0; i < 2 * p->nauxv && i < (int)ARRAY_SIZE(p->auxv); i++, n += w)
    memcpy(buf + n, &p->auxv[i], w); /* little-endian: the low word first */
  qxfer_reply(args + 1, buf, n);
}

/* qXfer:exec-file:read:PID:OFFSET,LENGTH — the program's path. */
static void do_qxfer_exec_file(struct task *t, const char *args) {
  const char *colon = strchr(args, ':');
  if (!colon) {
    put_packet("E00");
    return;
  }
  qxfer_reply(colon + 1, t->proc->exe, strlen(t->proc->exe));
}

static void do_query(struct task *t, char *p) {
  if (!strncmp(p, "qSupported", 10)) {
    put_packet(
        "PacketSize=4000;qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;"
        "swbreak+;hwbreak+;QStartNoAckMode+;QCatchSyscalls+;vContSupported+");
  } else if (!strncmp(p, "qXfer:features:read:", 20)) {
    do_qxfer_features(t, p + 20);
  } else if (!strncmp(p, "qXfer:auxv:read:", 16)) {
    do_qxfer_auxv(t, p + 16);
  } else if (!strncmp(p, "qXfer:exec-file:read:", 21)) {
    do_qxfer_exec_file(t, p + 21);
  } else if (!strcmp(p, "qAttached")) {
    put_packet("0"); /* emu created the process: gdb kills it when it quits */
  } else if (!strcmp(p, "qC")) {
    snprintf(reply, sizeof reply, "QC%x", t->tid);
    put_packet(reply);
  } else if (!strcmp(p, "qfThreadInfo")) {
    snprintf(reply, sizeof reply, "m%x", t->tid);
    put_packet(reply);
  } else if (!strcmp(p, "qsThreadInfo")) {
    put_packet("l");
  } else if (!strncmp(p, "qSymbol", 7)) {
    put_packet("OK");
  } else {
    put_packet(""); /* unsupported */
  }
}

static void do_catch_syscalls(char *p) {
  /* QCatchSyscalls:0 | QCatchSyscalls:1[;NR]... */
  if (p[0] == '0') {
    dbg_catch_syscalls(false, false, NULL, 0);
    put_packet("OK");
    return;
  }
  if (p[0] != '1') {
    put_packet("E01");
    return;
  }
  long nrs[512];
  int n = 0;
  for (char *s = strchr(p, ';'); s && n < (int)ARRAY_SIZE(nrs); s = strchr(s + 1, ';'))
    nrs[n++] = strtol(s + 1, NULL, 16);
  dbg_catch_syscalls(true, n == 0, nrs, n);
  put_packet("OK");
}

static void do_regs_get(struct task *t) {
  size_t o = 0;
  u8 b[16];
  for (int i = 0, n = gdb_nregs(t->cpu.mode); i < n; i++) {
    int sz = gdb_reg_get(t, i, b);
    hex_of(reply + o, b, sz);
    o += 2 * (size_t)sz;
  }
  put_packet_n(reply, o);
}

static void do_regs_set(struct task *t, const char *p) {
  size_t len = strlen(p);
  size_t o = 0;
  for (int i = 0, n = gdb_nregs(t->cpu.mode); i < n; i++) {
    int sz = gdb_reg_size(t->cpu.mode, i);
    u8 b[16];
    if (o + 2 * (size_t)sz > len) break; /* gdb may send fewer */
    if (!bytes_of(p + o, b, sz)) {
      put_packet("E01");
      return;
    }
    gdb_reg_set(t, i, b);
    o += 2 * (size_t)sz;
  }
  put_packet("OK");
}

static void do_reg_get(struct task *t, const char *p) {
  u8 b[16];
  int sz = gdb_reg_get(t, (int)strtol(p, NULL, 16), b);
  if (!sz) {
    put_packet("E00");
    return;
  }
  hex_of(reply, b, sz);
  put_packet(reply);
}

static void do_reg_set(struct task *t, const char *p) {
  char *eq;
  int n = (int)strtol(p, &eq, 16);
  int sz = gdb_reg_size(t->cpu.mode, n);
  u8 b[16];
  if (!sz || *eq != '=' || strlen(eq + 1) < 2 * (size_t)sz || !bytes_of(eq + 1, b, sz)) {
    put_packet("E00");
    return;
  }
  gdb_reg_set(t, n, b);
  put_packet("OK");
}

static bool parse_addr_len(const char *p, u64 *addr, u64 *len, char **rest) {
  char *e;
  *addr = strtoull(p, &e, 16);
  if (*e != ',') return false;
  *len = strtoull(e + 1, &e, 16);
  if (rest) *rest = e;
  return true;
}

static void do_mem_read(struct task *t, const char *p) {
  u64 addr, len;
  if (!parse_addr_len(p, &addr, &len, NULL)) {
    put_packet("E01");
    return;
  }
  if (len > PACKET_MAX / 2 - 8) len = PACKET_MAX / 2 - 8;
  static u8 b[PACKET_MAX / 2];
  size_t got = len ? dbg_mem_read(t, addr, b, len) : 0;
  if (len && !got) {
    put_packet("E14"); /* EFAULT */
    return;
  }
  hex_of(reply, b, got);
  put_packet(reply);
}

static void do_mem_write(struct task *t, char *p, size_t plen, bool binary) {
  u64 addr, len;
  char *rest;
  if (!parse_addr_len(p, &addr, &len, &rest) || *rest != ':') {
    put_packet("E01");
    return;
  }
  static u8 b[PACKET_MAX];
  char *data = rest + 1;
  size_t dlen = plen - (size_t)(data - p);
  if (len > sizeof b) {
    put_packet("E01");
    return;
  }
  if (binary) {
    dlen = unescape(data, dlen);
    if (dlen < len) {
      put_packet("E01");
      return;
    }
    memcpy(b, data, len);
  } else if (dlen < 2 * len || !bytes_of(data, b, len)) {
    put_packet("E01");
    return;
  }
  put_packet(dbg_mem_write(t, addr, b, len) ? "E14" : "OK");
}

static void do_point(struct task *t, char *p, bool insert) {
  /* Ztype,addr,kind */
  int type = p[0] - '0';
  u64 addr, kind;
  if (p[1] != ',' || !parse_addr_len(p + 2, &addr, &kind, NULL)) {
    put_packet("E01");
    return;
  }
  if (t->cpu.mode == 32) addr = (u32)addr;
  bool ok;
  switch (type) {
  case 0:
  case 1: ok = insert ? dbg_break_add(addr) > 0 : dbg_break_del_addr(addr); break;
  case 2:
  case 3:
  case 4:
    ok = insert ? dbg_watch_add(addr, (int)kind, type) : dbg_watch_del(addr, (int)kind, type);
    break;
  default: put_packet(""); return;
  }
  put_packet(ok ? "OK" : "E01");
}

/* vCont;ACTION[:tid][;ACTION...]: the first action is the one thread's. */
static bool do_vcont(const char *p, bool *step, int *sig) {
  if (*p != ';') return false;
  p++;
  *step = *p == 's' || *p == 'S';
  *sig = (*p == 'S' || *p == 'C') ? (int)strtol(p + 1, NULL, 16) : 0;
  return *p == 's' || *p == 'S' || *p == 'c' || *p == 'C';
}

static NORETURN void die_killed(void) {
  if (gs.fd >= 0) close(gs.fd);
  fflush(stdout);
  _exit(128 + 9); /* as the shell reports a process killed by SIGKILL */
}

static void detach(void) {
  if (gs.fd >= 0) close(gs.fd);
  gs.fd = -1;
  dbg_resume(DBG_RUN_FREE, 0, true);
}

/* The command loop of one stop: returns when gdb resumes the program. */
static void serve(struct task *t) {
  static char pkt[2 * PACKET_MAX + 64];
  for (;;) {
    int n = get_packet(pkt, sizeof pkt);
    if (n < 0) {
      /* gdb has gone: run on without a debugger, as after a detach */
      detach();
      return;
    }
    bool step = false;
    int sig = 0;
    switch (pkt[0]) {
    case '?': put_packet(gs.stop_reply); continue;
    case 'q': do_query(t, pkt); continue;
    case 'Q':
      if (!strcmp(pkt, "QStartNoAckMode")) {
        put_packet("OK");
        gs.noack = true;
      } else if (!strncmp(pkt, "QCatchSyscalls:", 15)) {
        do_catch_syscalls(pkt + 15);
      } else {
        put_packet("");
      }
      continue;
    case 'g': do_regs_get(t); continue;
    case 'G': do_regs_set(t, pkt + 1); continue;
    case 'p': do_reg_get(t, pkt + 1); continue;
    case 'P': do_reg_set(t, pkt + 1); continue;
    case 'm': do_mem_read(t, pkt + 1); continue;
    case 'M': do_mem_write(t, pkt + 1, (size_t)n - 1, false); continue;
    case 'X': do_mem_write(t, pkt + 1, (size_t)n - 1, true); continue;
    case 'Z': do_point(t, pkt + 1, true); continue;
    case 'z': do_point(t, pkt + 1, false); continue;
    case 'H': put_packet("OK"); continue;
    case 'T': put_packet("OK"); continue;
    case 'k': die_killed();
    case 'D':
      put_packet("OK");
      detach();
      return;
    case 'v':
      if (!strcmp(pkt, "vCont?")) {
        put_packet("vCont;c;C;s;S");
        continue;
      }
      if (!strncmp(pkt, "vKill", 5)) {
        put_packet("OK");
        die_killed();
      }
      if (!strncmp(pkt, "vCont", 5) && do_vcont(pkt + 5, &step, &sig)) break;
      put_packet("");
      continue;
    case 's':
    case 'c':
      step = pkt[0] == 's';
      if (pkt[1]) t->cpu.rip = strtoull(pkt + 1, NULL, 16);
      break;
    case 'S':
    case 'C': {
      char *e;
      step = pkt[0] == 'S';
      sig = (int)strtol(pkt + 1, &e, 16);
      if (*e == ';') t->cpu.rip = strtoull(e + 1, NULL, 16);
      break;
    }
    default: put_packet(""); continue;
    }
    /* A resume.  The fault's signal goes to the guest when gdb passes it. */
    dbg_resume(step ? DBG_RUN_STEP : DBG_RUN_CONT, 1, sig != 0 && sig == gs.last_sig);
    return;
  }
}

/* ---- the front end ---- */

static void gdb_stop(struct task *t, const struct dbg_stop *s) {
  if (gs.fd < 0) {
    dbg_resume(DBG_RUN_FREE, 0, true);
    return;
  }
  fflush(stdout);
  set_stop_reply(t, s);
  /* The first stop is the one gdb finds when it connects: it asks with '?'. */
  if (s->why != DBG_START) put_packet(gs.stop_reply);
  serve(t);
}

static bool gdb_poll(void) {
  if (gs.fd < 0) return false;
  struct pollfd p = {.fd = gs.fd, .events = POLLIN};
  if (gs.in_pos == gs.in_len && poll(&p, 1, 0) <= 0) return false;
  int ch = get_byte();
  if (ch < 0) {
    gs.fd = -1; /* gdb has gone: the next stop lets the program run on */
    return true;
  }
  return ch == 0x03;
}

static void gdb_exited(int status) {
  if (gs.fd < 0) return;
  char r[16];
  if (status & 0x7f)
    snprintf(r, sizeof r, "X%02x", dbg_gdb_signo(status & 0x7f));
  else
    snprintf(r, sizeof r, "W%02x", (status >> 8) & 0xff);
  put_packet(r);
  close(gs.fd);
  gs.fd = -1;
}

static const struct dbg_frontend gdb_fe = {
    .stop = gdb_stop, .poll = gdb_poll, .exited = gdb_exited};

int gdb_start(int port) {
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (ls < 0) {
    fprintf(stderr, "emu: -g: socket: %m\n");
    return -1;
  }
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((u16)port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t sl = sizeof sa;
  if (bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 1) ||
      getsockname(ls, (struct sockaddr *)&sa, &sl)) {
    fprintf(stderr, "emu: -g %d: %m\n", port);
    close(ls);
    return -1;
  }
  fprintf(stderr, "emu: waiting for gdb on 127.0.0.1:%d\n", ntohs(sa.sin_port));
  fflush(stderr);
  int fd;
  do fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  close(ls);
  if (fd < 0) {
    fprintf(stderr, "emu: -g: accept: %m\n");
    return -1;
  }
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  /* Keep the connection out of the guest's low descriptor numbers, and
   * out of its reach (close, dup2 over it). */
  fd = fs_fd_high(fd);
  fs_fd_reserve(fd);
  gs.fd = fd;
  strcpy(gs.stop_reply, "S05");
  dbg_enable(&gdb_fe);
  return 0;
}
