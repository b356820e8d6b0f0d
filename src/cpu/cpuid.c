/* cpuid.c — CPUID as emu's virtual CPU answers it.  It reports exactly what
 * emu implements (SDM volume 2 "CPUID", tables 3-8 to 3-12):
 *
 *   leaf 0           max basic leaf 0xd, "GenuineIntel"
 *   leaf 1           family 6 model 0x0f stepping 1; CLFLUSH line 8 qwords,
 *                    1 logical processor, APIC ID 0;
 *                    EDX  FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2
 *                    ECX  SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES
 *                         XSAVE OSXSAVE
 *   leaf 2           descriptors 2C 30 78 E4 (L1d 32K, L1i 32K, L2 1M, L3 8M)
 *   leaf 4           the same caches as deterministic parameters
 *   leaf 7           subleaf 0: max subleaf 0; EBX BMI1 BMI2 ADX SHA
 *   leaf 0xd         XCR0 x87|SSE, XSAVE area 576 bytes; no XSAVEOPT/C/S
 *   0x80000000       max extended leaf 0x80000008
 *   0x80000001       ECX LAHF_LM ABM(LZCNT); EDX SYSCALL (64-bit mode
 *                    only, as Intel reports it) NX RDTSCP LM
 *   0x80000002-4     brand "emu virtual CPU"
 *   0x80000006       L2 1M 4-way, 64-byte lines
 *   0x80000008       39 physical / 48 linear address bits
 *
 * -cpu MODEL (cpu_set_model) narrows what is reported, as qemu-user's -cpu
 * does, for software that picks its code by CPUID (glibc's ifuncs, hwcaps
 * directories, JITs): "max" (the default) is the list above; "x86-64",
 * "x86-64-v2" are the psABI's levels (leaf 1 ECX, leaf 7 and the extended
 * ECX bits cut to the level: v1 has none of them, v2 SSE3 SSSE3 CX16 SSE4.1
 * SSE4.2 POPCNT and LAHF_LM); "host" keeps the list but only the features
 * the host CPU has too, and takes the host's vendor, signature and brand
 * (so a --lockstep run and glibc see the host's model).  Instructions stay
 * implemented whatever CPUID says (a program that uses one it was not
 * offered runs it), as on hardware that has them.  x86-64-v3 needs AVX,
 * which emu does not implement, so it is not offered.
 *
 * Leaves 3, 5, 6, 8-0xc, 0x80000005, 0x80000007 and every leaf above the
 * maximum basic or extended leaf return zeros.  (Intel hardware answers a
 * leaf above the maximum with the highest basic leaf's data; zeros are what
 * AMD does and tell probing software "nothing here", which is the truth.)
 */
#include <cpuid.h>
#include <string.h>

#include "cpu.h"

#define CPUID_MAX_BASIC 0xdu
#define CPUID_MAX_EXT   0x80000008u

/* leaf 1 EDX */
#define ID1D_FPU  (1u << 0)
#define ID1D_TSC  (1u << 4)
#define ID1D_CX8  (1u << 8)
#define ID1D_CMOV (1u << 15)
#define ID1D_CLFSH (1u << 19)
#define ID1D_MMX  (1u << 23)
#define ID1D_FXSR (1u << 24)
#define ID1D_SSE  (1u << 25)
#define ID1D_SSE2 (1u << 26)
/* leaf 1 ECX */
#define ID1C_SSE3    (1u << 0)
#define ID1C_PCLMUL  (1u << 1)
#define ID1C_SSSE3   (1u << 9)
#define ID1C_CX16    (1u << 13)
#define ID1C_SSE41   (1u << 19)
#define ID1C_SSE42   (1u << 20)
#define ID1C_MOVBE   (1u << 22)
#define ID1C_POPCNT  (1u << 23)
#define ID1C_AES     (1u << 25)
#define ID1C_XSAVE   (1u << 26)
#define ID1C_OSXSAVE (1u << 27)
/* leaf 7 subleaf 0 EBX */
#define ID7B_BMI1 (1u << 3)
#define ID7B_BMI2 (1u << 8)
#define ID7B_ADX  (1u << 19)
#define ID7B_SHA  (1u << 29)
/* leaf 0x80000001 */
#define IDX1C_LAHF    (1u << 0)
#define IDX1C_ABM     (1u << 5)
#define IDX1D_SYSCALL (1u << 11)
#define IDX1D_NX      (1u << 20)
#define IDX1D_RDTSCP  (1u << 27)
#define IDX1D_LM      (1u << 29)

#define XSAVE_SIZE 576 /* legacy area 512 + header 64 */

/* Leaf 4 deterministic cache parameters: type (1 data, 2 code, 3 unified),
 * level, ways, sets; 64-byte lines, one partition, self-initializing. */
static const struct {
  u8 type, level;
  u16 ways;
  u32 sets;
} caches[] = {
    {1, 1, 8, 64},    /* L1d 32K = 8 * 64 * 64 */
    {2, 1, 8, 64},    /* L1i 32K */
    {3, 2, 4, 4096},  /* L2 1M = 4 * 4096 * 64 */
    {3, 3, 16, 8192}, /* L3 8M = 16 * 8192 * 64 */
};

static void brand(u32 leaf, u32 out[4]) {
  static const char name[48] = "emu virtual CPU";
  memcpy(out, name + (leaf - 0x80000002u) * 16, 16);
}

enum model { MODEL_MAX, MODEL_V1, MODEL_V2, MODEL_HOST };
static enum model model = MODEL_MAX;
static const char *const model_names[] = {"max", "x86-64", "x86-64-v2", "host"};

int cpu_set_model(const char *name) {
  for (size_t i = 0; i < ARRAY_SIZE(model_names); i++)
    if (!strcmp(name, model_names[i])) {
      model = (enum model)i;
      return 0;
    }
  return -1;
}

const char *cpu_model_name(void) { return model_names[model]; }

/* The host's answer for leaf/subleaf (zeros above its maximum). */
static void host_cpuid(u32 leaf, u32 sub, u32 out[4]) {
  out[0] = out[1] = out[2] = out[3] = 0;
  u32 max = __get_cpuid_max(leaf & 0x80000000u, NULL);
  if (leaf <= max) __cpuid_count(leaf, sub, out[0], out[1], out[2], out[3]);
}

/* The model's cut of emu's own answer (see the header). */
static void narrow(u32 leaf, u32 sub, u32 out[4]) {
  switch (model) {
  case MODEL_MAX: break;
  case MODEL_V1:
  case MODEL_V2: {
    u32 v2c = model == MODEL_V2 ? ID1C_SSE3 | ID1C_SSSE3 | ID1C_CX16 | ID1C_SSE41 | ID1C_SSE42 |
                                      ID1C_POPCNT
                                : 0;
    if (leaf == 1) out[2] &= v2c;
    if (leaf == 7) out[1] = 0;
    if (leaf == 0xd) out[0] = out[1] = out[2] = 0; /* no XSAVE below v3 */
    if (leaf == 0x80000001) out[2] &= model == MODEL_V2 ? IDX1C_LAHF : 0;
    break;
  }
  case MODEL_HOST: {
    u32 h[4];
    host_cpuid(leaf, sub, h);
    if (leaf == 0 || (leaf >= 0x80000002u && leaf <= 0x80000004u)) {
      memcpy(&out[leaf == 0 ? 1 : 0], &h[leaf == 0 ? 1 : 0], leaf == 0 ? 12 : 16);
    } else if (leaf == 1) {
      out[0] = h[0]; /* family, model, stepping */
      out[2] &= h[2];
      out[3] &= h[3];
    } else if (leaf == 7 || leaf == 0x80000001u) {
      out[1] &= h[1];
      out[2] &= h[2];
      out[3] &= h[3];
    }
    break;
  }
  }
}

static void emu_cpuid(const struct cpu *c, u32 leaf, u32 sub, u32 out[4]);

void cpu_cpuid(const struct cpu *c, u32 leaf, u32 sub, u32 out[4]) {
  emu_cpuid(c, leaf, sub, out);
  narrow(leaf, sub, out);
}

static void emu_cpuid(const struct cpu *c, u32 leaf, u32 sub, u32 out[4]) {
  u32 *a = &out[0], *b = &out[1], *cx = &out[2], *dx = &out[3];
  out[0] = out[1] = out[2] = out[3] = 0;
  switch (leaf) {
  case 0:
    *a = CPUID_MAX_BASIC;
    memcpy(b, "Genu", 4);
    memcpy(dx, "ineI", 4);
    memcpy(cx, "ntel", 4);
    break;
  case 1:
    *a = (6u << 8) | (0xfu << 4) | 1u; /* family 6, model 0x0f, stepping 1 */
    *b = (1u << 16) | (8u << 8);       /* 1 logical CPU, CLFLUSH 8*8 bytes */
    *cx = ID1C_SSE3 | ID1C_PCLMUL | ID1C_SSSE3 | ID1C_CX16 | ID1C_SSE41 | ID1C_SSE42 | ID1C_MOVBE |
          ID1C_POPCNT | ID1C_AES | ID1C_XSAVE | ID1C_OSXSAVE;
    *dx = ID1D_FPU | ID1D_TSC | ID1D_CX8 | ID1D_CMOV | ID1D_CLFSH | ID1D_MMX | ID1D_FXSR | ID1D_SSE |
          ID1D_SSE2;
    break;
  case 2:
    *a = 0x78302c01; /* AL = 1 call; 2C L1d, 30 L1i, 78 L2 1M 4-way */
    *b = 0x000000e4; /* E4 L3 8M 16-way */
    break;
  case 4:
    if (sub < ARRAY_SIZE(caches)) {
      *a = caches[sub].type | (caches[sub].level << 5) | (1u << 8);
      *b = ((u32)(caches[sub].ways - 1) << 22) | (64 - 1);
      *cx = caches[sub].sets - 1;
    }
    break;
  case 7:
    if (sub == 0) *b = ID7B_BMI1 | ID7B_BMI2 | ID7B_ADX | ID7B_SHA;
    break;
  case 0xd:
    if (sub == 0) {
      *a = 3; /* XCR0 bits that may be set: x87, SSE */
      *b = XSAVE_SIZE;
      *cx = XSAVE_SIZE;
    }
    break;
  case 0x80000000: *a = CPUID_MAX_EXT; break;
  case 0x80000001:
    *cx = IDX1C_LAHF | IDX1C_ABM;
    *dx = IDX1D_NX | IDX1D_RDTSCP | IDX1D_LM;
    if (!c || c->mode == 64) *dx |= IDX1D_SYSCALL;
    break;
  case 0x80000002:
  case 0x80000003:
  case 0x80000004: brand(leaf, out); break;
  case 0x80000006: *cx = (1024u << 16) | (4u << 12) | 64; break; /* 4 = 4-way */
  case 0x80000008: *a = (48u << 8) | 39; break;
  default: break;
  }
}
