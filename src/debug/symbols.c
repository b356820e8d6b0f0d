/* symbols.c — the guest program's .symtab for the debugger (step.c,
 * gdbstub.c): name -> address and address -> <name+offset>.  Read once with
 * libelf (gelf), as the loader reads the program; kept sorted by address. */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbols.h"

struct sym {
  u64 addr, size;
  char *name;
};

struct sym_table {
  struct sym *v;
  int n;
};

static int by_addr(const void *a, const void *b) {
  const struct sym *x = a, *y = b;
  if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
  /* at one address, functions with a size first */
  return x->size > y->size ? -1 : x->size < y->size;
}

static void add_syms(struct sym_table *t, Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, u64 bias) {
  Elf_Data *data = elf_getdata(scn, NULL);
  if (!data || !sh->sh_entsize) return;
  size_t n = sh->sh_size / sh->sh_entsize;
  struct sym *v = realloc(t->v, (t->n + n) * sizeof *v);
  if (!v) return;
  t->v = v;
  for (size_t i = 0; i < n; i++) {
    GElf_Sym s;
    if (!gelf_getsym(data, (int)i, &s)) continue;
    int type = GELF_ST_TYPE(s.st_info);
    if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) || s.st_shndx == SHN_UNDEF ||
        s.st_shndx == SHN_ABS || !s.st_value)
      continue;
    const char *name = elf_strptr(elf, sh->sh_link, s.st_name);
    if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2)) continue;
    char *dup = strdup(name);
    if (!dup) continue;
    t->v[t->n++] = (struct sym){s.st_value + bias, s.st_size, dup};
  }
}

struct sym_table *sym_load(const char *path, u64 entry) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  elf_version(EV_CURRENT);
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  struct sym_table *t = calloc(1, sizeof *t);
  if (elf && t) {
    GElf_Ehdr eh;
    u64 bias = 0;
    if (gelf_getehdr(elf, &eh) && eh.e_type == ET_DYN) bias = entry - eh.e_entry;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
      GElf_Shdr sh;
      if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB) add_syms(t, elf, scn, &sh, bias);
    }
    if (t->n) qsort(t->v, t->n, sizeof *t->v, by_addr);
  }
  if (elf) elf_end(elf);
  close(fd);
  return t;
}

void sym_free(struct sym_table *t) {
  if (!t) return;
  for (int i = 0; i < t->n; i++) free(t->v[i].name);
  free(t->v);
  free(t);
}

int sym_count(const struct sym_table *t) { return t ? t->n : 0; }

bool sym_lookup(const struct sym_table *t, const char *name, u64 *addr) {
  if (!t) return false;
  /* a function or object beats a bare label of the same name */
  const struct sym *best = NULL;
  for (int i = 0; i < t->n; i++) {
    if (strcmp(t->v[i].name, name)) continue;
    if (!best || (t->v[i].size && !best->size)) best = &t->v[i];
  }
  if (!best) return false;
  *addr = best->addr;
  return true;
}

const char *sym_at(const struct sym_table *t, u64 addr, u64 *off) {
  if (!t || !t->n) return NULL;
  /* the last symbol at or below addr */
  int lo = 0, hi = t->n - 1, k = -1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (t->v[mid].addr <= addr) {
      k = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (k < 0) return NULL;
  /* among the symbols at that address prefer one with a size covering addr */
  u64 a = t->v[k].addr;
  int first = k;
  while (first > 0 && t->v[first - 1].addr == a) first--;
  const struct sym *s = &t->v[first];
  if (s->size && addr - a >= s->size) {
    /* addr lies past the symbol: within 64 KiB of a sizeless label it still counts */
    return NULL;
  }
  if (!s->size && addr - a > 0x10000) return NULL;
  *off = addr - a;
  return s->name;
}
