/* entry64_int80.S — int $0x80 from 64-bit code: Linux serves it from the i386 table
 * (eax=4 is write, 20 is getpid) with the low 32 bits of ebx, ecx, edx, esi, edi, ebp as
 * the arguments, so garbage in the upper halves must not matter (the buffer lives in
 * .data of this non-PIE program, below 4 GiB), and every register but rax comes back
 * with its full 64-bit value (r8-r15 included), rflags too.  rax holds the 32-bit result
 * sign-extended.  Each call prints rax, the user flags, and a line per register that
 * changed; the exit status is the number of changed registers.
 * diff-skip-gcc32
 * diff-needs: compat
 */
#define FL_ALL 0x00240cd7 /* ID AC OF DF SF ZF AF PF CF */
#define FL_NONE 0x00000002
#define FL_CMP 0x00244dd5 /* the user flags but IF and TF */
#define RSP_PAT 0x0123456789abcdef

/* SETREGS: every register but rax, rbx, rcx, rdx to a pattern (rsp last). */
.macro SETREGS
	movabs $0xa1a2a3a4a5a6a7a8, %rsi
	movabs $0xb1b2b3b4b5b6b7b8, %rdi
	movabs $0xc1c2c3c4c5c6c7c8, %rbp
	movabs $0x0808080808080808, %r8
	movabs $0x0909090909090909, %r9
	movabs $0x1010101010101010, %r10
	movabs $0x1111111111111111, %r11
	movabs $0x1212121212121212, %r12
	movabs $0x1313131313131313, %r13
	movabs $0x1414141414141414, %r14
	movabs $0x1515151515151515, %r15
	mov %rsp, good_rsp(%rip)
	movabs $RSP_PAT, %rsp
.endm

/* SAVE area: all 16 registers to area (rax first, in encoding order). */
.macro SAVE area
	mov %rax, \area+0(%rip)
	mov %rcx, \area+8(%rip)
	mov %rdx, \area+16(%rip)
	mov %rbx, \area+24(%rip)
	mov %rsp, \area+32(%rip)
	mov %rbp, \area+40(%rip)
	mov %rsi, \area+48(%rip)
	mov %rdi, \area+56(%rip)
	mov %r8, \area+64(%rip)
	mov %r9, \area+72(%rip)
	mov %r10, \area+80(%rip)
	mov %r11, \area+88(%rip)
	mov %r12, \area+96(%rip)
	mov %r13, \area+104(%rip)
	mov %r14, \area+112(%rip)
	mov %r15, \area+120(%rip)
.endm

/* INT80 name, rax, rbx, rcx, rdx, flags, show: one int $0x80 with patterned registers;
 * show 1 prints rax in hex, 2 prints whether rax > 0 (a pid) and keeps it in pid80. */
.macro INT80 name, rax, rbx, rcx, rdx, fl, show
	.section .rodata
name\@:
	.ascii "\name"
name_end\@:
	.text
	lea name\@(%rip), %rax
	mov %rax, cur_name(%rip)
	movq $(name_end\@ - name\@), cur_len(%rip)
	movq $\show, show_ax(%rip)
	movq $\fl, exp_fl(%rip)
	push $\fl
	popfq
	movabs $\rax, %rax
	movabs $\rbx, %rbx
	movabs $\rcx, %rcx
	movabs $\rdx, %rdx
	SETREGS
	SAVE exp
	int $0x80
	SAVE out
	mov good_rsp(%rip), %rsp
	pushfq
	pop out_fl(%rip)
	push $FL_NONE
	popfq
	call report
.endm

.macro PUTS label, len
	lea \label(%rip), %rsi
	mov $\len, %edx
	call puts
.endm

	.text
	.globl _start
_start:
	and $-16, %rsp
	INT80 "write", 4, 0xdeadbeef00000001, (0xfeedface00000000 + wmsg), 0x1234567800000000 + (wmsg_end - wmsg), FL_ALL, 1
	INT80 "write none", 4, 0x0000000100000001, (0x0000000100000000 + wmsg), (wmsg_end - wmsg), FL_NONE, 1
	INT80 "write(-1)", 4, 0xffffffffffffffff, wmsg, 4, FL_ALL, 1
	INT80 "write bad", 4, 1, 0x10, 4, FL_ALL, 1
	INT80 "close(-1)", 6, 0x00000000ffffffff, 0x4444444444444444, 0x5555555555555555, FL_ALL, 1
	INT80 "close(-1) high", 0x7fffffff00000006, 0xaaaaaaaaffffffff, 0, 0, FL_NONE, 1
	INT80 "nr 1000", 1000, 1, 2, 3, FL_ALL, 1
	INT80 "nr 0xffffffff", 0xffffffff, 1, 2, 3, FL_ALL, 1
	INT80 "umask", 60, 0xffffffff00000012, 0, 0, FL_ALL, 1
	INT80 "umask again", 60, 0x3f, 0, 0, FL_ALL, 1
	INT80 "getpid", 20, 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, FL_ALL, 2
	/* getpid through syscall (39) must give what int $0x80 (20) gave. */
	mov $39, %eax
	syscall
	cmp pid80(%rip), %rax
	je 1f
	incq errors(%rip)
	PUTS pidne, (pidne_end - pidne)
	jmp 2f
1:	PUTS pideq, (pideq_end - pideq)
2:
	PUTS done, (done_end - done)
	mov errors(%rip), %rax
	call putdec
	mov $60, %eax
	mov errors(%rip), %rdi
	syscall
	hlt

/* report: the call's rax and flags, then each register that changed. */
report:
	mov cur_name(%rip), %rsi
	mov cur_len(%rip), %rdx
	call puts
	cmpq $2, show_ax(%rip)
	jne 1f
	mov out(%rip), %rax
	mov %rax, pid80(%rip)
	test %rax, %rax
	jle 1f
	PUTS raxpos, (raxpos_end - raxpos)
	jmp 2f
1:	PUTS raxis, (raxis_end - raxis)
	mov out(%rip), %rax
	mov $16, %ecx
	call puthex
2:	PUTS flis, (flis_end - flis)
	mov out_fl(%rip), %rax
	and $(FL_CMP | 0x200), %eax
	mov $8, %ecx
	call puthex
	PUTS nl, 1
	mov out_fl(%rip), %rax
	and $FL_CMP, %eax
	mov exp_fl(%rip), %rdx
	and $FL_CMP, %edx
	cmp %rdx, %rax
	je 1f
	incq errors(%rip)
	PUTS flch, (flch_end - flch)
1:	mov $1, %r12d /* rax is the result: start at rcx */
3:	lea exp(%rip), %rax
	mov (%rax,%r12,8), %rbx
	lea out(%rip), %rax
	cmp %rbx, (%rax,%r12,8)
	je 4f
	incq errors(%rip)
	PUTS chg, 2
	lea regnames(%rip), %rsi
	lea (%rsi,%r12,4), %rsi
	mov $4, %edx
	call puts
	PUTS chg2, (chg2_end - chg2)
	lea out(%rip), %rax
	mov (%rax,%r12,8), %rax
	mov $16, %ecx
	call puthex
	PUTS nl, 1
4:	inc %r12d
	cmp $16, %r12d
	jne 3b
	ret

/* puts: write(1, rsi, rdx) through syscall. */
puts:
	mov $1, %eax
	mov $1, %edi
	syscall
	ret

/* puthex: the low ecx hex digits of rax. */
puthex:
	lea hexbuf(%rip), %rdi
	add %rcx, %rdi
	mov %ecx, %edx
	lea hexdig(%rip), %r8
1:	dec %rdi
	mov %eax, %ebx
	and $15, %ebx
	movb (%r8,%rbx), %bl
	movb %bl, (%rdi)
	shr $4, %rax
	dec %ecx
	jnz 1b
	lea hexbuf(%rip), %rsi
	jmp puts

/* putdec: rax (< 100) in decimal and a newline. */
putdec:
	mov $10, %ecx
	xor %edx, %edx
	div %rcx
	add $'0', %al
	add $'0', %dl
	movb %al, hexbuf(%rip)
	movb %dl, hexbuf+1(%rip)
	movb $10, hexbuf+2(%rip)
	lea hexbuf(%rip), %rsi
	mov $3, %edx
	jmp puts

	.section .rodata
hexdig:	.ascii "0123456789abcdef"
regnames:
	.ascii "rax rcx rdx rbx rsp rbp rsi rdi r8  r9  r10 r11 r12 r13 r14 r15 "
nl:	.ascii "\n"
chg:	.ascii "  "
chg2:	.ascii "changed: "
chg2_end:
raxis:	.ascii " rax="
raxis_end:
raxpos:	.ascii " rax>0           "
raxpos_end:
flis:	.ascii " flags="
flis_end:
flch:	.ascii "  rflags changed\n"
flch_end:
pideq:	.ascii "getpid: int $0x80 (20) == syscall (39)\n"
pideq_end:
pidne:	.ascii "getpid: int $0x80 (20) != syscall (39)\n"
pidne_end:
done:	.ascii "registers changed: "
done_end:
	.data
wmsg:	.ascii "[written by int $0x80 from 64-bit code]\n"
wmsg_end:
	.bss
	.align 8
good_rsp:	.quad 0
cur_name:	.quad 0
cur_len:	.quad 0
show_ax:	.quad 0
errors:	.quad 0
pid80:	.quad 0
exp_fl:	.quad 0
out_fl:	.quad 0
exp:	.space 128
out:	.space 128
hexbuf:	.space 32
