/* compare_int.h — between compare.c (the report) and compare_rec.c (the
 * recording inside the forked process that runs one program). */
#ifndef EMU_TRACE_COMPARE_INT_H
#define EMU_TRACE_COMPARE_INT_H

/* Run prog under emu in this (forked) process with stdout on outfd, and
 * record every task's system calls on recfd, one write per line:
 *   START
 *   C <task> <tid> <gate> <nr> <name> <regs> <ret> <strace text>  (tab-separated)
 *   END <task> <wait status>
 * Tasks are named by their order of creation: the program's first task is
 * "1", the second task that task 1 creates "1.2", the first one that 1.2
 * creates "1.2.1" — the same names in both runs, whatever the pids.
 * Never returns. */
_Noreturn void cmp_record(const char *prog, int argc, char **argv, char **envp, int recfd,
                          int outfd);

#endif
