/* asm_idivovf.S — idiv of INT64_MIN by -1 overflows the quotient: #DE, so SIGFPE
 * (status 136), natively and under emu.
 * diff-skip-gcc32
 */
	.text
	.globl _start
_start:
	mov $1, %eax
	mov $1, %edi
	lea msg(%rip), %rsi
	mov $(msg_end - msg), %edx
	syscall
	movabs $0x8000000000000000, %rax
	cqto
	mov $-1, %rcx
	idiv %rcx
	mov $60, %eax
	mov $0, %edi
	syscall
	.section .rodata
msg:
	.ascii "INT64_MIN / -1\n"
msg_end:
