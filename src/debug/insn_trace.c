/* insn_trace.c — the instruction trace (--trace): for every instruction the
 * traced loop in src/cpu/interp.c runs, one line
 *
 *   ADDRESS           BYTES                          DISASSEMBLY        | CHANGES
 *   0x401000          48 c7 c0 01 00 00 00           movq $1, %rax      | rax=0x1
 *
 * CHANGES lists the general registers, flags (the set ones: flags=ZF,PF),
 * segment registers and bases, XMM registers, MXCSR and x87 stack registers
 * whose values differ after the instruction, and with the "mem" option the
 * guest memory it changed ([0x404000]=0x2a).  An instruction that leaves the
 * CPU (syscall, int $0x80, a fault) ends its line with "=> why"; when the CPU
 * resumes, a "(kernel)" line lists what changed meanwhile (the system call's
 * result, sysret's rcx/r11, a signal frame).  Disassembly is Capstone's, in
 * the CPU's mode, AT&T syntax by default as objdump prints it.  Mirrors the
 * style of QEMU's -d in_asm,cpu and Blink's --trace, one line per insn. */
#define _GNU_SOURCE
#include <capstone/capstone.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "insn_trace.h"
#include "../cpu/insn.h"
#include "../mem/mem.h"
#include "../kernel/kernel.h"
#include "../syscall/syscall.h"

struct trc_cfg {
  FILE *out;
  enum trc_syntax syntax;
  bool mem;
};
static struct trc_cfg cfg;

/* What the trace compares: the user-visible state. */
struct snap {
  u64 r[16];
  u64 rip;
  u64 flags;
  u16 seg[6];
  u64 seg_base[6];
  union xmm xmm[16];
  u32 mxcsr;
  u16 fcw;
  u8 st[8][10]; /* logical ST(i), as the x87 top sees them */
  u8 st_empty;  /* bit i: ST(i) empty */
};

/* A window of guest memory watched across one instruction. */
struct watch {
  u64 addr;
  unsigned n;
  u8 old[16];
};

/* Per-CPU state: on a list so that it stays reachable (and is freed at exit). */
struct trc_cpu {
  struct trc_cpu *next;
  const struct cpu *c;
  csh cs;
  int cs_mode; /* 16, 32 or 64: the mode cs was opened for */
  bool cs_ok;
  bool valid;   /* snap holds the state after the last instruction */
  bool pending; /* an instruction started and has not been printed */
  struct snap snap;
  u64 ip;
  int dmode; /* the instruction's decoding: 16 (a 16-bit CS), 32 or 64 */
  u8 bytes[16];
  int len;
  struct watch w[3];
  int nw;
};

static struct trc_cpu *all;
static int nstates;   /* more than one: threads; each line names its thread */
static int start_pid; /* another pid: a forked child, whose lines name its tid too */
static bool tagged;   /* lines carry "[tid] " */
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;

static void trc_free_all(void) {
  pthread_mutex_lock(&all_lock);
  while (all) {
    struct trc_cpu *s = all;
    all = s->next;
    if (s->cs_ok) cs_close(&s->cs);
    free(s);
  }
  pthread_mutex_unlock(&all_lock);
}

/* The state for c: a CPU copied by clone carries its parent's pointer, which
 * names the parent; it gets its own. */
static struct trc_cpu *state_of(struct cpu *c) {
  struct trc_cpu *s = c->trace;
  if (LIKELY(s && s->c == c)) return s;
  s = calloc(1, sizeof *s);
  if (!s) abort();
  s->c = c;
  pthread_mutex_lock(&all_lock);
  s->next = all;
  all = s;
  nstates++;
  pthread_mutex_unlock(&all_lock);
  c->trace = s;
  return s;
}

static bool disasm_ready(struct trc_cpu *s, int mode) {
  if (s->cs_ok && s->cs_mode == mode) return true;
  if (s->cs_ok) cs_close(&s->cs);
  s->cs_ok = cs_open(CS_ARCH_X86, mode == 64 ? CS_MODE_64 : mode == 16 ? CS_MODE_16 : CS_MODE_32,
                     &s->cs) == CS_ERR_OK;
  if (!s->cs_ok) return false;
  s->cs_mode = mode;
  cs_option(s->cs, CS_OPT_SYNTAX,
            cfg.syntax == TRC_SYNTAX_INTEL ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);
  return true;
}

static void take_snap(struct cpu *c, struct snap *p) {
  memcpy(p->r, c->r, sizeof p->r);
  p->rip = c->rip;
  p->flags = cpu_get_flags(c);
  memcpy(p->seg, c->seg, sizeof p->seg);
  memcpy(p->seg_base, c->seg_base, sizeof p->seg_base);
  memcpy(p->xmm, c->xmm, sizeof p->xmm);
  p->mxcsr = c->mxcsr;
  p->fcw = c->fpu.cw;
  p->st_empty = 0;
  for (int i = 0; i < 8; i++) {
    int phys = (c->fpu.top + i) & 7;
    memcpy(p->st[i], &c->fpu.st[phys], 10);
    if (((c->fpu.tw >> (2 * phys)) & 3) == 3) p->st_empty |= (u8)(1u << i);
  }
}

/* ---- the line ---- */

struct line {
  char s[1024];
  size_t n;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct line *l, const char *fmt, ...) {
  if (l->n >= sizeof l->s - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(l->s + l->n, sizeof l->s - l->n, fmt, ap);
  va_end(ap);
  if (r > 0) l->n += (size_t)r < sizeof l->s - l->n ? (size_t)r : sizeof l->s - l->n - 1;
}

static void pad_to(struct line *l, size_t col) {
  while (l->n < col && l->n < sizeof l->s - 1) l->s[l->n++] = ' ';
  l->s[l->n] = 0;
}

static void emit(const struct cpu *c, struct line *l) {
  put(l, "\n");
  flockfile(cfg.out); /* the tid and the line stay together */
  if ((nstates > 1 || tagged) && c->owner)
    fprintf(cfg.out, "[%d] ", ((const struct task *)c->owner)->tid);
  fwrite(l->s, 1, l->n, cfg.out);
  funlockfile(cfg.out);
}

static const char *const reg64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const reg32[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *const segname[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

static void put_flags(struct line *l, u64 f) {
  static const struct {
    u64 bit;
    const char *name;
  } fl[] = {{F_CF, "CF"}, {F_PF, "PF"}, {F_AF, "AF"}, {F_ZF, "ZF"}, {F_SF, "SF"},
            {F_TF, "TF"}, {F_DF, "DF"}, {F_OF, "OF"}, {F_AC, "AC"}, {F_ID, "ID"}};
  put(l, " flags=");
  const char *sep = "";
  for (size_t i = 0; i < ARRAY_SIZE(fl); i++) {
    if (f & fl[i].bit) {
      put(l, "%s%s", sep, fl[i].name);
      sep = ",";
    }
  }
  if (!*sep) put(l, "-");
}

/* The registers that differ between a and b (b is the new state). */
static void put_changes(struct line *l, int mode, const struct snap *a, const struct snap *b,
                        bool with_rip) {
  int nr = mode == 64 ? 16 : 8;
  u64 m = mode == 64 ? ~0ull : 0xffffffffull;
  for (int i = 0; i < nr; i++) {
    if (a->r[i] != b->r[i]) {
      /* In 32-bit mode the upper halves are invisible: a change there is none. */
      if (((a->r[i] ^ b->r[i]) & m) == 0) continue;
      put(l, " %s=0x%llx", mode == 64 ? reg64[i] : reg32[i], (unsigned long long)(b->r[i] & m));
    }
  }
  if (with_rip && a->rip != b->rip)
    put(l, " %s=0x%llx", mode == 64 ? "rip" : "eip", (unsigned long long)(b->rip & m));
  /* Bit 1 always reads as one; RF is the kernel's. */
  if ((a->flags ^ b->flags) & ~(u64)(2 | F_RF)) put_flags(l, b->flags);
  for (int i = 0; i < 6; i++) {
    if (a->seg[i] != b->seg[i]) put(l, " %s=0x%x", segname[i], b->seg[i]);
    if (a->seg_base[i] != b->seg_base[i])
      put(l, " %s.base=0x%llx", segname[i], (unsigned long long)b->seg_base[i]);
  }
  int nx = mode == 64 ? 16 : 8;
  for (int i = 0; i < nx; i++) {
    if (memcmp(&a->xmm[i], &b->xmm[i], 16))
      put(l, " xmm%d=0x%016llx%016llx", i, (unsigned long long)b->xmm[i].q[1],
          (unsigned long long)b->xmm[i].q[0]);
  }
  if (a->mxcsr != b->mxcsr) put(l, " mxcsr=0x%x", b->mxcsr);
  if (a->fcw != b->fcw) put(l, " fcw=0x%x", b->fcw);
  for (int i = 0; i < 8; i++) {
    bool ea = a->st_empty >> i & 1, eb = b->st_empty >> i & 1;
    if (eb) {
      if (!ea) put(l, " st%d=empty", i);
    } else if (ea || memcmp(a->st[i], b->st[i], 10)) {
      long double v;
      memset(&v, 0, sizeof v);
      memcpy(&v, b->st[i], 10);
      put(l, " st%d=%.21Lg", i, v);
    }
  }
}

/* ---- memory windows (the "mem" option) ---- */

/* Watch up to 16 bytes at a, clipped to a readable, writable mapping. */
static void watch_add(struct trc_cpu *s, struct cpu *c, u64 a) {
  if (s->nw >= (int)ARRAY_SIZE(s->w)) return;
  if (c->mode == 32) a = (u32)a;
  if (a >= c->mem_limit) return;
  const struct vma *v = mm_find(c->mm, a);
  if (!v || a < v->start || !(v->prot & MM_READ) || !(v->prot & MM_WRITE)) return;
  u64 n = v->end - a < 16 ? v->end - a : 16;
  struct watch *w = &s->w[s->nw++];
  w->addr = a;
  w->n = (unsigned)n;
  memcpy(w->old, c->mem + a, n);
}

static void watch_report(struct line *l, const struct cpu *c, const struct watch *w,
                         const struct watch *skip) {
  const u8 *now = c->mem + w->addr;
  int first = -1, last = -1;
  for (unsigned i = 0; i < w->n; i++) {
    if (skip && w->addr + i >= skip->addr && w->addr + i < skip->addr + skip->n) continue;
    if (now[i] != w->old[i]) {
      if (first < 0) first = (int)i;
      last = (int)i;
    }
  }
  if (first < 0) return;
  int n = last - first + 1;
  put(l, " [0x%llx]=", (unsigned long long)(w->addr + first));
  if (n <= 8) {
    u64 v = 0;
    memcpy(&v, now + first, n);
    put(l, "0x%llx", (unsigned long long)v);
  } else {
    for (int i = first; i <= last; i++) put(l, "%02x", now[i]);
  }
}

/* ---- the hooks ---- */

static void put_head(struct line *l, struct trc_cpu *s, int mode) {
  put(l, mode == 64 ? "0x%-16llx" : "0x%-8llx", (unsigned long long)s->ip);
  put(l, "  ");
  for (int i = 0; i < s->len; i++) put(l, "%02x ", s->bytes[i]);
  pad_to(l, (mode == 64 ? 20 : 12) + 31);
  cs_insn *ci = NULL;
  size_t n = disasm_ready(s, s->dmode) ? cs_disasm(s->cs, s->bytes, s->len, s->ip, 1, &ci) : 0;
  if (n == 1) {
    put(l, "%s%s%s", ci->mnemonic, ci->op_str[0] ? " " : "", ci->op_str);
  } else {
    put(l, "(bad)");
  }
  if (ci) cs_free(ci, n);
  pad_to(l, (mode == 64 ? 20 : 12) + 31 + 40);
  put(l, "|");
}

static void finish(struct trc_cpu *s, struct cpu *c, const char *why) {
  struct line l = {.n = 0};
  struct snap now;
  take_snap(c, &now);
  put_head(&l, s, c->mode);
  put_changes(&l, c->mode, &s->snap, &now, false);
  for (int i = 0; i < s->nw; i++) watch_report(&l, c, &s->w[i], i ? &s->w[0] : NULL);
  if (why) put(&l, " => %s", why);
  emit(c, &l);
  s->snap = now;
  s->pending = false;
}

static void hook_enter(struct cpu *c) {
  struct trc_cpu *s = state_of(c);
  if (!tagged && getpid() != start_pid) tagged = true;
  if (!s->valid) return;
  /* What changed while the CPU was out: the kernel's work. */
  struct snap now;
  take_snap(c, &now);
  struct line l = {.n = 0};
  put_changes(&l, c->mode, &s->snap, &now, true);
  if (l.n) {
    struct line k = {.n = 0};
    pad_to(&k, (c->mode == 64 ? 20 : 12) + 31);
    put(&k, "(kernel)");
    pad_to(&k, (c->mode == 64 ? 20 : 12) + 31 + 40);
    put(&k, "|%s", l.s);
    emit(c, &k);
  }
  s->snap = now;
}

static void hook_before(struct cpu *c, const struct insn *d) {
  struct trc_cpu *s = state_of(c);
  if (!s->valid) {
    take_snap(c, &s->snap);
    s->snap.rip = c->ip;
    s->valid = true;
  }
  s->ip = c->ip;
  s->dmode = c->cs16 ? 16 : c->mode;
  s->len = d->len <= 15 ? d->len : 15;
  /* The bytes were just fetched from here (CS's base added): they are mapped. */
  memcpy(s->bytes, c->mem + cpu_code_addr(c, c->ip), s->len);
  s->pending = true;
  s->nw = 0;
  if (cfg.mem) {
    /* The ModRM memory operand (an instruction without ModRM has neither base,
     * index nor displacement), or the moffs of A0-A3. */
    if (d->map == 0 && d->op >= 0xa0 && d->op <= 0xa3)
      watch_add(s, c, d->imm + c->seg_base[d->seg == SEG_NONE ? SEG_DS : d->seg]);
    else if (d->mod != 3 && d->fn && (d->base != NOREG || d->index != NOREG || d->disp))
      watch_add(s, c, insn_ea(c, d));
    u64 sp = c->r[R_SP] - 16;
    watch_add(s, c, sp);
    /* movs/stos write at [rdi] */
    if (d->map == 0 && (d->op == 0xa4 || d->op == 0xa5 || d->op == 0xaa || d->op == 0xab))
      watch_add(s, c, c->r[R_DI] + c->seg_base[SEG_ES]);
  }
}

static void hook_after(struct cpu *c) { finish(c->trace, c, NULL); }

const char *trc_stop_name(const struct cpu *c, int stop, char *buf, size_t n) {
  switch (stop) {
  case STOP_SYSCALL: return "kernel (syscall)";
  case STOP_INT: snprintf(buf, n, "kernel (int $0x%x)", c->trapno); return buf;
  case STOP_SYSENTER: return "kernel (sysenter)";
  case STOP_PAGEFAULT:
    snprintf(buf, n, "#PF at 0x%llx (%s)", (unsigned long long)c->fault_addr,
             c->fault_code == 2 ? "SEGV_ACCERR" : "SEGV_MAPERR");
    return buf;
  case STOP_GP: return "#GP";
  case STOP_UD: return "#UD";
  case STOP_DE: return "#DE";
  case STOP_BP: return "#BP (int3)";
  case STOP_OF: return "#OF (into)";
  case STOP_MF: return "#MF (x87)";
  case STOP_XM: return "#XM (SIMD)";
  case STOP_HLT: return "hlt (privileged)";
  case STOP_DB: return "#DB (single step)";
  case STOP_BR: return "#BR (bound)";
  case STOP_NP: return "#NP (segment not present)";
  case STOP_SS: return "#SS (stack segment not present)";
  default: return "stop";
  }
}

static void hook_leave(struct cpu *c, int stop) {
  struct trc_cpu *s = state_of(c);
  char buf[96];
  if (s->pending) {
    finish(s, c, trc_stop_name(c, stop, buf, sizeof buf));
  } else if (stop != STOP_BUDGET) {
    /* Stopped before an instruction ran: a fetch fault. */
    struct line l = {.n = 0};
    put(&l, c->mode == 64 ? "0x%-16llx" : "0x%-8llx", (unsigned long long)c->rip);
    pad_to(&l, (c->mode == 64 ? 20 : 12) + 31);
    put(&l, "(fetch)");
    pad_to(&l, (c->mode == 64 ? 20 : 12) + 31 + 40);
    put(&l, "| => %s", trc_stop_name(c, stop, buf, sizeof buf));
    emit(c, &l);
  }
  if (s->valid) take_snap(c, &s->snap);
  fflush(cfg.out);
}

static const struct cpu_tracer insn_tracer = {
    .enter = hook_enter,
    .before = hook_before,
    .after = hook_after,
    .leave = hook_leave,
};

void trc_insn_enable(FILE *out, enum trc_syntax syntax, bool mem) {
  cfg.out = out ? out : stderr;
  cfg.syntax = syntax;
  cfg.mem = mem;
  start_pid = getpid();
  if (!cpu_tracer) atexit(trc_free_all);
  cpu_tracer = &insn_tracer;
}

/* ---- options ---- */

int trc_parse_trace_opt(const char *spec, struct trc_opts *o) {
  o->trace = true;
  if (!spec) return 0;
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", spec);
  char *save = NULL;
  for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "mem")) {
      o->mem = true;
    } else if (o->trace_file) {
      fprintf(stderr, "emu: --trace: two files ('%s' and '%s')\n", o->trace_file, w);
      return -1;
    } else {
      /* The file name is a suffix of spec: keep pointing into argv. */
      o->trace_file = spec + (w - buf);
      if (strchr(o->trace_file, ',')) {
        fprintf(stderr, "emu: --trace: put the file last: '%s'\n", spec);
        return -1;
      }
    }
  }
  return 0;
}

int trc_parse_frames_opt(const char *file, struct trc_opts *o) {
  o->frames = true;
  o->frames_file = file && *file ? file : NULL;
  return 0;
}

int trc_parse_syntax_opt(const char *s, struct trc_opts *o) {
  if (!strcmp(s, "att"))
    o->syntax = TRC_SYNTAX_ATT;
  else if (!strcmp(s, "intel"))
    o->syntax = TRC_SYNTAX_INTEL;
  else {
    fprintf(stderr, "emu: --syntax wants att or intel, not '%s'\n", s);
    return -1;
  }
  return 0;
}

/* A trace file lives in emu's process, which is the guest's: keep its
 * descriptor out of the low numbers the guest's open() gets, and close it on
 * the guest's execve. */
static FILE *open_high(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return NULL;
  fd = fs_fd_high(fd);
  FILE *f = fdopen(fd, "w");
  if (!f) close(fd);
  return f;
}

static FILE *trace_out, *frames_out;

static void close_files(void) {
  if (trace_out && trace_out != stderr) fclose(trace_out);
  if (frames_out && frames_out != stderr && frames_out != trace_out) fclose(frames_out);
  trace_out = frames_out = NULL;
}

int trc_own_fds(int fds[2]) {
  int n = 0;
  if (trace_out && trace_out != stderr) fds[n++] = fileno(trace_out);
  if (frames_out && frames_out != stderr && frames_out != trace_out) fds[n++] = fileno(frames_out);
  return n;
}

int trc_start(const struct trc_opts *o) {
  if (o->trace) {
    trace_out = o->trace_file ? open_high(o->trace_file) : stderr;
    if (!trace_out) {
      fprintf(stderr, "emu: %s: %m\n", o->trace_file);
      return -1;
    }
  }
  if (o->frames) {
    if (!o->frames_file)
      frames_out = stderr;
    else if (o->trace_file && !strcmp(o->trace_file, o->frames_file))
      frames_out = trace_out;
    else
      frames_out = open_high(o->frames_file);
    if (!frames_out) {
      fprintf(stderr, "emu: %s: %m\n", o->frames_file);
      return -1;
    }
  }
  if (trace_out || frames_out) atexit(close_files);
  if (o->trace) trc_insn_enable(trace_out, o->syntax, o->mem);
  if (o->frames) trc_frames_enable(frames_out);
  return 0;
}
