/* stack_helper.c — prints the initial stack the kernel built for it (the address of
 * argc, each argv and envp string, every auxv pair), for test_loader.c's
 * stack_matches_kernel tests.  Built static by CMake as stack_helper64 and
 * stack_helper32 and run by stack_probe.sh without address randomisation. */
#include <stdint.h>
#include <stdio.h>
int main(int argc, char **argv, char **envp) {
  printf("sp %lx\n", (unsigned long)(uintptr_t)(argv - 1));
  for (int i = 0; i < argc; i++) printf("argv %lx\n", (unsigned long)(uintptr_t)argv[i]);
  char **e = envp;
  for (; *e; e++) printf("envp %lx\n", (unsigned long)(uintptr_t)*e);
  for (uintptr_t *a = (uintptr_t *)(e + 1);; a += 2) {
    printf("aux %lu %lx\n", (unsigned long)a[0], (unsigned long)a[1]);
    if (!a[0]) break;
  }
  return 0;
}
