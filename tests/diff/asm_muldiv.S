/* asm_muldiv.S — mul, imul (one, two and three operands), div, idiv in every width:
 * where each writes (ah:al, dx:ax, edx:eax zero-extended, rdx:rax), and CF/OF for the
 * multiplies (the only flags they define; div and idiv define none).
 * diff-skip-gcc32
 */
#include "asm_mac.inc"

	START asm_muldiv
	/* mul: CF = OF = (upper half != 0). */
	movabs $0x1111111111111180, %rax
	mov $2, %ebx
	T mulb %bl
	CHECK_REG %rax, 0x1111111111110100
	CHECK_FLAGS CF|OF, CF|OF
	movabs $0x222222222222ffff, %rax
	movabs $0x333333333333ffff, %rbx
	movabs $0x4444444444444444, %rdx
	T mulw %bx
	CHECK_REG %rax, 0x2222222222220001
	CHECK_REG %rdx, 0x444444444444fffe
	CHECK_FLAGS CF|OF, CF|OF
	movabs $0x55555555ffffffff, %rax
	mov $2, %ebx
	movabs $0x6666666666666666, %rdx
	T mull %ebx
	CHECK_REG %rax, 0xfffffffe
	CHECK_REG %rdx, 1
	CHECK_FLAGS CF|OF, CF|OF
	movabs $0x8000000000000000, %rax
	mov $2, %ebx
	T mulq %rbx
	CHECK_REG %rax, 0
	CHECK_REG %rdx, 1
	CHECK_FLAGS CF|OF, CF|OF
	mov $3, %eax
	mov $5, %ebx
	T mulq %rbx
	CHECK_REG %rax, 15
	CHECK_REG %rdx, 0
	CHECK_FLAGS CF|OF, 0
	/* imul one operand: CF = OF = (the product does not fit the low half). */
	mov $0x80, %eax
	mov $0xff, %ebx
	T imulb %bl
	CHECK_REG %rax, 0x0080
	CHECK_FLAGS CF|OF, CF|OF
	mov $-1, %rax
	mov $-1, %rbx
	T imulq %rbx
	CHECK_REG %rax, 1
	CHECK_REG %rdx, 0
	CHECK_FLAGS CF|OF, 0
	mov $-2, %eax
	mov $3, %ebx
	T imull %ebx
	CHECK_REG %rax, 0xfffffffa
	CHECK_REG %rdx, 0xffffffff
	CHECK_FLAGS CF|OF, 0
	/* imul two and three operands. */
	mov $3, %eax
	mov $-4, %rbx
	T imulq %rbx, %rax
	CHECK_REG %rax, 0xfffffffffffffff4
	CHECK_FLAGS CF|OF, 0
	movabs $0x4000000000000000, %rbx
	T imulq $2, %rbx, %rax
	CHECK_REG %rax, 0x8000000000000000
	CHECK_FLAGS CF|OF, CF|OF
	mov $0x7fff, %ebx
	movabs $0x1234567812345678, %rax
	T imulw $-1, %bx, %ax
	CHECK_REG %rax, 0x1234567812348001
	CHECK_FLAGS CF|OF, 0
	mov $100000, %ecx
	T imull $100000, %ecx, %eax
	CHECK_REG %rax, 0x540be400
	CHECK_FLAGS CF|OF, CF|OF
	/* div: quotient and remainder. */
	mov $0x0101, %eax
	mov $2, %ebx
	divb %bl
	CHECK_REG %rax, 0x0180
	mov $1, %edx
	xor %eax, %eax
	mov $2, %ebx
	divl %ebx
	CHECK_REG %rax, 0x80000000
	CHECK_REG %rdx, 0
	xor %edx, %edx
	mov $100, %eax
	mov $7, %ebx
	divq %rbx
	CHECK_REG %rax, 14
	CHECK_REG %rdx, 2
	mov $2, %edx
	mov $0, %eax
	mov $0x8000, %ebx
	divw %bx
	CHECK_REG %rax, 4
	CHECK_REG %rdx, 0
	mov $0xfffe, %edx
	mov $0xffff, %eax
	mov $0xffff, %ebx
	divw %bx
	CHECK_REG %rax, 0xffff
	CHECK_REG %rdx, 0xfffe
	/* idiv: truncates toward zero; the remainder takes the dividend's sign. */
	mov $-7, %eax
	cltd
	mov $2, %ebx
	idivl %ebx
	CHECK_REG %rax, 0xfffffffd
	CHECK_REG %rdx, 0xffffffff
	mov $-9, %rax
	cqto
	mov $4, %rbx
	idivq %rbx
	CHECK_REG %rax, 0xfffffffffffffffe
	CHECK_REG %rdx, 0xffffffffffffffff
	mov $9, %eax
	cqto
	mov $-4, %rbx
	idivq %rbx
	CHECK_REG %rax, 0xfffffffffffffffe
	CHECK_REG %rdx, 1
	mov $0xff81, %eax /* ax = -127 */
	mov $0xfe, %ebx   /* bl = -2 */
	idivb %bl
	CHECK_REG %rax, 0xff3f /* ah = -1, al = 63 */
	END
