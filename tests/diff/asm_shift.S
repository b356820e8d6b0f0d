/* asm_shift.S — shl, shr, sar, rol, ror, rcl, rcr, shld, shrd, bt*, bsf, bsr, bswap:
 * results and the flags the SDM defines for each count (count 0 changes no flags; OF
 * only for count 1; AF undefined for shifts; rotates touch only CF and OF).
 * diff-skip-gcc32
 */
#include "asm_mac.inc"

/* SH op, dst, a, count, fin, result, flags, mask: rax = a, cl = count. */
.macro SH op, dst, a, count, fin, res, fl, mask
	movabs $\a, %rax
	mov $\count, %ecx
	SETFLAGS \fin
	T \op %cl, \dst
	CHECK_REG %rax, \res
	CHECK_FLAGS \mask, \fl
.endm

	START asm_shift
	SH shlb, %al, 0x80, 1, 0, 0, CF|PF|ZF|OF, ALL & ~AF
	SH shrb, %al, 0x81, 1, 0, 0x40, CF|OF, ALL & ~AF
	SH sarb, %al, 0x81, 1, 0, 0xc0, CF|PF|SF, ALL & ~AF
	SH shlq, %rax, 1, 63, 0, 0x8000000000000000, PF|SF, CF|PF|ZF|SF
	SH shrq, %rax, 0x8000000000000000, 63, ALL, 1, 0, CF|PF|ZF|SF
	SH sarq, %rax, 0x8000000000000000, 63, 0, 0xffffffffffffffff, PF|SF, CF|PF|ZF|SF
	SH sarl, %eax, 0x80000000, 31, 0, 0xffffffff, PF|SF, CF|PF|ZF|SF
	SH shll, %eax, 0xffffffff, 4, 0, 0xfffffff0, CF|PF|SF, CF|PF|ZF|SF
	SH shrw, %ax, 0x12348001, 1, 0, 0x12344000, CF|PF|OF, ALL & ~AF
	SH shlw, %ax, 0x12340001, 16, 0, 0x12340000, PF|ZF, PF|ZF|SF
	/* Masked count 0: nothing changes, flags included. */
	SH shlq, %rax, 0x1234, 64, ALL, 0x1234, ALL, ALL
	SH shrb, %al, 0x80, 32, 0, 0x80, 0, ALL
	SH sarw, %ax, 0x8000, 0, CF|ZF, 0x8000, CF|ZF, ALL
	/* Rotates: CF and OF only, the rest stays as it was. */
	SH rolb, %al, 0x80, 1, 0, 0x01, CF|OF, ALL
	SH rorb, %al, 0x01, 1, 0, 0x80, CF|OF, ALL
	SH rolb, %al, 0x81, 1, PF|ZF|SF, 0x03, CF|PF|ZF|SF|OF, ALL
	SH rolw, %ax, 0x1234, 4, 0, 0x2341, CF, ALL & ~OF
	SH rorl, %eax, 0x12345678, 8, 0, 0x78123456, 0, ALL & ~OF
	SH rolq, %rax, 0x8000000000000001, 1, 0, 3, CF|OF, ALL
	SH rorq, %rax, 1, 1, 0, 0x8000000000000000, CF|OF, ALL
	SH rolb, %al, 0x81, 8, 0, 0x81, CF, ALL & ~OF
	/* rcl, rcr rotate through CF. */
	SH rclb, %al, 0x80, 1, CF, 0x01, CF|OF, ALL
	SH rcrb, %al, 0x01, 1, 0, 0x00, CF, ALL
	SH rclq, %rax, 0, 1, CF, 1, 0, ALL
	SH rcrw, %ax, 0, 1, CF, 0x8000, OF, ALL
	/* shld, shrd: bits come in from the second register. */
	movabs $0x123456789abcdef0, %rax
	movabs $0xf000000000000000, %rbx
	T shldq $4, %rbx, %rax
	CHECK_REG %rax, 0x23456789abcdef0f
	CHECK_FLAGS CF|PF|ZF|SF, CF|PF
	mov $0x12345678, %eax
	mov $0xabcd, %ebx
	T shrdl $8, %ebx, %eax
	CHECK_REG %rax, 0xcd123456
	CHECK_FLAGS CF|PF|ZF|SF, PF|SF
	/* bt family: CF is the bit; register bit offsets wrap at the operand width. */
	movabs $0x8000000000000000, %rax
	T btq $63, %rax
	CHECK_FLAGS CF, CF
	mov $64, %ecx
	T btsq %rcx, %rax
	CHECK_REG %rax, 0x8000000000000001
	CHECK_FLAGS CF, 0
	T btrq $63, %rax
	CHECK_REG %rax, 1
	CHECK_FLAGS CF, CF
	T btcl $31, %eax
	CHECK_REG %rax, 0x80000001
	CHECK_FLAGS CF, 0
	/* bt with a memory operand and a register offset addresses a bit string. */
	lea bits(%rip), %rsi
	mov $40, %ecx
	T btl %ecx, (%rsi)
	CHECK_FLAGS CF, CF
	mov $-1, %rcx
	T btq %rcx, 8(%rsi)
	CHECK_FLAGS CF, CF
	mov $72, %ecx
	T btsl %ecx, (%rsi)
	CHECK_FLAGS CF, 0
	CHECK_MEMQ 8(%rsi), 0x100
	/* bsf, bsr: ZF says whether the source was zero. */
	mov $0x10, %ebx
	T bsfq %rbx, %rax
	CHECK_REG %rax, 4
	CHECK_FLAGS ZF, 0
	movabs $0x8000000000000001, %rbx
	T bsrq %rbx, %rax
	CHECK_REG %rax, 63
	T bsfw %bx, %ax
	CHECK_REG %rax, 0
	xor %ebx, %ebx
	T bsrl %ebx, %eax
	CHECK_FLAGS ZF, ZF
	/* bswap */
	movabs $0x0102030405060708, %rax
	bswap %rax
	CHECK_REG %rax, 0x0807060504030201
	bswap %eax
	CHECK_REG %rax, 0x01020304
	END

	.data
	.balign 8
bits:
	.quad 0x8000010000000000
	.quad 0
