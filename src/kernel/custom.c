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

struct sys_custom_table {
  struct emu *owner;
  struct sys_custom *slot[2][EMU_SYSCALL_NR_MAX]; /* [enum abi][nr], allocated on registration */
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

/* The signature letters of emu.h: at most six, each one of
 * SYS_CUSTOM_SIG_LETTERS, a 'b' with an argument after it (its length). */
static bool valid_signature(const char *s) {
  size_t n = strlen(s);
  if (n > 6) return false;
  for (size_t i = 0; i < n; i++) {
    if (!strchr(SYS_CUSTOM_SIG_LETTERS, s[i])) return false;
    if (s[i] == 'b' && i + 1 >= n) return false;
  }
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
  if (!valid_signature(signature)) return -EINVAL;
  if (!tab) {
    tab = calloc(1, sizeof *tab);
    if (!tab) return -ENOMEM;
    tab->owner = owner;
    *tabp = tab;
  }
  struct sys_custom *sl = tab->slot[abi][nr];
  if (!sl) {
    sl = calloc(1, sizeof *sl);
    if (!sl) return -ENOMEM;
    tab->slot[abi][nr] = sl;
    tab->count++;
  }
  /* Replacing a registration overwrites the slot in place. */
  snprintf(sl->name, sizeof sl->name, "%s", name);
  snprintf(sl->signature, sizeof sl->signature, "%s", signature);
  sl->fn = fn;
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
  return tab->slot[abi == ABI_I386 ? ABI_I386 : ABI_X86_64][nr];
}

const char *sys_custom_name(enum abi abi, long nr) {
  const struct sys_custom *cc = sys_custom_find(abi, nr);
  return cc ? cc->name : NULL;
}

/* kernel.h: the name of nr in the table of abi, for traces. */
const char *sys_name(enum abi abi, long nr) {
  const char *c = sys_custom_name(abi, nr); /* an embedder's call */
  if (c) return c;
  return abi == ABI_I386 ? abi32_name(nr) : abi64_name(nr);
}

const char *sys_custom_signature(const char *name) {
  const struct sys_custom_table *tab = active;
  if (!tab || !tab->count || !name) return NULL;
  for (int abi = 0; abi < 2; abi++)
    for (int nr = 0; nr < EMU_SYSCALL_NR_MAX; nr++) {
      const struct sys_custom *sl = tab->slot[abi][nr];
      if (sl && sl->signature[0] && !strcmp(sl->name, name)) return sl->signature;
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
