/* alu_bcd.c — the i386 decimal adjusts DAA DAS AAA AAS AAM AAD over every AL
 * (and AH for AAD/AAA/AAS) with each AF/CF input, printing results and the
 * flags the SDM defines for each (DAA/DAS: OF undefined; AAA/AAS: only AF and
 * CF defined; AAM/AAD: OF, AF, CF undefined).  A hash per instruction keeps
 * the output short; the first rows are printed in full.
 * diff-only: gcc32
 */
#include <stdint.h>
#include <stdio.h>

#define CF 0x001u
#define PF 0x004u
#define AF 0x010u
#define ZF 0x040u
#define SF 0x080u
#define OF 0x800u

static uint32_t run(int which, uint32_t eax, uint32_t flags, uint32_t *fout) {
  uint32_t f = flags | 0x202;
  switch (which) {
  case 0:
    __asm__ volatile("push %1; popf; daa; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 1:
    __asm__ volatile("push %1; popf; das; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 2:
    __asm__ volatile("push %1; popf; aaa; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 3:
    __asm__ volatile("push %1; popf; aas; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 4:
    __asm__ volatile("push %1; popf; aam; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 5:
    __asm__ volatile("push %1; popf; aad; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  case 6:
    __asm__ volatile("push %1; popf; aam $7; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  default:
    __asm__ volatile("push %1; popf; aad $16; pushf; pop %1" : "+a"(eax), "+r"(f) : : "cc");
    break;
  }
  *fout = f;
  return eax;
}

int main(void) {
  static const char *names[] = {"daa", "das", "aaa", "aas", "aam", "aad", "aam7", "aad16"};
  static const uint32_t defined[] = {
      CF | PF | AF | ZF | SF, CF | PF | AF | ZF | SF, AF | CF,      AF | CF,
      SF | ZF | PF,           SF | ZF | PF,           SF | ZF | PF, SF | ZF | PF};
  for (int w = 0; w < 8; w++) {
    uint32_t h = 2166136261u;
    for (uint32_t ah = 0; ah < 256; ah += (w == 0 || w == 1 || w == 4 || w == 6) ? 256 : 1)
      for (uint32_t al = 0; al < 256; al++)
        for (uint32_t fin = 0; fin < 4; fin++) {
          uint32_t f, in = 0x12340000u | ah << 8 | al;
          uint32_t out = run(w, in, (fin & 1 ? CF : 0) | (fin & 2 ? AF : 0), &f);
          f &= defined[w];
          if (ah == 0 && al < 3 && fin == 3) printf("%s %08x -> %08x %03x\n", names[w], in, out, f);
          h = (h ^ out) * 16777619u;
          h = (h ^ f) * 16777619u;
        }
    printf("%s hash %08x\n", names[w], h);
  }
  return 0;
}
