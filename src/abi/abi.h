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
 * Each syscall subsystem file has a fragment of the x86-64 table,
 * tab64_<subsystem>.inc, with lines
 *
 *   SYS64(write, 3)        -- name as in asm/unistd_64.h, argument count
 *
 * abi_x86_64.c includes every fragment into the table indexed by the numbers
 * generated from the host's asm/unistd_64.h (build/gen/sysnr_x86_64.inc).
 *
 * The i386 table (abi_i386.c, numbers from asm/unistd_32.h) is filled the
 * same way from tab32_<subsystem>.inc with lines
 *
 *   SYS32(read, 3, read, 0)        -- i386 name, argument count, handler, sext
 *   SYS32(_llseek, 5, llseek32, 0)
 *   SYS32(lseek, 3, lseek, 0x2)    -- argument 1 is a signed 32-bit off_t
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

struct sys_desc {
  const char *name;
  sys_fn fn;   /* NULL: -ENOSYS */
  u8 nargs;
  u8 sext;     /* i386: bit i set = argument i is a signed 32-bit value (sign-extended) */
};

#define SYS_DECL(name) long sys_##name(struct task *t, const u64 *a)

#define SYS_DEFINE0(name)                                                          \
  static long do_sys_##name(struct task *t);                                       \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { (void)a; return do_sys_##name(t); }                             \
  static long do_sys_##name(struct task *t)
#define SYS_DEFINE1(name, t1, a1)                                                  \
  static long do_sys_##name(struct task *t, t1 a1);                                \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0]); }                            \
  static long do_sys_##name(struct task *t, t1 a1)
#define SYS_DEFINE2(name, t1, a1, t2, a2)                                          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2);                         \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0], (t2)a[1]); }                  \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2)
#define SYS_DEFINE3(name, t1, a1, t2, a2, t3, a3)                                  \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3);                  \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) { return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2]); }        \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3)
#define SYS_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4);           \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3]);               \
  }                                                                                \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4)
#define SYS_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                  \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);    \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4]);     \
  }                                                                                \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYS_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)          \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,     \
                            t6 a6);                                                \
  SYS_DECL(name);                                                                  \
  SYS_DECL(name) {                                                                 \
    return do_sys_##name(t, (t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4],      \
                         (t6)a[5]);                                                \
  }                                                                                \
  static long do_sys_##name(struct task *t, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* Every handler's prototype, so tables and other ABIs can name them.  Each
 * subsystem's header declares its own from its table fragments. */
#define SYS_PROTO(name) SYS_DECL(name)

/* The table entry for nr (NULL when emu does not serve it); *name gets the
 * call's name from the generated list, or NULL for an unknown number. */
const struct sys_desc *abi64_lookup(long nr, const char **name);
const char *abi64_name(long nr);
const struct sys_desc *abi32_lookup(long nr, const char **name);
const char *abi32_name(long nr);

#endif
