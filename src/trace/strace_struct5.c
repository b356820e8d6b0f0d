/* strace_struct5.c — more formatters of the system-call log: extended
 * attributes, sync_file_range, preadv2/pwritev2, splice/tee, openat2,
 * mount/umount2, unshare/setns, get_robust_list, mlock2, membarrier, and the
 * x86-64 System V IPC (shm, sem, msg) and POSIX message queue calls.
 * Reads the guest's structures in the layout of the ABI the call came
 * through.  Mirrors strace's xattr.c, sync_file_range.c, io.c, splice
 * (io.c), open.c (openat2), mount.c, umount.c, clone.c (unshare, setns),
 * get_robust_list.c, mem.c (mlock2), membarrier.c, ipc_*.c, mq.c
 * (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <string.h>

#include "strace_fmt.h"

#define F(v, n) \
  { v, n }

void trc_flags_dflt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *dflt) {
  u64 known = 0;
  for (const struct trc_flag *t = tab; t->name; t++)
    if (t->val && (v & t->val) == t->val) known |= t->val;
  if (v && !known)
    trc_printf(b, "%#llx /* %s */", (unsigned long long)v, dflt);
  else
    trc_flags(b, v, tab, "0");
}

/* ---- System V IPC and message queues ---- */

/* IPC_CREAT|IPC_EXCL|0600: the flags, then the permission bits. */
static void fmt_ipc_getflags(struct trc_buf *b, u32 v) {
  static const struct trc_flag f[] = {
      F(01000, "IPC_CREAT"), F(02000, "IPC_EXCL"), F(04000, "IPC_NOWAIT"), {0, NULL}};
  u32 hi = v & ~0777u;
  if (hi) {
    trc_flags(b, hi, f, NULL);
    trc_puts(b, "|");
  }
  trc_printf(b, "%#03o", v & 0777);
}

static void fmt_ipc_cmd(struct trc_buf *b, u32 v, int which) {
  static const struct trc_flag common[] = {
      F(0, "IPC_RMID"), F(1, "IPC_SET"), F(2, "IPC_STAT"), F(3, "IPC_INFO"), {0, NULL}};
  static const struct trc_flag shm[] = {F(11, "SHM_LOCK"), F(12, "SHM_UNLOCK"),   F(13, "SHM_STAT"),
                                        F(14, "SHM_INFO"), F(15, "SHM_STAT_ANY"), {0, NULL}};
  static const struct trc_flag sem[] = {F(11, "GETPID"),       F(12, "GETVAL"),   F(13, "GETALL"),
                                        F(14, "GETNCNT"),      F(15, "GETZCNT"),  F(16, "SETVAL"),
                                        F(17, "SETALL"),       F(18, "SEM_STAT"), F(19, "SEM_INFO"),
                                        F(20, "SEM_STAT_ANY"), {0, NULL}};
  static const struct trc_flag msg[] = {
      F(11, "MSG_STAT"), F(12, "MSG_INFO"), F(13, "MSG_STAT_ANY"), {0, NULL}};
  if (v & 0x100) trc_puts(b, "IPC_64|");
  v &= ~0x100u;
  const char *n = trc_xlat(v, common);
  if (!n) n = trc_xlat(v, which == 1 ? shm : which == 2 ? sem : msg);
  if (n)
    trc_puts(b, n);
  else
    trc_printf(b, "%#x /* IPC_??? */", v);
}

static const struct trc_flag msg_ipcflags[] = {F(04000, "IPC_NOWAIT"),
                                               F(010000, "MSG_NOERROR"),
                                               F(020000, "MSG_EXCEPT"),
                                               F(040000, "MSG_COPY"),
                                               {0, NULL}};

static void fmt_sembuf(struct trc_buf *b, const struct trc_call *c, u64 addr, u64 n) {
  static const struct trc_flag sf[] = {F(0x1000, "SEM_UNDO"), F(04000, "IPC_NOWAIT"), {0, NULL}};
  if (!addr || n > 1024) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  for (u64 k = 0; k < n; k++) {
    u8 e[6];
    if (k) trc_puts(b, ", ");
    if (k >= 32 || !trc_read(c, e, addr + 6 * k, 6)) {
      trc_puts(b, "...");
      break;
    }
    u16 num, flg;
    i16 op;
    memcpy(&num, e, 2);
    memcpy(&op, e + 2, 2);
    memcpy(&flg, e + 4, 2);
    trc_printf(b, "{sem_num=%u, sem_op=%d, sem_flg=", num, op);
    trc_flags(b, flg, sf, "0");
    trc_puts(b, "}");
  }
  trc_puts(b, "]");
}

/* struct msgbuf {long mtype; char mtext[len]}. */
static void fmt_msgbuf(struct trc_buf *b, const struct trc_call *c, u64 addr, long len) {
  u8 t[8];
  size_t w = c->m32 ? 4 : 8;
  if (!addr || !trc_read(c, t, addr, w)) return trc_ptr(b, c, addr);
  trc_printf(b, "{mtype=%lld, mtext=", (long long)(c->m32 ? (i32)rd32(t) : (i64)rd64(t)));
  trc_str(b, c, addr + w, len < 0 ? 0 : len, -1);
  trc_puts(b, "}");
}

static void fmt_mq_attr(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  u8 s[32];
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, 4 * w)) return trc_ptr(b, c, addr);
  u64 fl = trc_word(c, s);
  trc_puts(b, "{mq_flags=");
  if (fl == 04000)
    trc_puts(b, "O_NONBLOCK");
  else
    trc_printf(b, fl ? "%#llx" : "0", (unsigned long long)fl);
  trc_printf(b, ", mq_maxmsg=%lld, mq_msgsize=%lld, mq_curmsgs=%lld}",
             (long long)trc_word(c, s + w), (long long)trc_word(c, s + 2 * w),
             (long long)trc_word(c, s + 3 * w));
}

/* ---- openat2 ---- */

static void fmt_open_how(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  static const struct trc_flag res[] = {F(1, "RESOLVE_NO_XDEV"),
                                        F(2, "RESOLVE_NO_MAGICLINKS"),
                                        F(4, "RESOLVE_NO_SYMLINKS"),
                                        F(8, "RESOLVE_BENEATH"),
                                        F(0x10, "RESOLVE_IN_ROOT"),
                                        F(0x20, "RESOLVE_CACHED"),
                                        {0, NULL}};
  u64 s[3];
  u64 size = ularg(c, 3);
  if (size < 24 || !trc_read(c, s, addr, 24)) return trc_ptr(b, c, addr);
  /* The open flags as openat prints them (a one-argument call of K_OPEN_FLAGS). */
  u64 fa[6] = {s[0]};
  struct trc_call fc = *c;
  fc.a = fa;
  trc_puts(b, "{flags=");
  trc_fmt_arg(b, &fc, 0, K_OPEN_FLAGS);
  if (s[0] & (0100 | 020000000) || s[1]) trc_printf(b, ", mode=%#03llo", (unsigned long long)s[1]);
  trc_puts(b, ", resolve=");
  trc_flags_dflt(b, s[2], res, "RESOLVE_???");
  trc_puts(b, "}");
}

/* ---- the kinds ---- */

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

static const struct trc_flag ns_flags[] = {
    F(0x00000080, "CLONE_NEWTIME"), F(0x00020000, "CLONE_NEWNS"),  F(0x02000000, "CLONE_NEWCGROUP"),
    F(0x04000000, "CLONE_NEWUTS"),  F(0x08000000, "CLONE_NEWIPC"), F(0x10000000, "CLONE_NEWUSER"),
    F(0x20000000, "CLONE_NEWPID"),  F(0x40000000, "CLONE_NEWNET"), {0, NULL}};

static const struct trc_flag xattr[] = {F(1, "XATTR_CREATE"), F(2, "XATTR_REPLACE"), {0, NULL}};
static const struct trc_flag rwf[] = {F(1, "RWF_HIPRI"),  F(2, "RWF_DSYNC"),     F(4, "RWF_SYNC"),
                                      F(8, "RWF_NOWAIT"), F(0x10, "RWF_APPEND"), {0, NULL}};
static const struct trc_flag splice[] = {F(1, "SPLICE_F_MOVE"),
                                         F(2, "SPLICE_F_NONBLOCK"),
                                         F(4, "SPLICE_F_MORE"),
                                         F(8, "SPLICE_F_GIFT"),
                                         {0, NULL}};
static const struct trc_flag umnt[] = {
    F(1, "MNT_FORCE"), F(2, "MNT_DETACH"), F(4, "MNT_EXPIRE"), F(8, "UMOUNT_NOFOLLOW"), {0, NULL}};
static const struct trc_flag unshare_flags[] = {
    F(0x400, "CLONE_FILES"),          F(0x200, "CLONE_FS"),          F(0x00020000, "CLONE_NEWNS"),
    F(0x02000000, "CLONE_NEWCGROUP"), F(0x04000000, "CLONE_NEWUTS"), F(0x08000000, "CLONE_NEWIPC"),
    F(0x10000000, "CLONE_NEWUSER"),   F(0x20000000, "CLONE_NEWPID"), F(0x40000000, "CLONE_NEWNET"),
    F(0x80, "CLONE_NEWTIME"),         F(0x40000, "CLONE_SYSVSEM"),   F(0x800, "CLONE_SIGHAND"),
    F(0x10000, "CLONE_THREAD"),       F(0x100, "CLONE_VM"),          {0, NULL}};
static const struct trc_flag mb[] = {F(0, "MEMBARRIER_CMD_QUERY"),
                                     F(1, "MEMBARRIER_CMD_GLOBAL"),
                                     F(2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"),
                                     F(4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"),
                                     F(8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"),
                                     F(16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"),
                                     F(32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"),
                                     F(64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"),
                                     F(128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"),
                                     F(256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"),
                                     {0, NULL}};
static const struct trc_flag shmat[] = {F(010000, "SHM_RDONLY"),
                                        F(020000, "SHM_RND"),
                                        F(040000, "SHM_REMAP"),
                                        F(0100000, "SHM_EXEC"),
                                        {0, NULL}};

TRC_FMT(k_xattr_flags) { trc_flags(b, (u32)c->a[i], xattr, "0"); }
TRC_FMT(k_pos_lh) { trc_printf(b, "%lld", (long long)(c->m32 ? trc_lohi(c, i) : (i64)c->a[i])); }
TRC_FMT(k_rwf_flags) { trc_flags(b, (u32)c->a[i], rwf, "0"); }
TRC_FMT(k_splice_flags) { trc_flags(b, (u32)c->a[i], splice, "0"); }
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
TRC_FMT(k_unshare_flags) { trc_flags_dflt(b, ularg(c, i), unshare_flags, "CLONE_???"); }
TRC_FMT(k_setns_type) { trc_flags_dflt(b, (u32)c->a[i], ns_flags, "CLONE_NEW???"); }
TRC_FMT(k_mlock2_flags) {
  u64 v = c->a[i];
  static const struct trc_flag ml[] = {F(1, "MLOCK_ONFAULT"), {0, NULL}};
  return trc_flags(b, (u32)v, ml, "0");
}

TRC_FMT(k_membarrier_cmd) { trc_xlat_unk(b, (u32)c->a[i], mb, "MEMBARRIER_CMD_???"); }
TRC_FMT(k_ipc_key) {
  u64 v = c->a[i];
  if (!(u32)v) return trc_puts(b, "IPC_PRIVATE");
  return trc_printf(b, "%#x", (u32)v);
}

TRC_FMT(k_ipc_getflags) { fmt_ipc_getflags(b, (u32)c->a[i]); }
TRC_FMT(k_ipc_cmd) { fmt_ipc_cmd(b, (u32)c->a[i], p); }
TRC_FMT(k_shmat_flags) { trc_flags(b, (u32)c->a[i], shmat, "0"); }
TRC_FMT(k_sembuf) { fmt_sembuf(b, c, ularg(c, i), ularg(c, p)); }
TRC_FMT(k_msgbuf) { fmt_msgbuf(b, c, ularg(c, i), (long)ularg(c, p)); }
TRC_FMT(k_msgbuf_out) {
  u64 addr = ularg(c, i);
  if (failed(c)) return trc_ptr(b, c, c->via_ipc ? c->ipc_ptr : addr);
  fmt_msgbuf(b, c, addr, (long)ularg(c, p));
}
TRC_FMT(k_mmsghdr_out) { trc_mmsghdr(b, c, i, p); }
TRC_FMT(k_semun) {
  u64 addr = ularg(c, i);
  /* through ipc() the argument points at the union */
  u32 w;
  if (!c->via_ipc) return trc_ptr(b, c, addr);
  if (!trc_read(c, &w, addr, 4)) return trc_ptr(b, c, addr);
  trc_puts(b, "[");
  trc_ptr(b, c, w);
  return trc_puts(b, "]");
}

TRC_FMT(k_msg_ipcflags) { trc_flags(b, (u32)c->a[i], msg_ipcflags, "0"); }
TRC_FMT(k_mq_name) { trc_str(b, c, ularg(c, i), -1, 4096); }
TRC_FMT(k_mq_attr) { fmt_mq_attr(b, c, ularg(c, i)); }
/* void ** shown as [0x...], size_t * and unsigned int * as [n] */
static void fmt_word_at(struct trc_buf *b, const struct trc_call *c, u64 addr, int kind) {
  u8 s[8];
  size_t n = kind == K_UINTP_OUT ? 4 : c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  u64 x = n == 4 ? rd32(s) : rd64(s);
  if (kind != K_PTRP_OUT) return trc_printf(b, "[%llu]", (unsigned long long)x);
  trc_puts(b, "[");
  trc_ptr(b, c, x);
  return trc_puts(b, "]");
}
TRC_FMT(k_ptrp_out) { fmt_word_at(b, c, ularg(c, i), K_PTRP_OUT); }
TRC_FMT(k_ulongp_out) { fmt_word_at(b, c, ularg(c, i), K_ULONGP_OUT); }
TRC_FMT(k_uintp_out) { fmt_word_at(b, c, ularg(c, i), K_UINTP_OUT); }

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
TRC_FMT(k_ioctl_out) { trc_ioctl_arg(b, c, p); }
TRC_FMT(k_fcntl_out) { trc_fcntl_out(b, c, p); }
/* strace leaves it out of a failed ipc() msgrcv */
TRC_FMT(k_msgtyp) {
  if (c->via_ipc && failed(c)) return;
  trc_printf(b, ", %lld", (long long)(c->m32 ? (i32)c->a[i] : (i64)c->a[i]));
}
/* mode and attributes only with O_CREAT */
TRC_FMT(k_mq_open_rest) {
  if (!(c->a[i - 1] & 0100)) return;
  trc_printf(b, ", %#03o, ", (u32)c->a[i]);
  fmt_mq_attr(b, c, ularg(c, i + 1));
}

TRC_RV(rv_membarrier) {
  if ((u32)c->a[0] != 0 || r == 0) {
    trc_printf(b, "%ld", r);
    return;
  }
  trc_printf(b, "%#lx (", r);
  trc_flags(b, (u64)r, mb + 1, "0"); /* the commands after QUERY */
  trc_puts(b, ")");
}

const struct trc_kind_def trc_struct5_kinds[] = {
    {K_XATTR_FLAGS, .fmt = k_xattr_flags},
    {K_POS_LH, .fmt = k_pos_lh},
    {K_RWF_FLAGS, .fmt = k_rwf_flags},
    {K_SPLICE_FLAGS, .fmt = k_splice_flags},
    {K_OPEN_HOW, .fmt = k_open_how},
    {K_MS_FLAGS, .fmt = k_ms_flags},
    {K_UMOUNT_FLAGS, .fmt = k_umount_flags},
    {K_UNSHARE_FLAGS, .fmt = k_unshare_flags},
    {K_SETNS_TYPE, .fmt = k_setns_type},
    {K_MLOCK2_FLAGS, .fmt = k_mlock2_flags},
    {K_MEMBARRIER_CMD, .fmt = k_membarrier_cmd},
    {K_IPC_KEY, .fmt = k_ipc_key},
    {K_IPC_GETFLAGS, .fmt = k_ipc_getflags},
    {K_IPC_CMD, .fmt = k_ipc_cmd},
    {K_SHMAT_FLAGS, .fmt = k_shmat_flags},
    {K_SEMBUF, .fmt = k_sembuf},
    {K_MSGBUF, .fmt = k_msgbuf},
    {K_MSGBUF_OUT, .fmt = k_msgbuf_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_MMSGHDR_OUT, .fmt = k_mmsghdr_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_SEMUN, .fmt = k_semun},
    {K_MSG_IPCFLAGS, .fmt = k_msg_ipcflags},
    {K_MQ_NAME, .fmt = k_mq_name},
    {K_MQ_ATTR, .fmt = k_mq_attr},
    {K_MQ_ATTR_OUT, .fmt = k_mq_attr},
    {K_PTRP_OUT, .fmt = k_ptrp_out},
    {K_ULONGP_OUT, .fmt = k_ulongp_out},
    {K_UINTP_OUT, .fmt = k_uintp_out},
    {K_SFR_REST, .fmt = k_sfr_rest, .flags = TRC_SELF_SEP},
    {K_MQ_OPEN_REST, .fmt = k_mq_open_rest, .flags = TRC_SELF_SEP},
    {K_MSGTYP, .fmt = k_msgtyp, .flags = TRC_SELF_SEP},
    {K_IOCTL_OUT, .fmt = k_ioctl_out, .flags = TRC_SELF_SEP},
    {K_FCNTL_OUT, .fmt = k_fcntl_out, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_struct5_rvs[] = {
    {RV_MEMBARRIER, rv_membarrier},
    {0, NULL},
};
