/* sys_procfs.c — the guest's view of its own /proc entries.
 *
 * emu is the host process, so the host's /proc/self describes emu.  The
 * files through which a program learns about itself are answered from the
 * guest's state instead: /proc/self/exe (readlink, open, stat: the guest's
 * program), /proc/self/maps (mm_format_maps), /proc/self/auxv (the vector
 * given to the program), /proc/self/cmdline and /proc/self/environ (the
 * guest's argv and envp, not emu's).  They mirror fs/proc/base.c
 * (proc_exe_link, proc_pid_auxv, proc_pid_cmdline_read, environ_read) and
 * fs/proc/task_mmu.c.  Every path-taking call that can reach them goes through
 * the one classifier here (fs_proc_lookup).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fs.h"

static enum fs_proc proc_name(const char *s) {
  if (!strcmp(s, "exe")) return FS_PROC_EXE;
  if (!strcmp(s, "maps")) return FS_PROC_MAPS;
  if (!strcmp(s, "auxv")) return FS_PROC_AUXV;
  if (!strcmp(s, "cmdline")) return FS_PROC_CMDLINE;
  if (!strcmp(s, "environ")) return FS_PROC_ENVIRON;
  return FS_PROC_NONE;
}

static bool is_num(const char *s, int n) {
  char b[16];
  snprintf(b, sizeof b, "%d", n);
  return !strcmp(s, b);
}

enum fs_proc fs_proc_match(const char *abspath, int pid, int tid) {
  enum { MAXC = 8 };
  char buf[PATH_MAX];
  const char *comp[MAXC];
  int n = 0;
  if (abspath[0] != '/' || strlen(abspath) >= sizeof buf) return FS_PROC_NONE;
  strcpy(buf, abspath);
  for (char *save = NULL, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
    if (!strcmp(c, ".")) continue;
    if (!strcmp(c, "..")) {
      if (n > 0) n--;
      continue;
    }
    if (n == MAXC) return FS_PROC_NONE;
    comp[n++] = c;
  }
  /* A trailing slash asks for a directory: leave that to the host (ENOTDIR). */
  if (abspath[strlen(abspath) - 1] == '/') return FS_PROC_NONE;
  if (n < 3 || strcmp(comp[0], "proc")) return FS_PROC_NONE;
  bool self = !strcmp(comp[1], "self") || is_num(comp[1], pid);
  if (n == 3 && (self || !strcmp(comp[1], "thread-self"))) return proc_name(comp[2]);
  if (n == 5 && self && !strcmp(comp[2], "task") && (is_num(comp[3], tid) || is_num(comp[3], pid)))
    return proc_name(comp[4]);
  return FS_PROC_NONE;
}

enum fs_proc fs_proc_lookup(struct task *t, int dirfd, const char *path) {
  if (!path || !path[0]) return FS_PROC_NONE;
  if (path[0] == '/') return fs_proc_match(path, getpid(), t->tid);
  /* Relative: only worth resolving when the last component could match. */
  const char *last = strrchr(path, '/');
  last = last ? last + 1 : path;
  if (proc_name(last) == FS_PROC_NONE) return FS_PROC_NONE;
  char base[PATH_MAX], full[PATH_MAX];
  if (dirfd == AT_FDCWD) {
    if (!getcwd(base, sizeof base)) return FS_PROC_NONE;
  } else {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
    ssize_t k = readlink(link, base, sizeof base - 1);
    if (k <= 0) return FS_PROC_NONE;
    base[k] = 0;
  }
  if (strncmp(base, "/proc", 5) || (base[5] && base[5] != '/')) return FS_PROC_NONE;
  if ((size_t)snprintf(full, sizeof full, "%s/%s", base, path) >= sizeof full) return FS_PROC_NONE;
  return fs_proc_match(full, getpid(), t->tid);
}

const char *fs_host_path(struct task *t, int *dirfd, const char *path, bool follow) {
  if (follow && path && fs_proc_lookup(t, *dirfd, path) == FS_PROC_EXE) {
    *dirfd = AT_FDCWD;
    return t->proc->exe;
  }
  return path;
}

/* The content of an emulated file, malloc'd; NULL on allocation failure. */
static char *proc_content(struct task *t, enum fs_proc kind, size_t *len) {
  struct proc *p = t->proc;
  char *buf = NULL;
  switch (kind) {
  case FS_PROC_MAPS:
    for (size_t size = 1 << 16; size <= (1u << 28); size *= 2) {
      free(buf);
      if (!(buf = malloc(size))) return NULL;
      *len = mm_format_maps(p->mm, buf, size);
      if (*len < size - 1) *len += vsyscall_maps_line(t, buf + *len, size - *len);
      if (*len < size - 1) return buf;
    }
    return buf;
  case FS_PROC_AUXV: {
    int words = 2 * p->nauxv;
    if (words > (int)ARRAY_SIZE(p->auxv)) words = ARRAY_SIZE(p->auxv);
    size_t w = p->bits == 32 ? 4 : 8;
    if (!(buf = malloc(words * w + 1))) return NULL;
    for (int i = 0; i < words; i++) {
      if (w == 4) {
        u32 v = (u32)p->auxv[i];
        memcpy(buf + i * w, &v, 4);
      } else {
        memcpy(buf + i * w, &p->auxv[i], 8);
      }
    }
    *len = words * w;
    return buf;
  }
  case FS_PROC_CMDLINE:
    *len = p->cmdline ? p->cmdline_len : 0;
    if (!(buf = malloc(*len + 1))) return NULL;
    if (*len) memcpy(buf, p->cmdline, *len);
    return buf;
  case FS_PROC_ENVIRON:
    *len = p->environ ? p->environ_len : 0;
    if (!(buf = malloc(*len + 1))) return NULL;
    if (*len) memcpy(buf, p->environ, *len);
    return buf;
  default: return NULL;
  }
}

/* A read-only descriptor positioned at 0 holding the content. */
static long proc_memfd(struct task *t, const char *name, const char *data, size_t len, int flags) {
  int mfd = memfd_create(name, MFD_CLOEXEC);
  if (mfd < 0) return -errno;
  for (size_t off = 0; off < len;) {
    ssize_t k = write(mfd, data + off, len - off);
    if (k < 0) {
      long e = -errno;
      close(mfd);
      return e;
    }
    off += k;
  }
  /* Reopen read-only, so the guest cannot write it, keeping its open flags. */
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", mfd);
  int fd = fs_host_openat(
      t, AT_FDCWD, link,
      O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK | O_NOATIME | O_PATH | LX_O_LARGEFILE)), 0);
  if (fd >= 0) {
    close(mfd);
    return fd;
  }
  /* No /proc on the host: hand out the memfd itself. */
  lseek(mfd, 0, SEEK_SET);
  if (!(flags & O_CLOEXEC)) fcntl(mfd, F_SETFD, 0);
  return mfd;
}

long fs_proc_open(struct task *t, int dirfd, const char *path, int flags, u64 mode, bool *handled) {
  enum fs_proc kind = fs_proc_lookup(t, dirfd, path);
  *handled = false;
  /* O_NOFOLLOW on exe: the host's answer (ELOOP, or the link with O_PATH). */
  if (kind == FS_PROC_NONE || (kind == FS_PROC_EXE && (flags & O_NOFOLLOW))) return 0;
  *handled = true;
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return -EEXIST;
  if (kind == FS_PROC_EXE) {
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) return -ETXTBSY;
    return fs_host_openat(t, AT_FDCWD, t->proc->exe, flags, mode);
  }
  if (flags & O_DIRECTORY) return -ENOTDIR;
  /* maps and cmdline are 0444, auxv and environ 0400, all owned by the
   * process's user. */
  if ((flags & O_ACCMODE) != O_RDONLY && geteuid() != 0) return -EACCES;
  size_t len = 0;
  char *data = proc_content(t, kind, &len);
  if (!data) return -ENOMEM;
  static const char *const names[] = {
      [FS_PROC_MAPS] = "maps", [FS_PROC_AUXV] = "auxv", [FS_PROC_CMDLINE] = "cmdline",
      [FS_PROC_ENVIRON] = "environ"};
  long r = proc_memfd(t, names[kind], data, len, flags);
  free(data);
  return r;
}

long fs_proc_readlink(struct task *t, int dirfd, const char *path, u64 buf, int bufsiz,
                      bool *handled) {
  *handled = fs_proc_lookup(t, dirfd, path) == FS_PROC_EXE;
  if (!*handled) return 0;
  size_t n = strlen(t->proc->exe);
  if (n > (size_t)bufsiz) n = bufsiz;
  if (copy_to_user(MM(t), buf, t->proc->exe, n)) return -EFAULT;
  return n;
}
