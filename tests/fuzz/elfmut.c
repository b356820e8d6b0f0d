/* usage: elfmut EMU SEED_ELF SEED [N] [TIMEOUT_S] — writes N (default 200) copies of
 * SEED_ELF with bytes of its ELF header and program headers mutated (random bytes, bit
 * flips, boundary values; the random sequence from SEED), runs `EMU copy` on each in
 * the current directory (stdin /dev/null, output captured) and reports every emu
 * failure: emu itself killed by a signal that the copy run natively is not killed by
 * (a guest's abort() ends emu with SIGABRT as it ends the native run; where the host
 * cannot run the copy, SIGABRT is taken for the guest's), a sanitizer report or an
 * "emu: internal error"/"emu: fatal" line, or no exit within TIMEOUT_S (default 10;
 * the guest may just loop).  Each failing copy is kept as elfmut.SEED.I; the others are removed.
 * Exit status: 0 when nothing was reported, 1 otherwise, 2 on a usage error.
 * Build: gcc -O2 -o elfmut tests/fuzz/elfmut.c.  The mutated guests run for real under
 * emu: run it in an empty scratch directory.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng;
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ull;
}

/* The bytes worth mutating: the ELF header and the program header table. */
static size_t header_span(const unsigned char *b, size_t n) {
  if (n < sizeof(Elf32_Ehdr) || memcmp(b, ELFMAG, SELFMAG)) return n < 64 ? n : 64;
  uint64_t phoff;
  uint16_t phentsize, phnum;
  if (b[EI_CLASS] == ELFCLASS64 && n >= sizeof(Elf64_Ehdr)) {
    const Elf64_Ehdr *e = (const void *)b;
    phoff = e->e_phoff, phentsize = e->e_phentsize, phnum = e->e_phnum;
  } else {
    const Elf32_Ehdr *e = (const void *)b;
    phoff = e->e_phoff, phentsize = e->e_phentsize, phnum = e->e_phnum;
  }
  uint64_t end = phoff + (uint64_t)phentsize * phnum;
  return end <= n && end > 64 ? (size_t)end : (n < 64 ? n : 64);
}

static void mutate(unsigned char *b, size_t span) {
  static const uint8_t edge[] = {0, 1, 2, 3, 0x7f, 0x80, 0xfe, 0xff, 0x10, 0x40};
  int k = 1 + (int)(next() % 4);
  for (int i = 0; i < k; i++) {
    size_t at = (size_t)(next() % span);
    switch (next() % 4) {
    case 0: b[at] = (unsigned char)next(); break;
    case 1: b[at] ^= (unsigned char)(1u << (next() % 8)); break;
    case 2: b[at] = edge[next() % sizeof edge]; break;
    default: /* a whole word, 0 or all ones or a page multiple */
      at &= ~(size_t)3;
      if (at + 4 <= span) {
        uint32_t v = next() % 3 == 0 ? 0 : next() % 2 ? 0xffffffffu : (uint32_t)(next() % 16) << 12;
        memcpy(b + at, &v, 4);
      }
    }
  }
}

/* Run path (under emu unless emu is NULL), stderr into errpath; the wait
 * status, or -1 when it ran past timeout_s. */
static int run_one(const char *emu, const char *path, const char *errpath, int timeout_s) {
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    int in = open("/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY);
    int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(120);
    dup2(in, 0), dup2(out, 1), dup2(err, 2);
    if (emu)
      execl(emu, emu, path, (char *)NULL);
    else
      execl(path, path, (char *)NULL);
    _exit(121); /* 121: the host cannot run it */
  }
  if (pid < 0) return 0;
  int st = 0;
  struct timespec t0, now;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    pid_t w = waitpid(pid, &st, WNOHANG);
    if (w == pid) break;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - t0.tv_sec >= timeout_s) {
      kill(-pid, SIGKILL);
      waitpid(pid, &st, 0);
      return -1;
    }
    usleep(2000);
  }
  kill(-pid, SIGKILL); /* whatever the guest left behind */
  return st;
}

/* emu on path, judged against the native run; a reason, or NULL. */
static const char *check(const char *emu, const char *path, int timeout_s) {
  char errpath[64];
  snprintf(errpath, sizeof errpath, "elfmut.err.%d", (int)getpid());
  int nat = run_one(NULL, path, errpath, timeout_s);
  int st = run_one(emu, path, errpath, timeout_s);
  if (st == -1) return "timeout (emu hung, or the guest loops)";
  static char why[256];
  why[0] = 0;
  FILE *f = fopen(errpath, "r");
  char line[512];
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "AddressSanitizer") || strstr(line, "runtime error:") ||
        strstr(line, "emu: internal error") || strstr(line, "emu: fatal")) {
      snprintf(why, sizeof why, "emu reported: %.200s", line);
      break;
    }
  if (f) fclose(f);
  unlink(errpath);
  if (why[0]) return why;
  bool native_ran = nat != -1 && !(WIFEXITED(nat) && WEXITSTATUS(nat) == 121);
  bool same = native_ran && WIFSIGNALED(nat) && WTERMSIG(nat) == WTERMSIG(st);
  if (WIFSIGNALED(st) && !same && (native_ran || WTERMSIG(st) != SIGABRT)) {
    snprintf(why, sizeof why, "emu died of signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
    return why;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: elfmut EMU SEED_ELF SEED [N] [TIMEOUT_S]\n");
    return 2;
  }
  const char *emu = argv[1];
  unsigned long seed = strtoul(argv[3], NULL, 0);
  int n = argc > 4 ? atoi(argv[4]) : 200, timeout_s = argc > 5 ? atoi(argv[5]) : 10;
  int fd = open(argv[2], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) || st.st_size <= 0) {
    perror(argv[2]);
    return 2;
  }
  size_t size = (size_t)st.st_size;
  unsigned char *orig = malloc(size), *buf = malloc(size);
  if (!orig || !buf || read(fd, orig, size) != (ssize_t)size) {
    perror(argv[2]);
    return 2;
  }
  close(fd);
  size_t span = header_span(orig, size);
  rng = seed * 0x9e3779b97f4a7c15ull + 1;
  int bad = 0;
  for (int i = 0; i < n; i++) {
    memcpy(buf, orig, size);
    mutate(buf, span);
    char path[64];
    snprintf(path, sizeof path, "elfmut.%lu.%d", seed, i);
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (out < 0 || write(out, buf, size) != (ssize_t)size) {
      perror(path);
      return 2;
    }
    close(out);
    const char *why = check(emu, path, timeout_s);
    if (why) {
      printf("%s: %s\n", path, why);
      fflush(stdout);
      bad++;
    } else {
      unlink(path);
    }
  }
  printf("elfmut: seed %lu, %d copies, %d reported\n", seed, n, bad);
  return bad != 0;
}
