/* lockstep.c — `emu --lockstep`: the program runs natively under ptrace
 * (ASLR off) and under emu's traced loop at the same time, one instruction
 * each (PTRACE_SINGLESTEP; a REP string instruction is stepped natively
 * until it completes), and after each the two states are compared: rip and
 * the general registers modulo the address correspondences (struct lks_map:
 * the stack, each mmap, the heap, a static PIE's image), flags without the
 * ones the SDM leaves undefined for the instruction (Capstone's eflags
 * detail), fs/gs bases, XMM, MXCSR, x87, and the memory the instruction may
 * have written (its memory operand, the stack below rsp, [rdi] of string
 * instructions).  The first difference prints both states and the recent
 * instructions and ends emu with status 1.
 *
 * Start-up: the native initial stack (from the kernel, with its AT_RANDOM
 * bytes and auxv) is copied to the top of emu's stack, pointers moved, so
 * stack addresses differ by one constant; AT_SYSINFO(_EHDR) become AT_IGNORE
 * on both sides, so neither runs a vDSO (the two differ).  CPUID and XGETBV
 * take emu's answers on the native side (the program then takes emu's code
 * paths), RDTSC/RDRAND take the native ones in emu.  System calls run
 * natively and are replayed into emu (lockstep_sys.c).  Signals, fork and
 * exec end the comparison (noted in the summary); emu runs on alone.
 *
 * Hosts whose hypervisor delivers the single-step trap one instruction late
 * run two instructions for one PTRACE_SINGLESTEP: when the native rip is
 * past the instruction at emu's rip (or that one is a jump, call or return),
 * emu runs it too before the next comparison ("resynchronised" in the
 * summary).  EMU_LOCKSTEP_SKIP_AT=N makes the N-th native step a double one,
 * to test this on any host.  The child's memory and /proc are reached in
 * ways that hold inside a PID namespace (lockstep_nat.c).
 * Mirrors the idea of rr's/Bochs' differential single-stepping. */
#define _GNU_SOURCE
#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#undef PAGE_SIZE /* sys/user.h has its own; emu's common.h defines them */
#undef PAGE_MASK
#include <sys/wait.h>
#include <unistd.h>

#include "lockstep_int.h"
#include "../cpu/insn.h"
#include "../mem/mem.h"
#include "../kernel/observe.h"
#include "../syscall/syscall.h"

struct lks lks;
/* The system calls while comparing: replayed from the native side
 * (lockstep_sys.c). */
static const struct observer lks_observer = {.name = "lockstep", .serve = lks_sys};

#define STACK_SPAN (8ull << 20) /* RLIMIT_STACK's default: both stacks' reach */
#define WIN_MAX    3
#define WIN_BYTES  32
#define HIST       8

/* A window of memory the instruction may write, on both sides. */
struct win {
  u64 ea, na;
  unsigned n;
  bool nok; /* the native bytes could be read */
  u8 eold[WIN_BYTES], nold[WIN_BYTES];
};

/* The instruction in flight. */
static struct {
  bool pending;
  u64 ip;
  u8 bytes[16];
  int len;
  unsigned id; /* Capstone's instruction id (0: not decoded) */
  u64 undef;   /* flags undefined for it */
  bool rep;    /* a REP string instruction */
  u8 rm, opsz;
  struct win w[WIN_MAX];
  int nw;
} cur;

static struct {
  u64 ip;
  u8 bytes[16];
  int len;
} hist[HIST];
static unsigned nhist;
static csh cs;
static bool cs_ok;
static char memdiff[512];

/* ---- the native child ---- */

static void nat_read_state(struct lks_state *s) {
  struct user_regs_struct r;
  struct user_fpregs_struct fp;
  memset(s, 0, sizeof *s);
  s->mode = lks.mode;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r)) return;
  u64 g[16] = {r.rax, r.rcx, r.rdx, r.rbx, r.rsp, r.rbp, r.rsi, r.rdi,
               r.r8,  r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15};
  memcpy(s->r, g, sizeof g);
  s->rip = r.rip;
  s->flags = r.eflags;
  s->fs_base = r.fs_base;
  s->gs_base = r.gs_base;
  s->fs = (u16)r.fs;
  s->gs = (u16)r.gs;
  if (ptrace(PTRACE_GETFPREGS, lks.pid, 0, &fp)) return;
  memcpy(s->xmm, fp.xmm_space, sizeof s->xmm);
  s->mxcsr = fp.mxcsr;
  s->fcw = fp.cwd;
  s->fsw = fp.swd;
  int top = (fp.swd >> 11) & 7;
  for (int i = 0; i < 8; i++) {
    int phys = (top + i) & 7;
    if (!(fp.ftw >> phys & 1)) s->st_empty |= (u8)(1u << i);
    memcpy(s->st[i], (u8 *)fp.st_space + 16 * i, 10);
  }
}

/* One native step: 0 (trapped after it), a signal number, or -1 (gone). */
static int nat_step(void) {
  int st;
  if (ptrace(PTRACE_SINGLESTEP, lks.pid, 0, 0)) return -1;
  if (waitpid(lks.pid, &st, __WALL) != lks.pid) return -1;
  if (WIFEXITED(st) || WIFSIGNALED(st)) {
    lks.native_gone = true;
    lks.native_status = st;
    return -1;
  }
  return WSTOPSIG(st) == SIGTRAP ? 0 : WSTOPSIG(st);
}

static void kill_native(void) {
  if (lks.pid > 0 && !lks.native_gone) {
    kill(lks.pid, SIGKILL);
    waitpid(lks.pid, NULL, __WALL);
    lks.native_gone = true;
  }
}

long lks_nat_inject(long nr, const u64 a[6]) {
  struct user_regs_struct saved, r;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &saved)) return -ESRCH;
  u8 old[2];
  static const u8 sc64[2] = {0x0f, 0x05}, sc32[2] = {0xcd, 0x80};
  if (lks_nat_read(saved.rip, old, 2) != 2 ||
      !lks_nat_write(saved.rip, lks.mode == 64 ? sc64 : sc32, 2))
    return -EFAULT;
  r = saved;
  r.rax = (u64)nr;
  if (lks.mode == 64) {
    r.rdi = a[0], r.rsi = a[1], r.rdx = a[2], r.r10 = a[3], r.r8 = a[4], r.r9 = a[5];
  } else {
    r.rbx = a[0], r.rcx = a[1], r.rdx = a[2], r.rsi = a[3], r.rdi = a[4], r.rbp = a[5];
  }
  long ret = -ENOSYS;
  if (!ptrace(PTRACE_SETREGS, lks.pid, 0, &r) && nat_step() == 0 &&
      !ptrace(PTRACE_GETREGS, lks.pid, 0, &r))
    ret = lks.mode == 64 ? (long)r.rax : (long)(i32)r.rax;
  lks_nat_write(saved.rip, old, 2);
  ptrace(PTRACE_SETREGS, lks.pid, 0, &saved);
  return ret;
}

void lks_nat_set_ax(u64 v) {
  struct user_regs_struct r;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r)) return;
  r.rax = v;
  ptrace(PTRACE_SETREGS, lks.pid, 0, &r);
  lks.nat.r[R_AX] = v;
}

void lks_stop_comparing(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lks.stopped_why, sizeof lks.stopped_why, fmt, ap);
  va_end(ap);
  lks.comparing = false;
  kill_native();
  cpu_tracer = NULL; /* the next cpu_run takes the fast loop */
  obs_unregister(&lks_observer);
}

/* ---- disassembly ---- */

static bool cs_ready(void) {
  if (cs_ok) return true;
  if (cs_open(CS_ARCH_X86, lks.mode == 64 ? CS_MODE_64 : CS_MODE_32, &cs) != CS_ERR_OK)
    return false;
  cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
  cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT); /* as --trace and objdump */
  cs_ok = true;
  return true;
}

static void print_insn(FILE *f, const char *mark, u64 ip, const u8 *bytes, int len) {
  cs_insn *ci = NULL;
  size_t n = cs_ready() ? cs_disasm(cs, bytes, len, ip, 1, &ci) : 0;
  char hex[64] = "";
  if (n == 1) len = (int)ci->size;
  for (int i = 0, k = 0; i < len && k < 48; i++)
    k += snprintf(hex + k, sizeof hex - k, "%02x ", bytes[i]);
  fprintf(f, "%s0x%-12llx %-32s %s %s\n", mark, (unsigned long long)ip, hex,
          n ? ci->mnemonic : "(bad)", n ? ci->op_str : "");
  if (ci) cs_free(ci, n);
}

void lks_difference(struct cpu *c, const char *fmt, ...) {
  FILE *f = stderr;
  va_list ap;
  fprintf(f, "lockstep: DIFFERENCE after %llu instructions compared: ", lks.count);
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  fprintf(f, "\nrecent instructions (the last one ran last):\n");
  unsigned first = nhist > HIST ? nhist - HIST : 0;
  for (unsigned i = first; i < nhist; i++) {
    unsigned k = i % HIST;
    print_insn(f, i + 1 == nhist ? "=> " : "   ", hist[k].ip, hist[k].bytes, hist[k].len);
  }
  struct lks_state e;
  lks_cpu_state(c, &e);
  u64 d = lks_compare(&e, &lks.nat, &lks.map, cur.undef, 0);
  fprintf(f, "state after it (! marks a difference; addresses compared through the maps):\n");
  lks_print_states(f, &e, &lks.nat, &lks.map, d, cur.undef);
  if (memdiff[0]) fprintf(f, "%s", memdiff);
  for (int i = 0; i < lks.map.n; i++)
    fprintf(f, "  map: native 0x%llx..0x%llx = emu 0x%llx\n", (unsigned long long)lks.map.p[i].nat,
            (unsigned long long)(lks.map.p[i].nat + lks.map.p[i].len),
            (unsigned long long)lks.map.p[i].emu);
  fflush(f);
  kill_native();
  exit(1);
}

/* ---- start-up: one initial stack for both ---- */

static u64 native_stack_top(void) {
  char path[64], line[512];
  FILE *f = lks_nat_proc_path(path, sizeof path, "maps") ? fopen(path, "re") : NULL;
  u64 top = 0;
  if (!f) return 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long long a, b;
    if (strstr(line, "[stack]") && sscanf(line, "%llx-%llx", &a, &b) == 2) top = b;
  }
  fclose(f);
  return top;
}

/* Unmap the child's vDSO and vvar pages: with AT_SYSINFO(_EHDR) hidden the
 * program does not use them, and emu may place mappings there. */
static void unmap_native_vdso(void) {
  char path[64], line[512];
  FILE *f = lks_nat_proc_path(path, sizeof path, "maps") ? fopen(path, "re") : NULL;
  u64 r[8][2];
  int n = 0;
  if (!f) return;
  while (fgets(line, sizeof line, f) && n < 8) {
    unsigned long long a, b;
    if ((strstr(line, "[vdso]") || strstr(line, "[vvar")) && sscanf(line, "%llx-%llx", &a, &b) == 2)
      r[n][0] = a, r[n++][1] = b - a;
  }
  fclose(f);
  for (int i = 0; i < n; i++) {
    u64 a[6] = {r[i][0], r[i][1], 0, 0, 0, 0};
    lks_nat_inject(lks.mode == 64 ? 11 : 91, a);
  }
}

/* A PIE, or a dynamic program's interpreter, is where the native kernel put
 * it, elsewhere in emu: move the native image (the mappings that follow each
 * other from nb) to emu's eb, so code and data addresses, and all values
 * computed from them, are equal on both sides.  The native rip moves with
 * it.  True when the whole image moved. */
static bool move_native_image(u64 nb, u64 eb) {
  char path[64], line[512];
  FILE *f = lks_nat_proc_path(path, sizeof path, "maps") ? fopen(path, "re") : NULL;
  if (!f) return false;
  u64 r[32][2], end = nb;
  int n = 0;
  while (fgets(line, sizeof line, f) && n < 32) {
    unsigned long long a, b;
    if (sscanf(line, "%llx-%llx", &a, &b) != 2 || a != end) continue;
    r[n][0] = a;
    r[n++][1] = b - a;
    end = b;
  }
  fclose(f);
  if (!n) return false;
  struct user_regs_struct rr;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &rr)) return false;
  bool rip_in = rr.rip >= nb && rr.rip < end;
  /* The moves are system calls injected at rip: the mapping that holds rip
   * goes last, and takes the injected instruction along, so the program's
   * own bytes are put back at the new place afterwards. */
  u8 code[2];
  if (rip_in && lks_nat_read(rr.rip, code, 2) != 2) return false;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < n; i++) {
      bool holds_rip = rip_in && rr.rip >= r[i][0] && rr.rip < r[i][0] + r[i][1];
      if (holds_rip != (pass == 1)) continue;
      if (!lks_nat_move(r[i][0], eb + (r[i][0] - nb), r[i][1])) return false;
    }
  if (rip_in) {
    rr.rip += eb - nb;
    if (!lks_nat_write(rr.rip, code, 2) || ptrace(PTRACE_SETREGS, lks.pid, 0, &rr)) return false;
    lks.nat.rip = rr.rip;
  }
  return true;
}

static u64 emu_auxv(const struct proc *p, u64 type) {
  for (int i = 0; i < p->nauxv; i++)
    if (p->auxv[2 * i] == type) return p->auxv[2 * i + 1];
  return 0;
}

static void setup(struct cpu *c) {
  struct task *t = c->owner;
  struct proc *p = t->proc;
  lks.setup = true;
  nat_read_state(&lks.nat);
  unsigned W = lks.mode / 8;
  u64 sp = lks.nat.r[R_SP], top = native_stack_top(), etop = c->mm->stack_top;
  if (!top || top <= sp || top - sp > STACK_SPAN / 2) {
    lks_stop_comparing("the native initial stack could not be read");
    return;
  }
  size_t size = top - sp;
  u8 *buf = calloc(1, size);
  if (!buf || lks_nat_read(sp, buf, size) != size) {
    free(buf);
    lks_stop_comparing("the native initial stack could not be read");
    return;
  }
  u64 D = etop - top;
#define RD(o) (W == 8 ? *(u64 *)(buf + (o)) : (u64) * (u32 *)(buf + (o)))
#define WR(o, v)                      \
  do {                                \
    if (W == 8)                       \
      *(u64 *)(buf + (o)) = (v);      \
    else                              \
      *(u32 *)(buf + (o)) = (u32)(v); \
  } while (0)
#define IN_STACK(v) ((v) >= sp && (v) < top)
  size_t off = W;
  for (int vec = 0; vec < 2; vec++) { /* argv, envp */
    for (u64 v; off + W <= size && (v = RD(off)) != 0; off += W)
      if (IN_STACK(v)) WR(off, v + D);
    off += W;
  }
  u64 nat_entry = 0, nat_phdr = 0, nat_base = 0;
  for (; off + 2 * W <= size; off += 2 * W) {
    u64 type = RD(off), val = RD(off + W);
    if (type == 0) break;
    if (type == 32 || type == 33) { /* AT_SYSINFO, AT_SYSINFO_EHDR: no vDSO */
      WR(off, 1);                   /* AT_IGNORE */
      u64 ign = 1;
      lks_nat_write(sp + off, &ign, W);
    } else if (type == 3 || type == 7 || type == 9) { /* AT_PHDR, AT_BASE, AT_ENTRY: emu's */
      if (type == 3) nat_phdr = val;
      if (type == 9) nat_entry = val;
      if (type == 7) nat_base = val;
      WR(off + W, emu_auxv(p, type));
    } else if (IN_STACK(val)) {
      WR(off + W, val + D);
    }
  }
#undef RD
#undef WR
#undef IN_STACK
  unmap_native_vdso();
  /* The native stack moves to emu's place (a mapping made by a system call
   * injected into the child), so stack addresses are equal on both sides:
   * values derived from them (pointer mangling, hashes) agree too. */
  bool moved = D == 0;
  if (D) {
    u64 a[6] = {etop - STACK_SPAN,
                STACK_SPAN,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                (u64)-1,
                0};
    if (lks.mode == 32) a[4] = 0xffffffffull;
    long m = lks_nat_inject(lks.mode == 64 ? 9 : 192, a);
    struct user_regs_struct rr;
    if (m == (long)(etop - STACK_SPAN) && lks_nat_write(etop - size, buf, size) &&
        !ptrace(PTRACE_GETREGS, lks.pid, 0, &rr)) {
      rr.rsp = sp + D;
      moved = !ptrace(PTRACE_SETREGS, lks.pid, 0, &rr);
      lks.nat.r[R_SP] = sp + D;
    }
  }
  int r = copy_to_user(c->mm, etop - size, buf, size);
  free(buf);
  if (r) {
    lks_stop_comparing("emu's stack could not take the native initial stack");
    return;
  }
  c->r[R_SP] = sp + D;
  if (!moved) lks_map_add(&lks.map, top - STACK_SPAN, etop - STACK_SPAN, STACK_SPAN);
  u64 e_entry = emu_auxv(p, 9), e_phdr = emu_auxv(p, 3), e_base = emu_auxv(p, 7);
  if (nat_entry && nat_entry != e_entry) { /* a PIE: its image is elsewhere */
    u64 nb = nat_phdr & ~0xfffull, eb = e_phdr & ~0xfffull;
    u64 span = c->mm->brk_start > eb ? c->mm->brk_start - eb : 1ull << 30;
    if (!move_native_image(nb, eb)) lks_map_add(&lks.map, nb, eb, span);
  }
  if (nat_base && e_base && nat_base != e_base && !move_native_image(nat_base, e_base))
    lks_map_add(&lks.map, nat_base, e_base, 1ull << 24); /* the interpreter */
  struct lks_state e;
  lks_cpu_state(c, &e);
  u64 d = lks_compare(&e, &lks.nat, &lks.map, 0, 0);
  if (d) lks_difference(c, "the initial states differ");
}

/* ---- the hooks ---- */

static void win_add(struct cpu *c, u64 a) {
  if (cur.nw >= WIN_MAX) return;
  if (c->mode == 32) a = (u32)a;
  if (a >= c->mem_limit) return;
  const struct vma *v = mm_find(c->mm, a);
  if (!v || a < v->start || !(v->prot & MM_READ)) return;
  struct win *w = &cur.w[cur.nw++];
  w->ea = a;
  w->n = (unsigned)(v->end - a < WIN_BYTES ? v->end - a : WIN_BYTES);
  memcpy(w->eold, c->mem + a, w->n);
  w->na = lks_map_to_native(&lks.map, a);
  w->nok = lks_nat_read(w->na, w->nold, w->n) == w->n;
}

static void win_check(struct cpu *c) {
  unsigned W = lks.mode / 8;
  for (int i = 0; i < cur.nw; i++) {
    struct win *w = &cur.w[i];
    if (!w->nok) continue;
    u8 nnew[WIN_BYTES];
    if (lks_nat_read(w->na, nnew, w->n) != w->n) continue;
    const u8 *enew = c->mem + w->ea;
    for (unsigned k = 0; k < w->n; k += W) {
      unsigned m = w->n - k < W ? w->n - k : W;
      bool changed = memcmp(enew + k, w->eold + k, m) || memcmp(nnew + k, w->nold + k, m);
      if (!changed || !memcmp(enew + k, nnew + k, m)) continue;
      if (m == W) { /* a pointer stored: the same place in corresponding regions? */
        u64 a = 0, b = 0;
        memcpy(&a, enew + k, m);
        memcpy(&b, nnew + k, m);
        if (lks_map_same(&lks.map, lks.mode, a, b)) continue;
      }
      int n = snprintf(memdiff, sizeof memdiff,
                       "  ! memory written at emu 0x%llx (native 0x%llx):\n      emu   ",
                       (unsigned long long)(w->ea + k), (unsigned long long)(w->na + k));
      for (unsigned j = 0; j < m; j++)
        n += snprintf(memdiff + n, sizeof memdiff - n, "%02x ", enew[k + j]);
      n += snprintf(memdiff + n, sizeof memdiff - n, "\n      native");
      for (unsigned j = 0; j < m; j++)
        n += snprintf(memdiff + n, sizeof memdiff - n, " %02x", nnew[k + j]);
      snprintf(memdiff + n, sizeof memdiff - n, "\n");
      lks_difference(c, "memory written differs");
    }
  }
}

u64 lks_cs_undef(const cs_insn *ci, struct cpu *c, const struct insn *d) {
  u64 ef = ci->detail->x86.eflags, u = 0;
  if (ef & X86_EFLAGS_UNDEFINED_OF) u |= F_OF;
  if (ef & X86_EFLAGS_UNDEFINED_SF) u |= F_SF;
  if (ef & X86_EFLAGS_UNDEFINED_ZF) u |= F_ZF;
  if (ef & X86_EFLAGS_UNDEFINED_PF) u |= F_PF;
  if (ef & X86_EFLAGS_UNDEFINED_AF) u |= F_AF;
  if (ef & X86_EFLAGS_UNDEFINED_CF) u |= F_CF;
  /* Shifts and rotates by a count other than 1: OF undefined (SDM); AF for shifts. */
  if (d->map == 0 && (d->op == 0xc0 || d->op == 0xc1 || d->op == 0xd2 || d->op == 0xd3)) {
    u64 n = d->op <= 0xc1 ? d->imm : c->r[R_CX];
    n &= d->opsz == 8 ? 63 : 31;
    if (n != 1) u |= F_OF | F_AF;
  }
  /* The SDM's "undefined" where Capstone's table says "modified". */
  switch (ci->id) {
  case X86_INS_MUL:
  case X86_INS_IMUL: u |= F_SF | F_ZF | F_AF | F_PF; break;
  case X86_INS_DIV:
  case X86_INS_IDIV: u |= F_ARITH; break;
  case X86_INS_BSF:
  case X86_INS_BSR: u |= F_CF | F_OF | F_SF | F_AF | F_PF; break;
  case X86_INS_BT:
  case X86_INS_BTS:
  case X86_INS_BTR:
  case X86_INS_BTC: u |= F_OF | F_SF | F_AF | F_PF; break;
  case X86_INS_LZCNT:
  case X86_INS_TZCNT: u |= F_OF | F_SF | F_AF | F_PF; break;
  case X86_INS_AAA:
  case X86_INS_AAS: u |= F_OF | F_SF | F_ZF | F_PF; break;
  case X86_INS_AAM:
  case X86_INS_AAD: u |= F_OF | F_AF | F_CF; break;
  case X86_INS_DAA:
  case X86_INS_DAS: u |= F_OF; break;
  case X86_INS_BEXTR: u |= F_SF | F_AF | F_PF; break;
  case X86_INS_ANDN:
  case X86_INS_BLSI:
  case X86_INS_BLSMSK:
  case X86_INS_BLSR:
  case X86_INS_BZHI: u |= F_AF | F_PF; break;
  default: break;
  }
  if (d->map == 1 && (d->op == 0xa4 || d->op == 0xa5 || d->op == 0xac || d->op == 0xad))
    u |= F_OF | F_AF; /* SHLD/SHRD */
  return u;
}

static void hook_enter(struct cpu *c) {
  if (!lks.comparing) return;
  if (!lks.setup) setup(c);
  if (!lks.comparing || !lks.sys.compare_after) return;
  /* After a system call: the native side ran it, emu replayed it. */
  lks.sys.compare_after = false;
  struct lks_state e;
  lks_cpu_state(c, &e);
  u64 d = lks_compare(&e, &lks.nat, &lks.map, 0, 0);
  lks.count++;
  if (d)
    lks_difference(c, "the state after system call %s differs", lks.sys.name ? lks.sys.name : "?");
}

static void hook_before(struct cpu *c, const struct insn *d) {
  if (!lks.comparing) return;
  if (lks.count >= lks.limit) {
    fprintf(stderr,
            "lockstep: %llu instructions compared, no difference (--lockstep-limit reached)\n",
            lks.count);
    fflush(stderr);
    kill_native();
    exit(0);
  }
  cur.pending = true;
  cur.ip = c->ip;
  cur.len = d->len <= 15 ? d->len : 15;
  /* For the disassembly: up to 15 bytes (an instruction emu does not know
   * has a length only Capstone can tell). */
  const struct vma *cv = mm_find(c->mm, c->ip);
  if (d->fn == NULL || cur.len < 15) {
    u64 room = cv && cv->end > c->ip ? cv->end - c->ip : (u64)cur.len;
    int n = room < 15 ? (int)room : 15;
    if (n > cur.len) cur.len = n;
  }
  memcpy(cur.bytes, c->mem + c->ip, cur.len);
  unsigned k = nhist++ % HIST;
  hist[k].ip = cur.ip;
  hist[k].len = cur.len;
  memcpy(hist[k].bytes, cur.bytes, cur.len);
  cur.id = 0;
  cur.undef = 0;
  cur.rm = d->rm;
  cur.opsz = d->opsz;
  cur.nw = 0;
  memdiff[0] = 0;
  bool push = false;
  cs_insn *ci = NULL;
  size_t n = cs_ready() ? cs_disasm(cs, cur.bytes, cur.len, cur.ip, 1, &ci) : 0;
  if (n == 1) {
    cur.id = ci->id;
    cur.undef = lks_cs_undef(ci, c, d);
    for (int i = 0; i < ci->detail->regs_write_count; i++) {
      unsigned r = ci->detail->regs_write[i];
      if (r == X86_REG_RSP || r == X86_REG_ESP || r == X86_REG_SP) push = true;
    }
  }
  if (ci) cs_free(ci, n);
  bool str = d->map == 0 && d->op >= 0xa4 && d->op <= 0xaf;
  cur.rep = str && d->rep;
  if (d->map == 0 && d->op >= 0xa0 && d->op <= 0xa3)
    win_add(c, d->imm + c->seg_base[d->seg == SEG_NONE ? SEG_DS : d->seg]);
  else if (d->mod != 3 && d->fn && (d->base != NOREG || d->index != NOREG || d->disp))
    win_add(c, insn_ea(c, d));
  if (push) win_add(c, c->r[R_SP] - WIN_BYTES);
  if (str) win_add(c, c->r[R_DI] + c->seg_base[SEG_ES]);
}

static void fixup_special(struct cpu *c) {
  struct user_regs_struct r;
  switch (cur.id) {
  case X86_INS_CPUID:
  case X86_INS_XGETBV:
    /* The native side takes emu's answer: the program follows emu's features. */
    if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r)) return;
    r.rax = c->r[R_AX];
    r.rdx = c->r[R_DX];
    if (cur.id == X86_INS_CPUID) {
      r.rbx = c->r[R_BX];
      r.rcx = c->r[R_CX];
    }
    ptrace(PTRACE_SETREGS, lks.pid, 0, &r);
    break;
  case X86_INS_RDTSC:
  case X86_INS_RDTSCP:
  case X86_INS_RDRAND:
  case X86_INS_RDSEED:
    /* emu takes the native time stamp and random numbers. */
    if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r)) return;
    if (cur.id == X86_INS_RDRAND || cur.id == X86_INS_RDSEED) {
      u64 g[16] = {r.rax, r.rcx, r.rdx, r.rbx, r.rsp, r.rbp, r.rsi, r.rdi,
                   r.r8,  r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15};
      c->r[cur.rm & 15] = g[cur.rm & 15];
      cpu_set_flags(c, r.eflags, F_ARITH);
    } else {
      c->r[R_AX] = r.rax;
      c->r[R_DX] = r.rdx;
      if (cur.id == X86_INS_RDTSCP) c->r[R_CX] = r.rcx;
    }
    break;
  case X86_INS_PUSHF:
  case X86_INS_PUSHFD:
  case X86_INS_PUSHFQ: {
    /* PUSHF stored the TF of our single-stepping: the program's flags have none. */
    u8 b;
    if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r) || lks_nat_read(r.rsp + 1, &b, 1) != 1) return;
    if ((b & 1) && !(c->mem[c->r[R_SP] + 1] & 1)) {
      b &= (u8)~1u;
      lks_nat_write(r.rsp + 1, &b, 1);
    }
    break;
  }
  default: break;
  }
}

static int nat_skip(struct cpu *c) {
  struct user_regs_struct r;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r)) return nat_step();
  r.rip = c->rip; /* where emu went on: past the instruction */
  ptrace(PTRACE_SETREGS, lks.pid, 0, &r);
  return 0;
}

/* The instruction at native rip a is a system-call gate. */
static bool nat_at_gate(u64 a) {
  u8 b[2];
  return lks_nat_read(a, b, 2) == 2 &&
         ((b[0] == 0x0f && (b[1] == 0x05 || b[1] == 0x34)) || (b[0] == 0xcd && b[1] == 0x80));
}

/* EMU_LOCKSTEP_SKIP_AT=N (tests): the native step of the N-th instruction
 * (or the first one after it not followed by a system-call gate) runs two
 * instructions, as on a host that delivers the trap late. */
static int nat_step_maybe_double(void) {
  int s = nat_step();
  if (s || !lks.resync.skip_at || lks.count + 1 < lks.resync.skip_at) return s;
  struct user_regs_struct r;
  if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r) || nat_at_gate(r.rip)) return s;
  lks.resync.skip_at = 0;
  return nat_step();
}

/* After the native step of the instruction at cur.ip, the native rip n is not
 * emu's next rip: did the native step run the next instruction too?  Yes
 * when n is where the instruction at emu's rip ends, or may be (that
 * instruction is a jump, call, return or loop: the next comparison
 * decides). */
static bool ran_two(struct cpu *c, u64 n) {
  u64 e = c->rip;
  const struct vma *v = mm_find(c->mm, e);
  if (!v || e < v->start || !(v->prot & MM_READ) || !cs_ready()) return false;
  size_t room = v->end - e < 15 ? (size_t)(v->end - e) : 15;
  cs_insn *ci = NULL;
  size_t k = cs_disasm(cs, c->mem + e, room, e, 1, &ci);
  bool two = false;
  if (k == 1) {
    two = e + ci->size == n;
    for (int i = 0; i < ci->detail->groups_count; i++) {
      u8 g = ci->detail->groups[i];
      if (g == CS_GRP_JUMP || g == CS_GRP_CALL || g == CS_GRP_RET) two = true;
    }
    if (nat_at_gate(e)) two = false; /* the native side ran a system call unreplayed */
  }
  if (ci) cs_free(ci, k);
  return two;
}

static void hook_after(struct cpu *c) {
  if (!lks.comparing) return;
  cur.pending = false;
  int s;
  if (lks.resync.pending) {
    /* The native side ran this one with the previous step. */
    lks.resync.pending = false;
    cur.undef |= lks.resync.undef;
    s = 0;
  } else {
    /* CPUID is not stepped natively: the native side takes emu's answer anyway, and
     * hypervisors that intercept CPUID deliver the single-step trap one instruction
     * late (seen on Firecracker), so the tracer performs it: emu's registers, rip past it. */
    s = cur.id == X86_INS_CPUID ? nat_skip(c) : nat_step_maybe_double();
    while (s == 0 && cur.rep) { /* natively a REP traps after every iteration */
      struct user_regs_struct r;
      if (ptrace(PTRACE_GETREGS, lks.pid, 0, &r) || r.rip != cur.ip) break;
      s = nat_step();
    }
    struct user_regs_struct r;
    if (s == 0 && !ptrace(PTRACE_GETREGS, lks.pid, 0, &r) && r.rip != c->rip &&
        lks_map_to_native(&lks.map, c->rip) != r.rip && ran_two(c, r.rip)) {
      /* One trap for two instructions: emu runs the second before comparing. */
      if (lks.resync.n++ < 3)
        fprintf(stderr,
                "lockstep: the native single-step over 0x%llx ran two instructions; "
                "emu steps once more\n",
                (unsigned long long)cur.ip);
      if (lks.resync.n == 1) lks.resync.first_ip = cur.ip;
      lks.resync.pending = true;
      lks.resync.undef = cur.undef;
      lks.resync.ip = cur.ip;
      lks.count++;
      return;
    }
  }
  if (s < 0)
    lks_difference(c, "the native program ended (status 0x%x); emu went on", lks.native_status);
  if (s > 0) {
    nat_read_state(&lks.nat);
    lks_difference(c, "natively the instruction raised %s; emu completed it", strsignal(s));
  }
  fixup_special(c);
  nat_read_state(&lks.nat);
  struct lks_state e;
  lks_cpu_state(c, &e);
  u64 d = lks_compare(&e, &lks.nat, &lks.map, cur.undef, 0);
  if (d) lks_difference(c, "the state after the instruction differs");
  /* Flags the SDM leaves undefined take the native values: the next
   * instruction that reads them sees the same on both sides. */
  if (cur.undef) cpu_set_flags(c, lks.nat.flags, cur.undef & F_ARITH);
  win_check(c);
  lks.count++;
}

static int expected_signal(int stop) {
  switch (stop) {
  case STOP_PAGEFAULT: return SIGSEGV;
  case STOP_GP:
  case STOP_HLT:
  case STOP_INT:
  case STOP_OF:
  case STOP_BR: return SIGSEGV;
  case STOP_NP:
  case STOP_SS: return SIGBUS;
  case STOP_UD:
  case STOP_SYSENTER: return SIGILL;
  case STOP_DE:
  case STOP_MF:
  case STOP_XM: return SIGFPE;
  case STOP_BP:
  case STOP_DB: return SIGTRAP;
  default: return 0;
  }
}

/* The system call the native side is stopped at: run it there. */
static void native_syscall(struct cpu *c, int stop) {
  const struct lks_state *n = &lks.nat;
  bool is64 = stop == STOP_SYSCALL;
  enum abi abi = is64 ? ABI_X86_64 : ABI_I386;
  long nr = is64 ? (long)(int)n->r[R_AX] : (long)(u32)n->r[R_AX];
  const char *name = sys_name(abi, nr);
  if (lks_sys_unsupported(abi, name)) {
    lks.count++;
    lks_stop_comparing("system call %s (lockstep follows one process image only)",
                       name ? name : "?");
    return;
  }
  lks.sys.nr = nr;
  lks.sys.name = name;
  if (is64) {
    const int ar[6] = {R_DI, R_SI, R_DX, R_R10, R_R8, R_R9};
    for (int i = 0; i < 6; i++) lks.sys.args[i] = n->r[ar[i]];
  } else {
    const int ar[6] = {R_BX, R_CX, R_DX, R_SI, R_DI, R_BP};
    for (int i = 0; i < 6; i++) lks.sys.args[i] = (u32)n->r[ar[i]];
  }
  int s = nat_step();
  if (s > 0) {
    lks.count++;
    lks_stop_comparing("signal %s natively during system call %s", strsignal(s), name ? name : "?");
    return;
  }
  if (s == 0) {
    struct user_regs_struct r;
    /* SYSCALL saved rflags in r11 with the TF of our single-stepping: the
     * program would see it only because it is traced. */
    if (is64 && !ptrace(PTRACE_GETREGS, lks.pid, 0, &r) && (r.r11 & F_TF)) {
      r.r11 &= ~(u64)F_TF;
      ptrace(PTRACE_SETREGS, lks.pid, 0, &r);
    }
    nat_read_state(&lks.nat);
    lks.sys.ret = is64 ? (long)lks.nat.r[R_AX] : (long)(i32)lks.nat.r[R_AX];
  } else {
    lks.sys.ret = 0; /* exit, exit_group */
  }
  lks.sys.active = true;
  lks.sys.compare_after = s == 0;
  if (s < 0) lks.count++;
}

static void hook_leave(struct cpu *c, int stop) {
  if (!lks.comparing || stop == STOP_BUDGET) return;
  bool started = cur.pending;
  cur.pending = false;
  if (started && lks.resync.pending) {
    nat_read_state(&lks.nat);
    lks_difference(c,
                   "natively the step over 0x%llx ran on into this instruction, where emu "
                   "stopped (a system call or a fault): no resynchronising",
                   (unsigned long long)lks.resync.ip);
  }
  if (started && (stop == STOP_SYSCALL || (stop == STOP_INT && c->trapno == 0x80))) {
    native_syscall(c, stop);
    return;
  }
  /* A fault or trap: natively the same signal is expected. */
  int s = nat_step();
  int want = expected_signal(stop);
  if (s > 0 && (s == want || (want == SIGSEGV && s == SIGBUS))) {
    lks.count++;
    lks_stop_comparing("%s at 0x%llx on both sides (signals are not followed)", strsignal(s),
                       (unsigned long long)c->rip);
    return;
  }
  if (s >= 0) nat_read_state(&lks.nat);
  lks_difference(c, "emu stopped (%s expected) but natively %s", strsignal(want ? want : SIGSEGV),
                 s > 0    ? strsignal(s)
                 : s == 0 ? "the instruction completed"
                          : "the program ended");
}

static const struct cpu_tracer lks_tracer = {
    .enter = hook_enter,
    .before = hook_before,
    .after = hook_after,
    .leave = hook_leave,
};

/* A descriptor of emu's own: out of the guest's low numbers, and one the
 * guest cannot close or dup over. */
static int high_fd(int fd) {
  if (fd < 0) return fd;
  fd = fs_fd_high(fd);
  fs_fd_reserve(fd);
  return fd;
}

int lks_start(const char *path, char *const argv[], char *const envp[], unsigned long long limit) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "emu: --lockstep: fork: %s\n", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    personality(ADDR_NO_RANDOMIZE);
    execve(path, argv, envp);
    fprintf(stderr, "emu: --lockstep: cannot run %s natively: %s\n", path, strerror(errno));
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
    fprintf(stderr, "emu: --lockstep: the native run of %s did not start under ptrace\n", path);
    if (!WIFEXITED(st)) kill(pid, SIGKILL);
    return 1;
  }
  ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL);
  lks.pid = pid;
  /* /proc may show another PID namespace than ours (lockstep_nat.c). */
  char mp[96];
  if (!lks_nat_find_proc()) {
    fprintf(stderr,
            "emu: --lockstep: the native child is not in this /proc (another PID "
            "namespace's, without our children)\n");
    kill_native();
    return 1;
  }
  lks.memfd = -1;
  if (lks_nat_proc_path(mp, sizeof mp, "mem")) lks.memfd = high_fd(open(mp, O_RDWR | O_CLOEXEC));
  lks.selfmem = high_fd(open("/proc/self/mem", O_RDWR | O_CLOEXEC));
  struct user_regs_struct r;
  ptrace(PTRACE_GETREGS, pid, 0, &r);
  lks.mode = r.cs == 0x23 ? 32 : 64;
  lks.limit = limit ? limit : LKS_DEFAULT_LIMIT;
  const char *skip = getenv("EMU_LOCKSTEP_SKIP_AT"); /* tests: a simulated double step */
  if (skip) lks.resync.skip_at = strtoull(skip, NULL, 0);
  lks.comparing = true;
  cpu_tracer = &lks_tracer;
  obs_register(&lks_observer);
  return 0;
}

int lks_finish(int status) {
  if (!lks.pid) return 0;
  if (cs_ok) cs_close(&cs);
  if (lks.resync.n)
    fprintf(stderr,
            "lockstep: resynchronised %llu time%s after a native single-step that ran two "
            "instructions (first at 0x%llx)\n",
            lks.resync.n, lks.resync.n == 1 ? "" : "s", (unsigned long long)lks.resync.first_ip);
  if (lks.comparing) {
    if (!lks.native_gone) {
      kill_native();
      fprintf(stderr,
              "lockstep: DIFFERENCE after %llu instructions: emu's program ended "
              "(status 0x%x), the native one did not\n",
              lks.count, status);
      return 1;
    }
    if (lks.native_status != status) {
      fprintf(stderr,
              "lockstep: DIFFERENCE after %llu instructions: wait status emu 0x%x, "
              "native 0x%x\n",
              lks.count, status, lks.native_status);
      return 1;
    }
    fprintf(stderr, "lockstep: %llu instructions compared, no difference\n", lks.count);
  } else {
    fprintf(stderr,
            "lockstep: %llu instructions compared, no difference (then stopped comparing: %s)\n",
            lks.count, lks.stopped_why);
  }
  return 0;
}
