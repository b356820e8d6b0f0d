/* strace_log.c — where the system-call log's lines meet: one board that every
 * traced task of the tree shares, so that the lines read as one `strace -f`
 * tracer would print them.  Owns:
 *
 *  - the count of live traced tasks (strace's nprocs): once more than one,
 *    every line starts with "[pid %5d] " (strace.c printleader());
 *  - the open line: a call's entry is written when the call enters; if
 *    another task writes before it returns, the open line is ended with
 *    " <unfinished ...>" and the call's end later starts a line of its own,
 *    "<... NAME resumed>" (strace's printing_tcp, syscall.c);
 *  - the column, for the padding of " = " to column 40 (tabto());
 *  - the leader of each line (printleader()): the prefix, then -t/-tt/-ttt's
 *    wall-clock time and -r's time since the tree's previous line;
 *  - the room for -c's counts (strace_count.c), after the board, and the
 *    moment they are printed: when the tree's last task is gone.
 *
 * Threads are host threads and processes are forked emus, each a process of
 * its own after an execve: the board is a page of a memfd mapped shared,
 * inherited across fork by the mapping and across execve by its descriptor
 * (--strace-board FD, build_host_argv), which is one of emu's reserved
 * descriptors (sys_fs_reserved.c), out of the guest's reach.  A robust,
 * process-shared mutex orders the writes; a task that dies holding it
 * (killed by the host) hands it on in a consistent state.
 *
 * Not modelled: tasks that vanish without their "+++" line (a host SIGKILL
 * from outside, the other threads of a process that calls exit_group) stay
 * counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../syscall/syscall.h"
#include "strace.h"

/* Whose call's entry ends the log without a newline (tid 0: none), and the
 * column that line has reached. */
struct trc_open {
  int tid, col;
};

struct trc_board {
  pthread_mutex_t lock;
  int tasks; /* live traced tasks of the tree */
  struct trc_open open;
  u64 last_ns;  /* -r: when the previous line started (monotonic) */
  bool counted; /* -c: the table is out */
};

/* The board, then the counts, page-aligned. */
#define COUNTS_AT ((sizeof(struct trc_board) + 4095) & ~(size_t)4095)
static size_t board_bytes(void) { return COUNTS_AT + trc_count_bytes(); }

static struct trc_board *_Atomic board;
static int board_fd = -1;
static pthread_mutex_t board_init = PTHREAD_MUTEX_INITIALIZER;

static struct trc_board *map_board(int fd) {
  void *p = mmap(NULL, board_bytes(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return p == MAP_FAILED ? NULL : p;
}

int trc_board_attach(int fd) {
  pthread_mutex_lock(&board_init);
  struct trc_board *b = board ? board : map_board(fd);
  if (b && !board) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    board_fd = fd;
    board = b;
    fs_fd_reserve(fd);
  }
  pthread_mutex_unlock(&board_init);
  return b ? 0 : -1;
}

/* The first line of a tree creates the board: this emu is its only task. */
static struct trc_board *get_board(void) {
  struct trc_board *b = board;
  if (b) return b;
  pthread_mutex_lock(&board_init);
  if (!board) {
    int fd = memfd_create("emu-strace", MFD_CLOEXEC);
    if (fd >= 0) fd = fs_fd_high(fd);
    if (fd >= 0 && ftruncate(fd, (off_t)board_bytes()) == 0 && (b = map_board(fd))) {
      pthread_mutexattr_t a;
      pthread_mutexattr_init(&a);
      pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
      pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
      pthread_mutex_init(&b->lock, &a);
      pthread_mutexattr_destroy(&a);
      b->tasks = 1;
      board_fd = fd;
      fs_fd_reserve(fd);
      board = b;
    } else if (fd >= 0) {
      close(fd);
    }
  }
  b = board;
  pthread_mutex_unlock(&board_init);
  return b;
}

int trc_board_fd(void) { return get_board() ? board_fd : -1; }

static void lock(struct trc_board *b) {
  if (pthread_mutex_lock(&b->lock) == EOWNERDEAD) pthread_mutex_consistent(&b->lock);
}

static void unlock(struct trc_board *b) { pthread_mutex_unlock(&b->lock); }

void *trc_board_counts(void) {
  struct trc_board *b = get_board();
  return b ? (char *)b + COUNTS_AT : NULL;
}

void trc_board_lock(void) {
  struct trc_board *b = get_board();
  if (b) lock(b);
}

void trc_board_unlock(void) {
  struct trc_board *b = get_board();
  if (b) unlock(b);
}

/* -c: the summary alone, no lines. */
static bool quiet(void) { return trc_style.count == 1; }

static bool tracing(const struct task *t) {
  return t && t->proc && t->proc->opts && t->proc->opts->strace;
}

void trc_task_born(struct task *parent) {
  struct trc_board *b = tracing(parent) ? get_board() : NULL;
  if (!b) return;
  lock(b);
  b->tasks++;
  unlock(b);
}

void trc_task_unborn(struct task *parent) {
  struct trc_board *b = tracing(parent) ? get_board() : NULL;
  if (!b) return;
  lock(b);
  if (b->tasks > 1) b->tasks--;
  unlock(b);
}

/* Where the open line is kept: on the board while the tree shares one log;
 * in the process when each process writes a log of its own (--compare's
 * memory logs), where another process's line cannot end ours. */
static bool private_log;
static struct trc_open own_open;
void trc_log_private(void) { private_log = true; }
static struct trc_open *open_of(struct trc_board *b) {
  return private_log ? &own_open : b ? &b->open : NULL;
}

static FILE *out_of(const struct task *t) {
  return t->proc->opts->log ? t->proc->opts->log : stderr;
}

/* The leader of a line, as strace's printleader(): "[pid N] " while more
 * than one task is traced, -t's time of day, -r's time since the previous
 * line; its length. */
#define PRE_MAX 96
static int prefix(struct trc_board *b, const struct task *t, char pre[PRE_MAX]) {
  int n = 0;
  pre[0] = 0;
  if (b ? b->tasks > 1 : (t->proc->trc_flags & TRC_MULTI) != 0)
    n += snprintf(pre + n, PRE_MAX - n, "[pid %5d] ", t->tid);
  if (trc_style.stamp) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    long us = ts.tv_nsec / 1000;
    if (trc_style.stamp == 3) {
      n += snprintf(pre + n, PRE_MAX - n, "%lld.%06ld ", (long long)ts.tv_sec, us);
    } else if (localtime_r(&ts.tv_sec, &tm)) {
      n += (int)strftime(pre + n, PRE_MAX - n, "%T", &tm);
      n += trc_style.stamp == 2 ? snprintf(pre + n, PRE_MAX - n, ".%06ld ", us)
                                : snprintf(pre + n, PRE_MAX - n, " ");
    }
  }
  if (trc_style.rel) {
    static u64 own_last;
    u64 *last = b && !private_log ? &b->last_ns : &own_last;
    u64 now = trc_now_ns();
    u64 d = *last && now > *last ? now - *last : 0;
    *last = now;
    n += snprintf(pre + n, PRE_MAX - n, trc_style.stamp ? "(+%6llu.%06llu) " : "%6llu.%06llu ",
                  (unsigned long long)(d / 1000000000u),
                  (unsigned long long)(d % 1000000000u / 1000));
  }
  return n;
}

/* Another task's entry is open: end its line as strace does. */
static void close_other(struct trc_board *b, const struct task *t, FILE *f) {
  struct trc_open *o = open_of(b);
  if (o && o->tid && o->tid != t->tid) fputs(" <unfinished ...>\n", f);
  if (o && o->tid != t->tid) o->tid = 0;
}

/* strace's tabto(): pad to column 40 and " = ". */
static void put_result(FILE *f, int col, const char *res) {
  fputc(' ', f);
  for (col++; col < 40; col++) fputc(' ', f);
  fputs("= ", f);
  fputs(res, f);
  fputc('\n', f);
}

void trc_log_line(struct task *t, const char *text) {
  if (quiet()) return;
  struct trc_board *b = get_board();
  FILE *f = out_of(t);
  char pre[PRE_MAX];
  if (b) lock(b);
  flockfile(f);
  close_other(b, t, f);
  struct trc_open *o = open_of(b);
  if (o && o->tid == t->tid) { /* never left open by a task that goes on */
    fputc('\n', f);
    o->tid = 0;
  }
  prefix(b, t, pre);
  fputs(pre, f);
  fputs(text, f);
  fputc('\n', f);
  fflush(f);
  funlockfile(f);
  if (b) unlock(b);
}

void trc_log_entry(struct task *t, const char *text) {
  if (quiet()) return;
  struct trc_board *b = get_board();
  FILE *f = out_of(t);
  char pre[PRE_MAX];
  if (b) lock(b);
  flockfile(f);
  close_other(b, t, f);
  struct trc_open *o = open_of(b);
  if (o && o->tid == t->tid) fputc('\n', f); /* a call that never returned */
  int n = prefix(b, t, pre);
  fputs(pre, f);
  fputs(text, f);
  fflush(f);
  if (o) {
    o->tid = t->tid;
    o->col = n + (int)strlen(text);
  }
  funlockfile(f);
  if (b) unlock(b);
}

void trc_log_exit(struct task *t, const char *name, const char *line, size_t entry_len,
                  bool entry_written, const char *res) {
  if (quiet()) return;
  struct trc_board *b = get_board();
  FILE *f = out_of(t);
  char pre[PRE_MAX];
  if (b) lock(b);
  flockfile(f);
  int col;
  struct trc_open *o = open_of(b);
  if (entry_written && o && o->tid == t->tid) {
    /* Nobody wrote since the entry: the line goes on. */
    fputs(line + entry_len, f);
    col = o->col + (int)strlen(line + entry_len);
  } else if (entry_written) {
    close_other(b, t, f);
    prefix(b, t, pre);
    col = fprintf(f, "%s<... %s resumed>", pre, name ? name : "syscall");
    fputs(line + entry_len, f);
    col += (int)strlen(line + entry_len);
  } else {
    close_other(b, t, f);
    col = prefix(b, t, pre);
    fputs(pre, f);
    fputs(line, f);
    col += (int)strlen(line);
  }
  if (o) o->tid = 0;
  put_result(f, col, res);
  fflush(f);
  funlockfile(f);
  if (b) unlock(b);
}

void trc_log_gone(struct task *t, const char *text) {
  /* Once per task: a thread's own end (trc_exit) and another thread's
   * exit_group (trc_group_exit) may both report it. */
  if (__atomic_exchange_n(&t->trc_gone, true, __ATOMIC_ACQ_REL)) return;
  struct trc_board *b = get_board();
  if (text) trc_log_line(t, text);
  if (!b) return;
  lock(b);
  if (b->tasks > 1) {
    b->tasks--;
  } else if (trc_style.count && !b->counted && !private_log) {
    /* The tree's last task: strace prints its table once all are gone. */
    b->counted = true;
    FILE *f = out_of(t);
    flockfile(f);
    trc_count_report(f);
    fflush(f);
    funlockfile(f);
  }
  struct trc_open *o = open_of(b);
  if (o->tid == t->tid) o->tid = 0;
  unlock(b);
}
