# Fork trees: 2*SCALE times a binary tree of processes 6 levels deep (127
# processes), each node forking its two children, waiting for them and exiting
# with its depth; every process writes one byte to a pipe the root reads.
# Exact invariants: the root reads 127 bytes per tree, every waitpid returns
# the child's depth, and fork never fails.
. "$EMU_SRC_DIR/tests/stress/lib.sh"
cat > g.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#define DEPTH 6
static int out;
static int node(int depth) { /* returns the number of wrong child exits below */
  int wrong = 0;
  if (depth < DEPTH) {
    pid_t kid[2];
    for (int i = 0; i < 2; i++) {
      kid[i] = fork();
      if (kid[i] < 0) { perror("fork"); _exit(250); }
      if (kid[i] == 0) {
        int w = node(depth + 1);
        _exit(w ? 240 + (w > 9 ? 9 : w) : depth + 1);
      }
    }
    for (int i = 0; i < 2; i++) {
      int st;
      while (waitpid(kid[i], &st, 0) < 0)
        if (errno != EINTR) { perror("waitpid"); _exit(251); }
      if (!WIFEXITED(st) || WEXITSTATUS(st) != depth + 1) wrong++;
    }
  }
  if (write(out, "x", 1) != 1) wrong++;
  return wrong;
}
int main(int argc, char **argv) {
  long trees = 2 * (argc > 1 ? atol(argv[1]) : 1);
  long bytes = 0, wrong = 0;
  for (long t = 0; t < trees; t++) {
    int p[2];
    if (pipe(p)) return 2;
    pid_t root = fork();
    if (root == 0) {
      close(p[0]);
      out = p[1];
      _exit(node(0) ? 1 : 0);
    }
    close(p[1]);
    char buf[256];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) bytes += n;
    close(p[0]);
    int st;
    waitpid(root, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st)) wrong++;
  }
  printf("trees %ld, processes exited %ld, trees with a wrong exit %ld\n", trees, bytes, wrong);
  return 0;
}
C
build_abis g.c
check_abis 50 "trees $((2 * SCALE)), processes exited $((2 * SCALE * 127)), trees with a wrong exit 0" "$SCALE"
finish
