/* vdso64.S — the x86-64 vDSO emu maps into 64-bit guests
 * (AT_SYSINFO_EHDR).  The time functions take the kernel's fallback path:
 * a syscall instruction.  Each has its unwind row (the kernel's vDSO is
 * built with -fasynchronous-unwind-tables). */
	.text
.macro VCALL name, nr
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.cfi_startproc
	mov $\nr, %eax
	syscall
	ret
	.cfi_endproc
	.size \name, . - \name
.endm

	VCALL __vdso_clock_gettime, 228
	VCALL __vdso_gettimeofday, 96
	VCALL __vdso_time, 201
	VCALL __vdso_getcpu, 309
	VCALL __vdso_clock_getres, 229

	.section .note.GNU-stack, "", @progbits
