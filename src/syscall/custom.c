/* custom.c — the embedder's system calls: emu_register_syscall()'s per-emu
 * table (include/emu/emu.h documents the contract), the lookup the entry
 * model makes before its built-in tables (entry.c), the checked guest
 * accessors handlers use (emu_read_guest & co. over mem/uaccess.c), and the
 * names and log signatures of custom calls for the traces.  Mirrors, loosely,
 * what a kernel module adding a system call does: a slot in the table, a
 * SYSCALL_DEFINE body that reaches user memory only through
 * copy_{from,to}_user. */
#include "custom.h"

#include <stdlib.h>
#include <string.h>

#include "../trace/strace_fmt.h"

/* One ABI's handlers, indexed by number; allocated on first registration. */
struct sys_custom_slot {
  struct sys_custom call;
  struct trc_sig sig; /* the log's view of call.signature (name NULL: none) */
};

struct sys_custom_table {
  struct emu *owner;
  struct sys_custom_slot *slot[2][EMU_SYSCALL_NR_MAX]; /* [enum abi][nr]; NULL: not registered */
  unsigned count;
};

_Static_assert(ABI_I386 == (int)EMU_ABI_I386 && ABI_X86_64 == (int)EMU_ABI_X86_64,
               "the public ABI numbers are the internal ones");

static struct sys_custom_table *active;

static bool valid_name(const char *name) {
  size_t n = name ? strlen(name) : 0;
  if (n == 0 || n >= sizeof((struct sys_custom *)0)->name) return false;
  for (size_t i = 0; i < n; i++) {
    char ch = name[i];
    if (!(ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
          (ch >= 'A' && ch <= 'Z')))
      return false;
  }
  return true;
}

/* The signature letters (emu.h) as the log's argument kinds (strace_fmt.h);
 * false for an unknown letter, more than six, or a 'b' with no length after
 * it. */
static bool parse_signature(const char *s, struct trc_sig *out) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(s);
  if (n > 6) return false;
  for (size_t i = 0; i < n; i++) {
    u16 k;
    switch (s[i]) {
    case 'd': k = K_INT; break;
    case 'u': k = K_ULONG; break;
    case 'l': k = K_LONG; break;
    case 'x': k = K_HEX; break;
    case 'p': k = K_PTR; break;
    case 'f': k = K_FD; break;
    case 's': k = K_STR; break;
    case 'b':
      if (i + 1 >= n) return false;
      k = KP(K_BUF_IN, i + 1);
      break;
    case 'B': k = K_BUF_OUT; break;
    case 'S': k = K_STR_OUT; break;
    default: return false;
    }
    out->arg[i] = k;
  }
  out->nargs = (u8)n;
  out->rv = RV_DEC;
  return true;
}

int sys_custom_set(struct sys_custom_table **tabp, struct emu *owner, enum abi abi, long nr,
                   const char *name, emu_syscall_fn fn, const char *signature) {
  if ((abi != ABI_I386 && abi != ABI_X86_64) || nr < 0 || nr >= EMU_SYSCALL_NR_MAX) return -EINVAL;
  struct sys_custom_table *tab = *tabp;
  if (!fn) { /* removal */
    if (tab && tab->slot[abi][nr]) {
      free(tab->slot[abi][nr]);
      tab->slot[abi][nr] = NULL;
      tab->count--;
    }
    return 0;
  }
  if (!valid_name(name)) return -EINVAL;
  if (!signature) signature = "";
  struct trc_sig sig;
  if (!parse_signature(signature, &sig)) return -EINVAL;
  if (!tab) {
    tab = calloc(1, sizeof *tab);
    if (!tab) return -ENOMEM;
    tab->owner = owner;
    *tabp = tab;
  }
  struct sys_custom_slot *sl = tab->slot[abi][nr];
  if (!sl) {
    sl = calloc(1, sizeof *sl);
    if (!sl) return -ENOMEM;
    tab->slot[abi][nr] = sl;
    tab->count++;
  }
  /* Replacing a registration overwrites the slot in place. */
  snprintf(sl->call.name, sizeof sl->call.name, "%s", name);
  snprintf(sl->call.signature, sizeof sl->call.signature, "%s", signature);
  sl->call.fn = fn;
  sl->sig = sig;
  sl->sig.name = signature[0] ? sl->call.name : NULL;
  return 0;
}

void sys_custom_free(struct sys_custom_table *tab) {
  if (!tab) return;
  if (active == tab) active = NULL;
  for (int abi = 0; abi < 2; abi++)
    for (int nr = 0; nr < EMU_SYSCALL_NR_MAX; nr++) free(tab->slot[abi][nr]);
  free(tab);
}

void sys_custom_activate(struct sys_custom_table *tab) { active = tab; }

const struct sys_custom *sys_custom_find(enum abi abi, long nr) {
  const struct sys_custom_table *tab = active;
  if (!tab || !tab->count || nr < 0 || nr >= EMU_SYSCALL_NR_MAX) return NULL;
  const struct sys_custom_slot *sl = tab->slot[abi == ABI_I386 ? ABI_I386 : ABI_X86_64][nr];
  return sl ? &sl->call : NULL;
}

const char *sys_custom_name(enum abi abi, long nr) {
  const struct sys_custom *cc = sys_custom_find(abi, nr);
  return cc ? cc->name : NULL;
}

const struct trc_sig *sys_custom_trc_sig(const char *name) {
  const struct sys_custom_table *tab = active;
  if (!tab || !tab->count || !name) return NULL;
  for (int abi = 0; abi < 2; abi++)
    for (int nr = 0; nr < EMU_SYSCALL_NR_MAX; nr++) {
      const struct sys_custom_slot *sl = tab->slot[abi][nr];
      if (sl && sl->sig.name && !strcmp(sl->call.name, name)) return &sl->sig;
    }
  return NULL;
}

long sys_custom_call(struct task *t, const struct sys_custom *cc, enum abi abi, long nr,
                     const u64 *args) {
  struct emu_syscall call = {
      .abi = abi == ABI_I386 ? EMU_ABI_I386 : EMU_ABI_X86_64,
      .nr = nr,
      .name = cc->name,
      .emu = active ? active->owner : NULL,
      .priv = t,
  };
  for (int i = 0; i < 6; i++) call.a[i] = abi == ABI_I386 ? (u32)args[i] : args[i];
  return cc->fn(&call);
}

/* ---- the accessors handlers use ---- */

static struct mm *call_mm(const struct emu_syscall *call) {
  const struct task *t = call ? call->priv : NULL;
  return t && t->proc ? t->proc->mm : NULL;
}

long emu_read_guest(const struct emu_syscall *call, unsigned long long addr, void *buf,
                    size_t len) {
  struct mm *mm = call_mm(call);
  if (!mm) return -EFAULT;
  return copy_from_user(mm, buf, addr, len);
}

long emu_write_guest(const struct emu_syscall *call, unsigned long long addr, const void *buf,
                     size_t len) {
  struct mm *mm = call_mm(call);
  if (!mm) return -EFAULT;
  return copy_to_user(mm, addr, buf, len);
}

long emu_read_guest_string(const struct emu_syscall *call, unsigned long long addr, char *buf,
                           size_t size) {
  struct mm *mm = call_mm(call);
  if (!mm || !size) return -EFAULT;
  return strncpy_from_user(mm, buf, addr, size);
}
