/* probe32.h — for the layout probes of this folder: PROBE32(key, value) leaves
 * "@@key value@@" in the assembly gcc -m32 -S writes (value an integer constant
 * expression), where the unit tests read it back (probe32_read in probe32_read.h).
 * Nothing is run, so a host that cannot run i386 programs answers as well. */
#define PROBE32(key, value) \
  __asm__ volatile(".ascii \"@@" key " %c0@@\"" : : "i"((long)(value)))
