/* test_perf_fuse.c — the fast paths of src/cpu/fast.c against the host CPU:
 * CMP/TEST/SUB/ADD/AND/OR/XOR followed by Jcc, which the hot loop runs as one
 * fused handler when the pair ends a cached block (code in a read-only,
 * executable mapping).  The lockstep tests cannot see these: tracing runs
 * the unfused handlers.
 *
 * For every encoding below and every condition 0-15, the pair "OP; Jcc +1;
 * int3; int3" runs under emu (the int3 reached says whether the branch was
 * taken), and "OP; SETcc" runs natively on the same operands.  Compared: the
 * branch direction against SETcc, and rax (the destination) against the host.
 * Operands: rax = a, rcx = b, rdx = address of a qword holding m, rsi = 0.
 * The i386 case runs the encodings without REX.W in a 32-bit guest (the host
 * runs them in 64-bit mode, where their flags are the same).
 */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu_internal.h"
#include "mem/mem.h"

#define PF_CODE 0x10000ull
#define PF_DATA 0x80000ull
#define PF_SLOT 32 /* bytes of guest code per (encoding, condition) */

struct enc {
  const char *name;
  u8 n;
  u8 b[8];
};

/* Register, immediate, accumulator and memory forms in 64-, 32- and 8-bit sizes. */
static const struct enc encs[] = {
    {"cmp rcx,rax", 3, {0x48, 0x39, 0xc8}},
    {"cmp rax,rcx (Gv)", 3, {0x48, 0x3b, 0xc1}},
    {"cmp $-3,rax", 4, {0x48, 0x83, 0xf8, 0xfd}},
    {"cmp $0x80,rax", 6, {0x48, 0x3d, 0x80, 0, 0, 0}},
    {"cmp $big,rax", 7, {0x48, 0x81, 0xf8, 0x00, 0x00, 0x00, 0x80}},
    {"cmp ecx,eax", 2, {0x39, 0xc8}},
    {"cmp $7,eax", 3, {0x83, 0xf8, 0x07}},
    {"cmp $imm,eax", 5, {0x3d, 0xff, 0xff, 0xff, 0x7f}},
    {"cmp rax,(rdx)", 3, {0x48, 0x39, 0x02}},
    {"cmp (rdx),rax", 3, {0x48, 0x3b, 0x02}},
    {"cmpq $5,(rdx)", 4, {0x48, 0x83, 0x3a, 0x05}},
    {"cmp rax,(rdx,rsi)", 4, {0x48, 0x39, 0x04, 0x32}},
    {"cmp eax,(rdx)", 2, {0x39, 0x02}},
    {"cmp $0x41,al", 2, {0x3c, 0x41}},
    {"cmpb $0x80,al", 3, {0x80, 0xf8, 0x80}},
    {"cmpb $9,(rdx)", 3, {0x80, 0x3a, 0x09}},
    {"test rcx,rax", 3, {0x48, 0x85, 0xc8}},
    {"test ecx,eax", 2, {0x85, 0xc8}},
    {"test $imm,rax", 6, {0x48, 0xa9, 0x00, 0x80, 0x00, 0x80}},
    {"test $imm,eax (F7)", 6, {0xf7, 0xc0, 0x01, 0x00, 0x00, 0x80}},
    {"test rax,(rdx)", 3, {0x48, 0x85, 0x02}},
    {"test $0x81,al", 2, {0xa8, 0x81}},
    {"testb $0x80,(rdx)", 3, {0xf6, 0x02, 0x80}},
    {"sub rcx,rax", 3, {0x48, 0x29, 0xc8}},
    {"sub ecx,eax (Gv)", 2, {0x2b, 0xc1}},
    {"sub $1,rax", 4, {0x48, 0x83, 0xe8, 0x01}},
    {"sub $imm,eax", 5, {0x2d, 0x00, 0x00, 0x00, 0x80}},
    {"add rcx,rax", 3, {0x48, 0x01, 0xc8}},
    {"add ecx,eax", 2, {0x01, 0xc8}},
    {"add $-1,rax", 4, {0x48, 0x83, 0xc0, 0xff}},
    {"add $imm,eax", 5, {0x05, 0xff, 0xff, 0xff, 0x7f}},
    {"and rcx,rax", 3, {0x48, 0x21, 0xc8}},
    {"and $imm,eax", 3, {0x83, 0xe0, 0xf0}},
    {"or ecx,eax (Gv)", 2, {0x0b, 0xc1}},
    {"or $1,rax", 4, {0x48, 0x83, 0xc8, 0x01}},
    {"xor rcx,rax", 3, {0x48, 0x31, 0xc8}},
    {"xor $imm,eax", 5, {0x35, 0x00, 0x00, 0x00, 0x80}},
};
#define NENC (sizeof encs / sizeof encs[0])

static struct mm *mm;
static struct cpu cpu;
static u8 *native; /* host RWX page: one native stub */

static int mode = 64;

static void setup_mode(void) {
  cpu_install_fault_handler();
  mm = mm_new(mode);
  cr_assert_not_null(mm);
  u64 code_len = PAGE_UP(NENC * 16 * PF_SLOT);
  cr_assert_eq(mm_map(mm, PF_CODE, code_len, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)PF_CODE);
  cr_assert_eq(mm_map(mm, PF_DATA, 0x1000, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)PF_DATA);
  /* OP; Jcc +1; int3 (not taken); int3 (taken) */
  u8 *g = mm->base + PF_CODE;
  memset(g, 0xcc, code_len);
  for (size_t e = 0; e < NENC; e++)
    for (int cc = 0; cc < 16; cc++) {
      u8 *p = g + (e * 16 + cc) * PF_SLOT;
      memcpy(p, encs[e].b, encs[e].n);
      p[encs[e].n] = 0x70 + cc;
      p[encs[e].n + 1] = 1;
    }
  /* Read-only code is what the block cache keeps, and fuses. */
  cr_assert_eq(mm_protect(mm, PF_CODE, code_len, PROT_READ | PROT_EXEC), 0);
  cpu_init(&cpu, mode, mm);
  native = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert_neq(native, MAP_FAILED);
}

static void setup(void) {
  mode = 64;
  setup_mode();
}

/* The same pairs in an i386 guest: the encodings without REX.W. */
static void setup32(void) {
  mode = 32;
  setup_mode();
}

static void teardown(void) {
  cpu_destroy(&cpu);
  mm_free(mm);
  munmap(native, 4096);
}

/* Natively: rax = a, rcx = b, rdx = mem, rsi = 0; OP; SETcc r8b; store it at
 * 8(rdx); return rax. */
typedef u64 (*native_fn)(u64 a, u64 b, u64 *mem);
static u64 run_native(size_t e, int cc, u64 a, u64 b, u64 *mem, bool *taken) {
  static const u8 pro[] = {0x48, 0x89, 0xf8, /* mov %rdi,%rax */
                           0x48, 0x89, 0xf1, /* mov %rsi,%rcx */
                           0x31, 0xf6};      /* xor %esi,%esi */
  u8 *p = native;
  memcpy(p, pro, sizeof pro);
  p += sizeof pro;
  memcpy(p, encs[e].b, encs[e].n);
  p += encs[e].n;
  const u8 epi[] = {0x41, 0x0f, (u8)(0x90 + cc),
                    0xc0, /* setcc %r8b */
                    0x44, 0x88, 0x42,
                    0x08, /* mov %r8b,8(%rdx) */
                    0xc3};
  memcpy(p, epi, sizeof epi);
  __builtin___clear_cache((char *)native, (char *)p + sizeof epi);
  u64 r = ((native_fn)(void *)native)(a, b, mem);
  *taken = ((u8 *)mem)[8] & 1;
  return r;
}

static u64 run_emu(size_t e, int cc, u64 a, u64 b, u64 m, bool *taken) {
  struct cpu *c = &cpu;
  u64 at = PF_CODE + (e * 16 + cc) * PF_SLOT;
  memcpy(mm->base + PF_DATA, &m, 8);
  memset(c->r, 0, sizeof c->r);
  c->r[R_AX] = a;
  c->r[R_CX] = b;
  c->r[R_DX] = PF_DATA;
  c->r[R_SP] = PF_DATA + 0x800;
  c->rip = at;
  int stop = cpu_run(c, 10);
  cr_assert_eq(stop, STOP_BP, "%s: stop %d", encs[e].name, stop);
  u64 int3 = at + encs[e].n + 2; /* the not-taken int3 */
  cr_assert(c->rip == int3 + 1 || c->rip == int3 + 2, "%s cc %d: rip %#lx", encs[e].name, cc,
            (unsigned long)c->rip);
  *taken = c->rip == int3 + 2;
  return c->r[R_AX];
}

static u64 rng = 0x243f6a8885a308d3ull;
static u64 rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Operands that sit on the edges of every width, and random ones. */
static u64 operand(int i) {
  static const u64 edge[] = {0,          1,          2,          0x7f,
                             0x80,       0xff,       0x7fff,     0x8000,
                             0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
                             ~0ull,      ~0ull - 1,  1ull << 63, (1ull << 63) - 1,
                             0x41,       5,          9,          0xfffffffd};
  if (i < (int)(sizeof edge / sizeof edge[0])) return edge[i];
  u64 r = rnd();
  switch (i & 3) {
  case 0: return r;
  case 1: return (u32)r;
  case 2: return (u8)r;
  default: return (u64)(i64)(i8)r;
  }
}

static void check_all(void) {
  u64 mem[2];
  for (size_t e = 0; e < NENC; e++) {
    if (mode == 32 && encs[e].b[0] == 0x48) continue; /* dec eax there */
    for (int cc = 0; cc < 16; cc++)
      for (int i = 0; i < 40; i++)
        for (int j = 0; j < 40; j += 3) {
          u64 a = operand(i), b = operand(j), m = operand((i + j) % 40);
          bool nt, et;
          mem[0] = m;
          mem[1] = 0;
          u64 nr = run_native(e, cc, a, b, mem, &nt);
          u64 er = run_emu(e, cc, a, b, m, &et);
          cr_assert_eq(et, nt, "%s; j%x with a=%#lx b=%#lx m=%#lx: emu %s, host %s", encs[e].name,
                       cc, (unsigned long)a, (unsigned long)b, (unsigned long)m,
                       et ? "taken" : "not taken", nt ? "taken" : "not taken");
          cr_assert_eq(er, nr, "%s with a=%#lx b=%#lx: rax %#lx, host %#lx", encs[e].name,
                       (unsigned long)a, (unsigned long)b, (unsigned long)er, (unsigned long)nr);
        }
  }
}

Test(perf_fuse, matches_host, .init = setup, .fini = teardown) { check_all(); }

Test(perf_fuse, matches_host_i386, .init = setup32, .fini = teardown) { check_all(); }
