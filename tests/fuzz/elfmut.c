/* elfmut.c — corrupt ELF files for the loader: COUNT copies of SEED_ELF, each
 * with a few mutations aimed where the kernel's binfmt_elf reads (the ELF
 * header, the program headers, PT_INTERP's string) and a few anywhere, some
 * truncated.  fuzz_ci.sh runs emu on each: a corrupt file must get the
 * kernel's errno or one clear message, a guest signal, never a crash or hang
 * of emu.  Runs on the host (it is not a guest).
 *   elfmut SEED_ELF OUT_PREFIX COUNT SEED   -> OUT_PREFIX.0 ... OUT_PREFIX.<COUNT-1>
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t rs;
static uint32_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return (uint32_t)rs;
}

/* Values that sit on the edges of the checks a loader makes. */
static uint64_t edge(size_t size) {
  static const uint64_t v[] = {0,          1,          2,          0x38,       0x40,
                               0xfff,      0x1000,     0x1001,     0x7fffffff, 0x80000000,
                               0xffffffff, 0x100000000ull, 0x7ffffffff000ull, 0xffff800000000000ull,
                               ~0ull,      ~0ull - 0xfff};
  switch (rnd() % 4) {
  case 0: return size + rnd() % 3 - 1;
  case 1: return rnd();
  default: return v[rnd() % (sizeof v / sizeof v[0])];
  }
}

static void put(unsigned char *b, size_t size, size_t off, unsigned width, uint64_t val) {
  for (unsigned i = 0; i < width && off + i < size; i++) b[off + i] = (unsigned char)(val >> 8 * i);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: elfmut SEED_ELF OUT_PREFIX COUNT SEED\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  static unsigned char seed[1 << 24];
  size_t size = fread(seed, 1, sizeof seed, f);
  fclose(f);
  if (size < sizeof(Elf32_Ehdr)) return 2;
  int count = atoi(argv[3]);
  rs = strtoull(argv[4], 0, 0) * 2654435761u + 0x9e3779b97f4a7c15ull;
  int is64 = seed[EI_CLASS] == ELFCLASS64;
  /* Where the header, the program headers and each field of them are. */
  size_t ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
  uint64_t phoff = is64 ? ((Elf64_Ehdr *)seed)->e_phoff : ((Elf32_Ehdr *)seed)->e_phoff;
  unsigned phnum = is64 ? ((Elf64_Ehdr *)seed)->e_phnum : ((Elf32_Ehdr *)seed)->e_phnum;
  size_t phent = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
  static const unsigned char f64[][2] = {{0, 4},  {4, 4},  {8, 8},  {16, 8},
                                          {24, 8}, {32, 8}, {40, 8}, {48, 8}};
  static const unsigned char f32[][2] = {{0, 4},  {4, 4},  {8, 4},  {12, 4},
                                          {16, 4}, {20, 4}, {24, 4}, {28, 4}};
  static const unsigned char e64[][2] = {{4, 1},  {5, 1},  {6, 1},  {7, 1},  {16, 2}, {18, 2},
                                          {20, 4}, {24, 8}, {32, 8}, {52, 2}, {54, 2}, {56, 2}};
  static const unsigned char e32[][2] = {{4, 1},  {5, 1},  {6, 1},  {7, 1},  {16, 2}, {18, 2},
                                          {20, 4}, {24, 4}, {28, 4}, {40, 2}, {42, 2}, {44, 2}};
  static unsigned char b[1 << 24];
  for (int n = 0; n < count; n++) {
    memcpy(b, seed, size);
    size_t len = size;
    int muts = 1 + rnd() % 4;
    for (int m = 0; m < muts; m++) {
      unsigned k = rnd() % 10;
      if (k < 4 && phnum && phoff < size) { /* a program header field */
        size_t p = phoff + (rnd() % phnum) * phent;
        const unsigned char *fd = is64 ? f64[rnd() % 8] : f32[rnd() % 8];
        put(b, len, p + fd[0], fd[1], edge(size));
      } else if (k < 6) { /* an ELF header field */
        const unsigned char *fd = is64 ? e64[rnd() % 12] : e32[rnd() % 12];
        put(b, len, fd[0], fd[1], fd[1] == 1 ? rnd() % 4 : edge(size));
      } else if (k < 8) { /* a byte of the header or the program headers */
        size_t end = phoff + (size_t)phnum * phent;
        if (end > len || end < ehsize) end = ehsize;
        b[rnd() % end] ^= (unsigned char)(1u << (rnd() % 8));
      } else if (k < 9) { /* a byte anywhere */
        b[rnd() % len] = (unsigned char)rnd();
      } else { /* cut the file short */
        len = rnd() % len;
      }
    }
    char name[4096];
    snprintf(name, sizeof name, "%s.%d", argv[2], n);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0 || write(fd, b, len) != (ssize_t)len) {
      perror(name);
      return 2;
    }
    close(fd);
  }
  return 0;
}
