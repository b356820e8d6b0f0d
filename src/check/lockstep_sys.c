/* lockstep_sys.c — system calls under --lockstep.  The native child has
 * already run the call (lockstep.c stepped over its syscall / int $0x80);
 * here emu either
 *  - replays it: takes the native result and copies what the kernel wrote
 *    into the native buffers (read's data, fstat's struct, getrandom's bytes,
 *    uname, clock_gettime, ...) into the program's buffers in emu, so both
 *    sides see the same world and the output is written once (natively); or
 *  - serves it itself, when the call changes state emu keeps (mmap and the
 *    memory calls, brk, arch_prctl/set_thread_area, signal actions and mask,
 *    exit), and checks the result against the native one; addresses the two
 *    sides chose differently become correspondences in lks.map.  A file
 *    mapping becomes an anonymous one in emu, filled with the native bytes
 *    (the file was opened natively only).
 * The output sizes are the kernel's structures of each ABI. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lockstep_int.h"
#include "../abi/lx_fs.h"
#include "../mem/mem.h"
#include "../kernel/observe.h"

/* What the call's row says (the check column, src/abi/calls_*.inc): replay is
 * impossible (a second process image, a frame to return through, i386's old
 * mmap with its arguments in memory), or emu serves it itself. */
bool lks_sys_unsupported(enum abi abi, const char *name) {
  const struct sys_row *r = abi_row(name);
  return r && (r->check & (CHK_NO | (abi == ABI_I386 ? CHK_NO32 : 0)));
}

static bool served(const char *n) {
  const struct sys_row *r = abi_row(n);
  return r && (r->check & CHK_EMU);
}

/* Copy n bytes the kernel wrote at native address na to emu address ea. */
static void copy_back(struct task *t, u64 ea, u64 na, u64 n) {
  if (!ea || !na || !n) return;
  u8 buf[65536];
  while (n) {
    size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
    size_t got = lks_nat_read(na, buf, k);
    if (!got || copy_to_user(t->proc->mm, ea, buf, got)) return;
    ea += got;
    na += got;
    n -= got;
    if (got < k) return;
  }
}

static void copy_iov(struct task *t, const u64 *ea, long ret) {
  unsigned W = lks.mode / 8;
  u64 cnt = ea[2];
  for (u64 i = 0; i < cnt && ret > 0 && i < 1024; i++) {
    u64 ne[2] = {0, 0}, ee[2] = {0, 0};
    u8 raw[16];
    if (lks_nat_read(lks.sys.args[1] + i * 2 * W, raw, 2 * W) != 2 * W) return;
    memcpy(&ne[0], raw, W);
    memcpy(&ne[1], raw + W, W);
    if (copy_from_user(t->proc->mm, raw, ea[1] + i * 2 * W, 2 * W)) return;
    memcpy(&ee[0], raw, W);
    memcpy(&ee[1], raw + W, W);
    u64 n = (u64)ret < ne[1] ? (u64)ret : ne[1];
    copy_back(t, ee[0], ne[0], n);
    ret -= (long)n;
  }
}

static void replay_outputs(struct task *t, enum abi abi, const char *name, const u64 *ea,
                           long ret) {
  if (ret < 0) return;
  const u64 *na = lks.sys.args;
  if (!strcmp(name, "readv") || !strcmp(name, "preadv") || !strcmp(name, "preadv2")) {
    copy_iov(t, ea, ret);
    return;
  }
  if (!strcmp(name, "ioctl")) {
    u32 req = (u32)ea[1];
    if (req == 0x5401) copy_back(t, ea[2], na[2], sizeof(struct lx_termios)); /* TCGETS */
    if (req == 0x5413) copy_back(t, ea[2], na[2], sizeof(struct lx_winsize)); /* TIOCGWINSZ */
    return;
  }
  /* What else the call writes: the check column of its row (src/abi/calls_*.inc). */
  const struct sys_row *r = abi_row(name);
  for (int k = 0; r && k < 3 && r->out[k].how; k++) {
    const struct sys_out *o = &r->out[k];
    u64 n = 0;
    switch (o->how) {
    case SYS_OUT_RET: n = (u64)ret; break;
    case SYS_OUT_OBJ: n = abi == ABI_X86_64 ? o->n64 : o->n32; break;
    case SYS_OUT_ARRAY: n = ea[o->n64] * o->n32; break;
    }
    if (n > (64u << 20)) n = 64u << 20;
    copy_back(t, ea[o->arg], na[o->arg], n);
  }
}

/* Move the child's mapping [na, na+len) to ea with injected mremap calls;
 * overlapping ranges go through a scratch place far from both. */
bool lks_nat_move(u64 na, u64 ea, u64 len) {
  u64 m32 = lks.mode == 32 ? 0xffffffffull : ~0ull;
  long nr_mremap = lks.mode == 64 ? LX64_NR_mremap : LX32_NR_mremap;
  long nr_mmap = lks.mode == 64 ? LX64_NR_mmap : LX32_NR_mmap2;
  u64 a[6] = {na, len, len, 3 /* MREMAP_MAYMOVE | MREMAP_FIXED */, ea, 0};
  long r = lks_nat_inject(nr_mremap, a);
  if (((u64)r & m32) == ea) return true;
  if (r != -EINVAL) return false;
  u64 hint = lks.mode == 64 ? 0x100000000000ull : 0x40000000ull;
  u64 m[6] = {hint, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, m32, 0};
  long tmp = lks_nat_inject(nr_mmap, m);
  if (tmp < 0 && tmp >= -4095) return false;
  u64 t = (u64)tmp & m32;
  u64 a1[6] = {na, len, len, 3, t, 0}, a2[6] = {t, len, len, 3, ea, 0};
  if (((u64)lks_nat_inject(nr_mremap, a1) & m32) != t) return false;
  if (((u64)lks_nat_inject(nr_mremap, a2) & m32) == ea) return true;
  u64 back[6] = {t, len, len, 3, na, 0}; /* put it back where the program has it */
  lks_nat_inject(nr_mremap, back);
  return false;
}

static bool is_err(long r) { return r < 0 && r >= -4095; }

long lks_sys(struct task *t, enum abi abi, long nr, const char *name, u64 args[6],
             const struct sys_desc *sd) {
  if (!lks.comparing || !lks.sys.active) return obs_serve_table(t, sd, args);
  lks.sys.active = false;
  struct cpu *c = &t->cpu;
  long nret = lks.sys.ret;
  if (nr != lks.sys.nr)
    lks_difference(c, "system call %ld (%s) in emu, %ld (%s) natively", nr, name ? name : "?",
                   lks.sys.nr, lks.sys.name ? lks.sys.name : "?");
  if (!name || !served(name)) {
    replay_outputs(t, abi, name ? name : "", args, nret);
    return nret;
  }
  bool map = !strcmp(name, "mmap") || !strcmp(name, "mmap2");
  bool file = map && !(args[3] & MAP_ANONYMOUS);
  if (file) { /* the file is open natively only: an anonymous mapping, the native bytes */
    args[3] |= MAP_ANONYMOUS;
    args[4] = (u64)-1;
    args[5] = 0;
  }
  long ret = obs_serve_table(t, sd, args);
  if (!strcmp(name, "exit") || !strcmp(name, "exit_group")) return ret;
  if (is_err(ret) != is_err(nret))
    lks_difference(c, "%s returned %ld in emu, %ld natively", name, ret, nret);
  if (!is_err(ret) && (map || !strcmp(name, "mremap"))) {
    u64 len = (map ? args[1] : args[2]) + 0xfff;
    len &= ~0xfffull;
    /* Addresses as unsigned values of the guest's width. */
    u64 m32 = lks.mode == 32 ? 0xffffffffull : ~0ull;
    u64 na = (u64)nret & m32, ea = (u64)ret & m32;
    if (na != ea) {
      /* Move the native mapping to emu's address (mremap injected into the
       * child): the program sees the same addresses on both sides. */
      if (lks_nat_move(na, ea, len)) {
        lks_nat_set_ax(ea);
        na = ea;
      } else {
        lks_map_add(&lks.map, na, ea, len);
      }
    }
    if (file && lks.selfmem >= 0) {
      u8 buf[65536];
      for (u64 off = 0; off < len; off += sizeof buf) {
        size_t got = lks_nat_read(na + off, buf, sizeof buf);
        if (!got) break;
        if (pwrite(lks.selfmem, buf, got, (off_t)(uintptr_t)(c->mem + ea + off)) < 0) break;
        if (got < sizeof buf) break;
      }
    }
    return ret;
  }
  if (!strcmp(name, "brk") && !lks.sys.brk_paired) {
    lks.sys.brk_paired = true;
    u64 m32 = lks.mode == 32 ? 0xffffffffull : ~0ull;
    lks_map_add(&lks.map, (u64)nret & m32, (u64)ret & m32, 1ull << 30);
  }
  if (!lks_map_same(&lks.map, lks.mode, (u64)ret, (u64)nret))
    lks_difference(c, "%s returned %ld (0x%lx) in emu, %ld (0x%lx) natively", name, ret,
                   (unsigned long)ret, nret, (unsigned long)nret);
  return ret;
}
