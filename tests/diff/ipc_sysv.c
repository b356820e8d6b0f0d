/* ipc_sysv.c — System V message queues, semaphores and shared memory:
 * msgsnd/msgrcv by type, E2BIG/MSG_NOERROR/ENOMSG, IPC_STAT fields that are
 * deterministic; semaphores with SETALL/GETALL/semop/semtimedop; a shared
 * segment attached at a free address and at a chosen one (SHM_RDONLY,
 * SHM_RND, SHM_REMAP), shared with a forked child, listed in /proc/self/maps,
 * detached; EFAULT for bad pointers; on i386 also the ipc(2) multiplexer
 * with the old (non-IPC_64) layouts and the old msgrcv argument block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void *)1)
#if defined(SYS_semtimedop_time64) && !defined(SYS_semtimedop)
#define SYS_semtimedop_any SYS_semtimedop_time64
#else
#define SYS_semtimedop_any SYS_semtimedop
#endif

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-36s = -1 errno %d\n", what, errno);
  else
    printf("%-36s = %ld\n", what, r);
}

union semun_ {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

struct mbuf {
  long mtype;
  char mtext[64];
};

static void *ro_page;

static void test_msg(void) {
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  printf("msgget ok: %d\n", id >= 0);
  struct mbuf m = {1, "first"};
  show("msgsnd type 1", msgsnd(id, &m, 6, 0));
  m.mtype = 2;
  strcpy(m.mtext, "second message");
  show("msgsnd type 2", msgsnd(id, &m, 15, 0));
  m.mtype = 0;
  show("msgsnd type 0", msgsnd(id, &m, 1, 0));
  show("msgsnd bad ptr", msgsnd(id, BAD, 4, 0));
  struct msqid_ds ds;
  show("msgctl IPC_STAT", msgctl(id, IPC_STAT, &ds));
  printf("qnum %lu cbytes %lu mode %o uid ok %d lspid ok %d lrpid %d qbytes>0 %d\n",
         (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
         (unsigned)ds.msg_perm.mode & 0777, ds.msg_perm.uid == getuid(), ds.msg_lspid == getpid(),
         (int)ds.msg_lrpid, ds.msg_qbytes > 0);
  struct mbuf r;
  memset(&r, 0, sizeof r);
  show("msgrcv small E2BIG", msgrcv(id, &r, 4, 2, IPC_NOWAIT));
  show("msgrcv type 2", msgrcv(id, &r, sizeof r.mtext, 2, 0));
  printf("got type %ld text '%s'\n", r.mtype, r.mtext);
  memset(&r, 0, sizeof r);
  show("msgrcv NOERROR", msgrcv(id, &r, 3, 0, MSG_NOERROR));
  printf("got type %ld text '%.3s'\n", r.mtype, r.mtext);
  show("msgrcv empty", msgrcv(id, &r, sizeof r.mtext, 0, IPC_NOWAIT));
  m.mtype = 5;
  show("msgsnd type 5", msgsnd(id, &m, 10, 0));
  show("msgrcv into ro page", msgrcv(id, ro_page, 10, 0, IPC_NOWAIT));
  show("msgctl IPC_STAT again", msgctl(id, IPC_STAT, &ds));
  printf("qnum after efault %lu\n", (unsigned long)ds.msg_qnum);
  show("msgctl IPC_STAT bad", syscall(SYS_msgctl, id, IPC_STAT, BAD));
  show("msgctl IPC_SET bad", syscall(SYS_msgctl, id, IPC_SET, BAD));
  ds.msg_perm.mode = 0640;
  show("msgctl IPC_SET", msgctl(id, IPC_SET, &ds));
  msgctl(id, IPC_STAT, &ds);
  printf("mode now %o\n", (unsigned)ds.msg_perm.mode & 0777);
  show("msgctl bad cmd", msgctl(id, 99, &ds));
  show("msgctl IPC_RMID", msgctl(id, IPC_RMID, NULL));
  show("msgsnd after rmid", msgsnd(id, &m, 1, 0));
  show("msgget excl missing", msgget(0x7e3a1111, 0600));
  show("msgsnd negative id", msgsnd(-1, &m, 1, 0));
}

static void test_sem(void) {
  int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
  printf("semget ok: %d\n", id >= 0);
  unsigned short vals[3] = {1, 2, 3}, got[3] = {0};
  union semun_ a;
  a.array = vals;
  show("semctl SETALL", semctl(id, 0, SETALL, a));
  a.array = got;
  show("semctl GETALL", semctl(id, 0, GETALL, a));
  printf("vals %u %u %u\n", got[0], got[1], got[2]);
  struct sembuf op[2] = {{0, -1, 0}, {2, 2, 0}};
  show("semop", semop(id, op, 2));
  show("semctl GETVAL 0", semctl(id, 0, GETVAL));
  show("semctl GETVAL 2", semctl(id, 2, GETVAL));
  show("semctl GETNCNT 0", semctl(id, 0, GETNCNT));
  show("semctl GETPID ok", semctl(id, 0, GETPID) == getpid());
  a.val = 7;
  show("semctl SETVAL", semctl(id, 1, SETVAL, a));
  show("semctl GETVAL 1", semctl(id, 1, GETVAL));
  struct sembuf wait0 = {0, -1, 0};
  struct timespec ts = {0, 1000000};
  show("semtimedop would block", semtimedop(id, &wait0, 1, &ts));
  struct sembuf nw = {0, -1, IPC_NOWAIT};
  show("semop nowait", semop(id, &nw, 1));
  show("semop bad sops", semop(id, BAD, 1));
  show("semop zero nsops", semop(id, op, 0));
  struct sembuf big = {5, 1, 0};
  show("semop EFBIG", semop(id, &big, 1));
  show("semop bad ts", syscall(SYS_semtimedop_any, id, &wait0, 1, BAD));
  struct semid_ds ds;
  a.buf = &ds;
  show("semctl IPC_STAT", semctl(id, 0, IPC_STAT, a));
  printf("nsems %lu mode %o uid ok %d\n", (unsigned long)ds.sem_nsems,
         (unsigned)ds.sem_perm.mode & 0777, ds.sem_perm.uid == getuid());
  show("semctl IPC_STAT bad", syscall(SYS_semctl, id, 0, IPC_STAT, BAD));
  show("semctl GETALL bad", syscall(SYS_semctl, id, 0, GETALL, BAD));
  show("semctl IPC_RMID", semctl(id, 0, IPC_RMID));
  show("semop after rmid", semop(id, op, 1));
}

static int count_sysv_maps(const char *perm) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  int n = 0;
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "/SYSV00000000 (deleted)") && strstr(line, perm)) n++;
  if (f) fclose(f);
  return n;
}

/* The /proc/self/maps line of the mapping at p, without the addresses and
 * the inode (the shmid). */
static void print_sysv_line(void *p) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  unsigned long lo, hi;
  while (f && fgets(line, sizeof line, f)) {
    char perm[8], off[16], dev[16], name[128] = "";
    unsigned long ino;
    if (sscanf(line, "%lx-%lx %7s %15s %15s %lu %127[^\n]", &lo, &hi, perm, off, dev, &ino, name) >=
            6 &&
        lo == (unsigned long)(uintptr_t)p)
      printf("maps: size %lu %s %s %s\n", hi - lo, perm, off, name);
  }
  if (f) fclose(f);
}

static void test_shm(void) {
  size_t size = 8192 + 100;
  int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
  printf("shmget ok: %d\n", id >= 0);
  char *p = shmat(id, NULL, 0);
  printf("shmat NULL ok: %d aligned %d\n", p != (void *)-1, ((uintptr_t)p & 4095) == 0);
  strcpy(p, "parent");
  p[size - 1] = 'z';
  printf("maps rw-s lines: %d\n", count_sysv_maps("rw-s"));
  struct shmid_ds ds;
  show("shmctl IPC_STAT", shmctl(id, IPC_STAT, &ds));
  printf("segsz %lu nattch %lu mode %o cpid ok %d dtime %ld\n", (unsigned long)ds.shm_segsz,
         (unsigned long)ds.shm_nattch, (unsigned)ds.shm_perm.mode & 0777, ds.shm_cpid == getpid(),
         (long)ds.shm_dtime);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    struct shmid_ds cds;
    shmctl(id, IPC_STAT, &cds);
    printf("child sees '%s' nattch %lu\n", p, (unsigned long)cds.shm_nattch);
    strcpy(p, "child wrote");
    fflush(stdout);
    _exit(0);
  }
  int st;
  waitpid(c, &st, 0);
  printf("parent sees '%s' last '%c'\n", p, p[size - 1]);
  /* at a chosen address: a free range found with mmap */
  char *want = mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("shmat over mapping", (long)shmat(id, want, 0));
  show("shmat unaligned", (long)shmat(id, want + 1, 0));
  show("shmat REMAP no addr", (long)shmat(id, NULL, SHM_REMAP));
  char *q = shmat(id, want + 1, SHM_RND | SHM_REMAP | SHM_RDONLY);
  printf("shmat RND|REMAP|RDONLY at want: %d\n", q == want);
  printf("ro view '%s'\n", q);
  printf("maps r--s lines: %d\n", count_sysv_maps("r--s"));
  print_sysv_line(q);
  show("mprotect ro segment writable", mprotect(q, 4096, PROT_READ | PROT_WRITE));
  show("mprotect ro segment none", mprotect(q + 4096, 4096, PROT_NONE));
  shmctl(id, IPC_STAT, &ds);
  printf("nattch %lu\n", (unsigned long)ds.shm_nattch);
  show("shmdt unaligned", shmdt(q + 1));
  show("shmdt middle", shmdt(q + 4096));
  show("shmdt ro", shmdt(q));
  show("shmdt again", shmdt(q));
  printf("maps r--s lines after: %d\n", count_sysv_maps("r--s"));
  /* pieces: a hole punched in the middle, then the head unmapped */
  q = shmat(id, want, SHM_REMAP);
  munmap(q + 4096, 4096);
  printf("pieces after hole: %d\n", count_sysv_maps("rw-s"));
  show("shmdt across hole", shmdt(q));
  printf("pieces left: %d\n", count_sysv_maps("rw-s"));
  q = shmat(id, want, SHM_REMAP);
  munmap(q, 4096);
  show("shmdt headless", shmdt(q));
  printf("pieces left: %d\n", count_sysv_maps("rw-s"));
  munmap(want, 4 * 4096);
  show("shmctl IPC_STAT bad", syscall(SYS_shmctl, id, IPC_STAT, BAD));
  show("shmctl IPC_RMID", shmctl(id, IPC_RMID, NULL));
  shmctl(id, IPC_STAT, &ds);
  printf("after rmid: mode dest %d nattch %lu\n", (ds.shm_perm.mode & SHM_DEST) != 0,
         (unsigned long)ds.shm_nattch);
  printf("still '%s'\n", p);
  show("shmdt", shmdt(p));
  show("shmctl after last detach", shmctl(id, IPC_STAT, &ds));
  show("shmat bad id", (long)shmat(-1, NULL, 0));
  show("shmget size 0", shmget(IPC_PRIVATE, 0, 0600));
  struct shminfo si;
  show("shmctl IPC_INFO >= 0", shmctl(0, IPC_INFO, (struct shmid_ds *)&si) >= 0);
}

#ifdef __i386__
/* The i386 multiplexer with the old layouts. */
struct old_perm {
  int key;
  unsigned short uid, gid, cuid, cgid, mode, seq;
};
struct old_msqid {
  struct old_perm perm;
  unsigned first, last;
  int stime, rtime, ctime;
  unsigned lcbytes, lqbytes;
  unsigned short cbytes, qnum, qbytes, lspid, lrpid;
};
struct old_shmid {
  struct old_perm perm;
  int segsz;
  int atime, dtime, ctime;
  unsigned short cpid, lpid, nattch, unused;
  unsigned unused2, unused3;
};
static void test_ipc32(void) {
  int id = syscall(SYS_ipc, 13 /* MSGGET */, IPC_PRIVATE, IPC_CREAT | 0600, 0, 0, 0);
  printf("ipc MSGGET ok: %d\n", id >= 0);
  struct mbuf m = {3, "old"};
  show("ipc MSGSND", syscall(SYS_ipc, 11, id, 4, 0, &m, 0));
  show("ipc MSGSND bad", syscall(SYS_ipc, 11, id, 4, 0, BAD, 0));
  struct old_msqid od;
  memset(&od, 0xee, sizeof od);
  show("ipc MSGCTL old IPC_STAT", syscall(SYS_ipc, 14, id, IPC_STAT, 0, &od, 0));
  printf("old: qnum %u cbytes %u mode %o lcbytes %u first %u uid ok %d\n", od.qnum, od.cbytes,
         od.perm.mode & 0777u, od.lcbytes, od.first, od.perm.uid == (getuid() & 0xffff));
  struct msqid_ds ds;
  show("ipc MSGCTL IPC_64 IPC_STAT", syscall(SYS_ipc, 14, id, IPC_STAT | 0x100, 0, &ds, 0));
  printf("64: qnum %lu\n", (unsigned long)ds.msg_qnum);
  show("direct msgctl IPC_STAT", syscall(SYS_msgctl, id, IPC_STAT, &ds));
  printf("direct: qnum %lu cbytes %lu\n", (unsigned long)ds.msg_qnum,
         (unsigned long)ds.__msg_cbytes);
  struct mbuf r;
  memset(&r, 0, sizeof r);
  struct {
    void *msgp;
    long msgtyp;
  } k = {&r, 3};
  show("ipc MSGRCV kludge", syscall(SYS_ipc, 12, id, 10, 0, &k, 0));
  printf("got %ld '%s'\n", r.mtype, r.mtext);
  show("ipc MSGRCV kludge NULL", syscall(SYS_ipc, 12, id, 10, 0, NULL, 0));
  m.mtype = 4;
  show("direct msgsnd", syscall(SYS_msgsnd, id, &m, 4, 0));
  memset(&r, 0, sizeof r);
  show("ipc MSGRCV v1", syscall(SYS_ipc, 12 | (1 << 16), id, 10, IPC_NOWAIT, &r, 4));
  printf("got %ld '%s'\n", r.mtype, r.mtext);
  show("direct msgrcv empty", syscall(SYS_msgrcv, id, &r, 10, 0, IPC_NOWAIT));
  show("ipc MSGCTL RMID", syscall(SYS_ipc, 14, id, IPC_RMID, 0, NULL, 0));

  int sid = syscall(SYS_ipc, 2 /* SEMGET */, IPC_PRIVATE, 2, IPC_CREAT | 0600, 0, 0);
  printf("ipc SEMGET ok: %d\n", sid >= 0);
  int arg = 5;
  show("ipc SEMCTL SETVAL", syscall(SYS_ipc, 3, sid, 1, SETVAL, &arg, 0));
  show("ipc SEMCTL GETVAL", syscall(SYS_ipc, 3, sid, 1, GETVAL, &arg, 0));
  show("ipc SEMCTL NULL", syscall(SYS_ipc, 3, sid, 1, GETVAL, NULL, 0));
  show("ipc SEMCTL bad", syscall(SYS_ipc, 3, sid, 1, GETVAL, BAD, 0));
  struct sembuf op = {1, -2, 0};
  show("ipc SEMOP", syscall(SYS_ipc, 1, sid, 1, 0, &op, 0));
  struct {
    int s, ns;
  } ts32 = {0, 1000000};
  op.sem_num = 0;
  op.sem_op = -1;
  show("ipc SEMTIMEDOP", syscall(SYS_ipc, 4, sid, 1, 0, &op, &ts32));
  show("direct semctl GETVAL", syscall(SYS_semctl, sid, 1, GETVAL, 0));
  show("ipc SEMCTL RMID", syscall(SYS_ipc, 3, sid, 0, IPC_RMID, &arg, 0));

  int hid = syscall(SYS_ipc, 23 /* SHMGET */, IPC_PRIVATE, 5000, IPC_CREAT | 0600, 0, 0);
  printf("ipc SHMGET ok: %d\n", hid >= 0);
  unsigned long ra = 0;
  show("ipc SHMAT", syscall(SYS_ipc, 21, hid, 0, &ra, NULL, 0));
  printf("raddr aligned %d\n", ra && (ra & 4095) == 0);
  strcpy((char *)ra, "via ipc");
  show("ipc SHMAT v1", syscall(SYS_ipc, 21 | (1 << 16), hid, 0, &ra, NULL, 0));
  show("ipc SHMAT bad raddr", syscall(SYS_ipc, 21, hid, 0, BAD, NULL, 0));
  struct old_shmid os;
  memset(&os, 0xee, sizeof os);
  show("ipc SHMCTL old IPC_STAT", syscall(SYS_ipc, 24, hid, IPC_STAT, 0, &os, 0));
  printf("old: segsz %d nattch %u mode %o\n", os.segsz, os.nattch, os.perm.mode & 0777u);
  show("ipc SHMDT", syscall(SYS_ipc, 22, 0, 0, 0, ra, 0));
  show("ipc unknown", syscall(SYS_ipc, 99, 0, 0, 0, 0, 0));
  show("ipc SHMCTL RMID", syscall(SYS_ipc, 24, hid, IPC_RMID, 0, NULL, 0));
}
#endif

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  /* Open a file before any segment is attached: emu's first i386 open()
   * probes the host's int $0x80 gate in a forked child (sys_fs32.c), whose
   * exit would detach inherited segments and set shm_dtime/shm_lpid. */
  fclose(fopen("/proc/self/maps", "r"));
  ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  test_msg();
  test_sem();
  test_shm();
#ifdef __i386__
  test_ipc32();
#endif
  return 0;
}
