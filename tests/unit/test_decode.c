/* test_decode.c — decoder fields for hand-picked encodings, and instruction
 * lengths against Capstone (the length oracle) over every instruction of a
 * real static binary. */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <gelf.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu_internal.h"

static struct insn dec(const u8 *b, size_t n, int mode) {
  struct insn d;
  cr_assert_neq(dec_decode_buf(b, n, mode, &d), 0, "decode failed");
  return d;
}

Test(decode, lea_sib_index_only) {
  const u8 b[] = {0x4c, 0x8d, 0x04, 0x8d, 0, 0, 0, 0}; /* lea 0(,%rcx,4),%r8 */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.len, 8);
  cr_assert_eq(d.reg, R_R8);
  cr_assert_eq(d.base, NOREG);
  cr_assert_eq(d.index, R_CX);
  cr_assert_eq(d.scale, 2);
  cr_assert_eq(d.opsz, 8);
}

Test(decode, rip_relative) {
  const u8 b[] = {0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00}; /* mov 0x10(%rip),%rax */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.len, 7);
  cr_assert_eq(d.base, RIPREL);
  cr_assert_eq(d.disp, 0x10);
}

Test(decode, absolute_disp32_in_32bit_mode) {
  const u8 b[] = {0x8b, 0x05, 0x78, 0x56, 0x34, 0x12}; /* mov 0x12345678,%eax */
  struct insn d = dec(b, sizeof b, 32);
  cr_assert_eq(d.base, NOREG);
  cr_assert_eq(d.disp, 0x12345678);
  cr_assert_eq(d.adsz, 4);
}

Test(decode, r12_index_with_rex_x) {
  const u8 b[] = {0x4a, 0x8b, 0x04, 0xa0}; /* mov (%rax,%r12,4),%rax */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.index, R_R12);
  cr_assert_eq(d.base, R_AX);
}

Test(decode, rbp_base_needs_disp8) {
  const u8 b[] = {0x8b, 0x45, 0xfc}; /* mov -4(%rbp),%eax */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.base, R_BP);
  cr_assert_eq(d.disp, -4);
  cr_assert_eq(d.len, 3);
}

Test(decode, rex_not_last_is_ignored) {
  const u8 b[] = {0x48, 0x66, 0x89, 0xc0}; /* rex.w then 66: REX dropped, 16-bit */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.rex, 0);
  cr_assert_eq(d.opsz, 2);
}

Test(decode, mov_imm64) {
  const u8 b[] = {0x49, 0xbb, 1, 2, 3, 4, 5, 6, 7, 8}; /* movabs $..,%r11 */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.len, 10);
  cr_assert_eq(d.reg, R_R11);
  cr_assert_eq(d.imm, 0x0807060504030201ull);
}

Test(decode, sixteen_bit_addressing) {
  const u8 b[] = {0x67, 0x8b, 0x42, 0x02}; /* mov 2(%bp,%si),%eax */
  struct insn d = dec(b, sizeof b, 32);
  cr_assert_eq(d.adsz, 2);
  cr_assert_eq(d.base, R_BP);
  cr_assert_eq(d.index, R_SI);
  cr_assert_eq(d.disp, 2);
}

Test(decode, fs_override_64) {
  const u8 b[] = {0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0}; /* mov %fs:0x28,%rax */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.seg, SEG_FS);
  cr_assert_eq(d.len, 9);
  cr_assert_eq(d.base, NOREG);
  cr_assert_eq(d.index, NOREG);
}

Test(decode, ds_override_ignored_in_64) {
  const u8 b[] = {0x3e, 0x8b, 0x00};
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.seg, SEG_NONE);
}

Test(decode, truncated_and_overlong) {
  const u8 b[] = {0x48, 0x8b, 0x05, 0x10};
  struct insn d;
  cr_assert_eq(dec_decode_buf(b, sizeof b, 64, &d), 0);
  u8 pfx[20];
  memset(pfx, 0x66, sizeof pfx);
  cr_assert_eq(dec_decode_buf(pfx, sizeof pfx, 64, &d), 0, "over 15 bytes is not an instruction");
}

/* VEX (C4/C5): lengths, the fields R X B W vvvv L pp fold into, and the
 * encodings that are #UD. */
Test(decode, vex_andn_high_registers) {
  const u8 b[] = {0xc4, 0x42, 0xb8, 0xf2, 0xd9}; /* andn %r9,%r8,%r11 */
  struct insn d = dec(b, sizeof b, 64);
  cr_assert_eq(d.len, 5);
  cr_assert(d.vex);
  cr_assert_not_null(d.fn);
  cr_assert_eq(d.map, 2);
  cr_assert_eq(d.reg, R_R11);
  cr_assert_eq(d.rm, R_R9);
  cr_assert_eq(d.vvvv, R_R8);
  cr_assert_eq(d.opsz, 8);
  cr_assert_eq(d.vexl, 0);
}

Test(decode, vex_lengths_64) {
  static const struct {
    u8 len, ok, b[15];
  } t[] = {
      {10, 1, {0xc4, 0xe2, 0x78, 0xf2, 0x8c, 0x24, 0, 1, 0, 0}}, /* andn 0x100(%rsp),%eax,%ecx */
      {9, 1, {0xc4, 0x62, 0xa8, 0xf7, 0x25, 0, 0, 0, 0}},        /* bextr %r10,0(%rip),%r12 */
      {5, 1, {0xc4, 0xc2, 0x90, 0xf3, 0xdf}},                    /* blsi %r15,%r13 */
      {7, 1, {0xc4, 0xa2, 0x70, 0xf3, 0x4c, 0xa0, 0x08}},        /* blsr 8(%rax,%r12,4),%ecx */
      {11, 1, {0xc4, 0x63, 0xfb, 0xf0, 0xb4, 0x24, 0, 1, 0, 0, 5}}, /* rorx $5,0x100(%rsp),%r14 */
      {5, 1, {0xc4, 0x42, 0x8b, 0xf6, 0xf9}},                    /* mulx %r9,%r14,%r15 */
      {5, 1, {0xc4, 0x42, 0x29, 0xf7, 0xf9}},                    /* shlx %r10d,%r9d,%r15d */
      {6, 1, {0x66, 0x4d, 0x0f, 0x38, 0xf6, 0xc1}},              /* adcx %r9,%r8 */
      {5, 1, {0xf3, 0x0f, 0x38, 0xf6, 0x08}},                    /* adox (%rax),%ecx */
      {3, 0, {0xc5, 0xf8, 0x77}},                                /* vzeroupper */
      {5, 0, {0xc5, 0xf9, 0x70, 0xd1, 0x01}},                    /* vpshufd $1,%xmm1,%xmm2 */
      {6, 0, {0xc5, 0xfa, 0x7e, 0x44, 0x24, 0x08}},              /* vmovq 8(%rsp),%xmm0 */
      {5, 0, {0xc4, 0xe2, 0x74, 0xf2, 0xc1}},                    /* andn, VEX.L = 1 */
      {5, 0, {0xc4, 0xe2, 0x78, 0xf3, 0xc1}},                    /* VEX.0F38 F3 /0 */
      {6, 0, {0xc4, 0xe3, 0x03, 0xf0, 0xc1, 0x03}},              /* rorx, vvvv != 1111b */
      {6, 0, {0x66, 0xc4, 0xe2, 0x70, 0xf2, 0xc1}},              /* 66 before VEX */
      {6, 0, {0x41, 0xc4, 0xe2, 0x70, 0xf2, 0xc1}},              /* REX before VEX */
      {6, 0, {0xf0, 0xc4, 0xe2, 0x70, 0xf2, 0xc1}},              /* LOCK before VEX */
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    struct insn d;
    cr_assert_eq(dec_decode_buf(t[i].b, t[i].len, 64, &d), t[i].len, "entry %zu", i);
    cr_assert_eq(d.fn != NULL, t[i].ok, "entry %zu", i);
  }
}

/* 32-bit mode: C4/C5 are LES/LDS unless the next byte's mod is 11; VEX.W
 * and vvvv[3] are ignored there. */
Test(decode, vex_or_les_lds_32) {
  const u8 les[] = {0xc4, 0x08};       /* les (%eax),%ecx */
  const u8 lds[] = {0xc5, 0x53, 0x04}; /* lds 4(%ebx),%edx */
  const u8 andn[] = {0xc4, 0xe2, 0xe8, 0xf2, 0xc1}; /* andn %ecx,%edx,%eax with W = 1 */
  const u8 rorx[] = {0xc4, 0xe3, 0x7b, 0xf0, 0xc1, 0x05}; /* rorx $5,%ecx,%eax */
  const u8 v3[] = {0xc4, 0xe2, 0x28, 0xf2, 0xc1}; /* andn with vvvv = 1010: edx */
  struct insn d = dec(les, sizeof les, 32);
  cr_assert_eq(d.len, 2);
  cr_assert(!d.vex);
  cr_assert_eq(d.op, 0xc4);
  cr_assert_not_null(d.fn);
  d = dec(lds, sizeof lds, 32);
  cr_assert_eq(d.len, 3);
  cr_assert(!d.vex);
  cr_assert_not_null(d.fn);
  d = dec(andn, sizeof andn, 32);
  cr_assert_eq(d.len, 5);
  cr_assert(d.vex);
  cr_assert_not_null(d.fn);
  cr_assert_eq(d.opsz, 4);
  cr_assert_eq(d.vvvv, R_DX);
  cr_assert_eq(d.reg, R_AX);
  cr_assert_eq(d.rm, R_CX);
  d = dec(rorx, sizeof rorx, 32);
  cr_assert_eq(d.len, 6);
  cr_assert_not_null(d.fn);
  cr_assert_eq(d.imm, 5);
  d = dec(v3, sizeof v3, 32);
  cr_assert_eq(d.vvvv, R_DX);
  cr_assert_not_null(d.fn);
  /* In 64-bit mode the same C4 08 is VEX (map 8 is reserved: #UD). */
  const u8 les64[] = {0xc4, 0x08, 0x78, 0xf2, 0xc1};
  d = dec(les64, sizeof les64, 64);
  cr_assert(d.vex);
  cr_assert_eq(d.len, 5);
  cr_assert_null(d.fn);
}

/* Every instruction Capstone finds in the executable sections of a real
 * static binary has the same length under emu's decoder, VEX code (AVX paths
 * selected by CPUID at run time, #UD under emu) included.  EVEX code is
 * skipped. */
static void sweep(const char *path, int mode, long *checked, long *mismatches) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return;
  elf_version(EV_CURRENT);
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  cr_assert_not_null(elf);
  csh h;
  cr_assert_eq(cs_open(CS_ARCH_X86, mode == 64 ? CS_MODE_64 : CS_MODE_32, &h), CS_ERR_OK);
  Elf_Scn *scn = NULL;
  GElf_Shdr sh;
  while ((scn = elf_nextscn(elf, scn))) {
    gelf_getshdr(scn, &sh);
    if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR)) continue;
    Elf_Data *data = elf_getdata(scn, NULL);
    const u8 *code = data->d_buf;
    size_t size = data->d_size, off = 0;
    cs_insn *ci = cs_malloc(h);
    while (off < size) {
      const u8 *p = code + off;
      size_t left = size - off;
      u64 addr = sh.sh_addr + off;
      if (!cs_disasm_iter(h, &p, &left, &addr, ci)) {
        off++;
        continue;
      }
      size_t len = ci->size;
      u8 first = code[off];
      bool vex = false;
      for (size_t k = 0; k < len; k++) {
        u8 x = code[off + k];
        if (x == 0x66 || x == 0x67 || x == 0xf2 || x == 0xf3 || x == 0xf0 || (x & 0xf0) == 0x40 ||
            x == 0x2e || x == 0x3e || x == 0x26 || x == 0x36 || x == 0x64 || x == 0x65)
          continue;
        vex = x == 0x62 && mode == 64;
        break;
      }
      (void)first;
      if (!vex) {
        struct insn d;
        int ours = dec_decode_buf(code + off, size - off, mode, &d);
        (*checked)++;
        if ((size_t)ours != len) {
          if (*mismatches < 20)
            cr_log_error("%s+%#llx: %s %s: capstone %zu bytes, emu %d", path,
                         (unsigned long long)(sh.sh_addr + off), ci->mnemonic, ci->op_str, len,
                         ours);
          (*mismatches)++;
        }
      }
      off += len;
    }
    cs_free(ci, 1);
  }
  cs_close(&h);
  elf_end(elf);
  close(fd);
}

Test(decode, lengths_match_capstone_on_busybox) {
  long checked = 0, bad = 0;
  if (access("/bin/busybox", R_OK)) cr_skip_test("/bin/busybox not installed");
  sweep("/bin/busybox", 64, &checked, &bad);
  cr_log_info("checked %ld instructions", checked);
  cr_assert_gt(checked, 100000);
  cr_assert_eq(bad, 0, "%ld of %ld lengths differ from Capstone", bad, checked);
}
