/* test_seg.c — cpu_iret_cs: which code selectors an IRET (the kernel's
 * return after sigreturn) and a far transfer take, and the fault of the
 * others, in the order of the SDM's checks (exec_misc.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "cpu/cpu.h"

static struct cpu c; /* zeroed: no LDT, no TLS */

static struct seg_desc code(u8 is32, u8 lm, u8 not_present, u32 base) {
  return (struct seg_desc){.base = base, .limit = 0xfffff, .seg_32bit = is32, .contents = 2,
                           .limit_in_pages = 1, .seg_not_present = not_present, .lm = lm,
                           .present = 1};
}

static void expect(u16 sel, int mode, u32 err) {
  u32 e = 0xdead;
  int r = cpu_iret_cs(&c, sel, &e);
  cr_expect_eq(r, mode, "cs %#x: %d, want %d", sel, r, mode);
  if (mode < 0)
    cr_expect_eq(e, err, "cs %#x: err %#x, want %#x", sel, e, err);
}

Test(seg, iret_cs_gdt) {
  memset(&c, 0, sizeof c);
  expect(0x33, 64, 0);
  expect(0x23, 32, 0);
  expect(0x00, CPU_CS_GP, 0);     /* null: #GP(0) */
  expect(0x03, CPU_CS_GP, 0);
  expect(0x31, CPU_CS_GP, 0x30);  /* RPL < CPL */
  expect(0x13, CPU_CS_GP, 0x10);  /* __KERNEL_CS: DPL 0 */
  expect(0x2b, CPU_CS_GP, 0x28);  /* __USER_DS: data */
  expect(0x43, CPU_CS_GP, 0x40);  /* the TSS */
  expect(0x7b, CPU_CS_GP, 0x78);  /* the CPU/node segment: data */
  expect(0x1233, CPU_CS_GP, 0x1230); /* beyond the GDT */
}

Test(seg, iret_cs_ldt) {
  static struct seg_desc ldt[7];
  memset(&c, 0, sizeof c);
  ldt[0] = code(1, 0, 0, 0);
  ldt[0].contents = 0; /* data */
  ldt[1] = code(1, 0, 0, 0);
  ldt[2] = code(1, 0, 1, 0);
  ldt[3] = code(0, 1, 0, 0);
  ldt[4] = code(0, 0, 0, 0);
  ldt[5] = code(1, 0, 0, 0x10000);
  c.ldt = ldt;
  c.ldt_entries = 7; /* entry 6 empty */
  expect(0x07, CPU_CS_GP, 0x04);
  expect(0x0f, 32, 0);
  expect(0x0c, CPU_CS_GP, 0x0c); /* RPL 0 */
  expect(0x17, CPU_CS_NP, 0x14);
  expect(0x1f, 64, 0);
  expect(0x27, 16, 0);                 /* 16-bit (D clear) */
  expect(0x2f, 32, 0);                 /* based: a 32-bit segment all the same */
  expect(0x37, CPU_CS_GP, 0x34);       /* empty */
  expect(0x1237, CPU_CS_GP, 0x1234);   /* beyond the LDT */
  ldt[1].read_exec_only = 1; /* execute-only code is still code */
  expect(0x0f, 32, 0);
}

/* cpu_load_cs and cpu_try_load_seg(SS): what makes the CPU segmented (the
 * one-instruction loop, interp.c) and what the loop reads of CS and SS. */
Test(seg, load_cs_ss_segmented) {
  static struct seg_desc ldt[4];
  memset(&c, 0, sizeof c);
  c.seg[SEG_SS] = 0x2b;
  ldt[0] = code(1, 0, 0, 0);          /* flat 32-bit code, 4 GiB */
  ldt[1] = code(0, 0, 0, 0x12345000); /* 16-bit code at a base ... */
  ldt[1].limit = 0xfff;               /* ... limit in bytes */
  ldt[1].limit_in_pages = 0;
  ldt[2] = code(0, 0, 0, 0x20000); /* a 16-bit data segment */
  ldt[2].contents = 0;
  ldt[3] = code(1, 0, 0, 0); /* flat 32-bit data */
  ldt[3].contents = 0;
  c.ldt = ldt;
  c.ldt_entries = 4;
  cpu_load_cs(&c, 0x07, 32);
  cr_expect(c.mode == 32 && !c.segmented && !c.cs16 && c.cs_limit == 0xffffffffu);
  cpu_load_cs(&c, 0x0f, 16);
  cr_expect(c.mode == 32 && c.segmented && c.cs16);
  cr_expect_eq(c.seg[SEG_CS], 0x0f);
  cr_expect_eq(c.seg_base[SEG_CS], 0x12345000);
  cr_expect_eq(c.cs_limit, 0xfff);
  cpu_load_cs(&c, 0x23, 32);
  cr_expect(!c.segmented && !c.cs16 && c.seg_base[SEG_CS] == 0);
  /* A 16-bit stack: segmented in compatibility mode, not in 64-bit mode,
   * where SS has neither base nor size. */
  cr_expect(cpu_try_load_seg(&c, SEG_SS, 0x17));
  cr_expect(c.ss16 && c.segmented && c.seg_base[SEG_SS] == 0x20000);
  cpu_load_cs(&c, 0x33, 64);
  cr_expect(!c.segmented && c.seg_base[SEG_SS] == 0);
  cpu_load_cs(&c, 0x23, 32);
  cr_expect(c.segmented && c.seg_base[SEG_SS] == 0x20000);
  cr_expect(cpu_try_load_seg(&c, SEG_SS, 0x1f));
  cr_expect(!c.ss16 && !c.segmented);
}
