/* vdso32.S — the i386 vDSO emu maps into 32-bit guests (AT_SYSINFO_EHDR, and
 * AT_SYSINFO = __kernel_vsyscall).  Mirrors linux
 * arch/x86/entry/vdso/vdso32/system_call.S and sigreturn.S, unwind tables
 * included (so that a debugger or libgcc unwinds through a system call
 * and through a signal frame).  The time functions answer in user space
 * as vdso64.S's do (emu_vdso_fast set: ask emu at emu_vdso_service, here an
 * int $0x80 that emu serves without a kernel entry, and store the answer),
 * else take the kernel's fallback path through __kernel_vsyscall.
 * Preprocessed (.S) for the offsets. */
#include "vdso32_sigframe.h"
#include "vdso_service.h"

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

	.section .rodata
	.p2align 2
	.type emu_vdso_fast, @object
emu_vdso_fast:
	.long 0
	.size emu_vdso_fast, 4

	.text
/* eax: the service; in: ebx; out: eax 0 (answered) or not, the answer's
 * first value in ecx:edx, then esi, edi, ebx. */
	.type emu_vdso_service, @function
	.p2align 4
emu_vdso_service:
	.cfi_startproc
	int $0x80
	ret
	.cfi_endproc
	.size emu_vdso_service, . - emu_vdso_service

/* A time function: ebx, esi, edi saved (the arguments are then at 16(%esp)
 * and 20(%esp)); ASK32 asks emu or goes to label 9, the system call with
 * the two arguments through __kernel_vsyscall. */
.macro VFUNC32 name
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.cfi_startproc
	push %ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebx, 0
	push %esi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %esi, 0
	push %edi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %edi, 0
.endm
.macro ASK32 svc
	call 8f
8:	pop %eax
	cmpl $0, emu_vdso_fast - 8b(%eax)
	je 9f
	mov 16(%esp), %ebx
	mov $\svc, %eax
	call emu_vdso_service
	test %eax, %eax
	jnz 9f
.endm
.macro RET32
	.cfi_remember_state
	pop %edi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %edi
	pop %esi
	.cfi_adjust_cfa_offset -4
	.cfi_restore %esi
	pop %ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebx
	ret
	.cfi_restore_state
.endm
.macro VEND32 name, nr
9:	mov 16(%esp), %ebx
	mov 20(%esp), %ecx
	mov $\nr, %eax
	call __kernel_vsyscall
	RET32
	.cfi_endproc
	.size \name, . - \name
.endm

/* clock_gettime(clk, ts): struct old_timespec32 */
	VFUNC32 __vdso_clock_gettime
	ASK32 VDSO_SVC_CLOCK_GETTIME
	mov 20(%esp), %eax
	mov %edx, (%eax)
	mov %esi, 4(%eax)
	xor %eax, %eax
	RET32
	VEND32 __vdso_clock_gettime, 265

/* clock_gettime64(clk, ts): struct __kernel_timespec */
	VFUNC32 __vdso_clock_gettime64
	ASK32 VDSO_SVC_CLOCK_GETTIME64
	mov 20(%esp), %eax
	mov %edx, (%eax)
	mov %ecx, 4(%eax)
	mov %esi, 8(%eax)
	movl $0, 12(%eax)
	xor %eax, %eax
	RET32
	VEND32 __vdso_clock_gettime64, 403

/* clock_getres(clk, res): res may be NULL */
	VFUNC32 __vdso_clock_getres
	ASK32 VDSO_SVC_CLOCK_GETRES
	mov 20(%esp), %eax
	test %eax, %eax
	jz 1f
	mov %edx, (%eax)
	mov %esi, 4(%eax)
1:	xor %eax, %eax
	RET32
	VEND32 __vdso_clock_getres, 266

/* gettimeofday(tv, tz): either may be NULL */
	VFUNC32 __vdso_gettimeofday
	ASK32 VDSO_SVC_GETTIMEOFDAY
	mov 16(%esp), %eax
	test %eax, %eax
	jz 1f
	mov %edx, (%eax)
	mov %esi, 4(%eax)
1:	mov 20(%esp), %eax
	test %eax, %eax
	jz 2f
	mov %edi, (%eax)
	mov %ebx, 4(%eax)
2:	xor %eax, %eax
	RET32
	VEND32 __vdso_gettimeofday, 78

/* time(t): t may be NULL */
	VFUNC32 __vdso_time
	ASK32 VDSO_SVC_TIME
	mov 16(%esp), %eax
	test %eax, %eax
	jz 1f
	mov %edx, (%eax)
1:	mov %edx, %eax
	RET32
	VEND32 __vdso_time, 13

/* getcpu(cpu, node, cache): either may be NULL; cache is unused */
	VFUNC32 __vdso_getcpu
	ASK32 VDSO_SVC_GETCPU
	mov 16(%esp), %eax
	test %eax, %eax
	jz 1f
	mov %edx, (%eax)
1:	mov 20(%esp), %eax
	test %eax, %eax
	jz 2f
	mov %esi, (%eax)
2:	xor %eax, %eax
	RET32
	VEND32 __vdso_getcpu, 318

	.section .note.GNU-stack, "", @progbits
