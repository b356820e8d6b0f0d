/* cond_incdec.c — conditions after INC and DEC, which keep the carry flag they
 * find: every Jcc and SETcc after INC/DEC of edge values, with CF set and clear
 * beforehand, in the same block as the INC/DEC.  Built for i386 the register
 * forms are the one-byte 40-4F opcodes; for x86-64, FF /0 and FF /1.  The
 * native CPU is the oracle.
 */
#include <stdint.h>
#include <stdio.h>

static const uint32_t vals[] = {0, 1, 2, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
                                0xffffffff};
#define NV (sizeof vals / sizeof vals[0])

/* r: 1 when Jcc CC is taken after SETCF (stc or clc) and OP (incl/decl) of v;
 * s: SETcc CC in the same place. */
#define ONE(CC, OP, SETCF)                                                              \
  do {                                                                                  \
    uint32_t v = vals[i], r, s;                                                         \
    __asm__ volatile(SETCF "\n\t" OP " %[v]\n\t"                                        \
                     "set" CC " %b[s]\n\t"                                              \
                     "mov $0, %[r]\n\t"                                                 \
                     SETCF "\n\t" OP " %[w]\n\t"                                        \
                     "j" CC " 1f\n\t"                                                   \
                     "jmp 2f\n"                                                         \
                     "1:\tmov $1, %[r]\n"                                               \
                     "2:"                                                               \
                     : [v] "+r"(v), [r] "=&r"(r), [s] "=&q"(s)                          \
                     : [w] "r"(vals[i])                                                 \
                     : "cc");                                                           \
    printf(" %s%s:%u%u", CC, SETCF[0] == 's' ? "+" : "-", r & 1, s & 1);              \
  } while (0)
#define ALL_CC(OP, SETCF)                                                               \
  ONE("o", OP, SETCF); ONE("no", OP, SETCF); ONE("b", OP, SETCF); ONE("ae", OP, SETCF); \
  ONE("e", OP, SETCF); ONE("ne", OP, SETCF); ONE("be", OP, SETCF); ONE("a", OP, SETCF); \
  ONE("s", OP, SETCF); ONE("ns", OP, SETCF); ONE("p", OP, SETCF); ONE("np", OP, SETCF); \
  ONE("l", OP, SETCF); ONE("ge", OP, SETCF); ONE("le", OP, SETCF); ONE("g", OP, SETCF)

int main(void) {
  for (unsigned i = 0; i < NV; i++) {
    printf("inc %08x:", vals[i]);
    ALL_CC("incl", "stc");
    ALL_CC("incl", "clc");
    printf("\ndec %08x:", vals[i]);
    ALL_CC("decl", "stc");
    ALL_CC("decl", "clc");
    printf("\n");
  }
  return 0;
}
