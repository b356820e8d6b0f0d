/* test_loader.c — the ELF loader (src/loader): rejections of corrupt files
 * (written at test time from /bin/busybox into a temp dir), a successful
 * load of real static programs, and the initial stack compared with the one
 * the host kernel builds for a helper program (run without randomisation). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "loader/loader.h"
#include "mem/mem.h"

#define BUSYBOX "/bin/busybox"

static char dir[64];
static u8 *bb; /* busybox bytes */
static size_t bbsize;

static void setup(void) {
  /* As emu_load does: the loader's copies past end-of-file fault, and
   * uaccess recovers through the host fault handler. */
  cpu_install_fault_handler();
  snprintf(dir, sizeof dir, "/tmp/emu_test_ldr_XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
  FILE *f = fopen(BUSYBOX, "rb");
  if (!f) return;
  fseek(f, 0, SEEK_END);
  bbsize = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  bb = malloc(bbsize);
  cr_assert_eq(fread(bb, 1, bbsize, f), bbsize);
  fclose(f);
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
  free(bb);
  bb = NULL;
}

static const char *write_fixture(const char *name, const void *data, size_t n) {
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(data, 1, n, f), n);
  fclose(f);
  return path;
}

/* A mutable copy of busybox; eh/ph point into it. */
static u8 *bb_copy(Elf64_Ehdr **eh, Elf64_Phdr **ph) {
  if (!bb) cr_skip_test("no " BUSYBOX);
  u8 *c = malloc(bbsize);
  memcpy(c, bb, bbsize);
  *eh = (Elf64_Ehdr *)c;
  *ph = (Elf64_Phdr *)(c + (*eh)->e_phoff);
  return c;
}

static int nth_load(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, int n) {
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD && n-- == 0) return i;
  cr_assert_fail("no PT_LOAD %d", n);
  return -1;
}

/* Probe and load must both reject with status and a message naming the file
 * and containing what. */
static void expect_reject(const char *path, int status, const char *what) {
  char err[512] = "";
  cr_assert_eq(ldr_probe(path, err, sizeof err), -status, "%s: %s", path, err);
  cr_assert_not_null(strstr(err, path), "%s", err);
  cr_assert_not_null(strstr(err, what), "want '%s' in '%s'", what, err);
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  err[0] = 0;
  cr_assert_eq(ldr_load(mm, path, &img, err, sizeof err), status);
  cr_assert_not_null(strstr(err, what), "want '%s' in '%s'", what, err);
  cr_assert_eq(mm->nvmas, 0); /* nothing mapped before the checks pass */
  mm_free(mm);
}

/* Accepted before the kernel's point of no return, then killed while
 * mapping (load_elf_binary past begin_new_exec: the process gets SIGSEGV). */
static void expect_killed(const char *path, const char *what) {
  char err[512] = "";
  cr_assert_eq(ldr_probe(path, err, sizeof err), 64, "%s: %s", path, err);
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  cr_assert_eq(ldr_load(mm, path, &img, err, sizeof err), LDR_KILLED, "%s: %s", path, err);
  cr_assert_not_null(strstr(err, path), "%s", err);
  cr_assert_not_null(strstr(err, what), "want '%s' in '%s'", what, err);
  mm_free(mm);
}

/* What the kernel loads (whatever the program then does). */
static void expect_loads(const char *path) {
  char err[512] = "";
  cr_assert_eq(ldr_probe(path, err, sizeof err), 64, "%s: %s", path, err);
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  cr_assert_eq(ldr_load(mm, path, &img, err, sizeof err), 0, "%s: %s", path, err);
  mm_free(mm);
}

TestSuite(loader, .init = setup, .fini = teardown);

Test(loader, missing_file) {
  char path[128], err[256];
  snprintf(path, sizeof path, "%s/nope", dir);
  cr_assert_eq(ldr_probe(path, err, sizeof err), -LDR_ENOENT);
  char want[256];
  snprintf(want, sizeof want, "emu: %s: No such file or directory\n", path);
  cr_assert_str_eq(err, want);
  expect_reject(path, LDR_ENOENT, "No such file");
}

Test(loader, directory) { expect_reject(dir, LDR_ENOEXEC, "Is a directory"); }

Test(loader, not_elf) {
  expect_reject(write_fixture("text", "hello world\n", 12), LDR_ENOEXEC, "not an ELF file");
  expect_reject(write_fixture("empty", "", 0), LDR_ENOEXEC, "not an ELF file");
}

Test(loader, truncated) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c = bb_copy(&eh, &ph);
  /* Headers cut short: ENOEXEC; segments past the end of the file are
   * mapped, and the bss page the kernel must clear there is not there. */
  expect_reject(write_fixture("t40", c, 40), LDR_ENOEXEC, "bad program headers");
  expect_reject(write_fixture("t100", c, 100), LDR_ENOEXEC, "bad program headers");
  expect_killed(write_fixture("t4096", c, 4096), "cannot map segment");
  free(c);
}

/* e_machine picks the binfmt; the class and data bytes are not read. */
Test(loader, machine_decides_class_endian_ignored_type) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c = bb_copy(&eh, &ph);
  eh->e_machine = EM_ARM;
  expect_reject(write_fixture("arm", c, bbsize), LDR_ENOEXEC, "not an x86-64 (62) or i386 (3)");
  eh->e_machine = EM_X86_64;
  eh->e_ident[EI_CLASS] = ELFCLASS32;
  expect_loads(write_fixture("class", c, bbsize));
  eh->e_ident[EI_CLASS] = ELFCLASS64;
  eh->e_ident[EI_DATA] = ELFDATA2MSB;
  expect_loads(write_fixture("be", c, bbsize));
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_type = ET_REL;
  expect_reject(write_fixture("rel", c, bbsize), LDR_ENOEXEC, "not an executable");
  free(c);
}

Test(loader, interp_bad_header) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c = bb_copy(&eh, &ph);
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_GNU_STACK) ph[i].p_type = PT_INTERP; /* an empty name */
  expect_reject(write_fixture("interp", c, bbsize), LDR_ENOEXEC, "bad PT_INTERP size");
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_INTERP) {
      ph[i].p_offset = bbsize - 4; /* runs out of the file */
      ph[i].p_filesz = 8;
    }
  expect_reject(write_fixture("interp2", c, bbsize), LDR_ENOEXEC,
                "cannot read the program interpreter's name");
  free(c);
}

/* busybox with a PT_INTERP naming interp (appended to the file): the
 * interpreter is opened and checked before the point of no return, so the
 * probe and the load both fail with status and one line naming the program
 * and containing what. */
static void expect_interp_fails(const char *name, const char *interp, int status,
                                const char *what) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c0 = bb_copy(&eh, &ph);
  /* The name with its NUL, at least 2 bytes (the kernel's smallest PT_INTERP). */
  size_t n = strlen(interp) + 1 < 2 ? 2 : strlen(interp) + 1, size = bbsize + n;
  u8 *c = realloc(c0, size);
  cr_assert_not_null(c);
  eh = (Elf64_Ehdr *)c;
  ph = (Elf64_Phdr *)(c + eh->e_phoff);
  memset(c + bbsize, 0, n);
  memcpy(c + bbsize, interp, strlen(interp));
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_GNU_STACK) {
      ph[i].p_type = PT_INTERP;
      ph[i].p_offset = bbsize;
      ph[i].p_filesz = n;
    }
  char path[128], err[512] = "";
  snprintf(path, sizeof path, "%s", write_fixture(name, c, size));
  cr_assert_eq(ldr_probe(path, err, sizeof err), -status, "%s", err);
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  cr_assert_eq(ldr_load(mm, path, &img, err, sizeof err), status, "%s", err);
  cr_assert_not_null(strstr(err, path), "%s", err);
  cr_assert_not_null(strstr(err, "program interpreter"), "%s", err);
  cr_assert_not_null(strstr(err, what), "want '%s' in '%s'", what, err);
  cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "one line: %s", err);
  mm_free(mm);
  free(c);
}

Test(loader, interp_missing) {
  char missing[128];
  snprintf(missing, sizeof missing, "%s/no-such-ld.so", dir);
  expect_interp_fails("dyn_missing", missing, LDR_ENOENT, "No such file or directory");
}

/* open_exec("") resolves the empty name to the current directory (the
 * kernel's getname_kernel() does not refuse it, as getname() does a user's):
 * not a regular file, EACCES, where a lookup would say ENOENT.  A corrupt
 * file found it (tests/fuzz/fuzz_long.sh). */
Test(loader, interp_empty_name) {
  expect_interp_fails("dyn_empty", "", LDR_ENOEXEC, "Permission denied");
}

Test(loader, interp_not_elf) {
  char text[128], longer[128], page[200];
  snprintf(text, sizeof text, "%s", write_fixture("ld.txt", "hello\n", 6));
  /* open_exec() wants it executable (EACCES), its ELF header whole (a
   * short read is EIO), and then an ELF of the class (ELIBBAD). */
  expect_interp_fails("dyn_text", text, LDR_ENOEXEC, "Permission denied");
  cr_assert_eq(chmod(text, 0755), 0);
  expect_interp_fails("dyn_text2", text, LDR_ENOEXEC, "Input/output error");
  memset(page, 'x', sizeof page);
  snprintf(longer, sizeof longer, "%s", write_fixture("ld2.txt", page, sizeof page));
  cr_assert_eq(chmod(longer, 0755), 0);
  expect_interp_fails("dyn_text3", longer, LDR_ENOEXEC, "is not a x86-64 ELF file");
}

/* A dynamic program: the program where a PIE goes, its interpreter where an
 * mmap lands, the process starting in the interpreter with AT_BASE/AT_ENTRY
 * telling it where both are. */
Test(loader, dynamic, .timeout = 60) {
  char src[128], exe[128], cmd[512];
  snprintf(src, sizeof src, "%s/d.c", dir);
  snprintf(exe, sizeof exe, "%s/dyn", dir);
  FILE *f = fopen(src, "w");
  fputs("int main(void) { return 0; }\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "gcc -pie -fPIE -O1 %s -o %s 2>/dev/null", src, exe);
  if (system(cmd) != 0) cr_skip_test("cannot build a dynamic PIE");
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  char err[512];
  cr_assert_eq(ldr_load(mm, exe, &img, err, sizeof err), 0, "%s", err);
  Elf64_Ehdr eh;
  int fd = open(exe, O_RDONLY);
  cr_assert_eq(read(fd, &eh, sizeof eh), (ssize_t)sizeof eh);
  close(fd);
  cr_assert_eq(img.load_bias, 0x155555554000ull);
  cr_assert_eq(img.prog_entry, img.load_bias + eh.e_entry);
  cr_assert_neq(img.interp_base, 0);
  cr_assert_eq(img.interp_base % PAGE_SIZE, 0);
  /* the interpreter's own ELF header at AT_BASE, its entry where we start */
  Elf64_Ehdr ih;
  cr_assert_eq(copy_from_user(mm, &ih, img.interp_base, sizeof ih), 0);
  cr_assert_eq(memcmp(ih.e_ident, ELFMAG, SELFMAG), 0);
  cr_assert_eq(ih.e_type, ET_DYN);
  cr_assert_eq(img.entry, img.interp_base + ih.e_entry);
  cr_assert_not_null(mm_find(mm, img.entry));
  cr_assert_not_null(mm_find(mm, img.prog_entry));
  /* the break follows the program, not the interpreter */
  cr_assert_lt(img.brk, img.interp_base);
  cr_assert_eq(mm->brk_start, img.brk);
  mm_free(mm);
}

Test(loader, segment_rules) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c = bb_copy(&eh, &ph);
  int l1 = nth_load(eh, ph, 1), l2 = nth_load(eh, ph, 2);
  Elf64_Phdr save = ph[l2];
  ph[l2].p_vaddr = ph[l1].p_vaddr; /* overlaps */
  ph[l2].p_offset = ph[l1].p_offset;
  /* The kernel checks segments only while it maps them, past the point of
   * no return (the process dies of SIGSEGV); a later segment over an
   * earlier one is mapped over it. */
  expect_loads(write_fixture("overlap", c, bbsize));
  ph[l2] = save;
  ph[l2].p_filesz = ph[l2].p_memsz = 0x7fffffffffffull; /* out of the file */
  expect_killed(write_fixture("outfile", c, bbsize), "cannot map segment");
  ph[l2] = save;
  ph[l2].p_offset = ~0ull - 10; /* offset + filesz overflows */
  expect_killed(write_fixture("ovf", c, bbsize), "cannot map segment");
  ph[l2] = save;
  ph[l2].p_filesz = ph[l2].p_memsz + 1;
  expect_killed(write_fixture("fsz", c, bbsize), "lies outside the address space");
  ph[l2] = save;
  ph[l2].p_offset += 1;
  expect_killed(write_fixture("align", c, bbsize), "cannot map segment");
  ph[l2] = save;
  ph[l2].p_memsz = ~0ull - ph[l2].p_vaddr + 2; /* vaddr + memsz wraps */
  expect_killed(write_fixture("wrap", c, bbsize), "cannot map segment");
  ph[l2] = save;
  int last = nth_load(eh, ph, 3);
  ph[last].p_vaddr += 0x7f0000000000ull; /* beyond the window */
  expect_killed(write_fixture("window", c, bbsize), "cannot map segment");
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD) ph[i].p_type = PT_NULL;
  expect_loads(write_fixture("noload", c, bbsize)); /* and dies at its entry */
  free(c);
}

Test(loader, program_header_table) {
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  u8 *c = bb_copy(&eh, &ph);
  u16 n = eh->e_phnum;
  eh->e_phnum = 0xffff;
  expect_reject(write_fixture("phnum", c, bbsize), LDR_ENOEXEC, "bad program headers");
  eh->e_phnum = 0;
  expect_reject(write_fixture("phnum0", c, bbsize), LDR_ENOEXEC, "bad program headers");
  eh->e_phnum = n;
  eh->e_phoff = bbsize - 8;
  expect_reject(write_fixture("phoff", c, bbsize), LDR_ENOEXEC, "bad program headers");
  eh->e_phoff = ~0ull - 100;
  expect_reject(write_fixture("phoff2", c, bbsize), LDR_ENOEXEC, "bad program headers");
  eh->e_phoff = 64;
  eh->e_phentsize = 32;
  expect_reject(write_fixture("phent", c, bbsize), LDR_ENOEXEC, "bad program headers");
  free(c);
}

/* Random corruption of the headers: never a crash, hang or leak. */
Test(loader, fuzz_headers) {
  if (!bb) cr_skip_test("no " BUSYBOX);
  size_t n = 4096 < bbsize ? 4096 : bbsize;
  u8 *c = malloc(bbsize);
  srand(1234);
  for (int round = 0; round < 300; round++) {
    memcpy(c, bb, bbsize);
    int flips = 1 + rand() % 8;
    for (int k = 0; k < flips; k++) {
      size_t at = (size_t)rand() % (64 + 10 * 56);
      c[at] = (u8)rand();
    }
    size_t len = rand() % 4 ? bbsize : (size_t)rand() % n;
    const char *path = write_fixture("fuzz", c, len);
    char err[512];
    int r = ldr_probe(path, err, sizeof err);
    cr_assert(r == 64 || r == 32 || r == -LDR_ENOEXEC || r == -LDR_ENOENT, "round %d: %d", round,
              r);
    if (r == 64) {
      struct mm *mm = mm_new(64);
      struct ldr_image img = {0};
      int s = ldr_load(mm, path, &img, err, sizeof err);
      cr_assert(s == 0 || s == LDR_ENOEXEC || s == LDR_ENOENT || s == LDR_KILLED, "round %d: %d",
                round, s);
      mm_free(mm);
    }
  }
  free(c);
}

/* ---- successful loads ---- */

Test(loader, busybox) {
  if (!bb) cr_skip_test("no " BUSYBOX);
  char err[512] = "";
  cr_assert_eq(ldr_probe(BUSYBOX, err, sizeof err), 64, "%s", err);
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  cr_assert_eq(ldr_load(mm, BUSYBOX, &img, err, sizeof err), 0, "%s", err);
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)bb;
  const Elf64_Phdr *ph = (const Elf64_Phdr *)(bb + eh->e_phoff);
  cr_assert_eq(img.bits, 64);
  cr_assert_eq(img.entry, eh->e_entry);
  cr_assert_eq(img.load_bias, 0);
  cr_assert_eq(img.phent, 56);
  cr_assert_eq(img.phnum, eh->e_phnum);
  /* AT_PHDR: the program headers as mapped */
  cr_assert_eq(memcmp(mm->base + img.phdr, ph, eh->e_phnum * sizeof *ph), 0);
  u64 end = 0;
  for (int i = 0; i < eh->e_phnum; i++) {
    const Elf64_Phdr *p = &ph[i];
    if (p->p_type != PT_LOAD) continue;
    cr_assert_eq(memcmp(mm->base + p->p_vaddr, bb + p->p_offset, p->p_filesz), 0, "seg %d", i);
    for (u64 a = p->p_vaddr + p->p_filesz; a < PAGE_UP(p->p_vaddr + p->p_memsz); a++)
      if ((p->p_flags & PF_W) || a >= PAGE_UP(p->p_vaddr + p->p_filesz))
        cr_assert_eq(mm->base[a], 0, "bss byte %#llx", (unsigned long long)a);
    const struct vma *v = mm_find(mm, p->p_vaddr);
    cr_assert_not_null(v);
    int prot = (p->p_flags & PF_R ? MM_READ : 0) | (p->p_flags & PF_W ? MM_WRITE : 0) |
               (p->p_flags & PF_X ? MM_EXEC : 0);
    cr_assert_eq(v->prot, prot, "seg %d prot", i);
    if (p->p_vaddr + p->p_memsz > end) end = p->p_vaddr + p->p_memsz;
  }
  cr_assert_eq(img.brk, PAGE_UP(end));
  cr_assert_eq(mm->brk_start, img.brk);
  cr_assert_eq(mm->brk, img.brk);
  char real[PATH_MAX];
  cr_assert_not_null(realpath(BUSYBOX, real)); /* maps shows the resolved path */
  cr_assert_str_eq(mm_find(mm, img.entry)->name, real);

  char *argv[] = {"busybox", "echo", "hi", NULL};
  char *envp[] = {"A=1", NULL};
  cr_assert_eq(ldr_build_stack(mm, &img, 3, argv, envp, BUSYBOX), 0);
  cr_assert_eq(img.sp % 16, 0);
  u64 w;
  cr_assert_eq(copy_from_user(mm, &w, img.sp, 8), 0);
  cr_assert_eq(w, 3);
  cr_assert_str_eq(mm_find(mm, img.sp)->name, "[stack]");
  cr_assert_eq(img.auxv[2 * (img.nauxv - 1)], AT_NULL);
  mm_free(mm);
}

/* ---- the initial stack against the kernel's ----
 * probes/stack_helper.c, built static as stack_helper64 and stack_helper32, prints
 * the stack the kernel built for it; probes/stack_probe.sh runs it the one way these
 * tests build emu's (argv, environment, no randomisation).  Where the host cannot run
 * i386 programs, ctest gives the test EMU_ORACLE_REF and the i386 helper's output comes
 * from the oracle VM's record (tests/oracle/README.md). */

struct layout {
  u64 sp, argv[8], envp[8], aux[64][2];
  int argc, envc, naux;
};

static void parse_layout(FILE *f, struct layout *l) {
  memset(l, 0, sizeof *l);
  char what[16];
  unsigned long a, b;
  char line[128];
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "aux %lu %lx", &a, &b) == 2) {
      l->aux[l->naux][0] = a;
      l->aux[l->naux++][1] = b;
    } else if (sscanf(line, "%15s %lx", what, &a) == 2) {
      if (!strcmp(what, "sp")) l->sp = a;
      if (!strcmp(what, "argv")) l->argv[l->argc++] = a;
      if (!strcmp(what, "envp")) l->envp[l->envc++] = a;
    }
  }
}

static u64 aux_get(const struct layout *l, u64 key) {
  for (int i = 0; i < l->naux; i++)
    if (l->aux[i][0] == key) return l->aux[i][1];
  return ~0ull;
}

static bool omitted(u64 key) { /* entries emu does not provide yet */
  return key == AT_SYSINFO_EHDR || key == AT_SYSINFO || key == 27 /* AT_RSEQ_FEATURE_SIZE */ ||
         key == 28 /* AT_RSEQ_ALIGN */ || key == 29 || key == 30 /* AT_HWCAP3/4 */;
}

static void stack_vs_kernel(int bits) {
  char exe[512], cmd[1200];
  snprintf(exe, sizeof exe, "%s/stack_helper%d", PROBE_DIR, bits);
  cr_assert_eq(access(exe, X_OK), 0, "%s was not built", exe);
  char *argv[] = {exe, "one", "two words", "", NULL};
  char *envp[] = {"A=1", "LONGER_NAME=some value", NULL};
  const char *ref = getenv("EMU_ORACLE_REF");
  FILE *in;
  if (bits == 32 && ref && *ref) {
    snprintf(cmd, sizeof cmd, "%s/stack.out", ref);
    in = fopen(cmd, "r");
    cr_assert_not_null(in, "the oracle VM recorded no %s (see the test oracle.vm)", cmd);
  } else {
    snprintf(cmd, sizeof cmd, "bash %s/probes/stack_probe.sh %s", UNIT_SRC_DIR, exe);
    in = popen(cmd, "r");
    cr_assert_not_null(in);
  }
  struct layout nat, emu = {0};
  parse_layout(in, &nat);
  int st = bits == 32 && ref && *ref ? fclose(in) : pclose(in);
  cr_assert_eq(st, 0, "%s ended with status %d", cmd, st);
  if (aux_get(&nat, AT_RANDOM) > 0xffffffffull && bits == 32) cr_skip_test("odd host");

  struct mm *mm = mm_new(bits);
  struct ldr_image img = {0};
  char err[512];
  cr_assert_eq(ldr_load(mm, exe, &img, err, sizeof err), 0, "%s", err);
  cr_assert_eq(ldr_build_stack(mm, &img, 4, argv, envp, exe), 0);
  /* read back our stack as the helper would print it */
  int word = bits / 8;
  u64 sp = img.sp, v = 0;
  emu.sp = sp;
  cr_assert_eq(copy_from_user(mm, &v, sp, word), 0);
  cr_assert_eq(v, 4);
  for (int i = 0; i < 4; i++)
    cr_assert_eq(copy_from_user(mm, &emu.argv[i], sp + (1 + i) * word, word), 0);
  u64 at = sp + 6 * word;
  for (;; at += word) {
    v = 0;
    cr_assert_eq(copy_from_user(mm, &v, at, word), 0);
    if (!v) break;
    emu.envp[emu.envc++] = v;
  }
  for (at += word;; at += 2 * word) {
    u64 k = 0, val = 0;
    cr_assert_eq(copy_from_user(mm, &k, at, word), 0);
    cr_assert_eq(copy_from_user(mm, &val, at + word, word), 0);
    emu.aux[emu.naux][0] = k;
    emu.aux[emu.naux++][1] = val;
    if (!k) break;
  }

  /* The strings: the same offsets from the top of the stack. */
  const char *execfn = exe;
  u64 ntop = aux_get(&nat, AT_EXECFN) + strlen(execfn) + 1 + 8;
  u64 etop = mm->stack_top;
  cr_assert_eq(aux_get(&emu, AT_EXECFN) + strlen(execfn) + 1 + 8, etop);
  cr_assert_eq(nat.envc, 2);
  for (int i = 0; i < 4; i++) cr_assert_eq(ntop - nat.argv[i], etop - emu.argv[i], "argv %d", i);
  for (int i = 0; i < 2; i++) cr_assert_eq(ntop - nat.envp[i], etop - emu.envp[i], "envp %d", i);
  cr_assert_eq(ntop - aux_get(&nat, AT_PLATFORM), etop - aux_get(&emu, AT_PLATFORM));
  cr_assert_eq(ntop - aux_get(&nat, AT_RANDOM), etop - aux_get(&emu, AT_RANDOM));
  char plat[16] = "";
  cr_assert_eq(strncpy_from_user(mm, plat, aux_get(&emu, AT_PLATFORM), sizeof plat),
               bits == 32 ? 4 : 6);
  cr_assert_str_eq(plat, bits == 32 ? "i686" : "x86_64");

  /* auxv: the kernel's order and values, less the entries emu omits */
  int j = 0;
  for (int i = 0; i < nat.naux; i++) {
    u64 k = nat.aux[i][0], nv = nat.aux[i][1];
    if (omitted(k)) continue;
    cr_assert_lt(j, emu.naux);
    cr_assert_eq(emu.aux[j][0], k, "auxv %d: key %llu, kernel %llu", j,
                 (unsigned long long)emu.aux[j][0], (unsigned long long)k);
    u64 ev = emu.aux[j][1];
    switch (k) {
    case AT_HWCAP:
    case AT_HWCAP2:
    case AT_MINSIGSTKSZ: break; /* set by the caller / CPU */
    case AT_RANDOM:
    case AT_EXECFN:
    case AT_PLATFORM: break; /* checked above */
    default:
      cr_assert_eq(ev, nv, "auxv key %llu: emu %#llx, kernel %#llx", (unsigned long long)k,
                   (unsigned long long)ev, (unsigned long long)nv);
    }
    cr_assert_eq(img.auxv[2 * j], k);
    j++;
  }
  cr_assert_eq(j, emu.naux);
  cr_assert_eq(img.nauxv, emu.naux);

  /* sp: 16-byte aligned, the tables right under AT_RANDOM (padding < 16) */
  u64 items = 4 + 1 + 2 + 1 + 1;
  cr_assert_eq(emu.sp % 16, 0);
  cr_assert_eq(nat.sp % 16, 0);
  u64 ngap = aux_get(&nat, AT_RANDOM) - (nat.sp + (items + 2 * nat.naux) * word);
  u64 egap = aux_get(&emu, AT_RANDOM) - (emu.sp + (items + 2 * emu.naux) * word);
  cr_assert_lt(ngap, 16);
  cr_assert_lt(egap, 16);
  mm_free(mm);
}

Test(loader, stack_matches_kernel_64, .timeout = 60) { stack_vs_kernel(64); }
Test(loader, stack_matches_kernel_32, .timeout = 60) { stack_vs_kernel(32); }

Test(loader, static_pie, .timeout = 60) {
  char src[128], exe[128], cmd[512];
  snprintf(src, sizeof src, "%s/p.c", dir);
  snprintf(exe, sizeof exe, "%s/pie", dir);
  FILE *f = fopen(src, "w");
  fputs("int main(void) { return 0; }\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "gcc -static-pie -O1 %s -o %s 2>/dev/null", src, exe);
  if (system(cmd) != 0) cr_skip_test("cannot build a static PIE");
  struct mm *mm = mm_new(64);
  struct ldr_image img = {0};
  char err[512];
  cr_assert_eq(ldr_load(mm, exe, &img, err, sizeof err), 0, "%s", err);
  /* No interpreter: load_bias 0, so where mmap puts it (top down, above
   * ELF_ET_DYN_BASE), and the break moved to ELF_ET_DYN_BASE. */
  cr_assert_eq(img.load_bias % PAGE_SIZE, 0);
  cr_assert_gt(img.load_bias, 0x155555554000ull);
  cr_assert_eq(img.brk, 0x155555554000ull);
  cr_assert_eq(mm->brk_start, img.brk);
  Elf64_Ehdr eh;
  int fd = open(exe, O_RDONLY);
  cr_assert_eq(read(fd, &eh, sizeof eh), (ssize_t)sizeof eh);
  close(fd);
  cr_assert_eq(eh.e_type, ET_DYN);
  cr_assert_eq(img.entry, img.load_bias + eh.e_entry);
  cr_assert_not_null(mm_find(mm, img.entry));
  cr_assert_eq(memcmp(mm->base + img.load_bias, "\177ELF", 4), 0);
  mm_free(mm);
}

Test(loader, class_mismatch) {
  if (!bb) cr_skip_test("no " BUSYBOX);
  struct mm *mm = mm_new(32);
  struct ldr_image img = {0};
  char err[512];
  cr_assert_eq(ldr_load(mm, BUSYBOX, &img, err, sizeof err), LDR_ENOEXEC);
  mm_free(mm);
}
