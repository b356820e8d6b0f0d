/* hostile_elf_load.c — ELF files a hostile guest hands execve, built here byte by
 * byte (hand-assembled code of this program's own class: x86-64, or i386 in the -m32
 * build), each run in a child: what the kernel's load_elf_binary() accepts, rejects
 * (the execve errno), or kills past its point of no return (SIGSEGV), and what the
 * program then sees.  The native run's kernel is the reference.  `write DIR` only
 * writes the files (tests/hostile/elf_corrupt.sh runs `emu FILE` on them).
 * diff-pie
 * diff-vm-mask: ^(phnum_page_plus1|phnum_64k|bss_readonly|bss_past_eof|prog_interp_exec|prog_interp_dyn|prog_interp_with_interp) .* -- Linux 6.1 limits the program
 * headers to a page, kills a read-only bss it cannot pad, runs a writable bss past the end of the
 * file, and kills the programs whose interpreter is one of these hand-built files (6.18 runs
 * them); 6.17 reads 64 KiB of headers, 6.7
 * ignores the failed padzero, emu follows the host's 6.18 (its 64-bit runs check these natively)
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __x86_64__
#define BITS 64
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
#define MACHINE   EM_X86_64
#define CLASS     ELFCLASS64
#define FAR_VADDR 0x800000000000ull /* past TASK_SIZE */
#else
#define BITS      32
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
#define MACHINE   EM_386
#define CLASS     ELFCLASS32
#define FAR_VADDR 0xfffff000ull /* at TASK_SIZE */
#endif

/* File layout: page 0 the headers, page 1 the code (then 0xAA filler), page 2
 * spare (a second header table, the interpreter's name).  Mapped at BASE. */
#define BASE  0x10000000ull
#define PG    0x1000u
#define FSIZE (3 * PG)
#define CODE  PG

static unsigned char img[2 * PG + 65536 + PG];
static size_t img_size;
static Ehdr *eh;
static Phdr *ph;

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

/* write(1, msg, len); then exit with the byte at code+touch (touch >= 0) or with 0. */
static size_t emit_code(unsigned char *b, const char *msg, long touch) {
  size_t i = 0, len = strlen(msg), fix_msg;
#ifdef __x86_64__
  static const unsigned char w1[] = {0xb8, 1, 0, 0, 0, 0xbf, 1, 0, 0, 0, 0x48, 0x8d, 0x35};
  memcpy(b, w1, sizeof w1);
  i = sizeof w1;
  fix_msg = i; /* lea msg(%rip), %rsi */
  i += 4;
  b[i++] = 0xba; /* mov $len, %edx */
  put32(b + i, (uint32_t)len);
  i += 4;
  b[i++] = 0x0f, b[i++] = 0x05;
  if (touch >= 0) { /* movzbl touch(%rip), %edi */
    b[i++] = 0x0f, b[i++] = 0xb6, b[i++] = 0x3d;
    put32(b + i, (uint32_t)(touch - (long)(i + 4)));
    i += 4;
  } else {
    b[i++] = 0x31, b[i++] = 0xff;
  }
  b[i++] = 0xb8, b[i++] = 60, b[i++] = 0, b[i++] = 0, b[i++] = 0;
  b[i++] = 0x0f, b[i++] = 0x05;
  put32(b + fix_msg, (uint32_t)(i - (fix_msg + 4)));
#else
  /* call 1f; 1: pop %esi; lea msg-1b(%esi), %ecx */
  static const unsigned char w1[] = {0xe8, 0, 0, 0, 0, 0x5e, 0x8d, 0x8e};
  memcpy(b, w1, sizeof w1);
  i = sizeof w1;
  fix_msg = i;
  i += 4;
  static const unsigned char w2[] = {0xb8, 4, 0, 0, 0, 0xbb, 1, 0, 0, 0, 0xba};
  memcpy(b + i, w2, sizeof w2);
  i += sizeof w2;
  put32(b + i, (uint32_t)len);
  i += 4;
  b[i++] = 0xcd, b[i++] = 0x80;
  if (touch >= 0) { /* movzbl touch-1b(%esi), %ebx */
    b[i++] = 0x0f, b[i++] = 0xb6, b[i++] = 0x9e;
    put32(b + i, (uint32_t)(touch - 5));
    i += 4;
  } else {
    b[i++] = 0x31, b[i++] = 0xdb;
  }
  b[i++] = 0xb8, b[i++] = 1, b[i++] = 0, b[i++] = 0, b[i++] = 0;
  b[i++] = 0xcd, b[i++] = 0x80;
  put32(b + fix_msg, (uint32_t)(i - 5));
#endif
  memcpy(b + i, msg, len);
  return i + len;
}

/* The good file: ET_EXEC, two PT_LOADs (headers R, code R+X), a PT_GNU_STACK. */
static void build(const char *msg, long touch) {
  memset(img, 0, sizeof img);
  memset(img + CODE, 0xAA, PG);
  img_size = FSIZE;
  eh = (Ehdr *)img;
  ph = (Phdr *)(img + sizeof(Ehdr));
  memcpy(eh->e_ident, ELFMAG, SELFMAG);
  eh->e_ident[EI_CLASS] = CLASS;
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_ident[EI_VERSION] = EV_CURRENT;
  eh->e_type = ET_EXEC;
  eh->e_machine = MACHINE;
  eh->e_version = EV_CURRENT;
  eh->e_entry = BASE + CODE;
  eh->e_phoff = sizeof(Ehdr);
  eh->e_ehsize = sizeof(Ehdr);
  eh->e_phentsize = sizeof(Phdr);
  eh->e_phnum = 3;
  size_t n = emit_code(img + CODE, msg, touch);
  ph[0] = (Phdr){.p_type = PT_LOAD,
                 .p_flags = PF_R,
                 .p_offset = 0,
                 .p_vaddr = BASE,
                 .p_paddr = BASE,
                 .p_filesz = PG,
                 .p_memsz = PG,
                 .p_align = PG};
  ph[1] = (Phdr){.p_type = PT_LOAD,
                 .p_flags = PF_R | PF_X,
                 .p_offset = CODE,
                 .p_vaddr = BASE + CODE,
                 .p_paddr = BASE + CODE,
                 .p_filesz = n,
                 .p_memsz = n,
                 .p_align = PG};
  ph[2] = (Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W};
}

/* A PT_INTERP (replacing ph[2]) naming name. */
static void set_interp(const char *name) {
  strcpy((char *)img + 2 * PG + 0x800, name);
  ph[2] = (Phdr){.p_type = PT_INTERP,
                 .p_flags = PF_R,
                 .p_offset = 2 * PG + 0x800,
                 .p_filesz = strlen(name) + 1,
                 .p_memsz = strlen(name) + 1,
                 .p_align = 1};
}

static void save(const char *dir, const char *name, mode_t mode) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  unlink(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0 || write(fd, img, img_size) != (ssize_t)img_size) {
    perror(path);
    exit(2);
  }
  close(fd);
  chmod(path, mode);
}

static void bad_phentsize(void) { eh->e_phentsize++; }
static void bad_type(void) { eh->e_type = ET_REL; }
static void bad_machine(void) { eh->e_machine = EM_ARM; }
static void bad_size(void) { img_size = 40; }
static const struct {
  const char *prog, *interp;
  void (*fn)(void);
} damages[] = {{"phentsize", "interp_phentsize", bad_phentsize},
               {"type_rel", "interp_rel", bad_type},
               {"machine_arm", "interp_arm", bad_machine},
               {"truncated_ehdr", "interp_short", bad_size}};

/* Every case: its file, and the good file's changes that make it. */
static void write_all(const char *d) {
  build("ok\n", -1);
  save(d, "good", 0755);
  build("ok\n", -1);
  eh->e_ident[EI_CLASS] = CLASS == ELFCLASS64 ? ELFCLASS32 : ELFCLASS64;
  save(d, "class_other", 0755);
  build("ok\n", -1);
  eh->e_ident[EI_CLASS] = 0;
  eh->e_ident[EI_DATA] = 0;
  save(d, "class0_data0", 0755);
  build("ok\n", -1);
  eh->e_ident[EI_DATA] = ELFDATA2MSB;
  save(d, "data_msb", 0755);
  build("ok\n", -1);
  eh->e_ident[EI_VERSION] = 0;
  eh->e_version = 0;
  eh->e_ident[EI_OSABI] = 0x61;
  eh->e_ehsize = 7;
  save(d, "version0_osabi", 0755);
  build("ok\n", -1);
  eh->e_phnum = 0;
  save(d, "phnum0", 0755);
  build("ok\n", -1);
  eh->e_phnum = 0xffff;
  save(d, "phnum_huge", 0755);
  /* A page of headers (6.1's bound), one more; 64 KiB (6.17's), one more. */
  static const char *const many[] = {"phnum_page", "phnum_page_plus1", "phnum_64k",
                                     "phnum_64k_plus1"};
  for (int k = 0; k < 4; k++) {
    build("ok\n", -1);
    int max = (k < 2 ? PG : 65536) / sizeof(Phdr) + (k & 1);
    memcpy(img + 2 * PG, ph, 3 * sizeof(Phdr));
    eh->e_phoff = 2 * PG;
    eh->e_phnum = max;
    img_size = 2 * PG + max * sizeof(Phdr);
    save(d, many[k], 0755);
  }
  build("ok\n", -1);
  eh->e_phoff = FSIZE - sizeof(Phdr);
  save(d, "phoff_past_eof", 0755);
  /* Header damage, to a program and to an interpreter. */
  for (size_t i = 0; i < sizeof damages / sizeof *damages; i++) {
    build("ok\n", -1);
    damages[i].fn();
    save(d, damages[i].prog, 0755);
    build("x", -1);
    damages[i].fn();
    save(d, damages[i].interp, 0755);
  }

  /* The program headers. */
  build("ok\n", -1);
  Phdr t = ph[0];
  ph[0] = ph[1], ph[1] = t;
  save(d, "load_reversed", 0755);
  build("ok\n", -1);
  ph[0].p_filesz = ph[0].p_memsz = FSIZE; /* R over everything, then R+X over the code */
  save(d, "load_overlap", 0755);
  build("ok\n", -1);
  ph[1].p_flags = PF_R;
  ph[0].p_flags = PF_R | PF_X;
  ph[0].p_filesz = ph[0].p_memsz = FSIZE; /* the later mapping takes the exec bit away */
  save(d, "load_overlap_noexec", 0755);
  build("ok\n", -1);
  ph[1].p_filesz = ph[1].p_memsz = 3 * PG; /* past the end of the file, untouched */
  save(d, "filesz_past_eof", 0755);
  build("ok\n", 2 * PG + 16); /* touches a page wholly past the end: SIGBUS */
  ph[1].p_filesz = ph[1].p_memsz = 3 * PG;
  save(d, "filesz_past_eof_touch", 0755);
  build("ok\n", 0x100); /* the rest of the last file page reads 0 (padzero) */
  ph[1].p_flags = PF_R | PF_W | PF_X;
  ph[1].p_filesz = 0x80;
  ph[1].p_memsz = 2 * PG;
  save(d, "bss_padzero", 0755);
  build("ok\n", PG + 0x100); /* the bss page beyond reads 0 */
  ph[1].p_flags = PF_R | PF_W | PF_X;
  ph[1].p_filesz = 0x80;
  ph[1].p_memsz = 2 * PG;
  save(d, "bss_anon", 0755);
  build("ok\n", 0x100); /* not writable: padzero fails, ignored; the file's 0xAA stays */
  ph[1].p_filesz = 0x80;
  ph[1].p_memsz = 2 * PG;
  save(d, "bss_readonly", 0755);
  build("ok\n", -1); /* writable bss whose last file page is past the end: EFAULT, killed */
  ph[1].p_flags = PF_R | PF_W | PF_X;
  ph[1].p_filesz = 2 * PG + 0x10;
  ph[1].p_memsz = 3 * PG;
  save(d, "bss_past_eof", 0755);
  build("ok\n", -1);
  ph[1].p_memsz = ph[1].p_filesz - 1;
  save(d, "filesz_gt_memsz", 0755);
  build("ok\n", -1);
  ph[1].p_offset += 1;
  save(d, "offset_misaligned", 0755);
  build("ok\n", -1);
  eh->e_entry = FAR_VADDR;
  save(d, "entry_far", 0755);
  build("ok\n", -1);
  ph[0].p_vaddr = FAR_VADDR;
  save(d, "vaddr_far", 0755);
  build("ok\n", -1);
  ph[1].p_memsz = ~(__typeof__(ph[1].p_memsz))0;
  save(d, "memsz_huge", 0755);
  build("ok\n", -1);
  ph[0].p_type = ph[1].p_type = PT_NULL;
  save(d, "no_load", 0755);
  build("ok\n", -1); /* a PT_PHDR the kernel does not read */
  ph[2] = (Phdr){.p_type = PT_PHDR, .p_flags = PF_R, .p_offset = 0x999, .p_vaddr = 0x999};
  save(d, "phdr_bogus", 0755);

  /* ET_DYN: a static PIE, headers in any order, a large p_align. */
  for (int v = 0; v < 3; v++) {
    build("ok\n", -1);
    eh->e_type = ET_DYN;
    eh->e_entry -= BASE;
    ph[0].p_vaddr -= BASE, ph[1].p_vaddr -= BASE;
    if (v == 1) t = ph[0], ph[0] = ph[1], ph[1] = t;
    if (v == 2) ph[0].p_align = ph[1].p_align = 0x200000;
    save(d, v == 0 ? "dyn" : v == 1 ? "dyn_reversed" : "dyn_align2m", 0755);
  }

  /* Program interpreters. */
  build("interp\n", -1);
  save(d, "interp_exec", 0755); /* an ET_EXEC interpreter at its own addresses */
  build("dyninterp\n", -1);
  eh->e_type = ET_DYN;
  eh->e_entry -= BASE;
  ph[0].p_vaddr -= BASE, ph[1].p_vaddr -= BASE;
  save(d, "interp_dyn", 0755);
  build("interp2\n", -1);
  set_interp("./nonexistent");
  save(d, "interp_with_interp", 0755); /* its own PT_INTERP is not read */
  build("x", -1);
  memcpy(img, "#!/bin/sh\n", 10);
  save(d, "interp_text", 0755);
  build("x", -1);
  save(d, "interp_noexec", 0644);
  mkdir("interp_dir", 0755);

  static const char *const interps[] = {"interp_exec",      "interp_dyn",    "interp_with_interp",
                                        "interp_text",      "interp_noexec", "interp_arm",
                                        "interp_phentsize", "interp_rel",    "interp_short",
                                        "interp_dir",       "nonexistent"};
  for (size_t i = 0; i < sizeof interps / sizeof *interps; i++) {
    char name[64], file[64];
    snprintf(name, sizeof name, "./%s", interps[i]);
    snprintf(file, sizeof file, "prog_%s", interps[i]);
    build("prog\n", -1);
    set_interp(name);
    save(d, file, 0755);
  }
  build("prog\n", -1);
  set_interp("./interp_exec");
  ph[2].p_filesz--; /* no NUL */
  save(d, "prog_interp_nonul", 0755);
  build("prog\n", -1);
  set_interp("./interp_exec");
  ph[2].p_filesz = 1;
  save(d, "prog_interpname_1byte", 0755);
  build("prog\n", -1);
  set_interp("./interp_exec");
  ph[2].p_offset = FSIZE - 4; /* a short read: EIO */
  save(d, "prog_interp_past_eof", 0755);
}

static const char *const cases[] = {"good",
                                    "class_other",
                                    "class0_data0",
                                    "data_msb",
                                    "version0_osabi",
                                    "phentsize",
                                    "phnum0",
                                    "phnum_huge",
                                    "phnum_page",
                                    "phnum_page_plus1",
                                    "phnum_64k",
                                    "phnum_64k_plus1",
                                    "phoff_past_eof",
                                    "type_rel",
                                    "machine_arm",
                                    "truncated_ehdr",
                                    "load_reversed",
                                    "load_overlap",
                                    "load_overlap_noexec",
                                    "filesz_past_eof",
                                    "filesz_past_eof_touch",
                                    "bss_padzero",
                                    "bss_anon",
                                    "bss_readonly",
                                    "bss_past_eof",
                                    "filesz_gt_memsz",
                                    "offset_misaligned",
                                    "entry_far",
                                    "vaddr_far",
                                    "memsz_huge",
                                    "no_load",
                                    "phdr_bogus",
                                    "dyn",
                                    "dyn_reversed",
                                    "dyn_align2m",
                                    "interp_exec",
                                    "prog_interp_exec",
                                    "prog_interp_dyn",
                                    "prog_interp_with_interp",
                                    "prog_interp_text",
                                    "prog_interp_noexec",
                                    "prog_interp_arm",
                                    "prog_interp_phentsize",
                                    "prog_interp_rel",
                                    "prog_interp_short",
                                    "prog_interp_dir",
                                    "prog_nonexistent",
                                    "prog_interp_nonul",
                                    "prog_interpname_1byte",
                                    "prog_interp_past_eof"};

static const char *errname(int e) {
  switch (e) {
  case ENOEXEC: return "ENOEXEC";
  case EIO: return "EIO";
  case ELIBBAD: return "ELIBBAD";
  case ENOENT: return "ENOENT";
  case EACCES: return "EACCES";
  case EINVAL: return "EINVAL";
  case ENOMEM: return "ENOMEM";
  default: return "other";
  }
}

/* Run path with argv; print its stdout and how it ended, or execve's errno. */
static void run(const char *label, const char *path, char *const argv[]) {
  int out[2], ep[2];
  if (pipe(out) || pipe2(ep, O_CLOEXEC)) exit(2);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(ep[0]);
    execv(path, argv);
    int e = errno;
    if (write(ep[1], &e, sizeof e) < 0) _exit(3);
    _exit(127);
  }
  close(out[1]);
  close(ep[1]);
  char buf[256];
  ssize_t n, k = 0;
  while (k < (ssize_t)sizeof buf - 1 && (n = read(out[0], buf + k, sizeof buf - 1 - k)) > 0) k += n;
  buf[k] = 0;
  for (ssize_t i = 0; i < k; i++)
    if (buf[i] == '\n') buf[i] = '|';
  int e = 0, st = 0;
  ssize_t ne = read(ep[0], &e, sizeof e);
  waitpid(pid, &st, 0);
  close(out[0]);
  close(ep[0]);
  if (ne == sizeof e)
    printf("%-24s execve: %s\n", label, errname(e));
  else if (WIFSIGNALED(st))
    printf("%-24s out '%s' signal %s\n", label, buf, strsignal(WTERMSIG(st)));
  else
    printf("%-24s out '%s' exit %d\n", label, buf, WEXITSTATUS(st));
}

/* AT_PHDR without PT_PHDR: this very program (static) with its PT_PHDR made
 * PT_NULL.  Static glibc finds its TLS segment through AT_PHDR. */
static __thread int tls_word = 42;
static int phdr_child(const char *self) {
  const unsigned char *at = (const unsigned char *)getauxval(AT_PHDR);
  unsigned long n = getauxval(AT_PHNUM);
  int fd = open(self, O_RDONLY);
  Ehdr e;
  static unsigned char file[PG];
  int match = fd >= 0 && pread(fd, &e, sizeof e, 0) == sizeof e && e.e_phnum == n &&
              n * sizeof(Phdr) <= sizeof file &&
              pread(fd, file, n * sizeof(Phdr), e.e_phoff) == (ssize_t)(n * sizeof(Phdr)) && at &&
              !memcmp(at, file, n * sizeof(Phdr));
  printf("child: AT_PHENT %lu, AT_PHDR %s the file's table, tls %d\n", getauxval(AT_PHENT),
         match ? "holds" : "does not hold", tls_word);
  return 0;
}

/* The stack's and a PROT_READ mapping's permissions: PT_GNU_STACK's PF_X, and
 * READ_IMPLIES_EXEC for an i386 program without PT_GNU_STACK. */
static int maps_child(void) {
  void *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512], perms[8];
  unsigned long lo, hi;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3) {
      if (strstr(line, "[stack]")) printf("stack %s ", perms);
      if (lo == (unsigned long)ro) printf("PROT_READ %s ", perms);
    }
  printf("\n");
  return 0;
}

static void patch_phdr(Phdr *p) {
  if (p->p_type == PT_PHDR) p->p_type = PT_NULL;
}
static void patch_stack_x(Phdr *p) {
  if (p->p_type == PT_GNU_STACK) p->p_flags |= PF_X;
}
static void patch_no_stack(Phdr *p) {
  if (p->p_type == PT_GNU_STACK) p->p_type = PT_NULL;
}

/* Run a copy of this program, each program header changed by patch, in
 * child mode mode.  Not with PT_INTERP: ld.so needs PT_PHDR to find a PIE. */
static void run_self(const char *self, const char *name, void (*patch)(Phdr *), char *mode) {
  int in = open(self, O_RDONLY), out = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  struct stat st;
  if (in < 0 || out < 0 || fstat(in, &st)) {
    printf("cannot copy self\n");
    return;
  }
  unsigned char *b = malloc(st.st_size);
  if (!b || read(in, b, st.st_size) != st.st_size) exit(2);
  Ehdr *e = (Ehdr *)b;
  Phdr *p = (Phdr *)(b + e->e_phoff);
  int interp = 0;
  for (int i = 0; i < e->e_phnum; i++) {
    if (p[i].p_type == PT_INTERP) interp = 1;
    patch(&p[i]);
  }
  if (write(out, b, st.st_size) != st.st_size) exit(2);
  close(out);
  close(in);
  free(b);
  if (interp) {
    printf("%s: dynamic, not run\n", name);
    return;
  }
  char path[64];
  snprintf(path, sizeof path, "./%s", name);
  char *argv[] = {path, mode, NULL};
  run(name, path, argv);
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "phdr-child")) return phdr_child("/proc/self/exe");
  if (argc == 2 && !strcmp(argv[1], "maps-child")) return maps_child();
  if (argc == 3 && !strcmp(argv[1], "write")) {
    if (chdir(argv[2])) return 2;
    write_all(".");
    return 0;
  }
  printf("%d-bit ELF files\n", BITS);
  write_all(".");
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[64];
    snprintf(path, sizeof path, "./%s", cases[i]);
    char *av[] = {path, NULL};
    run(cases[i], path, av);
  }
  run_self("/proc/self/exe", "nophdr", patch_phdr, "phdr-child");
  run_self("/proc/self/exe", "stack_x", patch_stack_x, "maps-child");
  run_self("/proc/self/exe", "no_gnu_stack", patch_no_stack, "maps-child");
  return 0;
}
