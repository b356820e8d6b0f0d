/* b_fib.c — calls and returns: naive recursive Fibonacci and Ackermann. */
#include <stdio.h>
#include <stdlib.h>

static __attribute__((noinline)) long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static __attribute__((noinline)) long ack(long m, long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  long s = 0;
  for (int r = 0; r < reps; r++) s += fib(30) + ack(2, 300 + r);
  printf("%ld\n", s);
  return 0;
}
