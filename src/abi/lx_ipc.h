/* lx_ipc.h — guest structures of System V IPC and POSIX message queues,
 * byte for byte as Linux lays them out for each ABI: lx64_* is x86-64,
 * lx32_* is i386 (the compat_* types of ipc/compat.c and ipc/mqueue.c),
 * lx_* the same on both.  The x86-64 *id64_ds structures are the host's,
 * which the x86-64 handlers pass through.  tests/abi_layout.c checks every
 * field against the kernel's uapi headers compiled -m64 and -m32. */
#ifndef EMU_LX_IPC_H
#define EMU_LX_IPC_H

#include "../common.h"

/* --- POSIX message queues ------------------------------------------------ */

/* struct mq_attr: four longs, then four reserved. */
struct lx64_mq_attr {
  i64 mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
  i64 reserved[4];
};
_Static_assert(sizeof(struct lx64_mq_attr) == 64, "lx64_mq_attr");

/* struct compat_mq_attr */
struct lx32_mq_attr {
  i32 mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
  i32 reserved[4];
};
_Static_assert(sizeof(struct lx32_mq_attr) == 32, "lx32_mq_attr");

/* --- System V IPC --------------------------------------------------------- */

/* struct sembuf: the same on both ABIs. */
struct lx_sembuf {
  u16 sem_num;
  i16 sem_op;
  i16 sem_flg;
};
_Static_assert(sizeof(struct lx_sembuf) == 6, "lx_sembuf");

/* struct msgbuf: a long, then the text. */
struct lx64_msgbuf {
  i64 mtype;
  char mtext[];
};
_Static_assert(sizeof(struct lx64_msgbuf) == 8, "lx64_msgbuf");

struct lx32_msgbuf {
  i32 mtype;
  char mtext[];
};
_Static_assert(sizeof(struct lx32_msgbuf) == 4, "lx32_msgbuf");

/* The compat layouts of i386's msgctl, semctl and shmctl: IPC_64's
 * (*id64_ds, 32-bit ids) and the old ones (*id_ds, 16-bit ids). */

/* struct compat_ipc64_perm: 36 bytes */
struct lx32_ipc64_perm {
  i32 key;
  u32 uid, gid, cuid, cgid;
  u16 mode, pad1;
  u16 seq, pad2;
  u32 unused1, unused2;
};
_Static_assert(sizeof(struct lx32_ipc64_perm) == 36, "lx32_ipc64_perm");

/* struct compat_ipc_perm: 16-bit ids */
struct lx32_ipc_perm {
  i32 key;
  u16 uid, gid, cuid, cgid;
  u16 mode, seq;
};
_Static_assert(sizeof(struct lx32_ipc_perm) == 16, "lx32_ipc_perm");

struct lx32_msqid64_ds {
  struct lx32_ipc64_perm perm;
  u32 stime, stime_high, rtime, rtime_high, ctime, ctime_high;
  u32 cbytes, qnum, qbytes;
  i32 lspid, lrpid;
  u32 unused4, unused5;
};
_Static_assert(sizeof(struct lx32_msqid64_ds) == 88, "lx32_msqid64_ds");

struct lx32_msqid_ds {
  struct lx32_ipc_perm perm;
  u32 first, last;
  i32 stime, rtime, ctime;
  u32 lcbytes, lqbytes;
  u16 cbytes, qnum, qbytes;
  u16 lspid, lrpid;
};
_Static_assert(sizeof(struct lx32_msqid_ds) == 56, "lx32_msqid_ds");
_Static_assert(offsetof(struct lx32_msqid_ds, qbytes) == 48, "lx32_msqid_ds.qbytes");

struct lx32_semid64_ds {
  struct lx32_ipc64_perm perm;
  u32 otime, otime_high, ctime, ctime_high;
  u32 nsems, unused3, unused4;
};
_Static_assert(sizeof(struct lx32_semid64_ds) == 64, "lx32_semid64_ds");

struct lx32_semid_ds {
  struct lx32_ipc_perm perm;
  i32 otime, ctime;
  u32 base, pending, pending_last, undo;
  u16 nsems;
};
_Static_assert(sizeof(struct lx32_semid_ds) == 44, "lx32_semid_ds");

struct lx32_shmid64_ds {
  struct lx32_ipc64_perm perm;
  u32 segsz;
  u32 atime, atime_high, dtime, dtime_high, ctime, ctime_high;
  i32 cpid, lpid;
  u32 nattch, unused4, unused5;
};
_Static_assert(sizeof(struct lx32_shmid64_ds) == 84, "lx32_shmid64_ds");

struct lx32_shmid_ds {
  struct lx32_ipc_perm perm;
  i32 segsz;
  i32 atime, dtime, ctime;
  u16 cpid, lpid;
  u16 nattch, unused;
  u32 unused2, unused3;
};
_Static_assert(sizeof(struct lx32_shmid_ds) == 48, "lx32_shmid_ds");

struct lx32_shminfo64 {
  u32 shmmax, shmmin, shmmni, shmseg, shmall, unused[4];
};
_Static_assert(sizeof(struct lx32_shminfo64) == 36, "lx32_shminfo64");

struct lx32_shminfo {
  i32 shmmax, shmmin, shmmni, shmseg, shmall;
};
_Static_assert(sizeof(struct lx32_shminfo) == 20, "lx32_shminfo");

struct lx32_shm_info {
  i32 used_ids;
  u32 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};
_Static_assert(sizeof(struct lx32_shm_info) == 24, "lx32_shm_info");

#endif
