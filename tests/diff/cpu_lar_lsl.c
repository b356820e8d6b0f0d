/* cpu_lar_lsl.c — what LAR, LSL, VERR and VERW say about every kind of
 * selector a program can hold: null, Linux's GDT entries (kernel segments,
 * the user code and data segments, the TSS and LDT descriptors, the TLS
 * slots, the CPU/node segment), past the GDT's end, RPL variants, and LDT
 * entries modify_ldt installs (code, execute-only, read-only and read-write
 * data, expand-down, not present, page-granular, AVL, conforming), plus the
 * TLS slots set_thread_area fills on i386.  Operand sizes 16, 32 and 64,
 * register and memory sources, and what a failing LAR/LSL leaves in the
 * destination.
 *
 * The SDM leaves LAR's bits 19:16 undefined: they are printed apart, masked.
 * LSL of the CPU/node segment (0x7b) is the CPU number the run happens on:
 * only whether it passes is printed, and that the limit is below 2^20.
 */
// diff-only: gcc gcc32
// diff-needs: vm
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* struct user_desc of <asm/ldt.h>, which musl's headers lack. */
struct user_desc {
  unsigned int entry_number;
  unsigned int base_addr;
  unsigned int limit;
  unsigned int seg_32bit : 1;
  unsigned int contents : 2;
  unsigned int read_exec_only : 1;
  unsigned int limit_in_pages : 1;
  unsigned int seg_not_present : 1;
  unsigned int useable : 1;
  unsigned int lm : 1;
};

#ifdef __x86_64__
typedef uint64_t ureg;
#else
typedef uint32_t ureg;
#endif

struct q {
  int lar_ok, lsl_ok, verr, verw;
  uint32_t ar, lim;
};

static struct q query(uint16_t sel) {
  struct q r = {0};
  uint32_t ar = 0xdeadbeef, lim = 0xdeadbeef;
  unsigned char z1, z2, z3, z4;
  asm volatile("larl %k[s], %[ar]\n\tsetz %[z1]\n\t"
               "lsll %k[s], %[lim]\n\tsetz %[z2]\n\t"
               "verr %w[s]\n\tsetz %[z3]\n\t"
               "verw %w[s]\n\tsetz %[z4]"
               : [ar] "+r"(ar), [lim] "+r"(lim), [z1] "=&q"(z1), [z2] "=&q"(z2), [z3] "=&q"(z3),
                 [z4] "=&q"(z4)
               : [s] "r"((uint32_t)sel)
               : "cc");
  r.lar_ok = z1;
  r.lsl_ok = z2;
  r.verr = z3;
  r.verw = z4;
  r.ar = ar;
  r.lim = lim;
  return r;
}

static void show(const char *what, uint16_t sel) {
  struct q r = query(sel);
  printf("%-24s sel %#06x: lar %d", what, sel, r.lar_ok);
  if (r.lar_ok)
    printf(" ar %#010x", r.ar & ~0xf0000u);
  else
    printf(" ar %#010x", r.ar); /* untouched */
  printf(" | lsl %d", r.lsl_ok);
  if ((sel & ~3u) == 0x78)
    printf(" lim<2^20 %d", r.lsl_ok ? r.lim < 0x100000 : -1);
  else
    printf(" lim %#010x", r.lim);
  printf(" | verr %d verw %d\n", r.verr, r.verw);
}

/* Operand sizes: 16-bit LAR/LSL write only the low word; 64-bit (and
 * 32-bit in 64-bit mode) zero-extend; a failure leaves the register. */
static void sizes(const char *what, uint16_t sel) {
  ureg a16 = (ureg)0x1111222233334444ull, l16 = a16, a32 = a16, l32 = a16;
  asm volatile("larw %w[s], %w[a16]\n\t"
               "lslw %w[s], %w[l16]\n\t"
               "larl %k[s], %k[a32]\n\t"
               "lsll %k[s], %k[l32]"
               : [a16] "+r"(a16), [l16] "+r"(l16), [a32] "+r"(a32), [l32] "+r"(l32)
               : [s] "r"((uint32_t)sel)
               : "cc");
  printf("%-24s sel %#06x: larw %#llx lslw %#llx larl %#llx lsll %#llx\n", what, sel,
         (unsigned long long)a16, (unsigned long long)l16,
         (unsigned long long)(a32 == (ureg)0x1111222233334444ull ? a32 : a32 & ~(ureg)0xf0000),
         (unsigned long long)l32);
#ifdef __x86_64__
  uint64_t a64 = 0x5555666677778888ull, l64 = a64;
  asm volatile("larq %q[s], %[a64]\n\tlslq %q[s], %[l64]"
               : [a64] "+r"(a64), [l64] "+r"(l64)
               : [s] "r"((uint64_t)sel)
               : "cc");
  printf("%-24s sel %#06x: larq %#llx lslq %#llx\n", what, sel,
         (unsigned long long)(a64 == 0x5555666677778888ull ? a64 : a64 & ~0xf0000ull),
         (unsigned long long)l64);
#endif
  /* A memory source: the selector is a 16-bit word in memory. */
  uint16_t m = sel;
  uint32_t am = 0, lm = 0;
  unsigned char z;
  asm volatile("larl %[m], %[a]\n\tlsll %[m], %[l]\n\tsetz %[z]"
               : [a] "+r"(am), [l] "+r"(lm), [z] "=q"(z)
               : [m] "m"(m)
               : "cc");
  printf("%-24s sel %#06x: memory source lsl %d ar %#x lim %#x\n", what, sel, z,
         am & ~0xf0000u, lm);
}

static long mldt(int func, struct user_desc *u) {
  long r = syscall(SYS_modify_ldt, func, u, sizeof *u);
  return r < 0 ? -errno : r;
}

static struct user_desc ud(unsigned entry, uint32_t base, unsigned limit, int contents,
                           int rxo, int pages, int notp, int avl) {
  struct user_desc u;
  memset(&u, 0, sizeof u);
  u.entry_number = entry;
  u.base_addr = base;
  u.limit = limit;
  u.seg_32bit = 1;
  u.contents = contents;
  u.read_exec_only = rxo;
  u.limit_in_pages = pages;
  u.seg_not_present = notp;
  u.useable = avl;
  return u;
}

static void ldt_case(const char *what, struct user_desc u) {
  long r = mldt(0x11, &u);
  char name[64];
  snprintf(name, sizeof name, "ldt %u %s", u.entry_number, what);
  if (r != 0) {
    printf("%-24s modify_ldt %ld\n", name, r);
    return;
  }
  show(name, (uint16_t)(u.entry_number << 3 | 7));
}

int main(void) {
  static const struct {
    const char *what;
    uint16_t sel;
  } gdt[] = {
      {"null", 0},           {"null rpl3", 3},        {"kernel32 cs", 0x0b},
      {"kernel cs", 0x13},   {"kernel ds", 0x1b},     {"user32 cs", 0x23},
      {"user ds", 0x2b},     {"user ds rpl0", 0x28},  {"user cs", 0x33},
      {"gdt 7", 0x3b},       {"tss", 0x43},           {"tss high", 0x4b},
      {"ldt desc", 0x53},    {"ldt desc high", 0x5b}, {"tls 12", 0x63},
      {"tls 13", 0x6b},      {"tls 14", 0x73},        {"cpunode", 0x7b},
      {"past gdt", 0x83},    {"far past gdt", 0xfff3}, {"ldt 0, none yet", 0x07},
  };
  for (unsigned i = 0; i < sizeof gdt / sizeof gdt[0]; i++) show(gdt[i].what, gdt[i].sel);
  sizes("user ds", 0x2b);
  sizes("user cs", 0x33);
  sizes("kernel cs", 0x13);

  ldt_case("code", ud(0, 0, 10, 2, 0, 0, 0, 0));
  ldt_case("code pages", ud(0, 0, 10, 2, 0, 1, 0, 0));
  ldt_case("code base", ud(2, 0xf0000000, 10, 2, 0, 1, 0, 0));
  ldt_case("code avl", ud(2, 0xf0000000, 10, 2, 0, 1, 0, 1));
  ldt_case("code not present", ud(2, 0xf0000000, 10, 2, 0, 1, 1, 1));
  ldt_case("data rw", ud(3, 0x1000, 0xfffff, 0, 0, 1, 0, 0));
  ldt_case("data ro", ud(4, 0x1000, 0x12345, 0, 1, 0, 0, 0));
  ldt_case("data rw expand-down", ud(5, 0, 0x800, 1, 0, 0, 0, 0));
  ldt_case("data ro expand-down", ud(6, 0, 0x800, 1, 1, 1, 0, 0));
  ldt_case("exec-only code", ud(7, 0, 0x42, 2, 1, 0, 0, 0));
  ldt_case("conforming np", ud(8, 0, 0x42, 3, 0, 0, 1, 0));
  ldt_case("conforming xo np", ud(9, 0, 0x42, 3, 1, 0, 1, 0));
  show("ldt 1, hole", 0x0f);
  show("ldt 3 rpl0", 3 << 3 | 4);
  show("ldt 12, past entries", 12 << 3 | 7);
  show("ldt 8191, last", 8191 << 3 | 7);
  sizes("ldt 3 data rw", 3 << 3 | 7);
  sizes("ldt 1, hole", 0x0f);
  /* Deleting an entry (an empty user_desc) makes it invalid again. */
  struct user_desc del;
  memset(&del, 0, sizeof del);
  del.entry_number = 4;
  del.read_exec_only = 1;
  del.seg_not_present = 1;
  printf("delete ldt 4: %ld\n", mldt(0x11, &del));
  show("ldt 4, deleted", 4 << 3 | 7);
  /* A segment register loaded from the LDT still answers the same. */
  uint16_t ds;
  asm volatile("mov %%ds, %0" : "=r"(ds));
  show("ds as loaded", ds);

#ifndef __x86_64__
  /* set_thread_area: glibc's TLS took one slot (gs); fill another. */
  uint16_t gs;
  asm volatile("mov %%gs, %0" : "=r"(gs));
  show("gs (glibc tls)", gs);
  struct user_desc t = ud((unsigned)-1, 0x12345000, 0xfff, 0, 0, 0, 0, 0);
  long r = syscall(SYS_set_thread_area, &t);
  printf("set_thread_area %ld entry %u\n", r < 0 ? -errno : r, t.entry_number);
  if (r == 0) {
    show("tls new", (uint16_t)(t.entry_number << 3 | 3));
    sizes("tls new", (uint16_t)(t.entry_number << 3 | 3));
    struct user_desc e = ud(t.entry_number, 0, 0, 0, 1, 0, 1, 0);
    e.seg_32bit = 0;
    r = syscall(SYS_set_thread_area, &e);
    printf("clear tls: %ld\n", r < 0 ? -errno : r);
    show("tls cleared", (uint16_t)(t.entry_number << 3 | 3));
  }
#endif
  return 0;
}
