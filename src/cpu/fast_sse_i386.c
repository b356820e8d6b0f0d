/* fast_sse_i386.c — fast_sse.c's specialized SSE handlers for code running
 * in a 32-bit code segment: the same source compiled with FAST_I386 set, so
 * that its memory forms address as fast_ea.h says for such code (the offset
 * wrapped to 32 bits, the segment's base added, a null selector #GP(0)).
 * fast_i386.c's pick calls the entry point below.  The MXCSR state of
 * run_blocks (struct fast_mx) is the x86-64 copy's, shared. */
#define FAST_I386 1
#define fast_sse_pick fast_sse_pick_i386
#include "fast_sse.c"
