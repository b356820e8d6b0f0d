/* gdbstub_regs.c — the registers the GDB stub serves and the target
 * descriptions that name them.  The order and types are gdb's own features
 * (gdb/features/i386/{32,64}bit-{core,sse,linux,segments}.xml):
 *
 *   x86-64  0-15 rax rbx rcx rdx rsi rdi rbp rsp r8-r15   16 rip   17 eflags
 *           18-23 cs ss ds es fs gs   24-31 st0-7   32-39 fctrl fstat ftag
 *           fiseg fioff foseg fooff fop   40-55 xmm0-15   56 mxcsr
 *           57 orig_rax   58 fs_base   59 gs_base
 *   i386    0-7 eax ecx edx ebx esp ebp esi edi   8 eip   9 eflags
 *           10-15 cs ss ds es fs gs   16-23 st0-7   24-31 fctrl..fop
 *           32-39 xmm0-7   40 mxcsr   41 orig_eax  (no fs_base/gs_base: see regs32)
 *
 * The XML is built once per mode from the same table the g/G/p/P packets
 * use, so the two cannot disagree. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub.h"
#include "step.h"
#include "../cpu/cpu.h"
#include "../kernel/kernel.h"

enum kind {
  K_GPR,
  K_PC,
  K_FLAGS,
  K_SEG,
  K_ST,
  K_FCTRL,
  K_FSTAT,
  K_FTAG,
  K_FISEG,
  K_FIOFF,
  K_FOSEG,
  K_FOOFF,
  K_FOP,
  K_XMM,
  K_MXCSR,
  K_ORIG,
  K_FSBASE,
  K_GSBASE
};

struct greg {
  const char *name;
  u8 kind, idx, bits;
  const char *type;
  const char *group; /* or NULL */
};

#define GPR64(n, i, t) \
  { n, K_GPR, i, 64, t, NULL }
#define GPR32(n, i, t) \
  { n, K_GPR, i, 32, t, NULL }
#define SEGS                                                                              \
  {"cs", K_SEG, SEG_CS, 32, "int32", NULL}, {"ss", K_SEG, SEG_SS, 32, "int32", NULL},     \
      {"ds", K_SEG, SEG_DS, 32, "int32", NULL}, {"es", K_SEG, SEG_ES, 32, "int32", NULL}, \
      {"fs", K_SEG, SEG_FS, 32, "int32", NULL}, {                                         \
    "gs", K_SEG, SEG_GS, 32, "int32", NULL                                                \
  }
#define ST(i) \
  { "st" #i, K_ST, i, 80, "i387_ext", NULL }
#define X87                                                                                 \
  ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),                                   \
      {"fctrl", K_FCTRL, 0, 32, "int", "float"}, {"fstat", K_FSTAT, 0, 32, "int", "float"}, \
      {"ftag", K_FTAG, 0, 32, "int", "float"}, {"fiseg", K_FISEG, 0, 32, "int", "float"},   \
      {"fioff", K_FIOFF, 0, 32, "int", "float"}, {"foseg", K_FOSEG, 0, 32, "int", "float"}, \
      {"fooff", K_FOOFF, 0, 32, "int", "float"}, {                                          \
    "fop", K_FOP, 0, 32, "int", "float"                                                     \
  }
#define XMM(i) \
  { "xmm" #i, K_XMM, i, 128, "vec128", NULL }

static const struct greg regs64[] = {
    GPR64("rax", R_AX, "int64"),
    GPR64("rbx", R_BX, "int64"),
    GPR64("rcx", R_CX, "int64"),
    GPR64("rdx", R_DX, "int64"),
    GPR64("rsi", R_SI, "int64"),
    GPR64("rdi", R_DI, "int64"),
    GPR64("rbp", R_BP, "data_ptr"),
    GPR64("rsp", R_SP, "data_ptr"),
    GPR64("r8", R_R8, "int64"),
    GPR64("r9", R_R9, "int64"),
    GPR64("r10", R_R10, "int64"),
    GPR64("r11", R_R11, "int64"),
    GPR64("r12", R_R12, "int64"),
    GPR64("r13", R_R13, "int64"),
    GPR64("r14", R_R14, "int64"),
    GPR64("r15", R_R15, "int64"),
    {"rip", K_PC, 0, 64, "code_ptr", NULL},
    {"eflags", K_FLAGS, 0, 32, "i386_eflags", NULL},
    SEGS,
    X87,
    XMM(0),
    XMM(1),
    XMM(2),
    XMM(3),
    XMM(4),
    XMM(5),
    XMM(6),
    XMM(7),
    XMM(8),
    XMM(9),
    XMM(10),
    XMM(11),
    XMM(12),
    XMM(13),
    XMM(14),
    XMM(15),
    {"mxcsr", K_MXCSR, 0, 32, "i386_mxcsr", "vector"},
    {"orig_rax", K_ORIG, 0, 64, "int", NULL},
    {"fs_base", K_FSBASE, 0, 64, "int", NULL},
    {"gs_base", K_GSBASE, 0, 64, "int", NULL},
};

static const struct greg regs32[] = {
    GPR32("eax", R_AX, "int32"),
    GPR32("ecx", R_CX, "int32"),
    GPR32("edx", R_DX, "int32"),
    GPR32("ebx", R_BX, "int32"),
    GPR32("esp", R_SP, "data_ptr"),
    GPR32("ebp", R_BP, "data_ptr"),
    GPR32("esi", R_SI, "int32"),
    GPR32("edi", R_DI, "int32"),
    {"eip", K_PC, 0, 32, "code_ptr", NULL},
    {"eflags", K_FLAGS, 0, 32, "i386_eflags", NULL},
    SEGS,
    X87,
    XMM(0),
    XMM(1),
    XMM(2),
    XMM(3),
    XMM(4),
    XMM(5),
    XMM(6),
    XMM(7),
    {"mxcsr", K_MXCSR, 0, 32, "i386_mxcsr", "vector"},
    {"orig_eax", K_ORIG, 0, 32, "int", NULL},
    /* No org.gnu.gdb.i386.segments here: gdb's i386 GNU/Linux numbering puts
     * orig_eax where fs_base would go (i386-linux-tdep.h) and rejects the
     * description (tdesc_use_registers assertion); gdbserver leaves it out of
     * i386 Linux descriptions too.  The TLS shows through $gs. */
};

static const struct greg *table(int mode, int *n) {
  if (mode == 64) {
    *n = (int)ARRAY_SIZE(regs64);
    return regs64;
  }
  *n = (int)ARRAY_SIZE(regs32);
  return regs32;
}

int gdb_nregs(int mode) {
  int n;
  table(mode, &n);
  return n;
}

static const struct greg *reg_of(int mode, int i) {
  int n;
  const struct greg *t = table(mode, &n);
  return i >= 0 && i < n ? &t[i] : NULL;
}

int gdb_reg_size(int mode, int i) {
  const struct greg *g = reg_of(mode, i);
  return g ? g->bits / 8 : 0;
}

/* The eflags bits a debugger may change (the kernel's FLAG_MASK for ptrace). */
#define USER_FLAGS (F_ARITH | F_TF | F_DF | F_AC | F_ID | F_RF | 0x4000u)

int gdb_reg_get(struct task *t, int i, u8 *buf) {
  struct cpu *c = &t->cpu;
  const struct greg *g = reg_of(c->mode, i);
  if (!g) return 0;
  int size = g->bits / 8;
  u64 v = 0;
  switch (g->kind) {
  case K_GPR: v = c->r[g->idx]; break;
  case K_PC: v = c->rip; break;
  case K_FLAGS: v = cpu_get_flags(c); break;
  case K_SEG: v = c->seg[g->idx]; break;
  case K_ST: memcpy(buf, &c->fpu.st[(c->fpu.top + g->idx) & 7], 10); return 10;
  case K_FCTRL: v = c->fpu.cw; break;
  case K_FSTAT: v = (c->fpu.sw & ~0x3800u) | (u32)(c->fpu.top & 7) << 11; break;
  case K_FTAG: v = c->fpu.tw; break;
  case K_FISEG: v = c->fpu.fcs; break;
  case K_FIOFF: v = (u32)c->fpu.fip; break;
  case K_FOSEG: v = c->fpu.fds; break;
  case K_FOOFF: v = (u32)c->fpu.fdp; break;
  case K_FOP: v = c->fpu.fop; break;
  case K_XMM: memcpy(buf, &c->xmm[g->idx], 16); return 16;
  case K_MXCSR: v = c->mxcsr; break;
  case K_ORIG: v = dbg_orig_ax(); break;
  case K_FSBASE: v = c->seg_base[SEG_FS]; break;
  case K_GSBASE: v = c->seg_base[SEG_GS]; break;
  default: return 0;
  }
  memcpy(buf, &v, size); /* the host is little endian, as the guest */
  return size;
}

bool gdb_reg_set(struct task *t, int i, const u8 *buf) {
  struct cpu *c = &t->cpu;
  const struct greg *g = reg_of(c->mode, i);
  if (!g) return false;
  int size = g->bits / 8;
  u64 v = 0;
  if (size <= 8) memcpy(&v, buf, size);
  u64 m = c->mode == 32 ? 0xffffffffull : ~0ull;
  switch (g->kind) {
  case K_GPR: c->r[g->idx] = c->mode == 32 ? (c->r[g->idx] & ~m) | (v & m) : v; break;
  case K_PC: c->rip = v & m; break;
  case K_FLAGS: cpu_set_flags(c, v, USER_FLAGS); break;
  case K_SEG: c->seg[g->idx] = (u16)v; break;
  case K_ST: {
    long double x = 0;
    memcpy(&x, buf, 10);
    c->fpu.st[(c->fpu.top + g->idx) & 7] = x;
    break;
  }
  case K_FCTRL: c->fpu.cw = (u16)v; break;
  case K_FSTAT:
    c->fpu.sw = (u16)(v & ~0x3800u);
    c->fpu.top = (u8)((v >> 11) & 7);
    break;
  case K_FTAG: c->fpu.tw = (u16)v; break;
  case K_FISEG: c->fpu.fcs = (u16)v; break;
  case K_FIOFF: c->fpu.fip = (u32)v; break;
  case K_FOSEG: c->fpu.fds = (u16)v; break;
  case K_FOOFF: c->fpu.fdp = (u32)v; break;
  case K_FOP: c->fpu.fop = (u16)(v & 0x7ff); break;
  case K_XMM: memcpy(&c->xmm[g->idx], buf, 16); break;
  case K_MXCSR: c->mxcsr = (u32)v & 0xffff; break;
  case K_ORIG: dbg_set_orig_ax(c->mode == 32 ? (u64)(i64)(i32)v : v); break;
  case K_FSBASE: c->seg_base[SEG_FS] = v; break;
  case K_GSBASE: c->seg_base[SEG_GS] = v; break;
  default: return false;
  }
  return true;
}

/* ---- the target descriptions ---- */

static const char xml_head[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n";

static const char xml_eflags[] =
    "  <flags id=\"i386_eflags\" size=\"4\">\n"
    "    <field name=\"CF\" start=\"0\" end=\"0\"/>\n"
    "    <field name=\"\" start=\"1\" end=\"1\"/>\n"
    "    <field name=\"PF\" start=\"2\" end=\"2\"/>\n"
    "    <field name=\"AF\" start=\"4\" end=\"4\"/>\n"
    "    <field name=\"ZF\" start=\"6\" end=\"6\"/>\n"
    "    <field name=\"SF\" start=\"7\" end=\"7\"/>\n"
    "    <field name=\"TF\" start=\"8\" end=\"8\"/>\n"
    "    <field name=\"IF\" start=\"9\" end=\"9\"/>\n"
    "    <field name=\"DF\" start=\"10\" end=\"10\"/>\n"
    "    <field name=\"OF\" start=\"11\" end=\"11\"/>\n"
    "    <field name=\"NT\" start=\"14\" end=\"14\"/>\n"
    "    <field name=\"RF\" start=\"16\" end=\"16\"/>\n"
    "    <field name=\"VM\" start=\"17\" end=\"17\"/>\n"
    "    <field name=\"AC\" start=\"18\" end=\"18\"/>\n"
    "    <field name=\"VIF\" start=\"19\" end=\"19\"/>\n"
    "    <field name=\"VIP\" start=\"20\" end=\"20\"/>\n"
    "    <field name=\"ID\" start=\"21\" end=\"21\"/>\n"
    "  </flags>\n";

static const char xml_sse_types[] =
    "  <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
    "  <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
    "  <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
    "  <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
    "  <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
    "  <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
    "  <union id=\"vec128\">\n"
    "    <field name=\"v4_float\" type=\"v4f\"/>\n"
    "    <field name=\"v2_double\" type=\"v2d\"/>\n"
    "    <field name=\"v16_int8\" type=\"v16i8\"/>\n"
    "    <field name=\"v8_int16\" type=\"v8i16\"/>\n"
    "    <field name=\"v4_int32\" type=\"v4i32\"/>\n"
    "    <field name=\"v2_int64\" type=\"v2i64\"/>\n"
    "    <field name=\"uint128\" type=\"uint128\"/>\n"
    "  </union>\n"
    "  <flags id=\"i386_mxcsr\" size=\"4\">\n"
    "    <field name=\"IE\" start=\"0\" end=\"0\"/>\n"
    "    <field name=\"DE\" start=\"1\" end=\"1\"/>\n"
    "    <field name=\"ZE\" start=\"2\" end=\"2\"/>\n"
    "    <field name=\"OE\" start=\"3\" end=\"3\"/>\n"
    "    <field name=\"UE\" start=\"4\" end=\"4\"/>\n"
    "    <field name=\"PE\" start=\"5\" end=\"5\"/>\n"
    "    <field name=\"DAZ\" start=\"6\" end=\"6\"/>\n"
    "    <field name=\"IM\" start=\"7\" end=\"7\"/>\n"
    "    <field name=\"DM\" start=\"8\" end=\"8\"/>\n"
    "    <field name=\"ZM\" start=\"9\" end=\"9\"/>\n"
    "    <field name=\"OM\" start=\"10\" end=\"10\"/>\n"
    "    <field name=\"UM\" start=\"11\" end=\"11\"/>\n"
    "    <field name=\"PM\" start=\"12\" end=\"12\"/>\n"
    "    <field name=\"FZ\" start=\"15\" end=\"15\"/>\n"
    "  </flags>\n";

struct sbuf {
  char *s;
  size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sbuf *b, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (r < 0) return;
    if (b->s && b->n + (size_t)r < b->cap) {
      b->n += (size_t)r;
      return;
    }
    size_t cap = (b->cap ? b->cap * 2 : 8192) + (size_t)r;
    char *s = realloc(b->s, cap);
    if (!s) abort();
    b->s = s;
    b->cap = cap;
  }
}

static char *build_xml(int mode) {
  int n;
  const struct greg *t = table(mode, &n);
  struct sbuf b = {0};
  sb_add(&b, "%s", xml_head);
  sb_add(&b, "  <architecture>%s</architecture>\n", mode == 64 ? "i386:x86-64" : "i386");
  sb_add(&b, "  <osabi>GNU/Linux</osabi>\n");
  const char *feature = NULL;
  for (int i = 0; i < n; i++) {
    const char *f = t[i].kind <= K_FOP     ? "core"
                    : t[i].kind <= K_MXCSR ? "sse"
                    : t[i].kind == K_ORIG  ? "linux"
                                           : "segments";
    if (!feature || strcmp(f, feature)) {
      if (feature) sb_add(&b, "</feature>\n");
      feature = f;
      sb_add(&b, "<feature name=\"org.gnu.gdb.i386.%s\">\n", f);
      if (!strcmp(f, "core")) sb_add(&b, "%s", xml_eflags);
      if (!strcmp(f, "sse")) sb_add(&b, "%s", xml_sse_types);
    }
    sb_add(&b, "  <reg name=\"%s\" bitsize=\"%d\" type=\"%s\" regnum=\"%d\"", t[i].name, t[i].bits,
           t[i].type, i);
    if (t[i].group) sb_add(&b, " group=\"%s\"", t[i].group);
    sb_add(&b, "/>\n");
  }
  sb_add(&b, "</feature>\n</target>\n");
  return b.s;
}

const char *gdb_target_xml(int mode) {
  static char *xml[2];
  int k = mode == 64;
  if (!xml[k]) xml[k] = build_xml(mode);
  return xml[k];
}
