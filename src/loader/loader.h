/* loader.h — load an i386 or x86-64 ELF (static, or dynamic with its program
 * interpreter) into a fresh address space and build the initial stack as
 * Linux's fs/binfmt_elf.c does. */
#ifndef EMU_LOADER_H
#define EMU_LOADER_H

#include "../common.h"

struct mm;

struct ldr_image {
  int bits;               /* 32 or 64, from the ELF class */
  u64 entry;              /* where the process starts: the interpreter's entry, or the program's */
  u64 prog_entry;         /* the program's entry (AT_ENTRY) */
  u64 interp_base;        /* load bias of the program interpreter (AT_BASE), 0 without one */
  u64 load_bias;          /* 0 for ET_EXEC */
  u64 phdr, phent, phnum; /* guest address of the program headers, AT_PHDR... */
  u64 brk;                /* end of the highest segment (page up): the program break */
  u64 hwcap,
      hwcap2;     /* AT_HWCAP (CPUID.1:EDX as emu's CPU reports it), AT_HWCAP2; set by the caller */
  u64 minsigstksz; /* AT_MINSIGSTKSZ (the largest signal frame emu writes); set by the caller */
  u64 vdso;       /* base of the [vdso] mapping (AT_SYSINFO_EHDR), 0 if none */
  u64 vdso_entry; /* i386: __kernel_vsyscall (AT_SYSINFO) */
  u64 vdso_landing;                      /* i386: where SYSENTER returns (int80_landing_pad) */
  u64 vdso_sigreturn, vdso_rt_sigreturn; /* i386: __kernel_(rt_)sigreturn */
  u64 vdso_service; /* the instruction through which the vDSO asks emu the time (vdso_time.c) */
  bool exec_stack; /* the stack is executable (PT_GNU_STACK PF_X, or READ_IMPLIES_EXEC) */
  u64 sp;                                /* initial stack pointer (after ldr_build_stack) */
  u64 auxv[64]; /* the auxiliary vector as placed on the stack (pairs), for /proc/self/auxv */
  int nauxv;    /* number of pairs including AT_NULL */
};

/* Exit statuses for load errors, as a shell uses them. */
#define LDR_ENOENT  127 /* file missing */
#define LDR_ENOEXEC 126 /* not a runnable x86 ELF */
#define LDR_KILLED  139 /* failed past the kernel's point of no return: the process dies of SIGSEGV */

/* Peek at path: the ELF class (32 or 64), or a negative LDR_* status with a
 * one-line message (naming the file and the problem) written into err. */
int ldr_probe(const char *path, char *err, size_t errsize);

/* execve's checks before the point of no return (fs/binfmt_elf.c), the
 * program interpreter's included: 0 or the -errno the kernel's execve
 * returns (-ENOEXEC, -EIO, -ELIBBAD, the interpreter's open error). */
int ldr_check(const char *path);

/* Map the ELF at path into mm (whose width must match the class).  Returns 0
 * or a LDR_* status with the message in err: LDR_KILLED once mapping has
 * begun, where the kernel kills the new process with SIGSEGV. */
int ldr_load(struct mm *mm, const char *path, struct ldr_image *img, char *err, size_t errsize);

/* -L DIR (sysroot.c): absolute paths that exist under DIR are taken from
 * there, as qemu-user's sysroot: the program interpreter here, and every path
 * a system call names.  ldr_set_sysroot returns -1 when DIR is not a
 * directory; ldr_sysroot is the directory, or NULL; ldr_sysroot_path gives
 * path as the sysroot has it (out, of size bytes) or path itself. */
int ldr_set_sysroot(const char *dir);
const char *ldr_sysroot(void);
const char *ldr_sysroot_path(const char *path, char *out, size_t size);

/* --vdso=syscall: the vDSO's time functions take the kernel's fallback, a
 * system call, instead of answering in user space (the default). */
void ldr_set_vdso_syscall(bool on);
bool ldr_vdso_syscall(void);

/* Map the vDSO for img->bits and fill img->vdso*.  Returns 0 or -errno.
 * Call before ldr_build_stack, which then announces it in the auxv. */
int ldr_map_vdso(struct mm *mm, struct ldr_image *img);

/* Build argc/argv/envp/auxv on a new stack mapping at mm->stack_top, as
 * Linux's create_elf_tables(); execfn is AT_EXECFN.  Sets img->sp and
 * img->auxv.  Returns 0 or -errno. */
int ldr_build_stack(struct mm *mm, struct ldr_image *img, int argc, char *const argv[],
                    char *const envp[], const char *execfn);

#endif
