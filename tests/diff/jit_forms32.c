/* jit_forms32.c — the translation tier (src/cpu/jit.c) on i386 code: each
 * form in a loop hot enough to be translated.  What differs from 64-bit
 * code: addresses wrap at 4 GiB (base + disp past the top), the stack and
 * near branches are 4 bytes (PUSH/POP, CALL/RET, indirect CALL/JMP through
 * a register and through memory), the segments (GS's base for TLS, a null
 * ES or FS met inside a hot block: #GP, a segment register loaded inside
 * one), x87 on the live FPU with its FOP/FIP/FDP, and faults inside a
 * translated block: the instruction, registers, flags, error code and trap
 * number a handler sees.  The native run is the oracle.
 */
// diff-only: gcc32
// diff-x87ptr-mask: ^x87 .* -- the sum holds FOP and FDP, which Intel's processors keep only with an unmasked exception
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define HOT 40 /* iterations: well past the tier's threshold */
#define FLAGS 0x8d5u

static uint32_t sum;
static void mix(uint32_t v) { sum = (sum ^ v) * 0x01000193u; }
static void report(const char *what) {
  printf("%-12s %08x\n", what, sum);
  sum = 0;
}

static const uint32_t vals[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
                                0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x12345678};
#define NV (sizeof vals / sizeof vals[0])

/* ALU forms on 32-, 16- and 8-bit registers, AH..BH included, with the
 * flags read by SETcc, Jcc and PUSHF. */
static void alu(void) {
  for (int rep = 0; rep < 3; rep++)
    for (unsigned i = 0; i < NV; i++)
      for (unsigned j = 0; j < NV; j++) {
        uint32_t a = vals[i], b = vals[j], f, c = 0;
        __asm__ volatile("add %3, %0\n\t"
                         "adc %%bh, %%ah\n\t"
                         "sbb %w3, %w0\n\t"
                         "setc %b2\n\t"
                         "imul $7, %0, %0\n\t"
                         "xor %3, %0\n\t"
                         "rol $5, %0\n\t"
                         "neg %0\n\t"
                         "sub %3, %0\n\t"
                         "xadd %3, %0\n\t" /* a handler: the flags in the record */
                         "rol $1, %0\n\t"
                         "adc $5, %0\n\t"
                         "inc %0\n\t"
                         "pushf\n\tpop %1\n\t"
                         "jl 1f\n\tor $0x100, %2\n1:"
                         : "+a"(a), "=r"(f), "+c"(c), "+b"(b)
                         :
                         : "cc");
        mix(a), mix(f & FLAGS), mix(c);
      }
  report("alu");
}

/* Memory operands: base+index*scale+disp, an absolute address, and a base
 * plus displacement that wraps past 4 GiB onto the buffer. */
static uint32_t buf[64];
static void mem(void) {
  for (int rep = 0; rep < HOT; rep++)
    for (unsigned i = 0; i < 16; i++) {
      uint32_t v = vals[i % NV] + (uint32_t)rep, r;
      uintptr_t high = (uintptr_t)buf + 0x10000000u; /* + 0xf0000000 wraps to buf */
      __asm__ volatile("mov %1, 8(%2,%3,4)\n\t"
                       "addl $3, 8(%2,%3,4)\n\t"
                       "mov 8(%2,%3,4), %0\n\t"
                       "xor %0, buf+4\n\t"
                       "add buf+4, %0\n\t"
                       "mov %0, -0x10000000(%4)\n\t"
                       "movzbl -0x10000000+1(%4), %1\n\t"
                       "add %1, %0\n\t"
                       "lea 0x7fffffff(%0,%3,8), %1\n\t"
                       "lea 0xfff0(%0), %w0\n\t"
                       "add %1, %0\n\t"
                       : "=&r"(r), "+&r"(v)
                       : "r"(buf), "r"(i), "r"(high)
                       : "memory", "cc");
      mix(r), mix(v);
    }
  for (unsigned i = 0; i < 64; i++) mix(buf[i]);
  report("mem");
}

/* The stack and near branches: PUSH/POP, CALL/RET, CALL and JMP through a
 * register and through memory (the return addresses are compared as
 * offsets from the code, which may lie anywhere). */
__attribute__((noinline)) static uint32_t leaf(uint32_t x) { return x * 3 + 1; }
static uint32_t (*volatile leafp)(uint32_t) = leaf;
static void stack(void) {
  for (int rep = 0; rep < HOT; rep++) {
    uint32_t a = (uint32_t)rep, b, d, e;
    __asm__ volatile("push %2\n\t"
                     "push $0x1234\n\t"
                     "pop %1\n\t"
                     "add (%%esp), %1\n\t"
                     "pop %2\n\t"
                     "push $-5\n\t" /* 6A: imm8 sign-extended */
                     "pop %3\n\t"
                     "add %3, %1\n\t"
                     "call 1f\n\t"
                     "1: pop %3\n\t"
                     "sub $1b, %3\n\t"
                     "push %2\n\t"
                     "mov leafp, %%ecx\n\t"
                     "call *%%ecx\n\t"
                     "add $4, %%esp\n\t"
                     "add %%eax, %1\n\t"
                     "push %1\n\t"
                     "call *leafp\n\t"
                     "add $4, %%esp\n\t"
                     "add %%eax, %1\n\t"
                     "mov $2f, %%eax\n\t"
                     "jmp *%%eax\n\t"
                     "ud2\n\t"
                     "2:"
                     : "=&a"(e), "=&r"(b), "+r"(a), "=&r"(d)
                     :
                     : "ecx", "edx", "memory", "cc");
    mix(a), mix(b), mix(d), mix(e);
  }
  report("stack");
}

/* What a signal handler saw. */
static volatile sig_atomic_t faults;
static volatile uint32_t seen_sig, seen_code, seen_addr, seen_eip, seen_flags, seen_err,
    seen_trap, seen_regs[6];
static volatile uint32_t fix_ebx;   /* a good pointer to restart with, or 0 */
static volatile int fix_seg = -1;   /* REG_ES or REG_FS, to set to fix_sel */
static volatile uint32_t fix_sel;

static void handler(int sig, siginfo_t *si, void *p) {
  ucontext_t *uc = p;
  greg_t *g = uc->uc_mcontext.gregs;
  faults++;
  seen_sig = (uint32_t)sig;
  seen_code = (uint32_t)si->si_code;
  seen_addr = (uint32_t)(uintptr_t)si->si_addr;
  seen_eip = (uint32_t)g[REG_EIP];
  seen_flags = (uint32_t)g[REG_EFL] & FLAGS;
  seen_err = (uint32_t)g[REG_ERR];
  seen_trap = (uint32_t)g[REG_TRAPNO];
  seen_regs[0] = (uint32_t)g[REG_EAX], seen_regs[1] = (uint32_t)g[REG_ECX];
  seen_regs[2] = (uint32_t)g[REG_EDX], seen_regs[3] = (uint32_t)g[REG_ESI];
  seen_regs[4] = (uint32_t)g[REG_EDI], seen_regs[5] = (uint32_t)g[REG_EBX];
  if (fix_ebx) g[REG_EBX] = (greg_t)fix_ebx;
  if (fix_seg >= 0) g[fix_seg] = (greg_t)fix_sel;
}

/* The instruction at the fault is shown by its first bytes (the code's
 * addresses are the compiler's). */
static void show_fault(const char *what, uint32_t addr_base, int regs) {
  const uint8_t *e = (const uint8_t *)(uintptr_t)seen_eip;
  printf("%-12s faults %d sig %u code %#x addr %+d eip %02x %02x %02x flags %#x err %#x trap %u",
         what, (int)faults, seen_sig, seen_code, (int)(seen_addr - addr_base), e[0], e[1], e[2],
         seen_flags, seen_err, seen_trap);
  if (regs) /* those the loop set: eax ecx edx esi edi */
    printf(" regs %x %x %x %x %x", seen_regs[0], seen_regs[1], seen_regs[2], seen_regs[3],
           seen_regs[4]);
  printf("\n");
  faults = 0;
  fix_ebx = 0;
  fix_seg = -1;
}

/* A page fault inside a hot block: a load, then a store, through ebx. */
__attribute__((noinline)) static uint32_t pf_loop(uint32_t *bad, uint32_t *good, int store) {
  uint32_t acc = 0;
  for (int i = 0; i < HOT; i++) {
    uint32_t *p = i == HOT - 1 ? bad : good;
    uint32_t a = (uint32_t)i, c = 0x11, d = 0x22, s = 0x33, di = 0x44;
    if (!store)
      __asm__ volatile("add $0x7fffffff, %0\n\t"
                       "add (%%ebx), %0\n\t"
                       : "+a"(a)
                       : "b"(p), "c"(c), "d"(d), "S"(s), "D"(di)
                       : "cc");
    else
      __asm__ volatile("sub $1, %0\n\t"
                       "mov %0, (%%ebx)\n\t"
                       : "+a"(a)
                       : "b"(p), "c"(c), "d"(d), "S"(s), "D"(di)
                       : "cc", "memory");
    acc += a;
  }
  return acc;
}

/* A null segment met inside a hot block: ES (flat until then), and FS (a
 * copy of GS until then), each loaded outside the block; #GP, which the
 * handler fixes by loading the segment again.  Then a block that loads the
 * segment itself. */
__attribute__((noinline)) static void set_es(uint32_t sel) {
  __asm__ volatile("mov %w0, %%es" ::"r"(sel));
}
__attribute__((noinline)) static void set_fs(uint32_t sel) {
  __asm__ volatile("mov %w0, %%fs" ::"r"(sel));
}
#define SEG_LOOP(NAME, BODY)                                                        \
  __attribute__((noinline, noclone)) static uint32_t NAME(uint16_t good) {            \
    uint32_t acc = 0, x = 5;                                                          \
    for (int i = 0; i < HOT; i++) {                                                   \
      uint16_t sel = i == HOT - 1 ? 0 : good;                                         \
      uint32_t v;                                                                     \
      BODY;                                                                           \
      acc += v;                                                                       \
    }                                                                                 \
    return acc;                                                                       \
  }
SEG_LOOP(seg_es, set_es(sel);
         __asm__ volatile("add $1, %1\n\t"
                          "mov %%es:(%2), %0\n\t"
                          : "=&r"(v), "+r"(x)
                          : "r"(&x)
                          : "cc", "memory"))
SEG_LOOP(seg_fs, if (i == HOT - 1 || i == 0) set_fs(sel);
         __asm__ volatile("add $2, %1\n\t"
                          "mov %%fs:0, %0\n\t"
                          "cmp %%gs:0, %0\n\t"
                          "sete %b0\n\t"
                          "movzbl %b0, %0\n\t"
                          : "=&q"(v), "+r"(x)
                          :
                          : "cc", "memory"))
SEG_LOOP(seg_es_in, __asm__ volatile("mov %w2, %%es\n\t"
                                     "add $1, %1\n\t"
                                     "mov %%es:(%3), %0\n\t"
                                     : "=&r"(v), "+r"(x)
                                     : "r"((uint32_t)sel), "r"(&x)
                                     : "cc", "memory"))

/* FS holding GS's selector in a hot block with no segment load: the base
 * is read at run time. */
static void tls(void) {
  uint16_t gs;
  __asm__ volatile("mov %%gs, %0" : "=r"(gs));
  __asm__ volatile("mov %0, %%fs" ::"r"((uint32_t)gs));
  uint32_t same = 0;
  for (int i = 0; i < HOT; i++) {
    uint32_t a, b;
    __asm__ volatile("mov %%gs:0, %0\n\tmov %%fs:0, %1\n\t" : "=r"(a), "=r"(b));
    same += a == b;
  }
  __asm__ volatile("mov %0, %%fs" ::"r"(0u));
  mix(same);
  report("tls");
}

/* x87 in a hot block: loads and stores of each size, arithmetic on the
 * stack, FCOMI/FUCOMIP read by Jcc, FXCH, FILD/FISTP; then FNSTENV's FOP,
 * FIP (shown by the bytes there) and FDP (against the operand's address). */
static void x87(void) {
  static double dv[4] = {1.5, -2.25, 1e300, 3.0};
  static float fv[2] = {0.75f, -8.5f};
  static int32_t iv = 7;
  static int16_t sv = -3;
  static long double lv = 1.0L / 3;
  for (int rep = 0; rep < HOT; rep++) {
    double r;
    int32_t ir;
    uint32_t gt;
    uint16_t env[14];
    dv[3] = rep;
    __asm__ volatile("fldl %[d0]\n\t"
                     "fmull %[d1]\n\t"
                     "fadds %[f0]\n\t"
                     "fildl %[iv]\n\t"
                     "fxch %%st(1)\n\t"
                     "fdiv %%st(1), %%st\n\t"
                     "fisubs %[sv]\n\t"
                     "fldt %[lv]\n\t"
                     "fmulp %%st, %%st(1)\n\t"
                     "faddl %[d3]\n\t"
                     "fcomi %%st(1), %%st\n\t"
                     "seta %b[gt]\n\t"
                     "fsubrs %[f1]\n\t"
                     "fabs\n\t"
                     "fsqrt\n\t"
                     "fucomip %%st(1), %%st\n\t"
                     "adc $0, %[gt]\n\t"
                     "fistpl %[ir]\n\t"
                     "fldl %[d3]\n\t"
                     "fstpl %[r]\n\t"
                     "fnstenv %[env]\n\t"
                     : [r] "=m"(r), [ir] "=m"(ir), [gt] "=&q"(gt), [env] "=m"(env)
                     : [d0] "m"(dv[0]), [d1] "m"(dv[1]), [d3] "m"(dv[3]), [f0] "m"(fv[0]),
                       [f1] "m"(fv[1]), [iv] "m"(iv), [sv] "m"(sv), [lv] "m"(lv), "[gt]"(0u)
                     : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",
                       "cc", "memory");
    uint64_t bits;
    memcpy(&bits, &r, 8);
    mix((uint32_t)bits), mix((uint32_t)(bits >> 32)), mix((uint32_t)ir), mix(gt);
    /* FNSTENV, 32-bit protected mode: cw sw tw fip (fcs, fop) fdp fds */
    const uint8_t *fip = (const uint8_t *)(uintptr_t)(env[6] | (uint32_t)env[7] << 16);
    uint32_t fdp = env[10] | (uint32_t)env[11] << 16;
    mix(env[0]), mix(env[2] & 0x3fff), mix(env[4]), mix(env[9] & 0x7ff);
    mix(fip[0]), mix(fip[1]), mix(fdp == (uint32_t)(uintptr_t)&dv[3]);
  }
  report("x87");
}

int main(void) {
  alu();
  mem();
  stack();
  tls();
  x87();

  struct sigaction sa = {.sa_sigaction = handler, .sa_flags = SA_SIGINFO};
  sigaction(SIGSEGV, &sa, NULL);
  long pg = sysconf(_SC_PAGESIZE);
  /* Page 0 writable, page 1 read-only, page 2 unmapped. */
  char *m = mmap(NULL, 3 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 1;
  mprotect(m + pg, (size_t)pg, PROT_READ);
  munmap(m + 2 * pg, (size_t)pg);
  uint32_t *good = (uint32_t *)m;
  *good = 100;
  mix(*(volatile uint32_t *)(m + pg)); /* present: a store faults with P set */

  static const struct {
    const char *name;
    int page, store;
  } pf[] = {{"pf_load", 2, 0}, {"pf_store", 2, 1}, {"pf_store_ro", 1, 1}};
  for (unsigned k = 0; k < sizeof pf / sizeof pf[0]; k++) {
    fix_ebx = (uint32_t)(uintptr_t)good;
    char *bad = m + pf[k].page * pg + 8;
    printf("%-12s %u\n", pf[k].name, pf_loop((uint32_t *)bad, good, pf[k].store));
    show_fault(pf[k].name, (uint32_t)(uintptr_t)bad, 1);
  }

  uint16_t ds, gs;
  __asm__ volatile("mov %%ds, %0\n\tmov %%gs, %1" : "=r"(ds), "=r"(gs));
  fix_seg = REG_ES, fix_sel = ds;
  printf("%-12s %u\n", "gp_es", seg_es(ds));
  show_fault("gp_es", 0, 0);
  fix_seg = REG_FS, fix_sel = gs;
  printf("%-12s %u\n", "gp_fs", seg_fs(gs));
  show_fault("gp_fs", 0, 0);
  fix_seg = REG_ES, fix_sel = ds;
  printf("%-12s %u\n", "gp_es_in", seg_es_in(ds));
  show_fault("gp_es_in", 0, 0);
  __asm__ volatile("mov %0, %%fs" ::"r"(0u));
  return 0;
}
