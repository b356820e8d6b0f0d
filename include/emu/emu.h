/* emu.h — emu's public C API: load an i386 or x86-64 Linux ELF (static or
 * dynamic) into an emulated address space and run it, serving its system
 * calls.
 *
 *   struct emu *e = emu_new();
 *   char err[512];
 *   int st = emu_load(e, "prog", argc, argv, environ, err, sizeof err);
 *   if (st) { fputs(err, stderr); return st; }       // 126/127 as a shell
 *   int status = emu_run(e);                          // a wait(2) status
 *   emu_free(e);
 *
 * Linking: the build makes build/libemu.a.  Its system-call tables refer to
 * their handlers weakly, and a weak reference does not pull an archive member
 * in, so link the archive whole, with emu's own dependencies after it:
 *
 *   cc -Iinclude app.c -Wl,--whole-archive build/libemu.a -Wl,--no-whole-archive \
 *      $(pkg-config --libs libelf capstone) -lm -o app
 *
 * (examples/embed_whoami.c is built this way.)
 */
#ifndef EMU_EMU_H
#define EMU_EMU_H

#include <stddef.h>
#include <stdio.h>

struct emu;

struct emu *emu_new(void);
void emu_free(struct emu *e);

/* Log every system call to f (strace style); NULL turns it off. */
void emu_set_strace(struct emu *e, FILE *f);
/* Show the entry model (the gate, the saved pt_regs, the table slot and
 * name, the result, the exit work, sysret/iret) at every system call on f,
 * as `emu --frames`; NULL turns it off.  Process-wide: it applies to every
 * emu running in this host process. */
void emu_set_frames(struct emu *e, FILE *f);
/* Report system calls emu does not implement (to the strace file or stderr). */
void emu_set_log_unimplemented(struct emu *e, int on);

/* Load the program at path with argv/envp (NULL-terminated).  Returns 0, or
 * 127 (missing file) / 126 (not a runnable x86 ELF) / 139 (killed while loading) with a one-line
 * message in err. */
int emu_load(struct emu *e, const char *path, int argc, char *const argv[], char *const envp[],
             char *err, size_t errsize);

/* Write the loaded program's address space, as its /proc/self/maps would
 * show it, to f (emu -d page). */
void emu_log_maps(struct emu *e, FILE *f);

/* Run until the program exits.  Returns its wait status: exit code << 8, or
 * the number of the signal that ended it. */
int emu_run(struct emu *e);

/* ---- custom system calls ----
 *
 * An embedder can serve system calls itself: emu_register_syscall() puts a
 * handler in this emu's own table, which the entry model consults before its
 * built-in tables, for the gate's ABI (syscall: x86-64; int $0x80 and
 * sysenter: i386, from 32-bit or 64-bit code).  The classic "add a system
 * call to the kernel" exercise, without a kernel:
 *
 *   static long whoami(struct emu_syscall *call) {   // whoami(char *buf, size_t len)
 *     const char *me = "alice";
 *     size_t n = strlen(me) + 1;
 *     if (call->a[1] < n) return -ERANGE;
 *     long r = emu_write_guest(call, call->a[0], me, n);
 *     return r < 0 ? r : (long)n - 1;
 *   }
 *   ...
 *   emu_load(e, "guest", ...);
 *   emu_register_syscall(e, EMU_ABI_X86_64, 1000, "whoami", whoami, "Bu");
 *   emu_register_syscall(e, EMU_ABI_I386, 1000, "whoami", whoami, "Bu");
 *   emu_run(e);      // the guest's syscall(1000, buf, sizeof buf) lands in whoami()
 *
 * Rules:
 *  - nr is 0 .. EMU_SYSCALL_NR_MAX - 1, inside or beyond the ABI's table.
 *    Registering a number the built-in table serves replaces the built-in
 *    call for this emu; registering it again replaces the earlier handler;
 *    registering fn == NULL removes the handler (the built-in call, or
 *    -ENOSYS, answers again).  Numbers nobody registered keep answering as
 *    before: the built-in call, or -ENOSYS.
 *  - name (required, up to 31 characters of [A-Za-z0-9_]) is what the
 *    system-call log (emu_set_strace, emu --strace) and --frames show.
 *  - signature (optional, NULL or "" for none) says how the log prints the
 *    arguments, one letter per argument, at most 6:
 *        d  int, decimal              u  unsigned long (size_t), decimal
 *        l  long, decimal             x  unsigned long, hex
 *        p  pointer (NULL or 0x...)   f  file descriptor
 *        s  input string (char *), quoted, abbreviated like strace
 *        b  input buffer, its length in the next argument (write)
 *        B  output buffer, printed at exit with the result's bytes (read)
 *        S  output string, printed at exit
 *    Without a signature the log prints the six raw argument registers.
 *  - The handler runs on the thread of the guest task that made the call.
 *    It returns the result: >= 0, or -errno (an i386 guest sees the low 32
 *    bits, sign-extended by the gate as the kernel does).
 *  - Register before emu_run(); the table belongs to this emu (a fork of
 *    the guest keeps it; an execve of the guest starts a new emu without it).
 *
 * Returns 0, or -EINVAL (bad abi, nr, name or signature), -ENOMEM. */
enum emu_abi { EMU_ABI_I386 = 0, EMU_ABI_X86_64 = 1 };

#define EMU_SYSCALL_NR_MAX 4096

struct emu_syscall {
  enum emu_abi abi; /* the table the call came through */
  long nr;          /* the number (eax/rax) */
  const char *name; /* the name it was registered with */
  /* The six argument registers: rdi rsi rdx r10 r8 r9 (x86-64), ebx ecx edx
   * esi edi ebp zero-extended (i386).  Guest addresses, not host pointers:
   * reach guest memory only through the accessors below. */
  unsigned long long a[6];
  struct emu *emu; /* the emu this call runs in */
  void *priv;      /* emu's own (the calling task) */
};

typedef long (*emu_syscall_fn)(struct emu_syscall *call);

int emu_register_syscall(struct emu *e, enum emu_abi abi, long nr, const char *name,
                         emu_syscall_fn fn, const char *signature);

/* Checked copies between the guest and the handler, as the kernel's
 * copy_from_user/copy_to_user/strncpy_from_user: each returns 0 (the string
 * one its length) or -EFAULT when any byte of the guest range is not mapped
 * with the needed permission, and then never touches memory outside the
 * guest.  emu_read_guest_string copies at most size - 1 characters and a
 * NUL; -ENAMETOOLONG when no NUL is found in size bytes. */
long emu_read_guest(const struct emu_syscall *call, unsigned long long addr, void *buf, size_t len);
long emu_write_guest(const struct emu_syscall *call, unsigned long long addr, const void *buf,
                     size_t len);
long emu_read_guest_string(const struct emu_syscall *call, unsigned long long addr, char *buf,
                           size_t size);

#endif
