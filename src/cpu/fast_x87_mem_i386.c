/* fast_x87_mem_i386.c — fast_x87_mem.c's x87 memory forms for code running
 * in a 32-bit code segment: the same source compiled with FAST_I386 set, so
 * that the operand's offset wraps to 32 bits and its segment's base is added
 * (fast_ea.h).  fast_i386.c's pick calls the entry point below. */
#define FAST_I386         1
#define fast_x87_mem_pick fast_x87_mem_pick_i386
#include "fast_x87_mem.c"
