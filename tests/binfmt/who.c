/* who.c — the binfmt test's program (tests/binfmt/binfmt.sh), built static for i386
 * and x86-64: says which CPU runs it (CPUID's brand string: "emu virtual CPU" under
 * emu) and its argv; "exit" ends it with status 7, "kill" by SIGUSR1. */
#include <cpuid.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  unsigned r[12];
  for (unsigned i = 0; i < 3; i++) __cpuid(0x80000002 + i, r[4*i], r[4*i+1], r[4*i+2], r[4*i+3]);
  char brand[49]; memcpy(brand, r, 48); brand[48] = 0;
  printf("bits %zu cpu '%s'\n", sizeof(void *) * 8, brand);
  for (int i = 0; i < argc; i++) printf("argv[%d] %s\n", i, argv[i]);
  fflush(stdout);
  if (argc > 1 && !strcmp(argv[1], "kill")) raise(SIGUSR1);
  return argc > 1 && !strcmp(argv[1], "exit") ? 7 : 0;
}
