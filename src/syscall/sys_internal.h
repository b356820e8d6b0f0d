/* sys_internal.h — how system calls are declared and tabled.  Private to
 * src/syscall.
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
 */
#ifndef EMU_SYS_INTERNAL_H
#define EMU_SYS_INTERNAL_H

#include "sys.h"

typedef long (*sys_fn)(struct task *t, const u64 *a);

struct sys_desc {
  const char *name;
  sys_fn fn;   /* NULL: -ENOSYS */
  u8 nargs;
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
 * subsystem lists its own in sys_<subsystem>.h-style blocks below. */
#define SYS_PROTO(name) SYS_DECL(name)

/* Convenience for handlers */
#define MM(t) ((t)->proc->mm)

/* Read a path argument: copies into buf (PATH_MAX), returns 0 or -EFAULT /
 * -ENAMETOOLONG.  Defined in sys_fs.c. */
long sys_get_path(struct task *t, u64 uaddr, char *buf);

#endif
