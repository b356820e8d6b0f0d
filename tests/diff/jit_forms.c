/* jit_forms.c — the forms the translation tier (src/cpu/jit.c) runs as host
 * code, each in a loop hot enough to be translated: ALU, TEST, MOV, MOVZX/SX,
 * LEA, INC/DEC, shifts, IMUL on every operand size, AH..BH, memory operands
 * (base+index*scale+disp, rip-relative, FS), PUSH/POP/CALL/RET, Jcc, SETcc,
 * CMOVcc; floating-point SSE under each MXCSR mode; the flags each leaves,
 * read by Jcc, SETcc and PUSHF; and faults
 * inside a translated block: the faulting instruction, the registers and the
 * flags a signal handler sees, for an unmapped page, an address beyond any
 * mapping and a non-canonical one.  The native run is the oracle.
 */
// diff-only: gcc musl dyn pie
// diff-pie
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define HOT 40 /* iterations: well past the tier's threshold */
#define FLAGS 0x8d5 /* CF PF AF ZF SF OF */

static const uint64_t vals[] = {0,          1,          2,          0x7f,       0x80,
                                0xff,       0x7fff,     0x8000,     0xffff,     0x7fffffff,
                                0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
                                0x8000000000000000ull, 0xffffffffffffffffull, 0x123456789abcdef0ull};
#define NV (sizeof vals / sizeof vals[0])

static uint64_t sum; /* a checksum of everything the loops compute */
static void mix(uint64_t v) { sum = (sum ^ v) * 0x100000001b3ull; }

/* INSN on a register pair, then conditions (SETcc), the flags (PUSHF) and a
 * Jcc.  What the SDM leaves undefined is masked (the host CPU's choice):
 * FM is the flags kept, CM the conditions (1 setc, 2 jo, 4 setz, 8 setl,
 * 16 setbe). */
#define ALLF FLAGS
#define LOGF (FLAGS & ~0x10)  /* AND OR XOR TEST: AF undefined */
#define SHF  0xc5             /* shift by more than 1: OF and AF undefined */
#define MULF 0x801            /* IMUL: only CF and OF */
#define BIN(NAME, INSN, FM, CM)                                                              \
  static void NAME(void) {                                                                  \
    for (int rep = 0; rep < 2; rep++)                                                       \
      for (unsigned i = 0; i < NV; i++)                                                     \
        for (unsigned j = 0; j < NV; j++) {                                                 \
          uint64_t a = vals[i], b = vals[j], f, c1, c2, c3, c4;                             \
          __asm__ volatile(INSN "\n\t"                                                      \
                           "setc %b2\n\tsetz %b3\n\tsetl %b4\n\tsetbe %b5\n\t"                \
                           "pushf\n\tpop %1\n\t"                                            \
                           "jo 1f\n\tor $0x100, %2\n1:"                                     \
                           : "+r"(a), "=r"(f), "=&q"(c1), "=&q"(c2), "=&q"(c3), "=&q"(c4)    \
                           : "r"(b)                                                         \
                           : "cc");                                                         \
          mix(a), mix(f & (FM));                                                            \
          mix(((CM) & 1 ? c1 & 1 : 0) | ((CM) & 2 ? c1 & 0x100 : 0));                       \
          mix((CM) & 4 ? c2 & 1 : 0), mix((CM) & 8 ? c3 & 1 : 0), mix((CM) & 16 ? c4 & 1 : 0); \
        }                                                                                   \
    printf("%-10s %016llx\n", #NAME, (unsigned long long)sum);                              \
  }
BIN(add64, "add %6, %0", ALLF, 31)
BIN(add32, "add %k6, %k0", ALLF, 31)
BIN(add16, "add %w6, %w0", ALLF, 31)
BIN(add8, "add %b6, %b0", ALLF, 31)
BIN(sub64, "sub %6, %0", ALLF, 31)
BIN(sub32, "sub %k6, %k0", ALLF, 31)
BIN(sub8, "sub %b6, %b0", ALLF, 31)
BIN(cmp64, "cmp %6, %0", ALLF, 31)
BIN(cmp32, "cmp %k6, %k0", ALLF, 31)
BIN(cmp16, "cmp %w6, %w0", ALLF, 31)
BIN(and64, "and %6, %0", LOGF, 31)
BIN(or32, "or %k6, %k0", LOGF, 31)
BIN(xor16, "xor %w6, %w0", LOGF, 31)
BIN(test64, "test %6, %0", LOGF, 31)
BIN(test8, "test %b6, %b0", LOGF, 31)
BIN(inc32, "add %6, %0\n\tinc %k0", ALLF, 31)
BIN(dec64, "cmp %6, %0\n\tdec %0", ALLF, 31)
BIN(inc8, "sub %6, %0\n\tinc %b0", ALLF, 31)
BIN(imul64, "imul %6, %0", MULF, 3)
BIN(imul32, "imul %k6, %k0", MULF, 3)
BIN(imul16, "imul $-3, %w6, %w0", MULF, 3)
BIN(shl64, "add %6, %0\n\tshl $3, %0", SHF, 21)
BIN(shr32, "shr $1, %k0", (ALLF & ~0x10), 31)
BIN(sar16, "sar $5, %w0", SHF, 21)
BIN(shl8, "shl $7, %b0", SHF, 21)
BIN(addimm, "add $-128, %0\n\tcmp $0x7fffffff, %k0", ALLF, 31)
BIN(cmov, "cmp %6, %0\n\tcmovb %6, %0\n\tcmovg %k6, %k0", ALLF, 31)
BIN(movs, "movzbl %b6, %k0\n\tmovsbq %b0, %0\n\tmovswl %w6, %k0\n\tmovslq %k0, %0\n\tcmp %6, %0", ALLF, 31)
BIN(lea, "lea 0x11(%0, %6, 4), %0\n\tlea -8(%6), %k0\n\tsub %6, %0", ALLF, 31)

/* AH..BH and the upper bytes a byte or word write keeps. */
static void highbytes(void) {
  for (int n = 0; n < HOT; n++)
    for (unsigned i = 0; i < NV; i++) {
      uint64_t a = vals[i] ^ (uint64_t)n << 40, b = vals[(i + n) % NV], f;
      __asm__ volatile("mov %2, %%rbx\n\t"
                       "add %%bh, %%al\n\t"
                       "sub %%al, %%ah\n\t"
                       "mov %%ah, %%bl\n\t"
                       "xor %%bx, %%ax\n\t"
                       "inc %%ah\n\t"
                       "pushf\n\tpop %1\n\t"
                       "add %%rbx, %%rax\n\t"
                       : "+a"(a), "=r"(f)
                       : "r"(b)
                       : "rbx", "cc");
      mix(a), mix(f & FLAGS);
    }
  printf("%-10s %016llx\n", "highbytes", (unsigned long long)sum);
}

/* Memory operands: base+index*scale+disp, read-modify-write, rip-relative,
 * FS (the thread pointer), PUSH/POP, CALL/RET. */
static uint64_t table[64];
static __thread uint64_t tls_word = 0x5a5a;
static __attribute__((noinline)) uint64_t callee(uint64_t x) { return x * 3 + 1; }
static void memory(void) {
  for (int i = 0; i < 64; i++) table[i] = vals[i % NV] + (uint64_t)i;
  for (int n = 0; n < HOT; n++) {
    for (long i = 0; i < 60; i++) {
      uint64_t a = (uint64_t)n, f;
      __asm__ volatile("add 8(%2, %3, 8), %0\n\t"
                       "xor %0, 16(%2, %3, 8)\n\t"
                       "addl $7, 4(%2, %3, 8)\n\t"
                       "subw $1, 2(%2)\n\t"
                       "incb 24(%2, %3, 8)\n\t"
                       "shlq $2, 8(%2, %3, 8)\n\t"
                       "cmpb $0x40, 24(%2, %3, 8)\n\t"
                       "pushf\n\tpop %1\n\t"
                       "push %0\n\tpush 8(%2)\n\tpop %%rcx\n\tpop %0\n\t"
                       "add %%rcx, %0\n\t"
                       "push $-5\n\tpush $0x7eadbeef\n\tpop %%rcx\n\tadd %%rcx, %0\n\t"
                       "pop %%rcx\n\tadd %%rcx, %0\n\t"
                       "mov %%rsp, %%rcx\n\t" /* POP RSP: the value popped wins */
                       "lea -64(%%rsp), %%rdx\n\t"
                       "push %%rdx\n\tpop %%rsp\n\t"
                       "mov %%rsp, %%rdx\n\tmov %%rcx, %%rsp\n\t"
                       "sub %%rdx, %%rcx\n\tadd %%rcx, %0\n\t"
                       "add %%fs:0, %0\n\t"
                       "sub %%fs:0, %0\n\t"
                       : "+r"(a), "=r"(f)
                       : "r"(table), "r"(i)
                       : "rcx", "rdx", "cc", "memory");
      mix(a), mix(f & FLAGS), mix(callee(a));
    }
    tls_word += table[n];
    mix(tls_word);
  }
  for (int i = 0; i < 64; i++) mix(table[i]);
  printf("%-10s %016llx\n", "memory", (unsigned long long)sum);
}

/* Shifts and rotates by CL (their flags read after them, counts 0 and 1
 * among them), indirect calls through a table, and integer
 * SSE: compares, masks, min/max, shuffles, PCMPISTRI with its flags. */
static uint64_t op_a(uint64_t x) { return x * 7 + 3; }
static uint64_t op_b(uint64_t x) { return x ^ (x >> 5); }
static uint64_t (*const ops[2])(uint64_t) = {op_a, op_b};
static void others(void) {
  for (int n = 0; n < HOT; n++)
    for (unsigned i = 0; i < NV; i++) {
      uint64_t a = vals[i], c = (uint64_t)(n + i), f;
      __asm__ volatile("mov %2, %%rcx\n\t"
                       "shl %%cl, %0\n\t"
                       "ror %%cl, %k0\n\t"
                       "sar %%cl, %w0\n\t"
                       "add $1, %0\n\t"
                       "pushf\n\tpop %1\n\t"
                       : "+r"(a), "=r"(f)
                       : "r"(c)
                       : "rcx", "cc");
      mix(a), mix(f & ALLF);
      mix(ops[(n + i) & 1](a));
      /* Flags seen after a shift by CL: a count of 0 (every 64th n + i)
       * keeps ADD's; any other leaves AF (and beyond 1, OF) the CPU's: SHF.
       * CF within the operand's width. */
      uint64_t b = vals[i], g;
      __asm__ volatile("mov %2, %%rcx\n\t"
                       "add %3, %0\n\t"
                       "shr %%cl, %0\n\t"
                       "pushf\n\tpop %1\n\t"
                       "sar %%cl, %k0\n\t"
                       "jc 1f\n\t"
                       "inc %0\n\t"
                       "1: shl %%cl, %0\n\t"
                       "sbb $0, %0\n\t"
                       : "+r"(b), "=r"(g)
                       : "r"(c & 63), "r"(a)
                       : "rcx", "cc");
      mix(b), mix(g & ((c & 63) ? SHF : ALLF));
    }
  static char text[256] __attribute__((aligned(16)));
  for (int i = 0; i < 255; i++) text[i] = (char)('a' + (i * 7) % 26);
  text[255] = 0;
  for (int n = 0; n < HOT; n++)
    for (int off = 0; off < 240; off += 16) {
      uint64_t mask, idx, f;
      __asm__ volatile("movdqa (%3), %%xmm1\n\t"
                       "movdqu 1(%3), %%xmm2\n\t"
                       "pxor %%xmm0, %%xmm0\n\t"
                       "pcmpeqb %%xmm1, %%xmm0\n\t"
                       "pminub %%xmm2, %%xmm1\n\t"
                       "pshufd $0x1b, %%xmm1, %%xmm1\n\t"
                       "paddq %%xmm2, %%xmm1\n\t"
                       "pmovmskb %%xmm1, %k0\n\t"
                       "movdqu (%4), %%xmm3\n\t"
                       "pcmpistri $0x0c, (%3), %%xmm3\n\t"
                       "pushf\n\tpop %2\n\t"
                       "mov %%rcx, %1\n\t"
                       : "=r"(mask), "=r"(idx), "=r"(f)
                       : "r"(text + off), "r"("qxe")
                       : "rcx", "xmm0", "xmm1", "xmm2", "xmm3", "cc", "memory");
      mix(mask), mix(idx), mix(f & ALLF);
    }
  printf("%-10s %016llx\n", "others", (unsigned long long)sum);
}

/* Faults in a translated block.  hot_store stores to p[0], p[1], ... after a
 * CMP: the handler sees the store as the faulting instruction, the CMP's
 * flags, and the registers before the store. */
extern uint64_t hot_store(uint64_t *p, uint64_t limit, uint64_t n);
extern char hot_store_fault[];
__asm__(".text\n"
        ".globl hot_store\n"
        "hot_store:\n"
        "  xor %eax, %eax\n"
        "1:\n"
        "  add $3, %rax\n"
        "  cmp %rsi, %rax\n"
        ".globl hot_store_fault\n"
        "hot_store_fault:\n"
        "  mov %rax, (%rdi)\n"
        "  lea 8(%rdi), %rdi\n"
        "  dec %rdx\n"
        "  jnz 1b\n"
        "  ret\n");
/* hot_load reads *ptrs[0], *ptrs[1], ... */
extern uint64_t hot_load(uint64_t **ptrs, uint64_t n);
extern char hot_load_fault[];
__asm__(".text\n"
        ".globl hot_load\n"
        "hot_load:\n"
        "  xor %eax, %eax\n"
        "1:\n"
        "  mov (%rdi), %rcx\n"
        "  sub $1, %rsi\n"
        ".globl hot_load_fault\n"
        "hot_load_fault:\n"
        "  add (%rcx), %rax\n"
        "  add $8, %rdi\n"
        "  test %rsi, %rsi\n"
        "  jnz 1b\n"
        "  ret\n");

/* Floating-point SSE as the tier runs it: scalar and packed ADD SUB MUL DIV
 * MIN MAX SQRT, UCOMIS/COMIS and their flags, MOVSD/MOVSS, unpacks and
 * logic, on special values (signed zeros, denormals, infinities, NaN),
 * from registers and memory, under each rounding mode and FTZ/DAZ set by
 * LDMXCSR inside the hot loop; MXCSR's sticky flags read after each. */
static void fp(void) {
  static const double dv[] = {0.0, -0.0, 1.0, -1.5, 3.0, 1e308, 4.9e-324, 2.2250738585072014e-308,
                              __builtin_inf(), -__builtin_inf(), __builtin_nan(""), 0.1};
  enum { ND = sizeof dv / sizeof dv[0] };
  static double pk[2] __attribute__((aligned(16)));
  for (unsigned m = 0; m < 4; m++) {
    uint32_t mx = 0x1f80u | m << 13 | (m == 2 ? 0x8040u : 0), got;
    for (unsigned i = 0; i < ND; i++)
      for (unsigned j = 0; j < ND; j++) {
        double a = dv[i], b = dv[j], r[9];
        float fa = (float)a, fb = (float)b, fr[2];
        uint64_t fl1, fl2;
        pk[0] = b, pk[1] = a;
        __asm__ volatile("ldmxcsr %[mx]\n\t"
                         "movsd %[a], %%xmm0\n\t"
                         "addsd %[b], %%xmm0\n\t"
                         "movsd %%xmm0, %[r0]\n\t"
                         "movapd %%xmm0, %%xmm1\n\t"
                         "mulsd %[bm], %%xmm1\n\t"
                         "subsd %[a], %%xmm1\n\t"
                         "movsd %%xmm1, %[r1]\n\t"
                         "movsd %[a], %%xmm2\n\t"
                         "divsd %[b], %%xmm2\n\t"
                         "sqrtsd %%xmm2, %%xmm3\n\t"
                         "movsd %%xmm3, %[r2]\n\t"
                         "minsd %[bm], %%xmm2\n\t"
                         "maxsd %[a], %%xmm2\n\t"
                         "movsd %%xmm2, %[r3]\n\t"
                         "movhpd %[bm], %%xmm6\n\t"
                         "movq %%xmm2, %%xmm6\n\t"
                         "movq %[pk], %%xmm7\n\t"
                         "paddq %%xmm7, %%xmm6\n\t"
                         "movq %%xmm6, %[r7]\n\t"
                         "movhpd %%xmm6, %[r8]\n\t"
                         "movsd %[a], %%xmm4\n\t"
                         "unpcklpd %%xmm4, %%xmm4\n\t"
                         "mulpd %[pk], %%xmm4\n\t"
                         "addpd %[pk], %%xmm4\n\t"
                         "movupd %%xmm4, %[r4]\n\t"
                         "unpckhpd %%xmm4, %%xmm4\n\t"
                         "xorpd %[pk], %%xmm4\n\t"
                         "andpd %%xmm0, %%xmm4\n\t"
                         "movsd %%xmm4, %[r6]\n\t"
                         "movss %[fa], %%xmm5\n\t"
                         "mulss %[fb], %%xmm5\n\t"
                         "divss %[fb], %%xmm5\n\t"
                         "movss %%xmm5, %[f0]\n\t"
                         "ucomisd %[b], %%xmm0\n\t"
                         "pushf\n\tpop %[fl1]\n\t"
                         "comiss %[fb], %%xmm5\n\t"
                         "pushf\n\tpop %[fl2]\n\t"
                         "stmxcsr %[got]\n\t"
                         : [r0] "=m"(r[0]), [r1] "=m"(r[1]), [r2] "=m"(r[2]), [r3] "=m"(r[3]),
                           [r4] "=m"(r[4]), [r6] "=m"(r[6]), [r7] "=m"(r[7]), [r8] "=m"(r[8]),
                           [f0] "=m"(fr[0]), [fl1] "=r"(fl1),
                           [fl2] "=r"(fl2), [got] "=m"(got)
                         : [mx] "m"(mx), [a] "x"(a), [b] "x"(b), [bm] "m"(b), [pk] "m"(pk),
                           [fa] "m"(fa), [fb] "m"(fb)
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "cc",
                           "memory");
        for (int k = 0; k < 9; k++) {
          uint64_t bits;
          memcpy(&bits, &r[k], 8);
          mix(bits);
        }
        uint32_t fbits;
        memcpy(&fbits, &fr[0], 4);
        mix(fbits), mix(fl1 & FLAGS), mix(fl2 & FLAGS), mix(got);
      }
  }
  uint32_t dflt = 0x1f80;
  __asm__ volatile("ldmxcsr %0" ::"m"(dflt));
  printf("%-10s %016llx\n", "fp", (unsigned long long)sum);
}

static sigjmp_buf back;
static uintptr_t fault_base;
static void on_segv(int sig, siginfo_t *si, void *ucp) {
  ucontext_t *uc = ucp;
  greg_t *g = uc->uc_mcontext.gregs;
  printf("  signal %d code %d addr %#llx err %#llx trapno %lld\n", sig, si->si_code,
         (unsigned long long)((uintptr_t)si->si_addr - (si->si_addr ? fault_base : 0)),
         (unsigned long long)g[REG_ERR], (long long)g[REG_TRAPNO]);
  printf("  at %s+%lld rax %llx rdx %llx rsi %llx flags %#llx\n",
         g[REG_RIP] - (greg_t)hot_store_fault < 16 ? "hot_store_fault" : "hot_load_fault",
         (long long)(g[REG_RIP] - (g[REG_RIP] - (greg_t)hot_store_fault < 16
                                       ? (greg_t)hot_store_fault
                                       : (greg_t)hot_load_fault)),
         (unsigned long long)g[REG_RAX], (unsigned long long)g[REG_RDX],
         (unsigned long long)g[REG_RSI], (unsigned long long)(g[REG_EFL] & FLAGS));
  siglongjmp(back, 1);
}

/* A page fault right after floating-point SSE in a hot block: the frame's
 * MXCSR has the sticky flags the division raised (translated code keeps
 * them in the hardware until it leaves). */
static volatile uint32_t fault_mxcsr;
static void on_segv_mx(int sig, siginfo_t *si, void *ucp) {
  ucontext_t *uc = ucp;
  (void)sig, (void)si;
  fault_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
  siglongjmp(back, 1);
}
static void fp_fault(double *const *ptrs, int n) {
  static const uint32_t clean = 0x1f80;
  for (int i = 0; i < n; i++) {
    double q = 1.0;
    __asm__ volatile("ldmxcsr %[c]\n\t"
                     "addsd %[q], %[q]\n\t" /* exact: MXCSR back in the hardware */
                     "divsd %[three], %[q]\n\t"
                     "addsd (%[p]), %[q]\n\t"
                     : [q] "+x"(q)
                     : [c] "m"(clean), [three] "x"(3.0), [p] "r"(ptrs[i])
                     : "memory");
    mix((uint64_t)(q * 1e6));
  }
}

static void faults(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return;
  mprotect(m + pg, pg, PROT_NONE);
  fault_base = (uintptr_t)m;
  /* The store runs off the end of the writable page after pg / 8 rounds. */
  printf("store into a PROT_NONE page:\n");
  if (!sigsetjmp(back, 1)) hot_store((uint64_t *)m, 0x80, 1000);
  /* Loads through a table of pointers: HOT good ones, then a bad one. */
  static uint64_t *ptrs[HOT + 1];
  static uint64_t word = 5;
  const uint64_t bad[] = {0, 0x400000000000ull, 0x7ffffffff000ull, 0x800000000000ull,
                          0xffff800000000000ull, 0x8000000000000000ull, (uint64_t)(m + pg)};
  for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    for (int i = 0; i < HOT; i++) ptrs[i] = &word;
    ptrs[HOT] = (uint64_t *)bad[k];
    fault_base = bad[k] == (uint64_t)(m + pg) ? (uintptr_t)m : 0;
    printf("load from %s:\n", k == 6 ? "m+pg" : "a wild address");
    if (!sigsetjmp(back, 1)) hot_load(ptrs, HOT + 1);
  }
  /* The sticky flags at a fault after SSE arithmetic. */
  sa.sa_sigaction = on_segv_mx;
  sigaction(SIGSEGV, &sa, NULL);
  static double one = 1.0;
  static double *dptrs[HOT + 1];
  for (int i = 0; i < HOT; i++) dptrs[i] = &one;
  dptrs[HOT] = (double *)(m + pg);
  if (!sigsetjmp(back, 1)) fp_fault(dptrs, HOT + 1);
  printf("fault after divsd: mxcsr %#x\n", (unsigned)fault_mxcsr);
  uint32_t dflt = 0x1f80;
  __asm__ volatile("ldmxcsr %0" ::"m"(dflt));
  munmap(m, 2 * pg);
}

int main(void) {
  add64(), add32(), add16(), add8(), sub64(), sub32(), sub8(), cmp64(), cmp32(), cmp16();
  and64(), or32(), xor16(), test64(), test8(), inc32(), dec64(), inc8();
  imul64(), imul32(), imul16(), shl64(), shr32(), sar16(), shl8(), addimm(), cmov(), movs(), lea();
  highbytes();
  memory();
  others();
  fp();
  faults();
  return 0;
}
