/* asm_divzero.S — div by zero raises #DE, which Linux delivers as SIGFPE: the program
 * must die of SIGFPE (status 136) under emu as it does natively, after its output.
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
	mov $1, %eax
	xor %edx, %edx
	xor %ecx, %ecx
	div %rcx
	/* not reached */
	mov $60, %eax
	mov $0, %edi
	syscall
	.section .rodata
msg:
	.ascii "dividing by zero\n"
msg_end:
