/* vdso32.S — the i386 vDSO emu maps into 32-bit guests (AT_SYSINFO_EHDR, and
 * AT_SYSINFO = __kernel_vsyscall).  Mirrors linux
 * arch/x86/entry/vdso/vdso32/system_call.S and sigreturn.S; the time
 * functions take the kernel's fallback path into the system call. */
	.text

	.globl __kernel_vsyscall
	.type __kernel_vsyscall, @function
	.p2align 4
__kernel_vsyscall:
	/* SYSENTER clobbers ecx and edx, and the kernel finds the sixth
	 * argument (ebp) on the stack, with esp passed in ebp. */
	push %ecx
	push %edx
	push %ebp
	mov %esp, %ebp
	sysenter
	/* A system call the kernel restarts re-enters through this int. */
	int $0x80
	.globl int80_landing_pad
int80_landing_pad:
	pop %ebp
	pop %edx
	pop %ecx
	ret
	.size __kernel_vsyscall, . - __kernel_vsyscall

	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
	.p2align 4
__kernel_sigreturn:
	pop %eax
	mov $119, %eax		/* __NR_sigreturn */
	int $0x80
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
	.p2align 4
__kernel_rt_sigreturn:
	mov $173, %eax		/* __NR_rt_sigreturn */
	int $0x80
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

/* A two-argument call: nr, args at 4(%esp) and 8(%esp) of the caller. */
.macro VCALL2 name, nr
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	push %ebx
	mov 8(%esp), %ebx
	mov 12(%esp), %ecx
	mov $\nr, %eax
	call __kernel_vsyscall
	pop %ebx
	ret
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
