/* b_hello.c — start-up: a program that prints one line and exits (run.sh times many runs). */
#include <stdio.h>

int main(void) {
  puts("hello");
  return 0;
}
