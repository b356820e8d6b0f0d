/* sys_ipc32.c — System V IPC for i386: the direct calls of asm/unistd_32.h
 * (msgsnd, msgrcv, msgctl, semctl, shmctl with the compat layouts; msgget,
 * semget, shmget, shmat, shmdt and semtimedop_time64 use the x86-64
 * handlers) and the ipc(2) multiplexer (nr 117).  Mirrors linux ipc/compat.c,
 * ipc/syscall.c (compat_ksys_ipc) and the compat halves of ipc/msg.c,
 * ipc/sem.c and ipc/shm.c.
 *
 * The direct calls always use the IPC_64 layouts; the multiplexer takes the
 * layout from the IPC_64 bit of the command (compat_ipc_parse_version), and
 * the "version" in the upper half of the call number picks the old msgrcv
 * argument block (struct compat_ipc_kludge).  struct msgbuf's mtype is a
 * 32-bit long; union semun is one 32-bit word.
 *
 * A direct call's command keeps its IPC_64 bit inside the kernel
 * (compat_ksys_*ctl(..., IPC_64) switch on cmd & ~IPC_64 but pass cmd on), so
 * the helpers that compare it see another command: *_INFO|IPC_64 acts as
 * IPC_INFO, IPC_STAT|IPC_64 and *_STAT_ANY|IPC_64 as *_STAT (an index
 * lookup returning the id), semctl's GET*|IPC_64 and SETALL|IPC_64 fail with
 * EINVAL after the lookup, IPC_SET|IPC_64 and IPC_RMID|IPC_64 fail with
 * EINVAL after the owner check, and shmctl rejects every command with the
 * bit.  ipc_direct_cmd() maps those cases before the common code, which
 * hands the host the plain command (the C libraries use the multiplexer,
 * which clears the bit).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "fs.h"
#include "sys_io.h"
#include "sys_misc.h"
#include "../abi/lx_ipc.h"

#define LX_IPC_64 0x0100
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

/* high2lowuid: ids that do not fit 16 bits show as the overflow id. */
static u16 low16(u32 id) { return id > 0xffff ? 65534 : (u16)id; }

static void perm64_out(struct lx32_ipc64_perm *g, const struct ipc_perm *h) {
  g->key = h->__key;
  g->uid = h->uid;
  g->gid = h->gid;
  g->cuid = h->cuid;
  g->cgid = h->cgid;
  g->mode = (u16)h->mode;
  g->seq = (u16)h->__seq;
}

static void perm_out(struct lx32_ipc_perm *g, const struct ipc_perm *h) {
  g->key = h->__key;
  g->uid = low16(h->uid);
  g->gid = low16(h->gid);
  g->cuid = low16(h->cuid);
  g->cgid = low16(h->cgid);
  g->mode = (u16)h->mode;
  g->seq = (u16)h->__seq;
}

/* get_compat_ipc{64,}_perm: the whole perm structure is read; uid, gid and
 * mode are used. */
static long perm_in(struct task *t, u64 uaddr, bool v64, struct ipc_perm *h) {
  memset(h, 0, sizeof *h);
  if (v64) {
    struct lx32_ipc64_perm g;
    if (copy_from_user(MM(t), &g, uaddr, sizeof g)) return -EFAULT;
    h->uid = g.uid;
    h->gid = g.gid;
    h->mode = g.mode;
  } else {
    struct lx32_ipc_perm g;
    if (copy_from_user(MM(t), &g, uaddr, sizeof g)) return -EFAULT;
    h->uid = g.uid;
    h->gid = g.gid;
    h->mode = g.mode;
  }
  return 0;
}

static long put(struct task *t, u64 uaddr, const void *p, size_t n) {
  return copy_to_user(MM(t), uaddr, p, n) ? -EFAULT : 0;
}

/* ---- IPC_64 in a direct call (see the top of the file) ---- */

enum ipc_kind { IPC_MSG, IPC_SEM, IPC_SHM };

/* ipcctl_obtain_check() then the switch's default: the object must exist
 * and the caller must own or have created it (or be root), then EINVAL. */
static long ipc_down_quirk(enum ipc_kind k, int id) {
  struct ipc_perm p;
  long r;
  if (k == IPC_MSG) {
    struct msqid_ds ds;
    r = host_ret(syscall(SYS_msgctl, id, IPC_STAT, &ds));
    p = ds.msg_perm;
  } else {
    struct semid_ds ds;
    r = host_ret(syscall(SYS_semctl, id, 0, IPC_STAT, &ds));
    p = ds.sem_perm;
  }
  uid_t eu = geteuid();
  if (r == -EACCES) return eu == 0 ? -EINVAL : -EPERM;
  if (r < 0) return r;
  if (eu != 0 && p.uid != eu && p.cuid != eu) return -EPERM;
  return -EINVAL;
}

/* The command a direct msgctl/semctl with IPC_64 set acts as: a plain
 * command for the common code, or -1 when the call fails in the quirk
 * (*err then holds the result). */
static int ipc_direct_cmd(struct task *t, enum ipc_kind k, int id, int cmd, u64 uarg, long *err) {
  if (!(cmd & LX_IPC_64) || cmd < 0 || id < 0) return cmd;
  int c = cmd & ~LX_IPC_64;
  int info2 = k == IPC_MSG ? MSG_INFO : SEM_INFO;
  int stat2 = k == IPC_MSG ? MSG_STAT : SEM_STAT;
  int stat3 = k == IPC_MSG ? MSG_STAT_ANY : SEM_STAT_ANY;
  if (c == IPC_INFO || c == info2) return IPC_INFO;
  if (c == IPC_STAT || c == stat2 || c == stat3) return stat2;
  if (c == IPC_SET) {
    struct ipc_perm p;
    if (perm_in(t, uarg, true, &p)) {
      *err = -EFAULT;
      return -1;
    }
  }
  if (c == IPC_SET || c == IPC_RMID) {
    *err = ipc_down_quirk(k, id);
    return -1;
  }
  if (k == IPC_SEM && c >= GETPID && c <= SETALL && c != SETVAL) {
    /* semctl_main: the lookup and read permission, then EINVAL */
    long r = host_ret(syscall(SYS_semctl, id, -1, GETVAL, 0));
    *err = r < 0 ? r : -EINVAL;
    return -1;
  }
  return c;
}

/* ---- message queues ---- */

static long msg_max(void) {
  char b[32];
  long v = 8192;
  int fd = open("/proc/sys/kernel/msgmax", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, b, sizeof b - 1);
    if (n > 0) {
      b[n] = 0;
      v = strtol(b, NULL, 10);
    }
    close(fd);
  }
  return v;
}

/* The text of a compat msgbuf (struct lx32_msgbuf) starts here; the host's
 * msgbuf is x86-64's (struct lx64_msgbuf). */
#define MSG32_HDR offsetof(struct lx32_msgbuf, mtext)

/* compat_ksys_msgsnd + do_msgsnd: the 32-bit mtype (EFAULT), the size and
 * type checks (EINVAL), the text (EFAULT), then the queue (the host). */
static long msgsnd32(struct task *t, int id, u64 umsg, i64 sz, int flg) {
  i32 mtype;
  if (copy_from_user(MM(t), &mtype, umsg + offsetof(struct lx32_msgbuf, mtype), sizeof mtype))
    return -EFAULT;
  if (sz > msg_max() || sz < 0 || id < 0) return -EINVAL;
  if (mtype < 1) return -EINVAL;
  struct lx64_msgbuf *buf = malloc(sizeof *buf + (size_t)sz);
  if (!buf) return -ENOMEM;
  long r;
  buf->mtype = mtype;
  if (copy_from_user(MM(t), buf->mtext, umsg + MSG32_HDR, (size_t)sz))
    r = -EFAULT;
  else
    r = host_ret(syscall(SYS_msgsnd, id, buf, (size_t)sz, flg));
  free(buf);
  return r;
}

/* do_msgrcv with compat_do_msg_fill: the message is taken off the queue,
 * then its 32-bit mtype and text are stored (EFAULT loses it, as natively). */
static long msgrcv32(struct task *t, int id, u64 umsg, i64 sz, i64 typ, int flg) {
  if (id < 0 || sz < 0) return -EINVAL;
  long mm = msg_max();
  size_t cap = (size_t)sz;
  if (cap > (size_t)(mm > 65536 ? mm : 65536)) cap = (size_t)(mm > 65536 ? mm : 65536);
  struct lx64_msgbuf *buf = malloc(sizeof *buf + cap);
  if (!buf) return -ENOMEM;
  long r = host_ret(syscall(SYS_msgrcv, id, buf, cap, (long)typ, flg));
  if (r >= 0) {
    i32 mtype = (i32)buf->mtype;
    if (copy_to_user(MM(t), umsg + offsetof(struct lx32_msgbuf, mtype), &mtype, sizeof mtype) ||
        copy_to_user(MM(t), umsg + MSG32_HDR, buf->mtext, (size_t)r))
      r = -EFAULT;
  }
  free(buf);
  return r;
}

SYS_DEFINE4(msgsnd32, int, id, u64, umsg, i64, sz, int, flg) {
  return msgsnd32(t, id, umsg, sz, flg);
}
SYS_DEFINE5(msgrcv32, int, id, u64, umsg, i64, sz, i64, typ, int, flg) {
  return msgrcv32(t, id, umsg, sz, typ, flg);
}

/* compat_ksys_msgctl */
static long msgctl32(struct task *t, int id, int cmd, u64 ubuf, bool v64) {
  if (id < 0 || cmd < 0) return -EINVAL;
  int c = cmd & ~LX_IPC_64;
  struct msqid_ds ds;
  long r;
  switch (c) {
  case IPC_INFO:
  case MSG_INFO: {
    struct msginfo mi;
    r = host_ret(syscall(SYS_msgctl, id, c, &mi));
    if (r >= 0 && put(t, ubuf, &mi, sizeof mi)) r = -EFAULT;
    return r;
  }
  case IPC_STAT:
  case MSG_STAT:
  case MSG_STAT_ANY:
    r = host_ret(syscall(SYS_msgctl, id, c, &ds));
    if (r < 0) return r;
    if (v64) {
      struct lx32_msqid64_ds g;
      memset(&g, 0, sizeof g);
      perm64_out(&g.perm, &ds.msg_perm);
      g.stime = (u32)ds.msg_stime;
      g.stime_high = (u32)((u64)ds.msg_stime >> 32);
      g.rtime = (u32)ds.msg_rtime;
      g.rtime_high = (u32)((u64)ds.msg_rtime >> 32);
      g.ctime = (u32)ds.msg_ctime;
      g.ctime_high = (u32)((u64)ds.msg_ctime >> 32);
      g.cbytes = (u32)ds.__msg_cbytes;
      g.qnum = (u32)ds.msg_qnum;
      g.qbytes = (u32)ds.msg_qbytes;
      g.lspid = ds.msg_lspid;
      g.lrpid = ds.msg_lrpid;
      return put(t, ubuf, &g, sizeof g) ?: r;
    } else {
      struct lx32_msqid_ds g;
      memset(&g, 0, sizeof g);
      perm_out(&g.perm, &ds.msg_perm);
      g.stime = (i32)ds.msg_stime;
      g.rtime = (i32)ds.msg_rtime;
      g.ctime = (i32)ds.msg_ctime;
      g.cbytes = (u16)ds.__msg_cbytes;
      g.qnum = (u16)ds.msg_qnum;
      g.qbytes = (u16)ds.msg_qbytes;
      g.lspid = (u16)ds.msg_lspid;
      g.lrpid = (u16)ds.msg_lrpid;
      return put(t, ubuf, &g, sizeof g) ?: r;
    }
  case IPC_SET: {
    memset(&ds, 0, sizeof ds);
    if (perm_in(t, ubuf, v64, &ds.msg_perm)) return -EFAULT;
    if (v64) {
      u32 qb;
      if (copy_from_user(MM(t), &qb, ubuf + offsetof(struct lx32_msqid64_ds, qbytes), 4))
        return -EFAULT;
      ds.msg_qbytes = qb;
    } else {
      u16 qb;
      if (copy_from_user(MM(t), &qb, ubuf + offsetof(struct lx32_msqid_ds, qbytes), 2))
        return -EFAULT;
      ds.msg_qbytes = qb;
    }
    return host_ret(syscall(SYS_msgctl, id, IPC_SET, &ds));
  }
  case IPC_RMID: return host_ret(syscall(SYS_msgctl, id, IPC_RMID, NULL));
  default: return -EINVAL;
  }
}

SYS_DEFINE3(msgctl32, int, id, int, cmd, u64, ubuf) {
  long err = 0;
  cmd = ipc_direct_cmd(t, IPC_MSG, id, cmd, ubuf, &err);
  return cmd == -1 && err ? err : msgctl32(t, id, cmd, ubuf, true);
}

/* ---- semaphores ---- */

/* compat_ksys_semctl: arg is one 32-bit word (a pointer or SETVAL's value). */
static long semctl32(struct task *t, int id, int num, int cmd, u32 arg, bool v64) {
  if (id < 0) return -EINVAL;
  int c = cmd & ~LX_IPC_64;
  struct semid_ds ds;
  long r;
  switch (c) {
  case IPC_INFO:
  case SEM_INFO: {
    struct seminfo si;
    r = host_ret(syscall(SYS_semctl, id, num, c, &si));
    if (r >= 0 && put(t, arg, &si, sizeof si)) r = -EFAULT;
    return r;
  }
  case IPC_STAT:
  case SEM_STAT:
  case SEM_STAT_ANY:
    r = host_ret(syscall(SYS_semctl, id, num, c, &ds));
    if (r < 0) return r;
    if (v64) {
      struct lx32_semid64_ds g;
      memset(&g, 0, sizeof g);
      perm64_out(&g.perm, &ds.sem_perm);
      g.otime = (u32)ds.sem_otime;
      g.otime_high = (u32)((u64)ds.sem_otime >> 32);
      g.ctime = (u32)ds.sem_ctime;
      g.ctime_high = (u32)((u64)ds.sem_ctime >> 32);
      g.nsems = (u32)ds.sem_nsems;
      return put(t, arg, &g, sizeof g) ?: r;
    } else {
      struct lx32_semid_ds g;
      memset(&g, 0, sizeof g);
      perm_out(&g.perm, &ds.sem_perm);
      g.otime = (i32)ds.sem_otime;
      g.ctime = (i32)ds.sem_ctime;
      g.nsems = (u16)ds.sem_nsems;
      return put(t, arg, &g, sizeof g) ?: r;
    }
  case GETVAL:
  case GETPID:
  case GETNCNT:
  case GETZCNT:
  case GETALL:
  case SETALL: {
    u64 n = 64000;
    return host_ret(syscall(SYS_semctl, id, num, c, fs_ubuf(t, arg, &n)));
  }
  case SETVAL: return host_ret(syscall(SYS_semctl, id, num, SETVAL, (unsigned long)(i32)arg));
  case IPC_SET:
    memset(&ds, 0, sizeof ds);
    if (perm_in(t, arg, v64, &ds.sem_perm)) return -EFAULT;
    return host_ret(syscall(SYS_semctl, id, num, IPC_SET, &ds));
  case IPC_RMID: return host_ret(syscall(SYS_semctl, id, num, IPC_RMID, 0));
  default: return -EINVAL;
  }
}

SYS_DEFINE4(semctl32, int, id, int, num, int, cmd, u32, arg) {
  long err = 0;
  cmd = ipc_direct_cmd(t, IPC_SEM, id, cmd, arg, &err);
  return cmd == -1 && err ? err : semctl32(t, id, num, cmd, arg, true);
}

/* ---- shared memory ---- */

/* compat_ksys_shmctl */
static long shmctl32(struct task *t, int id, int cmd, u64 ubuf, bool v64) {
  if (cmd < 0 || id < 0) return -EINVAL;
  int c = cmd & ~LX_IPC_64;
  struct shmid_ds ds;
  long r;
  switch (c) {
  case IPC_INFO: {
    struct shminfo hi;
    r = host_ret(syscall(SYS_shmctl, id, IPC_INFO, &hi));
    if (r < 0) return r;
    if (hi.shmmax > INT32_MAX) hi.shmmax = INT32_MAX;
    if (v64) {
      struct lx32_shminfo64 g;
      memset(&g, 0, sizeof g);
      g.shmmax = (u32)hi.shmmax;
      g.shmmin = (u32)hi.shmmin;
      g.shmmni = (u32)hi.shmmni;
      g.shmseg = (u32)hi.shmseg;
      g.shmall = (u32)hi.shmall;
      return put(t, ubuf, &g, sizeof g) ?: r;
    } else {
      struct lx32_shminfo g = {(i32)hi.shmmax, (i32)hi.shmmin, (i32)hi.shmmni, (i32)hi.shmseg,
                               (i32)hi.shmall};
      return put(t, ubuf, &g, sizeof g) ?: r;
    }
  }
  case SHM_INFO: {
    struct shm_info hi;
    r = host_ret(syscall(SYS_shmctl, id, SHM_INFO, &hi));
    if (r < 0) return r;
    struct lx32_shm_info g = {hi.used_ids,     (u32)hi.shm_tot,       (u32)hi.shm_rss,
                              (u32)hi.shm_swp, (u32)hi.swap_attempts, (u32)hi.swap_successes};
    return put(t, ubuf, &g, sizeof g) ?: r;
  }
  case IPC_STAT:
  case SHM_STAT:
  case SHM_STAT_ANY:
    r = host_ret(syscall(SYS_shmctl, id, c, &ds));
    if (r < 0) return r;
    if (v64) {
      struct lx32_shmid64_ds g;
      memset(&g, 0, sizeof g);
      perm64_out(&g.perm, &ds.shm_perm);
      g.segsz = (u32)ds.shm_segsz;
      g.atime = (u32)ds.shm_atime;
      g.atime_high = (u32)((u64)ds.shm_atime >> 32);
      g.dtime = (u32)ds.shm_dtime;
      g.dtime_high = (u32)((u64)ds.shm_dtime >> 32);
      g.ctime = (u32)ds.shm_ctime;
      g.ctime_high = (u32)((u64)ds.shm_ctime >> 32);
      g.cpid = ds.shm_cpid;
      g.lpid = ds.shm_lpid;
      g.nattch = (u32)ds.shm_nattch;
      return put(t, ubuf, &g, sizeof g) ?: r;
    } else {
      struct lx32_shmid_ds g;
      memset(&g, 0, sizeof g);
      perm_out(&g.perm, &ds.shm_perm);
      g.segsz = (i32)ds.shm_segsz;
      g.atime = (i32)ds.shm_atime;
      g.dtime = (i32)ds.shm_dtime;
      g.ctime = (i32)ds.shm_ctime;
      g.cpid = (u16)ds.shm_cpid;
      g.lpid = (u16)ds.shm_lpid;
      g.nattch = (u16)ds.shm_nattch;
      return put(t, ubuf, &g, sizeof g) ?: r;
    }
  case IPC_SET:
    memset(&ds, 0, sizeof ds);
    if (perm_in(t, ubuf, v64, &ds.shm_perm)) return -EFAULT;
    return host_ret(syscall(SYS_shmctl, id, IPC_SET, &ds));
  case IPC_RMID:
  case SHM_LOCK:
  case SHM_UNLOCK: return host_ret(syscall(SYS_shmctl, id, c, NULL));
  default: return -EINVAL;
  }
}

/* compat_ksys_shmctl switches on the command itself: IPC_64 makes any
 * command unknown (EINVAL) in a direct call. */
SYS_DEFINE3(shmctl32, int, id, int, cmd, u64, ubuf) {
  if (cmd >= 0 && id >= 0 && (cmd & LX_IPC_64)) return -EINVAL;
  return shmctl32(t, id, cmd, ubuf, true);
}

/* ---- ipc(2): compat_ksys_ipc ---- */

enum {
  IPCOP_SEMOP = 1,
  IPCOP_SEMGET = 2,
  IPCOP_SEMCTL = 3,
  IPCOP_SEMTIMEDOP = 4,
  IPCOP_MSGSND = 11,
  IPCOP_MSGRCV = 12,
  IPCOP_MSGGET = 13,
  IPCOP_MSGCTL = 14,
  IPCOP_SHMAT = 21,
  IPCOP_SHMDT = 22,
  IPCOP_SHMGET = 23,
  IPCOP_SHMCTL = 24,
};

SYS_DEFINE6(ipc32, u32, call, int, first, int, second, u32, third, u32, ptr, u32, fifth) {
  int version = call >> 16;
  switch (call & 0xffff) {
  case IPCOP_SEMOP: return sys_ipc_semtimedop_core(t, first, ptr, (u32)second, NULL);
  case IPCOP_SEMTIMEDOP: {
    struct timespec ts;
    if (fifth && sys_time_get_ts32(t, fifth, &ts)) return -EFAULT;
    return sys_ipc_semtimedop_core(t, first, ptr, (u32)second, fifth ? &ts : NULL);
  }
  case IPCOP_SEMGET: return host_ret(syscall(SYS_semget, first, second, (int)third));
  case IPCOP_SEMCTL: {
    u32 pad;
    if (!ptr) return -EINVAL;
    if (copy_from_user(MM(t), &pad, ptr, 4)) return -EFAULT;
    return semctl32(t, first, second, (int)third, pad, (third & LX_IPC_64) != 0);
  }
  case IPCOP_MSGSND: return msgsnd32(t, first, ptr, second, (int)third);
  case IPCOP_MSGRCV: {
    if (first < 0 || second < 0) return -EINVAL;
    if (!version) { /* struct compat_ipc_kludge { msgp, msgtyp } */
      u32 k[2];
      if (!ptr) return -EINVAL;
      if (copy_from_user(MM(t), k, ptr, sizeof k)) return -EFAULT;
      return msgrcv32(t, first, k[0], second, (i32)k[1], (int)third);
    }
    return msgrcv32(t, first, ptr, second, (i32)fifth, (int)third);
  }
  case IPCOP_MSGGET: return host_ret(syscall(SYS_msgget, first, second));
  case IPCOP_MSGCTL: return msgctl32(t, first, second, ptr, (second & LX_IPC_64) != 0);
  case IPCOP_SHMAT: {
    if (version == 1) return -EINVAL;
    u64 raddr;
    long r = sys_ipc_shmat_core(t, first, ptr, second, &raddr);
    if (r < 0) return r;
    u32 ra = (u32)raddr;
    return put(t, third, &ra, 4);
  }
  case IPCOP_SHMDT: return sys_shmdt(t, (const u64[6]){ptr});
  case IPCOP_SHMGET: return host_ret(syscall(SYS_shmget, first, (size_t)(u32)second, (int)third));
  case IPCOP_SHMCTL: return shmctl32(t, first, second, ptr, (second & LX_IPC_64) != 0);
  default: return -ENOSYS;
  }
}
