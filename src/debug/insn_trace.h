/* insn_trace.h — the instruction trace (--trace): one line per executed
 * instruction with its address, bytes, Capstone disassembly and the
 * registers, flags (and optionally memory) it changed.
 *
 * The CPU calls the tracer through struct cpu_tracer (cpu.h) from a second,
 * traced interpreter loop that cpu_run picks only while cpu_tracer is set;
 * the fast loop never tests for tracing. */
#ifndef EMU_INSN_TRACE_H
#define EMU_INSN_TRACE_H

#include <stdio.h>

#include "../common.h"

struct cpu;

enum trc_syntax { TRC_SYNTAX_ATT, TRC_SYNTAX_INTEL };

/* Turn the instruction trace on for every CPU (before the program runs):
 * lines go to out; syntax picks AT&T (objdump's default) or Intel; mem adds
 * the memory an instruction changed. */
void trc_insn_enable(FILE *out, enum trc_syntax syntax, bool mem);

/* The command line's tracing options (main.c). */
struct trc_opts {
  bool trace;              /* --trace */
  bool mem;                /* --trace=mem */
  const char *trace_file;  /* --trace=FILE (NULL: stderr) */
  bool frames;             /* --frames */
  const char *frames_file; /* --frames=FILE (NULL: stderr) */
  enum trc_syntax syntax;  /* --syntax= */
};
/* Parse the text after "--trace=" (NULL for a bare --trace), "--frames="
 * and "--syntax=" into o: 0, or a message on stderr and -1. */
int trc_parse_trace_opt(const char *spec, struct trc_opts *o);
int trc_parse_frames_opt(const char *file, struct trc_opts *o);
int trc_parse_syntax_opt(const char *s, struct trc_opts *o);
/* Open the files and turn on what o asks for: 0, or a message and -1. */
int trc_start(const struct trc_opts *o);
/* The descriptors of the files trc_start opened (not stderr), at most 2:
 * how many. */
int trc_own_fds(int fds[2]);
/* What a CPU stop is, as --trace shows it ("#GP", "#PF at 0x10 (SEGV_MAPERR)",
 * "kernel (syscall)"); buf (n bytes) holds the ones with numbers. */
const char *trc_stop_name(const struct cpu *c, int stop, char *buf, size_t n);

#endif
