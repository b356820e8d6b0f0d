/* test_insn_trace.c — the instruction trace (src/debug/insn_trace.c): the
 * option parser, and a short program run through cpu_run's traced loop whose
 * lines must name the registers, flags and memory each instruction changed
 * (values by the SDM's definitions: 5 + 5 = 0xa sets PF only) and end the
 * trapping instruction's line with the stop. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu_internal.h"
#include "mem/mem.h"
#include "debug/insn_trace.h"

Test(insn_trace, options) {
  struct trc_opts o;
  memset(&o, 0, sizeof o);
  cr_assert_eq(trc_parse_trace_opt(NULL, &o), 0);
  cr_assert(o.trace && !o.mem && !o.trace_file);
  memset(&o, 0, sizeof o);
  cr_assert_eq(trc_parse_trace_opt("mem", &o), 0);
  cr_assert(o.mem && !o.trace_file);
  memset(&o, 0, sizeof o);
  cr_assert_eq(trc_parse_trace_opt("mem,out.trace", &o), 0);
  cr_assert(o.mem);
  cr_assert_str_eq(o.trace_file, "out.trace");
  memset(&o, 0, sizeof o);
  cr_assert_eq(trc_parse_trace_opt("out.trace", &o), 0);
  cr_assert(!o.mem);
  cr_assert_str_eq(o.trace_file, "out.trace");
  memset(&o, 0, sizeof o);
  cr_assert_neq(trc_parse_trace_opt("a,b", &o), 0);
  cr_assert_eq(trc_parse_syntax_opt("intel", &o), 0);
  cr_assert_eq(o.syntax, TRC_SYNTAX_INTEL);
  cr_assert_neq(trc_parse_syntax_opt("masm", &o), 0);
  memset(&o, 0, sizeof o);
  cr_assert_eq(trc_parse_frames_opt(NULL, &o), 0);
  cr_assert(o.frames && !o.frames_file);
}

#define CODE 0x10000ull
#define DATA 0x20000ull

Test(insn_trace, changes_and_stop) {
  struct mm *mm = mm_new(64);
  cr_assert(mm);
  cr_assert_eq(mm_map(mm, CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)CODE);
  cr_assert_eq(mm_map(mm, DATA, 0x1000, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)DATA);
  static const u8 code[] = {
      0xb8, 0x05, 0x00, 0x00, 0x00, /* mov $5, %eax */
      0x01, 0xc0,                   /* add %eax, %eax */
      0x50,                         /* push %rax */
      0xcc,                         /* int3 */
  };
  memcpy(mm->base + CODE, code, sizeof code);
  struct cpu c;
  cpu_init(&c, 64, mm);
  c.rip = CODE;
  c.r[R_SP] = DATA + 0x800;
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  trc_insn_enable(out, TRC_SYNTAX_ATT, true);
  int stop = cpu_run(&c, 100);
  fclose(out);
  cpu_tracer = NULL;
  cr_assert_eq(stop, STOP_BP);
  char *l1 = strtok(buf, "\n"), *l2 = strtok(NULL, "\n"), *l3 = strtok(NULL, "\n"),
       *l4 = strtok(NULL, "\n");
  cr_assert(l1 && l2 && l3 && l4, "four lines: %s", buf);
  cr_assert(strstr(l1, "0x10000 ") && strstr(l1, "b8 05 00 00 00") && strstr(l1, "movl $5, %eax"),
            "%s", l1);
  cr_assert(strstr(l1, "| rax=0x5"), "%s", l1);
  cr_assert(strstr(l2, "addl %eax, %eax") && strstr(l2, "| rax=0xa flags=PF"), "%s", l2);
  cr_assert(strstr(l3, "pushq %rax") && strstr(l3, "rsp=0x207f8 [0x207f8]=0xa"), "%s", l3);
  cr_assert(strstr(l4, "int3") && strstr(l4, "=> #BP"), "%s", l4);
  free(buf);
  cpu_destroy(&c);
  mm_free(mm);
}
