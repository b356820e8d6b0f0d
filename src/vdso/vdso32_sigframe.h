/* vdso32_sigframe.h — where the i386 signal frames keep the interrupted
 * registers, for the unwind tables of the vDSO's signal trampolines
 * (vdso32.S), as linux arch/x86/entry/vdso/vdso32/sigreturn.S takes them
 * from asm-offsets.  signal_i386.c checks every value against its frame
 * structures, so the two cannot drift apart.  Usable from assembly. */
#ifndef EMU_VDSO32_SIGFRAME_H
#define EMU_VDSO32_SIGFRAME_H

/* Offsets of the struct sigcontext_32 in each frame. */
#define VDSO32_SIGFRAME_SC    8   /* struct sigframe_ia32: pretcode, sig, sc */
#define VDSO32_RT_SIGFRAME_SC 164 /* struct rt_sigframe_ia32: ..., uc.uc_mcontext */

/* Offsets of the registers in struct sigcontext_32. */
#define VDSO32_SC_GS    0
#define VDSO32_SC_FS    4
#define VDSO32_SC_ES    8
#define VDSO32_SC_DS    12
#define VDSO32_SC_DI    16
#define VDSO32_SC_SI    20
#define VDSO32_SC_BP    24
#define VDSO32_SC_SP    28
#define VDSO32_SC_BX    32
#define VDSO32_SC_DX    36
#define VDSO32_SC_CX    40
#define VDSO32_SC_AX    44
#define VDSO32_SC_IP    56
#define VDSO32_SC_CS    60
#define VDSO32_SC_FLAGS 64
#define VDSO32_SC_SS    72

#endif
