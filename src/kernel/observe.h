/* observe.h — the kernel model's one interface to the tools that watch it
 * (the system-call log, --frames, --lockstep, --compare).
 *
 * A tool fills a struct observer with the events it wants (NULL for the
 * rest) and registers it at start-up; the kernel model reports through the
 * obs_*() calls below, each one predictable branch on a mask of the events
 * some observer wants, so a run that nobody watches pays nothing more.  The
 * kernel model includes no tool's header: the dependency points from the
 * tools to the kernel.
 *
 * When each event comes:
 *
 *  syscall_enter  entry.c, before the handler runs, with the arguments the
 *                 table will see (input arguments are still as the guest
 *                 passed them).
 *  serve          entry.c, instead of the handler: an observer that serves
 *                 the calls itself (--lockstep replays the native result,
 *                 --compare records); at most one.  sd is the table's entry
 *                 (NULL for a number emu does not serve); obs_serve_table()
 *                 runs it.
 *  syscall_exit   entry.c, after the handler returned, with its result.
 *  gate_enter64   entry.c, at a gate's entry (frame built, before the table)
 *  gate_exit64    and exit (CPU restored), for the 64-bit pt_regs frame
 *                 (GATE_SYSCALL64, GATE_INT80_64); gate_*32 for the i386
 *  gate_enter32   frame (GATE_INT80_32, GATE_SYSENTER32): 17 u32 words in
 *  gate_exit32    the 32-bit kernel's pt_regs order (bx cx dx si di bp ax
 *                 ds es fs gs orig_ax ip cs flags sp ss).
 *  signal         signal.c, when a signal is delivered (to a handler, or for
 *                 its default action, before the process dies of it; ignored
 *                 ones too), with the siginfo in the x86-64 layout.
 *  task_born      the process code, in the parent, before a new task
 *  task_unborn    (thread, forked or vfork'd child) can run; then unborn if
 *                 it could not be made.
 *  task_exit      a task has finished for good, with its wait status (the
 *                 last task of a process with the process's status).
 *  group_exit     exit_group while other threads live and the process ends
 *                 inside the call: the others (others[n]) end with it.
 *  state_save     around a CLONE_VM child that runs on the parent's host
 *  state_restore  thread: the parent's state set aside, restored once the
 *                 child is gone.
 *  exec_args      a guest's execve, which re-runs emu: the observer adds its
 *                 options to the new emu's command line through push
 *                 (0, or -errno, which ends the execve).
 */
#ifndef EMU_OBSERVE_H
#define EMU_OBSERVE_H

#include "kernel.h"

/* The gates of the entry model (entry.c). */
enum entry_gate {
  GATE_SYSCALL64,  /* syscall from 64-bit code: entry_SYSCALL_64 */
  GATE_INT80_64,   /* int $0x80 from 64-bit code: entry_INT80_compat, 64-bit frame */
  GATE_INT80_32,   /* int $0x80 from 32-bit code: the i386 frame */
  GATE_SYSENTER32, /* sysenter from the i386 vDSO's __kernel_vsyscall */
};

typedef long (*obs_push_fn)(void *ctx, const char *arg);

struct observer {
  const char *name;
  void (*syscall_enter)(struct task *t, enum abi abi, long nr, const char *name, const u64 *args);
  long (*serve)(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
                const struct sys_desc *sd);
  void (*syscall_exit)(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                       long ret);
  void (*gate_enter64)(struct task *t, enum entry_gate g, const struct pt_regs *f);
  void (*gate_exit64)(struct task *t, enum entry_gate g, const struct pt_regs *f);
  void (*gate_enter32)(struct task *t, enum entry_gate g, const void *f);
  void (*gate_exit32)(struct task *t, enum entry_gate g, const void *f);
  void (*signal)(struct task *t, const struct lx_siginfo *si);
  void (*task_born)(struct task *parent);
  void (*task_unborn)(struct task *parent);
  void (*task_exit)(struct task *t, int wait_status);
  void (*group_exit)(struct task *t, int code, struct task *const *others, int n);
  void *(*state_save)(struct task *t);
  void (*state_restore)(void *saved);
  long (*exec_args)(struct task *t, obs_push_fn push, void *ctx);
};

/* Add o (at most OBS_MAX; a second registration of o is a no-op) or remove
 * it.  Process-wide, as the tools' options are; removing is safe from
 * inside one of o's own events. */
#define OBS_MAX 8
void obs_register(const struct observer *o);
void obs_unregister(const struct observer *o);

/* For a serving observer: the table's handler sd (NULL: -ENOSYS) run on
 * args, as the table would; and how many arguments the table gives it. */
long obs_serve_table(struct task *t, const struct sys_desc *sd, u64 args[6]);
int obs_table_nargs(const struct sys_desc *sd);

/* ---- the kernel model's side ---- */

enum {
  OBS_SYSCALL_ENTER = 1u << 0,
  OBS_SERVE = 1u << 1,
  OBS_SYSCALL_EXIT = 1u << 2,
  OBS_GATE_ENTER64 = 1u << 3,
  OBS_GATE_EXIT64 = 1u << 4,
  OBS_GATE_ENTER32 = 1u << 5,
  OBS_GATE_EXIT32 = 1u << 6,
  OBS_SIGNAL = 1u << 7,
  OBS_TASK_BORN = 1u << 8,
  OBS_TASK_UNBORN = 1u << 9,
  OBS_TASK_EXIT = 1u << 10,
  OBS_GROUP_EXIT = 1u << 11,
  OBS_STATE = 1u << 12, /* state_save and state_restore */
  OBS_EXEC_ARGS = 1u << 13,
};
/* The events some registered observer wants. */
extern unsigned obs_events;

void obs_each_syscall_enter(struct task *t, enum abi abi, long nr, const char *name,
                            const u64 *args);
long obs_each_serve(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
                    const struct sys_desc *sd);
void obs_each_syscall_exit(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                           long ret);
void obs_each_gate64(struct task *t, enum entry_gate g, const struct pt_regs *f, bool exit);
void obs_each_gate32(struct task *t, enum entry_gate g, const void *f, bool exit);
void obs_each_signal(struct task *t, const struct lx_siginfo *si);
void obs_each_task_born(struct task *parent);
void obs_each_task_unborn(struct task *parent);
void obs_each_task_exit(struct task *t, int wait_status);
void obs_each_group_exit(struct task *t, int code, struct task *const *others, int n);
void obs_each_state_save(struct task *t, void *saved[OBS_MAX]);
void obs_each_state_restore(void *saved[OBS_MAX]);
long obs_each_exec_args(struct task *t, obs_push_fn push, void *ctx);

static inline void obs_syscall_enter(struct task *t, enum abi abi, long nr, const char *name,
                                     const u64 *args) {
  if (UNLIKELY(obs_events & OBS_SYSCALL_ENTER)) obs_each_syscall_enter(t, abi, nr, name, args);
}
/* Whether an observer serves the calls (then obs_each_serve, not the table). */
static inline bool obs_serving(void) { return UNLIKELY(obs_events & OBS_SERVE); }
static inline void obs_syscall_exit(struct task *t, enum abi abi, long nr, const char *name,
                                    const u64 *args, long ret) {
  if (UNLIKELY(obs_events & OBS_SYSCALL_EXIT)) obs_each_syscall_exit(t, abi, nr, name, args, ret);
}
static inline void obs_gate_enter64(struct task *t, enum entry_gate g, const struct pt_regs *f) {
  if (UNLIKELY(obs_events & OBS_GATE_ENTER64)) obs_each_gate64(t, g, f, false);
}
static inline void obs_gate_exit64(struct task *t, enum entry_gate g, const struct pt_regs *f) {
  if (UNLIKELY(obs_events & OBS_GATE_EXIT64)) obs_each_gate64(t, g, f, true);
}
static inline void obs_gate_enter32(struct task *t, enum entry_gate g, const void *f) {
  if (UNLIKELY(obs_events & OBS_GATE_ENTER32)) obs_each_gate32(t, g, f, false);
}
static inline void obs_gate_exit32(struct task *t, enum entry_gate g, const void *f) {
  if (UNLIKELY(obs_events & OBS_GATE_EXIT32)) obs_each_gate32(t, g, f, true);
}
static inline void obs_signal(struct task *t, const struct lx_siginfo *si) {
  if (UNLIKELY(obs_events & OBS_SIGNAL)) obs_each_signal(t, si);
}
static inline void obs_task_born(struct task *parent) {
  if (UNLIKELY(obs_events & OBS_TASK_BORN)) obs_each_task_born(parent);
}
static inline void obs_task_unborn(struct task *parent) {
  if (UNLIKELY(obs_events & OBS_TASK_UNBORN)) obs_each_task_unborn(parent);
}
static inline void obs_task_exit(struct task *t, int wait_status) {
  if (UNLIKELY(obs_events & OBS_TASK_EXIT)) obs_each_task_exit(t, wait_status);
}
static inline void obs_group_exit(struct task *t, int code, struct task *const *others, int n) {
  if (UNLIKELY(obs_events & OBS_GROUP_EXIT)) obs_each_group_exit(t, code, others, n);
}
/* saved: OBS_MAX slots, filled by save and emptied by restore. */
static inline void obs_state_save(struct task *t, void *saved[OBS_MAX]) {
  for (int i = 0; i < OBS_MAX; i++) saved[i] = NULL;
  if (UNLIKELY(obs_events & OBS_STATE)) obs_each_state_save(t, saved);
}
static inline void obs_state_restore(void *saved[OBS_MAX]) {
  if (UNLIKELY(obs_events & OBS_STATE)) obs_each_state_restore(saved);
}
static inline long obs_exec_args(struct task *t, obs_push_fn push, void *ctx) {
  return UNLIKELY(obs_events & OBS_EXEC_ARGS) ? obs_each_exec_args(t, push, ctx) : 0;
}

#endif
