/* x87ptr.S — does this host's CPU keep the x87 instruction and operand
 * pointers as emu does (exec_x87.c, exec_fxsave.c)?  FNSTENV after FLDL
 * shows its FOP and the operand's address in FDP without any exception,
 * and FXSAVE without a pending exception writes FIP as 0: what AMD's
 * processors do.  Intel's keep FOP and FDP only for an instruction that
 * takes an unmasked exception (FDP_EXCPTN_ONLY, FOP compatibility mode
 * off) and FXSAVE writes FIP always.  Exits with status 42 when the host
 * behaves as emu; the differential tests then compare those fields, and
 * otherwise mask them (diff-x87ptr-mask:, tests/diff/README.md). */
	.text
	.code64
	.globl _start
_start:
	fninit
	fld1
	fldl val(%rip)			/* DD 05: FOP 0x505, FDP = &val */
	fnstenv env(%rip)
	movzwl env+18(%rip), %eax
	andl $0x7ff, %eax
	cmpl $0x505, %eax
	jne fail
	leaq val(%rip), %rax
	cmpl %eax, env+20(%rip)
	jne fail
	fninit
	fld1
	fxsave fx(%rip)
	cmpl $0, fx+8(%rip)		/* FIP without a pending exception */
	jne fail
	movl $60, %eax			/* exit(42) */
	movl $42, %edi
	syscall
fail:
	movl $60, %eax
	movl $1, %edi
	syscall

	.data
	.p2align 3
val:	.double 2.5
env:	.zero 28
	.p2align 6
fx:	.zero 512
	.section .note.GNU-stack,"",@progbits
