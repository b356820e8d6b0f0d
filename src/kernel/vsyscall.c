/* vsyscall.c — the legacy vsyscall page of x86-64 programs at
 * 0xffffffffff600000, as arch/x86/entry/vsyscall/vsyscall_64.c presents it.
 *
 * The page holds no code a program can read.  With vsyscall=xonly (mainline's
 * default) an instruction fetch from it faults and the kernel emulates the
 * call (emulate_vsyscall): offset 0x000 is gettimeofday, 0x400 time, 0x800
 * getcpu; the result goes to rax and a `ret` is emulated.  Any other offset,
 * an unreadable stack or a bad pointer is SIGSEGV; a read of the page is an
 * ordinary fault.  The page shows in /proc/self/maps as [vsyscall] (the gate
 * vma).  With vsyscall=none (Debian's configured default, and emu's) there is
 * no page: a call is a page fault like any other.  i386 programs never have
 * it.  emu takes the mode from --vsyscall=, as the kernel from its command
 * line; seccomp filters, which emulate_vsyscall consults, are not modelled.
 */
#include <signal.h>

#include "../abi/lx_types.h"
#include "signal.h"

#define VSYSCALL_ADDR 0xffffffffff600000ull

SYS_DECL(gettimeofday);
SYS_DECL(time);
SYS_DECL(getcpu);

static bool vsyscall_on(const struct task *t) {
  return t->proc->opts && t->proc->opts->vsyscall == VSYSCALL_XONLY && t->cpu.mode == 64 &&
         t->proc->bits == 64;
}

size_t vsyscall_maps_line(const struct task *t, char *buf, size_t size) {
  if (!vsyscall_on(t)) return 0;
  /* show_map_vma() of the gate vma: the name after the padded fields. */
  int n = snprintf(buf, size, "%-72s [vsyscall]\n",
                   "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 ");
  return n < 0 ? 0 : (size_t)n;
}

/* write_ok_or_segv(): a pointer outside user space is SIGSEGV at once, as
 * a write fault there would be. */
static bool write_ok_or_segv(struct task *t, u64 ptr, u64 size) {
  if (!ptr || (ptr <= LX_TASK_SIZE_MAX && size <= LX_TASK_SIZE_MAX - ptr)) return true;
  sig_force_fault(t, SIGSEGV, SEGV_MAPERR, ptr, 14 /* X86_TRAP_PF */, 6 /* USER | WRITE */);
  return false;
}

bool vsyscall_emulate(struct task *t) {
  struct cpu *c = &t->cpu;
  u64 addr = c->fault_addr;
  if (!vsyscall_on(t) || (addr & ~0xfffull) != VSYSCALL_ADDR) return false;
  /* Reads and writes of the page are ordinary faults; only a fetch at
   * the instruction pointer is a call. */
  if (!(c->fault_err & CPU_PF_INSTR) || (c->fault_err & CPU_PF_WRITE) || addr != c->rip)
    return false;
  int nr = (addr & ~0xc00ull) == VSYSCALL_ADDR ? (int)((addr & 0xc00) >> 10) : -1;
  u64 caller;
  if (nr < 0 || nr > 2 || copy_from_user(MM(t), &caller, c->r[R_SP], sizeof caller)) {
    sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, 0, 0); /* misaligned, or a bad stack */
    return true;
  }
  u64 a[6] = {c->r[R_DI], c->r[R_SI], 0, 0, 0, 0}; /* getcpu's cache argument is 0 */
  bool ok = nr == 0   ? write_ok_or_segv(t, a[0], 16) && write_ok_or_segv(t, a[1], 8)
            : nr == 1 ? write_ok_or_segv(t, a[0], 8)
                      : write_ok_or_segv(t, a[0], 4) && write_ok_or_segv(t, a[1], 4);
  if (!ok) return true; /* the SIGSEGV is queued; rip stays on the page */
  c->r[R_AX] = (u64)-ENOSYS; /* as the kernel leaves it for seccomp */
  long r = nr == 0 ? sys_gettimeofday(t, a) : nr == 1 ? sys_time(t, a) : sys_getcpu(t, a);
  if (r == -EFAULT) {
    sig_force_fault(t, SIGSEGV, SI_KERNEL, 0, 0, 0); /* a pointer into nothing */
    return true;
  }
  c->r[R_AX] = (u64)r;
  c->rip = caller; /* the emulated ret */
  c->r[R_SP] += 8;
  return true;
}
