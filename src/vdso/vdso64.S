/* vdso64.S — the x86-64 vDSO emu maps into 64-bit guests
 * (AT_SYSINFO_EHDR).  The time functions answer in user space, as Linux's
 * do from its vvar page: when emu has set emu_vdso_fast (emu's default; not
 * with --vdso=syscall) they ask emu through the one instruction at
 * emu_vdso_service, which emu serves without a kernel entry (no pt_regs, no
 * table, nothing in --strace or --frames; src/kernel/vdso_time.c), and
 * store the answer themselves, so a bad pointer faults here as in Linux's
 * vDSO.  A clock Linux's vDSO does not serve (the CPU-time clocks, dynamic
 * clocks) and emu_vdso_fast clear take the kernel's fallback path: a syscall
 * instruction.  Each function has its unwind row (the kernel's vDSO is built
 * with -fasynchronous-unwind-tables). */
#include "vdso_service.h"

	.section .rodata
	.p2align 2
	.type emu_vdso_fast, @object
emu_vdso_fast:
	.long 0
	.size emu_vdso_fast, 4

	.text
/* eax: the service; in: edi; out: eax 0 (answered) or not, rdx, rcx, r8, r9. */
	.type emu_vdso_service, @function
	.p2align 4
emu_vdso_service:
	.cfi_startproc
	syscall
	ret
	.cfi_endproc
	.size emu_vdso_service, . - emu_vdso_service

.macro VFUNC name
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.cfi_startproc
.endm
.macro VEND name
	.cfi_endproc
	.size \name, . - \name
.endm
/* Ask emu for service svc, or go to label 9 (the system call). */
.macro ASK svc
	cmpl $0, emu_vdso_fast(%rip)
	je 9f
	mov $\svc, %eax
	call emu_vdso_service
	test %eax, %eax
	jnz 9f
.endm
.macro FALLBACK nr
9:	mov $\nr, %eax
	syscall
	ret
.endm

/* clock_gettime(clk, ts) */
	VFUNC __vdso_clock_gettime
	ASK VDSO_SVC_CLOCK_GETTIME
	mov %rdx, (%rsi)
	mov %rcx, 8(%rsi)
	ret
	FALLBACK 228
	VEND __vdso_clock_gettime

/* gettimeofday(tv, tz): either may be NULL */
	VFUNC __vdso_gettimeofday
	ASK VDSO_SVC_GETTIMEOFDAY
	test %rdi, %rdi
	jz 1f
	mov %rdx, (%rdi)
	mov %rcx, 8(%rdi)
1:	test %rsi, %rsi
	jz 2f
	mov %r8d, (%rsi)
	mov %r9d, 4(%rsi)
2:	ret
	FALLBACK 96
	VEND __vdso_gettimeofday

/* time(t): t may be NULL */
	VFUNC __vdso_time
	ASK VDSO_SVC_TIME
	mov %rdx, %rax
	test %rdi, %rdi
	jz 1f
	mov %rax, (%rdi)
1:	ret
	FALLBACK 201
	VEND __vdso_time

/* getcpu(cpu, node, cache): either may be NULL; cache is unused */
	VFUNC __vdso_getcpu
	ASK VDSO_SVC_GETCPU
	test %rdi, %rdi
	jz 1f
	mov %edx, (%rdi)
1:	test %rsi, %rsi
	jz 2f
	mov %ecx, (%rsi)
2:	ret
	FALLBACK 309
	VEND __vdso_getcpu

/* clock_getres(clk, res): res may be NULL */
	VFUNC __vdso_clock_getres
	ASK VDSO_SVC_CLOCK_GETRES
	test %rsi, %rsi
	jz 1f
	mov %rdx, (%rsi)
	mov %rcx, 8(%rsi)
1:	ret
	FALLBACK 229
	VEND __vdso_clock_getres

	.section .note.GNU-stack, "", @progbits
