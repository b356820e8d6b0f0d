/* elf.c — validate an i386 or x86-64 ELF with libelf (gelf) and map its
 * PT_LOAD segments into a fresh address space.  Mirrors linux
 * fs/binfmt_elf.c load_elf_binary() / elf_load() / elf_map(): each segment's
 * file pages are a private file mapping, the tail of the last file page is
 * zeroed (padzero) and the rest of the bss is anonymous memory; a PIE (ET_DYN)
 * gets a fixed load bias.  A dynamic program's PT_INTERP names its program
 * interpreter (ld.so), which load_elf_interp() maps where mmap would put it
 * and which the process then starts in (AT_BASE, AT_ENTRY tell it the rest).
 *
 * Every check happens before anything is mapped, so a hostile file gets one
 * clear message (naming the file and the problem, ending in a newline) and exit status 126 (127
 * when it does not exist), never a crash.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "../mem/mem.h"

#define LDR_BIAS64   0x155555554000ull /* 2/3 of the 64-bit window, as ELF_ET_DYN_BASE */
#define LDR_BIAS32   0x56555000ull     /* Linux's i386 ELF_ET_DYN_BASE without ASLR */
#define LDR_TASK32   0xffffe000ull     /* compat TASK_SIZE */
#define LDR_MAXPHDRS 65536u            /* load_elf_phdrs(): at most 64 KiB of headers */

/* What the checks learn about a file. */
struct elf_info {
  int fd;
  Elf *elf;
  int bits;
  GElf_Ehdr eh;
  GElf_Phdr *ph;
  size_t phnum;
  u64 fsize;
};

static int ldr_fail(char *err, size_t errsize, int status, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int ldr_fail(char *err, size_t errsize, int status, const char *path, const char *fmt, ...) {
  if (err && errsize) {
    int n = snprintf(err, errsize, "emu: %s: ", path);
    if (n >= 0 && (size_t)n < errsize) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(err + n, errsize - n, fmt, ap);
      va_end(ap);
      size_t len = strlen(err); /* one line, newline-terminated, as emu.c's own */
      if (len + 1 < errsize) {
        err[len] = '\n';
        err[len + 1] = 0;
      }
    }
  }
  return status;
}

static void info_close(struct elf_info *in) {
  free(in->ph);
  in->ph = NULL;
  if (in->elf) elf_end(in->elf);
  in->elf = NULL;
  if (in->fd >= 0) close(in->fd);
  in->fd = -1;
}

static u64 task_size(int bits) { return bits == 32 ? LDR_TASK32 : MM_WINDOW64; }
static u64 load_bias_for(const struct elf_info *in) {
  if (in->eh.e_type != ET_DYN) return 0;
  for (size_t i = 0; i < in->phnum; i++)
    if (in->ph[i].p_type == PT_LOAD)
      return PAGE_DOWN((in->bits == 64 ? LDR_BIAS64 : LDR_BIAS32) - in->ph[i].p_vaddr);
  return 0;
}

/* Check the program headers: the PT_LOAD rules of the brief and the kernel. */
static int check_phdrs(struct elf_info *in, const char *path, char *err, size_t errsize) {
  const int bad = LDR_ENOEXEC;
  size_t nload = 0;
  u64 prev_end = 0;
  u64 bias = load_bias_for(in), tsz = task_size(in->bits);
  for (size_t i = 0; i < in->phnum; i++) {
    const GElf_Phdr *p = &in->ph[i];
    if (p->p_type == PT_INTERP &&
        (p->p_filesz < 2 || p->p_filesz > PATH_MAX || p->p_offset > in->fsize ||
         p->p_filesz > in->fsize - p->p_offset))
      return ldr_fail(err, errsize, bad, path, "bad program interpreter (PT_INTERP)");
    if (p->p_type != PT_LOAD) continue;
    if (p->p_filesz > p->p_memsz)
      return ldr_fail(err, errsize, bad, path, "segment %zu: file size exceeds memory size", i);
    if (p->p_offset > in->fsize || p->p_filesz > in->fsize - p->p_offset)
      return ldr_fail(err, errsize, bad, path, "segment %zu lies outside the file", i);
    if ((p->p_offset - p->p_vaddr) & (PAGE_SIZE - 1))
      return ldr_fail(err, errsize, bad, path,
                      "segment %zu: offset and address differ modulo the page size", i);
    u64 end = p->p_vaddr + p->p_memsz;
    if (end < p->p_vaddr || bias + end < end || bias + end > tsz)
      return ldr_fail(err, errsize, bad, path, "segment %zu lies outside the address space", i);
    if (nload && p->p_vaddr < prev_end)
      return ldr_fail(err, errsize, bad, path, "segment %zu overlaps the one before it", i);
    prev_end = end;
    nload++;
  }
  if (!nload) return ldr_fail(err, errsize, bad, path, "no loadable segments");
  if (in->eh.e_entry + bias < in->eh.e_entry || in->eh.e_entry + bias >= tsz)
    return ldr_fail(err, errsize, bad, path, "entry point outside the address space");
  return 0;
}

/* Open and validate path; on success in holds the headers (close with
 * info_close).  Returns 0 or an LDR_* status with the message in err. */
static int elf_open_checked(const char *path, struct elf_info *in, char *err, size_t errsize) {
  const int bad = LDR_ENOEXEC;
  memset(in, 0, sizeof *in);
  in->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (in->fd < 0)
    return ldr_fail(err, errsize, errno == ENOENT ? LDR_ENOENT : bad, path, "%s", strerror(errno));
  struct stat st;
  int status = 0;
  if (fstat(in->fd, &st) < 0) {
    status = ldr_fail(err, errsize, bad, path, "%s", strerror(errno));
    goto out;
  }
  if (S_ISDIR(st.st_mode)) {
    status = ldr_fail(err, errsize, bad, path, "%s", strerror(EISDIR));
    goto out;
  }
  if (!S_ISREG(st.st_mode)) {
    status = ldr_fail(err, errsize, bad, path, "not a regular file");
    goto out;
  }
  in->fsize = (u64)st.st_size;
  elf_version(EV_CURRENT);
  in->elf = elf_begin(in->fd, ELF_C_READ, NULL);
  if (!in->elf || elf_kind(in->elf) != ELF_K_ELF) {
    status = ldr_fail(err, errsize, bad, path, "not an ELF file");
    goto out;
  }
  size_t idlen;
  const char *id = elf_getident(in->elf, &idlen);
  if (!id || idlen < EI_NIDENT) {
    status = ldr_fail(err, errsize, bad, path, "truncated ELF header");
    goto out;
  }
  if (id[EI_DATA] != ELFDATA2LSB) {
    status = ldr_fail(err, errsize, bad, path, "not a little-endian ELF file");
    goto out;
  }
  if (!gelf_getehdr(in->elf, &in->eh)) {
    status = ldr_fail(err, errsize, bad, path, "truncated ELF header");
    goto out;
  }
  int cls = id[EI_CLASS];
  if (cls == ELFCLASS32 && in->eh.e_machine == EM_386) {
    in->bits = 32;
  } else if (cls == ELFCLASS64 && in->eh.e_machine == EM_X86_64) {
    in->bits = 64;
  } else {
    status = ldr_fail(err, errsize, bad, path,
                      "wrong machine/class (ELFCLASS%d, e_machine %u): not an i386 or x86-64 "
                      "program",
                      cls == ELFCLASS32   ? 32
                      : cls == ELFCLASS64 ? 64
                                          : 0,
                      in->eh.e_machine);
    goto out;
  }
  if (in->eh.e_type != ET_EXEC && in->eh.e_type != ET_DYN) {
    status = ldr_fail(err, errsize, bad, path, "not an executable (e_type %u)", in->eh.e_type);
    goto out;
  }
  size_t phent = in->bits == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
  if (in->eh.e_phentsize != phent) {
    status = ldr_fail(err, errsize, bad, path, "bad program header size %u", in->eh.e_phentsize);
    goto out;
  }
  in->phnum = in->eh.e_phnum;
  if (in->phnum < 1 || in->phnum > LDR_MAXPHDRS / phent) {
    status = ldr_fail(err, errsize, bad, path, "bad number of program headers (%zu)", in->phnum);
    goto out;
  }
  if (in->eh.e_phoff > in->fsize || in->phnum * phent > in->fsize - in->eh.e_phoff) {
    status = ldr_fail(err, errsize, bad, path, "program headers lie outside the file");
    goto out;
  }
  in->ph = calloc(in->phnum, sizeof *in->ph);
  if (!in->ph) {
    status = ldr_fail(err, errsize, bad, path, "%s", strerror(ENOMEM));
    goto out;
  }
  for (size_t i = 0; i < in->phnum; i++) {
    if (!gelf_getphdr(in->elf, (int)i, &in->ph[i])) {
      status = ldr_fail(err, errsize, bad, path, "unreadable program headers: %s", elf_errmsg(-1));
      goto out;
    }
  }
  status = check_phdrs(in, path, err, errsize);
out:
  if (status) info_close(in);
  return status;
}

int ldr_probe(const char *path, char *err, size_t errsize) {
  struct elf_info in;
  int status = elf_open_checked(path, &in, err, errsize);
  if (status) return -status;
  int bits = in.bits;
  info_close(&in);
  return bits;
}

static int seg_prot(u32 pflags) {
  return (pflags & PF_R ? MM_READ : 0) | (pflags & PF_W ? MM_WRITE : 0) |
         (pflags & PF_X ? MM_EXEC : 0);
}

/* elf_load(): one PT_LOAD at bias.  Returns 0 or -errno. */
static long map_segment(struct mm *mm, int fd, const GElf_Phdr *p, u64 bias) {
  int prot = seg_prot(p->p_flags);
  u64 vaddr = bias + p->p_vaddr, pageoff = vaddr & (PAGE_SIZE - 1);
  u64 zero_start, zero_end;
  long r;
  if (p->p_filesz) {
    r = mm_map(mm, vaddr - pageoff, PAGE_UP(p->p_filesz + pageoff), prot, MAP_PRIVATE | MAP_FIXED,
               fd, p->p_offset - pageoff, NULL);
    if (r < 0) return r;
    zero_start = vaddr + p->p_filesz;
    zero_end = vaddr + p->p_memsz;
    /* padzero(): clear the rest of the last file page; errors (a segment
     * that is not writable) are ignored, as Linux does. */
    if (p->p_memsz > p->p_filesz && (zero_start & (PAGE_SIZE - 1)) && (prot & MM_WRITE)) {
      (void)!clear_user(mm, zero_start, PAGE_UP(zero_start) - zero_start);
    }
  } else {
    zero_start = vaddr - pageoff;
    zero_end = zero_start + pageoff + p->p_memsz;
  }
  if (p->p_memsz > p->p_filesz) {
    /* vm_brk_flags(): the rest of the bss is read/write (and exec if asked). */
    u64 zs = PAGE_UP(zero_start), ze = PAGE_UP(zero_end);
    if (ze > zs) {
      r = mm_map(mm, zs, ze - zs, MM_READ | MM_WRITE | (prot & MM_EXEC),
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, "");
      if (r < 0) return r;
    }
  }
  return 0;
}

/* The PT_INTERP path (NUL-terminated within the segment), or "" without one. */
static int read_interp(const struct elf_info *in, char *out, size_t outsize) {
  out[0] = 0;
  for (size_t i = 0; i < in->phnum; i++) {
    const GElf_Phdr *p = &in->ph[i];
    if (p->p_type != PT_INTERP) continue;
    if (p->p_filesz >= outsize) return -1;
    if (pread(in->fd, out, p->p_filesz, (off_t)p->p_offset) != (ssize_t)p->p_filesz) return -1;
    if (out[p->p_filesz - 1] != 0) return -1;
    return 0;
  }
  return 0;
}

/* load_elf_interp(): the interpreter (an ET_DYN of the program's class
 * without an interpreter of its own) goes where an mmap of its whole span
 * lands; the holes between its segments stay unmapped.  Sets its bias. */
static int load_interp(struct mm *mm, const char *prog, const char *interp, int bits, u64 *bias_out,
                       u64 *entry_out, char *err, size_t errsize) {
  struct elf_info ii;
  char ierr[512];
  int status = elf_open_checked(interp, &ii, ierr, sizeof ierr);
  if (status) {
    /* The kernel's answer is about the program: ENOENT or ENOEXEC. */
    size_t n = strlen(ierr);
    if (n && ierr[n - 1] == '\n') ierr[n - 1] = 0;
    return ldr_fail(err, errsize, status, prog, "program interpreter: %s",
                    ierr + (strncmp(ierr, "emu: ", 5) ? 0 : 5));
  }
  u64 lo = ~0ull, hi = 0;
  for (size_t i = 0; i < ii.phnum; i++) {
    const GElf_Phdr *p = &ii.ph[i];
    if (p->p_type == PT_INTERP) {
      status = ldr_fail(err, errsize, LDR_ENOEXEC, prog,
                        "program interpreter %s has an interpreter itself", interp);
      goto out;
    }
    if (p->p_type != PT_LOAD) continue;
    if (PAGE_DOWN(p->p_vaddr) < lo) lo = PAGE_DOWN(p->p_vaddr);
    if (PAGE_UP(p->p_vaddr + p->p_memsz) > hi) hi = PAGE_UP(p->p_vaddr + p->p_memsz);
  }
  if (ii.bits != bits || ii.eh.e_type != ET_DYN || lo != 0) {
    status = ldr_fail(err, errsize, LDR_ENOEXEC, prog,
                      "program interpreter %s is not a %d-bit shared object at 0", interp, bits);
    goto out;
  }
  long base = mm_map(mm, 0, hi, MM_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "");
  if (base < 0 || mm_unmap(mm, (u64)base, hi) < 0) {
    status = ldr_fail(err, errsize, LDR_ENOEXEC, prog, "cannot map program interpreter %s: %s",
                      interp, strerror(base < 0 ? (int)-base : ENOMEM));
    goto out;
  }
  for (size_t i = 0; i < ii.phnum; i++) {
    if (ii.ph[i].p_type != PT_LOAD) continue;
    long r = map_segment(mm, ii.fd, &ii.ph[i], (u64)base);
    if (r < 0) {
      status = ldr_fail(err, errsize, LDR_ENOEXEC, prog,
                        "cannot map program interpreter %s segment %zu: %s", interp, i,
                        strerror((int)-r));
      goto out;
    }
  }
  *bias_out = (u64)base;
  *entry_out = (u64)base + ii.eh.e_entry;
out:
  info_close(&ii);
  return status;
}

int ldr_load(struct mm *mm, const char *path, struct ldr_image *img, char *err, size_t errsize) {
  struct elf_info in;
  char interp[PATH_MAX];
  int status = elf_open_checked(path, &in, err, errsize);
  if (status) return status;
  if (read_interp(&in, interp, sizeof interp)) {
    status = ldr_fail(err, errsize, LDR_ENOEXEC, path, "bad program interpreter (PT_INTERP)");
    goto out;
  }
  if (mm->bits != in.bits) {
    status =
        ldr_fail(err, errsize, LDR_ENOEXEC, path,
                 "a %d-bit program cannot load into a %d-bit address space", in.bits, mm->bits);
    goto out;
  }
  u64 bias = load_bias_for(&in), brk = 0, phdr = 0;
  bool have_phdr = false;
  for (size_t i = 0; i < in.phnum; i++) {
    const GElf_Phdr *p = &in.ph[i];
    if (p->p_type == PT_PHDR) {
      phdr = bias + p->p_vaddr;
      have_phdr = true;
    }
    if (p->p_type != PT_LOAD) continue;
    long r = map_segment(mm, in.fd, p, bias);
    if (r < 0) {
      status = ldr_fail(err, errsize, LDR_ENOEXEC, path, "cannot map segment %zu: %s", i,
                        strerror((int)-r));
      goto out;
    }
    if (!have_phdr && p->p_offset <= in.eh.e_phoff && in.eh.e_phoff < p->p_offset + p->p_filesz)
      phdr = bias + in.eh.e_phoff - p->p_offset + p->p_vaddr;
    u64 end = bias + p->p_vaddr + p->p_memsz;
    if (end > brk) brk = end;
  }
  img->bits = in.bits;
  img->entry = img->prog_entry = bias + in.eh.e_entry;
  img->interp_base = 0;
  if (interp[0]) {
    /* The break still follows the program, not the interpreter. */
    mm->brk_start = mm->brk = PAGE_UP(brk);
    status = load_interp(mm, path, interp, in.bits, &img->interp_base, &img->entry, err, errsize);
    if (status) goto out;
  }
  img->load_bias = bias;
  img->phdr = phdr;
  img->phent = in.eh.e_phentsize;
  img->phnum = in.phnum;
  img->brk = PAGE_UP(brk);
  mm->brk_start = mm->brk = img->brk;
out:
  info_close(&in);
  return status;
}
