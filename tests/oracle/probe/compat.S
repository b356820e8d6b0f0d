/* compat.S — does this host run compatibility-mode code in a 64-bit process?  A static,
 * non-PIE x86-64 program that calls getpid three ways (syscall; int $0x80 from 64-bit
 * code; int $0x80 from 32-bit code reached by a far call to CS 0x23, back by lret) and
 * exits with status 42 when all agree.  On a kernel without IA-32 emulation int $0x80
 * and the far call fault, the program dies, and the tests that need compatibility
 * mode take their native half from the oracle VM (tests/oracle/README.md). */
	.text
	.code64
	.globl _start
_start:
	leaq stack_top(%rip), %rsp	/* below 4 GiB: 32-bit code uses esp */
	movl $39, %eax			/* getpid through syscall */
	syscall
	movq %rax, %r12
	movl $20, %eax			/* getpid through int $0x80 from 64-bit code */
	int $0x80
	cmpq %rax, %r12
	jne fail
	xorl %ebx, %ebx
	lcall *farptr(%rip)		/* m16:32: to compat32 in CS 0x23 */
	cmpl %ebx, %r12d
	jne fail
	movl $60, %eax			/* exit(42) */
	movl $42, %edi
	syscall
fail:
	movl $60, %eax
	movl $1, %edi
	syscall

	.code32
compat32:
	movl $20, %eax			/* getpid through int $0x80 from 32-bit code */
	int $0x80
	movl %eax, %ebx
	lret				/* pops eip and cs (0x33) as 32-bit values */

	.data
farptr:	.long compat32
	.word 0x23

	.bss
	.balign 16
	.space 4096
stack_top:
