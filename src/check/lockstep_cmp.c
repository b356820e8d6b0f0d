/* lockstep_cmp.c — --lockstep's comparison of emu's state with the native
 * one (registers modulo the address correspondences of struct lks_map,
 * flags without the ones the SDM leaves undefined, XMM, MXCSR, x87) and the
 * side-by-side print of both states at a difference.  No ptrace here: the
 * unit tests (tests/unit/test_lockstep.c) call it with made-up states. */
#include <string.h>

#include "lockstep.h"

void lks_map_add(struct lks_map *m, u64 nat, u64 emu, u64 len) {
  if (nat == emu || !len) return;
  for (int i = 0; i < m->n; i++) {
    if (m->p[i].nat == nat && m->p[i].emu == emu) {
      if (len > m->p[i].len) m->p[i].len = len;
      return;
    }
  }
  if (m->n == LKS_MAX_PAIRS) {
    memmove(&m->p[0], &m->p[1], (LKS_MAX_PAIRS - 1) * sizeof m->p[0]);
    m->n--;
  }
  m->p[m->n++] = (struct lks_pair){nat, emu, len};
}

bool lks_map_same(const struct lks_map *m, int mode, u64 e, u64 n) {
  u64 mask = mode == 32 ? 0xffffffffull : ~0ull;
  e &= mask;
  n &= mask;
  if (e == n) return true;
  /* Newest first: a region the native side reused after munmap. */
  for (int i = m->n - 1; i >= 0; i--) {
    const struct lks_pair *p = &m->p[i];
    /* One past the end counts: end pointers of buffers. */
    if (n >= p->nat && n - p->nat <= p->len && ((n - p->nat + p->emu) & mask) == e) return true;
  }
  return false;
}

u64 lks_map_to_native(const struct lks_map *m, u64 a) {
  for (int i = m->n - 1; i >= 0; i--) {
    const struct lks_pair *p = &m->p[i];
    if (a >= p->emu && a - p->emu < p->len) return a - p->emu + p->nat;
  }
  return a;
}

void lks_cpu_state(struct cpu *c, struct lks_state *s) {
  memset(s, 0, sizeof *s);
  s->mode = c->mode;
  memcpy(s->r, c->r, sizeof s->r);
  s->rip = c->rip;
  s->flags = cpu_get_flags(c);
  s->fs_base = c->seg_base[SEG_FS];
  s->gs_base = c->seg_base[SEG_GS];
  s->fs = c->seg[SEG_FS];
  s->gs = c->seg[SEG_GS];
  memcpy(s->xmm, c->xmm, sizeof s->xmm);
  s->mxcsr = c->mxcsr;
  s->fcw = c->fpu.cw;
  s->fsw = (u16)((c->fpu.sw & ~0x3800u) | (c->fpu.top & 7u) << 11);
  for (int i = 0; i < 8; i++) {
    int phys = (c->fpu.top + i) & 7;
    memcpy(s->st[i], &c->fpu.st[phys], 10);
    if (((c->fpu.tw >> (2 * phys)) & 3) == 3) s->st_empty |= (u8)(1u << i);
  }
}

u64 lks_compare(const struct lks_state *e, const struct lks_state *n, const struct lks_map *m,
                u64 undef_flags, u32 skip_regs) {
  u64 d = 0;
  int nr = e->mode == 64 ? 16 : 8;
  for (int i = 0; i < nr; i++)
    if (!(skip_regs >> i & 1) && !lks_map_same(m, e->mode, e->r[i], n->r[i])) d |= 1ull << i;
  if (!lks_map_same(m, e->mode, e->rip, n->rip)) d |= LKS_D_RIP;
  u64 fm = LKS_FLAGS_CMP & ~undef_flags;
  if ((e->flags ^ n->flags) & fm) d |= LKS_D_FLAGS;
  if (!lks_map_same(m, e->mode, e->fs_base, n->fs_base) ||
      !lks_map_same(m, e->mode, e->gs_base, n->gs_base) || e->fs != n->fs || e->gs != n->gs)
    d |= LKS_D_SEG;
  int nx = e->mode == 64 ? 16 : 8;
  if (memcmp(e->xmm, n->xmm, nx * sizeof e->xmm[0])) d |= LKS_D_XMM;
  if (e->mxcsr != n->mxcsr) d |= LKS_D_MXCSR;
  if (e->fcw != n->fcw || e->st_empty != n->st_empty) d |= LKS_D_X87;
  /* Status word: the condition codes and TOP; exception flags too. */
  if ((e->fsw ^ n->fsw) & 0x7fff) d |= LKS_D_X87;
  for (int i = 0; i < 8; i++)
    if (!(e->st_empty >> i & 1) && memcmp(e->st[i], n->st[i], 10)) d |= LKS_D_X87;
  return d;
}

void lks_flags_str(u64 f, char *buf, size_t n) {
  static const struct {
    u64 bit;
    const char *name;
  } fl[] = {{F_CF, "CF"}, {F_PF, "PF"}, {F_AF, "AF"}, {F_ZF, "ZF"}, {F_SF, "SF"}, {F_TF, "TF"},
            {F_IF, "IF"}, {F_DF, "DF"}, {F_OF, "OF"}, {F_AC, "AC"}, {F_ID, "ID"}};
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < ARRAY_SIZE(fl) && k + 4 < n; i++) {
    if (f & fl[i].bit) k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? " " : "", fl[i].name);
  }
  if (!k) snprintf(buf, n, "-");
}

static const char *const reg64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const reg32[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

static void row(FILE *f, bool bad, const char *name, int mode, u64 e, u64 n, const char *note) {
  if (mode == 32)
    fprintf(f, "  %s %-8s 0x%08llx          0x%08llx%s%s\n", bad ? "!" : " ", name,
            (unsigned long long)(u32)e, (unsigned long long)(u32)n, note ? "  " : "",
            note ? note : "");
  else
    fprintf(f, "  %s %-8s 0x%016llx  0x%016llx%s%s\n", bad ? "!" : " ", name, (unsigned long long)e,
            (unsigned long long)n, note ? "  " : "", note ? note : "");
}

void lks_print_states(FILE *f, const struct lks_state *e, const struct lks_state *n,
                      const struct lks_map *m, u64 diff, u64 undef_flags) {
  lks_print_states_vs(f, e, n, "native", m, diff, undef_flags);
}

void lks_print_states_vs(FILE *f, const struct lks_state *e, const struct lks_state *n,
                         const char *other, const struct lks_map *m, u64 diff, u64 undef_flags) {
  fprintf(f, "    %-8s %-18s  %s\n", "", "emu", other);
  int nr = e->mode == 64 ? 16 : 8;
  for (int i = 0; i < nr; i++) {
    u64 a = e->r[i], b = n->r[i];
    const char *note = NULL;
    if (a != b && lks_map_same(m, e->mode, a, b)) note = "(same place: mapped region)";
    row(f, diff >> i & 1, e->mode == 64 ? reg64[i] : reg32[i], e->mode, a, b, note);
  }
  row(f, diff & LKS_D_RIP, e->mode == 64 ? "rip" : "eip", e->mode, e->rip, n->rip, NULL);
  char fe[64], fn[64], fu[64];
  lks_flags_str(e->flags, fe, sizeof fe);
  lks_flags_str(n->flags, fn, sizeof fn);
  lks_flags_str(undef_flags & F_ARITH, fu, sizeof fu);
  row(f, diff & LKS_D_FLAGS, "flags", e->mode, e->flags, n->flags, NULL);
  fprintf(f, "             emu: %s | %s: %s | undefined here: %s\n", fe, other, fn,
          undef_flags & F_ARITH ? fu : "none");
  row(f, diff & LKS_D_SEG, "fs.base", e->mode, e->fs_base, n->fs_base, NULL);
  row(f, diff & LKS_D_SEG, "gs.base", e->mode, e->gs_base, n->gs_base, NULL);
  if (e->fs != n->fs || e->gs != n->gs)
    fprintf(f, "  ! fs/gs    0x%x/0x%x  0x%x/0x%x\n", e->fs, e->gs, n->fs, n->gs);
  int nx = e->mode == 64 ? 16 : 8;
  for (int i = 0; i < nx; i++) {
    if (!memcmp(&e->xmm[i], &n->xmm[i], 16)) continue;
    fprintf(f, "  ! xmm%-5d 0x%016llx%016llx\n             0x%016llx%016llx (%s)\n", i,
            (unsigned long long)e->xmm[i].q[1], (unsigned long long)e->xmm[i].q[0],
            (unsigned long long)n->xmm[i].q[1], (unsigned long long)n->xmm[i].q[0], other);
  }
  if (diff & LKS_D_MXCSR) fprintf(f, "  ! mxcsr    0x%x  0x%x\n", e->mxcsr, n->mxcsr);
  if (diff & LKS_D_X87) {
    fprintf(f, "  ! x87 fcw  0x%04x  0x%04x   fsw 0x%04x  0x%04x   empty 0x%02x  0x%02x\n", e->fcw,
            n->fcw, e->fsw, n->fsw, e->st_empty, n->st_empty);
    for (int i = 0; i < 8; i++) {
      if ((e->st_empty & n->st_empty) >> i & 1) continue;
      long double a = 0, b = 0;
      memcpy(&a, e->st[i], 10);
      memcpy(&b, n->st[i], 10);
      fprintf(f, "  %s st%d      %-22.17Lg  %.17Lg\n", memcmp(e->st[i], n->st[i], 10) ? "!" : " ",
              i, a, b);
    }
  }
}
