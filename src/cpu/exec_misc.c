/* exec_misc.c — system and miscellaneous instructions: segment register
 * loading (cpu_load_seg), SYSCALL/SYSENTER/SYSEXIT, CPUID, RDTSC/RDTSCP,
 * XGETBV, LAR and LSL, groups 6 and 7 (SLDT STR VERR VERW / SGDT SIDT SMSW ...), the
 * privileged instructions a CPL-3 program may try (HLT CLI STI IN OUT INS
 * OUTS: #GP, which Linux delivers as SIGSEGV), UD0/UD1/UD2 and the hint NOPs.
 *
 * Descriptor tables are Linux's (arch/x86/include/asm/segment.h, 64-bit
 * kernel; the entries as arch/x86/kernel/cpu/common.c fills gdt_page): user
 * code 0x33, 32-bit user code 0x23, user data 0x2b, the TSS at GDT entry 8
 * (TR = 0x40), the TLS entries 12-14 (set_thread_area), the CPU/node segment
 * at entry 15 (0x7b), and the process's LDT (modify_ldt).  LAR, LSL, VERR and
 * VERW read these descriptors as the SDM's pseudocode does.
 */
#include "ops_mov.h"

#define SEL_CPUNODE 0x7b
#define SEL_TSS     0x40

/* The descriptor kinds of Linux's user-visible GDT entries, and of the TLS
 * (GDT 12-14, set_thread_area) and LDT (modify_ldt) entries a process
 * installs. */
enum { DESC_NONE, DESC_NULL, DESC_CODE, DESC_DATA_RW, DESC_DATA_RO };

/* The installed descriptor a selector names, or NULL. */
static const struct seg_desc *user_desc(const struct cpu *c, u16 sel) {
  u32 idx = sel >> 3;
  if (sel & 4) return idx < c->ldt_entries && c->ldt && c->ldt[idx].present ? &c->ldt[idx] : NULL;
  if (idx >= GDT_TLS_MIN && idx < GDT_TLS_MIN + GDT_TLS_NUM && c->tls[idx - GDT_TLS_MIN].present)
    return &c->tls[idx - GDT_TLS_MIN];
  return NULL;
}

/* The kind of descriptor sel names; a not-present one counts as none
 * unless any_present (the checks of a segment load come before the present
 * bit's, SDM "MOV"). */
static int desc_kind_p(const struct cpu *c, u16 sel, u64 *base, bool any_present) {
  *base = 0;
  if ((sel & ~3u) == 0) return DESC_NULL;
  const struct seg_desc *d = user_desc(c, sel);
  if (d) {
    /* user_desc contents: 0 data, 1 expand-down data, 2 code (3 is refused
     * by the kernel); read_exec_only makes data read-only, code
     * execute-only.  All are DPL 3. */
    if (d->seg_not_present && !any_present) return DESC_NONE;
    *base = d->base;
    if (d->contents >= 2) return d->read_exec_only ? DESC_NONE : DESC_CODE;
    return d->read_exec_only ? DESC_DATA_RO : DESC_DATA_RW;
  }
  if (sel & 4) return DESC_NONE;
  switch (sel & ~3u) {
  case SEL_USER32_CS & ~3u:
  case SEL_USER_CS & ~3u: return DESC_CODE; /* readable, non-conforming, DPL 3 */
  case SEL_USER_DS & ~3u: return DESC_DATA_RW;
  case SEL_CPUNODE & ~3u: return DESC_DATA_RO;
  default: return DESC_NONE;
  }
}

static int desc_kind(const struct cpu *c, u16 sel, u64 *base) {
  return desc_kind_p(c, sel, base, false);
}

/* fill_ldt(): the 8-byte descriptor the kernel writes for a user_desc, in
 * the LDT and in the TLS entries.
 *
 *   63   56 55 54 53 52 51  48 47 46 45 44 43  40 39     16 15      0
 *  +-------+--+--+--+--+------+--+-----+--+------+---------+---------+
 *  | base  |G |D |L |AV|limit |P | DPL |S | type |  base   |  limit  |
 *  | 31:24 |  |  |  |L |19:16 |  |     |  |      |  23:0   |  15:0   |
 *  +-------+--+--+--+--+------+--+-----+--+------+---------+---------+
 *  type = contents << 2 | !read_exec_only << 1 | accessed (always set) */
u64 cpu_desc_encode(const struct seg_desc *d) {
  u64 type = (u64)(d->read_exec_only ^ 1) << 1 | (u64)(d->contents & 3) << 2 | 1;
  u64 r = (d->limit & 0xffff) | (u64)(d->base & 0xffffff) << 16;
  r |= type << 40 | 1ull << 44 | 3ull << 45 | (u64)(d->seg_not_present ^ 1) << 47;
  r |= (u64)((d->limit >> 16) & 0xf) << 48 | (u64)d->useable << 52 | (u64)d->lm << 53;
  r |= (u64)d->seg_32bit << 54 | (u64)d->limit_in_pages << 55 | (u64)(d->base >> 24) << 56;
  return r;
}

/* Linux's GDT (GDT_ENTRIES = 16): the kernel's segments (DPL 0), the user
 * ones (DPL 3, accessed), the busy TSS and the LDT descriptor (DPL 0; their
 * kernel base is left out: no CPL-3 instruction can read it), and the
 * CPU/node segment, whose limit is cpu | node << 12 (emu: CPU 0, node 0, as
 * RDTSCP's TSC_AUX says).  Entries 12-14 come from the thread's TLS. */
static const u64 gdt_fixed[16] = {
    [1] = 0x00cf9b000000ffffull,  /* KERNEL32_CS */
    [2] = 0x00af9b000000ffffull,  /* KERNEL_CS */
    [3] = 0x00cf93000000ffffull,  /* KERNEL_DS */
    [4] = 0x00cffb000000ffffull,  /* DEFAULT_USER32_CS (0x23) */
    [5] = 0x00cff3000000ffffull,  /* DEFAULT_USER_DS (0x2b) */
    [6] = 0x00affb000000ffffull,  /* DEFAULT_USER_CS (0x33) */
    [8] = 0x00008b0000000067ull,  /* TSS (busy) */
    [15] = 0x0040f50000000000ull, /* CPUNODE (0x7b): RO data, expand-down */
};

/* The descriptor a selector indexes, as the CPU would read it; false when
 * the index is past the table's limit (no LDT: LDTR is null). */
static bool desc_read(const struct cpu *c, u16 sel, u64 *out) {
  u32 idx = sel >> 3;
  if (sel & 4) {
    if (!c->ldt || idx >= c->ldt_entries) return false;
    *out = c->ldt[idx].present ? cpu_desc_encode(&c->ldt[idx]) : 0;
    return true;
  }
  if (idx >= 16) return false;
  if (idx >= GDT_TLS_MIN && idx < GDT_TLS_MIN + GDT_TLS_NUM) {
    const struct seg_desc *t = &c->tls[idx - GDT_TLS_MIN];
    *out = t->present ? cpu_desc_encode(t) : 0;
  } else {
    *out = gdt_fixed[idx];
  }
  return true;
}

bool cpu_desc_read(const struct cpu *c, u16 sel, u64 *out) { return desc_read(c, sel, out); }

/* The checks LAR, LSL, VERR and VERW share (SDM vol. 2A): a non-null
 * selector inside the table, a code or data descriptor (every system
 * descriptor of Linux's tables is DPL 0, so none passes at CPL 3), and
 * unless the segment is conforming code, DPL >= CPL (3) and DPL >= RPL.
 * The present bit is not checked. */
static bool desc_visible(const struct cpu *c, u16 sel, u64 *desc) {
  if ((sel & ~3u) == 0 || !desc_read(c, sel, desc)) return false;
  u32 hi = (u32)(*desc >> 32);
  u32 type = (hi >> 8) & 0xf, dpl = (hi >> 13) & 3;
  if (!(hi & (1u << 12))) return false; /* system descriptor */
  if ((type & 0xc) == 0xc) return true; /* conforming code */
  return dpl == 3;
}

/* 0F 02 LAR Gv, Ew: the access rights (bits 23:8 of the descriptor's high
 * word; bits 19:16 are the limit's top, which the SDM calls undefined and
 * Intel processors return); 0F 03 LSL Gv, Ew: the limit in bytes.  ZF says
 * whether the selector passed; on failure the destination is left alone. */
void op_lar_lsl(struct cpu *c, const struct insn *d) {
  u64 desc;
  u16 sel = (u16)get_E(c, d, 2);
  if (!desc_visible(c, sel, &desc)) {
    cpu_set_flags(c, 0, F_ZF);
    return;
  }
  u32 hi = (u32)(desc >> 32), v;
  if (d->op == 0x02) {
    v = hi & 0x00ffff00;
  } else {
    v = (u32)(desc & 0xffff) | (hi & 0x000f0000);
    if (hi & (1u << 23)) v = v << 12 | 0xfff; /* 4 KiB granularity */
  }
  set_G(c, d, d->opsz == 8 ? 4 : d->opsz, v); /* 64-bit: zero-extended */
  cpu_set_flags(c, F_ZF, F_ZF);
}

/* MOV/POP/LxS to a segment register at CPL 3.  SS needs a writable data
 * segment with RPL = DPL = 3; DS/ES/FS/GS take any readable segment whose
 * DPL (3) >= RPL, or a null selector.  The base comes from the descriptor
 * (Linux's own user segments are flat); loading a null selector zeroes the
 * base too, as Intel processors do (AMD keeps it: Linux's X86_BUG_NULL_SEG).
 * Data and stack segment limits are not enforced; CS's is, on every fetch
 * outside the flat model (run_seg, interp.c), and on far transfers. */
bool cpu_ss_ok(const struct cpu *c, u16 sel) {
  u64 base;
  return desc_kind(c, sel, &base) == DESC_DATA_RW && (sel & 3) == 3;
}

/* IRET checks SS's present bit last (SDM IRET: #SS(selector)). */
bool cpu_ss_not_present(const struct cpu *c, u16 sel) {
  u64 base;
  return (sel & 3) == 3 && !cpu_ss_ok(c, sel) && desc_kind_p(c, sel, &base, true) == DESC_DATA_RW;
}

/* The order of the SDM's checks: null (#GP(0)); a descriptor that is no
 * code segment, or one whose DPL is not 3 (Linux's kernel segments, every
 * GDT entry but the two user code segments), #GP(selector); RPL < 3 (the
 * kernel's sigreturn forces RPL 3, a far return does not), #GP(selector);
 * then the present bit, #NP(selector).  LDT and TLS code segments are
 * DPL 3; an execute-only one (read_exec_only) is still code, and a
 * conforming one (contents 3, which modify_ldt allows only not present)
 * passes the DPL check.  The L bit makes a 64-bit segment, D a 32-bit one. */
int cpu_iret_cs(const struct cpu *c, u16 sel, u32 *err) {
  *err = sel & 0xfffc;
  if ((sel & ~3u) == 0) {
    *err = 0;
    return CPU_CS_GP;
  }
  const struct seg_desc *d = user_desc(c, sel);
  if (!d) {
    if ((sel & 3) == 3 && !(sel & 4)) {
      if ((sel & ~3u) == (SEL_USER_CS & ~3u)) return 64;
      if ((sel & ~3u) == (SEL_USER32_CS & ~3u)) return 32;
    }
    return CPU_CS_GP; /* empty, beyond the table, data, system or DPL 0 */
  }
  if (d->contents < 2 || (sel & 3) != 3) return CPU_CS_GP;
  if (d->seg_not_present) return CPU_CS_NP;
  if (d->lm) return 64;
  return d->seg_32bit ? 32 : 16;
}

/* A user segment's limit in bytes (G scales by 4 KiB, the low 12 bits set). */
static u32 desc_limit(const struct seg_desc *d) {
  return d->limit_in_pages ? d->limit << 12 | 0xfff : d->limit;
}

u32 cpu_code_limit(const struct cpu *c, u16 sel) {
  const struct seg_desc *d = user_desc(c, sel);
  return d ? desc_limit(d) : 0xffffffffu;
}

/* Whether only the one-instruction loop may run: outside 64-bit mode, CS
 * or SS is anything but flat and 32-bit. */
static void seg_update(struct cpu *c) {
  bool flat = !c->cs16 && !c->ss16 && !c->seg_base[SEG_CS] && !c->seg_base[SEG_SS] &&
              c->cs_limit == 0xffffffffu;
  c->segmented = c->mode != 64 && !flat;
}

void cpu_load_cs(struct cpu *c, u16 sel, int mode) {
  c->mode = mode == 64 ? 64 : 32;
  c->seg[SEG_CS] = sel;
  const struct seg_desc *d = mode == 64 ? NULL : user_desc(c, sel);
  c->seg_base[SEG_CS] = d ? d->base : 0;
  c->cs_limit = d ? desc_limit(d) : 0xffffffffu;
  c->cs16 = mode == 16;
  /* SS's base counts outside 64-bit mode only (cpu_try_load_seg). */
  const struct seg_desc *s = mode == 64 ? NULL : user_desc(c, c->seg[SEG_SS]);
  c->seg_base[SEG_SS] = s ? s->base : 0;
  seg_update(c);
}

bool cpu_try_load_seg(struct cpu *c, int seg, u16 sel) {
  u64 base;
  int k = desc_kind(c, sel, &base);
  bool ok;
  if (seg == SEG_SS)
    ok = cpu_ss_ok(c, sel);
  else if (seg == SEG_CS)
    ok = false; /* only far transfers load CS */
  else
    ok = k != DESC_NONE;
  if (!ok) return false;
  c->seg[seg] = sel;
  if (c->mode == 64 && seg != SEG_FS && seg != SEG_GS) base = 0; /* only FS/GS have one */
  c->seg_base[seg] = base;
  if (seg == SEG_SS) {
    /* B clear: a 16-bit stack (SP) outside 64-bit mode. */
    const struct seg_desc *d = user_desc(c, sel);
    c->ss16 = d && !d->seg_32bit;
    seg_update(c);
  }
  return true;
}

void cpu_load_seg(struct cpu *c, int seg, u16 sel) {
  if (!cpu_try_load_seg(c, seg, sel)) {
    c->gp_err = sel & 0xfffc; /* the selector's index and TI, as the error code */
    /* A descriptor that passes every check but the present bit: #NP, or
     * #SS for SS (SDM "MOV", "POP"). */
    u64 base;
    int k = desc_kind_p(c, sel, &base, true);
    if (seg == SEG_SS && k == DESC_DATA_RW && (sel & 3) == 3) cpu_exception(c, STOP_SS);
    if (seg != SEG_SS && seg != SEG_CS && k != DESC_NONE && k != DESC_NULL) cpu_exception(c, STOP_NP);
    cpu_exception(c, STOP_GP);
  }
}

/* --- System-call instructions --- */

void op_syscall(struct cpu *c, const struct insn *d) {
  if (c->mode != 64) cpu_exception(c, STOP_UD); /* Intel: #UD outside 64-bit mode */
  cpu_trap(c, STOP_SYSCALL);
}

void op_sysenter(struct cpu *c, const struct insn *d) { cpu_trap(c, STOP_SYSENTER); }

void op_sysexit(struct cpu *c, const struct insn *d) { cpu_exception(c, STOP_GP); /* CPL != 0 */ }

/* --- CPUID, RDTSC --- */

void op_cpuid(struct cpu *c, const struct insn *d) {
  u32 out[4];
  cpu_cpuid(c, (u32)c->r[R_AX], (u32)c->r[R_CX], out);
  c->r[R_AX] = out[0];
  c->r[R_BX] = out[1];
  c->r[R_CX] = out[2];
  c->r[R_DX] = out[3];
}

void op_rdtsc(struct cpu *c, const struct insn *d) {
  u64 t = __builtin_ia32_rdtsc();
  c->r[R_AX] = (u32)t;
  c->r[R_DX] = t >> 32;
}

/* --- Group 6 (0F 00) ---
 * SLDT/STR are readable at CPL 3 (emu's CPU has no UMIP, and Linux emulates
 * them where UMIP is on): no LDT (0) and TR = 0x40.  A register destination
 * gets the zero-extended selector (16-bit operand size: only the low word).
 * LLDT/LTR are privileged; VERR/VERW set ZF as LAR's checks and the
 * descriptor's type say. */
static void store_sel(struct cpu *c, const struct insn *d, u16 v) {
  if (d->mod != 3)
    st16(c, insn_ea(c, d), v);
  else if (d->opsz == 2)
    reg_set(c, d, d->rm, 2, v);
  else
    c->r[d->rm] = v;
}

void op_grp6(struct cpu *c, const struct insn *d) {
  switch (d->reg & 7) {
  case 0: store_sel(c, d, 0); break;       /* SLDT */
  case 1: store_sel(c, d, SEL_TSS); break; /* STR */
  case 2:                                  /* LLDT */
  case 3: cpu_exception(c, STOP_GP);       /* LTR */
  case 4:                                  /* VERR: readable code or any data */
  case 5: {                                /* VERW: writable data */
    u64 desc;
    bool ok = desc_visible(c, (u16)get_E(c, d, 2), &desc);
    u32 type = (u32)(desc >> 40) & 0xf;
    if (ok && (d->reg & 7) == 4)
      ok = !(type & 8) || (type & 2);
    else if (ok)
      ok = !(type & 8) && (type & 2);
    cpu_set_flags(c, ok ? F_ZF : 0, F_ZF);
    break;
  }
  default: cpu_exception(c, STOP_UD);
  }
}

/* --- Group 7 (0F 01) ---
 * Memory forms: SGDT/SIDT/SMSW give what Linux's UMIP emulation gives user
 * space (arch/x86/kernel/umip.c: dummy GDT/IDT bases, limit 0; CR0 =
 * PG|AM|WP|NE|ET|MP|PE), which is also what a native run on a current
 * kernel shows; LGDT/LIDT/LMSW/INVLPG are privileged.
 * Register forms: XGETBV, RDTSCP; the rest is #UD or #GP as at CPL 3. */
#define UMIP_GDT_BASE 0xfffffffffffe0000ull
#define UMIP_IDT_BASE 0xffffffffffff0000ull
#define UMIP_CR0      0x80050033ull
#define XCR0_VALUE    3 /* x87 | SSE */

static void store_dtr(struct cpu *c, const struct insn *d, u64 base) {
  u64 a = insn_ea(c, d);
  if (c->mode == 64) {
    /* check the whole 10 bytes before writing any */
    (void)cpu_host(c, a, 10);
    st16(c, a, 0);
    st64(c, a + 2, base);
  } else {
    (void)cpu_host(c, a, 6);
    st16(c, a, 0);
    st32(c, (u32)(a + 2), (u32)base);
  }
}

static void grp7_reg(struct cpu *c, const struct insn *d) {
  switch (((d->reg & 7) << 3) | (d->rm & 7)) {
  case 0x10: /* 0F 01 D0 XGETBV */
    if ((u32)c->r[R_CX] != 0) cpu_exception(c, STOP_GP);
    c->r[R_AX] = XCR0_VALUE;
    c->r[R_DX] = 0;
    return;
  case 0x11: /* XSETBV */
  case 0x38: /* SWAPGS */
    if (c->mode == 64 || (d->rm & 7) == 1) cpu_exception(c, STOP_GP);
    cpu_exception(c, STOP_UD);
  case 0x39: { /* 0F 01 F9 RDTSCP: TSC_AUX = cpu 0, node 0 */
    u64 t = __builtin_ia32_rdtsc();
    c->r[R_AX] = (u32)t;
    c->r[R_DX] = t >> 32;
    c->r[R_CX] = 0;
    return;
  }
  }
  switch (d->reg & 7) {
  case 4: /* SMSW r */
    if (d->opsz == 2)
      reg_set(c, d, d->rm, 2, UMIP_CR0);
    else
      reg_set(c, d, d->rm, d->opsz, UMIP_CR0);
    return;
  case 6: cpu_exception(c, STOP_GP);  /* LMSW */
  default: cpu_exception(c, STOP_UD); /* VMX, MONITOR/MWAIT, CLAC/STAC, XTEST... */
  }
}

void op_grp7(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) {
    grp7_reg(c, d);
    return;
  }
  switch (d->reg & 7) {
  case 0: store_dtr(c, d, c->mode == 64 ? UMIP_GDT_BASE : (u32)UMIP_GDT_BASE); return;
  case 1: store_dtr(c, d, c->mode == 64 ? UMIP_IDT_BASE : (u32)UMIP_IDT_BASE); return;
  case 4: st16(c, insn_ea(c, d), (u16)UMIP_CR0); return; /* SMSW m16 */
  case 5: cpu_exception(c, STOP_UD);                     /* RSTORSSP: no CET */
  default: cpu_exception(c, STOP_GP);                    /* LGDT LIDT LMSW INVLPG */
  }
}

/* --- The rest --- */

void op_privileged(struct cpu *c, const struct insn *d) { cpu_exception(c, STOP_GP); }

void op_ud(struct cpu *c, const struct insn *d) { cpu_exception(c, STOP_UD); }

/* 0F 18-1F: hint NOPs (prefetch hints, reserved NOPs, NOP Ev, ENDBR64/32,
 * and the MPX/CET encodings that are NOPs when those are off).  The memory
 * operand is not accessed. */
void op_nop_Ev(struct cpu *c, const struct insn *d) {}

/* 0F 0D /r: PREFETCH/PREFETCHW m8, a NOP for emu; a register operand is #UD. */
void op_prefetch_Ev(struct cpu *c, const struct insn *d) {
  if (d->mod == 3) cpu_exception(c, STOP_UD);
}
