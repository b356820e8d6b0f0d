/* seg16.S — does this host run 16-bit code segments?  A static, non-PIE x86-64
 * program that installs a 16-bit code segment in the LDT (modify_ldt; a kernel
 * built without CONFIG_X86_16BIT refuses it), far-calls offset 0 of it, where
 * 16-bit code calls getpid through int $0x80 and far-returns, and exits with
 * status 42 when the pid matches the one from syscall.  The tests that run
 * 16-bit code take their native half from such a host only (the oracle VM's
 * kernel lacks CONFIG_X86_16BIT). */
	.text
	.code64
	.globl _start
_start:
	leaq stack_top(%rip), %rsp	/* below 4 GiB: the far call and lret use esp */
	movl $154, %eax			/* modify_ldt(1, &desc, 16) */
	movl $1, %edi
	leaq desc(%rip), %rsi
	movl $16, %edx
	syscall
	testq %rax, %rax
	jne fail
	movl $39, %eax			/* getpid through syscall */
	syscall
	movq %rax, %r12
	xorl %ebx, %ebx
	lcall *farptr(%rip)		/* m16:32: to code16, LDT entry 0 */
	cmpl %ebx, %r12d
	jne fail
	movl $60, %eax			/* exit(42) */
	movl $42, %edi
	syscall
fail:
	movl $60, %eax
	movl $1, %edi
	syscall

	.code16
code16:
	movl $20, %eax			/* getpid through int $0x80 from 16-bit code */
	int $0x80
	movl %eax, %ebx
	lretl				/* pops eip and cs (0x33) as 32-bit values */

	.data
farptr:	.long 0
	.word 0x7			/* LDT entry 0, RPL 3 */
desc:	.long 0				/* struct user_desc: entry 0 */
	.long code16			/* base */
	.long 0xffff			/* limit */
	.long 0x4			/* flags: contents 2 (code, bits 2:1), seg_32bit 0 */
	.bss
	.balign 16
	.space 4096
stack_top:
