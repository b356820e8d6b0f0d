/* misc_setjmp.c — setjmp/longjmp across nested frames, values, and a jump out of a
 * deep recursion; sigsetjmp without signals.
 * diff-pie
 * diff-cflags: -Wno-infinite-recursion
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void recurse(int n) {
  volatile char pad[64];
  pad[0] = (char)n;
  depth_reached = n;
  if (n < 500)
    recurse(n + 1);
  else
    longjmp(env, n + pad[0]);
}

static int counter;
static void jumper(jmp_buf *b, int v) { longjmp(*b, v); }

int main(void) {
  volatile int local = 1;
  int r = setjmp(env);
  if (r == 0) {
    local = 2;
    recurse(0);
  }
  printf("longjmp from depth %d returned %d, local %d\n", depth_reached, r, local);
  jmp_buf b;
  volatile int rounds = 0;
  int v = setjmp(b);
  rounds++;
  if (v < 5) jumper(&b, v + 1);
  printf("looped through setjmp %d times, last value %d\n", rounds, v);
  jmp_buf z;
  if (setjmp(z) == 0)
    longjmp(z, 0); /* longjmp(…, 0) makes setjmp return 1 */
  else
    printf("longjmp with 0 returns 1\n");
  sigjmp_buf s;
  int sv = sigsetjmp(s, 0);
  if (!sv) siglongjmp(s, 42);
  printf("siglongjmp value %d\n", sv);
  counter = rounds;
  return counter == 6 ? 0 : 1;
}
