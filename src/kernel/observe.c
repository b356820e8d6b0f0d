/* observe.c — the registry of the tools that watch the kernel model
 * (observe.h): who is registered, the mask of the events they want, and
 * the calls that hand each event to them, one after another. */
#include "observe.h"

static const struct observer *list[OBS_MAX];
unsigned obs_events;

static void update_events(void) {
  unsigned ev = 0;
  for (int i = 0; i < OBS_MAX; i++) {
    const struct observer *o = list[i];
    if (!o) continue;
    if (o->syscall_enter) ev |= OBS_SYSCALL_ENTER;
    if (o->serve) ev |= OBS_SERVE;
    if (o->syscall_exit) ev |= OBS_SYSCALL_EXIT;
    if (o->gate_enter64) ev |= OBS_GATE_ENTER64;
    if (o->gate_exit64) ev |= OBS_GATE_EXIT64;
    if (o->gate_enter32) ev |= OBS_GATE_ENTER32;
    if (o->gate_exit32) ev |= OBS_GATE_EXIT32;
    if (o->signal) ev |= OBS_SIGNAL;
    if (o->task_born) ev |= OBS_TASK_BORN;
    if (o->task_unborn) ev |= OBS_TASK_UNBORN;
    if (o->task_exit) ev |= OBS_TASK_EXIT;
    if (o->group_exit) ev |= OBS_GROUP_EXIT;
    if (o->state_save || o->state_restore) ev |= OBS_STATE;
    if (o->exec_args) ev |= OBS_EXEC_ARGS;
  }
  obs_events = ev;
}

void obs_register(const struct observer *o) {
  int free_slot = -1;
  for (int i = 0; i < OBS_MAX; i++) {
    if (list[i] == o) return;
    if (!list[i] && free_slot < 0) free_slot = i;
  }
  if (NEVER(free_slot < 0)) return;
  list[free_slot] = o;
  update_events();
}

/* The slot is emptied, not closed up: an event being handed out goes on
 * with the observers after it. */
void obs_unregister(const struct observer *o) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] == o) list[i] = NULL;
  update_events();
}

long obs_serve_table(struct task *t, const struct sys_desc *sd, u64 args[6]) {
  return sd ? sd->h->fn(t, args) : -ENOSYS;
}

int obs_table_nargs(const struct sys_desc *sd) { return sd ? sd->h->nargs : 0; }

void obs_each_syscall_enter(struct task *t, enum abi abi, long nr, const char *name,
                            const u64 *args) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->syscall_enter) list[i]->syscall_enter(t, abi, nr, name, args);
}

/* One observer serves: the first that can. */
long obs_each_serve(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
                    const struct sys_desc *sd) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->serve) return list[i]->serve(t, abi, nr, name, args, sd);
  return obs_serve_table(t, sd, args);
}

void obs_each_syscall_exit(struct task *t, enum abi abi, long nr, const char *name, const u64 *args,
                           long ret) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->syscall_exit) list[i]->syscall_exit(t, abi, nr, name, args, ret);
}

void obs_each_gate64(struct task *t, enum entry_gate g, const struct pt_regs *f, bool exit) {
  for (int i = 0; i < OBS_MAX; i++) {
    const struct observer *o = list[i];
    if (o && exit && o->gate_exit64) o->gate_exit64(t, g, f);
    if (o && !exit && o->gate_enter64) o->gate_enter64(t, g, f);
  }
}

void obs_each_gate32(struct task *t, enum entry_gate g, const void *f, bool exit) {
  for (int i = 0; i < OBS_MAX; i++) {
    const struct observer *o = list[i];
    if (o && exit && o->gate_exit32) o->gate_exit32(t, g, f);
    if (o && !exit && o->gate_enter32) o->gate_enter32(t, g, f);
  }
}

void obs_each_signal(struct task *t, const struct lx_siginfo *si) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->signal) list[i]->signal(t, si);
}

void obs_each_task_born(struct task *parent) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->task_born) list[i]->task_born(parent);
}

void obs_each_task_unborn(struct task *parent) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->task_unborn) list[i]->task_unborn(parent);
}

void obs_each_task_exit(struct task *t, int wait_status) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->task_exit) list[i]->task_exit(t, wait_status);
}

void obs_each_group_exit(struct task *t, int code, struct task *const *others, int n) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->group_exit) list[i]->group_exit(t, code, others, n);
}

void obs_each_state_save(struct task *t, void *saved[OBS_MAX]) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->state_save) saved[i] = list[i]->state_save(t);
}

void obs_each_state_restore(void *saved[OBS_MAX]) {
  for (int i = 0; i < OBS_MAX; i++)
    if (list[i] && list[i]->state_restore) list[i]->state_restore(saved[i]);
}

long obs_each_exec_args(struct task *t, obs_push_fn push, void *ctx) {
  for (int i = 0; i < OBS_MAX; i++) {
    long r = list[i] && list[i]->exec_args ? list[i]->exec_args(t, push, ctx) : 0;
    if (r) return r;
  }
  return 0;
}
