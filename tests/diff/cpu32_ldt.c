/* cpu32_ldt.c — modify_ldt natively and under emu: write (func 1 and 0x11)
 * with the kernel's checks, read (func 0) as hardware descriptors, read_default
 * (func 2), and an LDT data segment with a nonzero base loaded into %fs and
 * %gs (TI=1, RPL 3) and read and written through, also with 16-bit
 * addressing.
 * diff-only: gcc32
 */
// diff-vm-mask: ^(write 4:|six entries:).* -- Debian's cloud kernel is built without CONFIG_X86_16BIT, so it refuses 16-bit LDT segments; stock kernels and emu allow them
#include <asm/ldt.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t buf[64];
static char big[100000];
uint32_t o[6] __attribute__((used)); /* results of the segment asm */

static long mldt(int func, void *p, unsigned long n) {
  long r = syscall(SYS_modify_ldt, func, p, n);
  return r < 0 ? -errno : r;
}

static struct user_desc desc(unsigned entry, uint32_t base, unsigned limit) {
  struct user_desc u;
  memset(&u, 0, sizeof u);
  u.entry_number = entry;
  u.base_addr = base;
  u.limit = limit;
  u.seg_32bit = 1;
  u.useable = 1;
  return u;
}

static void dump(const char *what) {
  uint64_t raw[12];
  memset(raw, 0xee, sizeof raw);
  long r = mldt(0, raw, sizeof raw);
  printf("%s: read %ld:", what, r);
  for (int i = 0; i < 12; i++) printf(" %016llx", (unsigned long long)raw[i]);
  printf("\n");
}

int main(void) {
  for (int i = 0; i < 64; i++) buf[i] = 0x01010101u * (unsigned)i ^ 0xdeadbeef;
  uint64_t raw[4];
  memset(raw, 0xee, sizeof raw);
  long r = mldt(0, raw, sizeof raw);
  printf("read before any write: %ld %016llx\n", r, (unsigned long long)raw[0]);
  memset(raw, 0xee, sizeof raw);
  r = mldt(2, raw, 16);
  printf("read_default: %ld %016llx %016llx\n", r, (unsigned long long)raw[0],
         (unsigned long long)raw[2]);
  printf("read_default 1000: %ld\n", mldt(2, big, 1000));

  /* The kernel's checks. */
  struct user_desc u = desc(1, (uint32_t)(uintptr_t)buf, 0xff);
  printf("short bytecount: %ld\n", mldt(0x11, &u, sizeof u - 1));
  printf("bad pointer: %ld\n", mldt(0x11, (void *)8, sizeof u));
  u.entry_number = 8192;
  printf("entry 8192: %ld\n", mldt(0x11, &u, sizeof u));
  u.entry_number = 2;
  u.contents = 3;
  printf("contents 3 present: %ld\n", mldt(0x11, &u, sizeof u));
  printf("contents 3 old mode: %ld\n", mldt(1, &u, sizeof u));
  u.seg_not_present = 1;
  printf("contents 3 not present: %ld\n", mldt(0x11, &u, sizeof u));
  printf("func 3: %ld, func 0x10: %ld\n", mldt(3, &u, sizeof u), mldt(0x10, &u, sizeof u));
  dump("after checks");

  /* Entries: 1 = data at buf (limit in bytes), 3 = read-only data, 4 = 16-bit
   * data, 5 = code, 6 = expand-down, 0 old mode with AVL requested. */
  u = desc(1, (uint32_t)(uintptr_t)buf, 0xff);
  printf("write 1: %ld\n", mldt(0x11, &u, sizeof u));
  u = desc(3, 0x12345678, 0xfffff);
  u.read_exec_only = 1;
  u.limit_in_pages = 1;
  printf("write 3: %ld\n", mldt(0x11, &u, sizeof u));
  u = desc(4, 0xabcdef00, 0xffff);
  u.seg_32bit = 0;
  printf("write 4: %ld\n", mldt(0x11, &u, sizeof u));
  u = desc(5, 0, 0xfffff);
  u.contents = 2;
  u.limit_in_pages = 1;
  printf("write 5: %ld\n", mldt(0x11, &u, sizeof u));
  u = desc(6, 0x1000, 0x10);
  u.contents = 1;
  printf("write 6: %ld\n", mldt(0x11, &u, sizeof u));
  u = desc(0, (uint32_t)(uintptr_t)buf + 16, 0xfff);
  printf("write 0 old mode: %ld\n", mldt(1, &u, sizeof u));
  dump("six entries");
  memset(raw, 0xee, sizeof raw);
  r = mldt(0, raw, 12);
  printf("read 12 bytes: %ld %016llx %016llx\n", r, (unsigned long long)raw[0],
         (unsigned long long)raw[1]);
  printf("read 100000 bytes: %ld\n", mldt(0, big, sizeof big));

  /* Load and use: %fs = entry 1, %gs = entry 0 (then glibc's back). */
  unsigned sel1 = 1 << 3 | 7, sel0 = 0 << 3 | 7;
  uint32_t a, b, c, d, fs, gs, oldgs;
  __asm__ volatile("movw %%gs, %w0" : "=r"(oldgs));

  __asm__ volatile(
      "movw %w0, %%fs\n\t"
      "movw %w1, %%gs\n\t"
      "movl %%fs:8, %%eax\n\tmovl %%eax, o\n\t"
      "movl %%gs:8, %%eax\n\tmovl %%eax, o+4\n\t"
      "movl $0x55667788, %%fs:12\n\t"
      "movl $4, %%ebx\n\t"
      "addr16 movl %%fs:(%%bx), %%eax\n\tmovl %%eax, o+8\n\t"
      "addr16 movl %%gs:4(%%bx), %%eax\n\tmovl %%eax, o+12\n\t"
      "movl $0, o+16\n\tmovw %%fs, o+16\n\t"
      "movl $0, o+20\n\tmovw %%gs, o+20\n\t"
      "movw %w2, %%gs"
      :
      : "c"(sel1), "d"(sel0), "S"(oldgs)
      : "eax", "ebx", "memory");
  a = o[0], b = o[1], c = o[2], d = o[3], fs = o[4], gs = o[5];
  printf("through fs: %08x gs: %08x 16-bit: %08x %08x sel %04x %04x buf[3] %08x\n", a, b, c, d,
         fs & 0xffff, gs & 0xffff, buf[3]);

  /* Read-only and code segments load into %fs too; the selector's RPL is kept. */
  unsigned sel3 = 3 << 3 | 7, sel5 = 5 << 3 | 4 | 3;
  __asm__ volatile("movw %w2, %%fs\n\tmovw %%fs, %w0\n\tmovw %w3, %%fs\n\tmovw %%fs, %w1"
                   : "=&r"(a), "=&r"(b)
                   : "r"(sel3), "r"(sel5));
  printf("ro/code selectors: %04x %04x\n", a & 0xffff, b & 0xffff);

  /* Rewriting entry 1 with another base: %fs (holding it) follows. */
  __asm__ volatile("movw %w0, %%fs" ::"r"(sel1));
  u = desc(1, (uint32_t)(uintptr_t)buf + 32, 0xff);
  printf("rewrite 1: %ld\n", mldt(0x11, &u, sizeof u));
  __asm__ volatile("movw %w0, %%fs; movl %%fs:0, %1" : "+r"(sel1), "=r"(a));
  printf("after rewrite: %08x (buf[8] %08x)\n", a, buf[8]);

  /* Clearing: old mode with base and limit 0, new mode with LDT_empty. */
  u = desc(4, 0, 0);
  printf("clear 4 old mode: %ld\n", mldt(1, &u, sizeof u));
  memset(&u, 0, sizeof u);
  u.entry_number = 6;
  u.read_exec_only = 1;
  u.seg_not_present = 1;
  printf("clear 6: %ld\n", mldt(0x11, &u, sizeof u));
  u.entry_number = 9; /* empty, but it grows the table */
  printf("clear 9: %ld\n", mldt(0x11, &u, sizeof u));
  dump("after clears");
  __asm__ volatile("movw %w0, %%fs" ::"r"(0));
  return 0;
}
