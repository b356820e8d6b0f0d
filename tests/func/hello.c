/* hello.c — the shell battery's external helper (shell_fixtures.sh copies it into each
 * scratch directory as bin/hello64 and bin/hello32): prints its word size and
 * arguments, exits with $HELLO_EXIT. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  printf("hello from %d-bit:", (int)(sizeof(void *) * 8));
  for (int i = 1; i < argc; i++) printf(" <%s>", argv[i]);
  printf("\n");
  const char *e = getenv("HELLO_EXIT");
  return e ? atoi(e) : 0;
}
