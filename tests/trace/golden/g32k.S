/* g32k.S — g32.S's program as --frames shows it through a 32-bit kernel
 * (--kernel=i386): entry_INT80_32 with SAVE_ALL and RESTORE_ALL, and
 * entry_SYSENTER_32 returning with sysexit, the 32-bit pt_regs.  The trace
 * of the instructions is g32's; the frames differ.
 * golden-m32
 * golden-args: --kernel=i386 --trace=mem,g32k.trace --syntax=intel
 */
#include "g32.S"
