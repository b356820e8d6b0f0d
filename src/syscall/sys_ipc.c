/* sys_ipc.c — System V IPC for x86-64: msgget, msgsnd, msgrcv, msgctl,
 * semget, semop, semtimedop, semctl, shmget, shmat, shmdt, shmctl; and the
 * attach/detach cores the i386 calls share (sys_ipc32.c).  Mirrors linux
 * ipc/msg.c, ipc/sem.c, ipc/shm.c.
 *
 * Queues, semaphore sets and segments are the host's (the guest shares the
 * host's IPC namespace).  The x86-64 structures (msgbuf, sembuf, msqid64_ds,
 * semid64_ds, shmid64_ds, msginfo, seminfo, shminfo64, shm_info) are the
 * host's own, so their guest addresses go to the host translated (fs_ubuf)
 * and the host checks and faults in the kernel's order.
 *
 * shmat maps the segment into the guest's address space:
 *
 *   1. IPC_STAT finds the segment and its size (EINVAL, EIDRM, and EACCES
 *      without read permission), and ipcperms() is redone for write and
 *      execute, so that a failure comes before anything is mapped;
 *   2. mm_map() takes the guest range (MAP_FIXED at the guest's address, or a
 *      free range picked as mmap picks one) as a shared mapping;
 *   3. the host attaches the segment over it (SHM_REMAP at base + guest
 *      address): attached once, so shm_nattch, shm_atime and shm_dtime are
 *      as natively, and a fork()ed emu shares it;
 *   4. the vma takes the segment's identity for /proc/self/maps: device of
 *      the shm mount, inode = shmid, "/SYSV%08x (deleted)" with the key.
 *
 * shmdt finds the first piece of a segment attached at the address (by the
 * vma's identity and its offset in the segment) and unmaps the pieces of
 * that segment within its size, as ksys_shmdt() does (mm_unmap puts the
 * reservation back, which detaches the host mapping).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fs.h"
#include "sys_io.h"
#include "sys_misc.h"
#include "../abi/lx_ipc.h"

#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif

/* The largest structure a ctl call reads or writes (msqid64_ds: 120). */
#define IPC_DS_MAX 128

static void *ipc_buf(struct task *t, u64 addr, u64 len) { return fs_ubuf(t, addr, &len); }

/* ---- message queues ---- */

SYS_DEFINE2(msgget, int, key, int, flg) { return host_ret(syscall(SYS_msgget, key, flg)); }

/* The host's struct msgbuf (a long, then the text) is x86-64's: the guest's
 * buffer goes to the host as it is, the window covering its mtype and sz
 * bytes of text. */
#define MSG_HDR offsetof(struct lx64_msgbuf, mtext)

SYS_DEFINE4(msgsnd, int, id, u64, umsg, u64, sz, int, flg) {
  u64 len = sz + MSG_HDR < sz ? ~0ull : sz + MSG_HDR;
  void *p = fs_ubuf(t, umsg, &len);
  if (len < MSG_HDR) len = MSG_HDR;
  if (sz + MSG_HDR > len && sz <= INT32_MAX)
    sz = len - MSG_HDR; /* runs off the window: faults there */
  return host_ret(syscall(SYS_msgsnd, id, p, (size_t)sz, flg));
}

SYS_DEFINE5(msgrcv, int, id, u64, umsg, u64, sz, i64, typ, int, flg) {
  u64 len = sz + MSG_HDR < sz ? ~0ull : sz + MSG_HDR;
  void *p = fs_ubuf(t, umsg, &len);
  if (len < MSG_HDR) len = MSG_HDR;
  if (sz + MSG_HDR > len && sz <= INT32_MAX) sz = len - MSG_HDR;
  return host_ret(syscall(SYS_msgrcv, id, p, (size_t)sz, (long)typ, flg));
}

SYS_DEFINE3(msgctl, int, id, int, cmd, u64, ubuf) {
  return host_ret(syscall(SYS_msgctl, id, cmd, ipc_buf(t, ubuf, IPC_DS_MAX)));
}

/* ---- semaphores ---- */

SYS_DEFINE3(semget, int, key, int, nsems, int, flg) {
  return host_ret(syscall(SYS_semget, key, nsems, flg));
}

/* struct sembuf is the same in both ABIs. */
static void *sops_buf(struct task *t, u64 usops, u32 nsops) {
  return ipc_buf(t, usops, (u64)nsops * sizeof(struct lx_sembuf));
}

SYS_DEFINE3(semop, int, id, u64, usops, u32, nsops) {
  return host_ret(syscall(SYS_semtimedop, id, sops_buf(t, usops, nsops), nsops, NULL));
}

/* x86-64 semtimedop, and i386 semtimedop_time64: the timeout is read first
 * (get_timespec64 drops the padding half of tv_nsec in an i386 call). */
SYS_DEFINE4(semtimedop, int, id, u64, usops, u32, nsops, u64, uts) {
  struct timespec ts;
  if (uts && sys_time_get_ts64(t, uts, &ts)) return -EFAULT;
  return host_ret(syscall(SYS_semtimedop, id, sops_buf(t, usops, nsops), nsops, uts ? &ts : NULL));
}

long sys_ipc_semtimedop_core(struct task *t, int id, u64 usops, u32 nsops,
                             const struct timespec *ts) {
  return host_ret(syscall(SYS_semtimedop, id, sops_buf(t, usops, nsops), nsops, ts));
}

/* union semun: a pointer for the structure and array commands, the value
 * itself for SETVAL (and ignored for the rest). */
SYS_DEFINE4(semctl, int, id, int, num, int, cmd, u64, arg) {
  switch (cmd) {
  case IPC_STAT:
  case SEM_STAT:
  case SEM_STAT_ANY:
  case IPC_SET:
  case IPC_INFO:
  case SEM_INFO: return host_ret(syscall(SYS_semctl, id, num, cmd, ipc_buf(t, arg, IPC_DS_MAX)));
  case GETALL:
  case SETALL: /* at most SEMMSL (32000) u16 values */
    return host_ret(syscall(SYS_semctl, id, num, cmd, ipc_buf(t, arg, 64000)));
  default: return host_ret(syscall(SYS_semctl, id, num, cmd, (unsigned long)arg));
  }
}

/* ---- shared memory ---- */

SYS_DEFINE3(shmget, int, key, u64, size, int, flg) {
  return host_ret(syscall(SYS_shmget, key, (size_t)size, flg));
}

SYS_DEFINE3(shmctl, int, id, int, cmd, u64, ubuf) {
  return host_ret(syscall(SYS_shmctl, id, cmd, ipc_buf(t, ubuf, IPC_DS_MAX)));
}

/* Give the vmas of [g, g + len) the segment's identity. */
static void shm_identity(struct mm *mm, u64 g, u64 len, int id, int key) {
  char link[96];
  struct stat st;
  snprintf(link, sizeof link, "/proc/self/map_files/%lx-%lx", (unsigned long)(mm->base + g),
           (unsigned long)(mm->base + g + len));
  u64 dev = stat(link, &st) == 0 ? st.st_dev : makedev(0, 1);
  mm_lock(mm);
  for (int i = 0; i < mm->nvmas; i++) {
    struct vma *v = &mm->vmas[i];
    if (v->end <= g || v->start >= g + len) continue;
    v->dev = dev;
    v->ino = (u64)(u32)id;
    v->offset = v->start - g;
    snprintf(v->name, sizeof v->name, "/SYSV%08x (deleted)", (unsigned)key);
  }
  mm_unlock(mm);
}

static bool shm_range_used(struct mm *mm, u64 start, u64 end) {
  bool used = false;
  mm_lock(mm);
  for (int i = 0; i < mm->nvmas && !used; i++)
    used = mm->vmas[i].start < end && mm->vmas[i].end > start;
  mm_unlock(mm);
  return used;
}

/* ipcperms(): the mode bits for the owner, the group or the others; root
 * (CAP_IPC_OWNER, approximated by euid 0) passes. */
static bool shm_perm_ok(const struct ipc_perm *p, int flg) {
  uid_t eu = geteuid();
  if (eu == 0) return true;
  int want = (flg & SHM_RDONLY) ? 4 : 6;
  if (flg & SHM_EXEC) want |= 1;
  int granted = p->mode;
  if (p->uid == eu || p->cuid == eu) {
    granted >>= 6;
  } else {
    gid_t groups[256];
    int n = getgroups(256, groups);
    bool in = p->gid == getegid() || p->cgid == getegid();
    for (int i = 0; i < n && !in; i++) in = groups[i] == p->gid || groups[i] == p->cgid;
    if (in) granted >>= 3;
  }
  return !(want & ~granted & 7);
}

/* do_shmat(): returns 0 and the guest address in *raddr, or -errno. */
long sys_ipc_shmat_core(struct task *t, int id, u64 addr, int flg, u64 *raddr) {
  struct mm *mm = MM(t);
  if (id < 0) return -EINVAL;
  int mflags = MAP_SHARED | MAP_ANONYMOUS;
  if (addr) {
    if (addr & (PAGE_SIZE - 1)) { /* SHMLBA is the page size on x86 */
      if (!(flg & SHM_RND)) return -EINVAL;
      addr &= PAGE_MASK;
      if (!addr && (flg & SHM_REMAP)) return -EINVAL;
    }
    if (addr) mflags |= MAP_FIXED;
  } else if (flg & SHM_REMAP) {
    return -EINVAL;
  }
  int prot = (flg & SHM_RDONLY) ? PROT_READ : PROT_READ | PROT_WRITE;
  if (flg & SHM_EXEC) prot |= PROT_EXEC;

  /* The lookup and the read permission (EINVAL, EIDRM, EACCES) */
  struct shmid_ds ds;
  if (shmctl(id, IPC_STAT, &ds) < 0) return -errno;
  if (!shm_perm_ok(&ds.shm_perm, flg)) return -EACCES;
  u64 size = ds.shm_segsz, len = PAGE_UP(size);
  if (addr && !(flg & SHM_REMAP)) {
    if (addr + size < addr || shm_range_used(mm, addr, addr + len)) return -EINVAL;
  }
  long g = mm_map(mm, addr, len, prot, mflags, -1, 0, "");
  if (g < 0) return g;
  void *hp = shmat(id, mm->base + g, SHM_REMAP | (flg & SHM_RDONLY));
  if (hp == (void *)-1) {
    long err = -errno;
    mm_unmap(mm, (u64)g, len);
    return err;
  }
  shm_identity(mm, (u64)g, len, id, ds.shm_perm.__key);
  *raddr = (u64)g;
  return 0;
}

SYS_DEFINE3(shmat, int, id, u64, addr, int, flg) {
  u64 raddr;
  long r = sys_ipc_shmat_core(t, id, addr, flg, &raddr);
  return r ? r : (long)raddr;
}

/* Is v a piece of a segment attached at addr (its offset in the segment is
 * its distance from addr: the kernel's (vm_start - addr) / PAGE_SIZE ==
 * vm_pgoff)? */
static bool shm_piece(const struct vma *v, u64 addr) {
  return !strncmp(v->name, "/SYSV", 5) && v->start >= addr && v->offset == v->start - addr;
}

/* ksys_shmdt(): the first piece of a segment attached at addr (searching on
 * past other mappings), then every piece of the same segment that ends
 * within the segment's size from addr, holes and other mappings between
 * them left alone. */
SYS_DEFINE1(shmdt, u64, addr) {
  struct mm *mm = MM(t);
  if (addr & (PAGE_SIZE - 1)) return -EINVAL;
  mm_lock(mm);
  int i = 0;
  while (i < mm->nvmas && mm->vmas[i].end <= addr) i++;
  while (i < mm->nvmas && !shm_piece(&mm->vmas[i], addr)) i++;
  if (i == mm->nvmas) {
    mm_unlock(mm);
    return -EINVAL;
  }
  struct vma first = mm->vmas[i];
  struct shmid_ds ds;
  u64 size = shmctl((int)first.ino, IPC_STAT, &ds) == 0 ? PAGE_UP(ds.shm_segsz) : 0;
  long r = mm_unmap(mm, first.start, first.end - first.start);
  u64 at = first.end;
  while (r == 0) {
    i = 0;
    while (i < mm->nvmas && mm->vmas[i].end <= at) i++;
    for (; i < mm->nvmas; i++) {
      const struct vma *v = &mm->vmas[i];
      if (v->end - addr > size) {
        i = mm->nvmas;
        break;
      }
      if (shm_piece(v, addr) && v->ino == first.ino && !strcmp(v->name, first.name)) break;
    }
    if (i >= mm->nvmas) break;
    at = mm->vmas[i].end;
    r = mm_unmap(mm, mm->vmas[i].start, at - mm->vmas[i].start);
  }
  mm_unlock(mm);
  return r;
}
