/* compare.h — `emu --compare PROG32 PROG64 [ARGS...]`: an i386 and an x86-64
 * build of one program, each run under emu, their system calls side by side
 * (compare.c). */
#ifndef EMU_TRACE_COMPARE_H
#define EMU_TRACE_COMPARE_H

#include <stddef.h>

/* argv: PROG32 PROG64 [ARGS...]; envp: the programs' environment.  Returns
 * emu's exit status (0: both ran, 1: a run failed, 2: usage). */
int cmp_main(int argc, char **argv, char **envp);

/* The name both ABIs' calls are aligned by (mmap2 ~ mmap, stat64 ~ stat...). */
const char *cmp_canon(const char *name);
/* Longest common subsequence of a[0..na) and b[0..nb) (compared by strcmp):
 * fills pa/pb (each na+nb long) with the aligned pairs, -1 for a gap; returns
 * the number of rows. */
size_t cmp_align(const char *const *a, size_t na, const char *const *b, size_t nb, long *pa,
                 long *pb);

#endif
