/* tls32_gs.c — i386 TLS through %gs: a __thread variable of a static program,
 * set_thread_area with entry_number -1 (the kernel picks a free GDT TLS slot and writes
 * its number back), get_thread_area round trips, %gs:0 (glibc's TCB self pointer) equals
 * the base of the descriptor %gs selects, a second descriptor loaded into %fs and
 * rewritten in place, and the errors of bad requests.  Faulting selector loads are in
 * tls32_gs_fault.c.
 */
// diff-only: gcc32
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread int tvar = 42;
static __thread char tbuf[64] = "thread-local";

static long raw(long nr, long a) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a) : "memory");
  return r;
}

static void res(const char *what, long r) {
  if (r < 0 && r > -4096)
    printf("%-36s = -1 %s\n", what, strerrorname_np(-r));
  else
    printf("%-36s = %ld\n", what, r);
}

static void show(const char *what, const struct user_desc *u) {
  printf(
      "%-36s: entry %d base %s limit %#x seg_32bit %d contents %d read_exec_only %d "
      "limit_in_pages %d seg_not_present %d useable %d\n",
      what, (int)u->entry_number, u->base_addr ? "set" : "0", u->limit, u->seg_32bit, u->contents,
      u->read_exec_only, u->limit_in_pages, u->seg_not_present, u->useable);
}

static uint32_t seg_gs(void) {
  uint32_t v;
  __asm__ volatile("mov %%gs, %0" : "=r"(v));
  return v & 0xffff;
}

static uint32_t seg_fs(void) {
  uint32_t v;
  __asm__ volatile("mov %%fs, %0" : "=r"(v));
  return v & 0xffff;
}

static void set_fs(uint32_t sel) { __asm__ volatile("mov %0, %%fs" ::"r"(sel)); }

static uint32_t fs_load(uint32_t off) {
  uint32_t v;
  __asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(off));
  return v;
}

static uint32_t gs_load(uint32_t off) {
  uint32_t v;
  __asm__ volatile("mov %%gs:(%1), %0" : "=r"(v) : "r"(off));
  return v;
}

static uint32_t words_a[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
static uint32_t words_b[4] = {0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc, 0xdddddddd};

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* a crash under emu shows where */
  /* The __thread variables glibc set up. */
  printf("tvar %d tbuf %s\n", tvar, tbuf);
  tvar += 58;
  strcat(tbuf, " ok");
  printf("tvar %d tbuf %s\n", tvar, tbuf);

  /* %gs holds glibc's TLS selector: a GDT entry (TI 0) with RPL 3. */
  uint32_t gs = seg_gs();
  printf("gs: index %u ti %u rpl %u\n", gs >> 3, gs >> 2 & 1, gs & 3);
  struct user_desc u;
  memset(&u, 0, sizeof u);
  u.entry_number = gs >> 3;
  res("get_thread_area(gs entry)", raw(SYS_get_thread_area, (long)&u));
  show("gs entry", &u);
  uint32_t tp = gs_load(0);
  printf("%%gs:0 == gs base: %s\n", tp == u.base_addr ? "yes" : "no");
  printf("%%gs:0 == &tvar's thread block: %s\n",
         (uintptr_t)&tvar < tp && tp - (uintptr_t)&tvar < 4096 ? "yes" : "no");
  printf("tvar through %%gs: %s\n",
         gs_load((uint32_t)((uintptr_t)&tvar - tp)) == (uint32_t)tvar ? "yes" : "no");

  /* A new descriptor: entry_number -1 asks for a free slot.  (memset: the bits of the
   * flags word after the bit-fields are the kernel's business, not garbage.) */
  struct user_desc n;
  memset(&n, 0, sizeof n);
  n = (struct user_desc){.entry_number = -1,
                         .base_addr = (uintptr_t)words_a,
                         .limit = 0xfffff,
                         .seg_32bit = 1,
                         .contents = 0,
                         .read_exec_only = 0,
                         .limit_in_pages = 1,
                         .seg_not_present = 0,
                         .useable = 1};
  res("set_thread_area(-1)", raw(SYS_set_thread_area, (long)&n));
  printf("picked entry %d\n", (int)n.entry_number);
  uint32_t sel = n.entry_number * 8 + 3;
  set_fs(sel);
  printf("fs == selector: %s\n", seg_fs() == sel ? "yes" : "no");
  printf("fs:0 %08x fs:12 %08x\n", fs_load(0), fs_load(12));
  struct user_desc g;
  memset(&g, 0, sizeof g);
  g.entry_number = n.entry_number;
  res("get_thread_area(picked)", raw(SYS_get_thread_area, (long)&g));
  show("picked", &g);
  printf("round trip base: %s\n", g.base_addr == (uintptr_t)words_a ? "yes" : "no");

  /* Rewrite the same entry: a reload of %fs sees the new base. */
  n.base_addr = (uintptr_t)words_b;
  n.limit = 15;
  n.limit_in_pages = 0;
  res("set_thread_area(same entry)", raw(SYS_set_thread_area, (long)&n));
  set_fs(sel);
  printf("fs:0 %08x fs:12 %08x\n", fs_load(0), fs_load(12));
  memset(&g, 0, sizeof g);
  g.entry_number = n.entry_number;
  raw(SYS_get_thread_area, (long)&g);
  show("rewritten", &g);

  /* Another free slot, then none left. */
  struct user_desc m = n;
  m.entry_number = -1;
  res("set_thread_area(-1) again", raw(SYS_set_thread_area, (long)&m));
  printf("picked entry %d\n", (int)m.entry_number);
  m.entry_number = -1;
  res("set_thread_area(-1) when full", raw(SYS_set_thread_area, (long)&m));

  /* The flags word as raw bits: the kernel reads the bit-fields seg_32bit(0)
   * contents(1-2) read_exec_only(3) limit_in_pages(4) seg_not_present(5) useable(6) and,
   * on a 64-bit kernel, lm(7), which it ignores for TLS; the bits above are unused. */
  static const struct {
    const char *what;
    uint32_t flags;
  } raws[] = {
      {"flags 0x51", 0x51},
      {"flags 0x51 + lm", 0xd1},
      {"flags 0x51 + bits 8-31", 0xffffff51},
      {"flags 0x51 + seg_not_present", 0x71},
      {"flags 0x50 (16-bit)", 0x50},
      {"flags 0x53 (expand-down data)", 0x53},
      {"flags 0x55 (code)", 0x55},
      {"flags 0x59 (read-only data)", 0x59},
      {"flags 0 (zero descriptor)", 0},
  };
  for (unsigned i = 0; i < sizeof raws / sizeof raws[0]; i++) {
    uint32_t w[4] = {n.entry_number, (uintptr_t)words_a, 0xfffff, raws[i].flags};
    char what[80];
    snprintf(what, sizeof what, "set_thread_area(%s)", raws[i].what);
    long r = raw(SYS_set_thread_area, (long)w);
    res(what, r);
    if (r == 0) {
      memset(&g, 0, sizeof g);
      g.entry_number = n.entry_number;
      raw(SYS_get_thread_area, (long)&g);
      show("  reads back", &g);
    }
  }
  raw(SYS_set_thread_area, (long)&n);

  /* Errors. */
  struct user_desc bad = n;
  bad.entry_number = 5;
  res("set_thread_area(entry 5)", raw(SYS_set_thread_area, (long)&bad));
  bad.entry_number = 15;
  res("set_thread_area(entry 15)", raw(SYS_set_thread_area, (long)&bad));
  bad.entry_number = n.entry_number;
  bad.seg_not_present = 0;
  bad.contents = 3; /* code */
  bad.read_exec_only = 0;
  res("set_thread_area(code)", raw(SYS_set_thread_area, (long)&bad));
  res("set_thread_area(NULL)", raw(SYS_set_thread_area, 0));
  res("set_thread_area(1)", raw(SYS_set_thread_area, 1));
  res("get_thread_area(NULL)", raw(SYS_get_thread_area, 0));
  memset(&g, 0, sizeof g);
  g.entry_number = 11;
  res("get_thread_area(entry 11)", raw(SYS_get_thread_area, (long)&g));
  g.entry_number = 0xffffffff;
  res("get_thread_area(entry -1)", raw(SYS_get_thread_area, (long)&g));

  /* Clear the entry (the "empty" descriptor) after putting %fs back to null. */
  set_fs(0);
  struct user_desc empty = {
      .entry_number = n.entry_number, .read_exec_only = 1, .seg_not_present = 1};
  res("set_thread_area(empty)", raw(SYS_set_thread_area, (long)&empty));
  memset(&g, 0, sizeof g);
  g.entry_number = n.entry_number;
  res("get_thread_area(cleared)", raw(SYS_get_thread_area, (long)&g));
  show("cleared", &g);
  printf("fs %#x, tvar %d still\n", seg_fs(), tvar);
  return 0;
}
