/* proc_vm_access.c — process_vm_readv and process_vm_writev
 * (mm/process_vm_access.c) between a parent and its forked child, and of
 * oneself: scatter and gather over several iovecs on both sides; a remote
 * range that runs into an unmapped page (the count up to it), one that
 * starts there (EFAULT), one in read-only memory for a write (EFAULT), one
 * far above the program (EFAULT); a local buffer that runs into an unmapped
 * page (the count up to the fault), one that is read-only for a read;
 * the argument checks in the kernel's order: flags (EINVAL), the local
 * iovecs (more than UIO_MAXIOV: EINVAL; the array unreadable, a base in
 * the kernel's half: EFAULT), nothing to copy (0, whatever the pid and the
 * remote iovecs), the remote iovecs (EINVAL, EFAULT), then the pid (ESRCH).
 * The child prints what the parent wrote into it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

static const char *ename(int e) {
  static char buf[32];
  switch (e) {
  case 0: return "0";
  case EFAULT: return "EFAULT";
  case EINVAL: return "EINVAL";
  case ESRCH: return "ESRCH";
  case EPERM: return "EPERM";
  case ENOSYS: return "ENOSYS";
  case ENOMEM: return "ENOMEM";
  }
  snprintf(buf, sizeof buf, "errno %d", e);
  return buf;
}

/* The raw calls: the C libraries' wrappers pass the arguments unchanged,
 * but musl's may be missing; the syscall() form is the same everywhere. */
static long vm_rw(int write, pid_t pid, const struct iovec *l, unsigned long ln,
                  const struct iovec *r, unsigned long rn, unsigned long flags) {
  errno = 0;
  long k = syscall(write ? SYS_process_vm_writev : SYS_process_vm_readv, pid, l, ln, r, rn, flags);
  return k < 0 ? -errno : k;
}

static void show(const char *what, long k) {
  if (k < 0)
    printf("%-44s -1 %s\n", what, ename((int)-k));
  else
    printf("%-44s %ld\n", what, k);
}

/* In the child: a string the parent reads, a page it writes, a read-only
 * page, and a page followed by a hole (the page after it unmapped). */
static char message[64] = "not yet";
static char *area; /* 4 pages: rw, ro, rw, hole */

static void layout(void) {
  area = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) exit(2);
  munmap(area + 3 * PG, PG);
  memset(area, 'a', PG);
  memset(area + PG, 'b', PG);
  memset(area + 2 * PG, 'c', PG);
  memcpy(area + 2 * PG - 8, "tail-of-", 8); /* ends the read-only page */
  mprotect(area + PG, PG, PROT_READ);
}

static void child_side(int rd, int wr) {
  strcpy(message, "hello from the child");
  char c = 1;
  if (write(wr, &c, 1) != 1) _exit(3);
  if (read(rd, &c, 1) != 1) _exit(3); /* the parent is done */
  printf("child: message now \"%s\"\n", message);
  printf("child: area[0..15] \"%.16s\"\n", area);
  printf("child: before the hole \"%.4s\"\n", area + 3 * PG - 4);
  printf("child: read-only page starts \"%.4s\"\n", area + PG);
  fflush(stdout);
  _exit(0);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  layout();
  int p2c[2], c2p[2];
  if (pipe(p2c) || pipe(c2p)) return 2;
  pid_t pid = fork();
  if (pid == 0) {
    close(p2c[1]);
    close(c2p[0]);
    child_side(p2c[0], c2p[1]);
  }
  close(p2c[0]);
  close(c2p[1]);
  char c;
  if (read(c2p[0], &c, 1) != 1) return 2;

  char buf[256];
  struct iovec l1 = {buf, sizeof buf};
  long k;

  /* A plain read of the child's string (ours still says "not yet"). */
  memset(buf, 0, sizeof buf);
  struct iovec r1 = {message, sizeof message};
  k = vm_rw(0, pid, &l1, 1, &r1, 1, 0);
  show("read message", k);
  printf("  got \"%s\", ours \"%s\"\n", buf, message);

  /* Scatter: three remote pieces into two local buffers. */
  char x[5] = {0}, y[40] = {0};
  struct iovec l2[2] = {{x, 4}, {y, 20}};
  struct iovec r2[3] = {{message, 6}, {message + 11, 3}, {area + 2 * PG - 8, 8}};
  k = vm_rw(0, pid, l2, 2, r2, 3, 0);
  show("scatter 3 remote into 2 local", k);
  printf("  x \"%s\" y \"%s\"\n", x, y);

  /* The local buffers run out first: only 10 bytes are asked for. */
  struct iovec l3 = {buf, 10};
  k = vm_rw(0, pid, &l3, 1, &r1, 1, 0);
  show("local shorter than remote", k);

  /* A remote range into the hole: the count up to it. */
  struct iovec r4 = {area + 3 * PG - 100, 200};
  k = vm_rw(0, pid, &l1, 1, &r4, 1, 0);
  show("remote runs into an unmapped page", k);
  struct iovec r5 = {area + 3 * PG, 16};
  k = vm_rw(0, pid, &l1, 1, &r5, 1, 0);
  show("remote starts in an unmapped page", k);
  struct iovec r6[2] = {{message, 8}, {area + 3 * PG, 8}};
  k = vm_rw(0, pid, &l1, 1, r6, 2, 0);
  show("second remote iovec unmapped", k);
  struct iovec r7 = {(void *)(uintptr_t)(sizeof(void *) == 8 ? 0x500000000000ull : 0xfffff000u), 8};
  k = vm_rw(0, pid, &l1, 1, &r7, 1, 0);
  show("remote far above the program", k);

  /* Local buffers that fault: our own hole and read-only page. */
  struct iovec l8 = {area + 3 * PG - 24, 64};
  struct iovec r8 = {area, 64};
  k = vm_rw(0, pid, &l8, 1, &r8, 1, 0);
  show("local runs into an unmapped page", k);
  struct iovec l9 = {area + PG, 16};
  k = vm_rw(0, pid, &l9, 1, &r8, 1, 0);
  show("local read-only for a read", k);
  printf("  our read-only page starts \"%.4s\"\n", area + PG);

  /* Writes into the child. */
  struct iovec w1 = {"written by the parent", 22};
  struct iovec rw1 = {message, 22};
  k = vm_rw(1, pid, &w1, 1, &rw1, 1, 0);
  show("write message", k);
  struct iovec w2[2] = {{"XYZW", 4}, {"1234", 4}};
  struct iovec rw2[2] = {{area, 2}, {area + 3 * PG - 4, 6}};
  k = vm_rw(1, pid, w2, 2, rw2, 2, 0);
  show("gather 2 local into 2 remote", k);
  struct iovec rw3 = {area + PG, 4};
  k = vm_rw(1, pid, &w1, 1, &rw3, 1, 0);
  show("write into a read-only page", k);
  struct iovec rw4 = {area + 3 * PG - 2, 4};
  k = vm_rw(1, pid, &w1, 1, &rw4, 1, 0);
  show("write runs into an unmapped page", k);
  struct iovec wl = {area + 3 * PG - 3, 8}; /* our own hole as the source */
  struct iovec rw5 = {area + 8, 8};
  k = vm_rw(1, pid, &wl, 1, &rw5, 1, 0);
  show("write from a local buffer that faults", k);

  /* The checks, in the kernel's order. */
  k = vm_rw(0, pid, &l1, 1, &r1, 1, 1);
  show("flags 1", k);
  k = vm_rw(0, pid, &l1, 1025, &r1, 1, 0);
  show("1025 local iovecs", k);
  k = vm_rw(0, pid, (void *)8, 1, &r1, 1, 0);
  show("local iovec array unreadable", k);
  struct iovec lk = {(void *)(uintptr_t)(sizeof(void *) == 8 ? 0xffff800000000000ull : 0xc0000000u), 8};
  k = vm_rw(0, pid, &lk, 1, &r1, 1, 0);
  show("local base in the kernel's half", k);
  struct iovec l0 = {buf, 0};
  k = vm_rw(0, 0x3ffffff0, &l0, 1, (void *)8, 1025, 0);
  show("nothing to copy: no pid, bad remote", k);
  k = vm_rw(0, pid, &l1, 1, &r1, 1025, 0);
  show("1025 remote iovecs", k);
  k = vm_rw(0, pid, &l1, 1, (void *)8, 1, 0);
  show("remote iovec array unreadable", k);
  struct iovec rneg = {message, (size_t)-1};
  k = vm_rw(0, pid, &l1, 1, &rneg, 1, 0);
  show("remote length negative", k);
  struct iovec r00 = {message, 0};
  k = vm_rw(0, 0x3ffffff0, &l1, 1, &r00, 1, 0);
  show("remote empty, no such pid", k);
  k = vm_rw(0, 0x3ffffff0, &l1, 1, &r1, 1, 0);
  show("no such pid", k);

  /* Oneself. */
  static char mine[] = "my own words";
  memset(buf, 0, sizeof buf);
  struct iovec rs = {mine, sizeof mine};
  k = vm_rw(0, getpid(), &l1, 1, &rs, 1, 0);
  show("read oneself", k);
  printf("  got \"%s\"\n", buf);
  struct iovec ws = {"MY", 2};
  k = vm_rw(1, getpid(), &ws, 1, &rs, 1, 0);
  show("write oneself", k);
  printf("  now \"%s\"\n", mine);

  c = 0;
  if (write(p2c[1], &c, 1) != 1) return 2;
  int st;
  waitpid(pid, &st, 0);
  printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return 0;
}
