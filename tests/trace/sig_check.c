/* sig_check.c — the consistency of the system-call log's tables: every call
 * in the x86-64 and i386 system-call tables (src/abi/tab{64,32}_*.inc)
 * has a signature in src/strace/strace_sig.inc, and every kind a signature
 * uses has a row in the kind table (src/strace/strace_kinds.c), so that no
 * call prints as bare hex words where strace decodes it and no kind falls
 * through to a default.  Prints each gap; exit status 1 when there is one. */
#include <stdio.h>

#include "abi/abi.h"
#include "strace/strace_fmt.h"

static int check(const char *abi, const struct sys_desc *(*lookup)(long, const char **)) {
  int bad = 0, calls = 0;
  for (long nr = 0; nr < 4096; nr++) {
    const char *name = NULL;
    if (!lookup(nr, &name) || !name) continue;
    calls++;
    const struct trc_sig *s = trc_sig_find(name);
    if (!s) {
      printf("%s: %s (%ld) has no signature in strace_sig.inc\n", abi, name, nr);
      bad++;
      continue;
    }
    for (int i = 0; i < s->nargs; i++) {
      int kind = TRC_KIND(s->arg[i]);
      if (kind != K_SKIP && !trc_kind_def(kind)) {
        printf("%s: %s's argument %d: kind %#x has no row in the kind table\n", abi, name, i, kind);
        bad++;
      }
    }
  }
  printf("%s: %d calls checked, %d gaps\n", abi, calls, bad);
  return bad;
}

int main(void) {
  int bad = check("x86-64", abi64_lookup) + check("i386", abi32_lookup);
  return bad ? 1 : 0;
}
