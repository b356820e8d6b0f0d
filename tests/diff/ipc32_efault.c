// diff-only: gcc32
/* ipc32_efault.c — the i386 conversions of System V IPC, message queues and
 * clocks with bad and half-mapped pointers, through the raw direct calls and
 * the ipc(2) multiplexer: EFAULT after the work for the *_INFO and *_STAT
 * results, before it for IPC_SET; signed sizes (msgsnd/msgrcv's compat
 * ssize_t); msgmax; the 32-bit mtype read first; shmat's address limits in a
 * 4 GiB space; and the direct calls' commands with IPC_64 set, which the
 * kernel's inner helpers see as other commands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD ((void *)1)

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-36s = -1 errno %d\n", what, errno);
  else
    printf("%-36s = %ld\n", what, r);
}

/* Direct msgctl/semctl/shmctl with the IPC_64 bit in the command. */
static void ipc64_direct(void) {
  int s = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
  unsigned short v[2] = {4, 5};
  char buf[256];
  show("sem SETVAL|64", syscall(SYS_semctl, s, 0, SETVAL | 0x100, 7));
  show("sem GETVAL|64", syscall(SYS_semctl, s, 0, GETVAL | 0x100, 0));
  show("sem GETVAL", syscall(SYS_semctl, s, 0, GETVAL, 0));
  show("sem SETALL|64", syscall(SYS_semctl, s, 0, SETALL | 0x100, v));
  show("sem GETALL|64", syscall(SYS_semctl, s, 0, GETALL | 0x100, v));
  show("sem GETNCNT|64 bad id", syscall(SYS_semctl, s + 1, 0, GETNCNT | 0x100, 0));
  show("sem IPC_STAT|64 is id", syscall(SYS_semctl, s, 0, IPC_STAT | 0x100, buf) == s);
  show("sem SEM_INFO|64", syscall(SYS_semctl, s, 0, SEM_INFO | 0x100, buf) >= 0);
  show("sem IPC_SET|64", syscall(SYS_semctl, s, 0, IPC_SET | 0x100, buf));
  show("sem IPC_SET|64 bad", syscall(SYS_semctl, s, 0, IPC_SET | 0x100, BAD));
  show("sem IPC_RMID|64", syscall(SYS_semctl, s, 0, IPC_RMID | 0x100, 0));
  show("sem 99|64", syscall(SYS_semctl, s, 0, 99 | 0x100, 0));
  int q = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
  show("msg IPC_STAT|64 is id", syscall(SYS_msgctl, q, IPC_STAT | 0x100, buf) == q);
  show("msg MSG_STAT_ANY|64 is id", syscall(SYS_msgctl, q, 13 | 0x100, buf) == q);
  show("msg IPC_SET|64", syscall(SYS_msgctl, q, IPC_SET | 0x100, buf));
  show("msg MSG_INFO|64", syscall(SYS_msgctl, q, MSG_INFO | 0x100, buf) >= 0);
  show("msg IPC_RMID|64", syscall(SYS_msgctl, q, IPC_RMID | 0x100, 0));
  show("msg IPC_RMID|64 bad id", syscall(SYS_msgctl, q + 1, IPC_RMID | 0x100, 0));
  int h = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  show("shm IPC_STAT|64", syscall(SYS_shmctl, h, IPC_STAT | 0x100, buf));
  show("shm IPC_RMID|64", syscall(SYS_shmctl, h, IPC_RMID | 0x100, 0));
  syscall(SYS_semctl, s, 0, IPC_RMID, 0);
  syscall(SYS_msgctl, q, IPC_RMID, 0);
  syscall(SYS_shmctl, h, IPC_RMID, 0);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  /* a page whose second half runs into an unmapped page, and a read-only one */
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *two = mmap(NULL, 12288, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(two + 4096, 4096);
  char *edge = two + 4096 - 20;

  int q = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
  show("msgctl IPC_INFO bad", syscall(SYS_msgctl, q, IPC_INFO, BAD) >= 0);
  show("msgctl MSG_INFO ro", syscall(SYS_msgctl, q, MSG_INFO, ro));
  show("msgctl IPC_STAT edge", syscall(SYS_msgctl, q, IPC_STAT, edge));
  show("msgctl IPC_SET edge", syscall(SYS_msgctl, q, IPC_SET, edge));
  show("msgctl IPC_STAT ro", syscall(SYS_msgctl, q, IPC_STAT, ro));
  show("msgctl negative id", syscall(SYS_msgctl, -1, IPC_STAT, BAD));
  show("msgctl negative cmd", syscall(SYS_msgctl, q, -1, BAD));
  show("ipc MSGCTL old edge", syscall(SYS_ipc, 14, q, IPC_STAT, 0, two + 4096 - 40, 0));
  show("ipc MSGCTL old IPC_SET ro ok", syscall(SYS_ipc, 14, q, IPC_STAT, 0, two, 0));
  show("ipc MSGCTL old IPC_SET", syscall(SYS_ipc, 14, q, IPC_SET, 0, two, 0));
  struct {
    long mtype;
    char text[8];
  } m = {1, "abc"};
  show("msgsnd negative size", syscall(SYS_msgsnd, q, &m, -1, 0));
  show("msgsnd huge size", syscall(SYS_msgsnd, q, &m, 1 << 30, 0));
  show("msgsnd bad ptr bad id", syscall(SYS_msgsnd, -1, BAD, 4, 0));
  *(long *)(edge + 12) = 1; /* an mtype before the unmapped page */
  show("msgsnd text runs off", syscall(SYS_msgsnd, q, edge + 12, 100, IPC_NOWAIT));
  show("msgsnd qbytes 0", syscall(SYS_msgsnd, q, &m, 4, IPC_NOWAIT));
  struct msqid_ds ds;
  syscall(SYS_msgctl, q, IPC_STAT, &ds);
  printf("qbytes after old IPC_SET %lu\n", (unsigned long)ds.msg_qbytes);
  ds.msg_qbytes = 1000;
  show("msgctl IPC_SET qbytes", syscall(SYS_msgctl, q, IPC_SET, &ds));
  show("msgsnd", syscall(SYS_msgsnd, q, &m, 4, IPC_NOWAIT));
  show("msgrcv negative size", syscall(SYS_msgrcv, q, &m, -1, 0, 0));
  show("msgrcv mtype runs off", syscall(SYS_msgrcv, q, two + 4096 - 2, 8, 0, IPC_NOWAIT));
  show("msgrcv lost", syscall(SYS_msgrcv, q, &m, 8, 0, IPC_NOWAIT));
  syscall(SYS_msgctl, q, IPC_RMID, NULL);

  int s = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
  show("semctl IPC_INFO ro", syscall(SYS_semctl, s, 0, IPC_INFO, ro) >= 0);
  show("semctl SEM_INFO bad", syscall(SYS_semctl, s, 0, SEM_INFO, BAD) >= 0);
  show("semctl IPC_STAT edge", syscall(SYS_semctl, s, 0, IPC_STAT, edge));
  show("semctl IPC_SET bad", syscall(SYS_semctl, s, 0, IPC_SET, BAD));
  show("semctl SETALL edge", syscall(SYS_semctl, s, 0, SETALL, two + 4096 - 2));
  show("semctl GETALL edge", syscall(SYS_semctl, s, 0, GETALL, two + 4096 - 2));
  show("semctl SETVAL -1", syscall(SYS_semctl, s, 0, SETVAL, -1));
  show("semctl SETVAL 3", syscall(SYS_semctl, s, 0, SETVAL, 3));
  show("semctl GETVAL", syscall(SYS_semctl, s, 0, GETVAL, 0));
  void *arg = edge;
  show("ipc SEMCTL old IPC_STAT edge", syscall(SYS_ipc, 3, s, 0, IPC_STAT, &arg, 0));
  struct sembuf op = {0, -1, 0};
  show("semtimedop_time64 bad ts", syscall(SYS_semtimedop_time64, s, &op, 1, BAD));
  long long ts64[2] = {0, 1000000 | (0xffffffffLL << 32)}; /* padding half ignored */
  show("semtimedop_time64 padded", syscall(SYS_semtimedop_time64, s, &op, 1, ts64));
  show("semtimedop_time64 blocks", syscall(SYS_semtimedop_time64, s, &op, 1, ts64));
  show("ipc SEMTIMEDOP bad ts", syscall(SYS_ipc, 4, s, 1, 0, &op, BAD));
  syscall(SYS_semctl, s, 0, IPC_RMID, 0);

  int h = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  show("shmctl IPC_INFO bad", syscall(SYS_shmctl, h, IPC_INFO, BAD) >= 0);
  show("shmctl SHM_INFO ro", syscall(SYS_shmctl, h, SHM_INFO, ro) >= 0);
  show("shmctl IPC_STAT edge", syscall(SYS_shmctl, h, IPC_STAT, edge));
  show("ipc SHMCTL old IPC_INFO bad", syscall(SYS_ipc, 24, h, IPC_INFO, 0, BAD, 0) >= 0);
  show("shmat fixed at top", syscall(SYS_shmat, h, (void *)0xfffff000, 0));
  show("shmat fixed low", syscall(SYS_shmat, h, (void *)0x1000, 0));
  unsigned long a = syscall(SYS_shmat, h, NULL, SHM_RDONLY);
  printf("shmat ro ok %d\n", a != -1ul && (a & 4095) == 0);
  show("shmdt", syscall(SYS_shmdt, a));
  syscall(SYS_shmctl, h, IPC_RMID, NULL);

  show("mq_open bad attr", syscall(SYS_mq_open, "emu_q32_never", O_RDWR | O_CREAT, 0600, BAD));
  show("mq_open attr runs off",
       syscall(SYS_mq_open, "emu_q32_never", O_RDWR | O_CREAT, 0600, edge));
  show("mq_getsetattr new edge", syscall(SYS_mq_getsetattr, 0, edge, NULL));
  show("adjtimex edge", syscall(SYS_adjtimex, two + 4096 - 100));
  show("clock_adjtime edge", syscall(SYS_clock_adjtime, 0, two + 4096 - 100));
  show("clock_adjtime64 bad", syscall(SYS_clock_adjtime64, 0, BAD));
  show("clock_settime64 bad clock", syscall(SYS_clock_settime64, 99, BAD));
  show("clock_settime bad", syscall(SYS_clock_settime, 0, BAD));
  show("pidfd_send_signal edge", syscall(SYS_pidfd_send_signal, 0, 10, edge, 0));
  ipc64_direct();
  return 0;
}
