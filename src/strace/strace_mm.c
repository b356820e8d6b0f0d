/* strace_mm.c — the system-call log's memory kinds: PROT_*, MAP_*,
 * mremap and madvise flags, mlockall/mlock2 flags, mincore's vector,
 * membarrier's commands and result.  Mirrors strace's mem.c, mmap flags in
 * xlat, mincore (mem.c), membarrier.c (non-verbose output of strace 6.1). */
#define _GNU_SOURCE
#include <sys/mman.h>

#include "strace_fmt.h"

static const struct trc_flag prot_flags[] = {FN(PROT_READ),      FN(PROT_WRITE),   FN(PROT_EXEC),
                                             FN(PROT_GROWSDOWN), FN(PROT_GROWSUP), {0, NULL}};

static const struct trc_flag map_flags[] = {
    FN(MAP_FIXED),     FN(MAP_ANONYMOUS),       FN(MAP_32BIT),  FN(MAP_GROWSDOWN),
    FN(MAP_DENYWRITE), FN(MAP_EXECUTABLE),      FN(MAP_LOCKED), FN(MAP_NORESERVE),
    FN(MAP_POPULATE),  FN(MAP_NONBLOCK),        FN(MAP_STACK),  FN(MAP_HUGETLB),
    FN(MAP_SYNC),      FN(MAP_FIXED_NOREPLACE), {0, NULL}};

static void fmt_mmap_flags(struct trc_buf *b, u32 v) {
  static const char *const type[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
  trc_puts(b, type[v & 3]);
  v &= ~3u;
  if (v) {
    trc_puts(b, "|");
    trc_flags(b, v, map_flags, NULL);
  }
}

static const struct trc_flag mremap_flags[] = {
    {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}, {0, NULL}};

static const struct trc_flag madv[] = {
    FN(MADV_NORMAL),     FN(MADV_RANDOM),    FN(MADV_SEQUENTIAL),  FN(MADV_WILLNEED),
    FN(MADV_DONTNEED),   FN(MADV_FREE),      FN(MADV_REMOVE),      FN(MADV_DONTFORK),
    FN(MADV_DOFORK),     FN(MADV_MERGEABLE), FN(MADV_UNMERGEABLE), FN(MADV_HUGEPAGE),
    FN(MADV_NOHUGEPAGE), FN(MADV_DONTDUMP),  FN(MADV_DODUMP),      {0, NULL}};

TRC_FMT(k_prot) { trc_flags(b, (u32)c->a[i], prot_flags, "PROT_NONE"); }

TRC_FMT(k_mmap_flags) { fmt_mmap_flags(b, (u32)c->a[i]); }

TRC_FMT(k_mremap_flags) { trc_flags(b, (u32)c->a[i], mremap_flags, "0"); }

TRC_FMT(k_madv) { trc_xlat_fmt(b, (u32)c->a[i], madv, "%#llx"); }

static const struct trc_flag mcl[] = {
    F(1, "MCL_CURRENT"), F(2, "MCL_FUTURE"), F(4, "MCL_ONFAULT"), {0, NULL}};

TRC_FMT(k_mcl_flags) { trc_flags(b, (u32)c->a[i], mcl, "0"); }

static const struct trc_flag mb[] = {F(0, "MEMBARRIER_CMD_QUERY"),
                                     F(1, "MEMBARRIER_CMD_GLOBAL"),
                                     F(2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"),
                                     F(4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"),
                                     F(8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"),
                                     F(16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"),
                                     F(32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"),
                                     F(64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"),
                                     F(128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"),
                                     F(256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"),
                                     {0, NULL}};

TRC_FMT(k_mlock2_flags) {
  u64 v = c->a[i];
  static const struct trc_flag ml[] = {F(1, "MLOCK_ONFAULT"), {0, NULL}};
  return trc_flags(b, (u32)v, ml, "0");
}

TRC_FMT(k_membarrier_cmd) { trc_xlat_unk(b, (u32)c->a[i], mb, "MEMBARRIER_CMD_???"); }

TRC_RV(rv_membarrier) {
  if ((u32)c->a[0] != 0 || r == 0) {
    trc_printf(b, "%ld", r);
    return;
  }
  trc_printf(b, "%#lx (", r);
  trc_flags(b, (u64)r, mb + 1, "0"); /* the commands after QUERY */
  trc_puts(b, ")");
}

TRC_FMT(k_mincore_out) {
  u64 addr = ularg(c, i);
  u64 pages = (ularg(c, p) + 4095) / 4096;
  trc_puts(b, "[");
  for (u64 k = 0; k < pages; k++) {
    u8 v8;
    if (k) trc_puts(b, ", ");
    if ((long long)k >= trc_max_strlen() || !trc_read(c, &v8, addr + k, 1)) {
      trc_puts(b, "...");
      return;
    }
    trc_printf(b, "%u", v8 & 1);
  }
  return trc_puts(b, "]");
}

/* memfd_secret's flags (strace's memfd_secret.c) */
static const struct trc_flag memfd_secret_flags[] = {F(02000000, "O_CLOEXEC"), {0, NULL}};
TRC_FMT(k_memfd_secret_flags) { trc_flags(b, (u32)c->a[i], memfd_secret_flags, "0"); }

const struct trc_kind_def trc_mm_kinds[] = {
    {K_PROT, .fmt = k_prot},
    {K_MMAP_FLAGS, .fmt = k_mmap_flags},
    {K_MREMAP_FLAGS, .fmt = k_mremap_flags},
    {K_MADV, .fmt = k_madv},
    {K_MCL_FLAGS, .fmt = k_mcl_flags},
    {K_MLOCK2_FLAGS, .fmt = k_mlock2_flags},
    {K_MEMBARRIER_CMD, .fmt = k_membarrier_cmd},
    {K_MINCORE_OUT, .fmt = k_mincore_out},
    {K_MEMFD_SECRET_FLAGS, .fmt = k_memfd_secret_flags},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_mm_rvs[] = {
    {RV_MEMBARRIER, rv_membarrier},
    {0, NULL},
};
