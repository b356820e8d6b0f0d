/* fast_i386.c — fast.c's specialized handlers for code running in a 32-bit
 * code segment (i386 programs, and 64-bit programs' far jumps to CS 0x23).
 *
 * The same source compiled a second time with FAST_I386 set: its memory
 * forms address as a 32-bit code segment does (the offset wrapped to 32
 * bits, the segment's base added, a null DS/ES/SS/FS/GS selector #GP(0)),
 * which fast.c's 64-bit forms cannot, so without this an i386 program's
 * loads and stores all took the generic handlers.  Its handlers are static,
 * like fast.c's; fast.c's fast_specialize and fast_fuse hand each block
 * decoded in 32-bit mode to the two entry points below; this copy's pick
 * takes fast_sse.c's i386 copy (fast_sse_i386.c).  fast_ea.h has the two
 * ways of addressing. */
#define FAST_I386 1
#define fast_specialize fast_specialize_i386
#define fast_fuse       fast_fuse_i386
#define fast_sse_pick   fast_sse_pick_i386
#define fast_x87_mem_pick fast_x87_mem_pick_i386
#include "fast.c"
