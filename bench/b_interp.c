/* b_interp.c — branchy code: a tiny bytecode interpreter plus an insertion/quick sort. */
#include <stdio.h>
#include <stdlib.h>

/* A register machine: r[a] op= r[b] / imm, conditional jumps. */
enum { LOADI, ADD, ADDI, XOR, SHR, JNZ, DEC, HALT };
struct ins {
  unsigned char op, a, b;
  int imm;
};

static long run(const struct ins *code, long n) {
  unsigned long r[4] = {(unsigned long)n, 0, 0, 0};
  for (int pc = 0;;) {
    const struct ins *i = &code[pc++];
    switch (i->op) {
    case LOADI: r[i->a] = i->imm; break;
    case ADD: r[i->a] += r[i->b]; break;
    case ADDI: r[i->a] += i->imm; break;
    case XOR: r[i->a] ^= r[i->b]; break;
    case SHR: r[i->a] >>= i->imm; break;
    case DEC: r[i->a]--; break;
    case JNZ:
      if (r[i->a]) pc = i->imm;
      break;
    case HALT: return (long)(r[1] & 0xffffff);
    }
  }
}

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  /* r1 += r0 ^ (r1 >> 3); r0-- until r0 == 0 */
  static const struct ins loop[] = {
      {LOADI, 1, 0, 0}, {LOADI, 3, 0, 3}, {ADD, 2, 1, 0}, {SHR, 2, 0, 3}, {XOR, 2, 0, 0},
      {ADD, 1, 2, 0},   {LOADI, 2, 0, 0}, {DEC, 0, 0, 0}, {JNZ, 0, 0, 2}, {HALT, 0, 0, 0}};
  long total = 0;
  for (int r = 0; r < reps; r++) total += run(loop, 200000);
  enum { M = 60000 };
  static int a[M];
  unsigned s = 1;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < M; i++) a[i] = (int)((s = s * 1664525 + 1013904223) >> 8);
    qsort(a, M, sizeof a[0], cmp);
    total += a[M / 2] & 0xff;
  }
  printf("%ld\n", total);
  return 0;
}
