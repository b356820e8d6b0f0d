/* lockstep_nat.c — the native child of `emu --lockstep` (lockstep.c), seen
 * from the tracer: its memory and its /proc directory.
 *
 * Memory goes through the calls that name the child by the pid fork gave
 * us, in our own PID namespace: process_vm_readv for reads (PTRACE_PEEKDATA
 * where that is refused), and /proc/PID/mem or PTRACE_POKEDATA for writes
 * (both write read-only pages, as a debugger does).  /proc is another
 * matter: inside a PID namespace whose /proc was not remounted (`unshare
 * --fork --pid`), /proc shows the parent namespace, where the child's pid is
 * another number and /proc/PID is some other process.  lks_nat_find_proc
 * compares our own pid with the one /proc/self shows (NSpid in its status)
 * and, when they differ, finds the child among /proc/thread-self/children by
 * the last NSpid of each (its pid in our namespace). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lockstep_int.h"

static char procdir[64]; /* "/proc/N" for the child, or "" where none was found */

/* The first and the last pid of the NSpid line in dir/status; false when
 * there is no such line (a kernel before 4.1: no namespaces to tell). */
static bool nspid(const char *dir, long *first, long *last) {
  char path[96], line[256];
  snprintf(path, sizeof path, "%s/status", dir);
  FILE *f = fopen(path, "re");
  bool found = false;
  if (!f) return false;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "NSpid:", 6)) continue;
    char *p = line + 6, *e;
    *first = strtol(p, &e, 10);
    *last = *first;
    for (p = e;; p = e) {
      long v = strtol(p, &e, 10);
      if (e == p) break;
      *last = v;
    }
    found = true;
    break;
  }
  fclose(f);
  return found;
}

bool lks_nat_find_proc(void) {
  long first, last;
  procdir[0] = 0;
  if (!nspid("/proc/self", &first, &last) || first == getpid()) {
    snprintf(procdir, sizeof procdir, "/proc/%d", lks.pid);
    return true;
  }
  /* Another namespace's /proc: our children as it numbers them. */
  FILE *f = fopen("/proc/thread-self/children", "re");
  if (!f) return false;
  long c;
  while (fscanf(f, "%ld", &c) == 1) {
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%ld", c);
    if (nspid(dir, &first, &last) && last == lks.pid) {
      snprintf(procdir, sizeof procdir, "%s", dir);
      break;
    }
  }
  fclose(f);
  return procdir[0] != 0;
}

bool lks_nat_proc_path(char *buf, size_t n, const char *file) {
  if (!procdir[0]) return false;
  snprintf(buf, n, "%s/%s", procdir, file);
  return true;
}

/* PTRACE_PEEKDATA a word at a time: bytes read. */
static size_t peek(u64 addr, u8 *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    u64 a = (addr + done) & ~7ull;
    errno = 0;
    long w = ptrace(PTRACE_PEEKDATA, lks.pid, (void *)a, 0);
    if (w == -1 && errno) break;
    size_t off = (size_t)(addr + done - a), k = 8 - off;
    if (k > n - done) k = n - done;
    memcpy(buf + done, (u8 *)&w + off, k);
    done += k;
  }
  return done;
}

size_t lks_nat_read(u64 addr, void *buf, size_t n) {
  size_t done = 0;
  while (done < n && !lks.nat_peek_only) {
    struct iovec l = {(u8 *)buf + done, n - done}, r = {(void *)(uintptr_t)(addr + done), n - done};
    ssize_t k = process_vm_readv(lks.pid, &l, 1, &r, 1, 0);
    if (k > 0) {
      done += (size_t)k;
      continue;
    }
    if (k < 0 && (errno == ENOSYS || errno == EPERM)) lks.nat_peek_only = true; /* refused */
    break;
  }
  /* The rest (a page process_vm_readv would not read, or all of it). */
  if (done < n) done += peek(addr + done, (u8 *)buf + done, n - done);
  return done;
}

bool lks_nat_write(u64 addr, const void *buf, size_t n) {
  if (lks.memfd >= 0 && pwrite(lks.memfd, buf, n, (off_t)addr) == (ssize_t)n) return true;
  const u8 *b = buf;
  size_t done = 0;
  while (done < n) {
    u64 a = (addr + done) & ~7ull;
    size_t off = (size_t)(addr + done - a), k = 8 - off;
    if (k > n - done) k = n - done;
    long w = 0;
    if ((off || k < 8) && peek(a, (u8 *)&w, 8) != 8) return false;
    memcpy((u8 *)&w + off, b + done, k);
    if (ptrace(PTRACE_POKEDATA, lks.pid, (void *)a, (void *)w)) return false;
    done += k;
  }
  return true;
}
