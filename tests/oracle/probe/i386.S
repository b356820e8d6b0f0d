/* i386.S — does this host run i386 programs?  A static i386 program that calls getpid
 * and exits with status 42 through int $0x80.  On a kernel without IA-32 emulation the
 * exec fails ("Exec format error"), and the tests that need i386 take their native
 * half from the oracle VM (tests/oracle/README.md). */
	.text
	.globl _start
_start:
	movl $20, %eax		/* getpid */
	int $0x80
	testl %eax, %eax
	jle 1f
	movl $1, %eax		/* exit(42) */
	movl $42, %ebx
	int $0x80
1:	movl $1, %eax		/* exit(1) */
	movl $1, %ebx
	int $0x80
