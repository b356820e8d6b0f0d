/* sys_procfs_text.c — the text views of /proc/<pid> for the guest: maps
 * (fs/proc/task_mmu.c through mm_format_maps), auxv, cmdline, environ
 * (fs/proc/base.c: the bytes of [env_start, env_end) that can be read now),
 * and the size and address fields of status (task_mem), stat
 * (do_task_stat) and statm (task_statm), computed from the guest's
 * mappings; their other fields are the host's, which describe emu as the
 * guest's process (pid, state, times, signals).  Each is a snapshot taken at
 * open, handed out as a read-only memfd.
 *
 * Approximations: resident counts (VmRSS, RssAnon, statm resident) are the
 * host's capped at the guest's size; stat's start of stack is the argument
 * strings' address.
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

/* Sizes of the guest's address space as task_mem()/task_statm() count them. */
struct vm_counts {
  u64 total, data, stack, exec, text; /* bytes */
  u64 start_code, end_code, start_data, end_data;
};

static void vm_count(struct task *t, struct vm_counts *c) {
  struct mm *mm = MM(t);
  memset(c, 0, sizeof *c);
  mm_lock(mm);
  for (int i = 0; i < mm->nvmas; i++) {
    const struct vma *v = &mm->vmas[i];
    u64 len = v->end - v->start;
    c->total += len;
    bool stack = (v->flags & MAP_GROWSDOWN) || !strcmp(v->name, "[stack]");
    bool shared = v->flags & MAP_SHARED;
    if (stack)
      c->stack += len;
    else if ((v->prot & MM_WRITE) && !shared)
      c->data += len;
    else if ((v->prot & MM_EXEC) && !(v->prot & MM_WRITE))
      c->exec += len;
    if (!strcmp(v->name, t->proc->exe)) { /* the program's own segments */
      if ((v->prot & MM_EXEC) && !c->start_code) c->start_code = v->start, c->end_code = v->end;
      if ((v->prot & MM_WRITE) && !c->start_data) c->start_data = v->start, c->end_data = v->end;
    }
  }
  mm_unlock(mm);
  c->text = c->end_code - c->start_code;
  if (c->text > c->exec) c->text = c->exec;
}

/* The guest's environment strings: below the AT_EXECFN string on the
 * initial stack (loader/stack.c), env_len bytes (fs/proc/base.c environ_read:
 * what can be read of [env_start, env_end) now). */
static bool env_range(struct proc *p, u64 *start, u64 *end) {
  for (int i = 0; i < p->nauxv && 2 * i + 1 < (int)ARRAY_SIZE(p->auxv); i++)
    if (p->auxv[2 * i] == AT_EXECFN) {
      *end = p->auxv[2 * i + 1];
      *start = *end - p->env_len;
      return true;
    }
  return false;
}

/* Append to a growing buffer. */
struct sbuf {
  char *b;
  size_t len, cap;
  bool oom;
};

static void sb_add(struct sbuf *s, const char *data, size_t n) {
  if (s->oom) return;
  if (s->len + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + n + 1) cap *= 2;
    char *b = realloc(s->b, cap);
    if (!b) {
      s->oom = true;
      return;
    }
    s->b = b;
    s->cap = cap;
  }
  memcpy(s->b + s->len, data, n);
  s->len += n;
  s->b[s->len] = 0;
}

static void sb_printf(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *s, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) sb_add(s, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* The host's text of the open file fd (status, stat, statm of emu). */
static void read_host(int fd, struct sbuf *s) {
  char tmp[4096];
  for (ssize_t k; (k = read(fd, tmp, sizeof tmp)) > 0;) sb_add(s, tmp, k);
}

/* status: the Vm* lines of task_mem() from the guest's mappings; the
 * resident counts are the host's, capped at the guest's size. */
static void fmt_status(struct task *t, const char *host, struct sbuf *s) {
  struct vm_counts c;
  vm_count(t, &c);
  u64 kb = c.total >> 10;
  for (const char *line = host; *line;) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
    char key[16];
    unsigned long long v;
    if (sscanf(line, "%15[^:]: %llu kB", key, &v) == 2 && !strncmp(key, "Vm", 2)) {
      if (!strcmp(key, "VmPeak") || !strcmp(key, "VmSize"))
        v = kb;
      else if (!strcmp(key, "VmData"))
        v = c.data >> 10;
      else if (!strcmp(key, "VmStk"))
        v = c.stack >> 10;
      else if (!strcmp(key, "VmExe"))
        v = c.text >> 10;
      else if (!strcmp(key, "VmLib"))
        v = (c.exec - c.text) >> 10;
      else if (v > kb)
        v = kb;
      sb_printf(s, "%s:\t%8llu kB\n", key, v);
    } else if (sscanf(line, "%15[^:]: %llu kB", key, &v) == 2 && !strncmp(key, "Rss", 3)) {
      sb_printf(s, "%s:\t%8llu kB\n", key, v > kb ? (unsigned long long)kb : v);
    } else {
      sb_add(s, line, n);
    }
    line += n;
  }
}

/* stat: do_task_stat()'s address fields from the guest (23 vsize, 26-28
 * code and stack, 45-51 data, brk, arguments, environment); the rest is the
 * host's.  The start of the stack is approximated by the argument strings. */
static void fmt_stat(struct task *t, const char *host, struct sbuf *s) {
  struct vm_counts c;
  vm_count(t, &c);
  struct proc *p = t->proc;
  u64 env_start = 0, env_end = 0;
  env_range(p, &env_start, &env_end);
  u64 arg_start = env_start - p->cmdline_len;
  const char *rp = strrchr(host, ')');
  if (!rp) {
    sb_add(s, host, strlen(host));
    return;
  }
  sb_add(s, host, rp + 1 - host);
  int field = 2;
  for (const char *q = rp + 1; *q;) {
    if (*q == ' ' || *q == '\n') {
      sb_add(s, q, 1);
      q++;
      continue;
    }
    field++;
    size_t n = strcspn(q, " \n");
    u64 v;
    bool set = true;
    switch (field) {
    case 23: v = c.total; break;
    case 26: v = c.start_code; break;
    case 27: v = c.end_code; break;
    case 28: v = arg_start; break;
    case 45: v = c.start_data; break;
    case 46: v = c.end_data; break;
    case 47: v = MM(t)->brk_start; break;
    case 48: v = arg_start; break;
    case 49: v = env_start; break;
    case 50: v = env_start; break;
    case 51: v = env_end; break;
    default: set = false;
    }
    if (set)
      sb_printf(s, "%llu", (unsigned long long)v);
    else
      sb_add(s, q, n);
    q += n;
  }
}

/* statm: task_statm() in pages; resident and shared are the host's, capped. */
static void fmt_statm(struct task *t, const char *host, struct sbuf *s) {
  struct vm_counts c;
  vm_count(t, &c);
  unsigned long long res = 0, shr = 0, size = c.total / PAGE_SIZE;
  sscanf(host, "%*u %llu %llu", &res, &shr);
  if (res > size) res = size;
  if (shr > res) shr = res;
  sb_printf(s, "%llu %llu %llu %llu 0 %llu 0\n", size, res, shr,
            (unsigned long long)(c.text / PAGE_SIZE),
            (unsigned long long)((c.data + c.stack) / PAGE_SIZE));
}

/* The content of an emulated file; hostfd is the host's open file. */
static void proc_content(struct task *t, enum fs_proc kind, int hostfd, struct sbuf *s) {
  struct proc *p = t->proc;
  switch (kind) {
  case FS_PROC_MAPS: {
    for (size_t size = 1 << 16; size <= (1u << 28); size *= 2) {
      char *buf = malloc(size);
      if (!buf) break;
      size_t len = mm_format_maps(p->mm, buf, size);
      if (len < size - 1) len += vsyscall_maps_line(t, buf + len, size - len);
      if (len < size - 1 || size == (1u << 28)) {
        sb_add(s, buf, len);
        free(buf);
        return;
      }
      free(buf);
    }
    s->oom = true;
    return;
  }
  case FS_PROC_AUXV: {
    int words = 2 * p->nauxv;
    if (words > (int)ARRAY_SIZE(p->auxv)) words = ARRAY_SIZE(p->auxv);
    for (int i = 0; i < words; i++) {
      if (p->bits == 32) {
        u32 v = (u32)p->auxv[i];
        sb_add(s, (const char *)&v, 4);
      } else {
        sb_add(s, (const char *)&p->auxv[i], 8);
      }
    }
    return;
  }
  case FS_PROC_CMDLINE:
    if (p->cmdline) sb_add(s, p->cmdline, p->cmdline_len);
    return;
  case FS_PROC_ENVIRON: {
    u64 a, end;
    if (!env_range(p, &a, &end)) return;
    char page[PAGE_SIZE];
    while (a < end) {
      u64 len = PAGE_UP(a + 1) - a;
      if (len > end - a) len = end - a;
      if (copy_from_user(MM(t), page, a, len)) break;
      sb_add(s, page, len);
      a += len;
    }
    return;
  }
  case FS_PROC_STATUS:
  case FS_PROC_STAT:
  case FS_PROC_STATM: {
    struct sbuf h = {0};
    read_host(hostfd, &h);
    if (h.oom || !h.b) {
      s->oom = true;
      free(h.b);
      return;
    }
    if (kind == FS_PROC_STATUS)
      fmt_status(t, h.b, s);
    else if (kind == FS_PROC_STAT)
      fmt_stat(t, h.b, s);
    else
      fmt_statm(t, h.b, s);
    free(h.b);
    return;
  }
  default: return;
  }
}

/* A read-only descriptor holding data, positioned at 0: a memfd reopened
 * read-only through its /proc link (so the guest cannot write it), or the
 * memfd itself where the host has no /proc. */
static int snapshot_fd(const char *name, const char *data, size_t len) {
  int mfd = memfd_create(name, MFD_CLOEXEC);
  if (mfd < 0) return -errno;
  for (size_t off = 0; off < len;) {
    ssize_t k = write(mfd, data + off, len - off);
    if (k < 0) {
      int e = errno;
      close(mfd);
      return -e;
    }
    off += k;
  }
  char link[48];
  snprintf(link, sizeof link, "/proc/self/fd/%d", mfd);
  int fd = open(link, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    close(mfd);
    return fd;
  }
  lseek(mfd, 0, SEEK_SET);
  return mfd;
}

long fs_proc_text(struct task *t, enum fs_proc kind, int hostfd, const char *name) {
  struct sbuf s = {0};
  proc_content(t, kind, hostfd, &s);
  if (s.oom) {
    free(s.b);
    return -ENOMEM;
  }
  long r = snapshot_fd(name, s.b ? s.b : "", s.len);
  free(s.b);
  return r;
}
