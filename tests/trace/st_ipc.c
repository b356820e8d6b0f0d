/* st_ipc.c — System V IPC and POSIX message queues for the strace golden
 * test: shmget/shmat/shmdt/shmctl, semget/semop/semctl, msgget/msgsnd/
 * msgrcv/msgctl (through ipc() on i386, shown as these calls), and
 * mq_open/mq_timedsend/mq_timedreceive/mq_getsetattr/mq_unlink.  The
 * kernel-chosen IPC ids are masked by run_strace.sh; every object is
 * private or named per variant, and removed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  void *p = shmat(shm, NULL, SHM_RDONLY);
  shmdt(p);
  shmctl(shm, IPC_RMID, NULL);
  semget(0x7e3a91c5, 0, 0); /* no such key: ENOENT */
  int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | IPC_EXCL | 0600);
  struct sembuf sb[2] = {{0, 1, 0}, {1, 2, IPC_NOWAIT | SEM_UNDO}};
  semop(sem, sb, 2);
  semctl(sem, 0, GETVAL);
  semctl(sem, 0, IPC_RMID);
  int msq = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  struct {
    long type;
    char text[8];
  } m = {1, "hi"};
  msgsnd(msq, &m, 3, 0);
  msgrcv(msq, &m, sizeof m.text, 0, IPC_NOWAIT);
  msgrcv(msq, &m, sizeof m.text, 0, IPC_NOWAIT); /* ENOMSG */
  msgctl(msq, IPC_RMID, NULL);

  char name[32];
  snprintf(name, sizeof name, "/emu-st-ipc-%zu", sizeof(long));
  struct mq_attr ma = {.mq_maxmsg = 4, .mq_msgsize = 16};
  mqd_t mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &ma);
  mq_send(mq, "abc", 3, 5);
  char buf[16];
  unsigned prio = 0;
  mq_receive(mq, buf, sizeof buf, &prio);
  mq_getattr(mq, &ma);
  close(mq);
  mq_unlink(name);
  mq_open(name, O_RDONLY); /* ENOENT */
  printf("%.3s %u\n", buf, prio);
  return 0;
}
