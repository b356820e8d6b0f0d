/* elf.c — load an i386 or x86-64 ELF program, and its program interpreter,
 * into a fresh address space.  Mirrors linux fs/binfmt_elf.c (6.x):
 * load_elf_binary(), load_elf_phdrs(), load_elf_interp(), elf_load(),
 * elf_map(), padzero(), total_mapping_size(), maximum_alignment().
 *
 * The kernel works in two phases, and so does this file:
 *  - the checks before the point of no return (begin_new_exec), in the
 *    kernel's order: what an execve still fails with (ENOEXEC, EIO, ELIBBAD,
 *    the interpreter's open errors).  elf_prepare() makes them; ldr_check()
 *    gives execve the errno, ldr_probe() the command line its status.
 *  - the mapping.  What fails there (a segment mmap cannot place, a bad
 *    entry point, a segment past the task size) kills the new process with
 *    SIGSEGV (bprm_execve's force_fatal_sig): ldr_load() says LDR_KILLED.
 *
 * What the kernel does not look at is not looked at here either: the class
 * byte (e_machine picks the binfmt: EM_X86_64 the 64-bit one, EM_386 or
 * EM_486 the compat one, which reads the headers as ELF32), EI_DATA,
 * EI_VERSION, EI_OSABI, e_version, e_ehsize, PT_PHDR (AT_PHDR is where the
 * last PT_LOAD holding e_phoff puts the headers, as since Linux 5.18).
 * PT_LOADs may come in any order and overlap, each mapped over what is
 * there; file pages past the end of the file are mapped and fault (SIGBUS)
 * when touched.  A PIE with an interpreter goes at ELF_ET_DYN_BASE (aligned
 * down to its largest power-of-two p_align); one without (a static PIE, or
 * ld.so run directly) goes where mmap puts it (load_bias 0), and its break
 * moves to ELF_ET_DYN_BASE; any other break follows the bss.  The
 * program interpreter goes where mmap puts it, an ET_EXEC one at its own
 * addresses.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "../mem/mem.h"

#define LDR_BIAS64      0x155555554000ull /* 2/3 of the 64-bit window, as ELF_ET_DYN_BASE */
#define LDR_BIAS32      0x56555000ull     /* emu's i386 ELF_ET_DYN_BASE (no ASLR) */
#define LDR_TASK32      0xffffe000ull     /* compat TASK_SIZE (IA32_PAGE_OFFSET) */
#define BINPRM_BUF_SIZE 256               /* the bytes of the file execve reads first */
#define LDR_EM_486      6

/* One program header, whichever class. */
struct ldr_phdr {
  u32 type, flags;
  u64 offset, vaddr, filesz, memsz, align;
};

/* What the headers of one file say. */
struct elf_file {
  int fd;
  int bits; /* 64 for EM_X86_64, 32 for EM_386/EM_486 */
  u16 type, phentsize, phnum;
  u64 entry, phoff;
  struct ldr_phdr *ph; /* phnum entries */
};

/* A program and its interpreter, past the checks. */
struct elf_prog {
  struct elf_file exe, interp;
  bool has_interp;
  int exec_stack; /* EXSTACK_*: the last PT_GNU_STACK's PF_X */
};

enum { EXSTACK_DEFAULT, EXSTACK_DISABLE_X, EXSTACK_ENABLE_X };

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

static u16 rd16(const u8 *p) {
  u16 v;
  memcpy(&v, p, 2);
  return v;
}
static u32 rd32(const u8 *p) {
  u32 v;
  memcpy(&v, p, 4);
  return v;
}
static u64 rd64(const u8 *p) {
  u64 v;
  memcpy(&v, p, 8);
  return v;
}

static void file_close(struct elf_file *f) {
  free(f->ph);
  f->ph = NULL;
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
}

static void prog_close(struct elf_prog *pg) {
  file_close(&pg->exe);
  file_close(&pg->interp);
}

/* elf_check_arch() of the 64-bit binfmt and compat_elf_check_arch(). */
static int arch_bits(u16 machine) {
  if (machine == EM_X86_64) return 64;
  if (machine == EM_386 || machine == LDR_EM_486) return 32;
  return 0;
}

/* The ELF header fields the kernel uses, read as the binfmt of bits reads them. */
static void parse_ehdr(const u8 *b, int bits, struct elf_file *f) {
  f->bits = bits;
  f->type = rd16(b + 16);
  if (bits == 64) {
    f->entry = rd64(b + 24);
    f->phoff = rd64(b + 32);
    f->phentsize = rd16(b + 54);
    f->phnum = rd16(b + 56);
  } else {
    f->entry = rd32(b + 24);
    f->phoff = rd32(b + 28);
    f->phentsize = rd16(b + 42);
    f->phnum = rd16(b + 44);
  }
}

/* elf_read(): exactly len bytes at off; a short read is -EIO. */
static int elf_read(int fd, void *buf, size_t len, u64 off) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, (u8 *)buf + got, len - got, (off_t)(off + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0) break;
    got += (size_t)n;
  }
  return got == len ? 0 : -EIO;
}

/* load_elf_phdrs(): e_phentsize must be the class's, the table non-empty,
 * at most 64 KiB (Linux 6.17 dropped the older one-page bound), and wholly
 * in the file.  0 or -1. */
static int load_phdrs(struct elf_file *f) {
  const size_t ent = f->bits == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
  if (f->phentsize != ent) return -1;
  size_t size = ent * f->phnum;
  if (size == 0 || size > 65536) return -1;
  u8 *raw = malloc(size);
  f->ph = calloc(f->phnum, sizeof *f->ph);
  if (!raw || !f->ph || elf_read(f->fd, raw, size, f->phoff)) {
    free(raw);
    return -1;
  }
  for (size_t i = 0; i < f->phnum; i++) {
    const u8 *r = raw + i * ent;
    struct ldr_phdr *p = &f->ph[i];
    p->type = rd32(r);
    if (f->bits == 64) {
      p->flags = rd32(r + 4);
      p->offset = rd64(r + 8);
      p->vaddr = rd64(r + 16);
      p->filesz = rd64(r + 32);
      p->memsz = rd64(r + 40);
      p->align = rd64(r + 48);
    } else {
      p->offset = rd32(r + 4);
      p->vaddr = rd32(r + 8);
      p->filesz = rd32(r + 16);
      p->memsz = rd32(r + 20);
      p->flags = rd32(r + 24);
      p->align = rd32(r + 28);
    }
  }
  free(raw);
  return 0;
}

/* Open a file to run.  The program itself needs only to be a readable
 * regular file (execve's own checks are sys_exec.c's); the interpreter
 * passes open_exec(): a regular file the caller may execute, else EACCES. */
static int open_file(const char *path, bool as_interp, struct elf_file *f) {
  char in_root[PATH_MAX];
  if (as_interp) path = ldr_sysroot_path(path, in_root, sizeof in_root);
  f->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (f->fd < 0) return -errno;
  struct stat st;
  if (fstat(f->fd, &st) < 0) return -errno;
  if (!S_ISREG(st.st_mode)) return S_ISDIR(st.st_mode) && !as_interp ? -EISDIR : -EACCES;
  if (as_interp && faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0) return -errno;
  return 0;
}

/* load_elf_binary() up to the point of no return.  Returns 0 or -errno
 * (the execve's) with the message in err; close pg with prog_close. */
static int elf_prepare(const char *path, struct elf_prog *pg, char *err, size_t errsize) {
  memset(pg, 0, sizeof *pg);
  pg->exe.fd = pg->interp.fd = -1;
  struct elf_file *f = &pg->exe;
  int r = open_file(path, false, f);
  if (r) return ldr_fail(err, errsize, r, path, "%s", strerror(-r));
  u8 buf[BINPRM_BUF_SIZE] = {0}; /* bprm->buf: zeros past a short file */
  ssize_t n = pread(f->fd, buf, sizeof buf, 0);
  if (n < 0) return ldr_fail(err, errsize, -errno, path, "%s", strerror(errno));
  if (memcmp(buf, ELFMAG, SELFMAG))
    return ldr_fail(err, errsize, -ENOEXEC, path, "not an ELF file");
  u16 type = rd16(buf + 16), machine = rd16(buf + 18);
  if (type != ET_EXEC && type != ET_DYN)
    return ldr_fail(err, errsize, -ENOEXEC, path, "not an executable (e_type %u)", type);
  int bits = arch_bits(machine);
  if (!bits)
    return ldr_fail(err, errsize, -ENOEXEC, path,
                    "e_machine %u: not an x86-64 (62) or i386 (3) program", machine);
  parse_ehdr(buf, bits, f);
  if (load_phdrs(f))
    return ldr_fail(err, errsize, -ENOEXEC, path,
                    "bad program headers (e_phentsize %u, e_phnum %u, e_phoff %#llx)", f->phentsize,
                    f->phnum, (unsigned long long)f->phoff);

  /* The first PT_INTERP names the interpreter. */
  u8 ibuf[sizeof(Elf64_Ehdr)];
  char name[PATH_MAX + 1];
  for (size_t i = 0; i < f->phnum; i++) {
    const struct ldr_phdr *p = &f->ph[i];
    if (p->type != PT_INTERP) continue;
    if (p->filesz > PATH_MAX || p->filesz < 2)
      return ldr_fail(err, errsize, -ENOEXEC, path, "bad PT_INTERP size %llu",
                      (unsigned long long)p->filesz);
    r = elf_read(f->fd, name, p->filesz, p->offset);
    if (r)
      return ldr_fail(err, errsize, r, path, "cannot read the program interpreter's name: %s",
                      strerror(-r));
    if (name[p->filesz - 1])
      return ldr_fail(err, errsize, -ENOEXEC, path,
                      "the program interpreter's name is not NUL-terminated");
    /* open_exec() takes the name with getname_kernel(), which does not
     * refuse an empty one: "" resolves to the current directory (EACCES,
     * not a regular file). */
    r = open_file(name[0] ? name : ".", true, &pg->interp);
    if (r)
      return ldr_fail(err, errsize, r, path, "program interpreter '%s': %s", name, strerror(-r));
    r = elf_read(pg->interp.fd, ibuf, bits == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr), 0);
    if (r) return ldr_fail(err, errsize, r, path, "program interpreter %s: %s", name, strerror(-r));
    pg->has_interp = true;
    break;
  }
  for (size_t i = 0; i < f->phnum; i++)
    if (f->ph[i].type == PT_GNU_STACK)
      pg->exec_stack = f->ph[i].flags & PF_X ? EXSTACK_ENABLE_X : EXSTACK_DISABLE_X;
  if (!pg->has_interp) return 0;
  /* The interpreter: an ELF of the program's binfmt with sane headers;
   * its type is load_elf_interp()'s, past the point of no return. */
  if (memcmp(ibuf, ELFMAG, SELFMAG) || arch_bits(rd16(ibuf + 18)) != bits)
    return ldr_fail(err, errsize, -ELIBBAD, path, "program interpreter %s is not a %s ELF file",
                    name, bits == 64 ? "x86-64" : "i386");
  parse_ehdr(ibuf, bits, &pg->interp);
  if (load_phdrs(&pg->interp))
    return ldr_fail(err, errsize, -ELIBBAD, path, "program interpreter %s: bad program headers",
                    name);
  return 0;
}

static int status_of(int err) { return err == -ENOENT ? LDR_ENOENT : LDR_ENOEXEC; }

int ldr_probe(const char *path, char *err, size_t errsize) {
  struct elf_prog pg;
  int r = elf_prepare(path, &pg, err, errsize);
  int bits = pg.exe.bits;
  prog_close(&pg);
  return r ? -status_of(r) : bits;
}

int ldr_check(const char *path) {
  struct elf_prog pg;
  int r = elf_prepare(path, &pg, NULL, 0);
  prog_close(&pg);
  return r;
}

/* ---- past the point of no return ---- */

static u64 task_size(const struct mm *mm) { return mm->bits == 32 ? LDR_TASK32 : mm->limit; }

static int seg_prot(u32 pflags) {
  return (pflags & PF_R ? MM_READ : 0) | (pflags & PF_W ? MM_WRITE : 0) |
         (pflags & PF_X ? MM_EXEC : 0);
}

/* total_mapping_size(): from the lowest PT_LOAD page to the highest end, in
 * the class's address width. */
static u64 total_mapping_size(const struct elf_file *f) {
  const u64 mask = f->bits == 32 ? 0xffffffffull : ~0ull;
  u64 lo = mask, hi = 0;
  bool any = false;
  for (size_t i = 0; i < f->phnum; i++) {
    const struct ldr_phdr *p = &f->ph[i];
    if (p->type != PT_LOAD) continue;
    if (PAGE_DOWN(p->vaddr) < lo) lo = PAGE_DOWN(p->vaddr);
    if (((p->vaddr + p->memsz) & mask) > hi) hi = (p->vaddr + p->memsz) & mask;
    any = true;
  }
  return any ? (hi - lo) & mask : 0;
}

/* maximum_alignment(): the largest power-of-two p_align, at least a page. */
static u64 maximum_alignment(const struct elf_file *f) {
  u64 a = 0;
  for (size_t i = 0; i < f->phnum; i++) {
    u64 pa = f->ph[i].align;
    if (f->ph[i].type == PT_LOAD && pa && !(pa & (pa - 1)) && pa > a) a = pa;
  }
  return PAGE_UP(a);
}

/* elf_map(): the segment's file pages; the first mapping of an image spans
 * all of it (total), then gives back what lies past the segment. */
static long elf_map(struct mm *mm, const struct elf_file *f, const struct ldr_phdr *p, u64 addr,
                    int prot, int flags, u64 total) {
  u64 pageoff = p->vaddr & (PAGE_SIZE - 1);
  u64 size = PAGE_UP(p->filesz + pageoff), off = p->offset - pageoff;
  addr = PAGE_DOWN(addr);
  if (!size) return (long)addr;
  if (!total) return mm_map(mm, addr, size, prot, flags, f->fd, off, NULL);
  total = PAGE_UP(total);
  long m = mm_map(mm, addr, total, prot, flags, f->fd, off, NULL);
  if (m >= 0 && (u64)m < task_size(mm) && total > size) mm_unmap(mm, (u64)m + size, total - size);
  return m;
}

/* padzero(): clear from addr to the end of its page.  A page wholly past
 * the end of the file raises SIGBUS, which clear_user (uaccess) turns into
 * -EFAULT, as the kernel's does. */
static int padzero(struct mm *mm, u64 addr) {
  u64 nbyte = addr & (PAGE_SIZE - 1);
  if (!nbyte) return 0;
  return clear_user(mm, addr, PAGE_SIZE - nbyte);
}

/* elf_load(): one PT_LOAD at addr: its file pages, the rest of the last
 * file page zeroed, the bss beyond as anonymous read/write memory
 * (vm_brk_flags, executable if the segment is).  Returns where it mapped or
 * -errno. */
static long elf_load(struct mm *mm, const struct elf_file *f, const struct ldr_phdr *p, u64 addr,
                     int prot, int flags, u64 total) {
  u64 pageoff = p->vaddr & (PAGE_SIZE - 1), zero_start, zero_end;
  long map;
  if (p->filesz) {
    map = elf_map(mm, f, p, addr, prot, flags, total);
    if (map < 0 || (u64)map >= task_size(mm)) return map;
    zero_start = (u64)map + pageoff + p->filesz;
    zero_end = (u64)map + pageoff + p->memsz;
    /* Errors count only where the segment is writable. */
    if (p->memsz > p->filesz && padzero(mm, zero_start) && (prot & MM_WRITE))
      return -EFAULT;
  } else {
    map = (long)(zero_start = PAGE_DOWN(addr));
    zero_end = zero_start + pageoff + p->memsz;
  }
  if (p->memsz > p->filesz) {
    zero_start = PAGE_UP(zero_start);
    zero_end = PAGE_UP(zero_end);
    u64 len = zero_end - zero_start;
    if (len) {
      long r = mm_map(mm, zero_start, len, MM_READ | MM_WRITE | (prot & MM_EXEC),
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, "");
      if (r < 0) map = r;
    }
  }
  return map;
}

/* The kernel's check after each PT_LOAD (k is the unbiased p_vaddr for the
 * program, the biased one for the interpreter): the segment must fit the
 * task size. */
static bool seg_fits(const struct ldr_phdr *p, u64 k, u64 tsz) {
  return k < tsz && p->filesz <= p->memsz && p->memsz <= tsz && tsz - p->memsz >= k;
}

/* load_elf_interp(): returns its load address (AT_BASE), or -errno as a
 * u64 (IS_ERR_VALUE).  no_base is the program's load bias. */
static u64 load_interp(struct mm *mm, const struct elf_file *f, u64 no_base) {
  const u64 tsz = task_size(mm);
  if (f->type != ET_EXEC && f->type != ET_DYN) return (u64)-EINVAL;
  u64 total = total_mapping_size(f);
  if (!total) return (u64)-EINVAL;
  u64 load_addr = 0;
  bool set = false;
  for (size_t i = 0; i < f->phnum; i++) {
    const struct ldr_phdr *p = &f->ph[i];
    if (p->type != PT_LOAD) continue;
    int flags = MAP_PRIVATE;
    if (f->type == ET_EXEC || set)
      flags |= MAP_FIXED;
    else if (no_base)
      load_addr = -p->vaddr;
    long m = elf_load(mm, f, p, load_addr + p->vaddr, seg_prot(p->flags), flags, total);
    total = 0;
    if (m < 0) return (u64)m;
    if ((u64)m >= tsz) return (u64)-EINVAL;
    if (!set && f->type == ET_DYN) {
      load_addr = (u64)m - PAGE_DOWN(p->vaddr);
      set = true;
    }
    if (!seg_fits(p, load_addr + p->vaddr, tsz)) return (u64)-ENOMEM;
  }
  return load_addr;
}

#define IS_ERR_VALUE(x) ((x) >= (u64)-4095)

int ldr_load(struct mm *mm, const char *path, struct ldr_image *img, char *err, size_t errsize) {
  struct elf_prog pg;
  int status = elf_prepare(path, &pg, err, errsize);
  if (status) {
    status = status_of(status);
    goto out;
  }
  const struct elf_file *f = &pg.exe;
  if (mm->bits != f->bits) {
    status =
        ldr_fail(err, errsize, LDR_ENOEXEC, path,
                 "a %d-bit program cannot load into a %d-bit address space", f->bits, mm->bits);
    goto out;
  }

  /* The point of no return: what fails from here kills the process.
   * elf_read_implies_exec() (x86): an i386 program without PT_GNU_STACK;
   * setup_arg_pages(): the stack's exec bit. */
  mm->read_implies_exec = f->bits == 32 && pg.exec_stack == EXSTACK_DEFAULT;
  img->exec_stack = pg.exec_stack == EXSTACK_ENABLE_X ||
                    (pg.exec_stack == EXSTACK_DEFAULT && mm->read_implies_exec);
  const u64 tsz = task_size(mm);
  u64 bias = 0, phdr = 0, brk = 0;
  bool first = true;
  for (size_t i = 0; i < f->phnum; i++) {
    const struct ldr_phdr *p = &f->ph[i];
    if (p->type != PT_LOAD) continue;
    int flags = MAP_PRIVATE;
    u64 total = 0;
    if (!first) {
      flags |= MAP_FIXED;
    } else if (f->type == ET_EXEC) {
      flags |= MAP_FIXED_NOREPLACE;
    } else {
      if (pg.has_interp) {
        bias = f->bits == 64 ? LDR_BIAS64 : LDR_BIAS32;
        u64 align = maximum_alignment(f);
        if (align) bias &= ~(align - 1);
        flags |= MAP_FIXED_NOREPLACE;
      } /* else load_bias 0: where mmap puts the first segment */
      bias = PAGE_DOWN(bias - p->vaddr);
      total = total_mapping_size(f);
      if (!total) {
        status = ldr_fail(err, errsize, LDR_KILLED, path, "segment %zu: empty image", i);
        goto out;
      }
    }
    long m = elf_load(mm, f, p, bias + p->vaddr, seg_prot(p->flags), flags, total);
    if (m < 0 || (u64)m >= tsz) {
      status = ldr_fail(err, errsize, LDR_KILLED, path, "cannot map segment %zu: %s", i,
                        strerror(m < 0 ? (int)-m : EINVAL));
      goto out;
    }
    if (first) {
      first = false;
      if (f->type == ET_DYN) bias += (u64)m - PAGE_DOWN(bias + p->vaddr);
    }
    /* AT_PHDR: the PT_LOAD whose file range holds the headers. */
    if (p->offset <= f->phoff && f->phoff < p->offset + p->filesz)
      phdr = f->phoff - p->offset + p->vaddr;
    if (!seg_fits(p, p->vaddr, tsz)) {
      status =
          ldr_fail(err, errsize, LDR_KILLED, path, "segment %zu lies outside the address space", i);
      goto out;
    }
    if (p->vaddr + p->memsz > brk) brk = p->vaddr + p->memsz;
  }
  u64 entry = f->entry + bias;
  img->interp_base = 0;
  img->entry = entry;
  /* The break follows the program, and the interpreter goes elsewhere. */
  mm->brk_start = mm->brk = PAGE_UP(brk + bias);
  if (pg.has_interp) {
    u64 base = load_interp(mm, &pg.interp, bias);
    u64 ientry = IS_ERR_VALUE(base) ? base : base + pg.interp.entry;
    if (ientry >= tsz) {
      status = ldr_fail(err, errsize, LDR_KILLED, path, "cannot load the program interpreter: %s",
                        IS_ERR_VALUE(base) ? strerror((int)-(long)base)
                                           : "entry point outside the address space");
      goto out;
    }
    img->interp_base = base;
    img->entry = ientry;
  } else if (entry >= tsz) {
    status = ldr_fail(err, errsize, LDR_KILLED, path, "entry point outside the address space");
    goto out;
  }
  img->bits = f->bits;
  img->prog_entry = entry;
  img->load_bias = bias;
  img->phdr = phdr + bias;
  img->phent = f->bits == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
  img->phnum = f->phnum;
  /* load_elf_binary() (Linux 6.9 on) moves the break of an ET_DYN without an
   * interpreter to ELF_ET_DYN_BASE, away from the mmap region it was put
   * in; any other break follows the bss (the page of gap and the random
   * offset come only with address randomization, which emu does not do). */
  if (f->type == ET_DYN && !pg.has_interp)
    img->brk = f->bits == 64 ? LDR_BIAS64 : LDR_BIAS32;
  else
    img->brk = PAGE_UP(brk + bias);
  mm->brk_start = mm->brk = img->brk;
out:
  prog_close(&pg);
  return status;
}
