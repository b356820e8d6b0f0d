/* test_io.c — the I/O, time and info layer's helpers and handlers, called directly on
 * a task over a real guest address space: guest buffer translation (window bounds,
 * MAX_RW_COUNT), iovec import, and handlers' EFAULT paths (no fd leaks), layouts. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel/signal.h"
#include "syscall/sys_io.h"

static struct mm *mm;
static struct proc proc;
static struct task task;
static u64 rw; /* one read-write guest page */
static u64 ro; /* one read-only guest page */

static void setup(void) {
  mm = mm_new(64);
  cr_assert_not_null(mm);
  proc.mm = mm;
  proc.bits = 64;
  task.proc = &proc;
  rw = mm_map(mm, 0x10000000, 4096, MM_READ | MM_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "");
  ro = mm_map(mm, 0x20000000, 4096, MM_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "");
  cr_assert_eq(rw, 0x10000000);
  cr_assert_eq(ro, 0x20000000);
}
static void teardown(void) { mm_free(mm); }

static long call(sys_fn fn, u64 a0, u64 a1, u64 a2, u64 a3) {
  const u64 a[6] = {a0, a1, a2, a3, 0, 0};
  return fn(&task, a);
}

TestSuite(io, .init = setup, .fini = teardown);

Test(io, ubuf_caps_at_window_and_max_rw) {
  void *p;
  size_t n = 100;
  cr_assert_eq(sys_io_ubuf(&task, rw, &n, &p), 0);
  cr_assert_eq(n, 100);
  cr_assert_eq(p, mm->base + rw);
  n = ~(size_t)0;
  cr_assert_eq(sys_io_ubuf(&task, rw, &n, &p), 0);
  cr_assert_eq(n, LX_MAX_RW_COUNT);
  /* Past the window the host meets the guard area (PROT_NONE) and faults
   * there; a count is capped at the guard's end, never beyond. */
  n = 4096;
  cr_assert_eq(sys_io_ubuf(&task, mm->limit - 16, &n, &p), 0);
  cr_assert_eq(n, 4096);
  n = 4 * MM_GUARD;
  cr_assert_eq(sys_io_ubuf(&task, mm->limit - 16, &n, &p), 0);
  cr_assert_eq(n, 16 + MM_GUARD);
  n = 1;
  cr_assert_eq(sys_io_ubuf(&task, mm->limit, &n, &p), -EFAULT);
  n = 0;
  cr_assert_eq(sys_io_ubuf(&task, ~0ull, &n, &p), 0);
  cr_assert_null(p);
}

Test(io, uptr_null_and_outside) {
  void *p = (void *)1;
  cr_assert_eq(sys_io_uptr(&task, 0, 16, &p), 0);
  cr_assert_null(p);
  cr_assert_eq(sys_io_uptr(&task, mm->limit + 4096, 16, &p), -EFAULT);
  cr_assert_eq(sys_io_uptr(&task, rw, 16, &p), 0);
  cr_assert_eq(p, mm->base + rw);
}

Test(io, iov_translate) {
  struct iovec iov[3] = {{(void *)(uintptr_t)rw, 10}, {NULL, 0}, {(void *)(uintptr_t)ro, 5}};
  cr_assert_eq(sys_io_iov_translate(&task, iov, 3), 0);
  cr_assert_eq(iov[0].iov_base, mm->base + rw);
  cr_assert_eq(iov[2].iov_base, mm->base + ro);
  struct iovec neg = {(void *)(uintptr_t)rw, (size_t)-1};
  cr_assert_eq(sys_io_iov_translate(&task, &neg, 1), -EINVAL);
  struct iovec out = {(void *)(uintptr_t)(mm->limit + 8192), 1};
  cr_assert_eq(sys_io_iov_translate(&task, &out, 1), -EFAULT);
  /* the total is capped at MAX_RW_COUNT */
  struct iovec two[2] = {{(void *)(uintptr_t)rw, LX_MAX_RW_COUNT - 10},
                         {(void *)(uintptr_t)rw, 100}};
  cr_assert_eq(sys_io_iov_translate(&task, two, 2), 0);
  cr_assert_eq(two[1].iov_len, 10);
}

/* The host mask of a wait's temporary mask (sig_wait_begin). */
Test(io, sigmask_keeps_fault_signals) {
  u64 m = sig_host_set(~0ull);
  cr_assert_eq(m & (1ull << (SIGSEGV - 1)), 0);
  cr_assert_eq(m & (1ull << (SIGBUS - 1)), 0);
  cr_assert_neq(m & (1ull << (SIGINT - 1)), 0);
}

Test(io, pipe2_efault_leaks_no_fd) {
  int before = dup(0);
  close(before);
  cr_assert_eq(call(sys_pipe2, ro, 0, 0, 0), -EFAULT);
  int after = dup(0);
  close(after);
  cr_assert_eq(before, after);
  cr_assert_eq(call(sys_pipe2, rw, O_CLOEXEC, 0, 0), 0);
  i32 fds[2];
  cr_assert_eq(copy_from_user(mm, fds, rw, sizeof fds), 0);
  cr_assert_eq(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  cr_assert_eq(write(fds[1], "abc", 3), 3);
  /* FIONREAD goes through emu's buffer */
  cr_assert_eq(call(sys_ioctl, fds[0], FIONREAD, rw + 64, 0), 0);
  i32 n;
  cr_assert_eq(copy_from_user(mm, &n, rw + 64, 4), 0);
  cr_assert_eq(n, 3);
  cr_assert_eq(call(sys_ioctl, fds[0], FIONREAD, ro, 0), -EFAULT);
  cr_assert_eq(call(sys_ioctl, fds[0], 0x12345678, rw, 0), -ENOTTY);
  cr_assert_eq(call(sys_ioctl, 9999, 0x12345678, rw, 0), -EBADF);
  close(fds[0]);
  close(fds[1]);
}

Test(io, uname_machine_and_layout) {
  cr_assert_eq(call(sys_uname, rw, 0, 0, 0), 0);
  struct utsname h;
  uname(&h);
  char g[390];
  cr_assert_eq(copy_from_user(mm, g, rw, sizeof g), 0);
  cr_assert_str_eq(g, h.sysname);
  cr_assert_str_eq(g + 4 * 65, "x86_64");
  cr_assert_eq(call(sys_uname, ro, 0, 0, 0), -EFAULT);
}

Test(io, clock_gettime_layout) {
  struct timespec h;
  clock_gettime(CLOCK_REALTIME, &h);
  cr_assert_eq(call(sys_clock_gettime, CLOCK_REALTIME, rw, 0, 0), 0);
  struct lx64_timespec g;
  cr_assert_eq(copy_from_user(mm, &g, rw, sizeof g), 0);
  cr_assert(g.tv_sec - h.tv_sec >= 0 && g.tv_sec - h.tv_sec <= 2);
  cr_assert(g.tv_nsec >= 0 && g.tv_nsec < 1000000000);
  cr_assert_eq(call(sys_clock_gettime, CLOCK_REALTIME, 1, 0, 0), -EFAULT);
  cr_assert_eq(call(sys_clock_gettime, 12345, 1, 0, 0), -EINVAL);
}
