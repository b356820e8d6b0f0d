/* strace_cred.c — the system-call log's credential and system kinds:
 * supplementary groups (16- and 32-bit ids), capabilities (capget/capset),
 * sethostname/setdomainname, syslog, kcmp.  Mirrors strace's uid.c,
 * capability.c, hostname.c, syslog.c, kcmp.c (non-verbose output of strace
 * 6.1). */
#define _GNU_SOURCE

#include "../abi/lx_proc.h"
#include "strace_fmt.h"

static void fmt_groups(struct trc_buf *b, const struct trc_call *c, u64 addr, long n, bool g16) {
  if (!addr) return trc_puts(b, "NULL");
  if (n < 0 || n > 65536) return trc_ptr(b, c, addr);
  size_t sz = g16 ? 2 : 4;
  trc_puts(b, "[");
  for (long k = 0; k < n; k++) {
    u8 e[4] = {0};
    if (k) trc_puts(b, ", ");
    if ((long long)k >= trc_max_strlen() || !trc_read(c, e, addr + (u64)k * sz, sz)) {
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

TRC_FMT(k_groups) { fmt_groups(b, c, ularg(c, i), (long)(int)c->a[0], p == 16); }

TRC_FMT(k_groups_out) { fmt_groups(b, c, ularg(c, i), c->ret, p == 16); }

static const char *const caps[] = {"CAP_CHOWN",
                                   "CAP_DAC_OVERRIDE",
                                   "CAP_DAC_READ_SEARCH",
                                   "CAP_FOWNER",
                                   "CAP_FSETID",
                                   "CAP_KILL",
                                   "CAP_SETGID",
                                   "CAP_SETUID",
                                   "CAP_SETPCAP",
                                   "CAP_LINUX_IMMUTABLE",
                                   "CAP_NET_BIND_SERVICE",
                                   "CAP_NET_BROADCAST",
                                   "CAP_NET_ADMIN",
                                   "CAP_NET_RAW",
                                   "CAP_IPC_LOCK",
                                   "CAP_IPC_OWNER",
                                   "CAP_SYS_MODULE",
                                   "CAP_SYS_RAWIO",
                                   "CAP_SYS_CHROOT",
                                   "CAP_SYS_PTRACE",
                                   "CAP_SYS_PACCT",
                                   "CAP_SYS_ADMIN",
                                   "CAP_SYS_BOOT",
                                   "CAP_SYS_NICE",
                                   "CAP_SYS_RESOURCE",
                                   "CAP_SYS_TIME",
                                   "CAP_SYS_TTY_CONFIG",
                                   "CAP_MKNOD",
                                   "CAP_LEASE",
                                   "CAP_AUDIT_WRITE",
                                   "CAP_AUDIT_CONTROL",
                                   "CAP_SETFCAP",
                                   "CAP_MAC_OVERRIDE",
                                   "CAP_MAC_ADMIN",
                                   "CAP_SYSLOG",
                                   "CAP_WAKE_ALARM",
                                   "CAP_BLOCK_SUSPEND",
                                   "CAP_AUDIT_READ",
                                   "CAP_PERFMON",
                                   "CAP_BPF",
                                   "CAP_CHECKPOINT_RESTORE"};

/* 1<<CAP_CHOWN|1<<CAP_KILL, 0 when empty, unknown bits in hex. */
static void fmt_capset(struct trc_buf *b, u64 v) {
  if (!v) return trc_puts(b, "0");
  bool first = true;
  for (unsigned k = 0; k < ARRAY_SIZE(caps); k++) {
    if (!(v >> k & 1)) continue;
    trc_printf(b, "%s1<<%s", first ? "" : "|", caps[k]);
    first = false;
  }
  u64 rest = v & ~((1ull << ARRAY_SIZE(caps)) - 1);
  if (rest) trc_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)rest);
}

/* The header's version decides how many data structures follow: one for
 * version 1 (and unknown ones), two for versions 2 and 3. */
static u32 cap_version(const struct trc_call *c) {
  u32 v = 0;
  if (!trc_read(c, &v, ularg(c, 0), 4)) return 0;
  return v;
}

static void fmt_cap_header(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag vers[] = {F(0x19980330, "_LINUX_CAPABILITY_VERSION_1"),
                                         F(0x20071026, "_LINUX_CAPABILITY_VERSION_2"),
                                         F(0x20080522, "_LINUX_CAPABILITY_VERSION_3"),
                                         {0, NULL}};
  struct lx_cap_header h;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &h, addr, sizeof h)) return trc_ptr(b, c, addr);
  const char *n = trc_xlat(h.version, vers);
  if (n)
    trc_printf(b, "{version=%s", n);
  else
    trc_printf(b, "{version=%#x /* _LINUX_CAPABILITY_VERSION_??? */", h.version);
  trc_printf(b, ", pid=%d}", h.pid);
}

static void fmt_cap_data(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u32 ver = cap_version(c);
  int n = ver == 0x20071026 || ver == 0x20080522 ? 2 : 1;
  struct lx_cap_data d[2] = {0};
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, d, addr, sizeof d[0] * (size_t)n)) return trc_ptr(b, c, addr);
  u64 e = d[0].effective | (u64)d[1].effective << 32;
  u64 p = d[0].permitted | (u64)d[1].permitted << 32;
  u64 in = d[0].inheritable | (u64)d[1].inheritable << 32;
  trc_puts(b, "{effective=");
  fmt_capset(b, e);
  trc_puts(b, ", permitted=");
  fmt_capset(b, p);
  trc_puts(b, ", inheritable=");
  fmt_capset(b, in);
  trc_puts(b, "}");
}

TRC_FMT(k_cap_header) { fmt_cap_header(b, c, ularg(c, i)); }

TRC_FMT(k_cap_data) { fmt_cap_data(b, c, ularg(c, i)); }

TRC_FMT(k_hostname) {
  u64 addr = ularg(c, i);
  u64 len = ularg(c, p);
  if (len > 64) return trc_ptr(b, c, addr);
  return trc_str(b, c, addr, (long)len, -1);
}

static const char *const sl[] = {
    "SYSLOG_ACTION_CLOSE",       "SYSLOG_ACTION_OPEN",       "SYSLOG_ACTION_READ",
    "SYSLOG_ACTION_READ_ALL",    "SYSLOG_ACTION_READ_CLEAR", "SYSLOG_ACTION_CLEAR",
    "SYSLOG_ACTION_CONSOLE_OFF", "SYSLOG_ACTION_CONSOLE_ON", "SYSLOG_ACTION_CONSOLE_LEVEL",
    "SYSLOG_ACTION_SIZE_UNREAD", "SYSLOG_ACTION_SIZE_BUFFER"};

static const char *const kt[] = {"KCMP_FILE",    "KCMP_VM", "KCMP_FILES",   "KCMP_FS",
                                 "KCMP_SIGHAND", "KCMP_IO", "KCMP_SYSVSEM", "KCMP_EPOLL_TFD"};

/* syslog(type, buf, len): type 0 is argument i */
TRC_FMT(k_syslog_type) {
  int type = (int)c->a[i];
  if (i) trc_puts(b, ", ");
  if (type >= 0 && type < (int)ARRAY_SIZE(sl))
    trc_printf(b, "%d /* %s */", type, sl[type]);
  else
    trc_printf(b, "%d /* SYSLOG_ACTION_??? */", type);
  u64 buf = ularg(c, i + 1);
  int len = (int)c->a[i + 2];
  switch (type) {
  case 2:
  case 3:
  case 4:
    trc_puts(b, ", ");
    if (!c->exiting || failed(c))
      trc_ptr(b, c, buf);
    else
      trc_str(b, c, buf, c->ret, -1);
    trc_printf(b, ", %d", len);
    return;
  case 8:
    trc_puts(b, ", ");
    trc_ptr(b, c, buf);
    trc_printf(b, ", %d", len);
    return;
  default:
    if (type >= 0 && type < (int)ARRAY_SIZE(sl)) return;
    trc_puts(b, ", ");
    trc_ptr(b, c, buf);
    trc_printf(b, ", %d", len);
    return;
  }
}

/* kcmp(pid1, pid2, type, idx1, idx2) */
TRC_FMT(k_kcmp_type) {
  u32 t = (u32)c->a[i];
  trc_puts(b, ", ");
  if (t < ARRAY_SIZE(kt))
    trc_puts(b, kt[t]);
  else
    trc_printf(b, "%#x /* KCMP_??? */", t);
  if (t == 0)
    trc_printf(b, ", %d, %d", (int)c->a[i + 1], (int)c->a[i + 2]);
  else if (t >= ARRAY_SIZE(kt) || t == 7)
    trc_printf(b, ", %#llx, %#llx", (unsigned long long)ularg(c, i + 1),
               (unsigned long long)ularg(c, i + 2));
}

/* landlock's flags and rule types (strace's landlock.c; the attributes are
 * not decoded) */
static const struct trc_flag landlock_create_flags[] = {F(1, "LANDLOCK_CREATE_RULESET_VERSION"),
                                                        {0, NULL}};
static const struct trc_flag landlock_rules[] = {
    F(1, "LANDLOCK_RULE_PATH_BENEATH"), F(2, "LANDLOCK_RULE_NET_PORT"), {0, NULL}};
TRC_FMT(k_landlock_create_flags) { trc_flags(b, (u32)c->a[i], landlock_create_flags, "0"); }
TRC_FMT(k_landlock_rule) { trc_xlat_unk(b, (u32)c->a[i], landlock_rules, "LANDLOCK_RULE_???"); }

const struct trc_kind_def trc_cred_kinds[] = {
    {K_GROUPS, .fmt = k_groups},
    {K_GROUPS_OUT, .fmt = k_groups_out},
    {K_CAP_HEADER, .fmt = k_cap_header},
    {K_CAP_DATA, .fmt = k_cap_data},
    {K_CAP_DATA_OUT, .fmt = k_cap_data},
    {K_HOSTNAME, .fmt = k_hostname},
    {K_SYSLOG_TYPE, .fmt = k_syslog_type, .flags = TRC_SELF_SEP},
    {K_KCMP_TYPE, .fmt = k_kcmp_type, .flags = TRC_SELF_SEP},
    {K_LANDLOCK_CREATE_FLAGS, .fmt = k_landlock_create_flags},
    {K_LANDLOCK_RULE, .fmt = k_landlock_rule},
    {.kind = K_NONE},
};
