/* vdso32.S — the i386 vDSO emu maps into 32-bit guests (AT_SYSINFO_EHDR, and
 * AT_SYSINFO = __kernel_vsyscall).  Mirrors linux
 * arch/x86/entry/vdso/vdso32/system_call.S and sigreturn.S, unwind tables
 * included (so that a debugger or libgcc unwinds through a system call
 * and through a signal frame); the time functions take the kernel's
 * fallback path into the system call.  Preprocessed (.S) for the offsets. */
#include "vdso32_sigframe.h"

	.text

	.globl __kernel_vsyscall
	.type __kernel_vsyscall, @function
	.p2align 4
__kernel_vsyscall:
	.cfi_startproc
	/* SYSENTER clobbers ecx and edx, and the kernel finds the sixth
	 * argument (ebp) on the stack, with esp passed in ebp. */
	push %ecx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ecx, 0
	push %edx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %edx, 0
	push %ebp
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebp, 0
	mov %esp, %ebp
	sysenter
	/* A system call the kernel restarts re-enters through this int. */
	int $0x80
	.globl int80_landing_pad
int80_landing_pad:
	pop %ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebp
	pop %edx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %edx
	pop %ecx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ecx
	ret
	.cfi_endproc
	.size __kernel_vsyscall, . - __kernel_vsyscall

/* The trampolines' unwind rows describe the signal frame: the caller's
 * registers are the ones saved in the sigcontext at esp + sc - 4 (the
 * handler's ret popped pretcode).  The FDE starts at the nop before each
 * entry: an unwinder looks up a return address minus one. */
.macro SIGNAL_FRAME sc
	.cfi_startproc simple
	.cfi_signal_frame
	.cfi_def_cfa %esp, \sc - 4
	.cfi_offset %eip, VDSO32_SC_IP
	.cfi_offset %eax, VDSO32_SC_AX
	.cfi_offset %ebx, VDSO32_SC_BX
	.cfi_offset %ecx, VDSO32_SC_CX
	.cfi_offset %edx, VDSO32_SC_DX
	.cfi_offset %esp, VDSO32_SC_SP
	.cfi_offset %ebp, VDSO32_SC_BP
	.cfi_offset %esi, VDSO32_SC_SI
	.cfi_offset %edi, VDSO32_SC_DI
	.cfi_offset %es, VDSO32_SC_ES
	.cfi_offset %cs, VDSO32_SC_CS
	.cfi_offset %ss, VDSO32_SC_SS
	.cfi_offset %ds, VDSO32_SC_DS
	.cfi_offset %eflags, VDSO32_SC_FLAGS
	nop
.endm

	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
	.p2align 4
	SIGNAL_FRAME VDSO32_SIGFRAME_SC
__kernel_sigreturn:
	pop %eax
	.cfi_adjust_cfa_offset -4
	mov $119, %eax		/* __NR_sigreturn */
	int $0x80
	.cfi_endproc
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
	.p2align 4
	SIGNAL_FRAME VDSO32_RT_SIGFRAME_SC
__kernel_rt_sigreturn:
	mov $173, %eax		/* __NR_rt_sigreturn */
	int $0x80
	.cfi_endproc
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

/* A two-argument call: nr, args at 4(%esp) and 8(%esp) of the caller. */
.macro VCALL2 name, nr
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.cfi_startproc
	push %ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebx, 0
	mov 8(%esp), %ebx
	mov 12(%esp), %ecx
	mov $\nr, %eax
	call __kernel_vsyscall
	pop %ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebx
	ret
	.cfi_endproc
	.size \name, . - \name
.endm

	VCALL2 __vdso_clock_gettime, 265
	VCALL2 __vdso_clock_gettime64, 403
	VCALL2 __vdso_clock_getres, 266
	VCALL2 __vdso_gettimeofday, 78
	VCALL2 __vdso_time, 13
	/* getcpu(cpu, node, cache): the third argument is unused by Linux. */
	VCALL2 __vdso_getcpu, 318

	.section .note.GNU-stack, "", @progbits
