/* strace_ipc.c — the system-call log's System V IPC and POSIX message
 * queue kinds: keys, IPC_* flags and commands, shmat's flags, sembuf
 * arrays, msgbuf, semctl's union, msgrcv's type, mq_open's name, mode and
 * mq_attr.  Mirrors strace's ipc.c, ipc_shm.c, ipc_sem.c, ipc_msg.c,
 * ipc_msgctl.c, mq.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE

#include "strace_fmt.h"
#include "../abi/lx_ipc.h"

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
    struct lx_sembuf e;
    if (k) trc_puts(b, ", ");
    if ((long long)k >= trc_max_strlen() || !trc_read(c, &e, addr + sizeof e * k, sizeof e)) {
      trc_puts(b, "...");
      break;
    }
    trc_printf(b, "{sem_num=%u, sem_op=%d, sem_flg=", e.sem_num, e.sem_op);
    trc_flags(b, (u16)e.sem_flg, sf, "0");
    trc_puts(b, "}");
  }
  trc_puts(b, "]");
}

/* struct msgbuf {long mtype; char mtext[len]}. */
static void fmt_msgbuf(struct trc_buf *b, const struct trc_call *c, u64 addr, long len) {
  struct lx64_msgbuf m64;
  struct lx32_msgbuf m32;
  size_t text = c->m32 ? offsetof(struct lx32_msgbuf, mtext) : offsetof(struct lx64_msgbuf, mtext);
  if (!addr || !(c->m32 ? trc_read(c, &m32, addr, text) : trc_read(c, &m64, addr, text)))
    return trc_ptr(b, c, addr);
  trc_printf(b, "{mtype=%lld, mtext=", (long long)(c->m32 ? m32.mtype : m64.mtype));
  trc_str(b, c, addr + text, len < 0 ? 0 : len, -1);
  trc_puts(b, "}");
}

/* The four fields shown are read, not the reserved words after them: the
 * ABI's longs, printed as unsigned words on i386 as on x86-64. */
static void fmt_mq_attr(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  struct lx64_mq_attr a64;
  struct lx32_mq_attr a32;
  if (!addr) return trc_puts(b, "NULL");
  if (!(c->m32 ? trc_read(c, &a32, addr, offsetof(struct lx32_mq_attr, reserved))
               : trc_read(c, &a64, addr, offsetof(struct lx64_mq_attr, reserved))))
    return trc_ptr(b, c, addr);
  if (c->m32) {
    a64.mq_flags = (u32)a32.mq_flags;
    a64.mq_maxmsg = (u32)a32.mq_maxmsg;
    a64.mq_msgsize = (u32)a32.mq_msgsize;
    a64.mq_curmsgs = (u32)a32.mq_curmsgs;
  }
  u64 fl = (u64)a64.mq_flags;
  trc_puts(b, "{mq_flags=");
  if (fl == 04000)
    trc_puts(b, "O_NONBLOCK");
  else
    trc_printf(b, fl ? "%#llx" : "0", (unsigned long long)fl);
  trc_printf(b, ", mq_maxmsg=%lld, mq_msgsize=%lld, mq_curmsgs=%lld}", (long long)a64.mq_maxmsg,
             (long long)a64.mq_msgsize, (long long)a64.mq_curmsgs);
}

static const struct trc_flag shmat[] = {F(010000, "SHM_RDONLY"),
                                        F(020000, "SHM_RND"),
                                        F(040000, "SHM_REMAP"),
                                        F(0100000, "SHM_EXEC"),
                                        {0, NULL}};

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

const struct trc_kind_def trc_ipc_kinds[] = {
    {K_IPC_KEY, .fmt = k_ipc_key},
    {K_IPC_GETFLAGS, .fmt = k_ipc_getflags},
    {K_IPC_CMD, .fmt = k_ipc_cmd},
    {K_SHMAT_FLAGS, .fmt = k_shmat_flags},
    {K_SEMBUF, .fmt = k_sembuf},
    {K_MSGBUF, .fmt = k_msgbuf},
    {K_MSGBUF_OUT, .fmt = k_msgbuf_out, .flags = TRC_SHOWN_ON_FAILURE},
    {K_SEMUN, .fmt = k_semun},
    {K_MSG_IPCFLAGS, .fmt = k_msg_ipcflags},
    {K_MQ_NAME, .fmt = k_mq_name},
    {K_MQ_ATTR, .fmt = k_mq_attr},
    {K_MQ_ATTR_OUT, .fmt = k_mq_attr},
    {K_MQ_OPEN_REST, .fmt = k_mq_open_rest, .flags = TRC_SELF_SEP},
    {K_MSGTYP, .fmt = k_msgtyp, .flags = TRC_SELF_SEP},
    {.kind = K_NONE},
};
