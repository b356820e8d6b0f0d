/* asm_alu.S — add, adc, sub, sbb, cmp, inc, dec, neg, not, and, or, xor, test in every
 * width: results (including what a narrow write does to the rest of the register) and
 * the architecturally defined flags.  Expectations are architectural facts; the native
 * run proves them (a mismatch is int3).
 * diff-skip-gcc32
 */
#include "asm_mac.inc"

/* ALU op, a, b, fin, result, flags, mask: rax = a, rbx = b, rflags = fin, run
 * "op src, dst" with the given register names, check rax and the flags. */
.macro ALU op, src, dst, a, b, fin, res, fl, mask=ALL
	movabs $\a, %rax
	movabs $\b, %rbx
	SETFLAGS \fin
	T \op \src, \dst
	CHECK_REG %rax, \res
	CHECK_REG %rbx, \b
	CHECK_FLAGS \mask, \fl
.endm

.macro UN op, dst, a, fin, res, fl, mask=ALL
	movabs $\a, %rax
	SETFLAGS \fin
	T \op \dst
	CHECK_REG %rax, \res
	CHECK_FLAGS \mask, \fl
.endm

	START asm_alu
	/* add: OF on signed overflow, AF on carry out of bit 3, PF on even low byte. */
	ALU addb, %bl, %al, 0x7f, 1, 0, 0x80, AF|SF|OF
	ALU addb, %bl, %al, 0xff, 1, 0, 0, CF|PF|AF|ZF
	ALU addw, %bx, %ax, 0x7fff, 1, 0, 0x8000, PF|AF|SF|OF
	ALU addl, %ebx, %eax, 0x12345678ffffffff, 1, 0, 0, CF|PF|AF|ZF
	ALU addq, %rbx, %rax, 0x7fffffffffffffff, 1, 0, 0x8000000000000000, PF|AF|SF|OF
	ALU addb, %bl, %al, 0x1122334455667788, 0x10, ALL, 0x1122334455667798, SF
	ALU addb, %bl, %ah, 0x1122334455667788, 0x10, 0, 0x1122334455668788, PF|SF|OF
	ALU addw, %bx, %ax, 0x1122334455667788, 0x8888, 0, 0x1122334455660010, CF|AF
	ALU addq, %rbx, %rax, 0xffffffffffffffff, 0xffffffffffffffff, 0, 0xfffffffffffffffe, CF|AF|SF
	/* adc and sbb use CF. */
	ALU adcb, %bl, %al, 0xff, 0, CF, 0, CF|PF|AF|ZF
	ALU adcb, %bl, %al, 0xff, 0, 0, 0xff, PF|SF
	ALU adcq, %rbx, %rax, 0x7fffffffffffffff, 0, CF, 0x8000000000000000, PF|AF|SF|OF
	ALU adcl, %ebx, %eax, 0xffffffff, 0xffffffff, CF, 0xffffffff, CF|PF|AF|SF
	ALU sbbl, %ebx, %eax, 0, 0, CF, 0xffffffff, CF|PF|AF|SF
	ALU sbbq, %rbx, %rax, 5, 2, CF, 2, 0
	ALU sbbw, %bx, %ax, 0xffff8000, 0, CF, 0xffff7fff, PF|AF|OF
	/* sub and cmp: CF is the borrow. */
	ALU subb, %bl, %al, 0x80, 1, 0, 0x7f, AF|OF
	ALU subl, %ebx, %eax, 0xffffffff00000000, 1, 0, 0xffffffff, CF|PF|AF|SF
	ALU subq, %rbx, %rax, 3, 3, ALL, 0, PF|ZF
	ALU subw, %bx, %ax, 0x7fff, 0xffff, 0, 0x8000, CF|PF|SF|OF
	ALU cmpq, %rbx, %rax, 0x8000000000000000, 0x8000000000000000, 0, 0x8000000000000000, PF|ZF
	ALU cmpq, %rbx, %rax, 1, 2, 0, 1, CF|PF|AF|SF
	ALU cmpl, %ebx, %eax, 0x80000000, 1, 0, 0x80000000, PF|AF|OF
	ALU cmpb, %bl, %al, 0x10, 0x20, 0, 0x10, CF|PF|SF
	/* Logic: CF and OF cleared, AF undefined. */
	ALU andl, %ebx, %eax, 0xffffffff0000f0f0, 0x0ff0, ALL, 0xf0, PF, ALL & ~AF
	ALU andq, %rbx, %rax, 0x8000000000000001, 0x8000000000000000, ALL, 0x8000000000000000, PF|SF, ALL & ~AF
	ALU orb, %bl, %al, 0x80, 0x01, ALL, 0x81, PF|SF, ALL & ~AF
	ALU orw, %bx, %ax, 0, 0, 0, 0, PF|ZF, ALL & ~AF
	ALU xorq, %rax, %rax, 0x123456789, 7, ALL, 0, PF|ZF, ALL & ~AF
	ALU xorl, %ebx, %eax, 0xffffffffffffffff, 0xffffffff, 0, 0, PF|ZF, ALL & ~AF
	ALU testw, %bx, %ax, 0x8000, 0x8000, 0, 0x8000, PF|SF, ALL & ~AF
	ALU testq, %rbx, %rax, 0xf0, 0x0f, ALL, 0xf0, PF|ZF, ALL & ~AF
	/* inc and dec leave CF alone. */
	UN incb, %al, 0xff, 0, 0, PF|AF|ZF
	UN incb, %al, 0xff, CF, 0, CF|PF|AF|ZF
	UN incw, %ax, 0x7fff, 0, 0x8000, PF|AF|SF|OF
	UN incl, %eax, 0xffffffff7fffffff, CF, 0x80000000, CF|PF|AF|SF|OF
	UN decq, %rax, 0, 0, 0xffffffffffffffff, PF|AF|SF
	UN decq, %rax, 0x8000000000000000, CF, 0x7fffffffffffffff, CF|PF|AF|OF
	UN decb, %al, 1, ALL, 0, CF|PF|ZF
	/* neg: CF = (source != 0); not: no flags. */
	UN negb, %al, 0x80, 0, 0x80, CF|SF|OF
	UN negq, %rax, 0, ALL, 0, PF|ZF
	UN negl, %eax, 1, 0, 0xffffffff, CF|PF|AF|SF
	UN negw, %ax, 0x1234, 0, 0xedcc, CF|PF|AF|SF
	UN notb, %al, 0x0f, ALL, 0xf0, ALL
	UN notl, %eax, 0xffffffff00000000, 0, 0xffffffff, 0
	UN notq, %rax, 0, 0, 0xffffffffffffffff, 0
	/* Immediate forms, sign-extended imm8 and imm32. */
	movabs $0x100000000, %rax
	T addq $-1, %rax
	CHECK_REG %rax, 0xffffffff
	CHECK_FLAGS ALL, CF|PF
	mov $0x7f, %ecx
	T addb $0x81, %cl
	CHECK_REG %rcx, 0
	CHECK_FLAGS ALL, CF|PF|AF|ZF
	mov $5, %edx
	T subl $0x7fffffff, %edx
	CHECK_REG %rdx, 0x80000006
	CHECK_FLAGS ALL, CF|PF|AF|SF
	/* Memory operands. */
	lea scratch(%rip), %rsi
	movq $0xffffffffffffffff, (%rsi)
	T incq (%rsi)
	CHECK_MEMQ (%rsi), 0
	CHECK_FLAGS ALL & ~CF, PF|AF|ZF
	movq $0x80, (%rsi)
	mov $0x80, %ebx
	T addb %bl, (%rsi)
	CHECK_MEMQ (%rsi), 0
	CHECK_FLAGS ALL, CF|PF|ZF|OF
	movq $3, (%rsi)
	mov $10, %eax
	T sub (%rsi), %eax
	CHECK_REG %rax, 7
	CHECK_FLAGS ALL, 0
	END

	.bss
	.balign 8
scratch:
	.space 16
