/* decode.c — the table-driven x86 decoder: prefixes, REX, the one-byte, 0F,
 * 0F38 and 0F3A maps, ModRM/SIB/displacement (16-, 32- and 64-bit
 * addressing, rip-relative), immediates.  Mirrors the SDM vol. 2 ch. 2
 * ("Instruction Format") and QEMU's decode-new.c.inc table walk.  It fills a
 * struct insn; optab.c holds the maps. */
#include <assert.h>
#include <signal.h>
#include <string.h>

#include "cpu_internal.h"
#include "../mem/mem.h"

#define MAX_INSN_LEN 15

/* Decode b[0..n).  Returns the length, 0 when the instruction needs more than
 * n bytes, or -1 when it is longer than 15 bytes (#GP). */
/* LOCK is #UD except on the memory destination of the read-modify-write
 * instructions (SDM Vol. 2A, "LOCK"): ADD OR ADC SBB AND SUB XOR (Eb/Ev,
 * Gb/Gv and group 1 but CMP), XCHG, NOT, NEG, INC, DEC, BTS BTR BTC, CMPXCHG,
 * CMPXCHG8B/16B, XADD. */
static bool lock_ok(const struct insn *d, int have_modrm, u8 modrm) {
  if (!have_modrm || (modrm >> 6) == 3) return false;
  u8 op = d->op, reg = (modrm >> 3) & 7;
  if (d->map == 0) {
    if (op < 0x40 && (op & 7) <= 1) return (op >> 3) != 7; /* not CMP */
    switch (op) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83: return reg != 7;
    case 0x86:
    case 0x87: return true;
    case 0xf6:
    case 0xf7: return reg == 2 || reg == 3;
    case 0xfe:
    case 0xff: return reg <= 1;
    default: return false;
    }
  }
  if (d->map == 1) {
    switch (op) {
    case 0xab:
    case 0xb3:
    case 0xbb:
    case 0xb0:
    case 0xb1:
    case 0xc0:
    case 0xc1: return true;
    case 0xba: return reg >= 5;
    case 0xc7: return reg == 1;
    default: return false;
    }
  }
  return false;
}

static int decode(const u8 *b, size_t n, int mode, struct insn *d) {
  size_t p = 0;
  int seg = SEG_NONE;
  u8 rex = 0, rep = 0, lock = 0, has66 = 0, has67 = 0;
#define NEED(k)                                     \
  do {                                              \
    if (p + (k) > MAX_INSN_LEN) return -1;          \
    if (p + (k) > n) return 0;                      \
  } while (0)

  memset(d, 0, sizeof *d);
  for (;;) {
    NEED(1);
    u8 x = b[p];
    switch (x) {
    case 0xf0: lock = 1; break;
    case 0xf2:
    case 0xf3: rep = x; break;
    case 0x26: seg = SEG_ES; break;
    case 0x2e: seg = SEG_CS; break;
    case 0x36: seg = SEG_SS; break;
    case 0x3e: seg = SEG_DS; break;
    case 0x64: seg = SEG_FS; break;
    case 0x65: seg = SEG_GS; break;
    case 0x66: has66 = 1; break;
    case 0x67: has67 = 1; break;
    default:
      if (mode == 64 && (x & 0xf0) == 0x40) {
        rex = x; /* REX counts only directly before the opcode */
        p++;
        NEED(1);
        x = b[p];
        if (x == 0x66 || x == 0x67 || x == 0xf0 || x == 0xf2 || x == 0xf3 ||
            x == 0x26 || x == 0x2e || x == 0x36 || x == 0x3e || x == 0x64 || x == 0x65 ||
            (x & 0xf0) == 0x40) {
          rex = 0;
          continue;
        }
      }
      goto opcode;
    }
    p++;
  }

opcode:;
  /* In 64-bit mode only FS and GS overrides have an effect. */
  if (mode == 64 && seg != SEG_FS && seg != SEG_GS) seg = SEG_NONE;
  const struct dec_entry *e;
  NEED(1);
  u8 op = b[p++];
  d->map = 0;
  u8 vex = 0, vex_pp = 0, vex_bad = 0;
  if (op == 0xc4 || op == 0xc5) {
    /* VEX, or in 32-bit mode LES/LDS unless the next byte's top two bits
     * (ModRM.mod; for VEX the inverted R and X, or R and vvvv[3]) are 11. */
    NEED(1);
    if (mode == 64 || (b[p] >> 6) == 3) vex = op;
  }
  if (vex) {
    u8 b1 = b[p++], b2 = b1, map = 1, r = 0;
    if (vex == 0xc4) {
      NEED(1);
      b2 = b[p++];
      map = b1 & 0x1f;
      r = ((~b1 >> 5) & 7) | ((b2 >> 4) & 8); /* W R X B as in REX */
    } else {
      r = (~b1 >> 5) & 4;
    }
    /* A legacy 66/F2/F3, REX or LOCK before VEX is #UD. */
    vex_bad = has66 || rep || lock || rex;
    /* 32-bit mode: R and X are 1 (above), B and W are ignored (the GPR
     * forms have 32-bit operands), and so is vvvv[3]. */
    rex = mode == 64 ? 0x40 | r : 0;
    d->vex = 1;
    d->vvvv = (~b2 >> 3) & (mode == 64 ? 15 : 7);
    d->vexl = (b2 >> 2) & 1;
    vex_pp = b2 & 3; /* none, 66, F3, F2: the PFX_* order */
    has66 = rep = lock = 0;
    NEED(1);
    op = b[p++];
    static const struct dec_entry vex_none = {NULL, NULL, DEC_MODRM};
    d->map = map;
    switch (map) {
    case 1: e = &dec_vex_0f[op]; break;
    case 2: e = &dec_vex_0f38[op]; break;
    case 3: e = &dec_vex_0f3a[op]; break;
    default: /* reserved map: #UD */
      e = &vex_none;
      d->map = 0xff;
      vex_bad = 1;
      break;
    }
  } else if (op == 0x0f) {
    NEED(1);
    op = b[p++];
    if (op == 0x38 || op == 0x3a) {
      d->map = op == 0x38 ? 2 : 3;
      NEED(1);
      op = b[p++];
      e = d->map == 2 ? &dec_0f38[op] : &dec_0f3a[op];
    } else {
      d->map = 1;
      e = &dec_0f[op];
    }
  } else {
    e = &dec_root[op];
  }
  d->op = op;
  d->rep = rep;
  d->lock = lock;
  d->rex = rex;
  d->has66 = has66;
  d->pfx = rep == 0xf3 ? PFX_F3 : rep == 0xf2 ? PFX_F2 : has66 ? PFX_66 : PFX_NONE;
  if (vex) d->pfx = vex_pp;

  /* Walk group and mandatory-prefix sub tables, reading ModRM when needed.
   * Every 0F38 and 0F3A opcode has a ModRM byte, and every 0F3A opcode an
   * imm8, so an opcode emu does not implement there still gets its length. */
  u32 flags = e->flags;
  if (!e->fn && !e->sub && d->map >= 2) flags |= DEC_MODRM | (d->map == 3 ? DEC_IB : 0);
  /* So does every VEX opcode but VZEROUPPER/VZEROALL (VEX.0F 77); in the 0F
   * map 70-73 and C2 C4-C6 take an imm8. */
  if (vex && !e->fn && !e->sub && !(d->map == 1 && op == 0x77)) {
    flags |= DEC_MODRM;
    if (d->map == 1 && ((op >= 0x70 && op <= 0x73) || op == 0xc2 || (op >= 0xc4 && op <= 0xc6)))
      flags |= DEC_IB;
  }
  int have_modrm = 0;
  u8 modrm = 0;
  for (;;) {
    if ((flags & DEC_MODRM) && !have_modrm) {
      NEED(1);
      modrm = b[p++];
      have_modrm = 1;
    }
    if ((e->flags & DEC_GROUP) && e->sub && have_modrm) {
      e = &e->sub[(modrm >> 3) & 7];
    } else if ((e->flags & DEC_PFX) && e->sub) {
      e = &e->sub[d->pfx];
    } else {
      break;
    }
    flags |= e->flags;
  }
  d->fn = e->fn;
  d->branch = (flags & DEC_BRANCH) != 0;
  if ((flags & DEC_I64) && mode == 64) d->fn = NULL;
  if ((flags & DEC_O64) && mode != 64) d->fn = NULL;
  if (vex_bad || ((flags & DEC_VEX_L0) && d->vexl) || ((flags & DEC_VEX_NV) && d->vvvv))
    d->fn = NULL;

  /* Operand and address size. */
  if (flags & DEC_BYTE) {
    d->opsz = 1;
  } else if (mode == 64) {
    if ((rex & 8) || (flags & DEC_F64)) d->opsz = 8;
    else if (has66 && !(flags & DEC_SSE)) d->opsz = 2;
    else if (flags & DEC_D64) d->opsz = 8;
    else d->opsz = 4;
  } else {
    /* 66 and 67 flip the default size: 32 bits, or 16 in a 16-bit code
     * segment (mode 16). */
    d->opsz = has66 && !(flags & DEC_SSE) ? 2 : 4;
    if (mode == 16 && !(flags & DEC_SSE)) d->opsz ^= 6;
  }
  if (mode == 64) d->adsz = has67 ? 4 : 8;
  else d->adsz = has67 != (mode == 16) ? 2 : 4;

  /* ModRM, SIB, displacement. */
  d->base = NOREG;
  d->index = NOREG;
  d->seg = seg;
  if (have_modrm) {
    u8 mod = modrm >> 6, rm = modrm & 7;
    d->mod = mod;
    d->reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
    d->rm = rm | ((rex & 1) << 3);
    if (mod != 3) {
      if (d->adsz == 2) {
        static const u8 base16[8] = {R_BX, R_BX, R_BP, R_BP, R_SI, R_DI, R_BP, R_BX};
        static const u8 index16[8] = {R_SI, R_DI, R_SI, R_DI, NOREG, NOREG, NOREG, NOREG};
        if (mod == 0 && rm == 6) {
          NEED(2);
          d->disp = (i16)(b[p] | b[p + 1] << 8);
          p += 2;
        } else {
          d->base = base16[rm];
          d->index = index16[rm];
          if (mod == 1) {
            NEED(1);
            d->disp = (i8)b[p++];
          } else if (mod == 2) {
            NEED(2);
            d->disp = (i16)(b[p] | b[p + 1] << 8);
            p += 2;
          }
        }
      } else {
        int disp_bytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;
        if (rm == 4) {
          NEED(1);
          u8 sib = b[p++];
          u8 idx = ((sib >> 3) & 7) | ((rex & 2) << 2);
          d->scale = sib >> 6;
          d->index = idx == 4 ? NOREG : idx;
          if ((sib & 7) == 5 && mod == 0) {
            d->base = NOREG;
            disp_bytes = 4;
          } else {
            d->base = (sib & 7) | ((rex & 1) << 3);
          }
        } else if (rm == 5 && mod == 0) {
          d->base = mode == 64 ? RIPREL : NOREG;
          disp_bytes = 4;
        } else {
          d->base = rm | ((rex & 1) << 3);
        }
        if (disp_bytes == 1) {
          NEED(1);
          d->disp = (i8)b[p++];
        } else if (disp_bytes == 4) {
          NEED(4);
          d->disp = (i32)((u32)b[p] | (u32)b[p + 1] << 8 | (u32)b[p + 2] << 16 |
                          (u32)b[p + 3] << 24);
          p += 4;
        }
      }
    }
  } else {
    d->reg = (op & 7) | ((rex & 1) << 3);
  }

  /* Immediates. */
#define IMM(k, out)                                      \
  do {                                                   \
    NEED(k);                                             \
    u64 v_ = 0;                                          \
    for (int i_ = (k) - 1; i_ >= 0; i_--) v_ = v_ << 8 | b[p + i_]; \
    p += (k);                                            \
    out = v_;                                            \
  } while (0)
  u64 v;
  if (flags & DEC_IB) {
    IMM(1, v);
    d->imm = (u64)(i64)(i8)v;
  } else if (flags & DEC_IW) {
    IMM(2, v);
    d->imm = v;
  } else if (flags & DEC_IZ) {
    if (d->opsz == 2) {
      IMM(2, v);
      d->imm = (u64)(i64)(i16)v;
    } else {
      IMM(4, v);
      d->imm = (u64)(i64)(i32)v;
    }
  } else if (flags & DEC_IV) {
    IMM(d->opsz, v);
    d->imm = d->opsz == 2 ? (u64)(i64)(i16)v : d->opsz == 4 ? (u64)(u32)v : v;
  } else if (flags & DEC_MOFFS) {
    IMM(d->adsz, v);
    d->imm = v;
  } else if (flags & DEC_AP) {
    IMM(d->opsz == 2 ? 2 : 4, v);
    d->imm = v;
    IMM(2, v);
    d->imm2 = (u16)v;
  } else if (flags & DEC_IBW) {
    IMM(2, v);
    d->imm = v;
    IMM(1, v);
    d->imm2 = (u16)v;
  }
#undef IMM
#undef NEED
  /* 32-bit mode: without an override a memory operand uses DS, or SS when
   * based on (e)bp or (e)sp, whose bases may be nonzero (LDT selectors). */
  if (mode != 64 && seg == SEG_NONE)
    d->seg = d->base == R_BP || d->base == R_SP ? SEG_SS : SEG_DS;
  if (lock && !lock_ok(d, have_modrm, modrm)) d->fn = NULL; /* #UD */
  d->len = (u8)p;
  return (int)p;
}

/* The decoder's mode: 64, 32, or 16 for a 16-bit code segment. */
static inline int dec_mode(const struct cpu *c) { return c->cs16 ? 16 : c->mode; }

int dec_decode_buf(const u8 *b, size_t n, int mode, struct insn *d) {
  int len = decode(b, n, mode, d);
  return len < 0 ? 0 : len;
}

/* Copy n guest bytes at host address p into dst as the CPU's fetch sees
 * them: through aligned 8-byte loads, each atomic on the host, so an aligned
 * store of up to 8 bytes by another thread is seen whole or not at all, and
 * the decoder reads a snapshot that cannot change under it.  The loads stay
 * inside the 8-byte words that hold [p, p + n), so inside p's pages. */
static void fetch_snapshot(u8 *dst, const u8 *p, size_t n) {
  assert(n >= 1 && n <= MAX_INSN_LEN);
  uintptr_t first = (uintptr_t)p & ~(uintptr_t)7, last = ((uintptr_t)p + n - 1) & ~(uintptr_t)7;
  u64 w[3]; /* 15 bytes lie in 3 words at most */
  size_t k = 0;
  for (uintptr_t q = first; q <= last; q += 8) w[k++] = __atomic_load_n((const u64 *)q, __ATOMIC_RELAXED);
  memcpy(dst, (const u8 *)w + ((uintptr_t)p & 7), n);
}

/* The instruction is decoded from a snapshot of its bytes (at most 15).
 * The bytes of a's page come first; only an instruction that needs more is
 * given the next page's, from the same mapping or the next one when that is
 * executable, so a fetch touches (and may fault on) the next page only when
 * the instruction runs into it, and the fault is reported at the first byte
 * that could not be fetched. */
int dec_fetch_in(struct cpu *c, const struct vma *v, u64 a, struct insn *d, u64 *fault_addr,
                 int *si_code) {
  if (!v || !(v->prot & MM_EXEC) || a >= c->mem_limit) {
    *fault_addr = a;
    *si_code = v ? SEGV_ACCERR : SEGV_MAPERR;
    return 0;
  }
  u64 in_page = PAGE_SIZE - (a & (PAGE_SIZE - 1));
  if (in_page >= 24) {
    /* The common case, without a copy: the three aligned words from a's
     * word hold its 15 bytes and lie inside a's page. */
    const u64 *q = (const u64 *)(uintptr_t)((uintptr_t)(c->mem + a) & ~(uintptr_t)7);
    u64 w[3] = {__atomic_load_n(q, __ATOMIC_RELAXED), __atomic_load_n(q + 1, __ATOMIC_RELAXED),
                __atomic_load_n(q + 2, __ATOMIC_RELAXED)};
    return decode((const u8 *)w + (a & 7), MAX_INSN_LEN, dec_mode(c), d);
  }
  u8 buf[MAX_INSN_LEN];
  size_t n = in_page < MAX_INSN_LEN ? (size_t)in_page : MAX_INSN_LEN;
  fetch_snapshot(buf, c->mem + a, n);
  int len = decode(buf, n, dec_mode(c), d);
  if (len != 0 || n == MAX_INSN_LEN) return len;
  /* The instruction continues into the next page. */
  u64 next = a + n;
  const struct vma *w = next < v->end ? v : mm_find(c->mm, next);
  if (w && (w->prot & MM_EXEC)) {
    fetch_snapshot(buf + n, c->mem + next, MAX_INSN_LEN - n);
    n = MAX_INSN_LEN;
    len = decode(buf, n, dec_mode(c), d);
    if (len != 0) return len;
  }
  *fault_addr = next;
  *si_code = w ? SEGV_ACCERR : SEGV_MAPERR;
  return 0;
}

/* Fetch and decode at guest address a.  On a fetch fault returns 0 and sets
 * *fault_addr / *si_code; on an over-long instruction returns -1.  The mm
 * lock keeps another guest thread from unmapping the code meanwhile. */
int dec_fetch(struct cpu *c, u64 a, struct insn *d, u64 *fault_addr, int *si_code) {
  mm_lock(c->mm);
  int len = dec_fetch_in(c, mm_find(c->mm, a), a, d, fault_addr, si_code);
  mm_unlock(c->mm);
  return len;
}
