/* sys_ldt.c — modify_ldt(2): the process's local descriptor table.  Mirrors
 * linux arch/x86/kernel/ldt.c (read_ldt, write_ldt, read_default_ldt) and
 * fill_ldt()/LDT_empty() of arch/x86/include/asm/desc.h.
 *
 *   func 0     read: the installed entries as 8-byte hardware descriptors,
 *              zero-filled up to bytecount; 0 when there is no LDT
 *   func 1     write, old mode (a zero base and limit clears the entry; AVL 0)
 *   func 0x11  write (only LDT_empty() clears; contents 3 needs "not present")
 *   func 2     read_default: bytecount (at most 128) zero bytes
 *
 * The LDT is per process (per struct mm here) and shared by its threads: it is
 * allocated on the first write with all 8192 entries (so a thread's
 * c->ldt_entries never goes stale) and every cpu that calls modify_ldt points
 * at it; threads created later inherit the pointer with their cpu.  The
 * kernel's entry count (what func 0 reports) is kept beside it.  A fork copies
 * it with the host process, and an exec starts with a new mm and no LDT.
 * As the kernel's, the result is returned as an unsigned int: on x86-64 an
 * error reads as 0xffffffea etc. in rax.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/lx_proc.h"
#include "kernel.h"

#define LDT_ENTRIES    8192
#define LDT_ENTRY_SIZE 8


/* One process's LDT. */
struct ldt_proc {
  const struct mm *mm;
  struct seg_desc *ents; /* LDT_ENTRIES, allocated at once */
  u64 *raw;              /* the same entries as hardware descriptors (func 0) */
  u32 nr_entries;        /* the kernel's count: highest entry written + 1 */
};

static pthread_mutex_t ldt_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ldt_proc ldt_procs[8]; /* a host process runs one guest process (plus nested) */

static struct ldt_proc *ldt_find(const struct mm *mm, bool create) {
  struct ldt_proc *fr = NULL;
  for (size_t i = 0; i < ARRAY_SIZE(ldt_procs); i++) {
    if (ldt_procs[i].mm == mm) return &ldt_procs[i];
    if (!ldt_procs[i].mm && !fr) fr = &ldt_procs[i];
  }
  if (!create || !fr) return NULL;
  struct seg_desc *e = calloc(LDT_ENTRIES, sizeof *e);
  u64 *raw = calloc(LDT_ENTRIES, sizeof *raw);
  if (!e || !raw) {
    free(e);
    free(raw);
    return NULL;
  }
  *fr = (struct ldt_proc){mm, e, raw, 0};
  return fr;
}

/* LDT_empty() (the x86-64 form, with lm). */
static bool ldt_empty(const struct lx_user_desc *u) {
  return u->base_addr == 0 && u->limit == 0 && (u->flags & 0xff) == (1u << 3 | 1u << 5);
}

static long read_ldt(struct task *t, u64 ptr, u64 bytecount) {
  pthread_mutex_lock(&ldt_lock);
  struct ldt_proc *l = ldt_find(MM(t), false);
  long r = 0;
  if (l && l->nr_entries) {
    if (bytecount > (u64)LDT_ENTRY_SIZE * LDT_ENTRIES) bytecount = LDT_ENTRY_SIZE * LDT_ENTRIES;
    u64 n = (u64)l->nr_entries * LDT_ENTRY_SIZE;
    if (n > bytecount) n = bytecount;
    if (copy_to_user(MM(t), ptr, l->raw, n)) {
      r = -EFAULT;
    } else if (n != bytecount) {
      static const u8 zero[256];
      for (u64 o = n; o < bytecount && !r; o += sizeof zero) {
        u64 k = bytecount - o < sizeof zero ? bytecount - o : sizeof zero;
        if (copy_to_user(MM(t), ptr + o, zero, k)) r = -EFAULT;
      }
    }
    if (!r) r = (long)bytecount;
  }
  pthread_mutex_unlock(&ldt_lock);
  return r;
}

static long write_ldt(struct task *t, u64 ptr, u64 bytecount, bool oldmode) {
  struct lx_user_desc u;
  if (bytecount != sizeof u) return -EINVAL;
  if (copy_from_user(MM(t), &u, ptr, sizeof u)) return -EFAULT;
  if (u.entry_number >= LDT_ENTRIES) return -EINVAL;
  u32 contents = (u.flags >> 1) & 3;
  if (contents == 3 && (oldmode || !((u.flags >> 5) & 1))) return -EINVAL;
  bool clear = (oldmode && !u.base_addr && !u.limit) || ldt_empty(&u);

  pthread_mutex_lock(&ldt_lock);
  struct ldt_proc *l = ldt_find(MM(t), true);
  if (!l) {
    pthread_mutex_unlock(&ldt_lock);
    return -ENOMEM;
  }
  struct seg_desc *d = &l->ents[u.entry_number];
  memset(d, 0, sizeof *d);
  l->raw[u.entry_number] = 0;
  if (!clear) {
    d->base = u.base_addr;
    d->limit = u.limit;
    d->seg_32bit = u.flags & 1;
    d->contents = contents;
    d->read_exec_only = (u.flags >> 3) & 1;
    d->limit_in_pages = (u.flags >> 4) & 1;
    d->seg_not_present = (u.flags >> 5) & 1;
    d->useable = oldmode ? 0 : (u.flags >> 6) & 1;
    d->lm = (u.flags >> 7) & 1;
    d->present = 1;
    l->raw[u.entry_number] = cpu_desc_encode(d); /* fill_ldt() */
  }
  if (u.entry_number + 1 > l->nr_entries) l->nr_entries = u.entry_number + 1;
  struct cpu *c = &t->cpu;
  c->ldt = l->ents;
  c->ldt_entries = LDT_ENTRIES;
  pthread_mutex_unlock(&ldt_lock);

  /* refresh_ldt_segments(): a data segment register holding this selector
   * takes the new base. */
  u16 sel = (u16)(u.entry_number << 3 | 4);
  for (int s = SEG_ES; s <= SEG_GS; s++) {
    if (s == SEG_CS || s == SEG_SS) continue;
    if ((c->seg[s] & ~3u) == sel && c->mode == 32) c->seg_base[s] = d->present ? d->base : 0;
    if ((c->seg[s] & ~3u) == sel && c->mode == 64 && s >= SEG_FS)
      c->seg_base[s] = d->present ? d->base : 0;
  }
  return 0;
}

/* read_default_ldt() of a 64-bit kernel: 128 zero bytes at most. */
static long read_default_ldt(struct task *t, u64 ptr, u64 bytecount) {
  static const u8 zero[128];
  if (bytecount > sizeof zero) bytecount = sizeof zero;
  if (copy_to_user(MM(t), ptr, zero, bytecount)) return -EFAULT;
  return (long)bytecount;
}

SYS_DEFINE3(modify_ldt, int, func, u64, ptr, u64, bytecount) {
  long r;
  switch (func) {
  case 0: r = read_ldt(t, ptr, bytecount); break;
  case 1: r = write_ldt(t, ptr, bytecount, true); break;
  case 2: r = read_default_ldt(t, ptr, bytecount); break;
  case 0x11: r = write_ldt(t, ptr, bytecount, false); break;
  default: r = -ENOSYS; break;
  }
  /* The kernel returns (unsigned int)ret (its ABI is int). */
  return (long)(u32)r;
}
