/* entry32_int80_regs.S — the i386 int $0x80 gate from 32-bit code preserves every
 * register but eax.  Each call sets ebx..ebp, esp (to a garbage value: the kernel never
 * touches the user stack on int $0x80) and eflags (every flag user mode can set) to
 * known patterns, enters the kernel, and records what came back.  The program prints
 * eax, eflags and the segment selectors of each call, and a line per register that
 * changed; the exit status is the number of changed registers.
 * diff-asm32
 * diff-only: asm32
 */
#define ESI_PAT 0x5151a5a5
#define EDI_PAT 0xd1d1e1e1
#define EBP_PAT 0xb0b0c0c0
#define ESP_PAT 0x13579bdf
/* ID AC OF DF SF ZF AF PF CF and the always-one bit 1 */
#define FL_ALL 0x00240cd7
/* NT alone: iret must restore it too */
#define FL_NT 0x00004002
#define FL_NONE 0x00000002
/* The flags compared (IF is always 1 in user mode, RF is the CPU's business). */
#define FL_MASK 0x00244fd5
#define FL_CMP (FL_MASK & ~0x200)

/* CALL32 name, nr, ebx, ecx, edx, flags, show: one system call with patterned
 * registers; show is 1 to print eax in hex, 2 to print only whether eax > 0 (a pid). */
.macro CALL32 name, nr, b, c, d, fl, show
	.section .rodata
name\@:
	.ascii "\name"
name_end\@:
	.text
	movl $name\@, cur_name
	movl $(name_end\@ - name\@), cur_len
	movl $\b, exp_ebx
	movl $\c, exp_ecx
	movl $\d, exp_edx
	movl $\fl, exp_fl
	movl $\show, show_ax
	push $\fl
	popf
	mov $\nr, %eax
	mov $\b, %ebx
	mov $\c, %ecx
	mov $\d, %edx
	mov $ESI_PAT, %esi
	mov $EDI_PAT, %edi
	mov $EBP_PAT, %ebp
	mov %esp, good_esp
	mov $ESP_PAT, %esp
	int $0x80
	mov %esp, out_esp
	mov good_esp, %esp
	pushf
	popl out_fl
	mov %eax, out_eax
	mov %ebx, out_ebx
	mov %ecx, out_ecx
	mov %edx, out_edx
	mov %esi, out_esi
	mov %edi, out_edi
	mov %ebp, out_ebp
	movw %cs, out_cs
	movw %ss, out_ss
	movw %ds, out_ds
	movw %es, out_es
	movw %fs, out_fs
	movw %gs, out_gs
	push $FL_NONE
	popf
	call report
.endm

/* PUTS label, len: write a string. */
.macro PUTS label, len
	mov $\label, %esi
	mov $\len, %edx
	call puts
.endm

/* CHECKREG reg: a line and a count when out_reg != exp_reg. */
.macro CHECKREG reg
	.section .rodata
rn\@:
	.ascii "  \reg changed: "
rn_end\@:
	.text
	mov out_\reg, %eax
	cmp exp_\reg, %eax
	je 1f
	incl errors
	PUTS rn\@, (rn_end\@ - rn\@)
	mov out_\reg, %eax
	mov $8, %ecx
	call puthex
	PUTS nl, 1
1:
.endm

/* SHOWSEG reg: " reg=XXXX" */
.macro SHOWSEG reg
	.section .rodata
sn\@:
	.ascii " \reg="
	.text
	PUTS sn\@, 4
	movzwl out_\reg, %eax
	mov $4, %ecx
	call puthex
.endm

	.text
	.globl _start
_start:
	movl $ESI_PAT, exp_esi
	movl $EDI_PAT, exp_edi
	movl $EBP_PAT, exp_ebp
	movl $ESP_PAT, exp_esp

	CALL32 "getpid", 20, 0x11111111, 0x22222222, 0x33333333, FL_ALL, 2
	CALL32 "getpid NT", 20, 0xffffffff, 0x80000000, 0x7fffffff, FL_NT, 2
	CALL32 "getpid none", 20, 0, 0, 0, FL_NONE, 2
	CALL32 "close(-1)", 6, 0xffffffff, 0x44444444, 0x55555555, FL_ALL, 1
	CALL32 "close(-1) none", 6, 0xffffffff, 0, 0, FL_NONE, 1
	CALL32 "write(1)", 4, 1, wmsg, (wmsg_end - wmsg), FL_ALL, 1
	CALL32 "write(-1)", 4, 0xffffffff, wmsg, (wmsg_end - wmsg), FL_NT, 1
	CALL32 "write(1, 1)", 4, 1, 1, 4, FL_ALL, 1
	CALL32 "getppid", 64, 0xa5a5a5a5, 0x5a5a5a5a, 0x12345678, FL_ALL, 2
	CALL32 "nr 1000", 1000, 0x11111111, 0x22222222, 0x33333333, FL_ALL, 1
	CALL32 "nr -1", 0xffffffff, 0x11111111, 0x22222222, 0x33333333, FL_ALL, 1
	CALL32 "nr 0x80000014", 0x80000014, 0x11111111, 0x22222222, 0x33333333, FL_NT, 1
	CALL32 "umask", 60, 022, 0x66666666, 0x77777777, FL_ALL, 1
	CALL32 "umask again", 60, 077, 0, 0, FL_NONE, 1

	PUTS done, (done_end - done)
	mov errors, %eax
	call puthex_dec
	mov $1, %eax
	mov errors, %ebx
	int $0x80
	hlt

/* report: print the call's eax, eflags and selectors, then the changed registers. */
report:
	mov cur_name, %esi
	mov cur_len, %edx
	call puts
	cmpl $2, show_ax
	je 2f
	PUTS eaxis, 5
	mov out_eax, %eax
	mov $8, %ecx
	call puthex
	jmp 3f
2:	cmpl $0, out_eax
	jle 4f
	PUTS eaxpos, 8
	jmp 3f
4:	PUTS eaxneg, 8
	mov out_eax, %eax
	mov $8, %ecx
	call puthex
3:	PUTS flis, 7
	mov out_fl, %eax
	and $FL_MASK, %eax
	mov $8, %ecx
	call puthex
	SHOWSEG cs
	SHOWSEG ss
	SHOWSEG ds
	SHOWSEG es
	SHOWSEG fs
	SHOWSEG gs
	PUTS nl, 1
	/* eflags: the user bits, and IF, must come back as they went in. */
	mov out_fl, %eax
	and $FL_CMP, %eax
	mov exp_fl, %edx
	and $FL_CMP, %edx
	cmp %edx, %eax
	je 1f
	incl errors
	PUTS flch, (flch_end - flch)
1:	testl $0x200, out_fl
	jnz 1f
	incl errors
	PUTS ifch, (ifch_end - ifch)
1:
	CHECKREG ebx
	CHECKREG ecx
	CHECKREG edx
	CHECKREG esi
	CHECKREG edi
	CHECKREG ebp
	CHECKREG esp
	ret

/* puts: write(1, esi, edx). */
puts:
	push %ebx
	mov $4, %eax
	mov $1, %ebx
	mov %esi, %ecx
	int $0x80
	pop %ebx
	ret

/* puthex: print the low ecx hex digits of eax. */
puthex:
	mov $hexbuf, %edi
	add %ecx, %edi
	mov %ecx, %edx
1:	dec %edi
	mov %eax, %ebx
	and $15, %ebx
	movb hexdig(%ebx), %bl
	movb %bl, (%edi)
	shr $4, %eax
	dec %ecx
	jnz 1b
	mov $hexbuf, %esi
	jmp puts

/* puthex_dec: print eax (< 100) in decimal and a newline. */
puthex_dec:
	mov $10, %ecx
	xor %edx, %edx
	div %ecx
	add $'0', %al
	add $'0', %dl
	movb %al, hexbuf
	movb %dl, hexbuf + 1
	movb $10, hexbuf + 2
	mov $hexbuf, %esi
	mov $3, %edx
	jmp puts

	.section .rodata
hexdig:	.ascii "0123456789abcdef"
nl:	.ascii "\n"
eaxis:	.ascii " eax="
eaxpos:	.ascii " eax>0  "
eaxneg:	.ascii " eax<=0 "
flis:	.ascii " flags="
flch:	.ascii "  eflags changed\n"
flch_end:
ifch:	.ascii "  IF is clear\n"
ifch_end:
done:	.ascii "registers changed: "
done_end:
	.data
wmsg:	.ascii "[written by int $0x80]\n"
wmsg_end:
	.bss
	.align 4
good_esp:	.long 0
cur_name:	.long 0
cur_len:	.long 0
show_ax:	.long 0
errors:	.long 0
exp_fl:	.long 0
exp_ebx:	.long 0
exp_ecx:	.long 0
exp_edx:	.long 0
exp_esi:	.long 0
exp_edi:	.long 0
exp_ebp:	.long 0
exp_esp:	.long 0
out_fl:	.long 0
out_eax:	.long 0
out_ebx:	.long 0
out_ecx:	.long 0
out_edx:	.long 0
out_esi:	.long 0
out_edi:	.long 0
out_ebp:	.long 0
out_esp:	.long 0
out_cs:	.word 0
out_ss:	.word 0
out_ds:	.word 0
out_es:	.word 0
out_fs:	.word 0
out_gs:	.word 0
hexbuf:	.space 16
