/* entry32_sysenter.c — system calls through the vDSO's __kernel_vsyscall (AT_SYSINFO),
 * which enters the kernel with SYSENTER: eax = number, ebx ecx edx esi edi ebp = the
 * arguments (the sixth, ebp, the kernel fetches from the user stack where the vDSO
 * pushed it).  After each call every register but eax must hold what it held before
 * (the vDSO saves and restores ecx, edx and ebp around SYSENTER), and esp too.  The
 * vDSO image (AT_SYSINFO_EHDR) must be an ELF whose dynamic symbol __kernel_vsyscall is
 * the AT_SYSINFO entry.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct regs {
  uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, flags;
};

void vcall(const struct regs *in, struct regs *out, uint32_t entry);
/* vcall(in, out, entry): load every register from *in (flags too), call entry, store
 * every register into *out.  esp in *out is relative: what esp was at the call minus
 * what it is after (0 when the callee kept the stack balanced). */
__asm__(
    ".text\n"
    ".globl vcall\n"
    "vcall:\n"
    "  push %ebp\n"
    "  push %ebx\n"
    "  push %esi\n"
    "  push %edi\n"
    "  mov 20(%esp), %eax\n"
    "  mov 24(%esp), %ecx\n"
    "  mov %ecx, vc_out\n"
    "  mov 28(%esp), %ecx\n"
    "  mov %ecx, vc_entry\n"
    "  mov %esp, vc_esp\n"
    "  pushl 32(%eax)\n"
    "  popf\n"
    "  mov 4(%eax), %ebx\n"
    "  mov 8(%eax), %ecx\n"
    "  mov 12(%eax), %edx\n"
    "  mov 16(%eax), %esi\n"
    "  mov 20(%eax), %edi\n"
    "  mov 24(%eax), %ebp\n"
    "  mov 0(%eax), %eax\n"
    "  call *vc_entry\n"
    "  mov %esp, vc_esp2\n"
    "  mov vc_esp, %esp\n"
    "  pushf\n"
    "  push %eax\n"
    "  mov vc_out, %eax\n"
    "  popl 0(%eax)\n"
    "  popl 32(%eax)\n"
    "  cld\n"
    "  mov %ebx, 4(%eax)\n"
    "  mov %ecx, 8(%eax)\n"
    "  mov %edx, 12(%eax)\n"
    "  mov %esi, 16(%eax)\n"
    "  mov %edi, 20(%eax)\n"
    "  mov %ebp, 24(%eax)\n"
    "  mov vc_esp, %ecx\n"
    "  sub vc_esp2, %ecx\n"
    "  mov %ecx, 28(%eax)\n"
    "  pop %edi\n"
    "  pop %esi\n"
    "  pop %ebx\n"
    "  pop %ebp\n"
    "  ret\n"
    ".data\n"
    "vc_out: .long 0\n"
    "vc_entry: .long 0\n"
    "vc_esp: .long 0\n"
    "vc_esp2: .long 0\n"
    ".text\n");

static uint32_t entry;
static int changed;

/* The flags user code sets and the kernel must give back: OF DF SF ZF AF PF CF. */
#define FL_USER 0xcd5u

/* call: one system call through the vDSO with the given registers; prints the result
 * (show 1: in hex, 0: its sign, 2: whether it is an address) and a line per register
 * that changed. */
static uint32_t call(const char *what, uint32_t nr, uint32_t b, uint32_t c, uint32_t d, uint32_t si,
                     uint32_t di, uint32_t bp, uint32_t fl, int show) {
  struct regs in = {nr, b, c, d, si, di, bp, 0, fl | 2}, out;
  vcall(&in, &out, entry);
  printf("%-22s", what);
  if (show == 1)
    printf(" eax=%08x", out.eax);
  else if (show == 2) /* an address: where the kernel puts mappings is not the point */
    printf(" eax %s", out.eax < 0xfffff000u && !(out.eax & 4095) ? "page aligned" : "error");
  else
    printf(" eax %s", (int32_t)out.eax > 0 ? "> 0" : "<= 0");
  printf(" flags=%03x\n", out.flags & FL_USER);
  const char *names[] = {"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"};
  const uint32_t *pi = &in.eax, *po = &out.eax;
  for (int i = 1; i < 8; i++) {
    if (pi[i] != po[i]) {
      printf("  %s changed: %08x -> %08x\n", names[i], pi[i], po[i]);
      changed++;
    }
  }
  if ((out.flags & FL_USER) != (fl & FL_USER)) {
    printf("  flags changed: %03x -> %03x\n", fl & FL_USER, out.flags & FL_USER);
    changed++;
  }
  return out.eax;
}

/* The vDSO's dynamic symbol NAME, or 0. */
static uint32_t vdso_sym(const unsigned char *base, const char *name) {
  const Elf32_Ehdr *eh = (const Elf32_Ehdr *)base;
  const Elf32_Phdr *ph = (const Elf32_Phdr *)(base + eh->e_phoff);
  uint32_t load = 0, dyn = 0;
  int have_load = 0;
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type == PT_LOAD && !have_load) {
      load = ph[i].p_vaddr - ph[i].p_offset;
      have_load = 1;
    }
    if (ph[i].p_type == PT_DYNAMIC) dyn = ph[i].p_offset;
  }
  if (!dyn) return 0;
  const Elf32_Sym *sym = 0;
  const char *str = 0;
  const uint32_t *hash = 0;
  for (const Elf32_Dyn *d = (const Elf32_Dyn *)(base + dyn); d->d_tag != DT_NULL; d++) {
    const unsigned char *p = base + (d->d_un.d_ptr - load);
    if (d->d_tag == DT_SYMTAB) sym = (const Elf32_Sym *)p;
    if (d->d_tag == DT_STRTAB) str = (const char *)p;
    if (d->d_tag == DT_HASH) hash = (const uint32_t *)p;
  }
  if (!sym || !str || !hash) return 0;
  for (uint32_t i = 0; i < hash[1]; i++)
    if (sym[i].st_name && strcmp(str + sym[i].st_name, name) == 0 && sym[i].st_shndx)
      return (uint32_t)(uintptr_t)base + sym[i].st_value - load;
  return 0;
}

int main(void) {
  entry = (uint32_t)getauxval(AT_SYSINFO);
  const unsigned char *ehdr = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
  printf("AT_SYSINFO present: %s\n", entry ? "yes" : "no");
  printf("AT_SYSINFO_EHDR present: %s\n", ehdr ? "yes" : "no");
  if (!entry || !ehdr) return 1;
  printf("vDSO is an i386 ELF: %s\n", memcmp(ehdr, ELFMAG, SELFMAG) == 0 &&
                                              ehdr[EI_CLASS] == ELFCLASS32 &&
                                              ((const Elf32_Ehdr *)ehdr)->e_machine == EM_386
                                          ? "yes"
                                          : "no");
  printf("__kernel_vsyscall == AT_SYSINFO: %s\n",
         vdso_sym(ehdr, "__kernel_vsyscall") == entry ? "yes" : "no");
  printf("__kernel_sigreturn present: %s\n", vdso_sym(ehdr, "__kernel_sigreturn") ? "yes" : "no");
  printf("__kernel_rt_sigreturn present: %s\n",
         vdso_sym(ehdr, "__kernel_rt_sigreturn") ? "yes" : "no");
  fflush(stdout);

  uint32_t pid = call("getpid", SYS_getpid, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
                      0x55555555, 0x66666666, 0xcd5, 0);
  printf("getpid matches: %s\n", pid == (uint32_t)getpid() ? "yes" : "no");
  fflush(stdout);
  static char msg[] = "[written through __kernel_vsyscall]\n";
  call("write", SYS_write, 1, (uint32_t)msg, sizeof msg - 1, 0xa5a5a5a5, 0x5a5a5a5a, 0xdeadbeef, 0,
       1);
  call("write(-1)", SYS_write, -1, (uint32_t)msg, 4, 0, 0, 0, 0x801, 1);
  call("write(1, NULL)", SYS_write, 1, 0, 4, 0, 0, 0, 0x401, 1);
  call("close(-1)", SYS_close, -1, 0x12345678, 0x9abcdef0, 1, 2, 3, 0x0c1, 1);
  call("nr 1000", 1000, 1, 2, 3, 4, 5, 6, 0x8d5, 1);
  call("nr -1", 0xffffffff, 1, 2, 3, 4, 5, 6, 0, 1);
  call("umask", SYS_umask, 022, 0, 0, 0, 0, 0, 0, 1);
  call("umask again", SYS_umask, 077, 0, 0, 0, 0, 0, 0, 1);

  /* Six arguments: mmap2 takes its page offset in ebp, which the kernel reads from the
   * user stack on the SYSENTER path. */
  int fd = open("two-pages", O_RDWR | O_CREAT | O_TRUNC, 0600);
  char page[4096];
  memset(page, 'A', sizeof page);
  if (write(fd, page, sizeof page) != sizeof page) return 2;
  memset(page, 'B', sizeof page);
  if (write(fd, page, sizeof page) != sizeof page) return 2;
  uint32_t m = call("mmap2 pgoff 1", SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 1, 0, 2);
  printf("mmap2 page 1 reads: %c\n", m < 0xfffff000u ? *(const char *)m : '?');
  uint32_t a = call("mmap2 anon", SYS_mmap2, 0, 8192, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0, 2);
  if (a < 0xfffff000u) {
    ((char *)a)[8191] = 1;
    printf("mmap2 anon writable: yes\n");
  }
  call("mmap2 bad fd", SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, 999, 0, 0, 1);
  close(fd);
  printf("registers changed: %d\n", changed);
  return changed;
}
