/* sys_procfs_fd.c — descriptors that stand for emulated /proc files, and
 * the one of them with behaviour of its own: /proc/<pid>/mem.
 *
 * A table maps a host descriptor to the emulated file behind it (what
 * readlink of /proc/self/fd/N names, the guest's open flags, mem's file
 * position).  mem mirrors fs/proc/base.c (mem_open, mem_rw, mem_lseek):
 * reads and writes go page by page through uaccess at guest addresses, EIO
 * when the first page cannot be reached and the count so far at a later one,
 * EFAULT for the caller's buffer; the offset is unsigned
 * (FMODE_UNSIGNED_OFFSET), lseek knows SEEK_SET and SEEK_CUR only.  Calls
 * this file does not serve (mmap, sendfile, splice, ioctl, poll) meet the
 * O_PATH host descriptor behind a mem file and fail with EBADF.
 *
 * Not modelled: FOLL_FORCE (the kernel reads PROT_NONE and writes read-only
 * private pages through mem; here those are EIO like unmapped ones), and a
 * mem descriptor that outlives an execve (the new emu does not know it:
 * EBADF, where Linux reads the old, gone mm as end of file).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <linux/magic.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fs.h"

/* --- emulated descriptors --------------------------------------------------------
 * A table from host descriptor to the emulated file it stands for; dup*()
 * share the entry (one file position, as one open file description), close
 * drops it.  After fork each process has its own copy. */

struct pfile {
  int refs;
  enum fs_proc kind;
  int flags;     /* the guest's open flags */
  u64 pos;       /* mem: the file position (unsigned: FMODE_UNSIGNED_OFFSET) */
  char name[64]; /* readlink of /proc/self/fd/N: "/proc/<pid>/maps" */
};

static pthread_mutex_t pf_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pfile **pf_tab;
static int pf_size;
static int pf_count; /* entries in use: the fast "none" answer */

static void pf_atfork_child(void) { pthread_mutex_init(&pf_lock, NULL); }

static void pf_register(void) { pthread_atfork(NULL, NULL, pf_atfork_child); }
static void pf_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, pf_register);
}

static struct pfile *pf_get(int fd) { return fd >= 0 && fd < pf_size ? pf_tab[fd] : NULL; }

static void pf_put(struct pfile *f) {
  if (f && --f->refs == 0) free(f);
}

/* Set fd's entry (NULL clears it); the lock is held. */
static bool pf_set(int fd, struct pfile *f) {
  if (fd < 0) return false;
  if (fd >= pf_size) {
    if (!f) return true;
    int size = pf_size ? pf_size : 64;
    while (size <= fd) size *= 2;
    struct pfile **tab = realloc(pf_tab, size * sizeof *tab);
    if (!tab) return false;
    memset(tab + pf_size, 0, (size - pf_size) * sizeof *tab);
    pf_tab = tab;
    pf_size = size;
  }
  struct pfile *old = pf_tab[fd];
  if (f) f->refs++;
  pf_tab[fd] = f;
  pf_count += (f != NULL) - (old != NULL);
  pf_put(old);
  return true;
}

void fs_proc_fd_dup(int oldfd, long newfd) {
  if (newfd < 0 || newfd == oldfd || !pf_count) return;
  pthread_mutex_lock(&pf_lock);
  pf_set((int)newfd, pf_get(oldfd));
  pthread_mutex_unlock(&pf_lock);
}

void fs_proc_fd_close_range(unsigned first, unsigned last) {
  if (!pf_count) return;
  pthread_mutex_lock(&pf_lock);
  for (unsigned fd = first; fd <= last && fd < (unsigned)pf_size; fd++) pf_set((int)fd, NULL);
  pthread_mutex_unlock(&pf_lock);
}

long fs_proc_install(int fd, int repl, enum fs_proc kind, int flags, const char *name) {
  struct pfile *f = calloc(1, sizeof *f);
  if (!f) {
    close(repl);
    return -ENOMEM;
  }
  f->kind = kind;
  f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
  snprintf(f->name, sizeof f->name, "%s", name);
  long r = fd;
  if (repl == fd) {
    fcntl(fd, F_SETFD, flags & O_CLOEXEC ? FD_CLOEXEC : 0);
  } else {
    r = dup3(repl, fd, flags & O_CLOEXEC) < 0 ? -errno : fd;
    close(repl);
  }
  if (r < 0) {
    free(f);
    return r;
  }
  pf_init();
  pthread_mutex_lock(&pf_lock);
  if (!pf_set(fd, f)) r = -ENOMEM;
  pthread_mutex_unlock(&pf_lock);
  if (r < 0) {
    free(f);
    close(fd);
  }
  return r;
}

/* --- mem --------------------------------------------------------------------------- */

bool fs_proc_mem(int fd) {
  if (!pf_count) return false;
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  bool r = f && f->kind == FS_PROC_MEM;
  pthread_mutex_unlock(&pf_lock);
  return r;
}

/* mem_rw() for one buffer: page by page through uaccess; EIO when the first
 * page cannot be reached, the count so far at a later one. */
static long mem_rw(struct task *t, u64 buf, u64 count, u64 *addr, bool write) {
  u8 page[PAGE_SIZE];
  long copied = 0;
  while (count > 0) {
    u64 len = PAGE_UP(*addr + 1) - *addr;
    if (len > count) len = count;
    if (write && copy_from_user(MM(t), page, buf, len)) return -EFAULT;
    int e = write ? copy_to_user(MM(t), *addr, page, len) : copy_from_user(MM(t), page, *addr, len);
    if (e) return copied ? copied : -EIO;
    if (!write && copy_to_user(MM(t), buf, page, len)) return -EFAULT;
    buf += len;
    *addr += len;
    copied += len;
    count -= len;
  }
  return copied;
}

long fs_proc_mem_rw(struct task *t, int fd, const struct fs_iov *v, u64 cnt, i64 pos, int how) {
  bool write = how & FS_MEM_WRITE, positional = how & FS_MEM_POS;
  if (positional && pos < 0) return -EINVAL; /* ksys_pread64, do_preadv: first */
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  long r = -EBADF;
  int acc = f ? f->flags & O_ACCMODE : -1;
  if (!f || (write ? acc == O_RDONLY : acc == O_WRONLY)) goto out;
  r = -EINVAL;
  if (cnt > LX_UIO_MAXIOV) goto out;
  r = -EFAULT;
  if (!v) goto out;
  r = -EINVAL;
  u64 total = 0;
  for (u64 i = 0; i < cnt; i++) { /* import_iovec: access_ok, the sum's bound */
    if (v[i].base + v[i].len < v[i].base || v[i].base + v[i].len > LX_TASK_SIZE_MAX) {
      r = -EFAULT;
      goto out;
    }
    if (v[i].len > (u64)SSIZE_MAX || (total += v[i].len) > (u64)SSIZE_MAX) goto out;
  }
  u64 addr = positional ? (u64)pos : f->pos;
  u64 room = INT_MAX & ~(u64)(PAGE_SIZE - 1); /* MAX_RW_COUNT */
  long done = 0;
  r = 0;
  /* do_loop_readv_writev(): one element at a time, stopping at a short one. */
  for (u64 i = 0; i < cnt && room; i++) {
    u64 len = v[i].len < room ? v[i].len : room;
    u64 a = addr;
    long k = mem_rw(t, v[i].base, len, &a, write);
    if (k < 0) {
      r = done ? done : k;
      if (!positional) f->pos = a; /* mem_rw: *ppos = addr, whatever happened */
      goto out;
    }
    addr += k;
    done += k;
    room -= k;
    if ((u64)k < len) break;
  }
  if (!positional) f->pos = addr;
  r = done;
out:
  pthread_mutex_unlock(&pf_lock);
  return r;
}

long fs_proc_mem_lseek(int fd, i64 off, u32 whence) {
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  long r;
  if (!f)
    r = -EBADF;
  else if (whence == SEEK_SET)
    r = (long)(f->pos = (u64)off);
  else if (whence == SEEK_CUR)
    r = (long)(f->pos += (u64)off);
  else
    r = -EINVAL;
  pthread_mutex_unlock(&pf_lock);
  return r;
}

long fs_proc_getfl(int fd, long host) {
  if (host < 0 || !pf_count) return host;
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  if (f && f->kind == FS_PROC_MEM) host = f->flags | LX_O_LARGEFILE;
  pthread_mutex_unlock(&pf_lock);
  return host;
}

long fs_proc_setfl(int fd, long arg, bool *handled) {
  *handled = false;
  if (!pf_count) return 0;
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  if (f && f->kind == FS_PROC_MEM) { /* setfl(): only these flags change */
    int mask = O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME | O_ASYNC;
    f->flags = (f->flags & ~mask) | ((int)arg & mask);
    *handled = true;
  }
  pthread_mutex_unlock(&pf_lock);
  return 0;
}

bool fs_proc_fd_name(int fd, char *name, size_t size) {
  if (!pf_count) return false;
  pthread_mutex_lock(&pf_lock);
  struct pfile *f = pf_get(fd);
  if (f) snprintf(name, size, "%s", f->name);
  pthread_mutex_unlock(&pf_lock);
  return f != NULL;
}

bool fs_fd_path(int fd, char *buf, size_t size) {
  if (fd < 0 || size < 2 || fs_fd_reserved(fd)) return false;
  if (fs_proc_fd_name(fd, buf, size)) return true;
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, size - 1);
  if (n < 0) return false;
  buf[n] = 0;
  return true;
}
