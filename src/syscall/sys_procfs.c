/* sys_procfs.c — the guest's view of its own /proc entries.
 *
 * emu is the host process, so the host's /proc/<pid> describes emu: its
 * memory (mem, whose offsets are host addresses: a guest writing there would
 * write emu's heap), its layout (maps, smaps, map_files/ ...), its sizes
 * (status, stat, statm show the 32 TiB reservation) and its program (exe).
 * Every way of naming such an entry is closed at one point, after the host
 * has resolved the name: an opened descriptor that lies on procfs
 * (fstatfs PROC_SUPER_MAGIC) is named by the host's /proc/self/fd/N link
 * ("/proc/<pid>/mem", "/proc/<pid>/task/<tid>/maps" ...), whatever route the
 * guest took: /proc/self, /proc/thread-self, /proc/<pid>, a symlink, a dirfd,
 * the cwd, /dev/fd/N.  Entries of this process (its pid or one of its tids)
 * are then served from the guest's state:
 *
 *   mem        an emulated file: reads and writes go through uaccess at guest
 *              addresses (fs/proc/base.c mem_rw: EIO where nothing is copied,
 *              EFAULT for the caller's buffer, mem_lseek); the host descriptor
 *              behind it is an O_PATH one, so any call emu does not route here
 *              fails with EBADF instead of reaching emu's memory
 *   maps, auxv, cmdline, environ, status, stat, statm
 *              a read-only snapshot (memfd) of the text the kernel would
 *              produce from the guest's mm (task_mmu.c, array.c, base.c)
 *   smaps, smaps_rollup, numa_maps, pagemap, map_files/, syscall
 *              refused (EACCES, as a failed ptrace access check): their
 *              content is page-table and register state emu has no faithful
 *              guest view of, and the host's names host addresses
 *   exe        the guest's program (open, readlink, stat, execve)
 *
 * The same entries of another process (a child emu) are emu's too: mem,
 * pagemap, map_files/, smaps* and syscall are refused there as well, so no
 * guest reaches any emu's memory; their text views are the host's.
 */
#define _GNU_SOURCE
#include <linux/magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "fs.h"

/* --- names -------------------------------------------------------------------- */

static const struct {
  const char *name;
  enum fs_proc kind;
} proc_names[] = {
    {"exe", FS_PROC_EXE},         {"maps", FS_PROC_MAPS},         {"auxv", FS_PROC_AUXV},
    {"cmdline", FS_PROC_CMDLINE}, {"environ", FS_PROC_ENVIRON},   {"status", FS_PROC_STATUS},
    {"stat", FS_PROC_STAT},       {"statm", FS_PROC_STATM},       {"mem", FS_PROC_MEM},
    {"smaps", FS_PROC_DENY},      {"smaps_rollup", FS_PROC_DENY}, {"numa_maps", FS_PROC_DENY},
    {"pagemap", FS_PROC_DENY},    {"map_files", FS_PROC_DENY},    {"syscall", FS_PROC_DENY},
};

static enum fs_proc proc_name(const char *s) {
  for (size_t i = 0; i < ARRAY_SIZE(proc_names); i++)
    if (!strcmp(s, proc_names[i].name)) return proc_names[i].kind;
  return FS_PROC_NONE;
}

/* Split an absolute path into components, removing empty and "." ones and
 * resolving ".." lexically; -1 when it does not fit. */
enum { MAXC = 8 };
static int split(const char *abspath, char *buf, size_t size, const char *comp[MAXC]) {
  int n = 0;
  if (abspath[0] != '/' || strlen(abspath) >= size) return -1;
  strcpy(buf, abspath);
  for (char *save = NULL, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
    if (!strcmp(c, ".")) continue;
    if (!strcmp(c, "..")) {
      if (n > 0) n--;
      continue;
    }
    if (n == MAXC) return -1;
    comp[n++] = c;
  }
  return n;
}

/* The entry named by comp[i..n): <entry> or map_files/<range>. */
static enum fs_proc entry_kind(const char *const *comp, int i, int n) {
  if (n - i == 1) return proc_name(comp[i]);
  if (n - i == 2 && !strcmp(comp[i], "map_files")) return FS_PROC_MAP_FILE;
  return FS_PROC_NONE;
}

/* --- what the host resolved ------------------------------------------------------ */

/* A procfs pid directory name: the pid, or -1. */
static int pid_of(const char *s) {
  if (*s < '1' || *s > '9' || strlen(s) > 9) return -1;
  for (const char *c = s; *c; c++)
    if (*c < '0' || *c > '9') return -1;
  return atoi(s);
}

/* Whether n is this process or one of its threads (guest tids are host tids). */
static bool own_id(int n) {
  if (n == getpid()) return true;
  char b[48];
  snprintf(b, sizeof b, "/proc/self/task/%d", n);
  return n > 0 && !access(b, F_OK);
}

enum fs_proc fs_proc_canon(const char *canon, int *pid, int *tid, int *fdnum) {
  char buf[PATH_MAX];
  const char *comp[MAXC];
  int n = split(canon, buf, sizeof buf, comp);
  *pid = *tid = *fdnum = -1;
  for (int e = 1; e <= 2 && e < n; e++) { /* entry length: 1, or 2 for map_files/x, fd/N */
    int i = n - e;
    for (int task = 1; task >= 0; task--) { /* the longer form first */
      int p = i - 1 - 2 * task;             /* <pid> */
      if (p < 0 || pid_of(comp[p]) < 0) continue;
      if (task && (strcmp(comp[p + 1], "task") || pid_of(comp[p + 2]) < 0)) continue;
      enum fs_proc k = entry_kind(comp, i, n);
      if (k == FS_PROC_NONE && e == 2 &&
          (!strcmp(comp[i], "fd") || !strcmp(comp[i], "fdinfo")) &&
          (pid_of(comp[i + 1]) >= 0 || !strcmp(comp[i + 1], "0"))) {
        k = comp[i][2] ? FS_PROC_FDINFO : FS_PROC_FDLINK; /* fdinfo/N, fd/N */
        *fdnum = atoi(comp[i + 1]);
      }
      if (k == FS_PROC_NONE) continue;
      *pid = pid_of(comp[p]);
      if (task) *tid = pid_of(comp[p + 2]);
      return k;
    }
  }
  return FS_PROC_NONE;
}

/* The kind of the procfs file open as host descriptor fd, with its host name
 * in canon; FS_PROC_NONE for anything else. */
static enum fs_proc fd_kind(int fd, char *canon, size_t size, bool *own, int *fdnum, int *pidp) {
  struct statfs sf;
  if (fstatfs(fd, &sf) || sf.f_type != PROC_SUPER_MAGIC) return FS_PROC_NONE;
  char link[48];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = readlink(link, canon, size - 1);
  if (k <= 0) return FS_PROC_NONE;
  canon[k] = 0;
  int pid, tid;
  enum fs_proc kind = fs_proc_canon(canon, &pid, &tid, fdnum);
  *own = kind != FS_PROC_NONE && own_id(pid) && (tid < 0 || own_id(tid));
  if (pidp) *pidp = pid;
  return kind;
}

/* Resolve (dirfd, path) as the host would, following a final symlink when
 * follow says so (ordinary symlinks by their text; up to 40, as the kernel's
 * MAXSYMLINKS), and classify the file reached.  The /proc magic links
 * (fd/N, cwd, root) are not followed: the caller meets what they lead to. */
static enum fs_proc resolve(int dirfd, const char *path, bool follow, bool *own, int *fdnum,
                            int *pid) {
  char cur[PATH_MAX], canon[PATH_MAX];
  *own = false;
  if (!path || !path[0] || strlen(path) >= sizeof cur) return FS_PROC_NONE;
  strcpy(cur, path);
  for (int hops = 0; hops <= 40; hops++) {
    int o = openat(dirfd, cur, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (o < 0) return FS_PROC_NONE;
    enum fs_proc k = fd_kind(o, canon, sizeof canon, own, fdnum, pid);
    struct stat st;
    ssize_t n = -1;
    if (k == FS_PROC_NONE && follow && !fstat(o, &st) && S_ISLNK(st.st_mode)) {
      char tgt[PATH_MAX], link[48];
      n = readlinkat(o, "", tgt, sizeof tgt - 1);
      snprintf(link, sizeof link, "/proc/self/fd/%d", o);
      ssize_t c = n > 0 ? readlink(link, canon, sizeof canon - 1) : -1;
      if (c > 0) {
        tgt[n] = 0;
        canon[c] = 0;
        char *slash = strrchr(canon, '/');
        if (slash) slash[1] = 0;
        if (tgt[0] == '/')
          snprintf(cur, sizeof cur, "%s", tgt);
        else if ((size_t)snprintf(cur, sizeof cur, "%s%s", canon, tgt) >= sizeof cur)
          n = -1;
        dirfd = AT_FDCWD;
      } else {
        n = -1;
      }
    }
    close(o);
    if (n <= 0) return k;
  }
  return FS_PROC_NONE;
}

static struct stat emu_exe;
static pthread_once_t emu_exe_once = PTHREAD_ONCE_INIT;
static void emu_exe_init(void) {
  if (stat("/proc/self/exe", &emu_exe)) memset(&emu_exe, 0, sizeof emu_exe);
}

/* Whether st is emu's own program, which a guest reaches through an exe link. */
static bool is_emu_exe(const struct stat *st) {
  pthread_once(&emu_exe_once, emu_exe_init);
  return emu_exe.st_ino && st->st_dev == emu_exe.st_dev && st->st_ino == emu_exe.st_ino;
}

/* --- emu's own descriptors are not listed ------------------------------------------ */

/* Whether pid is an emu (this one or another: their reserved descriptors are
 * the same numbers, handed down through execve). */
static bool emu_pid(int pid) {
  if (own_id(pid)) return true;
  char b[48];
  struct stat st;
  snprintf(b, sizeof b, "/proc/%d/exe", pid);
  return pid > 0 && !stat(b, &st) && is_emu_exe(&st);
}

bool fs_proc_hidden(int dirfd, const char *path, bool follow) {
  if (!fs_fd_any_reserved() || !path || !path[0]) return false;
  bool own;
  int fdnum, pid;
  enum fs_proc k = resolve(dirfd, path, follow, &own, &fdnum, &pid);
  return (k == FS_PROC_FDLINK || k == FS_PROC_FDINFO) && fs_fd_reserved(fdnum) && emu_pid(pid);
}

bool fs_proc_fd_dir(int fd) {
  if (!fs_fd_any_reserved()) return false;
  struct statfs sf;
  if (fstatfs(fd, &sf) || sf.f_type != PROC_SUPER_MAGIC) return false;
  char link[48], canon[PATH_MAX], buf[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = readlink(link, canon, sizeof canon - 1);
  if (k <= 0) return false;
  canon[k] = 0;
  const char *comp[MAXC];
  int n = split(canon, buf, sizeof buf, comp);
  if (n < 2 || (strcmp(comp[n - 1], "fd") && strcmp(comp[n - 1], "fdinfo"))) return false;
  /* <pid>/fd or <pid>/task/<tid>/fd: the process is the pid's */
  int pid = n >= 4 && !strcmp(comp[n - 3], "task") ? pid_of(comp[n - 4]) : pid_of(comp[n - 2]);
  return emu_pid(pid);
}

bool fs_fd_reserved_name(const char *name) {
  int n = pid_of(name); /* a decimal without a leading zero (fd 0 is stdin: never reserved) */
  return n > 0 && fs_fd_reserved(n);
}

long fs_dirents_hide(char *buf, long n, size_t name_off) {
  long in = 0, out = 0;
  while (in + (long)name_off < n) {
    u16 reclen;
    memcpy(&reclen, buf + in + 16, sizeof reclen);
    if (reclen <= name_off || in + reclen > n) break;
    if (!fs_fd_reserved_name(buf + in + name_off)) {
      memmove(buf + out, buf + in, reclen);
      out += reclen;
    }
    in += reclen;
  }
  return out;
}

/* --- the hooks ------------------------------------------------------------------- */


/* The emulated view of the procfs file that O_PATH descriptor p names (kind,
 * host name canon): p itself becomes the guest's descriptor, or is closed
 * and -errno returned. */
static long serve(struct task *t, int p, enum fs_proc kind, bool own, const char *canon,
                  int flags) {
  if (kind == FS_PROC_DENY || kind == FS_PROC_MAP_FILE || (kind == FS_PROC_MEM && !own)) {
    close(p);
    return -EACCES;
  }
  if (kind == FS_PROC_MEM) return fs_proc_install(p, p, kind, flags, canon);
  /* Text: the host's file read once (status, stat, statm), then a snapshot. */
  char link[48];
  snprintf(link, sizeof link, "/proc/self/fd/%d", p);
  int h = open(link, O_RDONLY | O_CLOEXEC);
  if (h < 0) {
    long e = -errno;
    close(p);
    return e;
  }
  const char *base = strrchr(canon, '/');
  long repl = fs_proc_text(t, kind, h, base ? base + 1 : canon);
  close(h);
  if (repl < 0) {
    close(p);
    return repl;
  }
  if (flags & O_NONBLOCK) fcntl((int)repl, F_SETFL, O_NONBLOCK);
  return fs_proc_install(p, (int)repl, kind, flags, canon);
}

/* The host's open, as openat (how NULL: through fs_host_openat, the i386
 * gate included) or openat2 (the guest's open_how of size bytes, with these
 * flags, mode and resolve). */
static long host_open(struct task *t, const u64 *how, u64 size, int dirfd, const char *path,
                      int flags, u64 mode) {
  if (!how) return fs_host_openat(t, dirfd, path, flags, mode);
  u64 h[PAGE_SIZE / 8];
  memcpy(h, how, size);
  h[0] = (u32)flags;
  h[1] = mode;
  return FS_HOST(SYS_openat2, dirfd, path, h, size);
}

/* The guest's program where the host reached emu's (an exe link followed);
 * st, when not NULL, is fd's. */
static long exe_fixup(struct task *t, int dirfd, const char *path, int flags, u64 mode, long fd,
                      const struct stat *st) {
  struct stat own_st;
  bool own;
  int fdnum;
  if (!st && fd >= 0 && !fstat((int)fd, &own_st)) st = &own_st;
  if (fd < 0 || !st || !is_emu_exe(st) ||
      resolve(dirfd, path, !(flags & O_NOFOLLOW), &own, &fdnum, NULL) != FS_PROC_EXE || !own)
    return fd;
  close((int)fd);
  return fs_host_openat(t, AT_FDCWD, t->proc->exe, flags & ~(O_CREAT | O_EXCL), mode);
}

/* A direct host open that cannot reach an existing procfs file readable:
 * O_PATH (reads nothing), O_CREAT|O_EXCL (never opens what exists),
 * O_TMPFILE (a new file).  The result is still classified. */
static long open_direct(struct task *t, const u64 *how, u64 size, int dirfd, const char *path,
                        int flags, u64 mode) {
  long fd = host_open(t, how, size, dirfd, path, flags, mode);
  char canon[PATH_MAX];
  bool own;
  int fdnum;
  enum fs_proc kind = fd < 0 ? FS_PROC_NONE : fd_kind((int)fd, canon, sizeof canon, &own, &fdnum, NULL);
  if (kind == FS_PROC_NONE || (flags & O_PATH))
    return exe_fixup(t, dirfd, path, flags, mode, fd, NULL);
  close((int)fd); /* not reached: none of these opens an existing procfs file */
  return -EACCES;
}

long fs_proc_open(struct task *t, int dirfd, const char *path, int flags, u64 mode, const u64 *how,
                  u64 size) {
  if (how) { /* build_open_flags() comes before the lookup: its errors first */
    long e = FS_HOST(SYS_openat2, dirfd, "", how, size);
    if (e >= 0) close((int)e);
    if (e != -ENOENT) return e >= 0 ? -EINVAL : e;
  }
  if (fs_proc_hidden(dirfd, path, !(flags & O_NOFOLLOW))) return -ENOENT;
  if ((flags & O_PATH) || (flags & O_TMPFILE) == O_TMPFILE ||
      (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
    return open_direct(t, how, size, dirfd, path, flags, mode);
  /* Look the name up as an O_PATH descriptor first: a procfs file of this
   * process is served from it, anything else is reopened through it with the
   * guest's flags (the same file, so no race can swap a procfs file in, and
   * no readable descriptor of one ever sits in the guest's table). */
  char cur[PATH_MAX], canon[PATH_MAX];
  if (strlen(path) >= sizeof cur) return -ENAMETOOLONG;
  strcpy(cur, path);
  for (int hops = 0; hops <= 40; hops++) {
    int pf = O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY));
    long p =
        how ? host_open(t, how, size, dirfd, cur, pf, 0) : FS_HOST(SYS_openat, dirfd, cur, pf, 0);
    if (p == -ENOENT && (flags & O_CREAT)) {
      /* Create with O_EXCL, which follows no final symlink; EEXIST: a
       * dangling symlink (create its target, as the kernel does) or a
       * file created meanwhile (look again). */
      long fd = host_open(t, how, size, dirfd, cur, flags | O_EXCL, mode);
      if (fd != -EEXIST) return exe_fixup(t, dirfd, cur, flags, mode, fd, NULL);
      int l = (int)FS_HOST(SYS_openat, dirfd, cur, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
      struct stat st;
      char tgt[PATH_MAX], link[48];
      ssize_t n = -1, c = -1;
      if (l >= 0 && !(flags & O_NOFOLLOW) && !fstat(l, &st) && S_ISLNK(st.st_mode)) {
        n = readlinkat(l, "", tgt, sizeof tgt - 1);
        snprintf(link, sizeof link, "/proc/self/fd/%d", l);
        c = n > 0 ? readlink(link, canon, sizeof canon - 1) : -1;
      }
      if (l >= 0) close(l);
      if (c > 0) {
        tgt[n] = canon[c] = 0;
        char *slash = strrchr(canon, '/');
        if (slash) slash[1] = 0;
        if ((size_t)snprintf(cur, sizeof cur, "%s%s", tgt[0] == '/' ? "" : canon, tgt) >=
            sizeof cur)
          return -ENAMETOOLONG;
        dirfd = AT_FDCWD;
      }
      continue;
    }
    if (p < 0) return p;
    /* procfs, like every pseudo file system, has an anonymous device
     * (major 0): a file on a disk needs no fstatfs. */
    struct stat st;
    bool have_st = !fstat((int)p, &st), own = false;
    int fdnum;
    enum fs_proc kind = FS_PROC_NONE;
    if (!have_st || !major(st.st_dev)) kind = fd_kind((int)p, canon, sizeof canon, &own, &fdnum, NULL);
    /* The exe link itself (O_NOFOLLOW: ELOOP) and fd/N links (followed
     * already) are the host's; so are other processes' text views. */
    if (kind != FS_PROC_NONE && kind != FS_PROC_EXE && kind != FS_PROC_FDLINK &&
        kind != FS_PROC_FDINFO &&
        (own || kind == FS_PROC_MEM || kind == FS_PROC_DENY || kind == FS_PROC_MAP_FILE))
      return serve(t, (int)p, kind, own, canon, flags);
    if ((flags & O_NOFOLLOW) && have_st && S_ISLNK(st.st_mode)) {
      close((int)p);
      return -ELOOP;
    }
    char link[48];
    snprintf(link, sizeof link, "/proc/self/fd/%ld", p);
    long fd = fs_host_openat(t, AT_FDCWD, link, flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW), mode);
    if (fd >= 0) { /* the guest's number: the probe's */
      if (dup3((int)fd, (int)p, flags & O_CLOEXEC) < 0) {
        long e = -errno;
        close((int)fd);
        close((int)p);
        return e;
      }
      fs_small_set((int)p, fs_small((int)fd));
      fs_small_set((int)fd, false);
      close((int)fd);
      fd = p;
    } else {
      close((int)p);
      if (fd == -ENOENT && access("/proc/self/fd", F_OK)) /* no /proc: nothing to reach */
        return exe_fixup(t, dirfd, cur, flags, mode,
                         host_open(t, how, size, dirfd, cur, flags, mode), NULL);
    }
    return exe_fixup(t, dirfd, cur, flags, mode, fd, have_st && fd >= 0 ? &st : NULL);
  }
  return -ELOOP;
}

const char *fs_host_path(struct task *t, int *dirfd, const char *path, bool follow) {
  if (path && path[0] && fs_proc_hidden(*dirfd, path, follow)) {
    /* A name no process has: the host answers ENOENT in the caller's way. */
    *dirfd = AT_FDCWD;
    return "/proc/self/fd/2147483647";
  }
  if (!follow || !path || !path[0]) return path;
  /* Only a path that reaches emu's own program can be an exe link. */
  struct stat st;
  bool own;
  int fdnum;
  if (fstatat(*dirfd, path, &st, 0) || !is_emu_exe(&st) ||
      resolve(*dirfd, path, true, &own, &fdnum, NULL) != FS_PROC_EXE || !own)
    return path;
  *dirfd = AT_FDCWD;
  return t->proc->exe;
}

static long put_link(struct task *t, const char *s, u64 buf, int bufsiz) {
  size_t n = strlen(s);
  if (n > (size_t)bufsiz) n = bufsiz;
  if (copy_to_user(MM(t), buf, s, n)) return -EFAULT;
  return n;
}

long fs_proc_readlink(struct task *t, int dirfd, const char *path, u64 buf, int bufsiz,
                      bool *handled) {
  bool own;
  int fdnum;
  enum fs_proc kind = resolve(dirfd, path, false, &own, &fdnum, NULL);
  *handled = false;
  if (kind == FS_PROC_EXE && own) {
    *handled = true;
    return put_link(t, t->proc->exe, buf, bufsiz);
  }
  /* map_files/<range>: the host's ranges are not the guest's (any emu's). */
  if (kind == FS_PROC_MAP_FILE) {
    *handled = true;
    return -ENOENT;
  }
  if (fs_proc_hidden(dirfd, path, false)) {
    *handled = true;
    return -ENOENT;
  }
  char name[64];
  if (kind == FS_PROC_FDLINK && own && fs_proc_fd_name(fdnum, name, sizeof name)) {
    *handled = true;
    return put_link(t, name, buf, bufsiz);
  }
  return 0;
}
