/* test_gdbstub.c — the GDB stub's register file against its target
 * descriptions: every <reg> of target.xml is one the g packet carries, in
 * order, with gdb's feature names and register names (gdb/features/i386). */
#include <criterion/criterion.h>
#include <string.h>

#include "debug/gdbstub.h"

static int count(const char *s, const char *needle) {
  int n = 0;
  for (const char *p = s; (p = strstr(p, needle)) != NULL; p++) n++;
  return n;
}

Test(gdbstub, xml64_matches_register_file) {
  const char *x = gdb_target_xml(64);
  cr_assert_eq(count(x, "<reg "), gdb_nregs(64));
  cr_assert_eq(gdb_nregs(64), 60);
  cr_assert(strstr(x, "<architecture>i386:x86-64</architecture>"));
  cr_assert(strstr(x, "org.gnu.gdb.i386.core"));
  cr_assert(strstr(x, "org.gnu.gdb.i386.sse"));
  cr_assert(strstr(x, "org.gnu.gdb.i386.linux"));
  cr_assert(strstr(x, "org.gnu.gdb.i386.segments"));
  cr_assert(strstr(x, "name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"16\""));
  cr_assert(strstr(x, "name=\"st0\" bitsize=\"80\" type=\"i387_ext\" regnum=\"24\""));
  cr_assert(strstr(x, "name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"40\""));
  cr_assert(strstr(x, "name=\"orig_rax\" bitsize=\"64\" type=\"int\" regnum=\"57\""));
  cr_assert(strstr(x, "name=\"gs_base\" bitsize=\"64\" type=\"int\" regnum=\"59\""));
  cr_assert_eq(gdb_reg_size(64, 17), 4);  /* eflags */
  cr_assert_eq(gdb_reg_size(64, 24), 10); /* st0 */
  cr_assert_eq(gdb_reg_size(64, 60), 0);
}

Test(gdbstub, xml32_matches_register_file) {
  const char *x = gdb_target_xml(32);
  cr_assert_eq(count(x, "<reg "), gdb_nregs(32));
  cr_assert_eq(gdb_nregs(32), 42);
  cr_assert(strstr(x, "<architecture>i386</architecture>"));
  cr_assert(strstr(x, "name=\"eip\" bitsize=\"32\" type=\"code_ptr\" regnum=\"8\""));
  cr_assert(strstr(x, "name=\"mxcsr\" bitsize=\"32\" type=\"i386_mxcsr\" regnum=\"40\""));
  cr_assert(strstr(x, "name=\"orig_eax\" bitsize=\"32\" type=\"int\" regnum=\"41\""));
  cr_assert_null(strstr(x, "segments"));
  cr_assert_eq(gdb_reg_size(32, 0), 4);
  cr_assert_eq(gdb_reg_size(32, 32), 16); /* xmm0 */
}
