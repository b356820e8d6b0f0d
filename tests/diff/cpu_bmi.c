/* cpu_bmi.c — the VEX-encoded general-purpose instructions of BMI1 (ANDN
 * BEXTR BLSI BLSMSK BLSR) and BMI2 (BZHI PDEP PEXT MULX RORX SARX SHLX
 * SHRX), and ADX (ADCX ADOX): register and memory forms, 32- and 64-bit
 * operands, r8-r15 through VEX.R/B and vvvv >= 8, over pseudo-random and
 * edge inputs, with the flags each one defines; then the encodings that must
 * be #UD (VEX.L = 1, an undefined VEX opcode, RORX with vvvv != 1111b, a
 * legacy prefix before VEX) and, in 32-bit code, C4 as LES.
 * Flags the SDM leaves undefined are masked: AF and PF of BMI1 and BZHI, and
 * SF of BEXTR (AMD hardware sets AF and PF after BEXTR; emu keeps them).
 * diff-cflags: -mno-red-zone
 */
// diff-vm-mask: ^blsi(32|64) .* -- QEMU 7.2's software CPU computes BLSI's CF wrongly (clear for a nonzero source); the host's run of the 64-bit build checks it on hardware
// diff-vm-mask: ^rorx vvvv=0000: .* -- QEMU's software CPU does not check that RORX's vvvv is 1111b (hardware raises #UD, as the host's 64-bit run shows)
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

typedef unsigned long UL; /* the width of pushf/popf */
typedef uint32_t u32;
typedef uint64_t u64;

#define F_ARITH 0x8d5ul /* OF SF ZF AF PF CF */
#define F_SZCO  0x8c1ul /* OF SF ZF CF: the BMI1 and BZHI flags (AF, PF undefined) */
#define F_ZCO   0x841ul /* OF ZF CF: BEXTR's (SF, AF, PF undefined) */

static u64 rng = 0x9e3779b97f4a7c15ull;
static u64 next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Inputs: random words, and every eighth one a random edge. */
static u64 input(void) {
  static const u64 edge[] = {0,
                             1,
                             ~0ull,
                             0x80000000ull,
                             0xffffffffull,
                             0x8000000000000000ull,
                             0x7fffffffffffffffull,
                             0x00000000ffff0000ull,
                             0x0000000100000000ull,
                             0xaaaaaaaa55555555ull};
  u64 r = next();
  if ((r & 7) == 0) return edge[(r >> 3) % (sizeof edge / sizeof edge[0])];
  return next();
}

/* A control word for BEXTR (start, len) and BZHI (index): mostly in range,
 * sometimes at or past the operand size, sometimes with junk above. */
static u64 ctl(void) {
  u64 r = next();
  u64 start = r & 0x3f, len = (r >> 8) & 0x3f;
  switch ((r >> 16) & 7) {
  case 0: start = (r >> 24) & 0xff; break;
  case 1: len = (r >> 24) & 0xff; break;
  case 2: start = 32 + (r & 31); len = 32 + ((r >> 5) & 31); break;
  case 3: return next();
  default: break;
  }
  return start | len << 8;
}

/* Flags going in: alternately all clear and all arithmetic flags set. */
static UL fin(int i) { return (i & 1) ? F_ARITH | 0x202 : 0x202; }

#define SETF "push %[fi]\n\tpopf\n\t"
#define GETF "\n\tpushf\n\tpop %[fo]"

/* d := op(m, v): AT&T "mnem m, v, d" where m is the ModRM r/m operand
 * (ANDN PDEP PEXT: Intel d, v, m) or "mnem v, m, d" (BEXTR BZHI SHLX SARX
 * SHRX: Intel d, m, v).  Register and memory forms, for type T. */
#define DEF_MV(name, mnem, T)                                                              \
  static void name##_r(T m, T v, UL fi, T *d, UL *fo) {                                    \
    asm volatile(SETF mnem " %[m], %[v], %[d]" GETF                                        \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [m] "r"(m), [v] "r"(v), [fi] "r"(fi)                                    \
                 : "cc");                                                                  \
  }                                                                                        \
  static void name##_m(T m, T v, UL fi, T *d, UL *fo) {                                    \
    asm volatile(SETF mnem " (%[p]), %[v], %[d]" GETF                                      \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [p] "r"(&m), [v] "r"(v), [fi] "r"(fi), "m"(m)                           \
                 : "cc");                                                                  \
  }
#define DEF_VM(name, mnem, T)                                                              \
  static void name##_r(T m, T v, UL fi, T *d, UL *fo) {                                    \
    asm volatile(SETF mnem " %[v], %[m], %[d]" GETF                                        \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [m] "r"(m), [v] "r"(v), [fi] "r"(fi)                                    \
                 : "cc");                                                                  \
  }                                                                                        \
  static void name##_m(T m, T v, UL fi, T *d, UL *fo) {                                    \
    asm volatile(SETF mnem " %[v], (%[p]), %[d]" GETF                                      \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [p] "r"(&m), [v] "r"(v), [fi] "r"(fi), "m"(m)                           \
                 : "cc");                                                                  \
  }
/* d := op(m) with d in vvvv (BLSR BLSMSK BLSI). */
#define DEF_1(name, mnem, T)                                                               \
  static void name##_r(T m, T v, UL fi, T *d, UL *fo) {                                    \
    (void)v;                                                                               \
    asm volatile(SETF mnem " %[m], %[d]" GETF                                              \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [m] "r"(m), [fi] "r"(fi)                                                \
                 : "cc");                                                                  \
  }                                                                                        \
  static void name##_m(T m, T v, UL fi, T *d, UL *fo) {                                    \
    (void)v;                                                                               \
    asm volatile(SETF mnem " (%[p]), %[d]" GETF                                            \
                 : [d] "=&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [p] "r"(&m), [fi] "r"(fi), "m"(m)                                       \
                 : "cc");                                                                  \
  }
/* d += m with a carry flag in and out (ADCX ADOX): d starts as v. */
#define DEF_ADX(name, mnem, T)                                                             \
  static void name##_r(T m, T v, UL fi, T *d, UL *fo) {                                    \
    *d = v;                                                                                \
    asm volatile(SETF mnem " %[m], %[d]" GETF                                              \
                 : [d] "+&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [m] "r"(m), [fi] "r"(fi)                                                \
                 : "cc");                                                                  \
  }                                                                                        \
  static void name##_m(T m, T v, UL fi, T *d, UL *fo) {                                    \
    *d = v;                                                                                \
    asm volatile(SETF mnem " (%[p]), %[d]" GETF                                            \
                 : [d] "+&r"(*d), [fo] "=&r"(*fo)                                          \
                 : [p] "r"(&m), [fi] "r"(fi), "m"(m)                                       \
                 : "cc");                                                                  \
  }

#define DEF_BOTH(shape, name, mnem) \
  shape(name##32, mnem, u32)        \
  DEF64(shape, name##64, mnem)
#ifdef __x86_64__
#define DEF64(shape, name, mnem) shape(name, mnem, u64)
#else
#define DEF64(shape, name, mnem)
#endif

DEF_BOTH(DEF_MV, andn, "andn")
DEF_BOTH(DEF_MV, pdep, "pdep")
DEF_BOTH(DEF_MV, pext, "pext")
DEF_BOTH(DEF_VM, bextr, "bextr")
DEF_BOTH(DEF_VM, bzhi, "bzhi")
DEF_BOTH(DEF_VM, shlx, "shlx")
DEF_BOTH(DEF_VM, shrx, "shrx")
DEF_BOTH(DEF_VM, sarx, "sarx")
DEF_BOTH(DEF_1, blsr, "blsr")
DEF_BOTH(DEF_1, blsmsk, "blsmsk")
DEF_BOTH(DEF_1, blsi, "blsi")
DEF_BOTH(DEF_ADX, adcx, "adcx")
DEF_BOTH(DEF_ADX, adox, "adox")

typedef void fn32(u32, u32, UL, u32 *, UL *);
typedef void fn64(u64, u64, UL, u64 *, UL *);

enum { V_ANY, V_CTL, V_CNT };

/* Run one instruction over n inputs in both forms; v is the vvvv-style
 * second input (a control word for BEXTR/BZHI, a count for the shifts). */
static void run32(const char *name, fn32 *r, fn32 *m, int vk, UL mask, int n) {
  for (int i = 0; i < n; i++) {
    u32 a = (u32)input(), b = (u32)(vk == V_CTL ? ctl() : vk == V_CNT ? next() & 0xff : input());
    u32 dr, dm;
    UL fr, fm;
    r(a, b, fin(i), &dr, &fr);
    m(a, b, fin(i), &dm, &fm);
    printf("%s32 %08x %08x: %08x %03lx | %08x %03lx\n", name, a, b, dr, fr & mask, dm, fm & mask);
  }
}
#ifdef __x86_64__
static void run64(const char *name, fn64 *r, fn64 *m, int vk, UL mask, int n) {
  for (int i = 0; i < n; i++) {
    u64 a = input(), b = vk == V_CTL ? ctl() : vk == V_CNT ? next() & 0xff : input();
    u64 dr, dm;
    UL fr, fm;
    r(a, b, fin(i), &dr, &fr);
    m(a, b, fin(i), &dm, &fm);
    printf("%s64 %016llx %016llx: %016llx %03lx | %016llx %03lx\n", name, (unsigned long long)a,
           (unsigned long long)b, (unsigned long long)dr, fr & mask, (unsigned long long)dm,
           fm & mask);
  }
}
#define RUN(name, vk, mask, n)                               \
  do {                                                       \
    run32(#name, name##32_r, name##32_m, vk, mask, n);       \
    run64(#name, name##64_r, name##64_m, vk, mask, n);       \
  } while (0)
#else
#define RUN(name, vk, mask, n) run32(#name, name##32_r, name##32_m, vk, mask, n)
#endif

/* ---- MULX: rDX * r/m; high half to the first destination ---- */

static void test_mulx(int n) {
  for (int i = 0; i < n; i++) {
    u32 a = (u32)input(), b = (u32)input(), hi, lo, same, mhi, mlo;
    UL f1, f2, f3;
    asm volatile(SETF "mulx %[s], %[lo], %[hi]" GETF
                 : [hi] "=&r"(hi), [lo] "=&r"(lo), [fo] "=&r"(f1)
                 : [s] "r"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    asm volatile(SETF "mulx %[s], %[x], %[x]" GETF
                 : [x] "=&r"(same), [fo] "=&r"(f2)
                 : [s] "r"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    asm volatile(SETF "mulx (%[p]), %[lo], %[hi]" GETF
                 : [hi] "=&r"(mhi), [lo] "=&r"(mlo), [fo] "=&r"(f3)
                 : [p] "r"(&b), "m"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    printf("mulx32 %08x %08x: %08x %08x %03lx same %08x %03lx mem %08x %08x %03lx\n", a, b, hi,
           lo, f1 & F_ARITH, same, f2 & F_ARITH, mhi, mlo, f3 & F_ARITH);
  }
#ifdef __x86_64__
  for (int i = 0; i < n; i++) {
    u64 a = input(), b = input(), hi, lo, same, mhi, mlo;
    UL f1, f2, f3;
    asm volatile(SETF "mulx %[s], %[lo], %[hi]" GETF
                 : [hi] "=&r"(hi), [lo] "=&r"(lo), [fo] "=&r"(f1)
                 : [s] "r"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    asm volatile(SETF "mulx %[s], %[x], %[x]" GETF
                 : [x] "=&r"(same), [fo] "=&r"(f2)
                 : [s] "r"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    asm volatile(SETF "mulx (%[p]), %[lo], %[hi]" GETF
                 : [hi] "=&r"(mhi), [lo] "=&r"(mlo), [fo] "=&r"(f3)
                 : [p] "r"(&b), "m"(b), "d"(a), [fi] "r"(fin(i))
                 : "cc");
    printf("mulx64 %016llx %016llx: %016llx %016llx %03lx same %016llx %03lx mem %016llx %016llx %03lx\n",
           (unsigned long long)a, (unsigned long long)b, (unsigned long long)hi,
           (unsigned long long)lo, f1 & F_ARITH, (unsigned long long)same, f2 & F_ARITH,
           (unsigned long long)mhi, (unsigned long long)mlo, f3 & F_ARITH);
  }
#endif
}

/* ---- RORX with a handful of immediates (masked to 5 or 6 bits) ---- */

#define RORX(T, imm, src, dst, mem)                                  \
  do {                                                               \
    asm volatile("rorx $" #imm ", %[s], %[d]" : [d] "=r"(dst) : [s] "r"(src)); \
    asm volatile("rorx $" #imm ", (%[p]), %[d]" : [d] "=r"(mem) : [p] "r"(&src), "m"(src)); \
  } while (0)

static void test_rorx(int n) {
  for (int i = 0; i < n; i++) {
    u32 a = (u32)input(), r[6], m[6];
    UL f;
    asm volatile(SETF "rorx $5, %[s], %[d]" GETF : [d] "=&r"(r[0]), [fo] "=&r"(f)
                 : [s] "r"(a), [fi] "r"(fin(i)) : "cc");
    RORX(u32, 0, a, r[0], m[0]);
    RORX(u32, 1, a, r[1], m[1]);
    RORX(u32, 13, a, r[2], m[2]);
    RORX(u32, 31, a, r[3], m[3]);
    RORX(u32, 32, a, r[4], m[4]);
    RORX(u32, 200, a, r[5], m[5]);
    printf("rorx32 %08x: flags %03lx", a, f & F_ARITH);
    for (int k = 0; k < 6; k++) printf(" %08x/%08x", r[k], m[k]);
    printf("\n");
  }
#ifdef __x86_64__
  for (int i = 0; i < n; i++) {
    u64 a = input(), r[6], m[6];
    UL f;
    asm volatile(SETF "rorx $5, %[s], %[d]" GETF : [d] "=&r"(r[0]), [fo] "=&r"(f)
                 : [s] "r"(a), [fi] "r"(fin(i)) : "cc");
    RORX(u64, 0, a, r[0], m[0]);
    RORX(u64, 1, a, r[1], m[1]);
    RORX(u64, 33, a, r[2], m[2]);
    RORX(u64, 63, a, r[3], m[3]);
    RORX(u64, 64, a, r[4], m[4]);
    RORX(u64, 200, a, r[5], m[5]);
    printf("rorx64 %016llx: flags %03lx", (unsigned long long)a, f & F_ARITH);
    for (int k = 0; k < 6; k++) printf(" %016llx/%016llx", (unsigned long long)r[k],
                                       (unsigned long long)m[k]);
    printf("\n");
  }
#endif
}

/* ---- r8-r15: VEX.R, VEX.B and vvvv >= 8 ---- */

#ifdef __x86_64__
static void test_high(int n) {
  for (int i = 0; i < n; i++) {
    u64 x = input(), y = input(), c = ctl(), out[12];
    register u64 r8 asm("r8") = x;
    register u64 r9 asm("r9") = y;
    register u64 r10 asm("r10") = c;
    register u64 r11 asm("r11");
    register u64 r12 asm("r12");
    register u64 r13 asm("r13");
    register u64 r14 asm("r14");
    register u64 r15 asm("r15");
    UL f = fin(i), fo;
    asm volatile(SETF "andn %[r9], %[r8], %[r11]\n\t"  /* reg, vvvv, r/m all high */
                 "bextr %[r10], %[r9], %[r12]\n\t"
                 "blsr %[r8], %[r13]\n\t"
                 "pdep %[r9], %[r8], %[r14]\n\t"
                 "shlx %[r10], %[r9], %[r15]" GETF
                 : [r11] "=&r"(r11), [r12] "=&r"(r12), [r13] "=&r"(r13), [r14] "=&r"(r14),
                   [r15] "=&r"(r15), [fo] "=&r"(fo)
                 : [r8] "r"(r8), [r9] "r"(r9), [r10] "r"(r10), [fi] "r"(f)
                 : "cc");
    out[0] = r11, out[1] = r12, out[2] = r13, out[3] = r14, out[4] = r15;
    asm volatile("pext %[r9], %[r8], %[r11]\n\t"
                 "bzhi %[r10], %[r8], %[r12]\n\t"
                 "sarx %[r10], %[r8], %[r13]\n\t"
                 "rorx $17, %[r9], %[r14]\n\t"
                 "blsmsk %[r9], %[r15]"
                 : [r11] "=&r"(r11), [r12] "=&r"(r12), [r13] "=&r"(r13), [r14] "=&r"(r14),
                   [r15] "=&r"(r15)
                 : [r8] "r"(r8), [r9] "r"(r9), [r10] "r"(r10));
    out[5] = r11, out[6] = r12, out[7] = r13, out[8] = r14, out[9] = r15;
    register u64 rdx asm("rdx") = x;
    asm volatile("mulx %[r9], %[r14], %[r15]\n\t"
                 "blsi %[r9], %[r12]\n\t"
                 "mov %[r8], %[r13]\n\t"
                 "adcx %[r9], %[r13]\n\t"
                 "adox %[r10], %[r13]"
                 : [r12] "=&r"(r12), [r13] "=&r"(r13), [r14] "=&r"(r14), [r15] "=&r"(r15)
                 : [r8] "r"(r8), [r9] "r"(r9), [r10] "r"(r10), "r"(rdx)
                 : "cc");
    out[10] = r14 ^ r12, out[11] = r15 ^ r13;
    printf("high %016llx %016llx %016llx: %03lx", (unsigned long long)x, (unsigned long long)y,
           (unsigned long long)c, fo & F_SZCO);
    for (int k = 0; k < 12; k++) printf(" %llx", (unsigned long long)out[k]);
    printf("\n");
  }
}
#endif

/* ---- #UD: SIGILL at the instruction's first byte ---- */

static sigjmp_buf jb;
static void *ud_at;
static void on_ill(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
#ifdef __x86_64__
  UL ip = uc->uc_mcontext.gregs[REG_RIP];
#else
  UL ip = uc->uc_mcontext.gregs[REG_EIP];
#endif
  printf(" SIGILL sig %d code %d addr at insn: %s, ip at insn: %s\n", sig, si->si_code,
         si->si_addr == ud_at ? "yes" : "no", ip == (UL)ud_at ? "yes" : "no");
  siglongjmp(jb, 1);
}

/* Each is a function: the bytes, then ret. */
#define UD_FN(name, bytes) \
  asm(".text\n.globl " #name "\n" #name ":\n\t.byte " bytes "\n\tret\n");
UD_FN(ud_vex_l1, "0xc4,0xe2,0x74,0xf2,0xc1")          /* andn with VEX.L = 1 */
UD_FN(ud_blsr_l1, "0xc4,0xe2,0x74,0xf3,0xc9")         /* blsr with VEX.L = 1 */
UD_FN(ud_rorx_l1, "0xc4,0xe3,0x7f,0xf0,0xc1,0x03")    /* rorx with VEX.L = 1 */
UD_FN(ud_grp17_0, "0xc4,0xe2,0x78,0xf3,0xc1")         /* VEX.0F38 F3 /0: undefined */
UD_FN(ud_f5_66, "0xc4,0xe2,0x79,0xf5,0xc1")           /* VEX.66.0F38 F5: undefined */
UD_FN(ud_rorx_vvvv, "0xc4,0xe3,0x03,0xf0,0xc1,0x03")  /* rorx with vvvv != 1111b */
UD_FN(ud_66_vex, "0x66,0xc4,0xe2,0x70,0xf2,0xc1")     /* 66 before VEX */
UD_FN(ud_f3_vex, "0xf3,0xc4,0xe2,0x70,0xf2,0xc1")     /* F3 before VEX */
UD_FN(ud_lock_vex, "0xf0,0xc4,0xe2,0x70,0xf2,0xc1")   /* LOCK before VEX */
UD_FN(ud_lock_adcx, "0xf0,0x66,0x0f,0x38,0xf6,0x00")  /* LOCK ADCX */
#ifdef __x86_64__
UD_FN(ud_rex_vex, "0x41,0xc4,0xe2,0x70,0xf2,0xc1")    /* REX before VEX */
#endif
extern char ud_vex_l1[], ud_blsr_l1[], ud_rorx_l1[], ud_grp17_0[], ud_f5_66[], ud_rorx_vvvv[],
    ud_66_vex[], ud_f3_vex[], ud_lock_vex[], ud_lock_adcx[], ud_rex_vex[];

static void try_ud(const char *name, char *fn) {
  printf("%s:", name);
  fflush(stdout);
  ud_at = fn;
  if (!sigsetjmp(jb, 1)) {
    ((void (*)(void))fn)();
    printf(" no fault\n");
  }
}

#ifndef __x86_64__
/* In 32-bit code C4 with ModRM.mod != 11 is LES. */
static void test_les(void) {
  struct __attribute__((packed)) {
    u32 off;
    unsigned short sel;
  } fp;
  unsigned short ds, es;
  u32 got;
  asm volatile("mov %%ds, %0" : "=r"(ds));
  fp.off = 0x12345678;
  fp.sel = ds;
  asm volatile("push %%es\n\t"
               ".byte 0xc4, 0x08\n\t" /* les (%eax), %ecx */
               "mov %%es, %1\n\t"
               "pop %%es"
               : "=c"(got), "=r"(es)
               : "a"(&fp), "m"(fp)
               : "memory");
  printf("les: %08x es==ds %s\n", got, es == ds ? "yes" : "no");
}
#endif

int main(void) {
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  RUN(andn, V_ANY, F_SZCO, 60);
  RUN(bextr, V_CTL, F_ZCO, 80);
  RUN(blsr, V_ANY, F_SZCO, 40);
  RUN(blsmsk, V_ANY, F_SZCO, 40);
  RUN(blsi, V_ANY, F_SZCO, 40);
  RUN(bzhi, V_CTL, F_SZCO, 80);
  RUN(pdep, V_ANY, F_ARITH, 60);
  RUN(pext, V_ANY, F_ARITH, 60);
  RUN(shlx, V_CNT, F_ARITH, 40);
  RUN(shrx, V_CNT, F_ARITH, 40);
  RUN(sarx, V_CNT, F_ARITH, 40);
  RUN(adcx, V_ANY, F_ARITH, 40);
  RUN(adox, V_ANY, F_ARITH, 40);
  /* PDEP/PEXT with all-ones and zero masks */
  static const u64 masks[] = {0, ~0ull, 1, 0x8000000000000000ull, 0xffffffff00000000ull};
  for (unsigned k = 0; k < sizeof masks / sizeof masks[0]; k++) {
    u64 src = input();
    u32 d32;
    UL f;
    pdep32_r((u32)masks[k], (u32)src, fin(k), &d32, &f);
    printf("pdep32 mask %08x: %08x\n", (u32)masks[k], d32);
    pext32_r((u32)masks[k], (u32)src, fin(k), &d32, &f);
    printf("pext32 mask %08x: %08x\n", (u32)masks[k], d32);
#ifdef __x86_64__
    u64 d64;
    pdep64_m(masks[k], src, fin(k), &d64, &f);
    printf("pdep64 mask %016llx: %016llx\n", (unsigned long long)masks[k], (unsigned long long)d64);
    pext64_m(masks[k], src, fin(k), &d64, &f);
    printf("pext64 mask %016llx: %016llx\n", (unsigned long long)masks[k], (unsigned long long)d64);
#endif
  }
  test_mulx(40);
  test_rorx(20);
#ifdef __x86_64__
  test_high(30);
#else
  test_les();
#endif

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_ill;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  try_ud("vex.l=1 andn", ud_vex_l1);
  try_ud("vex.l=1 blsr", ud_blsr_l1);
  try_ud("vex.l=1 rorx", ud_rorx_l1);
  try_ud("vex.0f38 f3 /0", ud_grp17_0);
  try_ud("vex.66.0f38 f5", ud_f5_66);
  try_ud("rorx vvvv=0000", ud_rorx_vvvv);
  try_ud("66 vex", ud_66_vex);
  try_ud("f3 vex", ud_f3_vex);
  try_ud("lock vex", ud_lock_vex);
  try_ud("lock adcx", ud_lock_adcx);
#ifdef __x86_64__
  try_ud("rex vex", ud_rex_vex);
#endif
  return 0;
}
