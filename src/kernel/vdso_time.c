/* vdso_time.c — the vDSO's time functions answered in user space.
 *
 * Linux's vDSO answers clock_gettime, gettimeofday, time, getcpu and
 * clock_getres without entering the kernel, from its vvar data page and the
 * TSC (lib/vdso/gettimeofday.c, arch/x86/include/asm/vdso/gettimeofday.h):
 * a program's time calls then appear neither in strace nor as kernel
 * entries.  emu's vDSO (src/vdso) does the same from the guest's side: it
 * asks emu through one instruction, emu_vdso_service, which the entry hands
 * here before any of the entry model runs (no pt_regs, no table, no
 * --strace or --frames line), and stores the answer itself.  emu answers
 * from the host's own clocks (the host's vDSO), not from a second copy of
 * the clock data: the guest's clocks are then exactly the ones that time
 * its sleeps and timeouts, which the host serves.  The clocks served are
 * the ones Linux's vDSO serves (the high-resolution, coarse and raw ones,
 * BOOTTIME and TAI); for any other the vDSO takes the fallback, a real
 * system call, as Linux's does.  --vdso=syscall makes the vDSO always take
 * the fallback (to watch the system calls, as teaching material shows them).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/time.h>
#include <time.h>

#include "kernel.h"
#include "../vdso/vdso_service.h"

/* The clocks of the kernel's VDSO_HRES, VDSO_COARSE and VDSO_RAW bases. */
static bool vdso_clock(u32 clk) {
  switch (clk) {
  case CLOCK_REALTIME:
  case CLOCK_MONOTONIC:
  case CLOCK_MONOTONIC_RAW:
  case CLOCK_REALTIME_COARSE:
  case CLOCK_MONOTONIC_COARSE:
  case CLOCK_BOOTTIME:
  case CLOCK_TAI: return true;
  default: return false;
  }
}

/* The service the vDSO asked for at its entry. */
static SLOW_PATH bool vdso_answer(struct task *t) {
  struct cpu *c = &t->cpu;
  bool is32 = c->mode == 32;
  u32 arg = (u32)c->r[is32 ? R_BX : R_DI];
  u64 v[4] = {0};
  long st = 0;
  struct timespec ts;
  switch ((u32)c->r[R_AX]) {
  case VDSO_SVC_CLOCK_GETTIME:
  case VDSO_SVC_CLOCK_GETTIME64:
  case VDSO_SVC_CLOCK_GETRES:
    if (!vdso_clock(arg)) {
      st = -1;
      break;
    }
    if ((u32)c->r[R_AX] == VDSO_SVC_CLOCK_GETRES ? clock_getres(arg, &ts) : clock_gettime(arg, &ts))
      st = -1;
    v[0] = (u64)ts.tv_sec;
    v[1] = (u64)ts.tv_nsec;
    break;
  case VDSO_SVC_GETTIMEOFDAY: {
    struct timeval tv;
    struct timezone tz;
    if (gettimeofday(&tv, &tz)) st = -1;
    v[0] = (u64)tv.tv_sec;
    v[1] = (u64)tv.tv_usec;
    v[2] = (u64)(u32)tz.tz_minuteswest;
    v[3] = (u64)(u32)tz.tz_dsttime;
    break;
  }
  case VDSO_SVC_TIME: v[0] = (u64)time(NULL); break;
  case VDSO_SVC_GETCPU: {
    unsigned cpu, node;
    if (getcpu(&cpu, &node)) st = -1;
    v[0] = cpu;
    v[1] = node;
    break;
  }
  default: return false; /* not a service: an ordinary system call */
  }
  if (is32) {
    c->r[R_AX] = (u32)st;
    c->r[R_DX] = (u32)v[0];
    c->r[R_CX] = (u32)(v[0] >> 32);
    c->r[R_SI] = (u32)v[1];
    c->r[R_DI] = (u32)v[2];
    c->r[R_BX] = (u32)v[3];
  } else {
    c->r[R_AX] = (u64)st;
    c->r[R_DX] = v[0];
    c->r[R_CX] = v[1];
    c->r[R_R8] = v[2];
    c->r[R_R9] = v[3];
    c->r[R_R11] = cpu_get_flags(c) & ~(u64)F_RF; /* what SYSCALL leaves in r11 */
  }
  return true;
}

bool vdso_serve(struct task *t) {
  u64 svc = t->proc->vdso_service;
  return UNLIKELY(svc && t->cpu.ip == svc) && vdso_answer(t);
}
