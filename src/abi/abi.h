/* abi.h — the system-call tables of both ABIs: how a handler is declared
 * and tabled (for the host services, src/syscall, and the kernel model's
 * own calls, src/kernel), and the lookups the entry model makes.
 *
 * A handler reads like a function, as the kernel's SYSCALL_DEFINE does:
 *
 *   SYS_DEFINE3(write, int, fd, u64, buf, u64, count) {
 *     void *p = user_ptr(t->proc->mm, buf, count);
 *     if (!p) return -EFAULT;
 *     return host_ret(write(fd, p, count));
 *   }
 *
 * which defines `long sys_write(struct task *t, const u64 *a)` that unpacks
 * the six raw argument registers (already zero-extended to 64 bits by the ABI
 * layer) and calls the typed body with `t` in scope.  Guest pointers are u64
 * guest addresses, never host pointers; reach them only through mem.h.
 * Results are >= 0 or -errno.
 *
 * Every call has one row, in src/abi/calls_<subject>.inc (calls.inc includes
 * them all):
 *
 *   CALL(name, h64, h32, sext, as, check, result, kinds...)
 *
 *   name    as asm/unistd_{64,32}.h spell it; its numbers in each table come
 *           from those headers (build/gen/sysnr_both.inc), never typed
 *   h64     the x86-64 handler (sys_<h64>), or NONE: -ENOSYS there
 *   h32     the i386 handler, the x86-64 one where the layouts agree, NONE
 *   sext    i386: bit i set = argument i is a signed 32-bit value
 *   as      --compare: the x86-64 call an i386 one lines up with, _ = itself
 *   check   CHK_EMU: --lockstep lets emu serve it (memory, signals, exit);
 *           CHK_NO: --lockstep cannot replay it (CHK_NO32: on i386 only);
 *           LK(flags, outputs...): what else the call writes, which
 *           --lockstep copies from the native run (abi_rows.c: LK_RET,
 *           LK_OBJ, LK_LX, LK_ARRAY...)
 *   result  the strace result kind (RV_*), then the argument kinds (K_*)
 *
 * and SHOW(name, result, kinds...) rows name calls strace shows that are no
 * table's entry (i386 socketcall's send and recv).  The argument count is the
 * handler's own (SYS_DEFINEn); abi_x86_64.c and abi_i386.c build the tables,
 * strace.c the signatures, src/check its lists, all from the rows.
 *
 * The i386 entry zero-extends ebx, ecx, edx, esi, edi, ebp to 64 bits (and
 * sign-extends the arguments named in sext), so a handler whose arguments are
 * ints, unsigned sizes and pointers serves both ABIs; calls whose structures
 * differ get an i386 handler (sys_*32) converting to and from the i386 layout.
 * t->abi says which table the current call came through.
 */
#ifndef EMU_ABI_H
#define EMU_ABI_H

#include "../common.h"

enum abi { ABI_I386, ABI_X86_64 };

struct task;
typedef long (*sys_fn)(struct task *t, const u64 *a);

/* A handler as SYS_DEFINEn defines it: the function and how many argument
 * registers it reads.  sysh_NONE (fn NULL) stands for "no handler". */
struct sys_handler {
  sys_fn fn;
  u8 nargs;
};

/* --lockstep's treatment of a call (the check column). */
enum { CHK_EMU = 1, CHK_NO = 2, CHK_NO32 = 4 };

/* A buffer a call fills, as --lockstep copies it from the native run:
 * argument `arg` points at it, and its size is the result (SYS_OUT_RET),
 * n64 or n32 bytes by the ABI (SYS_OUT_OBJ; 0: none in that ABI), or
 * argument n64's value times n32 bytes (SYS_OUT_ARRAY). */
enum { SYS_OUT_RET = 1, SYS_OUT_OBJ, SYS_OUT_ARRAY };
struct sys_out {
  u8 arg, how;
  u16 n64, n32;
};

/* One call's row, both ABIs. */
struct sys_row {
  const char *name;
  const char *as; /* --compare: the x86-64 name an i386 call lines up with */
  const struct sys_handler *h64, *h32;
  u8 sext; /* i386: bit i set = argument i is a signed 32-bit value (sign-extended) */
  u8 check; /* CHK_* */
  struct sys_out out[3]; /* up to three; how 0 ends them */
};

/* One ABI's table entry: the row and that ABI's handler. */
struct sys_desc {
  const struct sys_row *row;
  const struct sys_handler *h; /* h->fn never NULL: no handler, no entry */
};

#define SYS_DECL(name) long sys_##name(struct task *t, const u64 *a)
#define SYS_HANDLER(name, n)                                                       \
  extern const struct sys_handler sysh_##name;                                     \
  const struct sys_handler sysh_##name = {sys_##name, n}

#define SYS_DEFINE0(name)                                                          \
  static long do_sys_##name(struct task *t);                                       \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { (void)a; return do_sys_##name(t); }                             \
  SYS_HANDLER(name, 0);                                                            \
  static long do_sys_##name(struct task *t)
#define SYS_DEFINE1(name, t1, a1)                                                  \
  static long do_sys_##name(struct task *t, t1 a1);                                \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0]); }                            \
  SYS_HANDLER(name, 1);                                                            \
  static long do_sys_##name(struct task *t, t1 a1)
#define SYS_DEFINE2(name, t1, a1, t2, a2)                                          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2);                         \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0], (t2)a[1]); }                  \
  SYS_HANDLER(name, 2);                                                            \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2)
#define SYS_DEFINE3(name, t1, a1, t2, a2, t3, a3)                                  \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3);                  \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2]); }        \
  SYS_HANDLER(name, 3);                                                            \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3)
#define SYS_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4);           \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3]);               \
  }                                                                                \
  SYS_HANDLER(name, 4);                                                            \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4)
#define SYS_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                  \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);    \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4]);     \
  }                                                                                \
  SYS_HANDLER(name, 5);                                                            \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYS_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,     \
                            t6 a6);                                                \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4],      \
                         (t6)a[5]);                                                \
  }                                                                                \
  SYS_HANDLER(name, 6);                                                            \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* Every row's handlers, so tables and other handlers (i386 socketcall, the
 * vsyscall page) can name them; a handler outside the rows declares itself
 * with SYS_PROTO.  A row naming a handler nobody defines is a link error. */
#define SYS_PROTO(name) SYS_DECL(name)
#define CALL(n, h64, h32, ...)                                                     \
  SYS_DECL(h64);                                                                   \
  SYS_DECL(h32);                                                                   \
  extern const struct sys_handler sysh_##h64, sysh_##h32;
#define SHOW(...)
#include "calls.inc"
#undef CALL
#undef SHOW

/* The numbers of each call in each ABI, from the kernel's headers:
 * LX64_NR_<name> and LX32_NR_<name>, -1 where the ABI lacks the call. */
enum {
#define SYSNR2(name, nr64, nr32) LX64_NR_##name = nr64, LX32_NR_##name = nr32,
#include "sysnr_both.inc"
#undef SYSNR2
};

/* Each row's index in abi_rows: ABI_ROW_<name>. */
enum {
#define CALL(n, ...) ABI_ROW_##n,
#define SHOW(n, ...) ABI_ROW_##n,
#include "calls.inc"
#undef CALL
#undef SHOW
  ABI_NROWS
};

/* Every row, in the order of the calls_*.inc files, and the row of a name
 * (NULL for none: a name no row has). */
extern const struct sys_row abi_rows[ABI_NROWS];
const struct sys_row *abi_row(const char *name);

/* The table entry for nr (NULL when emu does not serve it); *name gets the
 * call's name from the generated list, or NULL for an unknown number. */
const struct sys_desc *abi64_lookup(long nr, const char **name);
const char *abi64_name(long nr);
const struct sys_desc *abi32_lookup(long nr, const char **name);
const char *abi32_name(long nr);

#endif
