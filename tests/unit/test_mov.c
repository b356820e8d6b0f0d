/* test_mov.c — the mov family (data movement, stack, control flow, system/misc,
 * CPUID) against the host CPU, plus the harness test_string.c shares.
 *
 * Harness (mh_check): one instruction's bytes run natively and under emu at
 * the same addresses, so addresses pushed, rip-relative operands and memory
 * contents are directly comparable:
 *
 *   0x40000000  CODE   RWX   native prologue at +0, the instruction at INSN,
 *                            a tail at INSN+len and at the branch target
 *   0x40100000  DATA   RW    64 KiB of data and stack, same initial bytes
 *   0x40200000  STATE  RW    native only: registers in and out
 *
 * Natively the prologue loads rax..r15 and rflags from STATE and jumps to the
 * instruction; each tail stores the registers, its own address (which tail
 * ran = where the instruction went) and rflags.  The tail for a branch target
 * sits at MH_TAIL2, reached from the target by a 14-byte absolute jump (so a
 * target may lie within rel8 reach, before the instruction).  Under emu the tails are
 * int3, so cpu_run stops with rip just past the tail that was reached.
 * Compared: the 16 registers, rip, the flags in fmask, and all of DATA.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu_internal.h"
#include "mem/mem.h"

#define MH_CODE  0x40000000ull
#define MH_INSN  (MH_CODE + 0x800)
#define MH_DATA  0x40100000ull
#define MH_DSIZE 0x10000ull
#define MH_STATE 0x40200000ull /* in: 0..17, out: 32..49 (u64 slots) */
#define MH_SAVE  (MH_STATE + 0x400)
#define MH_TAIL2 (MH_CODE + 0xc00)

/* Shared with test_string.c. */
void mh_check(const u8 *code, size_t n, const u64 *regs, u64 target, u64 fmask, const void *mem,
              size_t mem_len, u64 mem_at, const char *what);
u64 mh_rnd(void);

/* --- native stubs (assembled here, copied into CODE) --- */
__asm__(
    ".pushsection .rodata\n"
    "mh_pro_start:\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  movabs $0x40200400, %rax\n"
    "  mov %rsp, (%rax)\n"
    "  movabs $0x40200000, %rax\n"
    "  pushq 128(%rax)\n"
    "  popfq\n"
    "  mov 8(%rax), %rcx\n  mov 16(%rax), %rdx\n  mov 24(%rax), %rbx\n"
    "  mov 32(%rax), %rsp\n  mov 40(%rax), %rbp\n  mov 48(%rax), %rsi\n"
    "  mov 56(%rax), %rdi\n  mov 64(%rax), %r8\n  mov 72(%rax), %r9\n"
    "  mov 80(%rax), %r10\n  mov 88(%rax), %r11\n  mov 96(%rax), %r12\n"
    "  mov 104(%rax), %r13\n  mov 112(%rax), %r14\n  mov 120(%rax), %r15\n"
    "  mov (%rax), %rax\n"
    "  jmp *1f(%rip)\n"
    "1: .quad 0x40000800\n"
    "mh_pro_end:\n"
    "mh_tail_start:\n"
    "  movabs %rax, 0x40200100\n"
    "  movabs $0x40200100, %rax\n"
    "  mov %rcx, 8(%rax)\n  mov %rdx, 16(%rax)\n  mov %rbx, 24(%rax)\n"
    "  mov %rsp, 32(%rax)\n  mov %rbp, 40(%rax)\n  mov %rsi, 48(%rax)\n"
    "  mov %rdi, 56(%rax)\n  mov %r8, 64(%rax)\n  mov %r9, 72(%rax)\n"
    "  mov %r10, 80(%rax)\n  mov %r11, 88(%rax)\n  mov %r12, 96(%rax)\n"
    "  mov %r13, 104(%rax)\n  mov %r14, 112(%rax)\n  mov %r15, 120(%rax)\n"
    "  lea mh_tail_start(%rip), %rcx\n"
    "  mov %rcx, 136(%rax)\n"
    "  movabs $0x40200400, %rax\n"
    "  mov (%rax), %rsp\n"
    "  pushfq\n"
    "  pop %rcx\n"
    "  movabs $0x40200100, %rax\n"
    "  mov %rcx, 128(%rax)\n"
    "  pushq $0x202\n" /* DF and AC clear again for the C code */
    "  popfq\n"
    "  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
    "  ret\n"
    "mh_tail_end:\n"
    ".popsection\n");
extern const u8 mh_pro_start[], mh_pro_end[], mh_tail_start[], mh_tail_end[];

static struct mm *mh_mm;
static struct cpu mh_cpu;
static u8 *mh_ncode, *mh_ndata;
static u64 *mh_nstate;

static void mh_setup(void) {
  if (mh_mm) return;
  mh_ncode = mmap((void *)MH_CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  mh_ndata = mmap((void *)MH_DATA, MH_DSIZE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  mh_nstate = mmap((void *)MH_STATE, 0x1000, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  cr_assert(
      mh_ncode == (void *)MH_CODE && mh_ndata == (void *)MH_DATA && mh_nstate == (void *)MH_STATE,
      "fixed native mappings");
  cpu_install_fault_handler();
  mh_mm = mm_new(64);
  cr_assert_not_null(mh_mm);
  cr_assert_eq(mm_map(mh_mm, MH_CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)MH_CODE);
  cr_assert_eq(mm_map(mh_mm, MH_DATA, MH_DSIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)MH_DATA);
  cpu_init(&mh_cpu, 64, mh_mm);
}

static u64 mh_rng = 0x9e3779b97f4a7c15ull;
u64 mh_rnd(void) {
  mh_rng ^= mh_rng << 13;
  mh_rng ^= mh_rng >> 7;
  mh_rng ^= mh_rng << 17;
  return mh_rng;
}

static void mh_fill(u8 *p, const void *mem, size_t mem_len, u64 mem_at) {
  for (u64 i = 0; i < MH_DSIZE; i++) p[i] = (u8)(i * 131 + (i >> 8) * 7 + 11);
  if (mem_len) memcpy(p + mem_at, mem, mem_len);
}

/* regs: rax..r15 in 0..15, rflags in 16. target: a second tail (branch
 * target) in CODE, or 0. */
void mh_check(const u8 *code, size_t n, const u64 *regs, u64 target, u64 fmask, const void *mem,
              size_t mem_len, u64 mem_at, const char *what) {
  mh_setup();
  size_t tl = mh_tail_end - mh_tail_start;
  cr_assert(n < 0x100 && MH_INSN + n + tl < MH_TAIL2 && MH_TAIL2 + tl <= MH_CODE + 0x1000);
  cr_assert(!target || (target >= MH_CODE + 0x200 && target + 14 <= MH_INSN) ||
            (target >= MH_INSN + n + tl && target + 14 <= MH_TAIL2));
  u64 fin = (regs[16] & (F_ARITH | F_DF)) | 0x202;

  /* native */
  memset(mh_ncode, 0xcc, 0x1000);
  memcpy(mh_ncode, mh_pro_start, mh_pro_end - mh_pro_start);
  memcpy(mh_ncode + (MH_INSN - MH_CODE), code, n);
  memcpy(mh_ncode + (MH_INSN - MH_CODE) + n, mh_tail_start, tl);
  if (target) {
    static const u8 jmp_abs[6] = {0xff, 0x25, 0, 0, 0, 0}; /* jmp *0(%rip) */
    u64 t2 = MH_TAIL2;
    memcpy(mh_ncode + (target - MH_CODE), jmp_abs, 6);
    memcpy(mh_ncode + (target - MH_CODE) + 6, &t2, 8);
    memcpy(mh_ncode + (MH_TAIL2 - MH_CODE), mh_tail_start, tl);
  }
  __builtin___clear_cache((char *)mh_ncode, (char *)mh_ncode + 0x1000);
  mh_fill(mh_ndata, mem, mem_len, mem_at);
  memset(mh_nstate, 0, 0x400);
  memcpy(mh_nstate, regs, 16 * 8);
  mh_nstate[16] = fin;
  ((void (*)(void))MH_CODE)();
  const u64 *nout = mh_nstate + 32;

  /* emu */
  struct cpu *c = &mh_cpu;
  u8 *g = mh_mm->base;
  memset(g + MH_CODE, 0xcc, 0x1000);
  memcpy(g + MH_INSN, code, n);
  cpu_flush_code(c);
  mh_fill(g + MH_DATA, mem, mem_len, mem_at);
  memcpy(c->r, regs, 16 * 8);
  cpu_set_flags(c, fin, ~0ull);
  c->rip = MH_INSN;
  int stop = cpu_run(c, 10);
  cr_assert_eq(stop, STOP_BP, "%s: stop %d at %#lx", what, stop, (unsigned long)c->ip);
  u64 rip = c->rip - 1;

  u64 nrip = nout[17] == MH_TAIL2 ? target : nout[17];
  cr_assert_eq(rip, nrip, "%s: rip %#lx, native %#lx", what, (unsigned long)rip,
               (unsigned long)nrip);
  for (int i = 0; i < 16; i++)
    cr_assert_eq(c->r[i], nout[i], "%s: r%d = %#lx, native %#lx (in %#lx)", what, i,
                 (unsigned long)c->r[i], (unsigned long)nout[i], (unsigned long)regs[i]);
  u64 ef = cpu_get_flags(c) & fmask, nf = nout[16] & fmask;
  cr_assert_eq(ef, nf, "%s: flags %#lx, native %#lx", what, (unsigned long)ef, (unsigned long)nf);
  cr_assert(memcmp(g + MH_DATA, mh_ndata, MH_DSIZE) == 0, "%s: memory differs", what);
}

/* --- cases --- */

#define FL  (F_ARITH | F_DF)
#define STK (MH_DATA + 0x8000) /* initial rsp */

static const u64 edge[] = {0,
                           1,
                           0x7f,
                           0x80,
                           0xff,
                           0x8000,
                           0xffff,
                           0x7fffffff,
                           0x80000000,
                           0xffffffff,
                           0x8000000000000000ull,
                           ~0ull,
                           0x0123456789abcdefull,
                           0xfedcba9876543210ull};

/* Registers: random values, edge values in rax/rcx/rdx, and the pointer
 * registers rbx rsi rdi rbp into DATA, rsp the stack. */
static void mh_regs(u64 *r, int k) {
  for (int i = 0; i < 16; i++) r[i] = mh_rnd();
  r[R_AX] = k < (int)ARRAY_SIZE(edge) ? edge[k] : r[R_AX];
  r[R_CX] = edge[(k * 5) % ARRAY_SIZE(edge)];
  r[R_DX] = edge[(k * 3 + 1) % ARRAY_SIZE(edge)];
  r[R_BX] = MH_DATA + 0x1000 + (mh_rnd() & 0xff);
  r[R_SI] = MH_DATA + 0x2000 + (mh_rnd() & 0xff);
  r[R_DI] = MH_DATA + 0x3000 + (mh_rnd() & 0xff);
  r[R_BP] = MH_DATA + 0x7f00;
  r[R_SP] = STK;
  r[16] = (k & 1) ? F_ARITH : 0;
}

/* A table of encodings: {len, bytes...}..., 0.  Each runs on 40 register
 * sets; fixup (optional) adjusts the registers per case. */
static void run_table(const u8 *t, u64 target, u64 fmask, void (*fixup)(u64 *r, int k)) {
  u64 r[17];
  for (int i = 0; *t; i++, t += *t + 1) {
    for (int k = 0; k < 40; k++) {
      mh_regs(r, k);
      if (fixup) fixup(r, k);
      char what[64];
      snprintf(what, sizeof what, "row %d (%02x %02x) set %d", i, t[1], t[2], k);
      mh_check(t + 1, *t, r, target, fmask, NULL, 0, 0, what);
    }
  }
}

Test(mov, mov_forms) {
  static const u8 t[] = {2,  0x89, 0xc8,                   /* mov %ecx,%eax */
                         3,  0x48, 0x89, 0xc8,             /* mov %rcx,%rax */
                         3,  0x66, 0x89, 0xc8,             /* mov %cx,%ax */
                         2,  0x88, 0xcc,                   /* mov %cl,%ah */
                         2,  0x88, 0xe1,                   /* mov %ah,%cl */
                         3,  0x40, 0x88, 0xe1,             /* mov %spl,%cl */
                         3,  0x45, 0x88, 0xc1,             /* mov %r8b,%r9b */
                         3,  0x48, 0x89, 0x0b,             /* mov %rcx,(%rbx) */
                         4,  0x66, 0x89, 0x4b, 0x07,       /* mov %cx,7(%rbx) */
                         3,  0x88, 0x63, 0x01,             /* mov %ah,1(%rbx) */
                         3,  0x48, 0x8b, 0x03,             /* mov (%rbx),%rax */
                         2,  0x8b, 0x03,                   /* mov (%rbx),%eax */
                         3,  0x66, 0x8b, 0x03,             /* mov (%rbx),%ax */
                         2,  0x8a, 0x23,                   /* mov (%rbx),%ah */
                         2,  0xb0, 0x85,                   /* mov $0x85,%al */
                         2,  0xb4, 0x85,                   /* mov $0x85,%ah */
                         3,  0x41, 0xb7, 0x85,             /* mov $0x85,%r15b */
                         5,  0xb8, 0x78, 0x56, 0x34, 0x82, /* mov $0x82345678,%eax */
                         4,  0x66, 0xb9, 0x34, 0x82,       /* mov $0x8234,%cx */
                         10, 0x49, 0xba, 1,    2,    3,    4,    5,    6,
                         7,  0x88,                                           /* movabs $..,%r10 */
                         7,  0x48, 0xc7, 0xc0, 0x00, 0x00, 0x00, 0x80,       /* mov $-2^31,%rax */
                         8,  0x48, 0xc7, 0x43, 0x08, 0xff, 0xff, 0xff, 0x8f, /* movq $..,8(%rbx) */
                         4,  0xc6, 0x43, 0x03, 0x9c,       /* movb $0x9c,3(%rbx) */
                         5,  0x66, 0xc7, 0x03, 0x34, 0x92, /* movw $0x9234,(%rbx) */
                         0};
  run_table(t, 0, FL, NULL);
}

static void small_si(u64 *r, int k) { r[R_SI] = k * 17; /* index for (%rbx,%rsi) and friends */ }

Test(mov, lea_movzx_movsx) {
  static const u8 u[] = {4, 0x48, 0x8d, 0x04, 0x73,             /* lea (%rbx,%rsi,2),%rax */
                         4, 0x8d, 0x44, 0x73, 0x81,             /* lea -0x7f(%rbx,%rsi,2),%eax */
                         5, 0x66, 0x8d, 0x44, 0x73, 0x81,       /* lea -0x7f(%rbx,%rsi,2),%ax */
                         5, 0x67, 0x48, 0x8d, 0x04, 0x0a,       /* lea (%edx,%ecx),%rax */
                         4, 0x67, 0x8d, 0x04, 0x0a,             /* lea (%edx,%ecx),%eax */
                         7, 0x48, 0x8d, 0x05, 0x10, 0,    0, 0, /* lea 0x10(%rip),%rax */
                         8, 0x48, 0x8d, 0x04, 0xcd, 0,    0, 0, 0x80, /* lea -2^31(,%rcx,8),%rax */
                         4, 0x48, 0x0f, 0xb6, 0xc1,                   /* movzbq %cl,%rax */
                         3, 0x0f, 0xb6, 0xc5,                         /* movzbl %ch,%eax */
                         4, 0x66, 0x0f, 0xb6, 0xc1,                   /* movzbw %cl,%ax */
                         3, 0x0f, 0xb7, 0xc1,                         /* movzwl %cx,%eax */
                         4, 0x48, 0x0f, 0xbe, 0xc1,                   /* movsbq %cl,%rax */
                         3, 0x0f, 0xbe, 0xc1,                         /* movsbl %cl,%eax */
                         4, 0x66, 0x0f, 0xbe, 0xc1,                   /* movsbw %cl,%ax */
                         4, 0x48, 0x0f, 0xbf, 0xc1,                   /* movswq %cx,%rax */
                         3, 0x0f, 0xbf, 0x03,                         /* movswl (%rbx),%eax */
                         3, 0x48, 0x63, 0xc1,                         /* movslq %ecx,%rax */
                         3, 0x48, 0x63, 0x03,                         /* movslq (%rbx),%rax */
                         2, 0x63, 0xc1, /* movsxd %ecx,%eax (no REX.W) */
                         0};
  run_table(u, 0, FL, small_si);
}

Test(mov, xchg_xlat_lahf_sahf) {
  static const u8 t[] = {3, 0x48, 0x87, 0xd1, /* xchg %rdx,%rcx */
                         2, 0x87, 0xd1,       /* xchg %edx,%ecx */
                         3, 0x66, 0x87, 0xd1, /* xchg %dx,%cx */
                         2, 0x86, 0xe1,       /* xchg %ah,%cl */
                         3, 0x48, 0x87, 0x0b, /* xchg %rcx,(%rbx) */
                         2, 0x87, 0x0b,       /* xchg %ecx,(%rbx) */
                         3, 0x66, 0x87, 0x0b, /* xchg %cx,(%rbx) */
                         2, 0x86, 0x23,       /* xchg %ah,(%rbx) */
                         1, 0x90,             /* nop */
                         2, 0x66, 0x90,       /* xchg %ax,%ax = nop */
                         2, 0xf3, 0x90,       /* pause */
                         2, 0x41, 0x90,       /* xchg %eax,%r8d */
                         3, 0x49, 0x90, 0x90, /* xchg %rax,%r8; nop (two instructions) */
                         1, 0x91,             /* xchg %eax,%ecx */
                         2, 0x48, 0x92,       /* xchg %rax,%rdx */
                         2, 0x66, 0x92,       /* xchg %ax,%dx */
                         1, 0xd7,             /* xlat */
                         1, 0x9f,             /* lahf */
                         1, 0x9e,             /* sahf */
                         2, 0x9e, 0x9f,       /* sahf; lahf */
                         1, 0xfc,             /* cld */
                         1, 0xfd,             /* std */
                         0};
  run_table(t, 0, FL, NULL);
}

Test(mov, moffs) {
  /* movabs with a 64-bit offset into DATA, and 67-prefixed 32-bit offsets */
  static const u8 t[] = {
      9,  0xa0, 0x10, 0x10, 0x10, 0x40, 0,    0, 0, 0,    /* movabs 0x40101010,%al */
      10, 0x48, 0xa1, 0x10, 0x10, 0x10, 0x40, 0, 0, 0, 0, /* movabs 0x40101010,%rax */
      10, 0x66, 0xa1, 0x11, 0x10, 0x10, 0x40, 0, 0, 0, 0, /* movabs 0x40101011,%ax */
      9,  0xa2, 0x13, 0x10, 0x10, 0x40, 0,    0, 0, 0,    /* movabs %al,0x40101013 */
      10, 0x48, 0xa3, 0x13, 0x10, 0x10, 0x40, 0, 0, 0, 0, /* movabs %rax,0x40101013 */
      6,  0x67, 0xa1, 0x20, 0x10, 0x10, 0x40,             /* addr32 mov 0x40101020,%eax */
      6,  0x67, 0xa3, 0x20, 0x10, 0x10, 0x40,             /* addr32 mov %eax,0x40101020 */
      0};
  run_table(t, 0, FL, NULL);
}

Test(stack, push_pop) {
  static const u8 t[] = {1, 0x50,                         /* push %rax */
                         2, 0x41, 0x57,                   /* push %r15 */
                         2, 0x66, 0x50,                   /* push %ax */
                         1, 0x54,                         /* push %rsp */
                         1, 0x58,                         /* pop %rax */
                         1, 0x5c,                         /* pop %rsp */
                         2, 0x66, 0x58,                   /* pop %ax */
                         2, 0x41, 0x5b,                   /* pop %r11 */
                         5, 0x68, 0x78, 0x56, 0x34, 0x92, /* push $-0x6dcba988 */
                         4, 0x66, 0x68, 0x34, 0x92,       /* pushw $0x9234 */
                         2, 0x6a, 0x85,                   /* push $-0x7b */
                         2, 0xff, 0x33,                   /* push (%rbx) */
                         3, 0xff, 0x34, 0x24,             /* push (%rsp) */
                         2, 0x8f, 0x03,                   /* pop (%rbx) */
                         3, 0x8f, 0x04, 0x24,       /* pop (%rsp): address after the increment */
                         4, 0x8f, 0x44, 0x24, 0xf8, /* pop -8(%rsp) */
                         3, 0x66, 0x8f, 0x03,       /* popw (%rbx) */
                         2, 0x0f, 0xa0,             /* push %fs */
                         2, 0x0f, 0xa8,             /* push %gs */
                         3, 0x66, 0x0f, 0xa0,       /* pushw %fs */
                         1, 0x9c,                   /* pushf */
                         2, 0x66, 0x9c,             /* pushfw */
                         1, 0x9d,                   /* popf */
                         2, 0x9c, 0x9d,             /* pushf; popf */
                         1, 0xc9,                   /* leave */
                         2, 0x66, 0xc9,             /* leavew */
                         4, 0xc8, 0x10, 0x00, 0x00, /* enter $16,$0 */
                         4, 0xc8, 0x08, 0x01, 0x01, /* enter $0x108,$1 */
                         4, 0xc8, 0x00, 0x00, 0x03, /* enter $0,$3 */
                         4, 0xc8, 0x18, 0x00, 0x22, /* enter $24,$34 (level 2) */
                         0};
  run_table(t, 0, FL, NULL);
}

Test(stack, popf_user_mask) {
  /* push %rcx; popf: rcx holds random flag bits (without TF) */
  static const u8 t[] = {2, 0x51, 0x9d, 0};
  u64 r[17];
  for (int k = 0; k < 200; k++) {
    mh_regs(r, k);
    r[R_CX] = mh_rnd() & ~(u64)F_TF;
    mh_check(t + 1, 2, r, 0, F_ARITH | F_DF | F_IF | F_AC | F_ID | 0x4000 | 0x3000, NULL, 0, 0,
             "popf");
  }
}

#define TGT (MH_CODE + 0x7a0) /* reachable by rel8 from MH_INSN */

/* Branch targets are TGT (the second tail). */
Test(ctrl, jcc_jmp) {
  u64 r[17];
  for (int cc = 0; cc < 16; cc++) {
    u8 s[2] = {(u8)(0x70 + cc), 0};
    u8 l[6] = {0x0f, (u8)(0x80 + cc), 0, 0, 0, 0};
    i64 rel8 = (i64)TGT - (i64)(MH_INSN + 2);
    cr_assert(rel8 >= -128 && rel8 < 128);
    u32 rel32 = (u32)(TGT - (MH_INSN + 6));
    s[1] = (u8)rel8;
    memcpy(l + 2, &rel32, 4);
    for (int k = 0; k < 64; k++) {
      mh_regs(r, k);
      r[16] = mh_rnd() & F_ARITH;
      mh_check(s, 2, r, TGT, FL, NULL, 0, 0, "jcc rel8");
      mh_check(l, 6, r, TGT, FL, NULL, 0, 0, "jcc rel32");
    }
  }
  u8 j8[2] = {0xeb, (u8)(TGT - (MH_INSN + 2))};
  u8 j32[5] = {0xe9};
  u32 rel = (u32)(TGT - (MH_INSN + 5));
  memcpy(j32 + 1, &rel, 4);
  mh_regs(r, 0);
  mh_check(j8, 2, r, TGT, FL, NULL, 0, 0, "jmp rel8");
  mh_check(j32, 5, r, TGT, FL, NULL, 0, 0, "jmp rel32");
}

Test(ctrl, call_ret_indirect) {
  u64 r[17];
  u64 tgt = TGT;
  u32 rel = (u32)(TGT - (MH_INSN + 5));
  u8 call[5] = {0xe8};
  memcpy(call + 1, &rel, 4);
  static const u8 ret[] = {0xc3};
  static const u8 ret_imm[] = {0xc2, 0x18, 0x00};
  static const u8 call_r[] = {0xff, 0xd1};        /* call *%rcx */
  static const u8 call_m[] = {0xff, 0x13};        /* call *(%rbx) */
  static const u8 call_sp[] = {0xff, 0x14, 0x24}; /* call *(%rsp) */
  static const u8 jmp_r[] = {0x41, 0xff, 0xe0};   /* jmp *%r8 */
  static const u8 jmp_m[] = {0xff, 0x23};         /* jmp *(%rbx) */
  for (int k = 0; k < 20; k++) {
    mh_regs(r, k);
    r[R_CX] = r[R_R8] = TGT;
    mh_check(call, 5, r, TGT, FL, NULL, 0, 0, "call rel32");
    mh_check(call_r, 2, r, TGT, FL, NULL, 0, 0, "call *%rcx");
    mh_check(jmp_r, 3, r, TGT, FL, NULL, 0, 0, "jmp *%r8");
    mh_check(call_m, 2, r, TGT, FL, &tgt, 8, r[R_BX] - MH_DATA, "call *(%rbx)");
    mh_check(jmp_m, 2, r, TGT, FL, &tgt, 8, r[R_BX] - MH_DATA, "jmp *(%rbx)");
    mh_check(call_sp, 3, r, TGT, FL, &tgt, 8, STK - MH_DATA, "call *(%rsp)");
    mh_check(ret, 1, r, TGT, FL, &tgt, 8, STK - MH_DATA, "ret");
    mh_check(ret_imm, 3, r, TGT, FL, &tgt, 8, STK - MH_DATA, "ret $24");
  }
}

Test(ctrl, loop_jrcxz) {
  u64 r[17];
  u8 rel = (u8)(TGT - (MH_INSN + 2));
  u8 rel67 = (u8)(TGT - (MH_INSN + 3));
  const u8 ops[] = {0xe0, 0xe1, 0xe2, 0xe3};
  static const u64 counts[] = {0, 1, 2, 0x100000000ull, 0x100000001ull, ~0ull};
  for (int i = 0; i < 4; i++) {
    u8 a[2] = {ops[i], rel}, b[3] = {0x67, ops[i], rel67};
    for (int k = 0; k < 24; k++) {
      mh_regs(r, k);
      r[R_CX] = counts[k % ARRAY_SIZE(counts)];
      r[16] = (k & 2) ? F_ZF : 0;
      mh_check(a, 2, r, TGT, FL, NULL, 0, 0, "loop");
      mh_check(b, 3, r, TGT, FL, NULL, 0, 0, "addr32 loop");
    }
  }
}

/* --- checks against the SDM where the host cannot be the oracle --- */

static struct cpu *sdm_cpu(int mode) {
  static struct mm *mm32;
  static struct cpu c32;
  if (mode == 64) {
    mh_setup();
    return &mh_cpu;
  }
  if (!mm32) {
    cpu_install_fault_handler();
    mm32 = mm_new(32);
    cr_assert_eq(mm_map(mm32, MH_CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
                 (long)MH_CODE);
    cr_assert_eq(mm_map(mm32, MH_DATA, MH_DSIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
                 (long)MH_DATA);
    cpu_init(&c32, 32, mm32);
  }
  return &c32;
}

/* Run bytes at MH_INSN followed by int3; return the stop reason. */
static int sdm_run(struct cpu *c, const u8 *code, size_t n) {
  memcpy(c->mem + MH_INSN, code, n);
  c->mem[MH_INSN + n] = 0xcc;
  cpu_flush_code(c);
  c->rip = MH_INSN;
  return cpu_run(c, 10);
}

Test(sdm, system_instructions) {
  struct cpu *c = sdm_cpu(64);
  static const u8 ud2[] = {0x0f, 0x0b}, hlt[] = {0xf4}, cli[] = {0xfa}, in[] = {0xec},
                  int81[] = {0xcd, 0x81}, int80[] = {0xcd, 0x80}, int3[] = {0xcd, 0x03},
                  syscall[] = {0x0f, 0x05}, xgetbv[] = {0x0f, 0x01, 0xd0},
                  rdtscp[] = {0x0f, 0x01, 0xf9}, movss[] = {0x8e, 0xd0}, /* mov %eax,%ss */
      movds[] = {0x8e, 0xd8}, str[] = {0x0f, 0x00, 0xc8}, endbr[] = {0xf3, 0x0f, 0x1e, 0xfa},
                  nopw[] = {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00}, ud1[] = {0x0f, 0xb9, 0xc0};
  cr_assert_eq(sdm_run(c, ud2, 2), STOP_UD);
  cr_assert_eq(c->rip, MH_INSN, "#UD leaves rip at the instruction");
  cr_assert_eq(sdm_run(c, ud1, 3), STOP_UD);
  cr_assert_eq(sdm_run(c, hlt, 1), STOP_GP);
  cr_assert_eq(sdm_run(c, cli, 1), STOP_GP);
  cr_assert_eq(sdm_run(c, in, 1), STOP_GP);
  cr_assert_eq(sdm_run(c, int81, 2), STOP_GP, "int $0x81: DPL-0 gate under Linux");
  cr_assert_eq(c->rip, MH_INSN);
  cr_assert_eq(sdm_run(c, int80, 2), STOP_INT);
  cr_assert_eq(c->trapno, 0x80);
  cr_assert_eq(c->rip, MH_INSN + 2);
  cr_assert_eq(sdm_run(c, int3, 2), STOP_BP);
  cr_assert_eq(sdm_run(c, syscall, 2), STOP_SYSCALL);
  cr_assert_eq(c->rip, MH_INSN + 2);
  c->r[R_CX] = 0;
  cr_assert_eq(sdm_run(c, xgetbv, 3), STOP_BP);
  cr_assert_eq(c->r[R_AX], 3);
  cr_assert_eq(c->r[R_DX], 0);
  c->r[R_CX] = 1;
  cr_assert_eq(sdm_run(c, xgetbv, 3), STOP_GP);
  c->r[R_CX] = 0x1234;
  cr_assert_eq(sdm_run(c, rdtscp, 3), STOP_BP);
  cr_assert_eq(c->r[R_CX], 0);
  cr_assert_eq(c->r[R_DX] >> 32, 0);
  c->r[R_AX] = 0x2b;
  cr_assert_eq(sdm_run(c, movss, 2), STOP_BP);
  cr_assert_eq(c->seg[SEG_SS], 0x2b);
  c->r[R_AX] = 0;
  cr_assert_eq(sdm_run(c, movss, 2), STOP_GP, "null SS at CPL 3");
  c->r[R_AX] = 0x1234;
  cr_assert_eq(sdm_run(c, movds, 2), STOP_GP);
  c->r[R_AX] = 0;
  cr_assert_eq(sdm_run(c, movds, 2), STOP_BP, "null DS is fine");
  c->r[R_AX] = ~0ull;
  cr_assert_eq(sdm_run(c, str, 3), STOP_BP);
  cr_assert_eq(c->r[R_AX], 0x40);
  cr_assert_eq(sdm_run(c, endbr, 4), STOP_BP);
  cr_assert_eq(sdm_run(c, nopw, 6), STOP_BP);
}

Test(sdm, mode32_stack) {
  struct cpu *c = sdm_cpu(32);
  /* pusha; popa round trip, then the pushed image */
  static const u8 pusha[] = {0x60}, popa[] = {0x61}, arpl[] = {0x63, 0xc8}; /* arpl %cx,%ax */
  for (int i = 0; i < 8; i++) c->r[i] = 0x11111111u * (i + 1);
  c->r[R_SP] = STK;
  cr_assert_eq(sdm_run(c, pusha, 1), STOP_BP);
  cr_assert_eq(c->r[R_SP], STK - 32);
  u32 img[8];
  memcpy(img, c->mem + STK - 32, 32);
  cr_assert_eq(img[7], 0x11111111u, "EAX pushed first");
  cr_assert_eq(img[3], (u32)STK, "the original ESP");
  cr_assert_eq(img[0], 0x88888888u, "EDI pushed last");
  for (int i = 0; i < 8; i++)
    if (i != R_SP) c->r[i] = 0;
  cr_assert_eq(sdm_run(c, popa, 1), STOP_BP);
  cr_assert_eq(c->r[R_SP], STK);
  for (int i = 0; i < 8; i++)
    if (i != R_SP) cr_assert_eq(c->r[i], 0x11111111u * (i + 1));
  c->r[R_AX] = 0x28;
  c->r[R_CX] = 0x2b;
  cr_assert_eq(sdm_run(c, arpl, 2), STOP_BP);
  cr_assert_eq(c->r[R_AX], 0x2b);
  cr_assert(cpu_get_flags(c) & F_ZF);
  cr_assert_eq(sdm_run(c, arpl, 2), STOP_BP);
  cr_assert_not(cpu_get_flags(c) & F_ZF);
  /* call rel32 pushes a 4-byte return address; syscall is #UD */
  static const u8 call[] = {0xe8, 0, 0, 0, 0}, syscall[] = {0x0f, 0x05};
  c->r[R_SP] = STK;
  cr_assert_eq(sdm_run(c, call, 5), STOP_BP);
  cr_assert_eq(c->r[R_SP], STK - 4);
  u32 ra;
  memcpy(&ra, c->mem + STK - 4, 4);
  cr_assert_eq(ra, MH_INSN + 5);
  cr_assert_eq(sdm_run(c, syscall, 2), STOP_UD);
}

/* CPUID reports exactly what emu implements (the spec in src/cpu/cpuid.c). */
Test(cpuid, reported_features) {
  u32 o[4];
  cpu_cpuid(NULL, 0, 0, o);
  cr_assert_eq(o[0], 0xd);
  cr_assert(!memcmp(&o[1], "Genu", 4) && !memcmp(&o[3], "ineI", 4) && !memcmp(&o[2], "ntel", 4));
  cpu_cpuid(NULL, 1, 0, o);
  cr_assert_eq((o[0] >> 8) & 0xf, 6, "family 6");
  cr_assert_eq((o[1] >> 8) & 0xff, 8, "CLFLUSH line 8 qwords");
  cr_assert_eq((o[1] >> 16) & 0xff, 1, "one logical processor");
  u32 edx1 = (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15) | (1u << 19) | (1u << 23) |
             (1u << 24) | (1u << 25) | (1u << 26);
  u32 ecx1 = (1u << 0) | (1u << 1) | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) |
             (1u << 22) | (1u << 23) | (1u << 25) | (1u << 26) | (1u << 27);
  cr_assert_eq(o[3], edx1, "EDX FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2 only: %#x", o[3]);
  cr_assert_eq(o[2], ecx1, "ECX SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES XSAVE OSXSAVE only: %#x", o[2]);
  cpu_cpuid(NULL, 7, 0, o);
  cr_assert(!o[0] && !o[2] && !o[3], "leaf 7: max subleaf 0, nothing in ECX EDX");
  cr_assert_eq(o[1], (1u << 3) | (1u << 8) | (1u << 19) | (1u << 29), "EBX BMI1 BMI2 ADX SHA only: %#x",
               o[1]);
  cpu_cpuid(NULL, 7, 1, o);
  cr_assert(!o[0] && !o[1] && !o[2] && !o[3], "leaf 7 subleaf 1: nothing");
  cpu_cpuid(NULL, 0xd, 0, o);
  cr_assert_eq(o[0], 3);
  cr_assert_eq(o[1], 576);
  cr_assert_eq(o[2], 576);
  cpu_cpuid(NULL, 0xd, 1, o);
  cr_assert_eq(o[0], 0, "no XSAVEOPT/XSAVEC/XSAVES");
  /* leaf 4: L1d, L1i, L2, L3 with sizes 32K 32K 1M 8M, then the null type */
  static const u32 size[] = {32 << 10, 32 << 10, 1 << 20, 8 << 20};
  for (u32 i = 0; i < 5; i++) {
    cpu_cpuid(NULL, 4, i, o);
    if (i == 4) {
      cr_assert_eq(o[0] & 31, 0);
      break;
    }
    u32 ways = (o[1] >> 22) + 1, parts = ((o[1] >> 12) & 0x3ff) + 1, line = (o[1] & 0xfff) + 1;
    cr_assert_eq(ways * parts * line * (o[2] + 1), size[i], "leaf 4 subleaf %u", i);
  }
  cpu_cpuid(NULL, 0x80000000, 0, o);
  cr_assert_eq(o[0], 0x80000008);
  cpu_cpuid(NULL, 0x80000001, 0, o);
  cr_assert_eq(o[2], (1u << 0) | (1u << 5), "LAHF_LM ABM");
  cr_assert_eq(o[3], (1u << 11) | (1u << 20) | (1u << 27) | (1u << 29), "SYSCALL NX RDTSCP LM");
  struct cpu c32 = {.mode = 32};
  cpu_cpuid(&c32, 0x80000001, 0, o);
  cr_assert_not(o[3] & (1u << 11), "Intel: SYSCALL only reported in 64-bit mode");
  char brand[49] = {0};
  for (u32 i = 0; i < 3; i++) {
    cpu_cpuid(NULL, 0x80000002 + i, 0, o);
    memcpy(brand + 16 * i, o, 16);
  }
  cr_assert_str_eq(brand, "emu virtual CPU");
  cpu_cpuid(NULL, 0x80000008, 0, o);
  cr_assert_eq(o[0], 0x3027, "39 physical, 48 linear bits");
  cpu_cpuid(NULL, 0x40000000, 0, o);
  cr_assert(!o[0] && !o[1] && !o[2] && !o[3], "unknown leaves: zeros");
  cpu_cpuid(NULL, 0x80000009, 0, o);
  cr_assert(!o[0] && !o[1] && !o[2] && !o[3], "above the extended maximum: zeros");
}
