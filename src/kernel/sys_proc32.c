/* sys_proc32.c — the i386 side of process control: set_thread_area and
 * get_thread_area (arch/x86/kernel/tls.c), and the i386 layouts of
 * rt_sigaction, sigaltstack and get_robust_list (kernel/signal.c compat
 * paths). */
#include <signal.h>
#include <string.h>

#include "../abi/lx_proc.h"
#include "signal.h"

static void desc_from_user(struct seg_desc *d, const struct lx_user_desc *u) {
  memset(d, 0, sizeof *d);
  d->base = u->base_addr;
  d->limit = u->limit;
  d->seg_32bit = u->flags & 1;
  d->contents = (u->flags >> 1) & 3;
  d->read_exec_only = (u->flags >> 3) & 1;
  d->limit_in_pages = (u->flags >> 4) & 1;
  d->seg_not_present = (u->flags >> 5) & 1;
  d->useable = (u->flags >> 6) & 1;
  d->lm = (u->flags >> 7) & 1;
}

static void desc_to_user(const struct seg_desc *d, struct lx_user_desc *u) {
  u->base_addr = d->base;
  u->limit = d->limit;
  u->flags = d->seg_32bit | d->contents << 1 | d->read_exec_only << 3 | d->limit_in_pages << 4 |
             d->seg_not_present << 5 | d->useable << 6 | d->lm << 7;
}

/* LDT_empty(): all fields zero but read_exec_only and seg_not_present set. */
static bool user_desc_empty(const struct lx_user_desc *u) {
  return u->base_addr == 0 && u->limit == 0 && (u->flags & 0xff) == (1u << 3 | 1u << 5);
}
static bool user_desc_zero(const struct lx_user_desc *u) {
  return u->base_addr == 0 && u->limit == 0 && u->flags == 0;
}

/* tls_desc_okay() */
static bool tls_desc_okay(const struct lx_user_desc *u) {
  if (user_desc_empty(u) || user_desc_zero(u)) return true;
  if (!(u->flags & 1)) return false;           /* only 32-bit segments */
  if (((u->flags >> 1) & 3) > 1) return false; /* only data segments */
  if (u->flags >> 5 & 1) return false;         /* no non-present segments */
  return true;
}

SYS_DEFINE1(set_thread_area, u64, uinfo) {
  struct cpu *c = &t->cpu;
  struct lx_user_desc u;
  if (copy_from_user(MM(t), &u, uinfo, sizeof u)) return -EFAULT;
  if (!tls_desc_okay(&u)) return -EINVAL;
  int idx = (int)u.entry_number;
  if (idx == -1) {
    for (idx = 0; idx < GDT_TLS_NUM && c->tls[idx].present; idx++) {
    }
    if (idx == GDT_TLS_NUM) return -ESRCH;
    idx += GDT_TLS_MIN;
    u32 e = (u32)idx;
    if (copy_to_user(MM(t), uinfo, &e, sizeof e)) return -EFAULT;
  }
  if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_NUM) return -EINVAL;
  struct seg_desc *d = &c->tls[idx - GDT_TLS_MIN];
  if (user_desc_empty(&u) || user_desc_zero(&u)) {
    memset(d, 0, sizeof *d);
  } else {
    desc_from_user(d, &u);
    d->present = 1;
  }
  /* A segment register holding this selector is refreshed, as tls.c does. */
  for (int s = SEG_ES; s <= SEG_GS; s++) {
    if (s == SEG_CS || s == SEG_SS) continue;
    if ((c->seg[s] >> 3) == idx && !(c->seg[s] & 4)) c->seg_base[s] = d->base;
  }
  return 0;
}

SYS_DEFINE1(get_thread_area, u64, uinfo) {
  struct cpu *c = &t->cpu;
  u32 idx;
  if (copy_from_user(MM(t), &idx, uinfo, sizeof idx)) return -EFAULT;
  if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_NUM) return -EINVAL;
  struct lx_user_desc u;
  memset(&u, 0, sizeof u);
  u.entry_number = idx;
  const struct seg_desc *d = &c->tls[idx - GDT_TLS_MIN];
  if (d->present)
    desc_to_user(d, &u);
  else
    u.flags = 1u << 3 | 1u << 5; /* empty: read_exec_only, seg_not_present */
  return copy_to_user(MM(t), uinfo, &u, sizeof u);
}

SYS_DEFINE4(rt_sigaction32, int, sig, u64, act, u64, oact, u64, sigsetsize) {
  /* Convert through the x86-64 handler on a scratch area: copy in, call the
   * ABI-neutral core, copy out. */
  struct lx32_sigaction a32, o32;
  struct lx_sigaction k;
  if (sigsetsize != 8) return -EINVAL;
  if (sig < 1 || sig > 64) return -EINVAL;
  if (act) {
    if (copy_from_user(MM(t), &a32, act, sizeof a32)) return -EFAULT;
    k = (struct lx_sigaction){a32.handler, a32.flags, a32.restorer, a32.mask};
  }
  struct lx_sigaction old;
  long r = sys_sigaction_core(t, sig, act ? &k : NULL, &old);
  if (r) return r;
  if (oact) {
    o32 = (struct lx32_sigaction){(u32)old.handler, (u32)old.flags, (u32)old.restorer, old.mask};
    if (copy_to_user(MM(t), oact, &o32, sizeof o32)) return -EFAULT;
  }
  return 0;
}

SYS_DEFINE2(sigaltstack32, u64, uss, u64, uoss) {
  struct lx32_stack s32;
  struct lx_stack ns, old;
  if (uss) {
    if (copy_from_user(MM(t), &s32, uss, sizeof s32)) return -EFAULT;
    ns = (struct lx_stack){s32.ss_sp, s32.ss_flags, 0, s32.ss_size};
  }
  long r = sys_sigaltstack_core(t, uss ? &ns : NULL, &old);
  if (r) return r;
  if (uoss) {
    s32 = (struct lx32_stack){(u32)old.ss_sp, old.ss_flags, (u32)old.ss_size};
    if (copy_to_user(MM(t), uoss, &s32, sizeof s32)) return -EFAULT;
  }
  return 0;
}

SYS_DEFINE3(get_robust_list32, int, pid, u64, head_ptr, u64, len_ptr) {
  if (pid != 0 && pid != t->tid) return -ESRCH;
  u32 head = (u32)t->robust_list, len = (u32)t->robust_len;
  if (copy_to_user(MM(t), head_ptr, &head, 4)) return -EFAULT;
  return copy_to_user(MM(t), len_ptr, &len, 4);
}

SYS_DEFINE2(set_robust_list32, u64, head, u64, len) {
  if (len != 12) return -EINVAL; /* struct compat_robust_list_head */
  t->robust_list = head;
  t->robust_len = len;
  return 0;
}
