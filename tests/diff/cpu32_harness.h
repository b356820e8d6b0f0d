/* cpu32_harness.h — a harness for the i386 instruction programs (cpu32_*.c).
 *
 * DEF(name, "insns") defines a function that loads EAX..EBP and EFLAGS from the
 * global state S, runs the instructions, and stores the registers and flags
 * back (the memory operand area M is part of the state too).  run() runs a
 * function over many inputs and prints one FNV-1a hash per test of every
 * output state, with the flags the SDM leaves undefined masked out; with the
 * argument "-v" every input and output is printed instead (to find which
 * input diverges), and "-v NAME" runs only the test NAME.  Built -m32 only: the addresses are
 * absolute (S, M are globals of a static non-PIE program).
 */
#ifndef CPU32_HARNESS_H
#define CPU32_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CF    0x001u
#define PF    0x004u
#define AF    0x010u
#define ZF    0x040u
#define SF    0x080u
#define DF    0x400u
#define OF    0x800u
#define ARITH (CF | PF | AF | ZF | SF | OF)

struct st {
  uint32_t eax, ebx, ecx, edx, esi, edi, ebp, fl;
  uint32_t esp; /* after the run: ESP minus its value before */
};
struct st S __attribute__((used, aligned(16)));
uint8_t M[64] __attribute__((used, aligned(16)));

/* The instruction runs with ESP pointing into the program's own stack; ESP
 * itself is saved in SAVED_ESP and must come back unchanged unless a test
 * says otherwise. */
uint32_t SAVED_ESP __attribute__((used));

#define DEF(name, insns)                                                 \
  static void name(void) {                                               \
    __asm__ volatile(                                                    \
        "pushl %%ebp\n\t"                                                \
        "movl %%esp, SAVED_ESP\n\t"                                      \
        "movl S+0, %%eax\n\tmovl S+4, %%ebx\n\tmovl S+8, %%ecx\n\t"      \
        "movl S+12, %%edx\n\tmovl S+16, %%esi\n\tmovl S+20, %%edi\n\t"   \
        "movl S+24, %%ebp\n\t"                                           \
        "pushl S+28\n\tpopfl\n\t" insns                                  \
        "\n\t"                                                           \
        "movl %%esp, S+32\n\tmovl SAVED_ESP, %%esp\n\t"                  \
        "pushfl\n\tpopl S+28\n\t"                                        \
        "cld\n\t"                                                        \
        "movl %%eax, S+0\n\tmovl %%ebx, S+4\n\tmovl %%ecx, S+8\n\t"      \
        "movl %%edx, S+12\n\tmovl %%esi, S+16\n\tmovl %%edi, S+20\n\t"   \
        "movl %%ebp, S+24\n\t"                                           \
        "popl %%ebp\n\t" ::                                              \
            : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc"); \
  }

static const uint32_t VALS[] = {0,          1,          2,          0x7f,       0x80,
                                0xff,       0x100,      0x7fff,     0x8000,     0xffff,
                                0x10000,    0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
                                0xffffffff, 0x12345678, 0x9abcdef0, 0x0f0f0f0f, 0xa5a5a5a5};
#define NVALS (sizeof VALS / sizeof VALS[0])
static const uint32_t COUNTS[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 255};
#define NCOUNTS (sizeof COUNTS / sizeof COUNTS[0])

static int verbose;
static const char *only; /* "-v NAME": run and print only the test NAME */

/* FNV-1a over 32-bit words (n a multiple of 4), cheap enough under emu. */
static uint32_t fnv(uint32_t h, const void *p, size_t n) {
  const uint32_t *w = p;
  for (size_t i = 0; i < n / 4; i++) h = (h ^ w[i]) * 16777619u;
  return h;
}

static void fill_mem(uint32_t seed) {
  for (int i = 0; i < 64; i++) M[i] = (uint8_t)(seed * 31 + i * 7 + (seed >> 8));
}

/* Per-test hooks: prep may adjust S (or return 0 to skip the input); mask
 * says which flags are defined for this input (ARITH bits; the rest are always
 * compared). */
typedef int (*prep_fn)(void);
typedef uint32_t (*mask_fn)(const struct st *in);

struct acc {
  uint32_t h;
  int n;
};

static void record(struct acc *a, const char *name, const struct st *in, uint32_t mask) {
  struct st out = S;
  out.esp -= SAVED_ESP;
  out.fl &= ~(ARITH & ~mask);
  if (verbose) {
    printf("%s in  %08x %08x %08x %08x %08x %08x %08x fl %08x\n", name, in->eax, in->ebx, in->ecx,
           in->edx, in->esi, in->edi, in->ebp, in->fl);
    printf("%s out %08x %08x %08x %08x %08x %08x %08x fl %08x sp %+d m", name, out.eax, out.ebx,
           out.ecx, out.edx, out.esi, out.edi, out.ebp, out.fl, (int)out.esp);
    for (int i = 0; i < 16; i++) printf(" %02x", M[i]);
    printf("\n");
  }
  a->h = fnv(a->h, &out, sizeof out);
  a->h = fnv(a->h, M, sizeof M);
  a->n++;
}

static void report(const char *name, const struct acc *a) {
  if (!verbose) printf("%-24s %5d %08x\n", name, a->n, a->h);
}

/* Inputs: EAX and EBX from VALS x VALS (ECX = EBX rotated, EDX = ~EAX, ESI,
 * EDI = ... , memory seeded from EAX^EBX), with flags 0 and all arithmetic
 * flags set. */
__attribute__((unused)) static void run2(const char *name, void (*fn)(void), prep_fn prep,
                                         mask_fn maskf) {
  struct acc a = {2166136261u, 0};
  if (only && strcmp(only, name)) return;
  for (unsigned i = 0; i < NVALS; i++)
    for (unsigned j = 0; j < NVALS; j++)
      for (int f = 0; f < 2; f++) {
        S = (struct st){VALS[i],
                        VALS[j],
                        (VALS[j] << 13) | (VALS[j] >> 19),
                        ~VALS[i],
                        VALS[(i + j) % NVALS],
                        VALS[(i * 3 + j) % NVALS],
                        0x5555aaaa ^ VALS[j],
                        0x202 | (f ? ARITH : 0),
                        0};
        fill_mem(VALS[i] ^ VALS[j]);
        if (prep && !prep()) continue;
        struct st in = S;
        fn();
        record(&a, name, &in, maskf ? maskf(&in) : ARITH);
      }
  report(name, &a);
}

/* Shift-style inputs: EAX (and EDX, EBX) from VALS, ECX from COUNTS. */
__attribute__((unused)) static void runc(const char *name, void (*fn)(void), prep_fn prep,
                                         mask_fn maskf) {
  struct acc a = {2166136261u, 0};
  if (only && strcmp(only, name)) return;
  for (unsigned i = 0; i < NVALS; i++)
    for (unsigned j = 0; j < NCOUNTS; j++)
      for (int f = 0; f < 2; f++) {
        S = (struct st){VALS[i], VALS[(i + 7) % NVALS],   COUNTS[j], VALS[(i + 3) % NVALS], 0, 0,
                        0,       0x202 | (f ? ARITH : 0), 0};
        fill_mem(VALS[i]);
        if (prep && !prep()) continue;
        struct st in = S;
        fn();
        record(&a, name, &in, maskf ? maskf(&in) : ARITH);
      }
  report(name, &a);
}

static void harness_args(int argc, char **argv) {
  verbose = argc > 1 && !strcmp(argv[1], "-v");
  only = verbose && argc > 2 ? argv[2] : NULL;
}

#endif
